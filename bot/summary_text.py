"""The quarter summary as plain text for a terminal or an e-mail: headings underlined, aligned columns,
long texts wrapped at whole words, no blank lines between rows."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from bot.render import session_name
from bot.summary import QuarterSummary
from lang.spanish import long_date, plural, short_date

WIDTH = 100
COLUMN = 60  # widest table cell before it wraps


def _heading(title: str) -> list[str]:
    return ["", title, "=" * len(title)]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int] | None = None) -> list[str]:
    """Columns padded to their widest cell (numbers right-aligned), a rule under the header; a cell wider
    than ``COLUMN`` wraps at whole words onto the next lines of its row."""
    numeric = numeric or set()
    wrapped = [[textwrap.wrap(str(c), COLUMN, break_long_words=False) or [""] for c in row] for row in [header, *rows]]
    widths = [max(len(part) for row in wrapped for part in row[i]) for i in range(len(header))]

    def lines(cells: list[list[str]]) -> list[str]:
        out = []
        for n in range(max(len(c) for c in cells)):
            parts = [
                (c[n] if n < len(c) else "").rjust(w) if i in numeric else (c[n] if n < len(c) else "").ljust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ]
            out.append("  ".join(parts).rstrip())
        return out

    body = [line for row in wrapped[1:] for line in lines(row)]
    return [*lines(wrapped[0]), "  ".join("-" * w for w in widths), *body]


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest, break_long_words=False)


def summary_text(s: QuarterSummary) -> str:
    """Every part of the summary, readable as plain text."""
    informe = s.informe
    title = f"Resumen del {s.quarter_words} informe trimestral {informe.year}"
    lines = [title, "#" * len(title), "Comisión Permanente de Vinculación con Organismos Externos (IECM)"]
    lines.append(f"Periodo: {short_date(informe.period_start)} al {short_date(informe.period_end)}.")
    if s.approval and s.approval.date:
        approved = f"Aprobado en la {session_name(s.approval)} del {long_date(s.approval.date)}"
        if informe.approval_acuerdo:
            approved += f", mediante el acuerdo {informe.approval_acuerdo}"
        lines += _wrapped(approved + ".", "", "")

    lines += _heading(f"Sesiones ({len(s.sessions)})")
    lines += _table(
        ["Sesión", "Fecha", "Acuerdos", "Asistencia"],
        [
            [
                session_name(line.session).capitalize(),
                short_date(line.session.date) if line.session.date else "",
                str(len(line.acuerdos)),
                f"{line.present} de {line.present + len(line.absent)}" if line.recorded else "sin registro",
            ]
            for line in s.sessions
        ],
        numeric={2},
    )

    lines += _heading(f"Acuerdos ({len(s.acuerdos)})")
    for line in s.sessions:
        if line.acuerdos:
            lines += ["", f"{session_name(line.session).capitalize()}:"]
            for acuerdo in line.acuerdos:
                lines += _wrapped(acuerdo.text, f"  {acuerdo.code}  ", " " * (len(acuerdo.code) + 4))

    lines += _heading(f"Asistencia: {s.present} de {s.possible} ({s.attendance_rate:.0%})")
    lines += _table(
        ["Grupo", "Asistencias", "Porcentaje"],
        [[g.name, f"{g.present} de {g.possible}", f"{g.rate:.0%}"] for g in s.groups],
        numeric={2},
    )
    lines.append("")
    lines += _table(
        ["Participante", "Asistencias", "Porcentaje"],
        [
            [p.label, f"{sum(1 for m in p.marks if m)} de {sum(1 for m in p.marks if m is not None)}", f"{p.rate:.0%}"]
            for p in s.participants
        ],
        numeric={2},
    )
    for line in s.sessions:
        if line.absent:
            names = "; ".join(f"{r.body}{f' ({r.person})' if r.person else ''}" for r in line.absent)
            lines.append("")
            lines += _wrapped(f"Faltaron a la {session_name(line.session)}: {names}.", "", "  ")

    lines += _heading("Convenios")
    if s.signed:
        for c in s.signed:
            signed = f", el {long_date(c.signed_on)}" if c.signed_on else ""
            lines += _wrapped(f"Firmado: {c.instrument_type} con {c.counterpart}{signed}.", "- ", "  ")
            if c.object:
                lines += _wrapped(f"Objeto: {c.object}", "  ", "  ")
    else:
        lines.append("- No se firmaron convenios en el trimestre.")
    for c in s.followed:
        reported = f" ({c.sessions_text})" if c.sessions_text else ""
        lines += _wrapped(f"Avances: {c.instrument_type} — {c.counterpart}{reported}", "- ", "  ")
    if informe.convenios_total is not None:
        total = plural(informe.convenios_total, "instrumento suscrito", "instrumentos suscritos")
        valid = f"{informe.convenios_vigentes} vigente{'s' if informe.convenios_vigentes != 1 else ''}"
        lines.append(f"- Desde {informe.convenios_since_year or 2019}: {total}, {valid}.")

    lines += _heading("Principales resultados")
    results = [[label, str(value)] for label, value in s.results]
    results += [[title, plural(n, "participante")] for title, n in s.events]
    lines += _table(["Actividad", "Total"], results, numeric={1})
    if s.previous is not None:
        lines += _heading(f"Cambios respecto del {s.previous.year}-T{s.previous.quarter}")
        suffix = {True: " %", False: ""}
        lines += _table(
            ["Indicador", "Anterior", "Este trimestre"],
            [[c.label, f"{c.before:.0f}{suffix[c.percent]}", f"{c.after:.0f}{suffix[c.percent]}"] for c in s.changes],
            numeric={1, 2},
        )
    return "\n".join(lines).strip() + "\n"
