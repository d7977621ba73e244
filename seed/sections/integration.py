"""Integration: who sits on the commission (presidency, councillors, technical secretary), from the
attendance table's consejería rows, and what the introduction says of each one's time in it: when they
joined and by which acuerdo, when they left or whom they replaced."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lang.spanish import ACUERDO_CODE_RE, find_dates, fold, tokens
from lang.vocabulary import MemberRole, ParticipantGroup
from seed.document import BlockKind
from seed.informe import ParsedMember
from seed.sections.base import Part, Reading, acuerdo_code, sentences


def _role(group: ParticipantGroup, label: str) -> MemberRole:
    if "presiden" in fold(label):
        return MemberRole.PRESIDENCIA
    return MemberRole.SECRETARIA_TECNICA if group == ParticipantGroup.SECRETARIA_TECNICA else MemberRole.CONSEJERIA


def read_integration(reading: Reading) -> None:
    """The members, with the sentences and acuerdos that designated them."""
    informe = reading.informe
    seen: set[str] = set()
    for row in informe.attendance:
        if row.group not in (ParticipantGroup.CONSEJERIA, ParticipantGroup.SECRETARIA_TECNICA) or not row.person:
            continue
        if fold(row.person) in seen:
            continue
        seen.add(fold(row.person))
        informe.members.append(ParsedMember(_role(row.group, f"{row.role or ''} {row.body}"), row.person))
    intro = [p.text for p in reading.blocks(Part.INTRO, kinds=(BlockKind.PARAGRAPH, BlockKind.ITEM))]
    if not intro:
        intro = [p.text for p in reading.blocks(kinds=(BlockKind.PARAGRAPH,))[:12]]
    for member in informe.members:
        surname = [t for t in tokens(member.name) if len(t) > 3][-2:]
        for text in intro:
            for sentence in sentences(text):
                if surname and all(t in fold(sentence) for t in surname):
                    codes = [acuerdo_code(m) for m in ACUERDO_CODE_RE.finditer(sentence)]
                    member.acuerdos.extend(c for c in codes if c not in member.acuerdos)
                    member.designation = f"{member.designation} {sentence}" if member.designation else sentence
        if member.acuerdos:
            continue
        # Councillors are named together in one sentence, often by their full name only.
        for text in intro:
            for sentence in sentences(text):
                folded = fold(sentence)
                if (
                    "integracion" in folded
                    and ACUERDO_CODE_RE.search(sentence)
                    and any(t in folded for t in surname[-1:])
                ):
                    member.designation = sentence
                    member.acuerdos = [acuerdo_code(m) for m in ACUERDO_CODE_RE.finditer(sentence)]
    read_terms(informe.members, [s for text in intro for s in sentences(text)], reading.year)
    # "X formó parte … hasta el 10 de febrero": each note alone, wherever the reader placed it
    for note in (p for p in reading.placed if p.kind == BlockKind.NOTE):
        read_terms(informe.members, sentences(note.text), reading.year)
    if not informe.members:
        reading.warn("No encontré la integración de la Comisión en la tabla de asistencia.")


# --- each member's time in the commission ---------------------------------------------------------

_START_CUE_RE = re.compile(r"\b(?:a partir del?|desde el|con efectos? (?:a partir )?del?|a contar del?)\s+(?:\w+\s+)?$")
_END_CUE_RE = re.compile(
    r"\b(?:hasta el|conclusion de su (?:encargo|cargo|periodo|gestion)|conclu\w* su (?:encargo|cargo|periodo)|"
    r"dej\w* (?:el cargo|la comision|de (?:integrar|formar parte))|se separ\w*|renunci\w*|baja)\b"
)
_RATIFY_RE = re.compile(r"\bratific\w*")
_UNTIL_THEN_RE = re.compile(r"\bhasta (?:esa|dicha|tal|la citada|la referida|la misma) fecha\b|\bhasta entonces\b")
_DESIGNATE_RE = re.compile(
    r"\b(?:design\w*|nombr\w*|incorpor\w*|integr(?:a|acion|ada|ado|ados|adas)\b|conformad\w*|se sum\w*|"
    r"ingres\w*|asumi\w*)"
)
_SUBSTITUTE_RE = re.compile(
    r"\b(?:en (?:sustitucion|reemplazo|lugar)|para (?:sustituir|suplir|relevar) a|relev\w* a)\b"
)


@dataclass
class _Mention:
    start: int
    end: int
    member: ParsedMember


def _mentions(folded: str, members: list[ParsedMember]) -> list[_Mention]:
    """Where the sentence names each member: the full name, or the two surnames."""
    found = []
    for member in members:
        words = tokens(member.name)
        for probe in dict.fromkeys((" ".join(words), " ".join(words[-2:]) if len(words) >= 3 else "")):
            at = re.search(rf"\b{re.escape(probe)}\b", folded) if probe else None
            if at:
                found.append(_Mention(at.start(), at.end(), member))
                break
    return sorted(found, key=lambda m: m.start)


def read_terms(members: list[ParsedMember], texts: list[str], year: int) -> None:
    """Each member's first and last day and designating acuerdo, from sentences such as "a partir del 1 de
    septiembre, la consejera X se incorporó …, en sustitución del consejero Y", "el 26 de marzo de 2019 la
    Comisión aprobó, mediante el acuerdo CVOE/008/19, la designación de X", "con motivo de la conclusión de
    su encargo el 31 de julio de 2021". What a sentence says of a person it does not name ("su encargo")
    belongs to the last member named before it."""
    last: ParsedMember | None = None
    previous: list[dt.date] = []
    for sentence in texts:
        folded = fold(sentence)
        if len(folded) != len(sentence):
            folded = sentence.lower()  # keep positions aligned with the dates found in the sentence
        mentions = _mentions(folded, members)
        dates = [d for d in find_dates(sentence, default_year=year) if d.value]
        earlier, previous = previous, [d.value for d in dates if d.value]
        if not mentions and last is None:
            continue
        # "Hasta esa fecha, el consejero X formó parte de la Comisión": the date of the sentence before.
        if mentions and earlier and not dates and _UNTIL_THEN_RE.search(folded) and mentions[0].member.end is None:
            mentions[0].member.end = earlier[-1]
        substituted = set()
        for cue in _SUBSTITUTE_RE.finditer(folded):
            target = next((m for m in mentions if 0 <= m.start - cue.end() <= 80), None)
            if target is not None:
                substituted.add(id(target.member))
        started: list[ParsedMember] = []
        general: list[tuple[int, dt.date]] = []
        for found in dates:
            assert found.value is not None
            before = folded[max(0, found.start_index - 60) : found.start_index]
            if _START_CUE_RE.search(before):
                subject = next(
                    (m for m in mentions if m.start > found.end_index and id(m.member) not in substituted), None
                )
                subject = subject or next((m for m in reversed(mentions) if m.end < found.start_index), None)
                if subject is not None:
                    subject.member.start = subject.member.start or found.value
                    started.append(subject.member)
            elif _END_CUE_RE.search(before):
                named = next((m for m in reversed(mentions) if m.end < found.start_index), None)
                leaving = named.member if named is not None else last
                if leaving is not None and leaving.end is None:
                    leaving.end = found.value
            elif not _RATIFY_RE.search(before[-30:]):
                general.append((found.start_index, found.value))
        verb = _DESIGNATE_RE.search(folded)
        if verb is not None:
            # The date before the verb ("el 26 de marzo … aprobó la designación"), else the one between the
            # verb and the first person named ("designó el 13 de mayo … al maestro X").
            named_at = next((m.start for m in mentions if m.start > verb.start()), len(folded))
            when = next((d for at, d in reversed(general) if at < verb.start()), None) or next(
                (d for at, d in general if verb.start() < at < named_at), None
            )
            ratified = _RATIFY_RE.search(folded)
            codes = [m for m in ACUERDO_CODE_RE.finditer(sentence) if ratified is None or m.start() < ratified.start()]
            # Those named after the verb, or right before its participle ("X, designada mediante …").
            participle = re.match(r"\w+ad[oa]s?\b", folded[verb.start() :]) is not None
            for mention in mentions:
                member = mention.member
                before_participle = participle and 0 <= verb.start() - mention.end < 40
                if (mention.start < verb.start() and not before_participle) or id(member) in substituted:
                    continue
                if codes and member.designated_by is None and (member in started or not started):
                    member.designated_by = acuerdo_code(codes[0])
                if when is not None and member.start is None and not started:
                    member.start = when
        newcomer = started[0] if started else None
        if substituted and newcomer is None and general:
            # "En su sesión del 10 de febrero, el Consejo General aprobó …, por lo que X se incorporó en
            # sustitución de Y": the change takes effect on the day it was approved.
            changed = general[-1][1]
            joining = [m.member for m in mentions if id(m.member) not in substituted]
            for member in joining[:1]:
                member.start = member.start or changed
            for mention in mentions:
                if id(mention.member) in substituted and mention.member.end is None:
                    mention.member.end = changed
        for mention in mentions:
            if id(mention.member) in substituted and mention.member.end is None:
                begins = newcomer.start if newcomer is not None else None
                mention.member.end = begins - dt.timedelta(days=1) if begins else None
        if mentions:
            last = mentions[-1].member
