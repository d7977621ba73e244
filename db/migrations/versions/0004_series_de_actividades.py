"""Activities keep the informe's own name for their table or list (``series``); kinds become general.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("activities")}
    if "series" not in columns:
        with op.batch_alter_table("activities") as batch:
            batch.add_column(sa.Column("series", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("series")
