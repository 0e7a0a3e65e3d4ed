"""Visitor sessions across real processes: a phone QR log-in, ``kill -9`` mid-session, restart.

The kiosk runs headless (``kiosk run --headless``) with a network scanner (``tcp:``), so the
test "scans" a digital card's QR proof into it exactly as a 2D scanner on the network would.
The branch is open around the clock, so the test passes at any hour.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from sqlmodel import col, select

from fleet.cards import service as cards
from fleet.crypto import DataKeys
from fleet.protocol.cards import PhoneWallet, qr_proof
from fleet.sessions.models import PatronSession
from fleet.settings import Settings
from kiosk.phone_sim import PhoneSimError, send_to_scanner
from tests.e2e.fleet_process import FleetProcess
from tests.e2e.kiosk_process import KioskProcess, wait_until
from tests.support.fleetdb import ALWAYS_OPEN
from tests.support.network import free_port

pytestmark = pytest.mark.slow


def wallet_for(fleet: FleetProcess) -> PhoneWallet:
    keys = DataKeys(Settings(data_dir=fleet.live.data_dir).resolved_data_secret())
    with fleet.live.db.session() as session:
        cards.ensure_issuer_key(session, keys, "test")
    with fleet.live.db.session() as session:
        return cards.issue_demo_card(
            session,
            keys,
            customer_id="helsinki-e2e",
            library_card=None,
            valid_days=30,
            now=dt.datetime.now(dt.UTC),
        )


def scan(wallet: PhoneWallet, port: int) -> None:
    """Scan a fresh QR proof into the kiosk (retrying while its scanner starts)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            send_to_scanner(qr_proof(wallet, dt.datetime.now(dt.UTC)), f"127.0.0.1:{port}")
            return
        except PhoneSimError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def sessions(fleet: FleetProcess) -> list[PatronSession]:
    with fleet.live.db.session() as session:
        return list(session.exec(select(PatronSession).order_by(col(PatronSession.started_at))))


def session_dirs(kiosk: KioskProcess) -> list[Path]:
    return sorted((kiosk.state_dir / "sessions").glob("session-*"))


def test_a_crashed_kiosk_ends_and_wipes_the_session_at_restart(
    fleet: FleetProcess, kiosk: KioskProcess
) -> None:
    fleet.live.create_branch("demo", weekly=ALWAYS_OPEN)
    wallet = wallet_for(fleet)  # after the branch, so its config carries the issuer key
    assert kiosk.enroll(fleet.url, fleet.enroll_code("demo")).returncode == 0
    port = free_port()
    kiosk.start("--scanner", f"tcp:127.0.0.1:{port}")
    wait_until(lambda: "online=True" in kiosk.log_text(), 60, "the kiosk online")

    scan(wallet, port)
    wait_until(lambda: "mode=session" in kiosk.log_text(), 30, "the session to start")
    (home,) = [path / "home" for path in session_dirs(kiosk)]
    (home / "cv-draft.txt").write_text("what a visitor typed")  # as an app would
    (running,) = sessions(fleet)
    assert running.ended_at is None
    assert running.method == "digital_card"

    kiosk.kill_hard()  # mid-session: no wipe, no end report
    assert (home / "cv-draft.txt").exists()
    kiosk.start("--scanner", f"tcp:127.0.0.1:{port}")
    wait_until(lambda: "ended and wiped at start" in kiosk.log_text(), 60, "crash recovery")
    assert session_dirs(kiosk) == []
    wait_until(lambda: sessions(fleet)[0].ended_at is not None, 60, "the crash reported")
    (ended,) = sessions(fleet)
    assert ended.end_reason == "crash"
    assert ended.id == running.id

    # Ready for the next visitor: the same phone logs in again with a fresh proof.
    scan(wallet, port)
    wait_until(lambda: len(sessions(fleet)) == 2, 30, "the next session")
    device_id = json.loads((kiosk.state_dir / "credential.json").read_text())["device_id"]
    end = fleet.send_command(device_id, "end_session")
    wait_until(lambda: fleet.command_status(end) == "succeeded", 30, "end_session done")
    wait_until(lambda: sessions(fleet)[1].end_reason == "remote", 30, "the remote end reported")
    assert session_dirs(kiosk) == []
    assert kiosk.stop() == 0
    # Anonymous events of all three endings reached the fleet.
    wait_until(
        lambda: sum(1 for _, kind, _ in fleet.event_rows() if kind == "session_ended") >= 2,
        30,
        "the session events",
    )
    ended_reasons = sorted(
        str(attrs.get("reason")) for _, kind, attrs in fleet.event_rows() if kind == "session_ended"
    )
    assert ended_reasons == ["crash", "remote"]
