"""The summary PDF reads well: no heading left alone at the foot of a page, no acuerdo cut from its session, a
chart whose columns and colours can be told apart, and every section under its own heading."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from bot.documents import MARKS, attendance_chart, chart_legend, column_label, summary_pdf, unrecorded_note
from bot.engine import Engine
from bot.summary import QuarterSummary, build_summary, find_informe

HEADINGS = re.compile(
    r"^(Sesiones: \d+|Acuerdos: \d+|Asistencia: .*|Asistencia por (grupo|participante)|Inasistencias por sesión|"
    r"Convenios|Firmados en el trimestre|Con avances reportados en el trimestre|Principales resultados|"
    r"Cambios respecto .*|(Primera|Segunda|Tercera|Décima).* sesión (ordinaria|extraordinaria).*)$"
)
SESSION = re.compile(r"^(Primera|Segunda|Tercera|Décima)[^:]* sesión (ordinaria|extraordinaria)[^:]*$")


def summary_of(engine: Engine, quarter: int, year: int) -> QuarterSummary:
    k = engine.knowledge
    informe = find_informe(k, quarter, year)
    assert informe is not None
    return build_summary(k, informe)


def pages_of(summary: QuarterSummary) -> list[list[str]]:
    """Each page's lines, without the footer; "[gráfica]" after the chart's heading on the page that has it."""
    reader = PdfReader(io.BytesIO(summary_pdf(summary)))
    pages = []
    for page in reader.pages:
        lines = [line.strip() for line in page.extract_text().split("\n") if line.strip()]
        lines = [line for line in lines if not line.startswith(("Generado el", "Página "))]
        if page.images:
            at = next((i for i, line in enumerate(lines) if line.startswith("Asistencia: ")), None)
            assert at is not None, "la gráfica está en otra página que su título"
            lines.insert(at + 1, "[gráfica]")
        pages.append(lines)
    return pages


@pytest.fixture(params=[(4, 2020), (1, 2021)], ids=["2020T4", "2021T1"])
def summary(request: pytest.FixtureRequest, both_engine: Engine) -> QuarterSummary:
    return summary_of(both_engine, *request.param)


def test_no_heading_ends_a_page(summary: QuarterSummary) -> None:
    pages = pages_of(summary)
    for number, lines in enumerate(pages[:-1], start=1):
        assert not HEADINGS.match(lines[-1]), f"página {number} termina con «{lines[-1]}»"


def test_every_acuerdo_is_on_a_page_with_its_session(summary: QuarterSummary) -> None:
    for lines in pages_of(summary):
        codes = [i for i, line in enumerate(lines) if re.match(r"^CVOE/\d{3}/\d\d\.", line)]
        if codes:  # the first acuerdo of the page comes after its session's name, on that same page
            assert any(SESSION.match(line) for line in lines[: codes[0]]), lines[: codes[0] + 1]


def test_sections_have_their_own_headings(summary: QuarterSummary) -> None:
    lines = [line for page in pages_of(summary) for line in page]
    for heading in ("Asistencia por grupo", "Asistencia por participante", "Firmados en el trimestre"):
        assert heading in lines
    assert ("Con avances reportados en el trimestre" in lines) == bool(summary.followed)


def test_chart_columns_are_told_apart_and_a_session_without_attendance_is_named(both_engine: Engine) -> None:
    summary = summary_of(both_engine, 1, 2021)
    labels = [column_label(line.session) for line in summary.sessions if line.recorded]
    assert labels == ["1.ª ord.\n21/01/2021", "1.ª ext.\n05/02/2021", "3.ª ord.\n25/03/2021"]
    note = unrecorded_note(summary)
    assert note is not None and "segunda sesión extraordinaria urgente (10/03/2021)" in note
    assert "no aparece en la gráfica" in note
    text = " ".join(" ".join(page) for page in pages_of(summary))
    assert "no tiene registro de asistencia en el informe" in text
    assert unrecorded_note(summary_of(both_engine, 4, 2020)) is None  # every session has its list


def test_the_chart_uses_a_colour_blind_safe_pair_and_its_legend_says_so(both_engine: Engine) -> None:
    summary = summary_of(both_engine, 4, 2020)
    legend = dict((meaning, colour) for colour, meaning in chart_legend(summary))
    assert legend["asistió"] == "#0072b2" and legend["faltó"] == "#e69f00"  # blue and orange (Okabe–Ito)
    image = Image.open(io.BytesIO(attendance_chart(summary))).convert("RGB")
    colours = {"#{:02x}{:02x}{:02x}".format(*pixel) for _, pixel in image.getcolors(maxcolors=1 << 20)}
    for _, _, colour, _ in MARKS:
        assert colour in colours  # the grid shows exactly the legend's colours
    assert "#2e8b57" not in colours and "#d64541" not in colours  # no red against green
