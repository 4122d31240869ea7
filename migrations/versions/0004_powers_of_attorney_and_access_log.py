"""powers of attorney and the append-only access log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 01:45:00
"""

import sqlalchemy as sa
from alembic import op

import app.db
from app.inbox.access_log import APPEND_ONLY_POSTGRESQL, DROP_APPEND_ONLY_POSTGRESQL

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "power_of_attorney",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("giver_id", sa.Integer(), nullable=False),
        sa.Column("holder_national_id", sa.String(length=11), nullable=False),
        sa.Column(
            "scope", sa.Enum("read", "act", name="power_scope", native_enum=False, length=32), nullable=False
        ),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", app.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["giver_id"], ["patient.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("power_of_attorney", schema=None) as batch_op:
        batch_op.create_index(
            "ix_power_of_attorney_holder", ["holder_national_id", "withdrawn_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_power_of_attorney_giver_id"), ["giver_id"], unique=False)
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", app.db.UTCDateTime(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column(
            "what",
            sa.Enum(
                "item", "attachment", "appointment", name="access_log_what", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["patient.id"]),
        sa.ForeignKeyConstraint(["appointment_id"], ["appointment.id"]),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index("ix_access_log_patient", ["patient_id", "id"], unique=False)
        batch_op.create_index("ix_access_log_patient_actor", ["patient_id", "actor_id", "id"], unique=False)
        batch_op.create_index(
            "ix_access_log_patient_organisation", ["patient_id", "organisation_id", "id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        for statement in APPEND_ONLY_POSTGRESQL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DROP_APPEND_ONLY_POSTGRESQL:
            op.execute(statement)
    op.drop_table("access_log")
    with op.batch_alter_table("power_of_attorney", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_power_of_attorney_giver_id"))
        batch_op.drop_index("ix_power_of_attorney_holder")
    op.drop_table("power_of_attorney")
