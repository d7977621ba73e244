"""The quarter summary: figures, the PDF with its chart, the comparison, the CLI and Telegram."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.documents import chart_legend, render_summary, summary_pdf, wrap_label
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
    assert (summary.present, summary.possible) == (65, 74)  # stand-ins' and their organs' blanks are no absence
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
    for expected in ("Sesiones: 3", "Acuerdos: 11", "CVOE/053/20", "Contraloría General", "Asistencia: 65 de 74"):
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


def test_cli_summary_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", fresh_url(tmp_path, "s"))

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["summary", *args])
        out, err = capsys.readouterr()
        return code, out, err

    out = tmp_path / "resumen.pdf"
    assert run("--quarter", "2020T4", "--format", "pdf", "-o", str(out))[0] == 0
    assert out.read_bytes().startswith(b"%PDF")
    code, html, _ = run("--format", "html")
    assert code == 0 and html.startswith("<!doctype html>") and "Contraloría" in html
    assert "Sesiones (3)" in run("--format", "text")[1]
    code, _, err = run("--quarter", "2019T1")
    assert code == 1 and "Disponibles: 2020T4" in err
    assert run("--format", "pdf")[0] == 2
    assert SHIPPED.exists() and SECOND.exists()


def test_the_pdf_has_page_numbers_the_date_and_whole_texts(shipped_engine: Engine) -> None:
    k = shipped_engine.knowledge
    summary = build_summary(k, find_informe(k, 4, 2020))  # type: ignore[arg-type]
    data = summary_pdf(summary, generated=dt.datetime(2026, 11, 25, 15, tzinfo=dt.UTC))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    for number, text in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in text
        assert "Generado el miércoles 25 de noviembre de 2026" in text
    whole = " ".join(" ".join(pages).split())
    longest = max(summary.acuerdos, key=lambda a: len(a.text))
    assert " ".join(longest.text.split())[-60:] in whole  # wrapped, never cut with "…"
    assert "Técni…" not in whole and "…" not in whole.replace("...", "")


def test_the_chart_legend_lists_what_it_shows_and_labels_wrap_at_words(shipped_engine: Engine) -> None:
    k = shipped_engine.knowledge
    summary = build_summary(k, find_informe(k, 4, 2020))  # type: ignore[arg-type]
    # The stand-ins' rows only count where they stood in: grey elsewhere, and the legend says so.
    assert [meaning for _, meaning in chart_legend(summary)] == ["asistió", "faltó", "no figura en la lista"]
    for participant in summary.participants:
        participant.marks = [mark is not False for mark in participant.marks]
    assert [meaning for _, meaning in chart_legend(summary)] == ["asistió", "faltó"]  # nothing grey
    label = "Unidad Técnica de Archivo, Logística y Apoyo a los Órganos Desconcentrados, Ulises Irvin Blanco Cabrera"
    wrapped = wrap_label(label)
    assert wrapped.replace("\n", " ") == label and all(len(line) <= 62 for line in wrapped.split("\n"))


def test_the_pdf_header_text_is_light_on_the_dark_header(shipped_engine: Engine) -> None:
    from reportlab.lib import colors

    from bot.documents import HEADER_BACKGROUND

    def luminance(colour: colors.Color) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.red) + 0.7152 * channel(colour.green) + 0.0722 * channel(colour.blue)

    background = luminance(colors.HexColor(HEADER_BACKGROUND))
    assert (luminance(colors.white) + 0.05) / (background + 0.05) >= 7  # WCAG AAA for the header's white text


def test_plurals_in_the_summary_documents(shipped_engine: Engine) -> None:
    k = shipped_engine.knowledge
    summary = build_summary(k, find_informe(k, 4, 2020))  # type: ignore[arg-type]
    summary.informe = summary.informe.model_copy(update={"convenios_total": 1, "convenios_vigentes": 1})
    summary.events = [("Taller único", 1)]
    for fmt in ("text", "md", "html"):
        text = render_summary(summary, fmt).decode()
        assert "1 instrumento suscrito, 1 vigente." in text, fmt
        assert "1 participante" in text and "1 participantes" not in text, fmt
