"""Table shapes informes write their facts in, each as a small table in Markdown (pipe and tab tables):
totals, subtotals and sums, numbers in words, session times, attendance layouts, convenio layouts."""

from __future__ import annotations

from seed.importer import check
from tests.test_sections import informe, parse


def _results(table: str, lead: str = "Se impartieron pláticas en universidades:") -> str:
    return f"### 3. Pláticas\n\n{lead}\n\n**Tabla 3.1. Pláticas en universidades**\n\n{table}"


TALKS_PIPE = """| Fecha | Universidad | Tema | Personas asistentes |
|---|---|---|---|
| 6 de abril de 2021 | UNAM | Voto informado | 42 |
| 15 de abril de 2021 | UAM | Observación electoral | ciento doce |
| **Subtotal abril** | **2 pláticas** |  | **154** |
| 3 de mayo de 2021 | Ibero | Diputación migrante | 28 |
| **Subtotal mayo** | **1 plática** |  | **28** |
| **Total** | **3 pláticas** |  | **182** |"""


def test_total_and_subtotal_rows_state_row_counts_and_column_sums() -> None:
    parsed = parse(informe(results=_results(TALKS_PIPE)))
    talks = [a for a in parsed.activities if a.series == "Pláticas en universidades"]
    assert [(a.institution, a.participants) for a in talks] == [("UNAM", 42), ("UAM", 112), ("Ibero", 28)]
    figures = {c.label: (c.read, c.stated) for c in check(parsed).figures}
    assert figures["Filas de «Pláticas en universidades»"] == (3, 3)
    assert figures["Personas en «Pláticas en universidades»"] == (182, 182)
    assert figures["Filas de «Pláticas en universidades (Subtotal abril)»"] == (2, 2)
    assert figures["Personas en «Pláticas en universidades (Subtotal abril)»"] == (154, 154)
    assert all(c.agrees for c in check(parsed).figures)


def test_a_total_under_a_column_of_quantities_is_their_sum_not_a_row_count() -> None:
    table = "Mes\tCorreos enviados\tTemas\nJulio de 2021\t14\tInvitaciones\nAgosto de 2021\t9\tTaller\nTotal\t23\t"
    parsed = parse(informe(results=_results(table, lead="Se enviaron 23 correos electrónicos:")))
    rows = [a for a in parsed.activities if a.series == "Pláticas en universidades"]
    assert [a.detail for a in rows] == ["Correos enviados: 14", "Correos enviados: 9"]
    figures = {c.label: (c.read, c.stated) for c in check(parsed).figures}
    assert figures["Suma de «Pláticas en universidades › Correos enviados»"] == (23, 23)
    assert "Filas de «Pláticas en universidades»" not in figures  # 23 e-mails in two months' rows


def test_a_stated_count_off_by_one_from_its_table_is_a_warning_not_a_refusal() -> None:
    table = TALKS_PIPE.replace("**3 pláticas**", "**4 pláticas**")
    report = check(parse(informe(results=_results(table))))
    assert report.problems == []
    assert "Filas de «Pláticas en universidades»: el informe dice 4 y leí 3." in report.warnings
