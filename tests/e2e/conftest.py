"""Process-level fixtures: a real fleet server, real kiosk processes, a cutting proxy."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.fleet_process import FleetProcess
from tests.e2e.kiosk_process import KioskProcess
from tests.e2e.proxy import CuttingProxy
from tests.support.live import LiveFleet


class ProxyThread:
    """Runs a :class:`CuttingProxy` on its own event loop, so tests can block and sleep."""

    def __init__(self, target_port: int) -> None:
        self._loop = asyncio.new_event_loop()
        self.proxy = CuttingProxy("127.0.0.1", target_port)
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._call(self.proxy.start())

    def _call(self, coroutine: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    @property
    def url(self) -> str:
        return self.proxy.url

    def release(self) -> None:
        self._loop.call_soon_threadsafe(self.proxy.release)

    def close(self) -> None:
        self._call(self.proxy.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


@pytest.fixture
def fleet(live_fleet: LiveFleet) -> FleetProcess:
    """A real ``fleet serve`` (on SQLite and on PostgreSQL) with a branch and an admin."""
    return FleetProcess(live_fleet)


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[KioskProcess]:
    process = KioskProcess(tmp_path / "kiosk")
    try:
        yield process
    finally:
        if process.process is not None and process.process.poll() is None:
            process.process.kill()
            process.process.wait(timeout=10)


@pytest.fixture
def proxy(fleet: FleetProcess) -> Iterator[ProxyThread]:
    thread = ProxyThread(fleet.port)
    try:
        yield thread
    finally:
        thread.close()
