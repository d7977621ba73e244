"""What an informe says, read into plain data: the extractors fill a :class:`ParsedInforme`, the checks
compare it with itself and with the store, and the importer writes it. Nothing here touches the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from lang.spanish import ordinal_feminine
from lang.vocabulary import ActivityKind, ConvenioStatus, MemberRole, ParticipantGroup, SessionKind

SessionKey = tuple[int, str, int]  # (year, kind, number)
INFORME_ZONE = ZoneInfo("America/Mexico_City")
"""The commission's informes state times of day in Mexico City."""


class InformeFormatError(ValueError):
    """The file is not an informe trimestral, or too damaged to be read; the message is Spanish."""


@dataclass
class ParsedSession:
    """A session of the commission the informe names: held in its quarter, or only referred to."""

    year: int
    kind: SessionKind
    number: int
    date: dt.date | None = None
    modality: str | None = None
    held: bool = False  # presented as one of the quarter's sessions (not a mere reference)
    time: dt.time | None = None  # when it began, as the informe states it ("11:00 horas")
    urgent: bool = False  # an extraordinaria called urgently ("Segunda sesión extraordinaria (urgente)")

    @property
    def held_at(self) -> dt.datetime | None:
        """When the session began, in the commission's zone, if the informe gives its date and time."""
        if self.date is None or self.time is None:
            return None
        return dt.datetime.combine(self.date, self.time, tzinfo=INFORME_ZONE)

    @property
    def key(self) -> SessionKey:
        return (self.year, self.kind.value, self.number)

    @property
    def ordinal(self) -> str:
        return ordinal_feminine(self.number)

    @property
    def name(self) -> str:
        """ "décima primera sesión ordinaria", "segunda sesión extraordinaria urgente"."""
        return f"{self.ordinal} sesión {self.kind.value}{' urgente' if self.urgent else ''}"


@dataclass
class ParsedAttendanceRow:
    """One participant's row of an attendance table; ``marks`` holds present (True) or absent (False) per
    session, and leaves out sessions marked "no aplica"."""

    position: int
    group: ParticipantGroup
    role: str | None
    body: str
    person: str | None
    marks: dict[SessionKey, bool]
    # who sat for a party at each session, where a table of representatives names more than one
    people: dict[SessionKey, str] = field(default_factory=dict)


@dataclass
class ParsedMember:
    """Someone who sits on the commission, with what the informe says of their time in it."""

    role: MemberRole
    name: str
    designation: str | None = None
    acuerdos: list[str] = field(default_factory=list)
    start: dt.date | None = None  # first day in the commission
    end: dt.date | None = None  # last day (replaced, term ended)
    designated_by: str | None = None  # the acuerdo that designated them


@dataclass
class ParsedAcuerdo:
    code: str
    code_as_written: str
    prefix: str
    number: int
    year: int
    session: SessionKey | None
    text: str
    observations: str | None
    position: int


@dataclass
class ParsedMention:
    """An acuerdo the informe mentions without listing it as adopted in its quarter."""

    code: str
    code_as_written: str
    context: str
    section: str


@dataclass
class ParsedConvenio:
    status: ConvenioStatus
    position: int
    instrument_type: str
    counterpart: str
    object: str | None
    signed_on: dt.date | None
    sessions_text: str | None
    sessions: list[SessionKey]
    section: str = ""


@dataclass
class ParsedActivity:
    kind: ActivityKind
    series: str | None
    section: str
    position: int
    date: dt.date | None
    end_date: dt.date | None
    date_text: str | None
    title: str
    institution: str | None = None
    detail: str | None = None
    person: str | None = None
    participants: int | None = None


@dataclass
class ParsedFigure:
    """A number the prose states about things it counts ("se enviaron 49 correos")."""

    value: int
    noun: str
    sentence: str
    section: str


@dataclass
class StatedCount:
    """A count the informe states about its own records, to check against what was read.

    ``what`` is one of the keys of :meth:`ParsedInforme.counts` (or "asistentes <sesión>" for the people
    present at one session, "suma" for a column's total, "participantes" for the people a table counts);
    ``scope`` narrows it (a session's name, a table's series) when it applies. ``read`` is the matching count
    of what was read when the extractor that read the table knows it best (a subtotal's rows, a column's sum).
    """

    what: str
    value: int
    sentence: str
    scope: str = ""
    core: bool = False
    read: int | None = None


@dataclass
class ParsedPassage:
    section: str
    position: int
    text: str


@dataclass
class ParsedInforme:
    """Everything read from one informe."""

    commission: str
    year: int
    quarter: int
    title: str
    period_start: dt.date
    period_end: dt.date
    approval_acuerdo: str | None = None
    approval_point: int | None = None
    approval_session: SessionKey | None = None
    approval_date: dt.date | None = None
    stated_quarter: tuple[int, int] | None = None  # (year, quarter) as the prose states the period
    convenios_since_year: int | None = None
    convenios_total: int | None = None
    convenios_vigentes: int | None = None
    sessions: dict[SessionKey, ParsedSession] = field(default_factory=dict)
    members: list[ParsedMember] = field(default_factory=list)
    attendance: list[ParsedAttendanceRow] = field(default_factory=list)
    acuerdos: list[ParsedAcuerdo] = field(default_factory=list)
    mentions: list[ParsedMention] = field(default_factory=list)
    convenios: list[ParsedConvenio] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    stated: list[StatedCount] = field(default_factory=list)
    passages: list[ParsedPassage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    form: str = "markdown"

    @property
    def held(self) -> list[ParsedSession]:
        """The quarter's sessions, in date order."""
        held = [s for s in self.sessions.values() if s.held]
        return sorted(held, key=lambda s: (s.date or self.period_end, s.number))

    def contains(self, when: dt.date | None) -> bool:
        """Whether ``when`` lies in the informe's quarter."""
        return when is not None and self.period_start <= when <= self.period_end

    def counts(self) -> dict[str, int]:
        """How many records of each kind were read."""
        return {
            "sesiones": len(self.held),
            "acuerdos": len(self.acuerdos),
            "asistentes": len(self.attendance),
            "integrantes": len(self.members),
            "convenios suscritos": sum(c.status == ConvenioStatus.SUSCRITO for c in self.convenios),
            "convenios con seguimiento": sum(c.status == ConvenioStatus.SEGUIMIENTO for c in self.convenios),
            "actividades": len(self.activities),
            "acuerdos mencionados": len(self.mentions),
            "cifras": len(self.figures),
            "pasajes": len(self.passages),
        }
