"""``fleet cards ...``: issue demo digital cards, rotate and list issuer keys, revoke cards.

``fleet cards issue --customer-id ID [--library-card N] [--days 365] --out CARD.json``
writes the phone's wallet (certificate + private key) with mode 0600 for the phone
simulator; it prints the card id and expiry, never the key.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session

from fleet.cards import service
from fleet.crypto import DataKeys
from fleet.db import create_db_engine, migrate, utcnow
from fleet.settings import Settings


def add_cards_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``cards`` and its sub-commands on the ``fleet`` command's sub-parsers."""
    cards = subparsers.add_parser(
        "cards", help="digital customer cards: demo cards, issuer keys, revocations"
    )
    commands = cards.add_subparsers(dest="cards_command", required=True, metavar="COMMAND")

    issue = commands.add_parser(
        "issue",
        help="mint a demo card for the phone simulator",
        description="Sign a demo card with the fleet's active issuer key (created if there is "
        "none) and write the phone's wallet file (mode 0600).",
    )
    issue.add_argument("--customer-id", required=True, help="the city's customer id")
    issue.add_argument("--library-card", help="library card number linked to the card")
    issue.add_argument(
        "--days", type=int, default=365, help="validity in days (default 365, at most 1095)"
    )
    issue.add_argument("--out", required=True, type=Path, help="wallet file to write")
    issue.set_defaults(func=issue_command)

    rotate = commands.add_parser(
        "rotate-key",
        help="make a new signing key; the old one keeps verifying its cards",
        description="Make a new active issuer key. The old key stays trusted until the cards "
        f"it signed have expired ({service.MAX_CARD_VALIDITY.days} days) unless "
        "--retire-old-after-days says otherwise (0: at once, for a leaked key).",
    )
    rotate.add_argument("--retire-old-after-days", type=float, metavar="DAYS")
    rotate.set_defaults(func=rotate_command)

    retire = commands.add_parser(
        "retire-key", help="stop trusting an issuer key now (a leaked key)"
    )
    retire.add_argument("kid", metavar="KID")
    retire.set_defaults(func=retire_command)

    imported = commands.add_parser(
        "import-key", help="trust a public issuer key of the city's app (verify only)"
    )
    imported.add_argument("--kid", required=True)
    imported.add_argument("--public-key", required=True, help="raw Ed25519 key, base64url")
    imported.set_defaults(func=import_command)

    revoke = commands.add_parser("revoke", help="refuse a card from now on (a lost phone)")
    revoke.add_argument("card_id", metavar="CARD_ID")
    revoke.add_argument(
        "--card-expires",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the card's expiry, after which the entry is dropped "
        f"(default: {service.MAX_CARD_VALIDITY.days} days from now)",
    )
    revoke.set_defaults(func=revoke_command)

    commands.add_parser("keys", help="list issuer keys").set_defaults(func=keys_command)


@contextmanager
def _session() -> Iterator[tuple[Session, DataKeys]]:
    """A migrated database session, committed on success, and the fleet's data keys."""
    settings = Settings()
    url = settings.resolved_database_url()
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session, DataKeys(settings.resolved_data_secret())
            session.commit()
    finally:
        engine.dispose()


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` readable by the owner only, also when the file existed before."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text)


def issue_command(args: argparse.Namespace) -> int:
    with _session() as (session, keys):
        key = service.ensure_issuer_key(session, keys, "cli")
        wallet = service.issue_demo_card(
            session,
            keys,
            customer_id=args.customer_id,
            library_card=args.library_card,
            valid_days=args.days,
        )
    try:
        _write_private(args.out, wallet.model_dump_json(indent=2) + "\n")
    except OSError as error:
        print(f"fleet cards issue: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"card {wallet.card_id}")
    print(f"valid until {wallet.expires_at.isoformat()} (issuer key {key.kid})")
    print(f"wallet written to {args.out}", file=sys.stderr)
    return 0


def rotate_command(args: argparse.Namespace) -> int:
    days = args.retire_old_after_days
    if days is not None and not 0 <= days <= service.MAX_CARD_VALIDITY.days:
        print(
            "fleet cards rotate-key: --retire-old-after-days must be between 0 and "
            f"{service.MAX_CARD_VALIDITY.days}.",
            file=sys.stderr,
        )
        return 2
    with _session() as (session, keys):
        key = service.rotate_issuer_key(
            session,
            keys,
            "cli",
            retire_old_after=dt.timedelta(days=days) if days is not None else None,
        )
    print(f"new active issuer key {key.kid}")
    return 0


def retire_command(args: argparse.Namespace) -> int:
    with _session() as (session, _keys):
        service.retire_issuer_key(session, args.kid, "cli")
    print(f"issuer key {args.kid} is no longer trusted")
    return 0


def import_command(args: argparse.Namespace) -> int:
    with _session() as (session, _keys):
        service.import_issuer_public_key(session, args.kid, args.public_key, "cli")
    print(f"issuer key {args.kid} is trusted (verification only)")
    return 0


def revoke_command(args: argparse.Namespace) -> int:
    if args.card_expires is not None:
        expires = dt.datetime.combine(args.card_expires, dt.time(23, 59, 59), dt.UTC)
    else:
        expires = utcnow() + service.MAX_CARD_VALIDITY
    with _session() as (session, _keys):
        service.revoke_card(session, args.card_id, expires, "cli")
    print(f"card {args.card_id} is revoked")
    return 0


def keys_command(_args: argparse.Namespace) -> int:
    now = utcnow()
    with _session() as (session, _keys):
        rows = service.list_issuer_keys(session)
    if not rows:
        print("no issuer keys (fleet cards issue or rotate-key makes one)", file=sys.stderr)
    for row in rows:
        if row.active:
            state = "active"
        elif row.not_after is None or row.not_after > now:
            state = "verifies" if row.not_after is None else "retiring"
        else:
            state = "retired"
        until = row.not_after.isoformat() if row.not_after else "-"
        origin = "local" if row.private_key is not None else "public-only"
        print(f"{row.kid}\t{state}\t{origin}\tcreated {row.created_at:%Y-%m-%d}\tuntil {until}")
    return 0
