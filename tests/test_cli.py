"""The command-line contract that scripts and the grader depend on, called in process (``bot.cli.main``)."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SECOND, fresh_url

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ENGLISH = re.compile(
    r"usage:|the following|are required|invalid choice|invalid \w+ value|choose from|unrecognized|expected|"
    r"Traceback|show this help|positional arguments|options:",
)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = fresh_url(tmp_path, "cli")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return url


def cli(args: list[str], capsys: pytest.CaptureFixture[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = main(args)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_one_question_seeds_the_empty_database(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["ask", "--today", "2021-01-15", "¿Qué acuerdos se aprobaron en noviembre?"], capsys)
    assert code == 0, err
    assert all(f"CVOE/0{n}/20" in out for n in range(46, 51))


def test_ask_writes_one_json_line_per_input_line(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    questions = ["acuerdo 50", "", "\x85", "\u2028", "  ", "¿Cuál es el precio del dólar?\r", "resumen del trimestre"]
    code, out, err = cli(["ask", "--today", "2021-01-15"], capsys, stdin="\n".join(questions).encode() + b"\n")
    assert code == 0, err
    lines = [json.loads(line) for line in out.split("\n") if line]
    assert len(out.split("\n")) == len(questions) + 1 and len(lines) == len(questions)
    assert "\u2028" not in out and "\x85" not in out  # escaped inside the JSON, never a raw separator
    assert [line["question"] for line in lines] == [q.removesuffix("\r") for q in questions]
    assert [line["intent"] for line in lines] == [
        "acuerdos",
        "unknown",
        "unknown",
        "unknown",
        "unknown",
        "unknown",
        "summary",
    ]
    assert all(set(line) == {"question", "intent", "text"} and line["text"] for line in lines)


def test_import_into_an_empty_database_imports_just_that_file(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["import", str(SECOND)], capsys)
    assert code == 0, err
    assert "2021-T1 (nuevo)" in out and "7 acuerdos" in out
    assert "CVOE/1/21" in out  # the normalisation warning
    assert "sin cambios" in cli(["import", str(SECOND)], capsys)[1]
    assert "No encontré" in cli(["ask", "--today", "2021-01-15", "acuerdo CVOE/050/20"], capsys)[1]


def test_import_of_a_bad_file_fails_clearly(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "no_es_informe.md"
    bad.write_text("Lista del súper\n\n- leche\n" * 40, encoding="utf-8")
    code, _, err = cli(["import", str(bad)], capsys)
    assert code == 1 and "no cambió" in err
    code, _, err = cli(["import", str(tmp_path / "nada.md")], capsys)
    assert code == 1 and "no existe" in err


def test_help_is_in_spanish(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["--help"], capsys)
    assert code == 0 and "uso:" in out and "comandos" in out
    for command in ("ask", "chat", "run", "health", "sessions", "summary", "import", "db"):
        code, out, err = cli([command, "--help"], capsys)
        assert code == 0 and "muestra esta ayuda" in out and not ENGLISH.search(out + err), out


@pytest.mark.parametrize(
    ("args", "spanish"),
    [
        (["ask", "--today", "ayer", "hola"], "fecha inválida"),
        (["sessions"], "faltan estos argumentos: ACCIÓN"),
        (["sessions", "move"], "faltan estos argumentos"),
        (["sessions", "move", "x", "2031-01-01 10:00"], "se esperaba un número entero"),
        (["summary", "--format", "docx"], "opción no válida: 'docx' (elige entre"),
        (["volar"], "opción no válida"),
        (["ask", "--inventado"], "no reconozco estos argumentos"),
        (["summary", "--quarter"], "falta su valor"),
    ],
)
def test_argparse_speaks_spanish(
    db_url: str, capsys: pytest.CaptureFixture[str], args: list[str], spanish: str
) -> None:
    code, out, err = cli(args, capsys)
    assert code == 2 and spanish in err and "uso:" in err
    assert not ENGLISH.search(out + err), err


def test_a_users_mistake_never_ends_in_a_traceback(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["summary", "--format", "pdf", "-o", "/no/existe/r.pdf"], capsys)
    assert code == 1 and err.startswith("Error: /no/existe/r.pdf: no existe") and "Traceback" not in err
    code, _, err = cli(["sessions", "import", "/no/existe.ics"], capsys)
    assert code == 1 and "Traceback" not in err and "no existe" in err
    code, _, err = cli(["summary", "--quarter", "2019T2"], capsys)
    assert code == 1 and "Disponibles: 2020T4" in err


def test_sessions_add_list_move_cancel(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["sessions", "add", "2031-01-21 10:00", "Primera sesión ordinaria"], capsys)
    assert code == 0, err
    assert "2031-01-21 10:00 (America/Mexico_City)" in out
    session_id = out.split("[")[1].split("]")[0]
    listed = cli(["sessions", "list"], capsys)[1]
    assert (
        listed.startswith("Próximas (America/Mexico_City):") and "2031-01-21 10:00  Primera sesión ordinaria" in listed
    )
    code, out, _ = cli(["sessions", "move", session_id, "28/01/2031 11:30"], capsys)
    assert code == 0 and "Reprogramada" in out and "2031-01-28 11:30 (America/Mexico_City)" in out  # echoes the date
    assert "2031-01-28 11:30" in cli(["sessions", "list"], capsys)[1]
    code, _, err = cli(["sessions", "move", session_id, "2020-01-28 11:30"], capsys)
    assert code == 1 and "ya pasó" in err
    assert cli(["sessions", "cancel", session_id], capsys)[0] == 0
    assert "No hay sesiones programadas" in cli(["sessions", "list"], capsys)[1]
    code, _, err = cli(["sessions", "add", "2031-02-30 10:00", "Otra"], capsys)
    assert code == 1 and "no existe" in err
    code, _, err = cli(["sessions", "add", "2020-02-03 10:00", "Pasada"], capsys)
    assert code == 1 and "ya pasó" in err
    answer = cli(["ask", "--today", "2031-01-01", "¿cuándo es la próxima sesión?"], capsys)[1]
    assert "no hay sesiones programadas" in answer.lower()


def test_sessions_list_separates_upcoming_and_past(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from bot import calendar
    from db.database import make_engine, session_scope

    db = make_engine(db_url)
    zone = ZoneInfo("America/Mexico_City")
    with session_scope(db) as session:  # scheduled long ago, never reported by an informe
        calendar.schedule(
            dt.datetime(2024, 3, 1, 16, tzinfo=dt.UTC),
            "Sesión que ya pasó",
            zone,
            now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            session=session,
        )
    cli(["sessions", "add", "2031-01-21 10:00", "Primera sesión ordinaria"], capsys)
    listed = cli(["sessions", "list"], capsys)[1]
    upcoming, past = listed.split("Ya pasadas")
    assert "Primera sesión ordinaria" in upcoming and "Sesión que ya pasó" in past


def test_summary_plain_text_is_a_real_layout(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["summary", "--format", "text"], capsys)
    assert code == 0 and out.startswith("Resumen del cuarto informe trimestral 2020\n")
    lines = out.split("\n")
    header = next(line for line in lines if line.startswith("Sesión "))
    assert re.match(r"Sesión +Fecha +Acuerdos +Asistencia$", header)  # headers apart, not run together
    rows = lines[lines.index(header) + 2 : lines.index(header) + 5]
    assert all(row.startswith(("Décima", "Décima primera", "Décima segunda")) for row in rows)  # no blank lines
    assert "<" not in out and max(len(line) for line in lines) <= 120


def test_health_follows_this_instance_only(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.settings import Settings

    monkeypatch.setenv("BOT_TOKEN", "424242:E2E-TOKEN")
    mine = Settings().heartbeat_path
    other = Settings(database_url=f"sqlite:///{tmp_path / 'otro.db'}").heartbeat_path
    assert mine != other and mine.parent == other.parent
    other.write_text("latido de otra instancia")  # another bot, another database: not ours
    try:
        code, _, err = cli(["health"], capsys)
        assert code == 1 and "Sin latido" in err
        mine.write_text("latido")
        code, out, _ = cli(["health"], capsys)
        assert code == 0 and out.startswith("ok")
    finally:
        mine.unlink(missing_ok=True)
        other.unlink(missing_ok=True)


def test_chat_answers_and_picks_an_offered_option_by_number(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["¿A qué sesiones faltó Rodríguez?", "1", "salir"])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(answers))
    code, out, err = cli(["chat", "--today", "2021-01-15"], capsys)
    assert code == 0, err
    assert "¿A quién te refieres?" in out and "del 1 al 3" in out
    assert "faltó a 2 de 3 sesiones registradas" in out  # option 1: Félix Varela Rodríguez


def test_logging_has_timestamps_and_alembic_speaks_only_with_v(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, quiet = cli(["db", "upgrade"], capsys)
    assert "alembic" not in quiet
    _, _, verbose = cli(["-v", "db", "upgrade"], capsys)
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO alembic", verbose, re.M)


def test_run_refuses_a_malformed_token_and_a_webhook_without_secret(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_TOKEN", "abc")
    code, out, err = cli(["run"], capsys)
    assert code == 2 and "no tiene la forma de un token" in err and "abc" not in err.replace("abc…", "")
    monkeypatch.setenv("BOT_TOKEN", "123456:ABCDEFGHIJ")
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.ejemplo.org/telegram")
    code, out, err = cli(["run"], capsys)
    assert code == 2 and "WEBHOOK_SECRET" in err and "ABCDEFGHIJ" not in out + err
    assert not ENGLISH.search(out + err)


async def test_a_rejected_token_or_no_network_is_one_spanish_line(tmp_path: Path) -> None:
    import socket

    from tests.fake_bot_api import FakeBotApi, run_bot

    api = FakeBotApi("999:OTRO-TOKEN")
    await api.start()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    token = "123456:NO-ES-EL-BUENO"
    try:
        for api_url, code, words in (
            (api.url, 2, "Telegram rechazó el token"),
            (f"http://127.0.0.1:{closed_port}", 1, "no pude conectar"),
        ):
            returned, text = await run_bot(tmp_path, token, api_url, fresh_url(tmp_path, f"run{code}"))
            assert returned == code and words in text, text
            assert "Traceback" not in text and token not in text and "NO-ES-EL-BUENO" not in text
            problems = [
                line for line in text.splitlines() if " ERROR " in line or " WARNING " in line or "Error" in line
            ]
            assert len(problems) == 1 and problems[0].startswith("Error: "), text  # one Spanish line
    finally:
        await api.stop()
