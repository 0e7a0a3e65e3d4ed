"""Usage events: committed to the local outbox first, uploaded in batches, deleted on 2xx only."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from fleet.protocol import (
    MAX_EVENTS_PER_BATCH,
    EventBatch,
    EventType,
    UsageEvent,
    new_event_id,
)
from kiosk.services.client import DeviceClient
from kiosk.services.errors import FleetRejectedError
from kiosk.services.store import LocalStore, OutboxRow

log = logging.getLogger(__name__)

#: Replies that mean "this batch's content is unacceptable", as opposed to "not now".
BATCH_REJECTED_STATUSES = frozenset({400, 413, 422})

EventAttrs = Mapping[str, bool | int | str]


@dataclass
class FlushReport:
    """What one flush did: events the fleet took (new + already known) and events set aside."""

    accepted: int = 0
    duplicates: int = 0
    quarantined: int = 0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Outbox:
    """Records anonymous usage events and uploads them exactly once (with the fleet's help).

    An event is in exactly one place at any time: the outbox, the fleet, or the quarantine.
    It leaves the outbox only after the fleet answered 2xx for a batch containing it; a reply
    lost on the way (cut connection, killed process) means the batch is sent again and the
    fleet, which stores each event id once, counts the repeats as duplicates.
    """

    def __init__(self, store: LocalStore, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock
        self._flush_lock = asyncio.Lock()

    def record(self, event_type: EventType, attrs: EventAttrs | None = None) -> UsageEvent:
        """Commit one event to the outbox and return it. Attributes must be slugs, ints or flags.

        Raises ValueError for attributes that could carry free text or personal data.
        """
        now = self._clock()
        try:
            event = UsageEvent(
                id=new_event_id(now), type=event_type, occurred_at=now, attrs=dict(attrs or {})
            )
        except ValidationError as exc:
            raise ValueError(f"usage event {event_type.value}: attributes not anonymous") from exc
        self._store.outbox_add(event)
        return event

    def add(self, event: UsageEvent) -> None:
        """Commit an event built elsewhere (tests, imports); an id already present is ignored."""
        self._store.outbox_add(event)

    @property
    def depth(self) -> int:
        return self._store.outbox_depth()

    async def flush(
        self, client: DeviceClient, batch_size: int = MAX_EVENTS_PER_BATCH
    ) -> FlushReport:
        """Upload everything in the outbox, oldest first, in batches of at most ``batch_size``.

        Network failures and refusals other than a bad batch propagate (the caller backs off);
        what was uploaded before stays uploaded.
        """
        batch_size = max(1, min(batch_size, MAX_EVENTS_PER_BATCH))
        report = FlushReport()
        async with self._flush_lock:
            while rows := self._store.outbox_peek(batch_size):
                await self._send(client, rows, report)
        if report.quarantined:
            log.warning("quarantined %d usage events the fleet refused", report.quarantined)
        return report

    async def _send(
        self, client: DeviceClient, rows: Sequence[OutboxRow], report: FlushReport
    ) -> None:
        events: list[UsageEvent] = []
        unreadable: list[OutboxRow] = []
        readable: list[OutboxRow] = []
        for row in rows:
            try:
                events.append(UsageEvent.model_validate_json(row.body))
                readable.append(row)
            except ValidationError:
                unreadable.append(row)
        if unreadable:
            self._store.outbox_quarantine(unreadable, "unreadable")
            report.quarantined += len(unreadable)
        if not events:
            return
        try:
            result = await client.upload_events(EventBatch(events=events))
        except FleetRejectedError as exc:
            if exc.status not in BATCH_REJECTED_STATUSES:
                raise
            if len(readable) == 1:
                self._store.outbox_quarantine(readable, exc.code)
                report.quarantined += 1
                return
            # Bisect: the good events of a batch still go through, the bad ones are isolated in
            # about log2(batch) extra requests, and nothing loops forever.
            middle = len(readable) // 2
            await self._send(client, readable[:middle], report)
            await self._send(client, readable[middle:], report)
            return
        self._store.outbox_delete([row.event_id for row in readable])
        report.accepted += result.accepted
        report.duplicates += result.duplicates
