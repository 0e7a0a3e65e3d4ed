"""``Sip2Directory``: the patron directory answered by the library system over SIP2 2.00.

A log-in is one 63 Patron Information (with the PIN as AD) on a pooled, logged-in
connection; ``account()`` adds one 63 per item list and a 17 Item Information per item.
Card numbers, PINs and names are never logged and never put into an exception.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import replace

from fleet.patrons.directory import DirectoryUnavailableError, PatronRecord
from fleet.patrons.sip2 import messages, records
from fleet.patrons.sip2.config import Sip2Config
from fleet.patrons.sip2.connection import AcsStatus, Sip2Pool
from fleet.patrons.sip2.messages import Reply, Request, Sip2Error
from fleet.protocol.sessions import Hold, Loan, PatronAccount

log = logging.getLogger("fleet.patrons.sip2")

#: ``PatronAccount`` holds at most this many loans and this many holds.
_MAX_LIST = 500


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


class Sip2Directory:
    """A :class:`~fleet.patrons.directory.PatronDirectory` over SIP2 (see
    :mod:`fleet.patrons.sip2.connection` for time-outs, retries and reconnects).

    ``today`` and ``now`` are the clock (card expiry; SIP2 transaction dates).
    """

    name = "sip2"

    def __init__(
        self,
        config: Sip2Config,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self._config = config
        self._today = today
        self._now = now
        self._pool = Sip2Pool(config)

    def __repr__(self) -> str:
        return f"Sip2Directory({self._config!r})"

    @property
    def config(self) -> Sip2Config:
        return self._config

    @property
    def acs_status(self) -> AcsStatus | None:
        """What the ACS reported in its latest 98 (None before the first connection)."""
        return self._pool.acs

    @property
    def open_connections(self) -> int:
        return self._pool.open_connections

    async def start(self) -> None:
        """Open the pool (93 Login + 99 SC Status on each connection). Never raises for
        an ACS that is down: it logs a warning and the first question raises instead."""
        self._pool.reopen()
        failure = await self._pool.warm()
        if failure is not None:
            log.warning(
                "SIP2 library system at %s not available at start (%s: %s); "
                "log-ins will fail until it answers",
                self._config.redacted_url(),
                failure.detail,
                failure.reason,
            )
            return
        acs = self._pool.acs
        if acs is not None:
            log.info(
                "SIP2 ready: %d connections, ACS protocol %s, institution %r",
                self._pool.open_connections,
                acs.protocol_version,
                acs.institution_id,
            )
            for command, use in (("63", "log-ins"), ("17", "loan and hold titles")):
                if not acs.supports(command):
                    log.warning(
                        "SIP2 ACS does not list %s as supported (needed for %s)", command, use
                    )

    async def close(self) -> None:
        await self._pool.close()

    async def authenticate(self, card_number: str, pin: str) -> PatronRecord:
        if not self._sendable(card_number):
            # No ILS can hold a card number SIP2 cannot carry.
            return PatronRecord(card_number=card_number, known=False, pin_ok=False)
        if not pin or not self._sendable(pin):
            # A PIN SIP2 cannot carry cannot be right; the card's existence still decides
            # between "unknown card" and "wrong PIN", as for any other wrong PIN.
            return replace(await self.lookup(card_number), pin_ok=False)
        reply = await self._call(
            "63",
            lambda institution: messages.patron_information(
                institution=institution,
                card_number=card_number,
                terminal_password=self._config.terminal_password,
                pin=pin,
                now=self._now(),
            ),
        )
        return self._record(reply, card_number, pin_sent=True)

    async def lookup(self, card_number: str) -> PatronRecord:
        if not self._sendable(card_number):
            return PatronRecord(card_number=card_number, known=False)
        reply = await self._patron_information(card_number)
        return self._record(reply, card_number, pin_sent=False)

    async def account(self, card_number: str) -> PatronAccount:
        """Loans (63 with charged items AU, overdue items AT), holds (available AS,
        unavailable CD), then 17 Item Information for titles, due dates and pickup
        places of up to ``account_items`` items. Bounded by ``account_timeout``: item
        details not in by then are left out (the item id stands in for the title)."""
        if not self._sendable(card_number):
            return PatronAccount()
        started = time.perf_counter()
        cap = self._config.account_items
        deadline = asyncio.get_running_loop().time() + self._config.account_timeout
        try:
            async with asyncio.timeout_at(deadline):
                first = await self._patron_information(
                    card_number, summary="charged_items" if cap else None, end_item=cap
                )
                record = self._record(first, card_number, pin_sent=False)
                if not record.known:
                    return PatronAccount()
                fees = record.fees_cents
                currency = records.currency(first)
                if not cap:
                    return PatronAccount(fees_cents=fees, currency=currency)
                counts = records.Counts.from_reply(first)
                # One list per 63 (the summary field asks for one list at a time), in
                # turn: the account screen is not the hot path; log-ins share the pool.
                found: dict[str, list[str]] = {}
                for summary, field_id, count in (
                    ("overdue_items", "AT", counts.overdue),
                    ("hold_items", "AS", counts.holds),
                    ("unavailable_holds", "CD", counts.unavailable_holds),
                ):
                    if count != 0:
                        found[field_id] = await self._item_list(card_number, summary, field_id, cap)
        except TimeoutError:
            log.warning(
                "SIP2 account: no complete answer within %g s", self._config.account_timeout
            )
            raise DirectoryUnavailableError("timeout") from None
        charged = first.all("AU")[:cap]
        overdue = set(found.get("AT", []))
        loan_ids = _unique(charged + found.get("AT", []))[:_MAX_LIST]
        ready = set(found.get("AS", []))
        hold_ids = _unique(found.get("AS", []) + found.get("CD", []))[:_MAX_LIST]
        # Holds first: few, and whether one is ready (and where) matters most.
        details = await self._item_details(_unique(hold_ids + loan_ids)[:cap], deadline)

        loans = []
        for item_id in loan_ids:
            item = details.get(item_id)
            loans.append(
                Loan(
                    title=(item.title if item and item.title else item_id)[:300],
                    due=item.due if item else None,
                    overdue=item_id in overdue,
                )
            )
        holds = []
        for item_id in hold_ids:
            item = details.get(item_id)
            holds.append(
                Hold(
                    title=(item.title if item and item.title else item_id)[:300],
                    ready=item_id in ready or bool(item and item.on_hold_shelf),
                    pickup_location=item.pickup_location if item else None,
                    pickup_by=item.pickup_by if item else None,
                )
            )
        log.debug(
            "SIP2 account: %d loans, %d holds, %d of %d item details in %.0f ms",
            len(loans),
            len(holds),
            len(details),
            min(cap, len(set(loan_ids + hold_ids))),
            (time.perf_counter() - started) * 1000,
        )
        return PatronAccount(loans=loans, holds=holds, fees_cents=fees, currency=currency)

    # -- helpers ---------------------------------------------------------------------

    def _sendable(self, value: str) -> bool:
        if not messages.request_fields_ok([value]):
            return False
        try:
            value.encode(self._config.encoding)
        except UnicodeEncodeError:
            return False
        return True

    async def _call(self, command: str, build: Callable[[str], Request]) -> Reply:
        try:
            return await self._pool.run(build)
        except Sip2Error as exc:
            level = logging.DEBUG if exc.fail_fast else logging.WARNING
            log.log(level, "SIP2 %s failed: %s (%s)", command, exc.detail, exc.reason)
            raise DirectoryUnavailableError(exc.detail) from None

    async def _patron_information(
        self, card_number: str, *, summary: str | None = None, end_item: int = 0
    ) -> Reply:
        return await self._call(
            "63",
            lambda institution: messages.patron_information(
                institution=institution,
                card_number=card_number,
                terminal_password=self._config.terminal_password,
                pin=None,
                now=self._now(),
                summary=summary,
                end_item=end_item,
            ),
        )

    def _record(self, reply: Reply, card_number: str, *, pin_sent: bool) -> PatronRecord:
        try:
            return records.patron_record(
                reply,
                card_number,
                pin_sent=pin_sent,
                today=self._today(),
                birth_date_field=self._config.birth_date_field,
                expiry_field=self._config.expiry_field,
            )
        except Sip2Error as exc:
            log.warning("SIP2 64 reply unusable: %s", exc.reason)
            raise DirectoryUnavailableError(exc.detail) from None

    async def _item_list(
        self, card_number: str, summary: str, field_id: str, cap: int
    ) -> list[str]:
        reply = await self._patron_information(card_number, summary=summary, end_item=cap)
        return reply.all(field_id)[:cap]

    async def _item_details(
        self, item_ids: list[str], deadline: float
    ) -> dict[str, records.ItemDetails]:
        """17 Item Information for each id, a few at a time (log-ins keep the rest of the
        pool), until ``deadline``. Items that fail or come too late are simply missing."""
        acs = self._pool.acs
        if not item_ids or (acs is not None and not acs.supports("17")):
            return {}
        details: dict[str, records.ItemDetails] = {}
        parallel = asyncio.Semaphore(max(1, self._config.pool_size // 2))

        async def one(item_id: str) -> None:
            if not self._sendable(item_id):
                return
            async with parallel:
                try:
                    reply = await self._pool.run(
                        lambda institution: messages.item_information(
                            institution=institution,
                            item_id=item_id,
                            terminal_password=self._config.terminal_password,
                            now=self._now(),
                        )
                    )
                    details[item_id] = records.item_details(reply)
                except Sip2Error as exc:
                    log.debug("SIP2 17 failed: %s (%s)", exc.detail, exc.reason)

        try:
            async with asyncio.timeout_at(deadline), asyncio.TaskGroup() as group:
                for item_id in item_ids:
                    group.create_task(one(item_id))
        except TimeoutError:
            log.warning(
                "SIP2 account: %d of %d item details not in time; shown by item id",
                len(item_ids) - len(details),
                len(item_ids),
            )
        return details
