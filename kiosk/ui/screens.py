"""The shell's screens: starting, idle, locked and not registered. Each renders a ShellView."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from fleet.protocol import HoursException
from fleet.protocol.sessions import LoginMethod
from kiosk.services.info_screen import InfoView
from kiosk.services.shell import ShellController, ShellView
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_clock, format_closing, format_date, format_hour, local_time
from kiosk.ui.help_queue import HelpPanel
from kiosk.ui.info import AnnouncementBand, HoursPanel, InfoTexts, SlideShow
from kiosk.ui.notices import NoticePanel, NoticeTexts
from kiosk.ui.scrolling import visible_height
from kiosk.ui.speech import Announcer
from kiosk.ui.support_actions import SupportActions
from kiosk.ui.theme import INK, NAVY, PAPER, TITLE_STEPS, Theme

#: Room to spare before the week's hours come back beside the invitation (which then
#: narrows and may need another line).
HOURS_SLACK = 100


def make_label(parent: QWidget, name: str | None = None, *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    # Texts from the fleet (branch names, staff messages) are never interpreted as HTML.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


class Screen(QWidget):
    """Base for screens: keeps the last view and re-renders it when the language changes."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.theme = theme
        self.view = ShellView()

    def show_view(self, view: ShellView) -> None:
        self.view = view
        self.retranslate_ui()

    def focus_target(self) -> QWidget | None:
        """Where keyboard focus goes when the screen comes up (None: leave it alone)."""
        return None

    def set_theme(self, theme: Theme) -> None:
        """The text size changed (the style sheet does the rest)."""
        self.theme = theme

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        raise NotImplementedError


class Page(Screen):
    """A screen the visitor opens over the idle or session screen: guides, help, booking.

    The window shows it in that screen's place until it emits :attr:`closed`, the mode
    changes, or (on the idle screen) nobody has touched the PC for a while; :meth:`reset`
    then forgets whatever the visitor typed or chose there.
    """

    closed = Signal()
    #: Its list scrolls inside it (see :class:`kiosk.ui.scrolling.ScreenStack`).
    scrolls_itself = True

    @property
    def scene_name(self) -> str:
        """A name for what the page shows, for screenshot files."""
        return "page"

    def open(self) -> None:
        """The page comes up: start afresh."""
        self.reset()

    def reset(self) -> None:
        """Forget the visitor's answers and typing (the page closes)."""


class StartingScreen(Screen):
    """Shown for the moment it takes to read local state."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.title = make_label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label(self, "Subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Starting…"))
        self.subtitle.setText(self.tr("Please wait a moment."))
        self.setAccessibleName(self.title.text())


class CardAndPhoneIcon(QWidget):
    """A drawn phone and library card: the picture says "use one of these" without words."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(round(size * 1.6), size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = float(self.height())
        line = max(h / 40.0, 3.0)
        painter.setPen(QPen(QColor(NAVY), line))
        # The phone, upright on the left.
        painter.setBrush(QColor(PAPER))
        phone = QRectF(line, line, h * 0.5, h - 2 * line)
        painter.drawRoundedRect(phone, h * 0.07, h * 0.07)
        painter.setBrush(QColor("#cfdceb"))
        painter.drawRect(phone.adjusted(h * 0.05, h * 0.12, -h * 0.05, -h * 0.16))
        # A QR-like pattern on its screen.
        painter.setBrush(QColor(INK))
        painter.setPen(Qt.PenStyle.NoPen)
        cell = h * 0.075
        origin = QPointF(phone.x() + h * 0.1, phone.y() + h * 0.25)
        for row, col in ((0, 0), (0, 2), (1, 1), (2, 0), (2, 2), (0, 3), (3, 3), (3, 1)):
            painter.drawRect(QRectF(origin.x() + col * cell, origin.y() + row * cell, cell, cell))
        # The card, lying to the right, with a barcode.
        painter.setPen(QPen(QColor(NAVY), line))
        painter.setBrush(QColor(PAPER))
        card = QRectF(h * 0.62, h * 0.3, h * 0.95, h * 0.6)
        painter.drawRoundedRect(card, h * 0.06, h * 0.06)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(NAVY))
        painter.drawRect(QRectF(card.x(), card.y() + h * 0.08, card.width(), h * 0.09))
        painter.setBrush(QColor(INK))
        x = card.x() + h * 0.1
        for i, width in enumerate((2, 1, 3, 1, 2, 1, 1, 3, 2, 1, 2, 1)):
            bar = width * h * 0.012
            if i % 2 == 0:
                painter.drawRect(QRectF(x, card.y() + h * 0.3, bar, h * 0.2))
            x += bar + h * 0.012
        painter.end()


class IdleScreen(Screen):
    """Ready for the next visitor: where they are, whether the library is open, how to start,
    and the info screen (announcements, slides, the week's opening hours).

    The card reader and a scanner start a log-in by themselves; the two buttons open the
    log-in screen's number step (:attr:`number_entry_requested`). A notice from the
    services (a refused card) is shown and announced; "Close" emits :attr:`notice_dismissed`.
    Digital support: :attr:`support` asks the window for guides, help and booking pages;
    while this PC has a ticket in the help queue, :attr:`help_panel` shows it in the
    invitation's place. An urgent announcement is announced to screen readers once, when it
    first appears (not while :attr:`quiet`, for screenshots).
    """

    number_entry_requested = Signal(str)  # LoginMethod value
    notice_dismissed = Signal()

    def __init__(
        self,
        theme: Theme,
        parent: QWidget | None = None,
        *,
        controller: ShellController,
        announcer: Announcer | None = None,
    ) -> None:
        super().__init__(theme, parent)
        self._announcer = announcer or Announcer()
        self._texts = NoticeTexts(self)
        self._info_texts = InfoTexts(self)
        #: Urgent announcements already announced to screen readers (by id).
        self._announced: set[str] = set()
        self.quiet = False
        self.now = dt.datetime(2000, 1, 1)
        #: The visible height at which the week's hours last did not fit (see _fit_hours).
        self._hours_refused_at: int | None = None
        self.branch = make_label(self, "Title")
        # Today's hours wrap (under larger text) rather than widen the screen past the monitor.
        self.hours = make_label(self, "Subtitle")
        self.open_status = make_label(self, "OpenStatus", wrap=False)
        self.open_status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.note = make_label(self, "Note")
        self.reserved = make_label(self, "ReservedNote")
        self.clock = make_label(self, "Clock", wrap=False)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.date = make_label(self, "Date", wrap=False)
        self.date.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.announcements = AnnouncementBand(theme, self)
        self.announcements.hide()
        self.notice = NoticePanel(theme, closable=True, parent=self)
        self.notice.closed.connect(self.notice_dismissed.emit)

        # The invitation is a picture and words, not a button: tapping a phone or scanning a
        # card needs no button. The two buttons below it are for typing instead.
        self.call_to_action = QFrame(self)
        self.call_to_action.setObjectName("CallToAction")
        self.invitation = make_label(self.call_to_action)
        self.invitation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = CardAndPhoneIcon(theme.pt(5), self.call_to_action)
        cta_layout = QHBoxLayout(self.call_to_action)
        cta_layout.setContentsMargins(32, 20, 32, 20)
        cta_layout.setSpacing(32)
        cta_layout.addWidget(self.picture)
        cta_layout.addWidget(self.invitation, 1)
        self.action_row = QWidget(self)
        self.action_row.setObjectName("IdleActions")
        self.number_button = KioskButton(parent=self.action_row)
        self.number_button.clicked.connect(
            lambda: self.number_entry_requested.emit(LoginMethod.LIBRARY_CARD.value)
        )
        self.guest_button = KioskButton(parent=self.action_row)
        self.guest_button.clicked.connect(
            lambda: self.number_entry_requested.emit(LoginMethod.GUEST_PASS.value)
        )
        actions_layout = QHBoxLayout(self.action_row)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.setSpacing(32)
        actions_layout.addStretch(1)
        actions_layout.addWidget(self.number_button)
        actions_layout.addWidget(self.guest_button)
        actions_layout.addStretch(1)
        self.support = SupportActions(self, inline=True)
        self.help = self.support.heading
        self.help_panel = HelpPanel(theme, controller, self._announcer, compact=False, parent=self)
        self.help_panel.hide()
        # Created last: Tab reaches the log-in and help buttons before "Pause".
        self.slides = SlideShow(self)
        self.slides.hide()
        self.hours_panel = HoursPanel(self)
        self.hours_panel.hide()

        heading = QVBoxLayout()
        heading.setSpacing(6)
        heading.addWidget(self.branch)
        heading.addWidget(self.hours)
        heading.addWidget(self.note)
        heading.addWidget(self.reserved)
        time_box = QVBoxLayout()
        time_box.setSpacing(0)
        time_box.addWidget(self.clock)
        time_box.addWidget(self.date)
        # Whether the library is open now belongs with the time now.
        time_box.addWidget(self.open_status)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addLayout(time_box)
        # A notice (a refused card) takes the invitation's place while it is shown: it is
        # the answer to what the visitor just did, and the screen has room for one of them.
        invite = QVBoxLayout()
        invite.setSpacing(0)
        invite.addWidget(self.notice)
        invite.addWidget(self.help_panel)
        invite.addWidget(self.call_to_action)
        # The slides and the invitation on the left, the week's hours beside both; the room
        # left over goes to the slides, which give way (clipped) rather than push the
        # invitation and its buttons off the screen.
        self.info_grid = QGridLayout()
        self.info_grid.setHorizontalSpacing(28)
        # The gap under the slides is their style's margin: no gap when they have no room.
        self.info_grid.setVerticalSpacing(0)
        self.info_grid.addWidget(self.slides, 0, 0)
        self.info_grid.addLayout(invite, 1, 0)
        self.info_grid.addWidget(self.hours_panel, 0, 1, 2, 1)
        self.info_grid.setRowStretch(0, 1)
        self.info_grid.setColumnStretch(0, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 12, 56, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.announcements)
        layout.addLayout(self.info_grid, 1)
        layout.addWidget(self.action_row)
        layout.addWidget(self.support)
        self.retranslate_ui()

    def show_view(self, view: ShellView) -> None:
        previous = self.view.notice
        super().show_view(view)
        message = self.notice.message
        if view.notice is not None and view.notice != previous and message is not None:
            self._announcer.announce(self.notice, message, assertive=True)
        self._announce_urgent(view.info)

    def new_visitor(self) -> None:
        """A session has ended: the slides turn again and urgent announcements are
        announced again to whoever comes next."""
        self.slides.set_paused(False)
        self._announced.clear()

    def set_now(self, now: dt.datetime) -> None:
        """Update the clock; the window calls this from its timer."""
        self.now = now
        language = self.view.language
        self.clock.setText(format_clock(now.time(), language))
        self.date.setText(format_date(now.date(), language))
        self._show_reservation()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._hours_refused_at = None
        self._fit_title()
        self.notice.set_theme(theme)
        self.help_panel.set_theme(theme)
        self.announcements.set_theme(theme)

    def focus_target(self) -> QWidget:
        return self.number_button

    def retranslate_ui(self) -> None:
        view = self.view
        language = view.language
        if view.branch_name is not None:
            self.branch.setText(view.branch_name.get(language))
        else:
            self.branch.setText(self.tr("Welcome to the library"))
        hours = view.hours_today
        if hours is None:
            self.hours.setText("")
        elif hours.opens is None or hours.closes is None:
            self.hours.setText(self.tr("Closed today"))
        else:
            self.hours.setText(
                self.tr("Open today {opens}–{closes}").format(
                    opens=format_hour(hours.opens, language),
                    closes=format_closing(hours.closes, language),
                )
            )
        self.hours.setVisible(hours is not None)
        note = hours.note if isinstance(hours, HoursException) else None
        self.note.setText(note.get(language) if note is not None else "")
        self.note.setVisible(note is not None)
        self._show_info(view.info, language)
        self.invitation.setText(self.tr("Tap your phone or scan your library card"))
        self.call_to_action.setAccessibleName(self.invitation.text())
        self.number_button.setText(self.tr("Type your card number"))
        self.number_button.setAccessibleName(self.tr("Type your library card number"))
        self.guest_button.setText(self.tr("Guest pass"))
        self.guest_button.setAccessibleName(self.tr("Log in with a guest pass code"))
        self.notice.show_notice(
            self._texts.sentence(view.notice) if view.notice is not None else None
        )
        # The ticket in the help queue takes the invitation's place, like a notice does:
        # a card still logs in, and the two buttons below still open the number step.
        # (Hidden first, shown second: never both at once, or the window grows to hold them.)
        self.call_to_action.setVisible(view.notice is None and view.help is None)
        self.help_panel.show_ticket(view.help)
        self.help_panel.setVisible(view.help is not None)
        self.support.set_help_open(view.help is not None)
        self.setAccessibleName(self.branch.text())
        self._fit_title()
        self.set_now(self.now)

    def _show_info(self, info: InfoView | None, language: str) -> None:
        status = self._info_texts.status(info, language) if info is not None else ""
        self.open_status.setText(status)
        self.open_status.setVisible(bool(status))
        self.announcements.show_announcements(info.announcements if info else (), language)
        self.slides.show_slides(info.slides if info else (), language)
        self.slides.setVisible(bool(self.slides.slides))
        self.hours_panel.show_info(info, language)
        self._hours_refused_at = None
        self._fit_hours()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self._fit_title()
            self._fit_hours()
        return handled

    def _fit_title(self) -> None:
        """The branch's name on one line at the largest title size that allows it, else
        wrapped at the smallest: a long name leaves the room below it to the invitation."""
        label = self.branch
        width = label.contentsRect().width()
        if width <= 0 or not label.text():
            return
        label.ensurePolished()
        font = QFont(label.font())

        def fits(factor: float) -> bool:
            font.setPointSize(self.theme.pt(factor))
            return QFontMetrics(font).horizontalAdvance(label.text()) <= width

        last = len(TITLE_STEPS) - 1
        step = next((i for i, factor in enumerate(TITLE_STEPS) if fits(factor)), last)
        if label.property("step") != str(step):
            label.setProperty("step", str(step))
            label.style().unpolish(label)
            label.style().polish(label)

    def _fit_hours(self) -> None:
        """The week's hours beside the slides and the invitation while the screen has the
        height for both; otherwise (larger text, a small screen) the invitation takes the
        whole width, and the heading still says whether the library is open now.

        Once the hours have not fitted, they stay away until the visible height grows or
        what is shown changes (:meth:`_show_info`, :meth:`set_theme`): in the screen's scroll
        area, hiding them also hides the scroll bar, and the wider screen would otherwise
        bring them straight back.
        """
        info = self.view.info
        wanted = info is not None and bool(info.week)
        shown = not self.hours_panel.isHidden()
        layout = self.layout()
        visible = visible_height(self)
        if wanted and layout is not None:
            needed = layout.totalHeightForWidth(self.width())
            if shown:
                wanted = needed <= visible
                if not wanted:
                    self._hours_refused_at = visible
            else:
                refused = self._hours_refused_at
                wanted = (refused is None or visible > refused) and (
                    needed <= visible - HOURS_SLACK
                )
        if wanted != shown:
            self.hours_panel.setVisible(wanted)
            # Without the hours the invitation has the whole width again.
            self.info_grid.setColumnStretch(1, 2 if wanted else 0)

    def _announce_urgent(self, info: InfoView | None) -> None:
        """Tell screen readers of an urgent announcement the first time it shows."""
        if info is None or self.quiet:
            return
        for announcement in info.urgent:
            if announcement.id in self._announced:
                continue
            row = self.announcements.row_of(announcement.id)
            if row is None:
                continue
            self._announced.add(announcement.id)
            self._announcer.announce(row, row.spoken(), assertive=True)

    def _show_reservation(self) -> None:
        reserved = self.view.reserved_from
        today = self.view.today or self.now.date()
        text = ""
        if reserved is not None:
            start = local_time(reserved)
            if start <= self.now:
                text = self.tr("This computer is reserved now.")
            elif start.date() == today:
                text = self.tr("This computer is reserved from {time}").format(
                    time=format_clock(start.time(), self.view.language)
                )
        self.reserved.setText(text)
        self.reserved.setVisible(bool(text))


class LockIcon(QWidget):
    """A drawn padlock."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(self.width())
        line = s / 9.0
        painter.setPen(QPen(QColor(INK), line))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(s * 0.27, s * 0.08, s * 0.46, s * 0.62), 0, 180 * 16)
        painter.drawLine(QPointF(s * 0.27, s * 0.39), QPointF(s * 0.27, s * 0.48))
        painter.drawLine(QPointF(s * 0.73, s * 0.39), QPointF(s * 0.73, s * 0.48))
        painter.setPen(QPen(QColor(INK), line / 2))
        painter.setBrush(QColor(NAVY))
        painter.drawRoundedRect(QRectF(s * 0.14, s * 0.45, s * 0.72, s * 0.5), s * 0.06, s * 0.06)
        painter.setBrush(QColor(PAPER))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(s * 0.5, s * 0.64), s * 0.06, s * 0.06)
        painter.drawRect(QRectF(s * 0.475, s * 0.66, s * 0.05, s * 0.15))
        painter.end()


class LockedScreen(Screen):
    """Locked by IT or staff. There is deliberately nothing here to press."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.icon = LockIcon(theme.pt(6), self)
        self.title = make_label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panel = QFrame(self)
        self.panel.setObjectName("LockPanel")
        self.message_heading = make_label(self.panel, "Subtitle")
        self.message = make_label(self.panel, "StaffMessage")
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(36, 24, 36, 24)
        panel_layout.addWidget(self.message_heading)
        panel_layout.addWidget(self.message)
        self.advice = make_label(self, "Subtitle")
        self.advice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 40, 120, 40)
        layout.setSpacing(28)
        layout.addStretch(1)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.panel)
        layout.addWidget(self.advice)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("This computer is locked"))
        self.message_heading.setText(self.tr("Message from the library:"))
        text = (self.view.lock_message or "").strip()
        self.message.setText(text)
        self.panel.setVisible(bool(text))
        self.advice.setText(self.tr("Please use another computer or ask the library staff."))
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(text)


class NotRegisteredScreen(Screen):
    """This PC has no valid credential: only IT can fix it, so tell them how to find it."""

    def __init__(self, theme: Theme, hostname: str, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.hostname = hostname
        self.title = make_label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.advice = make_label(self, "Subtitle")
        self.advice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.computer = make_label(self)
        self.computer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.computer.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 40, 120, 40)
        layout.setSpacing(28)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.advice)
        layout.addWidget(self.computer)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("This computer is not registered"))
        self.advice.setText(self.tr("Please contact library staff or IT."))
        self.computer.setText(self.tr("Computer name: {hostname}").format(hostname=self.hostname))
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(f"{self.advice.text()} {self.computer.text()}")
