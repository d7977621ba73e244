"""A mistake in the configuration or on the command line is one Spanish line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import fresh_url

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = fresh_url(tmp_path, "cli")
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("BOT_TOKEN", "TZ", "REMINDER_LEADS", "WEBHOOK_URL", "TELEGRAM_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return url


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err and "Error inesperado" not in err, err
    return err.strip()


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("ALLOWED_USER_IDS", "abc", "ALLOWED_USER_IDS no es válida («abc»): escribe identificadores numéricos"),
        ("ADMIN_USER_IDS", "*", "ADMIN_USER_IDS no es válida («*»): escribe identificadores numéricos"),
        ("FLOOD_BURST", "x", "FLOOD_BURST no es válida («x»): escribe un número entero"),
        ("WEBHOOK_PORT", "abc", "WEBHOOK_PORT no es válida («abc»): escribe un número de puerto"),
        ("TZ", "Mars/Phobos", "TZ no es válida («Mars/Phobos»): escribe una zona horaria"),
        ("DATABASE_URL", "foo://secreto@x", "DATABASE_URL no es válida: escribe una URL como sqlite:///"),
        ("REMINDER_LEADS", "3000000d", "REMINDER_LEADS no es válida («3000000d»): la anticipación de 3000000 días"),
    ],
)
@pytest.mark.parametrize("command", [["ask", "hola"], ["health"], ["run"], ["sessions", "list"]])
def test_a_setting_written_wrong_is_named_in_one_line(
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    value: str,
    said: str,
    command: list[str],
) -> None:
    monkeypatch.setenv(name, value)
    code = main(command)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    line = one_line(err)
    assert line.startswith("Error: La variable ") and said in line
    assert "secreto" not in line  # a database URL may carry a password: it is never echoed


def test_a_malformed_token_is_refused_before_the_database_is_touched(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_TOKEN", "abc")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:pw-oculta@127.0.0.1:1/nadie")  # nothing listens there
    assert main(["run"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "no tiene la forma de un token" in line and "pw-oculta" not in line


def test_an_unreachable_database_is_said_in_spanish(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:pw-oculta@127.0.0.1:1/nadie")
    assert main(["ask", "hola"]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith("Error: no pude usar la base de datos de DATABASE_URL") and "pw-oculta" not in line


def test_the_token_is_hidden_in_tracebacks_too(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from bot.cli_io import configure_logging

    token = "123456:SECRETO-DEL-BOT"
    configure_logging(True, token)
    try:
        raise RuntimeError(f"The token `{token}` was rejected; secret alone: SECRETO-DEL-BOT")
    except RuntimeError:
        logging.getLogger("telegram.ext").exception("Fallo con %s", token)
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "[token]" in err
    assert "SECRETO-DEL-BOT" not in err and token not in err


async def test_a_rejected_token_never_shows_even_with_v_and_a_404_is_a_wrong_address(tmp_path: Path) -> None:
    from tests.fake_bot_api import FakeBotApi, run_bot

    api = FakeBotApi("999:EL-TOKEN-BUENO")
    await api.start()
    try:
        code, text = await run_bot(tmp_path, "123456:NO-ES-EL-BUENO", api.url, fresh_url(tmp_path, "run"), "-v")
        assert code == 2 and "Telegram rechazó el token" in text, text
        assert "NO-ES-EL-BUENO" not in text  # python-telegram-bot's own traceback names it
        code, text = await run_bot(tmp_path, "999:EL-TOKEN-BUENO", api.url + "/no-es-aqui", fresh_url(tmp_path, "run"))
        assert code == 2 and "TELEGRAM_API_URL" in text and "HTTP 404" in text, text
        assert "rechazó el token" not in text and "EL-TOKEN-BUENO" not in text
        problems = [line for line in text.splitlines() if "ERROR" in line or "Error" in line]
        assert len(problems) == 1 and problems[0].startswith("Error: la dirección de la Bot API"), text
    finally:
        await api.stop()


def test_a_session_number_too_big_for_the_database_is_just_not_there(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sessions", "move", "99999999999999999999999", "2030-01-01 10:00"]) == 1
    assert "No hay una sesión programada con el número 99999999999999999999999" in one_line(capsys.readouterr().err)


def test_file_system_mistakes_are_said_in_spanish(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "archivo.txt"
    plain.write_text("x")
    assert main(["summary", "-o", str(plain / "r.txt")]) == 1
    assert one_line(capsys.readouterr().err).endswith("r.txt: una parte de la ruta no es una carpeta")
    assert main(["summary", "-o", str(tmp_path / ("x" * 300 + ".txt"))]) == 1
    assert one_line(capsys.readouterr().err).endswith(": el nombre es demasiado largo")
    assert main(["import", str(tmp_path)]) == 1
    assert one_line(capsys.readouterr().err) == f"Error: {tmp_path} es una carpeta, no un archivo"


@pytest.mark.parametrize(
    ("start", "said"),
    [
        ("DTSTART:basura", "Un evento del .ics tiene una fecha de inicio que no entiendo."),
        ("DTSTART;TZID=Marte/Fobos:20310101T100000", "usa la zona horaria «Marte/Fobos», que no conozco"),
        ("DTSTART;VALUE=DATE:20310101", "Un evento del .ics no tiene hora de inicio."),
    ],
)
def test_a_calendar_file_that_cannot_be_read_is_refused_in_spanish(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], start: str, said: str
) -> None:
    ics = tmp_path / "c.ics"
    ics.write_text(f"BEGIN:VCALENDAR\nBEGIN:VEVENT\n{start}\nEND:VEVENT\nEND:VCALENDAR\n")
    assert main(["sessions", "import", str(ics)]) == 1
    assert said in one_line(capsys.readouterr().err)
    assert main(["sessions", "list"]) == 0 and "No hay sesiones programadas" in capsys.readouterr().out


def test_a_calendar_file_in_a_known_zone_keeps_its_hour(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "c.ics"
    start = "DTSTART;TZID=America/Monterrey:20310101T100000"
    ics.write_text(f"BEGIN:VCALENDAR\nBEGIN:VEVENT\n{start}\nSUMMARY:Sesión\nEND:VEVENT\nEND:VCALENDAR\n")
    assert main(["sessions", "import", str(ics)]) == 0
    capsys.readouterr()
    assert main(["sessions", "list"]) == 0 and "2031-01-01 10:00  Sesión" in capsys.readouterr().out
