"""Who may talk to the bot, and how fast."""

from __future__ import annotations

import logging
from collections import defaultdict, deque

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import services

log = logging.getLogger(__name__)

REFUSAL = "Lo siento, este bot es solo para el personal autorizado de la Comisión."
SLOW_DOWN = "Estás enviando mensajes muy rápido. Espera unos segundos y vuelve a preguntar."


class Throttle:
    """Sliding-window limit of incoming updates per user; says so once per window."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.seen: dict[int, deque[float]] = defaultdict(deque)
        self.warned: dict[int, float] = {}

    def check(self, user_id: int, now: float) -> str:
        """ "ok", "warn" (first update over the limit) or "drop"."""
        times = self.seen[user_id]
        while times and now - times[0] >= self.seconds:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self.warned.pop(user_id, None)
            return "ok"
        if user_id in self.warned and now - self.warned[user_id] < self.seconds:
            return "drop"
        self.warned[user_id] = now
        return "warn"


async def gatekeeper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler: refuses strangers and throttles floods."""
    svc = services(context)
    user = update.effective_user
    user_id = user.id if user else None
    if not svc.settings.is_allowed(user_id):
        log.warning("Acceso rechazado: usuario %s", user_id)
        if update.callback_query:
            await update.callback_query.answer(REFUSAL, show_alert=True)
        elif update.effective_message and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            await update.effective_message.reply_text(REFUSAL)
        raise ApplicationHandlerStop
    if user_id is None or svc.throttle is None:
        return
    verdict = svc.throttle.check(user_id, svc.clock().timestamp())
    if verdict == "ok":
        return
    log.warning("Usuario %s limitado por exceso de mensajes", user_id)
    if verdict == "warn" and update.effective_message:
        await update.effective_message.reply_text(SLOW_DOWN)
    raise ApplicationHandlerStop
