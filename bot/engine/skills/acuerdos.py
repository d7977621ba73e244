"""Acuerdos: by code, session, period, topic, kind of session and observations, in any combination; yes/no
judged on the acuerdo's own date and session; rankings and comparisons across sessions, months, quarters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Hashable

from bot.engine.frame import Attribute, Dimension, Form, Items, Span
from bot.engine.lexicon import STOPWORDS
from bot.engine.matching import stem
from bot.engine.replies import Answer, Clarify, NotInData
from bot.engine.skills.base import (
    WEEKDAY_NAMES,
    Ask,
    covered,
    default_informe,
    join,
    mentioned_sessions,
    name,
    named_sessions,
    names_session,
    narrow,
    of_kind,
    quarter_label,
    spans_label,
    without_loose_words,
)
from bot.engine.skills.other_bodies import other_body
from bot.engine.skills.tally import tally
from db.models import Acuerdo, AcuerdoMention, CommissionSession
from lang.spanish import fold, full_year, long_date, month_name, short_date, tokens
from lang.vocabulary import SessionKind, Subject

Group = tuple[CommissionSession | None, list[Acuerdo], list[AcuerdoMention]]


def answer(ask: Ask) -> Answer:
    ask = without_loose_words(ask, lambda topic: bool(search(ask, topic, None)))
    q = ask.q
    if q.organization:
        return other_body(ask, q.organization)
    if q.codes:
        return _by_code(ask)
    if q.form in (Form.RANK, Form.COMPARE) and q.by in (
        Dimension.QUARTER,
        Dimension.MONTH,
        Dimension.SESSION,
        Dimension.YEAR,
    ):
        return tally(ask, Subject.ACUERDOS, "acuerdo", _dated(ask), by=q.by)
    items, mentions, label, emptied = _select(ask)
    k = ask.k
    planned = [a for a in items if a.date and a.date > ask.today]
    if planned and len(planned) == len(items) and not mentions and not q.future:
        # "¿qué acuerdos se aprobaron este mes?" before its session: none yet, and what is to be approved.
        session = k.session_by_id.get(planned[0].session_id or -1)
        day = long_date(planned[0].date or ask.today)
        when = f"la {name(session, k)} ({day})" if session else f"el {day}"
        codes = join([a.code for a in planned])
        raise NotInData(
            f"Todavía no se ha aprobado ningún acuerdo {_en(label)} (hoy es {short_date(ask.today)}). En {when} "
            f"se prevé aprobar el {codes}."
        )
    if not items and not mentions:
        raise NotInData(_empty_message(ask, label, emptied))
    if (q.form in (Form.WHEN, Form.WEEKDAY) or q.attribute == Attribute.SESSION) and len(items) == 1:
        return _facts(ask, items)
    if q.form == Form.WHO and q.attribute is None and items and len(items) <= 3 and _PROPOSE_ASKED_RE.search(q.text):
        # "¿quién propuso las modificaciones a la estrategia…?": whom the acuerdo's text names as proposing it
        proposers = [(a, _proposer(a.text)) for a in items]
        result = ask.answer(Subject.ACUERDOS, "acuerdo_propuesta.j2", proposers=proposers, sessions=k.session_by_id)
        return _with_items(result, items)
    if q.attribute == Attribute.OBSERVATIONS:
        chosen = [a for a in items if bool(a.observations) != q.lacking]  # "sin observaciones": the others
        result = ask.answer(
            Subject.ACUERDOS,
            "acuerdos_observaciones.j2",
            items=chosen,
            k=k,
            label=label,
            lacking=q.lacking,
            yesno=q.form == Form.YESNO,
        )
        return _with_items(result, chosen)
    if q.topic and not q.has_time:
        result = ask.answer(
            Subject.ACUERDOS,
            "acuerdos_tema.j2",
            items=items,
            mentions=mentions,
            topic=" ".join(q.topic),
            sessions=k.session_by_id,
            yesno=q.form == Form.YESNO,
        )
        return _with_items(result, items)
    named = bool(q.sessions)
    groups = _groups(items, mentions, ask)
    result = ask.answer(
        Subject.ACUERDOS,
        "acuerdos_sesiones.j2",
        groups=groups,
        total=len(items) + len(mentions),
        count=q.form == Form.COUNT,
        label="" if named and len(groups) == 1 else label,
        yesno=q.form == Form.YESNO,
        topic=" ".join(q.topic),
        besides=list(q.excluded),
    )
    return _with_items(result, items)


def _select(ask: Ask) -> tuple[list[Acuerdo], list[AcuerdoMention], str, str]:
    """The acuerdos the frame's conditions leave, the scope's label, and the condition that emptied them."""
    q, k = ask.q, ask.k
    listed = {a.code for a in k.acuerdos}
    mentions = [m for m in k.mentions if m.session_id is not None and m.code not in listed]
    if q.sessions:
        sessions = named_sessions(ask)
        ids = {s.id for s in sessions}
        items = [a for a in k.acuerdos if a.session_id in ids]
        mentions = [m for m in mentions if m.session_id in ids]
        label = "la " + join([name(s, k) for s in sessions])
    elif q.spans:
        items = [a for a in k.acuerdos if any(span.contains(a.date) for span in q.spans)]
        mentions = [m for m in mentions if any(span.contains(m.date) for span in q.spans)]
        label = spans_label(q.spans)
    elif q.topic:
        # A topic finds its acuerdos in every informe, and among those the informes only mention.
        items = list(k.acuerdos)
        mentions = [m for m in k.mentions if m.code not in listed]
        label = "los informes cargados"
    else:
        latest = default_informe(ask)
        items = [
            a
            for a in k.acuerdos
            if latest is None or (latest.period_start <= (a.date or dt.date.min) <= latest.period_end)
        ]
        if latest is not None and not items:
            items = [a for a in k.acuerdos if a.informe_id == latest.id]
        mentions = []
        label = quarter_label(latest) if latest else ""
    if q.excluded:  # "¿qué otros acuerdos…?"
        items = [a for a in items if a.code not in q.excluded]
        mentions = [m for m in mentions if m.code not in q.excluded]
    if not items and not mentions:
        return [], [], label, "time"
    session_of = k.session_by_id
    steps = []
    if q.session_kinds:
        kinds = " o ".join(kind.plural for kind in q.session_kinds)
        steps.append((f"sesiones {kinds}", lambda a: _of_session_kind(a, session_of, q.session_kinds)))
    if q.weekdays and q.form != Form.YESNO:
        steps.append(("ese día de la semana", lambda a: a.date is not None and a.date.weekday() in q.weekdays))
        label = f"{label}, en {' o '.join(WEEKDAY_NAMES[d] for d in q.weekdays)}," if label else label
    if q.attribute == Attribute.OBSERVATIONS:
        steps.append(("observaciones", lambda a: bool(getattr(a, "observations", None)) != q.lacking))
        if q.topic:
            # "observaciones de Ramos Mega", "de la UTAJ": whose observations (an acronym by what it stands for).
            wanted = {stem(x) for w in q.topic for x in (ask.k.aliases.get(w) or w).split()}
            steps.append(
                (f"observaciones de {' '.join(q.topic)}", lambda a: wanted <= {stem(t) for t in tokens(a.observations)})
            )
    items, emptied = narrow(items, steps)
    if steps:
        mentions = [] if emptied else [m for m in mentions if not q.session_kinds]
    if emptied:
        return [], [], label, emptied
    if q.topic and q.attribute != Attribute.OBSERVATIONS:
        chosen = search(ask, q.topic, {a.code for a in items} | {m.code for m in mentions})
        if not chosen:
            return [], [], label, "topic"
        items = [a for a in items if a.code in chosen]
        mentions = [m for m in mentions if m.code in chosen]
    if q.mentioned:
        # "la minuta de la décima sesión": the acuerdos whose own text names that session.
        about = mentioned_sessions(ask)
        items = [a for a in items if any(names_session(a.text, s) for s in about)]
        mentions = [m for m in mentions if any(names_session(m.context, s) for s in about)]
        if not items and not mentions:
            return [], [], label, "topic"
    return items, mentions, label, ""


def search(ask: Ask, topic: tuple[str, ...] | list[str], restrict: set[str] | None) -> list[str]:
    """Codes of the acuerdos whose text covers ``topic`` (within ``restrict``), best first; an acronym the
    informes define is also searched spelt out ("PAT": "Programa Anual de Trabajo")."""
    words = list(topic)
    spelt = [part for w in words for part in (ask.k.aliases.get(w, w).split() if len(w) <= 8 else [w])]
    allowed = set(restrict) if restrict is not None else None
    hits = ask.k.acuerdo_search.search(words, restrict=allowed, limit=8)
    if spelt != words:
        wider = ask.k.acuerdo_search.search(spelt, restrict=allowed, limit=8)
        if wider and (not hits or wider[0][2] >= hits[0][2]):
            hits = wider
    if not hits:
        return []
    top = hits[0][1]
    best = max(share for _, _, share in hits)
    # Those that cover the question best: a text with every word asked beats one with a few of them.
    codes = [str(code) for code, score, share in hits if share >= max(0.5, best - 0.2) and score >= top * 0.6]
    # And one that says them together ("la Secretaría Técnica", "aprobación del orden del día") beats one that
    # has them apart ("la Secretaría Ejecutiva y la Unidad Técnica").
    # (with the question's cue words too: "aprobación del orden del día", not any "orden del día")
    content = [w for w in tokens(ask.q.text) if (w in ask.q.content and not w.startswith("acuerdo")) or w in words]
    phrase = content if set(words) <= set(content) and len(content) > len(words) else words
    phrased = [code for code in codes if _says_together(ask, code, phrase)]
    return phrased if len(phrase) >= 2 and phrased else codes


def _says_together(ask: Ask, code: str, words: list[str]) -> bool:
    if "folded acuerdos" not in ask.k.computed:  # kept with the snapshot: folding every text costs
        folded: dict[str, list[str]] = {}
        for a in ask.k.acuerdos:
            folded.setdefault(a.code, []).append(fold(a.text))
        ask.k.computed["folded acuerdos"] = folded
    texts = ask.k.computed["folded acuerdos"].get(code, [])
    stems = [stem(w) for w in words if w not in STOPWORDS]
    if len(stems) < 2:
        return False
    gap = r"\W+(?:(?:de|del|la|las|el|los|y|a|en)\W+)*"
    pattern = gap.join(rf"{re.escape(s)}\w*" for s in stems)
    return any(re.search(rf"\b{pattern}", text) for text in texts)


def _of_session_kind(a: Acuerdo, sessions: dict[int, CommissionSession], kinds: Collection[SessionKind]) -> bool:
    session = sessions.get(a.session_id or -1)
    return session is not None and of_kind(session, kinds)


def _empty_message(ask: Ask, label: str, emptied: str) -> str:
    q, k = ask.q, ask.k
    where = _where(label)
    if emptied == "time":
        if q.sessions:
            return f"No. En {where} no se registran acuerdos en los informes cargados."
        return f"No hay acuerdos registrados en {where}. {covered(k)}"
    if emptied == "topic":
        topic = " ".join(q.topic)
        elsewhere = search(ask, q.topic, None)
        if elsewhere:
            by_code = {a.code: a for a in k.acuerdos}
            found = [by_code[c] for c in elsewhere if c in by_code][:3]
            if found:
                others = join([_code_when(a, ask) for a in found])
                return f"No. En {where} no hubo acuerdos sobre «{topic}»; los que tratan de eso son: {others}."
        return f"No. No encontré acuerdos sobre «{topic}» en {where}."
    return f"No. En {where} no hubo acuerdos de {emptied}."


def _where(label: str) -> str:
    return label if label.startswith(("la ", "el ", "las ", "los ")) else label or "los informes cargados"


def _code_when(a: Acuerdo, ask: Ask) -> str:
    session = ask.k.session_by_id.get(a.session_id or -1)
    where = f"la {name(session, ask.k)}" if session else "una sesión sin identificar"
    return f"el {a.code} ({where}{', ' + short_date(a.date) if a.date else ''})"


def _groups(items: list[Acuerdo], mentions: list[AcuerdoMention], ask: Ask) -> list[Group]:
    k = ask.k
    groups: dict[int | None, Group] = {}
    for a in items:
        groups.setdefault(a.session_id, (k.session_by_id.get(a.session_id or -1), [], []))[1].append(a)
    for m in mentions:
        groups.setdefault(m.session_id, (k.session_by_id.get(m.session_id or -1), [], []))[2].append(m)
    return sorted(groups.values(), key=lambda g: g[0].date if g[0] and g[0].date else dt.date.max)


def _with_items(result: Answer, items: list[Acuerdo]) -> Answer:
    result.items = Items(acuerdos=[a.code for a in items])
    result.items.add_sessions(a.session_id for a in items)
    return result


def _dated(ask: Ask) -> list[tuple[dt.date | None, Hashable, int | None]]:
    """(date, key, session id) of every acuerdo within the frame's spans (all when none)."""
    q = ask.q
    rows = [(a.date, a.code, a.session_id) for a in ask.k.acuerdos]
    if q.spans and q.by != Dimension.QUARTER:
        rows = [r for r in rows if any(span.contains(r[0]) for span in q.spans)]
    return rows  # type: ignore[return-value]


# -- acuerdos named by code ---------------------------------------------------------------------------------
def find_codes(ask: Ask) -> tuple[list[Acuerdo], list[AcuerdoMention], list[str]]:
    k = ask.k
    found: list[Acuerdo] = []
    mentions: list[AcuerdoMention] = []
    missing: list[str] = []
    for code in ask.q.codes:
        prefix = (code.prefix or "CVOE").upper()
        listed = [
            a
            for a in k.acuerdos
            if a.number == code.number
            and a.prefix.upper().startswith(prefix)
            and (code.year is None or a.year == full_year(code.year))
        ]
        mentioned = [
            m
            for m in k.mentions
            if _code_number(m.code) == code.number
            and m.code.upper().startswith(prefix)
            and (code.year is None or _code_year(m.code) == full_year(code.year))
        ]
        years = {s.start.year for s in ask.q.spans} | {s.end.year for s in ask.q.spans}
        listed = [a for a in listed if a.year in years] or listed
        if len({a.year for a in listed}) > 1:
            # "acuerdo 44" when 2020 and 2021 both have a 44th: which one
            choices = [f"acuerdo {a.code}" for a in sorted(listed, key=lambda a: a.year)]
            raise Clarify(f"Hay {len(choices)} acuerdos con el número {code.number}. ¿Cuál buscas?", choices)
        if listed:
            best = max(listed, key=lambda a: (a.date is not None and a.date <= ask.today, a.year))
            if best not in found:
                found.append(best)
        elif mentioned:
            mentions.append(max(mentioned, key=lambda m: _code_year(m.code)))
        else:
            year = f"/{full_year(code.year) % 100:02d}" if code.year else ""
            missing.append(f"{prefix}/{code.number:03d}{year}")
    return found, mentions, missing


def _by_code(ask: Ask) -> Answer:
    q, k = ask.q, ask.k
    found, mentions, missing = find_codes(ask)
    days = _days_of_month(ask) if not found and not mentions else []
    if days:
        # "acuerdos del 26": no acuerdo 26, but sessions were held on the 26th
        spans = tuple(Span(day, day, f"el {short_date(day)}") for day in days)
        return answer(Ask(q.with_changes(codes=(), spans=spans), k))
    same = re.search(r"\bmism[oa]\s+(sesion|dia|fecha)", fold(q.text))
    if len(found) == 2 and same:
        return _same_session(ask, found, by_day=same.group(1) in ("dia", "fecha"))
    if not found and not mentions:
        codes = [a.code for a in sorted(k.acuerdos, key=lambda a: (a.prefix, a.year, a.number))]
        span = f" Los acuerdos registrados van del {codes[0]} al {codes[-1]}." if codes else ""
        raise NotInData(f"No encontré el acuerdo {', '.join(missing)} en los informes cargados.{span}")
    if found and (q.form in (Form.YESNO, Form.WHEN, Form.WEEKDAY) or q.attribute == Attribute.SESSION):
        return _facts(ask, found)
    if found and q.form == Form.WHO and q.attribute is None:
        # "¿quién lo propuso?": whom its text names as proposing or presenting it
        proposers = [(a, _proposer(a.text)) for a in found]
        result = ask.answer(Subject.ACUERDOS, "acuerdo_propuesta.j2", proposers=proposers, sessions=k.session_by_id)
        return _with_items(result, found)
    if q.attribute == Attribute.OBSERVATIONS:
        # "de esos, ¿cuáles tienen observaciones?"
        with_observations = [a for a in found if a.observations]
        result = ask.answer(
            Subject.ACUERDOS,
            "acuerdos_observaciones.j2",
            items=with_observations,
            k=k,
            label="",
            lacking=False,
            yesno=q.form == Form.YESNO,
        )
        return _with_items(result, with_observations)
    result = ask.answer(
        Subject.ACUERDOS,
        "acuerdo_detalle.j2",
        items=found,
        mentions=mentions,
        missing=missing,
        sessions=k.session_by_id,
    )
    return _with_items(result, found)


def _days_of_month(ask: Ask) -> list[dt.date]:
    """The days a lone number could be ("acuerdos del 26"): sessions held on that day of a month."""
    q = ask.q
    if len(q.codes) != 1 or q.codes[0].year is not None or q.codes[0].prefix or not 1 <= q.codes[0].number <= 31:
        return []
    if not re.search(rf"\b(?:del|el)\s+{q.codes[0].number}\b", fold(q.text)):
        return []
    held = {s.date for s in ask.k.held_sessions(ask.today) if s.date and s.date.day == q.codes[0].number}
    return sorted(held)


def _same_session(ask: Ask, found: list[Acuerdo], *, by_day: bool = False) -> Answer:
    """ "¿Se aprobó el 47 en la misma sesión que el 49?", "¿… de la misma fecha?": yes or no, with the session
    of each."""
    first, second = found
    same = first.session_id is not None and first.session_id == second.session_id
    if by_day:
        same = first.date is not None and first.date == second.date
    sessions = ask.k.session_by_id
    result = ask.answer(
        Subject.ACUERDOS, "acuerdos_misma_sesion.j2", first=first, second=second, same=same, sessions=sessions
    )
    return _with_items(result, found)


_PROPOSE_ASKED_RE = re.compile(r"propus|propuest|propone|propusieron|present[oó]|plante[oó]|promovi", re.IGNORECASE)
_PROPOSED_RE = re.compile(
    r"\b(?:a propuesta|a solicitud|a petición|presentad[oa]s? por|propuest[oa]s? por)\s+"
    r"((?:de |del |de la |por )?[^,;]+?)(?=,|;|(?<![A-Z])\.(?:\s|$)|$| presentad| con las? | en el marco)",
    re.IGNORECASE,
)


def _proposer(text: str) -> tuple[str, str] | None:
    """Whom an acuerdo's text says it was proposed by, with the preposition before it: ("del", "consejero…")."""
    m = _PROPOSED_RE.search(text)
    if m is None:
        return None
    preposition, _, who = m.group(1).partition(" ")
    if preposition in ("de", "del", "por"):
        return ("de" if preposition == "por" else preposition), who
    return "de", m.group(1)


def _facts(ask: Ask, items: list[Acuerdo]) -> Answer:
    """When, in which session and on which weekday each acuerdo was approved; judged when asked yes or no."""
    q, k = ask.q, ask.k
    named = named_sessions(ask) if q.sessions else []
    facts = []
    for a in items:
        session = k.session_by_id.get(a.session_id or -1)
        checks: list[bool] = []
        if q.spans:
            checks.append(any(span.contains(a.date) for span in q.spans))
        if named:
            checks.append(session in named)
        if q.session_kinds:
            checks.append(session is not None and of_kind(session, q.session_kinds))
        if q.weekdays:
            checks.append(a.date is not None and a.date.weekday() in q.weekdays)
        if q.topic:
            checks.append(a.code in search(ask, q.topic, {a.code}))
        if q.mentioned:
            checks.append(any(names_session(a.text, s) for s in mentioned_sessions(ask)))
        if q.attribute == Attribute.OBSERVATIONS:
            checks.append(bool(a.observations) != q.lacking)
        facts.append(dict(a=a, session=session, holds=all(checks)))
    verdict = None
    if q.form == Form.YESNO:
        verdict = all(f["holds"] for f in facts)
    result = ask.answer(
        Subject.ACUERDOS,
        "acuerdo_hechos.j2",
        facts=facts,
        verdict=verdict,
        asked=spans_label(q.spans) if q.spans else "",
        weekday=q.form == Form.WEEKDAY or bool(q.weekdays),
        observations=q.attribute == Attribute.OBSERVATIONS,
    )
    return _with_items(result, items)


def _code_number(code: str) -> int:
    numbers = re.findall(r"\d+", code)
    return int(numbers[-2]) if len(numbers) >= 2 else -1


def _code_year(code: str) -> int:
    numbers = re.findall(r"\d+", code)
    return full_year(int(numbers[-1])) if numbers else 0


def month_label(year: int, month: int) -> str:
    return f"{month_name(month)} de {year}"


def _en(label: str) -> str:
    """ "en enero de 2021", "el 21 de enero de 2021"."""
    return label if re.match(r"(?:el|del) \d|la |las |de |desde |hasta |entre ", label) else f"en {label}"
