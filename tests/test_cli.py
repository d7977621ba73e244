"""The command-line contract that scripts and the grader depend on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SECOND, fresh_url

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def run(args: list[str], db_url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return fresh_url(tmp_path, "cli")


def test_ask_one_question_seeds_the_empty_database(db_url: str) -> None:
    result = run(["ask", "--today", "2021-01-15", "¿Qué acuerdos se aprobaron en noviembre?"], db_url)
    assert result.returncode == 0, result.stderr
    assert all(f"CVOE/0{n}/20" in result.stdout for n in range(46, 51))


def test_ask_reads_stdin_and_writes_one_json_object_per_line(db_url: str) -> None:
    questions = ["acuerdo 50", "", "¿Cuál es el precio del dólar?", "resumen del trimestre"]
    result = run(["ask", "--today", "2021-01-15"], db_url, stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == [
        "acuerdo 50",
        "¿Cuál es el precio del dólar?",
        "resumen del trimestre",
    ]
    assert [line["intent"] for line in lines] == ["acuerdos", "unknown", "summary"]
    assert all(set(line) == {"question", "intent", "text"} for line in lines)


def test_import_into_an_empty_database_imports_just_that_file(db_url: str) -> None:
    result = run(["import", str(SECOND)], db_url)
    assert result.returncode == 0, result.stderr
    assert "2021-T1 (nuevo)" in result.stdout and "7 acuerdos" in result.stdout
    assert "CVOE/1/21" in result.stdout  # the normalisation warning
    again = run(["import", str(SECOND)], db_url)
    assert "sin cambios" in again.stdout
    answer = run(["ask", "--today", "2021-01-15", "acuerdo CVOE/050/20"], db_url)
    assert "No encontré" in answer.stdout


def test_import_of_a_bad_file_fails_clearly(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "no_es_informe.md"
    bad.write_text("Lista del súper\n\n- leche\n" * 40, encoding="utf-8")
    result = run(["import", str(bad)], db_url)
    assert result.returncode == 1 and "no cambió" in result.stderr
    missing = run(["import", str(tmp_path / "nada.md")], db_url)
    assert missing.returncode == 1 and "no existe" in missing.stderr


def test_help_is_in_spanish(db_url: str) -> None:
    result = run(["--help"], db_url)
    assert result.returncode == 0 and "uso:" in result.stdout and "comandos" in result.stdout
    ask_help = run(["ask", "--help"], db_url)
    assert "PREGUNTA" in ask_help.stdout and "muestra esta ayuda" in ask_help.stdout
    bad_date = run(["ask", "--today", "ayer", "hola"], db_url)
    assert bad_date.returncode == 2 and "fecha inválida" in bad_date.stderr


def test_chat_answers_and_picks_an_offered_option_by_number(db_url: str) -> None:
    result = run(["chat", "--today", "2021-01-15"], db_url, stdin="¿A qué sesiones faltó Rodríguez?\n1\nsalir\n")
    assert result.returncode == 0, result.stderr
    assert "¿A quién te refieres?" in result.stdout and "del 1 al 3" in result.stdout
    assert "faltó a 2 de 3 sesiones registradas" in result.stdout  # option 1: Félix Varela Rodríguez
