"""Benchmark: engine time per question (single questions and conversations) and import time.

Run: ``.venv/bin/python bench/engine_bench.py [--repeat 50]``. Pins itself to one core when the platform
allows it. Reports medians and p99, first pass (cold caches) separately from the rest, and follow-ups
(questions that lean on the one before in the same chat) separately from first questions. Conversations
are kept in memory (as in ``ask`` and ``chat``); the last line measures them kept in the database, as the
Telegram bot does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.engine import DatabaseConversations, Engine, MemoryConversations
from db.database import make_engine
from seed.importer import import_text, shipped_informes

ROOT = Path(__file__).resolve().parent.parent
EXTRA = [
    "acuerdos de dic",
    "¿Quién faltó a la doceava?",
    "convenio con el INE",
    "¿Cuántas pláticas se dieron?",
    "¿Cuándo es la próxima sesión?",
    "acuerdo 99",
    "¿Qué es el PAT?",
    "hola",
    "🙂",
    "asdkjh qwe",
    "¿A qué sesiones faltó Rodríguez?",
    "¿Cuántos correos se enviaron a la Red de Observación?",
    "el acuerdo 47 fue en diciembre?",
    "acuerdos de la decima segunda sobre minutas",
    "¿cuál es el presupuesto de la comisión?",
    "¿qué trimestre tuvo más acuerdos?",
    "¿hubo sesion el 15 de noviembre?",
    "¿cuántos correos se mandaron por voto chilango?",
]
EXTRA_DIALOGS = [
    ["acuerdos de diciembre", "¿y de octubre?", "¿cuántos son?"],
    ["¿quién faltó a la décima sesión?", "¿y a la siguiente?", "¿y el PT?"],
    ["acuerdo 53", "¿cuándo se aprobó?", "¿qué día de la semana fue?"],
    ["convenios con el INE", "¿cuántos son?"],
    ["¿cuándo fue la décima primera sesión?", "¿quién faltó a esa sesión?", "¿qué acuerdos se aprobaron?"],
]


def _shared_eval() -> Path | None:
    """The shared samples beside the project (``../shared/eval`` from the main checkout or a worktree)."""
    for folder in (ROOT, *ROOT.parents):
        candidate = folder / "shared" / "eval"
        if candidate.is_dir():
            return candidate
    return None


def _cases(name: str) -> list[dict[str, Any]]:
    folder = _shared_eval()
    path = folder / name if folder else None
    if path is None or not path.exists():
        return []
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.CASES)


def questions() -> list[str]:
    """The public sample's single questions (when present beside the project) plus a few of our own."""
    found = [case["q"] for case in _cases("public_cases.py")]
    found += [case["q"] for case in _cases("public_dialogs.py") if not case.get("turns")]
    return found + EXTRA


def dialogs() -> list[list[str]]:
    """Conversations: the public sample's and a few of our own."""
    found = [[*case["turns"], case["q"]] for case in _cases("public_dialogs.py") if case.get("turns")]
    return found + EXTRA_DIALOGS


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(engine: Engine, repeat: int, today: dt.date) -> dict[str, list[float]]:
    """Seconds per question: first pass, later passes, and follow-ups within conversations."""
    times: dict[str, list[float]] = {"cold": [], "warm": [], "follow_up": [], "first_turn": []}
    qs, convs = questions(), dialogs()
    for round_ in range(repeat):
        for question in qs:
            start = time.perf_counter()
            engine.answer(question, today=today)
            times["cold" if round_ == 0 else "warm"].append(time.perf_counter() - start)
        for n, turns in enumerate(convs):
            chat = f"bench-{round_}-{n}"
            for i, question in enumerate(turns):
                start = time.perf_counter()
                engine.answer(question, today=today, chat=chat)
                elapsed = time.perf_counter() - start
                if round_:
                    times["follow_up" if i else "first_turn"].append(elapsed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description="Mide el motor de respuestas y el importador.")
    parser.add_argument("--repeat", type=int, default=50, help="veces que se repite cada pregunta")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the empty-question warning is expected here
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    text = shipped_informes()[0].read_text(encoding="utf-8")
    import_times = []
    today = dt.date(2021, 1, 15)
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(7):
            db = make_engine(f"sqlite:///{tmp}/import{run}.db")
            start = time.perf_counter()
            import_text(db, text, source_name="bench.md")
            import_times.append(time.perf_counter() - start)
            db.dispose()
        db = make_engine(f"sqlite:///{tmp}/engine.db")
        import_text(db, text, source_name="bench.md")
        start = time.perf_counter()
        engine = Engine(db, conversations=MemoryConversations())
        load = time.perf_counter() - start
        times = measure(engine, args.repeat, today)
        engine.conversations = DatabaseConversations(db)
        stored = measure(engine, max(2, args.repeat // 10), today)

    ms = 1000.0
    measured = sum(len(v) for v in times.values())
    print(
        f"preguntas distintas: {len(questions())}, conversaciones: {len(dialogs())}, "
        f"repeticiones: {args.repeat}, respuestas medidas: {measured}"
    )
    labels = (
        ("primera pasada", times["cold"]),
        ("resto", times["warm"]),
        ("primeras preguntas de conversación", times["first_turn"]),
        ("seguimientos (contexto en memoria)", times["follow_up"]),
        ("seguimientos (contexto en la base SQLite)", stored["follow_up"]),
    )
    for label, values in labels:
        if values:
            median, p99 = statistics.median(values) * ms, percentile(values, 0.99) * ms
            print(f"motor, {label}: mediana {median:.3f} ms, p99 {p99:.3f} ms")
    print(f"carga del conocimiento: {load * ms:.1f} ms")
    print(f"importación del informe: mediana {statistics.median(import_times) * ms:.1f} ms (7 corridas)")


if __name__ == "__main__":
    main()
