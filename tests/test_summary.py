"""The quarter summary: figures, the PDF with its chart, the comparison, the CLI and Telegram."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from bot.documents import render_summary
from bot.engine import Engine
from bot.summary import build_summary, find_informe
from tests.conftest import SECOND, SHIPPED, fresh_url


def test_the_summary_has_the_shipped_informes_figures(shipped_engine: Engine) -> None:
    k = shipped_engine.knowledge
    summary = build_summary(k, find_informe(k, 4, 2020))  # type: ignore[arg-type]
    assert len(summary.sessions) == 3 and len(summary.acuerdos) == 11
    assert [len(line.acuerdos) for line in summary.sessions] == [3, 5, 3]
    assert [c.counterpart for c in summary.signed] == ["Secretaría de la Contraloría General de la Ciudad de México"]
    assert len(summary.followed) == 8
    assert (summary.present, summary.possible) == (65, 81)
    assert dict(summary.results)["Información difundida a la Red de Observación"] == 49  # the table's caption
    assert dict(summary.results)["Correos (votochilango@iecm.mx)"] == 16  # what the informe states (15 table rows)
    assert summary.previous is None and summary.changes == []
    text = render_summary(summary, "md").decode()
    assert "## Sesiones (3)" in text and "## Acuerdos (11)" in text and "Contraloría General" in text
    varela = next(p for p in summary.participants if "Varela" in p.label)
    assert varela.marks == [False, True, False] and round(varela.rate, 2) == 0.33
    assert "| Unidad Técnica Especializada de Fiscalización, Félix Varela Rodríguez | 1 de 3 | 33 % |" in text


def test_the_pdf_opens_has_the_figures_and_an_image(shipped_engine: Engine) -> None:
    k = shipped_engine.knowledge
    data = render_summary(build_summary(k, find_informe(k, 4, 2020)), "pdf")  # type: ignore[arg-type]
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ("Sesiones: 3", "Acuerdos: 11", "CVOE/053/20", "Contraloría General", "Asistencia: 65 de 81"):
        assert expected in text, expected
    assert sum(len(page.images) for page in reader.pages) >= 1
    assert reader.metadata is not None and reader.metadata.title == "Resumen CVOE-2020-T4"


def test_a_second_informe_brings_a_comparison(both_engine: Engine) -> None:
    k = both_engine.knowledge
    summary = build_summary(k, find_informe(k, 1, 2021))  # type: ignore[arg-type]
    assert summary.previous is not None and (summary.previous.year, summary.previous.quarter) == (2020, 4)
    changes = {c.label: (c.before, c.after) for c in summary.changes}
    assert (
        changes["Sesiones"] == (3, 4) and changes["Acuerdos"] == (11, 7) and changes["Convenios vigentes"] == (37, 39)
    )
    assert "Cambios respecto del 2020-T4" in render_summary(summary, "md").decode()
    reply = both_engine.answer("resumen del primer trimestre de 2021", today=dt.date(2021, 5, 1))
    assert reply.intent == "summary" and reply.quarter == (2021, 1) and "Cambios respecto" in reply.text
    pdf = PdfReader(io.BytesIO(render_summary(summary, "pdf")))
    assert "Cambios respecto del 2021-T" not in "".join(p.extract_text() for p in pdf.pages)
    assert "Cambios respecto del 2020-T4" in "".join(p.extract_text() for p in pdf.pages)


def test_unknown_quarter_offers_the_available_ones(shipped_engine: Engine) -> None:
    reply = shipped_engine.answer("resumen del segundo trimestre de 2019", today=dt.date(2021, 1, 15))
    assert "No tengo el informe" in reply.text and reply.choices == ["resumen del cuarto trimestre de 2020"]


def test_cli_summary_formats(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": fresh_url(tmp_path, "s")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "summary", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    out = tmp_path / "resumen.pdf"
    assert run("--quarter", "2020T4", "--format", "pdf", "-o", str(out)).returncode == 0
    assert out.read_bytes().startswith(b"%PDF")
    html = run("--format", "html")
    assert html.returncode == 0 and html.stdout.startswith("<!doctype html>") and "Contraloría" in html.stdout
    assert "Sesiones (3)" in run("--format", "text").stdout
    missing = run("--quarter", "2019T1")
    assert missing.returncode == 1 and "Disponibles: 2020T4" in missing.stderr
    assert run("--format", "pdf").returncode == 2
    assert SHIPPED.exists() and SECOND.exists()
