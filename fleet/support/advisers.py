"""Adviser profiles, weekly availability rules and days away: create, change, list, validate.

* A profile belongs to a user with the ``adviser`` role: the first name visitors see, the
  branches, topics and languages the adviser serves, where visitors meet them, whether they
  take bookings (``active``) and an opaque ``public_key`` that slots and bookings carry
  instead of the user id.
* A rule is a weekly time at one of the adviser's branches, cut into slots (see
  :mod:`fleet.support.availability`). An adviser's rules on the same weekday may not overlap
  in time while their validity ranges overlap, whatever the branch: one place at a time.
  Rules are checked for sense here (times, lengths, ranges); they may reach outside the
  branch's opening hours, whose slots are then simply not offered.
* A day away is a date without slots (holiday, training). Branch closures need no entry:
  the branch's opening hours close the adviser's slots that day too.

Changing or removing rules leaves existing bookings alone: the adviser (or the console)
cancels what no longer fits. Services never commit; each write adds an audit entry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlmodel import Session, col, select

from fleet.auth.models import Role, User
from fleet.branches.models import Branch
from fleet.db import utcnow
from fleet.errors import ConflictError, FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol.support import Language, SupportTopic
from fleet.support.availability import MAX_AHEAD_DAYS, MAX_SLOT_MINUTES
from fleet.support.models import AdviserProfile, AvailabilityException, AvailabilityRule

BranchRef = Annotated[str, Field(min_length=1, max_length=32)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AdviserCreate(_In):
    """A new adviser profile for an existing user with the ``adviser`` role."""

    display_name: str = Field(min_length=1, max_length=64)
    branches: list[BranchRef] = Field(min_length=1, max_length=64)
    topics: list[SupportTopic] = Field(min_length=1)
    languages: list[Language] = Field(min_length=1, max_length=3)
    place: str = Field(default="", max_length=200)
    active: bool = True


class AdviserUpdate(_In):
    """A partial change; fields left out stay as they are."""

    display_name: str | None = Field(default=None, min_length=1, max_length=64)
    branches: list[BranchRef] | None = Field(default=None, min_length=1, max_length=64)
    topics: list[SupportTopic] | None = Field(default=None, min_length=1)
    languages: list[Language] | None = Field(default=None, min_length=1, max_length=3)
    place: str | None = Field(default=None, max_length=200)
    active: bool | None = None


class RuleIn(_In):
    """A weekly availability rule (create, or replace an existing one)."""

    branch_id: BranchRef
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    starts: dt.time
    ends: dt.time
    slot_minutes: int = Field(default=45, ge=10, le=MAX_SLOT_MINUTES)
    buffer_minutes: int = Field(default=15, ge=0, le=240)
    capacity: int = Field(default=1, ge=1, le=30)
    min_notice_minutes: int = Field(default=120, ge=0, le=14 * 24 * 60)
    horizon_days: int = Field(default=28, ge=1, le=MAX_AHEAD_DAYS)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @model_validator(mode="after")
    def _sensible(self) -> Self:
        if self.starts.tzinfo is not None or self.ends.tzinfo is not None:
            raise ValueError("times are branch-local wall-clock times, without a zone")
        if self.starts.second or self.starts.microsecond or self.ends.second:
            raise ValueError("times are whole minutes")
        if self.ends <= self.starts:
            raise ValueError("the rule must end after it starts (on the same day)")
        first_end = dt.datetime.combine(dt.date.min, self.starts) + dt.timedelta(
            minutes=self.slot_minutes
        )
        if first_end > dt.datetime.combine(dt.date.min, self.ends):
            raise ValueError("not even one slot fits between the start and the end")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self


class ExceptionIn(_In):
    """A day the adviser takes no bookings."""

    date: dt.date
    note: str = Field(default="", max_length=200)


# --- profiles ----------------------------------------------------------------------------------


def new_public_key() -> str:
    """An opaque, URL-safe key (16 characters) that names the adviser in slots."""
    return secrets.token_urlsafe(12)


def list_profiles(session: Session, *, active_only: bool = False) -> list[AdviserProfile]:
    query = select(AdviserProfile).order_by(col(AdviserProfile.display_name))
    if active_only:
        query = query.where(col(AdviserProfile.active).is_(True))
    return list(session.exec(query))


def get_profile(session: Session, adviser_id: int) -> AdviserProfile:
    profile = session.get(AdviserProfile, adviser_id)
    if profile is None:
        raise NotFoundError("adviser", adviser_id)
    return profile


def profile_by_key(session: Session, public_key: str) -> AdviserProfile | None:
    return session.exec(
        select(AdviserProfile).where(AdviserProfile.public_key == public_key)
    ).first()


def create_profile(
    session: Session, user_id: int, data: AdviserCreate, actor: str
) -> AdviserProfile:
    """The profile of user ``user_id``, who must be an active adviser without one."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError("user", user_id)
    if user.role != Role.ADVISER.value or not user.active:
        raise FleetError("not_an_adviser", "Only active advisers have adviser profiles.", 422)
    if session.get(AdviserProfile, user_id) is not None:
        raise ConflictError("adviser_exists", "This adviser already has a profile.")
    _check_branches(session, data.branches)
    profile = AdviserProfile(
        user_id=user_id,
        display_name=data.display_name.strip(),
        public_key=new_public_key(),
        branches=_unique(data.branches),
        topics=_unique(topic.value for topic in data.topics),
        languages=_unique(data.languages),
        place=data.place.strip(),
        active=data.active,
    )
    session.add(profile)
    session.flush()
    record_audit(session, actor, "adviser.create", "adviser", user_id)
    return profile


def update_profile(
    session: Session, adviser_id: int, data: AdviserUpdate, actor: str
) -> AdviserProfile:
    """Change a profile. Dropping a branch that still has rules is refused."""
    profile = get_profile(session, adviser_id)
    if data.display_name is not None:
        profile.display_name = data.display_name.strip()
    if data.branches is not None:
        _check_branches(session, data.branches)
        kept = set(data.branches)
        ruled = {rule.branch_id for rule in list_rules(session, adviser_id)}
        if ruled - kept:
            raise ConflictError(
                "branch_has_rules",
                "Remove the adviser's availability at a branch before removing the branch.",
            )
        profile.branches = _unique(data.branches)
    if data.topics is not None:
        profile.topics = _unique(topic.value for topic in data.topics)
    if data.languages is not None:
        profile.languages = _unique(data.languages)
    if data.place is not None:
        profile.place = data.place.strip()
    if data.active is not None:
        profile.active = data.active
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    record_audit(
        session,
        actor,
        "adviser.update",
        "adviser",
        adviser_id,
        {"fields": sorted(data.model_dump(exclude_none=True))},
    )
    return profile


def _check_branches(session: Session, branch_ids: list[str]) -> None:
    found = set(session.exec(select(Branch.id).where(col(Branch.id).in_(branch_ids))).all())
    missing = sorted(set(branch_ids) - found)
    if missing:
        raise FleetError(
            "branch_not_found", "Unknown branch.", 422, [{"branch_id": b} for b in missing]
        )


def _unique(values: Iterable[str]) -> list[str]:
    """The values in their first order, each once."""
    return list(dict.fromkeys(values))


# --- rules -------------------------------------------------------------------------------------


def list_rules(session: Session, adviser_id: int) -> list[AvailabilityRule]:
    return list(
        session.exec(
            select(AvailabilityRule)
            .where(AvailabilityRule.adviser_id == adviser_id)
            .order_by(col(AvailabilityRule.weekday), col(AvailabilityRule.starts))
        )
    )


def get_rule(session: Session, adviser_id: int, rule_id: int) -> AvailabilityRule:
    rule = session.get(AvailabilityRule, rule_id)
    if rule is None or rule.adviser_id != adviser_id:
        raise NotFoundError("availability_rule", rule_id)
    return rule


def add_rule(session: Session, adviser_id: int, data: RuleIn, actor: str) -> AvailabilityRule:
    profile = get_profile(session, adviser_id)
    _check_rule(session, profile, data, replacing=None)
    rule = AvailabilityRule(adviser_id=adviser_id, **data.model_dump())
    session.add(rule)
    session.flush()
    record_audit(session, actor, "adviser.rule.add", "adviser", adviser_id, {"rule_id": rule.id})
    return rule


def replace_rule(
    session: Session, adviser_id: int, rule_id: int, data: RuleIn, actor: str
) -> AvailabilityRule:
    profile = get_profile(session, adviser_id)
    rule = get_rule(session, adviser_id, rule_id)
    _check_rule(session, profile, data, replacing=rule_id)
    for name, value in data.model_dump().items():
        setattr(rule, name, value)
    session.add(rule)
    session.flush()
    record_audit(
        session, actor, "adviser.rule.replace", "adviser", adviser_id, {"rule_id": rule_id}
    )
    return rule


def remove_rule(session: Session, adviser_id: int, rule_id: int, actor: str) -> None:
    rule = get_rule(session, adviser_id, rule_id)
    session.delete(rule)
    session.flush()
    record_audit(session, actor, "adviser.rule.remove", "adviser", adviser_id, {"rule_id": rule_id})


def _check_rule(
    session: Session, profile: AdviserProfile, data: RuleIn, *, replacing: int | None
) -> None:
    if data.branch_id not in profile.branches:
        raise FleetError(
            "branch_not_served", "Add the branch to the adviser's branches first.", 422
        )
    for other in list_rules(session, profile.user_id):
        if other.id == replacing or other.weekday != data.weekday:
            continue
        times_overlap = other.starts < data.ends and data.starts < other.ends
        if times_overlap and _ranges_overlap(
            (other.valid_from, other.valid_until), (data.valid_from, data.valid_until)
        ):
            raise ConflictError(
                "rule_overlaps",
                "The adviser already has availability at that time on that weekday.",
            )


def _ranges_overlap(
    one: tuple[dt.date | None, dt.date | None], two: tuple[dt.date | None, dt.date | None]
) -> bool:
    first = max(one[0] or dt.date.min, two[0] or dt.date.min)
    last = min(one[1] or dt.date.max, two[1] or dt.date.max)
    return first <= last


# --- days away ---------------------------------------------------------------------------------


def list_exceptions(
    session: Session, adviser_id: int, since: dt.date | None = None
) -> list[AvailabilityException]:
    query = select(AvailabilityException).where(AvailabilityException.adviser_id == adviser_id)
    if since is not None:
        query = query.where(col(AvailabilityException.date) >= since)
    return list(session.exec(query.order_by(col(AvailabilityException.date))))


def set_exception(
    session: Session, adviser_id: int, data: ExceptionIn, actor: str
) -> AvailabilityException:
    """Mark ``data.date`` as a day away (or change its note). Bookings that day stay."""
    get_profile(session, adviser_id)
    row = session.exec(
        select(AvailabilityException).where(
            AvailabilityException.adviser_id == adviser_id,
            AvailabilityException.date == data.date,
        )
    ).first() or AvailabilityException(adviser_id=adviser_id, date=data.date)
    row.note = data.note.strip()
    session.add(row)
    session.flush()
    record_audit(
        session,
        actor,
        "adviser.away.set",
        "adviser",
        adviser_id,
        {"date": data.date.isoformat()},
    )
    return row


def remove_exception(session: Session, adviser_id: int, day: dt.date, actor: str) -> None:
    row = session.exec(
        select(AvailabilityException).where(
            AvailabilityException.adviser_id == adviser_id, AvailabilityException.date == day
        )
    ).first()
    if row is None:
        raise NotFoundError("availability_exception", day.isoformat())
    session.delete(row)
    session.flush()
    record_audit(
        session, actor, "adviser.away.remove", "adviser", adviser_id, {"date": day.isoformat()}
    )
