"""Patrons, visitor sessions, guest passes, PC reservations and digital-card keys.

Revision ID: 0003_patrons_sessions
Revises: 0002_auth
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_patrons_sessions"
down_revision = "0002_auth"
branch_labels = None
depends_on = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.String(length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "card_issuer_key",
        _text("kid", 64),
        _text("public_key", 64),
        _text("private_key", 400, nullable=True),
        _when("created_at"),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("not_after", nullable=True),
        sa.PrimaryKeyConstraint("kid"),
    )
    op.create_table(
        "card_revocation",
        _text("card_id", 64),
        _when("revoked_at"),
        _text("revoked_by", 100),
        _when("card_expires_at"),
        sa.PrimaryKeyConstraint("card_id"),
    )
    op.create_table(
        "card_proof_use",
        _text("proof_id", 64),
        _when("remember_until"),
        sa.PrimaryKeyConstraint("proof_id"),
    )
    op.create_index("ix_card_proof_use_remember_until", "card_proof_use", ["remember_until"])
    op.create_table(
        "patron",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("barcode", 32),
        _text("pin_hash", 255),
        _text("first_name", 64),
        _text("category", 16),
        _text("language", 2, nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("fees_cents", sa.Integer(), nullable=False),
        sa.Column("loans", sa.JSON(), nullable=False),
        sa.Column("holds", sa.JSON(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.UniqueConstraint("barcode"),
    )
    op.create_table(
        "patron_pin_failure",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("patron_key", 64),
        _when("failed_at"),
    )
    op.create_index("ix_patron_pin_failure_patron_key", "patron_pin_failure", ["patron_key"])
    op.create_index("ix_patron_pin_failure_failed_at", "patron_pin_failure", ["failed_at"])
    op.create_table(
        "guest_pass",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("code_hash", 64),
        _text("pin_hash", 255),
        _text("label", 100),
        _text("branch_id", 32, nullable=True),
        _when("valid_from"),
        _when("valid_until"),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("minutes_used", sa.Integer(), nullable=False),
        _text("created_by", 100),
        _when("created_at"),
        _when("revoked_at", nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"]),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_table(
        "patron_session",
        _text("id", 36),
        sa.Column("device_id", sa.Integer(), sa.ForeignKey("device.id"), nullable=False),
        _text("branch_id", 32),
        _text("patron_key", 64),
        _text("method", 16),
        _text("category", 16),
        _when("started_at"),
        _when("granted_until"),
        _when("ended_at", nullable=True),
        _text("end_reason", 16, nullable=True),
        sa.Column("minutes_used", sa.Integer(), nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("guest_pass_id", sa.Integer(), sa.ForeignKey("guest_pass.id"), nullable=True),
        _text("card_ref", 400, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_patron_session_branch_id", "patron_session", ["branch_id"])
    op.create_index("ix_patron_session_device_open", "patron_session", ["device_id", "ended_at"])
    op.create_index("ix_patron_session_key_started", "patron_session", ["patron_key", "started_at"])
    op.create_table(
        "pc_reservation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("device_id", sa.Integer(), sa.ForeignKey("device.id"), nullable=False),
        _text("branch_id", 32),
        _when("starts_at"),
        _when("ends_at"),
        _text("patron_key", 64),
        _text("label", 100),
        _text("created_by", 100),
        _when("created_at"),
        _when("cancelled_at", nullable=True),
        _when("claimed_at", nullable=True),
    )
    op.create_index("ix_pc_reservation_branch_id", "pc_reservation", ["branch_id"])
    op.create_index("ix_pc_reservation_device_starts", "pc_reservation", ["device_id", "starts_at"])
    op.create_index("ix_pc_reservation_patron_key", "pc_reservation", ["patron_key"])


def downgrade() -> None:
    op.drop_table("pc_reservation")
    op.drop_table("patron_session")
    op.drop_table("guest_pass")
    op.drop_table("patron_pin_failure")
    op.drop_table("patron")
    op.drop_table("card_proof_use")
    op.drop_table("card_revocation")
    op.drop_table("card_issuer_key")
