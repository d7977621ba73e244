"""``comisionbot sessions``: the calendar of upcoming sessions from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from bot import calendar
from bot.calendar import as_utc, describe
from bot.cli_io import os_error
from bot.settings import Settings
from db.database import make_engine, session_scope
from lang.spanish import plural
from lang.vocabulary import SessionStatus


def sessions_command(args: argparse.Namespace, settings: Settings) -> int:
    """``comisionbot sessions add | list | move | cancel | import``."""
    from seed.seeding import prepare_store  # the importer (~50 ms): not for every command's start (see bot.cli)

    zone = settings.zone
    db = make_engine(settings.database_url)
    prepare_store(db)
    now = dt.datetime.now(dt.UTC)
    try:
        if args.action == "add":
            when = calendar.parse_when(args.when, zone, now=now)
            with session_scope(db) as session:
                row, change = calendar.schedule(
                    when, args.title, zone, now=now, session=session, place=args.lugar, agenda=args.orden
                )
            print(
                f"{'Reprogramada' if change.action == SessionStatus.REPROGRAMADA else 'Agregada'}: [{row.id}] "
                f"{row.title} — {when.astimezone(zone):%Y-%m-%d %H:%M} ({settings.tz})"
            )
        elif args.action == "list":
            with session_scope(db) as session:
                rows = calendar.scheduled_sessions(session=session)
            print_sessions(rows, now, settings)
        elif args.action == "move":
            when = calendar.parse_when(args.when, zone, now=now)
            with session_scope(db) as session:
                change = calendar.reschedule(args.id, when, zone, now=now, session=session)
            local = when.astimezone(zone)
            print(f"Reprogramada: [{change.session_id}] {change.title} — {local:%Y-%m-%d %H:%M} ({settings.tz})")
        elif args.action == "cancel":
            with session_scope(db) as session:
                change = calendar.cancel(args.id, session=session)
            print(f"Cancelada: [{change.session_id}] {change.title}")
        elif args.action == "import":
            with session_scope(db) as session:
                changes = calendar.import_calendar(
                    args.file.read_bytes(), args.file.name, zone, now=now, session=session
                )
            print(f"Importé {plural(len(changes), 'sesión', 'sesiones')} del calendario.")
    except calendar.CalendarError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Error: no pude leer el archivo {os_error(error)}", file=sys.stderr)
        return 1
    return 0


def print_sessions(rows: list[Any], now: dt.datetime, settings: Settings) -> None:
    """Scheduled sessions in two labelled groups: upcoming (soonest first) and already past."""
    upcoming = [r for r in rows if as_utc(r.starts_at) > now]
    past = [r for r in rows if as_utc(r.starts_at) <= now]
    if not rows:
        print("No hay sesiones programadas.")
        return
    for heading, group, empty in (
        (f"Próximas ({settings.tz})", upcoming, "ninguna"),
        ("Ya pasadas (programadas, sin informe todavía)", list(reversed(past)), None),
    ):
        if not group and empty is None:
            continue
        print(f"{heading}:")
        if not group:
            print(f"  {empty}")
        for row in group:
            local = as_utc(row.starts_at).astimezone(settings.zone)
            print(
                f"  [{row.id}] {local:%Y-%m-%d %H:%M}  {row.title or describe(row)}"
                + (f"  ({row.place})" if row.place else "")
                + ("  (reprogramada)" if row.status == SessionStatus.REPROGRAMADA else "")
            )
