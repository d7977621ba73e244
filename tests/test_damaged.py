"""Damaged copies of the shipped informe never replace it: each does what ``danados/esperado.json`` says.

The copies (truncated, a section twice, a section removed, a stray byte, the wrong quarter, a scan) are made by
``fixtures/make_fixtures.py`` and imported over the good informe.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine as SqlEngine

from seed.importer import ImportRefused, import_file
from seed.informe import InformeFormatError
from tests.conftest import FIXTURES, SHIPPED
from tests.store_records import differences, store_records

DAMAGED = FIXTURES / "danados"
EXPECTED: dict[str, dict[str, object]] = json.loads((DAMAGED / "esperado.json").read_text(encoding="utf-8"))
KEPT = ("informes", "sesiones", "acuerdos", "asistencia", "convenios", "actividades")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_damaged_copy_does_what_is_expected(db: SqlEngine, name: str) -> None:
    expected = EXPECTED[name]
    import_file(db, SHIPPED)
    good = store_records(db)
    path = DAMAGED / name
    outcome = expected["resultado"]
    if outcome == "ilegible":
        with pytest.raises(InformeFormatError) as error:
            import_file(db, path)
        assert str(expected.get("mensaje", "")) in str(error.value)
        assert store_records(db) == good
    elif outcome == "rechazado":
        with pytest.raises(ImportRefused) as refused:
            import_file(db, path)
        assert any(str(expected["problema"]) in p for p in refused.value.report.problems)
        assert store_records(db) == good
    else:
        report = import_file(db, path)
        assert report.status == "actualizado"
        if "aviso" in expected:
            assert any(str(expected["aviso"]) in w for w in report.warnings)
        assert differences(good, store_records(db), KEPT) == {}


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if "forzado" in e))
def test_forcing_a_refused_copy_imports_what_it_holds(db: SqlEngine, name: str) -> None:
    report = import_file(db, DAMAGED / name, force=True)
    assert report.forced and report.problems
    forced = EXPECTED[name]["forzado"]
    assert isinstance(forced, dict)
    assert {key: report.counts[key] for key in forced} == forced


def test_a_refused_copy_on_an_empty_store_leaves_it_empty(db: SqlEngine) -> None:
    with pytest.raises(ImportRefused):
        import_file(db, DAMAGED / "sin_seccion_de_acuerdos.md")
    assert all(not rows for name, rows in store_records(db).items())
