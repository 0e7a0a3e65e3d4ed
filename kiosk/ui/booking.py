"""Book an adviser: one question per step, the booking itself, and its confirmation and slip."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from enum import StrEnum

from pydantic import ValidationError
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fleet.protocol.support import TOPIC_NAMES, BookingCreate, Slot, SlotList, SupportTopic
from kiosk.services.errors import KioskError
from kiosk.services.shell import LANGUAGES, ShellController
from kiosk.services.support import BookedSlip
from kiosk.ui.account import error_code
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_clock, format_date, local_time
from kiosk.ui.language import LANGUAGE_LABELS
from kiosk.ui.notices import (
    EMAIL_INVALID,
    GENERIC,
    NAME_REQUIRED,
    NAME_TOO_LONG,
    NO_SLOTS,
    PHONE_INVALID,
    PRINTED,
    NoticePanel,
    NoticeTexts,
    Tone,
)
from kiosk.ui.screens import Page, make_label
from kiosk.ui.scrolling import scrolled
from kiosk.ui.slots import async_slot
from kiosk.ui.speech import Announcer
from kiosk.ui.status import Shape, StatusIcon
from kiosk.ui.theme import Theme
from kiosk.ui.wrapping import WrappingButton

log = logging.getLogger(__name__)

#: Refusals that mean "that time is gone": the visitor chooses again from fresh times.
TIME_GONE = frozenset(
    {
        "slot_full",
        "slot_unavailable",
        "too_late",
        "too_far_ahead",
        "adviser_not_found",
        "branch_not_offered",
        "topic_not_offered",
    }
)
NAME_MAX = 60


class BookingStep(StrEnum):
    """The wizard's questions, in order, then the confirmation."""

    TOPIC = "topic"
    LANGUAGE = "language"
    BRANCH = "branch"
    DAY = "day"
    TIME = "time"
    CONTACT = "contact"
    CONFIRM = "confirm"
    DONE = "done"


_ORDER = list(BookingStep)


@dataclasses.dataclass
class Answers:
    """What the visitor has chosen so far; kept when they go back a step."""

    topic: SupportTopic | None = None
    language: str | None = None
    branch_id: str | None = None
    day: dt.date | None = None
    slot: Slot | None = None


class ChoiceList(QScrollArea):
    """Big wrapping buttons in a grid, one per answer; choosing one emits :attr:`chosen`.

    The answer given before is marked (checked: a thick bottom border, not only a colour)
    and takes the focus when the visitor comes back to the question.
    """

    chosen = Signal(object)

    def __init__(self, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the buttons take focus
        self._columns = columns
        self.area = QWidget()
        self.area.setObjectName("ChoiceArea")
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(14)
        outer = QVBoxLayout(self.area)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._grid)
        outer.addStretch(1)  # the answers stay their size at the top
        for column in range(columns):
            self._grid.setColumnStretch(column, 1)
        self.setWidget(self.area)
        self.buttons: list[tuple[object, WrappingButton]] = []

    def set_choices(
        self, choices: Sequence[tuple[object, str, str]], checked: object | None = None
    ) -> None:
        """``(key, text, accessible name)`` per answer; ``checked`` marks the earlier one."""
        while len(self.buttons) > len(choices):
            _key, button = self.buttons.pop()
            self._grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        previous: QWidget | None = None
        for index, (key, text, name) in enumerate(choices):
            if index < len(self.buttons):
                button = self.buttons[index][1]
            else:
                button = WrappingButton(self.area, centred=True)
                button.setObjectName("ChoiceButton")
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, at=index: self._clicked(at))
                self._grid.addWidget(button, index // self._columns, index % self._columns)
                button.show()  # the layout would show it only on the next event-loop turn
            self.buttons[index : index + 1] = [(key, button)]
            button.set_text(text, name)
            button.setChecked(key == checked)
            if previous is not None:
                QWidget.setTabOrder(previous, button)
            previous = button

    def set_enabled(self, enabled: bool) -> None:
        for _key, button in self.buttons:
            button.setEnabled(enabled)

    def focus_target(self) -> QWidget | None:
        for _key, button in self.buttons:
            if button.isChecked():
                return button
        return self.buttons[0][1] if self.buttons else None

    def button_for(self, key: object) -> WrappingButton | None:
        return next((button for k, button in self.buttons if k == key), None)

    def _clicked(self, index: int) -> None:
        key, button = self.buttons[index]
        for _k, other in self.buttons:
            other.setChecked(other is button)
        self.chosen.emit(key)


class FieldError(QWidget):
    """A field's error: a warning shape and a sentence (never a red border alone)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = StatusIcon(theme.icon_px, self)
        self.icon.set_shape(Shape.WARNING)
        self.text = make_label(self, "FieldError")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.hide()

    @property
    def message(self) -> str | None:
        return self.text.text() if not self.isHidden() else None

    def show_error(self, text: str | None) -> None:
        self.text.setText(text or "")
        self.setVisible(text is not None)

    def set_theme(self, theme: Theme) -> None:
        self.icon.setFixedSize(theme.icon_px, theme.icon_px)


class BookingScreen(Page):
    """Book a one-to-one time with a digital-support adviser, one question at a time:
    topic, language, branch (only when there is a choice), day, time, name and an optional
    phone number or e-mail, then a last look and "Book".

    Free times come from ``support_slots`` once the topic and language are known; the
    booking from ``book_adviser``. If the time was taken meanwhile the visitor chooses again
    from fresh times. Back and Cancel are always there; Escape goes back. The name and
    contact details are forgotten when the page closes (:meth:`reset`).
    """

    def __init__(
        self,
        theme: Theme,
        controller: ShellController,
        announcer: Announcer,
        *,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(theme, parent)
        self._controller = controller
        self._announcer = announcer
        self._today = today
        self._texts = NoticeTexts(self)
        self.step = BookingStep.TOPIC
        self.answers = Answers()
        self.slots: SlotList | None = None
        #: The topic and language the slots were fetched for.
        self._slots_for: tuple[SupportTopic, str] | None = None
        self.booked: BookedSlip | None = None
        self.notice_code: str | None = None
        self.busy = False
        #: What the services are doing while busy: looking for times, or booking.
        self.booking = False
        # Bumped by reset(): an answer from the services for a closed page is dropped.
        self._generation = 0

        self.title = make_label(self, "ScreenTitle")
        self.question = make_label(self, "Subtitle")
        self.hint = make_label(self, "Hint")
        self.pages = QStackedWidget(self)
        self.topic_list = ChoiceList(2)
        self.language_list = ChoiceList(3)
        self.branch_list = ChoiceList(2)
        self.day_list = ChoiceList(2)
        self.time_list = ChoiceList(4)
        self.topic_list.chosen.connect(self._topic_chosen)
        self.language_list.chosen.connect(self._language_chosen)
        self.branch_list.chosen.connect(self._branch_chosen)
        self.day_list.chosen.connect(self._day_chosen)
        self.time_list.chosen.connect(self._time_chosen)
        self._build_contact()
        self._build_confirm()
        self._build_done()
        self.step_pages: dict[BookingStep, QWidget] = {
            BookingStep.TOPIC: self.topic_list,
            BookingStep.LANGUAGE: self.language_list,
            BookingStep.BRANCH: self.branch_list,
            BookingStep.DAY: self.day_list,
            BookingStep.TIME: self.time_list,
            BookingStep.CONTACT: scrolled(self.contact_page),
            BookingStep.CONFIRM: scrolled(self.confirm_page),
            BookingStep.DONE: scrolled(self.done_page),
        }
        for page in self.step_pages.values():
            self.pages.addWidget(page)
        self.status = make_label(self, "Subtitle")
        self.notice = NoticePanel(theme, closable=False, parent=self)
        self.back_button = KioskButton(parent=self)
        self.back_button.clicked.connect(self.go_back)
        self.cancel_button = KioskButton(parent=self)
        self.cancel_button.clicked.connect(self.closed.emit)
        self.next_button = KioskButton(parent=self)
        self.next_button.clicked.connect(self.go_next)

        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.cancel_button)
        bottom.addStretch(1)
        bottom.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 20, 56, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addWidget(self.hint)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.notice)
        layout.addLayout(bottom)
        self.retranslate_ui()

    # --- building ------------------------------------------------------------------------------

    def _build_contact(self) -> None:
        page = self.contact_page = QWidget()
        self.name_label = make_label(page, "FieldLabel")
        self.name_field = QLineEdit(page)
        self.name_field.setObjectName("TextField")
        self.name_field.setMaxLength(NAME_MAX + 20)  # longer is explained, not cut off
        self.name_label.setBuddy(self.name_field)
        self.name_error = FieldError(self.theme, page)
        self.contact_label = make_label(page, "FieldLabel")
        self.contact_field = QLineEdit(page)
        self.contact_field.setObjectName("TextField")
        self.contact_field.setMaxLength(254)
        self.contact_field.returnPressed.connect(self.go_next)
        # Enter in the name goes on to the next field, as a visitor expects from a form.
        self.name_field.returnPressed.connect(
            lambda: self.contact_field.setFocus(Qt.FocusReason.OtherFocusReason)
        )
        self.contact_label.setBuddy(self.contact_field)
        self.contact_hint = make_label(page, "Hint")
        self.contact_error = FieldError(self.theme, page)
        self.privacy = make_label(page, "Hint")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name_field)
        layout.addWidget(self.name_error)
        layout.addSpacing(12)
        layout.addWidget(self.contact_label)
        layout.addWidget(self.contact_hint)
        layout.addWidget(self.contact_field)
        layout.addWidget(self.contact_error)
        layout.addSpacing(12)
        layout.addWidget(self.privacy)
        layout.addStretch(1)

    def _build_confirm(self) -> None:
        page = self.confirm_page = QFrame()
        page.setObjectName("SummaryPanel")
        self.summary = make_label(page, "SummaryText")
        self.confirm_privacy = make_label(page, "Hint")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(16)
        layout.addWidget(self.summary)
        layout.addWidget(self.confirm_privacy)
        layout.addStretch(1)

    def _build_done(self) -> None:
        page = self.done_page = QWidget()
        self.done_icon = StatusIcon(self.theme.icon_px * 2, page)
        self.done_icon.set_shape(Shape.CHECK)
        self.done_heading = make_label(page, "StepTitle")
        self.done_when = make_label(page, "SummaryText")
        self.done_place = make_label(page, "SummaryText")
        self.code_caption = make_label(page, "FieldLabel")
        self.code = make_label(page, "BookingCode", wrap=False)
        self.keep_code = make_label(page, "SummaryText")
        self.slip = NoticePanel(self.theme, closable=False, parent=page)
        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(self.done_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        heading.addWidget(self.done_heading, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.done_when)
        layout.addWidget(self.done_place)
        layout.addSpacing(8)
        layout.addWidget(self.code_caption)
        layout.addWidget(self.code)
        layout.addWidget(self.keep_code)
        layout.addWidget(self.slip)
        layout.addStretch(1)

    # --- what the window calls -----------------------------------------------------------------

    @property
    def scene_name(self) -> str:
        return "booking_done" if self.step is BookingStep.DONE else "booking"

    def reset(self) -> None:
        """Forget every answer, the name and contact details, and the booking shown."""
        self._generation += 1
        self.busy = self.booking = False
        self.answers = Answers()
        self.slots = None
        self._slots_for = None
        self.booked = None
        self.notice_code = None
        self.name_field.clear()
        self.contact_field.clear()
        self.name_error.show_error(None)
        self.contact_error.show_error(None)
        for field in (self.name_field, self.contact_field):
            field.setAccessibleDescription("")
        self._go(BookingStep.TOPIC, announce=False)

    def focus_target(self) -> QWidget:
        if self.step is BookingStep.CONTACT:
            if self.contact_error.message is not None and self.name_error.message is None:
                return self.contact_field
            return self.name_field
        if self.step in (BookingStep.CONFIRM, BookingStep.DONE):
            return self.next_button
        page = self.step_pages[self.step]
        target = page.focus_target() if isinstance(page, ChoiceList) else None
        return target or self.back_button

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for panel in (self.notice, self.slip):
            panel.set_theme(theme)
        for error in (self.name_error, self.contact_error):
            error.set_theme(theme)
        self.done_icon.setFixedSize(theme.icon_px * 2, theme.icon_px * 2)

    def show_times(self, topic: SupportTopic, language: str, slots: SlotList) -> None:
        """Jump to the time question with these answers and free times (screenshots)."""
        self.reset()
        self.answers.topic, self.answers.language = topic, language
        self.slots, self._slots_for = slots, (topic, language)
        branches = self.branches()
        self.answers.branch_id = branches[0] if branches else None
        days = self.days()
        self.answers.day = days[0] if days else None
        self._go(BookingStep.TIME, announce=False)

    def show_booked(self, booked: BookedSlip, *, announce: bool = True) -> None:
        """The booking is made: show it, its code and what happened to the slip."""
        self.booked = booked
        self.notice_code = None
        self._go(BookingStep.DONE, announce=announce)

    # --- the answers -----------------------------------------------------------------------------

    def branches(self) -> list[str]:
        """The branches with free times, in the order the fleet listed them."""
        slots = self.slots.slots if self.slots is not None else []
        return list(dict.fromkeys(slot.branch_id for slot in slots))

    def days(self) -> list[dt.date]:
        """The days with free times at the chosen branch."""
        return sorted({local_time(slot.starts_at).date() for slot in self._branch_slots()})

    def times(self) -> list[Slot]:
        """The chosen day's free times, one per start time (the adviser with most room)."""
        day = self.answers.day
        best: dict[dt.datetime, Slot] = {}
        for slot in self._branch_slots():
            start = local_time(slot.starts_at)
            if start.date() != day:
                continue
            known = best.get(start)
            if known is None or slot.seats_left > known.seats_left:
                best[start] = slot
        return [best[start] for start in sorted(best)]

    def _branch_slots(self) -> list[Slot]:
        slots = self.slots.slots if self.slots is not None else []
        return [slot for slot in slots if slot.branch_id == self.answers.branch_id]

    def _topic_chosen(self, key: object) -> None:
        assert isinstance(key, SupportTopic)
        if key != self.answers.topic:
            self.answers = Answers(topic=key, language=self.answers.language)
        self._go(BookingStep.LANGUAGE)

    def _language_chosen(self, key: object) -> None:
        assert isinstance(key, str)
        if key != self.answers.language:
            self.answers = Answers(topic=self.answers.topic, language=key)
        topic = self.answers.topic
        if topic is None:
            self._go(BookingStep.TOPIC)
            return
        if self._slots_for == (topic, key) and self.slots is not None:
            self._after_slots()
            return
        self._load_slots()

    def _branch_chosen(self, key: object) -> None:
        assert isinstance(key, str)
        if key != self.answers.branch_id:
            self.answers.branch_id, self.answers.day, self.answers.slot = key, None, None
        self._go(BookingStep.DAY)

    def _day_chosen(self, key: object) -> None:
        assert isinstance(key, dt.date)
        if key != self.answers.day:
            self.answers.day, self.answers.slot = key, None
        self._go(BookingStep.TIME)

    def _time_chosen(self, key: object) -> None:
        assert isinstance(key, Slot)
        self.answers.slot = key
        self._go(BookingStep.CONTACT)

    def _after_slots(self, notice: str | None = None) -> None:
        """Free times arrived: the next question that has a choice to make."""
        branches = self.branches()
        if not branches:
            self.notice_code = NO_SLOTS
            self._go(BookingStep.LANGUAGE, keep_notice=True)
            return
        if self.answers.branch_id not in branches:
            self.answers.branch_id, self.answers.day, self.answers.slot = None, None, None
            if len(branches) == 1:
                self.answers.branch_id = branches[0]
        if self.answers.branch_id is None:
            self.notice_code = notice
            self._go(BookingStep.BRANCH, keep_notice=notice is not None)
            return
        days = self.days()
        if self.answers.day not in days:
            self.answers.day, self.answers.slot = None, None
            self.notice_code = notice
            self._go(BookingStep.DAY, keep_notice=notice is not None)
            return
        self.notice_code = notice
        target = BookingStep.TIME if notice is not None else BookingStep.DAY
        self._go(target, keep_notice=notice is not None)

    # --- moving between steps -------------------------------------------------------------------

    def go_next(self) -> None:
        """ "Next" on the name step, "Book" on the last look, "Done" after booking."""
        if self.busy:
            return
        if self.step is BookingStep.CONTACT:
            if self._request() is not None:
                self._go(BookingStep.CONFIRM)
        elif self.step is BookingStep.CONFIRM:
            self.book()
        elif self.step is BookingStep.DONE:
            self.closed.emit()

    def go_back(self) -> None:
        """The previous question, with its answer still marked; from the first, close."""
        if self.busy:
            return
        if self.step in (BookingStep.TOPIC, BookingStep.DONE):
            self.closed.emit()
            return
        index = _ORDER.index(self.step) - 1
        previous = _ORDER[index]
        if previous is BookingStep.BRANCH and len(self.branches()) <= 1:
            previous = BookingStep.LANGUAGE
        self._go(previous)

    def _go(self, step: BookingStep, *, announce: bool = True, keep_notice: bool = False) -> None:
        self.step = step
        if not keep_notice:
            self.notice_code = None
        self.pages.setCurrentWidget(self.step_pages[step])
        self.retranslate_ui()
        if not self.isVisible():
            return  # reset while closed: nothing to focus or announce
        self._focus(self.focus_target())
        if announce:
            if step is BookingStep.DONE:
                parts = [self.done_heading, self.done_when, self.done_place, self.code]
                spoken = " ".join(f"{label.text()}." for label in parts)
                spoken += f" {self.keep_code.text()} {self.slip.message or ''}"
            else:
                spoken = self.question.text()
                if self.notice.message is not None:
                    spoken = f"{self.notice.message} {spoken}"
            self._announcer.announce(self.question, spoken.strip())

    # --- service calls ---------------------------------------------------------------------------

    def _load_slots(self, notice: str | None = None) -> None:
        if self.busy:
            return
        self.busy, self.booking = True, False
        self.notice_code = None
        self.retranslate_ui()
        self._fetch(notice)

    @async_slot(object)
    async def _fetch(self, notice: str | None) -> None:
        topic, language = self.answers.topic, self.answers.language
        assert topic is not None
        assert language is not None
        generation = self._generation
        slots: SlotList | None = None
        code: str | None = None
        try:
            slots = await self._controller.support_slots(topic, language)
        except KioskError as error:
            code = error_code(error)
        except Exception:
            log.exception("loading free adviser times failed")
            code = GENERIC
        if generation != self._generation:
            return
        self.busy = False
        self.notice_code = code
        if slots is not None:
            self.slots, self._slots_for = slots, (topic, language)
        if self._slots_for == (topic, language) and self.slots is not None:
            self._after_slots(notice)
        else:
            self._go(BookingStep.LANGUAGE, keep_notice=True)

    def _request(self) -> BookingCreate | None:
        """The booking as typed, validated like the fleet does; errors shown by the fields."""
        answers, slot = self.answers, self.answers.slot
        if slot is None or answers.topic is None or answers.language is None:
            self._go(BookingStep.TIME)
            return None
        name = " ".join(self.name_field.text().split())
        contact = self.contact_field.text().strip()
        email = contact if "@" in contact else None
        phone = contact if contact and email is None else None
        name_error = contact_error = None
        try:
            request = BookingCreate(
                adviser=slot.adviser,
                branch_id=slot.branch_id,
                starts_at=slot.starts_at,
                topic=answers.topic,
                language=answers.language,
                name=name,
                phone=phone,
                email=email,
            )
        except ValidationError as error:
            request = None
            fields = {str(problem["loc"][0]) for problem in error.errors() if problem["loc"]}
            if "name" in fields:
                name_error = self._texts.sentence(NAME_TOO_LONG if name else NAME_REQUIRED)
            if "email" in fields:
                contact_error = self._texts.sentence(EMAIL_INVALID)
            elif "phone" in fields:
                contact_error = self._texts.sentence(PHONE_INVALID)
            if name_error is None and contact_error is None:
                log.warning("the booking does not validate: %s", error)
                self.notice_code = GENERIC
        self.name_error.show_error(name_error)
        self.contact_error.show_error(contact_error)
        # Screen readers read the error with the field it belongs to.
        self.name_field.setAccessibleDescription(name_error or "")
        self.contact_field.setAccessibleDescription(contact_error or "")
        if request is None:
            self.retranslate_ui()
            field = self.name_field if name_error is not None else self.contact_field
            self._focus(field)
            message = name_error or contact_error or self.notice.message
            if message:
                self._announcer.announce(field, message, assertive=True)
        return request

    def book(self) -> None:
        """ "Book": make the booking (once)."""
        if self.busy:
            return
        request = self._request()
        if request is None:
            self._go(BookingStep.CONTACT, keep_notice=True)
            return
        self.busy, self.booking = True, True
        self.notice_code = None
        self.retranslate_ui()
        self._book(request)

    @async_slot(object)
    async def _book(self, request: BookingCreate) -> None:
        booked: BookedSlip | None = None
        code: str | None = None
        generation = self._generation
        try:
            booked = await self._controller.book_adviser(request)
        except KioskError as error:
            code = error_code(error)
        except Exception:
            log.exception("booking an adviser failed")
            code = GENERIC
        if generation != self._generation:
            log.info("a booking finished after its page was closed (made: %s)", booked is not None)
            return
        self.busy = False
        if booked is not None:
            self.show_booked(booked)
        elif code in TIME_GONE:
            # Someone else took the time: fresh times, the same day if it still has some.
            self.answers.slot = None
            self.slots, self._slots_for = None, None
            self._load_slots(notice=code)
        elif code == NAME_REQUIRED:
            self.name_error.show_error(self._texts.sentence(code))
            self.name_field.setAccessibleDescription(self._texts.sentence(code))
            self._go(BookingStep.CONTACT)
        else:
            self.notice_code = code
            self.retranslate_ui()
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.notice.message is not None:
                self._announcer.announce(self.notice, self.notice.message, assertive=True)

    def _focus(self, widget: QWidget) -> None:
        """Focus ``widget`` and scroll it into view (a field below larger text)."""
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        page = self.pages.currentWidget()
        inner = page.widget() if isinstance(page, QScrollArea) else None
        if isinstance(page, QScrollArea) and inner is not None and inner.isAncestorOf(widget):
            page.ensureWidgetVisible(widget)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.go_back()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- rendering -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        language = self.view.language
        step = self.step
        self.title.setText(self.tr("Book an adviser"))
        self.title.setVisible(step is not BookingStep.DONE)  # the page has its own heading
        self.setAccessibleName(self.title.text())
        questions = {
            BookingStep.TOPIC: self.tr("What do you need help with?"),
            BookingStep.LANGUAGE: self.tr("In which language?"),
            BookingStep.BRANCH: self.tr("In which library?"),
            BookingStep.DAY: self.tr("Which day?"),
            BookingStep.TIME: self.tr("What time?"),
            BookingStep.CONTACT: self.tr("Who is coming?"),
            BookingStep.CONFIRM: self.tr("Is this right?"),
            BookingStep.DONE: self.tr("Your time is booked"),
        }
        hints = {
            BookingStep.TOPIC: self.tr("An adviser helps you one to one, for free."),
            BookingStep.LANGUAGE: self.tr("The language the adviser speaks with you."),
            BookingStep.BRANCH: self.tr("Where you meet the adviser."),
            BookingStep.DAY: self.tr("These days have free times."),
            BookingStep.TIME: self.tr("Choose a start time."),
            BookingStep.CONTACT: "",  # the labels say what is needed
            BookingStep.CONFIRM: self.tr("Check the details. Then press Book."),
            BookingStep.DONE: "",
        }
        self.question.setText(questions[step])
        self.question.setVisible(step is not BookingStep.DONE)
        self.hint.setText(hints[step])
        self.hint.setVisible(bool(hints[step]))
        self._show_choices(language)
        self._retranslate_contact()
        self.summary.setText(self._summary(language))
        self._retranslate_done(language)
        self.status.setText(
            self.tr("Booking…") if self.booking else self.tr("Looking for free times…")
        )
        self.status.setVisible(self.busy)
        self.notice.show_notice(
            self._texts.sentence(self.notice_code) if self.notice_code is not None else None
        )
        self.back_button.setText(self.tr("Back"))
        self.back_button.setAccessibleName(self.tr("Back to the previous question"))
        self.back_button.setVisible(step is not BookingStep.DONE)
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel booking"))
        self.cancel_button.setVisible(step is not BookingStep.DONE)
        if step is BookingStep.CONFIRM:
            self.next_button.setText(self.tr("Book"))
            self.next_button.setAccessibleName(self.tr("Book this time"))
        elif step is BookingStep.DONE:
            self.next_button.setText(self.tr("Done"))
            self.next_button.setAccessibleName(self.tr("Done: close the booking"))
        else:
            self.next_button.setText(self.tr("Next"))
            self.next_button.setAccessibleName(self.tr("Next question"))
        self.next_button.setVisible(
            step in (BookingStep.CONTACT, BookingStep.CONFIRM, BookingStep.DONE)
        )
        for button in (self.back_button, self.next_button):
            button.setEnabled(not self.busy)
        # Looking for times can be given up (the answer is then dropped); a booking on its
        # way cannot: its code must reach the screen.
        self.cancel_button.setEnabled(not (self.busy and self.booking))
        for choices in (
            self.topic_list,
            self.language_list,
            self.branch_list,
            self.day_list,
            self.time_list,
        ):
            choices.set_enabled(not self.busy)
            choices.area.setAccessibleName(self.question.text())

    def _show_choices(self, language: str) -> None:
        answers = self.answers
        self.topic_list.set_choices(
            [
                (topic, name.get(language), name.get(language))
                for topic, name in TOPIC_NAMES.items()
            ],
            answers.topic,
        )
        self.language_list.set_choices(
            [(lang, LANGUAGE_LABELS[lang], LANGUAGE_LABELS[lang]) for lang in LANGUAGES],
            answers.language or language,
        )
        self.branch_list.set_choices(
            [
                (branch, self._branch_name(branch), self._branch_name(branch))
                for branch in self.branches()
            ],
            answers.branch_id,
        )
        days = []
        for day in self.days():
            text = self._day_name(day, language)
            text = text[:1].upper() + text[1:]  # a button's words start with a capital
            days.append((day, text, text))
        self.day_list.set_choices(days, answers.day)
        times = []
        chosen_start = answers.slot.starts_at if answers.slot is not None else None
        checked: Slot | None = None
        for slot in self.times():
            start, end = local_time(slot.starts_at), local_time(slot.ends_at)
            text = f"{format_clock(start.time(), language)}–{format_clock(end.time(), language)}"
            name = self.tr("From {start} to {end}").format(
                start=format_clock(start.time(), language), end=format_clock(end.time(), language)
            )
            times.append((slot, text, name))
            if slot.starts_at == chosen_start:
                checked = slot
        self.time_list.set_choices(times, checked)

    def _retranslate_contact(self) -> None:
        self.name_label.setText(self.tr("Your name or a nickname"))
        self.name_field.setAccessibleName(self.name_label.text())
        self.contact_label.setText(self.tr("Phone number or e-mail (you can leave this empty)"))
        self.contact_field.setAccessibleName(self.tr("Phone number or e-mail"))
        self.contact_hint.setText(self.tr("For a reminder before the appointment."))
        self.privacy.setText(
            self.tr("Your name and contact details are deleted after the appointment.")
        )
        self.confirm_privacy.setText(self.privacy.text())

    def _summary(self, language: str) -> str:
        answers, slot = self.answers, self.answers.slot
        lines = []
        if answers.topic is not None:
            lines.append(
                self.tr("Topic: {topic}").format(topic=TOPIC_NAMES[answers.topic].get(language))
            )
        if answers.language is not None:
            lines.append(
                self.tr("Language: {language}").format(language=LANGUAGE_LABELS[answers.language])
            )
        if answers.branch_id is not None:
            lines.append(
                self.tr("Place: {place}").format(place=self._branch_name(answers.branch_id))
            )
        if slot is not None:
            lines.append(
                self.tr("Time: {time}").format(
                    time=self._when(slot.starts_at, slot.ends_at, language)
                )
            )
        name = " ".join(self.name_field.text().split())
        if name:
            lines.append(self.tr("Name: {name}").format(name=name))
        contact = self.contact_field.text().strip()
        if contact:
            lines.append(self.tr("Reminder to: {contact}").format(contact=contact))
        return "\n".join(lines)

    def _retranslate_done(self, language: str) -> None:
        booked = self.booked
        self.done_heading.setText(self.tr("Your time is booked"))
        self.code_caption.setText(self.tr("Booking code"))
        self.keep_code.setText(self.tr("Keep this code to cancel or change the booking."))
        if booked is None:
            for label in (self.done_when, self.done_place, self.code):
                label.setText("")
            self.slip.show_notice(None)
            return
        made = booked.confirmation
        self.done_when.setText(self._when(made.starts_at, made.ends_at, language))
        place = made.branch_name.get(language)
        if made.place:
            place = f"{place}, {made.place}"
        if made.adviser_name:
            self.done_place.setText(
                self.tr("{place}. Your adviser is {name}.").format(
                    place=place, name=made.adviser_name
                )
            )
        else:
            self.done_place.setText(place)
        self.code.setText(made.code)
        self.code.setAccessibleName(self.tr("Booking code: {code}").format(code=made.code))
        tone = Tone.DONE if booked.slip == PRINTED else Tone.PROBLEM
        self.slip.show_notice(self._texts.slip_printed(booked.slip), tone)

    def _when(self, starts_at: dt.datetime, ends_at: dt.datetime, language: str) -> str:
        start, end = local_time(starts_at), local_time(ends_at)
        return self.tr("{day} at {start}–{end}").format(
            day=self._day_name(start.date(), language),
            start=format_clock(start.time(), language),
            end=format_clock(end.time(), language),
        )

    def _day_name(self, day: dt.date, language: str) -> str:
        date = format_date(day, language)
        today = self._today()
        if day == today:
            return self.tr("today, {date}").format(date=date)
        if day == today + dt.timedelta(days=1):
            return self.tr("tomorrow, {date}").format(date=date)
        return date

    def _branch_name(self, branch_id: str) -> str:
        # Slots name branches by id only. The kiosk's own branch is the only one whose name
        # the view knows: it is what the fleet lists when asked without a branch.
        name = self.view.branch_name
        if name is not None and self.branches() == [branch_id]:
            return name.get(language=self.view.language)
        return branch_id
