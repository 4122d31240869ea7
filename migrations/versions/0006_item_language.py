"""the language of an item's text and of its appointment

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 08:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every item stored so far came without one; the portal's letters are in Norwegian.
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=35), server_default="nb", nullable=False))
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=35), server_default="nb", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_column("language")
