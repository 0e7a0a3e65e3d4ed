"""Content bundles: publisher keys, blobs, versions and their blobs, assignments, roll-outs,
what each kiosk reports, and each device's target manifest (read by the check-in).

Revision ID: 0008_content
Revises: 0007_stats_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_content"
down_revision = "0007_stats_indexes"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "content_signing_key",
        sa.Column("key_id", sa.String(8), primary_key=True, nullable=False),
        sa.Column("public_key", sa.String(43), nullable=False),
        _time("added_at"),
        sa.Column("added_by", sa.String(100), nullable=False),
        _time("retired_at", nullable=True),
    )
    op.create_table(
        "content_blob",
        sa.Column("sha256", sa.String(64), primary_key=True, nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        _time("uploaded_at"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Most blobs are images (incompressible), and devices read them in slices: stored
        # uncompressed, PostgreSQL fetches just the slice asked for.
        op.execute("ALTER TABLE content_blob ALTER COLUMN data SET STORAGE EXTERNAL")
    op.create_table(
        "content_version",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("bundle", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("manifest_id", sa.String(32), nullable=False, unique=True),
        sa.Column("signed", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(8), nullable=False),
        _time("expires_at"),
        sa.Column("total_size", sa.BigInteger(), nullable=False),
        sa.Column("file_count", sa.Integer(), nullable=False),
        _time("uploaded_at"),
        sa.Column("uploaded_by", sa.String(100), nullable=False),
        sa.UniqueConstraint("bundle", "version", name="uq_content_version_bundle"),
    )
    op.create_table(
        "content_version_blob",
        sa.Column(
            "version_id",
            sa.Integer(),
            sa.ForeignKey("content_version.id"),
            primary_key=True,
            nullable=False,
        ),
        sa.Column(
            "sha256",
            sa.String(64),
            sa.ForeignKey("content_blob.sha256"),
            primary_key=True,
            nullable=False,
        ),
    )
    op.create_table(
        "content_assignment",
        sa.Column("scope", sa.String(32), primary_key=True, nullable=False),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("content_version.id"), nullable=False),
        _time("assigned_at"),
        sa.Column("assigned_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_content_assignment_version_id", "content_assignment", ["version_id"])
    op.create_table(
        "content_rollout",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("content_version.id"), nullable=False),
        sa.Column("pilot_branch", sa.String(32), sa.ForeignKey("branch.id"), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        _time("started_at"),
        sa.Column("started_by", sa.String(100), nullable=False),
        _time("promoted_at", nullable=True),
        sa.Column("promoted_by", sa.String(100), nullable=True),
        _time("rolled_back_at", nullable=True),
        sa.Column("rolled_back_by", sa.String(100), nullable=True),
    )
    op.create_index("ix_content_rollout_version_id", "content_rollout", ["version_id"])
    op.create_table(
        "device_content",
        sa.Column(
            "device_id",
            sa.Integer(),
            sa.ForeignKey("device.id"),
            primary_key=True,
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("manifest_id", sa.String(64), nullable=True),
        _time("confirmed_at", nullable=True),
        sa.Column("error", sa.String(32), nullable=True),
        _time("error_at", nullable=True),
    )
    op.create_index("ix_device_content_manifest", "device_content", ["manifest_id"])
    with op.batch_alter_table("device") as table:
        table.add_column(sa.Column("content_target", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device") as table:
        table.drop_column("content_target")
    op.drop_index("ix_device_content_manifest", "device_content")
    op.drop_table("device_content")
    op.drop_index("ix_content_rollout_version_id", "content_rollout")
    op.drop_table("content_rollout")
    op.drop_index("ix_content_assignment_version_id", "content_assignment")
    op.drop_table("content_assignment")
    op.drop_table("content_version_blob")
    op.drop_table("content_version")
    op.drop_table("content_blob")
    op.drop_table("content_signing_key")
