"""What each role may do beyond route access: which commands staff may send."""

from __future__ import annotations

from fleet.auth.models import Role
from fleet.protocol import CommandType

#: Staff handle the PCs in front of them; restarts, syncs and shutdowns are IT's call.
STAFF_COMMANDS = frozenset(
    {
        CommandType.LOCK,
        CommandType.UNLOCK,
        CommandType.MESSAGE,
        CommandType.END_SESSION,
        CommandType.PRINT_GUEST_PASS,
    }
)

#: Sent from the page of what they print (a new guest pass), never from a device's page.
PAYLOAD_COMMANDS = frozenset({CommandType.PRINT_GUEST_PASS})


def may_send(role: str, command: CommandType) -> bool:
    if role == Role.ADMIN:
        return True
    return role == Role.STAFF and command in STAFF_COMMANDS


def allowed_commands(role: str) -> list[CommandType]:
    """The commands ``role`` may send from a device page, in the order the page shows them."""
    return [
        command
        for command in CommandType
        if command not in PAYLOAD_COMMANDS and may_send(role, command)
    ]
