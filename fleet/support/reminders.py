"""Booking reminders: once, some hours before the appointment, by e-mail and/or SMS.

The job (:class:`ReminderJob`, run by the app every few minutes) finds bookings that are
still booked, start within ``FLEET_SUPPORT_REMINDER_HOURS`` and have an e-mail address or
a phone number, and reminds each once, in the booking's language (fi, sv, en), with the
date, time, place and how to cancel (the booking code).

Once per booking, across workers: a booking is claimed with a conditional ``UPDATE``
(``reminded_at`` from NULL to now) before anything is sent, so two workers never both send.
A channel that fails is retried at the next run (``reminded_at`` goes back to NULL; the
channels that did succeed are remembered in ``extra`` and not repeated); a worker that dies
between claiming and sending loses that reminder rather than sending it twice. Failures are
logged with the booking id and the kind of failure only. Bookings made inside the window
are reminded at the next run; a rescheduled booking is reminded anew.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from fleet.branches.models import Branch
from fleet.branches.service import branch_name
from fleet.crypto import DataKeys
from fleet.db import Clock, run_in_transaction
from fleet.periodic import run_periodically
from fleet.protocol.hours import zone_of
from fleet.protocol.support import TOPIC_NAMES, BookingStatus, SupportTopic
from fleet.support.bookings import REMINDED_VIA_KEY, format_booking_code, reminder_code
from fleet.support.models import AdviserProfile, SupportBooking
from fleet.support.notify import DeliveryError, Email, Notifier, Sms, SmsNotifier

log = logging.getLogger(__name__)

EMAIL = "email"
SMS = "sms"

_WEEKDAYS = {
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
    "sv": ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "subject": "Muistutus: digitukiaika {when}",
        "greeting": "Hei {name}!",
        "intro": "Muistutus varaamastasi digitukiajasta.",
        "time": "Aika",
        "place": "Paikka",
        "topic": "Aihe",
        "adviser": "Neuvoja",
        "cancel": "Jos et pääse, peru aika, niin joku toinen voi saada sen. Voit perua tai "
        "siirtää ajan kirjaston verkkosivuilla tai asiakaskoneella varauskoodilla {code}.",
        "cancel_no_code": "Jos et pääse, peru aika, niin joku toinen voi saada sen. Voit "
        "perua tai siirtää ajan varauskoodilla, jonka sait varatessasi.",
        "welcome": "Tervetuloa!",
        "sms": "Muistutus: digitukiaika {when}, {place}. Peru tai siirrä koodilla {code}.",
        "sms_no_code": "Muistutus: digitukiaika {when}, {place}. Peru tarvittaessa "
        "varauskoodillasi.",
    },
    "sv": {
        "subject": "Påminnelse: tid för digitalt stöd {when}",
        "greeting": "Hej {name}!",
        "intro": "En påminnelse om din bokade tid för digitalt stöd.",
        "time": "Tid",
        "place": "Plats",
        "topic": "Ämne",
        "adviser": "Rådgivare",
        "cancel": "Om du inte kan komma, avboka tiden så att någon annan kan få den. Du kan "
        "avboka eller flytta tiden på bibliotekets webbplats eller på en kunddator med "
        "bokningskoden {code}.",
        "cancel_no_code": "Om du inte kan komma, avboka tiden så att någon annan kan få den. "
        "Du kan avboka eller flytta tiden med bokningskoden du fick när du bokade.",
        "welcome": "Välkommen!",
        "sms": "Påminnelse: digitalt stöd {when}, {place}. Avboka eller flytta med koden {code}.",
        "sms_no_code": "Påminnelse: digitalt stöd {when}, {place}. Avboka vid behov med din "
        "bokningskod.",
    },
    "en": {
        "subject": "Reminder: digital support appointment {when}",
        "greeting": "Hello {name},",
        "intro": "This is a reminder of your digital support appointment.",
        "time": "Time",
        "place": "Place",
        "topic": "Topic",
        "adviser": "Adviser",
        "cancel": "If you cannot come, please cancel so that someone else can have the time. "
        "You can cancel or move it on the library's website or at a library computer with "
        "the booking code {code}.",
        "cancel_no_code": "If you cannot come, please cancel so that someone else can have "
        "the time, with the booking code you got when you booked.",
        "welcome": "Welcome!",
        "sms": "Reminder: digital support {when}, {place}. Cancel or move it with code {code}.",
        "sms_no_code": "Reminder: digital support {when}, {place}. Cancel with your booking "
        "code if needed.",
    },
}


@dataclass(frozen=True, repr=False)
class Due:
    """What one reminder needs (read in the claiming transaction). Holds personal data."""

    booking_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    zone: ZoneInfo
    language: str
    topic: str
    name: str
    email: str | None
    phone: str | None
    code: str | None
    branch: str
    address: str
    place: str
    adviser: str | None
    #: The channels to use now (``email``, ``sms``).
    channels: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Due(booking_id={self.booking_id}, channels={self.channels})"


def when_text(language: str, starts_at: dt.datetime, ends_at: dt.datetime, zone: ZoneInfo) -> str:
    """``ma 23.11.2026 klo 11.00–11.45`` / ``mån 23.11.2026 kl. 11.00–11.45`` /
    ``Mon 23 November 2026, 11:00–11:45``, in the branch's time zone."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    weekday = _WEEKDAYS.get(language, _WEEKDAYS["fi"])[start.weekday()]
    if language == "en":
        month = _MONTHS_EN[start.month - 1]
        return f"{weekday} {start.day} {month} {start.year}, {start:%H:%M}–{end:%H:%M}"
    at = "kl." if language == "sv" else "klo"
    return f"{weekday} {start:%d.%m.%Y} {at} {start:%H.%M}–{end:%H.%M}"


def _texts(language: str) -> dict[str, str]:
    return _TEXTS.get(language, _TEXTS["fi"])


def _place(due: Due) -> str:
    where = ", ".join(part for part in (due.branch, due.address) if part)
    return f"{where} – {due.place}" if due.place else where


def reminder_email(due: Due) -> tuple[str, str]:
    """The subject and body of the e-mail reminder, in the booking's language."""
    texts = _texts(due.language)
    when = when_text(due.language, due.starts_at, due.ends_at, due.zone)
    topic = TOPIC_NAMES[SupportTopic(due.topic)].get(due.language)
    lines = [
        texts["greeting"].format(name=due.name),
        "",
        texts["intro"],
        "",
        f"{texts['time']}: {when}",
        f"{texts['place']}: {_place(due)}",
        f"{texts['topic']}: {topic}",
    ]
    if due.adviser:
        lines.append(f"{texts['adviser']}: {due.adviser}")
    cancel = (
        texts["cancel"].format(code=format_booking_code(due.code))
        if due.code
        else texts["cancel_no_code"]
    )
    lines += ["", cancel, "", texts["welcome"], ""]
    return texts["subject"].format(when=when), "\n".join(lines)


def reminder_sms(due: Due) -> str:
    """The text-message reminder (short: no name, no topic), in the booking's language."""
    texts = _texts(due.language)
    when = when_text(due.language, due.starts_at, due.ends_at, due.zone)
    place = due.place or due.branch
    if due.code:
        return texts["sms"].format(when=when, place=place, code=format_booking_code(due.code))
    return texts["sms_no_code"].format(when=when, place=place)


class ReminderJob:
    """Sends the due reminders every ``every`` seconds until stopped (see the module rules)."""

    def __init__(
        self,
        sessions: Callable[[], Session],
        clock: Clock,
        keys: DataKeys,
        *,
        hours: float,
        email: Notifier | None,
        sms: SmsNotifier | None,
        every: float = 300.0,
        batch: int = 200,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._keys = keys
        self._window = dt.timedelta(hours=hours)
        self._email = email
        self._sms = sms
        self._every = every
        self._batch = batch

    async def run_once(self) -> dict[str, int]:
        """One round: claim, send, record. Returns how many messages went and failed."""
        due = await asyncio.to_thread(self.claim)
        outcomes: list[tuple[Due, set[str]]] = []
        sent = failed = 0
        for item in due:
            done: set[str] = set()
            for channel in item.channels:
                try:
                    await self._send(item, channel)
                except Exception as error:
                    failed += 1
                    kind = error.code if isinstance(error, DeliveryError) else type(error).__name__
                    log.warning(
                        "reminder for booking %d by %s failed (%s); retrying at the next run",
                        item.booking_id,
                        channel,
                        kind,
                    )
                else:
                    sent += 1
                    done.add(channel)
            outcomes.append((item, done))
        if outcomes:
            await asyncio.to_thread(self.record, outcomes)
        return {"sent": sent, "failed": failed}

    async def run(self, stop: asyncio.Event) -> None:
        """Every ``every`` seconds until ``stop`` (the first round at once)."""
        await run_periodically(
            stop,
            self._every,
            self.run_once,
            name="reminder run",
            log=log,
            first_run="now",
            # Only the kind: a database error's text can quote the row it was writing.
            log_traceback=False,
            on_result=_report,
        )

    async def _send(self, due: Due, channel: str) -> None:
        if channel == EMAIL:
            assert self._email is not None
            assert due.email is not None
            subject, body = reminder_email(due)
            await self._email.send(Email(due.booking_id, due.email, subject, body))
        else:
            assert self._sms is not None
            assert due.phone is not None
            await self._sms.send(Sms(due.booking_id, due.phone, reminder_sms(due)))

    def _channels(self, booking: SupportBooking) -> tuple[str, ...]:
        done = set(booking.extra.get(REMINDED_VIA_KEY) or ())
        channels = []
        if booking.email and self._email is not None and EMAIL not in done:
            channels.append(EMAIL)
        if booking.phone and self._sms is not None and SMS not in done:
            channels.append(SMS)
        return tuple(channels)

    def claim(self) -> list[Due]:
        """Claim the due bookings (``reminded_at`` := now) and read what their reminders say."""
        now = self._clock()

        def work(session: Session) -> list[Due]:
            rows = session.exec(
                select(SupportBooking)
                .where(
                    SupportBooking.status == BookingStatus.BOOKED.value,
                    col(SupportBooking.reminded_at).is_(None),
                    col(SupportBooking.personal_deleted_at).is_(None),
                    col(SupportBooking.starts_at) > now,
                    col(SupportBooking.starts_at) <= now + self._window,
                    or_(
                        col(SupportBooking.email).is_not(None),
                        col(SupportBooking.phone).is_not(None),
                    ),
                )
                .order_by(col(SupportBooking.starts_at))
                .limit(self._batch)
            ).all()
            due: list[Due] = []
            for row in rows:
                channels = self._channels(row)
                if not channels:
                    continue
                claimed = session.exec(
                    update(SupportBooking)
                    .where(
                        col(SupportBooking.id) == row.id,
                        col(SupportBooking.reminded_at).is_(None),
                    )
                    .values(reminded_at=now)
                )
                if claimed.rowcount == 1:
                    due.append(self._due(session, row, channels))
            return due

        return run_in_transaction(self._sessions, work)

    def _due(self, session: Session, row: SupportBooking, channels: tuple[str, ...]) -> Due:
        branch = session.get(Branch, row.branch_id)
        profile = session.get(AdviserProfile, row.adviser_id)
        assert branch is not None
        assert row.id is not None
        return Due(
            booking_id=row.id,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            zone=zone_of(branch.timezone),
            language=row.language,
            topic=row.topic,
            name=row.name or "",
            email=row.email,
            phone=row.phone,
            code=reminder_code(row, self._keys),
            branch=branch_name(branch).get(row.language),
            address=branch.address,
            place=profile.place if profile else "",
            adviser=profile.display_name if profile else None,
            channels=channels,
        )

    def record(self, outcomes: Sequence[tuple[Due, set[str]]]) -> None:
        """Remember the channels that worked; release the claim where one failed."""

        def work(session: Session) -> None:
            for due, done in outcomes:
                row = session.get(SupportBooking, due.booking_id)
                if row is None or row.starts_at != due.starts_at:
                    continue  # moved meanwhile: its new time gets its own reminder
                via = sorted(set(row.extra.get(REMINDED_VIA_KEY) or ()) | done)
                row.extra = {**row.extra, REMINDED_VIA_KEY: via}
                if not set(due.channels) <= done:
                    row.reminded_at = None
                session.add(row)

        run_in_transaction(self._sessions, work)


def _report(counts: dict[str, int]) -> None:
    if any(counts.values()):
        log.info("reminders: %d sent, %d failed", counts["sent"], counts["failed"])
