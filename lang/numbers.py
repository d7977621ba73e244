"""Whole numbers written in Spanish words, as informes state counts ("ciento doce personas").

A leaf module: it imports nothing of the project but ``lang.spanish``.
"""

from __future__ import annotations

import re

from lang.spanish import _CARDINALS, parse_cardinal_at, tokens

_HUNDREDS = {
    "cien": 100,
    "ciento": 100,
    "doscientos": 200,
    "trescientos": 300,
    "cuatrocientos": 400,
    "quinientos": 500,
    "seiscientos": 600,
    "setecientos": 700,
    "ochocientos": 800,
    "novecientos": 900,
}
_HUNDREDS.update({k[:-2] + "as": v for k, v in _HUNDREDS.items() if k.endswith("os")})


def _below_thousand(words: list[str], i: int) -> tuple[int, int] | None:
    """A number under a thousand in words at ``words[i]``: "ciento doce", "doscientas treinta y una"."""
    value, used = 0, 0
    if i < len(words) and words[i] in _HUNDREDS:
        value, used = _HUNDREDS[words[i]], 1
        if words[i] == "cien":
            return value, used
    if i + used < len(words) and words[i + used] in _CARDINALS and words[i + used] not in ("cien", "ciento"):
        rest = parse_cardinal_at(words, i + used)
        if rest is not None:
            value, used = value + rest[0], used + rest[1]
    return (value, used) if used else None


def number_in_words(text: str) -> int | None:
    """The whole number a text opens with, in digits or in words up to the thousands: "112 personas",
    "ciento doce personas", "mil doscientos cuarenta", "1,250" → 112, 112, 1240, 1250."""
    words = tokens(text.replace(",", "").replace(".", "") if re.match(r"\s*\d{1,3}(?:[.,]\d{3})+\b", text) else text)
    if not words:
        return None
    if words[0].isdigit():
        return int(words[0])
    total, i = 0, 0
    first = _below_thousand(words, 0)
    if first is not None:
        total, i = first[0], first[1]
    if i < len(words) and words[i] == "mil":
        total, i = max(total, 1) * 1000, i + 1
        rest = _below_thousand(words, i)
        if rest is not None:
            total += rest[0]
    return total if (first is not None or total) else None
