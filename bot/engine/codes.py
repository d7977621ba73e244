"""Acuerdos a question names: by code ("CVOE/047/20", "IECM-ACU-CG-075-2020"), by number ("acuerdo 46", "los
acuerdos 46 y 47", "del 46 al 48", "acuerdo cuarenta y siete", "4 de 2021", "25/21") or by a masculine article
before a number ("el 47": sessions are feminine)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lang.spanish import MONTH_ALIASES, parse_cardinal_at, tokens


@dataclass(frozen=True)
class CodeMention:
    """An acuerdo named by code or number."""

    prefix: str | None
    number: int
    year: int | None


_CODE_RE = re.compile(r"\b(cvoe|iecm[- /]?acu[- /]?cg)\s*[-/ ]?\s*(\d{1,3})(?:\s*[-/]\s*(\d{4}|\d{2}))?\b")
# "acuerdo 46", "acuerdos 46 y 47", "acuerdos de 46"; never a year, "26 de octubre" or "26/10/2020".
_MONTH_WORDS = "|".join(sorted(MONTH_ALIASES, key=len, reverse=True))
# "25/21" is an acuerdo of 2021; "26/11" and "26/11/2020" are days (no acuerdo year is under 13).
_NUMBER = rf"\d{{1,3}}(?![\da-z])(?!\s*de\s+(?:{_MONTH_WORDS})\b)(?!\s*/\s*(?:\d{{1,2}}\s*/|(?:0?\d|1[0-2])\b))"
_ACUERDO_NUMBER_RE = re.compile(
    rf"\bacuerdos?\s+(?:(?:de|del)\s+)?(?:(?:numero|num|no)\s+)?((?:{_NUMBER}(?:\s*/\s*(?:\d{{4}}|\d{{2}})|\s+del?\s+20\d\d)?"
    rf"(?:\s*(?:,|y|e|al|a)\s*)?)+)"
)


def codes_in(norm: str) -> tuple[list[CodeMention], set[str]]:
    """Acuerdos the normalised question names by code ("CVOE/047/20") or number ("acuerdo 46", "acuerdos 46 y
    47", "del 46 al 48", "acuerdo cuarenta y siete"), and the words that name them."""
    codes: list[CodeMention] = []
    said: set[str] = set()
    for m in _CODE_RE.finditer(norm):
        prefix = "IECM" if m.group(1).startswith("iecm") else "CVOE"
        year = int(m.group(3)) if m.group(3) else None
        codes.append(CodeMention(prefix, int(m.group(2)), year))
        said.update(tokens(m.group(0)))
    if codes:
        return codes, said
    for m in _ACUERDO_NUMBER_RE.finditer(norm):
        numbers = re.findall(rf"({_NUMBER})(?:\s*/\s*(\d{{4}}|\d{{2}})|\s+del?\s+(20\d\d))?", m.group(1))
        numbers = [(n, slash or spelt) for n, slash, spelt in numbers]  # "4/21", "4 de 2021"
        if re.search(r"\d\s*(?:al|a)\s*\d", m.group(1)) and len(numbers) == 2 and not any(y for _, y in numbers):
            low, high = sorted(int(n) for n, _ in numbers)
            numbers = [(str(n), "") for n in range(low, min(high, low + 30) + 1)]  # "del 46 al 48"
        for number, year in numbers:
            codes.append(CodeMention(None, int(number), int(year) if year else None))
            said.update([number, year] if year else [number])
    if codes and re.search(r"\bmism[oa]\b", norm):
        # "¿el acuerdo 47 se aprobó en la misma sesión que el 49?": the other one too
        for other in re.finditer(rf"\b(?:que|y)\s+(?:el|al)\s+(\d{{1,3}})\b(?!\s*de\s+(?:{_MONTH_WORDS})\b)", norm):
            codes.append(CodeMention(None, int(other.group(1)), None))
    words = tokens(norm)
    for i, w in enumerate(words):
        if w.startswith("acuerdo") and not codes and i + 1 < len(words):
            j = i + 1 + (words[i + 1] in ("numero", "num", "no"))
            parsed = parse_cardinal_at(words, j) if j < len(words) and not words[j].isdigit() else None
            if parsed and parsed[0] <= 200:
                codes.append(CodeMention(None, parsed[0], None))  # "acuerdo cuarenta y siete"
                said.update(words[j : j + parsed[1]])
    return codes, said


def article_numbers(words: list[str], time_words: set[str]) -> tuple[list[int], set[str]]:
    """ "el 47", "del cuarenta y siete": a masculine article before a number names an acuerdo (the session is
    feminine: "la 12")."""
    numbers: list[int] = []
    said: set[str] = set()
    for i, w in enumerate(words):
        if w not in ("el", "del", "al") or i + 1 >= len(words) or words[i + 1] in time_words:
            continue
        parsed = parse_cardinal_at(words, i + 1)
        if parsed is None or not 0 < parsed[0] <= 200:
            continue
        k = i + 1 + parsed[1]
        if k + 1 < len(words) and words[k] in ("de", "del") and words[k + 1] in MONTH_ALIASES:
            continue  # "el 26 de noviembre" (but "el 44 de qué trata" is an acuerdo)
        numbers.append(parsed[0])
        said.update(words[i + 1 : k])
    return numbers, said
