"""Tables and schemas for accounts: users, admin API tokens, web sessions, login failures."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from fleet.db import UTCDateTime, utcnow

LANGUAGES = ("fi", "sv", "en")
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,63}$"


class Role(StrEnum):
    """What a person may do. Admin does everything; staff runs devices; advisers use /support/."""

    ADMIN = "admin"
    STAFF = "staff"
    ADVISER = "adviser"


class User(SQLModel, table=True):
    """A person who signs in to /admin/, /support/ or the admin API."""

    __tablename__ = "auth_user"

    id: int | None = SQLField(default=None, primary_key=True)
    username: str = SQLField(max_length=64, unique=True)
    password_hash: str = SQLField(max_length=255)
    role: str = SQLField(max_length=16)  # a Role value
    active: bool = True
    language: str = SQLField(default="fi", max_length=2)
    created_at: dt.datetime = SQLField(default_factory=utcnow, sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    """An admin API bearer token; only its hash is stored. Expires, and can be revoked."""

    __tablename__ = "auth_api_token"

    id: int | None = SQLField(default=None, primary_key=True)
    user_id: int = SQLField(foreign_key="auth_user.id", index=True)
    token_hash: str = SQLField(max_length=64, unique=True)
    created_at: dt.datetime = SQLField(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: dt.datetime = SQLField(sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = SQLField(default=None, sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds the secret, the row holds its hash and limits."""

    __tablename__ = "auth_web_session"

    id: int | None = SQLField(default=None, primary_key=True)
    user_id: int = SQLField(foreign_key="auth_user.id", index=True)
    token_hash: str = SQLField(max_length=64, unique=True)
    #: Per-session CSRF token embedded in every form; not a credential on its own.
    csrf_token: str = SQLField(max_length=64)
    created_at: dt.datetime = SQLField(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: dt.datetime = SQLField(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: dt.datetime = SQLField(sa_type=UTCDateTime)
    ended_at: dt.datetime | None = SQLField(default=None, sa_type=UTCDateTime)


class LoginFailure(SQLModel, table=True):
    """One failed sign-in, keyed by a hash of username + client address (no personal data)."""

    __tablename__ = "auth_login_failure"

    id: int | None = SQLField(default=None, primary_key=True)
    key_hash: str = SQLField(max_length=64, index=True)
    failed_at: dt.datetime = SQLField(default_factory=utcnow, sa_type=UTCDateTime, index=True)


# --- API schemas ----------------------------------------------------------------------------


class UserPublic(BaseModel):
    """A user as the API shows it: never the hash."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    role: Role
    active: bool
    language: str


class TokenResponse(BaseModel):
    """``POST /api/admin/v1/auth/token`` reply (the OAuth2 password-flow shape)."""

    access_token: str
    token_type: str = Field(default="bearer")
    expires_at: dt.datetime
