"""Who may talk to the bot, and how fast: runs before every other handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.render import message
from handlers.context import BotContext
from handlers.throttle import Verdict

log = logging.getLogger(__name__)


async def gatekeeper(update: Update, context: BotContext) -> None:
    """Refuse strangers (once per window, with their id) and throttle floods; every button press is answered."""
    svc = context.services
    user = update.effective_user
    user_id = user.id if user else None
    now = svc.clock().timestamp()
    if not svc.settings.is_allowed(user_id):
        if user_id is None or not svc.strangers.should_refuse(user_id, now):
            raise ApplicationHandlerStop  # already told in this window: no more replies, no budget spent
        log.warning("Acceso rechazado: usuario %s", user_id)
        if update.callback_query:
            await update.callback_query.answer(message("rechazo_boton"), show_alert=True)
        elif update.effective_message and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            await update.effective_message.reply_html(message("rechazo", user_id=user_id))
        raise ApplicationHandlerStop
    if user_id is None:
        return
    verdict = svc.throttle.check(user_id, now)
    if verdict == Verdict.OK:
        return
    log.warning("Usuario %s limitado por exceso de mensajes", user_id)
    if update.callback_query:
        # A press left unanswered keeps spinning in the user's app: answer it even when over the limit.
        await update.callback_query.answer(message("boton_rapido"), show_alert=True)
    elif verdict == Verdict.WARN and update.effective_message:
        await update.effective_message.reply_html(message("muy_rapido"))
    raise ApplicationHandlerStop
