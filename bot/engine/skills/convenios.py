"""Convenios: signed ones (by period, type, counterpart), those whose progress was reported (by session or
period), the instruments in force; yes/no judged on the informes' own tables."""

from __future__ import annotations

import re

from bot.engine.frame import Attribute, Dimension, Form, Items
from bot.engine.matching import light, stem
from bot.engine.replies import Answer, NotInData
from bot.engine.skills.base import Ask, default_informe, join, name, named_sessions, quarter_label, spans_label
from bot.engine.skills.tally import Line, lines_answer
from db.models import Convenio, Informe
from lang.spanish import fold, plural, tokens
from lang.vocabulary import ConvenioStatus, Subject

_LABELS = {"especifico": "específico", "colaboracion": "colaboración", "coordinacion": "coordinación"}


def answer(ask: Ask) -> Answer:
    q, k = ask.q, ask.k
    by_id = {c.id: c for c in k.convenios}
    if q.counterparts:
        return _counterparts(ask, [by_id[i] for i in q.counterparts if i in by_id])
    if q.counterpart_words:
        # "¿con qué universidad…?": a kind of counterpart, found in the counterparts' own names.
        # each word as written, plural aside: "Puebla" is not "Pueblos", an acronym nobody has is nobody
        wanted = {light(w) for w in q.counterpart_words if len(w) > 2}
        kind = [c for c in k.convenios if wanted and wanted <= {light(t) for t in tokens(c.counterpart)}]
        if kind:
            return _counterparts(ask, kind)
        if not q.has_time:
            verdict = "No. " if q.form == Form.YESNO else ""
            raise NotInData(f"{verdict}No encontré convenios con {_as_asked(q.text)} en los informes cargados.")
    words = tokens(q.text)
    said = " ".join(words)
    # "¿cuántos convenios tiene el IECM?", "… en total" (but "¿cuántos se firmaron en total?" counts signings)
    # "¿cuántos suscritos en total?" (the participle, as the informe's own figure says it) is that figure too
    participle = bool(re.search(r"\b(?:suscritos|firmados)\b", said)) and not re.search(r"\bse (?:suscrib|firm)", said)
    accumulated = q.form == Form.COUNT and (
        bool(_ACCUMULATED_RE.search(said)) or (bool(re.search(r"\btotal\b", said)) and (not q.signed or participle))
    )
    if q.attribute == Attribute.IN_FORCE or accumulated:
        return _totals(ask)
    if q.sessions or (q.followed and not q.signed):
        return _followed(ask)
    return _signed(ask)


# "¿cuántos convenios tiene el IECM?", "… en total", "… hasta la fecha": every instrument signed, not the quarter's
_ACCUMULATED_RE = re.compile(
    r"\btiene\b|\btienen\b|\bcuenta con\b|\bhasta (?:la fecha|ahora|hoy)\b|\ba la fecha\b|\bacumulad|\bdesde 20\d\d\b"
)


def _as_asked(text: str) -> str:
    """What the convenio is asked to be with, as the question writes it ("la Alcaldía Coyoacán")."""
    m = re.search(r"\bcon\s+(.+?)[\s?¿!.]*$", text, re.IGNORECASE)
    return m.group(1) if m else "esa contraparte"


def _about(ask: Ask, items: list[Convenio]) -> list[Convenio]:
    """Convenios whose counterpart, type or object say what the question's topic words say ("internacionales",
    "sobre presupuesto participativo")."""
    wanted = {stem(w) for w in ask.q.topic if len(w) > 3}
    if not wanted:
        return items
    return [
        c for c in items if wanted <= {stem(t) for t in tokens(f"{c.counterpart} {c.instrument_type} {c.object or ''}")}
    ]


def _in_force_informe(ask: Ask) -> Informe | None:
    """The informe whose figures a question about instruments in force reads: the one covering the end of
    the period asked about, else the latest."""
    for span in reversed(ask.q.spans):
        covering = [i for i in ask.k.informes if i.period_start <= span.end <= i.period_end]
        if covering:
            return covering[0]
    return default_informe(ask)


def _totals(ask: Ask) -> Answer:
    k = ask.k
    informe = _in_force_informe(ask)
    if informe is None or informe.convenios_vigentes is None:
        raise NotInData("Los informes cargados no indican cuántos convenios están vigentes.")
    rows = [c for c in k.convenios if c.informe_id == informe.id]
    return ask.answer(
        Subject.CONVENIOS,
        "convenios_totales.j2",
        informe=informe,
        signed=[c for c in rows if c.status == ConvenioStatus.SUSCRITO],
        followed=[c for c in rows if c.status == ConvenioStatus.SEGUIMIENTO],
        not_in_force=bool(
            re.search(r"\bno (?:estan |son |se encuentran |siguen )?vigentes\b|\bvencid", fold(ask.q.text))
        ),
    )


def _followed(ask: Ask) -> Answer:
    q, k = ask.q, ask.k
    named = named_sessions(ask) if q.sessions else []
    if q.spans and not named:
        named = [s for s in k.sessions if any(span.contains(s.date) for span in q.spans)]
    pool = [c for c in k.convenios if c.status == ConvenioStatus.SEGUIMIENTO]
    if named:
        ids = {s.id for s in named}
        pool = [c for c in pool if ids & set(k.convenio_sessions.get(c.id or 0, []))]
        if re.search(r"\b(?:solo|solamente|unicamente|nada mas)\b", fold(q.text)):
            # "¿qué convenios se reportaron solo en la décima primera?": in that session and no other
            pool = [c for c in pool if set(k.convenio_sessions.get(c.id or 0, [])) <= ids]
    else:
        latest = default_informe(ask)
        pool = [c for c in pool if latest is None or c.informe_id == latest.id]
    pool = _instrument(ask, pool)
    if not pool:
        what = join([f"la {name(s, k)}" for s in named]) if named else "el periodo"
        raise NotInData(f"No se reportaron avances de convenios en {what}.")
    result = ask.answer(
        Subject.CONVENIOS,
        "convenios_seguimiento.j2",
        items=pool,
        named=named,
        count=q.form == Form.COUNT,
        k=k,
    )
    return _with_items(result, pool)


def _signed(ask: Ask) -> Answer:
    q, k = ask.q, ask.k
    latest = default_informe(ask)
    signed = [c for c in k.convenios if c.status == ConvenioStatus.SUSCRITO]
    if q.spans:
        signed = [c for c in signed if any(span.contains(c.signed_on) for span in q.spans)]
        label = spans_label(q.spans)
        followed: list[Convenio] = []
    else:
        label = quarter_label(latest) if latest else ""
        signed = [c for c in signed if latest is None or c.informe_id == latest.id]
        followed = [
            c
            for c in k.convenios
            if c.status == ConvenioStatus.SEGUIMIENTO and (latest is None or c.informe_id == latest.id)
        ]
    signed, followed = _instrument(ask, signed), _instrument(ask, followed)
    if q.form == Form.COMPARE and len(q.spans) > 1 and not q.topic:
        # "¿cuántos convenios se firmaron el trimestre pasado comparado con el primero?": a count for each
        lines = []
        for span in q.spans:
            n = sum(1 for c in signed if span.contains(c.signed_on))
            shown = plural(n, "convenio firmado", "convenios firmados")
            lines.append(Line(span.label, n, shown, (span.start.toordinal(),)))
        return lines_answer(ask, Subject.CONVENIOS, "convenio", lines, [], Dimension.QUARTER)
    if q.topic:
        signed, followed = _about(ask, signed), _about(ask, followed)
        if not signed and not followed:
            what = " ".join(q.topic)
            verdict = "No. " if q.form in (Form.YESNO, Form.COUNT) else ""
            raise NotInData(f"{verdict}Ningún convenio firmado o con avances {_en(label)} trata de «{what}».")
    if q.form == Form.COUNT or q.signed:
        followed = [] if q.form == Form.COUNT else followed
    result = ask.answer(
        Subject.CONVENIOS,
        "convenios_lista.j2",
        signed=signed,
        followed=followed,
        label=label,
        count=q.form == Form.COUNT,
        informe=latest if not q.spans else None,
        yesno=q.form == Form.YESNO,
        type_label=" ".join(_LABELS.get(w, w) for w in q.instrument),
    )
    return _with_items(result, signed + followed)


def _counterparts(ask: Ask, items: list[Convenio]) -> Answer:
    """Convenios with the counterparts named; signing, dates and objects judged when asked."""
    q, k = ask.q, ask.k
    # The same counterpart as another row names it ("Universidad Autónoma Metropolitana, Unidad Iztapalapa" and
    # "… (UAM) Unidad Iztapalapa"): the instrument signed and its follow-up are one counterpart's.
    items = _dedupe(items + [c for c in k.convenios if c not in items and any(_same_party(c, i) for i in items)])
    signed_asked = q.signed and not q.followed
    if q.sessions:
        # "¿el convenio con Tlalpan se reportó en la décima sesión?": judged on the sessions it was reported in.
        ids = {s.id for s in named_sessions(ask)}
        matching = [c for c in items if ids & set(k.convenio_sessions.get(c.id or 0, []))]
    elif signed_asked or q.spans:
        matching = [
            c
            for c in items
            if (not signed_asked or c.status == ConvenioStatus.SUSCRITO)
            and (not q.spans or any(span.contains(c.signed_on) for span in q.spans) or _reported_in(ask, c))
        ]
    else:
        matching = items
    matching = _instrument(ask, matching)  # "¿el convenio con la contraloría es específico?": judged on its type
    label = spans_label(q.spans) if q.spans else ""
    if q.sessions and q.form == Form.YESNO:
        result = ask.answer(
            Subject.CONVENIOS,
            "convenios_reportados.j2",
            verdict=bool(matching),
            items=items,
            asked=named_sessions(ask),
            k=k,
        )
        return _with_items(result, items)
    if q.form == Form.YESNO or (signed_asked and not matching and q.attribute is None):
        result = ask.answer(
            Subject.CONVENIOS,
            "convenios_si_no.j2",
            verdict=bool(matching),
            matching=matching,
            others=[c for c in items if c not in matching],
            label=label,
            signed_asked=signed_asked,
            type_label=" ".join(_LABELS.get(w, w) for w in q.instrument),
            k=k,
        )
        return _with_items(result, items)
    shown = matching or items
    result = ask.answer(
        Subject.CONVENIOS,
        "convenios_contraparte.j2",
        items=shown,
        k=k,
        sessions=k.session_by_id,
        informes={i.id: i for i in k.informes},
        count=q.form == Form.COUNT,
        when=q.form == Form.WHEN,
        object_only=q.attribute == Attribute.OBJECT,
    )
    return _with_items(result, shown)


def _party_words(c: Convenio) -> set[str]:
    return {w for w in tokens(re.sub(r"\([^)]*\)", " ", c.counterpart)) if len(w) > 3}


def _same_party(a: Convenio, b: Convenio) -> bool:
    """Whether two rows name one counterpart: most of their names' words (acronyms aside) are the same."""
    mine, other = _party_words(a), _party_words(b)
    acronyms = [set(re.findall(r"\(([A-ZÁÉÍÓÚÑ]{2,10})\)", c.counterpart)) for c in (a, b)]
    if all(acronyms) and not acronyms[0] & acronyms[1]:
        return False  # "(UNAM)" and "(UACM)": two universities, however many words their names share
    return bool(mine and other) and len(mine & other) >= 0.75 * min(len(mine), len(other))


def _reported_in(ask: Ask, c: Convenio) -> bool:
    """Whether progress on ``c`` was reported in a session within the question's spans."""
    sessions = [ask.k.session_by_id.get(sid) for sid in ask.k.convenio_sessions.get(c.id or 0, [])]
    return c.status == ConvenioStatus.SEGUIMIENTO and any(
        s is not None and any(span.contains(s.date) for span in ask.q.spans) for s in sessions
    )


def _dedupe(items: list[Convenio]) -> list[Convenio]:
    """One row per instrument: the same convenio followed in several quarters is listed once (the latest)."""
    seen: dict[tuple[str, str, str], Convenio] = {}
    for c in sorted(items, key=lambda c: c.informe_id, reverse=True):
        seen.setdefault((fold(c.counterpart), fold(c.instrument_type), c.status), c)
    return sorted(seen.values(), key=lambda c: (c.informe_id, c.position))


def _instrument(ask: Ask, items: list[Convenio]) -> list[Convenio]:
    wanted = ask.q.instrument
    if not wanted:
        return items
    return [c for c in items if all(w in fold(c.instrument_type) for w in wanted)]


def _with_items(result: Answer, items: list[Convenio]) -> Answer:
    result.items = Items(convenios=[c.id for c in items if c.id is not None])
    return result


def _en(label: str) -> str:
    """ "en el cuarto trimestre de 2020", "el 9 de octubre de 2020" (a day stands alone)."""
    if not label:
        return "en los informes cargados"
    return label if re.match(r"(?:el|del) \d|de |desde |hasta |entre ", label) else f"en {label}"
