"""Branch groups: named sets of branches that content can be assigned to (``group:<id>``).

A branch belongs to at most one group: ``branch.group_id``, nullable.

Revision ID: 0010_branch_groups
Revises: 0009_announcements
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_branch_groups"
down_revision = "0009_announcements"
branch_labels = None
depends_on = None


def _time(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "branch_group",
        sa.Column("id", sa.String(26), primary_key=True, nullable=False),
        sa.Column("name_fi", sa.String(200), nullable=False),
        sa.Column("name_sv", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        _time("created_at"),
        _time("updated_at"),
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a nullable column with its REFERENCES in place. Batch mode would copy
        # the table instead, and dropping the old copy fails while devices, hours and
        # roll-outs point at their branch (the fleet runs SQLite with foreign keys on).
        op.execute(
            "ALTER TABLE branch ADD COLUMN group_id VARCHAR(26) "
            "CONSTRAINT fk_branch_group_id REFERENCES branch_group (id)"
        )
    else:
        op.add_column("branch", sa.Column("group_id", sa.String(26), nullable=True))
        op.create_foreign_key("fk_branch_group_id", "branch", "branch_group", ["group_id"], ["id"])
    op.create_index("ix_branch_group_id", "branch", ["group_id"])


def downgrade() -> None:
    op.drop_index("ix_branch_group_id", "branch")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot drop a column with a foreign key: batch mode copies the table, and
        # the copy may replace the old one only with the foreign key checks off (the pragma
        # works here because pysqlite runs DDL outside a transaction). Checked afterwards.
        op.execute("PRAGMA foreign_keys = OFF")
        try:
            with op.batch_alter_table("branch", recreate="always") as table:
                table.drop_column("group_id")
        finally:
            op.execute("PRAGMA foreign_keys = ON")
        broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is not None:
            raise RuntimeError(f"foreign key broken by the downgrade: {tuple(broken)}")
    else:
        op.drop_constraint("fk_branch_group_id", "branch", type_="foreignkey")
        op.drop_column("branch", "group_id")
    op.drop_table("branch_group")
