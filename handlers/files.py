"""Files sent to the bot: admins import informes (same importer as the CLI) and calendars (.ics, .csv)."""

from __future__ import annotations

import logging

from telegram import Update

from bot.render import message
from handlers.calendar import calendar_file
from handlers.common import reload_engine
from handlers.context import BotContext
from handlers.store import store
from seed.importer import import_text
from seed.parser import InformeFormatError

log = logging.getLogger(__name__)


async def document(update: Update, context: BotContext) -> None:
    """Import an informe sent by an admin; refuse anyone else's files and oversized ones before download."""
    incoming = update.effective_message
    if incoming is None or incoming.document is None:
        return
    svc = context.services
    user_id = update.effective_user.id if update.effective_user else None
    if not svc.settings.is_admin(user_id):
        log.warning("Archivo rechazado de usuario no administrador %s", user_id)
        await incoming.reply_html(message("no_admin_archivos"))
        return
    doc = incoming.document
    limit = svc.settings.max_upload_bytes
    if doc.file_size is not None and doc.file_size > limit:
        await incoming.reply_html(message("archivo_grande", size_kib=doc.file_size // 1024, limit_kib=limit // 1024))
        return
    name = doc.file_name or "informe.md"
    if not name.lower().endswith((".md", ".txt", ".markdown", ".ics", ".csv")):
        await incoming.reply_html(message("archivo_tipo"))
        return
    telegram_file = await doc.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    if len(data) > limit:
        await incoming.reply_html(message("archivo_grande", size_kib=len(data) // 1024, limit_kib=limit // 1024))
        return
    if name.lower().endswith((".ics", ".csv")):
        await calendar_file(update, context, data, name)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        await incoming.reply_html(message("archivo_no_utf8"))
        return
    try:
        report = await store(import_text, svc.engine.db_engine, text, source_name=name)
    except InformeFormatError as error:
        log.warning("Importación rechazada (%s): %s", name, error)
        await incoming.reply_html(message("informe_rechazado", name=name, error=str(error)))
        return
    await reload_engine(context)
    warnings = report.warnings[:15]
    await incoming.reply_html(
        message(
            "informe_importado", summary=report.summary(), warnings=warnings, more=len(report.warnings) - len(warnings)
        )
    )
