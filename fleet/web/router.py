"""Web UI pages under ``/admin/``: sign-in, devices, commands, branches, profiles, codes.

Pages are plain HTML forms (each POST carries the session's CSRF token) and work without
JavaScript; ``static/admin.js`` only refreshes live regions from the ``/fragment`` routes.
Handlers parse the form, call one service, and redirect (POST/redirect/GET) or render.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from fleet.admin.router import RowId, now_of, settings_of
from fleet.auth.dependencies import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    AuthServiceDep,
    Viewer,
    client_address,
    current_viewer,
    get_auth_config,
    require_web_role,
)
from fleet.auth.errors import CsrfError, InvalidCredentialsError, LoginThrottledError
from fleet.auth.models import Role
from fleet.auth.permissions import allowed_commands, may_send
from fleet.auth.service import AuthConfig
from fleet.auth.tokens import new_secret, same_secret
from fleet.branches import service as branches
from fleet.branches.schemas import ProfileCreate, ProfileUpdate
from fleet.db import SessionDep
from fleet.devices import service as devices
from fleet.errors import FleetError
from fleet.ops.audit import record_audit
from fleet.protocol import CommandType, DayHours, HoursException, LocalizedText, Policy
from fleet.web import device_power, labels
from fleet.web.branch_groups import branches_page, group_choices
from fleet.web.forms import form_text, redirect
from fleet.web.i18n import LANGUAGES
from fleet.web.labels import N_
from fleet.web.rendering import (
    LANGUAGE_COOKIE,
    PREFIX,
    SESSION_COOKIE_PATH,
    STATIC_DIR,
    SUPPORT_PREFIX,
    Page,
    url,
)
from fleet.web.routing import FORBIDDEN_TEXT, WebRoute, error_page

router = APIRouter(prefix=PREFIX, route_class=WebRoute, include_in_schema=False)

Staff = Annotated[Viewer, Depends(require_web_role(Role.STAFF))]
Admin = Annotated[Viewer, Depends(require_web_role(Role.ADMIN))]
#: Anyone signed in, advisers included: they must be able to sign out of a 403 page.
SignedIn = Annotated[Viewer, Depends(require_web_role(Role.STAFF, Role.ADVISER))]

STATIC_FILES = {"admin.css": "text/css", "admin.js": "text/javascript"}
REFRESH_SECONDS = 5


def _safe_next(value: object) -> str:
    """Only local /admin/ and /support/ paths: an open redirect would make phishing links
    look genuine."""
    if (
        isinstance(value, str)
        and value.startswith((f"{PREFIX}/", f"{SUPPORT_PREFIX}/"))
        and "//" not in value
        and "\\" not in value
    ):
        return value
    return url("devices")


def _secure(request: Request, config: AuthConfig) -> bool:
    """Mark cookies Secure whenever the page came over HTTPS (or the config insists)."""
    return config.secure_cookies or request.url.scheme == "https"


def _view_helpers() -> dict[str, Any]:
    return {
        "labels": labels,
        "refresh_seconds": REFRESH_SECONDS,
    }


# --- static files, language, sign-in -----------------------------------------------------------


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The UI's own CSS and JS: no CDN, so it works in a closed network."""
    if name not in STATIC_FILES:
        return Response(status_code=404)
    response = FileResponse(STATIC_DIR / name, media_type=STATIC_FILES[name])
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@router.get("/language")
def choose_language(
    request: Request,
    auth: AuthServiceDep,
    viewer: Annotated[Viewer | None, Depends(current_viewer)],
    lang: str = "fi",
    next: str = "",
) -> Response:
    """Switch the UI language (a cookie; also the account's preference when signed in)."""
    language = lang if lang in LANGUAGES else "fi"
    response = redirect(_safe_next(next))
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, path="/", samesite="lax"
    )
    if viewer is not None:
        auth.set_language(viewer.user, language)
    return response


@router.get("/")
def home(_viewer: Staff) -> Response:
    return redirect(url("devices"))


def _login_page(
    request: Request,
    config: AuthConfig,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    username: str = "",
    next_url: str = "",
) -> Response:
    page = Page(request, None)
    # Double-submit token: the form field must match this cookie, which another site's
    # page can neither read nor set, so a forged sign-in (login CSRF) fails.
    token = new_secret()
    response = page.render(
        "login.html",
        status_code=status_code,
        notices=[(kind, page.gettext(text)) for kind, text in notices or []],
        username=username,
        next_url=next_url,
        csrf_token=token,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request, config),
        path=PREFIX,
    )
    return response


@router.get("/login")
def login_form(
    request: Request,
    viewer: Annotated[Viewer | None, Depends(current_viewer)],
    config: Annotated[AuthConfig, Depends(get_auth_config)],
    next: str = "",
) -> Response:
    if viewer is not None:
        return redirect(_safe_next(next))
    return _login_page(request, config, next_url=_safe_next(next))


@router.post("/login")
async def login(
    request: Request,
    session: SessionDep,
    auth: AuthServiceDep,
    config: Annotated[AuthConfig, Depends(get_auth_config)],
) -> Response:
    form = await request.form()
    username = form_text(form, "username", 64)
    password = form.get("password")
    next_url = _safe_next(form.get("next"))
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    sent = form_text(form, "csrf_token", 100)
    if not expected or not same_secret(sent, expected):
        raise CsrfError()
    if not isinstance(password, str) or not username or not password:
        return _login_page(
            request,
            config,
            422,
            [("error", N_("Enter your username and password."))],
            username,
            next_url,
        )
    try:
        user = auth.authenticate(username, password[:256], client_address(request))
    except InvalidCredentialsError:
        return _login_page(
            request,
            config,
            401,
            [("error", N_("Wrong username or password."))],
            username,
            next_url,
        )
    except LoginThrottledError as throttled:
        page = Page(request, None)
        text = page.gettext(
            "Too many failed sign-ins. Wait %(seconds)s seconds and try again.",
            seconds=throttled.retry_after,
        )
        response = page.render(
            "login.html",
            status_code=429,
            notices=[("error", text)],
            username=username,
            next_url=next_url,
            csrf_token=expected,
        )
        response.headers["Retry-After"] = str(throttled.retry_after)
        return response
    secret, _session = auth.start_web_session(user)
    record_audit(session, user.username, "auth.sign_in", "user", user.id, {"via": "web"})
    signed_in = redirect(next_url)
    signed_in.set_cookie(
        SESSION_COOKIE,
        secret,
        httponly=True,
        samesite="strict",
        secure=_secure(request, config),
        # One sign-in for the admin pages and the advisers' console under /support/.
        path=SESSION_COOKIE_PATH,
        max_age=int(config.session_lifetime.total_seconds()),
    )
    signed_in.delete_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
    return signed_in


@router.post("/logout")
def logout(request: Request, _viewer: SignedIn, auth: AuthServiceDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        auth.end_web_session(cookie)
    response = redirect(url("login"))
    response.delete_cookie(SESSION_COOKIE, path=SESSION_COOKIE_PATH)
    return response


# --- devices ---------------------------------------------------------------------------------


def _device_rows(request: Request, session: SessionDep) -> list[devices.DeviceSummary]:
    return devices.list_devices(
        session, now=now_of(request), offline_factor=settings_of(request).offline_factor
    )


@router.get("/devices")
def device_list(request: Request, viewer: Staff, session: SessionDep) -> Response:
    page = Page(request, viewer)
    return page.render(
        "devices.html",
        section="devices",
        devices=_device_rows(request, session),
        branch_names=branches.branch_names(session, page.lang),
        **_view_helpers(),
    )


@router.get("/devices/fragment")
def device_list_fragment(request: Request, viewer: Staff, session: SessionDep) -> Response:
    """The device table alone, for the list page's self-refresh."""
    page = Page(request, viewer)
    return page.render(
        "_devices_table.html",
        devices=_device_rows(request, session),
        branch_names=branches.branch_names(session, page.lang),
        **_view_helpers(),
    )


def _device_context(request: Request, session: SessionDep, device_id: int) -> dict[str, Any]:
    now = now_of(request)
    device = devices.get_device(
        session, device_id, now=now, offline_factor=settings_of(request).offline_factor
    )
    commands = devices.list_commands(session, device_id, limit=50, now=now)
    return {
        "device": device,
        "commands": commands,
        # Switched off on purpose: when it should be back (None: when someone switches it on).
        "wake_expected": device_power.expected_wake(session, device, commands),
        **_view_helpers(),
    }


@router.get("/devices/{device_id}")
def device_page(
    request: Request, device_id: RowId, viewer: Staff, session: SessionDep, sent: int | None = None
) -> Response:
    page = Page(request, viewer)
    notices = []
    if sent is not None:
        notices.append(("success", page.gettext("Command sent. Its status is shown below.")))
    return _render_device(request, page, viewer, session, device_id, notices)


def _render_device(
    request: Request,
    page: Page,
    viewer: Viewer,
    session: SessionDep,
    device_id: int,
    notices: list[tuple[str, str]],
    **extra: Any,
) -> Response:
    context = _device_context(request, session, device_id)
    branch = branches.get_branch(session, context["device"].branch_id)
    wake_min, wake_max = device_power.wake_field_limits(branch.timezone, now_of(request))
    return page.render(
        "device.html",
        section="devices",
        notices=notices,
        branch_name=branches.branch_name(branch).get(page.lang),
        branch_timezone=branch.timezone,
        allowed=allowed_commands(viewer.user.role),
        wake_min=wake_min,
        wake_max=wake_max,
        **context,
        **extra,
    )


@router.get("/devices/{device_id}/fragment")
def device_fragment(
    request: Request, device_id: RowId, viewer: Staff, session: SessionDep
) -> Response:
    """The device's live status and command history, for the device page's self-refresh."""
    return Page(request, viewer).render(
        "_device_live.html", **_device_context(request, session, device_id)
    )


@router.post("/devices/{device_id}/commands")
async def device_command(
    request: Request, device_id: RowId, viewer: Staff, session: SessionDep
) -> Response:
    form = await request.form()
    try:
        command_type = CommandType(form_text(form, "type", 32))
    except ValueError:
        raise FleetError("command_type_unknown", "Unknown command type.", 422) from None
    if not may_send(viewer.user.role, command_type):
        return _forbidden(request)
    message = form_text(form, "message", 501) or None
    wake_at = None
    if command_type is CommandType.SHUTDOWN:
        device = devices.get_device(session, device_id, now=now_of(request))
        zone_name = device_power.branch_zone_name(session, device)
        raw_wake = form_text(form, "wake_at", 32)
        wake_at = device_power.wake_at_from_form(raw_wake, zone_name, now_of(request))
        if form.get("confirm") != "yes":
            # Switching a PC off is asked twice: what happens to a visitor, when it is back.
            planned = wake_at or device_power.scheduled_wake(session, device_id, now_of(request))
            question = {"wake_at": raw_wake, "wake": planned, "asked": wake_at is not None}
            page = Page(request, viewer)
            return _render_device(request, page, viewer, session, device_id, [], confirm=question)
    ttl = dt.timedelta(minutes=settings_of(request).command_ttl_minutes)
    actor = viewer.user.username
    command = devices.send_command(
        session,
        device_id,
        command_type,
        message,
        actor,
        ttl=ttl,
        now=now_of(request),
        wake_at=wake_at,
    )
    return redirect(f"{url('device', id=device_id)}?sent={command.id}")


@router.post("/devices/{device_id}/revoke")
def device_revoke(
    request: Request, device_id: RowId, viewer: Admin, session: SessionDep
) -> Response:
    devices.revoke_device(session, device_id, viewer.user.username, now=now_of(request))
    return redirect(url("device", id=device_id))


def _forbidden(request: Request) -> Response:
    return error_page(request, 403, FORBIDDEN_TEXT)


# --- branches --------------------------------------------------------------------------------


@router.get("/branches")
def branch_list(request: Request, viewer: Admin, session: SessionDep, done: str = "") -> Response:
    """The branches and their groups (fleet.web.branch_groups writes the groups)."""
    return branches_page(request, viewer, session, done=done)


def _branch_page(
    request: Request,
    viewer: Viewer,
    session: SessionDep,
    branch_id: str,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    new_code: tuple[str, dt.datetime, int] | None = None,
) -> Response:
    page = Page(request, viewer)
    branch = branches.get_branch(session, branch_id)
    return page.render(
        "branch.html",
        status_code=status_code,
        section="branches",
        notices=notices,
        branch=branch,
        name=branches.branch_name(branch),
        hours=branches.opening_hours(session, branch),
        profiles=branches.list_profiles(session),
        group_choices=group_choices(session, page.lang),
        codes=devices.list_enrollment_codes(session, branch_id, now=now_of(request)),
        new_code=new_code,
        weekdays=labels.WEEKDAYS,
    )


@router.get("/branches/{branch_id}")
def branch_page(
    request: Request, branch_id: str, viewer: Admin, session: SessionDep, saved: int = 0
) -> Response:
    notices = []
    if saved:
        notices.append(("success", Page(request, viewer).gettext("Changes saved.")))
    return _branch_page(request, viewer, session, branch_id, notices=notices)


def _time(form: FormData, name: str) -> dt.time | None:
    value = form_text(form, name, 8)
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise FleetError("invalid_hours", "Times look like 09:00.", 422) from None


@router.post("/branches/{branch_id}/hours")
async def branch_hours(
    request: Request, branch_id: str, viewer: Admin, session: SessionDep
) -> Response:
    """Weekly hours (blank = closed), and dated exceptions: remove ticked, add the new row."""
    form = await request.form()
    actor = viewer.user.username
    branch = branches.get_branch(session, branch_id)
    try:
        weekly = [
            DayHours(opens=_time(form, f"opens_{day}"), closes=_time(form, f"closes_{day}"))
            for day in range(7)
        ]
        for removed in form.getlist("remove_exception"):
            if isinstance(removed, str):
                day = dt.date.fromisoformat(removed)
                branches.remove_hours_exception(session, branch.id, day, actor)
        new_date = form_text(form, "new_date", 10)
        if new_date:
            notes = [form_text(form, f"new_note_{lang}", 200) for lang in LANGUAGES]
            exception = HoursException(
                date=dt.date.fromisoformat(new_date),
                opens=_time(form, "new_opens"),
                closes=_time(form, "new_closes"),
                note=LocalizedText(fi=notes[0], sv=notes[1] or notes[0], en=notes[2] or notes[0])
                if any(notes)
                else None,
            )
            branches.add_hours_exception(session, branch.id, exception, actor)
    except (ValueError, ValidationError):
        raise FleetError("invalid_hours", "Dates look like 2026-12-24.", 422) from None
    branches.set_weekly_hours(session, branch.id, weekly, actor)
    return redirect(f"{url('branch', id=branch_id)}?saved=1")


@router.post("/branches/{branch_id}/profile")
async def branch_profile(
    request: Request, branch_id: str, viewer: Admin, session: SessionDep
) -> Response:
    form = await request.form()
    chosen = form_text(form, "profile_id", 12)
    try:
        profile_id = int(chosen) if chosen else None
    except ValueError:
        raise FleetError("profile_not_found", "No such profile.", 404) from None
    branches.assign_profile(session, branch_id, profile_id, viewer.user.username)
    return redirect(f"{url('branch', id=branch_id)}?saved=1")


@router.post("/branches/{branch_id}/enrollment-codes")
async def branch_code(
    request: Request, branch_id: str, viewer: Admin, session: SessionDep
) -> Response:
    """Create a code and show it on this response only: it is never stored in plain text."""
    form = await request.form()
    try:
        max_uses = int(form_text(form, "max_uses", 6) or "1")
        hours = float(form_text(form, "valid_hours", 6) or "72")
    except ValueError:
        raise FleetError("invalid_max_uses", "Numbers only.", 422) from None
    if not 0 < hours <= 24 * 90:
        raise FleetError("invalid_ttl", "Validity out of range.", 422)
    now = now_of(request)
    ttl = dt.timedelta(hours=hours)
    code = devices.create_enrollment_code(
        session, branch_id, viewer.user.username, ttl, max_uses, now=now
    )
    return _branch_page(
        request, viewer, session, branch_id, status_code=201, new_code=(code, now + ttl, max_uses)
    )


# --- profiles --------------------------------------------------------------------------------


@router.get("/profiles")
def profile_list(request: Request, viewer: Admin, session: SessionDep) -> Response:
    return Page(request, viewer).render(
        "profiles.html", section="profiles", profiles=branches.list_profiles(session)
    )


@router.post("/profiles")
async def profile_create(request: Request, viewer: Admin, session: SessionDep) -> Response:
    form = await request.form()
    try:
        data = ProfileCreate(
            name=form_text(form, "name", 100), description=form_text(form, "description", 500)
        )
    except ValidationError:
        raise FleetError("invalid_profile", "A profile needs a name.", 422) from None
    profile = branches.create_profile(session, data, viewer.user.username)
    return redirect(url("profile", id=profile.id))


@router.get("/profiles/{profile_id}")
def profile_page(
    request: Request, profile_id: RowId, viewer: Admin, session: SessionDep, saved: int = 0
) -> Response:
    page = Page(request, viewer)
    profile = branches.get_profile(session, profile_id)
    notices = [("success", page.gettext("Changes saved."))] if saved else []
    return page.render(
        "profile.html",
        section="profiles",
        notices=notices,
        profile=profile,
        policy=Policy.model_validate(profile.policy),
    )


def _power_schedule(form: FormData) -> dict[str, int | None] | None:
    """The two power-schedule fields; empty or 0 turns each off, both off means none."""
    fields = ("shutdown_after_closing_minutes", "wake_before_opening_minutes")
    values = {name: int(raw) if (raw := form_text(form, name, 6)) else None for name in fields}
    return values if any(values.values()) else None


@router.post("/profiles/{profile_id}")
async def profile_save(
    request: Request, profile_id: RowId, viewer: Admin, session: SessionDep
) -> Response:
    form = await request.form()
    profile = branches.get_profile(session, profile_id)
    current = Policy.model_validate(profile.policy).model_dump(mode="json")
    try:
        for field in (
            "session_minutes",
            "daily_minutes",
            "idle_timeout_minutes",
            "checkin_interval_seconds",
        ):
            current[field] = int(form_text(form, field, 6))
        current["offline"] = {
            "digital_card_allowed": form.get("offline_digital_card") == "on",
            "library_card_allowed": form.get("offline_library_card") == "on",
            "session_minutes": int(form_text(form, "offline_session_minutes", 6)),
        }
        current["power"] = _power_schedule(form)
        update = ProfileUpdate(
            name=form_text(form, "name", 100),
            description=form_text(form, "description", 500),
            policy=Policy.model_validate(current),
        )
    except (ValueError, ValidationError):
        raise FleetError("invalid_profile", "Values out of range.", 422) from None
    branches.update_profile(session, profile_id, update, viewer.user.username)
    return redirect(f"{url('profile', id=profile_id)}?saved=1")
