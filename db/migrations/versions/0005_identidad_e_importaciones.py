"""One acuerdo per code across informes (an acuerdo known only from a cover has no informe yet); informes
keep a PDF or Word file as received; every import attempt is recorded.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    # Acuerdos listed twice by earlier importers (one per informe) become one: the informe's own listing.
    bind.execute(
        sa.text(
            "DELETE FROM acuerdos WHERE id NOT IN (SELECT MIN(id) FROM acuerdos GROUP BY code)"
        )
    )
    with op.batch_alter_table("acuerdos") as batch:
        batch.alter_column("informe_id", existing_type=sa.Integer(), nullable=True)
        batch.create_unique_constraint("uq_acuerdos_code", ["code"])
    columns = {c["name"] for c in inspector.get_columns("informes")}
    with op.batch_alter_table("informes") as batch:
        if "source_data" not in columns:
            batch.add_column(sa.Column("source_data", sa.LargeBinary(), nullable=True))
        if "source_form" not in columns:
            batch.add_column(
                sa.Column("source_form", sa.String(length=20), nullable=False, server_default="markdown")
            )
    if "imports" not in inspector.get_table_names():
        op.create_table(
            "imports",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("source_name", sa.String(), nullable=False),
            sa.Column("form", sa.String(length=20), nullable=True),
            sa.Column("year", sa.Integer(), nullable=True),
            sa.Column("quarter", sa.Integer(), nullable=True),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("forced", sa.Boolean(), nullable=False),
            sa.Column("detail", sa.String(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )


def downgrade() -> None:
    op.drop_table("imports")
    with op.batch_alter_table("informes") as batch:
        batch.drop_column("source_form")
        batch.drop_column("source_data")
    with op.batch_alter_table("acuerdos") as batch:
        batch.drop_constraint("uq_acuerdos_code", type_="unique")
        batch.alter_column("informe_id", existing_type=sa.Integer(), nullable=False)
