"""The sentence for every code the services send the screens, and the panel that shows one.

All visitor-facing refusal and notice texts live here, in :class:`NoticeTexts`, so they are
reviewed together (like ``kiosk/services/messages.py`` for the command line): log-in
refusals from the fleet (``LoginRefusal``), the kiosk's own codes (``offline_library_card``,
``uid_only_card`` ...), session notices (``extended``, ``app_failed`` ...) and the ``code``
of errors raised by the account and reservation calls, and digital support: the
``SupportError`` codes of "Help me now" and booking an adviser, and what happened to a
printed queue number or booking slip. Unknown codes get a generic sentence.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.buttons import KioskButton
from kiosk.ui.status import Shape, StatusIcon
from kiosk.ui.theme import Theme

#: Codes the UI itself uses (validation before anything is sent to the services).
CARD_NUMBER_MISSING = "card_number_missing"
GENERIC = "generic"
#: Booking an adviser: no free time for the topic and language the visitor chose.
NO_SLOTS = "no_slots"
#: Booking an adviser: the name and contact details, checked as the fleet checks them.
NAME_REQUIRED = "name_required"
NAME_TOO_LONG = "name_too_long"
PHONE_INVALID = "phone_invalid"
EMAIL_INVALID = "email_invalid"
#: The guides could not be read (a broken content bundle).
GUIDES_UNAVAILABLE = "guides_unavailable"
#: What a print attempt returns when it worked (kiosk.services.support.SlipPrinter).
PRINTED = "printed"


class NoticeTexts(QObject):
    """Translates codes into short, plain sentences in the language installed now."""

    def sentence(self, code: str | None) -> str:
        """The sentence for ``code``; unknown codes get the generic "ask the staff"."""
        return self._texts().get(code or GENERIC) or self.generic()

    def is_known(self, code: str) -> bool:
        return code in self._texts()

    def known_codes(self) -> frozenset[str]:
        return frozenset(self._texts())

    def generic(self) -> str:
        return self.tr("That did not work. Please ask the library staff.")

    def retry_after(self, seconds: int) -> str:
        """When a card paused by wrong PINs may try again, in whole minutes (rounded up)."""
        minutes = max(1, -(-seconds // 60))
        return self.tr("You can try again in {minutes} min.").format(minutes=minutes)

    def extended(self, minutes: int | None) -> str:
        """The extension's feedback; the minutes when the UI could tell them."""
        if minutes is None or minutes <= 0:
            return self.tr("You got more time.")
        return self.tr("You got {minutes} more minutes.").format(minutes=minutes)

    def ticket_printed(self, outcome: str) -> str:
        """What happened when the visitor printed their number in the help queue."""
        if outcome == PRINTED:
            return self.tr("Take your number from the printer.")
        # Short: the sentence sits beside "Cancel", and the number is on the screen anyway.
        if outcome == "paper_out":
            return self.tr("The printer has no paper. Please tell the staff.")
        if outcome == "no_printer":
            return self.tr("This computer has no printer.")
        return self.tr("Your number could not be printed.")

    def slip_printed(self, outcome: str) -> str:
        """What happened to a booking's slip; the booking stands either way."""
        if outcome == PRINTED:
            return self.tr("Take your slip from the printer.")
        return self.tr(
            "The slip could not be printed: write the code down or take a photo. Staff can help."
        )

    def _texts(self) -> dict[str, str]:
        return {
            # --- library card and guest pass (LoginRefusal) ---
            "card_unknown": self.tr(
                "This card is not known. Check the number or ask the library staff."
            ),
            "pin_wrong": self.tr("The PIN is wrong. Please try again."),
            "pin_throttled": self.tr("Too many wrong PINs. Wait a moment and try again."),
            "card_blocked": self.tr("This card cannot be used. Please ask the library staff."),
            "card_expired": self.tr(
                "Your library card is no longer valid. The library staff can renew it."
            ),
            "fees_over_limit": self.tr(
                "You have unpaid fees. Please pay them at the library first."
            ),
            "too_young": self.tr("This computer has an age limit. Please ask the library staff."),
            "guest_pass_expired": self.tr(
                "This guest pass is no longer valid. Ask the staff for a new one."
            ),
            "guest_pass_used_up": self.tr(
                "All the time on this guest pass is used. Ask the staff for a new one."
            ),
            # --- digital customer card (LoginRefusal) ---
            "digital_card_forged": self.tr(
                "This digital card cannot be used. Please ask the library staff."
            ),
            "digital_card_expired": self.tr(
                "Your digital card is no longer valid. Update it in the Helsinki app."
            ),
            "digital_card_revoked": self.tr(
                "This digital card cannot be used any more. Please ask the library staff."
            ),
            "proof_expired": self.tr(
                "The code on your phone is too old. Open the card in the app again."
            ),
            "proof_replayed": self.tr(
                "This code has already been used. Show a new code from the app."
            ),
            "proof_other_device": self.tr(
                "This code was made for another computer. Show a new code here."
            ),
            "proof_malformed": self.tr("The code could not be read. Please try again."),
            # --- the visit (LoginRefusal) ---
            "daily_limit_reached": self.tr(
                "You have used all your computer time for today. Welcome back tomorrow."
            ),
            "already_in_session": self.tr(
                "You are already logged in on another computer. Log out there first."
            ),
            "library_closed": self.tr(
                "The library is closed or closes soon. You cannot log in now."
            ),
            "pc_reserved": self.tr(
                "This computer is reserved for someone else. Please use another computer."
            ),
            "extension_not_allowed": self.tr("You cannot get more time now. Save your work."),
            "session_not_active": self.tr("Your time on this computer has ended."),
            "directory_unavailable": self.tr(
                "Your card cannot be checked right now. Please try again in a moment."
            ),
            # --- the kiosk's own log-in codes ---
            "offline_library_card": self.tr(
                "The library's network is not working right now. Log in with the digital "
                "card in the Helsinki app, or ask the staff."
            ),
            "offline_not_allowed": self.tr(
                "The library's network is not working right now. Please try again later "
                "or ask the staff."
            ),
            "uid_only_card": self.tr(
                "This card cannot be used here. Scan the barcode of your library card, or "
                "use the digital card in the app."
            ),
            "card_removed_too_soon": self.tr("Hold the phone on the reader a little longer."),
            "not_ready": self.tr(
                "This computer is not ready yet. Please wait a moment or ask the staff."
            ),
            "pc_switching_off": self.tr(
                "This computer is switching off. Please use another computer."
            ),
            "session_start_failed": self.tr(
                "The computer could not be started for you. Please try again or ask the staff."
            ),
            "card_number_invalid": self.tr("The number is not right. Check it and type it again."),
            CARD_NUMBER_MISSING: self.tr("Type the number first."),
            "pin_missing": self.tr("Type your PIN first."),
            # --- during the session ---
            "extended": self.extended(None),
            "app_failed": self.tr("The program did not open. Please try again or ask the staff."),
            "app_unknown": self.tr("This program is not available on this computer."),
            "pc_shutting_down": self.tr(
                "The library is switching this computer off. Save your work now: you will "
                "be logged out in a minute."
            ),
            "offline_no_extension": self.tr(
                "The network is not working, so you cannot get more time now."
            ),
            "offline_no_account": self.tr(
                "The network is not working, so your account cannot be shown now."
            ),
            "offline_no_reservation": self.tr(
                "The network is not working, so you cannot reserve a computer now."
            ),
            "account_not_available": self.tr(
                "Your account cannot be shown with this way of logging in."
            ),
            "no_free_pc": self.tr("No computer is free at that time. Please choose another time."),
            "pc_taken": self.tr("Someone reserved that time just now. Please choose another time."),
            "reservation_needs_card": self.tr("You need a library card to reserve a computer."),
            "reservation_outside_hours": self.tr(
                "The library is not open for all of that time. Please choose an earlier time."
            ),
            # --- digital support: help me now and booking an adviser (SupportError) ---
            "offline": self.tr(
                "The library's network is not working right now, so this cannot be done "
                "here. Please ask the library staff."
            ),
            "slot_full": self.tr("Someone booked that time just now. Please choose another time."),
            "slot_unavailable": self.tr("That time is no longer free. Please choose another time."),
            "adviser_not_found": self.tr(
                "That time is no longer free. Please choose another time."
            ),
            "branch_not_offered": self.tr(
                "That time is no longer free. Please choose another time."
            ),
            "topic_not_offered": self.tr(
                "That time is no longer free. Please choose another time."
            ),
            "too_late": self.tr("That time can no longer be booked. Please choose a later time."),
            "too_far_ahead": self.tr(
                "That time cannot be booked yet. Please choose an earlier time."
            ),
            NAME_REQUIRED: self.tr("Write your name or a nickname."),
            NAME_TOO_LONG: self.tr("The name is too long. Use at most 60 letters."),
            PHONE_INVALID: self.tr("Check the phone number, for example 040 123 4567."),
            EMAIL_INVALID: self.tr("Check the e-mail address, for example aino@example.fi."),
            GUIDES_UNAVAILABLE: self.tr(
                "The guides cannot be shown right now. Please ask the library staff."
            ),
            NO_SLOTS: self.tr(
                "There are no free times for this topic in this language. Choose another "
                "language, or ask the library staff."
            ),
            GENERIC: self.generic(),
        }


class Tone(StrEnum):
    """What kind of news a notice is; each has its own shape, never only a colour."""

    PROBLEM = "problem"  # a warning triangle
    DONE = "done"  # a circle with a tick


_TONE_SHAPES = {Tone.PROBLEM: Shape.WARNING, Tone.DONE: Shape.CHECK}


class NoticePanel(QFrame):
    """A sentence with a shape beside it, and optionally a "Close" button (``closed``)."""

    closed = Signal()

    def __init__(self, theme: Theme, *, closable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticePanel")
        self.icon = StatusIcon(theme.icon_px * 2, self)
        self.icon.set_shape(Shape.WARNING)
        self.text = QLabel(self)
        self.text.setObjectName("NoticeText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.close_button: KioskButton | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.setSpacing(20)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        text_box = QVBoxLayout()
        text_box.addWidget(self.text)
        layout.addLayout(text_box, 1)
        if closable:
            self.close_button = KioskButton(parent=self)
            self.close_button.clicked.connect(self.closed.emit)
            layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()
        self.retranslate_ui()

    @property
    def message(self) -> str | None:
        """The sentence shown, or None when the panel is hidden."""
        return self.text.text() if not self.isHidden() else None

    def show_notice(self, text: str | None, tone: Tone = Tone.PROBLEM) -> None:
        """Show ``text`` (None hides the panel)."""
        if text is None:
            self.text.setText("")
            self.setAccessibleName("")
            self.hide()
            return
        self.icon.set_shape(_TONE_SHAPES[tone])
        self.text.setText(text)
        self.setAccessibleName(text)
        self.show()

    def set_theme(self, theme: Theme) -> None:
        self.icon.setFixedSize(theme.icon_px * 2, theme.icon_px * 2)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        if self.close_button is not None:
            self.close_button.setText(self.tr("Close"))
            self.close_button.setAccessibleName(self.tr("Close this message"))
