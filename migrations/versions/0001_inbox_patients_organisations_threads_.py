"""inbox: patients, organisations, threads, items, attachments

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:11:51.127797
"""

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "hospital",
                "gp",
                "municipal_service",
                "research",
                name="organisation_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "region",
            sa.Enum(
                "helse_sor_ost",
                "helse_vest",
                "helse_midt_norge",
                "helse_nord",
                name="region",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "patient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("national_id", sa.String(length=11), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("national_id"),
    )
    op.create_table(
        "thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "letter",
                "message",
                "research",
                "form_receipt",
                name="item_category",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "body_format",
            sa.Enum("text", "html", name="body_format", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("from_patient", sa.Boolean(), nullable=False),
        sa.Column("sent_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["thread.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "idempotency_key", name="uq_item_idempotency"),
    )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_item_patient_category_sent", ["patient_id", "category", "sent_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_item_patient_org_sent", ["patient_id", "organisation_id", "sent_at", "id"], unique=False
        )
        batch_op.create_index("ix_item_patient_sent", ["patient_id", "sent_at", "id"], unique=False)
        batch_op.create_index("ix_item_patient_unread", ["patient_id", "read_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["item.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_item_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_thread_id"))
        batch_op.drop_index("ix_item_patient_unread")
        batch_op.drop_index("ix_item_patient_sent")
        batch_op.drop_index("ix_item_patient_org_sent")
        batch_op.drop_index("ix_item_patient_category_sent")

    op.drop_table("item")
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_patient_id"))

    op.drop_table("thread")
    op.drop_table("patient")
    op.drop_table("organisation")
