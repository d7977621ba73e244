"""Files sent to the bot: admins import informes (PDF, Word or text; same importer as the CLI) and
calendars (.ics, .csv). An informe that fails its checks waits for an admin's confirmation button."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.render import message
from bot.threads import store
from handlers.calendar import calendar_file
from handlers.common import reload_engine
from handlers.context import BotContext
from seed.importer import ImportBusy, ImportRefused, import_bytes
from seed.informe import InformeFormatError

log = logging.getLogger(__name__)

INFORME_SUFFIXES = (".md", ".txt", ".markdown", ".pdf", ".docx")
PENDING = Path(tempfile.gettempdir()) / "comisionbot-pendientes"
"""Informes refused by a check, kept until an admin confirms (any bot process on this host finds them)."""


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
    name = doc.file_name or "informe"
    if not name.lower().endswith((*INFORME_SUFFIXES, ".ics", ".csv")):
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
    await _import(incoming, context, data, name, force=False)


async def _import(incoming: Message, context: BotContext, data: bytes, name: str, *, force: bool) -> None:
    try:
        report = await store(import_bytes, context.services.engine.db_engine, data, source_name=name, force=force)
    except ImportRefused as refused:
        log.warning("Importación rechazada por sus cifras (%s): %s", name, refused)
        key = await store(_keep, data, name)
        button = InlineKeyboardButton("Importar de todos modos", callback_data=f"forzar:{key}")
        await incoming.reply_html(
            message("informe_no_cuadra", name=name, problems=refused.report.problems[:10], table=_table(refused)),
            reply_markup=InlineKeyboardMarkup([[button]]),
        )
        return
    except (InformeFormatError, ImportBusy) as error:
        log.warning("Importación rechazada (%s): %s", name, error)
        await incoming.reply_html(message("informe_rechazado", name=name, error=str(error)))
        return
    await reload_engine(context)
    warnings = report.warnings[:10]
    await incoming.reply_html(
        message(
            "informe_importado",
            summary=report.summary(),
            table=report.figures_table()[:2500],
            forced=report.problems[:5],
            warnings=warnings,
            more=len(report.warnings) - len(warnings),
        )
    )


async def force_button(update: Update, context: BotContext) -> None:
    """An admin confirms an informe its checks refused: import it as it is (the CLI's --forzar)."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    user_id = update.effective_user.id if update.effective_user else None
    if not context.services.settings.is_admin(user_id):
        await query.answer(message("no_admin_archivos"), show_alert=True)
        return
    kept = await store(_take, query.data.partition(":")[2])
    if kept is None:
        await query.answer(message("informe_no_pendiente"), show_alert=True)
        return
    await query.answer(message("importando"))
    await _import(query.message, context, kept[0], kept[1], force=True)


def _table(refused: ImportRefused) -> str:
    return refused.report.figures_table()[:2500]


def _keep(data: bytes, name: str) -> str:
    """Keep a refused informe until confirmed; the key goes in the button."""
    key = hashlib.sha256(data).hexdigest()[:16]
    PENDING.mkdir(parents=True, exist_ok=True)
    (PENDING / f"{key}.bin").write_bytes(data)
    (PENDING / f"{key}.name").write_text(name, encoding="utf-8")
    return key


def _take(key: str) -> tuple[bytes, str] | None:
    """The informe kept under ``key`` (once: it is no longer pending afterwards)."""
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
