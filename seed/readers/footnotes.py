"""Footnotes in text copied from a PDF with its layout: the lines that open a note at the page's foot, and
the calls to them in the text (a superscript number glued to a word or a year, or set a line lower)."""

from __future__ import annotations

import re

from seed.document import NOTE_CALL

_SUPERSCRIPT_O_RE = re.compile(r"\b(\d{1,2}) o (?=(?!m[aá]s\b|menos\b)[a-záéíóúñ])")
# A superscript ordinal mark copied as a plain letter after its number: "la 9a sesión" was "la 9ª sesión".
_SUPERSCRIPT_A_RE = re.compile(r"\b(\d{1,2})a (?=(?:sesi[oó]n|reuni[oó]n|edici[oó]n|jornada|semana|vuelta|etapa)\b)")
_RUN_RE = re.compile(r"\S+(?: \S+)*")  # runs of text parted by two or more spaces
_NOTES_TITLE_RE = re.compile(r"^\s*(?:notas|notas al pie|referencias)\s*:?\s*$", re.IGNORECASE)


def note_openers(page: list[str]) -> set[int]:
    """Lines that open a footnote: a number alone, followed by text, at the page's foot or under "Notas"."""
    openers: set[int] = set()
    margin = min((len(ln) - len(ln.lstrip()) for ln in page if ln.strip()), default=0)
    for index, line in enumerate(page):
        # "4 Las pláticas del 21 de abril…": the number and its text on one line, at the foot, called above
        inline = re.match(r"\s*(\d{1,2})\s+[A-ZÁÉÍÓÚÑ¿«“\"]", line)
        if inline and index > 0.6 * len(page) and len(line) - len(line.lstrip()) <= margin + 2:
            call = re.search(rf"[^\W\d_][.:;,”\")]?{inline.group(1)}(?=\s|$)", "\n".join(page[:index]))
            if call is not None:
                openers.add(index)
                continue
        # At the left margin: a number alone further in is a cell's value or a call set a line lower.
        if not re.fullmatch(r"\s*\d{1,2}\s*", line) or len(line) - len(line.lstrip()) > margin + 2:
            continue
        following = next((ln for ln in page[index + 1 : index + 3] if ln.strip()), "")
        titled = any(_NOTES_TITLE_RE.match(ln) for ln in page[max(0, index - 3) : index])
        if following.strip() and (titled or index > 0.6 * len(page) or openers):
            openers.add(index)
    return openers


def _call(m: re.Match[str]) -> str:
    """The call marked, the spaces after it shortened by as much as the mark is longer, so that the cells
    further on the line keep their columns ("Partido MORENA2      X      X")."""
    call = NOTE_CALL.format(int(m.group(1)))
    spaces = m.group(2)
    longer = len(call) - len(m.group(1))
    if len(spaces) >= longer + 2:
        spaces = spaces[longer:]
    return call + spaces


def clean_line(line: str, notes: set[str]) -> str:
    """Superscript ordinals back to º; footnote calls ("vigentes.1", "vigentes. 1") marked."""
    line = _SUPERSCRIPT_A_RE.sub(r"\1ª ", _SUPERSCRIPT_O_RE.sub(r"\1º ", line))
    if notes:
        numbers = "|".join(sorted(notes, key=len, reverse=True))
        line = re.sub(
            rf"(?:(?<=\w[.”\")]) ?|(?<=[.,;:”\")])|(?<=[^\W\d_])|(?<=\b(?:19|20)\d\d))({numbers})(?=\s|$)( *)",
            _call,
            line,
        )  # "vigentes.1", "vigentes 1", "20211" (a year, then its note's number)
    return line


def lone_calls(page: list[str], openers: set[int], notes: set[str]) -> list[str]:
    """A note's number alone on a line, right under the word it marks (a superscript set a line lower, as
    in a table's cell), becomes a call at the end of that line."""
    page = list(page)
    for index in range(1, len(page)):
        number, above = page[index].strip(), page[index - 1]
        if index in openers or number not in notes or not above.strip():
            continue
        at = len(page[index]) - len(page[index].lstrip())
        if any(m.start() - 1 <= at <= m.end() + 1 for m in _RUN_RE.finditer(above)):
            page[index - 1] = above.rstrip() + NOTE_CALL.format(int(number))
            page[index] = ""
    return page
