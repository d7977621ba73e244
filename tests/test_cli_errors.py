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
