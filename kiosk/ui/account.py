"""My account: the visitor's loans, holds ready for pick-up and fees, read-only."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from fleet.protocol.sessions import Hold, Loan, PatronAccount
from kiosk.services.errors import KioskError
from kiosk.services.shell import ShellController
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_money, format_short_date
from kiosk.ui.notices import GENERIC, NoticePanel, NoticeTexts
from kiosk.ui.overlay import Overlay
from kiosk.ui.slots import async_slot
from kiosk.ui.theme import Theme

log = logging.getLogger(__name__)


def error_code(error: Exception) -> str:
    """The translatable code an error carries (``VisitorError.code`` ...), or the generic one."""
    code = getattr(error, "code", None)
    return code if isinstance(code, str) and code else GENERIC


def _text_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    # Titles come from the library system: plain text, never HTML.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class AccountOverlay(Overlay):
    """Opens with "Loading…", asks ``controller.account()`` once, shows the answer or why not."""

    def __init__(self, theme: Theme, controller: ShellController, parent: QWidget) -> None:
        super().__init__(parent, width=1200)
        self._controller = controller
        self._texts = NoticeTexts(self)
        self.account: PatronAccount | None = None
        self.error_code: str | None = None
        self.loading = False
        self.language = "fi"

        self.heading = _text_label(self.panel, "OverlayHeading")
        self.status = _text_label(self.panel, "Subtitle")
        self.error = NoticePanel(theme, closable=False, parent=self.panel)
        self.content = QWidget()
        self.content.setObjectName("AccountContent")
        self.loans_heading = _text_label(self.content, "SectionHeading")
        self.loans = _text_label(self.content, "AccountList")
        self.holds_heading = _text_label(self.content, "SectionHeading")
        self.holds = _text_label(self.content, "AccountList")
        self.other_holds = _text_label(self.content, "AccountList")
        self.fees = _text_label(self.content, "SectionHeading")
        content_layout = QVBoxLayout(self.content)
        content_layout.setSpacing(12)
        for widget in (
            self.loans_heading,
            self.loans,
            self.holds_heading,
            self.holds,
            self.other_holds,
            self.fees,
        ):
            content_layout.addWidget(widget)
        content_layout.addStretch(1)
        self.scroll_area = QScrollArea(self.panel)
        self.scroll_area.setObjectName("AccountScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.content)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys scroll it
        self.scroll_area.setMinimumHeight(260)
        self.close_button = KioskButton(parent=self.panel)
        self.close_button.clicked.connect(self.close_overlay)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.status)
        self.body.addWidget(self.error)
        self.body.addWidget(self.scroll_area, 1)
        self.body.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate_ui()

    def load(self) -> None:
        """Open and fetch the account; a second press while loading does nothing."""
        if self.loading:
            return
        self.loading = True
        self.account = None
        self.error_code = None
        self.retranslate_ui()
        self.open()
        self._load()

    @async_slot()
    async def _load(self) -> None:
        try:
            self.account = await self._controller.account()
        except KioskError as error:
            self.error_code = error_code(error)
        except Exception:
            log.exception("loading the account failed")
            self.error_code = GENERIC
        finally:
            self.loading = False
        self.retranslate_ui()
        self.fit()

    def clear(self) -> None:
        """Forget the account (the session ended) and close."""
        self.account = None
        self.error_code = None
        self.retranslate_ui()
        self.close_overlay()

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate_ui()

    def set_theme(self, theme: Theme) -> None:
        self.error.set_theme(theme)
        if self.is_open:
            self.fit()

    def initial_focus(self, chain: list[QWidget]) -> QWidget:
        return self.close_button

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("My account"))
        self.panel.setAccessibleName(self.heading.text())
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close my account"))
        self.scroll_area.setAccessibleName(self.tr("Loans, holds and fees"))
        self.status.setText(self.tr("Loading your account…"))
        self.status.setVisible(self.loading)
        self.error.show_notice(
            self._texts.sentence(self.error_code) if self.error_code is not None else None
        )
        account = self.account
        self.scroll_area.setVisible(account is not None)
        if account is None:
            for label in (self.loans_heading, self.loans, self.holds_heading, self.holds):
                label.setText("")
            self.other_holds.setText("")
            self.fees.setText("")
            return
        self._show_loans(account.loans)
        self._show_holds(account.holds)
        if account.fees_cents > 0:
            amount = format_money(account.fees_cents, account.currency, self.language)
            self.fees.setText(self.tr("Fees to pay: {amount}").format(amount=amount))
        else:
            self.fees.setText(self.tr("You have no fees to pay."))
        self.scroll_area.setAccessibleDescription(
            "\n".join(
                label.text()
                for label in (self.loans_heading, self.holds_heading, self.fees)
                if label.text()
            )
        )

    def _show_loans(self, loans: list[Loan]) -> None:
        self.loans_heading.setText(self.tr("Loans: {count}").format(count=len(loans)))
        if not loans:
            self.loans.setText(self.tr("You have no loans."))
            return
        far = dt.date.max
        lines = []
        for loan in sorted(loans, key=lambda loan: (not loan.overdue, loan.due or far)):
            if loan.due is None:
                lines.append(f"• {loan.title}")
                continue
            date = format_short_date(loan.due, self.language)
            if loan.overdue:
                line = self.tr("{title} – was due {date} (late)")
            else:
                line = self.tr("{title} – due {date}")
            lines.append("• " + line.format(title=loan.title, date=date))
        self.loans.setText("\n".join(lines))

    def _show_holds(self, holds: list[Hold]) -> None:
        ready = [hold for hold in holds if hold.ready]
        waiting = len(holds) - len(ready)
        self.holds_heading.setText(self.tr("Ready to pick up: {count}").format(count=len(ready)))
        if not ready:
            self.holds.setText(self.tr("Nothing is waiting for you right now."))
        else:
            lines = []
            for hold in ready:
                place = hold.pickup_location
                by = format_short_date(hold.pickup_by, self.language) if hold.pickup_by else None
                if place and by:
                    line = self.tr("{title} – at {place}, pick up by {date}").format(
                        title=hold.title, place=place, date=by
                    )
                elif by:
                    line = self.tr("{title} – pick up by {date}").format(title=hold.title, date=by)
                elif place:
                    line = self.tr("{title} – at {place}").format(title=hold.title, place=place)
                else:
                    line = hold.title
                lines.append(f"• {line}")
            self.holds.setText("\n".join(lines))
        self.other_holds.setText(
            self.tr("Other holds on the way: {count}").format(count=waiting) if waiting else ""
        )
        self.other_holds.setVisible(waiting > 0)
