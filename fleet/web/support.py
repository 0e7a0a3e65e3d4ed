"""The adviser console under ``/support/``: the day, the walk-in queue, bookings, availability.

Pages for digital-support advisers (admins see everything; staff work the queue page):
today's bookings and the live walk-in queue, the week, booking on a visitor's behalf,
weekly availability and days away, the adviser's profile and calendar link, and, for
admins, the list of advisers. Plain HTML forms with the session's CSRF token, POST/redirect/
GET with notices; ``static/admin.js`` only refreshes the queue.

One sign-in serves ``/admin/`` and ``/support/`` (the session cookie's path is ``/``); a
console page opened without a session sends the browser to sign in and straight back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_time
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from fleet.admin.router import data_keys, now_of
from fleet.auth.dependencies import (
    Viewer,
    WebLoginRequired,
    current_viewer,
    require_web_role,
)
from fleet.auth.models import Role
from fleet.branches import service as branches
from fleet.branches.models import Branch
from fleet.db import SessionDep
from fleet.devices.models import Device
from fleet.errors import FleetError
from fleet.protocol.hours import zone_of
from fleet.protocol.support import (
    TOPIC_NAMES,
    BookingChannel,
    BookingCreate,
    BookingStatus,
    HelpStatus,
    SupportTopic,
)
from fleet.support import advisers, bookings, console, ical, queue
from fleet.support.advisers import AdviserCreate, AdviserUpdate, ExceptionIn, RuleIn
from fleet.support.availability import SlotSearch, find_slots
from fleet.support.models import AdviserProfile, AvailabilityRule, HelpRequest, SupportBooking
from fleet.support.public_router import in_transaction
from fleet.web import labels
from fleet.web.forms import error_text, form_text, redirect
from fleet.web.i18n import LANGUAGES, translations
from fleet.web.rendering import SUPPORT_PREFIX, URLS, Page, url
from fleet.web.router import REFRESH_SECONDS
from fleet.web.routing import NOT_FOUND_TEXT, WebRoute, error_page
from fleet.web.visitors import Clock

T = TypeVar("T")

#: The console's own paths (templates get them as ``links``).
LINKS = {
    "today": URLS["support_today"],
    "week": URLS["support_week"],
    "queue": URLS["support_queue"],
    "queue_fragment": f"{SUPPORT_PREFIX}/queue/fragment",
    "queue_next": f"{SUPPORT_PREFIX}/queue/next",
    "tickets": f"{SUPPORT_PREFIX}/queue",
    "bookings": f"{SUPPORT_PREFIX}/bookings",
    "book": URLS["support_book"],
    "availability": URLS["support_availability"],
    "rules": f"{SUPPORT_PREFIX}/availability/rules",
    "away": f"{SUPPORT_PREFIX}/availability/away",
    "away_remove": f"{SUPPORT_PREFIX}/availability/away/remove",
    "profile": URLS["support_profile"],
    "calendar": f"{SUPPORT_PREFIX}/profile/calendar",
    "advisers": URLS["support_advisers"],
}
#: Query parameters that describe one moment of a page (a notice, an open question), not
#: where the page is: dropped when an action sends the browser back.
_MOMENTARY = ("done", "called", "finish", "cancel", "edit")
#: The most slots the booking page lists (two weeks of a busy branch fits easily).
MAX_SLOTS_SHOWN = 300
#: Weeks before this or after that are not pages (date arithmetic stays in range).
FIRST_WEEK = dt.date(2000, 1, 3)
LAST_WEEK = dt.date(9000, 1, 1)

OptionalId = Annotated[int, Query(ge=0, le=2**31 - 1)]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
BranchQuery = Annotated[str, Query(max_length=32)]
ShortQuery = Annotated[str, Query(max_length=32)]


# --- signing in: the console's route class -----------------------------------------------------


class ConsoleSignIn(Exception):  # noqa: N818 - a control-flow signal, like WebLoginRequired
    """No valid session on a console page: sign in, then come back to it."""


def console_role(*roles: Role) -> Callable[..., Awaitable[Viewer]]:
    """:func:`require_web_role` for console pages: a missing session signs in and returns."""
    check = require_web_role(*roles)

    async def dependency(
        request: Request, viewer: Annotated[Viewer | None, Depends(current_viewer)]
    ) -> Viewer:
        try:
            return await check(request, viewer)
        except WebLoginRequired:
            raise ConsoleSignIn() from None

    dependency.allowed_roles = check.allowed_roles  # type: ignore[attr-defined]
    return dependency


def _safe_back(value: object, default: str = LINKS["today"]) -> str:
    """Only local console paths: anything else would be an open redirect."""
    if (
        isinstance(value, str)
        and value.startswith(f"{SUPPORT_PREFIX}/")
        and "//" not in value
        and "\\" not in value
        and len(value) <= 300
    ):
        return value
    return default


def sign_in_location(request: Request) -> str:
    """The sign-in page, which returns to this page (or to Today)."""
    target = LINKS["today"]
    if request.method == "GET" and not request.url.path.endswith("/fragment"):
        query = f"?{request.url.query}" if request.url.query else ""
        target = _safe_back(request.url.path + query)
    return f"{url('login')}?next={quote(target, safe='')}"


class SupportRoute(WebRoute):
    """:class:`WebRoute` whose sign-in redirect comes back to the console page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def support_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except ConsoleSignIn:
                return RedirectResponse(sign_in_location(request), status_code=303)

        return support_handler


router = APIRouter(prefix=SUPPORT_PREFIX, route_class=SupportRoute, include_in_schema=False)

Adviser = Annotated[Viewer, Depends(console_role(Role.ADVISER))]
QueueWorker = Annotated[Viewer, Depends(console_role(Role.ADVISER, Role.STAFF))]
Admin = Annotated[Viewer, Depends(console_role())]


# --- small helpers ---------------------------------------------------------------------------


def _texts(form: FormData, name: str, max_length: int = 64) -> list[str]:
    return [value.strip()[:max_length] for value in form.getlist(name) if isinstance(value, str)]


def _say(page: Page, table: Mapping[str, str], key: str, **variables: object) -> str:
    """A label from ``table`` in the reader's language (literal keys stay out of gettext)."""
    return page.gettext(table[key], **variables)


def _errors_in(page: Page, codes: Mapping[str, str]) -> dict[str, str]:
    """Field -> error code, as field -> sentence in the reader's language."""
    return {field: error_text(page, code) for field, code in codes.items()}


def _with_params(location: str, anchor: str = "", **params: object) -> str:
    """``location`` with its momentary parameters replaced by ``params`` (and an anchor)."""
    parts = urlsplit(location)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in _MOMENTARY and k not in params]
    kept += [(k, str(v)) for k, v in params.items() if v not in ("", None, 0)]
    query = f"?{urlencode(kept)}" if kept else ""
    return f"{parts.path}{query}{f'#{anchor}' if anchor else ''}"


def _user_id(viewer: Viewer) -> int:
    assert viewer.user.id is not None
    return viewer.user.id


def _owner(viewer: Viewer) -> int | None:
    """Advisers act on their own bookings; admins on anyone's."""
    return None if viewer.is_admin else _user_id(viewer)


def _topic_name(topic: str | None, lang: str) -> str | None:
    try:
        return TOPIC_NAMES[SupportTopic(topic)].get(lang) if topic else None
    except ValueError:
        return topic


def _topic_choices(lang: str) -> list[tuple[str, str]]:
    return [(topic.value, TOPIC_NAMES[topic].get(lang)) for topic in SupportTopic]


def _common(page: Page, section: str) -> dict[str, Any]:
    return {
        "section": section,
        "labels": labels,
        "links": LINKS,
        "language_names": {code: _say(page, labels.SUPPORT_LANGUAGES, code) for code in LANGUAGES},
        "refresh_seconds": REFRESH_SECONDS,
    }


def _notices(page: Page, session: Session, done: str, called: int) -> list[tuple[str, str]]:
    notices: list[tuple[str, str]] = []
    if done in labels.SUPPORT_NOTICES and done != "called":
        notices.append(("success", _say(page, labels.SUPPORT_NOTICES, done)))
    ticket = session.get(HelpRequest, called) if called else None
    if ticket is not None:
        device = session.get(Device, ticket.device_id)
        pc = device.name if device is not None else str(ticket.device_id)
        text = _say(page, labels.SUPPORT_NOTICES, "called", number=ticket.number, pc=pc)
        notices.append(("success", text))
    return notices


async def _write(request: Request, work: Callable[[Session, dt.datetime], T]) -> T:
    """One committed transaction on a worker thread (the queue and bookings are contended)."""
    return await in_transaction(request, work)


async def _read(request: Request, work: Callable[[Session], T]) -> T:
    """A read-only session on a worker thread, for re-rendering a page after a refusal."""

    def run() -> T:
        with request.app.state.session_factory() as session:
            return work(session)

    return await run_in_threadpool(run)


# --- what the tables show ----------------------------------------------------------------------


@dataclass(frozen=True)
class BookingRow:
    """One booking as the adviser's tables show it, with the actions its status allows."""

    id: int
    status: str
    time: str
    topic: str
    topic_value: str
    done_topic: str | None
    language: str
    visitor: str
    branch: str
    may_check_in: bool
    may_finish: bool
    may_no_show: bool
    may_cancel: bool


def _booking_rows(
    page: Page,
    clock: Clock,
    now: dt.datetime,
    branch_names: Mapping[str, str],
    found: list[SupportBooking],
) -> list[BookingRow]:
    rows = []
    for booking in found:
        assert booking.id is not None
        status = booking.status
        open_ = status in (BookingStatus.BOOKED.value, BookingStatus.CHECKED_IN.value)
        rows.append(
            BookingRow(
                id=booking.id,
                status=status,
                time=f"{clock.time(booking.starts_at)}–{clock.time(booking.ends_at)}",
                topic=_topic_name(booking.topic, page.lang) or booking.topic,
                topic_value=booking.topic,
                done_topic=_topic_name(booking.done_topic, page.lang),
                language=_say(page, labels.SUPPORT_LANGUAGES, booking.language)
                if booking.language in labels.SUPPORT_LANGUAGES
                else booking.language,
                visitor=booking.name or "–",
                branch=branch_names.get(booking.branch_id, booking.branch_id),
                may_check_in=status == BookingStatus.BOOKED.value,
                may_finish=open_,
                may_no_show=status == BookingStatus.BOOKED.value and now >= booking.starts_at,
                may_cancel=status == BookingStatus.BOOKED.value,
            )
        )
    return rows


@dataclass(frozen=True)
class QueueRow:
    """One open ticket in the walk-in queue."""

    id: int
    number: int
    status: str
    pc: str
    waited: int
    topic: str | None
    language: str
    called_by: str | None


@dataclass(frozen=True)
class QueueView:
    """A branch's open tickets today, oldest first."""

    branch_id: str
    branch_name: str
    rows: list[QueueRow]

    @property
    def waiting(self) -> int:
        return sum(1 for row in self.rows if row.status == HelpStatus.WAITING.value)

    @property
    def called(self) -> int:
        return len(self.rows) - self.waiting


def _queue_views(
    page: Page, session: Session, branch_ids: list[str], now: dt.datetime
) -> list[QueueView]:
    names = branches.branch_names(session, page.lang)
    views = []
    for branch_id in branch_ids:
        if branch_id not in names:
            continue
        rows = [
            QueueRow(
                id=entry.id,
                number=entry.number,
                status=entry.status.value,
                pc=entry.device_name,
                waited=entry.waited_minutes(now),
                topic=_topic_name(entry.topic.value if entry.topic else None, page.lang),
                language=_say(page, labels.SUPPORT_LANGUAGES, entry.language)
                if entry.language in labels.SUPPORT_LANGUAGES
                else entry.language,
                called_by=entry.called_by_name,
            )
            for entry in queue.queue(session, branch_id, now)
        ]
        views.append(QueueView(branch_id, names[branch_id], rows))
    return views


# --- today -------------------------------------------------------------------------------------


def _today_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    finish: int = 0,
    cancel: int = 0,
) -> Response:
    page = Page(request, viewer)
    now = now_of(request)
    profile = console.profile_of(session, viewer.user.id)
    zone = console.zone_for(session, profile)
    clock = Clock(page.lang, zone)
    today = now.astimezone(zone).date()
    names = branches.branch_names(session, page.lang)
    rows: list[BookingRow] = []
    branch_ids: list[str] = []
    if profile is not None:
        found = console.adviser_bookings(session, profile.user_id, *console.day_bounds(today, zone))
        rows = _booking_rows(page, clock, now, names, found)
        branch_ids = list(profile.branches)
    return page.render(
        "support_today.html",
        status_code=status_code,
        notices=notices,
        profile=profile,
        day=clock.day(today),
        rows=rows,
        finish=finish,
        cancel=cancel,
        back=LINKS["today"],
        topics=_topic_choices(page.lang),
        show_branch=len(branch_ids) > 1,
        queues=_queue_views(page, session, branch_ids, now),
        queue_back=LINKS["today"],
        fragment_url=LINKS["queue_fragment"],
        **_common(page, "support_today"),
    )


@router.get("/")
def today(
    request: Request,
    viewer: Adviser,
    session: SessionDep,
    done: ShortQuery = "",
    called: OptionalId = 0,
    finish: OptionalId = 0,
    cancel: OptionalId = 0,
) -> Response:
    """The adviser's bookings today and the walk-in queue of their branches."""
    notices = _notices(Page(request, viewer), session, done, called)
    return _today_page(request, viewer, session, notices=notices, finish=finish, cancel=cancel)


# --- the walk-in queue ---------------------------------------------------------------------------


def _queue_branch(session: Session, viewer: Viewer, branch: str) -> str:
    """The asked-for branch (404 page if unknown), else the adviser's first, else the first."""
    if branch:
        return branches.get_branch(session, branch).id
    profile = console.profile_of(session, viewer.user.id)
    if profile is not None and profile.branches:
        return profile.branches[0]
    found = branches.list_branches(session)
    return found[0].id if found else ""


def _queue_back(branch: str) -> str:
    return f"{LINKS['queue']}?{urlencode({'branch': branch})}" if branch else LINKS["queue"]


def _queue_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    branch: str,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
) -> Response:
    page = Page(request, viewer)
    branch_id = _queue_branch(session, viewer, branch)
    back = _queue_back(branch_id)
    return page.render(
        "support_queue.html",
        status_code=status_code,
        notices=notices,
        branch=branch_id,
        branch_choices=list(branches.branch_names(session, page.lang).items()),
        queues=_queue_views(page, session, [branch_id] if branch_id else [], now_of(request)),
        queue_back=back,
        queue_heading_level=2,
        fragment_url=f"{LINKS['queue_fragment']}?{urlencode({'branch': branch_id})}",
        **_common(page, "support_queue"),
    )


@router.get("/queue")
def queue_page(
    request: Request,
    viewer: QueueWorker,
    session: SessionDep,
    branch: BranchQuery = "",
    done: ShortQuery = "",
    called: OptionalId = 0,
) -> Response:
    """One branch's walk-in queue, for advisers and for staff at the desk."""
    notices = _notices(Page(request, viewer), session, done, called)
    return _queue_page(request, viewer, session, branch, notices=notices)


@router.get("/queue/fragment")
def queue_fragment(
    request: Request, viewer: QueueWorker, session: SessionDep, branch: BranchQuery = ""
) -> Response:
    """The queue alone, for the pages' self-refresh: one branch, or the adviser's branches."""
    page = Page(request, viewer)
    if branch:
        branch_ids = [branches.get_branch(session, branch).id]
        back, level = _queue_back(branch_ids[0]), 2
    else:
        profile = console.profile_of(session, viewer.user.id)
        branch_ids = list(profile.branches) if profile is not None else []
        back, level = LINKS["today"], 3
    return page.render(
        "_support_queue.html",
        queues=_queue_views(page, session, branch_ids, now_of(request)),
        queue_back=back,
        queue_heading_level=level,
        **_common(page, ""),
    )


def _back_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    back: str,
    status_code: int,
    notices: list[tuple[str, str]],
) -> Response:
    """The page an action came from, again, with why the action was refused."""
    parts = urlsplit(back)
    query = dict(parse_qsl(parts.query))
    if parts.path == LINKS["queue"] or viewer.user.role == Role.STAFF:
        return _queue_page(
            request,
            viewer,
            session,
            query.get("branch", "")[:32],
            status_code=status_code,
            notices=notices,
        )
    if parts.path == LINKS["week"]:
        try:
            start = dt.date.fromisoformat(query.get("start", ""))
        except ValueError:
            start = None
        return _week_page(request, viewer, session, start, status_code=status_code, notices=notices)
    return _today_page(request, viewer, session, status_code=status_code, notices=notices)


async def _refused(request: Request, viewer: Viewer, back: str, error: FleetError) -> Response:
    """A refused action: 404s as the error page, the rest on the page the action came from."""
    if error.status == 404:
        return error_page(request, 404, labels.ERRORS.get(error.code, NOT_FOUND_TEXT))
    page = Page(request, viewer)
    notice = ("error", error_text(page, error.code))
    return await _read(
        request,
        lambda session: _back_page(request, viewer, session, back, error.status, [notice]),
    )


async def _queue_action(
    request: Request,
    viewer: Viewer,
    action: Callable[[Session, dt.datetime], HelpRequest | None],
    done: str,
) -> Response:
    form = await request.form()
    home = LINKS["queue"] if viewer.user.role == Role.STAFF else LINKS["today"]
    back = _safe_back(form.get("back"), home)
    try:
        ticket = await _write(request, action)
    except FleetError as error:
        return await _refused(request, viewer, back, error)
    if ticket is None:
        return redirect(_with_params(back, done="nobody_waiting"))
    if done == "called":
        return redirect(_with_params(back, called=ticket.id))
    return redirect(_with_params(back, done=done))


@router.post("/queue/next")
async def queue_call_next(request: Request, viewer: QueueWorker) -> Response:
    """Call the visitor who has waited longest at the branch; their PC shows it at once."""
    form = await request.form()
    branch = form_text(form, "branch", 32)
    adviser_id = _user_id(viewer)

    def work(session: Session, now: dt.datetime) -> HelpRequest | None:
        return queue.call_next(session, branches.get_branch(session, branch).id, adviser_id, now)

    return await _queue_action(request, viewer, work, "called")


@router.post("/queue/{ticket_id}/call")
async def queue_call(request: Request, ticket_id: RowId, viewer: QueueWorker) -> Response:
    adviser_id = _user_id(viewer)
    return await _queue_action(
        request,
        viewer,
        lambda session, now: queue.call(session, ticket_id, adviser_id, now),
        "called",
    )


@router.post("/queue/{ticket_id}/done")
async def queue_done(request: Request, ticket_id: RowId, viewer: QueueWorker) -> Response:
    return await _queue_action(
        request, viewer, lambda session, now: queue.finish(session, ticket_id, now), "ticket_done"
    )


@router.post("/queue/{ticket_id}/cancel")
async def queue_cancel(request: Request, ticket_id: RowId, viewer: QueueWorker) -> Response:
    """The visitor left (or was helped at the desk instead)."""
    return await _queue_action(
        request,
        viewer,
        lambda session, now: queue.cancel_by_adviser(session, ticket_id, now),
        "ticket_left",
    )


# --- bookings: check in, done with a topic, no-show, cancel ------------------------------------


async def _booking_action(
    request: Request,
    viewer: Viewer,
    booking_id: int,
    action: Callable[[Session, SupportBooking, dt.datetime], object],
    done: str,
) -> Response:
    form = await request.form()
    back = _safe_back(form.get("back"))
    owner = _owner(viewer)

    def work(session: Session, now: dt.datetime) -> None:
        action(session, bookings.get_booking(session, booking_id, adviser_id=owner), now)

    try:
        await _write(request, work)
    except FleetError as error:
        return await _refused(request, viewer, back, error)
    return redirect(_with_params(back, done=done))


@router.post("/bookings/{booking_id}/check-in")
async def booking_check_in(request: Request, booking_id: RowId, viewer: Adviser) -> Response:
    return await _booking_action(request, viewer, booking_id, bookings.check_in, "checked_in")


@router.post("/bookings/{booking_id}/done")
async def booking_done(request: Request, booking_id: RowId, viewer: Adviser) -> Response:
    """First click: which topic was it? Second click (with ``topic``): done with that topic."""
    form = await request.form()
    try:
        topic = SupportTopic(form_text(form, "topic", 32))
    except ValueError:
        back = _safe_back(form.get("back"))
        return redirect(_with_params(back, f"finish-{booking_id}", finish=booking_id))

    def finish(session: Session, booking: SupportBooking, now: dt.datetime) -> object:
        return bookings.mark_done(session, booking, topic, now)

    return await _booking_action(request, viewer, booking_id, finish, "booking_done")


@router.post("/bookings/{booking_id}/no-show")
async def booking_no_show(request: Request, booking_id: RowId, viewer: Adviser) -> Response:
    """Only once the time has started (the service refuses earlier)."""
    return await _booking_action(request, viewer, booking_id, bookings.mark_no_show, "no_show")


@router.post("/bookings/{booking_id}/cancel")
async def booking_cancel(request: Request, booking_id: RowId, viewer: Adviser) -> Response:
    """First click asks to confirm; the confirmation (``confirm=yes``) cancels."""
    form = await request.form()
    if form_text(form, "confirm", 8) != "yes":
        back = _safe_back(form.get("back"))
        return redirect(_with_params(back, f"cancel-{booking_id}-question", cancel=booking_id))

    def cancel(session: Session, booking: SupportBooking, now: dt.datetime) -> object:
        return bookings.cancel(session, booking, now, by_adviser=True)

    return await _booking_action(request, viewer, booking_id, cancel, "booking_cancelled")


# --- the week ----------------------------------------------------------------------------------


def _week_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    start: dt.date | None,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    cancel: int = 0,
) -> Response:
    page = Page(request, viewer)
    now = now_of(request)
    profile = console.profile_of(session, viewer.user.id)
    zone = console.zone_for(session, profile)
    clock = Clock(page.lang, zone)
    today = now.astimezone(zone).date()
    if start is None:
        start = today - dt.timedelta(days=today.weekday())
    if not FIRST_WEEK <= start <= LAST_WEEK:
        return error_page(request, 404, NOT_FOUND_TEXT)
    names = branches.branch_names(session, page.lang)
    found: list[SupportBooking] = []
    if profile is not None:
        found = console.adviser_bookings(
            session, profile.user_id, *console.day_bounds(start, zone, days=7)
        )
    days = []
    for offset in range(7):
        day = start + dt.timedelta(days=offset)
        on_day = [b for b in found if b.starts_at.astimezone(zone).date() == day]
        days.append(
            {
                "date": day,
                "name": clock.day(day),
                "today": day == today,
                "rows": _booking_rows(page, clock, now, names, on_day),
            }
        )
    last = start + dt.timedelta(days=6)
    return page.render(
        "support_week.html",
        status_code=status_code,
        notices=notices,
        profile=profile,
        days=days,
        start=start,
        span=f"{clock.day(start)} – {clock.day(last)}",
        previous_start=(start - dt.timedelta(days=7)).isoformat(),
        next_start=(start + dt.timedelta(days=7)).isoformat(),
        this_week=start <= today <= last,
        back=f"{LINKS['week']}?{urlencode({'start': start.isoformat()})}",
        cancel=cancel,
        show_branch=profile is not None and len(profile.branches) > 1,
        **_common(page, "support_week"),
    )


@router.get("/week")
def week(
    request: Request,
    viewer: Adviser,
    session: SessionDep,
    start: dt.date | None = None,
    done: ShortQuery = "",
    cancel: OptionalId = 0,
) -> Response:
    """The adviser's bookings for seven days from ``start`` (this week's Monday)."""
    notices = _notices(Page(request, viewer), session, done, 0)
    return _week_page(request, viewer, session, start, notices=notices, cancel=cancel)


# --- book for a visitor ------------------------------------------------------------------------

#: Which booking field a service refusal belongs next to.
_BOOKING_FIELDS = {
    "slot_full": "slot",
    "slot_unavailable": "slot",
    "too_late": "slot",
    "too_far_ahead": "slot",
    "adviser_not_found": "slot",
    "branch_not_offered": "slot",
    "topic_not_offered": "slot",
    "language_not_offered": "slot",
    "invalid_time": "slot",
    "name_required": "name",
    "invalid_phone": "phone",
}
#: A ``BookingCreate`` validation error on a field -> the form field and the error code.
_BOOKING_INPUTS = {
    "name": ("name", "name_required"),
    "phone": ("phone", "invalid_phone"),
    "email": ("email", "invalid_email"),
}


@dataclass(frozen=True)
class BookingSearch:
    """What the booking page looks for: a topic, a language, a branch, from a day."""

    topic: str
    language: str
    branch: str
    first_day: str

    def query(self) -> dict[str, str]:
        return {
            "topic": self.topic,
            "language": self.language,
            "branch": self.branch,
            "from": self.first_day,
        }


def _booking_search(
    page: Page, profile: AdviserProfile | None, names: Mapping[str, str], typed: Mapping[str, str]
) -> BookingSearch:
    """The search as typed, with anything unknown replaced by a sensible default."""
    topic = typed.get("topic", "")
    if topic not in {t.value for t in SupportTopic}:
        topic = ""
    language = typed.get("language", "")
    if language not in LANGUAGES:
        language = profile.languages[0] if profile and profile.languages else page.lang
    branch = typed.get("branch", "")
    if branch not in names and "branch" not in typed:
        branch = profile.branches[0] if profile and profile.branches else ""
    if branch not in names:
        branch = ""
    first_day = typed.get("from", "")
    try:
        dt.date.fromisoformat(first_day)
    except ValueError:
        first_day = ""
    return BookingSearch(topic, language, branch, first_day)


def _slot_days(
    page: Page,
    session: Session,
    search: BookingSearch,
    now: dt.datetime,
    names: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Free slots, grouped by the branch-local day, each a radio button's value and label."""
    if not search.topic:
        return []
    first = dt.date.fromisoformat(search.first_day) if search.first_day else None
    query = SlotSearch(SupportTopic(search.topic), search.language, search.branch or None, first)
    slots = find_slots(session, query, now)[:MAX_SLOTS_SHOWN]
    adviser_names = console.adviser_names(session)
    zones: dict[str, ZoneInfo] = {}
    days: dict[dt.date, dict[str, Any]] = {}
    for slot in slots:
        if slot.branch_id not in zones:
            zones[slot.branch_id] = zone_of(branches.get_branch(session, slot.branch_id).timezone)
        clock = Clock(page.lang, zones[slot.branch_id])
        day = slot.starts_at.astimezone(clock.zone).date()
        group = days.setdefault(day, {"name": clock.day(day), "slots": []})
        who = adviser_names.get(slot.adviser, "")
        place = "" if search.branch else f", {names.get(slot.branch_id, slot.branch_id)}"
        group["slots"].append(
            {
                "value": f"{slot.adviser}|{slot.branch_id}|{slot.starts_at.isoformat()}",
                "label": f"{clock.time(slot.starts_at)}–{clock.time(slot.ends_at)}, {who}{place}",
            }
        )
    return list(days.values())


def _book_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    typed: Mapping[str, str],
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    page = Page(request, viewer)
    profile = console.profile_of(session, viewer.user.id)
    names = branches.branch_names(session, page.lang)
    search = _booking_search(page, profile, names, typed)
    return page.render(
        "support_book.html",
        status_code=status_code,
        search=search,
        topics=_topic_choices(page.lang),
        branch_choices=list(names.items()),
        days=_slot_days(page, session, search, now_of(request), names),
        errors=errors or {},
        values={"slot": "", "name": "", "phone": "", "email": "", **(values or {})},
        **_common(page, "support_book"),
    )


@router.get("/book")
def book_form(
    request: Request,
    viewer: Adviser,
    session: SessionDep,
    topic: ShortQuery = "",
    language: ShortQuery = "",
    branch: BranchQuery = "",
    first_day: Annotated[str, Query(alias="from", max_length=10)] = "",
) -> Response:
    """Choose a topic, a language and a branch; then a free time, and the visitor's name."""
    typed = {"topic": topic, "language": language, "from": first_day}
    if "branch" in request.query_params:
        typed["branch"] = branch
    return _book_page(request, viewer, session, typed)


def _parse_booking(form: FormData) -> tuple[BookingCreate | None, dict[str, str]]:
    """The booking the form asks for, or the fields in error (field -> error code)."""
    errors: dict[str, str] = {}
    adviser, _, rest = form_text(form, "slot", 200).partition("|")
    branch, _, starts = rest.partition("|")
    try:
        starts_at: dt.datetime | None = dt.datetime.fromisoformat(starts)
    except ValueError:
        starts_at = None
        errors["slot"] = "slot_required"
    phone = form_text(form, "phone", 40)
    email = form_text(form, "email", 300)
    fields = {
        "adviser": adviser,
        "branch_id": branch,
        "starts_at": starts_at,
        "topic": form_text(form, "topic", 32),
        "language": form_text(form, "language", 2),
        "name": form_text(form, "name", 100),
        "phone": phone or None,
        "email": email or None,
    }
    try:
        data = BookingCreate.model_validate(fields)
    except ValidationError as invalid:
        for problem in invalid.errors():
            where = str(problem["loc"][0]) if problem["loc"] else ""
            field, code = _BOOKING_INPUTS.get(where, ("slot", "slot_required"))
            errors.setdefault(field, code)
        return None, errors
    return (None if errors else data), errors


@router.post("/book")
async def book(request: Request, viewer: Adviser) -> Response:
    """Book on the visitor's behalf (channel ``console``); the code is shown this once."""
    form = await request.form()
    typed = {name: form_text(form, name, 32) for name in ("topic", "language", "branch", "from")}
    values = {name: form_text(form, name, 300) for name in ("slot", "name", "phone", "email")}
    data, codes = _parse_booking(form)
    status_code = 422
    made: dict[str, Any] | None = None
    if data is not None:
        keys = data_keys(request)
        booking_data = data

        def work(session: Session, now: dt.datetime) -> dict[str, Any]:
            result = bookings.book(
                session, booking_data, channel=BookingChannel.CONSOLE, now=now, keys=keys
            )
            return _slip_facts(session, result.booking, result.code)

        try:
            made = await _write(request, work)
        except FleetError as error:
            if error.code not in _BOOKING_FIELDS:
                raise
            codes[_BOOKING_FIELDS[error.code]] = error.code
            status_code = error.status
    page = Page(request, viewer)
    if made is None:
        errors = _errors_in(page, codes)
        return await _read(
            request,
            lambda session: _book_page(
                request,
                viewer,
                session,
                typed,
                status_code=status_code,
                errors=errors,
                values=values,
            ),
        )
    return _booked_page(page, made)


def _slip_facts(session: Session, booking: SupportBooking, code: str) -> dict[str, Any]:
    branch = session.get(Branch, booking.branch_id)
    profile = session.get(AdviserProfile, booking.adviser_id)
    assert branch is not None
    return {
        "booking": booking,
        "code": bookings.format_booking_code(code),
        "branch": branch,
        "adviser": profile.display_name if profile else "",
        "place": profile.place if profile else "",
    }


def _booked_page(page: Page, made: Mapping[str, Any]) -> Response:
    """The confirmation: the code in large type, and a slip in the visitor's language."""
    booking: SupportBooking = made["booking"]
    branch: Branch = made["branch"]
    language = booking.language if booking.language in LANGUAGES else page.lang
    slip_clock = Clock(language, zone_of(branch.timezone))
    slip_text = translations(language)
    branch_name = branches.branch_name(branch)
    where = branch_name.get(language)
    if made["place"]:
        where = f"{made['place']}, {where}"
    clock = Clock(page.lang, zone_of(branch.timezone))
    day = booking.starts_at.astimezone(clock.zone).date()
    return page.render(
        "support_booked.html",
        status_code=201,
        code=made["code"],
        slip_lang=language,
        slip={name: slip_text.gettext(text) for name, text in labels.BOOKING_SLIP.items()},
        slip_when=(
            f"{slip_clock.day(day)} {slip_clock.time(booking.starts_at)}"
            f"–{slip_clock.time(booking.ends_at)}"
        ),
        slip_where=where,
        slip_topic=_topic_name(booking.topic, language),
        adviser=made["adviser"],
        visit_time=(
            f"{clock.day(day)} {clock.time(booking.starts_at)}–{clock.time(booking.ends_at)}"
        ),
        visitor=booking.name,
        topic=_topic_name(booking.topic, page.lang),
        branch_name=branch_name.get(page.lang),
        **_common(page, "support_book"),
    )


# --- availability: weekly times and days away --------------------------------------------------

_RULE_INTS = {
    "slot_minutes": "invalid_slot_minutes",
    "buffer_minutes": "invalid_buffer_minutes",
    "capacity": "invalid_capacity",
    "min_notice_minutes": "invalid_notice_minutes",
    "horizon_days": "invalid_horizon_days",
}
#: A ``RuleIn`` validation error on a field -> the error code shown next to it.
_RULE_FIELD_ERRORS = {
    **_RULE_INTS,
    "branch_id": "branch_not_served",
    "weekday": "invalid_weekday",
    "starts": "invalid_time",
    "ends": "invalid_rule_end",
    "valid_from": "invalid_date",
    "valid_until": "invalid_valid_until",
}
#: Which rule field a service refusal belongs next to.
_RULE_REFUSALS = {"branch_not_served": "branch_id", "rule_overlaps": "starts"}
_RULE_DEFAULTS = {
    "branch_id": "",
    "weekday": "0",
    "starts": "10:00",
    "ends": "12:00",
    "slot_minutes": "45",
    "buffer_minutes": "15",
    "capacity": "1",
    "min_notice_minutes": "120",
    "horizon_days": "28",
    "valid_from": "",
    "valid_until": "",
}


def _rule_values(rule: AvailabilityRule) -> dict[str, str]:
    return {
        "branch_id": rule.branch_id,
        "weekday": str(rule.weekday),
        "starts": rule.starts.strftime("%H:%M"),
        "ends": rule.ends.strftime("%H:%M"),
        "slot_minutes": str(rule.slot_minutes),
        "buffer_minutes": str(rule.buffer_minutes),
        "capacity": str(rule.capacity),
        "min_notice_minutes": str(rule.min_notice_minutes),
        "horizon_days": str(rule.horizon_days),
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else "",
        "valid_until": rule.valid_until.isoformat() if rule.valid_until else "",
    }


def _wall_time(value: dt.time, clock: Clock) -> str:
    """A rule's wall-clock time the way the reader's language writes times (10.00, 10:00)."""
    return format_time(value, format="short", locale=clock.locale)


def _parse_rule(values: Mapping[str, str]) -> tuple[RuleIn | None, dict[str, str]]:
    """The rule the form describes, or the fields in error (field -> error code)."""
    errors: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for name, code in {**_RULE_INTS, "weekday": "invalid_weekday"}.items():
        try:
            numbers[name] = int(values[name])
        except ValueError:
            errors[name] = code
    times: dict[str, dt.time] = {}
    for name in ("starts", "ends"):
        try:
            times[name] = dt.time.fromisoformat(values[name])
        except ValueError:
            errors[name] = "invalid_time"
    dates: dict[str, dt.date | None] = {}
    for name in ("valid_from", "valid_until"):
        try:
            dates[name] = dt.date.fromisoformat(values[name]) if values[name] else None
        except ValueError:
            errors[name] = "invalid_date"
    if errors:
        return None, errors
    try:
        rule = RuleIn(branch_id=values["branch_id"] or "-", **numbers, **times, **dates)
    except ValidationError as invalid:
        for problem in invalid.errors():
            where = str(problem["loc"][0]) if problem["loc"] else ""
            if where in _RULE_FIELD_ERRORS:
                errors.setdefault(where, _RULE_FIELD_ERRORS[where])
            elif "valid_until" in str(problem.get("msg", "")):
                errors.setdefault("valid_until", "invalid_valid_until")
            else:  # the model's own checks: the times do not make a slot
                errors.setdefault("ends", "invalid_rule_end")
        return None, errors
    return rule, errors


def _availability_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    edit: int = 0,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    rule_errors: dict[str, str] | None = None,
    rule_values: dict[str, str] | None = None,
    away_errors: dict[str, str] | None = None,
    away_values: dict[str, str] | None = None,
) -> Response:
    page = Page(request, viewer)
    profile = console.profile_of(session, viewer.user.id)
    common = _common(page, "support_availability")
    if profile is None:
        return page.render(
            "support_availability.html", status_code=status_code, profile=None, **common
        )
    zone = console.zone_for(session, profile)
    clock = Clock(page.lang, zone)
    names = branches.branch_names(session, page.lang)
    editing = advisers.get_rule(session, profile.user_id, edit) if edit else None
    values = rule_values or (_rule_values(editing) if editing else dict(_RULE_DEFAULTS))
    if not values.get("branch_id") and profile.branches:
        values["branch_id"] = profile.branches[0]
    today = now_of(request).astimezone(zone).date()
    rules = advisers.list_rules(session, profile.user_id)
    return page.render(
        "support_availability.html",
        status_code=status_code,
        notices=notices,
        profile=profile,
        rules=rules,
        rule_times={
            rule.id: f"{_wall_time(rule.starts, clock)}–{_wall_time(rule.ends, clock)}"
            for rule in rules
        },
        editing=editing,
        branch_names=names,
        rule_values=values,
        rule_errors=rule_errors or {},
        away=advisers.list_exceptions(session, profile.user_id, since=today),
        away_values={"date": "", "note": "", **(away_values or {})},
        away_errors=away_errors or {},
        weekdays=labels.WEEKDAYS,
        clock=clock,
        **common,
    )


@router.get("/availability")
def availability(
    request: Request,
    viewer: Adviser,
    session: SessionDep,
    edit: OptionalId = 0,
    done: ShortQuery = "",
) -> Response:
    """The adviser's weekly times per branch, and the days they are away."""
    notices = _notices(Page(request, viewer), session, done, 0)
    return _availability_page(request, viewer, session, edit=edit, notices=notices)


async def _save_rule(request: Request, viewer: Viewer, rule_id: int | None) -> Response:
    form = await request.form()
    values = {name: form_text(form, name, 32) for name in _RULE_DEFAULTS}
    adviser_id = _user_id(viewer)
    actor = viewer.user.username
    rule, codes = _parse_rule(values)
    status_code = 422
    if rule is not None:
        data = rule

        def work(session: Session, _now: dt.datetime) -> None:
            if rule_id is None:
                advisers.add_rule(session, adviser_id, data, actor)
            else:
                advisers.replace_rule(session, adviser_id, rule_id, data, actor)

        try:
            await _write(request, work)
        except FleetError as error:
            if error.code not in _RULE_REFUSALS:
                if error.status == 404:
                    return error_page(request, 404, labels.ERRORS.get(error.code, NOT_FOUND_TEXT))
                raise
            codes[_RULE_REFUSALS[error.code]] = error.code
            status_code = error.status
        else:
            done = "rule_added" if rule_id is None else "rule_changed"
            return redirect(_with_params(LINKS["availability"], done=done))
    errors = _errors_in(Page(request, viewer), codes)
    return await _read(
        request,
        lambda session: _availability_page(
            request,
            viewer,
            session,
            edit=rule_id or 0,
            status_code=status_code,
            rule_errors=errors,
            rule_values=values,
        ),
    )


@router.post("/availability/rules")
async def rule_add(request: Request, viewer: Adviser) -> Response:
    return await _save_rule(request, viewer, None)


@router.post("/availability/rules/{rule_id}")
async def rule_change(request: Request, rule_id: RowId, viewer: Adviser) -> Response:
    return await _save_rule(request, viewer, rule_id)


@router.post("/availability/rules/{rule_id}/remove")
async def rule_remove(request: Request, rule_id: RowId, viewer: Adviser) -> Response:
    adviser_id = _user_id(viewer)
    actor = viewer.user.username
    try:
        await _write(
            request,
            lambda session, _now: advisers.remove_rule(session, adviser_id, rule_id, actor),
        )
    except FleetError as error:
        return error_page(request, error.status, labels.ERRORS.get(error.code, NOT_FOUND_TEXT))
    return redirect(_with_params(LINKS["availability"], done="rule_removed"))


@router.post("/availability/away")
async def away_add(request: Request, viewer: Adviser) -> Response:
    """A day without bookings (holiday, training); bookings already made that day stay."""
    form = await request.form()
    values = {"date": form_text(form, "date", 10), "note": form_text(form, "note", 300)}
    codes: dict[str, str] = {}  # keyed by the fields' ids
    try:
        day = dt.date.fromisoformat(values["date"])
    except ValueError:
        codes["away-date"] = "invalid_date"
    if len(values["note"]) > 200:
        codes["away-note"] = "invalid_note"
    if not codes:
        adviser_id = _user_id(viewer)
        actor = viewer.user.username
        data = ExceptionIn(date=day, note=values["note"])
        await _write(
            request, lambda session, _now: advisers.set_exception(session, adviser_id, data, actor)
        )
        return redirect(_with_params(LINKS["availability"], done="away_added"))
    errors = _errors_in(Page(request, viewer), codes)
    return await _read(
        request,
        lambda session: _availability_page(
            request, viewer, session, status_code=422, away_errors=errors, away_values=values
        ),
    )


@router.post("/availability/away/remove")
async def away_remove(request: Request, viewer: Adviser) -> Response:
    form = await request.form()
    try:
        day = dt.date.fromisoformat(form_text(form, "date", 10))
    except ValueError:
        return error_page(request, 404, labels.ERRORS["availability_exception_not_found"])
    adviser_id = _user_id(viewer)
    actor = viewer.user.username
    try:
        await _write(
            request,
            lambda session, _now: advisers.remove_exception(session, adviser_id, day, actor),
        )
    except FleetError as error:
        return error_page(request, error.status, labels.ERRORS.get(error.code, NOT_FOUND_TEXT))
    return redirect(_with_params(LINKS["availability"], done="away_removed"))


# --- profile and calendar link -----------------------------------------------------------------

#: An ``AdviserCreate``/``AdviserUpdate`` validation error on a field -> its error code.
_PROFILE_FIELD_ERRORS = {
    "display_name": "display_name_required",
    "branches": "branches_required",
    "topics": "topics_required",
    "languages": "languages_required",
    "place": "invalid_place",
    "user_id": "adviser_required",
}
#: Which profile field a service refusal belongs next to.
_PROFILE_REFUSALS = {
    "branch_has_rules": "branches",
    "branch_not_found": "branches",
    "adviser_exists": "user_id",
    "not_an_adviser": "user_id",
    "user_not_found": "user_id",
}


async def _profile_write(
    request: Request, work: Callable[[Session, dt.datetime], object]
) -> tuple[dict[str, str], int] | None:
    """Save a profile; None when it worked, else the field codes and the status to show."""
    try:
        await _write(request, work)
    except FleetError as error:
        if error.code not in _PROFILE_REFUSALS:
            raise
        return {_PROFILE_REFUSALS[error.code]: error.code}, error.status
    return None


def _profile_form(form: FormData) -> dict[str, Any]:
    return {
        "display_name": form_text(form, "display_name", 100),
        "place": form_text(form, "place", 300),
        "branches": _texts(form, "branches", 32),
        "topics": _texts(form, "topics", 32),
        "languages": _texts(form, "languages", 2),
    }


def _field_errors(invalid: ValidationError) -> dict[str, str]:
    codes: dict[str, str] = {}
    for problem in invalid.errors():
        where = str(problem["loc"][0]) if problem["loc"] else ""
        field = where if where in _PROFILE_FIELD_ERRORS else "display_name"
        codes.setdefault(field, _PROFILE_FIELD_ERRORS.get(where, "display_name_required"))
    return codes


def _profile_values(profile: AdviserProfile) -> dict[str, Any]:
    return {
        "display_name": profile.display_name,
        "place": profile.place,
        "branches": list(profile.branches),
        "topics": list(profile.topics),
        "languages": list(profile.languages),
    }


def _profile_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    feed: str | None = None,
) -> Response:
    page = Page(request, viewer)
    profile = console.profile_of(session, viewer.user.id)
    return page.render(
        "support_profile.html",
        status_code=status_code,
        notices=notices,
        profile=profile,
        values=values or (_profile_values(profile) if profile else {}),
        errors=errors or {},
        branch_choices=list(branches.branch_names(session, page.lang).items()),
        topics=_topic_choices(page.lang),
        feed=feed,
        **_common(page, "support_profile"),
    )


@router.get("/profile")
def profile_form(
    request: Request, viewer: Adviser, session: SessionDep, done: ShortQuery = ""
) -> Response:
    """The name visitors see, branches, topics, languages, where to meet; the calendar link."""
    notices = _notices(Page(request, viewer), session, done, 0)
    return _profile_page(request, viewer, session, notices=notices)


@router.post("/profile")
async def profile_save(request: Request, viewer: Adviser) -> Response:
    form = await request.form()
    values = _profile_form(form)
    adviser_id = _user_id(viewer)
    actor = viewer.user.username
    status_code = 422
    try:
        data = AdviserUpdate.model_validate(values)
    except ValidationError as invalid:
        codes = _field_errors(invalid)
    else:
        refused = await _profile_write(
            request, lambda session, _now: advisers.update_profile(session, adviser_id, data, actor)
        )
        if refused is None:
            return redirect(_with_params(LINKS["profile"], done="profile_saved"))
        codes, status_code = refused
    errors = _errors_in(Page(request, viewer), codes)
    return await _read(
        request,
        lambda session: _profile_page(
            request, viewer, session, status_code=status_code, errors=errors, values=values
        ),
    )


@router.post("/profile/calendar")
async def calendar_link(request: Request, viewer: Adviser) -> Response:
    """A new calendar (iCal) address, shown this once; the previous one stops working."""
    adviser_id = _user_id(viewer)
    token = await _write(request, lambda session, _now: ical.issue_feed_token(session, adviser_id))
    feed = str(request.base_url).rstrip("/") + ical.feed_url(token)
    return await _read(
        request,
        lambda session: _profile_page(request, viewer, session, status_code=201, feed=feed),
    )


# --- advisers (admins) -------------------------------------------------------------------------


def _advisers_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    page = Page(request, viewer)
    accounts = console.adviser_accounts(session)
    names = branches.branch_names(session, page.lang)
    topics = dict(_topic_choices(page.lang))
    return page.render(
        "support_advisers.html",
        status_code=status_code,
        notices=notices,
        accounts=accounts,
        without_profile=[a.user for a in accounts if a.profile is None and a.user.active],
        branch_names=names,
        branch_choices=list(names.items()),
        topic_names=topics,
        topics=list(topics.items()),
        errors=errors or {},
        values={
            "user_id": "",
            "display_name": "",
            "place": "",
            "branches": [],
            "topics": [],
            "languages": [],
            **(values or {}),
        },
        **_common(page, "support_advisers"),
    )


@router.get("/advisers")
def adviser_list(
    request: Request, viewer: Admin, session: SessionDep, done: ShortQuery = ""
) -> Response:
    """Every adviser account with its profile; create, activate and deactivate profiles."""
    notices = _notices(Page(request, viewer), session, done, 0)
    return _advisers_page(request, viewer, session, notices=notices)


@router.post("/advisers")
async def adviser_create(request: Request, viewer: Admin) -> Response:
    form = await request.form()
    values = {**_profile_form(form), "user_id": form_text(form, "user_id", 12)}
    actor = viewer.user.username
    status_code = 422
    codes: dict[str, str] = {}
    try:
        user_id = int(values["user_id"])
        if not 0 < user_id < 2**31:
            raise ValueError(user_id)
    except ValueError:
        codes["user_id"] = "adviser_required"
    try:
        data = AdviserCreate.model_validate({k: v for k, v in values.items() if k != "user_id"})
    except ValidationError as invalid:
        codes = {**_field_errors(invalid), **codes}
    if not codes:
        refused = await _profile_write(
            request, lambda session, _now: advisers.create_profile(session, user_id, data, actor)
        )
        if refused is None:
            return redirect(_with_params(LINKS["advisers"], done="adviser_created"))
        codes, status_code = refused
    errors = _errors_in(Page(request, viewer), codes)
    return await _read(
        request,
        lambda session: _advisers_page(
            request, viewer, session, status_code=status_code, errors=errors, values=values
        ),
    )


@router.post("/advisers/{user_id}/active")
async def adviser_active(request: Request, user_id: RowId, viewer: Admin) -> Response:
    """Take bookings (``active=yes``) or not; a deactivated adviser's bookings stay."""
    form = await request.form()
    active = form_text(form, "active", 3) == "yes"
    data = AdviserUpdate(active=active)
    actor = viewer.user.username
    await _write(
        request, lambda session, _now: advisers.update_profile(session, user_id, data, actor)
    )
    done = "adviser_activated" if active else "adviser_deactivated"
    return redirect(_with_params(LINKS["advisers"], done=done))


#: What ``fleet.main`` includes: the console under /support/ and its sign-in bridge.
