"""appointments, replies, dialogues and municipal services

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:25:06.730284
"""

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
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
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointment_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "service_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("patient_id", "organisation_id"),
    )
    with op.batch_alter_table("service_recipient", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_recipient_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "appointment_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("in_time", sa.Boolean(), nullable=False),
        sa.Column("sent_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["item.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("appointment_id"),
        sa.UniqueConstraint("item_id"),
    )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appointment_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_item_appointment_id", ["appointment_id"])
        batch_op.create_foreign_key("fk_item_appointment_id", "appointment", ["appointment_id"], ["id"])

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("digital_contact", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appointment_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_thread_appointment_id", ["appointment_id"])
        batch_op.create_foreign_key("fk_thread_appointment_id", "appointment", ["appointment_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.drop_constraint("fk_thread_appointment_id", type_="foreignkey")
        batch_op.drop_constraint("uq_thread_appointment_id", type_="unique")
        batch_op.drop_column("appointment_id")

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("digital_contact")

    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_constraint("fk_item_appointment_id", type_="foreignkey")
        batch_op.drop_constraint("uq_item_appointment_id", type_="unique")
        batch_op.drop_column("appointment_id")

    op.drop_table("appointment_reply")
    with op.batch_alter_table("service_recipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_recipient_patient_id"))

    op.drop_table("service_recipient")
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_patient_id"))

    op.drop_table("appointment")
