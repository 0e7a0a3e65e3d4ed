"""Guides: the list and live search in fi/sv/en, the step-by-step reader, its events and speech."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock, QTextFragment, QTextListFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from content.guides import Block, BlockKind, Guide, GuideSet, Span, Step
from fleet.protocol.sessions import LoginMethod
from fleet.protocol.support import TOPIC_NAMES, SupportTopic
from kiosk.services.shell import LANGUAGES, GuideEvent, SessionWarning
from kiosk.ui.guides import GuidesScreen
from kiosk.ui.main_window import PAGE_IDLE_SECONDS
from kiosk.ui.screens import IdleScreen
from kiosk.ui.session import SessionScreen
from tests.kiosk.ui.fakes import shipped_guides
from tests.kiosk.ui.scenes import IDLE, SESSION, SESSION_VIEW, Kiosk, WindowFactory

OPENED, STEP, COMPLETED = GuideEvent.OPENED, GuideEvent.STEP, GuideEvent.COMPLETED


def press(widget: QWidget, key: Qt.Key = Qt.Key.Key_Return) -> None:
    QTest.keyClick(widget, key)


def open_guides(kiosk: Kiosk) -> GuidesScreen:
    """The idle (or session) screen's "Guides" button, by keyboard."""
    screen = kiosk.window.current_screen
    assert isinstance(screen, IdleScreen | SessionScreen)
    press(screen.support.guides_button)
    guides = kiosk.window.current_screen
    assert isinstance(guides, GuidesScreen)
    return guides


def shown_titles(screen: GuidesScreen) -> list[str]:
    """The guide buttons' titles in reading order (top to bottom, left to right)."""
    buttons = [b for b in screen.guide_buttons.values() if b.isVisible()]
    buttons.sort(key=lambda b: (b.geometry().y(), b.geometry().x()))
    return [button.label.text() for button in buttons]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_shows_every_guide_in_the_language(
    make_kiosk: WindowFactory, language: str
) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language=language))
    screen = open_guides(kiosk)
    guides = shipped_guides().in_language(language)
    assert shown_titles(screen) == [guide.title for guide in guides]
    for guide in guides:
        button = screen.guide_buttons[guide.id]
        assert button.summary.text() == guide.summary
        assert button.topic.text() == TOPIC_NAMES[SupportTopic(guide.topic)].get(language)
        assert button.accessibleName() == guide.title
    assert QApplication.focusWidget() is screen.search_field  # ready to type
    assert kiosk.controller.guide_events == []  # a list is not a guide opened


@pytest.mark.parametrize(
    ("language", "words", "found", "note"),
    [
        ("fi", "pankkitunnukset", ["strong-identification"], "Löytyi 1 ohje."),
        ("sv", "skanna", ["printing-scanning"], "1 guide hittades."),
        ("en", "video", ["video-calls"], "1 guide found."),
    ],
)
def test_search_as_the_visitor_types(
    make_kiosk: WindowFactory,
    qtbot: QtBot,
    language: str,
    words: str,
    found: list[str],
    note: str,
) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language=language))
    screen = open_guides(kiosk)
    QTest.keyClicks(screen.search_field, words)
    # Typed keys pass the scanner detection on the idle screen first (a few ms later).
    qtbot.waitUntil(lambda: screen.search_field.text() == words, timeout=2000)
    assert [guide.id for guide in screen.results] == found
    titles = [shipped_guides().get(guide_id, language) for guide_id in found]
    assert shown_titles(screen) == [guide.title for guide in titles if guide is not None]
    assert screen.result_note.text() == note
    assert screen.clear_button.isVisible()
    press(screen.clear_button)
    assert screen.search_field.text() == ""
    assert len(shown_titles(screen)) == len(shipped_guides().in_language(language))


def test_a_search_that_finds_nothing_offers_help(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en"))
    screen = open_guides(kiosk)
    screen.search_field.setText("xyzzyq")
    assert shown_titles(screen) == []
    assert screen.result_note.text() == "No guides found. Try another word, or ask for help."
    assert screen.help_offer.isVisible()
    press(screen.help_offer)
    assert kiosk.window.current_screen is kiosk.window.help_screen


def test_reading_a_guide_step_by_step(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en"))
    screen = open_guides(kiosk)
    guide = shipped_guides().get("email-basics", "en")
    assert guide is not None
    total = len(guide.steps)
    press(screen.guide_buttons["email-basics"])
    assert screen.scene_name == "guide"
    assert screen.guide_title.text() == guide.title
    for number, step in enumerate(guide.steps, 1):
        assert screen.progress_text.text() == f"Step {number} of {total}"
        assert screen.progress_bar.accessibleName() == f"Step {number} of {total}"
        assert (screen.progress_bar.value(), screen.progress_bar.maximum()) == (number, total)
        assert screen.step_title.text() == step.title
        assert screen.step_text.toPlainText().startswith(step.blocks[0].text)
        assert screen.back_button.isEnabled() == (number > 1)
        last = number == total
        assert screen.next_button.text() == ("Done" if last else "Next")
        assert QApplication.focusWidget() is screen.next_button
        press(screen.next_button)
    assert screen.scene_name == "guide_feedback"
    assert screen.question.text() == "Did this guide help you?"
    assert QApplication.focusWidget() is screen.yes_button
    press(screen.yes_button)
    steps = [(STEP, "email-basics", number) for number in range(1, total + 1)]
    assert kiosk.controller.guide_events == [
        (OPENED, "email-basics", None),
        *steps,
        (COMPLETED, "email-basics", None),
        (GuideEvent.HELPFUL, "email-basics", None),
    ]
    # Back at the list, thanked, on the guide just read.
    assert screen.scene_name == "guides"
    assert screen.thanks.message == "Thank you for your answer."
    assert QApplication.focusWidget() is screen.guide_buttons["email-basics"]
    assert not screen.help_offer.isVisible()
    assert "Thank you for your answer." in kiosk.announcer.texts


def test_not_helpful_offers_an_adviser(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="fi"))
    screen = open_guides(kiosk)
    screen.open_guide("scams")
    screen.finish()
    press(screen.no_button)
    assert kiosk.controller.guide_events[-2:] == [
        (COMPLETED, "scams", None),
        (GuideEvent.NOT_HELPFUL, "scams", None),
    ]
    assert screen.thanks.message == (
        "Kiitos vastauksestasi. Neuvoja voi auttaa sinua myös henkilökohtaisesti."
    )
    assert screen.help_offer.isVisible()
    assert screen.help_offer.text() == "Apua nyt"


def test_back_all_guides_and_escape(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en"))
    screen = open_guides(kiosk)
    press(screen.guide_buttons["scams"])
    press(screen.next_button)
    press(screen.next_button)
    assert screen.progress_text.text() == "Step 3 of 8"
    press(screen.back_button)
    assert screen.progress_text.text() == "Step 2 of 8"
    press(screen.back_button)
    assert screen.progress_text.text() == "Step 1 of 8"
    assert not screen.back_button.isEnabled()
    assert QApplication.focusWidget() is screen.next_button
    assert [event[2] for event in kiosk.controller.guide_events] == [None, 1, 2, 3, 2, 1]
    # Escape: from the reader to the list, from the list back to the idle screen.
    press(screen.next_button, Qt.Key.Key_Escape)
    assert screen.scene_name == "guides"
    assert QApplication.focusWidget() is screen.guide_buttons["scams"]
    press(screen.guide_buttons["scams"], Qt.Key.Key_Escape)
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    assert kiosk.window.page is None
    assert QApplication.focusWidget() is kiosk.window.idle_screen.support.guides_button


def test_the_all_guides_buttons(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="sv"))
    screen = open_guides(kiosk)
    press(screen.guide_buttons["ebooks"])
    assert screen.all_guides_button.text() == "Alla guider"
    press(screen.all_guides_button)
    assert screen.scene_name == "guides"
    screen.open_guide("ebooks")
    screen.finish()
    press(screen.skip_button)  # no answer: nothing recorded, no thanks
    assert screen.scene_name == "guides"
    assert screen.thanks.message is None
    assert [event[0] for event in kiosk.controller.guide_events][-1] is COMPLETED
    assert QApplication.focusWidget() is screen.guide_buttons["ebooks"]


def test_switching_language_keeps_the_guide_and_the_step(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="fi"))
    screen = open_guides(kiosk)
    screen.open_guide("video-calls")
    screen.go_next()
    screen.go_next()
    events = list(kiosk.controller.guide_events)
    kiosk.controller.publish(dataclasses.replace(kiosk.controller.view, language="sv"))
    swedish = shipped_guides().get("video-calls", "sv")
    assert swedish is not None
    assert screen.guide_title.text() == swedish.title
    assert screen.step_title.text() == swedish.steps[2].title
    assert screen.progress_text.text() == "Steg 3 av 8"
    assert kiosk.window.current_screen is screen
    # The same step, not a new one.
    assert kiosk.controller.guide_events == events


def test_read_aloud_speaks_the_step_in_the_guides_language(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="sv"))
    screen = open_guides(kiosk)
    screen.open_guide("video-calls")
    assert screen.read_button.isVisible()
    assert screen.read_button.text() == "Läs högt"
    press(screen.read_button)
    guide = shipped_guides().get("video-calls", "sv")
    assert guide is not None
    assert kiosk.speaker.said == [(guide.steps[0].spoken, "sv")]
    stops = kiosk.speaker.stops
    press(screen.next_button)  # the next step: the old one is not read on
    assert kiosk.speaker.stops == stops + 1


def test_read_aloud_is_hidden_without_speech(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    kiosk.speaker.available = False  # no espeak-ng on this PC
    screen = open_guides(kiosk)
    screen.open_guide("video-calls")
    assert not screen.read_button.isVisible()
    screen.read_aloud()
    assert kiosk.speaker.said == []


def test_a_step_picture_with_its_alt_text(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en"))
    screen = open_guides(kiosk)
    screen.open_guide("video-calls")
    assert not screen.step_image.isVisible()  # step 1 has no picture
    screen.go_next()
    step = screen.step
    assert step is not None
    assert step.image == "images/headphones.svg"
    assert screen.step_image.isVisible()
    assert screen.step_image.loaded
    assert screen.step_image.accessibleName() == "Picture"
    assert screen.step_image.accessibleDescription() == step.image_alt


def fragments(block: QTextBlock) -> list[QTextFragment]:
    found = []
    iterator = block.begin()
    while not iterator.atEnd():
        found.append(iterator.fragment())
        iterator += 1
    return found


def test_steps_render_bold_and_lists_never_html(make_kiosk: WindowFactory) -> None:
    blocks = (
        Block(BlockKind.PARAGRAPH, (Span("Press "), Span("Send", bold=True), Span(" <b>now</b>"))),
        Block(BlockKind.BULLET, (Span("one"),)),
        Block(BlockKind.BULLET, (Span("two"),)),
        Block(BlockKind.NUMBERED, (Span("three"),), number=3),
    )
    step = Step("Send it", "Press Send <b>now</b>\n\n• one\n• two\n\n3. three", blocks=blocks)
    steps = (Step("First", "Start."), step, Step("Last", "Done."))
    guide = Guide("made-up", "en", "A made-up guide", "For a test.", "email", (), steps, 1)
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en"))
    kiosk.controller.guide_set = GuideSet({"made-up": {"en": guide}})
    screen = open_guides(kiosk)
    screen.open_guide("made-up")
    screen.go_next()
    document = screen.step_text.document()
    assert document.toPlainText() == "Press Send <b>now</b>\none\ntwo\nthree"
    shown = [document.findBlockByNumber(n) for n in range(document.blockCount())]
    bold = [f.text() for b in shown for f in fragments(b) if f.charFormat().fontWeight() == 700]
    assert bold == ["Send"]
    assert shown[0].textList() is None
    bullets, numbered = shown[1].textList(), shown[3].textList()
    assert bullets is not None
    assert numbered is not None
    assert shown[2].textList() == bullets  # one list of two items
    assert bullets.format().style() == QTextListFormat.Style.ListDisc
    assert numbered.format().style() == QTextListFormat.Style.ListDecimal
    assert numbered.format().start() == 3  # the author's number


def test_guides_left_alone_on_the_idle_screen_close(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    screen = open_guides(kiosk)
    screen.open_guide("scams")
    kiosk.clock.advance(PAGE_IDLE_SECONDS - 10)
    kiosk.window.tick()
    assert kiosk.window.current_screen is screen
    QTest.keyClick(screen.next_button, Qt.Key.Key_Shift)  # someone is here
    kiosk.clock.advance(PAGE_IDLE_SECONDS - 10)
    kiosk.window.tick()
    assert kiosk.window.current_screen is screen
    kiosk.clock.advance(11)
    kiosk.window.tick()
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    assert screen.guide_id is None  # the next visitor starts from the list


def test_guides_in_a_session_wait_for_the_visitor(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(SESSION)
    screen = open_guides(kiosk)
    screen.open_guide("scams")
    kiosk.clock.advance(PAGE_IDLE_SECONDS * 2)
    kiosk.window.tick()
    assert kiosk.window.current_screen is screen  # the session's own idle log-out decides
    kiosk.controller.end_session()
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    assert screen.guide_id is None


def test_a_time_warning_shows_over_a_guide(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    screen = open_guides(kiosk)
    screen.open_guide("scams")
    kiosk.clock.now = SESSION_VIEW.ends_at - 4 * 60
    kiosk.controller.publish_session(warning=SessionWarning.FIVE_MINUTES)
    warning = kiosk.window.session_screen.warning
    assert warning.isVisible()  # over the guide, not behind it on the hidden session screen
    focused = QApplication.focusWidget()
    assert focused is not None
    assert warning.panel.isAncestorOf(focused)
    press(warning.ok_button)
    assert not warning.is_open
    assert kiosk.window.current_screen is screen  # the guide is still there
    assert screen.guide_id == "scams"


def test_a_log_in_closes_the_guides(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    open_guides(kiosk)
    kiosk.controller.begin_login(LoginMethod.LIBRARY_CARD, "20001234567")
    assert kiosk.window.page is None
    assert kiosk.window.current_screen is kiosk.window.login_screen


def test_guides_that_cannot_be_read(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en"))
    kiosk.controller.guide_set = RuntimeError("broken bundle")
    screen = open_guides(kiosk)
    assert screen.problem.message == (
        "The guides cannot be shown right now. Please ask the library staff."
    )
    assert shown_titles(screen) == []
