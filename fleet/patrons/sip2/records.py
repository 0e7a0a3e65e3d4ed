"""From SIP2 replies (64 Patron Information, 18 Item Information) to the fleet's records.

Fields that decide a log-in (valid patron, valid PIN, patron status, fees, birth and
expiry dates) are read strictly: a value we cannot read raises ``bad_reply`` rather than
let a card in or keep it out by guesswork. Fields that are only shown (names, titles,
due dates, languages) are read leniently: an odd value becomes None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from fleet.patrons.directory import PatronFlag, PatronRecord
from fleet.patrons.sip2.messages import Reply, Sip2Error

#: SIP2 2.00 language codes (spec appendix) of the languages the kiosk speaks.
LANGUAGES = {"001": "en", "024": "en", "006": "sv", "007": "fi"}

_ISO_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_AMOUNT = re.compile(r"^([-+]?)(\d+(?:[.,]\d+)?)$")
#: Circulation status 08: waiting on hold shelf (the hold is ready to collect).
_ON_HOLD_SHELF = "08"


def parse_date(value: str) -> dt.date | None:
    """``YYYYMMDD`` (alone or as the start of an 18-character SIP2 date), ``YYYY-MM-DD``
    or ``D.M.YYYY``. Blank or all-zero is None; anything else raises ValueError."""
    text = value.strip()
    if not text or set(text) <= {"0", " ", "-", "."}:
        return None
    match = _ISO_DATE.match(text)
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    dotted = _DOTTED_DATE.match(text)
    if dotted is not None:
        day, month, year = (int(part) for part in dotted.groups())
        return dt.date(year, month, day)
    raise ValueError("not a date")


def _lenient_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def _strict_date(reply: Reply, field_id: str) -> dt.date | None:
    value = reply.first(field_id)
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise Sip2Error("bad_reply", f"64: {field_id} is not a date") from None


def cents(value: str) -> int:
    """A SIP2 fee amount (``12.50``, ``12,5``, ``-3.00``) in cents; a credit counts as 0.
    Raises ValueError for anything else."""
    match = _AMOUNT.match(value.strip())
    if match is None:
        raise ValueError("not an amount")
    try:
        amount = Decimal(match.group(2).replace(",", "."))
    except InvalidOperation:
        raise ValueError("not an amount") from None
    if match.group(1) == "-":
        return 0
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def first_name(personal_name: str | None) -> str | None:
    """The given name to greet with: ``Virtanen, Aino Maria`` and ``Aino Maria Virtanen``
    both give ``Aino``. A name without a comma is read as given names first (the SIP2
    convention for "First Last"); an empty name is None."""
    if personal_name is None:
        return None
    name = " ".join(personal_name.split())
    if "," in name:
        name = name.partition(",")[2].strip()
    if not name:
        return None
    return name.split(" ")[0][:64]


def _yes_no(reply: Reply, field_id: str) -> bool | None:
    value = reply.first(field_id)
    if value is None:
        return None
    value = value.strip().upper()
    if value not in ("Y", "N"):
        raise Sip2Error("bad_reply", f"64: {field_id} is not Y or N")
    return value == "Y"


def flags(patron_status: str) -> frozenset[str]:
    """The :class:`PatronFlag` names set (``Y``) in the 14-character patron status."""
    if len(patron_status) != len(PatronFlag.SIP2_ORDER):
        raise Sip2Error("bad_reply", "64: patron status is not 14 characters")
    if not set(patron_status) <= {"Y", "N", " "}:
        raise Sip2Error("bad_reply", "64: patron status has characters other than Y, N, blank")
    return frozenset(
        name for name, flag in zip(PatronFlag.SIP2_ORDER, patron_status, strict=True) if flag == "Y"
    )


def fees_cents(reply: Reply) -> int:
    """BV, the patron's outstanding fines and fees, in cents (0 when absent)."""
    value = reply.first("BV")
    if value is None or not value.strip():
        return 0
    try:
        return cents(value)
    except ValueError:
        raise Sip2Error("bad_reply", "64: BV fee amount is not a number") from None


def currency(reply: Reply, default: str = "EUR") -> str:
    """BH, the ISO 4217 currency of the fee amount."""
    value = (reply.first("BH") or "").strip().upper()
    return value if re.fullmatch(r"[A-Z]{3}", value) else default


@dataclass(frozen=True)
class Counts:
    """The six item counts of a 64 reply; None where the ACS left the count blank."""

    holds: int | None
    overdue: int | None
    charged: int | None
    fines: int | None
    recalls: int | None
    unavailable_holds: int | None

    @classmethod
    def from_reply(cls, reply: Reply) -> Counts:
        raw = reply.fixed[35:59]
        values = [raw[i : i + 4].strip() for i in range(0, 24, 4)]
        numbers = [int(value) if value.isdigit() else None for value in values]
        return cls(*numbers)


def patron_record(
    reply: Reply,
    card_number: str,
    *,
    pin_sent: bool,
    today: dt.date,
    birth_date_field: str = "PB",
    expiry_field: str = "PA",
) -> PatronRecord:
    """The fleet's view of a 64 reply.

    ``known``: BL (valid patron); an ACS without BL (SIP 1) is taken at its personal
    name. ``pin_ok``: CQ when a PIN was sent, and False when CQ is missing then (never
    let a card in on a PIN nobody checked); None for a lookup. An unknown card yields
    nothing else.
    """
    valid = _yes_no(reply, "BL")
    known = valid if valid is not None else bool((reply.first("AE") or "").strip())
    pin_ok: bool | None = None
    if pin_sent:
        pin_ok = bool(_yes_no(reply, "CQ"))
    if not known:
        return PatronRecord(
            card_number=card_number, known=False, pin_ok=False if pin_sent else None
        )
    expiry = _strict_date(reply, expiry_field)
    return PatronRecord(
        card_number=card_number,
        known=True,
        pin_ok=pin_ok,
        first_name=first_name(reply.first("AE")),
        language=LANGUAGES.get(reply.fixed[14:17]),
        birth_date=_strict_date(reply, birth_date_field),
        card_expired=expiry is not None and expiry < today,
        flags=flags(reply.fixed[:14]),
        fees_cents=fees_cents(reply),
    )


@dataclass(frozen=True)
class ItemDetails:
    """What an 18 Item Information reply says about one loan or hold."""

    title: str | None
    due: dt.date | None
    on_hold_shelf: bool
    pickup_location: str | None
    pickup_by: dt.date | None


def item_details(reply: Reply) -> ItemDetails:
    """Title (AJ), due date (AH), hold pickup date (CM) and the pickup place: BS (pickup
    location), CT (destination, sent by Evergreen and Koha), or AP (current location)
    when the item sits on the hold shelf."""
    on_shelf = reply.fixed[:2] == _ON_HOLD_SHELF
    place = reply.first("BS") or reply.first("CT") or (reply.first("AP") if on_shelf else None)
    title = (reply.first("AJ") or "").strip()
    return ItemDetails(
        title=title[:300] or None,
        due=_lenient_date(reply.first("AH")),
        on_hold_shelf=on_shelf,
        pickup_location=(place.strip()[:100] or None) if place else None,
        pickup_by=_lenient_date(reply.first("CM")),
    )
