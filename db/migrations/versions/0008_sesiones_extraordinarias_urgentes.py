"""An extraordinaria called urgently ("Segunda sesión extraordinaria (urgente)") is numbered among the
extraordinarias: ``sessions.urgent`` marks it, instead of a kind of its own.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("sessions")}
    if "urgent" not in columns:
        with op.batch_alter_table("sessions") as batch:
            batch.add_column(sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("urgent")
