"""Content pages under ``/admin/``: live announcements, and the signed content bundles.

``/admin/announcements`` writes a notice in Finnish, Swedish and English, previews it the
way the kiosk's idle screen draws it (on the server, with the Preview button; admin.js only
updates the preview while typing), publishes it to every branch or chosen ones, and
withdraws it. ``/admin/content`` lists the bundle versions with what each changed, uploads
a built bundle (a tar), assigns a version, runs a staged roll-out and shows how far it has
reached the PCs (its fragment route feeds the page's self-refresh), and keeps the
publisher keys; ``/admin/content/versions/{id}`` shows one version's files, its slides
with their schedules and its scheduled announcements. Staff may look and publish
announcements; uploads, assignments, roll-outs and keys are for admins.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from babel.dates import format_date, format_time, format_timedelta
from babel.numbers import format_decimal
from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session
from starlette.datastructures import FormData, UploadFile

from content.slides import WEEKDAYS, Schedule
from fleet.admin.router import RowId, now_of, settings_of
from fleet.auth.dependencies import Viewer, require_web_role
from fleet.auth.models import Role
from fleet.branches import service as branches
from fleet.content import announcements, keys
from fleet.content import service as content
from fleet.content.announcements import Draft, ended_at, state_of
from fleet.content.archive import read_bundle_archive
from fleet.content.convergence import convergence, rollout_clock, version_convergence
from fleet.content.models import (
    Announcement,
    ContentRollout,
    ContentVersion,
    RolloutStage,
    group_scope,
    scope_group,
)
from fleet.content.schemas import Convergence, Published
from fleet.content.targets import branch_groups
from fleet.db import SessionDep
from fleet.errors import FleetError
from fleet.web import labels
from fleet.web.branch_groups import group_choices, group_label, scope_names
from fleet.web.forms import error_text, form_text, redirect
from fleet.web.i18n import LANGUAGES, translations
from fleet.web.rendering import HELSINKI, PREFIX, Page, url
from fleet.web.router import REFRESH_SECONDS
from fleet.web.routing import WebRoute
from fleet.web.stats import Numbers
from fleet.web.visitors import Clock

router = APIRouter(prefix=PREFIX, route_class=WebRoute, include_in_schema=False)

#: Staff and admins: look at content, publish and withdraw announcements.
Staff = Annotated[Viewer, Depends(require_web_role(Role.STAFF))]
#: Admins only: upload, assign, roll out, keys.
Admin = Annotated[Viewer, Depends(require_web_role(Role.ADMIN))]
KeyId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{8}$")]

#: The upload form's target: its body may be as large as ``FLEET_MAX_CONTENT_BYTES``.
UPLOAD_PATH = f"{PREFIX}/content/upload"
#: A new announcement runs this long unless the writer chooses otherwise.
DEFAULT_HOURS = 24
_BABEL_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}


def _say(page: Page, table: dict[str, str], key: str, **variables: object) -> str:
    """A label from ``table`` in the reader's language (see ``fleet.web.visitors._say``)."""
    return page.gettext(table[key], **variables)


def _local_value(value: dt.datetime) -> str:
    """The value of a ``datetime-local`` field, in Helsinki time."""
    return value.astimezone(HELSINKI).strftime("%Y-%m-%dT%H:%M")


def _parse_local(value: str) -> dt.datetime | None:
    """A ``datetime-local`` value read as Helsinki time, in UTC; None if it is not one."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=HELSINKI)
    return moment.astimezone(dt.UTC)


def _where(page: Page, branch_ids: list[str] | tuple[str, ...], names: dict[str, str]) -> str:
    if not branch_ids:
        return page.gettext("All branches")
    return ", ".join(names.get(branch_id, branch_id) for branch_id in branch_ids)


def _done(page: Page, done: str, **variables: object) -> list[tuple[str, str]]:
    if done not in labels.CONTENT_NOTICES:
        return []
    return [("success", _say(page, labels.CONTENT_NOTICES, done, **variables))]


# --- live announcements ----------------------------------------------------------------------


def _blank_values(now: dt.datetime) -> dict[str, Any]:
    start = now.astimezone(HELSINKI).replace(second=0, microsecond=0)
    return {
        "text_fi": "",
        "text_sv": "",
        "text_en": "",
        "level": "info",
        "starts_at": _local_value(start),
        "ends_at": _local_value(start + dt.timedelta(hours=DEFAULT_HOURS)),
        "target": "all",
        "branches": [],
    }


def _typed_values(form: FormData) -> dict[str, Any]:
    """What was typed, kept as typed (up to a bound), so an error never loses any of it."""
    target = form_text(form, "target", 8)
    return {
        "text_fi": form_text(form, "text_fi", 2000),
        "text_sv": form_text(form, "text_sv", 2000),
        "text_en": form_text(form, "text_en", 2000),
        "level": form_text(form, "level", 16) or "info",
        "starts_at": form_text(form, "starts_at", 32),
        "ends_at": form_text(form, "ends_at", 32),
        "target": target if target in ("all", "some") else "all",
        "branches": [value[:32] for value in form.getlist("branches") if isinstance(value, str)][
            :500
        ],
    }


def _preview(page: Page, values: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """What the kiosk's idle screen would show, in each of its languages."""
    urgent = values["level"] == "urgent"
    clock = Clock(page.lang)
    starts, ends = _parse_local(values["starts_at"]), _parse_local(values["ends_at"])
    when = ""
    if starts is not None and ends is not None:
        when = page.gettext(
            "Shows from %(start)s until %(end)s.",
            start=clock.moment(starts),
            end=clock.moment(ends),
        )
    chosen = values["branches"] if values["target"] == "some" else []
    return {
        "urgent": urgent,
        "icon": labels.ANNOUNCEMENT_ICONS["urgent" if urgent else "info"],
        "items": [
            {
                "lang": language,
                "name": page.gettext(labels.SUPPORT_LANGUAGES[language]),
                "important": translations(language).gettext(labels.KIOSK_IMPORTANT),
                "text": values[f"text_{language}"],
            }
            for language in LANGUAGES
        ],
        "when": when,
        "where": _where(page, chosen, names),
    }


def _listed_rows(
    page: Page, rows: list[Announcement], names: dict[str, str], now: dt.datetime
) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "state": state_of(row, now),
            "ended_at": ended_at(row),
            "where": _where(page, row.branch_ids, names),
            "texts": [("fi", row.text_fi), ("sv", row.text_sv), ("en", row.text_en)],
        }
        for row in rows
    ]


def _announcements_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    notices: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    page = Page(request, viewer)
    now = now_of(request)
    names = branches.branch_names(session, page.lang)
    values = values or _blank_values(now)
    listed = announcements.list_announcements(session, now)
    return page.render(
        "announcements.html",
        status_code=status_code,
        notices=notices,
        section="announcements",
        labels=labels,
        values=values,
        errors=errors or {},
        preview=_preview(page, values, names),
        branch_choices=sorted(names.items(), key=lambda item: item[1]),
        current=_listed_rows(page, listed.current, names, now),
        upcoming=_listed_rows(page, listed.upcoming, names, now),
        past=_listed_rows(page, listed.past, names, now),
        clock=Clock(page.lang),
        max_chars=announcements.MAX_TEXT_CHARS,
    )


@router.get("/announcements")
def announcement_list(
    request: Request, viewer: Staff, session: SessionDep, done: str = ""
) -> Response:
    notices = _done(Page(request, viewer), done) if done in ("published", "withdrawn") else []
    return _announcements_page(request, viewer, session, notices=notices)


@router.post("/announcements")
async def announcement_submit(request: Request, viewer: Staff, session: SessionDep) -> Response:
    """Preview (re-render with the kiosk's view and any problems) or publish."""
    form = await request.form()
    page = Page(request, viewer)
    values = _typed_values(form)
    now = now_of(request)
    errors: dict[str, str] = {}
    notices: list[tuple[str, str]] = []
    starts = _parse_local(values["starts_at"]) if values["starts_at"] else now
    if starts is None:
        errors["starts_at"] = error_text(page, "announcement_start_missing")
    ends = _parse_local(values["ends_at"]) if values["ends_at"] else None
    if values["ends_at"] and ends is None:
        errors["ends_at"] = error_text(page, "announcement_end_missing")
    chosen = tuple(dict.fromkeys(values["branches"])) if values["target"] == "some" else ()
    if values["target"] == "some" and not chosen:
        errors["branches"] = error_text(page, "announcement_branches_required")
    draft = Draft(
        level=values["level"],
        texts={language: values[f"text_{language}"] for language in LANGUAGES},
        starts_at=starts,
        ends_at=ends,
        branch_ids=chosen,
    )
    for problem in announcements.check_draft(session, draft, now):
        if problem.field == "form":
            notices.append(("error", error_text(page, problem.code)))
        else:
            errors.setdefault(problem.field, error_text(page, problem.code))
    publishing = form_text(form, "action", 16) == "publish"
    if publishing and not errors and not notices:
        announcements.create_announcement(session, draft, viewer.user.username, now=now)
        return redirect(f"{url('announcements')}?done=published")
    if not publishing:
        notices.insert(
            0,
            (
                "info",
                page.gettext(
                    "Preview only: nothing is published yet. Check the texts, then press “Publish”."
                ),
            ),
        )
    return _announcements_page(
        request,
        viewer,
        session,
        values=values,
        errors=errors,
        notices=notices,
        status_code=422 if publishing else 200,
    )


@router.post("/announcements/{announcement_id}/withdraw")
def announcement_withdraw(
    request: Request, announcement_id: RowId, viewer: Staff, session: SessionDep
) -> Response:
    announcements.withdraw_announcement(
        session, announcement_id, viewer.user.username, now=now_of(request)
    )
    return redirect(f"{url('announcements')}?done=withdrawn")


# --- bundles: versions, assignment, roll-outs, keys -------------------------------------------


class Sizes:
    """Byte counts, durations and shares written the way the reader's language writes them."""

    def __init__(self, lang: str) -> None:
        self.locale = _BABEL_LOCALES.get(lang, "fi_FI")
        self.numbers = Numbers(lang)

    def size(self, value: int) -> str:
        if value < 1024 * 1024:
            return f"{format_decimal(value / 1024, format='#,##0.0', locale=self.locale)} kB"
        return f"{format_decimal(value / 1024 / 1024, format='#,##0.0', locale=self.locale)} MB"

    def seconds(self, value: float) -> str:
        return format_timedelta(
            dt.timedelta(seconds=value),
            granularity="second",
            threshold=1.5,
            format="short",
            locale=self.locale,
        )

    def share(self, value: float) -> str:
        return self.numbers.share(value)

    def count(self, value: int) -> str:
        return self.numbers.count(value)


def _rollout_status(session: Session, rollout: ContentRollout) -> dict[str, Any]:
    version = content.get_version_row(session, rollout.version_id)
    progress = None
    if rollout.stage != RolloutStage.ROLLED_BACK.value:
        progress = convergence(session, version, since=rollout_clock(rollout))
    return {"rollout": rollout, "label": version.label, "progress": progress}


def _live_context(request: Request, page: Page, session: Session) -> dict[str, Any]:
    """The self-refreshing part: the newest roll-out and what each scope shows, with figures."""
    rollouts = content.list_rollouts(session, limit=10)
    assignments = content.list_assignments(session)
    reached: dict[int, Convergence] = {}
    for assignment in assignments:
        if assignment.version_id not in reached:
            row = content.get_version_row(session, assignment.version_id)
            reached[assignment.version_id] = version_convergence(session, row)
    return {
        "latest": _rollout_status(session, rollouts[0]) if rollouts else None,
        "earlier_rollouts": [
            (rollout, content.get_version_row(session, rollout.version_id).label)
            for rollout in rollouts[1:]
        ],
        "assignments": assignments,
        "assigned_scopes": {assignment.scope for assignment in assignments},
        "group_of": branch_groups(session),
        "scope_names": scope_names(page, session),
        "reached": reached,
        "branch_names": branches.branch_names(session, page.lang),
        "sizes": Sizes(page.lang),
        "labels": labels,
        "is_admin": page.viewer is not None and page.viewer.is_admin,
        "refresh_seconds": REFRESH_SECONDS,
    }


def _content_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    page = Page(request, viewer)
    now = now_of(request)
    versions = content.list_versions(session, limit=50)
    trusted = {key.key_id for key in keys.list_keys(session) if key.retired_at is None}
    context = _live_context(request, page, session)
    return page.render(
        "content.html",
        status_code=status_code,
        notices=notices,
        section="content",
        versions=versions,
        assignable=[v for v in versions if v.expires_at > now and v.key_id in trusted],
        keys=keys.list_keys(session),
        now=now,
        errors=errors or {},
        values={
            "assign_version": "",
            "assign_scope": "all",
            "rollout_version": "",
            "rollout_pilot": "",
            "public_key": "",
            **(values or {}),
        },
        branch_choices=sorted(context["branch_names"].items(), key=lambda item: item[1]),
        group_scope_choices=[
            (group_scope(group_id), group_label(page, name))
            for group_id, name in group_choices(session, page.lang)
        ],
        max_upload=Sizes(page.lang).size(settings_of(request).max_content_bytes),
        **context,
    )


@router.get("/content")
def content_overview(
    request: Request, viewer: Staff, session: SessionDep, done: str = "", version: int = 0
) -> Response:
    page = Page(request, viewer)
    label = ""
    if done in ("uploaded", "already") and 0 < version < 2**31:
        found = session.get(ContentVersion, version)
        label = found.label if found is not None else ""
    notices = _done(page, done, label=label)
    return _content_page(request, viewer, session, notices=notices)


@router.get("/content/fragment")
def content_fragment(request: Request, viewer: Staff, session: SessionDep) -> Response:
    """The roll-out status and the assignments alone, for the page's self-refresh."""
    page = Page(request, viewer)
    return page.render("_content_live.html", **_live_context(request, page, session))


def _refused(
    request: Request,
    viewer: Viewer,
    session: Session,
    error: FleetError,
    field: str | None,
    values: dict[str, str] | None = None,
) -> Response:
    """The page again with the refusal explained next to ``field`` (or at the top)."""
    session.rollback()
    page = Page(request, viewer)
    text = error_text(page, error.code)
    errors = {field: text} if field else {}
    notices = [] if field else [("error", text)]
    return _content_page(
        request,
        viewer,
        session,
        status_code=error.status,
        notices=notices,
        errors=errors,
        values=values,
    )


@router.post("/content/upload")
async def content_upload(request: Request, viewer: Admin, session: SessionDep) -> Response:
    """Publish a built bundle from a tar (or .tar.gz) chosen in the file field."""
    form = await request.form()
    upload = form.get("bundle")
    if not isinstance(upload, UploadFile) or not upload.filename:
        await form.close()
        error = FleetError("bundle_file_required", "No file.", 422)
        return _refused(request, viewer, session, error, "bundle")
    limit = settings_of(request).max_content_bytes
    try:
        data = await upload.read(limit + 1)
    finally:
        await form.close()  # the spooled temporary file
    if len(data) > limit:
        error = FleetError("payload_too_large", "Too large.", 413)
        return _refused(request, viewer, session, error, "bundle")
    actor, now = viewer.user.username, now_of(request)

    def publish() -> Published:
        archive = read_bundle_archive(data, max_bytes=limit)
        return content.publish_version(
            session, archive.manifest, actor, now=now, blobs=archive.blobs
        )

    try:
        published = await run_in_threadpool(publish)
    except FleetError as error:
        return _refused(request, viewer, session, error, "bundle")
    done = "uploaded" if published.created else "already"
    return redirect(f"{url('content')}?done={done}&version={published.version.id}")


def _version_id(form: FormData, name: str) -> int | None:
    value = form_text(form, name, 12)
    return int(value) if value.isdigit() and 0 < int(value) < 2**31 else None


@router.post("/content/assign")
async def content_assign(request: Request, viewer: Admin, session: SessionDep) -> Response:
    form = await request.form()
    values = {
        "assign_version": form_text(form, "version_id", 12),
        "assign_scope": form_text(form, "scope", 32),
    }
    version_id = _version_id(form, "version_id")
    if version_id is None:
        error = FleetError("version_required", "Choose a version.", 422)
        return _refused(request, viewer, session, error, "assign_version", values)
    if not values["assign_scope"]:
        error = FleetError("scope_required", "Choose a scope.", 422)
        return _refused(request, viewer, session, error, "assign_scope", values)
    try:
        content.assign(
            session, values["assign_scope"], version_id, viewer.user.username, now=now_of(request)
        )
    except FleetError as error:
        scope_codes = ("branch_not_found", "branch_group_not_found")
        field = "assign_scope" if error.code in scope_codes else "assign_version"
        return _refused(request, viewer, session, error, field, values)
    return redirect(f"{url('content')}?done=assigned")


@router.post("/content/unassign")
async def content_unassign(request: Request, viewer: Admin, session: SessionDep) -> Response:
    form = await request.form()
    scope = form_text(form, "scope", 32)
    try:
        content.unassign(session, scope, viewer.user.username, now=now_of(request))
    except FleetError as error:
        return _refused(request, viewer, session, error, None)
    done = "unassigned" if scope_group(scope) is None else "group_unassigned"
    return redirect(f"{url('content')}?done={done}")


@router.post("/content/rollouts")
async def rollout_start(request: Request, viewer: Admin, session: SessionDep) -> Response:
    form = await request.form()
    values = {
        "rollout_version": form_text(form, "version_id", 12),
        "rollout_pilot": form_text(form, "pilot_branch", 32),
    }
    version_id = _version_id(form, "version_id")
    if version_id is None:
        error = FleetError("version_required", "Choose a version.", 422)
        return _refused(request, viewer, session, error, "rollout_version", values)
    if not values["rollout_pilot"]:
        error = FleetError("pilot_required", "Choose the pilot.", 422)
        return _refused(request, viewer, session, error, "rollout_pilot", values)
    try:
        content.start_rollout(
            session, version_id, values["rollout_pilot"], viewer.user.username, now=now_of(request)
        )
    except FleetError as error:
        pilot_codes = ("branch_not_found", "invalid_pilot")
        field: str | None = "rollout_pilot" if error.code in pilot_codes else "rollout_version"
        if error.code == "rollout_in_progress":
            field = None
        return _refused(request, viewer, session, error, field, values)
    return redirect(f"{url('content')}?done=rollout_started")


@router.post("/content/rollouts/{rollout_id}/promote")
def rollout_promote(
    request: Request, rollout_id: RowId, viewer: Admin, session: SessionDep
) -> Response:
    try:
        content.promote_rollout(session, rollout_id, viewer.user.username, now=now_of(request))
    except FleetError as error:
        return _refused(request, viewer, session, error, None)
    return redirect(f"{url('content')}?done=promoted")


@router.post("/content/rollouts/{rollout_id}/rollback")
def rollout_rollback(
    request: Request, rollout_id: RowId, viewer: Admin, session: SessionDep
) -> Response:
    try:
        content.roll_back(session, rollout_id, viewer.user.username, now=now_of(request))
    except FleetError as error:
        return _refused(request, viewer, session, error, None)
    return redirect(f"{url('content')}?done=rolled_back")


@router.post("/content/keys")
async def key_add(request: Request, viewer: Admin, session: SessionDep) -> Response:
    """Trust a publisher's public key: the contents of the KEY.pub file, pasted."""
    form = await request.form()
    values = {"public_key": form_text(form, "public_key", 1000)}
    try:
        keys.add_key(session, values["public_key"], viewer.user.username, now=now_of(request))
    except FleetError as error:
        if error.code == "key_retired":
            session.rollback()
            page = Page(request, viewer)
            text = page.gettext(labels.KEY_RETIRED_FOR_GOOD)
            return _content_page(
                request, viewer, session, status_code=409,
                errors={"public_key": text}, values=values,
            )  # fmt: skip
        return _refused(request, viewer, session, error, "public_key", values)
    return redirect(f"{url('content')}?done=key_added")


@router.post("/content/keys/{key_id}/retire")
def key_retire(request: Request, key_id: KeyId, viewer: Admin, session: SessionDep) -> Response:
    keys.retire_key(session, key_id, viewer.user.username, now=now_of(request))
    return redirect(f"{url('content')}?done=key_retired")


# --- one version -----------------------------------------------------------------------------


class ScheduleWords:
    """A slide's schedule in the reader's language: dates, weekdays, times of day."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.locale = _BABEL_LOCALES.get(page.lang, "fi_FI")

    def dates(self, schedule: Schedule) -> str:
        gettext = self.page.gettext
        first = (
            format_date(schedule.start, format="medium", locale=self.locale)
            if schedule.start
            else ""
        )
        last = (
            format_date(schedule.end, format="medium", locale=self.locale) if schedule.end else ""
        )
        if first and last:
            return gettext("%(first)s – %(last)s", first=first, last=last)
        if first:
            return gettext("From %(first)s on", first=first)
        if last:
            return gettext("Until %(last)s", last=last)
        return gettext("Every day, no end date")

    def weekdays(self, schedule: Schedule) -> str:
        if schedule.weekdays is None or len(schedule.weekdays) == 7:
            return self.page.gettext("Every day of the week")
        numbers = sorted(WEEKDAYS.index(day) for day in schedule.weekdays)
        runs: list[list[int]] = []
        for number in numbers:
            if runs and runs[-1][-1] == number - 1:
                runs[-1].append(number)
            else:
                runs.append([number])
        names = [self.page.gettext(labels.WEEKDAYS[number]) for number in range(7)]
        parts = [
            f"{names[run[0]]}–{names[run[-1]]}"
            if len(run) >= 3
            else ", ".join(names[n] for n in run)
            for run in runs
        ]
        return ", ".join(parts)

    def times(self, schedule: Schedule) -> str:
        if schedule.times is None:
            return self.page.gettext("All day")
        return ", ".join(
            f"{format_time(part.start, format='short', locale=self.locale)}–"
            f"{format_time(part.end, format='short', locale=self.locale)}"
            for part in schedule.times
        )


@router.get("/content/versions/{version_id}")
def version_page(
    request: Request, version_id: RowId, viewer: Staff, session: SessionDep
) -> Response:
    page = Page(request, viewer)
    row = content.get_version_row(session, version_id)
    names = branches.branch_names(session, page.lang)
    return page.render(
        "content_version.html",
        section="content",
        version=content.get_version(session, version_id),
        items=content.version_items(session, row),
        reached=version_convergence(session, row),
        branch_names=names,
        scope_names=scope_names(page, session),
        where=lambda ids: _where(page, list(ids or ()), names),
        words=ScheduleWords(page),
        sizes=Sizes(page.lang),
        clock=Clock(page.lang),
        labels=labels,
        now=now_of(request),
        text_languages=[
            (language, page.gettext(labels.SUPPORT_LANGUAGES[language])) for language in LANGUAGES
        ],
    )
