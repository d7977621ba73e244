"""One identity per thing across informes: three quarters give one store whatever the order of import, and
importing one quarter never changes another quarter's records or summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine as SqlEngine

from bot.engine import Engine
from bot.summary import build_summary, find_informe
from db.database import make_engine
from seed.importer import import_file
from tests.conftest import FIXTURES, SECOND, SHIPPED, fresh_url
from tests.store_records import store_records

THIRD = FIXTURES / "cvoe_2021_t2" / "cvoe_2021_t2_layout.txt"
ORDERS = {
    "en orden": (SHIPPED, SECOND, THIRD),
    "al revés": (THIRD, SECOND, SHIPPED),
    "salteado": (SECOND, THIRD, SHIPPED),
}


def _store(folder: Path, order: tuple[Path, ...]) -> SqlEngine:
    db = make_engine(fresh_url(folder))
    for path in order:
        import_file(db, path)
    return db


@pytest.mark.parametrize("order", ["al revés", "salteado"])
def test_three_quarters_give_one_store_whatever_the_order(tmp_path: Path, order: str) -> None:
    forward = store_records(_store(tmp_path / "a", ORDERS["en orden"]))
    other = store_records(_store(tmp_path / "b", ORDERS[order]))
    assert other == forward
    # The session that approved each informe belongs to the next one, with its date; one record per acuerdo.
    sessions = {(r[0], r[1], r[2]): r for r in forward["sesiones"]}
    assert sessions[(2021, "ordinaria", 1)][4:] == (forward_date("2021-01-21"), "virtual", "celebrada", None, (2021, 1))
    assert sessions[(2021, "ordinaria", 2)][-1] == (2021, 2)  # approved the first quarter, held in the second
    assert sessions[(2020, "ordinaria", 12)][-1] == (2020, 4)  # a minuta's mention does not move it
    codes = [r[0] for r in forward["acuerdos"]]
    assert len(codes) == len(set(codes))
    approval = next(r for r in forward["acuerdos"] if r[0] == "CVOE/004/21")
    assert approval[-1] == (2021, 1) and approval[2] == (2021, "ordinaria", 1)
    cover_only = next(r for r in forward["acuerdos"] if r[0] == "CVOE/031/21")
    assert cover_only[-1] is None and cover_only[2] == (2021, "ordinaria", 6)


def forward_date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def _summary(db: SqlEngine, year: int, quarter: int) -> dict[str, Any]:
    engine = Engine(db)
    informe = find_informe(engine.knowledge, quarter, year)
    assert informe is not None
    summary = build_summary(engine.knowledge, informe, compare=False)
    return {
        "sesiones": [(line.session.date, [a.code for a in line.acuerdos], line.present) for line in summary.sessions],
        "acuerdos": [a.code for a in summary.acuerdos],
        "asistencia": (summary.present, summary.possible),
        "convenios": ([c.counterpart for c in summary.signed], [c.counterpart for c in summary.followed]),
        "resultados": summary.results,
        "eventos": summary.events,
        "aprobacion": summary.approval.date if summary.approval else None,
    }


def test_importing_a_quarter_never_changes_another_quarters_summary(db: SqlEngine) -> None:
    import_file(db, SHIPPED)
    alone = _summary(db, 2020, 4)
    import_file(db, SECOND)
    import_file(db, THIRD)
    assert _summary(db, 2020, 4) == alone
    assert alone["acuerdos"] == [f"CVOE/0{n}/20" for n in range(43, 54)]
    assert [len(codes) for _, codes, _ in alone["sesiones"]] == [3, 5, 3]
    second = _summary(db, 2021, 1)
    assert len(second["acuerdos"]) == 7 and len(second["sesiones"]) == 4
    # Re-importing the first quarter of 2021 changes nothing of the fourth of 2020.
    import_file(db, SECOND, force=True)
    assert _summary(db, 2020, 4) == alone and _summary(db, 2021, 1) == second


T3 = FIXTURES / "cvoe_2021_t3" / "informe_2021_t3.md"


@pytest.mark.parametrize("order", [(SECOND, T3), (T3, SECOND)])
def test_one_name_given_to_sessions_of_two_days_keeps_both(tmp_path: Path, order: tuple[Path, Path]) -> None:
    """The third quarter calls its 13 August session "primera sesión extraordinaria de 2021", as the first
    quarter called its 5 February one: both informes import without forcing, each keeps its session (with its
    acuerdos and attendance), an import says so, and the engine asks which one with the day of each."""
    db = make_engine(fresh_url(tmp_path))
    reports = [import_file(db, path) for path in order]
    assert all(not r.problems for r in reports)
    assert any("lleva el nombre de la del" in w for w in reports[1].warnings)
    engine = Engine(db)
    named = [s for s in engine.knowledge.sessions if (s.year, s.kind, s.number) == (2021, "extraordinaria", 1)]
    assert sorted(str(s.date) for s in named) == ["2021-02-05", "2021-08-13"]
    by_session = {s.date: {a.code for a in engine.knowledge.acuerdos if a.session_id == s.id} for s in named}
    assert "CVOE/033/21" in by_session[forward_date("2021-08-13")]
    assert "CVOE/033/21" not in by_session[forward_date("2021-02-05")]
    today = forward_date("2021-10-20")
    asked = engine.answer("¿quién faltó a la primera sesión extraordinaria?", today=today)
    assert asked.intent == "clarify" and any("13 de agosto" in c for c in asked.choices)
    assert any("5 de febrero" in c for c in asked.choices)
    answered = engine.answer(asked.choices[-1], today=today)
    assert answered.intent == "asistencia" and "13 de agosto de 2021" in answered.text
    assert "13 de agosto" in engine.answer("¿quién faltó a la primera extraordinaria de agosto?", today=today).text


@pytest.mark.parametrize("first", ["T4", "T1"])
def test_a_cover_dated_otherwise_is_the_same_session(tmp_path: Path, first: str) -> None:
    """The 2020-T4 cover names the primera ordinaria de 2021 on 21 January; a first-quarter informe that holds it
    on the 22nd re-dates that one session, in either order: no second session of that name."""
    moved = tmp_path / "t1_22_de_enero.md"
    text = SECOND.read_text(encoding="utf-8").replace("jueves 21 de enero de 2021", "viernes 22 de enero de 2021")
    moved.write_text(text.replace("(21 de enero de 2021)", "(22 de enero de 2021)"), encoding="utf-8")
    db = make_engine(fresh_url(tmp_path / "db"))
    for path in (SHIPPED, moved) if first == "T4" else (moved, SHIPPED):
        import_file(db, path)
    named = [s for s in Engine(db).knowledge.sessions if (s.year, s.kind, s.number) == (2021, "ordinaria", 1)]
    assert [str(s.date) for s in named] == ["2021-01-22"]
