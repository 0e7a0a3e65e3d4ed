"""A ``shutdown`` command may say when the PC switches on again.

Revision ID: 0011_command_wake_at
Revises: 0010_branch_groups
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_command_wake_at"
down_revision = "0010_branch_groups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("command") as table:
        table.add_column(sa.Column("wake_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("command") as table:
        table.drop_column("wake_at")
