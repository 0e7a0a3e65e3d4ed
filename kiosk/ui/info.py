"""The idle screen's info: rotating slides, opening hours for the week, announcements.

Each part renders from the :class:`~kiosk.services.info_screen.InfoView` the services
publish (``view.info``) in the view's language. Slides change by a timer, each after its
own seconds; "Pause" stops them (WCAG 2.2.2) and the words say which state they are in.
Today's hours are marked by the word "Today" and bold type, an urgent announcement by a
triangle and the word "Important" — never by colour alone.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.info_screen import (
    MAX_ANNOUNCEMENTS,
    DayInfo,
    InfoAnnouncement,
    InfoSlide,
    InfoView,
)
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_clock, format_hours, format_list_day, format_weekday
from kiosk.ui.pictures import Picture
from kiosk.ui.status import Shape, StatusIcon
from kiosk.ui.theme import Theme

MIDNIGHT = dt.time(0)
ROW_SPACING = 2
SLIDE_SPACING = 10
#: How a slide's width is shared between its picture and its words.
PICTURE_SHARE = (1, 3)
#: Below this height a slide's picture is left out (its words matter more).
PICTURE_MIN_HEIGHT = 120


def _label(parent: QWidget, name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    # Bundle and fleet texts are never interpreted as HTML.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setObjectName(name)
    return label


def _restyle(widget: QWidget, name: str, value: bool) -> None:
    """Set a style-sheet property (``[today="true"]``) and apply it now."""
    if bool(widget.property(name)) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class InfoTexts(QObject):
    """Opening-hours sentences: open or closed now, and each day's hours."""

    def status(self, info: InfoView, language: str) -> str:
        """ "Closes at 20.00", "Closed now, opens tomorrow at 9.00" ... ("" if unknown)."""
        today, tomorrow = info.today, info.today + dt.timedelta(days=1)
        if info.open_now is None:
            return ""
        if info.open_now:
            closes = info.closes_at
            if closes is None:
                return self.tr("Open around the clock")
            time = format_clock(closes.time(), language)
            if closes.date() == today:
                return self.tr("Closes at {time}").format(time=time)
            if closes.date() == tomorrow and closes.time() == MIDNIGHT:
                return self.tr("Open until midnight")
            if closes.time() == MIDNIGHT:
                # Midnight at the end of a later day, named by that day: "until midnight on
                # Friday", not "Saturday at 0.00".
                last_day = closes.date() - dt.timedelta(days=1)
                return self.tr("Open until midnight on {day}").format(
                    day=format_weekday(last_day, language)
                )
            if closes.date() == tomorrow:
                return self.tr("Closes tomorrow at {time}").format(time=time)
            return self.tr("Closes on {day} at {time}").format(
                day=format_weekday(closes.date(), language), time=time
            )
        opens = info.opens_at
        if opens is None:
            return self.tr("Closed now")
        time = format_clock(opens.time(), language)
        if opens.date() == today:
            return self.tr("Closed now, opens at {time}").format(time=time)
        if opens.date() == tomorrow:
            return self.tr("Closed now, opens tomorrow at {time}").format(time=time)
        return self.tr("Closed now, opens on {day} at {time}").format(
            day=format_weekday(opens.date(), language), time=time
        )

    def day_name(self, day: DayInfo, today: dt.date, language: str) -> str:
        return self.tr("Today") if day.day == today else format_list_day(day.day, language)

    def day_hours(self, day: DayInfo, language: str) -> str:
        if day.opens is None or day.closes is None:
            return self.tr("Closed")
        return format_hours(day.opens, day.closes, language)


class HoursPanel(QFrame):
    """ "Opening hours": today (the word and bold type) and the six days after it, each
    exception with its note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HoursPanel")
        self._texts = InfoTexts(self)
        self._info: InfoView | None = None
        self._language = "fi"
        self.heading = _label(self, "InfoHeading")
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []
        #: How many days have room (the rest are left out, last first).
        self.shown_days = 0
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(ROW_SPACING)
        for index in range(7):
            day = _label(self, "HoursDay", wrap=False)
            hours = _label(self, "HoursTime", wrap=False)
            hours.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            note = _label(self, "HoursNote")
            grid.addWidget(day, index * 2, 0)
            grid.addWidget(hours, index * 2, 1)
            grid.addWidget(note, index * 2 + 1, 0, 1, 2)
            note.hide()
            self.rows.append((day, hours, note))
        grid.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addStretch(1)
        # The idle screen gives the panel the height it has left: never more than that.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.retranslate_ui()

    def show_info(self, info: InfoView | None, language: str) -> None:
        self._info = info
        self._language = language
        self.retranslate_ui()

    def hasHeightForWidth(self) -> bool:
        # Flexible: the panel fits its days to whatever height it gets.
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _days(self) -> int:
        info = self._info
        return len(info.week) if info is not None else 0

    def _fit(self) -> None:
        """Show as many days as the height allows, today first; too little room for today
        leaves the panel empty (no frame) rather than drawing text over text."""
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        spacing = layout.spacing()
        room = self.contentsRect().height() - margins.top() - margins.bottom()
        used = self.heading.sizeHint().height() + spacing
        shown = 0
        for index, (day_label, hours_label, note_label) in enumerate(self.rows):
            if index >= self._days():
                break
            need = max(day_label.sizeHint().height(), hours_label.sizeHint().height())
            if note_label.text():
                width = self.contentsRect().width() - margins.left() - margins.right()
                need += ROW_SPACING + note_label.heightForWidth(max(width, 1))
            if used + need > room:
                break
            used += need + ROW_SPACING
            shown += 1
        self.shown_days = shown
        self.heading.setVisible(shown > 0)
        for index, (day_label, hours_label, note_label) in enumerate(self.rows):
            visible = index < shown
            day_label.setVisible(visible)
            hours_label.setVisible(visible)
            note_label.setVisible(visible and bool(note_label.text()))
        _restyle(self, "empty", shown == 0)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Opening hours"))
        info, language = self._info, self._language
        week = info.week if info is not None else ()
        spoken = [self.heading.text()]
        for index, (day_label, hours_label, note_label) in enumerate(self.rows):
            day = week[index] if index < len(week) else None
            if day is None or info is None:
                for label in (day_label, hours_label, note_label):
                    label.setText("")
                continue
            is_today = day.day == info.today
            day_label.setText(self._texts.day_name(day, info.today, language))
            hours_label.setText(self._texts.day_hours(day, language))
            for label in (day_label, hours_label):
                _restyle(label, "today", is_today)
            note = day.note.get(language) if day.note is not None else ""
            note_label.setText(note)
            line = f"{day_label.text()} {hours_label.text()}"
            spoken.append(f"{line}, {note}" if note else line)
        # A screen reader reads the panel as one list, in order.
        self.setAccessibleName(self.heading.text())
        self.setAccessibleDescription(". ".join(spoken[1:]))
        self._fit()


class AnnouncementRow(QFrame):
    """One announcement: a shape, "Important" for an urgent one, and its words."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Announcement")
        self.announcement: InfoAnnouncement | None = None
        self.icon = StatusIcon(round(theme.icon_px * 1.4), self)
        self.important = _label(self, "AnnouncementImportant", wrap=False)
        self.text = _label(self, "AnnouncementText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 6, 20, 6)
        layout.setSpacing(16)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.important, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)

    def set_theme(self, theme: Theme) -> None:
        side = round(theme.icon_px * 1.4)
        self.icon.setFixedSize(side, side)

    def show_announcement(self, announcement: InfoAnnouncement, language: str) -> None:
        self.announcement = announcement
        urgent = announcement.urgent
        self.icon.set_shape(Shape.WARNING if urgent else Shape.INFO)
        _restyle(self, "urgent", urgent)
        self.important.setVisible(urgent)
        self.important.setText(f"{self.tr('Important')}:" if urgent else "")
        self.text.setText(announcement.text.get(language))
        self.setAccessibleName(self.spoken())

    def spoken(self) -> str:
        """What a screen reader says: "Important: ..." for an urgent one."""
        if self.announcement is None:
            return ""
        if self.announcement.urgent:
            return f"{self.important.text()} {self.text.text()}"
        return self.text.text()


class AnnouncementBand(QWidget):
    """The announcements showing now, urgent ones first (hidden when there are none)."""

    def __init__(
        self, theme: Theme, parent: QWidget | None = None, rows: int = MAX_ANNOUNCEMENTS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AnnouncementBand")
        self.rows = [AnnouncementRow(theme, self) for _ in range(rows)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for row in self.rows:
            layout.addWidget(row)
            row.hide()

    def set_theme(self, theme: Theme) -> None:
        for row in self.rows:
            row.set_theme(theme)

    def show_announcements(
        self, announcements: tuple[InfoAnnouncement, ...], language: str
    ) -> None:
        for index, row in enumerate(self.rows):
            if index < len(announcements):
                row.show_announcement(announcements[index], language)
                row.show()
            else:
                row.announcement = None
                row.hide()
        self.setVisible(bool(announcements))

    def row_of(self, announcement_id: str) -> AnnouncementRow | None:
        return next(
            (
                row
                for row in self.rows
                if row.announcement is not None and row.announcement.id == announcement_id
            ),
            None,
        )


class SlideShow(QFrame):
    """The slides in turn: picture, title and words; "Pause" and "2 / 5" by the title.

    Each slide stays its own seconds (a single-shot timer, restarted per slide); new slides
    from the services keep the one on screen when it is still among them. Hidden, the
    timer stops; shown again, the slide on screen gets its full time.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SlidePanel")
        self.slides: tuple[InfoSlide, ...] = ()
        self.index = 0
        self.paused = False
        self._language = "fi"
        self.picture = Picture(self, name="SlidePicture")
        self.title = _label(self, "SlideTitle")
        self.body = _label(self, "SlideBody")
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.pause_button = KioskButton(parent=self)
        self.pause_button.setObjectName("PauseButton")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.position = _label(self, "SlidePosition", wrap=False)
        self.state = _label(self, "SlideState", wrap=False)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.advance)

        self.picture.setMinimumSize(80, 60)
        # The controls share the title's row: the first thing to keep when room is short.
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(self.title, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.position, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.pause_button, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(SLIDE_SPACING)
        words.addLayout(top)
        words.addWidget(self.body, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(28)
        layout.addWidget(self.picture, PICTURE_SHARE[0])
        layout.addLayout(words, PICTURE_SHARE[1])
        # The idle screen gives the slides the height it has left: never more than that.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.retranslate_ui()

    @property
    def current(self) -> InfoSlide | None:
        return self.slides[self.index] if self.slides else None

    def show_slides(self, slides: tuple[InfoSlide, ...], language: str) -> None:
        """New slides or a new language; the slide on screen stays if it still shows."""
        self._language = language
        if slides != self.slides:
            current = self.current
            ids = [slide.id for slide in slides]
            self.slides = slides
            self.index = ids.index(current.id) if current is not None and current.id in ids else 0
            self._restart()
        self.retranslate_ui()

    def advance(self) -> None:
        """The next slide (after the last, the first)."""
        if self.slides:
            self.index = (self.index + 1) % len(self.slides)
        self._restart()
        self.retranslate_ui()

    def toggle_pause(self) -> None:
        self.set_paused(not self.paused)

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self._restart()
        self.retranslate_ui()

    def _restart(self) -> None:
        current = self.current
        if self.paused or current is None or len(self.slides) < 2 or not self.isVisible():
            self.timer.stop()
            return
        self.timer.start(current.seconds * 1000)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._restart()

    def hasHeightForWidth(self) -> bool:
        # Flexible: the panel fits the slide to whatever height it gets.
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Leave out what the height has no room for: the picture first (its width goes to
        the words), then the words under the title; with no room for the title, the panel
        stays empty (no frame) rather than drawing text over text."""
        inner = self.layout()
        assert inner is not None
        margins = inner.contentsMargins()
        room = self.contentsRect().height() - margins.top() - margins.bottom()
        width = self.contentsRect().width() - margins.left() - margins.right()
        current = self.current
        count = len(self.slides)
        controls: list[QWidget] = [self.position, self.pause_button] if count > 1 else []
        if controls and self.paused:
            controls.append(self.state)
        controls_width = sum(w.sizeHint().width() + 20 for w in controls)
        controls_height = max((w.sizeHint().height() for w in controls), default=0)

        def needs(words_width: int) -> tuple[int, int]:
            title = self.title.heightForWidth(max(words_width - controls_width, 1))
            return max(title, controls_height), self.body.heightForWidth(max(words_width, 1))

        picture = current is not None and current.image is not None
        picture = picture and room >= PICTURE_MIN_HEIGHT
        top, body = needs((width - inner.spacing()) * PICTURE_SHARE[1] // sum(PICTURE_SHARE))
        if picture and room < top + SLIDE_SPACING + body:
            picture = False
        if not picture:
            top, body = needs(width)
        has_slide = current is not None and room >= top
        self.title.setVisible(has_slide)
        self.body.setVisible(has_slide and room >= top + SLIDE_SPACING + body)
        self.picture.setVisible(has_slide and picture)
        for widget in (self.pause_button, self.position, self.state):
            widget.setVisible(has_slide and widget in controls)
        _restyle(self, "empty", not has_slide)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        slide, language = self.current, self._language
        count = len(self.slides)
        if self.paused:
            self.pause_button.setText(self.tr("Continue"))
            self.pause_button.setAccessibleName(self.tr("Continue the slideshow"))
            self.state.setText(self.tr("Paused"))
        else:
            self.pause_button.setText(self.tr("Pause"))
            self.pause_button.setAccessibleName(self.tr("Pause the slideshow"))
            self.state.setText("")
        self.position.setText(f"{self.index + 1} / {count}" if count else "")
        self.position.setAccessibleName(
            self.tr("Slide {number} of {count}").format(number=self.index + 1, count=count)
        )
        if slide is None:
            self.title.setText("")
            self.body.setText("")
            self.picture.show_image(None, "")
            self.setAccessibleName("")
        else:
            self.title.setText(slide.title.get(language))
            self.body.setText(slide.body.get(language))
            self.picture.show_image(slide.image, "")
            self.setAccessibleName(self.title.text())
            self.setAccessibleDescription(self.body.text())
        # One slide needs no controls; a short panel leaves parts out.
        self._fit()
