"""The base of every wire message: strict, frozen pydantic models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


class WireMessage(BaseModel):
    """Base for every wire message: unknown fields are refused, values are validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)


#: The years a timestamp from a kiosk or a client may name. Far wider than any real use, and
#: narrow enough that arithmetic on it (a UTC conversion, adding minutes) cannot overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2099


def _sensible_time(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("the time must carry a time zone")
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("the time is out of range") from None
    if not FIRST_YEAR <= utc.year <= LAST_YEAR:
        raise ValueError(f"the time must be between {FIRST_YEAR} and {LAST_YEAR}")
    return utc


#: An aware moment in a sensible range, normalised to UTC: use it for every time a client sends.
Timestamp = Annotated[dt.datetime, AfterValidator(_sensible_time)]
