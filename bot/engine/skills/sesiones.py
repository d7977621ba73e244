"""Sessions: named ones (by number, day, place in time), those of a period, kind, weekday or modality;
yes/no judged on the session's own date, weekday, kind and modality."""

from __future__ import annotations

import re

from bot.engine.frame import Attribute, Dimension, Form, Items
from bot.engine.replies import Answer, NotInData
from bot.engine.skills.base import (
    WEEKDAY_NAMES,
    Ask,
    covered,
    join,
    name,
    named_sessions,
    of_kind,
    prose_about,
    scoped_sessions,
    session_phrase,
)
from bot.engine.skills.tally import tally
from db.models import CommissionSession
from lang.spanish import long_date, short_date, tokens
from lang.vocabulary import Subject


def answer(ask: Ask) -> Answer:
    q = ask.q
    if q.form in (Form.RANK, Form.COMPARE) and q.by in (Dimension.QUARTER, Dimension.MONTH, Dimension.YEAR):
        held = [s for s in ask.k.held_sessions(ask.today) if not q.session_kinds or of_kind(s, q.session_kinds)]
        return tally(ask, Subject.SESIONES, "sesión", [(s.date, s.id, s.id) for s in held], by=q.by)
    if q.attribute == Attribute.DURATION:
        raise NotInData(
            "No tengo ese dato: los informes no registran cuánto duran las sesiones, solo su fecha"
            + (" y su hora de inicio." if any(s.held_at for s in ask.k.sessions) else ".")
        )
    named = named_sessions(ask) if q.sessions else []
    if named:
        return _named(ask, named)
    if q.form == Form.YESNO and q.spans and all(s.start == s.end for s in q.spans):
        return _on_day(ask)
    sessions, label = scoped_sessions(ask)
    k = ask.k
    if not sessions:
        raise NotInData(f"No hay sesiones registradas {_en(label)}. {covered(k)}")
    conditions = []
    if q.session_kinds:
        kinds_of = [s for s in sessions if of_kind(s, q.session_kinds)]
        if not kinds_of:
            kinds = " ni ".join(kind.plural for kind in sorted(q.session_kinds))
            others = join([name(s, k) for s in sessions])
            raise NotInData(
                f"No. {_en(label or 'los informes cargados').capitalize()} no hubo sesiones {kinds}; hubo: {others}."
            )
        sessions = kinds_of
    if q.weekdays and q.form != Form.WEEKDAY:
        days = " o ".join(WEEKDAY_NAMES[d] for d in q.weekdays)
        on_day = [s for s in sessions if s.date and s.date.weekday() in q.weekdays]
        if not on_day:
            raise NotInData(f"No. {_en(label or 'los informes cargados').capitalize()} ninguna sesión fue en {days}.")
        sessions = on_day
        conditions.append(days)
    if q.modality is not None:
        same = [s for s in sessions if s.modality == q.modality]
        if not same:
            modality = q.modality.label
            raise NotInData(
                f"No. {_en(label or 'los informes cargados').capitalize()} ninguna sesión fue {modality}"
                f"{_actual_modalities(sessions)}."
            )
        sessions = same
    past_tense = q.form == Form.YESNO and not q.future and re.search(r"\b(?:hubo|fue|fueron|se celebr)", q.text.lower())
    if past_tense and all(s.date and s.date > ask.today for s in sessions):
        # "¿hubo sesión en enero?" before it took place: not yet, it is planned.
        planned = join([f"la {name(s, k)} está prevista para el {long_date(s.date)}" for s in sessions if s.date])
        raise NotInData(f"Todavía no: {planned}.")
    if q.form in (Form.WEEKDAY, Form.WHEN) and len(sessions) == 1:
        return _cards(ask, sessions)  # "¿cuándo fue la sesión urgente?"
    if q.form == Form.WEEKDAY:
        return _cards(ask, sessions)
    upcoming = [] if q.spans else k.upcoming_sessions(ask.today)[:1]
    # A session only a cover names (the one that approved the latest informe) is no session the informes
    # report: said apart, not counted among them.
    reported = [s for s in sessions if s.informe_id is not None or s.starts_at is not None]
    named_only = [s for s in sessions if s not in reported and s.date and s.date <= ask.today]
    if reported and named_only:
        sessions = reported
    else:
        named_only = []
    result = ask.answer(
        Subject.SESIONES,
        "sesiones_lista.j2",
        sessions=sessions,
        named_only=named_only,
        approved={i.approval_session_id: i for i in k.informes if i.approval_session_id},
        label=label,
        count=q.form == Form.COUNT,
        upcoming=upcoming,
        yesno=q.form == Form.YESNO,
        kinds=[kind.label for kind in sorted(q.session_kinds)],
    )
    result.items = Items()
    result.items.add_sessions(s.id for s in sessions)
    return result


def _named(ask: Ask, sessions: list[CommissionSession]) -> Answer:
    q = ask.q
    if q.form == Form.YESNO:
        return _judged(ask, sessions)
    dated = sorted((s for s in sessions if s.date), key=lambda s: s.date or ask.today)
    if len(dated) == 2 and _BETWEEN_RE.search(" ".join(tokens(q.text))):
        return _between(ask, dated[0], dated[1])
    return _cards(ask, sessions)


_BETWEEN_RE = re.compile(
    r"\b(?:dias|semanas|meses|tiempo)\b.*\b(?:entre|pasaron|paso|transcurri\w*|separ\w*|hubo)\b|\bentre\b.*\b(?:dias|semanas|tiempo)\b"
)


def _between(ask: Ask, first: CommissionSession, second: CommissionSession) -> Answer:
    """ "¿Cuántos días pasaron entre la décima y la décima primera?": the days from one to the other."""
    assert first.date is not None and second.date is not None
    days = (second.date - first.date).days
    result = ask.answer(Subject.SESIONES, "sesiones_entre.j2", first=first, second=second, days=days)
    result.items = Items()
    result.items.add_sessions(s.id for s in (first, second))
    return result


def _cards(ask: Ask, sessions: list[CommissionSession], verdicts: list[str] | None = None) -> Answer:
    q, k = ask.q, ask.k
    cards = [session_card(ask, s) for s in sessions]
    asked_days = [WEEKDAY_NAMES[d] for d in q.weekdays] if q.form == Form.WEEKDAY else []
    result = ask.answer(
        Subject.SESIONES,
        "sesiones_detalle.j2",
        cards=cards,
        when=q.form in (Form.WHEN, Form.WEEKDAY),
        weekday=q.form == Form.WEEKDAY,
        asked_days=asked_days,
        verdicts=verdicts or [],
        weekday_names=WEEKDAY_NAMES,
        hour_asked=bool(re.search(r"\bhoras?\b|\bhorario\b", " ".join(tokens(q.text)))),
        modality_first=q.attribute == Attribute.MODALITY and q.form != Form.YESNO,
    )
    result.items = Items()
    result.items.add_sessions(s.id for s in sessions)
    _ = k
    return result


def _judged(ask: Ask, sessions: list[CommissionSession]) -> Answer:
    """ "¿La décima sesión fue en lunes?", "¿fue presencial?", "¿fue en octubre?", "¿fue extraordinaria?"."""
    q = ask.q
    verdicts = []
    for s in sessions:
        checks: list[bool] = []
        if q.weekdays and s.date:
            checks.append(s.date.weekday() in q.weekdays)
        if q.modality is not None:
            checks.append(s.modality == q.modality)
        if q.spans and s.date:
            checks.append(any(span.contains(s.date) for span in q.spans))
        if q.session_kinds:
            checks.append(of_kind(s, q.session_kinds))
        # Nothing to judge ("¿y la 12a?" with no proposition left): the facts, without a verdict.
        verdicts.append(("Sí" if all(checks) else "No") if checks else "")
    return _cards(ask, sessions, verdicts)


def _on_day(ask: Ask) -> Answer:
    """ "¿Hubo sesión el 15 de noviembre?": yes with the session, or no with the nearest one."""
    q, k = ask.q, ask.k
    day = q.spans[0].start
    known = [s for s in k.sessions if s.date and (s.id in k.with_data or s in k.upcoming_sessions(ask.today))]
    same = [s for s in known if s.date == day]
    if same and (q.weekdays or q.modality is not None or q.session_kinds):
        return _judged(ask, same)  # "¿la sesión del 22 de dic fue miércoles?": the day names it, the rest is judged
    if same:
        return _cards(ask, same, ["Sí"] * len(same))
    nearest = min(known, key=lambda s: abs((s.date - day).days), default=None)  # type: ignore[operator]
    near = (
        f" La más cercana fue la {name(nearest, k)}, el {short_date(nearest.date)}." if nearest and nearest.date else ""
    )
    items = Items(sessions=[nearest.id]) if nearest and nearest.id is not None else None
    raise NotInData(f"No: no hubo sesión el {short_date(day)}.{near}", items=items)  # "¿entonces cuándo fue?"


def _actual_modalities(sessions: list[CommissionSession]) -> str:
    """ ": las 3 fueron virtuales", ": 2 fueron virtuales y 1 presencial": the fact that decides a no."""
    counts: dict[str, int] = {}
    for s in sessions:
        if s.modality:
            counts[s.modality] = counts.get(s.modality, 0) + 1
    if not counts:
        return ""
    if len(counts) == 1:
        ((modality, n),) = counts.items()
        return f": {'las ' + str(n) + ' fueron ' if n > 1 else 'fue '}{_plural_adjective(modality, n)}"
    parts = [f"{n} {_plural_adjective(m, n)}" for m, n in counts.items()]
    return ": " + join(parts[:-1]) + " y " + parts[-1] if len(parts) > 1 else ""


def _plural_adjective(word: str, n: int) -> str:
    if n == 1:
        return word
    return word + ("es" if word.endswith("l") else "s")


_PLACE_WORDS = frozenset(["sala", "salon", "sede", "edificio", "auditorio", "instalaciones", "oficinas", "recinto"])


def session_card(ask: Ask, s: CommissionSession) -> dict[str, object]:
    """What is known of one session: date, modality, acuerdos, attendance, informes approved in it; where it was
    held, when asked and the informe's prose says it."""
    k = ask.k
    records = k.attendance_of(s.id)
    return dict(
        where=prose_about(ask, [session_phrase(s)], _PLACE_WORDS, after="sesion")
        if ask.q.where and not s.place
        else None,
        where_asked=ask.q.where,
        session=s,
        future=bool(s.date and s.date > ask.today),
        acuerdos=k.acuerdos_of(s.id),
        mentions=k.mentions_of(s.id),
        recorded=bool(records),
        present=sum(r.present for r in records),
        absent=[r for r in records if not r.present],
        approved=[i for i in k.informes if i.approval_session_id == s.id],
    )


def _en(label: str) -> str:
    if not label:
        return "en los informes cargados"
    return label if re.match(r"(?:el|del) \d|las |hasta|desde", label) else f"en {label}"
