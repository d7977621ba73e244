"""Full-text search of passages: a folded copy of the text, indexed by SQLite FTS5 or PostgreSQL tsvector.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE passages_fts USING fts5(search_text, content='passages', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN"
    " INSERT INTO passages_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN"
    " INSERT INTO passages_fts(passages_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER passages_fts_update AFTER UPDATE ON passages BEGIN"
    " INSERT INTO passages_fts(passages_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    " INSERT INTO passages_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def upgrade() -> None:
    bind = op.get_bind()
    # A database completed from the models already has the column; only the index is missing then.
    if "search_text" not in {c["name"] for c in sa.inspect(bind).get_columns("passages")}:
        with op.batch_alter_table("passages") as batch_op:
            batch_op.add_column(sa.Column("search_text", sa.String(), nullable=False, server_default=""))
    passages = sa.table("passages", sa.column("id", sa.Integer), sa.column("section", sa.String),
                        sa.column("text", sa.String), sa.column("search_text", sa.String))
    for row in bind.execute(sa.select(passages.c.id, passages.c.section, passages.c.text)).all():
        bind.execute(passages.update().where(passages.c.id == row.id)
                     .values(search_text=_fold(f"{row.section} {row.text}")))
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
        op.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_passages_fts ON passages USING gin (to_tsvector('spanish', search_text))")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("passages_fts_insert", "passages_fts_delete", "passages_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS passages_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_passages_fts")
    with op.batch_alter_table("passages") as batch_op:
        batch_op.drop_column("search_text")
