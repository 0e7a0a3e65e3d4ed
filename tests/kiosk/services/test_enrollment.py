"""Enrolment against a real fleet: success, re-enrolment, and each refusal's message."""

from __future__ import annotations

import datetime as dt
import stat
import uuid
from pathlib import Path

import pytest

from kiosk.cli import EXIT_OK, EXIT_REFUSED, main
from kiosk.services.enrollment import enroll, kiosk_hostname
from kiosk.services.errors import EnrollmentError
from kiosk.services.messages import message
from kiosk.services.state import StateDir
from tests.e2e.fleet_process import FleetProcess


def test_hostnames_are_made_acceptable() -> None:
    assert kiosk_hostname("oodi-pc-12.library.example") == "oodi-pc-12"
    assert kiosk_hostname("Kallion_PC 3") == "Kallion-PC-3"
    assert kiosk_hostname("___") == "kiosk"


@pytest.mark.asyncio
async def test_enrolment_stores_a_private_credential_and_re_enrolment_replaces_it(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state = StateDir(tmp_path / "kiosk")
    machine = uuid.uuid4().hex
    first = await enroll(state, fleet.url, fleet.enroll_code(), version="0.1.0", machine_id=machine)
    assert first.branch_id == "oodi"
    assert stat.S_IMODE(state.credential_path.stat().st_mode) == 0o600
    # Typed the way people type codes: lower case, with spaces.
    code = fleet.enroll_code().lower().replace("-", " ")
    second = await enroll(state, fleet.url, code, version="0.1.0", machine_id=machine)
    assert second.device_id != first.device_id
    assert state.load_credential() == second
    # The same PC enrolled again: its old record is retired by the fleet.
    assert fleet.device(first.device_id)["status"] == "retired"


@pytest.mark.asyncio
async def test_a_used_code_is_refused_with_its_reason(fleet: FleetProcess, tmp_path: Path) -> None:
    code = fleet.enroll_code()
    state = StateDir(tmp_path / "a")
    await enroll(state, fleet.url, code, version="0.1.0", machine_id=uuid.uuid4().hex)
    with pytest.raises(EnrollmentError) as refused:
        await enroll(
            StateDir(tmp_path / "b"), fleet.url, code, version="0.1.0", machine_id=uuid.uuid4().hex
        )
    assert refused.value.code == "enrollment_code_used"
    assert StateDir(tmp_path / "b").load_credential() is None


def test_the_cli_explains_unknown_and_expired_codes(
    fleet: FleetProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expired = fleet.live.db.enrollment_code(
        "oodi", ttl=dt.timedelta(hours=1), now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    )
    common = [
        "--server",
        fleet.url,
        "--state-dir",
        str(tmp_path / "k"),
        "--machine-id",
        "a1b2c3d4e5f6",
    ]
    assert main(["--language", "fi", "enroll", "--code", expired, *common]) == EXIT_REFUSED
    assert message("enrollment_code_expired", "fi") in capsys.readouterr().err
    assert main(["--language", "sv", "enroll", "--code", "ZZZZ-ZZZZ", *common]) == EXIT_REFUSED
    assert message("enrollment_code_unknown", "sv") in capsys.readouterr().err
    assert main(["enroll", "--code", fleet.enroll_code(), *common]) == EXIT_OK
    assert "oodi" in capsys.readouterr().out
