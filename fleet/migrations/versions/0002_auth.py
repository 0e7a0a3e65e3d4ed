"""Accounts: users, admin API tokens, web sessions and sign-in failures.

Revision ID: 0002_auth
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_auth"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "auth_user",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "auth_api_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("auth_user.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _when("created_at"),
        _when("expires_at"),
        _when("revoked_at", nullable=True),
    )
    op.create_index("ix_auth_api_token_user_id", "auth_api_token", ["user_id"])
    op.create_table(
        "auth_web_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("auth_user.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _when("created_at"),
        _when("last_seen_at"),
        _when("expires_at"),
        _when("ended_at", nullable=True),
    )
    op.create_index("ix_auth_web_session_user_id", "auth_web_session", ["user_id"])
    op.create_table(
        "auth_login_failure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        _when("failed_at"),
    )
    op.create_index("ix_auth_login_failure_key_hash", "auth_login_failure", ["key_hash"])
    op.create_index("ix_auth_login_failure_failed_at", "auth_login_failure", ["failed_at"])


def downgrade() -> None:
    op.drop_table("auth_login_failure")
    op.drop_table("auth_web_session")
    op.drop_table("auth_api_token")
    op.drop_table("auth_user")
