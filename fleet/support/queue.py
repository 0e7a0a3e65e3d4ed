"""The walk-in help queue: "Help me now" from a PC, called by an adviser, one branch at a time.

A request is a numbered ticket for the branch's day (1, 2, 3 ...). Advisers see the queue
live, call the next visitor (the PC is nudged at once and shows "Aino is coming"), finish or
cancel; the visitor can cancel from the PC. Nothing personal is stored: a PC, a topic,
times. The estimated wait comes from today's pace of calls at that branch.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from fleet.branches import service as branches
from fleet.branches.models import Branch
from fleet.devices.models import Device
from fleet.devices.nudges import queue_nudge
from fleet.errors import FleetError, NotFoundError
from fleet.protocol import EventType
from fleet.protocol.hours import zone_of
from fleet.protocol.support import HelpRequestCreate, HelpStatus, HelpTicket, SupportTopic
from fleet.support.events import record_event
from fleet.support.models import AdviserProfile, HelpRequest

OPEN = (HelpStatus.WAITING.value, HelpStatus.CALLED.value)
#: How many recent calls the pace is taken from.
PACE_SAMPLE = 6


def _local_day(session: Session, branch_id: str, now: dt.datetime) -> dt.date:
    return now.astimezone(zone_of(branches.get_branch(session, branch_id).timezone)).date()


def _wait_minutes(request: HelpRequest, now: dt.datetime) -> int:
    end = request.called_at or request.finished_at or now
    return max(0, int((end - request.created_at).total_seconds() // 60))


def _topic_attr(request: HelpRequest) -> str:
    return request.topic or "none"


def ask(session: Session, device_id: int, body: HelpRequestCreate, now: dt.datetime) -> HelpRequest:
    """A new ticket for the PC's branch; the PC's open ticket if it already has one."""
    device = session.get(Device, device_id)
    if device is None:
        raise NotFoundError("device", device_id)
    day = _local_day(session, device.branch_id, now)
    _expire_before(session, device.branch_id, day, now)
    existing = session.exec(
        select(HelpRequest).where(
            HelpRequest.device_id == device_id, col(HelpRequest.status).in_(OPEN)
        )
    ).first()
    if existing is not None:
        return existing
    # Numbers are taken one at a time per branch: a no-op write locks the branch row (a row
    # lock on PostgreSQL, the write lock on SQLite) until this transaction commits.
    session.execute(update(Branch).where(col(Branch.id) == device.branch_id).values(id=Branch.id))
    last = session.exec(
        select(func.max(HelpRequest.number)).where(
            HelpRequest.branch_id == device.branch_id, HelpRequest.day == day
        )
    ).one()
    request = HelpRequest(
        branch_id=device.branch_id,
        device_id=device_id,
        day=day,
        number=(last or 0) + 1,
        topic=body.topic.value if body.topic else None,
        language=body.language,
        created_at=now,
    )
    session.add(request)
    session.flush()
    record_event(
        session, device.branch_id, EventType.HELP_REQUESTED, {"topic": _topic_attr(request)}, now
    )
    return request


def _own(session: Session, request_id: int, device_id: int) -> HelpRequest:
    request = session.get(HelpRequest, request_id)
    if request is None or request.device_id != device_id:
        raise NotFoundError("help_request", request_id)
    return request


def get_request(session: Session, request_id: int) -> HelpRequest:
    request = session.get(HelpRequest, request_id)
    if request is None:
        raise NotFoundError("help_request", request_id)
    return request


def ticket_for_device(
    session: Session, request_id: int, device_id: int, now: dt.datetime
) -> HelpTicket:
    return ticket(session, _own(session, request_id, device_id), now)


def cancel_from_device(
    session: Session, request_id: int, device_id: int, now: dt.datetime
) -> HelpRequest:
    request = _own(session, request_id, device_id)
    if request.status in OPEN:
        _finish(session, request, HelpStatus.CANCELLED, now, by="visitor")
    return request


def ticket(session: Session, request: HelpRequest, now: dt.datetime) -> HelpTicket:
    """The kiosk's view of a request: place in the queue, estimated wait, who is coming."""
    assert request.id is not None
    position = 0
    estimate = None
    if request.status == HelpStatus.WAITING.value:
        position = session.exec(
            select(func.count())
            .select_from(HelpRequest)
            .where(
                HelpRequest.branch_id == request.branch_id,
                HelpRequest.day == request.day,
                HelpRequest.status == HelpStatus.WAITING.value,
                col(HelpRequest.number) < request.number,
            )
        ).one()
        pace = _minutes_between_calls(session, request.branch_id, request.day)
        if pace is not None:
            estimate = max(1, math.ceil((position + 1) * pace))
    adviser_name = None
    if request.status == HelpStatus.CALLED.value and request.called_by is not None:
        profile = session.get(AdviserProfile, request.called_by)
        adviser_name = profile.display_name if profile is not None else None
    return HelpTicket(
        id=request.id,
        number=request.number,
        status=HelpStatus(request.status),
        topic=SupportTopic(request.topic) if request.topic else None,
        position=position,
        estimated_wait_minutes=estimate,
        created_at=request.created_at,
        called_at=request.called_at,
        adviser_name=adviser_name,
    )


def _minutes_between_calls(session: Session, branch_id: str, day: dt.date) -> float | None:
    """Today's pace: the average time between the last few calls (None before two)."""
    calls = list(
        session.exec(
            select(HelpRequest.called_at)
            .where(
                HelpRequest.branch_id == branch_id,
                HelpRequest.day == day,
                col(HelpRequest.called_at).is_not(None),
            )
            .order_by(col(HelpRequest.called_at).desc())
            .limit(PACE_SAMPLE)
        )
    )
    times = [moment for moment in calls if moment is not None]
    if len(times) < 2:
        return None
    span = (times[0] - times[-1]).total_seconds() / 60
    return max(span / (len(times) - 1), 1.0)


@dataclass(frozen=True)
class QueueEntry:
    """One line of the adviser's queue view."""

    id: int
    number: int
    status: HelpStatus
    topic: SupportTopic | None
    language: str
    device_id: int
    device_name: str
    created_at: dt.datetime
    called_at: dt.datetime | None
    called_by_name: str | None

    def waited_minutes(self, now: dt.datetime) -> int:
        end = self.called_at or now
        return max(0, int((end - self.created_at).total_seconds() // 60))


def queue(session: Session, branch_id: str, now: dt.datetime) -> list[QueueEntry]:
    """Today's open tickets at the branch, oldest first."""
    day = _local_day(session, branch_id, now)
    _expire_before(session, branch_id, day, now)
    rows = session.exec(
        select(HelpRequest, Device.name)
        .join(Device, col(Device.id) == col(HelpRequest.device_id))
        .where(
            HelpRequest.branch_id == branch_id,
            HelpRequest.day == day,
            col(HelpRequest.status).in_(OPEN),
        )
        .order_by(col(HelpRequest.number))
    ).all()
    names = {
        profile.user_id: profile.display_name
        for profile in session.exec(
            select(AdviserProfile).where(
                col(AdviserProfile.user_id).in_(
                    [row.called_by for row, _ in rows if row.called_by is not None]
                )
            )
        )
    }
    entries = []
    for row, device_name in rows:
        assert row.id is not None
        entries.append(
            QueueEntry(
                id=row.id,
                number=row.number,
                status=HelpStatus(row.status),
                topic=SupportTopic(row.topic) if row.topic else None,
                language=row.language,
                device_id=row.device_id,
                device_name=device_name,
                created_at=row.created_at,
                called_at=row.called_at,
                called_by_name=names.get(row.called_by) if row.called_by else None,
            )
        )
    return entries


def call(session: Session, request_id: int, adviser_id: int, now: dt.datetime) -> HelpRequest:
    """An adviser is on the way to this visitor; their PC shows it within seconds."""
    request = get_request(session, request_id)
    if request.status != HelpStatus.WAITING.value:
        raise FleetError("help_request_not_waiting", "This visitor is not waiting any more.", 409)
    request.status = HelpStatus.CALLED.value
    request.called_at = now
    request.called_by = adviser_id
    record_event(
        session,
        request.branch_id,
        EventType.HELP_CALLED,
        {"topic": _topic_attr(request), "wait_minutes": _wait_minutes(request, now)},
        now,
    )
    queue_nudge(session, request.device_id, "help")
    return request


def call_next(
    session: Session, branch_id: str, adviser_id: int, now: dt.datetime
) -> HelpRequest | None:
    """Call the visitor who has waited longest at the branch (None: nobody is waiting)."""
    day = _local_day(session, branch_id, now)
    waiting = session.exec(
        select(HelpRequest)
        .where(
            HelpRequest.branch_id == branch_id,
            HelpRequest.day == day,
            HelpRequest.status == HelpStatus.WAITING.value,
        )
        .order_by(col(HelpRequest.number))
    ).first()
    if waiting is None or waiting.id is None:
        return None
    return call(session, waiting.id, adviser_id, now)


def finish(session: Session, request_id: int, now: dt.datetime) -> HelpRequest:
    """The visitor has been helped."""
    request = get_request(session, request_id)
    if request.status in OPEN:
        _finish(session, request, HelpStatus.DONE, now)
    return request


def cancel_by_adviser(session: Session, request_id: int, now: dt.datetime) -> HelpRequest:
    """The visitor left (or asked at the desk instead)."""
    request = get_request(session, request_id)
    if request.status in OPEN:
        _finish(session, request, HelpStatus.CANCELLED, now, by="adviser")
    return request


def _finish(
    session: Session,
    request: HelpRequest,
    status: HelpStatus,
    now: dt.datetime,
    *,
    by: str | None = None,
) -> None:
    request.status = status.value
    request.finished_at = now
    if status is HelpStatus.CANCELLED:
        record_event(
            session,
            request.branch_id,
            EventType.HELP_CANCELLED,
            {
                "topic": _topic_attr(request),
                "by": by or "adviser",
                "wait_minutes": _wait_minutes(request, now),
            },
            now,
        )
    queue_nudge(session, request.device_id, "help")


def _expire_before(session: Session, branch_id: str, day: dt.date, now: dt.datetime) -> None:
    """Tickets still open from an earlier day: the branch closed on them (done lazily, when
    the branch's queue is next used, so no clock job is needed)."""
    for stale in session.exec(
        select(HelpRequest).where(
            HelpRequest.branch_id == branch_id,
            col(HelpRequest.status).in_(OPEN),
            col(HelpRequest.day) < day,
        )
    ):
        stale.status = HelpStatus.EXPIRED.value
        stale.finished_at = now
