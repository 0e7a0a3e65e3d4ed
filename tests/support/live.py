"""A real ``fleet serve`` process on a free loopback port, stoppable and restartable."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from fleet.protocol import DayHours, Policy
from tests.support.fleetdb import FleetDb
from tests.support.network import free_port

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Linux: the server gets SIGTERM if the test process dies, so none outlives the run.
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class LiveFleet:
    """``fleet serve`` against ``database_url``; ``base_url`` stays the same across restarts."""

    def __init__(
        self,
        database_url: str,
        data_dir: Path,
        *,
        port: int | None = None,
        workers: int = 1,
        env: dict[str, str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        self.port = port or free_port()
        self.workers = workers
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.db = FleetDb(database_url)
        self.log_path = data_dir / "fleet-serve.log"
        self._extra_env = env or {}
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 60) -> None:
        """Start the server and return once ``/readyz`` answers 200."""
        if self.running:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "FLEET_DATABASE_URL": self.database_url,
            "FLEET_DATA_DIR": str(self.data_dir),
            "FLEET_LOG_LEVEL": "warning",
            **self._extra_env,
        }
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [
                    sys.executable, "-m", "fleet", "serve", "--host", "127.0.0.1",
                    "--port", str(self.port), "--workers", str(self.workers),
                ],
                env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"fleet serve exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.base_url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"fleet serve not ready in {timeout} s:\n{self.log_path.read_text()}")

    def stop(self, timeout: float = 20) -> None:
        """Graceful stop (buffered check-ins are written); killed if it hangs."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def kill(self) -> None:
        """Stop abruptly, like a crash (SIGKILL)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def create_branch(
        self,
        branch_id: str = "oodi",
        *,
        weekly: list[DayHours] | None = None,
        policy: Policy | None = None,
    ) -> str:
        return self.db.create_branch(branch_id, weekly=weekly, policy=policy)

    def enrollment_code(self, branch_id: str = "oodi", *, uses: int = 1) -> str:
        return self.db.enrollment_code(branch_id, uses=uses)

    def close(self) -> None:
        self.stop()
        self.db.dispose()
