"""Devices: enrolment, credentials, check-in, commands, usage events and the nudge socket."""
