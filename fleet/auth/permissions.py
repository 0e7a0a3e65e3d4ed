"""What each role may do beyond route access: which commands staff may send."""

from __future__ import annotations

from fleet.auth.models import Role
from fleet.protocol import CommandType

#: Staff handle the PCs in front of them; restarts and syncs are IT's call.
STAFF_COMMANDS = frozenset(
    {CommandType.LOCK, CommandType.UNLOCK, CommandType.MESSAGE, CommandType.END_SESSION}
)


def may_send(role: str, command: CommandType) -> bool:
    if role == Role.ADMIN:
        return True
    return role == Role.STAFF and command in STAFF_COMMANDS


def allowed_commands(role: str) -> list[CommandType]:
    """The commands ``role`` may send, in the order the device page shows them."""
    return [command for command in CommandType if may_send(role, command)]
