"""Files sent to the bot: admins import informes (PDF, Word or text; same importer as the CLI) and
calendars (.ics, .csv). An informe that fails its checks waits for an admin's confirmation button."""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import tempfile
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from handlers.calendar import calendar_file
from handlers.common import services
from seed.importer import ImportBusy, ImportRefused, ImportReport, import_bytes
from seed.informe import InformeFormatError

log = logging.getLogger(__name__)

INFORME_SUFFIXES = (".md", ".txt", ".markdown", ".pdf", ".docx")
PENDING = Path(tempfile.gettempdir()) / "comisionbot-pendientes"
"""Informes refused by a check, kept until an admin confirms (any bot process on this host finds them)."""


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Import an informe sent by an admin; refuse anyone else's files and oversized ones before download."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    svc = services(context)
    user_id = update.effective_user.id if update.effective_user else None
    if not svc.settings.is_admin(user_id):
        log.warning("Archivo rechazado de usuario no administrador %s", user_id)
        await message.reply_text("Solo las personas administradoras pueden cargar informes.")
        return
    doc = message.document
    limit = svc.settings.max_upload_bytes
    if doc.file_size is not None and doc.file_size > limit:
        await message.reply_text(f"El archivo pesa {doc.file_size // 1024} KiB; el máximo es {limit // 1024} KiB.")
        return
    name = doc.file_name or "informe"
    if not name.lower().endswith((*INFORME_SUFFIXES, ".ics", ".csv")):
        await message.reply_text(
            "Envía un informe en PDF, Word (.docx) o texto (.md, .txt), o un calendario (.ics o .csv)."
        )
        return
    telegram_file = await doc.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    if len(data) > limit:
        await message.reply_text(f"El archivo supera el máximo de {limit // 1024} KiB.")
        return
    if name.lower().endswith((".ics", ".csv")):
        await calendar_file(update, context, data, name)
        return
    await _import(message, context, data, name, force=False)


async def _import(message: Message, context: ContextTypes.DEFAULT_TYPE, data: bytes, name: str, *, force: bool) -> None:
    svc = services(context)
    try:
        # The import is synchronous database work: keep it off the event loop.
        report = await asyncio.to_thread(import_bytes, svc.engine.db_engine, data, source_name=name, force=force)
    except ImportRefused as refused:
        log.warning("Importación rechazada por sus cifras (%s): %s", name, refused)
        key = _keep(data, name)
        button = InlineKeyboardButton("Importar de todos modos", callback_data=f"forzar:{key}")
        await message.reply_html(_refusal(name, refused.report), reply_markup=InlineKeyboardMarkup([[button]]))
        return
    except (InformeFormatError, ImportBusy) as error:
        log.warning("Importación rechazada (%s): %s", name, error)
        await message.reply_html(
            f"No importé <b>{html.escape(name)}</b>: {html.escape(str(error))} La base de datos no cambió."
        )
        return
    await asyncio.to_thread(svc.engine.reload)
    await message.reply_html(_success(report))


async def force_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin confirms an informe its checks refused: import it as it is (the CLI's --forzar)."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    user_id = update.effective_user.id if update.effective_user else None
    if not services(context).settings.is_admin(user_id):
        await query.answer("Solo las personas administradoras pueden importar informes.", show_alert=True)
        return
    kept = _take(query.data.partition(":")[2])
    if kept is None:
        await query.answer("Ese informe ya no está pendiente; vuelve a enviarlo.", show_alert=True)
        return
    await query.answer("Importando…")
    await _import(query.message, context, kept[0], kept[1], force=True)


def _keep(data: bytes, name: str) -> str:
    key = hashlib.sha256(data).hexdigest()[:16]
    PENDING.mkdir(parents=True, exist_ok=True)
    (PENDING / f"{key}.bin").write_bytes(data)
    (PENDING / f"{key}.name").write_text(name, encoding="utf-8")
    return key


def _take(key: str) -> tuple[bytes, str] | None:
    if not key.isalnum():
        return None
    data, name = PENDING / f"{key}.bin", PENDING / f"{key}.name"
    try:
        kept = data.read_bytes(), name.read_text(encoding="utf-8")
    except OSError:
        return None
    data.unlink(missing_ok=True)
    name.unlink(missing_ok=True)
    return kept


def _refusal(name: str, report: ImportReport) -> str:
    problems = "\n".join(f"• {html.escape(p)}" for p in report.problems[:10])
    return (
        f"No importé <b>{html.escape(name)}</b>: el informe no cuadra consigo mismo o con la versión guardada. "
        f"La base de datos no cambió.\n{problems}\n<pre>{html.escape(report.figures_table())[:2500]}</pre>\n"
        "Si el informe es correcto así, confírmalo con el botón."
    )


def _success(report: ImportReport) -> str:
    lines = [f"<b>{html.escape(report.summary())}</b>", f"<pre>{html.escape(report.figures_table())[:2500]}</pre>"]
    lines += [f"• Forzado pese a: {html.escape(p)}" for p in report.problems[:5]]
    lines += [f"• Aviso: {html.escape(w)}" for w in report.warnings[:10]]
    if len(report.warnings) > 10:
        lines.append(f"… y {len(report.warnings) - 10} avisos más.")
    return "\n".join(lines)[:4000]
