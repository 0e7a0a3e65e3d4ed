"""Views for each screen and a helper that awaits a rendered view on the qasync loop."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
from collections.abc import Awaitable, Callable
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from content.bundle import Bundle, load_bundle
from content.default import BUNDLE_DIRECTORY
from fleet.protocol import (
    AnnouncementLevel,
    DayHours,
    DeviceConfig,
    DeviceHealth,
    HealthStatus,
    HoursException,
    LauncherApp,
    LiveAnnouncement,
    LocalizedText,
    OpeningHours,
    Policy,
)
from fleet.protocol.sessions import LoginMethod, PatronCategory
from fleet.protocol.support import Slot, SlotList
from kiosk.services.info_screen import info_at
from kiosk.services.shell import LoginView, SessionView, ShellMode, ShellView
from kiosk.ui.bridge import ShellBridge
from kiosk.ui.main_window import MainWindow
from tests.kiosk.ui.fakes import (
    FakeAnnouncer,
    FakeMonotonic,
    FakeShellController,
    FakeSpeaker,
)

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

#: The monotonic time the window's fake clock starts at.
MONO = 10_000.0

# --- the info screen ---------------------------------------------------------------------------

HELSINKI = ZoneInfo("Europe/Helsinki")
#: NOW as the services' clock gives it (aware).
NOW_AWARE = NOW.replace(tzinfo=HELSINKI)
TRAINING_DAY = HoursException(
    date=dt.date(2026, 11, 27),
    opens=dt.time(8),
    closes=dt.time(16),
    note=LocalizedText(
        fi="Henkilökunnan koulutuspäivä", sv="Personalens utbildningsdag", en="Staff training day"
    ),
)
#: Oodi's hours: weekdays 8-21, weekends 10-20; Friday this week closes at 16.
INFO_CONFIG = DeviceConfig(
    device_id=7,
    device_name="oodi-07",
    branch_id="oodi",
    branch_name=IDLE.branch_name or LocalizedText(fi="Oodi", sv="Ode", en="Oodi"),
    opening_hours=OpeningHours(
        weekly=[DayHours(opens=dt.time(8), closes=dt.time(21))] * 5
        + [DayHours(opens=dt.time(10), closes=dt.time(20))] * 2,
        exceptions=[TRAINING_DAY],
    ),
    policy=Policy(),
)
WATER_LEAK = LiveAnnouncement(
    id=3,
    level=AnnouncementLevel.URGENT,
    text=LocalizedText(
        fi="Kolmas kerros on suljettu tänään vesivahingon vuoksi.",
        sv="Tredje våningen är stängd i dag på grund av en vattenläcka.",
        en="The third floor is closed today because of a water leak.",
    ),
    starts_at=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC),
    ends_at=dt.datetime(2026, 11, 23, 16, tzinfo=dt.UTC),  # 18.00 in Helsinki
)


@functools.cache
def shipped_bundle() -> Bundle:
    """The content that ships with the kiosk, read once per test run."""
    return load_bundle(BUNDLE_DIRECTORY)


def idle_info(
    *, urgent: bool = False, at: dt.datetime = NOW_AWARE, config: DeviceConfig = INFO_CONFIG
) -> ShellView:
    """The idle view with the info screen as the services compute it at ``at``: the shipped
    slides, the week's hours and (``urgent``) IT's announcement of a water leak."""
    if urgent:
        config = config.model_copy(update={"announcements": [WATER_LEAK]})
    return dataclasses.replace(IDLE, info=info_at(at, config, shipped_bundle()))


def full_hd(window: QWidget) -> None:
    """A kiosk's 1920 x 1080 screen: room for the slides and the week beside the invitation."""
    window.resize(1920, 1080)
    settle_layout()


def settle_layout() -> None:
    """Let layout requests travel up the widget tree (one posted event per level)."""
    for _ in range(6):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


APPS = (
    LauncherApp(
        id="browser",
        name=LocalizedText(fi="Selain", sv="Webbläsare", en="Web browser"),
        command=["firefox"],
    ),
    LauncherApp(
        id="writer",
        name=LocalizedText(fi="Tekstinkäsittely", sv="Ordbehandling", en="Word processor"),
        command=["libreoffice", "--writer"],
    ),
)

LOGIN = dataclasses.replace(
    IDLE,
    mode=ShellMode.LOGIN,
    login=LoginView(method=LoginMethod.LIBRARY_CARD, card_hint="•••• 5678"),
)

SESSION_VIEW = SessionView(
    session_id="session-1",
    method=LoginMethod.LIBRARY_CARD,
    category=PatronCategory.ADULT,
    first_name="Aino",
    ends_at=MONO + 42 * 60,
    can_extend=True,
    has_account=True,
    apps=APPS,
)

SESSION = dataclasses.replace(IDLE, mode=ShellMode.SESSION, session=SESSION_VIEW)

TOMORROW = NOW.date() + dt.timedelta(days=1)  # Tuesday 24 November 2026
DAY_AFTER = NOW.date() + dt.timedelta(days=2)  # Wednesday 25 November 2026


def slot(
    day: dt.date,
    hour: int,
    minute: int = 0,
    *,
    adviser: str = "a1",
    branch: str = "oodi",
    seats: int = 1,
) -> Slot:
    """A free 45-minute adviser time at a local wall-clock time (aware, as the fleet sends)."""
    starts = dt.datetime.combine(day, dt.time(hour, minute)).astimezone()
    return Slot(
        adviser=adviser,
        branch_id=branch,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=45),
        languages=["fi", "sv", "en"],
        seats_left=seats,
    )


#: Free times over two days; two advisers are free at 10.00 tomorrow (one button).
SLOTS = SlotList(
    slots=[
        slot(TOMORROW, 10),
        slot(TOMORROW, 10, adviser="a2", seats=2),
        slot(TOMORROW, 11),
        slot(DAY_AFTER, 13),
    ]
)

VIEWS = {
    ShellMode.STARTING: ShellView(),
    ShellMode.IDLE: IDLE,
    ShellMode.LOCKED: dataclasses.replace(
        IDLE, mode=ShellMode.LOCKED, lock_message="Huoltokatko klo 15 asti."
    ),
    ShellMode.NOT_REGISTERED: ShellView(mode=ShellMode.NOT_REGISTERED),
    ShellMode.LOGIN: LOGIN,
    ShellMode.SESSION: SESSION,
}


@dataclasses.dataclass
class Kiosk:
    """A window and the fake services behind it."""

    window: MainWindow
    controller: FakeShellController
    bridge: ShellBridge
    clock: FakeMonotonic
    speaker: FakeSpeaker
    announcer: FakeAnnouncer


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


async def finish_tasks() -> None:
    """Let the tasks that clicks started (async slots) run to their end."""
    pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    await settle(asyncio.gather(*pending))
