"""Errors inside handlers: log them with the update and apologise; the bot keeps running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

log = logging.getLogger(__name__)

APOLOGY = "Lo siento, algo salió mal al responder. Inténtalo de nuevo en un momento."


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error with the update that caused it and tell the user, if there is one."""
    log.error("Error al atender %r", update, exc_info=context.error)
    if isinstance(context.error, Forbidden) or not isinstance(update, Update):
        return
    if update.callback_query:
        try:
            await update.callback_query.answer(APOLOGY, show_alert=True)
        except TelegramError:
            log.warning("No pude avisar del error en el botón")
        return
    if update.effective_message:
        try:
            await update.effective_message.reply_text(APOLOGY)
        except TelegramError:
            log.warning("No pude enviar la disculpa")
