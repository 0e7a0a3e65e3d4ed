"""Every log-in, session and digital-support variant, in fi, sv and en: translated, named,
reachable by Tab, and on a small monitor with and without larger text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from fleet.protocol.sessions import Hold, Loan, LoginMethod, PatronAccount, ReservationOptions
from fleet.protocol.support import BookingCreate, HelpStatus, SlotList, SupportTopic
from kiosk.services.shell import LANGUAGES, LoginView, SessionWarning, ShellView
from kiosk.services.support import BookedSlip
from kiosk.ui.main_window import MainWindow
from kiosk.ui.overlay import Overlay
from tests.kiosk.ui.fakes import confirmation_for, help_ticket
from tests.kiosk.ui.scenes import (
    DAY_AFTER,
    IDLE,
    LOGIN,
    MONO,
    SESSION,
    SESSION_VIEW,
    SLOTS,
    TOMORROW,
    Kiosk,
    WindowFactory,
    full_hd,
    idle_info,
    settle_layout,
    slot,
)
from tests.kiosk.ui.test_i18n import PLACEHOLDER, ts_messages
from tests.kiosk.ui.test_interaction import interactive_widgets

Setup = Callable[[Kiosk], None]

#: The smallest monitor a library PC has (16:10); test_info.py also tries 1366 x 768.
SMALL_MONITOR = QSize(1280, 800)


def _session(**changes: object) -> ShellView:
    return dataclasses.replace(SESSION, session=dataclasses.replace(SESSION_VIEW, **changes))  # type: ignore[arg-type]


def _login(**changes: object) -> ShellView:
    assert LOGIN.login is not None
    return dataclasses.replace(LOGIN, login=dataclasses.replace(LOGIN.login, **changes))  # type: ignore[arg-type]


def _show(view: ShellView) -> Setup:
    def setup(kiosk: Kiosk) -> None:
        kiosk.controller.publish(dataclasses.replace(view, language=kiosk.window.view.language))

    return setup


def _number_step(method: LoginMethod, error: str | None = None) -> Setup:
    def setup(kiosk: Kiosk) -> None:
        kiosk.window.open_number_step(method, "1234")
        if error is not None:
            kiosk.window.login_screen.show_error(error)

    return setup


def _overlay(name: str) -> Setup:
    def setup(kiosk: Kiosk) -> None:
        _show(SESSION)(kiosk)
        screen = kiosk.window.session_screen
        if name == "account":
            screen.account.account = PatronAccount(
                loans=[Loan(title="Tuntematon sotilas", due=dt.date(2026, 12, 1))],
                holds=[Hold(title="Kalevala", ready=True, pickup_location="Oodi")],
                fees_cents=120,
            )
            screen.account.retranslate_ui()
            screen.account.open()
        elif name == "reservation":
            screen.reservation.options = ReservationOptions(
                branch_id="oodi", minutes=60, starts=[dt.datetime(2026, 11, 23, 15)]
            )
            screen.reservation._set_times(screen.reservation.options.starts)
            screen.reservation.retranslate_ui()
            screen.reservation.open()
        else:
            screen.ask_logout()

    return setup


def _guides(steps: int = 0, guide: str = "video-calls", *, search: str = "") -> Setup:
    """The guides: the list (with a search), or ``guide`` ``steps`` steps on; -1: "Did this
    help?", -2: the list again after "No"."""

    def setup(kiosk: Kiosk) -> None:
        kiosk.window.open_guides()
        screen = kiosk.window.guides_screen
        if search:
            screen.search_field.setText(search)
            return
        if steps == 0:
            return
        screen.open_guide(guide)
        for _ in range(max(steps, 8) if steps < 0 else steps):
            screen.go_next()
        if steps == -2:
            screen.answer(helpful=False)

    return setup


def _help(**ticket: object) -> Setup:
    def setup(kiosk: Kiosk) -> None:
        _show(dataclasses.replace(IDLE, help=help_ticket(**ticket)))(kiosk)

    return setup


def _help_panel(state: str) -> Setup:
    def setup(kiosk: Kiosk) -> None:
        _help()(kiosk)
        panel = kiosk.window.idle_screen.help_panel
        if state == "printed":
            panel.print_outcome = "paper_out"
            panel.retranslate_ui()
        else:
            panel.ask_cancel()

    return setup


def _help_topics(error: str | None = None) -> Setup:
    def setup(kiosk: Kiosk) -> None:
        kiosk.window.open_help()
        if error is not None:
            kiosk.window.help_screen.error_code = error
            kiosk.window.help_screen.retranslate_ui()

    return setup


def _session_help(page: bool, warning: bool = False, called: bool = False) -> Setup:
    def setup(kiosk: Kiosk) -> None:
        ticket = help_ticket(status=HelpStatus.CALLED, position=0) if called else help_ticket()
        _show(dataclasses.replace(SESSION, help=ticket))(kiosk)
        if page:
            kiosk.window.open_guides()
        if warning:
            kiosk.clock.now = SESSION_VIEW.ends_at - 4 * 60
            kiosk.controller.publish_session(warning=SessionWarning.FIVE_MINUTES)

    return setup


def _info(*, urgent: bool = False, paused: bool = False) -> Setup:
    """The info screen on a kiosk's full-HD screen: slides, the week, an urgent notice."""

    def setup(kiosk: Kiosk) -> None:
        full_hd(kiosk.window)
        _show(idle_info(urgent=urgent))(kiosk)
        if paused:
            kiosk.window.idle_screen.slides.set_paused(True)

    return setup


BRANCHES = SlotList(slots=[slot(TOMORROW, 10), slot(DAY_AFTER, 9, branch="kallio")])


def _booking(step: str) -> Setup:
    def setup(kiosk: Kiosk) -> None:
        kiosk.window.open_booking()
        screen = kiosk.window.booking_screen
        language = kiosk.window.view.language
        if step == "topic":
            return
        if step == "language":
            QTest.keyClick(screen.topic_list.buttons[1][1], Qt.Key.Key_Return)
            return
        if step == "done":
            request = BookingCreate(
                adviser="a1",
                branch_id="oodi",
                starts_at=slot(TOMORROW, 10).starts_at,
                topic=SupportTopic.EMAIL,
                language=language,
                name="Aino",
            )
            screen.show_booked(BookedSlip(confirmation_for(request), "paper_out"))
            return
        screen.show_times(SupportTopic.EMAIL, language, BRANCHES if step == "branch" else SLOTS)
        if step in ("day", "branch"):
            screen.go_back()
            if step == "branch":
                screen.go_back()
            return
        if step == "time":
            return
        QTest.keyClick(screen.time_list.buttons[0][1], Qt.Key.Key_Return)
        screen.contact_field.setText("12ab")
        if step != "contact":
            screen.name_field.setText("Aino")
            screen.contact_field.setText("040 123 4567")
        screen.go_next()
        if step == "offline":
            screen.notice_code = "offline"
            screen.retranslate_ui()

    return setup


VARIANTS: dict[str, Setup] = {
    "idle": _show(IDLE),
    "idle-notice-reserved": _show(
        dataclasses.replace(
            IDLE, notice="offline_library_card", reserved_from=dt.datetime(2026, 11, 23, 16)
        )
    ),
    "idle-slides": _info(),
    "idle-urgent": _info(urgent=True),
    "idle-paused": _info(paused=True),
    "number-card": _number_step(LoginMethod.LIBRARY_CARD),
    "number-guest-error": _number_step(LoginMethod.GUEST_PASS, "card_number_invalid"),
    "pin": _show(LOGIN),
    "pin-error": _show(_login(error="pin_throttled", retry_after_seconds=120)),
    "pin-checking": _show(_login(checking=True)),
    "pin-guest": _show(
        dataclasses.replace(
            LOGIN, login=LoginView(method=LoginMethod.GUEST_PASS, card_hint="•••• 2345")
        )
    ),
    "session": _show(SESSION),
    "session-notice": _show(_session(notice="extended")),
    "session-five": _show(_session(warning=SessionWarning.FIVE_MINUTES)),
    "session-one": _show(_session(warning=SessionWarning.ONE_MINUTE, can_extend=False)),
    "session-idle": _show(_session(warning=SessionWarning.IDLE, idle_ends_at=MONO + 30)),
    "session-closing": _show(
        _session(warning=SessionWarning.CLOSING, closing_time=dt.time(20), can_extend=False)
    ),
    "session-extending": _show(_session(extending=True)),
    "account": _overlay("account"),
    "reservation": _overlay("reservation"),
    "logout": _overlay("logout"),
    "guides": _guides(),
    "guides-nothing-found": _guides(search="xyzzyq"),
    "guide-picture": _guides(1),
    "guide-last-step": _guides(7, "scams"),
    "guide-feedback": _guides(-1, "scams"),
    "guide-not-helpful": _guides(-2, "scams"),
    "help-topics": _help_topics(),
    "help-topics-offline": _help_topics("offline"),
    "help-waiting": _help(),
    "help-called": _help(status=HelpStatus.CALLED, position=0, adviser_name="Aino"),
    "help-printed": _help_panel("printed"),
    "help-leave": _help_panel("leave"),
    "session-help": _session_help(page=False),
    "session-help-called": _session_help(page=False, called=True),
    "session-guides-help": _session_help(page=True),
    "session-guides-warning": _session_help(page=True, warning=True),
    "booking-topic": _booking("topic"),
    "booking-language": _booking("language"),
    "booking-branch": _booking("branch"),
    "booking-day": _booking("day"),
    "booking-time": _booking("time"),
    "booking-contact-errors": _booking("contact"),
    "booking-confirm": _booking("confirm"),
    "booking-offline": _booking("offline"),
    "booking-done": _booking("done"),
}


def english_patterns(language: str) -> list[re.Pattern[str]]:
    """The English sources that ``language`` translates differently, as full-text patterns.

    A source kept as it is in some context ("OK" on the keypad) is left out everywhere.
    """
    messages = ts_messages(language)
    kept = {source for (_context, source), tr in messages.items() if tr.text == source}
    patterns = []
    for _context, source in messages:
        if source in kept:
            continue
        escaped = re.escape(source).replace("\\{", "{").replace("\\}", "}")
        patterns.append(re.compile(PLACEHOLDER.sub(".+", escaped)))
    return patterns


def test_the_patterns_catch_english() -> None:
    patterns = english_patterns("fi")
    for text in ("Type your PIN", "Hello, Aino", "Time left: 5 min"):
        assert any(pattern.fullmatch(text) for pattern in patterns), text
    assert not any(pattern.fullmatch("Hei, Aino") for pattern in patterns)


def visible_texts(kiosk: Kiosk) -> list[str]:
    texts: list[str] = []
    for root in (kiosk.window, kiosk.window.session_bar):
        for widget in root.findChildren(QWidget):
            if isinstance(widget, QLabel | QAbstractButton) and widget.isVisible():
                texts.extend(line for line in widget.text().split("\n") if line.strip())
    return texts


def open_overlay(kiosk: Kiosk) -> Overlay | None:
    # The session's dialogs; its time warning also shows over a guide or a booking.
    overlays = kiosk.window.session_screen.overlays
    return next((overlay for overlay in overlays if overlay.isVisible()), None)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_variant(make_kiosk: WindowFactory, variant: str, language: str) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language=language))
    VARIANTS[variant](kiosk)
    window = kiosk.window
    assert window.view.language == language

    # Translated: no visible text is an English source that this language translates.
    if language != "en":
        patterns = english_patterns(language)
        untranslated = [
            text for text in visible_texts(kiosk) if any(p.fullmatch(text) for p in patterns)
        ]
        assert not untranslated, untranslated

    # Named: everything that can be pressed or focused, in the window and in the session bar.
    for root in (window, window.session_bar):
        for widget in interactive_widgets(root):
            assert widget.accessibleName().strip(), repr(widget)

    # Reachable: Tab visits every control (inside the dialog when one is open).
    overlay = open_overlay(kiosk)
    controls = (
        [w for w in interactive_widgets(overlay.panel) if w.isEnabled()]
        if overlay is not None
        else [w for w in interactive_widgets(window) if w.isEnabled()]
    )
    assert controls
    start = QApplication.focusWidget()
    if start is None or start.window() is not window:
        controls[0].setFocus(Qt.FocusReason.OtherFocusReason)
    reached = []
    for _ in range(len(controls) + 2):
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        if overlay is not None:
            assert overlay.panel.isAncestorOf(now), f"Tab left the dialog for {now!r}"
        reached.append(now)
    missing = [w for w in controls if w not in reached]
    assert not missing, [getattr(w, "text", lambda: "")() or type(w).__name__ for w in missing]

    # Fits a 1280 x 800 monitor: the window asks for no more than the glass has, and nothing
    # needs scrolling sideways. With normal text nothing scrolls at all; with larger text a
    # screen may scroll down, like a zoomed web page.
    assert_fits_small_monitor(window)


def assert_fits_small_monitor(window: MainWindow) -> None:
    for larger in (False, True):
        window.set_larger_text(larger)
        window.resize(SMALL_MONITOR)
        settle_layout()
        needed = window.minimumSizeHint()
        assert needed.width() <= SMALL_MONITOR.width(), (larger, needed)
        assert needed.height() <= SMALL_MONITOR.height(), (larger, needed)
        assert window.size() == SMALL_MONITOR, (larger, window.size())
        area = window.screen_area
        assert not area.horizontalScrollBar().isVisible(), (larger, window.stack.minimumSizeHint())
        if not larger:
            assert not area.verticalScrollBar().isVisible(), window.stack.sizeHint()
