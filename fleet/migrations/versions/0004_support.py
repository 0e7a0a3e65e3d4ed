"""Digital support: adviser profiles, availability, bookings, the walk-in help queue.

Revision ID: 0004_support
Revises: 0003_patrons_sessions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_support"
down_revision = "0003_patrons_sessions"
branch_labels = None
depends_on = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.String(length), nullable=nullable)


def _int(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "adviser_profile",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("auth_user.id"), primary_key=True),
        _text("display_name", 64),
        _text("public_key", 32),
        sa.Column("branches", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        _text("place", 200),
        sa.Column("active", sa.Boolean(), nullable=False),
        _text("ical_token_hash", 64, nullable=True),
        _when("created_at"),
        _when("updated_at"),
        sa.UniqueConstraint("public_key"),
    )
    op.create_table(
        "availability_exception",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "adviser_id", sa.Integer(), sa.ForeignKey("adviser_profile.user_id"), nullable=False
        ),
        sa.Column("date", sa.Date(), nullable=False),
        _text("note", 200),
        sa.UniqueConstraint("adviser_id", "date", name="uq_availability_exception"),
    )
    op.create_table(
        "availability_rule",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "adviser_id", sa.Integer(), sa.ForeignKey("adviser_profile.user_id"), nullable=False
        ),
        sa.Column("branch_id", sa.String(32), sa.ForeignKey("branch.id"), nullable=False),
        _int("weekday"),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        _int("slot_minutes"),
        _int("buffer_minutes"),
        _int("capacity"),
        _int("min_notice_minutes"),
        _int("horizon_days"),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
    )
    op.create_index("ix_availability_rule_adviser_id", "availability_rule", ["adviser_id"])
    op.create_table(
        "support_booking",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("code_hash", 64),
        sa.Column(
            "adviser_id", sa.Integer(), sa.ForeignKey("adviser_profile.user_id"), nullable=False
        ),
        sa.Column("branch_id", sa.String(32), sa.ForeignKey("branch.id"), nullable=False),
        _when("starts_at"),
        _when("ends_at"),
        _text("topic", 32),
        _text("language", 2),
        _text("status", 16),
        _text("done_topic", 32, nullable=True),
        _text("channel", 16),
        _text("name", 60, nullable=True),
        _text("phone", 20, nullable=True),
        _text("email", 254, nullable=True),
        _when("created_at"),
        _when("updated_at"),
        _when("reminded_at", nullable=True),
        _when("personal_deleted_at", nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index(
        "ix_support_booking_adviser_starts", "support_booking", ["adviser_id", "starts_at"]
    )
    op.create_index("ix_support_booking_branch_id", "support_booking", ["branch_id"])
    op.create_table(
        "help_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("branch_id", sa.String(32), sa.ForeignKey("branch.id"), nullable=False),
        sa.Column("device_id", sa.Integer(), sa.ForeignKey("device.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        _int("number"),
        _text("topic", 32, nullable=True),
        _text("language", 2),
        _text("status", 16),
        _when("created_at"),
        _when("called_at", nullable=True),
        sa.Column("called_by", sa.Integer(), sa.ForeignKey("auth_user.id"), nullable=True),
        _when("finished_at", nullable=True),
        sa.UniqueConstraint("branch_id", "day", "number", name="uq_help_request_number"),
    )
    op.create_index("ix_help_request_branch_status", "help_request", ["branch_id", "status"])
    op.create_index("ix_help_request_device_id", "help_request", ["device_id"])


def downgrade() -> None:
    op.drop_table("help_request")
    op.drop_table("support_booking")
    op.drop_table("availability_rule")
    op.drop_table("availability_exception")
    op.drop_table("adviser_profile")
