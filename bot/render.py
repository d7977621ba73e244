"""Jinja2 rendering of replies: one templates folder, one Environment, Telegram HTML with autoescape.

Each template produces Telegram HTML (``<b>``, ``<i>``, ``<code>``); the plain-text form of a reply
is derived from the same rendering so that the two never disagree.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from lang.spanish import fold, long_date, month_name, plural, short_date
from lang.vocabulary import ActivityKind

TEMPLATES_DIR = Path(__file__).parent / "templates"
MESSAGES = "mensajes.j2"


def session_name(session: Any, *, with_year: bool = False) -> str:
    """ "décima primera sesión ordinaria" (with " de 2021" when asked)."""
    name = f"{session.ordinal} sesión {session.kind}{' urgente' if getattr(session, 'urgent', False) else ''}"
    return f"{name} de {session.year}" if with_year else name


def _join(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


@pass_context
def local_time(context: Context, value: dt.datetime) -> dt.datetime:
    """A stored start time (UTC; naive from SQLite) in the ``zone`` the caller passed to :func:`render`: the
    commission's, from the settings. There is no default: a template that shows a time needs it."""
    zone = context.get("zone")
    if zone is None:
        raise ValueError(f"{context.name} shows a time: render it with the commission's zone (zone=…)")
    aware = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    return aware.astimezone(zone)


def date_time(value: dt.datetime) -> str:
    """ "jueves 21 de enero de 2027 a las 10:00 h"."""
    return f"{long_date(value.date())} a las {value:%H:%M} h"


def time_left(start: dt.datetime, now: dt.datetime) -> str:
    """ "es mañana", "empieza en 1 hora", "empieza en 25 minutos"."""
    seconds = (start - now.astimezone(start.tzinfo)).total_seconds()
    if seconds <= 0:
        return "ya empezó"
    if start.date() == (now.astimezone(start.tzinfo) + dt.timedelta(days=1)).date() and seconds > 6 * 3600:
        return "es mañana"
    if seconds >= 2 * 86400:
        return f"es en {round(seconds / 86400)} días"
    if seconds >= 5400:
        return f"empieza en {round(seconds / 3600)} horas"
    if seconds >= 3000:
        return "empieza en 1 hora"
    minutes = max(1, round(seconds / 60))
    return f"empieza en {plural(minutes, 'minuto')}"


_QUARTER_ORDINALS = ("primer", "segundo", "tercer", "cuarto")


def informe_name(informe: Any) -> str:
    """ "cuarto informe trimestral de 2020": an informe as people name it (its title is a paragraph long)."""
    return f"{_QUARTER_ORDINALS[informe.quarter - 1]} informe trimestral de {informe.year}"


def activity_title(activity: Any) -> str:
    """An activity as a list shows it: its title, or, for a row the informe lists only by date ("Nota"), the
    kind with what its list says of it ("Nota (seguimiento a las sesiones del Consejo General del INE)")."""
    title = str(activity.title or "")
    kind = ActivityKind.parse(getattr(activity, "kind", None))
    generic = kind is not None and fold(title).strip(" .") in (kind.value, fold(kind.label), fold(kind.plural))
    if not generic or not getattr(activity, "series", None):
        return title
    series = re.sub(
        r"^(?:asimismo|además|adicionalmente|por otra parte|de igual forma),?\s*", "", str(activity.series), flags=re.I
    )
    about = re.split(r",|;|:| que | los cuales| las cuales", series)[0].strip()
    about = re.sub(r"^(?:se dio |se le dio |se realiz\w+ |dar )", "", about, flags=re.IGNORECASE)
    return f"{about[:1].upper()}{about[1:120]}" if about else title


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
    informe=informe_name,
    mes=month_name,
    sesion=session_name,
    plural=plural,
    enumera=_join,
    capital=lambda s: s[:1].upper() + s[1:],
    actividad=lambda kind: member.label if (member := ActivityKind.parse(kind)) else kind,
    titulo=activity_title,
    lookup=lambda key, mapping: mapping[key],
    # "el 26 de noviembre de 2020" stands alone; "noviembre de 2020" takes "en".
    en=lambda label: label if re.match(r"(?:el|del) \d|las |de |desde |hasta |entre ", label) else f"en {label}",
    hora_local=local_time,
    fecha_hora=date_time,
    cuanto_falta=time_left,
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


def message(macro_name: str, /, **context: Any) -> str:
    """One of the bot's own messages (a macro of ``mensajes.j2``) as Telegram HTML; every value is escaped."""
    macro = getattr(environment.get_template(MESSAGES).make_module(), macro_name)
    markup = str(macro(**context))
    markup = re.sub(r"[ \t]+\n", "\n", markup)
    return re.sub(r"\n{3,}", "\n\n", markup).strip()


def html_to_text(markup: str) -> str:
    """Telegram HTML → plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))
