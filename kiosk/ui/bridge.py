"""ShellBridge: turns ShellListener callbacks from the services into Qt signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.services.shell import ShellView


class ShellBridge(QObject):
    """Implements :class:`kiosk.services.shell.ShellListener`; widgets connect to its signals.

    Services call it on the event-loop thread, which under qasync is the Qt GUI thread, so the
    signals are delivered directly; a queued connection would work the same from any thread.
    """

    view_published = Signal(object)  # ShellView
    message_delivered = Signal(str)
    restart_asked = Signal()
    session_ended = Signal()

    def view_changed(self, view: ShellView) -> None:
        self.view_published.emit(view)

    def message_received(self, text: str) -> None:
        self.message_delivered.emit(text)

    def restart_requested(self) -> None:
        self.restart_asked.emit()

    def session_wiped(self) -> None:
        self.session_ended.emit()
