"""Reserve a computer: today's free start times, one tap to reserve, and the confirmation."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QWidget

from fleet.protocol.sessions import ReservationMade, ReservationOptions
from kiosk.services.errors import KioskError
from kiosk.services.shell import ShellController
from kiosk.ui.account import error_code
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_clock, local_time
from kiosk.ui.notices import GENERIC, NoticePanel, NoticeTexts, Tone
from kiosk.ui.overlay import Overlay
from kiosk.ui.slots import async_slot
from kiosk.ui.theme import Theme

log = logging.getLogger(__name__)
_COLUMNS = 5


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ReservationOverlay(Overlay):
    """Asks ``reservation_options()`` when opened; a time button calls ``reserve(starts_at)``."""

    def __init__(self, theme: Theme, controller: ShellController, parent: QWidget) -> None:
        super().__init__(parent, width=1200)
        self._controller = controller
        self._texts = NoticeTexts(self)
        self.options: ReservationOptions | None = None
        self.made: ReservationMade | None = None
        self.error_code: str | None = None
        self.busy = False
        self.language = "fi"
        self.time_buttons: list[tuple[dt.datetime, KioskButton]] = []

        self.heading = _label(self.panel, "OverlayHeading")
        self.intro = _label(self.panel, "Subtitle")
        self.status = _label(self.panel, "Subtitle")
        self.notice = NoticePanel(theme, closable=False, parent=self.panel)
        self.times = QWidget()
        self.times.setObjectName("ReservationTimes")
        self._grid = QGridLayout(self.times)
        self._grid.setSpacing(14)
        self.scroll_area = QScrollArea(self.panel)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.times)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the time buttons take focus
        self.scroll_area.setMinimumHeight(120)
        self.close_button = KioskButton(parent=self.panel)
        self.close_button.clicked.connect(self.close_overlay)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.intro)
        self.body.addWidget(self.status)
        self.body.addWidget(self.notice)
        self.body.addWidget(self.scroll_area, 1)
        self.body.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate_ui()

    def load(self) -> None:
        """Open and fetch today's free times."""
        if self.busy:
            return
        self.busy = True
        self.options = None
        self.made = None
        self.error_code = None
        self._set_times([])
        self.retranslate_ui()
        self.open()
        self._load()

    @async_slot()
    async def _load(self) -> None:
        try:
            self.options = await self._controller.reservation_options()
        except KioskError as error:
            self.error_code = error_code(error)
        except Exception:
            log.exception("loading reservation times failed")
            self.error_code = GENERIC
        finally:
            self.busy = False
        self._set_times(self.options.starts if self.options is not None else [])
        self.retranslate_ui()
        self.fit()
        chain = self.focus_chain()
        if chain:
            chain[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, starts_at: dt.datetime) -> None:
        """Reserve the time the visitor tapped (one at a time)."""
        if self.busy:
            return
        self.busy = True
        self.error_code = None
        self.retranslate_ui()
        self._choose(starts_at)

    @async_slot(object)
    async def _choose(self, starts_at: dt.datetime) -> None:
        try:
            self.made = await self._controller.reserve(starts_at)
        except KioskError as error:
            self.error_code = error_code(error)
        except Exception:
            log.exception("reserving failed")
            self.error_code = GENERIC
        finally:
            self.busy = False
        if self.made is not None:
            self._set_times([])
        self.retranslate_ui()
        self.fit()
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        self.options = None
        self.made = None
        self.error_code = None
        self._set_times([])
        self.retranslate_ui()
        self.close_overlay()

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate_ui()

    def set_theme(self, theme: Theme) -> None:
        self.notice.set_theme(theme)
        if self.is_open:
            self.fit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Reserve a computer"))
        self.panel.setAccessibleName(self.heading.text())
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close reserving"))
        options, made = self.options, self.made
        if options is not None and made is None:
            if options.starts:
                self.intro.setText(
                    self.tr(
                        "Choose a start time today. You get the computer for {minutes} min."
                    ).format(minutes=options.minutes)
                )
            else:
                self.intro.setText(self.tr("No computer is free to reserve today."))
        else:
            self.intro.setText("")
        self.intro.setVisible(bool(self.intro.text()))
        if self.busy:
            self.status.setText(
                self.tr("Reserving…") if options is not None else self.tr("Looking for free times…")
            )
        else:
            self.status.setText("")
        self.status.setVisible(self.busy)
        if made is not None:
            start, end = local_time(made.starts_at), local_time(made.ends_at)
            confirmation = self.tr("Computer {computer} is reserved for you {start}–{end}.").format(
                computer=made.device_name,
                start=format_clock(start.time(), self.language),
                end=format_clock(end.time(), self.language),
            )
            self.notice.show_notice(confirmation, Tone.DONE)
        elif self.error_code is not None:
            self.notice.show_notice(self._texts.sentence(self.error_code))
        else:
            self.notice.show_notice(None)
        for starts_at, button in self.time_buttons:
            label = format_clock(local_time(starts_at).time(), self.language)
            button.setText(label)
            button.setAccessibleName(self.tr("Reserve from {time}").format(time=label))
            button.setEnabled(not self.busy)
        self.scroll_area.setVisible(bool(self.time_buttons))

    def _set_times(self, starts: list[dt.datetime]) -> None:
        for _starts_at, button in self.time_buttons:
            self._grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.time_buttons = []
        for index, starts_at in enumerate(starts):
            button = KioskButton(parent=self.times)
            button.setObjectName("TimeButton")
            button.clicked.connect(lambda _=False, at=starts_at: self.choose(at))
            self._grid.addWidget(button, index // _COLUMNS, index % _COLUMNS)
            self.time_buttons.append((starts_at, button))
