"""Activities of the results section (talks, courses, meetings, e-mails, notes, reports…): by kind, period
and topic, the topic matched against what the store holds (titles, institutions, the informe's own name
for each table or list, section headings, acronyms the informes define); figures the prose states."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Set as AbstractSet

from bot.engine.frame import Attribute, Dimension, Form, Items
from bot.engine.ignorance import COUNTED_MASS, known_word, looks_like_verb
from bot.engine.knowledge import activity_context, activity_text
from bot.engine.lexicon import activity_kinds_of, role_of
from bot.engine.matching import stem
from bot.engine.replies import Answer, NotInData
from bot.engine.skills import texto
from bot.engine.skills.base import (
    Ask,
    as_written,
    default_informe,
    join,
    quarter_label,
    spans_label,
    without_loose_words,
)
from bot.engine.skills.cifras import (
    figure_answer,
    hours_of,
    kind_stems,
    people_about,
    people_stated,
    plural_kind,
    row_covers,
    stated,
    stated_total,
    tallied,
)
from bot.engine.skills.tally import Line, lines_answer
from db.models import Activity
from lang.spanish import fold, month_name, plural, tokens
from lang.vocabulary import ActivityKind, ParticipantGroup, Subject

_MEMBER_GROUPS = (ParticipantGroup.CONSEJERIA, ParticipantGroup.SECRETARIA_TECNICA)


def answer(ask: Ask) -> Answer:
    one = ask.q.form in (Form.WHEN, Form.WHO, Form.YESNO) or ask.q.attribute == Attribute.PEOPLE
    asked = list(ask.q.topic)
    ask = without_loose_words(
        ask,
        lambda topic: bool(_search(ask, list(topic), None, lenient=False)),
        # "¿cuándo fue el taller para jóvenes?": a noun says which one; a verb ("salieron") says nothing of it
        keep=lambda word: one and len(word) > 4 and not looks_like_verb(word) and word not in COUNTED_MASS,
    )
    q, k = ask.q, ask.k
    kinds = {kind for kind in q.activity_kinds if not kind.general}
    # Ids first (indexes by kind and informe): with many quarters loaded, rows are many.
    by_id = k.activity_by_id
    ids = sorted(set().union(*(k.activities_by_kind.get(kind, ()) for kind in kinds)) if kinds else by_id)  # type: ignore[type-var]
    if q.spans:
        ids = [i for i in ids if any(span.overlaps(by_id[i].date, by_id[i].end_date) for span in q.spans)]
    everything = [by_id[i] for i in ids]
    if q.previous_items:
        # A follow-up about the activities the last answer showed: those, narrowed by its topic if it can be.
        shown = {int(key) for key in q.previous_items if key.isdigit()}
        previous = [k.activity_by_id[i] for i in sorted(shown) if i in k.activity_by_id]
        if previous:
            return _about_shown(ask, previous)
    if q.excluded:  # "¿qué otras actividades…?"
        ids = [i for i in ids if str(i) not in q.excluded]
        everything = [by_id[i] for i in ids]
    if q.form in (Form.COMPARE, Form.RANK) and q.by == Dimension.QUARTER:
        return _by_quarter(ask, everything, kinds)
    # With several quarters loaded and no period asked, the latest quarter's activities come first; a list of
    # what a topic names ("pláticas en la UNAM") comes from every quarter.
    latest = default_informe(ask) if not q.spans and len(k.informes) > 1 else None
    latest_ids = k.activities_by_informe.get(latest.id, set()) if latest is not None and latest.id else set()
    recent = [by_id[i] for i in ids if i in latest_ids]
    # a list of what a topic names, or how many a person gave, comes from every quarter
    someone = bool(q.names) or _a_person(q.topic, everything)
    everywhere = q.form in (Form.LIST, Form.WHICH) or (q.form == Form.COUNT and someone)
    scoped = latest is not None and not (q.topic and everywhere)
    pool = recent if scoped and recent else everything
    in_latest = scoped and bool(recent)
    # Words that only restate the kinds asked for ("correos a la Red de Observación") do not narrow them.
    label_stems = [kind_stems(kind) for kind in kinds]
    topic = [w for w in q.topic if not (label_stems and all(stem(w) in stems for stems in label_stems))]
    people = _people(ask)
    said = {w for person in people for w in tokens(person)}
    if people and all(w in said or role_of(w) is not None for w in topic):
        # A member of the commission named or meant by a title ("la presidenta"): activities that mention her.
        pool = [a for a in pool if any(_mentions(a, person) for person in people)]
        topic = [w for w in topic if w not in said and role_of(w) is None]
        if not pool:
            what = join([kind.plural for kind in kinds]) if kinds else "actividades"
            raise NotInData(f"No tengo ese dato: los informes no registran {what} de {join(people)}.")
    if q.form == Form.YESNO and q.spans and topic:
        judged = _judged_when(ask, topic, kinds)
        if judged is not None:
            return judged
    if q.form == Form.WHO and not kinds:
        return texto.answer(ask)
    if q.form == Form.RANK and pool:
        return _ranking(ask, pool, kinds)
    counted = ask.q.text and _counted_word(ask)
    restates_kind = bool(counted) and (
        bool(set(activity_kinds_of(counted)) & kinds) or any(stem(counted) in s for s in label_stems)
    )
    # "¿cuántas solicitudes se atendieron mediante el SIVOPLE?": the prose counts them ("60 solicitudes"),
    # while the table lists the weekly reports that gave account of them.
    named_by_label = bool(counted) and any(
        stem(counted) in {stem(kind.value), stem(fold(kind.label.split()[0])), stem(fold(kind.plural.split()[0]))}
        for kind in kinds
    )
    if q.form == Form.COUNT and counted and restates_kind and not named_by_label:
        figure = stated(ask, prefer={counted}, informe=latest)
        if figure is not None and stem(figure.noun) == stem(counted):
            return figure_answer(ask, figure)
    # No table lists that kind ("noticias"): the prose may still state how many there were.
    listed = kinds and not (recent if scoped else everything)
    if (
        q.form == Form.COUNT
        and (not kinds or listed or (counted and not restates_kind))
        and q.attribute not in (Attribute.PEOPLE, Attribute.DURATION)
        and not (kinds and q.names)  # "¿cuántas veces dio plática Ana López?": her rows, not the quarter's figure
    ):
        figure = stated(ask, informe=latest)
        if figure is not None:
            return figure_answer(ask, figure)
    if topic:
        hits = _search(ask, topic, {a.id for a in pool}, lenient=bool(kinds))
        if not hits and in_latest:
            pool, in_latest = everything, False  # not in the latest quarter: in any loaded one
            hits = _search(ask, topic, {a.id for a in pool}, lenient=bool(kinds))
        if not hits and kinds and (q.form in (Form.WHEN, Form.WHO) or q.attribute == Attribute.PEOPLE):
            # "la reunión con la embajada en Reino Unido": a row of another table (an e-mail about it) has it all
            exact = [h for h in _search(ask, topic, None, lenient=False) if h[2] >= 0.99]
            if exact:
                hits, pool = exact, [k.activity_by_id[key] for key, _, _ in exact]  # type: ignore[index]
        passage = k.passage_search.search(topic, limit=1)
        best_share = max((share for _, _, share in hits), default=0.0)
        # The prose covers the question far better than any row of a table; or only ignoring the question's
        # unknown words does a row match, while the prose has them all (an event no table lists).
        prose = passage and passage[0][2] > best_share + 0.2
        if prose and (
            not kinds or (passage[0][2] >= 0.9 and not _search(ask, topic, {a.id for a in pool}, lenient=False))
        ):
            return texto.answer(ask)
        told = people_about(ask, asked) if q.attribute == Attribute.PEOPLE and q.form == Form.COUNT else None
        if told is not None and told[1] >= 0.99 and (not hits or row_covers(k.activity_by_id[hits[0][0]], asked) < 1):  # type: ignore[index]
            # "¿cuántas personas observadoras se acreditaron…?": the prose names every word asked (the verb
            # too), the best row does not
            return figure_answer(ask, told[0])
        if hits:
            top = hits[0][1]
            # Every row that has all the words asked stays, however long its text (BM25 favours short ones).
            keep = [
                key
                for key, score, share in hits
                if share >= best_share - 0.01 and (score >= top * 0.5 or share >= 0.99)
            ]
            by_id = k.activity_by_id
            pool = [by_id[key] for key in keep]  # type: ignore[index]
            several = q.attribute == Attribute.PEOPLE and plural_kind(ask)
            if q.form == Form.WHEN and _quoted_elsewhere(pool[0], topic):
                return texto.answer(ask)  # "el taller «Otra justicia es posible»": another event the row's text names
            if (q.form == Form.WHEN or q.attribute in (Attribute.PEOPLE, Attribute.DURATION)) and not several:
                # "¿cuándo fue…?": the event itself, not the messages sent about it (an invitation).
                events = [by_id[key] for key, _, _ in hits if not _is_message(by_id[key])]  # type: ignore[index]
                pool = events[:1] if events else pool[:1]
        elif q.form == Form.COUNT:
            figure = stated(ask, informe=latest, about=topic)
            if figure is not None:
                return figure_answer(ask, figure)
            return texto.answer(ask)
        elif not kinds:
            return texto.answer(ask)
        elif _named_unknown(ask, topic):
            what = join([kind.plural for kind in kinds])
            verdict = "No. " if q.form == Form.YESNO else ""
            raise NotInData(f"{verdict}No encontré {what} sobre «{' '.join(topic)}» en los informes cargados.")
    if not pool and kinds and topic:
        mentioned = _mentioned(ask, kinds, topic)
        if mentioned:
            return mentioned
    if not pool and topic and k.passage_search.search(topic, limit=1):
        return texto.answer(ask)
    if not pool:
        what = " ".join(topic) if topic else (next(iter(kinds)).plural if len(kinds) == 1 else "esas actividades")
        where = f" en {spans_label(q.spans)}" if q.spans else ""
        raise NotInData(f"No encontré {what}{where} en los informes cargados.")
    if q.attribute == Attribute.PEOPLE and len(pool) > 1 and plural_kind(ask):
        # "¿cuántas personas asistieron a las pláticas?": the total the informe states for them, else the sum.
        figure = people_stated(ask, pool)
        if figure is not None:
            return figure_answer(ask, figure)
    if q.attribute == Attribute.DURATION:
        # "¿cuántas horas duró el curso…?": its own row's hours, else what the prose states
        figure = (hours_of(pool[0]) if len(pool) == 1 else None) or stated(ask, prefer={"horas", "hora", "dias"})
        if figure is not None:
            return figure_answer(ask, figure)
    pool = sorted(pool, key=lambda a: (a.date or dt.date.min, a.position))
    total_stated = tallied(pool, asked) if q.form == Form.COUNT and q.attribute != Attribute.PEOPLE else None
    if total_stated is None and q.form == Form.COUNT and q.attribute != Attribute.PEOPLE and kinds and not q.spans:
        total_stated = stated_total(ask, kinds, pool)  # the prose's totals are for the whole quarter
    kinds_in = {a.kind for a in pool}
    only = ActivityKind.parse(next(iter(kinds_in))) if len(kinds_in) == 1 else None
    noun = (only.label, only.plural) if only else None
    result = ask.answer(
        Subject.ACTIVIDADES,
        "actividades.j2",
        items=pool[:25],
        total=len(pool),
        count=q.form == Form.COUNT,
        people=q.attribute == Attribute.PEOPLE,
        stated=total_stated,
        when=q.form == Form.WHEN or bool(_HOUR_ASKED_RE.search(fold(q.text))),
        hour=hour_of(ask, pool),
        label=spans_label(q.spans) if q.spans else (quarter_label(latest) if latest and in_latest else ""),
        noun=noun,
        platica=ActivityKind.PLATICA,
        yesno=q.form == Form.YESNO,
    )
    result.items = Items(activities=[a.id for a in pool if a.id is not None])
    return result


_HOUR_ASKED_RE = re.compile(r"\b(?:a\s+)?(?:que|q|k)\s+hora\b|\bhorario\b|\bhora\s+de\s+inicio\b")
_HOUR_RE = re.compile(
    r"\b(?:a\s+las|en\s+un\s+horario\s+de|de\s+las|de)\s+(\d{1,2}(?::\d{2})?)(?:\s+(?:a|hasta)\s+(?:las\s+)?"
    r"(\d{1,2}(?::\d{2})?))?\s*(?:horas|hrs\.?|h)\b"
)


def hour_of(ask: Ask, pool: list[Activity]) -> str | None:
    """ "¿A qué hora fue la presentación del libro?": the hour its text gives ("a las 18:00 horas"); "" when the
    hour is asked of one activity and its text gives none, None when no hour is asked."""
    if len(pool) != 1 or not _HOUR_ASKED_RE.search(fold(ask.q.text)):
        return None
    found = _HOUR_RE.search(f"{pool[0].title} {pool[0].detail or ''}")
    if found is None:
        return ""
    start, end = found.groups()
    return f"de {start} a {end} horas" if end else f"a las {start} horas"


def _quoted_elsewhere(row: Activity, topic: list[str]) -> bool:
    """Whether the words asked are a quoted name in the row's text other than its own title: the row tells of
    another event ("dar seguimiento al taller «Otra Justicia es Posible» realizado el 28 de septiembre")."""
    wanted = {stem(w) for w in topic}
    if wanted <= {stem(w) for w in tokens(row.title)}:
        return False
    quoted = re.findall(r"[“\"«]([^”\"»]{3,200})[”\"»]", row.detail or "")
    return any(wanted <= {stem(w) for w in tokens(q)} for q in quoted)


def _a_person(topic: tuple[str, ...], rows: list[Activity]) -> bool:
    """Whether the topic is somebody who gave activities ("¿cuántas pláticas dio Luis Eduardo Medina Torres?")."""
    names = [w for w in topic if len(w) > 2]
    return bool(names) and any(a.person and all(w in fold(a.person) for w in names) for a in rows)


def _who_said(ask: Ask, pool: list[Activity]) -> dict[int, str]:
    """The sentence of each activity's text that names the role asked ("¿quién fue la anfitriona?": «María
    Reyes, presidenta de la Federación…, fue la anfitriona»)."""
    asked = {stem(w) for w in ask.q.topic if len(w) > 3}
    said: dict[int, str] = {}
    for a in pool:
        for sentence in re.split(r"(?<=[.;])\s+", a.detail or ""):
            if asked & {stem(w) for w in tokens(sentence)} and a.id is not None:
                said[a.id] = sentence.strip()
                break
    return said


def _mentioned(ask: Ask, kinds: set[ActivityKind], topic: list[str]) -> Answer | None:
    """ "¿Hubo alguna conferencia sobre mujeres?" when no row is a conferencia: the rows that name one (the
    invitations sent to it), said as mentions, not as the commission's own activities."""
    words = [*topic, *(fold(kind.label.split()[0]) for kind in kinds)]
    by_id = ask.k.activity_by_id
    rows = [by_id[key] for key, _, share in _search(ask, words, None, lenient=False) if share >= 0.99]  # type: ignore[index]
    if not rows:
        return None
    rows = sorted(rows, key=lambda a: (a.date or dt.date.min, a.position))[:10]
    result = ask.answer(
        Subject.ACTIVIDADES,
        "actividades_mencionadas.j2",
        items=rows,
        what=join([kind.plural for kind in kinds]),
        topic=as_written(ask.q.text, topic),
    )
    result.items = Items(activities=[a.id for a in rows if a.id is not None])
    return result


def _about_shown(ask: Ask, shown: list[Activity]) -> Answer:
    """Who, when or how many people, of the activities the last answer showed."""
    q = ask.q
    if q.spans:
        shown = [a for a in shown if any(span.overlaps(a.date, a.end_date) for span in q.spans)] or shown
    hits = _search(ask, list(q.topic), {a.id for a in shown}, lenient=True) if q.topic else []
    by_id = {a.id: a for a in shown}
    pool = [by_id[key] for key, _, _ in hits if key in by_id] or shown
    pool = sorted(pool, key=lambda a: (a.date or dt.date.min, a.position))
    if q.attribute == Attribute.PEOPLE and len(pool) > 1:
        figure = people_stated(ask, pool)
        if figure is not None:
            return figure_answer(ask, figure)
        known = [a.participants for a in pool if a.participants is not None]
        if len(known) == len(pool):
            return ask.answer(Subject.ACTIVIDADES, "actividades_personas.j2", items=pool, total=sum(known))
    if q.form == Form.WHO:
        result = ask.answer(
            Subject.ACTIVIDADES,
            "actividades_quien.j2",
            items=pool,
            platica=ActivityKind.PLATICA,
            said=_who_said(ask, pool),
        )
    else:
        kinds_in = {a.kind for a in pool}
        only = ActivityKind.parse(next(iter(kinds_in))) if len(kinds_in) == 1 else None
        result = ask.answer(
            Subject.ACTIVIDADES,
            "actividades.j2",
            items=pool[:25],
            total=len(pool),
            count=q.form == Form.COUNT and q.attribute != Attribute.PEOPLE,
            people=q.attribute == Attribute.PEOPLE,
            stated=None,
            when=q.form == Form.WHEN or bool(_HOUR_ASKED_RE.search(fold(q.text))),
            hour=hour_of(ask, pool),
            label="",
            noun=(only.label, only.plural) if only else None,
            platica=ActivityKind.PLATICA,
            yesno=False,
        )
    result.items = Items(activities=[a.id for a in pool if a.id is not None])
    return result


def _by_quarter(ask: Ask, everything: list[Activity], kinds: set[ActivityKind]) -> Answer:
    """ "¿cuántos correos se enviaron a la Red de Observación en cada trimestre?": each loaded quarter's count,
    the total its informe states when it states one."""
    q, k = ask.q, ask.k
    kind = next(iter(kinds)) if len(kinds) == 1 else ActivityKind.ACTIVIDAD
    lines = []
    for informe in sorted(k.informes, key=lambda i: (i.year, i.quarter)):
        pool = [a for a in everything if a.informe_id == informe.id]
        if q.topic and pool:
            hits = _search(ask, list(q.topic), {a.id for a in pool}, lenient=bool(kinds))
            best = max((share for _, _, share in hits), default=0.0)
            keep = {key for key, _, share in hits if share >= best - 0.01}
            pool = [a for a in pool if a.id in keep]
        total = (stated_total(ask, kinds, pool) if kinds and pool else None) or len(pool)
        label = quarter_label(informe)
        lines.append(Line(label, total, plural(total, kind.label, kind.plural), (informe.year, informe.quarter)))
    return lines_answer(ask, Subject.ACTIVIDADES, kind.label, lines, [], Dimension.QUARTER)


def _judged_when(ask: Ask, topic: list[str], kinds: set[ActivityKind]) -> Answer | None:
    """ "¿El curso del IRI fue en octubre?": the event found by everything but the period, then the period
    judged on its own dates; one that only began (or ended) in the period asked was not in it."""
    q, k = ask.q, ask.k
    pool = set().union(*(k.activities_by_kind.get(kind, ()) for kind in kinds)) if kinds else None
    hits = _search(ask, topic, pool, lenient=bool(kinds))
    by_id = k.activity_by_id
    events = [by_id[key] for key, _, _ in hits if not _is_message(by_id[key])]  # type: ignore[index]
    if not events or events[0].date is None:
        return None
    event = events[0]
    end = event.end_date or event.date
    assert event.date is not None and end is not None
    within = any(span.start <= event.date and end <= span.end for span in q.spans)
    touches = any(span.overlaps(event.date, end) for span in q.spans)
    result = ask.answer(
        Subject.ACTIVIDADES,
        "actividad_si_no.j2",
        a=event,
        verdict=within,
        partly=touches and not within,
        asked=spans_label(q.spans),
        platica=ActivityKind.PLATICA,
    )
    result.items = Items(activities=[event.id] if event.id is not None else [])
    return result


def _search(
    ask: Ask, topic: list[str], restrict: AbstractSet[int | None] | None, *, lenient: bool
) -> list[tuple[object, float, float]]:
    """Activities whose own title, institution or caption covers the topic; else those whose table's
    introducing sentence, section or notes do ("los correos de Voto Chilango"). Once a kind narrows the
    scope, words no activity has ("siguieron") are not topics: they are ignored as a last resort."""
    k = ask.k
    # "¿cuántas sesiones del Consejo Local se siguieron?": a verb says nothing of which rows
    topic = [w for w in topic if not looks_like_verb(w)] or topic
    lenient = lenient and not _named_unknown(ask, topic)
    for ignore_unknown in (False, True) if lenient else (False,):
        rows = [h for h in k.activity_search.search(topic, restrict=restrict, limit=400, ignore_unknown=ignore_unknown)]
        rows = [h for h in rows if h[2] >= 0.5]
        tables = k.activity_context_search.search(topic, restrict=restrict, limit=400, ignore_unknown=ignore_unknown)
        tables = [h for h in tables if h[2] >= 0.5]
        whole = _whole_table(ask, rows, tables)
        if whole:
            return whole
        best_row = max((share for _, _, share in rows), default=0.0)
        if tables and tables[0][2] >= 0.99 and best_row < 0.99:
            # "sesiones de comisiones del INE": the table's own introduction names every word, no row does
            return [h for h in tables if h[2] >= 0.99]
        if rows or tables:
            return rows or tables
    return []


def _whole_table(
    ask: Ask, rows: list[tuple[object, float, float]], tables: list[tuple[object, float, float]]
) -> list[tuple[object, float, float]]:
    """A table of messages its introducing sentence or caption names with every word asked ("los correos de
    Voto Chilango": sent from that account), of which the rows' own words find only a few (those that mention
    it): the whole table, not those few. Rows of events name their own place or body ("del Consejo Local")."""
    if not tables or tables[0][2] < 0.99 or not any(kind.is_message for kind in ask.q.activity_kinds):
        return []
    by_id = ask.k.activity_by_id

    def table_of(key: object) -> tuple[int, str | None]:
        activity = by_id[key]  # type: ignore[index]
        return activity.informe_id, activity.series

    named = [h for h in tables if h[2] >= 0.99]
    found = Counter(table_of(key) for key, _, _ in named)
    sizes = Counter((a.informe_id, a.series) for a in by_id.values())
    complete = {table for table, n in found.items() if n == sizes[table]}
    echoed = [key for key, _, share in rows if share >= 0.99 and table_of(key) in complete]
    if not complete or len(echoed) * 2 >= sum(sizes[table] for table in complete):
        return []
    return [h for h in named if table_of(h[0]) in complete]


def _named_unknown(ask: Ask, topic: list[str]) -> list[str]:
    """Topic words the informes never use that the question does not let go ("en la Ibero": a place asked by
    name), unlike loose words ("¿qué pláticas salieron…?")."""
    return [w for w in topic if w not in ask.q.loose and len(w) > 3 and not known_word(w, ask.k)]


def _ranking(ask: Ask, pool: list[Activity], kinds: set[ActivityKind]) -> Answer:
    """ "¿Qué profesora dio más pláticas?", "¿qué universidad tuvo más?": activities counted by person,
    institution or month."""
    words = set(tokens(ask.q.text))
    by_person = bool(words & {"profesor", "profesora", "profesores", "quien", "quienes", "ponente", "persona"})
    by_month = ask.q.by == Dimension.MONTH
    counts: dict[str, int] = {}
    for a in pool:
        if by_month:
            key = f"{month_name(a.date.month)} de {a.date.year}" if a.date else ""
        else:
            key = (a.person if by_person else a.institution) or ""
        if key:
            counts[key.strip(" .")] = counts.get(key.strip(" ."), 0) + 1
    noun = next(iter(kinds)).label if len(kinds) == 1 else "actividad"
    lines = [Line(label, n, plural(n, noun), (i,)) for i, (label, n) in enumerate(counts.items())]
    return lines_answer(ask, Subject.ACTIVIDADES, noun, lines, [], Dimension.MONTH if by_month else None)


def _people(ask: Ask) -> list[str]:
    """Members of the commission the question names, or means by their title ("la presidenta")."""
    q, k = ask.q, ask.k
    names = [
        p.person
        for key in q.participants
        if (p := k.participants.get(key)) is not None and p.person and p.group in _MEMBER_GROUPS
    ]
    singular = [w for w in tokens(q.text) if role_of(w) is not None and not w.endswith("s")]
    if q.roles and singular:  # "la presidenta" is one person; "las consejerías" are a group
        informe = k.latest_informe(ask.today)
        names += [m.name for m in k.members_of(informe) if m.role in q.roles]
    return list(dict.fromkeys(names))


def _mentions(a: Activity, person: str) -> bool:
    surnames = [w for w in tokens(person) if len(w) > 3][-2:]
    text = set(tokens(activity_text(a) + " " + activity_context(a)))
    return bool(surnames) and all(w in text for w in surnames)


def _is_message(a: Activity) -> bool:
    kind = ActivityKind.parse(a.kind)
    return kind is not None and kind.is_message


def _counted_word(ask: Ask) -> str:
    words = tokens(ask.q.text)
    for i, w in enumerate(words[:-1]):
        if w in ("cuantos", "cuantas"):
            rest = [x for x in words[i + 1 :] if x not in ("de", "los", "las")]
            return rest[0] if rest else ""
    return ""
