"""Live announcements: notices IT or staff publish from ``/admin/`` for a time window.

An announcement is not part of a bundle (those are signed offline): it rides in the
config of every targeted kiosk (``DeviceConfig.announcements``), so creating or
withdrawing one recomputes those kiosks' config etags and nudges them (``config``) once
the session commits; a kiosk shows it from ``starts_at`` and hides it at ``ends_at`` by its
own clock, so expiry needs nothing from the server. The next recompute after the end
simply leaves it out. Services take a session and never commit.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, or_, select

from content.slides import MAX_ANNOUNCEMENT_CHARS
from fleet.branches.models import Branch
from fleet.content.models import Announcement
from fleet.db import utcnow
from fleet.errors import FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol import AnnouncementLevel, LiveAnnouncement, LocalizedText

#: The languages every announcement is written in (the kiosk must always offer them).
TEXT_LANGUAGES = ("fi", "sv", "en")
MAX_TEXT_CHARS = MAX_ANNOUNCEMENT_CHARS
#: Longer notices belong in a bundle (a slide or a scheduled announcement).
MAX_DURATION = dt.timedelta(days=30)
#: How far ahead one may be planned.
MAX_LEAD = dt.timedelta(days=365)
#: Announcements not ended yet, in all: ``DeviceConfig.announcements`` holds at most this many.
MAX_OPEN = 20
PAST_SHOWN = 20

#: The API's words for each refusal (the web UI has its own, translated).
MESSAGES = {
    "announcement_level_unknown": "The level is info or urgent.",
    "announcement_text_missing": "Write the text in Finnish, Swedish and English.",
    "announcement_text_too_long": f"A text may be at most {MAX_TEXT_CHARS} characters.",
    "announcement_text_invalid": "A text may not contain invisible control characters.",
    "announcement_start_missing": "Give the start as a date and time.",
    "announcement_end_missing": "Give the end as a date and time.",
    "announcement_end_before_start": "The end must be after the start.",
    "announcement_too_long_running": "An announcement may run for at most 30 days.",
    "announcement_end_passed": "The end has already passed.",
    "announcement_start_too_far": "The start may be at most a year ahead.",
    "announcement_branches_required": "Choose at least one branch, or every branch.",
    "branch_not_found": "A chosen branch does not exist.",
    "too_many_announcements": (
        f"At most {MAX_OPEN} announcements may be running or planned at once; withdraw one first."
    ),
}


@dataclass(frozen=True)
class Draft:
    """What someone wrote, before it is checked. ``branch_ids`` empty: every branch."""

    level: str
    texts: Mapping[str, str]
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    branch_ids: tuple[str, ...] = ()

    def text(self, language: str) -> str:
        return unicodedata.normalize("NFC", self.texts.get(language, "").strip())


@dataclass(frozen=True)
class Problem:
    """One thing to fix: the form field it belongs to and a stable code."""

    field: str
    code: str


class AnnouncementError(FleetError):
    """A draft that cannot be published; ``problems`` lists everything wrong at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0].code
        super().__init__(
            first,
            MESSAGES.get(first, "The announcement is not valid."),
            409 if first == "too_many_announcements" else 422,
            [{"field": problem.field, "code": problem.code} for problem in problems],
        )
        self.problems = tuple(problems)


@dataclass
class Listed:
    current: list[Announcement] = field(default_factory=list)
    upcoming: list[Announcement] = field(default_factory=list)
    past: list[Announcement] = field(default_factory=list)


def ended_at(row: Announcement) -> dt.datetime:
    """When it stops showing: its end, or when it was withdrawn."""
    return row.withdrawn_at if row.withdrawn_at is not None else row.ends_at


def state_of(row: Announcement, now: dt.datetime) -> str:
    """``current``, ``upcoming`` or ``past``."""
    if ended_at(row) <= now:
        return "past"
    return "upcoming" if row.starts_at > now else "current"


def check_draft(session: Session, draft: Draft, now: dt.datetime) -> list[Problem]:
    """Everything wrong with ``draft`` (nothing: it may be published)."""
    problems: list[Problem] = []
    if draft.level not in {level.value for level in AnnouncementLevel}:
        problems.append(Problem("level", "announcement_level_unknown"))
    for language in TEXT_LANGUAGES:
        text = draft.text(language)
        name = f"text_{language}"
        if not text:
            problems.append(Problem(name, "announcement_text_missing"))
        elif len(text) > MAX_TEXT_CHARS:
            problems.append(Problem(name, "announcement_text_too_long"))
        elif any(unicodedata.category(c) == "Cc" and c not in "\n\r" for c in text):
            problems.append(Problem(name, "announcement_text_invalid"))
    starts = draft.starts_at
    if starts is None:
        problems.append(Problem("starts_at", "announcement_start_missing"))
    elif starts > now + MAX_LEAD:
        problems.append(Problem("starts_at", "announcement_start_too_far"))
    ends = draft.ends_at
    if ends is None:
        problems.append(Problem("ends_at", "announcement_end_missing"))
    elif starts is not None and ends <= starts:
        problems.append(Problem("ends_at", "announcement_end_before_start"))
    elif starts is not None and ends - starts > MAX_DURATION:
        problems.append(Problem("ends_at", "announcement_too_long_running"))
    elif ends <= now:
        problems.append(Problem("ends_at", "announcement_end_passed"))
    if draft.branch_ids:
        known = set(
            session.exec(select(Branch.id).where(col(Branch.id).in_(draft.branch_ids))).all()
        )
        if set(draft.branch_ids) - known:
            problems.append(Problem("branches", "branch_not_found"))
    if len(open_announcements(session, now)) >= MAX_OPEN:
        problems.append(Problem("form", "too_many_announcements"))
    return problems


def create_announcement(
    session: Session, draft: Draft, actor: str, *, now: dt.datetime | None = None
) -> Announcement:
    """Publish ``draft`` (AnnouncementError lists every problem); the kiosks are nudged."""
    now = now or utcnow()
    problems = check_draft(session, draft, now)
    if problems:
        raise AnnouncementError(problems)
    assert draft.starts_at is not None
    assert draft.ends_at is not None
    row = Announcement(
        level=draft.level,
        text_fi=draft.text("fi"),
        text_sv=draft.text("sv"),
        text_en=draft.text("en"),
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        branch_ids=sorted(set(draft.branch_ids)),
        created_at=now,
        created_by=actor[:100],
    )
    session.add(row)
    session.flush()
    record_audit(
        session,
        actor,
        "announcement.create",
        "announcement",
        row.id,
        {
            "level": row.level,
            "starts_at": row.starts_at.isoformat(),
            "ends_at": row.ends_at.isoformat(),
            "branches": row.branch_ids or "all",
        },
        now=now,
    )
    _refresh(session, row.branch_ids, now)
    return row


def get_announcement(session: Session, announcement_id: int) -> Announcement:
    row = session.get(Announcement, announcement_id)
    if row is None:
        raise NotFoundError("announcement", announcement_id)
    return row


def withdraw_announcement(
    session: Session, announcement_id: int, actor: str, *, now: dt.datetime | None = None
) -> Announcement:
    """End it now (kiosks drop it within seconds). One that has ended already stays as is."""
    now = now or utcnow()
    row = get_announcement(session, announcement_id)
    if ended_at(row) <= now:
        return row
    row.withdrawn_at, row.withdrawn_by = now, actor[:100]
    session.add(row)
    session.flush()
    record_audit(session, actor, "announcement.withdraw", "announcement", row.id, now=now)
    _refresh(session, row.branch_ids, now)
    return row


def _refresh(session: Session, branch_ids: Iterable[str], now: dt.datetime) -> None:
    # Imported here: the branch service imports this module for the config.
    from fleet.branches.service import recompute_config_etags

    chosen = list(branch_ids)
    recompute_config_etags(session, branch_ids=chosen or None, now=now)


def open_announcements(session: Session, now: dt.datetime) -> list[Announcement]:
    """Not ended and not withdrawn (running now or still to come), oldest first."""
    query = (
        select(Announcement)
        .where(col(Announcement.ends_at) > now, col(Announcement.withdrawn_at).is_(None))
        .order_by(col(Announcement.id))
    )
    return list(session.exec(query))


def list_announcements(session: Session, now: dt.datetime, *, past: int = PAST_SHOWN) -> Listed:
    """Running now and still to come (by start), and the newest ``past`` ones that ended."""
    listed = Listed()
    for row in open_announcements(session, now):
        (listed.upcoming if row.starts_at > now else listed.current).append(row)
    listed.current.sort(key=lambda row: (row.level != AnnouncementLevel.URGENT, row.starts_at))
    listed.upcoming.sort(key=lambda row: row.starts_at)
    ended = (
        select(Announcement)
        .where(or_(col(Announcement.ends_at) <= now, col(Announcement.withdrawn_at).is_not(None)))
        .order_by(col(Announcement.id).desc())
        .limit(past)
    )
    listed.past = list(session.exec(ended))
    return listed


def live(row: Announcement) -> LiveAnnouncement:
    """The wire form a kiosk gets."""
    assert row.id is not None
    return LiveAnnouncement(
        id=row.id,
        level=AnnouncementLevel(row.level),
        text=LocalizedText(fi=row.text_fi, sv=row.text_sv, en=row.text_en),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
    )


def for_branch(rows: Iterable[Announcement], branch_id: str) -> list[LiveAnnouncement]:
    """The open announcements a kiosk of ``branch_id`` gets: urgent first, then by start."""
    mine = [row for row in rows if not row.branch_ids or branch_id in row.branch_ids]
    mine.sort(key=lambda row: (row.level != AnnouncementLevel.URGENT, row.starts_at, row.id))
    return [live(row) for row in mine[:MAX_OPEN]]
