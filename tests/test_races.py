"""Imports serialise on the store: two at once, or one while a first question seeds the store, both finish
(one after the other) without a traceback; one kept waiting too long is told so plainly."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session, select

import db.database as database
from db import models
from db.database import make_engine, store_lock
from seed.importer import ImportBusy, ImportReport, import_file
from seed.seeding import seed_if_new
from tests.conftest import SECOND, SHIPPED, fresh_url


def _informes(db: SqlEngine) -> list[tuple[int, int]]:
    with Session(db) as session:
        return sorted((i.year, i.quarter) for i in session.exec(select(models.Informe)).all())


def test_two_imports_at_once_run_one_after_the_other(tmp_path: Path) -> None:
    url = fresh_url(tmp_path)
    make_engine(url).dispose()
    engines = [make_engine(url, migrate=False) for _ in range(4)]
    files = [SHIPPED, SHIPPED, SECOND, SECOND]
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports: list[ImportReport] = list(pool.map(import_file, engines, files))
    assert sorted(r.status for r in reports) == ["nuevo", "nuevo", "sin cambios", "sin cambios"]
    assert _informes(engines[0]) == [(2020, 4), (2021, 1)]


def test_an_import_while_the_first_question_seeds_the_store(tmp_path: Path) -> None:
    url = fresh_url(tmp_path)
    make_engine(url).dispose()
    seeding, importing = make_engine(url, migrate=False), make_engine(url, migrate=False)
    with ThreadPoolExecutor(max_workers=2) as pool:
        seeded = pool.submit(seed_if_new, seeding)
        imported = pool.submit(import_file, importing, SECOND)
        seeded.result()
        assert imported.result().status == "nuevo"
    # Whichever came first, the import is in; the shipped informe only if the seeding came first.
    assert _informes(importing) in ([(2021, 1)], [(2020, 4), (2021, 1)])


def test_an_import_kept_waiting_too_long_says_so(db: SqlEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "STORE_WAIT_SECONDS", 0.3)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store_lock(db, wait_seconds=5):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(5)
        started = time.monotonic()
        with pytest.raises(ImportBusy, match="Otra importación está en curso"):
            import_file(db, SHIPPED)
        assert time.monotonic() - started < 5
    finally:
        release.set()
        holder.join()
    assert import_file(db, SHIPPED).status == "nuevo"
