"""Conversations: the last question of each chat and what its answer was about, shared by every process.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database completed from the models before it had migrations already has the table.
    if "conversation_contexts" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "conversation_contexts",
        sa.Column("chat", sa.String(length=64), nullable=False),
        sa.Column("frame", sa.String(), nullable=False),
        sa.Column("items", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat"),
    )
    with op.batch_alter_table("conversation_contexts") as batch_op:
        batch_op.create_index("ix_conversation_contexts_updated_at", ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conversation_contexts") as batch_op:
        batch_op.drop_index("ix_conversation_contexts_updated_at")
    op.drop_table("conversation_contexts")
