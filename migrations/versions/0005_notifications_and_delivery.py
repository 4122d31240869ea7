"""notifications and delivery: the dispatch outbox

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 07:40:00
"""

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("dispatch_pending", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(
            "ix_item_dispatch_pending",
            ["id"],
            unique=False,
            sqlite_where=sa.text("dispatch_pending"),
            postgresql_where=sa.text("dispatch_pending"),
        )
    op.create_table(
        "dispatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "notification", "letter", "escalation", name="dispatch_purpose", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "created",
                "sending",
                "sent",
                "delivered",
                "temporary_failure",
                "permanent_failure",
                "undeliverable",
                "cancelled",
                name="dispatch_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "sms",
                "email",
                "digital_mailbox",
                "post",
                name="dispatch_channel",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("fallbacks", sa.String(length=100), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("not_before", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_until", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("provider_reference", sa.String(length=200), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("dispatch", schema=None) as batch_op:
        batch_op.create_index("ix_dispatch_due", ["final", "not_before"], unique=False)
        batch_op.create_index("ix_dispatch_patient", ["patient_id", "id"], unique=False)
        batch_op.create_index("ix_dispatch_provider_reference", ["provider_reference"], unique=False)
        batch_op.create_index(
            "uq_dispatch_gathering",
            ["patient_id"],
            unique=True,
            sqlite_where=sa.text("purpose = 'notification' AND status = 'created' AND channel IS NULL"),
            postgresql_where=sa.text("purpose = 'notification' AND status = 'created' AND channel IS NULL"),
        )

    op.create_table(
        "notification_settings",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("sms", sa.Boolean(), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
        ),
        sa.PrimaryKeyConstraint("patient_id"),
    )
    op.create_table(
        "dispatch_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "created",
                "sending",
                "sent",
                "delivered",
                "temporary_failure",
                "permanent_failure",
                "undeliverable",
                "cancelled",
                name="dispatch_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "sms",
                "email",
                "digital_mailbox",
                "post",
                name="dispatch_channel",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("detail", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["dispatch_id"],
            ["dispatch.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dispatch_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispatch_event_dispatch_id"), ["dispatch_id"], unique=False)

    op.create_table(
        "dispatch_item",
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dispatch_id"],
            ["dispatch.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["item.id"],
        ),
        sa.PrimaryKeyConstraint("dispatch_id", "item_id"),
    )
    with op.batch_alter_table("dispatch_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispatch_item_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_item_dispatch_pending",
            sqlite_where=sa.text("dispatch_pending"),
            postgresql_where=sa.text("dispatch_pending"),
        )
        batch_op.drop_column("dispatch_pending")
    with op.batch_alter_table("dispatch_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_item_item_id"))

    op.drop_table("dispatch_item")
    with op.batch_alter_table("dispatch_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_event_dispatch_id"))

    op.drop_table("dispatch_event")
    op.drop_table("notification_settings")
    with op.batch_alter_table("dispatch", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_dispatch_gathering",
            sqlite_where=sa.text("purpose = 'notification' AND status = 'created' AND channel IS NULL"),
            postgresql_where=sa.text("purpose = 'notification' AND status = 'created' AND channel IS NULL"),
        )
        batch_op.drop_index("ix_dispatch_provider_reference")
        batch_op.drop_index("ix_dispatch_patient")
        batch_op.drop_index("ix_dispatch_due")

    op.drop_table("dispatch")
