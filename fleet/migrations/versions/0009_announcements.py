"""Live announcements: notices from IT or staff that reach the kiosks in their config.

Revision ID: 0009_announcements
Revises: 0008_content
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_announcements"
down_revision = "0008_content"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("text_fi", sa.String(280), nullable=False),
        sa.Column("text_sv", sa.String(280), nullable=False),
        sa.Column("text_en", sa.String(280), nullable=False),
        _time("starts_at"),
        _time("ends_at"),
        sa.Column("branch_ids", sa.JSON(), nullable=False),
        _time("created_at"),
        sa.Column("created_by", sa.String(100), nullable=False),
        _time("withdrawn_at", nullable=True),
        sa.Column("withdrawn_by", sa.String(100), nullable=True),
    )
    # The config reads the announcements that have not ended yet.
    op.create_index("ix_announcement_ends_at", "announcement", ["ends_at"])


def downgrade() -> None:
    op.drop_index("ix_announcement_ends_at", "announcement")
    op.drop_table("announcement")
