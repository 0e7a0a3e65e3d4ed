"""Usage statistics: hourly and daily rollups, PC time per hour, rollup cursors.

Revision ID: 0006_stats
Revises: 0005_command_sealed
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_stats"
down_revision = "0005_command_sealed"
branch_labels = None
depends_on = None


def _key(name: str, length: int) -> sa.Column[object]:
    return sa.Column(name, sa.String(length), primary_key=True, nullable=False)


def upgrade() -> None:
    op.create_table(
        "stat_hour",
        sa.Column("hour", sa.DateTime(timezone=True), primary_key=True, nullable=False),
        _key("branch_id", 32),
        _key("metric", 32),
        _key("dimension", 64),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("local_hour", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_stat_hour_metric_day", "stat_hour", ["metric", "day"])
    op.create_table(
        "stat_day",
        sa.Column("day", sa.Date(), primary_key=True, nullable=False),
        _key("branch_id", 32),
        _key("metric", 32),
        _key("dimension", 64),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_stat_day_metric_day", "stat_day", ["metric", "day"])
    op.create_table(
        "device_hour",
        sa.Column("hour", sa.DateTime(timezone=True), primary_key=True, nullable=False),
        sa.Column("device_id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("branch_id", sa.String(32), nullable=False),
        sa.Column("online_seconds", sa.Integer(), nullable=False),
        sa.Column("session_seconds", sa.Integer(), nullable=False),
    )
    op.create_index("ix_device_hour_branch_id", "device_hour", ["branch_id"])
    op.create_table(
        "stats_cursor",
        _key("name", 32),
        sa.Column("position", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stats_cursor")
    op.drop_index("ix_device_hour_branch_id", "device_hour")
    op.drop_table("device_hour")
    op.drop_index("ix_stat_day_metric_day", "stat_day")
    op.drop_table("stat_day")
    op.drop_index("ix_stat_hour_metric_day", "stat_hour")
    op.drop_table("stat_hour")
