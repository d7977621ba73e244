"""Two informes may give one name to two sessions held on different days (a numbering mistake: a "primera
sesión extraordinaria de 2021" in February and another in August). A session's name is no longer unique:
``(year, kind, number)`` is an index, and the day tells the sessions apart.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_NAME = ["kind", "number", "year"]


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    unique = [u for u in inspector.get_unique_constraints("sessions") if sorted(u["column_names"]) == _NAME]
    if unique and bind.dialect.name == "sqlite":
        # SQLite keeps an unnamed constraint in the table's definition: the table is copied without it.
        table = sa.Table("sessions", sa.MetaData(), autoload_with=bind)
        for constraint in list(table.constraints):
            if isinstance(constraint, sa.UniqueConstraint) and sorted(c.name for c in constraint.columns) == _NAME:
                table.constraints.remove(constraint)
        with op.batch_alter_table("sessions", copy_from=table, recreate="always"):
            pass
    elif unique:
        op.drop_constraint(unique[0]["name"], "sessions", type_="unique")
    if "ix_sessions_name" not in {i["name"] for i in sa.inspect(bind).get_indexes("sessions")}:
        op.create_index("ix_sessions_name", "sessions", ["year", "kind", "number"])


def downgrade() -> None:
    # Checked before anything changes: SQLite does not undo a dropped index when a later step fails.
    shared = op.get_bind().execute(
        sa.text("SELECT year, kind, number FROM sessions GROUP BY year, kind, number HAVING COUNT(*) > 1")
    ).first()
    if shared is not None:
        raise RuntimeError(
            f"No se puede volver a la versión 0008: la sesión {shared.number} {shared.kind} de {shared.year} "
            "tiene dos registros (dos informes le dan ese nombre a sesiones de días distintos)."
        )
    op.drop_index("ix_sessions_name", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.create_unique_constraint("uq_sessions_name", ["year", "kind", "number"])
