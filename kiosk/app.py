"""The kiosk's composition root: Qt application, qasync loop, hardware, services and window.

Contract with ``kiosk/cli.py`` (``kiosk run``)::

    run(state_dir, fake_hardware, screenshots_dir=None, *, windowed=False, text_scale=None,
        devices=None) -> int

It returns the process exit code. When the fleet asks for a restart, ``run`` stops the
services, closes the window and re-executes the process (``os.execv``) instead of returning.
With no display it runs offscreen; ``screenshots_dir`` then receives a PNG of every screen
shown, in each language (``idle-fi.png``, ``locked-sv.png``, ...), and at start a preview of
every screen (``preview-locked-en.png``, ``preview-session-fi.png`` and the session bar on
top of the visitor's programs, ``preview-session_bar-fi.png``, ...) and of digital support
(``preview-guides-fi.png``, ``preview-guide-sv.png``, ``preview-help_waiting-en.png``,
``preview-help_called-fi.png``, ``preview-session_help-fi.png``, ``preview-booking-sv.png``,
``preview-booking_done-en.png``), and of the info screen (``preview-info_urgent-fi.png`` with
an urgent announcement, ``preview-info_paused-sv.png``) and the closing-time warning
(``preview-session_closing-en.png``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
import os
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import qasync
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from content.bundle import load_bundle
from content.default import BUNDLE_DIRECTORY
from fleet.protocol import AnnouncementLevel, LauncherApp, LocalizedText
from fleet.protocol.sessions import LoginMethod, PatronCategory
from fleet.protocol.support import (
    BookingConfirmation,
    BookingStatus,
    HelpStatus,
    HelpTicket,
    Slot,
    SlotList,
    SupportTopic,
)
from hardware import HardwareSet
from kiosk.i18n_build import ensure_compiled
from kiosk.services.devices import DeviceSpecs
from kiosk.services.idle import system_idle
from kiosk.services.info_screen import MAX_ANNOUNCEMENTS, InfoAnnouncement, InfoView, info_at
from kiosk.services.kiosk_shell import KioskShell
from kiosk.services.power import PowerSettings
from kiosk.services.shell import (
    LANGUAGES,
    LoginView,
    SessionView,
    SessionWarning,
    ShellMode,
    ShellView,
)
from kiosk.services.support import BookedSlip
from kiosk.ui.bridge import ShellBridge
from kiosk.ui.main_window import MainWindow
from kiosk.ui.theme import Theme
from kiosk.ui.translations import Translations

log = logging.getLogger(__name__)

#: Offscreen there is no real screen; render at a common kiosk monitor size.
OFFSCREEN_SIZE = (1920, 1080)
TEXT_SCALE_ENV = "KIOSK_TEXT_SCALE"


def has_display() -> bool:
    """True when a window can be shown (X11 or Wayland), or Qt's platform is chosen explicitly."""
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def text_scale_from_env() -> float:
    """The text-size setting from ``KIOSK_TEXT_SCALE`` (1.0 when unset or unreadable)."""
    raw = os.environ.get(TEXT_SCALE_ENV, "").strip()
    if not raw:
        return 1.0
    try:
        return float(raw)
    except ValueError:
        log.warning("ignoring %s=%r: not a number", TEXT_SCALE_ENV, raw)
        return 1.0


#: Launcher programs for the session preview (the real ones come from the branch's policy).
PREVIEW_APPS = (
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


def preview_view(
    view: ShellView, mode: ShellMode, language: str, monotonic_now: float
) -> ShellView:
    """``view`` shown as ``mode``, with sample content where the mode needs some: the PIN
    step of a library card, and a session with two programs five minutes before its end."""
    base = dataclasses.replace(
        view,
        mode=mode,
        language=language,
        lock_message=None,
        notice=None,
        login=None,
        session=None,
        help=None,
    )
    if mode is ShellMode.LOGIN:
        return dataclasses.replace(
            base, login=LoginView(method=LoginMethod.LIBRARY_CARD, card_hint="•••• 5678")
        )
    if mode is ShellMode.SESSION:
        session = SessionView(
            session_id="preview",
            method=LoginMethod.LIBRARY_CARD,
            category=PatronCategory.ADULT,
            first_name="Aino",
            ends_at=monotonic_now + 4 * 60 + 40,
            warning=SessionWarning.FIVE_MINUTES,
            can_extend=True,
            has_account=True,
            apps=PREVIEW_APPS,
        )
        return dataclasses.replace(base, session=session)
    return base


#: The urgent announcement the info screen's preview shows.
PREVIEW_ANNOUNCEMENT = InfoAnnouncement(
    id="preview",
    level=AnnouncementLevel.URGENT,
    text=LocalizedText(
        fi="Kolmas kerros on suljettu tänään vesivahingon vuoksi.",
        sv="Tredje våningen är stängd i dag på grund av en vattenläcka.",
        en="The third floor is closed today because of a water leak.",
    ),
    starts_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    ends_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
)
#: The closing time the closing warning's preview says, and when the PC then switches off.
PREVIEW_CLOSING = dt.time(20)
PREVIEW_SHUTDOWN = dt.time(20, 30)


def preview_info(view: ShellView, *, urgent: bool = False) -> InfoView:
    """The info screen as the kiosk shows it now (the shipped slides if it has none yet),
    with an urgent announcement on top if ``urgent``."""
    info = view.info
    if info is None:
        info = info_at(dt.datetime.now(dt.UTC), None, load_bundle(BUNDLE_DIRECTORY))
    if not urgent or info.urgent:
        return info
    announcements = (PREVIEW_ANNOUNCEMENT, *info.announcements)[:MAX_ANNOUNCEMENTS]
    return dataclasses.replace(info, announcements=announcements)


#: The guide and step the guide preview shows (a step with a picture).
PREVIEW_GUIDE = ("video-calls", 2)
PREVIEW_TOPIC = SupportTopic.EMAIL


def preview_ticket(status: HelpStatus) -> HelpTicket:
    """Number 12 in the help queue, two people ahead; once called, Aino is on her way."""
    called = status is HelpStatus.CALLED
    return HelpTicket(
        id=1,
        number=12,
        status=status,
        topic=PREVIEW_TOPIC,
        position=0 if called else 2,
        estimated_wait_minutes=None if called else 10,
        created_at=dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC),
        adviser_name="Aino" if called else None,
    )


def preview_slots(today: dt.date) -> SlotList:
    """Free adviser times tomorrow and the day after (this PC's local wall-clock times)."""
    slots = []
    for days, hours in ((1, ((10, 0), (11, 0), (13, 0), (14, 30))), (2, ((9, 30), (12, 0)))):
        day = today + dt.timedelta(days=days)
        for hour, minute in hours:
            starts = dt.datetime.combine(day, dt.time(hour, minute)).astimezone()
            slots.append(
                Slot(
                    adviser="a1",
                    branch_id="oodi",
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=45),
                    languages=["fi", "sv", "en"],
                    seats_left=1,
                )
            )
    return SlotList(slots=slots)


def preview_booking(slot: Slot, language: str, slip: str = "printed") -> BookedSlip:
    """A booking made for ``slot``, its code, and its slip printed."""
    return BookedSlip(
        BookingConfirmation(
            code="K7QMP-X3RTA",
            status=BookingStatus.BOOKED,
            branch_id=slot.branch_id,
            branch_name=LocalizedText(
                fi="Oodi – Helsingin keskustakirjasto",
                sv="Ode – Helsingfors centrumbibliotek",
                en="Oodi Helsinki Central Library",
            ),
            place="2. krs / vån. / floor, digituki",
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            topic=PREVIEW_TOPIC,
            language=language,
        ),
        slip,
    )


class ScreenshotRecorder:
    """Writes a PNG of each screen the window shows, in every language, into ``directory``.

    Views arrive in bursts (a check-in changes several things); a zero-length timer coalesces
    them so each burst costs one set of images. Files are replaced atomically.
    """

    def __init__(self, window: MainWindow, directory: Path) -> None:
        self._window = window
        self._directory = directory
        self._busy = False
        self.written: list[Path] = []
        directory.mkdir(parents=True, exist_ok=True)
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.capture)
        window.view_shown.connect(self._schedule)
        window.message_overlay.dismissed.connect(self._schedule)

    def _schedule(self, _view: object = None) -> None:
        if not self._busy:
            self._timer.start()

    def schedule_message(self) -> None:
        self._schedule()

    def capture(self) -> None:
        """Render the current view in each language, then put the real one back."""
        window = self._window
        view = window.view
        scene = window.scene_name
        if window.message_overlay.isVisible():
            scene += "-message"
        self._busy = True
        # Re-rendering in other languages must not repeat a warning aloud.
        with window.quiet():
            try:
                # The visitor's language first: ``<scene>.png`` is the screen as it is now.
                self._save(window, f"{scene}.png", f"{scene}-{view.language}.png")
                self._save_bar(f"{scene}_bar-{view.language}.png")
                for language in LANGUAGES:
                    if language != view.language:
                        window.show_view(dataclasses.replace(view, language=language))
                        self._save(window, f"{scene}-{language}.png")
                        self._save_bar(f"{scene}_bar-{language}.png")
            finally:
                window.show_view(view)
                self._busy = False

    def capture_previews(self) -> None:
        """Render every screen once, from the current view with its mode swapped.

        So a demo with one healthy kiosk still documents the locked, log-in and session
        screens. Named ``preview-<mode>-<lang>.png``: they show what the screen looks like,
        not something that happened (sample content, no staff message; nothing is spoken).
        """
        window = self._window
        view = window.view
        self._busy = True
        with window.quiet():
            try:
                for mode in ShellMode:
                    for language in LANGUAGES:
                        window.show_view(preview_view(view, mode, language, window.monotonic()))
                        self._save(window, f"preview-{mode.value}-{language}.png")
                        self._save_bar(f"preview-{mode.value}_bar-{language}.png")
                for language in LANGUAGES:
                    for scene in self._support_previews(view, language):
                        self._save(window, f"preview-{scene}-{language}.png")
                    for scene in self._info_previews(view, language):
                        self._save(window, f"preview-{scene}-{language}.png")
                        self._save_bar(f"preview-{scene}_bar-{language}.png")
            finally:
                window.close_page()
                window.show_view(view)
                self._busy = False

    def _support_previews(self, view: ShellView, language: str) -> Iterator[str]:
        """Set up each digital-support scene in turn; yields its name once it is on screen."""
        window = self._window
        idle = preview_view(view, ShellMode.IDLE, language, window.monotonic())
        window.show_view(idle)
        window.open_guides()
        yield "guides"
        guide_id, step = PREVIEW_GUIDE
        window.guides_screen.open_guide(guide_id)
        for _ in range(step - 1):
            window.guides_screen.go_next()
        yield "guide"
        window.close_page()
        window.show_view(dataclasses.replace(idle, help=preview_ticket(HelpStatus.WAITING)))
        yield "help_waiting"
        window.show_view(dataclasses.replace(idle, help=preview_ticket(HelpStatus.CALLED)))
        yield "help_called"
        session = preview_view(view, ShellMode.SESSION, language, window.monotonic())
        assert session.session is not None
        window.show_view(
            dataclasses.replace(
                session,
                session=dataclasses.replace(session.session, warning=SessionWarning.NONE),
                help=preview_ticket(HelpStatus.WAITING),
            )
        )
        yield "session_help"
        window.show_view(idle)
        slots = preview_slots(dt.date.today())
        window.open_booking()
        window.booking_screen.show_times(PREVIEW_TOPIC, language, slots)
        yield "booking"
        window.booking_screen.show_booked(preview_booking(slots.slots[1], language), announce=False)
        yield "booking_done"
        window.close_page()

    def _info_previews(self, view: ShellView, language: str) -> Iterator[str]:
        """The info screen with an urgent announcement, then with its slides paused; and
        the warning a visitor gets 15 minutes before the library closes."""
        window = self._window
        idle = preview_view(view, ShellMode.IDLE, language, window.monotonic())
        window.show_view(dataclasses.replace(idle, info=preview_info(view, urgent=True)))
        yield "info_urgent"
        slides = window.idle_screen.slides
        was_paused = slides.paused
        slides.set_paused(True)
        window.show_view(dataclasses.replace(idle, info=preview_info(view)))
        try:
            yield "info_paused"
        finally:
            slides.set_paused(was_paused)
        session = preview_view(view, ShellMode.SESSION, language, window.monotonic())
        assert session.session is not None
        closing = dataclasses.replace(
            session.session,
            ends_at=window.monotonic() + 15 * 60,
            warning=SessionWarning.CLOSING,
            closing_time=PREVIEW_CLOSING,
            shutdown_time=PREVIEW_SHUTDOWN,
            can_extend=False,
        )
        window.show_view(dataclasses.replace(session, session=closing))
        yield "session_closing"

    def _save_bar(self, name: str) -> None:
        """The session bar is a window of its own, on top of the visitor's programs."""
        bar = self._window.session_bar
        if bar.isVisible():
            self._save(bar, name)

    def _save(self, window: QWidget, *names: str) -> None:
        # Texts just changed length; lay the widgets out again before painting. Layout requests
        # travel from child to parent one posted event at a time, hence a few rounds.
        for _ in range(4):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        picture = window.grab()
        for name in names:
            target = self._directory / name
            partial = target.with_name(f".{name}.partial.png")
            if not picture.save(str(partial), "PNG"):
                log.warning("could not write screenshot %s", target)
                continue
            partial.replace(target)
            if target not in self.written:
                self.written.append(target)
            log.info("screenshot %s", target)


def run(
    state_dir: Path,
    fake_hardware: bool,
    screenshots_dir: Path | None = None,
    *,
    windowed: bool = False,
    text_scale: float | None = None,
    devices: DeviceSpecs | None = None,
    power: PowerSettings | None = None,
) -> int:
    """Run the kiosk shell until SIGINT/SIGTERM (or, windowed, until the window is closed).

    ``power``: how the power schedule switches the PC off; None only simulates it.
    """
    if not has_display():
        # Must be decided before the QApplication exists. Inherited by a restart (execv).
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    offscreen = os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen")
    log.info("kiosk shell starting%s", " offscreen (no display)" if offscreen else "")
    # A SIGTERM during start-up (a restart followed at once by a shutdown) must still end
    # the kiosk cleanly: catch it now, the event loop takes over the handlers later.
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    state_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("library-kiosk")
    # The window ignores close requests; the services' shutdown decides when the app ends.
    app.setQuitOnLastWindowClosed(False)

    translations = Translations.load(app, ensure_compiled(state_dir / "i18n"))
    # A simulated printer keeps its slips (text and PNG) beside the state.
    hardware: HardwareSet = (devices or DeviceSpecs()).open(
        fake=fake_hardware, slip_dir=state_dir / "slips"
    )
    shell = KioskShell.open(state_dir, hardware, idle=system_idle(), power=power)
    bridge = ShellBridge()
    shell.add_listener(bridge)
    window = MainWindow(
        shell,
        bridge,
        translations,
        hostname=socket.gethostname(),
        theme=Theme(scale=text_scale if text_scale is not None else text_scale_from_env()),
    )
    recorder = ScreenshotRecorder(window, screenshots_dir) if screenshots_dir else None
    if recorder is not None:
        bridge.message_delivered.connect(lambda _text: recorder.schedule_message())

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    app.aboutToQuit.connect(stop.set)
    bridge.restart_asked.connect(stop.set)
    if windowed or offscreen:
        # In development a closed window ends the program; a visitor cannot close the kiosk.
        window.close_requested.connect(stop.set)

    if offscreen:
        window.resize(*OFFSCREEN_SIZE)
        window.show()
    else:
        window.present(windowed=windowed)
    if recorder is not None:
        recorder.capture_previews()
        recorder.capture()

    try:
        with loop:
            loop.run_until_complete(_serve(shell, hardware, stop))
    finally:
        window.allow_close()
        window.close()
        translations.clear()
        shell.close()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
    if shell.restart_pending:
        _restart()
    return 0


async def _serve(shell: KioskShell, hardware: HardwareSet, stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Windows has no loop signal handlers; Ctrl+C still ends the Qt loop there.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        async with hardware:
            await shell.run(stop)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
    log.info("services stopped")


def _restart() -> None:
    """Replace this process with a fresh one started the same way (the fleet's ``restart``)."""
    argv = [sys.executable, *sys.orig_argv[1:]]
    log.info("restarting the kiosk")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, argv)  # noqa: S606 - our own command line, no shell
