"""``fleet content keys add --pubkey FILE | retire KEY_ID | list``: trusted publisher keys;
``fleet content publish DIR [--assign SCOPE]``: a built bundle straight into the database;
``fleet content prune [--keep N] [--dry-run]``: old versions and unlisted blobs deleted now.

Day to day, bundles are uploaded, assigned and rolled out with the admin API and the web UI;
``publish`` is for first set-up and the demo (it runs where the database is reachable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session

from content.manifest import BLOBS_DIR, ManifestError, load_built, read_public_key
from fleet.content import keys, service
from fleet.content.housekeeping import PruneRules, prune
from fleet.db import create_db_engine, migrate, utcnow
from fleet.errors import FleetError
from fleet.settings import Settings


def add_content_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``content`` and its sub-commands on the ``fleet`` command's sub-parsers."""
    content = subparsers.add_parser("content", help="content bundles: trusted publisher keys")
    commands = content.add_subparsers(dest="content_command", required=True, metavar="COMMAND")
    key_parser = commands.add_parser("keys", help="publisher keys kiosks and the fleet trust")
    key_commands = key_parser.add_subparsers(dest="keys_command", required=True, metavar="COMMAND")

    add = key_commands.add_parser(
        "add",
        help="trust a publisher key",
        description="Trust the public key `content build` wrote beside the private one "
        "(KEY.pub). Kiosks learn it with their next configuration.",
    )
    add.add_argument("--pubkey", required=True, type=Path, metavar="FILE")
    add.set_defaults(func=add_command)

    retire = key_commands.add_parser(
        "retire",
        help="stop trusting a publisher key, for good",
        description="Nothing signed with the key is accepted any more, by the fleet or the "
        "kiosks. Rotate by adding the new key and publishing with it first.",
    )
    retire.add_argument("key_id", metavar="KEY_ID")
    retire.set_defaults(func=retire_command)

    key_commands.add_parser("list", help="list publisher keys").set_defaults(func=list_command)

    publish = commands.add_parser(
        "publish",
        help="store a built bundle (content build --out DIR) and optionally assign it",
        description="Verifies the signed manifest against the trusted keys, stores its blobs "
        "and the version, and with --assign makes a scope show it (kiosks pick it up at "
        "their next check-in).",
    )
    publish.add_argument("folder", type=Path, metavar="DIR")
    publish.add_argument(
        "--assign", metavar="SCOPE", help="'all', 'group:<group id>' or a branch id"
    )
    publish.set_defaults(func=publish_command)

    prune_parser = commands.add_parser(
        "prune",
        help="delete old versions and unlisted blobs now (the fleet also does it every 6 h)",
        description="Keeps each bundle's newest versions (FLEET_CONTENT_KEEP_VERSIONS) and any "
        "older one still assigned, in a roll-out or on a PC; deletes blobs no version lists "
        "once older than FLEET_CONTENT_BLOB_GRACE_HOURS.",
    )
    prune_parser.add_argument(
        "--keep", type=int, metavar="N", help="newest versions kept per bundle (0: all)"
    )
    prune_parser.add_argument(
        "--dry-run", action="store_true", help="list what would go, delete nothing"
    )
    prune_parser.set_defaults(func=prune_command)


@contextmanager
def _session(settings: Settings | None = None) -> Iterator[Session]:
    """A migrated database session, committed on success."""
    url = (settings or Settings()).resolved_database_url()
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
            session.commit()
    finally:
        engine.dispose()


def add_command(args: argparse.Namespace) -> int:
    try:
        public = read_public_key(args.pubkey)
    except ManifestError as error:
        print(f"fleet content keys add: {error}", file=sys.stderr)
        return 1
    with _session() as session:
        row, created = keys.add_key(session, public, "cli")
    print(f"key {row.key_id} is {'now' if created else 'already'} trusted")
    return 0


def retire_command(args: argparse.Namespace) -> int:
    with _session() as session:
        keys.retire_key(session, args.key_id, "cli")
    print(f"key {args.key_id} is retired: nothing signed with it is accepted any more")
    return 0


def list_command(_args: argparse.Namespace) -> int:
    with _session() as session:
        rows = keys.list_keys(session)
    if not rows:
        print("no content keys (fleet content keys add --pubkey KEY.pub)", file=sys.stderr)
    for row in rows:
        state = "trusted" if row.retired_at is None else f"retired {row.retired_at:%Y-%m-%d}"
        print(f"{row.key_id}\t{state}\tadded {row.added_at:%Y-%m-%d} by {row.added_by}")
    return 0


def publish_command(args: argparse.Namespace) -> int:
    try:
        signed = load_built(args.folder)
        blobs = {
            item.sha256: (args.folder / BLOBS_DIR / item.sha256).read_bytes()
            for item in signed.manifest.files
        }
    except (ManifestError, OSError) as error:
        print(f"fleet content publish: {error}", file=sys.stderr)
        return 1
    try:
        with _session() as session:
            published = service.publish_version(session, signed.to_json(), "cli", blobs=blobs)
            version = published.version
            if args.assign:
                service.assign(session, args.assign, version.id, "cli")
    except FleetError as error:
        print(f"fleet content publish: {error}", file=sys.stderr)
        return 1
    state = "published" if published.created else "already published"
    assigned = f", assigned to {args.assign}" if args.assign else ""
    print(f"{version.label} {state} (version id {version.id}){assigned}")
    return 0


def prune_command(args: argparse.Namespace) -> int:
    settings = Settings()
    keep = settings.content_keep_versions if args.keep is None else args.keep
    if keep < 0:
        print("fleet content prune: --keep must be 0 or more", file=sys.stderr)
        return 2
    rules = PruneRules(
        keep_versions=keep, blob_grace=dt.timedelta(hours=settings.content_blob_grace_hours)
    )
    with _session(settings) as session:
        result = prune(session, rules, utcnow(), dry_run=args.dry_run)
        if args.dry_run:
            session.rollback()
    verb = "would delete" if args.dry_run else "deleted"
    for label in result.versions:
        print(f"{verb} version {label}")
    print(
        f"{verb} {len(result.versions)} versions and {result.blobs} unlisted blobs "
        f"({result.blob_bytes / 1_048_576:.1f} MiB)"
    )
    return 0
