"""The informe checked against itself and against the store.

* Figures: what the prose states (sessions held, acuerdos adopted, people present per session, convenios
  signed, rows of a table) against what was read. A contradiction in a core figure refuses the import.
* Dates: every session of the quarter falls in its period, and the period the prose states is the
  quarter of the title.
* Degradation: a new version of a stored informe never holds fewer records than the stored one.
"""

from __future__ import annotations

from dataclasses import dataclass

from lang.spanish import MONTHS, plural, short_date
from lang.vocabulary import ConvenioStatus, SessionKind
from seed.informe import ParsedInforme, StatedCount

QUARTER_NAMES = ("primer", "segundo", "tercer", "cuarto")
DEGRADATION_KEYS = (
    "sesiones",
    "acuerdos",
    "asistentes",
    "convenios suscritos",
    "convenios con seguimiento",
    "actividades",
)
"""The counts a new version of an informe may not lower."""


@dataclass
class FigureCheck:
    """One figure: what was read, what the informe states (None when it states nothing)."""

    label: str
    read: int | None
    stated: int | None
    core: bool = False

    @property
    def agrees(self) -> bool:
        return self.stated is None or self.read is None or self.read == self.stated


def _read_for(informe: ParsedInforme, stated: StatedCount) -> tuple[str, int | None]:
    """The label of a stated count and the matching count of what was read."""
    what, scope = stated.what, stated.scope
    if stated.read is not None:
        labels = {"actividades": "Filas de «{}»", "suma": "Suma de «{}»", "participantes": "Personas en «{}»"}
        return labels.get(what, what.capitalize() + " «{}»").format(_short(scope)), stated.read
    if what == "sesiones":
        kind = SessionKind.parse(scope)
        if kind is None:
            return "Sesiones celebradas", len(informe.held)
        if kind == SessionKind.URGENTE:  # urgent sessions, and extraordinarias called urgently
            return f"Sesiones {kind.plural}", sum(s.kind == kind or s.urgent for s in informe.held)
        read = sum(s.kind == kind for s in informe.held)
        if kind == SessionKind.EXTRAORDINARIA and read != stated.value:
            # "una extraordinaria y una extraordinaria urgente": the urgent one counted apart.
            read = sum(s.kind == kind and not s.urgent for s in informe.held)
        return f"Sesiones {kind.plural}", read
    if what == "acuerdos":
        if not scope:
            return "Acuerdos adoptados", len(informe.acuerdos)
        return f"Acuerdos de la {scope}", sum(
            1 for a in informe.acuerdos if a.session and informe.sessions[a.session].name == scope
        )
    if what == "asistentes":
        session = next((s for s in informe.sessions.values() if s.name == scope), None)
        rows = [r for r in informe.attendance if session and session.key in r.marks]
        present = sum(r.marks[session.key] for r in rows) if session else 0
        # A total row counts those present; some informes count the rows instead.
        read = len(rows) if stated.value == len(rows) and stated.value != present else present
        return f"Asistentes a la {scope}", read
    if what in ("convenios suscritos", "convenios con seguimiento"):
        status = ConvenioStatus.SUSCRITO if what == "convenios suscritos" else ConvenioStatus.SEGUIMIENTO
        label = "Convenios suscritos" if status == ConvenioStatus.SUSCRITO else "Convenios con avances"
        inside = [c for c in informe.convenios if c.section.startswith(scope) or scope.startswith(c.section)]
        if inside:
            return label, sum(c.status == status for c in inside)
        # A statement away from any table of convenios: the informe's whole count (a "none" there says
        # nothing about other sections).
        if stated.value == 0:
            return label, None
        return label, sum(c.status == status for c in informe.convenios)
    if what == "actividades":
        return f"Filas de «{_short(scope)}»", sum(a.series == scope for a in informe.activities)
    return what.capitalize(), None


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def figure_checks(informe: ParsedInforme) -> list[FigureCheck]:
    """Every figure the informe states, beside what was read; then the main counts it does not state."""
    checks: list[FigureCheck] = []
    seen: set[tuple[str, int]] = set()
    for stated in informe.stated:
        label, read = _read_for(informe, stated)
        if (label, stated.value) in seen or read is None:
            continue  # said twice, or nothing read to set against it
        seen.add((label, stated.value))
        checks.append(FigureCheck(label, read, stated.value, stated.core))
    labels = {c.label for c in checks}
    counts = informe.counts()
    for label, key in (
        ("Sesiones celebradas", "sesiones"),
        ("Acuerdos adoptados", "acuerdos"),
        ("Filas de asistencia", "asistentes"),
        ("Convenios suscritos", "convenios suscritos"),
        ("Convenios con avances", "convenios con seguimiento"),
        ("Actividades", "actividades"),
    ):
        if label not in labels:
            checks.append(FigureCheck(label, counts[key], None))
    if informe.convenios_vigentes is not None:
        checks.append(FigureCheck("Instrumentos vigentes", None, informe.convenios_vigentes))
    return checks


def core_problems(informe: ParsedInforme, checks: list[FigureCheck]) -> list[str]:
    """Contradictions that refuse the import: core figures that disagree, sessions without acuerdos."""
    problems = [f"{c.label}: el informe dice {c.stated} y leí {c.read}." for c in checks if c.core and not c.agrees]
    if informe.held and not informe.acuerdos:
        problems.append(
            f"El informe presenta {plural(len(informe.held), 'sesión')} pero no leí ningún acuerdo "
            "(¿falta el apartado de acuerdos?)."
        )
    return problems


def figure_warnings(checks: list[FigureCheck]) -> list[str]:
    """Disagreements in other figures: worth a warning, not a refusal."""
    return [f"{c.label}: el informe dice {c.stated} y leí {c.read}." for c in checks if not c.core and not c.agrees]


def _period(informe: ParsedInforme) -> str:
    start, end = informe.period_start, informe.period_end
    return f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]} de {end.year}"


def date_problems(informe: ParsedInforme) -> list[str]:
    """Sessions of the quarter dated outside it; a stated period that contradicts the title's quarter."""
    problems = []
    for session in informe.held:
        if session.date and not informe.contains(session.date):
            problems.append(
                f"La {session.name} ({short_date(session.date)}) queda fuera del periodo del informe "
                f"({_period(informe)})."
            )
    if informe.stated_quarter and informe.stated_quarter != (informe.year, informe.quarter):
        year, quarter = informe.stated_quarter
        problems.append(
            f"El título dice {QUARTER_NAMES[informe.quarter - 1]} trimestre de {informe.year}, pero el texto "
            f"informa del {QUARTER_NAMES[quarter - 1]} trimestre de {year}."
        )
    return problems


def degradation(stored: dict[str, int], new: dict[str, int]) -> list[str]:
    """What a new version would lose against the stored one, count by count."""
    return [
        f"{key}: {stored[key]} guardados, {new.get(key, 0)} en la nueva versión."
        for key in DEGRADATION_KEYS
        if new.get(key, 0) < stored.get(key, 0)
    ]


def figures_table(checks: list[FigureCheck]) -> str:
    """A short table of figures read against figures stated, for the terminal or a chat."""
    width = max((len(c.label) for c in checks), default=10)
    lines = [f"{'Cifra':<{width}}  {'Leídas':>6}  {'Dice':>6}"]
    for check in checks:
        read = "—" if check.read is None else str(check.read)
        stated = "—" if check.stated is None else str(check.stated)
        mark = "" if check.agrees else ("  ✗" if check.core else "  ≠")
        lines.append(f"{check.label:<{width}}  {read:>6}  {stated:>6}{mark}")
    return "\n".join(lines)
