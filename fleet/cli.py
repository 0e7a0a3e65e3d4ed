"""The ``fleet`` command: serve, migrate, demo-data, enroll-code, users, stats and more."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from sqlmodel import Session

from fleet.auth.cli import add_users_parser
from fleet.cards.cli import add_cards_parser
from fleet.content.cli import add_content_parser
from fleet.db import create_db_engine, migrate
from fleet.errors import FleetError
from fleet.settings import Settings
from fleet.stats.cli import add_stats_parser
from fleet.support.cli import add_advisers_parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fleet",
        description="Library kiosk fleet server. The database comes from FLEET_DATABASE_URL "
        "(default: a SQLite file under ./var/).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate the database, then run the server")
    serve.add_argument("--host", help="address to bind (default FLEET_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default FLEET_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default FLEET_WORKERS or 1)")
    serve.set_defaults(func=serve_command)

    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        func=migrate_command
    )
    commands.add_parser(
        "demo-data",
        help="add demo branches, profiles, patrons (local directory) and a card issuer key",
    ).set_defaults(func=demo_data_command)

    code = commands.add_parser("enroll-code", help="create a one-time enrolment code")
    code.add_argument("--branch", required=True, help="branch id, e.g. oodi")
    code.add_argument("--uses", type=int, default=1, help="how many kiosks may use it (1)")
    code.add_argument("--ttl-hours", type=float, help="lifetime in hours (default 72)")
    code.set_defaults(func=enroll_code_command)

    add_users_parser(commands)
    add_advisers_parser(commands)
    add_cards_parser(commands)
    add_content_parser(commands)
    add_stats_parser(commands)
    return parser


def serve_command(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings()
    migrate(settings.resolved_database_url())
    workers = args.workers or settings.workers
    uvicorn.run(
        "fleet.main:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=workers,
        log_level=settings.log_level.lower(),
        # The hot path is many tiny requests from known kiosks: no access log per request.
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    return 0


def migrate_command(_args: argparse.Namespace) -> int:
    migrate(Settings().resolved_database_url())
    print("fleet: the database schema is up to date.")
    return 0


def demo_data_command(_args: argparse.Namespace) -> int:
    from fleet.auth.passwords import Passwords
    from fleet.crypto import DataKeys
    from fleet.demo import load_demo_data

    settings = Settings()
    url = settings.resolved_database_url()
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    local = settings.patron_directory.strip() == "local"
    with Session(engine) as session:
        created = load_demo_data(
            session,
            # Demo patrons only in the local directory: never beside a real library system.
            passwords=Passwords.for_pins() if local else None,
            keys=DataKeys(settings.resolved_data_secret()),
        )
        session.commit()
    engine.dispose()
    print("fleet: demo data " + (f"added: {', '.join(created)}." if created else "already there."))
    return 0


def enroll_code_command(args: argparse.Namespace) -> int:
    from fleet.devices.service import create_enrollment_code

    settings = Settings()
    hours = args.ttl_hours if args.ttl_hours is not None else settings.enrollment_code_ttl_hours
    if not 0 < hours <= 24 * 365:
        print("fleet enroll-code: --ttl-hours must be between 0 and 8760.", file=sys.stderr)
        return 2
    engine = create_db_engine(settings.resolved_database_url(), pooled=False)
    try:
        with Session(engine) as session:
            code = create_enrollment_code(
                session, args.branch, "cli", dt.timedelta(hours=hours), args.uses
            )
            session.commit()
    finally:
        engine.dispose()
    print(f"Enrolment code for {args.branch} ({args.uses} use(s), {hours:g} h):", file=sys.stderr)
    print(code)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except FleetError as error:
        print(f"fleet {args.command}: {error.message}", file=sys.stderr)
        return 1
    return result
