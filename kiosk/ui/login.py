"""The log-in screen: the card number (or guest pass code), then the PIN, with a big keypad."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from fleet.protocol.sessions import LoginMethod, normalise_card_number
from kiosk.services.shell import LoginView, ShellController, ShellView
from kiosk.ui.buttons import KioskButton
from kiosk.ui.keypad import Keypad
from kiosk.ui.notices import CARD_NUMBER_MISSING, GENERIC, NoticePanel, NoticeTexts
from kiosk.ui.screens import Screen, make_label
from kiosk.ui.slots import async_slot
from kiosk.ui.speech import Announcer
from kiosk.ui.theme import Theme

log = logging.getLogger(__name__)

#: What a card number or guest pass code may contain as typed (the fleet's CardNumber).
_NUMBER_PATTERN = r"[0-9A-Za-z \-]{0,40}"
MAX_PIN_LENGTH = 32
_PIN_PATTERN = r"\S{0,32}"


class LoginScreen(Screen):
    """Two steps on one screen.

    *Number step* (UI-local, before the services know anything): started from the idle
    screen's buttons or by typing digits there; "OK" emits :attr:`number_submitted` and the
    window calls ``begin_login``. *PIN step* (``view.login`` is set): "OK" calls
    ``submit_pin``; "Cancel" calls ``cancel_login``.

    The field is emptied after every submit, whenever a new card arrives and whenever the
    screen is hidden, so a PIN never outlives the moment it is sent.
    """

    number_submitted = Signal(str, str)  # LoginMethod value, the number as typed
    number_cancelled = Signal()

    def __init__(
        self,
        theme: Theme,
        controller: ShellController,
        announcer: Announcer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(theme, parent)
        self._controller = controller
        self._announcer = announcer
        self._texts = NoticeTexts(self)
        self.number_method: LoginMethod | None = None
        self._login_key: tuple[LoginMethod, str] | None = None
        self._local_error: str | None = None
        self._announced: str | None = None
        self._busy = False

        self.title = make_label(self, "ScreenTitle")
        self.hint = make_label(self, "Hint")
        self.field_label = make_label(self, "FieldLabel")
        self.field = QLineEdit(self)
        self.field.setObjectName("CodeField")
        self.field_label.setBuddy(self.field)
        self.field.textEdited.connect(self._typed)
        self._number_validator = QRegularExpressionValidator(
            QRegularExpression(_NUMBER_PATTERN), self
        )
        self._pin_validator = QRegularExpressionValidator(QRegularExpression(_PIN_PATTERN), self)
        self.status = make_label(self, "Subtitle")
        self.error = NoticePanel(theme, closable=False, parent=self)
        self.cancel_button = KioskButton(parent=self)
        self.cancel_button.clicked.connect(self.cancel)
        self.keypad = Keypad(self)
        self.keypad.digit_pressed.connect(self.type_text)
        self.keypad.erase_pressed.connect(self.erase)
        self.keypad.ok_pressed.connect(self.submit)

        form = QVBoxLayout()
        form.setSpacing(14)
        form.addWidget(self.title)
        form.addWidget(self.hint)
        form.addSpacing(8)
        form.addWidget(self.field_label)
        form.addWidget(self.field)
        form.addWidget(self.status)
        form.addWidget(self.error)
        form.addStretch(1)
        keys = QVBoxLayout()
        keys.setSpacing(24)
        keys.addStretch(1)
        keys.addWidget(self.keypad)
        keys.addWidget(self.cancel_button)
        keys.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(56, 24, 56, 24)
        layout.setSpacing(56)
        layout.addLayout(form, 3)
        layout.addLayout(keys)
        # Reading order: the field, the keys, then Cancel.
        QWidget.setTabOrder(self.field, self.keypad.first_key)
        QWidget.setTabOrder(self.keypad.last_key, self.cancel_button)
        self.retranslate_ui()

    # --- what the window calls ------------------------------------------------------------------

    @property
    def number_step(self) -> bool:
        return self.number_method is not None

    @property
    def checking(self) -> bool:
        login = self.view.login
        return self._busy or (not self.number_step and login is not None and login.checking)

    def show_number_step(self, view: ShellView, method: LoginMethod, initial: str = "") -> None:
        """The card number (or guest pass code) step, optionally with what was typed already."""
        if self.number_method is not method:
            self.clear_input()
            self.number_method = method
            self._login_key = None
            if initial:
                self.field.setText(initial)
        self.view = view
        self.retranslate_ui()

    def show_error(self, code: str) -> None:
        """Show the sentence for ``code`` under the field (and announce it)."""
        self._local_error = code
        self.retranslate_ui()
        self._announce_error()

    def show_view(self, view: ShellView) -> None:
        """The PIN step for ``view.login``."""
        login = view.login
        key = (login.method, login.card_hint) if login is not None else None
        if self.number_step or key != self._login_key:
            # A new card (or the number step just ended): start with an empty field.
            self.clear_input()
            self.number_method = None
            self._login_key = key
        self.view = view
        self.retranslate_ui()
        self._announce_error()

    def clear_input(self) -> None:
        """Forget what was typed (leaving the screen, after submitting, at session end)."""
        self.field.clear()
        self._local_error = None
        self._announced = None

    def focus_target(self) -> QWidget:
        return self.field

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.error.set_theme(theme)

    # --- actions -------------------------------------------------------------------------------

    def type_text(self, text: str) -> None:
        """A key on the keypad (or a key pressed while the field is not focused)."""
        if not self.field.isEnabled():
            return
        self.field.insert(text)
        self._typed()

    def erase(self) -> None:
        if self.field.isEnabled():
            self.field.backspace()
            self._typed()

    def submit(self) -> None:
        """OK: the number goes to the window, the PIN to the services."""
        if self.checking:
            return
        method = self.number_method
        if method is None:
            if self.view.login is None:
                return
            # Out of the widget at once, before the services have even started checking.
            pin = self.field.text()
            self.field.clear()
            if not pin:
                self.show_error("pin_missing")
                return
            self._busy = True
            self._local_error = None
            self.retranslate_ui()
            self.send_pin(pin)
            return
        typed = self.field.text()
        number = normalise_card_number(typed)
        if not number:
            self.show_error(CARD_NUMBER_MISSING)
            return
        if len(number) > 32 or not number.isalnum():
            self.show_error("card_number_invalid")
            return
        self._local_error = None
        self.number_submitted.emit(method.value, typed)

    @async_slot(str)
    async def send_pin(self, pin: str) -> None:
        """Check ``pin`` with the services (the field is already empty, input disabled)."""
        try:
            await self._controller.submit_pin(pin)
        except Exception:
            log.exception("checking the PIN failed")
            self._local_error = GENERIC
        finally:
            del pin
            self._busy = False
            self.retranslate_ui()
            self._announce_error()
            if self.isVisible() and self.field.isEnabled():
                self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel(self) -> None:
        if self.checking:
            return
        self.clear_input()
        if self.number_step:
            self.number_cancelled.emit()
        else:
            self._controller.cancel_login()

    # --- Qt ------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys the focused widget did not use arrive here: the physical keyboard works
        # whether the field, a key of the keypad or Cancel has the focus.
        key = event.key()
        text = event.text()
        if key == Qt.Key.Key_Escape:
            self.cancel()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key == Qt.Key.Key_Backspace:
            self.erase()
        elif len(text) == 1 and (text.isdigit() or (self.number_step and text.isalnum())):
            self.type_text(text)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def hideEvent(self, event: QHideEvent) -> None:
        self.clear_input()
        super().hideEvent(event)

    def retranslate_ui(self) -> None:
        method = self.number_method
        login = self.view.login or LoginView(method=LoginMethod.LIBRARY_CARD, card_hint="")
        guest = (method or login.method) is LoginMethod.GUEST_PASS
        if method is not None:
            if guest:
                self.title.setText(self.tr("Type your guest pass code"))
                self.hint.setText(
                    self.tr(
                        "The code is on the paper you got from the staff. "
                        "Type the letters with the keyboard."
                    )
                )
                self.field_label.setText(self.tr("Guest pass code"))
            else:
                self.title.setText(self.tr("Type your library card number"))
                self.hint.setText(
                    self.tr("The number is under the barcode. You can also scan the card.")
                )
                self.field_label.setText(self.tr("Library card number"))
            self.field.setEchoMode(QLineEdit.EchoMode.Normal)
            self.field.setValidator(self._number_validator)
            self.field.setMaxLength(40)
            self.field.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
            error = self._local_error
        else:
            self.title.setText(self.tr("Type your PIN"))
            if guest:
                self.hint.setText(self.tr("Guest pass {card}").format(card=login.card_hint))
            else:
                self.hint.setText(self.tr("Library card {card}").format(card=login.card_hint))
            self.field_label.setText(self.tr("PIN"))
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
            self.field.setValidator(self._pin_validator)
            self.field.setMaxLength(MAX_PIN_LENGTH)
            self.field.setInputMethodHints(
                Qt.InputMethodHint.ImhSensitiveData
                | Qt.InputMethodHint.ImhNoPredictiveText
                | Qt.InputMethodHint.ImhDigitsOnly
            )
            error = self._local_error or login.error
        checking = self.checking
        self.status.setText(self.tr("Checking…"))
        self.status.setVisible(checking)
        self.field.setEnabled(not checking)
        self.keypad.setEnabled(not checking)
        self.cancel_button.setEnabled(not checking)
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel and go back"))
        self.field.setAccessibleName(self.field_label.text())
        self.field.setAccessibleDescription(self.hint.text())
        if error is None or checking:
            self.error.show_notice(None)
        else:
            sentence = self._texts.sentence(error)
            retry = self.view.login.retry_after_seconds if self.view.login else None
            if error == "pin_throttled" and retry and not self.number_step:
                sentence = f"{sentence} {self._texts.retry_after(retry)}"
            self.error.show_notice(sentence)
        self.setAccessibleName(self.title.text())

    def _typed(self, _text: str = "") -> None:
        if self._local_error is not None:
            self._local_error = None
            self.retranslate_ui()

    def _announce_error(self) -> None:
        message = self.error.message
        if message is not None and message != self._announced:
            self._announcer.announce(self.error, message, assertive=True)
        self._announced = message
