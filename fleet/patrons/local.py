"""The ``local`` patron directory: patrons kept in the fleet's own database (PINs argon2-hashed).

The embedded default for a library without a SIP2-speaking library system, and the demo's
directory. Blocking work (the database, argon2) runs on a worker thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

from pydantic import ValidationError
from sqlmodel import Session, select

from fleet.auth.passwords import Passwords
from fleet.db import Clock, utcnow
from fleet.patrons.directory import PatronFlag, PatronRecord
from fleet.patrons.models import Patron
from fleet.protocol.sessions import Hold, Loan, PatronAccount, PatronCategory


class LocalDirectory:
    """A :class:`~fleet.patrons.directory.PatronDirectory` over the ``patron`` table."""

    name = "local"

    def __init__(
        self,
        sessions: Callable[[], Session],
        passwords: Passwords,
        *,
        clock: Clock = utcnow,
        timezone: dt.tzinfo | None = None,
    ) -> None:
        self._sessions = sessions
        self._passwords = passwords
        self._clock = clock
        self._timezone = timezone

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def authenticate(self, card_number: str, pin: str) -> PatronRecord:
        return await asyncio.to_thread(self._record, card_number, pin)

    async def lookup(self, card_number: str) -> PatronRecord:
        return await asyncio.to_thread(self._record, card_number, None)

    async def account(self, card_number: str) -> PatronAccount:
        return await asyncio.to_thread(self._account, card_number)

    def _find(self, card_number: str) -> Patron | None:
        with self._sessions() as session:
            return session.exec(select(Patron).where(Patron.barcode == card_number)).first()

    def _record(self, card_number: str, pin: str | None) -> PatronRecord:
        patron = self._find(card_number)
        if patron is None:
            if pin is not None:
                # Spend the same time as a real check: timing must not reveal which cards exist.
                self._passwords.verify(None, pin)
            return PatronRecord(card_number=card_number, known=False, pin_ok=False)
        pin_ok = None if pin is None else self._passwords.verify(patron.pin_hash, pin)
        today = self._clock().astimezone(self._timezone).date()
        return PatronRecord(
            card_number=card_number,
            known=True,
            pin_ok=pin_ok,
            first_name=patron.first_name or None,
            category=PatronCategory(patron.category),
            language=patron.language,
            birth_date=patron.birth_date,
            card_expired=patron.expires_on is not None and patron.expires_on < today,
            flags=frozenset({PatronFlag.CARD_LOST}) if patron.blocked else frozenset(),
            fees_cents=patron.fees_cents,
        )

    def _account(self, card_number: str) -> PatronAccount:
        patron = self._find(card_number)
        if patron is None:
            return PatronAccount()
        try:
            return PatronAccount(
                loans=[Loan.model_validate(item) for item in patron.loans],
                holds=[Hold.model_validate(item) for item in patron.holds],
                fees_cents=patron.fees_cents,
            )
        except ValidationError:
            # Demo data edited by hand into something unreadable: show fees, not an error.
            return PatronAccount(fees_cents=patron.fees_cents)


def add_patron(
    session: Session,
    passwords: Passwords,
    *,
    barcode: str,
    pin: str,
    first_name: str = "",
    category: PatronCategory = PatronCategory.ADULT,
    language: str | None = None,
    birth_date: dt.date | None = None,
    expires_on: dt.date | None = None,
    blocked: bool = False,
    fees_cents: int = 0,
    loans: list[Loan] | None = None,
    holds: list[Hold] | None = None,
) -> Patron:
    """Add a patron to the local directory (demo data, tests, small libraries)."""
    patron = Patron(
        barcode=barcode,
        pin_hash=passwords.hash(pin),
        first_name=first_name,
        category=category.value,
        language=language,
        birth_date=birth_date,
        expires_on=expires_on,
        blocked=blocked,
        fees_cents=fees_cents,
        loans=[loan.model_dump(mode="json") for loan in loans or []],
        holds=[hold.model_dump(mode="json") for hold in holds or []],
    )
    session.add(patron)
    session.flush()
    return patron
