"""What the adviser console reads beyond the services: an adviser's days, names, the advisers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from fleet.auth.models import Role, User
from fleet.branches.models import Branch
from fleet.protocol.hours import zone_of
from fleet.support.models import AdviserProfile, SupportBooking

#: The city's zone: the console's days when an adviser has no branch to go by.
HELSINKI = ZoneInfo("Europe/Helsinki")


@dataclass(frozen=True)
class AdviserAccount:
    """A user with the adviser role and their profile (None until one is created)."""

    user: User
    profile: AdviserProfile | None


def profile_of(session: Session, user_id: int | None) -> AdviserProfile | None:
    """The profile of the signed-in user, if they have one (admins and staff do not)."""
    return session.get(AdviserProfile, user_id) if user_id is not None else None


def zone_for(session: Session, profile: AdviserProfile | None) -> ZoneInfo:
    """The zone of the adviser's first branch: their "today" and the times they see."""
    if profile is not None and profile.branches:
        branch = session.get(Branch, profile.branches[0])
        if branch is not None:
            return zone_of(branch.timezone)
    return HELSINKI


def day_bounds(first: dt.date, zone: ZoneInfo, days: int = 1) -> tuple[dt.datetime, dt.datetime]:
    """From local midnight of ``first`` to local midnight ``days`` later, as aware UTC."""
    since = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    until = dt.datetime.combine(first + dt.timedelta(days=days), dt.time(0), tzinfo=zone)
    return since.astimezone(dt.UTC), until.astimezone(dt.UTC)


def adviser_bookings(
    session: Session, adviser_id: int, since: dt.datetime, until: dt.datetime
) -> list[SupportBooking]:
    """The adviser's bookings starting in ``[since, until)``, cancelled ones too, by time."""
    return list(
        session.exec(
            select(SupportBooking)
            .where(
                SupportBooking.adviser_id == adviser_id,
                col(SupportBooking.starts_at) >= since,
                col(SupportBooking.starts_at) < until,
            )
            .order_by(col(SupportBooking.starts_at), col(SupportBooking.id))
        )
    )


def adviser_names(session: Session) -> dict[str, str]:
    """Display names by public key (slots carry the key, the console shows the name)."""
    return {
        profile.public_key: profile.display_name for profile in session.exec(select(AdviserProfile))
    }


def adviser_accounts(session: Session) -> list[AdviserAccount]:
    """Every user with the adviser role, active or not, with their profile, by username."""
    rows = session.exec(
        select(User, AdviserProfile)
        .join(AdviserProfile, col(AdviserProfile.user_id) == col(User.id), isouter=True)
        .where(User.role == Role.ADVISER.value)
        .order_by(col(User.username))
    ).all()
    return [AdviserAccount(user, profile) for user, profile in rows]
