"""First-use seeding and re-reading after an upgrade.

The shipped informe goes only into a database that never held an informe nor tried to import one: never
during an import, never after a failed one. Informes stored by an older importer are read again from their
source; a new reading that fails the checks leaves the stored one in place.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.database import StoreBusy, store_lock
from db.queries import imports, informes
from seed.importer import (
    PARSER_VERSION,
    ImportBusy,
    ImportRefused,
    ImportReport,
    check,
    import_bytes,
    parse_informe_bytes,
    shipped_informes,
    store,
)

log = logging.getLogger(__name__)


def seed_if_new(engine: Engine) -> ImportReport | None:
    """Import the shipped informe into a database that never held one; None when there was nothing to do."""
    with Session(engine) as session:
        if imports.ever_held_informes(session=session):
            return None
    path = shipped_informes()[0]
    data = path.read_bytes()
    parsed = parse_informe_bytes(data, path.name)
    report = check(parsed)
    try:
        with store_lock(engine) as session:
            if imports.ever_held_informes(session=session):
                return None  # an import (or another process's seeding) came first
            store(session, parsed, data, path.name, report, force=True, status="semilla")
    except StoreBusy:
        raise ImportBusy() from None
    log.info("Informe de ejemplo importado: %s", report.summary())
    return report


def refresh_stale(engine: Engine) -> list[ImportReport]:
    """Read again, from their stored source, the informes an older importer stored."""
    with Session(engine) as session:
        stale = informes.list_stale(PARSER_VERSION, session=session)
        sources = [(i.source_name, i.source_data or i.source_text.encode("utf-8"), i.year, i.quarter) for i in stale]
    reports = []
    for name, data, year, quarter in sources:
        try:
            reports.append(import_bytes(engine, data, source_name=name, refresh=True))
            log.info("Informe %s-T%s leído de nuevo con el importador actual", year, quarter)
        except ImportRefused as refused:
            log.warning("El informe %s-T%s no se volvió a leer: %s", year, quarter, refused)
    return reports


def prepare_store(engine: Engine) -> None:
    """What the bot and the commands that answer do before they start: seed a new store, refresh stale ones."""
    if seed_if_new(engine) is None:
        refresh_stale(engine)
