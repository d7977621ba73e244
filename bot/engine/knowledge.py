"""An in-memory snapshot of the store with the indexes the engine needs.

The informes are small (hundreds of rows each), so the engine reads everything once through the query
modules and answers from memory: that keeps a question well under a millisecond. The snapshot is rebuilt
when an import or a calendar change alters the store (see :meth:`Engine.reload`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session

from bot.engine.lexicon import LEXICON_WORDS, STOPWORDS
from bot.engine.matching import (
    ALIASES,
    EntityIndex,
    SearchIndex,
    harvest_abbreviations,
    harvest_acronyms,
    light,
    split_compounds,
    stem,
)
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
from db.queries import activities, acuerdos, convenios, informes, sessions
from lang.spanish import fold, tokens
from lang.vocabulary import ActivityKind, ParticipantGroup, SessionStatus


@dataclass
class Participant:
    """Someone (or some body) in the attendance tables, with their cells across sessions."""

    key: str
    body: str
    person: str | None
    group: str
    records: list[Attendance] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)  # every name the informes gave it

    @property
    def label(self) -> str:
        return f"{self.body}, {self.person}" if self.person else self.body

    @property
    def seat(self) -> bool:
        """A seat of the commission (a person); otherwise a party or organ, whoever represents it."""
        return self.group in _SEAT_GROUPS

    @property
    def representative(self) -> str | None:
        """The person who stood for a party or organ in every session listed, if one did."""
        people = {r.person for r in self.records}
        return self.person if len(people) == 1 else None


_SEAT_GROUPS = frozenset([ParticipantGroup.CONSEJERIA, ParticipantGroup.SECRETARIA_TECNICA])
_NOT_A_NAME = frozenset(["partido", "politico"])
_ACRONYM_RE = re.compile(r"\((?:[A-ZÁÉÍÓÚÑ]{2,8})\)")
_REPRESENTATIVE_RE = re.compile(r"^\s*representa(?:nte|ntes|ci[oó]n)\s+(?:del|de la|de)\s+", re.IGNORECASE)


def person_key(person: str) -> str:
    """The key of someone holding a seat of the commission: their surnames ("César Ernesto Ramos Mega" is
    "Ernesto Ramos Mega")."""
    return "persona|" + " ".join([w for w in tokens(person) if len(w) > 2][-2:])


def participant_key(body: str, person: str | None, group: str) -> str:
    """One participant across quarters: a seat of the commission is its person (matched by surnames, whatever
    the title an informe writes: "Integrante", "Consejero integrante"); a party or organ is itself whoever
    represents it ("Partido del Trabajo" in 2020 and "Partido del Trabajo, Laura Méndez" in 2021)."""
    if group in _SEAT_GROUPS and person:
        return person_key(person)
    # "PT", "Partido del Trabajo (PT)" and "Partido del Trabajo" are one party, in whichever informe
    bare = _REPRESENTATIVE_RE.sub("", _ACRONYM_RE.sub(" ", body))  # "Representante del PT" is the PT
    named = tokens(bare)
    if len(named) == 1 and named[0] in ALIASES:
        named = tokens(ALIASES[named[0]])
    words = [light(w) for w in named if w not in STOPWORDS and w not in _NOT_A_NAME]
    return "|".join(words) or fold(body)


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
    session_by_id: dict[int, CommissionSession] = field(init=False)
    participants: dict[str, Participant] = field(init=False)
    participant_index: EntityIndex = field(init=False)
    counterpart_index: EntityIndex = field(init=False)
    acuerdo_search: SearchIndex = field(init=False)
    activity_search: SearchIndex = field(init=False)
    activity_context_search: SearchIndex = field(init=False)
    passage_search: SearchIndex = field(init=False)
    vocabulary: set[str] = field(init=False)
    stems: set[str] = field(init=False)
    light_words: set[str] = field(init=False)
    bound: dict[str, str] = field(init=False)
    countable: set[str] = field(init=False)
    data_months: set[tuple[int, int]] = field(init=False)
    with_data: set[int] = field(init=False)
    convenio_by_id: dict[int, Convenio] = field(init=False)
    computed: dict[Hashable, Any] = field(init=False)  # what skills derive from this snapshot, once
    vocabulary_list: list[str] = field(init=False)
    known_cache: dict[str, bool] = field(init=False)
    ahead: set[int] = field(init=False)

    def __post_init__(self) -> None:
        self.session_by_id = {s.id: s for s in self.sessions if s.id is not None}
        self.computed = {}
        self._by_session: tuple[dict[int | None, list[Any]], ...] = ({}, {}, {})
        tables: tuple[list[Any], ...] = (self.acuerdos, self.mentions, self.attendance)
        for index, table in enumerate(tables):
            for row in table:
                self._by_session[index].setdefault(row.session_id, []).append(row)
        self.convenio_by_id = {c.id: c for c in self.convenios if c.id is not None}
        self.activities_by_kind: dict[str, set[int]] = defaultdict(set)
        self.activity_by_id: dict[int | None, Activity] = {a.id: a for a in self.activities}
        self.activities_by_informe: dict[int, set[int]] = defaultdict(set)
        for a in self.activities:
            if a.id is not None:
                self.activities_by_informe[a.informe_id].add(a.id)
        self.passage_by_id: dict[int | None, Passage] = {p.id: p for p in self.passages}
        for a in self.activities:
            if a.id is not None:
                self.activities_by_kind[a.kind].add(a.id)
        # Each informe's own rows, so that a quarter's summary reads its rows, not every quarter's.
        self.by_informe: dict[str, dict[int | None, list[Any]]] = {}
        for name in ("sessions", "attendance", "acuerdos", "activities", "convenios", "figures"):
            rows: dict[int | None, list[Any]] = defaultdict(list)
            for row in getattr(self, name):
                rows[row.informe_id].append(row)
            self.by_informe[name] = rows
        self.participant_rows: dict[int, dict[str, list[Attendance]]] = defaultdict(lambda: defaultdict(list))
        self.participants = {}
        order = {i.id: (i.year, i.quarter) for i in self.informes}
        for row in sorted(self.attendance, key=lambda r: order.get(r.informe_id, (0, 0))):
            key = participant_key(row.body, row.person, row.group)
            participant = self.participants.get(key)
            if participant is None:
                participant = Participant(key, row.body, row.person, row.group)
                self.participants[key] = participant
            elif (row.body, row.person) != (participant.body, participant.person):
                # the same party, organ or person in a later informe: its latest name (not an acronym where
                # its whole name was written), its earlier ones remembered
                acronym = fold(row.body) in ALIASES and len(participant.body) > len(row.body)
                participant.body = participant.body if acronym else row.body
                participant.person = row.person or participant.person
            participant.labels.add(f"{row.body}, {row.person}" if row.person else row.body)
            participant.records.append(row)
            self.participant_rows[row.informe_id][key].append(row)
        people = [(p.key, " ".join(sorted(p.labels))) for p in self.participants.values()]
        self.participant_index = EntityIndex(people, self.aliases, LEXICON_WORDS)
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
        # Titles of three words or more, by their first two words: a question that quotes one names that activity.
        self.titles: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
        for a in self.activities:
            words = tuple(tokens(a.title))
            if len(words) >= 3 and a.title != a.series:
                self.titles[(words[0], words[1])].append(words)
        self.activity_search = SearchIndex(((a.id, activity_text(a)) for a in self.activities), self.aliases)
        self.activity_context_search = SearchIndex(((a.id, activity_context(a)) for a in self.activities), self.aliases)
        self.passage_search = SearchIndex(((p.id, f"{p.section} {p.text}") for p in self.passages), self.aliases)
        texts = self.texts()
        vocabulary: set[str] = set(self.aliases)
        for text in texts:
            vocabulary.update(tokens(text))
        for alias in self.aliases.values():
            vocabulary.update(alias.split())
        for first, second in split_compounds(vocabulary).values():
            vocabulary.update((first, second))
        self.vocabulary = vocabulary
        self.vocabulary_list = sorted(vocabulary)
        self.known_cache = {}
        self.stems = {stem(w) for w in vocabulary}
        self.light_words = {light(w) for w in vocabulary}
        self.bound = bound_words(texts)
        self.countable = set()
        for figure in self.figures:
            self.countable.add(stem(fold(figure.noun)))
            after = re.search(rf"\b{figure.value}\s+((?:\w+\s+){{0,2}}\w+)", figure.sentence)
            self.countable.update(stem(w) for w in tokens(after.group(1)) if len(w) > 3) if after else None
        # Held sessions with data: what an informe reports. Scheduled ones belong to the calendar.
        self.with_data = {s.id for s in self.sessions if s.id is not None and s.informe_id is not None}
        self.with_data |= {a.session_id for a in self.acuerdos if a.session_id is not None}
        self.with_data |= {r.session_id for r in self.attendance}
        self.with_data |= {m.session_id for m in self.mentions if m.session_id is not None}
        self.with_data -= {s.id for s in self.sessions if s.status in SCHEDULED or s.status == SessionStatus.CANCELADA}
        # A session only mentioned (an approval session on a cover) within a quarter whose informe is loaded and
        # does not list it is a reference, not one of that quarter's sessions: the covering informe says which.
        with_rows = {a.session_id for a in self.acuerdos} | {r.session_id for r in self.attendance}
        for s in self.sessions:
            covering = [i for i in self.informes if s.date and i.period_start <= s.date <= i.period_end]
            if covering and s.informe_id is None and s.id not in with_rows and s.id is not None:
                self.with_data.discard(s.id)
        # Sessions after the end of every loaded quarter, with no attendance and no informe of their own: an
        # informe names them ahead of time (where it is to be approved), it does not report them.
        last_end = max((i.period_end for i in self.informes), default=None)
        self.ahead = {
            s.id
            for s in self.sessions
            if s.id is not None
            and last_end
            and s.date
            and s.date > last_end
            and s.informe_id is None
            and not self.attendance_of(s.id)
        }
        # (year, month) pairs with any record an informe holds: "noviembre" means the latest such month.
        days = [s.date for s in self.sessions if s.id in self.with_data]
        days += (
            [a.date for a in self.acuerdos] + [a.date for a in self.activities] + [c.signed_on for c in self.convenios]
        )
        self.data_months = {(d.year, d.month) for d in days if d}

    def texts(self) -> list[str]:
        """Every text of the store, for its vocabulary."""
        return (
            [f"{p.section}\n{p.text}" for p in self.passages]
            + [activity_text(a) + "\n" + activity_context(a) for a in self.activities]
            + [a.text for a in self.acuerdos]
            + [m.context for m in self.mentions]
            + [c.counterpart + "\n" + c.instrument_type + "\n" + (c.object or "") for c in self.convenios]
            + [p.label for p in self.participants.values()]
            + [m.name for m in self.members]
            + [f.sentence for f in self.figures]
            + [i.title for i in self.informes]
        )

    @classmethod
    def empty(cls) -> Knowledge:
        """A store with nothing in it (for reading questions without any informe)."""
        return cls([], [], [], [], [], [], [], {}, [], [], [], dict(ALIASES))

    # -- lookups
    def held_sessions(self, today: dt.date) -> list[CommissionSession]:
        """Sessions an informe reports as held on or before ``today``, oldest first. A session after every
        loaded quarter that an informe only names as where it is to be approved is not reported as held."""
        return [
            s for s in self.sessions if s.date and s.id in self.with_data and s.date <= today and s.id not in self.ahead
        ]

    def upcoming_sessions(self, today: dt.date) -> list[CommissionSession]:
        """Sessions after ``today`` (or later today, when scheduled), soonest first."""
        return [
            s
            for s in self.sessions
            if s.date
            and s.status != SessionStatus.CANCELADA
            and (s.date > today or (s.date == today and s.status in SCHEDULED))
        ]

    def rows_of(self, table: str, informe_id: int | None) -> list[Any]:
        """The rows of ``table`` ("sessions", "attendance", "acuerdos", "activities", "convenios", "figures")
        that the informe ``informe_id`` holds."""
        return self.by_informe[table].get(informe_id, [])

    def acuerdos_of(self, session_id: int | None) -> list[Acuerdo]:
        return self._by_session[0].get(session_id, [])

    def mentions_of(self, session_id: int | None) -> list[AcuerdoMention]:
        return self._by_session[1].get(session_id, [])

    def attendance_of(self, session_id: int | None) -> list[Attendance]:
        return self._by_session[2].get(session_id, [])

    def latest_informe(self, today: dt.date | None = None) -> Informe | None:
        """The most recent informe whose quarter started by ``today``."""
        pool = [i for i in self.informes if today is None or i.period_start <= today] or self.informes
        return max(pool, key=lambda i: (i.year, i.quarter), default=None)

    def informe_of(self, year: int, quarter: int) -> Informe | None:
        return next((i for i in self.informes if (i.year, i.quarter) == (year, quarter)), None)

    def informe_by_id(self, informe_id: int | None) -> Informe | None:
        return next((i for i in self.informes if i.id == informe_id), None)

    def members_of(self, informe: Informe | None) -> list[CommissionMember]:
        return [m for m in self.members if informe is not None and m.informe_id == informe.id]

    @property
    def many_years(self) -> bool:
        """Whether the informes span several years (then answers name the year of each session)."""
        return len({i.year for i in self.informes}) > 1


SCHEDULED = (SessionStatus.PROGRAMADA, SessionStatus.REPROGRAMADA)


def activity_text(a: Activity) -> str:
    """What singles an activity out: its title, institution and person, its kind, its table's caption."""
    member = ActivityKind.parse(a.kind)
    kind = f"{member.label} {member.plural}" if member else a.kind
    caption = a.series if a.series and len(a.series) <= SERIES_LABEL_CHARS else None
    return " ".join(filter(None, (a.title, a.institution, a.person, kind, caption)))


def activity_context(a: Activity) -> str:
    """What an activity shares with its neighbours: the sentence that introduces its table, its section
    heading and its notes (often a cell merged across the rows of a table)."""
    heading = a.section.rsplit("›", 1)[-1]
    sentence = a.series if a.series and len(a.series) > SERIES_LABEL_CHARS else None
    return " ".join(filter(None, (a.title, a.institution, sentence, heading, a.detail)))


def bound_words(texts: list[str]) -> dict[str, str]:
    """Words the informes only ever write inside one capitalised name ("Presupuesto" is always "Presupuesto
    Participativo"): asked alone, such a word means something the informes do not hold."""
    follows: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        words = re.findall(r"[^\W\d_]+", text)
        for first, second in zip(words, [*words[1:], ""], strict=True):
            key = fold(first)
            if len(key) < 5:
                continue
            follows[key][second if first[:1].isupper() and second[:1].isupper() else ""] += 1
    bound: dict[str, str] = {}
    for word, after in follows.items():
        if len(after) == 1 and sum(after.values()) >= 2:
            (partner,) = after
            if partner:
                bound[word] = fold(partner)
    return bound


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
    texts += [a.title for a in data["activities"]] + [a.section for a in data["activities"]]  # type: ignore[attr-defined]
    for acronym, expansion in harvest_acronyms(texts).items():
        aliases.setdefault(acronym, expansion)
    for abbreviation, expansion in harvest_abbreviations(texts).items():
        aliases.setdefault(abbreviation, expansion)

    return Knowledge(convenio_sessions=dict(convenio_sessions), aliases=aliases, **data)  # type: ignore[arg-type]
