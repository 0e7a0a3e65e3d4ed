"""Account operations: users, sign-in with throttling, API tokens and web sessions.

The service never commits: the request's session does (commit on success, roll back on
error). The one exception is a failed sign-in, which must be remembered even though the
request fails, so the throttle commits its own record.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from fleet.auth.errors import (
    InvalidCredentialsError,
    InvalidUserError,
    LoginThrottledError,
    UserExistsError,
)
from fleet.auth.models import (
    LANGUAGES,
    USERNAME_PATTERN,
    ApiToken,
    LoginFailure,
    Role,
    User,
    WebSession,
)
from fleet.auth.passwords import Passwords, password_problem
from fleet.auth.tokens import new_secret, secret_hash
from fleet.db import Clock, utcnow


@dataclass(frozen=True)
class AuthConfig:
    """Lifetimes and limits; the composition root may replace the defaults."""

    api_token_lifetime: dt.timedelta = dt.timedelta(hours=8)
    session_idle_timeout: dt.timedelta = dt.timedelta(minutes=30)
    session_lifetime: dt.timedelta = dt.timedelta(hours=12)
    max_login_failures: int = 5
    login_failure_window: dt.timedelta = dt.timedelta(minutes=1)
    #: Refreshing last_seen on every page view would write on every read; once a minute is enough.
    session_touch_interval: dt.timedelta = dt.timedelta(minutes=1)
    secure_cookies: bool = False


def normalise_username(username: str) -> str:
    return username.strip().lower()


class AuthService:
    """Everything about who someone is; collaborators come in through the constructor."""

    def __init__(
        self,
        session: Session,
        passwords: Passwords,
        config: AuthConfig | None = None,
        now: Clock = utcnow,
    ) -> None:
        self._db = session
        self._passwords = passwords
        self.config = config or AuthConfig()
        self._now = now

    # --- users ------------------------------------------------------------------------------

    def create_user(self, username: str, password: str, role: Role, language: str = "fi") -> User:
        username = normalise_username(username)
        if not re.fullmatch(USERNAME_PATTERN, username):
            raise InvalidUserError("invalid_username")
        if problem := password_problem(password):
            raise InvalidUserError(problem)
        if language not in LANGUAGES:
            raise InvalidUserError("invalid_language")
        if self.user_by_name(username) is not None:
            raise UserExistsError(username)
        user = User(
            username=username,
            password_hash=self._passwords.hash(password),
            role=role,
            language=language,
        )
        self._db.add(user)
        self._db.flush()
        return user

    def user_by_name(self, username: str) -> User | None:
        statement = select(User).where(User.username == normalise_username(username))
        return self._db.exec(statement).first()

    def set_language(self, user: User, language: str) -> None:
        if language in LANGUAGES and user.language != language:
            user.language = language
            self._db.add(user)

    # --- sign-in ----------------------------------------------------------------------------

    def authenticate(self, username: str, password: str, client: str) -> User:
        """The active user with this password, or an error; failures are throttled."""
        key = secret_hash(f"{normalise_username(username)}|{client}")
        now = self._now()
        window_start = now - self.config.login_failure_window
        failures = self._db.exec(
            select(LoginFailure.failed_at)
            .where(LoginFailure.key_hash == key, col(LoginFailure.failed_at) > window_start)
            .order_by(col(LoginFailure.failed_at))
        ).all()
        if len(failures) >= self.config.max_login_failures:
            oldest = failures[-self.config.max_login_failures]
            wait = oldest + self.config.login_failure_window - now
            raise LoginThrottledError(max(1, math.ceil(wait.total_seconds())))

        user = self.user_by_name(username)
        ok = self._passwords.verify(user.password_hash if user else None, password)
        if not ok or user is None or not user.active:
            self._remember_failure(key, now)
            raise InvalidCredentialsError()

        if failures:
            self._db.exec(sa.delete(LoginFailure).where(col(LoginFailure.key_hash) == key))
        if self._passwords.needs_rehash(user.password_hash):
            user.password_hash = self._passwords.hash(password)
            self._db.add(user)
        return user

    def _remember_failure(self, key: str, now: dt.datetime) -> None:
        # Committed at once: the failing request rolls back, the failure must survive it.
        horizon = now - 10 * self.config.login_failure_window
        self._db.exec(sa.delete(LoginFailure).where(col(LoginFailure.failed_at) < horizon))
        self._db.add(LoginFailure(key_hash=key, failed_at=now))
        self._db.commit()

    # --- admin API tokens -------------------------------------------------------------------

    def issue_api_token(self, user: User) -> tuple[str, ApiToken]:
        """A new bearer token for ``user``; the secret is returned once and stored hashed."""
        assert user.id is not None
        secret = new_secret()
        now = self._now()
        token = ApiToken(
            user_id=user.id,
            token_hash=secret_hash(secret),
            created_at=now,
            expires_at=now + self.config.api_token_lifetime,
        )
        self._db.add(token)
        self._db.flush()
        return secret, token

    def user_for_api_token(self, secret: str) -> User | None:
        """The active user behind a valid, unexpired, unrevoked token; None otherwise."""
        row = self._db.exec(
            select(ApiToken, User)
            .join(User, col(User.id) == col(ApiToken.user_id))
            .where(ApiToken.token_hash == secret_hash(secret))
        ).first()
        if row is None:
            return None
        token, user = row
        if token.revoked_at is not None or token.expires_at <= self._now():
            return None
        return user if user.active else None

    def revoke_api_token(self, secret: str) -> bool:
        token = self._db.exec(
            select(ApiToken).where(ApiToken.token_hash == secret_hash(secret))
        ).first()
        if token is None or token.revoked_at is not None:
            return False
        token.revoked_at = self._now()
        self._db.add(token)
        return True

    # --- web sessions -----------------------------------------------------------------------

    def start_web_session(self, user: User) -> tuple[str, WebSession]:
        """A new browser session; the cookie secret is returned once and stored hashed."""
        assert user.id is not None
        secret = new_secret()
        now = self._now()
        web_session = WebSession(
            user_id=user.id,
            token_hash=secret_hash(secret),
            csrf_token=new_secret(),
            created_at=now,
            last_seen_at=now,
            expires_at=now + self.config.session_lifetime,
        )
        self._db.add(web_session)
        self._db.flush()
        return secret, web_session

    def web_session(self, secret: str) -> tuple[User, WebSession] | None:
        """The user and session for a cookie, if neither idle nor absolute expiry has passed."""
        row = self._db.exec(
            select(WebSession, User)
            .join(User, col(User.id) == col(WebSession.user_id))
            .where(WebSession.token_hash == secret_hash(secret))
        ).first()
        if row is None:
            return None
        web_session, user = row
        now = self._now()
        last_seen = web_session.last_seen_at
        if (
            web_session.ended_at is not None
            or web_session.expires_at <= now
            or last_seen + self.config.session_idle_timeout <= now
            or not user.active
        ):
            return None
        if now - last_seen >= self.config.session_touch_interval:
            web_session.last_seen_at = now
            self._db.add(web_session)
        return user, web_session

    def end_web_session(self, secret: str) -> None:
        web_session = self._db.exec(
            select(WebSession).where(WebSession.token_hash == secret_hash(secret))
        ).first()
        if web_session is not None and web_session.ended_at is None:
            web_session.ended_at = self._now()
            self._db.add(web_session)
