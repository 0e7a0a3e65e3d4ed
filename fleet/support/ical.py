"""Each adviser's bookings as an iCal feed, for subscribing from any calendar app.

The feed's URL is ``/support/ical/{token}.ics``. The token is 43 random URL-safe characters
(256 bits), shown once when issued; only its SHA-256 is stored, and issuing a new one
retires the old URL. Feeds are synced to calendars outside the city's systems, so an event
says only what the adviser needs to prepare: the topic, the language, the place and the
channel — never the visitor's name, phone number, e-mail address or booking code.

Events cover bookings from two weeks back to a year ahead that are not cancelled (a
cancelled one disappears from the feed, and so from the subscribed calendar).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from fleet.auth.models import User
from fleet.branches.models import Branch
from fleet.branches.service import branch_name
from fleet.devices.service import hash_secret
from fleet.errors import FleetError
from fleet.protocol.support import TOPIC_NAMES, BookingStatus, SupportTopic
from fleet.support.advisers import get_profile
from fleet.support.models import AdviserProfile, SupportBooking

FEED_PATH = "/support/ical/{token}.ics"
PAST = dt.timedelta(days=14)
AHEAD = dt.timedelta(days=366)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

_LABELS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Digituki",
        "language": "Kieli",
        "topic": "Aihe",
        "channel": "Varattu",
        "status": "Tila",
        "fi": "suomi",
        "sv": "ruotsi",
        "en": "englanti",
        "kiosk": "asiakaskoneelta",
        "console": "neuvojan kautta",
        "web": "verkossa",
    },
    "sv": {
        "title": "Digitalt stöd",
        "language": "Språk",
        "topic": "Ämne",
        "channel": "Bokad",
        "status": "Status",
        "fi": "finska",
        "sv": "svenska",
        "en": "engelska",
        "kiosk": "vid en kunddator",
        "console": "av rådgivaren",
        "web": "på nätet",
    },
    "en": {
        "title": "Digital support",
        "language": "Language",
        "topic": "Topic",
        "channel": "Booked",
        "status": "Status",
        "fi": "Finnish",
        "sv": "Swedish",
        "en": "English",
        "kiosk": "at a library computer",
        "console": "by an adviser",
        "web": "online",
    },
}


def issue_feed_token(session: Session, adviser_id: int) -> str:
    """A new feed token for the adviser (the old URL stops working). Shown once."""
    profile = get_profile(session, adviser_id)
    token = secrets.token_urlsafe(32)
    profile.ical_token_hash = hash_secret(token)
    session.add(profile)
    session.flush()
    return token


def revoke_feed_token(session: Session, adviser_id: int) -> None:
    profile = get_profile(session, adviser_id)
    profile.ical_token_hash = None
    session.add(profile)
    session.flush()


def feed_url(token: str) -> str:
    return FEED_PATH.format(token=token)


def _not_found() -> FleetError:
    return FleetError("feed_not_found", "No calendar feed at this address.", 404)


def feed_for_token(session: Session, token: str, now: dt.datetime) -> bytes:
    """The iCal feed for ``token``; 404 ``feed_not_found`` for an unknown or retired one."""
    if not _TOKEN.match(token):
        raise _not_found()
    profile = session.exec(
        select(AdviserProfile).where(AdviserProfile.ical_token_hash == hash_secret(token))
    ).first()
    if profile is None:
        raise _not_found()
    user = session.get(User, profile.user_id)
    language = user.language if user is not None else "fi"
    bookings = session.exec(
        select(SupportBooking)
        .where(
            SupportBooking.adviser_id == profile.user_id,
            SupportBooking.status != BookingStatus.CANCELLED.value,
            col(SupportBooking.starts_at) >= now - PAST,
            col(SupportBooking.starts_at) < now + AHEAD,
        )
        .order_by(col(SupportBooking.starts_at))
    ).all()
    branch_ids = {booking.branch_id for booking in bookings}
    branches = {
        branch.id: branch
        for branch in session.exec(select(Branch).where(col(Branch.id).in_(branch_ids)))
    }
    return build_feed(profile, bookings, branches, language)


def build_feed(
    profile: AdviserProfile,
    bookings: Sequence[SupportBooking],
    branches: dict[str, Branch],
    language: str,
) -> bytes:
    """The calendar: one event per booking, labelled in ``language`` (the adviser's)."""
    labels = _LABELS.get(language, _LABELS["fi"])
    calendar = Calendar()
    calendar.add("prodid", "-//Library kiosk fleet//Digital support//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{labels['title']} – {profile.display_name}")
    calendar.add("x-published-ttl", dt.timedelta(minutes=15))
    for booking in bookings:
        topic = TOPIC_NAMES[SupportTopic(booking.topic)].get(language)
        branch = branches.get(booking.branch_id)
        where = branch_name(branch).get(language) if branch else booking.branch_id
        if branch is not None and branch.address:
            where = f"{where}, {branch.address}"
        if profile.place:
            where = f"{profile.place} ({where})"
        event = Event()
        event.add("uid", f"support-booking-{booking.id}@library-kiosk-fleet")
        event.add("dtstamp", booking.updated_at)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("summary", f"{labels['title']}: {topic} ({labels[booking.language]})")
        event.add("location", where)
        event.add(
            "description",
            "\n".join(
                [
                    f"{labels['topic']}: {topic}",
                    f"{labels['language']}: {labels[booking.language]}",
                    f"{labels['channel']}: {labels[booking.channel]}",
                    f"{labels['status']}: {booking.status}",
                ]
            ),
        )
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
