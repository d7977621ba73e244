"""Passages: every paragraph, list item and note with its section, for questions no table answers."""

from __future__ import annotations

from seed.document import BlockKind
from seed.informe import ParsedPassage
from seed.sections.base import Part, Reading
from seed.sections.sessions import group_session


def read_passages(reading: Reading) -> None:
    """The informe's text, block by block, with the section each block stands in."""
    passages = reading.informe.passages
    for placed in reading.blocks(kinds=(BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.NOTE)):
        if placed.part == Part.ACUERDOS and placed.kind == BlockKind.PARAGRAPH and group_session(reading, placed):
            continue  # a session's name over its acuerdos: a heading in all but the plainest forms
        section = "Notas" if placed.kind == BlockKind.NOTE and placed.part == Part.NOTES else placed.section
        passages.append(ParsedPassage(section, len(passages), placed.text))
