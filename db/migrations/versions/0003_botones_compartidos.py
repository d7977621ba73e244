"""Buttons shared by every bot process: what each inline button stands for.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database completed from the models before it had migrations already has the table.
    if "button_payloads" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "button_payloads",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "kind", "key"),
    )
    with op.batch_alter_table("button_payloads") as batch_op:
        batch_op.create_index("ix_button_payloads_created_at", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("button_payloads") as batch_op:
        batch_op.drop_index("ix_button_payloads_created_at")
    op.drop_table("button_payloads")
