"""Render a :class:`QuarterSummary` as text, Markdown, HTML or a PDF with an attendance chart."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Sequence
from xml.sax.saxutils import escape

from bot.render import environment, session_name
from bot.summary import QuarterSummary
from bot.summary_text import summary_text
from db.models import CommissionSession
from lang.spanish import long_date, plural, short_date
from lang.vocabulary import SessionKind

FORMATS = ("text", "md", "html", "pdf")
HEADER_BACKGROUND = "#5b2c6f"  # with white bold text: contrast ratio about 10:1


def render_summary(summary: QuarterSummary, fmt: str) -> bytes:
    """The summary in ``fmt`` (text, md, html or pdf) as bytes."""
    if fmt == "pdf":
        return summary_pdf(summary)
    if fmt == "md":
        return environment.get_template("resumen_completo.md.j2").render(s=summary).encode("utf-8")
    if fmt == "html":
        return environment.get_template("resumen_completo.html.j2").render(s=summary).encode("utf-8")
    if fmt == "text":
        return summary_text(summary).encode("utf-8")
    raise ValueError(f"formato desconocido: {fmt}")


# Blue and orange (Okabe–Ito), told apart by readers who cannot tell red from green; grey for "not listed".
MARKS = ((True, 2, "#0072b2", "asistió"), (False, 1, "#e69f00", "faltó"), (None, 0, "#d9d9d9", "no figura en la lista"))
LABEL_WIDTH = 62  # characters per line of a participant's name beside the chart
KIND_SHORT: dict[str, str] = {
    SessionKind.ORDINARIA: "ord.",
    SessionKind.EXTRAORDINARIA: "ext.",
    SessionKind.URGENTE: "urg.",
}


def column_label(session: CommissionSession) -> str:
    """A chart column's session, short and unambiguous: "1.ª ord.", "2.ª ext. (urgente)", and its date."""
    name = f"{session.number}.ª {KIND_SHORT.get(session.kind, session.kind)}"
    if getattr(session, "urgent", False):
        name += " (urgente)"
    return f"{name}\n{session.date:%d/%m/%Y}" if session.date else name


def unrecorded_note(summary: QuarterSummary) -> str | None:
    """What the chart leaves out: the sessions the informe gives no attendance for."""
    missing = [line.session for line in summary.sessions if not line.recorded]
    if not missing:
        return None
    names = [session_name(s) + (f" ({s.date:%d/%m/%Y})" if s.date else "") for s in missing]
    joined = ", ".join(names[:-1]) + " y " + names[-1] if len(names) > 1 else names[0]
    if len(missing) == 1:
        return f"La {joined} no tiene registro de asistencia en el informe; por eso no aparece en la gráfica."
    return f"Las sesiones {joined} no tienen registro de asistencia en el informe; por eso no aparecen en la gráfica."


def wrap_label(label: str, width: int = LABEL_WIDTH) -> str:
    """A long name over several lines, broken at whole words (never cut mid-word)."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def chart_legend(summary: QuarterSummary) -> list[tuple[str, str]]:
    """(colour, meaning) of each kind of cell the chart really shows."""
    shown = {mark for row in summary.participants for mark in row.marks}
    return [(colour, meaning) for mark, _, colour, meaning in MARKS if mark in shown]


def attendance_chart(summary: QuarterSummary) -> bytes:
    """A PNG grid: participants (rows) × sessions (columns), present / absent / not listed, with its legend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows = summary.participants
    columns = [line.session for line in summary.sessions if line.recorded]
    values = {mark: value for mark, value, _, _ in MARKS}
    grid = [[values[mark] for mark in row.marks] for row in rows] or [[0]]
    labels = [wrap_label(r.label) for r in rows]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    height = 1.2 + len(rows) * (0.06 + 0.1 * lines)  # every row tall enough for the longest label
    figure = Figure(figsize=(7.2, height), dpi=130)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    axes.imshow(grid, cmap=ListedColormap([c for _, _, c, _ in reversed(MARKS)]), vmin=0, vmax=2, aspect="auto")
    axes.set_xticks(range(len(columns)))
    axes.set_xticklabels([column_label(s) for s in columns], fontsize=7)
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels(labels, fontsize=6.5)
    axes.set_xticks([x - 0.5 for x in range(1, len(columns))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(rows))], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.2)
    axes.tick_params(which="minor", length=0)
    legend = [Patch(facecolor=colour, label=meaning.capitalize()) for colour, meaning in chart_legend(summary)]
    figure.legend(handles=legend, loc="lower center", ncol=len(legend) or 1, fontsize=7, frameon=False)
    figure.tight_layout(rect=(0, 0.45 / height, 1, 1))  # the legend's own strip, clear of the grid
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def summary_pdf(summary: QuarterSummary, *, generated: dt.datetime | None = None) -> bytes:
    """A PDF with the full summary and the attendance chart.

    A heading never ends a page: it stays with what follows (the first rows of a long table, a whole short
    block); a session's acuerdos stay with the session's name when they fit on a page.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        CondPageBreak,
        Image,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body = ParagraphStyle("cuerpo", parent=styles["BodyText"], fontSize=9.5, leading=12.5)
    small = ParagraphStyle("chico", parent=body, fontSize=8.5, leading=11)
    note = ParagraphStyle("nota", parent=small, fontName="Helvetica-Oblique", textColor=colors.HexColor("#444444"))
    header = ParagraphStyle("encabezado", parent=small, fontName="Helvetica-Bold", textColor=colors.white)
    h1 = styles["Title"]
    h2, h3 = styles["Heading2"], styles["Heading3"]
    session_heading = ParagraphStyle("sesion", parent=body, fontName="Helvetica-Bold")
    informe = summary.informe
    story: list = [
        Paragraph(f"Resumen del {escape(summary.quarter_words)} informe trimestral {informe.year}", h1),
        Paragraph("Comisión Permanente de Vinculación con Organismos Externos (IECM)", body),
        Paragraph(f"Periodo: {short_date(informe.period_start)} al {short_date(informe.period_end)}.", body),
    ]
    if summary.approval and summary.approval.date:
        story.append(
            Paragraph(
                f"Aprobado en la {escape(session_name(summary.approval))} del {long_date(summary.approval.date)}"
                + (f", mediante el acuerdo {escape(informe.approval_acuerdo)}" if informe.approval_acuerdo else "")
                + ".",
                body,
            )
        )

    def table(rows: Sequence[Sequence[object]], widths: list[float]) -> Table:
        data = [
            [Paragraph(escape(str(c)), header if n == 0 else small) if isinstance(c, str) else c for c in row]
            for n, row in enumerate(rows)
        ]
        result = Table(data, colWidths=[w * cm for w in widths], repeatRows=1)
        result.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_BACKGROUND)),
                    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return result

    def heading(text: str, style: ParagraphStyle, room: float = 4.0) -> list:
        """A heading that starts a new page unless ``room`` cm are left for it and the first lines under it:
        never alone at the foot of a page."""
        return [CondPageBreak(room * cm), Paragraph(text, style)]

    def titled(text: str, style: ParagraphStyle, content: Table) -> list:
        """A table under its heading: whole on one page with it when it takes less than half a page (never a
        row or two left over on the next); a longer one starts under it and goes on with its header repeated."""
        if content.wrap(17 * cm, 100 * cm)[1] < 11 * cm:
            return [KeepTogether([Paragraph(text, style), content])]
        return [*heading(text, style), content]

    story += [Spacer(1, 8)]
    story += titled(
        f"Sesiones: {len(summary.sessions)}",
        h2,
        table(
            [["Sesión", "Fecha", "Acuerdos", "Asistencia"]]
            + [
                [
                    session_name(line.session).capitalize(),
                    long_date(line.session.date) if line.session.date else "",
                    str(len(line.acuerdos)),
                    f"{line.present} de {line.present + len(line.absent)}" if line.recorded else "sin registro",
                ]
                for line in summary.sessions
            ],
            [6.0, 5.2, 2.0, 3.0],
        ),
    )
    story.append(Spacer(1, 8))
    opening: list = [Paragraph(f"Acuerdos: {len(summary.acuerdos)}", h2)]  # kept with the first session's
    for line in summary.sessions:
        if line.acuerdos:
            group = [*opening, Paragraph(escape(session_name(line.session).capitalize()), session_heading)]
            group += [  # the whole text, wrapped: never cut
                Paragraph(f"<b>{escape(acuerdo.code)}</b>. {escape(acuerdo.text)}", small) for acuerdo in line.acuerdos
            ]
            story.append(KeepTogether(group))  # a session's acuerdos stay with its name (when they fit a page)
            opening = []
    story += opening
    rate = f"Asistencia: {summary.present} de {summary.possible} ({summary.attendance_rate:.0%})"
    chart = attendance_chart(summary)
    image = Image(io.BytesIO(chart))
    ratio = image.imageHeight / image.imageWidth
    width = min(17 * cm, 21 * cm / ratio)  # a tall chart (many participants) is shrunk to fit one page
    image.drawWidth, image.drawHeight = width, width * ratio
    missing = unrecorded_note(summary)
    noted = Paragraph(escape(missing), note) if missing else None
    story += [Spacer(1, 8), _figure_class()(Paragraph(rate, h2), image, noted), Spacer(1, 10)]
    story += titled(
        "Asistencia por grupo",
        h3,
        table(
            [["Grupo", "Asistencias", "Porcentaje"]]
            + [[g.name, f"{g.present} de {g.possible}", f"{g.rate:.0%}"] for g in summary.groups],
            [7.0, 4.0, 3.0],
        ),
    )
    story.append(Spacer(1, 6))
    story += titled(
        "Asistencia por participante",
        h3,
        table(
            [["Participante", "Asistencias", "Porcentaje"]]
            + [
                [
                    p.label,
                    f"{sum(1 for m in p.marks if m)} de {sum(1 for m in p.marks if m is not None)}",
                    f"{p.rate:.0%}",
                ]
                for p in summary.participants
            ],
            [11.0, 3.0, 2.5],
        ),
    )
    absences = [(line.session, r) for line in summary.sessions for r in line.absent]
    if absences:
        story += [Spacer(1, 6), *heading("Inasistencias por sesión", h3)]
        for line in summary.sessions:
            if line.absent:
                names = "; ".join(f"{r.body}{', ' + r.person if r.person else ''}" for r in line.absent)
                story.append(
                    Paragraph(f"<b>{escape(session_name(line.session).capitalize())}</b>: {escape(names)}", small)
                )
    story += [Spacer(1, 8), *heading("Convenios", h2)]
    if informe.convenios_total is not None:  # the standing totals first, then the quarter's two lists
        story.append(
            Paragraph(
                f"Desde {informe.convenios_since_year or 2019}, el IECM ha suscrito "
                f"{plural(informe.convenios_total, 'instrumento', 'instrumentos')}; "
                f"{plural(informe.convenios_vigentes or 0, 'sigue vigente', 'siguen vigentes')}.",
                body,
            )
        )
    if summary.signed:
        story += titled(
            "Firmados en el trimestre",
            h3,
            table(
                [["Convenio", "Objeto", "Firma"]]
                + [
                    [
                        f"{c.instrument_type} con {c.counterpart}",
                        c.object or "",
                        short_date(c.signed_on) if c.signed_on else "",
                    ]
                    for c in summary.signed
                ],
                [5.5, 8.0, 3.0],
            ),
        )
    else:
        story += [*heading("Firmados en el trimestre", h3), Paragraph("No se firmó ningún convenio.", body)]
    if summary.followed:
        story.append(Spacer(1, 4))
        story += titled(
            "Con avances reportados en el trimestre",
            h3,
            table(
                [["Tipo", "Contraparte", "Sesiones en que se reportó"]]
                + [[c.instrument_type, c.counterpart, c.sessions_text or ""] for c in summary.followed],
                [4.5, 8.0, 4.0],
            ),
        )
    story.append(
        KeepTogether(  # a section that fits on one page is never split into a few orphan rows
            [
                Spacer(1, 8),
                Paragraph("Principales resultados", h2),
                table(
                    [["Actividad", "Total"]]
                    + [[label, str(value)] for label, value in summary.results]
                    + [[title, plural(n, "participante")] for title, n in summary.events],
                    [12.0, 4.0],
                ),
            ]
        )
    )
    if summary.previous is not None:
        changes = table(
            [["Indicador", "Trimestre anterior", "Este trimestre", "Cambio"]]
            + [
                [c.label, _number(c.before, c.percent), _number(c.after, c.percent), _delta(c.delta, c.percent)]
                for c in summary.changes
            ],
            [7.0, 3.2, 3.2, 2.6],
        )
        since = f"Cambios respecto del {summary.previous.year}-T{summary.previous.quarter}"
        story.append(KeepTogether([Spacer(1, 8), Paragraph(since, h2), changes]))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        title=f"Resumen {summary.code}",
        author="comisionbot",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
    )
    footer = f"Generado el {long_date((generated or dt.datetime.now(dt.UTC)).date())} por comisionbot"
    document.build(story, canvasmaker=lambda *args, **kwargs: _numbered_canvas(footer, *args, **kwargs))
    return out.getvalue()


def _figure_class() -> type:
    from reportlab.platypus import Flowable

    class Figure(Flowable):
        """A heading, a chart and its note, never apart: rather than leave most of a page blank, the chart
        shrinks (to three quarters at least) into the room left; with less room, all of it starts a new page."""

        GAP = 6.0
        MIN_SCALE = 0.75

        def __init__(self, heading: Flowable, image: Flowable, note: Flowable | None) -> None:
            super().__init__()
            self.heading, self.image, self.note = heading, image, note
            self.full = (image.drawWidth, image.drawHeight)
            self.parts = (0.0, 0.0)

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            heading = self.heading.wrap(available_width, available_height)[1]
            note = self.note.wrap(available_width, available_height)[1] + self.GAP if self.note else 0.0
            width, height = self.full
            room = available_height - heading - note - self.GAP
            scale = min(1.0, room / height) if room > 0 else 0.0
            scale = scale if scale >= self.MIN_SCALE else 1.0  # too little room: a new page, at full size
            self.image.drawWidth, self.image.drawHeight = width * scale, height * scale
            self.parts = (heading, note)  # heights of the heading and of the note with its gap
            self.width, self.height = available_width, heading + self.GAP + height * scale + note
            return self.width, self.height

        def split(self, available_width: float, available_height: float) -> list:
            return []  # never split: what does not fit moves to the next page

        def getSpaceBefore(self) -> float:  # reportlab names it so
            return float(self.heading.getSpaceBefore())

        def draw(self) -> None:
            top = self.height - self.parts[0]
            self.heading.drawOn(self.canv, 0, top)
            top -= self.GAP + self.image.drawHeight
            self.image.drawOn(self.canv, (self.width - self.image.drawWidth) / 2, top)
            if self.note is not None:
                self.note.drawOn(self.canv, 0, 0)

    return Figure


def _numbered_canvas_class() -> type:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Writes "Página N de M" and the generation date at the foot of every page, once M is known."""

        def __init__(self, footer: str, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.footer = footer
            self.pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # reportlab names it so
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self.pages, start=1):
                self.__dict__.update(state)
                self.setFont("Helvetica", 7.5)
                self.setFillGray(0.35)
                width = self._pagesize[0]
                self.drawString(56.7, 28, self.footer)
                self.drawRightString(width - 56.7, 28, f"Página {number} de {len(self.pages)}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _numbered_canvas(footer: str, *args: object, **kwargs: object) -> object:
    return _numbered_canvas_class()(footer, *args, **kwargs)


def _number(value: float, percent: bool) -> str:
    return f"{value:.0f} %" if percent else f"{value:.0f}"


def _delta(value: float, percent: bool) -> str:
    sign = "+" if value > 0 else ""
    return f"{sign}{value:.0f}{' pts' if percent else ''}" if value else "="
