"""Jinja2 rendering of replies: one templates folder, one Environment, Telegram HTML with autoescape.

Each template produces Telegram HTML (``<b>``, ``<i>``, ``<code>``); the plain-text form of a reply
is derived from the same rendering so that the two never disagree.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.spanish import long_date, month_name, short_date

TEMPLATES_DIR = Path(__file__).parent / "templates"


def session_name(session: Any, *, with_year: bool = False) -> str:
    """ "décima primera sesión ordinaria" (with " de 2021" when asked)."""
    name = f"{session.ordinal} sesión {session.kind}"
    return f"{name} de {session.year}" if with_year else name


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _join(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
environment.filters.update(
    fecha=long_date,
    fecha_corta=short_date,
    mes=month_name,
    sesion=session_name,
    plural=_plural,
    enumera=_join,
    capital=lambda s: s[:1].upper() + s[1:],
    lookup=lambda key, mapping: mapping[key],
)


def compile_templates() -> int:
    """Compile every template now (at start-up) rather than on the first message that needs it."""
    names = environment.list_templates(extensions=["j2"])
    for name in names:
        environment.get_template(name)
    return len(names)


def render(template: str, **context: Any) -> tuple[str, str]:
    """Render ``template`` and return (Telegram HTML, plain text)."""
    markup = environment.get_template(template).render(**context)
    markup = re.sub(r"[ \t]+\n", "\n", markup)
    markup = re.sub(r"\n{3,}", "\n\n", markup).strip()
    return markup, html_to_text(markup)


def html_to_text(markup: str) -> str:
    """Telegram HTML → plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))
