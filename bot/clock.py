"""The injectable clock: every module that needs "now" takes one, so tests control time instead of sleeping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]
"""A function returning the current time as an aware datetime."""

COMMISSION_TZ = "America/Mexico_City"
"""The commission's time zone: what the ``TZ`` setting is unless configured otherwise."""


def utc_now() -> dt.datetime:
    """The real clock, in UTC."""
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """Datetimes come back from SQLite without a zone: they are UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
