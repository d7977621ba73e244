"""An in-memory snapshot of the store with the indexes the engine needs.

The informes are small (hundreds of rows), so the engine reads everything once through the query
modules and answers from memory: that keeps a question well under a couple of milliseconds. The
snapshot is rebuilt when an import changes the store (see :meth:`Engine.reload`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session

from bot.calendar import SCHEDULED
from bot.engine.matching import ALIASES, EntityIndex, SearchIndex, harvest_acronyms
from bot.engine.understanding import LEXICON_WORDS
from bot.summary import SERIES_LABEL_CHARS
from db.models import (
    Activity,
    Acuerdo,
    AcuerdoMention,
    Attendance,
    CommissionMember,
    CommissionSession,
    Convenio,
    Figure,
    Informe,
    Passage,
)
from db.queries import activities, acuerdos, convenios, informes, search, sessions
from lang.spanish import fold, tokens
from lang.vocabulary import ActivityKind


@dataclass
class Participant:
    """Someone (or some body) in the attendance tables, with their cells across sessions."""

    key: str
    body: str
    person: str | None
    group: str
    records: list[Attendance] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.body}, {self.person}" if self.person else self.body


@dataclass
class Knowledge:
    """Everything the engine knows, with lookups."""

    informes: list[Informe]
    sessions: list[CommissionSession]
    acuerdos: list[Acuerdo]
    mentions: list[AcuerdoMention]
    attendance: list[Attendance]
    members: list[CommissionMember]
    convenios: list[Convenio]
    convenio_sessions: dict[int, list[int]]
    activities: list[Activity]
    figures: list[Figure]
    passages: list[Passage]
    aliases: dict[str, str]
    find_passages: Callable[[list[str]], list[int]] = field(default=lambda words: [])
    session_by_id: dict[int, CommissionSession] = field(init=False)
    participants: dict[str, Participant] = field(init=False)
    participant_index: EntityIndex = field(init=False)
    counterpart_index: EntityIndex = field(init=False)
    acuerdo_search: SearchIndex = field(init=False)
    activity_search: SearchIndex = field(init=False)
    passage_search: SearchIndex = field(init=False)
    vocabulary: set[str] = field(init=False)
    data_months: set[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.session_by_id = {s.id: s for s in self.sessions if s.id is not None}
        self.participants = {}
        for row in self.attendance:
            key = fold(f"{row.body}|{row.person or ''}")
            participant = self.participants.get(key)
            if participant is None:
                participant = Participant(key, row.body, row.person, row.group)
                self.participants[key] = participant
            participant.records.append(row)
        participants = ((p.key, p.label) for p in self.participants.values())
        self.participant_index = EntityIndex(participants, self.aliases, LEXICON_WORDS)
        self.counterpart_index = EntityIndex(
            ((c.id, c.counterpart) for c in self.convenios), self.aliases, LEXICON_WORDS
        )
        # Acuerdos the informes only mention are searchable by what the text says of them.
        listed = {a.code for a in self.acuerdos}
        self.acuerdo_search = SearchIndex(
            [(a.code, a.text) for a in self.acuerdos]
            + [(m.code, m.context) for m in self.mentions if m.code not in listed],
            self.aliases,
        )
        self.activity_search = SearchIndex(
            (
                (
                    a.id,
                    " ".join(
                        filter(
                            None,
                            (
                                a.title,
                                a.institution,
                                a.detail,
                                a.person,
                                _kind_label(a.kind),
                                # A caption names the table; a long introducing sentence is a passage.
                                a.series if a.series and len(a.series) <= SERIES_LABEL_CHARS else None,
                            ),
                        )
                    ),
                )
                for a in self.activities
            ),
            self.aliases,
        )
        self.passage_search = SearchIndex(((p.id, f"{p.section} {p.text}") for p in self.passages), self.aliases)
        vocabulary: set[str] = set()
        for index in (self.participant_index, self.counterpart_index):
            vocabulary.update(index.idf)
        # Words the informes use are real words: typo correction must leave them alone ("consejo").
        for text in (
            [p.text for p in self.passages] + [a.title for a in self.activities] + [a.text for a in self.acuerdos]
        ):
            vocabulary.update(tokens(text))
        self.vocabulary = vocabulary
        # (year, month) pairs with any dated record: "noviembre" means the latest such month with data.
        days = [s.date for s in self.sessions] + [a.date for a in self.acuerdos] + [a.date for a in self.activities]
        days += [c.signed_on for c in self.convenios]
        self.data_months = {(d.year, d.month) for d in days if d}

    # -- lookups
    def held_sessions(self, today: dt.date) -> list[CommissionSession]:
        """Sessions that took place on or before ``today``, oldest first."""
        return [
            s
            for s in self.sessions
            if s.date
            and s.status != "cancelada"
            and (s.date < today or (s.date == today and s.status not in SCHEDULED))
        ]

    def upcoming_sessions(self, today: dt.date) -> list[CommissionSession]:
        """Sessions after ``today`` (or later today, when scheduled), soonest first."""
        return [
            s
            for s in self.sessions
            if s.date and s.status != "cancelada" and (s.date > today or (s.date == today and s.status in SCHEDULED))
        ]

    def acuerdos_of(self, session_id: int) -> list[Acuerdo]:
        return [a for a in self.acuerdos if a.session_id == session_id]

    def mentions_of(self, session_id: int) -> list[AcuerdoMention]:
        return [m for m in self.mentions if m.session_id == session_id]

    def attendance_of(self, session_id: int) -> list[Attendance]:
        return [a for a in self.attendance if a.session_id == session_id]

    def latest_informe(self, today: dt.date | None = None) -> Informe | None:
        """The most recent informe whose quarter started by ``today``."""
        pool = [i for i in self.informes if today is None or i.period_start <= today] or self.informes
        return max(pool, key=lambda i: (i.year, i.quarter), default=None)

    def informe_by_id(self, informe_id: int) -> Informe | None:
        return next((i for i in self.informes if i.id == informe_id), None)

    def members_of_latest(self, today: dt.date) -> list[CommissionMember]:
        latest = self.latest_informe(today)
        return [m for m in self.members if latest and m.informe_id == latest.id]


def load_knowledge(engine: SqlEngine) -> Knowledge:
    """Read the whole store into a :class:`Knowledge` snapshot."""
    with Session(engine, expire_on_commit=False) as session:
        data = dict(
            informes=informes.list_informes(session=session),
            sessions=sessions.list_sessions(session=session),
            acuerdos=acuerdos.list_acuerdos(session=session),
            mentions=acuerdos.list_mentions(session=session),
            attendance=sessions.list_attendance(session=session),
            members=informes.list_members(session=session),
            convenios=convenios.list_convenios(session=session),
            activities=activities.list_activities(session=session),
            figures=informes.list_figures(session=session),
            passages=informes.list_passages(session=session),
        )
        reports = convenios.list_reports(session=session)
        session.expunge_all()
    convenio_sessions: dict[int, list[int]] = defaultdict(list)
    for report in reports:
        convenio_sessions[report.convenio_id].append(report.session_id)
    aliases = dict(ALIASES)
    texts = [p.text for p in data["passages"]] + [c.counterpart for c in data["convenios"]]  # type: ignore[attr-defined]
    for acronym, expansion in harvest_acronyms(texts).items():
        aliases.setdefault(acronym, expansion)

    def find_passages(words: list[str]) -> list[int]:
        # The database's own full-text search (FTS5 or tsvector) finds the candidates.
        with Session(engine) as session:
            return [passage_id for passage_id, _ in search.search_passages(words, session=session)]

    return Knowledge(convenio_sessions=dict(convenio_sessions), aliases=aliases, find_passages=find_passages, **data)  # type: ignore[arg-type]


def _kind_label(kind: str) -> str:
    """The Spanish name of an activity kind, for searching activities by what they are."""
    member = ActivityKind.parse(kind)
    return f"{member.label} {member.plural}" if member else kind
