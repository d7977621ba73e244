"""Full-text search of the informes' passages with the database's own engine, behind one function.

SQLite uses FTS5 (unicode61 tokenizer, diacritics removed); PostgreSQL a ``tsvector`` with the Spanish
configuration. Both index ``passages.search_text``, the folded section and text, so accents never matter.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlmodel import Session

from lang.spanish import fold


def search_passages(words: list[str], *, session: Session, limit: int = 20) -> list[tuple[int, float]]:
    """(passage id, score) of the passages matching any of ``words``, best first (higher is better)."""
    terms = [t for t in (re.sub(r"[^a-z0-9]", "", fold(w)) for w in words) if len(t) >= 2]
    if not terms:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        query = " OR ".join(f'"{t}"*' for t in terms)
        rows = session.execute(
            text(
                "SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH :q "
                "ORDER BY bm25(passages_fts) LIMIT :n"
            ),
            {"q": query, "n": limit},
        ).all()
        return [(int(r[0]), -float(r[1])) for r in rows]
    if dialect == "postgresql":
        rows = session.execute(
            text(
                "SELECT id, ts_rank(to_tsvector('spanish', search_text), query) AS rank "
                "FROM passages, to_tsquery('spanish', :q) AS query "
                "WHERE to_tsvector('spanish', search_text) @@ query ORDER BY rank DESC LIMIT :n"
            ),
            {"q": " | ".join(terms), "n": limit},
        ).all()
        return [(int(r[0]), float(r[1])) for r in rows]
    raise NotImplementedError(f"sin búsqueda de texto para {dialect}")
