"""The benchmark suite: one command, a Markdown table in ``bench/RESULTS.md``.

    .venv/bin/python bench/run_all.py [--postgres URL] [--chats 5000]

Measures, on SQLite and (with ``--postgres``) on PostgreSQL where the database matters: engine time
per question (median, p99) over a varied question set; updates per second through the Application
with an offline bot; cold start of ``comisionbot run`` to ready; resident memory after start and after
10,000 questions; import time of the shipped informe; summary PDF time; reminder fan-out to 5,000
chats against Telegram's 30 messages per second.
"""

from __future__ import annotations

import argparse
import asyncio
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
from bench.reminders_bench import TELEGRAM_RATE, fan_out  # noqa: E402
from bench.telegram_bench import offline_throughput  # noqa: E402
from tests.fake_bot_api import FakeBotApi  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"

# Run in a fresh process so that memory and start-up are measured from zero.
PROBE = r"""
import datetime as dt, json, statistics, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
from db.database import make_engine
from seed.importer import import_text, shipped_informes
from bot.engine import Engine
from bot.documents import summary_pdf
from bot.summary import build_summary, find_informe
url, questions = sys.argv[1], json.loads(sys.argv[2])
db = make_engine(url)
text = shipped_informes()[0].read_text(encoding="utf-8")
imports = []
for _ in range(5):
    start = time.perf_counter(); import_text(db, text, source_name="bench.md", force=True)
    imports.append(time.perf_counter() - start)
engine = Engine(db)
after_start = rss()
today = dt.date(2021, 1, 15)
times = []
for n in range(10_000):
    q = questions[n % len(questions)]
    start = time.perf_counter(); engine.answer(q, today=today); times.append(time.perf_counter() - start)
after_questions = rss()
informe = find_informe(engine.knowledge, None, None)
pdf = []
for _ in range(6):
    start = time.perf_counter()
    summary_pdf(build_summary(engine.knowledge, informe))
    pdf.append(time.perf_counter() - start)
times.sort()
print(json.dumps({"median": statistics.median(times), "p99": times[int(0.99 * len(times))], "rss_start": after_start,
                  "rss_after": after_questions, "import": statistics.median(imports), "pdf_first": pdf[0],
                  "pdf": statistics.median(pdf[1:])}))
"""


def engine_probe(url: str) -> dict[str, float]:
    qs = questions() + VARIED
    out = subprocess.run(
        [sys.executable, "-c", PROBE, url, json.dumps(qs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


VARIED = [
    "¿Qué se acordó en noviembre?",
    "¿Cuándo se aprobó el tercer informe trimestral?",
    "¿Quién preside la comisión?",
    "¿Asistió el PAN a la décima sesión?",
    "convenio con la UACM",
    "¿Cuántas horas duró el curso de Ceremonial?",
    "¿Qué pláticas se dieron en noviembre?",
    "¿Hubo sesiones extraordinarias?",
    "acuerdos 44 y 45",
    "¿Qué es la Diputación Migrante?",
    "¿Cuántos faltaron a la décima sesión?",
    "resumen del cuarto trimestre",
]


async def cold_start(url: str) -> float:
    """Seconds from starting ``comisionbot run`` to its command menu being set (ready)."""
    api = FakeBotApi("555:COLD")
    await api.start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "BOT_TOKEN": "555:COLD",
            "TELEGRAM_API_URL": api.url,
            "DATABASE_URL": url,
            "HEARTBEAT_FILE": f"{tmp}/beat",
        }
        start = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            env=env,
            cwd=tmp,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        _, ready = await api.wait_for("setMyCommands", timeout=120)
        process.terminate()
        await process.wait()
    await api.stop()
    return ready - start


def database_urls(postgres: str) -> list[tuple[str, str]]:
    urls = [("SQLite", f"sqlite:///{tempfile.mkdtemp()}/bench.db")]
    if postgres:
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with create_engine(postgres).begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        urls.append(("PostgreSQL", f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"))
    return urls


async def main(postgres: str, chats: int) -> None:
    rows: dict[str, dict[str, str]] = {}
    from bot.engine import Engine
    from db.database import make_engine
    from seed.importer import import_file, shipped_informes

    for name, url in database_urls(postgres):
        print(f"… {name}", flush=True)
        probe = engine_probe(url)
        engine = Engine(make_engine(url))
        if not engine.knowledge.informes:
            import_file(engine.db_engine, shipped_informes()[0])
            engine.reload()
        rate = statistics.median([await offline_throughput(engine, 2000) for _ in range(3)])
        start = statistics.median([await cold_start(url) for _ in range(3)])
        elapsed, sent, duplicates, lost = await fan_out(url, chats)
        floor = chats / TELEGRAM_RATE
        rows[name] = {
            "Motor: mediana por pregunta": f"{probe['median'] * 1000:.2f} ms",
            "Motor: p99 por pregunta": f"{probe['p99'] * 1000:.2f} ms",
            "Actualizaciones por segundo (bot sin red)": f"{rate:.0f}",
            "Arranque en frío hasta listo": f"{start:.2f} s",
            "Memoria residente tras arrancar": f"{probe['rss_start']:.0f} MiB",
            "Memoria residente tras 10 000 preguntas": f"{probe['rss_after']:.0f} MiB",
            "Importación del informe": f"{probe['import'] * 1000:.0f} ms",
            "PDF del resumen (primera vez / después)": f"{probe['pdf_first'] * 1000:.0f} / "
            f"{probe['pdf'] * 1000:.0f} ms",
            f"Recordatorios a {chats} chats": f"{elapsed:.1f} s (mínimo {floor:.1f} s, razón {elapsed / floor:.3f})",
            "Recordatorios: duplicados / perdidos": f"{duplicates} / {lost} (enviados {sent})",
        }
    names = list(rows)
    lines = [
        "# Resultados de las mediciones",
        "",
        f"Generado por `bench/run_all.py` el {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC en "
        f"{platform.machine()} con {os.cpu_count()} núcleos, Python {platform.python_version()}. "
        "Servidor de la API de Telegram falso en la interfaz local; medianas salvo que se indique.",
        "",
        "| Medición | " + " | ".join(names) + " |",
        "| --- | " + " | ".join("---" for _ in names) + " |",
    ]
    for metric in rows[names[0]]:
        lines.append(f"| {metric} | " + " | ".join(rows[n][metric] for n in names) + " |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Corre todas las mediciones y escribe bench/RESULTS.md.")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", ""),
        help="URL de un servidor PostgreSQL para medir también sobre él",
    )
    parser.add_argument("--chats", type=int, default=5000, help="chats suscritos para el envío de recordatorios")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.postgres, arguments.chats))
