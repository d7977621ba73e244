"""The calendar of upcoming sessions: Spanish date-times, scheduling, rescheduling, cancelling,
iCalendar and CSV import, and iCalendar export. Plain Python over the store; no Telegram.

Every function that changes the calendar takes the caller's database ``session``: the caller opens the
transaction (``db.database.session_scope``) and so decides what commits together.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.clock import as_utc, utc_now
from db.models import CommissionSession
from db.queries import calendar as calendar_rows
from lang.names import find_session_refs
from lang.spanish import WEEKDAYS_FOLDED, fold, ordinal_feminine
from lang.vocabulary import SCHEDULED_STATUSES, SessionKind, SessionStatus

SCHEDULED = SCHEDULED_STATUSES  # the name the engine imports
__all__ = ["SCHEDULED", "CalendarChange", "CalendarError", "as_utc", "parse_when"]


class CalendarError(ValueError):
    """A date, time or file the calendar cannot use; the message is for the user, in Spanish."""


_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2})\s*$")
_DMY_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(?:a\s+las\s+)?(\d{1,2}):(\d{2})\s*(?:h|hrs|horas)?\s*$", re.I)
# The time of day in folded text: "a las 10", "a la 1", "10:30", "10.30", "10 h", "10 horas", "5 de la tarde", "5 pm".
_TIME_RE = re.compile(
    r"(?:\ba\s+las?\s+(?P<h1>\d{1,2})(?:\s*[:.]\s*(?P<m1>\d{2}))?(?:\s*(?:h|hrs|horas)\b)?"
    r"|\b(?P<h2>\d{1,2})\s*[:.]\s*(?P<m2>\d{2})(?:\s*(?:h|hrs|horas)\b)?"
    r"|\b(?P<h3>\d{1,2})\s*(?:h|hrs|horas)\b)"
    r"(?:\s*(?P<meridiem>de la manana|de la tarde|de la noche|a\.?\s?m\.?|p\.?\s?m\.?)(?=\s|$))?"
)
_RELATIVE_DAYS = {"hoy": 0, "manana": 1, "pasado manana": 2}
_TIME_HINT = "Escríbela como 2027-01-21 10:00, «21 de enero de 2027 a las 10:00» o «mañana a las 10»."


def parse_when(text: str, zone: ZoneInfo, *, now: dt.datetime | None = None) -> dt.datetime:
    """A date and time in the commission's zone, from "2027-01-21 10:00", "21/01/2027 10:00",
    "21 de enero de 2027 a las 10:00", "mañana a las 10" or "el jueves a las 17:30"; returned in UTC.

    The hour is always the one written, read in ``zone``; relative days count from ``now`` in ``zone``.
    """
    cleaned = text.strip()
    if not cleaned:
        raise CalendarError("Falta la fecha y hora de la sesión (por ejemplo, 2027-01-21 10:00).")
    for pattern, order in ((_ISO_RE, "ymd"), (_DMY_RE, "dmy")):
        match = pattern.match(cleaned)
        if match:
            a, b, c, hour, minute = (int(g) for g in match.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                local = dt.datetime(year, month, day, hour, minute, tzinfo=zone)
            except ValueError:
                raise CalendarError(f"La fecha «{text}» no existe.") from None
            return local.astimezone(dt.UTC)
    folded = re.sub(r"\s+", " ", fold(cleaned)).strip()
    times = list(_TIME_RE.finditer(folded))
    if len(times) != 1:
        raise CalendarError(f"No entendí la fecha y hora «{text}». {_TIME_HINT}")
    found = times[0]
    hour = int(found.group("h1") or found.group("h2") or found.group("h3"))
    minute = int(found.group("m1") or found.group("m2") or 0)
    meridiem = (found.group("meridiem") or "").replace(" ", "").replace(".", "")
    if meridiem in ("pm", "delatarde", "delanoche") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise CalendarError(f"La hora de «{text}» no existe.")
    day_text = (folded[: found.start()] + " " + folded[found.end() :]).strip(" ,")
    local_today = (now or utc_now()).astimezone(zone).date()
    on = _parse_day(day_text, local_today)
    if on is None:
        raise CalendarError(f"No entendí la fecha y hora «{text}». {_TIME_HINT}")
    return dt.datetime(on.year, on.month, on.day, hour, minute, tzinfo=zone).astimezone(dt.UTC)


def warm_up() -> None:
    """Load dateparser and its Spanish data now (a second or so), not on the first free-form date."""
    _parse_day("1 de enero de 2030", dt.date(2029, 12, 1))


def _parse_day(text: str, today: dt.date) -> dt.date | None:
    """The day in ``text`` (folded, no time): "mañana", "el jueves", "21 de enero de 2027"."""
    text = re.sub(r"^(?:el|este|esta)\s+", "", text).strip()
    text = re.sub(r"^(?:proximo|siguiente)\s+", "", text).strip()
    if text in _RELATIVE_DAYS:
        return today + dt.timedelta(days=_RELATIVE_DAYS[text])
    if text in WEEKDAYS_FOLDED:
        ahead = (WEEKDAYS_FOLDED.index(text) - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    if not re.search(r"\d", text):
        return None  # a weekday or month alone, or words that are not a date
    import dateparser  # loaded only when a free-form date needs it: it is slow to import

    parsed = dateparser.parse(
        text,
        languages=["es"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": dt.datetime(today.year, today.month, today.day),
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    return parsed.date() if parsed is not None else None


@dataclass(frozen=True)
class CalendarChange:
    """What a calendar operation did, for the reminders to react to."""

    session_id: int
    action: SessionStatus  # programada | reprogramada | cancelada
    previous_start: dt.datetime | None
    title: str


def _refuse_past(when: dt.datetime, now: dt.datetime) -> None:
    if as_utc(when) <= as_utc(now):
        raise CalendarError("Esa fecha ya pasó; agenda sesiones futuras.")


def _identity(title: str, when_local: dt.datetime, session: Session) -> tuple[int, str, int]:
    """(year, kind, number) from the title ("Primera sesión extraordinaria"), or the next free number."""
    refs = find_session_refs(title)
    folded = fold(title)
    kind = next(
        (k for k in (SessionKind.URGENTE, SessionKind.EXTRAORDINARIA) if k.value in folded), SessionKind.ORDINARIA
    )
    year = when_local.year
    if refs:
        ref = refs[0]
        return (ref.year or year, ref.kind or kind, ref.number)
    return (year, kind, max(calendar_rows.numbers(year, kind, session=session), default=0) + 1)


def _refuse_held(row: CommissionSession, session: Session, what: str) -> None:
    """A session an informe holds (or names on its cover as held) is the informe's record: the calendar never
    moves, renames or cancels it."""
    informe = calendar_rows.holder(row, session=session)
    if informe is None and row.status != SessionStatus.CELEBRADA:
        return
    day = f" el {row.date:%d/%m/%Y}" if row.date else ""
    source = f", según el informe {informe.year}-T{informe.quarter}" if informe is not None else ""
    raise CalendarError(f"La {describe(row).lower()} ya se celebró{day}{source}: {what}")


def schedule(
    when: dt.datetime,
    title: str,
    zone: ZoneInfo,
    *,
    now: dt.datetime,
    session: Session,
    place: str | None = None,
    agenda: str | None = None,
) -> tuple[CommissionSession, CalendarChange]:
    """Add a session to the calendar (or set the time of a scheduled one named by the title); never in the past,
    never a session that was already held."""
    _refuse_past(when, now)
    title = title.strip() or "Sesión de la Comisión"
    when = as_utc(when)
    local = when.astimezone(zone)
    year, kind, number = _identity(title, local, session)
    row = calendar_rows.find(year, kind, number, session=session)
    if row is not None:
        free = max(calendar_rows.numbers(local.year, kind, session=session), default=0) + 1
        example = CommissionSession(year=local.year, kind=kind, number=free, ordinal=ordinal_feminine(free))
        _refuse_held(
            row, session, f"no la cambio. Para agendar otra sesión, dale su propio nombre, como «{describe(example)}»."
        )
    previous = as_utc(row.starts_at) if row is not None and row.starts_at else None
    if row is None:
        row = CommissionSession(year=year, kind=kind, number=number, ordinal=ordinal_feminine(number))
    status = SessionStatus.parse(row.status)
    if previous is None or not isinstance(status, SessionStatus) or status not in SCHEDULED_STATUSES:
        action = SessionStatus.PROGRAMADA  # new, cancelled, or a held session given a time
    else:
        action = SessionStatus.REPROGRAMADA if previous != when else status
    row.starts_at, row.date, row.title = when, local.date(), title
    row.place = place or row.place
    row.agenda = agenda or row.agenda
    row.status = SessionStatus.REPROGRAMADA if action == SessionStatus.REPROGRAMADA else SessionStatus.PROGRAMADA
    calendar_rows.put(row, session=session)
    assert row.id is not None
    return row, CalendarChange(row.id, action, previous if action == SessionStatus.REPROGRAMADA else None, title)


def _scheduled(session: Session, session_id: int) -> tuple[CommissionSession, dt.datetime]:
    """The calendar session numbered ``session_id`` and its start (UTC), or a clear error."""
    row = calendar_rows.get(session_id, session=session) if 0 < session_id < 2**63 else None
    if row is None:
        raise CalendarError(f"No hay una sesión programada con el número {session_id}.")
    _refuse_held(row, session, "solo se reprograman o cancelan sesiones programadas.")
    if row.starts_at is None:
        raise CalendarError(f"No hay una sesión programada con el número {session_id}.")
    return row, as_utc(row.starts_at)


def reschedule(
    session_id: int, when: dt.datetime, zone: ZoneInfo, *, now: dt.datetime, session: Session
) -> CalendarChange:
    """Move a scheduled session to ``when`` (never to the past)."""
    _refuse_past(when, now)
    row, previous = _scheduled(session, session_id)
    if row.status == SessionStatus.CANCELADA:
        raise CalendarError("Esa sesión está cancelada; prográmala de nuevo con /agendar.")
    when = as_utc(when)
    row.starts_at, row.date, row.status = when, when.astimezone(zone).date(), SessionStatus.REPROGRAMADA
    calendar_rows.put(row, session=session)
    return CalendarChange(session_id, SessionStatus.REPROGRAMADA, previous, row.title or describe(row))


def cancel(session_id: int, *, session: Session) -> CalendarChange:
    """Cancel a scheduled session."""
    row, start = _scheduled(session, session_id)
    if row.status == SessionStatus.CANCELADA:
        raise CalendarError("Esa sesión ya estaba cancelada.")
    row.status = SessionStatus.CANCELADA
    calendar_rows.put(row, session=session)
    return CalendarChange(session_id, SessionStatus.CANCELADA, start, row.title or describe(row))


def scheduled_sessions(*, session: Session) -> list[CommissionSession]:
    """Every session on the calendar and not cancelled, past or upcoming, soonest first."""
    rows = [r for r in calendar_rows.with_start(SCHEDULED_STATUSES, session=session) if r.starts_at]
    return sorted(rows, key=lambda r: as_utc(r.starts_at))  # type: ignore[arg-type]


def upcoming(now: dt.datetime, *, session: Session) -> list[CommissionSession]:
    """Scheduled sessions that have not started, soonest first."""
    return [r for r in scheduled_sessions(session=session) if as_utc(r.starts_at) > now]  # type: ignore[arg-type]


def describe(row: CommissionSession) -> str:
    """ "Primera sesión ordinaria de 2027"."""
    return f"{ordinal_feminine(row.number).capitalize()} sesión {row.kind} de {row.year}"


# --- import and export ---------------------------------------------------------------------------


def import_calendar(
    data: bytes, filename: str, zone: ZoneInfo, *, now: dt.datetime, session: Session
) -> list[CalendarChange]:
    """Import sessions from an iCalendar (.ics) or CSV file (columns: fecha, hora, título[, lugar, orden del día]).

    Everything is read and checked first (no session in the past); the caller's transaction then holds all
    of them or, on any error, none.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CalendarError("El archivo no es texto UTF-8.") from None
    name = filename.lower()
    if name.endswith(".ics") or text.lstrip().startswith("BEGIN:VCALENDAR"):
        entries = _read_ics(text, zone)
    elif name.endswith(".csv"):
        entries = _read_csv(text, zone)
    else:
        raise CalendarError("Envía el calendario como archivo .ics o .csv.")
    if not entries:
        raise CalendarError("El archivo no contiene sesiones.")
    for when, title, _, _ in entries:
        if when <= now:
            local = when.astimezone(zone)
            raise CalendarError(
                f"«{title}» ({local:%d/%m/%Y %H:%M}) ya pasó; el archivo solo debe traer sesiones futuras."
            )
    return [
        schedule(when, title, zone, now=now, session=session, place=place, agenda=agenda)[1]
        for when, title, place, agenda in entries
    ]


def _read_ics(text: str, zone: ZoneInfo) -> list[tuple[dt.datetime, str, str | None, str | None]]:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(text)
    except ValueError as error:
        raise CalendarError(f"El archivo .ics está dañado: {error}") from None
    entries = []
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None:
            raise CalendarError("Un evento del .ics no tiene fecha de inicio.")
        title = str(event.get("SUMMARY", ""))
        named = f"El evento «{title}»" if title else "Un evento del .ics"
        try:
            value = start.dt
        except ValueError:  # icalendar keeps a value it cannot read as a broken property
            raise CalendarError(f"{named} tiene una fecha de inicio que no entiendo.") from None
        if not isinstance(value, dt.datetime):
            raise CalendarError(f"{named} no tiene hora de inicio.")
        if value.tzinfo is None:
            zone_name = start.params.get("TZID") if hasattr(start, "params") else None
            if zone_name:  # a zone icalendar does not know: never guess the hour
                raise CalendarError(
                    f"{named} usa la zona horaria «{zone_name}», que no conozco: usa una zona como "
                    "America/Mexico_City o escribe la hora en UTC."
                )
            value = value.replace(tzinfo=zone)  # a floating time: the commission's
        entries.append(
            (
                value.astimezone(dt.UTC),
                title,
                _text(event.get("LOCATION")),
                _text(event.get("DESCRIPTION")),
            )
        )
    return entries


def _text(value: object) -> str | None:
    return str(value) if value else None


def _read_csv(text: str, zone: ZoneInfo) -> list[tuple[dt.datetime, str, str | None, str | None]]:
    rows = list(csv.reader(io.StringIO(text)))
    if rows and rows[0] and fold(rows[0][0]).strip() in ("fecha", "date", "dia"):
        rows = rows[1:]
    entries = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            raise CalendarError(f"Fila {number}: se esperan fecha, hora y título.")
        try:
            when = parse_when(f"{row[0].strip()} {row[1].strip()}", zone)
        except CalendarError as error:
            raise CalendarError(f"Fila {number}: {error}") from None
        entries.append(
            (
                when,
                row[2].strip(),
                row[3].strip() if len(row) > 3 and row[3].strip() else None,
                row[4].strip() if len(row) > 4 and row[4].strip() else None,
            )
        )
    return entries


def to_ics(rows: list[CommissionSession], *, now: dt.datetime, duration: dt.timedelta = dt.timedelta(hours=2)) -> bytes:
    """An iCalendar file with ``rows`` (scheduled sessions), for staff to add to their calendar app.

    Times are written in UTC (``…Z``), which every calendar app converts to the reader's own zone.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//IECM//comisionbot//ES")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Sesiones de la CVOE")
    for row in rows:
        if row.starts_at is None:
            continue
        start = as_utc(row.starts_at).replace(second=0, microsecond=0)
        event = Event()
        event.add("uid", f"sesion-{row.year}-{row.kind}-{row.number}@comisionbot.iecm")
        event.add("summary", row.title or describe(row))
        event.add("dtstart", start)
        event.add("dtend", start + duration)
        event.add("dtstamp", as_utc(now).replace(microsecond=0))
        if row.place:
            event.add("location", row.place)
        if row.agenda:
            event.add("description", row.agenda)
        if row.status == SessionStatus.CANCELADA:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
