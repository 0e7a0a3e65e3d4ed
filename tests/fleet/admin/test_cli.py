"""``fleet users create`` as a real process: password from the environment or stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from fleet.auth.models import User
from tests.support.fleetdb import FleetDb

SECRET = "very-secret-password-77"


FLEET = str(Path(sys.executable).with_name("fleet"))


def fleet_users(
    database_url: str, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``fleet`` console script, as an operator would."""
    inherited = {k: v for k, v in os.environ.items() if k != "FLEET_PASSWORD"}
    environment = {**inherited, "FLEET_DATABASE_URL": database_url, **env}
    return subprocess.run(
        [FLEET, "users", "create", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_create_users_from_env_and_stdin_never_echoing_the_password(
    database_url: str, fleet_db: FleetDb
) -> None:
    made = fleet_users(
        database_url, "--role", "admin", "--username", "Ilona", FLEET_PASSWORD=SECRET
    )
    assert made.returncode == 0, made.stderr
    piped = fleet_users(database_url, "--role", "staff", "--username", "pekka", stdin=SECRET + "\n")
    assert piped.returncode == 0, piped.stderr
    weak = fleet_users(database_url, "--role", "staff", "--username", "weak", stdin="short\n")
    assert weak.returncode == 2
    assert "too short" in weak.stderr
    again = fleet_users(database_url, "--role", "staff", "--username", "ILONA", stdin=SECRET)
    assert again.returncode == 2
    for result in (made, piped, weak, again):
        assert SECRET not in result.stdout + result.stderr
    with fleet_db.session() as session:
        users = {user.username: user.role for user in session.exec(select(User))}
    assert users == {"ilona": "admin", "pekka": "staff"}


def test_unknown_role_is_refused_by_the_parser(database_url: str) -> None:
    result = fleet_users(database_url, "--role", "root", "--username", "x", FLEET_PASSWORD=SECRET)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
