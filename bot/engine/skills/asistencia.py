"""Attendance: who came to or missed which sessions, by person, party or group, session, period, in any
combination; yes/no judged on the attendance lists; rankings of absences; comparisons across quarters."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.frame import Attribute, Dimension, Form, Items
from bot.engine.knowledge import Participant, participant_key, person_key
from bot.engine.lexicon import CHANGE_STEMS, STOPWORDS
from bot.engine.replies import Answer, Clarify, NotInData
from bot.engine.skills import integracion
from bot.engine.skills.base import (
    Ask,
    coverage,
    held_by,
    join,
    name,
    prose_about,
    resolve,
    scoped_sessions,
    session_phrase,
)
from bot.engine.skills.tally import QUARTER_NAMES as _QUARTERS
from bot.engine.skills.tally import Line, lines_answer, quarters_asked
from db.models import Attendance, CommissionSession
from lang.names import organ_key, stand_in_for
from lang.spanish import fold, plural, short_date, tokens
from lang.vocabulary import MemberRole, ParticipantGroup, Subject

_SEAT_GROUPS = (ParticipantGroup.CONSEJERIA, ParticipantGroup.SECRETARIA_TECNICA)
_UNRECORDED_WORDS = frozenset(["registrada", "registro", "registrado", "reporta", "reportada", "disponible"])
_REASON_WORDS = frozenset(
    ["inasistencia", "ausencia", "presencia", "falta", "motivo", "debido", "atender", "justifico", "excuso", "razon"]
)
_ATTENDANCE_RE = re.compile(r"\b(?:asist|vin[oi]|acudi|estuv|present[ea]s?\b|se present|particip)")
_CHANGED_RE = re.compile(rf"\b(?:{'|'.join(CHANGE_STEMS)})\w*")  # "¿cuándo cambió el representante?"
_PERSON_ASKED_RE = re.compile(
    r"\brepresentantes?\b|\bquien(?:es)?\s+(?:lo |la |los |las )?represent|\bnombre\b"
    r"|\bquien (?:es|era|fue) (?:el|la)\b"
)


def answer(ask: Ask) -> Answer:
    q, k = ask.q, ask.k
    if q.form == Form.COMPARE or (q.form == Form.RANK and q.by in (Dimension.QUARTER, Dimension.YEAR)):
        return _by_quarter(ask)
    people = participants(ask)
    asks_attendance = q.absent or q.attend or bool(_ATTENDANCE_RE.search(_words(ask)))
    unmatched = list(q.names)
    by_name = q.form not in (Form.WHO, Form.COUNT, Form.RANK) and (q.form == Form.YESNO or asks_attendance)
    # Words nothing knows, or an acronym of a body that does not take part ("PAN"): someone asked by name.
    asked_names = [w for w in q.topic if w in q.loose or (w in k.aliases and len(w) <= 6)]
    if not people and not unmatched and not q.groups and asked_names and by_name:
        unmatched = [w.upper() if w in k.aliases and len(w) <= 6 else w for w in asked_names]
    if unmatched and not people:
        where = _where_names(ask)
        raise NotInData(f"No encontré a «{' '.join(unmatched)}» en la lista de asistencia de {where}.")
    sessions, label = scoped_sessions(ask)
    scope = ""
    if not (q.sessions or q.spans or q.session_kinds) and (people or q.form == Form.RANK) and len(k.informes) > 1:
        # "¿cuántas veces faltó el PRD?", "¿qué partido faltó más?": someone's whole record, every quarter loaded
        sessions, label = k.held_sessions(ask.today), coverage(k)
        scope = label
    sessions = [s for s in sessions if s.date is None or s.date <= ask.today] or sessions
    if q.sessions and not sessions:
        raise NotInData("No hay registro de asistencia para esa sesión.")
    recorded = [s for s in sessions if k.attendance_of(s.id)]
    recorded_ids = {s.id for s in recorded}  # by id: comparing models field by field costs with many quarters
    unrecorded = [s for s in sessions if s.id not in recorded_ids]
    if not recorded:
        names = join([f"la {name(s, k)}" for s in sessions]) or label or "ese periodo"
        said = [prose_about(ask, [session_phrase(s), "asistencia"], _UNRECORDED_WORDS) for s in sessions[:3]]
        why = " ".join(f"Según el informe: «{sentence}»" for sentence in said if sentence)
        only = "los informes solo registran la asistencia de las sesiones celebradas en el trimestre que reportan."
        raise NotInData(f"No hay registro de asistencia para {names}: {why or only}")
    changed = q.form == Form.WHEN and bool(_CHANGED_RE.search(fold(q.text)) and _PERSON_ASKED_RE.search(fold(q.text)))
    if people and (q.form == Form.WHO or q.attribute == Attribute.ROLE or changed) and not asks_attendance:
        if all(p.group in _SEAT_GROUPS for p in people):
            return integracion.answer(ask, only=people)  # "¿Quién es Cecilia Hernández?": her seat
        if q.spans or q.sessions:
            return _who_sat(ask, people, recorded)
        return _people(ask, people)
    if people and q.attribute != Attribute.RATE:
        return _person_rows(ask, people, recorded, unrecorded, scope)
    if q.groups and not q.sessions and not q.spans and not asks_attendance and q.form != Form.RANK:
        # "¿Qué partidos hay en la comisión?": who of that group takes part, from the attendance lists.
        return _people(ask, [p for p in k.participants.values() if p.group in q.groups])
    if q.form == Form.RANK and q.by == Dimension.SESSION and len(recorded) > 1:
        return _by_session(ask, recorded)
    if q.attribute == Attribute.RATE:
        return _rate(ask, recorded, people)
    if q.form == Form.RANK and len(recorded) > 1 and not q.sessions:
        return _ranking(ask, recorded, scope)
    if q.absent and re.search(r"\bninguna\b", fold(q.text)) and len(recorded) > 1 and not people:
        if re.search(r"\bno\s+(?:falt|se\s+ausent)", fold(q.text)):  # "¿quién no faltó a ninguna?": went to all
            return _every(Ask(q.with_changes(absent=False, every=True), k), recorded)
        return _never(ask, recorded)
    both = re.search(r"\b(?:tambien|ambas|las dos|las tres|las cuatro)\b", fold(q.text))
    if both and len(recorded) > 1 and (len(q.sessions) > 1 or len(q.spans) > 1) and not people:
        # "¿quién faltó a la del 26 de octubre y también a la del 22 de diciembre?": to every one of them
        return _never(ask, recorded) if q.absent else _every(Ask(q.with_changes(every=True), k), recorded)
    if q.every and len(recorded) > 1:
        return _every(ask, recorded)
    table, notes = [], {}
    for s in recorded:
        rows = [r for r in k.attendance_of(s.id) if not q.groups or r.group in q.groups]
        table.append((s, [r for r in rows if r.present], [r for r in rows if not r.present]))
        covered = stood_in(ask, s)
        notes[s.id] = [
            (k.participants[key], by)
            for key, by in covered.items()
            if not q.groups or k.participants[key].group in q.groups
        ]
    verdict = None
    if q.form == Form.YESNO:
        # "¿Faltó alguien a la décima?" / "¿Asistieron todos?": judged on the lists.
        anyone_absent = any(absent for _, _, absent in table)
        verdict = anyone_absent if q.absent else not anyone_absent
    result = ask.answer(
        Subject.ASISTENCIA,
        "asistencia_sesiones.j2",
        table=table,
        want_absent=q.absent,
        want_present=not q.absent and asks_attendance,
        attend_only=q.attend,  # "¿quiénes asistieron?" asks only who came; "asistencia de la sesión", both
        count=q.form == Form.COUNT,
        groups=[g.plural for g in q.groups] if q.groups else [],
        feminine=all(g.feminine for g in q.groups),
        label=label,
        unrecorded=unrecorded,
        verdict=verdict,
        notes=notes,
    )
    result.items = Items(participants=[])
    result.items.add_sessions(s.id for s in recorded)
    return result


def stood_in(ask: Ask, session: CommissionSession) -> dict[str, Attendance]:
    """Who came in someone's place to a session where their own row has no mark: the organ's encargado del
    despacho or representative, or the same person in another row ("Gustavo Uribe Robles", as encargado)."""
    k = ask.k
    key = ("stood_in", session.id)
    if key in k.computed:  # the same for every question: kept with the snapshot
        return k.computed[key]
    k.computed[key] = covered = _stood_in(ask, session)
    return covered


def _stood_in(ask: Ask, session: CommissionSession) -> dict[str, Attendance]:
    k = ask.k
    present = [r for r in k.attendance_of(session.id) if r.present]
    marked = {participant_key(r.body, r.person, r.group) for r in k.attendance_of(session.id)}
    covered: dict[str, Attendance] = {}
    for p in k.participants.values():
        if p.key in marked or not any(r.informe_id == session.informe_id for r in p.records):
            continue
        if stand_in_for(p.body) is not None:
            continue  # a stand-in's row only counts where they stood in
        organ = organ_key(p.body)
        by = next((r for r in present if stand_in_for(r.body) == organ), None)
        if by is None and p.person:
            by = next((r for r in present if r.person and fold(r.person) == fold(p.person)), None)
        if by is not None:
            covered[p.key] = by
    return covered


def _term(ask: Ask, p: Participant, session: CommissionSession) -> str | None:
    """Why a seat's holder has no mark at a session: they had not joined yet, or had left (the informes' dates)."""
    if not p.seat or not p.person or session.date is None:
        return None
    key = person_key(p.person)
    records = [m for m in ask.k.members if person_key(m.name) == key]
    start = min((m.start_date for m in records if m.start_date), default=None)
    end = max((m.end_date for m in records if m.end_date), default=None)
    if start and session.date < start:
        return f"aún no integraba la Comisión (se incorporó el {short_date(start)})"
    if end and session.date > end:
        return f"ya no integraba la Comisión (formó parte de ella hasta el {short_date(end)})"
    return None


def participants(ask: Ask) -> list[Participant]:
    """The participants the frame names; ask back when a name fits several people."""
    k = ask.k
    people = [k.participants[key] for key in ask.q.participants if key in k.participants]
    # "la consejera presidenta": the presidency, one seat, is the one meant
    specific = set(ask.q.roles) - {MemberRole.CONSEJERIA} if ask.q.groups <= set(_SEAT_GROUPS) else set()
    roles = specific or (set(ask.q.roles) if not ask.q.groups else set())
    if not people and roles:
        # "¿asistió la presidenta?": the member who holds the seat (then, when sessions are named), in the lists.
        scoped = ask.q.sessions or ask.q.session_kinds or ask.q.spans
        days = [s.date for s in scoped_sessions(ask)[0] if s.date] if scoped else []
        holders = {
            person_key(m.name)
            for m in k.members_of(k.latest_informe(ask.today))
            if m.role in roles and all((m.start_date or day) <= day <= (m.end_date or day) for day in days)
        }
        people = [p for p in k.participants.values() if p.key in holders]
    asked = set(tokens(ask.q.text))
    exact = [p for p in people if set(tokens(p.body)) - STOPWORDS <= asked]
    longest = max((len(set(tokens(p.body)) - STOPWORDS) for p in exact), default=0)
    exact = [p for p in exact if len(set(tokens(p.body)) - STOPWORDS) == longest]
    if len(exact) == 1 and len(people) > 1:
        # "el encargado del despacho de la secretaría ejecutiva" is the encargado, every word of the row named
        people = exact
    organs = {organ_key(p.body) for p in people}
    people = [p for p in people if stand_in_for(p.body) not in organs]  # the organ, not who stood in for it
    names = {fold(p.person or p.body) for p in people}
    if len(people) > 1 and len(names) > 1 and not ask.q.several:
        # One person in two roles (the same name) is one answer, not an ambiguity.
        choices = [_with_name(ask.q.text, p) for p in people[:4]]
        raise Clarify(*_with_sessions(ask, choices))
    return people


def _with_sessions(ask: Ask, choices: list[str]) -> tuple[str, list[str]]:
    """Ask once when the session named has several readings too ("¿Rodríguez faltó a la primera sesión?"): each
    person with each session."""
    combined: list[str] = []
    for text in choices:
        try:
            for ref in ask.q.sessions:
                resolve(replace(ask, q=replace(ask.q, text=text)), ref)
        except Clarify as which:
            combined.extend(which.choices)
        except NotInData:
            continue
    if combined:
        return "¿A quién y a cuál sesión te refieres?", combined[:8]
    return "¿A quién te refieres?", choices


def _person_rows(
    ask: Ask,
    people: list[Participant],
    recorded: list[CommissionSession],
    unrecorded: list[CommissionSession],
    scope: str = "",
) -> Answer:
    q = ask.q
    rows = []
    shown = {p.key for p in people}
    asked = set(tokens(q.text))
    for p in people:
        cells = {r.session_id: r.present for r in p.records}
        # "¿Ulises Blanco fue…?" asks about him, not his unit: someone else attending for it is no yes
        by_name = bool(p.person and set(tokens(p.person)) & asked and not (set(tokens(p.body)) - STOPWORDS) & asked)
        unmarked = [s for s in recorded if s.id not in cells]
        rows.append(
            dict(
                p=p,
                by_name=by_name,
                attended=[s for s in recorded if cells.get(s.id or -1) is True],
                missed=[s for s in recorded if cells.get(s.id or -1) is False],
                absent_from_table=unmarked,
                out_of_term=[(s, note) for s in unmarked if (note := _term(ask, p, s))],
                # Where they came in another row that the answer shows too, that row says it.
                stood_in=[
                    (s, by)
                    for s in unmarked
                    if (by := stood_in(ask, s).get(p.key)) is not None
                    and participant_key(by.body, by.person, by.group) not in shown
                ],
            )
        )
    reason = None
    if q.why:
        # "¿por qué faltó…?": no table gives a reason; the informe's prose may.
        for p in people:
            name = " ".join([w for w in tokens(p.person or p.body) if len(w) > 2][-2:])
            sessions = [s for row in rows for s in row["missed"]] if q.sessions else []  # type: ignore[attr-defined]
            phrases = [name] + [session_phrase(s) for s in sessions[:1]]
            reason = prose_about(ask, phrases, _REASON_WORDS) or prose_about(ask, [name], _REASON_WORDS)
            if reason:
                break
    result = ask.answer(
        Subject.ASISTENCIA,
        "asistencia_persona.j2",
        why=q.why,
        reason=reason,
        every=q.every,
        rows=rows,
        yesno=q.form == Form.YESNO,
        listing=q.form in (Form.WHICH, Form.WHEN, Form.COUNT, Form.LIST),  # "¿a qué sesiones asistió?": no verdict
        absent_q=q.absent,
        only_missed=q.absent and q.form in (Form.WHICH, Form.LIST, Form.WHEN, Form.COUNT),
        named=bool(q.sessions),
        count=q.form == Form.COUNT,
        unrecorded=unrecorded,
        scope=scope,
    )
    result.items = Items(participants=[p.key for p in people])
    for row in rows:
        missed: list[CommissionSession] = row["missed"]  # type: ignore[assignment]
        attended: list[CommissionSession] = row["attended"]  # type: ignore[assignment]
        result.items.add_sessions(s.id for s in (missed if q.absent else attended + missed))
    return result


def _people(ask: Ask, people: list[Participant]) -> Answer:
    if not people:
        raise NotInData("No encontré a nadie así en las listas de asistencia de los informes cargados.")
    if all(not p.person for p in people) and _PERSON_ASKED_RE.search(fold(ask.q.text)):
        # "¿quién es el representante de MORENA?": the lists name the party, not who sat for it
        bodies = join([p.body for p in people])
        raise NotInData(
            f"No tengo ese dato: las listas de asistencia registran a {bodies}, no el nombre de quien lo representa."
        )
    result = ask.answer(Subject.ASISTENCIA, "participantes.j2", people=people, held_by=held_by(ask, people))
    result.items = Items(participants=[p.key for p in people])
    return result


def _who_sat(ask: Ask, people: list[Participant], recorded: list[CommissionSession]) -> Answer:
    """ "¿Quién fue en representación de la unidad de archivo en diciembre?": who sat for each body at each
    session asked, its own row or whoever stood in for it."""
    seats = []
    for p in people:
        cells = {r.session_id: r for r in p.records}
        for s in recorded:
            own = cells.get(s.id or -1)
            if own is not None and own.present:
                seats.append((p, s, own, False))
            elif (by := stood_in(ask, s).get(p.key)) is not None:
                seats.append((p, s, by, True))
    if not seats:
        raise NotInData(
            f"Nadie asistió por {join([p.body for p in people])} a {join([f'la {name(s, ask.k)}' for s in recorded])}."
        )
    result = ask.answer(Subject.ASISTENCIA, "asistencia_quien_asistio.j2", seats=seats)
    result.items = Items(participants=[p.key for p in people])
    result.items.add_sessions(s.id for _, s, _, _ in seats)
    return result


def _ranking(ask: Ask, recorded: list[CommissionSession], scope: str = "") -> Answer:
    """ "¿Quién faltó más?": participants ranked by their absences (or attendance)."""
    q, k = ask.q, ask.k
    ids = {s.id for s in recorded}
    pool = [p for p in k.participants.values() if not q.groups or p.group in q.groups]
    absences = {p.key: sum(1 for r in p.records if r.session_id in ids and not r.present) for p in pool}
    fewest = q.rank is not None and q.rank.value == "least"
    # Most absences first for "faltó más" and "asistió menos"; fewest for the other two.
    ranked = sorted(pool, key=lambda p: absences[p.key], reverse=fewest ^ q.absent)
    top = absences[ranked[0].key] if ranked else 0
    leaders = [p for p in ranked if absences[p.key] == top]
    result = ask.answer(
        Subject.ASISTENCIA,
        "asistencia_ranking.j2",
        leaders=leaders,
        absences=top,
        sessions=recorded,
        want_absent=q.absent,
        scope=scope,
    )
    result.items = Items(participants=[p.key for p in leaders])
    return result


def _by_session(ask: Ask, recorded: list[CommissionSession]) -> Answer:
    """ "¿Qué sesión tuvo más faltas?", "¿cuál fue la sesión con mejor asistencia?"."""
    q, k = ask.q, ask.k
    absences = q.absent or "falta" in q.text.lower()
    lines = []
    for s in recorded:
        rows = [r for r in k.attendance_of(s.id) if not q.groups or r.group in q.groups]
        n = sum(1 for r in rows if r.present != absences)
        noun = "falta" if absences else "asistencia"
        lines.append(Line(f"la {name(s, k)}", n, f"{plural(n, noun)} de {len(rows)}", (s.id or 0,)))
    return lines_answer(ask, Subject.ASISTENCIA, "falta" if absences else "asistencia", lines, [], Dimension.SESSION)


def _rate(ask: Ask, recorded: list[CommissionSession], people: list[Participant]) -> Answer:
    """ "¿Cuál fue el porcentaje de asistencia?" (of everyone, a group, or someone)."""
    q, k = ask.q, ask.k
    ids = {s.id for s in recorded}
    rows = [r for r in k.attendance if r.session_id in ids and (not q.groups or r.group in q.groups)]
    if people:
        keys = {p.key for p in people}
        rows = [r for r in rows if participant_key(r.body, r.person, r.group) in keys]
    present = sum(r.present for r in rows)
    who = join([p.person or p.body for p in people]) if people else join([g.plural for g in q.groups])
    return ask.answer(
        Subject.ASISTENCIA,
        "asistencia_tasa.j2",
        present=present,
        possible=len(rows),
        sessions=recorded,
        who=who,
        rate=round(100 * present / len(rows)) if rows else 0,
    )


def _never(ask: Ask, recorded: list[CommissionSession]) -> Answer:
    """ "¿Quién no fue a ninguna sesión?": those absent from every session they were listed for."""
    q, k = ask.q, ask.k
    ids = {s.id for s in recorded}
    parts = [p for p in k.participants.values() if not q.groups or p.group in q.groups]
    never = []
    for p in parts:
        cells = [r for r in p.records if r.session_id in ids]
        if cells and not any(r.present for r in cells):
            never.append(p)
    return ask.answer(Subject.ASISTENCIA, "asistencia_nunca.j2", never=never, sessions=recorded)


def _every(ask: Ask, recorded: list[CommissionSession]) -> Answer:
    q, k = ask.q, ask.k
    parts = [p for p in k.participants.values() if not q.groups or p.group in q.groups]
    ids = {s.id for s in recorded}
    always = [
        p
        for p in parts
        if all(r.present for r in p.records if r.session_id in ids)
        and len([r for r in p.records if r.session_id in ids]) == len(ids)
    ]
    missed = [p for p in parts if p not in always and any(r.session_id in ids for r in p.records)]
    group = next(iter(q.groups)) if len(q.groups) == 1 else None
    return ask.answer(
        Subject.ASISTENCIA,
        "asistencia_todas.j2",
        always=always,
        missed=missed,
        sessions=recorded,
        what=group.plural if group else "participantes",
        want_absent=q.absent,
        verdict=None if q.form != Form.YESNO else (bool(missed) if q.absent else not missed),
    )


def _by_quarter(ask: Ask) -> Answer:
    """Attendance per quarter, of everyone, a group or someone: "asistencia del tercer trimestre frente al
    cuarto", "¿en qué trimestre faltó más el PT?" (absences counted when absences are asked)."""
    q, k = ask.q, ask.k
    quarters, missing = quarters_asked(ask)
    keys = {p.key for p in participants(ask)}
    asked = [
        r
        for r in k.attendance
        if (not keys or participant_key(r.body, r.person, r.group) in keys) and (not q.groups or r.group in q.groups)
    ]
    groups: dict[tuple[int, ...], tuple[str, list[Attendance]]] = {}
    if q.by == Dimension.YEAR:
        # "¿el PT faltó más en 2020 o en 2021?": by the year each session was held
        years = {s.start.year for s in q.spans if s.start.year == s.end.year}
        for r in asked:
            held = k.session_by_id.get(r.session_id)
            if held is not None and held.date is not None and (not years or held.date.year in years):
                groups.setdefault((held.date.year,), (str(held.date.year), []))[1].append(r)
        missing = [str(y) for y in sorted(years) if (y,) not in groups]
    for year, quarter in quarters if q.by != Dimension.YEAR else ():
        informe = k.informe_of(year, quarter)
        label = f"el {_QUARTERS[quarter - 1]} trimestre de {year}"
        groups[(year, quarter)] = (label, [r for r in asked if informe and r.informe_id == informe.id])
    lines = []
    for order, (label, rows) in groups.items():
        present = sum(r.present for r in rows)
        if q.absent:
            absent = len(rows) - present
            shown = f"{plural(absent, 'falta')} en {plural(len({r.session_id for r in rows}), 'sesión')}"
            lines.append(Line(label, absent, shown, order))
            continue
        rate = present / len(rows) if rows else 0.0
        lines.append(
            Line(label, rate, f"{round(100 * rate)} % ({present} de {plural(len(rows), 'asistencia')})", order)
        )
    noun = "falta" if q.absent else "asistencia"
    by = Dimension.YEAR if q.by == Dimension.YEAR else Dimension.QUARTER
    return lines_answer(ask, Subject.ASISTENCIA, noun, lines, missing, by)


def _words(ask: Ask) -> str:
    return " ".join(tokens(ask.q.text))


def _where_names(ask: Ask) -> str:
    if ask.q.sessions:
        try:
            sessions, _ = scoped_sessions(ask)
        except NotInData:
            sessions = []
        if sessions:
            return join([f"la {name(s, ask.k)}" for s in sessions])
    return "las sesiones"


def _with_name(question: str, participant: Participant) -> str:
    """The question again, with the ambiguous name replaced by the participant's full name (or body, when the
    question named the body: "la unidad técnica")."""
    asked = set(tokens(question))
    full = participant.person if participant.person and asked & set(tokens(participant.person)) else participant.body
    name_words = {w for w in tokens(full) if w not in STOPWORDS}
    spans = [m.span() for m in re.finditer(r"[^\W_]+", question) if fold(m.group(0)) in name_words]
    if not spans:
        return f"{question.rstrip(' ?¿')} {full}"
    return re.sub(r"\s+", " ", question[: spans[0][0]] + full + question[spans[-1][1] :]).strip()
