"""The kiosk shell's state as the UI sees it, and the service interface the UI drives.

The UI (``kiosk.ui``) renders a :class:`ShellView` and calls :class:`ShellController`
methods; it never talks to the network, hardware or disk itself. Services push changes
to registered :class:`ShellListener` objects, which the UI adapts to Qt signals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from fleet.protocol import DayHours, DeviceHealth, LocalizedText

LANGUAGES = ("fi", "sv", "en")


class ShellMode(StrEnum):
    """Which screen the shell shows."""

    STARTING = "starting"  # loading local state; nothing to show yet
    NOT_REGISTERED = "not_registered"  # no credential, or the fleet revoked it: "contact IT"
    IDLE = "idle"  # ready for the next visitor
    LOCKED = "locked"  # locked by IT or staff, with their message


@dataclass(frozen=True)
class ShellView:
    """Everything the screens show. Immutable: services publish a new one on every change."""

    mode: ShellMode = ShellMode.STARTING
    language: str = "fi"
    lock_message: str | None = None
    device_name: str | None = None
    branch_name: LocalizedText | None = None
    #: Opening hours for the branch's local today, or None before the first config arrives.
    hours_today: DayHours | None = None
    today: dt.date | None = None
    online: bool = False
    reader: DeviceHealth = field(default_factory=DeviceHealth)
    printer: DeviceHealth = field(default_factory=DeviceHealth)


class ShellListener(Protocol):
    """Receives what the services want the UI to show. Called on the event-loop thread."""

    def view_changed(self, view: ShellView) -> None: ...

    def message_received(self, text: str) -> None:
        """A message from staff or IT to show to whoever is at the PC."""
        ...

    def restart_requested(self) -> None:
        """The fleet asked for a restart; the UI closes cleanly and the app re-executes."""
        ...


class ShellController(Protocol):
    """What the UI may ask of the services."""

    @property
    def view(self) -> ShellView: ...

    def add_listener(self, listener: ShellListener) -> None: ...

    async def set_language(self, language: str) -> None:
        """Switch the visitor's language (fi, sv or en); recorded as an anonymous event."""
        ...
