"""A real kiosk process (``python -m kiosk run --headless``) and its state directory."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from fleet.protocol import EventType
from kiosk.services.outbox import Outbox
from kiosk.services.store import LocalStore


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


class KioskProcess:
    """Enrols with the ``kiosk`` CLI, runs headless, and reads its local database."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.machine_id = uuid.uuid4().hex  # several test kiosks on one PC must not collide
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.log = state_dir.parent / f"{state_dir.name}.log"

    def enroll(self, server_url: str, code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk",
                "enroll",
                "--server",
                server_url,
                "--code",
                code,
                "--state-dir",
                str(self.state_dir),
                "--machine-id",
                self.machine_id,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def start(self, *extra: str) -> None:
        """Run the kiosk headless with fake hardware; ``extra`` options go to ``kiosk run``
        (``--scanner tcp:127.0.0.1:PORT`` to scan into it)."""
        assert self.process is None or self.process.poll() is not None
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kiosk",
                    "run",
                    "--headless",
                    "--fake-hardware",
                    "--state-dir",
                    str(self.state_dir),
                    "--max-backoff",
                    "2",
                    *extra,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1

    def kill_hard(self) -> None:
        """``kill -9``: no clean-up, no final flush, whatever was in flight is cut."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def add_events(self, count: int) -> set[str]:
        """Commit ``count`` events to the outbox as screens would; works while the kiosk runs."""
        store = LocalStore(self.state_dir / "kiosk.sqlite3")
        try:
            outbox = Outbox(store)
            return {
                str(outbox.record(EventType.COMMAND_EXECUTED, {"seq": n}).id) for n in range(count)
            }
        finally:
            store.close()

    def _query(self, sql: str) -> int:
        # Read-only: the test must not take write locks from the kiosk it watches.
        db = sqlite3.connect(f"file:{self.state_dir / 'kiosk.sqlite3'}?mode=ro", uri=True)
        try:
            db.execute("PRAGMA busy_timeout=5000")
            return int(db.execute(sql).fetchone()[0])
        finally:
            db.close()

    def outbox_depth(self) -> int:
        return self._query("SELECT count(*) FROM outbox")

    def quarantined(self) -> int:
        return self._query("SELECT count(*) FROM quarantine")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""
