"""The calendar of upcoming sessions: Spanish date-times, scheduling, rescheduling, cancelling,
iCalendar and CSV import, and iCalendar export. Plain Python over the store; no Telegram.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session, col, select

from db.models import CommissionSession
from lang.spanish import find_session_refs, fold, ordinal_feminine

SCHEDULED = ("programada", "reprogramada")


class CalendarError(ValueError):
    """A date, time or file the calendar cannot use; the message is for the user, in Spanish."""


_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2})\s*$")
_DMY_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(?:a\s+las\s+)?(\d{1,2}):(\d{2})\s*(?:h|hrs|horas)?\s*$", re.I)


def parse_when(text: str, zone: ZoneInfo, *, now: dt.datetime | None = None) -> dt.datetime:
    """A date and time in the commission's zone, from "2027-01-21 10:00", "21/01/2027 10:00",
    "21 de enero de 2027 a las 10:00" and the like; returned as an aware UTC datetime."""
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
    import dateparser  # loaded only when a free-form date needs it: it is slow to import

    parsed = dateparser.parse(
        cleaned,
        languages=["es"],
        settings={
            "DATE_ORDER": "DMY",
            "TIMEZONE": str(zone),
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": (now or dt.datetime.now(zone)).replace(tzinfo=None),
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    if parsed is None or not re.search(r"\d{1,2}[:.h]\d{2}|\d{1,2}\s*(?:h|hrs|horas)\b|\ba las\b", fold(cleaned)):
        raise CalendarError(
            f"No entendí la fecha y hora «{text}». Escríbela como 2027-01-21 10:00 o «21 de enero de 2027 a las 10:00»."
        )
    return parsed.astimezone(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """Datetimes come back from SQLite without a zone: they are UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@dataclass(frozen=True)
class CalendarChange:
    """What a calendar operation did, for the reminders to react to."""

    session_id: int
    action: str  # programada | reprogramada | cancelada
    previous_start: dt.datetime | None
    title: str


def _identity(title: str, when_local: dt.datetime, session: Session) -> tuple[int, str, int]:
    """(year, kind, number) from the title ("Primera sesión extraordinaria"), or the next free number."""
    refs = find_session_refs(title)
    folded = fold(title)
    kind = "urgente" if "urgente" in folded else "extraordinaria" if "extraordinaria" in folded else "ordinaria"
    year = when_local.year
    if refs:
        ref = refs[0]
        return (ref.year or year, ref.kind or kind, ref.number)
    numbers = session.exec(
        select(CommissionSession.number).where(col(CommissionSession.year) == year, col(CommissionSession.kind) == kind)
    ).all()
    return (year, kind, max(numbers, default=0) + 1)


def schedule(
    db: SqlEngine, when: dt.datetime, title: str, zone: ZoneInfo, *, place: str | None = None, agenda: str | None = None
) -> tuple[CommissionSession, CalendarChange]:
    """Add a session to the calendar (or set the time of a known one named by the title)."""
    title = title.strip() or "Sesión de la Comisión"
    when = as_utc(when)
    local = when.astimezone(zone)
    with Session(db, expire_on_commit=False) as session:
        year, kind, number = _identity(title, local, session)
        row = session.exec(
            select(CommissionSession).where(
                col(CommissionSession.year) == year,
                col(CommissionSession.kind) == kind,
                col(CommissionSession.number) == number,
            )
        ).first()
        previous = as_utc(row.starts_at) if row is not None and row.starts_at else None
        if row is None:
            row = CommissionSession(year=year, kind=kind, number=number, ordinal=ordinal_feminine(number))
        if row.status == "cancelada" or previous is None:
            action = "programada"
        else:
            action = "reprogramada" if previous != when else row.status
        row.starts_at, row.date, row.title = when, local.date(), title
        row.place = place or row.place
        row.agenda = agenda or row.agenda
        row.status = "reprogramada" if action == "reprogramada" else "programada"
        session.add(row)
        session.commit()
        assert row.id is not None
        return row, CalendarChange(row.id, action, previous if action == "reprogramada" else None, title)


def _scheduled(session: Session, session_id: int) -> tuple[CommissionSession, dt.datetime]:
    """The calendar session numbered ``session_id`` and its start (UTC), or a clear error."""
    row = session.get(CommissionSession, session_id)
    if row is None or row.starts_at is None:
        raise CalendarError(f"No hay una sesión programada con el número {session_id}.")
    return row, as_utc(row.starts_at)


def reschedule(db: SqlEngine, session_id: int, when: dt.datetime, zone: ZoneInfo) -> CalendarChange:
    """Move a scheduled session to ``when``."""
    with Session(db, expire_on_commit=False) as session:
        row, start = _scheduled(session, session_id)
        if row.status == "cancelada":
            raise CalendarError("Esa sesión está cancelada; prográmala de nuevo con /agendar.")
        previous = start
        when = as_utc(when)
        row.starts_at, row.date, row.status = when, when.astimezone(zone).date(), "reprogramada"
        session.add(row)
        session.commit()
        return CalendarChange(session_id, "reprogramada", previous, row.title or describe(row))


def cancel(db: SqlEngine, session_id: int) -> CalendarChange:
    """Cancel a scheduled session."""
    with Session(db, expire_on_commit=False) as session:
        row, start = _scheduled(session, session_id)
        if row.status == "cancelada":
            raise CalendarError("Esa sesión ya estaba cancelada.")
        row.status = "cancelada"
        session.add(row)
        session.commit()
        return CalendarChange(session_id, "cancelada", start, row.title or describe(row))


def upcoming(db: SqlEngine, now: dt.datetime) -> list[CommissionSession]:
    """Scheduled sessions that have not started, soonest first."""
    with Session(db, expire_on_commit=False) as session:
        rows = session.exec(
            select(CommissionSession).where(
                col(CommissionSession.starts_at).is_not(None), col(CommissionSession.status).in_(SCHEDULED)
            )
        ).all()
    return sorted((r for r in rows if r.starts_at and as_utc(r.starts_at) > now), key=lambda r: as_utc(r.starts_at))  # type: ignore[arg-type]


def describe(row: CommissionSession) -> str:
    """ "Primera sesión ordinaria de 2027"."""
    return f"{ordinal_feminine(row.number).capitalize()} sesión {row.kind} de {row.year}"


# --- import and export ---------------------------------------------------------------------------


def import_calendar(db: SqlEngine, data: bytes, filename: str, zone: ZoneInfo) -> list[CalendarChange]:
    """Import sessions from an iCalendar (.ics) or CSV file (columns: fecha, hora, título[, lugar, orden del día]).

    Everything is read first; nothing is written unless the whole file is valid.
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
    return [schedule(db, when, title, zone, place=place, agenda=agenda)[1] for when, title, place, agenda in entries]


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
        value = start.dt
        if not isinstance(value, dt.datetime):
            raise CalendarError(f"El evento «{event.get('SUMMARY', '')}» no tiene hora de inicio.")
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        entries.append(
            (
                value.astimezone(dt.UTC),
                str(event.get("SUMMARY", "")),
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


def to_ics(rows: list[CommissionSession], zone: ZoneInfo, *, duration: dt.timedelta = dt.timedelta(hours=2)) -> bytes:
    """An iCalendar file with ``rows`` (scheduled sessions), for staff to add to their calendar app."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//IECM//comisionbot//ES")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Sesiones de la CVOE")
    calendar.add("x-wr-timezone", str(zone))
    for row in rows:
        if row.starts_at is None:
            continue
        start = as_utc(row.starts_at).astimezone(zone)
        event = Event()
        event.add("uid", f"sesion-{row.year}-{row.kind}-{row.number}@comisionbot.iecm")
        event.add("summary", row.title or describe(row))
        event.add("dtstart", start)
        event.add("dtend", start + duration)
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        if row.place:
            event.add("location", row.place)
        if row.agenda:
            event.add("description", row.agenda)
        if row.status == "cancelada":
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
