"""Acuerdos of other bodies (the Consejo General's): the informes hold the Commission's own and only mention a
few of others in passing, which are named, and chosen by what the question asks about."""

from __future__ import annotations

import re

from bot.engine.frame import Form
from bot.engine.matching import stem
from bot.engine.replies import Answer, NotInData
from bot.engine.skills.base import Ask, join
from lang.spanish import tokens
from lang.vocabulary import Subject


def other_body(ask: Ask, organization: str) -> Answer:
    """Acuerdos of another body: the informes hold the Commission's own; of the Consejo General's they only
    mention a few in passing, which are named (and quoted when a list is asked for a whole quarter)."""
    k, q = ask.k, ask.q
    of = re.sub(r"^de el ", "del ", f"de {organization}")
    honest = f"No tengo ese dato: los informes solo registran los acuerdos de esta Comisión, no los {of}."
    general = []
    if re.match(r"(?:el |la )?(?:consejo general|iecm|instituto electoral)", organization, re.IGNORECASE):
        general = [m for m in k.mentions if m.code.upper().startswith("IECM")]
        # "¿con qué acuerdo del Consejo General cambió la integración?": those whose sentence names the topic
        topic = {stem(w) for w in q.topic if len(w) > 3}
        change = {stem(w) for w in ("cambio", "modifico", "sustituyo", "incorporo")}
        if topic & change:
            topic |= change  # a change, however the informe words it
        overlap = {id(m): len(topic & {stem(t) for t in tokens(m.context)}) for m in general}
        best = max(overlap.values(), default=0)
        general = [m for m in general if overlap[id(m)] == best] if best else general
        if q.spans:
            general = [m for m in general if any(span.contains(m.date) for span in q.spans)]
    codes = list(dict.fromkeys(m.code for m in general))
    if not codes:
        raise NotInData(honest)
    if q.form == Form.COUNT or q.spans:
        raise NotInData(f"{honest} Solo mencionan de pasada {len(codes)}: {join(codes)}.")
    result = ask.answer(
        Subject.ACUERDOS,
        "acuerdo_detalle.j2",
        items=[],
        mentions=general,
        missing=[],
        sessions=k.session_by_id,
        preface=f"Los informes solo registran los acuerdos de esta Comisión; {of} mencionan estos:",
    )
    return result
