"""Branch, opening-hour and profile writes, and each device's effective configuration.

Every write that can change what a kiosk should run with recomputes the ``config_etag`` of
the affected devices and queues a ``config`` nudge for those whose etag changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fleet.branches.models import Branch, BranchHoursException, Profile
from fleet.branches.schemas import BranchCreate, BranchUpdate, ProfileCreate, ProfileUpdate
from fleet.cards.service import card_trust
from fleet.content.announcements import for_branch, open_announcements
from fleet.content.keys import content_key_infos
from fleet.content.models import Announcement
from fleet.db import utcnow
from fleet.devices.models import Device, DeviceStatus
from fleet.devices.nudges import queue_nudge
from fleet.errors import ConflictError, FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol import (
    CardTrust,
    DayHours,
    DeviceConfig,
    HoursException,
    LiveAnnouncement,
    LocalizedText,
    OpeningHours,
    Policy,
)
from fleet.protocol.content import ContentKeyInfo
from fleet.protocol.hours import valid_day
from fleet.sessions.slots import slots_for_config

# --- branches --------------------------------------------------------------------------------


def list_branches(session: Session) -> list[Branch]:
    return list(session.exec(select(Branch).order_by(col(Branch.id))))


def get_branch(session: Session, branch_id: str) -> Branch:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError("branch", branch_id)
    return branch


def branch_name(branch: Branch) -> LocalizedText:
    return LocalizedText(fi=branch.name_fi, sv=branch.name_sv, en=branch.name_en)


def branch_names(session: Session, lang: str) -> dict[str, str]:
    """``{branch id: its name in lang}`` for every branch, in id order."""
    return {branch.id: branch_name(branch).get(lang) for branch in list_branches(session)}


def create_branch(session: Session, data: BranchCreate, actor: str) -> Branch:
    if session.get(Branch, data.id) is not None:
        raise ConflictError("branch_exists", f"A branch with id {data.id!r} already exists.")
    if data.profile_id is not None:
        get_profile(session, data.profile_id)
    branch = Branch(
        id=data.id,
        name_fi=data.name.fi,
        name_sv=data.name.sv,
        name_en=data.name.en,
        address=data.address,
        timezone=data.timezone,
        weekly_hours=[day.model_dump(mode="json") for day in data.weekly],
        profile_id=data.profile_id,
    )
    session.add(branch)
    try:
        session.flush()
    except IntegrityError as error:
        raise ConflictError("branch_exists", f"A branch with id {data.id!r} exists.") from error
    record_audit(session, actor, "branch.create", "branch", branch.id)
    return branch


def update_branch(session: Session, branch_id: str, data: BranchUpdate, actor: str) -> Branch:
    branch = get_branch(session, branch_id)
    if data.name is not None:
        branch.name_fi, branch.name_sv, branch.name_en = data.name.fi, data.name.sv, data.name.en
    if data.address is not None:
        branch.address = data.address
    if data.timezone is not None:
        branch.timezone = data.timezone
    _touch(session, branch)
    record_audit(
        session,
        actor,
        "branch.update",
        "branch",
        branch.id,
        data.model_dump(mode="json", exclude_none=True),
    )
    recompute_config_etags(session, branch_ids=[branch.id])
    return branch


def set_weekly_hours(
    session: Session, branch_id: str, weekly: list[DayHours], actor: str
) -> Branch:
    if len(weekly) != 7:
        raise FleetError(
            "invalid_hours", "Weekly hours need exactly seven days, Monday first.", 422
        )
    for day in weekly:
        _check_day(day)
    branch = get_branch(session, branch_id)
    branch.weekly_hours = [day.model_dump(mode="json") for day in weekly]
    _touch(session, branch)
    record_audit(session, actor, "branch.hours", "branch", branch.id)
    recompute_config_etags(session, branch_ids=[branch.id])
    return branch


def add_hours_exception(
    session: Session, branch_id: str, exception: HoursException, actor: str
) -> BranchHoursException:
    """Add or replace the exception for ``exception.date``."""
    _check_day(exception)
    get_branch(session, branch_id)
    row = session.exec(
        select(BranchHoursException).where(
            BranchHoursException.branch_id == branch_id,
            BranchHoursException.date == exception.date,
        )
    ).first() or BranchHoursException(branch_id=branch_id, date=exception.date)
    row.opens, row.closes = exception.opens, exception.closes
    note = exception.note
    row.note_fi, row.note_sv, row.note_en = (note.fi, note.sv, note.en) if note else ("", "", "")
    session.add(row)
    session.flush()
    record_audit(
        session,
        actor,
        "branch.hours_exception.set",
        "branch",
        branch_id,
        {"date": exception.date.isoformat()},
    )
    recompute_config_etags(session, branch_ids=[branch_id])
    return row


def remove_hours_exception(session: Session, branch_id: str, day: dt.date, actor: str) -> None:
    row = session.exec(
        select(BranchHoursException).where(
            BranchHoursException.branch_id == branch_id, BranchHoursException.date == day
        )
    ).first()
    if row is None:
        raise NotFoundError("hours_exception", f"{branch_id}/{day.isoformat()}")
    session.delete(row)
    session.flush()
    record_audit(
        session,
        actor,
        "branch.hours_exception.remove",
        "branch",
        branch_id,
        {"date": day.isoformat()},
    )
    recompute_config_etags(session, branch_ids=[branch_id])


def opening_hours(session: Session, branch: Branch) -> OpeningHours:
    rows = session.exec(
        select(BranchHoursException)
        .where(BranchHoursException.branch_id == branch.id)
        .order_by(col(BranchHoursException.date))
    )
    exceptions = [
        HoursException(
            date=row.date,
            opens=row.opens,
            closes=row.closes,
            note=LocalizedText(fi=row.note_fi, sv=row.note_sv, en=row.note_en)
            if row.note_fi or row.note_sv or row.note_en
            else None,
        )
        for row in rows
    ]
    weekly = [DayHours.model_validate(day) for day in branch.weekly_hours] or [DayHours()] * 7
    return OpeningHours(weekly=weekly, exceptions=exceptions)


def _check_day(day: DayHours) -> None:
    if (day.opens is None) != (day.closes is None):
        raise FleetError("invalid_hours", "Give both opening and closing time, or neither.", 422)
    if not valid_day(day):
        # 00:00 as the closing time means midnight: open until the end of the day.
        raise FleetError("invalid_hours", "Closing time must be after opening time.", 422)


# --- profiles --------------------------------------------------------------------------------


def list_profiles(session: Session) -> list[Profile]:
    return list(session.exec(select(Profile).order_by(col(Profile.name))))


def get_profile(session: Session, profile_id: int) -> Profile:
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise NotFoundError("profile", profile_id)
    return profile


def profile_policy(profile: Profile | None) -> Policy:
    return Policy.model_validate(profile.policy) if profile is not None else Policy()


def create_profile(session: Session, data: ProfileCreate, actor: str) -> Profile:
    if session.exec(select(Profile).where(Profile.name == data.name)).first() is not None:
        raise ConflictError("profile_exists", f"A profile named {data.name!r} already exists.")
    profile = Profile(
        name=data.name, description=data.description, policy=data.policy.model_dump(mode="json")
    )
    session.add(profile)
    session.flush()
    record_audit(session, actor, "profile.create", "profile", profile.id, {"name": data.name})
    return profile


def update_profile(session: Session, profile_id: int, data: ProfileUpdate, actor: str) -> Profile:
    profile = get_profile(session, profile_id)
    if data.name is not None and data.name != profile.name:
        if session.exec(select(Profile).where(Profile.name == data.name)).first() is not None:
            raise ConflictError("profile_exists", f"A profile named {data.name!r} already exists.")
        profile.name = data.name
    if data.description is not None:
        profile.description = data.description
    if data.policy is not None:
        profile.policy = data.policy.model_dump(mode="json")
    _touch(session, profile)
    record_audit(session, actor, "profile.update", "profile", profile.id)
    branch_ids = session.exec(select(Branch.id).where(Branch.profile_id == profile.id)).all()
    recompute_config_etags(session, branch_ids=list(branch_ids))
    return profile


def assign_profile(session: Session, branch_id: str, profile_id: int | None, actor: str) -> Branch:
    """Give a branch a profile (``None``: the built-in defaults)."""
    branch = get_branch(session, branch_id)
    if profile_id is not None:
        get_profile(session, profile_id)
    branch.profile_id = profile_id
    _touch(session, branch)
    record_audit(session, actor, "branch.profile", "branch", branch.id, {"profile_id": profile_id})
    recompute_config_etags(session, branch_ids=[branch.id])
    return branch


# --- per-device overrides and the effective config -------------------------------------------


def set_device_overrides(
    session: Session, device_id: int, overrides: Mapping[str, Any] | None, actor: str
) -> Device:
    """Lay partial ``Policy`` JSON over the branch profile for one device (``None`` clears)."""
    device = session.get(Device, device_id)
    if device is None:
        raise NotFoundError("device", device_id)
    branch = get_branch(session, device.branch_id)
    base = profile_policy(session.get(Profile, branch.profile_id) if branch.profile_id else None)
    if overrides:
        try:
            merge_policy(base, overrides)
        except ValidationError as error:
            raise FleetError(
                "invalid_policy",
                "The overrides do not make a valid policy.",
                422,
                [{"loc": list(e["loc"]), "msg": e["msg"]} for e in error.errors()],
            ) from error
    device.policy_overrides = dict(overrides) if overrides else None
    session.add(device)
    session.flush()
    record_audit(
        session, actor, "device.overrides", "device", device.id, {"keys": sorted(overrides or {})}
    )
    recompute_config_etags(session, device_ids=[device_id])
    return device


def merge_policy(base: Policy, overrides: Mapping[str, Any] | None) -> Policy:
    """``base`` with ``overrides`` merged in (nested objects merge key by key)."""
    data = base.model_dump(mode="json")
    if overrides:
        _deep_merge(data, overrides)
    return Policy.model_validate(data)


def _deep_merge(target: dict[str, Any], changes: Mapping[str, Any]) -> None:
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = value


def effective_config(
    session: Session, device: Device, *, now: dt.datetime | None = None
) -> DeviceConfig:
    """The configuration ``device`` should run with at ``now`` (default: the real now).

    ``now`` also decides which issuer keys and card revocations are still in ``card_trust``
    and which announcements have not ended yet.
    """
    now = now or utcnow()
    branch = get_branch(session, device.branch_id)
    parts = _BranchParts.load(
        session,
        branch,
        card_trust(session, now),
        content_key_infos(session),
        open_announcements(session, now),
    )
    return _config_for(session, device, branch, parts, now=now)


class _BranchParts:
    """What every device of one branch shares; built once when recomputing many devices."""

    def __init__(
        self,
        hours: OpeningHours,
        policy: Policy,
        trust: CardTrust,
        content_keys: list[ContentKeyInfo],
        announcements: list[LiveAnnouncement],
    ) -> None:
        self.hours = hours
        self.policy = policy
        self.trust = trust
        self.content_keys = content_keys
        self.announcements = announcements

    @classmethod
    def load(
        cls,
        session: Session,
        branch: Branch,
        trust: CardTrust | None = None,
        content_keys: list[ContentKeyInfo] | None = None,
        announcements: list[Announcement] | None = None,
    ) -> _BranchParts:
        """``trust``, ``content_keys`` and the open ``announcements`` (the same for every
        branch, before each branch picks its own) are read from the database when not given."""
        profile = session.get(Profile, branch.profile_id) if branch.profile_id else None
        if trust is None:
            trust = card_trust(session, utcnow())
        if content_keys is None:
            content_keys = content_key_infos(session)
        if announcements is None:
            announcements = open_announcements(session, utcnow())
        return cls(
            opening_hours(session, branch),
            profile_policy(profile),
            trust,
            content_keys,
            for_branch(announcements, branch.id),
        )


def _config_for(
    session: Session,
    device: Device,
    branch: Branch,
    parts: _BranchParts,
    *,
    now: dt.datetime | None = None,
) -> DeviceConfig:
    try:
        policy = merge_policy(parts.policy, device.policy_overrides)
    except ValidationError:
        # A profile change can make old overrides invalid; the profile alone still applies.
        policy = parts.policy
    assert device.id is not None
    return DeviceConfig(
        device_id=device.id,
        device_name=device.name,
        branch_id=branch.id,
        branch_name=branch_name(branch),
        branch_address=branch.address,
        timezone=branch.timezone,
        opening_hours=parts.hours,
        policy=policy,
        card_trust=parts.trust,
        reservations=slots_for_config(session, device.id, now or utcnow()),
        content_keys=parts.content_keys,
        announcements=parts.announcements,
    )


def config_etag(config: DeviceConfig) -> str:
    """A short, stable hash of the config's canonical JSON."""
    return hashlib.sha256(config.model_dump_json().encode()).hexdigest()[:16]


def recompute_config_etags(
    session: Session,
    *,
    branch_ids: Iterable[str] | None = None,
    device_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> list[int]:
    """Refresh ``config_etag`` of the named devices (or all of the named branches' devices).

    ``now`` (default: the real now) decides what has ended: reservations, card trust and
    announcements. Returns the ids of devices whose etag changed; each gets a ``config``
    nudge on commit.
    """
    now = now or utcnow()
    session.flush()
    query = select(Device).where(Device.status == DeviceStatus.ACTIVE.value)
    if branch_ids is not None:
        query = query.where(col(Device.branch_id).in_(list(branch_ids)))
    if device_ids is not None:
        query = query.where(col(Device.id).in_(list(device_ids)))
    changed: list[int] = []
    parts_by_branch: dict[str, tuple[Branch, _BranchParts]] = {}
    trust = card_trust(session, now)
    keys = content_key_infos(session)
    announcements = open_announcements(session, now)
    for device in session.exec(query):
        if device.branch_id not in parts_by_branch:
            branch = get_branch(session, device.branch_id)
            parts = _BranchParts.load(session, branch, trust, keys, announcements)
            parts_by_branch[branch.id] = (branch, parts)
        branch, parts = parts_by_branch[device.branch_id]
        config = _config_for(session, device, branch, parts, now=now)
        etag = config_etag(config)
        if etag != device.config_etag:
            device.config_etag = etag
            device.checkin_interval_seconds = config.policy.checkin_interval_seconds
            session.add(device)
            assert device.id is not None
            changed.append(device.id)
            queue_nudge(session, device.id, "config")
    session.flush()
    return changed


def _touch(session: Session, row: Branch | Profile) -> None:
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
