"""Staff pages for visitors under ``/admin/``: sessions, check a card, guest passes, reservations.

The same services as the admin API (``fleet/admin/visitors.py``), as plain HTML forms with
the session's CSRF token. Card numbers and PINs arrive in POST bodies only, are never
written back into a page, a URL or a log line; the one thing a page carries after a card
check is an encrypted, short-lived reference for the "release the card" button.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlmodel import Session

from fleet.admin.router import RowId, data_keys, now_of, settings_of
from fleet.auth.dependencies import Viewer, require_web_role
from fleet.auth.models import Role
from fleet.auth.permissions import may_send
from fleet.branches import service as branches
from fleet.branches.models import Branch, Profile
from fleet.crypto import DataKeys, DecryptionError
from fleet.db import SessionDep
from fleet.devices import service as devices
from fleet.devices.service import DeviceSummary
from fleet.errors import FleetError, NotFoundError
from fleet.protocol import CommandType, HealthStatus, LocalizedText
from fleet.protocol.hours import open_interval, zone_of
from fleet.protocol.sessions import LoginRefusal
from fleet.sessions import guest_passes, reservations, staff
from fleet.sessions.models import GuestPass, PatronSession, PcReservation
from fleet.sessions.service import CardCheck, SessionService
from fleet.web import labels
from fleet.web.forms import error_text, form_text, redirect
from fleet.web.i18n import LANGUAGE_NAMES, LANGUAGES, translations
from fleet.web.rendering import HELSINKI, PREFIX, Page
from fleet.web.router import REFRESH_SECONDS
from fleet.web.routing import FORBIDDEN_TEXT, WebRoute, error_page

router = APIRouter(prefix=PREFIX, route_class=WebRoute, include_in_schema=False)

Staff = Annotated[Viewer, Depends(require_web_role(Role.STAFF))]
SessionId = Annotated[str, Path(min_length=1, max_length=36)]
BranchQuery = Annotated[str, Query(max_length=32)]

#: The pages' own paths (templates get them as ``links``).
LINKS = {
    "sessions": f"{PREFIX}/sessions",
    "sessions_fragment": f"{PREFIX}/sessions/fragment",
    "card_check": f"{PREFIX}/cards/check",
    "card_release": f"{PREFIX}/cards/release",
    "guest_passes": f"{PREFIX}/guest-passes",
    "reservations": f"{PREFIX}/reservations",
}
#: What a typed card number may contain (the wire contract's ``CardNumber``).
CARD_NUMBER = re.compile(r"^[0-9A-Za-z -]{1,32}$")
#: The "release the card" button works this long after the check that showed it.
RELEASE_WINDOW = dt.timedelta(minutes=15)
RELEASE_PURPOSE = "web.card-release.v1"
#: A guest pass without an explicit end lasts this long when no closing time applies.
DEFAULT_PASS_HOURS = 12
_BABEL_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
#: ``?done=`` after a POST: which notice the page shows (POST/redirect/GET).
DONE_NOTICES = {
    "ended": labels.VISITOR_NOTICES["session_ended"],
    "message": labels.VISITOR_NOTICES["message_sent"],
    "released": labels.VISITOR_NOTICES["card_released"],
    "revoked": labels.VISITOR_NOTICES["pass_revoked"],
    "cancelled": labels.VISITOR_NOTICES["reservation_cancelled"],
}


def _command_ttl(request: Request) -> dt.timedelta:
    return dt.timedelta(minutes=settings_of(request).command_ttl_minutes)


def _query(**params: str) -> str:
    kept = {name: value for name, value in params.items() if value}
    return f"?{urlencode(kept)}" if kept else ""


def _say(page: Page, table: dict[str, str], key: str, **variables: object) -> str:
    """A label from ``table`` in the reader's language (literal keys stay out of gettext
    calls, where the extractor would take them for messages)."""
    return page.gettext(table[key], **variables)


def _done(page: Page, done: str) -> list[tuple[str, str]]:
    return [("success", page.gettext(DONE_NOTICES[done]))] if done in DONE_NOTICES else []


class Clock:
    """Dates and times in a branch's zone, written the way the reader's language writes them."""

    def __init__(self, lang: str, zone: ZoneInfo = HELSINKI) -> None:
        self.locale = _BABEL_LOCALES.get(lang, "fi_FI")
        self.zone = zone

    def time(self, value: dt.datetime) -> str:
        return format_time(value, format="short", tzinfo=self.zone, locale=self.locale)

    def moment(self, value: dt.datetime) -> str:
        return format_datetime(value, format="short", tzinfo=self.zone, locale=self.locale)

    def day(self, value: dt.date) -> str:
        return format_date(value, format="full", locale=self.locale)

    def local(self, value: dt.datetime) -> str:
        """The value of a ``datetime-local`` field."""
        return value.astimezone(self.zone).strftime("%Y-%m-%dT%H:%M")


def _branch_choices(session: Session, lang: str) -> list[tuple[str, str]]:
    return [
        (branch.id, branches.branch_name(branch).get(lang))
        for branch in branches.list_branches(session)
    ]


def _forbidden(request: Request) -> Response:
    return error_page(request, 403, FORBIDDEN_TEXT)


def _common(page: Page, session: Session, section: str) -> dict[str, Any]:
    return {
        "section": section,
        "labels": labels,
        "links": LINKS,
        "branch_choices": _branch_choices(session, page.lang),
    }


# --- sessions --------------------------------------------------------------------------------


def _sessions_context(
    request: Request, page: Page, session: Session, branch: str
) -> dict[str, Any]:
    branch_id = branches.get_branch(session, branch).id if branch else None
    now = now_of(request)
    return {
        **_common(page, session, "sessions"),
        "rows": staff.active_sessions(session, now, branch_id),
        "branch_names": dict(_branch_choices(session, page.lang)),
        "now": now,
        "branch": branch_id or "",
        "clock": Clock(page.lang),
        "refresh_seconds": REFRESH_SECONDS,
        "fragment_url": LINKS["sessions_fragment"] + _query(branch=branch_id or ""),
        "errors": {},
        "typed": {},
    }


def _sessions_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    branch: str,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    page = Page(request, viewer)
    context = _sessions_context(request, page, session, branch)
    context.update(errors=errors or {}, typed=typed or {})
    return page.render("sessions.html", status_code=status_code, notices=notices, **context)


@router.get("/sessions")
def session_list(
    request: Request, viewer: Staff, session: SessionDep, branch: BranchQuery = "", done: str = ""
) -> Response:
    """Running visitor sessions: the PC and its time, never the person."""
    notices = _done(Page(request, viewer), done)
    return _sessions_page(request, viewer, session, branch, notices=notices)


@router.get("/sessions/fragment")
def session_list_fragment(
    request: Request, viewer: Staff, session: SessionDep, branch: BranchQuery = ""
) -> Response:
    """The sessions table alone, for the page's self-refresh."""
    page = Page(request, viewer)
    return page.render("_sessions_table.html", **_sessions_context(request, page, session, branch))


def _running(session: Session, session_id: str) -> PatronSession:
    row = session.get(PatronSession, session_id)
    if row is None:
        raise FleetError("session_not_found", "No such session.", 404)
    if row.ended_at is not None:
        raise FleetError("session_not_active", "The session has already ended.", 409)
    return row


@router.post("/sessions/{session_id}/end")
async def session_end(
    request: Request, session_id: SessionId, viewer: Staff, session: SessionDep
) -> Response:
    """Queue an ``end_session`` command: the PC logs the visitor out and wipes the session."""
    form = await request.form()
    branch = form_text(form, "branch", 32)
    if not may_send(viewer.user.role, CommandType.END_SESSION):
        return _forbidden(request)
    try:
        staff.end_session(
            session, session_id, viewer.user.username, now_of(request), _command_ttl(request)
        )
    except FleetError as error:
        session.rollback()
        notice = ("error", error_text(Page(request, viewer), error.code))
        return _sessions_page(
            request, viewer, session, branch, status_code=error.status, notices=[notice]
        )
    return redirect(LINKS["sessions"] + _query(branch=branch, done="ended"))


@router.post("/sessions/{session_id}/message")
async def session_message(
    request: Request, session_id: SessionId, viewer: Staff, session: SessionDep
) -> Response:
    """Show a short text on the screen of the PC this session runs on."""
    form = await request.form()
    branch = form_text(form, "branch", 32)
    text = form_text(form, "message", 501)
    if not may_send(viewer.user.role, CommandType.MESSAGE):
        return _forbidden(request)
    page = Page(request, viewer)
    field = f"message-{session_id}"
    try:
        row = _running(session, session_id)
        if not text or len(text) > 500:
            code = "message_required" if not text else "message_too_long"
            return _sessions_page(
                request,
                viewer,
                session,
                branch,
                status_code=422,
                errors={field: _say(page, labels.ERRORS, code)},
                typed={field: text},
            )
        devices.send_command(
            session,
            row.device_id,
            CommandType.MESSAGE,
            text,
            viewer.user.username,
            ttl=_command_ttl(request),
            now=now_of(request),
        )
    except FleetError as error:
        session.rollback()
        notice = ("error", error_text(page, error.code))
        return _sessions_page(
            request, viewer, session, branch, status_code=error.status, notices=[notice]
        )
    return redirect(LINKS["sessions"] + _query(branch=branch, done="message"))


# --- check a card ----------------------------------------------------------------------------


def _card_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    branch: str = "",
    result: dict[str, Any] | None = None,
) -> Response:
    page = Page(request, viewer)
    return page.render(
        "card_check.html",
        status_code=status_code,
        notices=notices,
        errors=errors or {},
        branch=branch,
        result=result,
        **_common(page, session, "cards"),
    )


def _release_token(keys: DataKeys, card: str, actor: str, now: dt.datetime) -> str:
    """An encrypted, user-bound, short-lived reference to the card just checked."""
    plain = {"purpose": RELEASE_PURPOSE, "card": card, "by": actor, "at": now.isoformat()}
    return keys.encrypt(json.dumps(plain))


def _released_card(keys: DataKeys, token: str, actor: str, now: dt.datetime) -> str | None:
    try:
        plain = json.loads(keys.decrypt(token))
        issued = dt.datetime.fromisoformat(plain["at"])
    except (DecryptionError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(plain, dict) or plain.get("purpose") != RELEASE_PURPOSE:
        return None
    if plain.get("by") != actor or not issued <= now <= issued + RELEASE_WINDOW:
        return None
    card = plain.get("card")
    return card if isinstance(card, str) else None


def _result(page: Page, check: CardCheck, now: dt.datetime, release: str | None) -> dict[str, Any]:
    if check.reason is None:
        sentence = page.gettext(labels.LOGIN_ALLOWED)
    else:
        sentence = _say(page, labels.LOGIN_REFUSALS, check.reason.value)
    retry_at = None
    retry_minutes = None
    if check.retry_after_seconds:
        retry_at = Clock(page.lang).time(now + dt.timedelta(seconds=check.retry_after_seconds))
        retry_minutes = max(1, -(-check.retry_after_seconds // 60))
    return {
        "allowed": check.allowed,
        "reason": check.reason.value if check.reason else None,
        "sentence": sentence,
        "category": check.category.value if check.category else None,
        "daily_minutes_left": check.daily_minutes_left,
        "retry_at": retry_at,
        "retry_minutes": retry_minutes,
        "release_token": release,
    }


@router.get("/cards/check")
def card_check_form(
    request: Request, viewer: Staff, session: SessionDep, done: str = ""
) -> Response:
    notices = _done(Page(request, viewer), done)
    return _card_page(request, viewer, session, notices=notices)


@router.post("/cards/check")
async def card_check(request: Request, viewer: Staff, session: SessionDep) -> Response:
    """The kiosk's log-in path without a session; a wrong PIN counts, as at a PC."""
    form = await request.form()
    card = form_text(form, "card_number", 64)
    pin_value = form.get("pin")
    pin = pin_value.strip() if isinstance(pin_value, str) else ""
    branch = form_text(form, "branch", 32)
    page = Page(request, viewer)
    errors: dict[str, str] = {}
    if not CARD_NUMBER.match(card) or not card.replace(" ", "").replace("-", ""):
        errors["card_number"] = _say(page, labels.ERRORS, "invalid_card_number")
    if not 1 <= len(pin) <= 32:
        errors["pin"] = _say(page, labels.ERRORS, "pin_required")
    if branch:
        branches.get_branch(session, branch)  # an unknown branch is a 404 page
    if errors:
        # Nothing typed is echoed back, not even on an error.
        return _card_page(request, viewer, session, status_code=422, errors=errors, branch=branch)
    service: SessionService = request.app.state.visitor_sessions
    now = now_of(request)
    check = await service.check(card, pin, branch or None)
    release = None
    if check.reason is LoginRefusal.PIN_THROTTLED:
        release = _release_token(data_keys(request), card, viewer.user.username, now)
    return _card_page(
        request, viewer, session, branch=branch, result=_result(page, check, now, release)
    )


@router.post("/cards/release")
async def card_release(request: Request, viewer: Staff, session: SessionDep) -> Response:
    """Forget a paused card's wrong PINs, so its holder can log in again at once."""
    form = await request.form()
    keys = data_keys(request)
    card = _released_card(
        keys, form_text(form, "card_ref", 2000), viewer.user.username, now_of(request)
    )
    if card is None:
        page = Page(request, viewer)
        notice = ("error", _say(page, labels.ERRORS, "release_expired"))
        return _card_page(request, viewer, session, status_code=422, notices=[notice])
    staff.release_card(session, keys, card, viewer.user.username)
    return redirect(LINKS["card_check"] + _query(done="released"))


# --- guest passes ----------------------------------------------------------------------------


def _pass_status(guest_pass: GuestPass, now: dt.datetime) -> str:
    if guest_pass.revoked_at is not None:
        return "revoked"
    if guest_pass.valid_until <= now:
        return "expired"
    if guest_passes.minutes_left(guest_pass) < 1:
        return "used_up"
    return "valid"


def _passes_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    include_ended: bool = False,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    page = Page(request, viewer)
    now = now_of(request)
    rows = guest_passes.list_guest_passes(session, now, include_ended=include_ended)
    common = _common(page, session, "guest_passes")
    return page.render(
        "guest_passes.html",
        status_code=status_code,
        notices=notices,
        rows=[(row, _pass_status(row, now)) for row in rows],
        branch_names=dict(common["branch_choices"]),
        include_ended=include_ended,
        errors=errors or {},
        values={"minutes": "60", "valid_until": "", "branch": "", "label": "", **(values or {})},
        clock=Clock(page.lang),
        **common,
    )


@router.get("/guest-passes")
def guest_pass_list(
    request: Request,
    viewer: Staff,
    session: SessionDep,
    include_ended: bool = False,
    done: str = "",
) -> Response:
    notices = _done(Page(request, viewer), done)
    return _passes_page(request, viewer, session, include_ended=include_ended, notices=notices)


def default_pass_end(session: Session, branch: Branch | None, now: dt.datetime) -> dt.datetime:
    """The branch's closing time today if it is still ahead, else 12 hours from now."""
    fallback = now + dt.timedelta(hours=DEFAULT_PASS_HOURS)
    if branch is None:
        return fallback
    zone = zone_of(branch.timezone)
    today = now.astimezone(zone).date()
    interval = open_interval(branches.opening_hours(session, branch), zone, today)
    if interval is None or interval[1] <= now:
        return fallback
    return interval[1]


def _slips(issued: GuestPass, branch_name: LocalizedText | None) -> list[dict[str, str]]:
    """The slip's instructions in every language: the visitor may read none of the staff's."""
    texts = []
    for language in LANGUAGES:
        slip = {
            name: translations(language).gettext(text)
            for name, text in labels.GUEST_PASS_SLIP.items()
        }
        when = Clock(language).moment(issued.valid_until)
        texts.append(
            {
                "lang": language,
                "name": LANGUAGE_NAMES[language],
                "how": slip["how"],
                "valid": slip["valid"] % {"when": when, "minutes": issued.minutes},
                "where": (
                    slip["where"] % {"branch": branch_name.get(language)}
                    if branch_name
                    else slip["anywhere"]
                ),
            }
        )
    return texts


@router.post("/guest-passes")
async def guest_pass_create(request: Request, viewer: Staff, session: SessionDep) -> Response:
    """Create a pass and show its code and PIN on this response only (stored only hashed)."""
    form = await request.form()
    page = Page(request, viewer)
    values = {
        "minutes": form_text(form, "minutes", 6),
        "valid_until": form_text(form, "valid_until", 20),
        "branch": form_text(form, "branch", 32),
        "label": form_text(form, "label", 100),
    }
    now = now_of(request)
    branch = branches.get_branch(session, values["branch"]) if values["branch"] else None
    clock = Clock(page.lang, zone_of(branch.timezone) if branch else HELSINKI)
    errors: dict[str, str] = {}
    try:
        minutes = int(values["minutes"] or "60")
    except ValueError:
        minutes = 0
    if not 5 <= minutes <= 24 * 60:
        errors["minutes"] = _say(page, labels.ERRORS, "invalid_pass_minutes")
    valid_until = default_pass_end(session, branch, now)
    if values["valid_until"]:
        try:
            typed = dt.datetime.fromisoformat(values["valid_until"])
            valid_until = typed.replace(tzinfo=clock.zone) if typed.tzinfo is None else typed
        except ValueError:
            valid_until = now
        if not now < valid_until <= now + guest_passes.MAX_VALIDITY:
            errors["valid_until"] = _say(page, labels.ERRORS, "invalid_pass_end")
    if errors:
        return _passes_page(request, viewer, session, status_code=422, errors=errors, values=values)
    issued = guest_passes.create_guest_pass(
        session,
        request.app.state.pins,
        minutes=minutes,
        valid_from=now,
        valid_until=valid_until,
        actor=viewer.user.username,
        branch_id=branch.id if branch else None,
        label=values["label"],
    )
    return _issued_page(
        request, viewer, session, issued.guest_pass, issued.code, issued.pin, status_code=201
    )


def _slip_printers(
    session: Session, guest_pass: GuestPass, now: dt.datetime
) -> list[DeviceSummary]:
    """The PCs that could print the pass's slip: active, with a slip printer, at its branch."""
    return [
        pc
        for pc in devices.list_devices(session, now=now, branch_id=guest_pass.branch_id)
        if pc.printer.status is not HealthStatus.ABSENT
    ]


def _issued_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    guest_pass: GuestPass,
    code: str,
    pin: str,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The new pass's slip, with its code and PIN: this page is the only place they show."""
    page = Page(request, viewer)
    branch = branches.get_branch(session, guest_pass.branch_id) if guest_pass.branch_id else None
    names = branches.branch_name(branch) if branch else None
    clock = Clock(page.lang, zone_of(branch.timezone) if branch else HELSINKI)
    return page.render(
        "guest_pass_issued.html",
        status_code=status_code,
        notices=notices,
        section="guest_passes",
        labels=labels,
        links=LINKS,
        guest_pass=guest_pass,
        code=guest_passes.format_pass_code(code),
        pin=pin,
        branch_name=names.get(page.lang) if names else None,
        branch_names=dict(_branch_choices(session, page.lang)),
        clock=clock,
        slips=_slips(guest_pass, names),
        slip_labels={
            name: [(language, translations(language).gettext(text)) for language in LANGUAGES]
            for name, text in labels.GUEST_PASS_SLIP.items()
            if name in ("title", "code", "pin")
        },
        printers=_slip_printers(session, guest_pass, now_of(request)),
        slip_languages=[(language, LANGUAGE_NAMES[language]) for language in LANGUAGES],
        values={"device_id": "", "language": page.lang, **(values or {})},
    )


@router.post("/guest-passes/{pass_id}/print")
async def guest_pass_print(
    request: Request, pass_id: RowId, viewer: Staff, session: SessionDep
) -> Response:
    """Print the new pass's slip on a PC's slip printer, from the page that shows its PIN."""
    form = await request.form()
    page = Page(request, viewer)
    code, pin = form_text(form, "code", 16), form_text(form, "pin", 8)
    values = {
        "device_id": form_text(form, "device_id", 12),
        "language": form_text(form, "language", 2),
    }
    guest_pass = session.get(GuestPass, pass_id)
    if guest_pass is None:
        raise NotFoundError("guest_pass", pass_id)
    language = values["language"] if values["language"] in LANGUAGES else page.lang
    if not values["device_id"].isdigit():
        notice = ("error", _say(page, labels.ERRORS, "printer_required"))
        return _issued_page(
            request, viewer, session, guest_pass, code, pin,
            status_code=422, notices=[notice], values=values,
        )  # fmt: skip
    try:
        command = guest_passes.print_slip(
            session,
            request.app.state.pins,
            data_keys(request),
            pass_id=pass_id,
            code=code,
            pin=pin,
            device_id=int(values["device_id"]),
            language=language,
            actor=viewer.user.username,
            now=now_of(request),
        )
    except FleetError as error:
        if error.code == "guest_pass_mismatch":
            # Never echo a code or PIN that is not this pass's back into a page.
            return _passes_page(
                request, viewer, session, status_code=422,
                notices=[("error", error_text(page, error.code))],
            )  # fmt: skip
        return _issued_page(
            request, viewer, session, guest_pass, code, pin,
            status_code=error.status, notices=[("error", error_text(page, error.code))],
            values=values,
        )  # fmt: skip
    device = devices.get_device_row(session, command.device_id)
    sent = _say(page, labels.VISITOR_NOTICES, "slip_sent", pc=device.name)
    return _issued_page(
        request, viewer, session, guest_pass, code, pin,
        notices=[("success", sent)], values=values,
    )  # fmt: skip


@router.post("/guest-passes/{pass_id}/revoke")
def guest_pass_revoke(
    request: Request, pass_id: RowId, viewer: Staff, session: SessionDep
) -> Response:
    guest_passes.revoke_guest_pass(session, pass_id, viewer.user.username, now_of(request))
    return redirect(LINKS["guest_passes"] + _query(done="revoked"))


# --- PC reservations -------------------------------------------------------------------------


def _default_branch(session: Session, branch: str) -> Branch | None:
    if branch:
        return branches.get_branch(session, branch)
    found = branches.list_branches(session)
    return found[0] if found else None


def _reservation_minutes(session: Session, branch: Branch) -> int:
    profile = session.get(Profile, branch.profile_id) if branch.profile_id else None
    return branches.profile_policy(profile).reservation_minutes


def _free_starts(
    session: Session, branch: Branch, day: dt.date, now: dt.datetime, minutes: int
) -> list[dt.datetime]:
    """Start times on ``day`` with a PC free for ``minutes`` (none for past or far days)."""
    zone = zone_of(branch.timezone)
    today = now.astimezone(zone).date()
    if not today <= day <= (now + reservations.HORIZON).astimezone(zone).date():
        return []
    # ``options`` looks from ``now`` onwards: for a later day, from that day's midnight.
    since = now if day == today else dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    starts = reservations.options(session, branch.id, since, minutes=minutes, days=1)
    return [start for start in starts if start <= now + reservations.HORIZON]


def _reservations_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    branch_id: str,
    day: dt.date | None,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    page = Page(request, viewer)
    common = _common(page, session, "reservations")
    branch = _default_branch(session, branch_id)
    if branch is None:
        return page.render("reservations.html", status_code=status_code, branch=None, **common)
    zone = zone_of(branch.timezone)
    clock = Clock(page.lang, zone)
    now = now_of(request)
    today = now.astimezone(zone).date()
    day = day or today
    since = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    until = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    pcs = devices.list_devices(session, now=now, branch_id=branch.id)
    pc_names = {pc.id: pc.name for pc in pcs}
    found = reservations.for_branch(session, branch.id, since, until)
    rows = sorted(found, key=lambda r: (pc_names.get(r.device_id, ""), r.starts_at))
    form_values = {
        "card_number": "",
        "device_id": "",
        "start": "",
        "minutes": str(_reservation_minutes(session, branch)),
        "label": "",
        **(values or {}),
    }
    try:
        minutes = int(form_values["minutes"])
    except ValueError:
        minutes = _reservation_minutes(session, branch)
    starts = _free_starts(session, branch, day, now, max(15, min(minutes, 240)))
    return page.render(
        "reservations.html",
        status_code=status_code,
        notices=notices,
        branch=branch,
        branch_name=branches.branch_name(branch).get(page.lang),
        day=day,
        today=today,
        last_day=(now + reservations.HORIZON).astimezone(zone).date(),
        rows=rows,
        pcs=pcs,
        pc_names=pc_names,
        starts=[clock.time(start) for start in starts],
        start_values=[start.astimezone(zone).strftime("%H:%M") for start in starts],
        clock=clock,
        now=now,
        errors=errors or {},
        values=form_values,
        **common,
    )


@router.get("/reservations")
def reservation_list(
    request: Request,
    viewer: Staff,
    session: SessionDep,
    branch: BranchQuery = "",
    day: dt.date | None = None,
    reserved: int = 0,
    done: str = "",
) -> Response:
    page = Page(request, viewer)
    notices = _done(page, done)
    made = session.get(PcReservation, reserved) if 0 < reserved < 2**31 else None
    if made is not None and made.cancelled_at is None:
        where = branches.get_branch(session, made.branch_id)
        clock = Clock(page.lang, zone_of(where.timezone))
        pc = devices.get_device_row(session, made.device_id).name
        text = _say(
            page,
            labels.VISITOR_NOTICES,
            "reserved",
            pc=pc,
            start=clock.moment(made.starts_at),
            end=clock.time(made.ends_at),
        )
        notices.append(("success", text))
    return _reservations_page(request, viewer, session, branch, day, notices=notices)


_RESERVATION_FIELDS = {
    "invalid_card_number": "card_number",
    "pc_taken": "device_id",
    "device_not_found": "device_id",
    "no_free_pc": "start",
    "reservation_outside_hours": "start",
    "invalid_reservation": "start",
}


@router.post("/reservations")
async def reservation_create(request: Request, viewer: Staff, session: SessionDep) -> Response:
    """Reserve a PC for the holder of a library card; errors come back next to the form."""
    form = await request.form()
    page = Page(request, viewer)
    values = {
        "card_number": form_text(form, "card_number", 64),
        "branch": form_text(form, "branch", 32),
        "day": form_text(form, "day", 10),
        "device_id": form_text(form, "device_id", 12),
        "start": form_text(form, "start", 5),
        "minutes": form_text(form, "minutes", 4),
        "label": form_text(form, "label", 100),
    }
    branch = branches.get_branch(session, values["branch"])
    zone = zone_of(branch.timezone)
    errors: dict[str, str] = {}
    day: dt.date | None = None
    starts_at: dt.datetime | None = None
    try:
        day = dt.date.fromisoformat(values["day"])
        starts_at = dt.datetime.combine(day, dt.time.fromisoformat(values["start"]), tzinfo=zone)
    except ValueError:
        errors["start"] = _say(page, labels.ERRORS, "invalid_reservation")
    try:
        minutes = int(values["minutes"])
    except ValueError:
        minutes = 0
    if not 15 <= minutes <= 240:
        errors["minutes"] = _say(page, labels.ERRORS, "invalid_reservation_minutes")
    try:
        device_id = int(values["device_id"]) if values["device_id"] else None
    except ValueError:
        device_id = -1
    if device_id is not None and not 0 < device_id < 2**31:
        errors["device_id"] = _say(page, labels.ERRORS, "device_not_found")
    if not CARD_NUMBER.match(values["card_number"]):
        errors["card_number"] = _say(page, labels.ERRORS, "invalid_card_number")
    created = None
    status_code = 422
    if not errors and starts_at is not None:
        try:
            created = staff.reserve_for_card(
                session,
                data_keys(request),
                card_number=values["card_number"],
                branch_id=branch.id,
                starts_at=starts_at,
                minutes=minutes,
                actor=viewer.user.username,
                now=now_of(request),
                device_id=device_id,
                label=values["label"],
            )
        except FleetError as error:
            if error.code not in _RESERVATION_FIELDS:
                raise
            session.rollback()
            errors[_RESERVATION_FIELDS[error.code]] = error_text(page, error.code)
            status_code = error.status
    if created is None:
        return _reservations_page(
            request,
            viewer,
            session,
            branch.id,
            day,
            status_code=status_code,
            errors=errors,
            values=values,
        )
    local_day = created.starts_at.astimezone(zone).date().isoformat()
    query = _query(branch=branch.id, day=local_day, reserved=str(created.id))
    return redirect(LINKS["reservations"] + query)


@router.post("/reservations/{reservation_id}/cancel")
def reservation_cancel(
    request: Request, reservation_id: RowId, viewer: Staff, session: SessionDep
) -> Response:
    cancelled = reservations.cancel(session, reservation_id, viewer.user.username, now_of(request))
    branch = session.get_one(Branch, cancelled.branch_id)
    day = cancelled.starts_at.astimezone(zone_of(branch.timezone)).date().isoformat()
    return redirect(LINKS["reservations"] + _query(branch=branch.id, day=day, done="cancelled"))
