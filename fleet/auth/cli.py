"""``fleet users ...``: manage local accounts from the command line.

``fleet users create --role admin|adviser|staff --username U [--language fi|sv|en]`` reads
the password from ``FLEET_PASSWORD`` or from standard input; it is never echoed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlmodel import Session

from fleet.auth.errors import AuthError
from fleet.auth.models import LANGUAGES, Role
from fleet.auth.passwords import Passwords
from fleet.auth.service import AuthService
from fleet.db import create_db_engine, migrate
from fleet.settings import Settings


def add_users_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``users`` and its sub-commands on the ``fleet`` command's sub-parsers."""
    users = subparsers.add_parser("users", help="manage accounts for /admin/ and the admin API")
    commands = users.add_subparsers(dest="users_command", required=True, metavar="COMMAND")
    create = commands.add_parser(
        "create",
        help="create an account",
        description="Create an account. The password comes from FLEET_PASSWORD or stdin.",
    )
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument("--username", required=True)
    create.add_argument("--language", default="fi", choices=LANGUAGES)
    create.set_defaults(func=create_user_command, handler=create_user_command)


def read_password() -> str:
    """The new password: from FLEET_PASSWORD, else typed twice on a terminal, else one line."""
    from_env = os.environ.get("FLEET_PASSWORD")
    if from_env:
        return from_env
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise SystemExit("fleet users create: the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def create_user_command(args: argparse.Namespace) -> int:
    password = read_password()
    url = Settings().resolved_database_url()
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    try:
        with Session(engine) as session:
            service = AuthService(session, Passwords())
            try:
                user = service.create_user(args.username, password, Role(args.role), args.language)
            except AuthError as error:
                print(f"fleet users create: {error.message}", file=sys.stderr)
                return 2
            session.commit()
            print(f"created {user.role} {user.username}")
    finally:
        engine.dispose()
    return 0
