"""The base of every wire message: strict, frozen pydantic models, read leniently by kiosks.

Compatibility rule (docs/decisions/0013-kiosks-tolerate-newer-fleets.md): the fleet refuses
unknown fields in everything it receives (kiosk requests, admin API bodies), so a typo or a
client too new for it is a clear 422. A kiosk reads the fleet's replies with
:func:`read_fleet_reply`, which ignores fields it does not know, so a fleet upgraded first may
add fields to its replies (and command types, see ``Command.type``) without stopping the
check-ins of kiosks that are not upgraded yet. Upgrade the fleet before the kiosks.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict


class WireMessage(BaseModel):
    """Base for every wire message: unknown fields are refused, values are validated.

    One set of models serves both directions (``Policy`` is in the kiosk's config and in an
    admin's profile body), so the tolerance of replies is chosen where they are read, not here.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


_Message = TypeVar("_Message", bound=BaseModel)


def read_fleet_reply(model: type[_Message], data: str | bytes | bytearray) -> _Message:
    """Parse a reply from the fleet (JSON), ignoring fields this version does not know.

    Applies to every nested model too. Raises ``ValidationError`` for what it does know and
    cannot accept (a missing field, a wrong type, an unknown value of a closed enum).
    """
    return model.model_validate_json(data, extra="ignore")


def read_fleet_object(model: type[_Message], data: Any) -> _Message:
    """:func:`read_fleet_reply` for JSON already decoded (a stored config, an error body)."""
    return model.model_validate(data, extra="ignore")


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
