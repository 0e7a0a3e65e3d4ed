"""Guides: the list with live search, and a reader that shows one large step at a time."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextList,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from content.guides import Block, BlockKind, Guide, GuideSet, Step
from fleet.protocol.support import TOPIC_NAMES, SupportTopic
from kiosk.services.shell import GuideEvent, ShellController, ShellView
from kiosk.ui.buttons import KioskButton
from kiosk.ui.notices import GUIDES_UNAVAILABLE, NoticePanel, NoticeTexts, Tone
from kiosk.ui.pictures import Picture
from kiosk.ui.screens import Page, make_label
from kiosk.ui.speech import Announcer, Speaker
from kiosk.ui.theme import Theme
from kiosk.ui.wrapping import WrappingButton

log = logging.getLogger(__name__)

#: Records a guide event: the window's hook, silent while it renders screenshots.
GuideRecorder = Callable[[GuideEvent, str, int | None], None]
#: The list has two columns from this width on (a 1920 px screen), one below it.
TWO_COLUMNS_FROM = 1500
#: Search results are announced to screen readers once the visitor stops typing.
ANNOUNCE_DELAY_MS = 800


def topic_name(topic: str, language: str) -> str:
    """A guide's topic in the visitor's language ("" for a topic this kiosk does not know)."""
    try:
        return TOPIC_NAMES[SupportTopic(topic)].get(language)
    except (ValueError, KeyError):
        return ""


class GuideButton(WrappingButton):
    """One guide in the list: its title, its one-line summary and its topic."""

    def __init__(self, guide_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GuideButton")
        self.guide_id = guide_id
        self.label.setObjectName("GuideTitle")
        self.summary = self.add_line("GuideSummary")
        self.topic = self.add_line("GuideTopic")

    def show_guide(self, guide: Guide) -> None:
        topic = topic_name(guide.topic, guide.language)
        self.label.setText(guide.title)
        self.summary.setText(guide.summary)
        self.topic.setText(topic)
        self.topic.setVisible(bool(topic))
        self.setAccessibleName(guide.title)
        self.setAccessibleDescription(f"{guide.summary} {topic}".strip())


class StepText(QTextEdit):
    """A step's paragraphs and lists, bold where the guide says so: built from its blocks
    with a text cursor, so nothing from the content is ever read as HTML."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepText")
        self.setReadOnly(True)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Arrow keys and Page Down scroll a long step; there is nothing to edit or follow.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_blocks(self, blocks: Sequence[Block]) -> None:
        document = self.document()
        document.clear()
        cursor = QTextCursor(document)
        spacing = QTextBlockFormat()
        spacing.setBottomMargin(self.fontMetrics().height() * 0.6)
        plain, bold = QTextCharFormat(), QTextCharFormat()
        plain.setFontWeight(QFont.Weight.Normal)
        bold.setFontWeight(QFont.Weight.Bold)
        current: QTextList | None = None
        current_kind: BlockKind | None = None
        for index, block in enumerate(blocks):
            if index:
                cursor.insertBlock(spacing, plain)
            else:
                cursor.setBlockFormat(spacing)
            if block.kind is BlockKind.PARAGRAPH:
                current, current_kind = None, None
            elif current is not None and current_kind is block.kind:
                current.add(cursor.block())
            else:
                style = (
                    QTextListFormat.Style.ListDecimal
                    if block.kind is BlockKind.NUMBERED
                    else QTextListFormat.Style.ListDisc
                )
                list_format = QTextListFormat()
                list_format.setStyle(style)
                list_format.setIndent(1)
                if block.kind is BlockKind.NUMBERED and block.number is not None:
                    list_format.setStart(block.number)
                current, current_kind = cursor.createList(list_format), block.kind
            for span in block.spans:
                cursor.insertText(span.text, bold if span.bold else plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)


class StepImage(Picture):
    """A step's picture, scaled to the room it has; the alt text is its accessible
    description (the picture has no words of its own)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="StepImage")


class GuidesScreen(Page):
    """Guides in the visitor's language: a searchable list, a step-by-step reader and, at
    the end, "Did this help?".

    The reader records ``opened``, ``step`` (1-based, every time a step is shown),
    ``completed`` and the feedback through ``record``. Switching the language keeps the
    guide and the step. Escape goes back one level; from the list it emits :attr:`closed`.
    "Help me now" after an unhelpful guide (or a search with no results) emits
    :attr:`help_requested`.
    """

    help_requested = Signal()

    def __init__(
        self,
        theme: Theme,
        controller: ShellController,
        speaker: Speaker,
        announcer: Announcer,
        *,
        record: GuideRecorder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(theme, parent)
        self._controller = controller
        self._speaker = speaker
        self._announcer = announcer
        self._record = record
        self._texts = NoticeTexts(self)
        self.guide_set: GuideSet | None = None
        self.load_failed = False
        self.results: list[Guide] = []
        self.guide_id: str | None = None
        self.index = 0
        #: The answer just given to "Did this help?" (shown as thanks on the list).
        self.feedback: GuideEvent | None = None
        self.reading_aloud = False
        self.guide_buttons: dict[str, GuideButton] = {}
        self._columns = 1
        # What the list and the step show now: re-rendered only when these change, so a view
        # published meanwhile (the help queue moved) neither scrolls nor rebuilds anything.
        self._list_key: tuple[object, ...] | None = None
        self._step_key: tuple[object, ...] | None = None

        self.pages = QStackedWidget(self)
        self._build_list()
        self._build_reader()
        self._build_feedback()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._announce_timer = QTimer(self)
        self._announce_timer.setSingleShot(True)
        self._announce_timer.setInterval(ANNOUNCE_DELAY_MS)
        self._announce_timer.timeout.connect(self._announce_results)
        self.retranslate_ui()

    # --- building ------------------------------------------------------------------------------

    def _build_list(self) -> None:
        page = self.list_page = QWidget(self.pages)
        self.title = make_label(page, "ScreenTitle")
        self.close_button = KioskButton(parent=page)
        self.close_button.clicked.connect(self.closed.emit)
        self.search_label = make_label(page, "FieldLabel")
        self.search_field = QLineEdit(page)
        self.search_field.setObjectName("SearchField")
        self.search_field.setMaxLength(100)
        self.search_field.setClearButtonEnabled(False)
        self.search_field.textChanged.connect(self._searched)
        self.search_label.setBuddy(self.search_field)
        self.clear_button = KioskButton(parent=page)
        self.clear_button.clicked.connect(self.clear_search)
        self.result_note = make_label(page, "Hint")
        self.thanks = NoticePanel(self.theme, closable=False, parent=page)
        self.help_offer = KioskButton(parent=page)
        self.help_offer.clicked.connect(self.help_requested.emit)
        self.problem = NoticePanel(self.theme, closable=False, parent=page)
        self.list_area = QWidget()
        self.list_area.setObjectName("ChoiceArea")
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(16)
        column = QVBoxLayout(self.list_area)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._grid)
        column.addStretch(1)  # a short list of results stays at the top
        self.scroll_area = QScrollArea(page)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the guide buttons take focus
        self.scroll_area.setWidget(self.list_area)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        search = QHBoxLayout()
        search.setSpacing(16)
        search.addWidget(self.search_field, 1)
        search.addWidget(self.clear_button)
        offer = QHBoxLayout()
        offer.setSpacing(16)
        offer.addWidget(self.result_note, 1)
        offer.addWidget(self.help_offer)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(56, 20, 56, 20)
        layout.setSpacing(12)
        layout.addLayout(head)
        layout.addWidget(self.search_label)
        layout.addLayout(search)
        layout.addWidget(self.thanks)
        layout.addWidget(self.problem)
        layout.addLayout(offer)
        layout.addWidget(self.scroll_area, 1)
        self.pages.addWidget(page)

    def _build_reader(self) -> None:
        page = self.reader_page = QWidget(self.pages)
        self.all_guides_button = KioskButton(parent=page)
        self.all_guides_button.clicked.connect(self.back_to_list)
        self.guide_title = make_label(page, "ScreenTitle")
        self.progress_text = make_label(page, "ProgressText", wrap=False)
        self.progress_bar = QProgressBar(page)
        self.progress_bar.setObjectName("StepProgress")
        self.progress_bar.setTextVisible(False)
        self.step_title = make_label(page, "StepTitle")
        self.step_text = StepText(page)
        self.step_image = StepImage(page)
        self.read_button = KioskButton(parent=page)
        self.read_button.clicked.connect(self.read_aloud)
        self.back_button = KioskButton(parent=page)
        self.back_button.clicked.connect(self.go_back)
        self.next_button = KioskButton(parent=page)
        self.next_button.clicked.connect(self.go_next)

        head = QHBoxLayout()
        head.setSpacing(24)
        head.addWidget(self.guide_title, 1)
        head.addWidget(self.all_guides_button, 0, Qt.AlignmentFlag.AlignTop)
        progress = QHBoxLayout()
        progress.setSpacing(20)
        progress.addWidget(self.progress_text)
        progress.addWidget(self.progress_bar, 1)
        content = QHBoxLayout()
        content.setSpacing(32)
        content.addWidget(self.step_text, 3)
        content.addWidget(self.step_image, 2)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.read_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        for button in (self.back_button, self.next_button):
            button.setMinimumWidth(self.theme.pt(8))
        layout = QVBoxLayout(page)
        layout.setContentsMargins(56, 20, 56, 20)
        layout.setSpacing(12)
        layout.addLayout(head)
        layout.addLayout(progress)
        layout.addWidget(self.step_title)
        layout.addLayout(content, 1)
        layout.addLayout(buttons)
        # Reading order: the text, then what to do next; "All guides" last.
        for first, second in (
            (self.step_text, self.read_button),
            (self.read_button, self.back_button),
            (self.back_button, self.next_button),
            (self.next_button, self.all_guides_button),
        ):
            QWidget.setTabOrder(first, second)
        self.pages.addWidget(page)

    def _build_feedback(self) -> None:
        page = self.feedback_page = QWidget(self.pages)
        self.done_icon_text = make_label(page, "ScreenTitle")
        self.question = make_label(page, "Subtitle")
        self.yes_button = KioskButton(parent=page)
        self.yes_button.clicked.connect(lambda: self.answer(helpful=True))
        self.no_button = KioskButton(parent=page)
        self.no_button.clicked.connect(lambda: self.answer(helpful=False))
        self.skip_button = KioskButton(parent=page)
        self.skip_button.clicked.connect(self.back_to_list)
        for button in (self.yes_button, self.no_button):
            button.setMinimumWidth(self.theme.pt(8))
        answers = QHBoxLayout()
        answers.setSpacing(32)
        answers.addStretch(1)
        answers.addWidget(self.yes_button)
        answers.addWidget(self.no_button)
        answers.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(56, 20, 56, 20)
        layout.setSpacing(28)
        layout.addStretch(1)
        layout.addWidget(self.done_icon_text)
        layout.addWidget(self.question)
        layout.addLayout(answers)
        layout.addStretch(1)
        layout.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignRight)
        for label in (self.done_icon_text, self.question):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(page)

    # --- what the window calls -----------------------------------------------------------------

    @property
    def scene_name(self) -> str:
        page = self.pages.currentWidget()
        if page is self.reader_page:
            return "guide"
        if page is self.feedback_page:
            return "guide_feedback"
        return "guides"

    @property
    def guide(self) -> Guide | None:
        """The guide being read, in the visitor's language."""
        if self.guide_id is None or self.guide_set is None:
            return None
        return self.guide_set.get(self.guide_id, self.view.language)

    @property
    def step(self) -> Step | None:
        guide = self.guide
        if guide is None or not guide.steps:
            return None
        return guide.steps[min(self.index, len(guide.steps) - 1)]

    def open(self) -> None:
        """The page comes up: the list, from the top, with the guides the PC has now."""
        self.reset()
        try:
            self.guide_set = self._controller.guides()
            self.load_failed = False
        except Exception:
            log.exception("loading the guides failed")
            self.guide_set, self.load_failed = None, True
        self.retranslate_ui()

    def reset(self) -> None:
        """Forget the search, the guide and the feedback (the page closes)."""
        self._stop_reading()
        self._announce_timer.stop()
        self.guide_id = None
        self.index = 0
        self.feedback = None
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.pages.setCurrentWidget(self.list_page)
        self.retranslate_ui()
        self.scroll_area.verticalScrollBar().setValue(0)

    def focus_target(self) -> QWidget:
        page = self.pages.currentWidget()
        if page is self.reader_page:
            return self.next_button
        if page is self.feedback_page:
            return self.yes_button
        return self.search_field

    def show_view(self, view: ShellView) -> None:
        if view.language != self.view.language:
            self._stop_reading()  # not in the language the screen no longer shows
        super().show_view(view)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for panel in (self.thanks, self.problem):
            panel.set_theme(theme)
        self._step_key = None  # the spacing between paragraphs follows the text size
        self._retranslate_reader()

    # --- the list --------------------------------------------------------------------------------

    def clear_search(self) -> None:
        self.search_field.clear()
        self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _searched(self, _text: str) -> None:
        self.feedback = None
        self.retranslate_ui()
        self._announce_timer.start()

    def _announce_results(self) -> None:
        if self.search_field.text().strip() and self.result_note.text():
            self._announcer.announce(self.result_note, self.result_note.text())

    def _show_list(self) -> None:
        language = self.view.language
        query = self.search_field.text()
        guides = self.guide_set
        key = (id(guides), language, query)
        if key == self._list_key:
            return
        self._list_key = key
        if guides is None:
            self.results = []
        elif query.strip():
            self.results = guides.search(query, language)
        else:
            self.results = guides.in_language(language)
        wanted = [guide.id for guide in self.results]
        for guide_id in [i for i in self.guide_buttons if i not in wanted]:
            gone = self.guide_buttons.pop(guide_id)
            self._grid.removeWidget(gone)
            gone.hide()
            gone.deleteLater()
        for guide in self.results:
            button = self.guide_buttons.get(guide.id)
            if button is None:
                button = GuideButton(guide.id, self.list_area)
                button.clicked.connect(lambda _=False, gid=guide.id: self.open_guide(gid))
                self.guide_buttons[guide.id] = button
            button.show_guide(guide)
        self._place_buttons()

    def _place_buttons(self) -> None:
        buttons = [self.guide_buttons[guide.id] for guide in self.results]
        for button in buttons:
            self._grid.removeWidget(button)
        for index, button in enumerate(buttons):
            self._grid.addWidget(button, index // self._columns, index % self._columns)
            button.show()
        for column in range(2):
            self._grid.setColumnStretch(column, 1 if column < self._columns else 0)
        # Tab follows the list's reading order, after the search.
        chain: list[QWidget] = [self.close_button, self.search_field, self.clear_button]
        chain += [self.help_offer, *buttons]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        columns = 2 if event.size().width() >= TWO_COLUMNS_FROM else 1
        if columns != self._columns:
            self._columns = columns
            self._place_buttons()

    # --- the reader ------------------------------------------------------------------------------

    def open_guide(self, guide_id: str) -> None:
        """Open a guide at its first step (recorded: opened, then step 1)."""
        if self.guide_set is None or self.guide_set.get(guide_id, self.view.language) is None:
            return
        self.guide_id = guide_id
        self.feedback = None
        self._record(GuideEvent.OPENED, guide_id, None)
        self._show_step(0)
        self.pages.setCurrentWidget(self.reader_page)
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_next(self) -> None:
        """ "Next", or "Done" on the last step."""
        guide = self.guide
        if guide is None:
            return
        if self.index + 1 >= len(guide.steps):
            self.finish()
            return
        self._show_step(self.index + 1)
        focused = self.next_button if self.next_button.isEnabled() else self.back_button
        focused.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_back(self) -> None:
        if self.guide is None or self.index == 0:
            return
        self._show_step(self.index - 1)
        if not self.back_button.isEnabled():
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self) -> None:
        """ "Done": the guide is completed; ask whether it helped."""
        if self.guide_id is None:
            return
        self._stop_reading()
        self._record(GuideEvent.COMPLETED, self.guide_id, None)
        self.pages.setCurrentWidget(self.feedback_page)
        self.retranslate_ui()
        self.yes_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def answer(self, *, helpful: bool) -> None:
        """ "Did this help?" Yes / No: recorded, then back to the list with thanks."""
        guide_id = self.guide_id
        if guide_id is None:
            return
        kind = GuideEvent.HELPFUL if helpful else GuideEvent.NOT_HELPFUL
        self._record(kind, guide_id, None)
        self.back_to_list(feedback=kind)
        message = self.thanks.message
        if message is not None:
            self._announcer.announce(self.thanks, message)

    def back_to_list(self, *, feedback: GuideEvent | None = None) -> None:
        """ "All guides": back to the list (thanking for ``feedback``), focus on the guide
        just read."""
        self._stop_reading()
        guide_id, self.guide_id = self.guide_id, None
        self.index = 0
        self.feedback = feedback
        self.pages.setCurrentWidget(self.list_page)
        self.retranslate_ui()
        button = self.guide_buttons.get(guide_id or "")
        target: QWidget = button if button is not None else self.search_field
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if button is not None:
            # Laid out now (the thanks may have taken room), so the button is really seen.
            for widget in (self.list_page, self.list_area):
                layout = widget.layout()
                if layout is not None:
                    layout.activate()
            self.scroll_area.ensureWidgetVisible(button, 0, 0)

    def read_aloud(self) -> None:
        """Say the step aloud in the guide's language."""
        guide, step = self.guide, self.step
        if guide is None or step is None or not self._speaker.speaks:
            return
        self._speaker.say(step.spoken, guide.language)
        self.reading_aloud = True

    def _show_step(self, index: int) -> None:
        self._stop_reading()
        self.index = index
        self.retranslate_ui()
        if self.guide_id is not None:
            self._record(GuideEvent.STEP, self.guide_id, index + 1)

    def _stop_reading(self) -> None:
        if self.reading_aloud:
            self.reading_aloud = False
            self._speaker.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.pages.currentWidget() is self.list_page:
                self.closed.emit()
            else:
                self.back_to_list()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- rendering -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Guides"))
        self._retranslate_list()
        self._retranslate_reader()
        self._retranslate_feedback()

    def _retranslate_list(self) -> None:
        self.title.setText(self.tr("Guides"))
        self.close_button.setText(self.tr("Close guides"))
        self.close_button.setAccessibleName(self.tr("Close the guides"))
        self.search_label.setText(self.tr("Search with a word"))
        self.search_field.setAccessibleName(self.tr("Search the guides"))
        self.search_field.setPlaceholderText(self.tr("For example: e-mail, bank, printing"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setAccessibleName(self.tr("Clear the search"))
        self.help_offer.setText(self.tr("Help me now"))
        self.help_offer.setAccessibleName(self.tr("Help me now: an adviser comes to this computer"))
        self.list_area.setAccessibleName(self.tr("Guides"))
        self._show_list()
        query = self.search_field.text().strip()
        self.clear_button.setVisible(bool(query))
        count = len(self.results)
        if self.load_failed:
            note = ""
        elif not query:
            note = self.tr("Choose a guide, or search with a word.")
        elif count == 0:
            note = self.tr("No guides found. Try another word, or ask for help.")
        elif count == 1:
            note = self.tr("1 guide found.")
        else:
            note = self.tr("{count} guides found.").format(count=count)
        self.result_note.setText(note)
        self.result_note.setVisible(bool(note))
        self.problem.show_notice(
            self._texts.sentence(GUIDES_UNAVAILABLE) if self.load_failed else None
        )
        if self.feedback is GuideEvent.HELPFUL:
            self.thanks.show_notice(self.tr("Thank you for your answer."), Tone.DONE)
        elif self.feedback is GuideEvent.NOT_HELPFUL:
            self.thanks.show_notice(
                self.tr("Thank you for your answer. An adviser can help you in person."),
                Tone.DONE,
            )
        else:
            self.thanks.show_notice(None)
        wants_help = self.feedback is GuideEvent.NOT_HELPFUL or (bool(query) and count == 0)
        self.help_offer.setVisible(wants_help and self.view.help is None)

    def _retranslate_reader(self) -> None:
        self.all_guides_button.setText(self.tr("All guides"))
        self.all_guides_button.setAccessibleName(self.tr("Back to all guides"))
        self.back_button.setText(self.tr("Back"))
        self.back_button.setAccessibleName(self.tr("Previous step"))
        self.read_button.setText(self.tr("Read aloud"))
        self.read_button.setAccessibleName(self.tr("Read this step aloud"))
        self.read_button.setVisible(self._speaker.speaks)
        guide, step = self.guide, self.step
        if guide is None or step is None:
            self.next_button.setText(self.tr("Next"))
            self.next_button.setAccessibleName(self.tr("Next step"))
            return
        total, number = len(guide.steps), self.index + 1
        last = number == total
        self.next_button.setText(self.tr("Done") if last else self.tr("Next"))
        self.next_button.setAccessibleName(
            self.tr("Done: finish the guide") if last else self.tr("Next step")
        )
        self.back_button.setEnabled(self.index > 0)
        self.guide_title.setText(guide.title)
        progress = self.tr("Step {number} of {total}").format(number=number, total=total)
        self.progress_text.setText(progress)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(number)
        self.progress_bar.setAccessibleName(progress)
        self.step_title.setText(step.title)
        key = (guide.id, guide.language, guide.version, self.index)
        if key != self._step_key:
            self._step_key = key
            self.step_text.show_blocks(step.blocks)
        self.step_text.setAccessibleName(step.title)
        self.step_text.setAccessibleDescription(step.text)
        image = (
            self.guide_set.image_path(step.image)
            if step.image is not None and self.guide_set is not None
            else None
        )
        self.step_image.show_image(image, step.image_alt or "")
        self.step_image.setAccessibleName(self.tr("Picture") if image is not None else "")
        self.step_image.setVisible(image is not None)

    def _retranslate_feedback(self) -> None:
        self.done_icon_text.setText(self.tr("You reached the end of the guide."))
        self.question.setText(self.tr("Did this guide help you?"))
        self.yes_button.setText(self.tr("Yes"))
        self.yes_button.setAccessibleName(self.tr("Yes, the guide helped"))
        self.no_button.setText(self.tr("No"))
        self.no_button.setAccessibleName(self.tr("No, the guide did not help"))
        self.skip_button.setText(self.tr("All guides"))
        self.skip_button.setAccessibleName(self.tr("Back to all guides without answering"))
        self.feedback_page.setAccessibleName(self.question.text())
