"""The ``kiosk`` command line: argument handling and enrolment messages."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.cli import EXIT_REFUSED, EXIT_UNREACHABLE, main
from kiosk.services.messages import message


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_enroll_refuses_a_server_address_without_scheme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["enroll", "--server", "fleet.local", "--code", "ABCD2345", "--state-dir", str(tmp_path)]
    )
    assert code == EXIT_REFUSED
    assert message("invalid_server_url") in capsys.readouterr().err
    assert not (tmp_path / "credential.json").exists()


def test_enroll_refuses_a_malformed_code_before_any_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()  # nothing listens: the code is refused before a connection is tried
    code = main(
        [
            "--language",
            "sv",
            "enroll",
            "--server",
            f"http://127.0.0.1:{port}",
            "--code",
            "x!",
            "--state-dir",
            str(tmp_path),
        ]
    )
    assert code == EXIT_REFUSED
    assert message("enrollment_code_invalid", "sv") in capsys.readouterr().err


def test_enroll_reports_an_unreachable_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    code = main(
        [
            "--language",
            "fi",
            "enroll",
            "--server",
            f"http://127.0.0.1:{port}",
            "--code",
            "ABCD-2345",
            "--state-dir",
            str(tmp_path),
        ]
    )
    assert code == EXIT_UNREACHABLE
    assert message("server_unreachable", "fi") in capsys.readouterr().err


def test_the_console_entry_point_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "--headless" in result.stdout
    assert "--fake-hardware" in result.stdout


def test_a_missing_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_headless_run_without_a_credential_waits_and_stops_on_sigterm(tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--headless", "--fake-hardware",
             "--state-dir", str(tmp_path / "state")],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "mode=not_registered" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # The state directory was created private, with its database.
    assert (tmp_path / "state" / "kiosk.sqlite3").exists()
