"""A held session's start as its informe states it (``sessions.held_at``); each integration member's first
and last day in the commission and the acuerdo that designated them (``members.start_date``,
``members.end_date``, ``members.designation_acuerdo``).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    sessions = {c["name"] for c in inspector.get_columns("sessions")}
    if "held_at" not in sessions:
        with op.batch_alter_table("sessions") as batch:
            batch.add_column(sa.Column("held_at", sa.DateTime(timezone=True), nullable=True))
    members = {c["name"] for c in inspector.get_columns("members")}
    with op.batch_alter_table("members") as batch:
        if "start_date" not in members:
            batch.add_column(sa.Column("start_date", sa.Date(), nullable=True))
        if "end_date" not in members:
            batch.add_column(sa.Column("end_date", sa.Date(), nullable=True))
        if "designation_acuerdo" not in members:
            batch.add_column(sa.Column("designation_acuerdo", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("designation_acuerdo")
        batch.drop_column("end_date")
        batch.drop_column("start_date")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("held_at")
