"""The question frame: what is asked, about what, under which conditions, written down once.

Understanding fills a frozen :class:`Question`; every skill reads only the frame, so conditions compose
(each filter narrows every subject that has its dimension) and a follow-up can inherit what it lacks.
Frames are plain data: they are kept between the turns of a conversation (see :mod:`conversation`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from lang.vocabulary import ActivityKind, MemberRole, Modality, ParticipantGroup, SessionKind, Subject


class Form(StrEnum):
    """The shape of the answer asked for."""

    LIST = "list"  # "acuerdos de noviembre"
    COUNT = "count"  # "¿cuántos…?"
    YESNO = "yesno"  # "¿hubo…?", "¿fue en diciembre?"
    WHEN = "when"  # "¿cuándo…?"
    WEEKDAY = "weekday"  # "¿qué día de la semana…?"
    WHO = "who"  # "¿quién…?"
    WHICH = "which"  # "¿cuál…?", "¿a cuál faltó?"
    WHAT = "what"  # "¿qué es…?", "¿qué dice…?"
    RANK = "rank"  # "¿qué trimestre tuvo más acuerdos?"
    COMPARE = "compare"  # "asistencia del tercer trimestre frente al cuarto"


class Attribute(StrEnum):
    """A particular fact of the items asked about."""

    DATE = "date"
    SESSION = "session"
    OBSERVATIONS = "observations"
    OBJECT = "object"
    COUNTERPART = "counterpart"
    MODALITY = "modality"
    PEOPLE = "people"  # how many took part
    DURATION = "duration"
    PERIOD = "period"  # what an informe covers
    APPROVAL = "approval"  # how an informe was approved
    ROLE = "role"
    TEXT = "text"
    RATE = "rate"  # a share: "porcentaje de asistencia"
    CONTACT = "contact"  # an e-mail address, a telephone or a web page: "¿cuál es el correo de Voto Chilango?"
    SECTIONS = "sections"  # the parts of an informe: "¿qué apartados tiene?"
    TENURE = "tenure"  # since or until when someone holds a seat: "¿desde cuándo?", "¿sigue en la comisión?"
    CHANGES = "changes"  # who joined or left the commission: "¿quién se incorporó?", "¿quién dejó la comisión?"
    LOADED = "loaded"  # which informes the store holds: "¿de qué trimestres tienes información?"
    IN_FORCE = "in_force"  # the instruments in force and signed to date: "¿cuántos convenios vigentes hay?"


class Relative(StrEnum):
    """A session named by its place in time."""

    LAST = "last"
    PENULTIMATE = "penultimate"
    NEXT = "next"  # the next one after today
    FOLLOWING = "following"  # "la siguiente": after the session of the last answer (else the next one)
    PREVIOUS = "previous"  # "la anterior": before the session of the last answer (else the last one)
    UPCOMING = "upcoming"  # every one still to come
    THAT = "that"  # "esa sesión": the session of the last answer


class Rank(StrEnum):
    """Which end of a ranking."""

    MOST = "most"
    LEAST = "least"


class Dimension(StrEnum):
    """What a ranking or comparison groups by."""

    QUARTER = "quarter"
    MONTH = "month"
    SESSION = "session"
    PARTICIPANT = "participant"
    YEAR = "year"


EVERY_INFORME = "los informes cargados"
"""The label of the span "en total", "hasta ahora": every loaded informe."""


@dataclass(frozen=True)
class Span:
    """A span of days, resolved against today when the question was understood, with its Spanish label."""

    start: dt.date
    end: dt.date
    label: str
    quarter: tuple[int, int] | None = None  # (year, quarter) when the span is a quarter

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        if start is None:
            return False
        return self.start <= (end or start) and start <= self.end


@dataclass(frozen=True)
class SessionRef:
    """A session named in a question: by number (with kind and year when said), day, or place in time."""

    number: int | None = None
    kind: SessionKind | None = None
    year: int | None = None
    day: dt.date | None = None
    relative: Relative | None = None
    anchor: int | None = None  # the session id "la siguiente" / "esa" refers to
    offset: int = 0  # sessions after (or, negative, before) the one named: "la anterior a la última" is -1


@dataclass(frozen=True)
class CodeRef:
    """An acuerdo named by code or number."""

    number: int
    prefix: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Question:
    """Everything a question asks, with its conditions resolved against ``today``."""

    text: str
    today: dt.date
    subject: Subject
    form: Form = Form.LIST
    attribute: Attribute | None = None
    spans: tuple[Span, ...] = ()  # any of them ("octubre y diciembre")
    quarter_shift: int = 0  # "el trimestre anterior" (-1), "el siguiente" (+1): in a follow-up, from the last one
    sessions: tuple[SessionRef, ...] = ()
    mentioned: tuple[SessionRef, ...] = ()  # sessions the items' own text names ("la minuta de la décima")
    session_kinds: frozenset[SessionKind] = frozenset()
    modality: Modality | None = None
    weekdays: tuple[int, ...] = ()  # asked about ("¿fue en lunes?", "¿martes o jueves?")
    codes: tuple[CodeRef, ...] = ()
    topic: tuple[str, ...] = ()
    loose: tuple[str, ...] = ()  # topic words nothing knows, not introduced as the topic ("salieron")
    content: tuple[str, ...] = ()  # every content word, cue words included (for quoting the informe's text)
    participants: tuple[str, ...] = ()  # participant keys
    names: tuple[str, ...] = ()  # names asked about that nobody in the store has
    several: bool = False  # the participants were named one by one ("el PRI y el PT"), not one name fitting several
    groups: frozenset[ParticipantGroup] = frozenset()
    roles: frozenset[MemberRole] = frozenset()
    counterparts: tuple[int, ...] = ()  # convenio ids
    counterpart_words: tuple[str, ...] = ()  # "con la UACM", matched by no convenio
    instrument: tuple[str, ...] = ()  # "específico", "general"
    activity_kinds: frozenset[ActivityKind] = frozenset()
    signed: bool = False  # asks about signing (convenios)
    followed: bool = False  # asks about reported progress (convenios)
    absent: bool = False  # asks about absences
    attend: bool = False  # asks about going to sessions ("¿qué partidos fueron a las sesiones?")
    why: bool = False  # asks for a reason ("¿por qué faltó…?")
    lacking: bool = False  # the attribute asked is absent: "acuerdos sin observaciones"
    where: bool = False  # asks for a place ("¿dónde fue la séptima sesión?")
    every: bool = False  # "todas", "todos"
    rank: Rank | None = None
    by: Dimension | None = None
    organization: str | None = None  # another body named as the owner ("el presidente del IECM")
    previous_items: tuple[str, ...] = ()  # "de esos": what the last answer listed, as item keys
    excluded: tuple[str, ...] = ()  # "¿qué otros acuerdos…?": item keys of the last answer, left out
    follow_up: bool = False
    future: bool = False  # asked in the future tense ("¿qué se aprobará…?")

    def with_changes(self, **changes: Any) -> Question:
        return replace(self, **changes)

    @property
    def has_time(self) -> bool:
        return bool(self.spans or self.sessions)

    @property
    def quarters(self) -> tuple[tuple[int, int], ...]:
        return tuple(s.quarter for s in self.spans if s.quarter)


@dataclass
class Items:
    """What an answer was about, for follow-ups: item keys of each kind."""

    acuerdos: list[str] = field(default_factory=list)
    sessions: list[int] = field(default_factory=list)
    convenios: list[int] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    activities: list[int] = field(default_factory=list)

    def add_sessions(self, ids: Any) -> None:
        for sid in ids:
            if sid is not None and sid not in self.sessions:
                self.sessions.append(sid)


# -- serialisation: frames and items live in the database between turns --------------------------------
_ENUMS: dict[str, type[StrEnum]] = {
    "subject": Subject,
    "form": Form,
    "attribute": Attribute,
    "modality": Modality,
    "rank": Rank,
    "by": Dimension,
}
_ENUM_SETS: dict[str, type[StrEnum]] = {
    "session_kinds": SessionKind,
    "groups": ParticipantGroup,
    "roles": MemberRole,
    "activity_kinds": ActivityKind,
}


def question_to_dict(question: Question) -> dict[str, Any]:
    """A JSON-ready dict of ``question``."""
    data = asdict(question)
    data["today"] = question.today.isoformat()
    data["spans"] = [
        {"start": s.start.isoformat(), "end": s.end.isoformat(), "label": s.label, "quarter": s.quarter}
        for s in question.spans
    ]
    for name in ("sessions", "mentioned"):
        data[name] = [{**asdict(r), "day": r.day.isoformat() if r.day else None} for r in getattr(question, name)]
    for name in _ENUM_SETS:
        data[name] = sorted(str(v) for v in getattr(question, name))
    for name in _ENUMS:
        value = getattr(question, name)
        data[name] = str(value) if value is not None else None
    return data


def question_from_dict(data: dict[str, Any]) -> Question:
    """The :class:`Question` that :func:`question_to_dict` wrote."""
    values: dict[str, Any] = dict(data)
    values["today"] = dt.date.fromisoformat(data["today"])
    values["spans"] = tuple(
        Span(
            dt.date.fromisoformat(s["start"]),
            dt.date.fromisoformat(s["end"]),
            s["label"],
            tuple(s["quarter"]) if s.get("quarter") else None,
        )
        for s in data.get("spans", [])
    )
    for name in ("sessions", "mentioned"):
        values[name] = tuple(
            SessionRef(
                number=r.get("number"),
                kind=SessionKind.parse(r.get("kind")),
                year=r.get("year"),
                day=dt.date.fromisoformat(r["day"]) if r.get("day") else None,
                relative=Relative(r["relative"]) if r.get("relative") else None,
                anchor=r.get("anchor"),
                offset=r.get("offset", 0),
            )
            for r in data.get(name, [])
        )
    values["codes"] = tuple(CodeRef(**c) for c in data.get("codes", []))
    for name, enum in _ENUM_SETS.items():
        values[name] = frozenset(enum(v) for v in data.get(name, []))
    for name, enum in _ENUMS.items():
        values[name] = enum(data[name]) if data.get(name) is not None else None
    for name in (
        "topic",
        "loose",
        "content",
        "participants",
        "names",
        "counterparts",
        "counterpart_words",
        "instrument",
    ):
        values[name] = tuple(data.get(name, ()))
    values["weekdays"] = tuple(data.get("weekdays", ()))
    values["previous_items"] = tuple(data.get("previous_items", ()))
    values["excluded"] = tuple(data.get("excluded", ()))
    known = {f.name for f in fields(Question)}
    return Question(**{k: v for k, v in values.items() if k in known})
