"""Translatable names for the codes the UI shows (states, health, commands, errors)."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction; it is translated when rendered."""
    return message


STATES = {
    "idle": N_("Idle"),
    "in_session": N_("In use"),
    "locked": N_("Locked"),
    "error": N_("Error"),
}
HEALTH = {
    "ok": N_("Working"),
    "warning": N_("Needs attention"),
    "error": N_("Not working"),
    "absent": N_("Not connected"),
}
HEALTH_ICONS = {"ok": "✓", "warning": "!", "error": "✕", "absent": "–"}
HEALTH_CLASSES = {"ok": "ok", "warning": "warn", "error": "bad", "absent": "none"}
COMMANDS = {
    "lock": N_("Lock"),
    "unlock": N_("Unlock"),
    "end_session": N_("End session"),
    "message": N_("Show message"),
    "restart": N_("Restart"),
    "sync": N_("Sync now"),
}
COMMAND_HELP = {
    "lock": N_("Locks the PC and shows your message on the screen."),
    "unlock": N_("Opens a locked PC for visitors again."),
    "end_session": N_("Ends the current visitor's session and wipes it."),
    "message": N_("Shows your message to whoever is at the PC."),
    "restart": N_("Restarts the kiosk program."),
    "sync": N_("Makes the PC fetch its settings and content now."),
}
COMMAND_STATUSES = {
    "queued": N_("Waiting"),
    "delivered": N_("Delivered"),
    "succeeded": N_("Done"),
    "failed": N_("Failed"),
    "expired": N_("Expired"),
}
DEVICE_STATUSES = {
    "active": N_("Active"),
    "revoked": N_("Revoked"),
    "retired": N_("Replaced"),
}
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
#: Business error codes the UI explains in the reader's language.
ERRORS = {
    "invalid_hours": N_("Check the hours: give both times or neither, closing after opening."),
    "message_required": N_("Write the message to show."),
    "message_too_long": N_("The message may be at most 500 characters."),
    "device_not_active": N_("This PC has been revoked or replaced; it takes no commands."),
    "profile_exists": N_("A profile with this name already exists."),
    "invalid_policy": N_("These overrides do not make valid settings."),
    "invalid_profile": N_("Check the values: a name is needed and each number has limits."),
    "device_not_found": N_("There is no such PC."),
    "branch_not_found": N_("There is no such branch."),
    "profile_not_found": N_("There is no such profile."),
    "command_not_found": N_("There is no such command."),
    "hours_exception_not_found": N_("There is no exception for that date."),
    "invalid_max_uses": N_("The number of uses must be between 1 and 10,000."),
    "invalid_ttl": N_("The validity must be longer than zero."),
}
GENERIC_ERROR = N_("That did not work. Check the values and try again.")
