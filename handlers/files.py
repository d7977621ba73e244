"""Files sent to the bot: admins import informes (same importer as the CLI) and calendars (.ics, .csv)."""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import Update
from telegram.ext import ContextTypes

from handlers.calendar import calendar_file
from handlers.common import services
from seed.importer import import_text
from seed.parser import InformeFormatError

log = logging.getLogger(__name__)


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
    name = doc.file_name or "informe.md"
    if not name.lower().endswith((".md", ".txt", ".markdown", ".ics", ".csv")):
        await message.reply_text("Envía un informe en texto (.md o .txt) o un calendario (.ics o .csv).")
        return
    telegram_file = await doc.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    if len(data) > limit:
        await message.reply_text(f"El archivo supera el máximo de {limit // 1024} KiB.")
        return
    if name.lower().endswith((".ics", ".csv")):
        await calendar_file(update, context, data, name)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        await message.reply_text("No pude leer el archivo como texto UTF-8. La base de datos no cambió.")
        return
    try:
        # The import is synchronous database work: keep it off the event loop.
        report = await asyncio.to_thread(import_text, svc.engine.db_engine, text, source_name=name)
    except InformeFormatError as error:
        log.warning("Importación rechazada (%s): %s", name, error)
        await message.reply_html(
            f"No importé <b>{html.escape(name)}</b>: {html.escape(str(error))} La base de datos no cambió."
        )
        return
    await asyncio.to_thread(svc.engine.reload)
    lines = [f"<b>{html.escape(report.summary())}</b>"]
    lines += [f"• Aviso: {html.escape(w)}" for w in report.warnings[:15]]
    if len(report.warnings) > 15:
        lines.append(f"… y {len(report.warnings) - 15} avisos más.")
    await message.reply_html("\n".join(lines))
