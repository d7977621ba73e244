"""The commission's integration: who presides, who sits, who is the secretaría técnica; yes/no judged on the
informe's own list ("¿Erika Estrada es integrante?", "¿Bernardo Valle es presidente?"), and asking back
with the candidates when a title fits several people ("la titular de la unidad técnica")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.engine.frame import EVERY_INFORME, Attribute, Form, Items
from bot.engine.ignorance import looks_like_verb
from bot.engine.knowledge import Knowledge, Participant, participant_key, person_key
from bot.engine.lexicon import LEXICON_WORDS, role_of
from bot.engine.replies import Answer, Clarify, NotInData
from bot.engine.skills import acuerdos
from bot.engine.skills.base import PAST_RE, Ask, default_informe, held_by, named_sessions, spans_label
from db.models import CommissionMember, Informe
from lang.spanish import CARDINAL_WORDS, fold, tokens
from lang.vocabulary import MemberRole, ParticipantGroup, Subject

_SEAT_GROUPS = (ParticipantGroup.CONSEJERIA, ParticipantGroup.SECRETARIA_TECNICA)
_ORDER = {MemberRole.PRESIDENCIA: 0, MemberRole.CONSEJERIA: 1, MemberRole.SECRETARIA_TECNICA: 2}


def answer(ask: Ask, only: list[Participant] | None = None) -> Answer:
    q, k = ask.q, ask.k
    named = [k.participants[key] for key in q.participants if key in k.participants]
    if q.organization and not named:
        verb = "preside" if MemberRole.PRESIDENCIA in q.roles else "integra"
        raise NotInData(f"No tengo ese dato: los informes de la Comisión no dicen quién {verb} {q.organization}.")
    appointed = re.search(r"\b(ratific|design|nombr)\w*", fold(q.text))
    if appointed and q.roles and not named:
        # "¿cuándo la ratificaron?" (of the secretaria técnica): an appointment is an acuerdo's act
        seat = [w for role in q.roles for w in tokens(_titles()[str(role)])]
        topic = (appointed.group(0), *seat)
        return acuerdos.answer(Ask(q.with_changes(subject=Subject.ACUERDOS, topic=topic, roles=frozenset()), k))
    if q.attribute == Attribute.TENURE:
        return _tenure(ask, named)
    if q.attribute == Attribute.CHANGES:
        return _changes(ask)
    if q.sessions and q.roles and not named:
        return _seat_at_sessions(ask)
    if q.roles and not named and not q.spans and PAST_RE.search(fold(q.text)) and _changed_hands(k, q.roles):
        return _history(ask)
    informe = _informe(ask)
    members = sorted(k.members_of(informe), key=lambda m: _ORDER.get(MemberRole.parse(m.role), 3))  # type: ignore[arg-type]
    day = _day_asked(ask)
    if day is not None:
        # "¿quién era la secretaria técnica en abril de 2021?": who held the seat then
        members = [m for m in members if (m.start_date or day) <= day <= (m.end_date or day)] or members
    if q.form == Form.YESNO and not named and not q.names and _name_words(ask):
        # "¿mauricio huesca es integrante?": a name typed in lower case that nobody in the informes has.
        ask = Ask(q.with_changes(names=tuple(_name_words(ask))), k)
        q = ask.q
    if q.form == Form.YESNO and (named or q.names):
        return _judged(ask, named, members, informe)
    if named and all(p.group not in _SEAT_GROUPS for p in named) and not only:
        # "¿Quién es el titular de la Secretaría Ejecutiva?": a body outside the commission's integration.
        result = ask.answer(Subject.ASISTENCIA, "participantes.j2", people=named, held_by=held_by(ask, named))
        result.items = Items(participants=[p.key for p in named])
        return result
    if q.roles and _OFFICE_ASKED_RE.search(fold(q.text)):
        return _office(ask, [m for m in members if MemberRole.parse(m.role) in q.roles] or members)
    heads = _heads_of_group(ask)
    if heads is not None:
        return heads
    if not members:
        raise NotInData("Los informes cargados no registran la integración de la Comisión.")
    shown = members
    if only or named:
        people = only or named
        names = {fold(p.person or "") for p in people}
        shown = [m for m in members if fold(m.name) in names or _same_person(m.name, names)] or members
    elif len(q.roles) == 1 and not _asks_whole(ask):
        roles = set(q.roles)
        if MemberRole.CONSEJERIA in roles and any(w.startswith("consejer") and w.endswith("s") for w in tokens(q.text)):
            roles.add(MemberRole.PRESIDENCIA)  # "los consejeros de la comisión": the presidenta is one of them
        shown = [m for m in members if m.role in roles] or members
        shown = [m for m in shown if m.end_date is None] or shown  # who holds the seat now
    if q.form == Form.COUNT:
        shown = [m for m in shown if m.end_date is None] or shown  # how many there are now, not who ever was
    result = ask.answer(
        Subject.INTEGRACION,
        "integracion.j2",
        members=shown,
        informe=informe,
        titles=_titles(),
        count=q.form == Form.COUNT,
    )
    result.items = Items(participants=[p.key for p in named])
    return result


def _tenure(ask: Ask, named: list[Participant]) -> Answer:
    """Since when someone holds a seat, until when, and whether they still do (the latest informe that lists
    them says); with no one named, the current holders of the seats asked about."""
    q, k = ask.q, ask.k
    records = sorted(
        (m for m in k.members if (i := k.informe_by_id(m.informe_id)) is not None and i.period_start <= ask.today),
        key=lambda m: (_informe_order(k, m.informe_id), m.id or 0),
    )
    names = {fold(p.person or p.body) for p in named}
    names |= {fold(" ".join(q.names))} if q.names else set()
    typed = _name_words(ask)
    asked = set(tokens(q.text))
    shared = {m.id: len({w for w in tokens(m.name) if len(w) > 2} & asked) for m in records}
    best = max(shared.values(), default=0)
    enough = best >= min(2, max(1, len(typed)))  # "juan pérez" is not Sonia Pérez Pérez
    wanted = [
        m
        for m in records
        if fold(m.name) in names or _same_person(m.name, names) or (enough and shared[m.id] == best and not names)
    ]
    if not wanted and not (names or typed):
        latest = _informe(ask)
        current = [m for m in records if m.informe_id == (latest.id if latest else None) and m.end_date is None]
        seated = {_person_key(m.name) for m in [m for m in current if not q.roles or m.role in q.roles] or current}
        wanted = [m for m in records if _person_key(m.name) in seated]  # their earlier records say since when
    if not wanted:
        who = _as_typed(q.text, tuple(typed)) if typed else " ".join(q.names) or "esa persona"
        raise NotInData(f"No. {who} no figura entre los integrantes de la Comisión en los informes cargados.")
    latest_of: dict[str, CommissionMember] = {}
    for m in wanted:
        key = _person_key(m.name)
        earlier = latest_of.get(key)
        if earlier is not None and m.start_date is None and earlier.start_date is not None:
            # an informe that does not say since when: the earlier one did
            m = m.model_copy(
                update={
                    "start_date": earlier.start_date,
                    "designation_acuerdo": m.designation_acuerdo or earlier.designation_acuerdo,
                }
            )
        latest_of[key] = m  # records are in informe order: the last one is the latest word on them
    people = []
    for m in latest_of.values():
        successor = None
        if m.end_date is not None:
            successor = next(
                (o for o in records if o.role == m.role and o.start_date and o.start_date > m.end_date), None
            )
        people.append(dict(m=m, title=_titles().get(m.role, m.role).lower(), successor=successor))
    still = q.form == Form.YESNO
    result = ask.answer(Subject.INTEGRACION, "integracion_vigencia.j2", people=people, yesno=still)
    result.items = Items(participants=[p.key for p in named])
    return result


def _changes(ask: Ask) -> Answer:
    """Who joined and who left the commission (in the period asked, or as far as the informes tell), with whom
    each one replaced."""
    q, k = ask.q, ask.k
    records = sorted(
        (m for m in k.members if (i := k.informe_by_id(m.informe_id)) is not None and i.period_start <= ask.today),
        key=lambda m: (_informe_order(k, m.informe_id), m.id or 0),
    )
    latest: dict[str, CommissionMember] = {}
    for m in records:
        earlier = latest.get(_person_key(m.name))
        if earlier is not None:  # a later informe's record, with what the earlier one said and it does not
            # since the first informe that dates it (a later one may date a seat change or a confirmation),
            # in the seat and by the acuerdo of then; until the latest that says when they left
            first_word = earlier.start_date is not None and (m.start_date is None or earlier.start_date <= m.start_date)
            m = m.model_copy(
                update={"end_date": m.end_date or earlier.end_date}
                | (
                    {
                        "start_date": earlier.start_date,
                        "role": earlier.role,
                        "designation_acuerdo": earlier.designation_acuerdo,
                    }
                    if first_word
                    else {}
                )
            )
        latest[_person_key(m.name)] = m
    spans = q.spans

    def within(day: dt.date | None) -> bool:
        return day is not None and (not spans or any(span.contains(day) for span in spans))

    covered = {i.period_start for i in k.informes}
    first = min(covered, default=None)

    def listed_before(m: CommissionMember) -> bool:
        """Whether an informe of a period before ``m`` joined already lists them: an integration confirmed
        anew ("quedando conformada por…") names who stay as well as who come."""
        return any(
            _person_key(o.name) == _person_key(m.name)
            and (i := k.informe_by_id(o.informe_id)) is not None
            and m.start_date is not None
            and i.period_end < m.start_date
            for o in records
        )

    newcomers = [
        m
        for m in latest.values()
        if within(m.start_date) and (first is None or m.start_date > first) and not listed_before(m)  # type: ignore[operator]
    ]
    left = [m for m in latest.values() if within(m.end_date)]

    def replaced(m: CommissionMember) -> str | None:
        """Whom a newcomer replaced: who left a seat of that kind by then."""
        gone = sorted(
            (o for o in left if o.end_date and m.start_date and o.end_date <= m.start_date),
            key=lambda o: o.end_date or dt.date.min,
            reverse=True,  # the latest to leave before they came
        )
        return next((o.name for o in gone if o.role == m.role), gone[0].name if gone else None)

    joined = [(m, replaced(m)) for m in newcomers]
    named = [k.participants[key] for key in q.participants if key in k.participants]
    if named:  # "¿quién sustituyó a Bernardo Valle?": the changes that involve them
        names = {fold(p.person or p.body) for p in named}
        joined = [(m, r) for m, r in joined if _same_person(m.name, names) or _same_person(r or "", names)]
        left = [m for m in left if _same_person(m.name, names)]
        folded = fold(q.text)
        if _LEFT_RE.search(folded):
            joined = [(m, r) for m, r in joined if not _same_person(m.name, names)]  # "¿cuándo salió X?"
        elif re.search(r"\b(?:sustitu\w*|reemplaz\w*|relev\w*|en lugar de)\b", folded):
            joined, left = [(m, r) for m, r in joined if _same_person(r or "", names)], []  # "¿quién sustituyó a X?"
        elif joined:
            left = []
    result = ask.answer(
        Subject.INTEGRACION,
        "integracion_cambios.j2",
        joined=joined,
        left=left,
        label=spans_label(spans),
        titles=_titles(),
        yesno=q.form == Form.YESNO,
    )
    return result


_LEFT_RE = re.compile(r"\b(?:sali\w*|dej\w*|se fue|se fueron|renunci\w*|se separ\w*|ya no)\b")


def _seat_at_sessions(ask: Ask) -> Answer:
    """ "¿Quién presidió la décima sesión?": who held the seat then, and whether the attendance list has them."""
    q, k = ask.q, ask.k
    rows = []
    for session in named_sessions(ask):
        informe = k.informe_by_id(session.informe_id) or _informe(ask)
        holders = [
            m
            for m in k.members_of(informe)
            if m.role in q.roles
            and (m.start_date is None or session.date is None or m.start_date <= session.date)
            and (m.end_date is None or session.date is None or session.date <= m.end_date)
        ]
        for m in holders:
            key = person_key(m.name)
            cells = [r for r in k.attendance_of(session.id) if participant_key(r.body, r.person, r.group) == key]
            present = cells[0].present if cells else None
            rows.append(dict(session=session, m=m, title=_titles().get(m.role, m.role).lower(), present=present))
    if not rows:
        raise NotInData("Los informes cargados no dicen quién ocupaba ese cargo en esa sesión.")
    return ask.answer(Subject.INTEGRACION, "integracion_sesion.j2", rows=rows)


def _person_key(name: str) -> str:
    """One key per person whatever the accents or first names an informe writes ("César Ernesto Ramos Mega")."""
    return " ".join([w for w in tokens(name) if len(w) > 2][-2:])  # the two surnames


def _informe_order(k: Knowledge, informe_id: int | None) -> tuple[int, int]:
    informe = k.informe_by_id(informe_id)
    return (informe.year, informe.quarter) if informe else (0, 0)


# "¿de qué unidad es titular la secretaria técnica?", "¿qué cargo tiene?": the office the informe gives them
_OFFICE_ASKED_RE = re.compile(
    r"\b(?:de|en)\s+(?:que|q|cual)\s+(?:unidad|area|direccion|dependencia|organo)\b|\btitular\s+de\s+(?:que|q|cual)\b"
    r"|\b(?:que|q|cual)\s+(?:cargo|puesto)\b"
)


def _office(ask: Ask, members: list[CommissionMember]) -> Answer:
    """What office each seat holder has besides the seat, as the informe's integration says it."""
    said = []
    for m in members:
        surname = fold(m.name).split()[-2] if len(m.name.split()) > 2 else fold(m.name)
        sentences = re.split(r"(?<=[.;])\s+", m.designation or "")
        sentence = next((x for x in sentences if "titular" in fold(x) and surname in fold(x)), None)
        sentence = sentence or next((x for x in sentences if surname in fold(x)), None)
        said.append((m, sentence))
    return ask.answer(Subject.INTEGRACION, "integracion_cargo.j2", said=said, titles=_titles())


def _informe(ask: Ask) -> Informe | None:
    quarters = ask.q.quarters
    if quarters:
        informe = ask.k.informe_of(*quarters[0])
        if informe is not None:
            return informe
    day = _day_asked(ask)
    if day is not None:
        informe = ask.k.informe_of(day.year, (day.month - 1) // 3 + 1)
        if informe is not None:
            return informe
    if ask.q.spans and not any(s.label == EVERY_INFORME for s in ask.q.spans):
        # "¿quién presidía la comisión en 2020?": the latest informe of the period asked
        span = ask.q.spans[-1]
        within = [i for i in ask.k.informes if i.period_start <= span.end and span.start <= i.period_end]
        if within:
            return max(within, key=lambda i: (i.year, i.quarter))
    return default_informe(ask)


def _day_asked(ask: Ask) -> dt.date | None:
    """The last day of a period the question names ("en abril de 2021"), within one quarter."""
    spans = [s for s in ask.q.spans if (s.start.year, (s.start.month - 1) // 3) == (s.end.year, (s.end.month - 1) // 3)]
    return min(spans[0].end, ask.today) if spans else None


def _history(ask: Ask) -> Answer:
    """ "¿Quién ha sido secretario técnico?": everyone the informes list in the seats asked, first to last,
    with the dates they give."""
    k = ask.k
    held: dict[tuple[str, str], Seat] = {}
    for informe in sorted(k.informes, key=lambda i: (i.year, i.quarter)):
        for m in k.members_of(informe):
            if MemberRole.parse(m.role) not in ask.q.roles:
                continue
            seat = held.setdefault((m.role, person_key(m.name)), Seat(m, informe, informe))
            seat.last, seat.member = informe, m
            seat.start = min(filter(None, (seat.start, m.start_date)), default=None)
            seat.end = m.end_date  # the latest informe's word: a later one may list them again
            seat.acuerdos = list(dict.fromkeys([*seat.acuerdos, *(c.strip() for c in (m.acuerdos or "").split(","))]))
    seats = sorted(
        held.values(),
        key=lambda seat: (_ORDER.get(MemberRole.parse(seat.member.role), 3), seat.since, seat.start or dt.date.min),  # type: ignore[arg-type]
    )
    if not seats:
        raise NotInData("Los informes cargados no registran quién ha ocupado ese cargo.")
    # a seat one person holds at a time (the presidencia, the secretaría técnica): the next holder succeeds
    single = {str(MemberRole.PRESIDENCIA), str(MemberRole.SECRETARIA_TECNICA)}
    return ask.answer(Subject.INTEGRACION, "integracion_historia.j2", seats=seats, titles=_titles(), single=single)


def _changed_hands(k: Knowledge, roles: frozenset[MemberRole]) -> bool:
    """Whether the informes tell of more than one holder of the seats asked: several informes, or one that
    says when someone left ("se desempeñó como secretaria técnica hasta el 13 de mayo")."""
    return len(k.informes) > 1 or any(m.end_date is not None and MemberRole.parse(m.role) in roles for m in k.members)


@dataclass
class Seat:
    """Someone in a seat, as the informes from ``first`` to ``last`` list them."""

    member: CommissionMember
    first: Informe
    last: Informe
    start: dt.date | None = None
    end: dt.date | None = None
    acuerdos: list[str] = field(default_factory=list)

    @property
    def since(self) -> tuple[int, int]:
        return self.first.year, self.first.quarter


def _as_typed(text: str, names: tuple[str, ...]) -> str:
    """Folded name words as the question writes them, capitalised ("mauricio huesca" → "Mauricio Huesca")."""
    raw = re.findall(r"[^\W\d_]+", text)
    shown = [next((r for r in raw if fold(r) == w), w) for w in names]
    return " ".join(w[:1].upper() + w[1:] for w in shown)


def _name_words(ask: Ask) -> list[str]:
    """Words of the question that can only be a person's name: no word of the lexicon, no number."""
    return [
        w
        for w in ask.q.topic
        if w.isalpha() and w not in LEXICON_WORDS and w not in CARDINAL_WORDS and not looks_like_verb(w)
    ]


def _asks_whole(ask: Ask) -> bool:
    """Whether the whole integration is asked ("¿quiénes integran la comisión?"), not a seat ("los consejeros
    integrantes": there "integrantes" qualifies the seat)."""
    words = tokens(ask.q.text)
    for i, w in enumerate(words):
        if w.startswith(("integr", "conform", "miembro", "compon")):
            if i > 0 and role_of(words[i - 1]) is not None:
                continue
            return True
    return False


def _same_person(name: str, names: set[str]) -> bool:
    mine = set(tokens(name))
    return any(len(mine & set(other.split())) >= 2 for other in names)


def _judged(ask: Ask, named: list[Participant], members: list[CommissionMember], informe: Informe | None) -> Answer:
    """ "¿Erika Estrada es integrante de la Comisión?", "¿Bernardo Valle es presidente?"."""
    q = ask.q
    person = named[0] if named else None
    label = (person.person or person.body) if person else _as_typed(q.text, q.names)
    names = {fold(person.person or person.body)} if person else {fold(label)}
    member = next((m for m in members if fold(m.name) in names or _same_person(m.name, names)), None)
    if member is None:
        verdict = False
        fact = "no figura entre los integrantes de la Comisión"
        if person is not None and person.group not in _SEAT_GROUPS:
            fact += f"; asiste a sus sesiones como {person.body}"
    else:
        role = MemberRole.parse(member.role)
        verdict = not q.roles or role in q.roles
        fact = f"ocupa la {_titles().get(member.role, member.role).lower()} de la Comisión"
    holders = [m for m in members if m.role in q.roles] if q.roles and not verdict else []
    result = ask.answer(
        Subject.INTEGRACION,
        "integracion_si_no.j2",
        verdict=verdict,
        who=member.name if member else label,
        fact=fact,
        holders=holders,
        titles=_titles(),
        informe=informe,
    )
    result.items = Items(participants=[p.key for p in named])
    return result


def _heads_of_group(ask: Ask) -> Answer | None:
    """A title that fits several bodies ("la titular de la unidad técnica"): ask which, with the candidates."""
    q, k = ask.q, ask.k
    wanted = [g for g in q.groups if g not in _SEAT_GROUPS]
    if not wanted or q.participants:
        return None
    bodies: dict[str, Participant] = {}
    for p in k.participants.values():
        if p.group in wanted and p.person and not p.body.lower().startswith("en representación"):
            bodies.setdefault(fold(p.body), p)
    if not bodies:
        return None
    if len(bodies) == 1:
        (only,) = bodies.values()
        result = ask.answer(Subject.ASISTENCIA, "participantes.j2", people=[only])
        result.items = Items(participants=[only.key])
        return result
    group = wanted[0]
    raise Clarify(
        f"¿De qué {group.label}? En los informes figuran {len(bodies)}:",
        [f"¿Quién es titular de la {p.body}?" for p in bodies.values()],
    )


def _titles() -> dict[str, str]:
    return {
        str(MemberRole.PRESIDENCIA): "Presidencia",
        str(MemberRole.CONSEJERIA): "Consejería integrante",
        str(MemberRole.SECRETARIA_TECNICA): "Secretaría técnica",
    }
