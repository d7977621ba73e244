"""Reminder lead times: how long before a session a reminder goes out, as staff write them ("24h, 1h").

A leaf of the core: the settings check ``REMINDER_LEADS`` with it, the reminders and ``/recordatorios`` use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lang.spanish import plural

MIN_LEAD = 60
MAX_LEAD = 30 * 86400
MAX_LEADS = 5
LEAD_USAGE = "usa por ejemplo 24h, 1h, 30m o 2d; entre 1 minuto y 30 días, hasta 5 separadas por comas"


class LeadError(ValueError):
    """Lead times the bot does not accept; the message is for the user, in Spanish."""


def check_leads(leads: Iterable[int]) -> tuple[int, ...]:
    """``leads`` sorted longest first, or :class:`LeadError` when any is out of bounds or there are too many."""
    unique = tuple(sorted(set(leads), reverse=True))
    if not unique:
        raise LeadError(f"Indica al menos una anticipación ({LEAD_USAGE}).")
    for lead in unique:
        if not MIN_LEAD <= lead <= MAX_LEAD:
            raise LeadError(f"La anticipación de {describe_lead(lead)} no es válida: {LEAD_USAGE}.")
    if len(unique) > MAX_LEADS:
        raise LeadError(f"Son {len(unique)} anticipaciones; el máximo es {MAX_LEADS}.")
    return unique


def parse_leads(text: str) -> tuple[int, ...]:
    """ "24h,1h" → (86400, 3600); accepts d, h, m (and "min"), and s for whole minutes; bounded."""
    units = {"d": 86400, "h": 3600, "m": 60, "min": 60, "s": 1, "seg": 1, "": 1}
    leads = []
    text = re.sub(r"(\d)\s+(?=(?:d|h|min|m|seg|s)\b)", r"\1", text.strip().lower())  # "24 h" is "24h"
    for part in re.split(r"[,\s;]+", text):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,9})\s*(d|h|min|m|seg|s)?", part)
        if not match:
            raise LeadError(f"No entiendo la anticipación «{part}»: {LEAD_USAGE}.")
        leads.append(int(match.group(1)) * units[match.group(2) or ""])
    return check_leads(leads)


def decode_leads(stored: str) -> tuple[int, ...]:
    """A stored lead list ("86400,3600") checked like the user's, or :class:`LeadError`."""
    try:
        return check_leads(int(part) for part in stored.split(",") if part.strip())
    except ValueError as error:
        raise LeadError(str(error)) from None


def describe_lead(seconds: int) -> str:
    """86400 → "24 horas"; 3600 → "1 hora"; 90 → "90 segundos"."""
    for size, one in ((86400, "día"), (3600, "hora"), (60, "minuto")):
        if seconds % size == 0 and seconds >= size:
            n = seconds // size
            if size == 86400 and n == 1:
                return "24 horas"
            return plural(n, one)
    return plural(seconds, "segundo")
