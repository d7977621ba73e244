"""The informes themselves: what period each covers and how it was approved, and the summary of any loaded
quarter with the comparison against the quarter before it."""

from __future__ import annotations

import re

from bot.engine.frame import Attribute, Form
from bot.engine.knowledge import Knowledge
from bot.engine.lexicon import INFORME_ORDINALS
from bot.engine.replies import Answer, NotInData
from bot.engine.skills.base import QUARTER_NAMES, Ask, available_quarters, coverage, covered, spans_label
from bot.summary import build_summary
from db.models import CommissionSession, Informe
from lang.spanish import fold, tokens
from lang.vocabulary import ActivityKind, ConvenioStatus, Subject


def _asked(ask: Ask) -> tuple[int | None, int | None, str | None]:
    """(quarter, year, "tercer informe") the question names, if any."""
    quarters = ask.q.quarters
    quarter, year = (quarters[0][1], quarters[0][0]) if quarters else (None, None)
    text = " ".join(tokens(ask.q.text))
    named = re.search(r"\b(primer|primero|segundo|tercer|tercero|cuarto)\s+informe", text)
    of_quarter = re.search(
        r"\binforme\s+(?:trimestral\s+)?del?\s+(primer|primero|segundo|tercer|tercero|cuarto)\s+trimestre"
        r"(?:\s+del?\s+(20\d\d))?",
        text,
    )
    if of_quarter and not named:
        # "¿el informe del cuarto trimestre se aprobó en enero?": the quarter names the informe, the month
        # dates its approval.
        quarter = INFORME_ORDINALS[of_quarter.group(1)]
        year = (
            int(of_quarter.group(2))
            if of_quarter.group(2)
            else year
            if quarters and quarters[0][1] == quarter
            else None
        )
    if named:
        quarter = INFORME_ORDINALS[named.group(1)]
        years = re.search(r"\binforme\s+(?:\w+\s+){0,8}?(20\d\d)\b", text)
        year = int(years.group(1)) if years else year if quarters else None
    return quarter, year, named.group(0) if named else None


def _find(ask: Ask, quarter: int | None, year: int | None) -> Informe | None:
    pool = [i for i in ask.k.informes if i.period_start <= ask.today] or ask.k.informes
    return max(
        (i for i in pool if (quarter is None or i.quarter == quarter) and (year is None or i.year == year)),
        key=lambda i: (i.year, i.quarter),
        default=None,
    )


def informe(ask: Ask) -> Answer:
    """The informe itself: its period and the session and acuerdo that approved it."""
    k = ask.k
    quarter, year, phrase = _asked(ask)
    if not (quarter or year or phrase) and ask.q.codes:
        quarter, year = _approved_by(ask)  # "acuerdo 4 de 2021" → "¿qué informe aprobó?"
    found = _find(ask, quarter, year) if (quarter or year or not phrase) else None
    if found is None and phrase is None and not (quarter or year):
        found = _find(ask, None, None)
    if ask.q.attribute == Attribute.LOADED:
        return _loaded(ask)
    if found is None:
        # An informe not loaded may still be known by the acuerdo that approved it ("tercer informe").
        folded = fold(phrase) if phrase else None
        items = [a for a in k.acuerdos if folded and folded in fold(a.text)]
        if year is not None and quarter is not None:
            # "el tercer informe trimestral de 2020": the one of that year, by the year its text names or else
            # by when it was approved (in the next quarter: January of the next year for a fourth informe)
            approving_years = {year, year + 1} if quarter == 4 else {year}
            items = [
                a
                for a in items
                if str(year) in a.text or (not re.search(r"\b20\d\d\b", a.text) and a.year in approving_years)
            ]
        mentions = [m for m in k.mentions if folded and folded in fold(m.context)]
        if items or mentions:
            return ask.answer(
                Subject.ACUERDOS,
                "acuerdos_tema.j2",
                items=items,
                mentions=mentions[:1],
                topic=phrase or "informe",
                sessions=k.session_by_id,
                yesno=False,
            )
        raise NotInData(f"No tengo ese informe. {available_quarters(k)}")
    if ask.q.attribute == Attribute.SECTIONS:
        return _sections(ask, found)
    approval, code, point, cover_said = approval_of(k, found)
    approved_on = approval.date if approval and approval.date else found.approval_date
    verdict = None
    text = " ".join(tokens(ask.q.text))
    # "el informe del primer trimestre" names the informe; "¿se aprobó en diciembre?" dates the approval.
    naming = re.search(r"\binforme\s+(?:trimestral\s+)?del?\s+(?:\w+\s+)?trimestre", text)
    spans = [s for s in ask.q.spans if not (naming and s.quarter == (found.year, found.quarter))]
    if ask.q.form == Form.YESNO and approved_on is not None:
        if spans:
            verdict = any(span.contains(approved_on) for span in spans)
        elif re.search(r"\b(?:aprob|ratific|present|vot)", text):
            verdict = approved_on <= ask.today
    return ask.answer(
        Subject.INFORME,
        "informe.j2",
        informe=found,
        approval=approval,
        code=code,
        point=point,
        cover_said=cover_said,
        future=bool(approval and approval.date and approval.date > ask.today),
        verdict=verdict,
        asked=spans_label(spans),
    )


def _sections(ask: Ask, found: Informe) -> Answer:
    """ "¿qué apartados tiene el informe?": its top-level sections, in order, with the subsections of each."""
    passages = sorted((p for p in ask.k.passages if p.informe_id == found.id), key=lambda p: p.position)
    outline: dict[str, list[str]] = {}
    for passage in passages:
        parts = [part.strip() for part in passage.section.split("›") if part.strip()]
        if not parts:
            continue
        subsections = outline.setdefault(parts[0], [])
        if len(parts) > 1 and parts[1] not in subsections:
            subsections.append(parts[1])
    if not outline:
        raise NotInData("No tengo registrados los apartados de ese informe.")
    return ask.answer(Subject.INFORME, "informe_apartados.j2", informe=found, outline=list(outline.items()))


def summary(ask: Ask) -> Answer:
    """The summary of a loaded quarter (the latest by default), compared with the quarter before it; of a
    month or another period, what happened in it."""
    k = ask.k
    if ask.q.spans and not ask.q.quarters:
        return _period(ask)
    quarters = ask.q.quarters
    quarter, year = (quarters[-1][1], quarters[-1][0]) if quarters else (None, None)
    found = _find(ask, quarter, year)
    if found is None:
        others = sorted(k.informes, key=lambda i: (i.year, i.quarter))
        which = f"del {QUARTER_NAMES[quarter - 1]} trimestre" if quarter else "de ese trimestre"
        raise NotInData(
            f"No tengo el informe {which}{' de ' + str(year) if year else ''}. {available_quarters(k)}",
            [f"resumen del {QUARTER_NAMES[i.quarter - 1]} trimestre de {i.year}" for i in others[-4:]],
        )
    key = (Subject.RESUMEN, found.id)
    if key not in k.computed:
        k.computed[key] = build_summary(k, found)  # the snapshot never changes: compute each summary once
    result = ask.answer(Subject.RESUMEN, "resumen.j2", s=k.computed[key])
    result.quarter = (found.year, found.quarter)
    return result


def _period(ask: Ask) -> Answer:
    """ "resumen de noviembre": the sessions of the period with their acuerdos and attendance, the convenios
    signed and the activities reported in it."""
    q, k = ask.q, ask.k
    spans = q.spans
    sessions = [s for s in k.held_sessions(ask.today) if any(span.contains(s.date) for span in spans)]
    acuerdos = [
        a for a in k.acuerdos if a.date and a.date <= ask.today and any(span.contains(a.date) for span in spans)
    ]
    rows = [r for s in sessions for r in k.attendance_of(s.id)]
    signed = [
        c
        for c in k.convenios
        if c.status == ConvenioStatus.SUSCRITO and any(span.contains(c.signed_on) for span in spans)
    ]
    activities: dict[str, int] = {}
    happened = [a for a in k.activities if any(span.overlaps(a.date, a.end_date) for span in spans)]
    for a in happened:
        kind = ActivityKind.parse(a.kind)
        label = kind.plural if kind else a.kind
        activities[label] = activities.get(label, 0) + 1
    if not (sessions or acuerdos or signed or activities):
        raise NotInData(f"No tengo registros de {spans_label(spans)}. {covered(k)}")
    lines = [(s, [a for a in acuerdos if a.session_id == s.id]) for s in sessions]
    return ask.answer(
        Subject.RESUMEN,
        "resumen_periodo.j2",
        label=spans_label(spans),
        short=all((span.end - span.start).days < 7 for span in spans),
        lines=lines,
        acuerdos=acuerdos,
        present=sum(r.present for r in rows),
        possible=len(rows),
        signed=signed,
        activities=sorted(activities.items(), key=lambda item: -item[1]),
        # a few days or a few activities: each one, the day's own first
        listed=sorted(happened, key=lambda a: (a.end_date is not None, a.date or ask.today))[:12]
        if len(happened) <= 12 or all((span.end - span.start).days < 7 for span in spans)
        else [],
    )


def _approved_by(ask: Ask) -> tuple[int | None, int | None]:
    """The informe an acuerdo the question names approves, by its text ("Aprobación del Cuarto Informe Trimestral
    … 2020")."""
    for code in ask.q.codes:
        for a in ask.k.acuerdos:
            if a.number != code.number or (code.year and a.year % 100 != code.year % 100):
                continue
            said = re.search(
                r"\b(primer|segundo|tercer|cuarto)\s+informe\s+trimestral\b(?:\D{0,120}?(20\d\d))?", fold(a.text)
            )
            if said:
                year = int(said.group(2)) if said.group(2) else (a.year - 1 if said.group(1) == "cuarto" else a.year)
                return INFORME_ORDINALS[said.group(1)], year
    return None, None


def approval_of(k: Knowledge, informe: Informe) -> tuple[CommissionSession | None, str | None, int | None, str | None]:
    """(session, acuerdo, point, what the cover said instead) of an informe's approval. The cover names it ahead
    of time; the acuerdos a later informe lists record it, and win when the two disagree."""
    key = ("approval", informe.id)
    if key not in k.computed:  # the same for every question: kept with the snapshot
        k.computed[key] = _approval(k, informe)
    return k.computed[key]


def _approval(k: Knowledge, informe: Informe) -> tuple[CommissionSession | None, str | None, int | None, str | None]:
    session = k.session_by_id.get(informe.approval_session_id) if informe.approval_session_id else None
    code, point = informe.approval_acuerdo, informe.approval_point
    ordinal = _INFORME_ORDINAL_WORDS[informe.quarter - 1]
    pattern = rf"\baprobacion del {ordinal} informe trimestral\b"
    recorded = sorted(
        (
            a
            for a in k.acuerdos
            if a.informe_id is not None
            and a.informe_id != informe.id
            and re.search(pattern, fold(a.text))
            and (str(informe.year) in a.text or not re.search(r"\b20\d\d\b", a.text))
            and a.date is not None
            and a.date > informe.period_end
        ),
        key=lambda a: (a.date or informe.period_end, a.number),
    )
    if not recorded or recorded[0].code == code:
        return session, code, point, None
    chosen = recorded[0]
    listed = k.session_by_id.get(chosen.session_id) if chosen.session_id else None
    return listed or session, chosen.code, None, code


_INFORME_ORDINAL_WORDS = ("primer", "segundo", "tercer", "cuarto")


def _loaded(ask: Ask) -> Answer:
    """ "¿De qué trimestres tienes información?", "¿qué informes se han aprobado?": every informe loaded, with
    its period and approval."""
    k = ask.k
    if not k.informes:
        raise NotInData(covered(k))
    rows = []
    for found in sorted(k.informes, key=lambda i: (i.year, i.quarter)):
        approval, code, _point, cover_said = approval_of(k, found)
        rows.append((found, approval, code, cover_said))
    return ask.answer(Subject.INFORME, "informes_cargados.j2", rows=rows, coverage=coverage(k), today=ask.today)
