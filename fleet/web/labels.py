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
    "shut_down": N_("Switched off on purpose"),
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
    "print_guest_pass": N_("Print a guest pass slip"),
    "shutdown": N_("Shut down"),
}
COMMAND_HELP = {
    "lock": N_("Locks the PC and shows your message on the screen."),
    "unlock": N_("Opens a locked PC for visitors again."),
    "end_session": N_("Ends the current visitor's session and wipes it."),
    "message": N_("Shows your message to whoever is at the PC."),
    "restart": N_("Restarts the kiosk program."),
    "sync": N_("Makes the PC fetch its settings and content now."),
    "shutdown": N_(
        "Switches the PC off. A visitor using it is warned and logged out after a minute. "
        "It switches on again at the time you choose, or as its power schedule says."
    ),
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
    "wake_at_invalid": N_("Check the wake-up time: give a date and a time."),
    "wake_at_past": N_("The wake-up time has already passed. Choose a time in the future."),
    "wake_at_too_soon": N_("The wake-up time must be at least 5 minutes from now."),
    "wake_at_too_far": N_("The wake-up time may be at most 7 days from now."),
    "wake_at_not_allowed": N_("Only a shutdown takes a wake-up time."),
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
    # visitor pages: sessions, cards, guest passes, reservations
    "session_not_found": N_("There is no such session. It may have ended already."),
    "session_not_active": N_("The session has already ended."),
    "invalid_card_number": N_("Type the card number: letters and digits, at most 32."),
    "pin_required": N_("Type the PIN."),
    "release_expired": N_(
        "The release button is too old or belongs to another sign-in. Check the card again."
    ),
    "guest_pass_not_found": N_("There is no such guest pass."),
    "invalid_guest_pass": N_(
        "Check the guest pass: 5 to 1,440 minutes, valid for 31 days at most."
    ),
    "invalid_pass_minutes": N_("Give the minutes as a number from 5 to 1,440."),
    "invalid_pass_end": N_("The end must be later than now and at most 31 days ahead."),
    "guest_pass_mismatch": N_(
        "This page's code or PIN does not match the pass. Create a new pass to print a slip."
    ),
    "guest_pass_ended": N_("This guest pass has been revoked or has expired."),
    "guest_pass_other_branch": N_(
        "This pass is for another branch than that PC. Choose a PC at the pass's branch."
    ),
    "printer_required": N_("Choose the PC whose slip printer should print the slip."),
    "reservation_not_found": N_("There is no such reservation."),
    "no_free_pc": N_("No PC is free at that time. Choose another time."),
    "pc_taken": N_(
        "That PC is already reserved for part of that time. Choose another PC or “Any free PC”."
    ),
    "reservation_outside_hours": N_("The library is not open for all of that time."),
    "invalid_reservation": N_(
        "Choose a start time that has not passed yet, at most 14 days ahead."
    ),
    "invalid_reservation_minutes": N_("Give the length as a number from 15 to 240 minutes."),
}
GENERIC_ERROR = N_("That did not work. Check the values and try again.")
LOGIN_ALLOWED = N_("May log in now.")
#: Why a card may not log in: ``LoginRefusal`` codes in the reader's language (staff's
#: "check a card", the admin API's ``patrons/check``). The kiosk has its own wording.
LOGIN_REFUSALS = {
    "card_unknown": N_("The library does not know this card number."),
    "pin_wrong": N_("The PIN is wrong."),
    "pin_throttled": N_("Too many wrong PINs: this card is paused for a while."),
    "card_blocked": N_("The card is blocked in the library system (for example reported lost)."),
    "card_expired": N_("The library card has expired."),
    "fees_over_limit": N_("Unpaid fees are over the limit for using the PCs."),
    "too_young": N_("The card holder is under the age limit for these PCs."),
    "guest_pass_expired": N_("The guest pass is not valid now."),
    "guest_pass_used_up": N_("The guest pass has no minutes left."),
    "digital_card_forged": N_("The digital card could not be verified."),
    "digital_card_expired": N_("The digital card has expired."),
    "digital_card_revoked": N_("The digital card has been cancelled."),
    "proof_expired": N_("The code on the phone was too old; show a fresh one."),
    "proof_replayed": N_("The code on the phone was already used; show a fresh one."),
    "proof_other_device": N_("The phone answered for another PC."),
    "proof_malformed": N_("The code could not be read."),
    "daily_limit_reached": N_("The daily time on the PCs is used up."),
    "already_in_session": N_("This card is in use on another PC."),
    "library_closed": N_("The library is closed or about to close."),
    "pc_reserved": N_("This PC is reserved for someone else now."),
    "extension_not_allowed": N_("More time is not allowed."),
    "session_not_active": N_("The session has already ended."),
    "directory_unavailable": N_("The library system is not answering right now."),
}

# --- visitor pages ---------------------------------------------------------------------------

#: How a visitor logged in (``LoginMethod``), in words.
LOGIN_METHODS = {
    "library_card": N_("Library card"),
    "digital_card": N_("Digital customer card"),
    "guest_pass": N_("Guest pass"),
}
#: ``PatronCategory``: what the rules distinguish, nothing more personal.
PATRON_CATEGORIES = {
    "adult": N_("Adult"),
    "child": N_("Child"),
    "guest": N_("Guest"),
}
PASS_STATUSES = {
    "valid": N_("Valid"),
    "used_up": N_("Time used up"),
    "expired": N_("Expired"),
    "revoked": N_("Revoked by staff"),
}
#: What a page says after a staff action succeeded (POST/redirect/GET).
VISITOR_NOTICES = {
    "session_ended": N_(
        "The PC will log the visitor out and wipe the session, usually within a minute. "
        "The session leaves this list when the PC reports it."
    ),
    "message_sent": N_("Message sent. It shows on the PC's screen within a minute."),
    "card_released": N_("The card is released: it can be used to log in again now."),
    "pass_revoked": N_("The guest pass is revoked. It no longer works."),
    "reservation_cancelled": N_("The reservation is cancelled."),
    "reserved": N_("Reserved: %(pc)s, %(start)s–%(end)s."),
    "slip_sent": N_(
        "Sent to %(pc)s: the slip prints within a minute or so. If it does not come, "
        "print this page or write the code and PIN down."
    ),
}
#: The printed guest-pass slip, in every language on the same slip.
GUEST_PASS_SLIP = {
    "title": N_("Guest pass"),
    "code": N_("Code"),
    "pin": N_("PIN"),
    "how": N_("At a library PC, choose “Guest pass”. Type the code, then the PIN."),
    "valid": N_("Valid until %(when)s. PC time in all: %(minutes)s minutes."),
    "where": N_("Works only at this library: %(branch)s."),
    "anywhere": N_("Works at every library."),
}

# --- adviser console (/support/) -------------------------------------------------------------

#: The languages advisers serve in, named in the reader's language.
SUPPORT_LANGUAGES = {"fi": N_("Finnish"), "sv": N_("Swedish"), "en": N_("English")}
#: ``BookingStatus``, each with an icon and a class: never colour alone.
BOOKING_STATUSES = {
    "booked": N_("Booked"),
    "checked_in": N_("Arrived"),
    "done": N_("Done"),
    "no_show": N_("Did not come"),
    "cancelled": N_("Cancelled"),
}
BOOKING_STATUS_ICONS = {
    "booked": "○",
    "checked_in": "●",
    "done": "✓",
    "no_show": "✕",
    "cancelled": "–",
}
BOOKING_STATUS_CLASSES = {
    "booked": "none",
    "checked_in": "warn",
    "done": "ok",
    "no_show": "bad",
    "cancelled": "none",
}
#: ``HelpStatus`` of an open ticket.
HELP_STATUSES = {"waiting": N_("Waiting"), "called": N_("Called")}
HELP_STATUS_ICONS = {"waiting": "…", "called": "➜"}
#: What a console page says after an action succeeded (POST/redirect/GET).
SUPPORT_NOTICES = {
    "checked_in": N_("Marked as arrived."),
    "booking_done": N_("The session is marked done. Thank you!"),
    "no_show": N_("Marked as not come."),
    "booking_cancelled": N_("The booking is cancelled. The time is free for others again."),
    "nobody_waiting": N_("Nobody is waiting in the queue."),
    "ticket_done": N_("The visitor has been helped: the ticket is closed."),
    "ticket_left": N_("The ticket is closed: the visitor left."),
    "rule_added": N_("The weekly time is added. Visitors can book it now."),
    "rule_changed": N_("The weekly time is changed. Existing bookings stay as they are."),
    "rule_removed": N_(
        "The weekly time is removed. Existing bookings stay: cancel them if needed."
    ),
    "away_added": N_("The day away is saved: no new bookings that day."),
    "away_removed": N_("The day away is removed."),
    "profile_saved": N_("Your profile is saved."),
    "adviser_created": N_("The adviser profile is created."),
    "adviser_activated": N_("The adviser takes bookings again."),
    "adviser_deactivated": N_("The adviser no longer takes bookings. Existing bookings stay."),
    "called": N_("Ticket %(number)s is called. Go to %(pc)s: the PC shows that you are coming."),
}
#: Business errors of the support services, explained (added to ``ERRORS``).
SUPPORT_ERRORS = {
    "booking_not_found": N_("There is no such booking."),
    "help_request_not_found": N_("There is no such ticket."),
    "adviser_not_found": N_("There is no such adviser."),
    "user_not_found": N_("There is no such account."),
    "availability_rule_not_found": N_("There is no such weekly time."),
    "availability_exception_not_found": N_("There is no day away on that date."),
    "too_early": N_("A visitor can be marked as not come only once the time has started."),
    "too_late": N_("Bookings for that time have closed. Choose another time."),
    "too_far_ahead": N_("That time cannot be booked yet. Choose an earlier time."),
    "slot_full": N_("That time has just been taken. Choose another time."),
    "slot_unavailable": N_("That time is not free any more. Choose another time."),
    "booking_cancelled": N_("This booking has been cancelled."),
    "invalid_transition": N_("Not possible for this booking any more. Its status has changed."),
    "help_request_not_waiting": N_("This visitor is not waiting any more."),
    "branch_not_offered": N_("The adviser does not work at that branch."),
    "topic_not_offered": N_("The adviser does not help with that topic."),
    "language_not_offered": N_("The adviser does not advise in that language."),
    "rule_overlaps": N_("You already have a weekly time then on that weekday."),
    "branch_not_served": N_("Choose one of the branches in your profile."),
    "branch_has_rules": N_(
        "You have weekly times at that branch. Remove them before removing the branch."
    ),
    "adviser_exists": N_("This adviser already has a profile."),
    "not_an_adviser": N_("Only active accounts with the adviser role can have a profile."),
    "name_required": N_("Give the visitor's name or a nickname: at most 60 characters."),
    "invalid_phone": N_("Give the phone number in digits, for example +358 40 123 4567."),
    "invalid_email": N_("Give an e-mail address such as name@example.fi."),
    "slot_required": N_("Choose a time."),
    "invalid_weekday": N_("Choose a weekday."),
    "invalid_time": N_("Give the time as hours and minutes, for example 10:00."),
    "invalid_rule_end": N_("The end must be after the start, with room for at least one slot."),
    "invalid_slot_minutes": N_("Give the slot length as a number from 10 to 480 minutes."),
    "invalid_buffer_minutes": N_("Give the break as a number from 0 to 240 minutes."),
    "invalid_capacity": N_("Give the number of visitors as a number from 1 to 30."),
    "invalid_notice_minutes": N_("Give the minutes as a number from 0 to 20,160 (two weeks)."),
    "invalid_horizon_days": N_("Give the days as a number from 1 to 366."),
    "invalid_date": N_("Give a date, for example 2026-12-24."),
    "invalid_valid_until": N_("The last day must be the first day or later."),
    "invalid_note": N_("The note may be at most 200 characters."),
    "display_name_required": N_("Give the first name visitors see: at most 64 characters."),
    "branches_required": N_("Choose at least one branch."),
    "topics_required": N_("Choose at least one topic."),
    "languages_required": N_("Choose at least one language."),
    "invalid_place": N_("The place may be at most 200 characters."),
    "adviser_required": N_("Choose an adviser account."),
}
ERRORS.update(SUPPORT_ERRORS)
#: The booking slip, printed in the language of the booking.
BOOKING_SLIP = {
    "title": N_("Digital support appointment"),
    "when": N_("Time"),
    "where": N_("Place"),
    "adviser": N_("Adviser"),
    "topic": N_("Topic"),
    "code": N_("Booking code"),
    "keep": N_("Keep the code. With it you can cancel or change the time at a library PC."),
}
#: The statistics' metrics (fleet/stats/catalogue.py), as the dashboard and open data name them.
STAT_METRICS = {
    "logins": N_("Log-ins"),
    "sessions": N_("PC sessions"),
    "session_minutes": N_("Minutes in PC sessions"),
    "extensions": N_("Session extensions"),
    "logins_failed": N_("Refused log-ins"),
    "help_requests": N_("Walk-in help requests"),
    "help_called": N_("Walk-in visitors helped"),
    "help_wait_minutes": N_("Minutes walk-in visitors waited"),
    "help_cancelled": N_("Walk-in requests cancelled"),
    "bookings_made": N_("Adviser bookings made"),
    "bookings_cancelled": N_("Adviser bookings cancelled"),
    "bookings_no_show": N_("Adviser bookings not attended"),
    "bookings_done": N_("Adviser appointments held"),
    "support_minutes": N_("Minutes of adviser appointments"),
    "guides_opened": N_("Guides opened"),
    "guides_completed": N_("Guides read to the end"),
    "guides_helpful": N_("Guides found helpful"),
    "guides_not_helpful": N_("Guides found not helpful"),
    "prints": N_("Slips printed"),
    "print_errors": N_("Slips not printed"),
    "pc_open_minutes": N_("PC minutes during opening hours"),
    "pc_online_minutes": N_("PC minutes online"),
    "pc_offline_minutes": N_("PC minutes offline during opening hours"),
    "pc_session_minutes": N_("PC minutes in use"),
}

# --- content: live announcements, bundles, roll-outs (fleet/web/content.py) ------------------

#: ``AnnouncementLevel`` in words, with what each one does on the kiosk.
ANNOUNCEMENT_LEVELS = {"info": N_("Information"), "urgent": N_("Urgent")}
ANNOUNCEMENT_LEVEL_HELP = {
    "info": N_("Shown on the idle screen beside the slides, with an “i” sign."),
    "urgent": N_(
        "Shown at once on every chosen PC, above everything else on the idle screen, with a "
        "warning sign and the word “Important”."
    ),
}
#: Drawn as a circled "i" and a warning triangle (``.sign-info``, ``.sign-urgent`` in admin.css).
ANNOUNCEMENT_ICONS = {"info": "i", "urgent": "⚠"}
#: The word the kiosk puts before an urgent announcement (the kiosk's own wording).
KIOSK_IMPORTANT = N_("Important")
ROLLOUT_STAGES = {
    "pilot": N_("Pilot branch only"),
    "all": N_("Promoted to all branches"),
    "rolled_back": N_("Rolled back"),
}
FILE_KINDS = {
    "bundle": N_("Bundle details"),
    "guide": N_("Guide"),
    "slide": N_("Slide"),
    "announcement": N_("Announcement"),
    "image": N_("Picture"),
}
#: ``ContentError``: why a kiosk did not install the version it was offered.
KIOSK_CONTENT_ERRORS = {
    "forged": N_("The signature did not match"),
    "unknown_key": N_("Signed with a key the PC does not trust"),
    "expired": N_("The version had expired"),
    "older_version": N_("Older than the version on the PC"),
    "bad_blob": N_("A downloaded file was damaged"),
    "malformed": N_("The manifest could not be read"),
    "download_failed": N_("The download failed"),
    "disk_full": N_("The PC's disk is full"),
}
#: What a content page says after an action succeeded (POST/redirect/GET).
CONTENT_NOTICES = {
    "published": N_(
        "The announcement is published. The chosen PCs get it within seconds and show it "
        "from its start until its end."
    ),
    "withdrawn": N_("The announcement is withdrawn. The PCs stop showing it within seconds."),
    "uploaded": N_("The bundle is uploaded: %(label)s. Assign it or start a roll-out below."),
    "already": N_("This bundle was uploaded before: %(label)s. Nothing changed."),
    "assigned": N_("Assigned. The PCs concerned fetch the version within seconds."),
    "unassigned": N_(
        "The branch's own assignment is removed. It now shows its group's version, or else "
        "what all branches show."
    ),
    "group_unassigned": N_(
        "The group's assignment is removed. Its branches now show what all branches show, "
        "unless they have a version of their own."
    ),
    "rollout_started": N_("The roll-out has started on the pilot branch. Follow it below."),
    "promoted": N_("The version is now assigned to all branches."),
    "rolled_back": N_("Rolled back: every branch the roll-out changed shows what it had before."),
    "key_added": N_("The key is trusted. The PCs learn it at their next check-in."),
    "key_retired": N_("The key is retired. Nothing signed with it is accepted any more."),
}
#: Refusals of the content services, explained (added to ``ERRORS``).
CONTENT_ERRORS = {
    # announcements
    "announcement_not_found": N_("There is no such announcement."),
    "announcement_level_unknown": N_("Choose the level: information or urgent."),
    "announcement_text_missing": N_(
        "Write the text in this language too. Every PC offers all three."
    ),
    "announcement_text_too_long": N_("The text is too long: at most 280 characters."),
    "announcement_text_invalid": N_("The text has an invisible control character. Type it again."),
    "announcement_start_missing": N_("Give the start as a date and a time."),
    "announcement_end_missing": N_("Give the end as a date and a time."),
    "announcement_end_before_start": N_("The end must be after the start."),
    "announcement_too_long_running": N_(
        "An announcement can run for at most 30 days. For longer, ask IT to add it to the "
        "content bundle."
    ),
    "announcement_end_passed": N_("The end has already passed. Choose a later end."),
    "announcement_start_too_far": N_("The start can be at most a year ahead."),
    "announcement_branches_required": N_("Choose at least one branch, or “All branches”."),
    "too_many_announcements": N_(
        "20 announcements are already running or planned. Withdraw one before adding another."
    ),
    # uploads
    "bundle_file_required": N_("Choose the bundle file (.tar or .tar.gz) to upload."),
    "payload_too_large": N_("The file is larger than the fleet accepts (FLEET_MAX_CONTENT_BYTES)."),
    "bad_archive": N_(
        "The file is not a usable bundle archive. Upload a .tar or .tar.gz of the folder that "
        "“content build” wrote: manifest.json and the blobs folder."
    ),
    "malformed": N_(
        "The archive's manifest.json is not a signed manifest that “content build” wrote."
    ),
    "forged": N_(
        "The signature does not match the contents: the bundle was changed after it was "
        "signed. Build it again."
    ),
    "unknown_key": N_(
        "The bundle is signed with a key the fleet does not trust, or with a retired key. Add "
        "the publisher's key below, or build with a trusted key."
    ),
    "expired": N_("The bundle has expired. Build it again and upload the new build."),
    "blobs_missing": N_(
        "Some of the bundle's files are not in the archive. Pack the whole built folder: "
        "manifest.json and the blobs folder."
    ),
    "version_exists": N_(
        "This version of the bundle was uploaded before with other contents. Raise the version "
        "in bundle.yaml, build and upload again."
    ),
    "hash_mismatch": N_("A file in the archive is damaged. Build and pack the bundle again."),
    "size_mismatch": N_("A file in the archive is damaged. Build and pack the bundle again."),
    # assignment and roll-outs
    "version_required": N_("Choose a version."),
    "scope_required": N_("Choose all branches, a group or one branch."),
    "pilot_required": N_("Choose the pilot branch."),
    "content_version_not_found": N_("There is no such content version."),
    "content_rollout_not_found": N_("There is no such roll-out."),
    "content_assignment_not_found": N_("That branch has no assignment of its own."),
    "key_retired": N_(
        "The version is signed with a retired key. Build the bundle with a trusted key and "
        "upload it again."
    ),
    "version_expired": N_("That version has expired. Build and upload a fresh one."),
    "invalid_pilot": N_("The pilot is one branch, not all of them."),
    "rollout_in_progress": N_(
        "A roll-out is still in its pilot. Promote it or roll it back before starting another."
    ),
    "rollout_not_in_pilot": N_("This roll-out is not in its pilot any more."),
    "rollout_rolled_back": N_("This roll-out is already rolled back."),
    "rollout_superseded": N_("A later roll-out is in effect. Roll that one back first."),
    # keys
    "content_key_not_found": N_("There is no such key."),
    "invalid_key": N_(
        "Paste the whole KEY.pub file that “content keygen” wrote, for example "
        '{"key_id": "…", "public_key": "…"}.'
    ),
    "too_many_keys": N_("The PCs trust at most 20 keys. Retire an old key first."),
}
ERRORS.update(CONTENT_ERRORS)
#: Refusals about branch groups, explained (added to ``ERRORS``).
GROUP_ERRORS = {
    "branch_group_not_found": N_("There is no such branch group."),
    "branch_group_exists": N_(
        "A group with this identifier exists already. Choose another, or open that group to "
        "change it."
    ),
    "branch_group_assigned": N_(
        "Content is assigned to this group, so it cannot be deleted. Remove the group's "
        "assignment on the content page first (“What the branches show”)."
    ),
    "invalid_group_id": N_(
        "Check the identifier: 2–26 characters, lower-case letters a–z, digits and hyphens, "
        "starting with a letter."
    ),
    "group_name_required": N_("Write the group's name in this language too."),
}
ERRORS.update(GROUP_ERRORS)
#: Adding a key that was retired (``key_retired`` from the key service, not from an assignment).
KEY_RETIRED_FOR_GOOD = N_(
    "This key was retired, and a retired key is never trusted again. Make a new key with "
    "“content keygen”."
)
