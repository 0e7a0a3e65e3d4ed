"""Digital support on the kiosk: "Help me now" in the branch's queue, booking an adviser, slips.

:class:`HelpDesk` keeps this PC's ticket in the walk-in queue up to date: it asks the fleet
again every few seconds while waiting, and at once when the fleet nudges (an adviser called).
:class:`BookingDesk` finds free adviser slots and books one, then prints the slip; the
booking is made and shown whatever the printer does. :class:`SlipPrinter` turns printer
trouble into a code the screen explains, and records an anonymous ``slip_printed`` event.
Both work before and after a visitor logs in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from fleet.protocol import DeviceConfig, EventType
from fleet.protocol.support import (
    BookingConfirmation,
    BookingCreate,
    HelpRequestCreate,
    HelpStatus,
    HelpTicket,
    SlotList,
    SupportTopic,
)
from hardware import (
    PaperOutError,
    PrinterAbsentError,
    PrinterError,
    PrinterOfflineError,
    Receipt,
    ReceiptPrinter,
)
from kiosk.services.client import DeviceClient
from kiosk.services.errors import FleetRejectedError, FleetUnreachableError, KioskError
from kiosk.services.outbox import EventAttrs
from kiosk.services.slips import booking_slip, queue_ticket

log = logging.getLogger(__name__)

#: How often a waiting ticket is refreshed when no nudge comes (the socket may be down).
HELP_POLL_SECONDS = 5.0
#: How long a print job may take before the kiosk gives up on it.
PRINT_TIMEOUT = 20.0


class SupportError(KioskError):
    """Something the screen explains with ``code`` (``offline``, ``slot_full``...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SlipPrinter:
    """Prints slips and says how it went: ``printed`` or a problem code for the screen."""

    def __init__(
        self,
        printer: ReceiptPrinter | None,
        record_event: Callable[[EventType, EventAttrs], None],
        printed: Callable[[], None] = lambda: None,
    ) -> None:
        self._printer = printer
        self._record = record_event
        #: Called after every attempt, so the printer's health reaches the fleet soon.
        self._printed = printed

    async def print(self, receipt: Receipt, kind: str) -> str:
        """``printed``, ``no_printer``, ``paper_out``, ``printer_offline`` or ``printer_error``."""
        outcome = await self._attempt(receipt)
        self._record(
            EventType.SLIP_PRINTED,
            {"kind": kind, "printed": outcome == "printed", "reason": outcome},
        )
        self._printed()
        return outcome

    async def _attempt(self, receipt: Receipt) -> str:
        if self._printer is None:
            return "no_printer"
        try:
            async with asyncio.timeout(PRINT_TIMEOUT):
                await self._printer.print_receipt(receipt)
        except PrinterAbsentError:
            return "no_printer"
        except PaperOutError:
            return "paper_out"
        except (PrinterOfflineError, TimeoutError):
            return "printer_offline"
        except PrinterError:
            log.warning("printing a slip failed", exc_info=True)
            return "printer_error"
        return "printed"


@dataclass(frozen=True)
class BookedSlip:
    """A booking made, and what happened to its slip."""

    confirmation: BookingConfirmation
    #: ``printed`` or a problem code; the booking stands either way.
    slip: str


def _fleet_call_error(error: Exception) -> SupportError:
    if isinstance(error, FleetRejectedError):
        return SupportError(error.code)
    return SupportError("offline")


class BookingDesk:
    """Free adviser slots and bookings, from this PC."""

    def __init__(
        self,
        client: Callable[[], DeviceClient | None],
        config: Callable[[], DeviceConfig | None],
        printer: SlipPrinter,
    ) -> None:
        self._client = client
        self._config = config
        self._printer = printer

    def _require_client(self) -> DeviceClient:
        client = self._client()
        if client is None:
            raise SupportError("offline")
        return client

    async def slots(
        self, topic: SupportTopic, language: str, branch_id: str | None = None
    ) -> SlotList:
        try:
            return await self._require_client().support_slots(topic, language, branch_id)
        except (FleetRejectedError, FleetUnreachableError) as error:
            raise _fleet_call_error(error) from None

    async def book(self, request: BookingCreate, language: str) -> BookedSlip:
        """Book, then print the slip (in ``language``); a printer problem never undoes it."""
        try:
            confirmation = await self._require_client().book_adviser(request)
        except (FleetRejectedError, FleetUnreachableError) as error:
            raise _fleet_call_error(error) from None
        slip = await self._printer.print(booking_slip(confirmation, language), "booking")
        return BookedSlip(confirmation, slip)


class HelpDesk:
    """This PC's ticket in the branch's walk-in queue."""

    def __init__(
        self,
        client: Callable[[], DeviceClient | None],
        config: Callable[[], DeviceConfig | None],
        printer: SlipPrinter,
        changed: Callable[[], None],
    ) -> None:
        self._client = client
        self._config = config
        self._printer = printer
        self._changed = changed
        self._ticket: HelpTicket | None = None
        self._refresh = asyncio.Event()

    @property
    def ticket(self) -> HelpTicket | None:
        """The open ticket (waiting or called), or None."""
        return self._ticket

    def _require_client(self) -> DeviceClient:
        client = self._client()
        if client is None:
            raise SupportError("offline")
        return client

    async def ask(self, topic: SupportTopic | None, language: str) -> HelpTicket:
        try:
            ticket = await self._require_client().ask_for_help(
                HelpRequestCreate(topic=topic, language=language)
            )
        except (FleetRejectedError, FleetUnreachableError) as error:
            raise _fleet_call_error(error) from None
        self._set(ticket)
        return ticket

    async def cancel(self) -> None:
        ticket = self._ticket
        if ticket is None:
            return
        self._set(None)  # the visitor sees it gone at once, whatever the network does
        client = self._client()
        if client is None:
            return
        with contextlib.suppress(FleetRejectedError, FleetUnreachableError):
            await client.cancel_help(ticket.id)

    async def print_ticket(self, language: str) -> str:
        ticket, config = self._ticket, self._config()
        if ticket is None or config is None:
            return "no_ticket"
        receipt = queue_ticket(ticket, config.branch_name.get(language), language)
        return await self._printer.print(receipt, "queue_ticket")

    def nudged(self) -> None:
        """The fleet says the ticket changed (an adviser called): refresh now."""
        self._refresh.set()

    async def refresh(self) -> None:
        ticket, client = self._ticket, self._client()
        if ticket is None or client is None:
            return
        try:
            fresh = await client.help_ticket(ticket.id)
        except FleetRejectedError:
            self._set(None)  # gone on the fleet (another registration, a purge)
            return
        except FleetUnreachableError:
            return  # keep showing what we know; the next poll tries again
        if self._ticket is not None and self._ticket.id == fresh.id:
            self._set(fresh)

    def _set(self, ticket: HelpTicket | None) -> None:
        if ticket is not None and ticket.status not in (HelpStatus.WAITING, HelpStatus.CALLED):
            ticket = None  # done, cancelled or expired: nothing left to show
        if ticket != self._ticket:
            self._ticket = ticket
            self._changed()

    async def run(self, stop: asyncio.Event) -> None:
        """Refresh the open ticket every few seconds, or at once when nudged."""
        while not stop.is_set():
            self._refresh.clear()
            if self._ticket is not None:
                try:
                    await self.refresh()
                except Exception:
                    log.exception("refreshing the help ticket failed")
            waits = [
                asyncio.ensure_future(stop.wait()),
                asyncio.ensure_future(self._refresh.wait()),
            ]
            try:
                await asyncio.wait(
                    waits, timeout=HELP_POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                for waiting in waits:
                    waiting.cancel()
