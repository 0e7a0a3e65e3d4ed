"""Views for each screen and a helper that awaits a rendered view on the qasync loop."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TypeVar

from fleet.protocol import DayHours, DeviceHealth, HealthStatus, LocalizedText
from kiosk.services.shell import ShellMode, ShellView
from kiosk.ui.bridge import ShellBridge
from kiosk.ui.main_window import MainWindow
from tests.kiosk.ui.fakes import FakeShellController

T = TypeVar("T")
SETTLE_SECONDS = 5.0

NOW = dt.datetime(2026, 11, 23, 14, 5)  # a Monday afternoon

IDLE = ShellView(
    mode=ShellMode.IDLE,
    language="fi",
    device_name="oodi-07",
    branch_name=LocalizedText(
        fi="Oodi – Helsingin keskustakirjasto",
        sv="Ode – Helsingfors centrumbibliotek",
        en="Oodi Helsinki Central Library",
    ),
    hours_today=DayHours(opens=dt.time(8), closes=dt.time(21)),
    today=NOW.date(),
    online=True,
    reader=DeviceHealth(status=HealthStatus.OK),
    printer=DeviceHealth(status=HealthStatus.OK),
)

VIEWS = {
    ShellMode.STARTING: ShellView(),
    ShellMode.IDLE: IDLE,
    ShellMode.LOCKED: dataclasses.replace(
        IDLE, mode=ShellMode.LOCKED, lock_message="Huoltokatko klo 15 asti."
    ),
    ShellMode.NOT_REGISTERED: ShellView(mode=ShellMode.NOT_REGISTERED),
}


@dataclasses.dataclass
class Kiosk:
    """A window and the fake services behind it."""

    window: MainWindow
    controller: FakeShellController
    bridge: ShellBridge


WindowFactory = Callable[[ShellView], Kiosk]


def expect_view(
    window: MainWindow, predicate: Callable[[ShellView], bool]
) -> asyncio.Future[ShellView]:
    """A future, on the running qasync loop, for the first rendered view matching ``predicate``.

    It listens from the moment it is created, so create it before the click that causes it.
    """
    future: asyncio.Future[ShellView] = asyncio.get_running_loop().create_future()

    def seen(view: ShellView) -> None:
        if predicate(view) and not future.done():
            future.set_result(view)

    window.view_shown.connect(seen)
    future.add_done_callback(lambda _: window.view_shown.disconnect(seen))
    return future


async def settle(awaitable: Awaitable[T]) -> T:
    """Await with a generous bound, so a broken slot fails the test instead of hanging it."""
    async with asyncio.timeout(SETTLE_SECONDS):
        return await awaitable
