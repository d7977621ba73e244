"""The vocabulary enums: stored values, Spanish labels and synonyms."""

from __future__ import annotations

import ast

import pytest

from lang import vocabulary
from lang.vocabulary import ActivityKind, ConvenioStatus, SessionKind, SessionStatus, Subject
from tests.source_scan import modules


def test_members_are_their_stored_strings() -> None:
    assert SessionKind.ORDINARIA == "ordinaria"
    assert f"{ConvenioStatus.SUSCRITO}" == "suscrito"
    assert Subject.RESUMEN == "summary"


def test_members_carry_spanish_labels() -> None:
    assert ActivityKind.REUNION.label == "reunión"
    assert ActivityKind.REUNION.plural == "reuniones"
    assert "charla" in ActivityKind.PLATICA.synonyms


@pytest.mark.parametrize(("value", "expected"), [("programada", True), ("celebrada", False), ("cancelada", False)])
def test_scheduled_statuses(value: str, expected: bool) -> None:
    assert SessionStatus(value).scheduled is expected


def test_parse_tolerates_unknown_values() -> None:
    assert SessionKind.parse("solemne") is None
    assert SessionKind.parse(None) is None
    assert SessionKind.parse("urgente") is SessionKind.URGENTE


VALUES = {
    member.value: f"{enum.__name__}.{member.name}"
    for enum in vars(vocabulary).values()
    if isinstance(enum, type) and issubclass(enum, vocabulary._Vocabulary) and enum is not vocabulary._Vocabulary
    for member in enum
}

# Where a string equal to a vocabulary value is a plain word, not the stored value: a folded word of a
# question or of an informe's headings that the code looks for, a Spanish noun it writes, a table's,
# command's or style's name. Module by module, word by word; anything else is written with the enum.
QUESTION_WORDS = "folded words of a question the engine looks for"
AS_TEXT: dict[str, tuple[set[str], str]] = {
    "bot/calendar.py": ({"summary"}, "the iCalendar property SUMMARY"),
    "bot/cli.py": ({"help", "summary"}, "argparse's help action; the summary command's name"),
    "bot/cli_sessions.py": ({"sesiones"}, "a Spanish plural"),
    "bot/documents.py": ({"nota", "sesion"}, "names of paragraph styles"),
    "bot/summary.py": ({"acuerdos", "convenios"}, "the snapshot's table names"),
    "bot/engine/conversation.py": ({"actividad", "evento", "informe", "sesion", "sesiones"}, QUESTION_WORDS),
    "bot/engine/framing.py": ({"informe", "seguimiento", "sesion"}, QUESTION_WORDS),
    "bot/engine/ignorance.py": ({"asistencia"}, QUESTION_WORDS),
    "bot/engine/knowledge.py": ({"acuerdos", "convenios", "partido"}, "table names; a word that is never a name"),
    "bot/engine/kinds.py": ({"unidad"}, "first words of a body's name"),
    "bot/engine/lexicon.py": (
        {"actividad", "acuerdos", "asistencia", "convenios", "curso", "direccion", "evento", "extraordinaria"}
        | {"nota", "ordinaria", "partido", "representacion", "secretaria", "sesion", "taller", "texto", "unidad"}
        | {"urgente"},
        QUESTION_WORDS + " (abbreviations spelt out, cues)",
    ),
    "bot/engine/matching.py": ({"direccion", "secretaria"}, "words of an office's name"),
    "bot/engine/names.py": ({"direccion", "secretaria", "unidad"}, "first words of a feminine organ's name"),
    "bot/engine/scoring.py": (
        {"actividad", "ceremonia", "conferencia", "conversatorio", "curso", "evento", "foro", "help", "informe"}
        | {"nota", "partido", "platica", "presencial", "presentacion", "reporte", "reunion", "seminario", "sesion"}
        | {"taller", "virtual"},
        QUESTION_WORDS + " (keyword weights)",
    ),
    "bot/engine/skills/actividades.py": ({"actividad", "actividades"}, "Spanish nouns of an answer"),
    "bot/engine/skills/asistencia.py": ({"asistencia"}, "a Spanish noun of an answer"),
    "bot/engine/skills/base.py": ({"sesion", "sesiones"}, QUESTION_WORDS),
    "bot/engine/skills/informe.py": ({"informe"}, "a Spanish noun of an answer"),
    "bot/engine/skills/sesiones.py": ({"sesion"}, "a word of the informe's prose"),
    "bot/engine/skills/tally.py": ({"sesiones"}, "a Spanish plural"),
    "bot/engine/understanding.py": ({"correo", "curso", "informe", "platica", "reunion", "sesion"}, QUESTION_WORDS),
    "bot/engine/when.py": (
        {"actividad", "asistencia", "informe", "sesion", "ordinaria", "extraordinaria", "urgente"},
        QUESTION_WORDS,
    ),
    "db/models.py": ({"acuerdos", "convenios"}, "table names"),
    "handlers/__init__.py": ({"help"}, "the /help command"),
    "handlers/calendar.py": ({"cancelada", "reunion", "sesion"}, "a message's name; words of a session's title"),
    "handlers/commands.py": ({"acuerdos", "asistencia", "convenios", "help", "sesiones"}, "Telegram commands"),
    "handlers/conversation.py": ({"acuerdos", "asistencia", "convenios", "sesiones"}, "Telegram commands"),
    "handlers/files.py": ({"informe"}, "a file's name"),
    "seed/checks.py": ({"actividades", "acuerdos", "sesiones"}, "Spanish names of the counts checked"),
    "seed/importer.py": ({"actividad", "actividades", "acuerdos", "sesiones"}, "Spanish names of the counts"),
    "seed/informe.py": ({"actividades", "acuerdos", "sesiones"}, "Spanish names of the counts"),
    "seed/readers/furniture.py": ({"presentacion"}, "a heading's word"),
    "seed/sections/activities.py": (
        {"actividad", "actividades", "curso", "evento", "taller"},
        "the Spanish name of a count; words of a column's header",
    ),
    "seed/sections/acuerdos.py": ({"sesion"}, "a column heading's word"),
    "seed/sections/attendance.py": ({"asistencia", "direccion", "unidad"}, "words of headings and of bodies' names"),
    "seed/sections/base.py": (
        {"actividad", "acuerdos", "asistencia", "integracion", "otro", "presentacion", "sesion", "sesiones"},
        "heading words; the values of Part, the informe's parts",
    ),
    "seed/sections/convenios.py": ({"sesion"}, "a column heading's word"),
    "seed/sections/cover.py": ({"informe"}, "a word of the cover's title"),
    "seed/sections/figures.py": ({"actividades", "acuerdos", "sesiones", "urgente"}, "counts' names; prose words"),
    "seed/sections/integration.py": ({"integracion"}, "a heading's word"),
    "seed/sections/sessions.py": ({"sesiones"}, "a word of the informe's prose"),
}


def vocabulary_literals(tree: ast.Module) -> set[str]:
    """Whole string constants of a module that are the value of a vocabulary member."""
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)} & set(VALUES)


def test_no_vocabulary_value_is_written_as_a_literal() -> None:
    """Outside ``lang/vocabulary.py`` the code imports the enum ("suscrito" is ``ConvenioStatus.SUSCRITO``);
    the words listed in ``AS_TEXT`` are text that happens to be spelt like a value."""
    found = {path: vocabulary_literals(tree) for path, tree in modules("bot", "seed", "handlers", "db")}
    written = {
        path: {f"{word} ({VALUES[word]})" for word in words - AS_TEXT.get(path, (set(), ""))[0]}
        for path, words in found.items()
    }
    assert {path: words for path, words in written.items() if words} == {}
    stale = {path: allowed - found.get(path, set()) for path, (allowed, _) in AS_TEXT.items()}
    assert {path: words for path, words in stale.items() if words} == {}  # the list says only what is there


def test_the_vocabulary_scan_sees_a_stored_value() -> None:
    assert vocabulary_literals(ast.parse('signed = [c for c in convenios if c.status == "suscrito"]')) == {"suscrito"}
    assert vocabulary_literals(ast.parse('Reply("help", "", text, [])')) == {"help"}
    assert vocabulary_literals(ast.parse('f"{n} convenios suscritos"')) == set()  # inside a longer text
