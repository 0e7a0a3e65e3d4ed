"""The composition root: real KioskShell behind the window, real processes, real screenshots."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from fleet.protocol.support import HelpStatus
from hardware import HardwareSet
from kiosk.app import (
    OFFSCREEN_SIZE,
    ScreenshotRecorder,
    has_display,
    preview_booking,
    preview_slots,
    preview_ticket,
    preview_view,
    text_scale_from_env,
)
from kiosk.services.kiosk_shell import KioskShell
from kiosk.services.shell import SessionWarning, ShellMode
from kiosk.services.state import StateDir
from kiosk.ui.bridge import ShellBridge
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens import IdleScreen, NotRegisteredScreen
from kiosk.ui.translations import Translations
from tests.kiosk.ui.fakes import FakeAnnouncer, FakeShellController, FakeSpeaker
from tests.kiosk.ui.scenes import IDLE, LOGIN, SESSION, SESSION_VIEW, expect_view, settle
from tests.support.live import LiveFleet

LANGS = ("fi", "sv", "en")
#: The digital-support previews: guides, a guide step, the help queue, booking an adviser.
SUPPORT_SCENES = (
    "guides",
    "guide",
    "help_waiting",
    "help_called",
    "session_help",
    "booking",
    "booking_done",
)
#: The info screen's previews and the closing-time warning's.
INFO_SCENES = ("info_urgent", "info_paused", "session_closing")
ADMIN = ("kiosk-ui-admin", "a long enough test passphrase 7")


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll until ``condition`` holds; a generous bound turns a hang into a clear failure."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def headless_env() -> dict[str, str]:
    """The environment of a PC with no display: the app must choose offscreen by itself."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    return env


class KioskApp:
    """``python -m kiosk run --fake-hardware`` with screenshots, as the demo starts it."""

    def __init__(self, state_dir: Path, shots: Path) -> None:
        self.state_dir = state_dir
        self.shots = shots
        self.log = state_dir.parent / "kiosk-app.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "kiosk", "run", "--fake-hardware",
                    "--state-dir", str(self.state_dir), "--screenshots", str(self.shots),
                ],
                env=headless_env(), stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_for_shot(self, name: str, newer_than: float = 0.0, timeout: float = 60) -> Path:
        path = self.shots / name

        def ready() -> bool:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"kiosk exited early:\n{self.log.read_text()[-3000:]}")
            return path.is_file() and path.stat().st_mtime > newer_than

        wait_for(ready, timeout, f"{name}; log:\n{self.log.read_text()[-2000:]}")
        return path

    def starts(self) -> int:
        return self.log.read_text().count("kiosk shell starting offscreen")

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def kiosk_app(tmp_path: Path) -> Iterator[KioskApp]:
    app = KioskApp(tmp_path / "kiosk", tmp_path / "shots")
    yield app
    if app.process is not None and app.process.poll() is None:
        app.process.kill()
        app.process.wait(timeout=10)


def image(path: Path) -> QImage:
    loaded = QImage(str(path))
    assert not loaded.isNull(), f"{path} is not a readable image"
    return loaded


# --- in-process: the real services behind the real window ---------------------------------------


def test_window_over_the_real_kiosk_shell(
    tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, translations: Translations
) -> None:
    shell = KioskShell.open(tmp_path / "state", HardwareSet.fake())
    try:
        bridge = ShellBridge()
        shell.add_listener(bridge)
        window = MainWindow(shell, bridge, translations, hostname="kiosk-kallio-02")
        qtbot.addWidget(window)
        window.present(windowed=True)
        # Never enrolled: the window says so, and names the PC for IT.
        assert shell.view.mode == ShellMode.NOT_REGISTERED
        screen = window.current_screen
        assert isinstance(screen, NotRegisteredScreen)
        assert screen.computer.text() == "Tietokoneen nimi: kiosk-kallio-02"

        async def scenario() -> None:
            waiting = expect_view(window, lambda view: view.language == "en")
            QTest.mouseClick(window.language_bar.buttons["en"], Qt.MouseButton.LeftButton)
            await settle(waiting)

        qloop.run_until_complete(scenario())
        assert shell.view.language == "en"
        assert screen.title.text() == "This computer is not registered"
        # The switch was recorded as an anonymous usage event in the real outbox.
        assert shell.outbox.depth == 1
    finally:
        shell.close()
    assert StateDir(tmp_path / "state").load_credential() is None


def test_screenshot_recorder_writes_each_language(
    tmp_path: Path, qtbot: QtBot, translations: Translations
) -> None:
    controller = FakeShellController(IDLE)
    bridge = ShellBridge()
    controller.add_listener(bridge)
    speaker, announcer = FakeSpeaker(), FakeAnnouncer()
    window = MainWindow(
        controller,
        bridge,
        translations,
        hostname="kiosk-oodi-07",
        speaker=speaker,
        announcer=announcer,
    )
    qtbot.addWidget(window)
    window.resize(*OFFSCREEN_SIZE)
    window.show()
    recorder = ScreenshotRecorder(window, tmp_path / "shots")
    recorder.capture()
    names = sorted(path.name for path in recorder.written)
    assert names == ["idle-en.png", "idle-fi.png", "idle-sv.png", "idle.png"]
    images = {lang: image(tmp_path / "shots" / f"idle-{lang}.png") for lang in LANGS}
    assert images["fi"].size().toTuple() == OFFSCREEN_SIZE
    assert images["fi"] != images["sv"]
    assert images["sv"] != images["en"]
    # The window is back in the visitor's language afterwards.
    assert window.view.language == "fi"
    assert image(tmp_path / "shots" / "idle.png") == images["fi"]
    # Previews document every screen, whatever the kiosk is doing now.
    recorder.capture_previews()
    for mode in ShellMode:
        for lang in LANGS:
            assert (tmp_path / "shots" / f"preview-{mode.value}-{lang}.png").is_file()
    for mode in (ShellMode.LOGIN, ShellMode.SESSION):
        previews = [
            image(tmp_path / "shots" / f"preview-{mode.value}-{lang}.png") for lang in LANGS
        ]
        assert previews[0] != previews[1] != previews[2]
        assert previews[0] != images["fi"]  # not the idle screen
    # The session bar, on top of the visitor's programs, has its own pictures.
    for lang in LANGS:
        assert (tmp_path / "shots" / f"preview-session_bar-{lang}.png").is_file()
    # Digital support, in every language; each scene its own picture.
    support = {
        scene: [image(tmp_path / "shots" / f"preview-{scene}-{lang}.png") for lang in LANGS]
        for scene in SUPPORT_SCENES
    }
    for scene, pictures in support.items():
        assert all(p.size().toTuple() == OFFSCREEN_SIZE for p in pictures), scene
        assert pictures[0] != pictures[1] != pictures[2], scene
    firsts = [pictures[0] for pictures in support.values()]
    assert all(a != b for n, a in enumerate(firsts) for b in firsts[n + 1 :])
    # The info screen with an urgent announcement and with its slides paused, and the
    # warning before the library closes (in the window and in the session bar).
    info = {
        scene: [image(tmp_path / "shots" / f"preview-{scene}-{lang}.png") for lang in LANGS]
        for scene in INFO_SCENES
    }
    for scene, pictures in info.items():
        assert all(p.size().toTuple() == OFFSCREEN_SIZE for p in pictures), scene
        assert pictures[0] != pictures[1] != pictures[2], scene
    assert info["info_urgent"][0] != info["info_paused"][0]
    assert info["info_paused"][0] != images["fi"]
    for lang in LANGS:
        assert (tmp_path / "shots" / f"preview-session_closing_bar-{lang}.png").is_file()
    assert not window.idle_screen.slides.paused
    # Showing a guide in a picture is not someone reading it.
    assert controller.guide_events == []
    assert controller.calls == []
    assert window.page is None
    assert window.view == IDLE
    assert isinstance(window.current_screen, IdleScreen)
    assert not window.session_bar.isVisible()
    # The previews' five-minute warning was only drawn: nothing spoken or announced.
    assert speaker.said == []
    assert announcer.announced == []
    # A message on top gets its own picture.
    controller.send_message("Kirjasto sulkeutuu pian.")
    recorder.capture()
    assert (tmp_path / "shots" / "idle-message-sv.png").is_file()
    window.message_overlay.dismiss()


def test_screenshots_in_the_log_in_and_session_modes(
    tmp_path: Path, qtbot: QtBot, translations: Translations
) -> None:
    controller = FakeShellController(LOGIN)
    bridge = ShellBridge()
    controller.add_listener(bridge)
    speaker = FakeSpeaker()
    window = MainWindow(controller, bridge, translations, hostname="kiosk-oodi-07", speaker=speaker)
    qtbot.addWidget(window)
    window.resize(*OFFSCREEN_SIZE)
    window.show()
    recorder = ScreenshotRecorder(window, tmp_path / "shots")
    recorder.capture()
    controller.publish(
        dataclasses.replace(
            SESSION,
            session=dataclasses.replace(
                SESSION_VIEW,
                ends_at=time.monotonic() + 240,
                warning=SessionWarning.FIVE_MINUTES,
            ),
        )
    )
    assert len(speaker.said) == 1  # the real warning, once
    recorder.capture()
    names = {path.name for path in recorder.written}
    for lang in LANGS:
        assert f"login-{lang}.png" in names
        assert f"session-{lang}.png" in names
        assert f"session_bar-{lang}.png" in names
    # Taking the pictures in three languages did not repeat the warning aloud.
    assert len(speaker.said) == 1
    assert window.view.language == "fi"
    window.allow_close()
    window.close()


def test_preview_views_have_sample_content() -> None:
    login = preview_view(IDLE, ShellMode.LOGIN, "sv", 100.0)
    assert login.language == "sv"
    assert login.login is not None
    assert login.session is None
    session = preview_view(IDLE, ShellMode.SESSION, "en", 100.0)
    assert session.session is not None
    assert len(session.session.apps) == 2
    assert session.session.warning is SessionWarning.FIVE_MINUTES
    assert 60 < session.session.ends_at - 100.0 <= 300
    locked = preview_view(
        dataclasses.replace(IDLE, notice="uid_only_card"), ShellMode.LOCKED, "fi", 0
    )
    assert locked.notice is None
    assert locked.login is None


def test_support_previews_have_sample_content() -> None:
    waiting, called = preview_ticket(HelpStatus.WAITING), preview_ticket(HelpStatus.CALLED)
    assert (waiting.number, waiting.position, waiting.estimated_wait_minutes) == (12, 2, 10)
    assert called.adviser_name == "Aino"
    today = dt.date(2026, 11, 23)
    slots = preview_slots(today).slots
    days = {slot.starts_at.astimezone().date() for slot in slots}
    assert days == {dt.date(2026, 11, 24), dt.date(2026, 11, 25)}
    assert all(slot.starts_at.tzinfo is not None for slot in slots)  # as the fleet sends
    booked = preview_booking(slots[0], "sv")
    assert booked.slip == "printed"
    assert booked.confirmation.starts_at == slots[0].starts_at
    assert booked.confirmation.language == "sv"


def test_display_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert not has_display()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert has_display()


def test_text_scale_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_TEXT_SCALE", raising=False)
    assert text_scale_from_env() == 1.0
    monkeypatch.setenv("KIOSK_TEXT_SCALE", "1.5")
    assert text_scale_from_env() == 1.5
    monkeypatch.setenv("KIOSK_TEXT_SCALE", "big")
    assert text_scale_from_env() == 1.0


# --- real processes -------------------------------------------------------------------------------


@pytest.mark.slow
def test_unregistered_kiosk_runs_offscreen_and_stops_on_sigterm(kiosk_app: KioskApp) -> None:
    kiosk_app.start()
    shots = [kiosk_app.wait_for_shot(f"not_registered-{lang}.png") for lang in LANGS]
    images = [image(path) for path in shots]
    assert all(img.size().toTuple() == OFFSCREEN_SIZE for img in images)
    assert images[0] != images[1] != images[2]
    assert kiosk_app.stop() == 0
    assert "services stopped" in kiosk_app.log.read_text()


class Admin:
    """IT at the admin API of a live fleet: sends commands the way the web UI does."""

    def __init__(self, fleet: LiveFleet) -> None:
        self.url = fleet.base_url
        created = subprocess.run(
            [sys.executable, "-m", "fleet", "users", "create", "--role", "admin",
             "--username", ADMIN[0]],
            env={**os.environ, "FLEET_DATABASE_URL": fleet.database_url,
                 "FLEET_DATA_DIR": str(fleet.data_dir), "FLEET_PASSWORD": ADMIN[1]},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert created.returncode == 0, created.stderr
        reply = httpx.post(
            f"{self.url}/api/admin/v1/auth/token",
            data={"username": ADMIN[0], "password": ADMIN[1]},
            timeout=10,
        )
        reply.raise_for_status()
        self.headers = {"Authorization": f"Bearer {reply.json()['access_token']}"}

    def send(self, device_id: int, kind: str, message: str | None = None) -> int:
        body = {"type": kind} if message is None else {"type": kind, "message": message}
        reply = httpx.post(
            f"{self.url}/api/admin/v1/devices/{device_id}/commands",
            json=body,
            headers=self.headers,
            timeout=10,
        )
        reply.raise_for_status()
        return int(reply.json()["id"])

    def status(self, command_id: int) -> str:
        reply = httpx.get(
            f"{self.url}/api/admin/v1/commands/{command_id}", headers=self.headers, timeout=10
        )
        reply.raise_for_status()
        return str(reply.json()["status"])


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_enrolled_kiosk_obeys_lock_message_and_restart(
    live_fleet: LiveFleet, kiosk_app: KioskApp
) -> None:
    live_fleet.create_branch("oodi")
    admin = Admin(live_fleet)
    enrolled = subprocess.run(
        [
            sys.executable, "-m", "kiosk", "enroll", "--server", live_fleet.base_url,
            "--code", live_fleet.enrollment_code("oodi"),
            "--state-dir", str(kiosk_app.state_dir), "--machine-id", "kiosk-ui-test-0001",
        ],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert enrolled.returncode == 0, enrolled.stderr
    credential = StateDir(kiosk_app.state_dir).load_credential()
    assert credential is not None

    kiosk_app.start()
    kiosk_app.wait_for_shot("idle-fi.png")

    lock = admin.send(credential.device_id, "lock", "Huoltokatko klo 15 asti.")
    kiosk_app.wait_for_shot("locked-fi.png")
    wait_for(lambda: admin.status(lock) == "succeeded", 30, "lock acknowledged")

    admin.send(credential.device_id, "message", "Kirjasto sulkeutuu pian.")
    kiosk_app.wait_for_shot("locked-message-fi.png")

    restart = admin.send(credential.device_id, "restart")
    wait_for(lambda: admin.status(restart) == "succeeded", 30, "restart acknowledged")
    # The same process (same pid) re-executes itself and starts again ...
    wait_for(lambda: kiosk_app.starts() == 2, 60, "the kiosk to start again")
    assert "restarting the kiosk" in kiosk_app.log.read_text()

    # ... and shows the lock again, because the lock is persisted.
    def locked_after_restart() -> bool:
        log = kiosk_app.log.read_text()
        return "locked-fi.png" in log[log.index("restarting the kiosk") :]

    wait_for(locked_after_restart, 60, "the locked screen after the restart")
    assert kiosk_app.stop() == 0
