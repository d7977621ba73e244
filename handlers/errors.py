"""Errors inside handlers: log them with the update and apologise; the bot keeps running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.render import message
from handlers.context import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the error with the update that caused it and tell the user, if there is one."""
    log.error("Error al atender %r", update, exc_info=context.error)
    if isinstance(context.error, Forbidden) or not isinstance(update, Update):
        return
    if update.callback_query:
        try:
            await update.callback_query.answer(message("disculpa"), show_alert=True)
        except TelegramError:
            log.warning("No pude avisar del error en el botón")
        return
    if update.effective_message:
        try:
            await update.effective_message.reply_html(message("disculpa"))
        except TelegramError:
            log.warning("No pude enviar la disculpa")
