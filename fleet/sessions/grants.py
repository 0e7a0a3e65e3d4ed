"""How long a visitor may stay: the pure arithmetic behind a grant and an extension.

Every limit is a number of minutes from now; the grant is the smallest, and the limit that
binds names the refusal when nothing is left. Kept free of the database so each rule is
tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fleet.protocol.sessions import LoginRefusal

#: Fewer minutes than this before closing or a reservation is not worth a log-in.
MIN_USEFUL_MINUTES = 5


class GrantRefusedError(Exception):
    """No time can be granted; ``code`` says which limit is spent."""

    def __init__(self, code: LoginRefusal, details: dict[str, object] | None = None) -> None:
        super().__init__(code.value)
        self.code = code
        self.details = details or {}


@dataclass(frozen=True)
class Limits:
    """Minutes from now until each limit; None means the limit does not apply."""

    session: int
    #: Daily allowance left across all PCs (None for guest passes).
    daily_left: int | None
    #: Until closing time (None: closed now).
    until_closing: float | None
    #: Until someone else's reservation of this PC starts (None: none coming).
    until_reservation: float | None
    #: Minutes left on a guest pass (None: not a guest pass).
    pass_left: int | None = None


def minutes_between(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 60


def grant(limits: Limits) -> int:
    """Whole minutes to grant now, or :class:`GrantRefusedError` naming the binding limit."""
    if limits.until_closing is None:
        raise GrantRefusedError(LoginRefusal.LIBRARY_CLOSED)
    if limits.daily_left is not None and limits.daily_left < 1:
        raise GrantRefusedError(LoginRefusal.DAILY_LIMIT_REACHED)
    if limits.pass_left is not None and limits.pass_left < 1:
        raise GrantRefusedError(LoginRefusal.GUEST_PASS_USED_UP)
    if limits.until_closing < MIN_USEFUL_MINUTES:
        raise GrantRefusedError(LoginRefusal.LIBRARY_CLOSED)
    if limits.until_reservation is not None and limits.until_reservation < MIN_USEFUL_MINUTES:
        raise GrantRefusedError(LoginRefusal.PC_RESERVED)
    candidates = [float(limits.session), limits.until_closing]
    for optional in (limits.daily_left, limits.until_reservation, limits.pass_left):
        if optional is not None:
            candidates.append(float(optional))
    return max(1, int(min(candidates)))


def extension(
    *,
    step: int,
    extensions_so_far: int,
    max_extensions: int,
    daily_left_after_current: int | None,
    until_closing_after_current: float | None,
    reservation_overlaps: bool,
    pass_left_after_current: int | None = None,
) -> int:
    """Minutes to add at the current end, or :class:`GrantRefusedError`.

    The ``*_after_current`` values are measured from the session's current end: what is
    left once the time already granted has run out.
    """
    if step < 1 or extensions_so_far >= max_extensions:
        raise GrantRefusedError(LoginRefusal.EXTENSION_NOT_ALLOWED)
    if reservation_overlaps:
        raise GrantRefusedError(LoginRefusal.PC_RESERVED)
    if until_closing_after_current is None or until_closing_after_current < 1:
        raise GrantRefusedError(LoginRefusal.LIBRARY_CLOSED)
    if daily_left_after_current is not None and daily_left_after_current < 1:
        raise GrantRefusedError(LoginRefusal.DAILY_LIMIT_REACHED)
    if pass_left_after_current is not None and pass_left_after_current < 1:
        raise GrantRefusedError(LoginRefusal.GUEST_PASS_USED_UP)
    candidates = [float(step), until_closing_after_current]
    for optional in (daily_left_after_current, pass_left_after_current):
        if optional is not None:
            candidates.append(float(optional))
    return max(1, int(min(candidates)))
