"""Help me now: the panel with this PC's place in the walk-in queue, and who is coming."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fleet.protocol.support import HelpStatus, HelpTicket
from kiosk.services.shell import ShellController
from kiosk.ui.buttons import KioskButton
from kiosk.ui.notices import PRINTED, NoticeTexts
from kiosk.ui.reflow import ReflowRow
from kiosk.ui.slots import async_slot
from kiosk.ui.speech import Announcer
from kiosk.ui.status import Shape, StatusIcon
from kiosk.ui.theme import Theme

log = logging.getLogger(__name__)


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # an adviser's name is never HTML
    label.setWordWrap(True)
    return label


class HelpTracker:
    """Decides when "an adviser is coming" is said aloud and announced: once per ticket,
    when the window first sees it called. Qt-free."""

    def __init__(self) -> None:
        self._called: int | None = None

    def observe(self, ticket: HelpTicket | None) -> bool:
        """Take the view's ticket; True when its call should be announced now."""
        if ticket is None or ticket.status is not HelpStatus.CALLED:
            return False
        if ticket.id == self._called:
            return False
        self._called = ticket.id
        return True


class HelpTexts(QObject):
    """The sentences about a ticket, shared by the panel, the strip and the spoken call."""

    def number(self, ticket: HelpTicket) -> str:
        return self.tr("Your number is {number}").format(number=ticket.number)

    def coming(self, ticket: HelpTicket) -> str:
        if ticket.adviser_name:
            return self.tr("{name} is coming to you now.").format(name=ticket.adviser_name)
        return self.tr("An adviser is coming to you now.")

    def waiting(self, ticket: HelpTicket) -> str:
        """Where the ticket is: who comes, how many are before it, roughly how long."""
        comes = self.tr("An adviser will come to this computer.")
        return f"{comes} {self.queue(ticket)}"

    def queue(self, ticket: HelpTicket) -> str:
        """How many are before the ticket and, when known, roughly how long it takes."""
        parts = []
        if ticket.position == 0:
            parts.append(self.tr("You are next."))
        elif ticket.position == 1:
            parts.append(self.tr("1 person is before you."))
        else:
            parts.append(self.tr("{count} people are before you.").format(count=ticket.position))
        minutes = ticket.estimated_wait_minutes
        if minutes is not None:
            if minutes <= 1:
                parts.append(self.tr("It will not take long."))
            else:
                parts.append(self.tr("About {minutes} minutes.").format(minutes=minutes))
        return " ".join(parts)

    def spoken(self, ticket: HelpTicket) -> str:
        """The whole state in one text, for speech and screen readers."""
        if ticket.status is HelpStatus.CALLED:
            return f"{self.coming(ticket)} {self.number(ticket)}."
        return f"{self.number(ticket)}. {self.waiting(ticket)}"


class HelpPanel(QFrame):
    """This PC's ticket: the number, the queue ahead, "Print my number" and "Cancel"; once
    called, who is coming.

    The large panel (the idle screen) takes the invitation's place: the number on the
    left, the words and buttons beside it. ``compact`` is a strip of
    one or two lines (under the session screen and the support pages). The owner decides
    whether it shows; the panel renders :meth:`show_ticket` and calls the controller to
    print and cancel. Cancelling asks first ("Leave the queue?"): a stray tap must not lose
    the place. After a print attempt its outcome takes the print button's place (in the large
    panel on a line of its own, above the buttons, which wrap onto more rows when narrow).
    """

    cancelled = Signal()

    def __init__(
        self,
        theme: Theme,
        controller: ShellController,
        announcer: Announcer,
        *,
        compact: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("HelpStrip" if compact else "HelpPanel")
        self.setProperty("called", False)
        self.compact = compact
        self._controller = controller
        self._announcer = announcer
        self._texts = HelpTexts(self)
        self._notices = NoticeTexts(self)
        self.ticket: HelpTicket | None = None
        self.print_outcome: str | None = None
        self.confirming = False
        self.busy = False

        self.icon = StatusIcon(self._icon_size(theme), self)
        self.icon.set_shape(Shape.CHECK)
        self.caption = _label(self, "HelpCaption")
        self.digits = _label(self, "HelpDigits")
        self.coming_label = _label(self, "HelpComing")
        self.text_label = _label(self, "HelpText")
        self.print_button = KioskButton(parent=self)
        self.print_button.clicked.connect(self.print_number)
        self.outcome_icon = StatusIcon(theme.icon_px, self)
        self.outcome = _label(self, "HelpOutcome")
        self.cancel_button = KioskButton(parent=self)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.confirm_label = _label(self, "HelpOutcome")
        self.yes_button = KioskButton(parent=self)
        self.yes_button.clicked.connect(self.cancel)
        self.no_button = KioskButton(parent=self)
        self.no_button.clicked.connect(self.keep)

        words = QVBoxLayout()
        words.setSpacing(4 if compact else 6)
        words.addWidget(self.coming_label)
        words.addWidget(self.text_label)
        layout = QHBoxLayout(self)
        layout.setSpacing(20 if compact else 28)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        #: The large panel's buttons, on more rows when one is too narrow (larger text).
        self.button_row: ReflowRow | None = None
        if compact:
            # One row: the words (the number among them), then the outcome and the buttons.
            buttons = QHBoxLayout()
            buttons.setSpacing(16)
            buttons.addWidget(self.print_button)
            buttons.addWidget(self.outcome_icon, 0, Qt.AlignmentFlag.AlignVCenter)
            buttons.addWidget(self.outcome)
            buttons.addWidget(self.confirm_label)
            for button in (self.cancel_button, self.yes_button, self.no_button):
                buttons.addWidget(button)
            layout.setContentsMargins(56, 6, 56, 6)
            self.caption.hide()
            self.digits.hide()
            layout.addLayout(words, 1)
            layout.addLayout(buttons)
        else:
            # The number as on a paper queue ticket, then what happens and what to do: the
            # print outcome and the question "Leave the queue?" each on a line of their own,
            # above the buttons.
            layout.setContentsMargins(28, 8, 28, 8)
            number = QVBoxLayout()
            number.setSpacing(0)
            number.addStretch(1)  # the caption and the number keep together, centred
            number.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignHCenter)
            number.addWidget(self.digits, 0, Qt.AlignmentFlag.AlignHCenter)
            number.addStretch(1)
            layout.addLayout(number)
            outcome = QHBoxLayout()
            outcome.setSpacing(12)
            outcome.addWidget(self.outcome_icon, 0, Qt.AlignmentFlag.AlignVCenter)
            outcome.addWidget(self.outcome, 1)
            words.addLayout(outcome)
            words.addWidget(self.confirm_label)
            self.button_row = ReflowRow(self, spacing=20, row_spacing=12)
            for button in (self.print_button, self.cancel_button, self.yes_button, self.no_button):
                self.button_row.add_item(button)
            words.addWidget(self.button_row)
            layout.addLayout(words, 1)
        self.retranslate_ui()

    @property
    def called(self) -> bool:
        return self.ticket is not None and self.ticket.status is HelpStatus.CALLED

    def show_ticket(self, ticket: HelpTicket | None) -> None:
        """Render ``ticket`` (None: nothing left to show)."""
        if ticket is None or self.ticket is None or ticket.id != self.ticket.id:
            self.print_outcome = None
            self.confirming = False
        self.ticket = ticket
        self.retranslate_ui()

    def focus_target(self) -> QWidget:
        """The first button, for keyboard focus after the ticket was made."""
        return self.print_button if self.print_button.isVisibleTo(self) else self.cancel_button

    def set_theme(self, theme: Theme) -> None:
        size = self._icon_size(theme)
        self.icon.setFixedSize(size, size)
        self.outcome_icon.setFixedSize(theme.icon_px, theme.icon_px)

    def _icon_size(self, theme: Theme) -> int:
        return theme.icon_px * (1 if self.compact else 2)

    # --- print and cancel --------------------------------------------------------------------

    def print_number(self) -> None:
        if self.busy or self.ticket is None:
            return
        self.busy = True
        self.print_outcome = None
        self.retranslate_ui()
        self._print()

    @async_slot()
    async def _print(self) -> None:
        try:
            outcome = await self._controller.print_help_ticket()
        except Exception:
            log.exception("printing the queue number failed")
            outcome = "printer_error"
        finally:
            self.busy = False
        self.print_outcome = outcome
        self.retranslate_ui()
        if self.outcome.text():
            self._announcer.announce(self.outcome, self.outcome.text())
        if self.isVisible():
            self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_cancel(self) -> None:
        """ "Cancel": ask first; "No" is focused so Enter pressed twice keeps the place."""
        self.confirming = True
        self.retranslate_ui()
        self.no_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def keep(self) -> None:
        self.confirming = False
        self.retranslate_ui()
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.retranslate_ui()
        self._cancel()

    @async_slot()
    async def _cancel(self) -> None:
        try:
            await self._controller.cancel_help()
        except Exception:
            log.exception("cancelling the help request failed")
        finally:
            self.busy = False
            self.confirming = False
        self.retranslate_ui()
        self.cancelled.emit()

    # --- rendering ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.print_button.setText(self.tr("Print my number"))
        self.print_button.setAccessibleName(self.tr("Print my queue number"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel my help request"))
        self.confirm_label.setText(self.tr("Leave the queue?"))
        self.yes_button.setText(self.tr("Yes, leave"))
        self.yes_button.setAccessibleName(self.tr("Yes, leave the queue"))
        self.no_button.setText(self.tr("No, keep my number"))
        self.no_button.setAccessibleName(self.tr("No, keep my place in the queue"))
        self.caption.setText(self.tr("Your number"))
        ticket = self.ticket
        called = self.called
        if bool(self.property("called")) != called:
            self.setProperty("called", called)
            self.style().unpolish(self)
            self.style().polish(self)
        if ticket is None:
            for label in (self.digits, self.coming_label, self.text_label, self.outcome):
                label.setText("")
            self.setAccessibleName("")
            return
        self.digits.setText(str(ticket.number))
        self.coming_label.setText(self._texts.coming(ticket) if called else "")
        if called:
            text = self._texts.number(ticket) if self.compact else ""
        elif self.compact:
            text = f"{self._texts.number(ticket)}. {self._texts.queue(ticket)}"
        else:
            text = self._texts.waiting(ticket)
        self.text_label.setText(text)
        outcome = None if called else self.print_outcome
        confirming = self.confirming
        self.print_button.setEnabled(not self.busy)
        self.outcome.setText(self._notices.ticket_printed(outcome) if outcome else "")
        self.outcome_icon.set_shape(Shape.CHECK if outcome == PRINTED else Shape.WARNING)
        visible: dict[QWidget, bool] = {
            self.icon: called,
            self.coming_label: called,
            self.text_label: bool(text) and not (self.compact and confirming),
            self.print_button: not called and not confirming and outcome is None,
            self.outcome: bool(outcome) and not confirming,
            self.outcome_icon: bool(outcome) and not confirming,
            self.cancel_button: not confirming,
            self.confirm_label: confirming,
            self.yes_button: confirming,
            self.no_button: confirming,
        }
        # Hide first, then show: never more on screen at once than the panel has room for.
        for widget, shown in sorted(visible.items(), key=lambda item: item[1]):
            widget.setVisible(shown)
        if self.button_row is not None:
            self.button_row.reflow()
        self.yes_button.setEnabled(not self.busy)
        self.setAccessibleName(self._texts.spoken(ticket))
        self.setAccessibleDescription(self.outcome.text())
