"""Choose the patron directory and deny rules from settings (``FLEET_PATRON_*``)."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from fleet.auth.passwords import Passwords
from fleet.db import Clock
from fleet.patrons.directory import PatronDirectory, PatronFlag
from fleet.patrons.local import LocalDirectory
from fleet.patrons.rules import DenyRules
from fleet.settings import Settings


class DirectoryConfigError(ValueError):
    """``FLEET_PATRON_DIRECTORY`` or a deny rule setting cannot be used."""


def open_directory(
    settings: Settings, sessions: Callable[[], Session], passwords: Passwords, clock: Clock
) -> PatronDirectory:
    """``local`` or a ``sip2://`` URL (DESIGN.md contracts); anything else is refused."""
    spec = settings.patron_directory.strip()
    if spec == "local":
        return LocalDirectory(sessions, passwords, clock=clock)
    if spec.lower().startswith("sip2://"):
        # Imported here: a fleet with the local directory never loads the SIP2 client.
        from fleet.patrons.sip2 import Sip2Directory, parse_directory_url

        try:
            return Sip2Directory(parse_directory_url(spec))
        except ValueError as error:
            raise DirectoryConfigError(f"FLEET_PATRON_DIRECTORY: {error}") from None
    raise DirectoryConfigError(
        "FLEET_PATRON_DIRECTORY must be 'local' or 'sip2://USER:PASSWORD@HOST:PORT?location=CODE'."
    )


def deny_rules(settings: Settings) -> DenyRules:
    """The deny rules from settings; an unknown flag name is refused, not ignored."""
    names = frozenset(
        name.strip() for name in settings.patron_deny_flags.split(",") if name.strip()
    )
    unknown = names - frozenset(PatronFlag.SIP2_ORDER)
    if unknown:
        raise DirectoryConfigError(
            f"FLEET_PATRON_DENY_FLAGS: unknown flag(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(PatronFlag.SIP2_ORDER)}."
        )
    return DenyRules(
        deny_flags=names,
        fee_limit_cents=settings.patron_fee_limit_cents,
        min_age=settings.patron_min_age,
        child_under=settings.patron_child_under,
    )
