"""The informes themselves: what period each covers and how it was approved, and the summary of any loaded
quarter with the comparison against the quarter before it."""

from __future__ import annotations

import re

from bot.engine.lexicon import INFORME_ORDINALS
from bot.engine.replies import Answer, NotInData
from bot.engine.skills.base import QUARTER_NAMES, Ask, available_quarters
from bot.summary import build_summary
from db.models import Informe
from lang.spanish import fold, tokens
from lang.vocabulary import Subject


def _asked(ask: Ask) -> tuple[int | None, int | None, str | None]:
    """(quarter, year, "tercer informe") the question names, if any."""
    quarters = ask.q.quarters
    quarter, year = (quarters[0][1], quarters[0][0]) if quarters else (None, None)
    text = " ".join(tokens(ask.q.text))
    named = re.search(r"\b(primer|primero|segundo|tercer|tercero|cuarto)\s+informe", text)
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
    found = _find(ask, quarter, year) if (quarter or year or not phrase) else None
    if found is None and phrase is None and not (quarter or year):
        found = _find(ask, None, None)
    if found is None:
        # An informe not loaded may still be known by the acuerdo that approved it ("tercer informe").
        folded = fold(phrase) if phrase else None
        items = [a for a in k.acuerdos if folded and folded in fold(a.text)]
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
    approval = k.session_by_id.get(found.approval_session_id) if found.approval_session_id else None
    return ask.answer(
        Subject.INFORME,
        "informe.j2",
        informe=found,
        approval=approval,
        future=bool(approval and approval.date and approval.date > ask.today),
    )


def summary(ask: Ask) -> Answer:
    """The summary of a loaded quarter (the latest by default), compared with the quarter before it."""
    k = ask.k
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
