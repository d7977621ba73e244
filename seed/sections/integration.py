"""Integration: who sits on the commission (presidency, councillors, technical secretary), from the
attendance table's consejería rows and what the introduction says of their designation."""

from __future__ import annotations

from lang.spanish import ACUERDO_CODE_RE, fold, tokens
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
    if not informe.members:
        reading.warn("No encontré la integración de la Comisión en la tabla de asistencia.")
