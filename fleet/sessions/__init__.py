"""Visitor sessions: log-in grants, daily allowance, extensions, guest passes, reservations."""
