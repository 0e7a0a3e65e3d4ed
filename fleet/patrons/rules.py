"""Deny rules: whether a directory's facts about a card allow a PC log-in, and why not.

The same rules apply to every directory, so a library that moves from the local directory
to SIP2 keeps its policy. Configured through settings (``FLEET_PATRON_DENY_FLAGS``,
``FLEET_PATRON_FEE_LIMIT_CENTS``, ``FLEET_PATRON_MIN_AGE``, ``FLEET_PATRON_CHILD_UNDER``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fleet.patrons.directory import PatronFlag, PatronRecord
from fleet.protocol.sessions import LoginRefusal, PatronCategory

#: Flags that stop a PC log-in by default: a card reported lost is not its owner at the PC.
DEFAULT_DENY_FLAGS = frozenset({PatronFlag.CARD_LOST})


@dataclass(frozen=True)
class DenyRules:
    """What stops a log-in. ``fee_limit_cents`` None: fees never do; ``min_age`` None: any age."""

    deny_flags: frozenset[str] = field(default_factory=lambda: DEFAULT_DENY_FLAGS)
    fee_limit_cents: int | None = None
    min_age: int | None = None
    #: Patrons younger than this (by birth date) count as children.
    child_under: int = 15


def age_on(birth_date: dt.date, today: dt.date) -> int:
    """Whole years; someone born on 29 February has a birthday on 1 March in other years."""
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def refusal(
    record: PatronRecord, rules: DenyRules, today: dt.date, *, pin_checked: bool = True
) -> LoginRefusal | None:
    """The first reason this card may not log in, or None. Checked in a fixed order:
    unknown card, wrong PIN (so nothing about a card leaks without its PIN), expiry,
    blocking flags, fees, age."""
    if not record.known:
        return LoginRefusal.CARD_UNKNOWN
    if pin_checked and not record.pin_ok:
        return LoginRefusal.PIN_WRONG
    if record.card_expired:
        return LoginRefusal.CARD_EXPIRED
    if record.flags & rules.deny_flags:
        return LoginRefusal.CARD_BLOCKED
    if rules.fee_limit_cents is not None and record.fees_cents > rules.fee_limit_cents:
        return LoginRefusal.FEES_OVER_LIMIT
    if (
        rules.min_age is not None
        and record.birth_date is not None
        and age_on(record.birth_date, today) < rules.min_age
    ):
        return LoginRefusal.TOO_YOUNG
    return None


def category_of(record: PatronRecord, rules: DenyRules, today: dt.date) -> PatronCategory:
    """Child or adult: from the birth date when the directory sends one, else as it says."""
    if record.birth_date is not None:
        if age_on(record.birth_date, today) < rules.child_under:
            return PatronCategory.CHILD
        return PatronCategory.ADULT
    return record.category
