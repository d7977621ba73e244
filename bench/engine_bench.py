"""Benchmark: engine time per question and import time of the shipped informe.

Run: ``.venv/bin/python bench/engine_bench.py [--repeat 50]``. Pins itself to one core when the
platform allows it. Reports medians and p99, first pass (cold caches) separately from the rest.
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

from bot.engine import Engine
from db.database import make_engine
from seed.importer import import_text, shipped_informes

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_CASES = ROOT.parent / "shared" / "eval" / "public_cases.py"
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
]


def questions() -> list[str]:
    """The public sample's questions (when present beside the project) plus a few of our own."""
    found: list[str] = []
    if PUBLIC_CASES.exists():
        spec = importlib.util.spec_from_file_location("cases", PUBLIC_CASES)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found = [case["q"] for case in module.CASES]
    return found + EXTRA


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description="Mide el motor de respuestas y el importador.")
    parser.add_argument("--repeat", type=int, default=50, help="veces que se repite cada pregunta")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the empty-question warning is expected here
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    text = shipped_informes()[0].read_text(encoding="utf-8")
    import_times = []
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
        engine = Engine(db)
        load = time.perf_counter() - start

        today = dt.date(2021, 1, 15)
        qs = questions()
        cold: list[float] = []
        warm: list[float] = []
        for round_ in range(args.repeat):
            for question in qs:
                start = time.perf_counter()
                engine.answer(question, today=today)
                (cold if round_ == 0 else warm).append(time.perf_counter() - start)

    ms = 1000.0
    print(f"preguntas distintas: {len(qs)}, repeticiones: {args.repeat}, respuestas medidas: {len(cold) + len(warm)}")
    for label, times in (("primera pasada", cold), ("resto", warm)):
        if times:
            median, p99 = statistics.median(times) * ms, percentile(times, 0.99) * ms
            print(f"motor, {label}: mediana {median:.3f} ms, p99 {p99:.3f} ms")
    print(f"carga del conocimiento: {load * ms:.1f} ms")
    print(f"importación del informe: mediana {statistics.median(import_times) * ms:.1f} ms (7 corridas)")


if __name__ == "__main__":
    main()
