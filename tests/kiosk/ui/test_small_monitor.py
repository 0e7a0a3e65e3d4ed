"""Small monitors and larger text: the window never asks for more than the glass has.

Library PCs have 1280 x 800 and 1366 x 768 monitors as well as full-HD ones. The idle
screen's title steps down to keep a long branch name on one line; the screen area scrolls
down (never sideways) when larger text needs more height; the status strip and the help
panel's buttons wrap; the language prompt gives way; a button keeps its size when focused.
(Every screen variant is also checked at 1280 x 800 in test_every_view.py.)
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from fleet.protocol import LocalizedText
from kiosk.services.shell import LANGUAGES
from kiosk.ui.main_window import MainWindow
from tests.kiosk.ui.fakes import help_ticket
from tests.kiosk.ui.scenes import IDLE, Kiosk, WindowFactory, full_hd, idle_info, settle_layout

SMALL = (QSize(1280, 800), QSize(1366, 768))


def at_size(kiosk: Kiosk, size: QSize, *, larger: bool = False) -> MainWindow:
    window = kiosk.window
    window.set_larger_text(larger)
    window.resize(size)
    settle_layout()
    return window


def shown_on_screen(widget: QWidget, window: MainWindow) -> bool:
    """Whether ``widget`` is inside the part of the screen area the visitor can see."""
    viewport = window.screen_area.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("size", SMALL, ids=lambda size: f"{size.width()}x{size.height()}")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_idle_screen_fits_with_an_urgent_notice(
    make_kiosk: WindowFactory, language: str, size: QSize
) -> None:
    kiosk = make_kiosk(dataclasses.replace(idle_info(urgent=True), language=language))
    window = at_size(kiosk, size)
    idle = window.idle_screen
    assert window.size() == size
    area = window.screen_area
    assert not area.horizontalScrollBar().isVisible()
    # The branch's long name is whole: the label has the height its lines need.
    title = idle.branch
    assert title.height() >= title.heightForWidth(title.width())
    # ... at a smaller title size than on a full-HD screen, where it fits on one line.
    assert title.property("step") != "0"
    # The notice, the invitation and the log-in buttons are on screen without scrolling.
    for part in (idle.announcements, idle.call_to_action, idle.number_button, idle.guest_button):
        assert shown_on_screen(part, window), part
    if size.height() >= 800:
        # With room for the help buttons too, nothing scrolls. (768 lines are 32 fewer: a
        # notice on two lines, as in Swedish, moves them a little below the fold there.)
        assert not area.verticalScrollBar().isVisible()
        assert shown_on_screen(idle.support, window)
    full_hd(window)
    assert title.property("step") == "0"
    assert title.heightForWidth(title.width()) == title.fontMetrics().lineSpacing()


def test_a_short_name_keeps_the_largest_title(make_kiosk: WindowFactory) -> None:
    name = LocalizedText(fi="Kallion kirjasto", sv="Berghälls bibliotek", en="Kallio Library")
    kiosk = make_kiosk(dataclasses.replace(IDLE, branch_name=name))
    window = at_size(kiosk, SMALL[0])
    assert window.idle_screen.branch.property("step") == "0"


@pytest.mark.parametrize("language", LANGUAGES)
def test_larger_text_scrolls_down_never_sideways(make_kiosk: WindowFactory, language: str) -> None:
    kiosk = make_kiosk(dataclasses.replace(idle_info(urgent=True), language=language))
    window = at_size(kiosk, SMALL[0], larger=True)
    area = window.screen_area
    assert window.size() == SMALL[0]
    assert window.minimumSizeHint().width() <= SMALL[0].width()
    assert not area.horizontalScrollBar().isVisible()
    assert area.verticalScrollBar().isVisible()
    # The bars above and below stay put; the visitor reaches the rest by Tab (or a finger).
    assert window.status_strip.isVisible()
    idle = window.idle_screen
    assert not shown_on_screen(idle.support.booking_button, window)
    idle.number_button.setFocus(Qt.FocusReason.OtherFocusReason)
    focused: QWidget | None = idle.number_button
    while focused is not idle.support.booking_button:
        assert focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None
        if area.isAncestorOf(focused):
            assert shown_on_screen(focused, window), focused
    assert area.verticalScrollBar().value() > 0
    # Back to normal text: nothing scrolls.
    at_size(kiosk, SMALL[0])
    assert not area.verticalScrollBar().isVisible()


def test_the_status_strip_wraps_rather_than_widen_the_window(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="sv"))
    strip = kiosk.window.status_strip
    full_hd(kiosk.window)
    assert strip.columns == 3
    window = at_size(kiosk, SMALL[0], larger=True)
    assert strip.columns < 3
    assert strip.sizeHint().width() > SMALL[0].width()  # one row would not fit
    for item in (strip.network, strip.reader, strip.printer):
        assert strip.rect().contains(item.geometry()), item
    assert window.size() == SMALL[0]
    # A download's progress joins the strip and finds its place too.
    kiosk.controller.publish(dataclasses.replace(kiosk.controller.view, content_download=40))
    settle_layout()
    assert strip.content.isVisible()
    assert strip.rect().contains(strip.content.geometry())
    at_size(kiosk, SMALL[0])
    assert strip.columns == 4 or strip.content.geometry().top() > strip.network.geometry().top()


def test_the_language_prompt_gives_way_to_the_buttons(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    bar = kiosk.window.language_bar
    at_size(kiosk, SMALL[0])
    assert bar.prompt.isVisible()
    at_size(kiosk, SMALL[0], larger=True)
    assert not bar.prompt.isVisible()
    assert all(button.isVisible() for button in bar.buttons.values())
    full_hd(kiosk.window)
    assert bar.prompt.isVisible()


def test_the_help_panels_buttons_wrap_under_larger_text(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, help=help_ticket()))
    panel = kiosk.window.idle_screen.help_panel
    assert panel.button_row is not None
    full_hd(kiosk.window)
    panel.ask_cancel()
    settle_layout()
    assert panel.button_row.columns == 2  # "Yes, leave" beside "No, keep my number"
    window = at_size(kiosk, SMALL[0], larger=True)
    assert not window.screen_area.horizontalScrollBar().isVisible()
    assert panel.button_row.columns == 1
    assert panel.no_button.geometry().top() > panel.yes_button.geometry().bottom()
    # Asked again under larger text, at the top of the screen: the answer that takes the
    # focus ("No, keep my number") is scrolled into view.
    panel.keep()
    settle_layout()
    window.screen_area.verticalScrollBar().setValue(0)
    panel.ask_cancel()
    settle_layout()
    assert QApplication.focusWidget() is panel.no_button
    assert shown_on_screen(panel.no_button, window)


def test_a_focused_button_keeps_its_size(make_kiosk: WindowFactory) -> None:
    """The focus frame is drawn in room every button keeps for it: a button measured while
    focused (the text size changed under it) is as large as one that is not."""
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    idle = window.idle_screen
    buttons = [idle.number_button, window.language_bar.buttons["fi"], window.text_size_button]
    sizes = {}
    for focused in (False, True):
        for button in buttons:
            target = button if focused else idle.guest_button
            target.setFocus(Qt.FocusReason.TabFocusReason)
            window.set_larger_text(True)
            window.set_larger_text(False)  # measured again, under the focus style
            settle_layout()
            sizes[button, focused] = button.sizeHint()
    for button in buttons:
        assert sizes[button, True] == sizes[button, False], button.text()
