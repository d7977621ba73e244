"""The quarter summary: every figure of one informe, computed from the store, and what changed against
the previous quarter when that one is imported too. Plain data; rendering lives in ``bot.documents``.

It reads the engine's snapshot (:class:`bot.engine.knowledge.Knowledge`) through :class:`Snapshot`, the part
of it a summary needs, and never imports the engine: the engine's informe skill imports this module.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from db.models import Activity, Acuerdo, Attendance, CommissionSession, Convenio, Informe
from lang.spanish import stem, tokens
from lang.vocabulary import ActivityKind, ConvenioStatus, ParticipantGroup

QUARTER_WORDS = ("primer", "segundo", "tercer", "cuarto")
GROUP_NAMES: dict[str, str] = {  # headings of the attendance by group (shorter than the groups' own labels)
    ParticipantGroup.CONSEJERIA: "Consejerías",
    ParticipantGroup.SECRETARIA_TECNICA: "Secretaría técnica",
    ParticipantGroup.PARTIDO: "Partidos políticos",
    ParticipantGroup.SECRETARIA: "Secretarías",
    ParticipantGroup.DIRECCION: "Direcciones ejecutivas",
    ParticipantGroup.UNIDAD: "Unidades técnicas",
    ParticipantGroup.REPRESENTACION: "Representaciones",
    ParticipantGroup.OTRO: "Otros",
}
SERIES_LABEL_CHARS = 60
"""A series name up to this long is a table's caption; a longer one is the sentence that introduces it."""


class Participant(Protocol):
    """Someone in the attendance tables, as the snapshot knows them across quarters."""

    @property
    def label(self) -> str: ...

    @property
    def group(self) -> str: ...


class Snapshot(Protocol):
    """What a summary reads of the engine's snapshot of the store (``bot.engine.knowledge.Knowledge``)."""

    @property
    def informes(self) -> Sequence[Informe]: ...

    @property
    def session_by_id(self) -> Mapping[int, CommissionSession]: ...

    @property
    def participants(self) -> Mapping[str, Participant]: ...

    @property
    def participant_rows(self) -> Mapping[int, Mapping[str, list[Attendance]]]: ...

    def rows_of(self, table: str, informe_id: int | None) -> list[Any]:
        """The rows of ``table`` that the informe ``informe_id`` holds."""
        ...


_NAME_RE = re.compile(
    r"(?<![.:]\s)(?<!^)\b[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+(?:\s+(?:(?:de|del|la|las|los|y|con|en)\s+)*[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+)+"
    r"|\b[\w.]+@[\w.]+\w|\b[A-ZÁÉÍÓÚÑ]{3,}\b"
)
"""A proper name ("Consejo General del INE"), an e-mail address or an acronym, not a sentence's first word."""


def series_label(kind: str, series: str | None, section: str = "") -> str:
    """How a summary names a group of activities: the informe's caption when short, else the kind with the
    first proper name of the sentence that introduces the table (or of its section)."""
    if series and len(series) <= SERIES_LABEL_CHARS:
        return series
    member = ActivityKind.parse(kind)
    name = member.plural.capitalize() if member else kind.capitalize()
    for text in (series or "", section.rsplit("›", 1)[-1]):
        found = _NAME_RE.search(text)
        if found:
            return f"{name} ({found.group(0)})"
    return name


@dataclass
class SessionLine:
    session: CommissionSession
    acuerdos: list[Acuerdo]
    present: int
    absent: list[Attendance]
    recorded: bool


@dataclass
class ParticipantLine:
    label: str
    group: str
    marks: list[bool | None]  # per session of the quarter; None = not in that session's list
    rate: float


@dataclass
class GroupLine:
    name: str
    present: int
    possible: int

    @property
    def rate(self) -> float:
        return self.present / self.possible if self.possible else 0.0


@dataclass
class Change:
    label: str
    before: float
    after: float
    percent: bool = False

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass
class QuarterSummary:
    """Everything the summary message and document show."""

    informe: Informe
    quarter_words: str
    approval: CommissionSession | None
    sessions: list[SessionLine]
    acuerdos: list[Acuerdo]
    participants: list[ParticipantLine]
    groups: list[GroupLine]
    present: int
    possible: int
    signed: list[Convenio]
    followed: list[Convenio]
    results: list[tuple[str, int]]
    events: list[tuple[str, int]]  # (activity, participants)
    previous: Informe | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def attendance_rate(self) -> float:
        return self.present / self.possible if self.possible else 0.0

    @property
    def code(self) -> str:
        """ "CVOE-2020-T4", for file names."""
        return f"{self.informe.commission}-{self.informe.year}-T{self.informe.quarter}"

    @property
    def label(self) -> str:
        """ "cuarto trimestre de 2020"."""
        return f"{self.quarter_words} trimestre de {self.informe.year}"


def find_informe(k: Snapshot, quarter: int | None, year: int | None) -> Informe | None:
    """The informe of that quarter (the latest one when not given)."""
    pool = [i for i in k.informes if (quarter is None or i.quarter == quarter) and (year is None or i.year == year)]
    return max(pool, key=lambda i: (i.year, i.quarter), default=None)


def previous_informe(k: Snapshot, informe: Informe) -> Informe | None:
    """The informe of the quarter just before ``informe``, if imported."""
    year, quarter = (informe.year, informe.quarter - 1) if informe.quarter > 1 else (informe.year - 1, 4)
    return find_informe(k, quarter, year)


def build_summary(k: Snapshot, informe: Informe, *, compare: bool = True) -> QuarterSummary:
    """Compute the summary of ``informe`` (and the comparison with the previous quarter)."""
    sessions = sorted(k.rows_of("sessions", informe.id), key=lambda s: s.date or informe.period_end)
    records: list[Attendance] = k.rows_of("attendance", informe.id)
    acuerdos: list[Acuerdo] = k.rows_of("acuerdos", informe.id)
    by_session: dict[int | None, list[Attendance]] = defaultdict(list)
    for r in records:
        by_session[r.session_id].append(r)
    lines = []
    for s in sessions:
        cells = by_session.get(s.id, [])
        lines.append(
            SessionLine(
                s,
                [a for a in acuerdos if a.session_id == s.id],
                sum(r.present for r in cells),
                [r for r in cells if not r.present],
                bool(cells),
            )
        )
    recorded_ids = [s.id for s in sessions if by_session.get(s.id)]
    participants = []
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, mine in k.participant_rows.get(informe.id or 0, {}).items():
        participant = k.participants[key]
        marks: list[bool | None] = [
            next((r.present for r in mine if r.session_id == sid), None) for sid in recorded_ids
        ]
        known = [m for m in marks if m is not None]
        participants.append(
            (
                mine[0].position,
                ParticipantLine(participant.label, participant.group, marks, sum(known) / len(known) if known else 0.0),
            )
        )
        groups[participant.group][0] += sum(known)
        groups[participant.group][1] += len(known)
    participants_in_order = [line for _, line in sorted(participants, key=lambda item: item[0])]
    group_lines = [GroupLine(GROUP_NAMES.get(g, g), v[0], v[1]) for g, v in groups.items()]
    convenios: list[Convenio] = k.rows_of("convenios", informe.id)
    mine_activities: list[Activity] = k.rows_of("activities", informe.id)
    by_series = Counter((a.kind, a.series, a.section) for a in mine_activities if a.series)
    results = [
        (series_label(kind, series, section), _stated(k, informe, kind, series, rows))
        for (kind, series, section), rows in by_series.items()
    ]
    events = [(a.title, a.participants) for a in mine_activities if a.participants is not None]
    summary = QuarterSummary(
        informe=informe,
        quarter_words=QUARTER_WORDS[informe.quarter - 1],
        approval=k.session_by_id.get(informe.approval_session_id) if informe.approval_session_id else None,
        sessions=lines,
        acuerdos=acuerdos,
        participants=participants_in_order,
        groups=group_lines,
        present=sum(r.present for r in records),
        possible=len(records),
        signed=[c for c in convenios if c.status == ConvenioStatus.SUSCRITO],
        followed=[c for c in convenios if c.status == ConvenioStatus.SEGUIMIENTO],
        results=results,
        events=events,
    )
    previous = previous_informe(k, informe) if compare else None
    if previous is not None:
        before = build_summary(k, previous, compare=False)
        summary.previous = previous
        summary.changes = _changes(before, summary)
    return summary


def _stated(k: Snapshot, informe: Informe, kind: str, series: str | None, rows: int) -> int:
    """The count the informe states for a group of activities when its prose gives one (tables can merge rows)."""
    mine = [a for a in k.rows_of("activities", informe.id) if a.kind == kind and a.series == series]
    sections = {a.section for a in mine}
    member = ActivityKind.parse(kind)
    names = " ".join((member.label, member.plural, *member.synonyms)) if member else kind
    label = {stem(w) for w in tokens(names)}
    for figure in k.rows_of("figures", informe.id):
        if figure.section in sections and stem(figure.noun) in label:
            return max(figure.value, rows)
    return rows


def _changes(before: QuarterSummary, after: QuarterSummary) -> list[Change]:
    changes = [
        Change("Sesiones", len(before.sessions), len(after.sessions)),
        Change("Acuerdos", len(before.acuerdos), len(after.acuerdos)),
        Change("Asistencia", before.attendance_rate * 100, after.attendance_rate * 100, percent=True),
        Change("Convenios firmados", len(before.signed), len(after.signed)),
        Change("Convenios con avances", len(before.followed), len(after.followed)),
    ]
    if before.informe.convenios_vigentes is not None and after.informe.convenios_vigentes is not None:
        changes.append(
            Change("Convenios vigentes", before.informe.convenios_vigentes, after.informe.convenios_vigentes)
        )
    earlier = dict(before.results)
    for label, value in after.results:
        changes.append(Change(label, earlier.get(label, 0), value))
    return changes
