"""Help me now: the optional topic question before a place in the walk-in queue."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from fleet.protocol.support import TOPIC_NAMES, HelpTicket, SupportTopic
from kiosk.services.errors import KioskError
from kiosk.services.shell import ShellController
from kiosk.ui.account import error_code
from kiosk.ui.buttons import KioskButton
from kiosk.ui.notices import GENERIC, NoticePanel, NoticeTexts
from kiosk.ui.screens import Page, make_label
from kiosk.ui.slots import async_slot
from kiosk.ui.theme import Theme
from kiosk.ui.wrapping import WrappingButton

log = logging.getLogger(__name__)

_TOPIC_COLUMNS = 2


class HelpTopicScreen(Page):
    """ "Help me now": what is it about (the visitor may skip that), then a place in the queue.

    A topic button (or "Skip") calls ``ask_for_help`` once; :attr:`asked` carries the
    ticket and the window goes back to the screen underneath, where the panel shows it.
    A refusal (``offline``...) is explained here. Escape or "Cancel" emits :attr:`closed`.
    """

    asked = Signal(object)  # HelpTicket

    @property
    def scene_name(self) -> str:
        return "help_topics"

    def __init__(
        self, theme: Theme, controller: ShellController, parent: QWidget | None = None
    ) -> None:
        super().__init__(theme, parent)
        self._controller = controller
        self._texts = NoticeTexts(self)
        self.busy = False
        self.error_code: str | None = None

        self.title = make_label(self, "ScreenTitle")
        self.intro = make_label(self, "Subtitle")
        self.hint = make_label(self, "Hint")
        self.topics = QWidget()
        self.topics.setObjectName("ChoiceArea")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        column = QVBoxLayout(self.topics)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(grid)
        column.addStretch(1)
        self.topic_buttons: dict[SupportTopic, WrappingButton] = {}
        for index, topic in enumerate(SupportTopic):
            button = WrappingButton(self.topics, centred=True)
            button.setObjectName("ChoiceButton")
            button.clicked.connect(lambda _=False, chosen=topic: self.choose(chosen))
            grid.addWidget(button, index // _TOPIC_COLUMNS, index % _TOPIC_COLUMNS)
            self.topic_buttons[topic] = button
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the buttons take focus
        self.scroll_area.setWidget(self.topics)
        self.status = make_label(self, "Subtitle")
        self.error = NoticePanel(theme, closable=False, parent=self)
        self.skip_button = KioskButton(parent=self)
        self.skip_button.clicked.connect(lambda: self.choose(None))
        self.cancel_button = KioskButton(parent=self)
        self.cancel_button.clicked.connect(self.closed.emit)

        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addWidget(self.skip_button)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 20, 56, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.hint)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.retranslate_ui()

    def reset(self) -> None:
        self.error_code = None
        self.retranslate_ui()
        self.scroll_area.verticalScrollBar().setValue(0)

    def focus_target(self) -> QWidget:
        return self.topic_buttons[SupportTopic.E_IDENTIFICATION]

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.error.set_theme(theme)

    def choose(self, topic: SupportTopic | None) -> None:
        """A topic, or None for "Skip": ask for help (once)."""
        if self.busy:
            return
        self.busy = True
        self.error_code = None
        self.retranslate_ui()
        self._ask(topic)

    @async_slot(object)
    async def _ask(self, topic: SupportTopic | None) -> None:
        ticket: HelpTicket | None = None
        try:
            ticket = await self._controller.ask_for_help(topic)
        except KioskError as error:
            self.error_code = error_code(error)
        except Exception:
            log.exception("asking for help failed")
            self.error_code = GENERIC
        finally:
            self.busy = False
        self.retranslate_ui()
        if ticket is not None:
            self.asked.emit(ticket)
        else:
            self.skip_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def retranslate_ui(self) -> None:
        language = self.view.language
        self.title.setText(self.tr("Help me now"))
        self.intro.setText(
            self.tr("An adviser comes to this computer. What do you need help with?")
        )
        self.hint.setText(
            self.tr("Choosing a topic helps the adviser. You can also skip this question.")
        )
        for topic, button in self.topic_buttons.items():
            name = TOPIC_NAMES[topic].get(language)
            button.set_text(name)
            button.setEnabled(not self.busy)
        self.skip_button.setText(self.tr("Skip"))
        self.skip_button.setAccessibleName(self.tr("Skip the topic and ask for help"))
        self.skip_button.setEnabled(not self.busy)
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel: do not ask for help"))
        self.status.setText(self.tr("Asking for help…"))
        self.status.setVisible(self.busy)
        self.error.show_notice(
            self._texts.sentence(self.error_code) if self.error_code is not None else None
        )
        self.topics.setAccessibleName(self.tr("Topics"))
        self.setAccessibleName(self.title.text())
