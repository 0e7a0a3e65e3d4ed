"""Accounts service on both databases: passwords, throttling, token and session expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from fleet.auth.errors import (
    InvalidCredentialsError,
    InvalidUserError,
    LoginThrottledError,
    UserExistsError,
)
from fleet.auth.models import ApiToken, Role, User, WebSession
from fleet.auth.passwords import Passwords
from fleet.auth.service import AuthConfig, AuthService
from tests.fleet.admin.helpers import cheap_passwords
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb

PASSWORD = "long-enough-password"


@pytest.fixture
def passwords() -> Passwords:
    return cheap_passwords()


def make_user(fleet_db: FleetDb, passwords: Passwords, role: Role = Role.STAFF) -> None:
    with fleet_db.session() as session:
        AuthService(session, passwords).create_user("Maija", PASSWORD, role, "sv")


def test_user_is_stored_with_an_argon2_hash_only(fleet_db: FleetDb, passwords: Passwords) -> None:
    make_user(fleet_db, passwords)
    with fleet_db.session() as session:
        user = session.exec(select(User)).one()
    assert user.username == "maija"  # usernames are case-insensitive
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert (user.role, user.language, user.active) == ("staff", "sv", True)


@pytest.mark.parametrize(
    ("username", "password", "code"),
    [
        ("ok-name", "short", "password_too_short"),
        ("bad name!", PASSWORD, "invalid_username"),
        ("x", PASSWORD, "invalid_username"),
    ],
)
def test_invalid_users_are_refused(
    fleet_db: FleetDb, passwords: Passwords, username: str, password: str, code: str
) -> None:
    with fleet_db.session() as session, pytest.raises(InvalidUserError) as error:
        AuthService(session, passwords).create_user(username, password, Role.STAFF)
    assert error.value.code == code
    assert error.value.status == 422


def test_duplicate_username_is_a_conflict(fleet_db: FleetDb, passwords: Passwords) -> None:
    make_user(fleet_db, passwords)
    with fleet_db.session() as session, pytest.raises(UserExistsError):
        AuthService(session, passwords).create_user("MAIJA", PASSWORD, Role.ADMIN)


def test_throttle_after_five_failures_then_window_passes(
    fleet_db: FleetDb, passwords: Passwords
) -> None:
    make_user(fleet_db, passwords)
    clock = FakeClock()
    for _ in range(5):
        with fleet_db.session() as session, pytest.raises(InvalidCredentialsError):
            AuthService(session, passwords, now=clock).authenticate("maija", "wrong", "10.0.0.1")
        clock.advance(seconds=1)
    # Even the right password is refused while throttled, and the wait is announced.
    with fleet_db.session() as session, pytest.raises(LoginThrottledError) as throttled:
        AuthService(session, passwords, now=clock).authenticate("maija", PASSWORD, "10.0.0.1")
    assert 1 <= throttled.value.retry_after <= 60
    assert throttled.value.status == 429
    # Another address is not affected (per username + address).
    with fleet_db.session() as session:
        AuthService(session, passwords, now=clock).authenticate("maija", PASSWORD, "10.0.0.2")
    clock.advance(seconds=61)
    with fleet_db.session() as session:
        user = AuthService(session, passwords, now=clock).authenticate(
            "Maija", PASSWORD, "10.0.0.1"
        )
    assert user.username == "maija"


def test_unknown_and_inactive_users_fail_like_wrong_passwords(
    fleet_db: FleetDb, passwords: Passwords
) -> None:
    make_user(fleet_db, passwords)
    with fleet_db.session() as session:
        user = session.exec(select(User)).one()
        user.active = False
        session.add(user)
    for name in ("maija", "nobody"):
        with fleet_db.session() as session, pytest.raises(InvalidCredentialsError):
            AuthService(session, passwords).authenticate(name, PASSWORD, "10.0.0.1")


def test_api_token_expires_and_can_be_revoked(fleet_db: FleetDb, passwords: Passwords) -> None:
    make_user(fleet_db, passwords)
    clock = FakeClock()
    config = AuthConfig(api_token_lifetime=dt.timedelta(hours=1))
    with fleet_db.session() as session:
        service = AuthService(session, passwords, config, now=clock)
        user = service.authenticate("maija", PASSWORD, "127.0.0.1")
        first, _ = service.issue_api_token(user)
        second, _ = service.issue_api_token(user)
    with fleet_db.session() as session:
        stored = {token.token_hash for token in session.exec(select(ApiToken))}
    assert first not in stored  # only hashes are kept
    assert second not in stored
    with fleet_db.session() as session:
        service = AuthService(session, passwords, config, now=clock)
        assert service.user_for_api_token(first) is not None
        assert service.revoke_api_token(first)
    with fleet_db.session() as session:
        service = AuthService(session, passwords, config, now=clock)
        assert service.user_for_api_token(first) is None
        assert service.user_for_api_token("not-a-token") is None
        clock.advance(minutes=59)
        assert service.user_for_api_token(second) is not None
        clock.advance(minutes=1)
        assert service.user_for_api_token(second) is None


def test_web_session_idle_and_absolute_expiry(fleet_db: FleetDb, passwords: Passwords) -> None:
    make_user(fleet_db, passwords)
    clock = FakeClock()
    config = AuthConfig(
        session_idle_timeout=dt.timedelta(minutes=30), session_lifetime=dt.timedelta(hours=2)
    )

    def service(session: Session) -> AuthService:
        return AuthService(session, passwords, config, now=clock)

    with fleet_db.session() as session:
        user = service(session).authenticate("maija", PASSWORD, "127.0.0.1")
        cookie, _ = service(session).start_web_session(user)
    # Activity every 20 minutes keeps it alive past the idle limit...
    for _ in range(5):
        clock.advance(minutes=20)
        with fleet_db.session() as session:
            assert service(session).web_session(cookie) is not None
    # ...but never past the absolute limit.
    clock.advance(minutes=20)
    with fleet_db.session() as session:
        assert service(session).web_session(cookie) is None

    with fleet_db.session() as session:
        cookie, _ = service(session).start_web_session(user)
    clock.advance(minutes=31)
    with fleet_db.session() as session:
        assert service(session).web_session(cookie) is None

    with fleet_db.session() as session:
        cookie, _ = service(session).start_web_session(user)
        service(session).end_web_session(cookie)
    with fleet_db.session() as session:
        assert service(session).web_session(cookie) is None
        assert all(row.token_hash != cookie for row in session.exec(select(WebSession)))
