"""Commands may carry a sealed (encrypted) payload: a guest pass slip's code and PIN.

Revision ID: 0005_command_sealed
Revises: 0004_support
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_command_sealed"
down_revision = "0004_support"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("command") as table:
        table.add_column(sa.Column("sealed", sa.String(2000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("command") as table:
        table.drop_column("sealed")
