"""Every form of an informe imports into the same records as its text form, compared record by record.

The shipped informe as published (Word, PDF, text copied from the PDF; made independently of this project,
in ``fixtures/publicado``), and an informe of another quarter in every form (``fixtures/cvoe_2021_t2``, made
by ``fixtures/make_fixtures.py``: Word, PDF printed by LibreOffice, ``pdftotext -layout``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine as SqlEngine

from db.database import make_engine
from seed.importer import import_file
from tests.conftest import FIXTURES, SHIPPED, fresh_url
from tests.store_records import Records, differences, store_records

PUBLISHED = FIXTURES / "publicado"
SECOND_QUARTER = FIXTURES / "cvoe_2021_t2"
COMPARED = ("informes", "sesiones", "acuerdos", "asistencia", "convenios", "actividades", "cifras", "menciones")
"""Everything an informe holds: sessions, acuerdos, attendance, convenios, activities, the figures it states."""

FORMS = {
    "publicado.docx": (SHIPPED, PUBLISHED / "cvoe_2020_t4.docx", "docx"),
    "publicado.pdf": (SHIPPED, PUBLISHED / "cvoe_2020_t4.pdf", "pdf"),
    "publicado_layout.txt": (SHIPPED, PUBLISHED / "cvoe_2020_t4_layout.txt", "layout"),
    "2021t2.docx": (SECOND_QUARTER / "cvoe_2021_t2.md", SECOND_QUARTER / "cvoe_2021_t2.docx", "docx"),
    "2021t2.pdf": (SECOND_QUARTER / "cvoe_2021_t2.md", SECOND_QUARTER / "cvoe_2021_t2.pdf", "pdf"),
    "2021t2_layout.txt": (SECOND_QUARTER / "cvoe_2021_t2.md", SECOND_QUARTER / "cvoe_2021_t2_layout.txt", "layout"),
}

_text_stores: dict[Path, Records] = {}


def _store_of(path: Path, folder: Path) -> tuple[Records, str]:
    db = make_engine(fresh_url(folder, path.stem.replace(".", "_")))
    report = import_file(db, path)
    records = store_records(db)
    db.dispose()
    return records, report.form


@pytest.mark.parametrize("name", FORMS)
def test_each_form_imports_into_the_same_records_as_the_text(name: str, tmp_path: Path) -> None:
    text, other, form = FORMS[name]
    if text not in _text_stores:
        _text_stores[text] = _store_of(text, tmp_path / "texto")[0]
    found, read_as = _store_of(other, tmp_path / "forma")
    assert read_as == form  # told from the content, not the name
    assert differences(_text_stores[text], found, COMPARED) == {}
    assert len(found["acuerdos"]) >= 12 and len(found["asistencia"]) >= 58


def test_the_other_quarter_reads_as_written(db: SqlEngine) -> None:
    """The second quarter of 2021, with its other layouts, has exactly what its author put in it."""
    report = import_file(db, SECOND_QUARTER / "cvoe_2021_t2_layout.txt")
    assert report.counts["sesiones"] == 4 and report.counts["acuerdos"] == 12
    assert report.counts["convenios suscritos"] == 3 and report.counts["convenios con seguimiento"] == 5
    assert all(c.agrees for c in report.figures), report.figures_table()
    records = store_records(db)
    held = [r for r in records["sesiones"] if r[-1] == (2021, 2)]
    assert [(r[1], r[2], r[4].isoformat()) for r in held] == [
        ("extraordinaria", 3, "2021-05-13"),
        ("ordinaria", 2, "2021-04-22"),
        ("ordinaria", 4, "2021-05-27"),
        ("ordinaria", 5, "2021-06-30"),
    ]
    # A names column: the person is kept apart from the organ; "N/A" is no absence; a label row is no person.
    people = {r[6]: r for r in records["asistencia"] if r[6]}
    assert people["Mariana Torres Vidal"][5] == "Partido MORENA"
    solidario = [r for r in records["asistencia"] if r[6] == "Rodrigo Fuentes Lara"]
    assert len(solidario) == 2 and all(r[7] for r in solidario)
    assert not any("Representaciones" in r[5] for r in records["asistencia"])
    # Total rows are figures, not activities or participants; the institution is the counterpart.
    assert not any(r[8].lower().startswith("total") for r in records["actividades"])
    assert not any((r[6] or "").startswith("Total") or r[5].startswith("Total") for r in records["asistencia"])
    signed = sorted(r[4] for r in records["convenios"] if r[1] == "suscrito")
    assert signed == [
        "Colegio de México",
        "Instituto Electoral del Estado de México",
        "Universidad Iberoamericana Ciudad de México",
    ]
    # The minuta of last quarter's session is a reference: no session of March 2021 in this store.
    assert not any(r[4] and r[4].month == 3 for r in records["sesiones"])
