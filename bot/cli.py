"""Command line: ``comisionbot ask | chat | import | run | health | sessions | summary | db``.

Every message is Spanish (argparse's own too) and a user's mistake never ends in a traceback.

Each command imports inside itself what only it needs and is slow to load, so that ``--help``, an argument
error and the container's ``health`` check answer at once: the answer engine (about 200 ms: numpy,
rapidfuzz, the templates), Telegram with the Application (about 470 ms), Alembic (about 130 ms) and the
importer with its readers (about 50 ms). Everything else is imported here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import OperationalError

from bot.argparse_es import SpanishFormatter, spanish, typed
from bot.cli_io import configure_logging, hide_token, input_lines, json_line, os_error
from bot.cli_sessions import sessions_command
from bot.documents import FORMATS, render_summary
from bot.settings import PUBLIC_BOT_API, Settings, SettingsError, get_settings
from bot.summary import build_summary, find_informe
from db.database import make_engine
from seed.informe import InformeFormatError

if TYPE_CHECKING:  # the engine is imported by the commands that answer (see above)
    from bot.engine import Engine

log = logging.getLogger("comisionbot")

DESCRIPTION = (
    "Asistente de la Comisión Permanente de Vinculación con Organismos Externos (IECM): responde preguntas "
    "sobre sesiones, asistencia, acuerdos, convenios y actividades a partir de los informes trimestrales."
)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fecha inválida «{value}»: usa el formato AAAA-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with Spanish help texts."""
    parser = argparse.ArgumentParser(
        prog="comisionbot",
        description=DESCRIPTION,
        formatter_class=SpanishFormatter,
        add_help=False,
        epilog="La base de datos se toma de DATABASE_URL (por omisión, SQLite en ~/.local/share/comisionbot).",
    )
    parser._positionals.title = "argumentos"
    parser._optionals.title = "opciones"
    parser.add_argument("-h", "--help", action="help", help="muestra esta ayuda y termina")
    parser.add_argument("-v", "--verbose", action="store_true", help="muestra mensajes de diagnóstico")
    sub = parser.add_subparsers(dest="command", title="comandos", metavar="COMANDO")

    def add(name: str, help_text: str, where: Any = sub) -> argparse.ArgumentParser:
        command = where.add_parser(
            name, help=help_text, description=help_text, add_help=False, formatter_class=SpanishFormatter
        )
        command._positionals.title = "argumentos"
        command._optionals.title = "opciones"
        command.add_argument("-h", "--help", action="help", help="muestra esta ayuda y termina")
        return command

    ask = add(
        "ask",
        "Responde una pregunta; sin pregunta, lee una por línea de la entrada y escribe JSON por línea. Una "
        'línea {"chat": ID, "question": TEXTO} sigue la conversación de ese chat (las de texto simple, no).',
    )
    ask.add_argument("question", nargs="?", metavar="PREGUNTA", help="la pregunta, entre comillas")
    ask.add_argument(
        "--today",
        type=_date,
        metavar="AAAA-MM-DD",
        help="fecha de referencia para «la próxima sesión» o «noviembre» (por omisión, hoy)",
    )
    ask.add_argument("--html", action="store_true", help="escribe la respuesta en HTML de Telegram")

    chat = add("chat", "Conversación interactiva en la terminal con el mismo motor de respuestas.")
    chat.add_argument("--today", type=_date, metavar="AAAA-MM-DD", help="fecha de referencia (por omisión, hoy)")

    add("run", "Inicia el bot de Telegram (long polling, o webhook si WEBHOOK_URL está definido).")
    add("health", "Comprueba que el bot en marcha sigue vivo (latido reciente); para el health check del contenedor.")

    sessions = add("sessions", "Calendario de sesiones: agregar, listar, reprogramar, cancelar, importar.")
    ses_sub = sessions.add_subparsers(dest="action", title="acciones", metavar="ACCIÓN", required=True)
    ses_add = add("add", 'Agrega una sesión: comisionbot sessions add "2027-01-21 10:00" "Título".', ses_sub)
    ses_add.add_argument("when", metavar="FECHA_HORA", help="fecha y hora en la Ciudad de México, «AAAA-MM-DD HH:MM»")
    ses_add.add_argument("title", metavar="TÍTULO", help="por ejemplo «Primera sesión ordinaria»")
    ses_add.add_argument("--lugar", help="lugar o enlace de la sesión")
    ses_add.add_argument("--orden", help="orden del día")
    add("list", "Lista las sesiones programadas: las próximas y, aparte, las que ya pasaron.", ses_sub)
    ses_move = add("move", 'Reprograma una sesión: comisionbot sessions move NÚMERO "fecha hora".', ses_sub)
    ses_move.add_argument(
        "id", type=typed(int, "un número entero"), metavar="NÚMERO", help="el número que muestra «sessions list»"
    )
    ses_move.add_argument("when", metavar="FECHA_HORA", help="nueva fecha y hora, «AAAA-MM-DD HH:MM»")
    ses_cancel = add("cancel", "Cancela una sesión programada.", ses_sub)
    ses_cancel.add_argument(
        "id", type=typed(int, "un número entero"), metavar="NÚMERO", help="el número que muestra «sessions list»"
    )
    ses_import = add("import", "Importa sesiones de un archivo .ics o .csv (fecha, hora, título).", ses_sub)
    ses_import.add_argument("file", type=Path, metavar="ARCHIVO", help="calendario .ics o .csv")

    database = add("db", "Base de datos: migraciones del esquema.")
    db_sub = database.add_subparsers(dest="action", title="acciones", metavar="ACCIÓN", required=True)
    add("upgrade", "Lleva el esquema a la última versión (también ocurre al iniciar cualquier comando).", db_sub)
    add("check", "Comprueba que el esquema de la base coincide con los modelos.", db_sub)

    summary = add("summary", "Resumen de un trimestre: texto, Markdown, HTML o PDF con gráfica de asistencia.")
    summary.add_argument("--quarter", metavar="AAAAT#", help="trimestre, por ejemplo 2020T4 (por omisión, el último)")
    summary.add_argument("--format", choices=FORMATS, default="text", help="formato de salida (por omisión, text)")
    summary.add_argument("-o", "--output", type=Path, metavar="ARCHIVO", help="archivo de salida (obligatorio con pdf)")

    imp = add(
        "import",
        "Importa informes trimestrales (PDF, Word, Markdown o texto copiado de un PDF), cada uno en una sola "
        "transacción, comprobados contra sus propias cifras.",
    )
    imp.add_argument("files", type=Path, nargs="+", metavar="ARCHIVO", help="el informe: .pdf, .docx, .md o .txt")
    imp.add_argument(
        "--forzar",
        action="store_true",
        help="importa aunque el informe contradiga sus propias cifras, sus fechas o la versión guardada",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``comisionbot`` console script."""
    get_settings.cache_clear()  # read the environment of this call (tests call main() many times)
    parser = build_parser()
    with spanish():
        try:
            args = parser.parse_args(argv)
        except SystemExit as leaving:
            return int(leaving.code or 0)
        if args.command is None:
            parser.print_help()
            return 2
    try:
        settings = get_settings()
    except SettingsError as error:  # a typo in the configuration: name the setting, no traceback
        configure_logging(args.verbose, "")
        print(f"Error: {error}", file=sys.stderr)
        return 2
    configure_logging(args.verbose, (settings.bot_token or "").strip())
    # The settings are read once, here, and passed to the command.
    commands: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "ask": _ask,
        "chat": _chat,
        "import": _import,
        "run": lambda _, settings: _run(settings),
        "health": lambda _, settings: _health(settings),
        "sessions": sessions_command,
        "summary": _summary,
        "db": _database,
    }
    try:
        return commands[args.command](args, settings)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:
        print(f"Error: {os_error(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # no traceback for the user; the detail goes to the log with -v
        if _database_unreachable(error):
            print(
                "Error: no pude usar la base de datos de DATABASE_URL: revisa la URL, que el servidor esté en marcha "
                "y los permisos. Ejecuta de nuevo con -v para ver el detalle.",
                file=sys.stderr,
            )
            if args.verbose:
                log.exception("Detalle del error")
            return 1
        log.debug("Detalle del error", exc_info=True)
        print(
            f"Error inesperado ({type(error).__name__}). Ejecuta de nuevo con -v para ver el detalle.", file=sys.stderr
        )
        if args.verbose:
            log.exception("Detalle del error")
        return 1


def _database_unreachable(error: Exception) -> bool:
    """Whether ``error`` says the database cannot be reached or opened (server down, wrong path)."""
    return isinstance(error, OperationalError)


def _today(value: dt.date | None, settings: Settings) -> dt.date:
    return value or dt.datetime.now(settings.zone).date()


def _engine(settings: Settings) -> Engine:
    from bot.engine import Engine
    from seed.seeding import prepare_store

    db = make_engine(settings.database_url)
    prepare_store(db)
    return Engine(db, zone=settings.zone)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.engine import MemoryConversations

    engine = _engine(settings)
    engine.conversations = MemoryConversations()  # one process: each chat's context lives in memory
    today = _today(args.today, settings)
    if args.question is not None:
        reply = engine.answer(args.question, today=today)
        print(reply.html if args.html else reply.text)
        return 0
    for line in input_lines():
        question, chat = line, None
        if line.lstrip().startswith("{"):
            # {"chat": ID, "question": TEXT}: lines with the same chat id are one conversation.
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                data = None
            if isinstance(data, dict) and isinstance(data.get("question"), str):
                question, chat = data["question"], data.get("chat")
        chat = chat if isinstance(chat, int | str) else None
        reply = engine.answer(question, today=today, chat=chat)
        output: dict[str, Any] = {"question": question, "intent": reply.intent, "text": reply.text}
        if chat is not None:
            output["chat"] = chat
        print(json_line(output), flush=True)
    return 0


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.engine import MemoryConversations

    engine = _engine(settings)
    engine.conversations = MemoryConversations()
    today = _today(args.today, settings)
    print("Escribe tu pregunta (o «salir» para terminar).")
    choices: list[str] = []
    while True:
        try:
            question = input("> ")
        except EOFError:
            print()
            return 0
        if question.strip().lower() in ("salir", "exit", "quit"):
            return 0
        if question.strip().isdigit() and 1 <= int(question) <= len(choices):
            question = choices[int(question) - 1]  # the number of an option offered just before
            print(f"> {question}")
        reply = engine.answer(question, today=today, chat="terminal")
        print(reply.text)
        choices = reply.choices
        if choices and all(c in reply.text for c in choices):
            print(f"(Escribe un número del 1 al {len(choices)} para elegir una opción.)")
        elif choices:
            print("Puedes preguntar, por ejemplo (escribe el número):")
            for number, choice in enumerate(choices, 1):
                print(f"  {number}. {choice}")
        print()


def _run(settings: Settings) -> int:
    from telegram.error import InvalidToken, NetworkError, TelegramError

    from bot.app import NO_TOKEN, StartupError, run, token_problem

    # What the configuration says is wrong is said before any database or network work.
    problem = token_problem(settings) or settings.webhook_problem()
    if problem:
        print(problem if problem == NO_TOKEN else f"Error: {problem}", file=sys.stderr)
        return 2
    token = (settings.bot_token or "").strip()
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        run(settings, _engine(settings))
    except StartupError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except InvalidToken as error:
        if settings.api_root != PUBLIC_BOT_API and _not_found(error):
            print(
                f"Error: la dirección de la Bot API ({settings.api_root}) respondió «no encontrado» (HTTP 404): no "
                "parece una Bot API de Telegram. Revisa TELEGRAM_API_URL.",
                file=sys.stderr,
            )
        else:
            print("Error: Telegram rechazó el token del bot (BOT_TOKEN). Revísalo con @BotFather.", file=sys.stderr)
        return 2
    except NetworkError as error:
        reason = hide_token(str(error), token)
        print(f"Error: no pude conectar con Telegram ({settings.api_root}): {reason}. Revisa la red.", file=sys.stderr)
        return 1
    except TelegramError as error:
        reason = hide_token(str(error), token)
        print(
            f"Error: la Bot API ({settings.api_root}) respondió algo que no entiendo ({reason}). "
            "Revisa TELEGRAM_API_URL.",
            file=sys.stderr,
        )
        return 1
    return 0


def _not_found(error: BaseException) -> bool:
    """Whether the request behind ``error`` got an HTTP 404 (python-telegram-bot reports it as a bad token)."""
    seen: BaseException | None = error
    while seen is not None:
        if "Not Found" in str(seen) or "(404)" in str(seen):
            return True
        seen = seen.__cause__
    return False


def _summary(args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    quarter = year = None
    if args.quarter:
        match = re.fullmatch(r"\s*(\d{4})\s*-?\s*[tTqQ]\s*([1-4])\s*", args.quarter)
        if not match:
            print("Error: el trimestre se escribe como 2020T4.", file=sys.stderr)
            return 2
        year, quarter = int(match.group(1)), int(match.group(2))
    informe = find_informe(engine.knowledge, quarter, year)
    if informe is None:
        available = ", ".join(f"{i.year}T{i.quarter}" for i in engine.knowledge.informes) or "ninguno"
        print(f"Error: no hay informe de {args.quarter}. Disponibles: {available}.", file=sys.stderr)
        return 1
    data = render_summary(build_summary(engine.knowledge, informe), args.format)
    if args.output:
        args.output.write_bytes(data)
        print(f"Resumen escrito en {args.output} ({len(data) // 1024} KiB)")
    elif args.format == "pdf":
        print("Error: indica el archivo de salida con -o para el PDF.", file=sys.stderr)
        return 2
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def _database(args: argparse.Namespace, settings: Settings) -> int:
    from db.migrate import current_revision, differences, head_revision

    engine = make_engine(settings.database_url, migrate=args.action == "upgrade")
    if args.action == "upgrade":
        print(f"Esquema en la versión {current_revision(engine)}.")
        return 0
    found = differences(engine)
    current, head = current_revision(engine), head_revision(engine)
    if current != head or found:
        print(
            f"El esquema no está al día (versión {current}, última {head}); diferencias: {len(found)}.", file=sys.stderr
        )
        return 1
    print(f"El esquema coincide con los modelos (versión {current}).")
    return 0


def _health(settings: Settings) -> int:
    from bot.app import HEARTBEAT_SECONDS  # Telegram's import (about 0.5 s) on a check run every minute

    heartbeat = settings.heartbeat_path
    try:
        age = dt.datetime.now().timestamp() - heartbeat.stat().st_mtime
    except FileNotFoundError:
        print("Sin latido: el bot no está en marcha.", file=sys.stderr)
        return 1
    if age > 3 * HEARTBEAT_SECONDS:
        print(f"Último latido hace {age:.0f} s: el bot no responde.", file=sys.stderr)
        return 1
    print(f"ok: último latido hace {age:.0f} s")
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from seed.importer import ImportBusy, ImportRefused, import_file

    db = make_engine(settings.database_url)
    failures = 0
    for path in args.files:
        if not path.is_file():
            print(
                f"Error: {path} es una carpeta, no un archivo"
                if path.is_dir()
                else f"Error: no existe el archivo {path}",
                file=sys.stderr,
            )
            failures += 1
            continue
        try:
            report = import_file(db, path, force=args.forzar)
        except ImportRefused as refused:
            print(f"No importé {path.name}: el informe no cuadra. La base de datos no cambió.", file=sys.stderr)
            print(refused.report.figures_table(), file=sys.stderr)
            for problem in refused.report.problems:
                print(f"Problema: {problem}", file=sys.stderr)
            print("Si el informe es correcto así, vuelve a importarlo con --forzar.", file=sys.stderr)
            failures += 1
            continue
        except OSError as error:
            print(f"Error: {os_error(error)}. La base de datos no cambió.", file=sys.stderr)
            failures += 1
            continue
        except (InformeFormatError, ImportBusy) as error:
            print(f"Error: {path.name}: {error} La base de datos no cambió.", file=sys.stderr)
            failures += 1
            continue
        print(report.summary())
        print(report.figures_table())
        for problem in report.problems:
            print(f"Forzado pese a: {problem}")
        for warning in report.warnings:
            print(f"Aviso: {warning}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
