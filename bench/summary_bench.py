"""Benchmark: time to build the quarter summary PDF (with its chart) and its size.

Run from the project root: ``.venv/bin/python bench/summary_bench.py``. The first build includes
importing matplotlib and reportlab; the rest are warm.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from bot.documents import summary_pdf
from bot.engine.knowledge import load_knowledge
from bot.summary import build_summary, find_informe
from db.database import make_engine
from seed.importer import import_file, shipped_informes


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = make_engine(f"sqlite:///{tmp}/bench.db")
        import_file(db, shipped_informes()[0])
        knowledge = load_knowledge(db)
    informe = find_informe(knowledge, None, None)
    assert informe is not None
    times = []
    size = 0
    for _ in range(11):
        start = time.perf_counter()
        data = summary_pdf(build_summary(knowledge, informe))
        times.append(time.perf_counter() - start)
        size = len(data)
    print(
        f"PDF del resumen: primera vez {times[0] * 1000:.0f} ms (con importaciones), "
        f"después mediana {statistics.median(times[1:]) * 1000:.0f} ms; tamaño {size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
