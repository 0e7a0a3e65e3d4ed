"""VisitorService against the real fleet app (in-process): log-ins, the session clock, wipe.

The kiosk side runs for real (LocalStore on SQLite, SessionSandbox with real processes and
files); the fleet is the real app over an ASGI transport with a fixed Monday-morning clock,
and the kiosk's monotonic clock is moved by hand, so no test waits for minutes to pass.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlmodel import col, select

from fleet.cards import service as cards
from fleet.crypto import DataKeys
from fleet.protocol import (
    CheckInRequest,
    DeviceConfig,
    DeviceState,
    EventType,
    HoursException,
    LauncherApp,
    LocalizedText,
    OfflinePolicy,
    Policy,
)
from fleet.protocol.cards import PhoneCardApplication, PhoneWallet, qr_proof
from fleet.protocol.sessions import EndReason, LoginMethod, PatronCategory, ReservationSlot
from fleet.sessions.models import PatronSession
from fleet.settings import Settings
from hardware import FakeCard, FakeCardReader
from kiosk.services.client import DeviceClient
from kiosk.services.outbox import EventAttrs
from kiosk.services.sandbox import SessionSandbox
from kiosk.services.shell import SessionWarning
from kiosk.services.store import LocalStore
from kiosk.services.visitor import VisitorError, VisitorService
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, enroll
from tests.support.visitors import AINO, AINO_PIN, MONDAY_11, add_patrons

pytestmark = pytest.mark.asyncio

SLEEPER = LauncherApp(
    id="notes",
    name=LocalizedText(fi="Muistio", sv="Anteckningar", en="Notes"),
    command=[
        sys.executable,
        "-c",
        "import pathlib, time; pathlib.Path('{home}/notes.txt').write_text('secret');"
        " time.sleep(120)",
    ],
)
POLICY = Policy(
    session_minutes=60,
    daily_minutes=90,
    idle_timeout_minutes=5,
    extension_minutes=30,
    max_extensions=1,
    launcher_apps=[SLEEPER],
    offline=OfflinePolicy(digital_card_allowed=True, session_minutes=20),
)


class FakeIdle:
    """The PC's idle time as the X server would report it."""

    def __init__(self) -> None:
        self.seconds: float | None = None

    def idle_seconds(self) -> float | None:
        return self.seconds

    def close(self) -> None:
        self.seconds = None


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Rig:
    """One kiosk's visitor service wired to the in-process fleet."""

    visitor: VisitorService
    store: LocalStore
    sandbox: SessionSandbox
    mono: FakeMonotonic
    clock: FakeClock
    fleet_db: FleetDb
    settings: Settings
    client: DeviceClient | None
    config: DeviceConfig
    events: list[tuple[EventType, dict[str, bool | int | str]]] = field(default_factory=list)
    wipes: int = 0
    unreachable: int = 0
    idle: FakeIdle = field(default_factory=FakeIdle)

    def event_types(self) -> list[str]:
        return [kind.value for kind, _ in self.events]

    def wallet(self, library_card: str | None = None) -> PhoneWallet:
        with self.fleet_db.session() as session:
            return cards.issue_demo_card(
                session,
                DataKeys(self.settings.resolved_data_secret()),
                customer_id="helsinki-42",
                library_card=library_card,
                valid_days=365,
                now=self.clock(),
            )

    def session_rows(self) -> list[PatronSession]:
        with self.fleet_db.session() as session:
            return list(session.exec(select(PatronSession).order_by(col(PatronSession.started_at))))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_11)


@pytest_asyncio.fixture
async def rig(
    app: FastAPI,
    client: httpx.AsyncClient,
    fleet_db: FleetDb,
    clock: FakeClock,
    settings: Settings,
    tmp_path: Path,
) -> AsyncIterator[Rig]:
    fleet_db.create_branch("oodi", policy=POLICY)
    add_patrons(fleet_db)
    with fleet_db.session() as session:
        cards.ensure_issuer_key(session, DataKeys(settings.resolved_data_secret()), "test")
    token = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    body = CheckInRequest(state=DeviceState.IDLE, app_version="1.0").model_dump_json()
    reply = await client.post("/api/device/v1/checkin", content=body, headers=bearer(token))
    config = DeviceConfig.model_validate(reply.json()["config"])
    device_client = DeviceClient("http://fleet.test", token, transport=httpx.ASGITransport(app=app))
    kiosk_dir = tmp_path / "kiosk"  # everything the kiosk writes, apart from the fleet's files
    kiosk_dir.mkdir()
    store = LocalStore(kiosk_dir / "kiosk.sqlite3")
    sandbox = SessionSandbox(kiosk_dir / "sessions", grace_seconds=1.0)
    mono = FakeMonotonic()
    idle = FakeIdle()
    holder: list[Rig] = []

    def record(kind: EventType, attrs: EventAttrs) -> None:
        holder[0].events.append((kind, dict(attrs)))

    def wiped() -> None:
        holder[0].wipes += 1

    def unreachable() -> None:
        holder[0].unreachable += 1

    visitor = VisitorService(
        store,
        sandbox,
        client=lambda: holder[0].client,
        config=lambda: holder[0].config,
        record_event=record,
        changed=lambda: None,
        wiped=wiped,
        unreachable=unreachable,
        clock=clock,
        monotonic=mono,
        idle=idle,
    )
    rig = Rig(
        visitor, store, sandbox, mono, clock, fleet_db, settings, device_client, config, idle=idle
    )
    holder.append(rig)
    try:
        yield rig
    finally:
        await visitor.end(EndReason.SHUTDOWN)
        await device_client.aclose()
        store.close()


async def log_in(rig: Rig, card: str = AINO, pin: str = AINO_PIN) -> None:
    await rig.visitor.scanned(card)
    assert rig.visitor.login_view is not None
    await rig.visitor.submit_pin(pin)


async def test_card_and_pin_start_a_private_session_that_logout_wipes(rig: Rig) -> None:
    await rig.visitor.scanned(AINO)
    login = rig.visitor.login_view
    assert login is not None
    assert login.method is LoginMethod.LIBRARY_CARD
    assert login.card_hint == "•••• 5678"
    await rig.visitor.submit_pin(AINO_PIN)
    view = rig.visitor.session_view
    assert view is not None
    assert view.first_name == "Aino"
    assert view.ends_at == rig.mono.now + 60 * 60
    assert view.can_extend
    assert view.has_account
    assert [app.id for app in view.apps] == ["notes"]
    assert rig.event_types() == ["session_started"]
    assert rig.events[0][1] == {"method": "library_card", "category": "adult", "online": True}

    await rig.visitor.launch_app("notes")
    home = rig.sandbox.home
    assert home is not None
    await _eventually(lambda: (home / "notes.txt").exists())
    account = await rig.visitor.account()
    assert account.loans[0].title == "Tuntematon sotilas"

    rig.mono.advance(25 * 60)
    await rig.visitor.logout()
    assert rig.visitor.session_view is None
    assert not home.exists()
    assert rig.wipes == 1
    assert rig.events[-1] == (
        EventType.SESSION_ENDED,
        {
            "method": "library_card",
            "category": "adult",
            "reason": "logout",
            "minutes": 25,
            "extensions": 0,
        },
    )
    # The end reaches the fleet through the durable queue.
    assert rig.visitor.pending_reports() == 1
    assert rig.client is not None
    assert await rig.visitor.flush_reports(rig.client) == 1
    (row,) = rig.session_rows()
    assert (row.end_reason, row.minutes_used) == ("logout", 25)


async def test_warnings_then_time_up(rig: Rig) -> None:
    await log_in(rig)
    view = rig.visitor.session_view
    assert view is not None
    ends = view.ends_at
    for step_to, expected in (
        (ends - 301, SessionWarning.NONE),
        (ends - 299, SessionWarning.FIVE_MINUTES),
        (ends - 59, SessionWarning.ONE_MINUTE),
    ):
        rig.mono.now = step_to
        rig.visitor.visitor_active()  # somebody is there: no idle warning
        await rig.visitor.tick()
        current = rig.visitor.session_view
        assert current is not None
        assert current.warning is expected
    rig.mono.now = ends
    await rig.visitor.tick()
    assert rig.visitor.session_view is None
    assert rig.events[-1][1]["reason"] == "time_up"


async def test_idle_warning_can_be_answered_then_idle_logout(rig: Rig) -> None:
    await log_in(rig)
    rig.mono.advance(4 * 60 + 1)  # idle time-out 5 min, warned 1 min before
    await rig.visitor.tick()
    view = rig.visitor.session_view
    assert view is not None
    assert view.warning is SessionWarning.IDLE
    assert view.idle_ends_at == pytest.approx(rig.mono.now + 59)
    rig.visitor.visitor_active()
    view = rig.visitor.session_view
    assert view is not None
    assert view.warning is SessionWarning.NONE
    rig.mono.advance(5 * 60)
    await rig.visitor.tick()
    assert rig.visitor.session_view is None
    assert rig.events[-1][1]["reason"] == "idle"


async def test_typing_in_another_program_keeps_the_session(rig: Rig) -> None:
    await log_in(rig)
    rig.mono.advance(4 * 60 + 30)  # the shell saw nothing for 4.5 min...
    rig.idle.seconds = 8.0  # ...but the visitor typed in the browser 8 s ago
    await rig.visitor.tick()
    view = rig.visitor.session_view
    assert view is not None
    assert view.warning is SessionWarning.NONE
    rig.idle.seconds = 4 * 60 + 10.0  # then nothing anywhere: warned, then logged out
    rig.mono.advance(4 * 60 + 5)
    await rig.visitor.tick()
    view = rig.visitor.session_view
    assert view is not None
    assert view.warning is SessionWarning.IDLE
    rig.mono.advance(60)
    rig.idle.seconds = (rig.idle.seconds or 0) + 60
    await rig.visitor.tick()
    assert rig.visitor.session_view is None
    assert rig.events[-1][1]["reason"] == "idle"


async def test_an_abandoned_pin_step_goes_back_to_idle(rig: Rig) -> None:
    await rig.visitor.scanned(AINO)
    rig.mono.advance(60)
    rig.visitor.visitor_active()  # still typing
    rig.mono.advance(60)
    await rig.visitor.tick()
    assert rig.visitor.login_view is not None
    rig.mono.advance(31)
    await rig.visitor.tick()
    assert rig.visitor.login_view is None  # the card hint is off the screen


async def test_one_extension_then_the_fleet_says_no(rig: Rig) -> None:
    await log_in(rig)
    before = rig.visitor.session_view
    assert before is not None
    rig.mono.advance(56 * 60)
    await rig.visitor.extend()
    after = rig.visitor.session_view
    assert after is not None
    assert after.ends_at == before.ends_at + 30 * 60
    assert after.notice == "extended"
    assert not after.can_extend  # one extension allowed, and it was used
    rig.visitor.dismiss_notice()
    closed = rig.visitor.session_view
    assert closed is not None
    assert closed.notice is None
    assert ("session_extended", {"method": "library_card", "minutes": 30}) in [
        (kind.value, attrs) for kind, attrs in rig.events
    ]


async def test_wrong_pin_stays_on_the_pin_step_final_refusals_close_it(rig: Rig) -> None:
    await log_in(rig, AINO, "0000")
    login = rig.visitor.login_view
    assert login is not None
    assert login.error == "pin_wrong"
    assert not login.checking
    await rig.visitor.submit_pin(AINO_PIN)
    assert rig.visitor.session_view is not None
    await rig.visitor.logout()

    await log_in(rig, "20000000001", "1111")  # blocked: another PIN cannot help
    assert rig.visitor.login_view is None
    assert rig.visitor.notice == "card_blocked"
    assert rig.events[-1] == (
        EventType.LOGIN_FAILED,
        {"method": "library_card", "reason": "card_blocked"},
    )


async def test_a_digital_card_by_qr_logs_in_once(rig: Rig) -> None:
    wallet = rig.wallet(library_card="200012345678")
    proof = qr_proof(wallet, rig.clock())
    await rig.visitor.scanned(proof)
    view = rig.visitor.session_view
    assert view is not None
    assert view.method is LoginMethod.DIGITAL_CARD
    assert view.first_name == "Aino"  # the card is linked to Aino's library card
    await rig.visitor.logout()
    # The same QR again (a photo of the phone's screen): refused here, before the network.
    await rig.visitor.scanned(proof)
    assert rig.visitor.session_view is None
    assert rig.visitor.notice == "proof_replayed"
    # A tampered proof, and an old one.
    await rig.visitor.scanned(proof[:-6] + ("A" if proof[-6] != "A" else "B") + proof[-5:])
    assert rig.visitor.notice in ("digital_card_forged", "proof_malformed")
    await rig.visitor.scanned(qr_proof(wallet, rig.clock() - dt.timedelta(minutes=5)))
    assert rig.visitor.notice == "proof_expired"


async def test_a_phone_tap_logs_in_and_a_bare_tag_does_not(rig: Rig) -> None:
    reader = FakeCardReader()
    await reader.start()
    app = PhoneCardApplication(rig.wallet())

    async def handler(apdu: bytes) -> bytes:
        return app.handle(apdu)

    reader.present(FakeCard.tag(b"\x04\x11\x22\x33\x44\x55\x66"))
    tag = await reader.read(1.0)
    assert tag is not None
    await rig.visitor.tap(tag, rig.config.device_id)
    assert rig.visitor.notice == "uid_only_card"
    assert rig.visitor.session_view is None

    reader.present(FakeCard.iso_dep(handler))
    phone = await reader.read(1.0)
    assert phone is not None
    await rig.visitor.tap(phone, rig.config.device_id)
    view = rig.visitor.session_view
    assert view is not None
    assert view.method is LoginMethod.DIGITAL_CARD
    assert view.category is PatronCategory.ADULT
    assert not view.has_account  # no library card on this digital card
    await reader.stop()


async def test_offline_a_digital_card_works_and_is_reported_later(rig: Rig) -> None:
    online = rig.client
    rig.client = DeviceClient("http://127.0.0.1:9", "1.x")  # nothing listens: offline
    try:
        await log_in(rig)
        login = rig.visitor.login_view
        assert login is not None
        assert login.error == "offline_library_card"
        rig.visitor.cancel_login()

        await rig.visitor.scanned(qr_proof(rig.wallet(), rig.clock()))
        view = rig.visitor.session_view
        assert view is not None
        assert not view.online
        assert view.ends_at == rig.mono.now + 20 * 60  # the offline policy's length
        assert not view.can_extend
        with pytest.raises(VisitorError) as no_account:
            await rig.visitor.account()
        assert no_account.value.code == "account_not_available"
        rig.mono.advance(12 * 60)
        await rig.visitor.logout()
        assert rig.unreachable >= 1
    finally:
        await rig.client.aclose()
        rig.client = online
    assert online is not None
    assert await rig.visitor.flush_reports(online) == 1
    (row,) = rig.session_rows()
    assert row.offline
    assert row.minutes_used == 12
    assert row.end_reason == "logout"


async def test_a_reservation_made_later_pulls_the_end_forward(rig: Rig) -> None:
    await log_in(rig)
    soon = rig.clock() + dt.timedelta(minutes=10)
    slot = ReservationSlot(starts_at=soon, ends_at=soon + dt.timedelta(hours=1))
    rig.config = rig.config.model_copy(update={"reservations": [slot]})
    await rig.visitor.tick()
    view = rig.visitor.session_view
    assert view is not None
    assert view.ends_at == pytest.approx(rig.mono.now + 600)
    assert not view.can_extend
    assert rig.visitor.next_reservation() == soon


async def _at(rig: Rig, wall: dt.datetime) -> SessionWarning | None:
    """Move both clocks to ``wall`` (someone is at the PC) and tick; the warning, or None
    when the session has ended."""
    rig.mono.advance((wall - rig.clock.now).total_seconds())
    rig.clock.now = wall
    rig.visitor.visitor_active()
    await rig.visitor.tick()
    view = rig.visitor.session_view
    return view.warning if view is not None else None


async def test_no_session_runs_past_closing_and_the_visitor_is_told_once(rig: Rig) -> None:
    # Monday 19:30 in Helsinki: the library closes at 20:00.
    rig.clock.now = dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.UTC)
    await log_in(rig)
    view = rig.visitor.session_view
    assert view is not None
    assert view.ends_at == pytest.approx(rig.mono.now + 30 * 60)  # the fleet's grant, to 20:00
    assert view.closing_time == dt.time(20, 0)
    assert not view.can_extend  # the time already runs until closing
    assert view.warning is SessionWarning.NONE
    utc = dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC)
    assert await _at(rig, utc.replace(minute=44, second=59)) is SessionWarning.NONE
    assert await _at(rig, utc.replace(minute=45)) is SessionWarning.CLOSING
    assert await _at(rig, utc.replace(minute=50)) is SessionWarning.CLOSING
    assert await _at(rig, utc.replace(minute=55, second=1)) is SessionWarning.FIVE_MINUTES
    assert await _at(rig, utc.replace(minute=59, second=1)) is SessionWarning.ONE_MINUTE
    assert await _at(rig, utc.replace(hour=18, minute=0)) is None
    assert rig.events[-1][1]["reason"] == "time_up"


async def test_hours_cut_short_today_pull_the_end_forward_to_closing(rig: Rig) -> None:
    await log_in(rig)  # Monday 11:00, an hour granted
    view = rig.visitor.session_view
    assert view is not None
    assert view.can_extend
    assert view.closing_time == dt.time(20, 0)
    # IT closes the branch at 11:10 today (a burst pipe); the config arrives.
    early = HoursException(date=dt.date(2026, 11, 23), opens=dt.time(9), closes=dt.time(11, 10))
    hours = rig.config.opening_hours.model_copy(update={"exceptions": [early]})
    rig.config = rig.config.model_copy(update={"opening_hours": hours})
    await rig.visitor.tick()
    view = rig.visitor.session_view
    assert view is not None
    assert view.ends_at == pytest.approx(rig.mono.now + 10 * 60)
    assert view.closing_time == dt.time(11, 10)
    assert view.warning is SessionWarning.CLOSING
    assert not view.can_extend
    assert await _at(rig, dt.datetime(2026, 11, 23, 9, 10, tzinfo=dt.UTC)) is None
    assert rig.events[-1][1]["reason"] == "time_up"


async def test_a_session_left_by_a_crash_is_wiped_and_reported_at_start(rig: Rig) -> None:
    await log_in(rig)
    await rig.visitor.launch_app("notes")
    home = rig.sandbox.home
    assert home is not None
    await _eventually(lambda: (home / "notes.txt").exists())
    rig.clock.advance(minutes=7)
    # The shell "crashes": a new service on the same state finds the journal at start.
    again = VisitorService(
        rig.store,
        SessionSandbox(rig.sandbox.journal_path.parent, grace_seconds=1.0),
        client=lambda: rig.client,
        config=lambda: rig.config,
        record_event=lambda kind, attrs: rig.events.append((kind, dict(attrs))),
        changed=lambda: None,
        wiped=lambda: None,
        unreachable=lambda: None,
        clock=rig.clock,
        monotonic=rig.mono,
    )
    again.recover()
    assert not home.exists()
    assert rig.events[-1][1]["reason"] == "crash"
    assert rig.events[-1][1]["minutes"] == 7
    assert rig.client is not None
    assert await again.flush_reports(rig.client) == 1
    (row,) = rig.session_rows()
    assert (row.end_reason, row.minutes_used) == ("crash", 7)
    await rig.sandbox.close()  # the old service's handle: nothing left to do


async def test_the_pin_is_kept_nowhere_on_the_kiosk(
    rig: Rig, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pin = "8642"
    await log_in(rig, AINO, pin)  # wrong: stays on the PIN step
    await rig.visitor.submit_pin(AINO_PIN)
    assert rig.visitor.session_view is not None
    for path, data in await asyncio.to_thread(_every_file, tmp_path / "kiosk"):
        assert pin.encode() not in data, path
        assert b"200012345678" not in data, path
    assert pin not in caplog.text
    assert "200012345678" not in caplog.text


def _every_file(root: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in root.rglob("*") if p.is_file() and not p.is_symlink()]


async def _eventually(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_a_shutdown_warns_the_visitor_and_logs_them_out_after_the_grace(rig: Rig) -> None:
    await log_in(rig)
    assert rig.visitor.end_soon(60, EndReason.SHUTDOWN, "pc_shutting_down")
    view = rig.visitor.session_view
    assert view is not None
    assert view.notice == "pc_shutting_down"
    assert view.warning is SessionWarning.ONE_MINUTE  # shown, spoken and announced
    assert view.ends_at == pytest.approx(rig.mono.now + 60)
    assert not view.can_extend
    await rig.visitor.extend()  # no more time to be had
    view = rig.visitor.session_view
    assert view is not None
    assert view.ends_at == pytest.approx(rig.mono.now + 60)
    rig.mono.advance(59)
    rig.visitor.visitor_active()
    await rig.visitor.tick()
    assert rig.visitor.active
    rig.mono.advance(1)
    await rig.visitor.tick()
    assert not rig.visitor.active
    assert rig.wipes == 1
    assert rig.events[-1][1]["reason"] == "shutdown"
    assert rig.client is not None
    assert await rig.visitor.flush_reports(rig.client) == 1
    (row,) = rig.session_rows()
    assert row.end_reason == "shutdown"
    # Nobody at the PC: nothing to warn.
    assert not rig.visitor.end_soon(60, EndReason.SHUTDOWN, "pc_shutting_down")
