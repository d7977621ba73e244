"""Benchmark of the importer and of a store of ten years: a Markdown table in ``bench/RESULTS_importer.md``.

    .venv/bin/python bench/importer_bench.py [--postgres URL] [--quarters 40]

Measures, pinned to one core: parse time of texts of 1, 2 and 4 MB (and the ratio, to show it grows
linearly); import time of the published 22-page PDF and of the 2021 second-quarter PDF; then, with 40
generated quarters loaded (``tests/fixtures/synthetic.py``), in fresh processes (median of three): time
until the engine is ready, resident memory, and engine time per question (median, p99).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.engine_bench import questions  # noqa: E402
from db.database import make_engine  # noqa: E402
from seed.importer import import_bytes, parse_informe_bytes  # noqa: E402
from tests.fixtures.make_fixtures import to_markdown  # noqa: E402
from tests.fixtures.synthetic import synthetic_quarter  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS_importer.md"
PDFS = {
    "informe publicado (PDF de ReportLab)": ROOT / "tests" / "fixtures" / "publicado" / "cvoe_2020_t4.pdf",
    "2021-T2 (PDF de LibreOffice)": ROOT / "tests" / "fixtures" / "cvoe_2021_t2" / "cvoe_2021_t2.pdf",
}
ACROSS = [
    "¿Qué acuerdos se aprobaron en mayo de 2015?",
    "sesiones del tercer trimestre de 2018",
    "¿Cuántos correos se enviaron a la Red de Observación en 2019?",
    "¿Quién faltó a la quinta sesión ordinaria de 2016?",
    "¿Qué pláticas se dieron en la UNAM en 2020?",
    "acuerdo CVOE/010/17",
    "resumen del segundo trimestre de 2014",
    "¿Cuándo fue la primera sesión extraordinaria de 2013?",
]

PROBE = r"""
import datetime as dt, json, statistics, sys, time
start = time.perf_counter()
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
from db.database import make_engine
from seed.seeding import prepare_store
from bot.engine import Engine
url, questions = sys.argv[1], json.loads(sys.argv[2])
db = make_engine(url)
prepare_store(db)
engine = Engine(db)
ready = time.perf_counter() - start
after_start = rss()
today = dt.date(2022, 1, 20)
times = []
for n in range(5_000):
    q = questions[n % len(questions)]
    t = time.perf_counter(); engine.answer(q, today=today); times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({"ready": ready, "rss": after_start, "rss_after": rss(), "median": statistics.median(times),
                  "p99": times[int(0.99 * len(times))], "informes": len(engine.knowledge.informes)}))
"""


def one_core() -> None:
    """Pin the process (and its children) to one core, where the platform allows it."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def text_of(megabytes: float) -> bytes:
    """A generated informe of about that size (its tables grow)."""
    rows = int(megabytes * 11_000)
    return to_markdown(synthetic_quarter(2023, 2, rows=rows)).encode("utf-8")


def median_time(action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def parse_times() -> list[tuple[float, float]]:
    """(size in MB, median parse seconds) for texts of about 1, 2 and 4 MB."""
    out = []
    for size in (1, 2, 4):
        data = text_of(size)
        out.append((len(data) / 1e6, median_time(lambda d=data: parse_informe_bytes(d, "grande.md"), 3)))
    return out


def fresh_url(folder: Path, base: str | None) -> str:
    if not base:
        return f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
    from sqlalchemy import create_engine, text

    schema = f"b_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def pdf_times(folder: Path, base: str | None) -> dict[str, tuple[int, float]]:
    """Per PDF: its pages and the median time to import it into an empty store."""
    import pdfplumber

    out = {}
    for name, path in PDFS.items():
        data = path.read_bytes()
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)

        def once(d: bytes = data, source: str = path.name) -> None:
            import_bytes(make_engine(fresh_url(folder, base)), d, source_name=source)

        out[name] = (pages, median_time(once, 5))
    return out


def store_of_years(folder: Path, base: str | None, quarters: int) -> tuple[str, float]:
    """A store with ``quarters`` generated quarters (from 2012 on); its URL and the median import time."""
    url = fresh_url(folder, base)
    db = make_engine(url)
    times = []
    for index in range(quarters):
        year, quarter = 2012 + index // 4, index % 4 + 1
        data = to_markdown(synthetic_quarter(year, quarter)).encode("utf-8")
        start = time.perf_counter()
        import_bytes(db, data, source_name=f"cvoe_{year}_t{quarter}.md")
        times.append(time.perf_counter() - start)
    db.dispose()
    return url, statistics.median(times)


def probe(url: str, runs: int = 3) -> dict[str, float]:
    """The fresh-process measures, each the median of ``runs`` processes."""
    qs = questions() + ACROSS
    found = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, url, json.dumps(qs)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        found.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(f[key] for f in found) for key in found[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description="Mide el importador y una base de diez años.")
    parser.add_argument("--postgres", metavar="URL", help="repetir la base de diez años en PostgreSQL")
    parser.add_argument("--quarters", type=int, default=40, help="trimestres generados (por omisión 40)")
    args = parser.parse_args()
    one_core()
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        parses = parse_times()
        pdfs = pdf_times(folder, None)
        bases = {"SQLite": None} | ({"PostgreSQL": args.postgres} if args.postgres else {})
        stores = {name: store_of_years(folder, base, args.quarters) for name, base in bases.items()}
        probes = {name: probe(url) for name, (url, _) in stores.items()}
    lines = [
        "# Resultados del importador",
        "",
        f"Generado por `bench/importer_bench.py` el {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC en "
        f"{platform.machine()}, un solo núcleo, Python {platform.python_version()}; medianas salvo que se indique.",
        "",
        "| Medición | Valor |",
        "| --- | --- |",
    ]
    for size, seconds in parses:
        lines.append(f"| Lectura de un texto de {size:.1f} MB | {seconds:.2f} s |")
    lines.append(
        f"| Razón 4 MB / 1 MB (lineal ≈ {parses[2][0] / parses[0][0]:.1f}) | {parses[2][1] / parses[0][1]:.2f} |"
    )
    for name, (pages, seconds) in pdfs.items():
        lines.append(f"| Importación de un PDF de {pages} páginas: {name} | {seconds:.2f} s |")
    for name, (_, seconds) in stores.items():
        found = probes[name]
        lines += [
            f"| {name}: importación de cada uno de {int(found['informes'])} trimestres | {seconds * 1000:.0f} ms |",
            f"| {name}: listo para responder con {int(found['informes'])} trimestres | {found['ready']:.2f} s |",
            f"| {name}: memoria residente (al arrancar / tras 5000 preguntas) | "
            f"{found['rss']:.0f} / {found['rss_after']:.0f} MiB |",
            f"| {name}: motor por pregunta, mediana / p99 | "
            f"{found['median'] * 1000:.2f} / {found['p99'] * 1000:.2f} ms |",
        ]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
