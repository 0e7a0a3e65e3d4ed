"""KioskShell against a scripted fleet (loopback HTTP): a newer fleet's check-in replies, the
power schedule, and IT's ``shutdown`` with a visitor at the PC. The power commands run for
real, pointed at a script that records them (tests/kiosk/services/power_programs)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fleet.protocol import (
    SessionGrant,
)
from fleet.protocol.sessions import LoginMethod, PatronCategory
from kiosk.services.kiosk_shell import KioskShell, ShellTimings
from kiosk.services.power import PowerSettings
from kiosk.services.shell import SessionWarning, ShellMode
from kiosk.services.state import Credential, StateDir
from tests.kiosk.services.power_rig import config, recorded, recording_settings
from tests.kiosk.services.shell_rig import Recorder, eventually
from tests.kiosk.services.stub_fleet import StubFleet
from tests.support.clock import FakeClock

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

HELSINKI = ZoneInfo("Europe/Helsinki")
FAST = ShellTimings(
    initial_backoff=0.2,
    max_backoff=1.0,
    upload_debounce=0.1,
    credential_poll=0.2,
    clock_period=0.05,
    shutdown_grace=0.3,
)
SESSION_ID = uuid.UUID("0192f7a8-1b2c-7d3e-8f40-123456789abc")


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, sec, tzinfo=HELSINKI)


def command(command_id: int, kind: str, **extra: object) -> dict[str, object]:
    return {
        "id": command_id,
        "type": kind,
        "issued_at": "2026-11-23T09:00:00Z",
        "expires_at": "2026-11-24T09:00:00Z",
        **extra,
    }


class Fleet:
    """A StubFleet scripted as a fleet: check-in replies, results, log-ins, session reports."""

    def __init__(self, stub: StubFleet, clock: FakeClock) -> None:
        self.stub = stub
        self.clock = clock
        self.reply: dict[str, object] = {
            "config_etag": "e1",
            "config": json.loads(config(checkin_interval_seconds=3600).model_dump_json()),
        }
        stub.handlers[("POST", "/checkin")] = self._checkin
        stub.handlers[("POST", "/events")] = self._events
        stub.handlers[("POST", "/sessions")] = self._login
        stub.handlers[("POST", f"/sessions/{SESSION_ID}/end")] = self._no_content

    def expect_results(self, *command_ids: int) -> None:
        for command_id in command_ids:
            self.stub.handlers[("POST", f"/commands/{command_id}/result")] = self._no_content

    def result(self, command_id: int) -> dict[str, object] | None:
        bodies = self.stub.bodies(f"/commands/{command_id}/result")
        return bodies[-1] if bodies else None

    def states(self) -> list[object]:
        return [body["state"] for body in self.stub.bodies("/checkin")]

    def end_reasons(self) -> list[object]:
        return [body["reason"] for body in self.stub.bodies(f"/sessions/{SESSION_ID}/end")]

    async def _checkin(self, request: Request, body: bytes) -> Response:
        reply, self.reply = self.reply, {"config_etag": self.reply["config_etag"]}
        return JSONResponse(reply)

    async def _events(self, request: Request, body: bytes) -> Response:
        return JSONResponse({"accepted": len(json.loads(body)["events"]), "duplicates": 0})

    async def _login(self, request: Request, body: bytes) -> Response:
        grant = SessionGrant(
            session_id=SESSION_ID,
            method=LoginMethod.LIBRARY_CARD,
            category=PatronCategory.ADULT,
            first_name="Aino",
            minutes=60,
            daily_minutes_left=120,
            ends_at=self.clock() + dt.timedelta(minutes=60),
        )
        return Response(grant.model_dump_json(), media_type="application/json")

    async def _no_content(self, request: Request, body: bytes) -> Response:
        return Response(status_code=204)


@asynccontextmanager
async def kiosk(
    tmp_path: Path, clock: FakeClock, power: PowerSettings | None
) -> AsyncIterator[tuple[KioskShell, Fleet, Recorder]]:
    async with StubFleet() as stub:
        fleet = Fleet(stub, clock)
        state_dir = tmp_path / "kiosk"
        StateDir(state_dir).save_credential(
            Credential(
                server_url=stub.url,
                token="device-token",
                device_id=1,
                device_name="oodi-01",
                branch_id="oodi",
                enrolled_at=clock(),
            )
        )
        shell = KioskShell.open(state_dir, timings=FAST, clock=clock, power=power)
        recorder = Recorder()
        shell.add_listener(recorder)
        stop = asyncio.Event()
        task = asyncio.create_task(shell.run(stop))
        try:
            await eventually(lambda: shell.view.branch_name is not None, 10, "the config")
            yield shell, fleet, recorder
        finally:
            stop.set()
            await task
            shell.close()


async def log_in(shell: KioskShell) -> None:
    await shell.scanned("2000 1234 5678")
    await shell.submit_pin("1234")
    assert shell.view.mode is ShellMode.SESSION


async def test_an_older_kiosk_runs_what_it_knows_from_a_newer_fleet(tmp_path: Path) -> None:
    """The whole check-in survives a newer fleet: unknown fields anywhere are ignored, known
    commands run, and an unknown command type is reported failed ``unsupported_command``."""
    clock = FakeClock(local(2026, 11, 23, 12))
    async with kiosk(tmp_path, clock, None) as (shell, fleet, recorder):
        body = json.loads(config(power=None, checkin_interval_seconds=3600).model_dump_json())
        body["policy"]["screen_saver_minutes"] = 10
        body["opening_hours"]["weekly"][0]["lunch_break"] = "12:00-12:30"
        body["floor_plan"] = {"url": "https://example.org/oodi.svg"}
        fleet.reply = {
            "config_etag": "e2",
            "config": body,
            "commands": [
                command(1, "message", message="Suljemme pian", priority="high"),
                command(2, "hibernate", minutes=30),
                command(3, "lock", message="Huolto"),
            ],
            "maintenance_window": {"starts_at": "2026-11-24T02:00:00Z"},
        }
        fleet.expect_results(1, 2, 3)
        await shell.checkin_now()  # (or the shell's own check-in loop gets there first)
        await eventually(lambda: fleet.result(3) is not None, 10, "the results")
        assert recorder.messages == ["Suljemme pian"]
        assert shell.view.mode is ShellMode.LOCKED
        assert shell.view.lock_message == "Huolto"
        assert fleet.result(1) == {"status": "succeeded", "detail": None}
        assert fleet.result(2) == {"status": "failed", "detail": "unsupported_command"}
        assert fleet.result(3) == {"status": "succeeded", "detail": None}
        # The config was applied and kept (the unknown fields are not).
        stored = StateDir(tmp_path / "kiosk").load_config()
        assert stored is not None
        assert stored.etag == "e2"
        assert "screen_saver_minutes" not in stored.config.policy.model_dump()


async def test_the_pc_switches_off_after_closing_and_sets_its_wake_alarm(tmp_path: Path) -> None:
    clock = FakeClock(local(2026, 11, 23, 19))
    log = tmp_path / "argv.jsonl"
    async with kiosk(tmp_path, clock, recording_settings(log)) as (shell, fleet, _views):
        await log_in(shell)
        session = shell.view.session
        assert session is not None
        # The closing warning can say when the PC switches off.
        assert session.closing_time == dt.time(20)
        assert session.shutdown_time == dt.time(20, 30)
        # Somehow still logged in at 20:30 (the PC's clock jumped): ended properly first.
        clock.now = local(2026, 11, 23, 20, 30)
        await eventually(lambda: len(recorded(log)) == 2, 10, "the power commands")
        wake = local(2026, 11, 24, 8, 40)
        assert recorded(log) == [
            ["rtcwake", "-m", "no", "-u", "-t", str(int(wake.timestamp()))],
            ["systemctl", "poweroff"],
        ]
        assert shell.view.session is None
        assert set(fleet.end_reasons()) == {
            "closing"
        }  # (sent again by the report loop: idempotent)
        assert "shut_down" in fleet.states()
        # Going down: nobody can log in in the seconds left.
        await shell.scanned("2000 1234 5678")
        assert shell.view.notice == "pc_switching_off"
        assert shell.view.login is None


async def test_it_shuts_a_pc_down_and_the_visitor_is_warned_first(tmp_path: Path) -> None:
    clock = FakeClock(local(2026, 11, 23, 12))
    log = tmp_path / "argv.jsonl"
    async with kiosk(tmp_path, clock, recording_settings(log)) as (shell, fleet, recorder):
        await log_in(shell)
        wake_at = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC)
        fleet.reply = {
            "config_etag": "e1",
            "commands": [command(7, "shutdown", wake_at="2026-11-24T06:00:00Z")],
        }
        fleet.expect_results(7)
        await shell.checkin_now()
        # Told at once, and warned as before any time-up; no more time to be had.
        await eventually(lambda: recorder.views[-1].session is not None, 1, "the view")
        session = next(v.session for v in recorder.views if v.session and v.session.notice)
        assert session is not None
        assert session.notice == "pc_shutting_down"
        assert session.warning is SessionWarning.ONE_MINUTE
        assert not session.can_extend
        assert recorded(log) == []
        # The grace over, the session ends (wiped, reported) and the PC switches off.
        await eventually(lambda: fleet.result(7) is not None, 10, "the shutdown's result")
        assert fleet.result(7) == {"status": "succeeded", "detail": "wake_at=2026-11-24T06:00:00Z"}
        assert recorded(log) == [
            ["rtcwake", "-m", "no", "-u", "-t", str(int(wake_at.timestamp()))],
            ["systemctl", "poweroff"],
        ]
        assert set(fleet.end_reasons()) == {"shutdown"}
        assert fleet.states()[-1] == "shut_down"


async def test_by_default_switching_off_is_only_simulated(tmp_path: Path) -> None:
    """What the demo and every test get: nothing switches off, the kiosk carries on."""
    clock = FakeClock(local(2026, 11, 23, 12))
    async with kiosk(tmp_path, clock, None) as (shell, fleet, _views):
        fleet.reply = {
            "config_etag": "e3",
            "config": json.loads(
                config(power=None, checkin_interval_seconds=3600).model_dump_json()
            ),
            "commands": [command(8, "shutdown")],
        }
        fleet.expect_results(8)
        await shell.checkin_now()
        await eventually(lambda: fleet.result(8) is not None, 10, "the shutdown's result")
        assert fleet.result(8) == {"status": "succeeded", "detail": "no_wake simulated"}
        assert fleet.states()[-2:] == ["shut_down", "idle"] or fleet.states()[-1] == "idle"
        await log_in(shell)  # still in service
