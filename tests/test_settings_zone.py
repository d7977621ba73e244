"""The settings are read once, by the wiring, and passed down; times are written in the zone they name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine as SqlEngine

from bot import calendar, cli
from bot.engine import Engine
from bot.render import environment
from bot.settings import Settings
from db.database import session_scope
from tests.conftest import fresh_url

MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = fresh_url(tmp_path, "zona")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return url


def test_the_command_line_reads_the_settings_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reads = []
    real = cli.get_settings

    def counted() -> Settings:
        reads.append(1)
        return real()

    counted.cache_clear = real.cache_clear  # type: ignore[attr-defined]
    monkeypatch.setattr(cli, "get_settings", counted)
    for args in (["ask", "--today", "2021-01-15", "acuerdo 46"], ["summary"], ["sessions", "list"], ["health"]):
        reads.clear()
        cli.main(args)
        assert len(reads) == 1, args
    capsys.readouterr()


def test_answers_write_times_in_the_configured_zone(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TZ", "Europe/Madrid")
    assert cli.main(["sessions", "add", "2031-01-21 10:00", "Primera sesión ordinaria"]) == 0
    assert cli.main(["ask", "--today", "2031-01-10", "¿cuándo es la próxima sesión?"]) == 0
    assert "martes 21 de enero de 2031 a las 10:00 h" in capsys.readouterr().out


def test_the_engine_writes_times_in_its_zone(db: SqlEngine) -> None:
    when = calendar.parse_when("2031-01-21 10:00", MADRID)
    with session_scope(db) as session:
        calendar.schedule(
            when, "Primera sesión ordinaria", MADRID, now=dt.datetime(2030, 12, 1, tzinfo=dt.UTC), session=session
        )
    reply = Engine(db, zone=MADRID).answer("¿cuándo es la próxima sesión?", today=dt.date(2031, 1, 10))
    assert "a las 10:00 h" in reply.text
    reply = Engine(db, zone=ZoneInfo("America/Mexico_City")).answer(
        "¿cuándo es la próxima sesión?", today=dt.date(2031, 1, 10)
    )
    assert "a las 03:00 h" in reply.text


def test_a_time_is_never_written_without_a_zone() -> None:
    template = environment.from_string("{{ start|hora_local|fecha_hora }}")
    start = dt.datetime(2031, 1, 21, 9, 0, tzinfo=dt.UTC)
    assert template.render(start=start, zone=MADRID) == "martes 21 de enero de 2031 a las 10:00 h"
    with pytest.raises(ValueError, match="zone"):
        template.render(start=start)
