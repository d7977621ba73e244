"""Wire the Telegram Application: settings, engine, handlers, commands menu, polling or webhook."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from urllib.parse import urlsplit

from sqlmodel import Session
from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
from bot.engine import Engine
from bot.reminders import ReminderBook, parse_leads
from bot.scheduler import ReminderScheduler
from bot.settings import PUBLIC_BOT_API, Settings
from db.queries import buttons
from handlers.access import Throttle
from handlers.common import Clock, Services

log = logging.getLogger(__name__)

COMMANDS = [
    BotCommand("start", "Bienvenida y ejemplos de preguntas"),
    BotCommand("ayuda", "Qué puedo responder"),
    BotCommand("acuerdos", "Acuerdos por mes, sesión o código"),
    BotCommand("sesiones", "Sesiones del trimestre"),
    BotCommand("asistencia", "Asistencia a una sesión"),
    BotCommand("convenios", "Convenios firmados y vigentes"),
    BotCommand("resumen", "Resumen de un trimestre"),
    BotCommand("proxima", "Próxima sesión"),
    BotCommand("calendario", "Descargar las sesiones programadas (.ics)"),
    BotCommand("recordatorios", "Activar o desactivar recordatorios"),
]

NO_TOKEN = (
    "Falta el token del bot. Pídele uno a @BotFather en Telegram (comando /newbot) y guárdalo en la "
    "variable de entorno BOT_TOKEN o en el archivo .env (BOT_TOKEN=123456:ABC…).\n"
    "Sin token puedes usar el mismo motor en la terminal: comisionbot chat"
)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


HEARTBEAT_SECONDS = 30


def _beat(svc: Services) -> None:
    """Touch the heartbeat file that ``comisionbot health`` (the container health check) reads."""
    svc.settings.heartbeat_file.write_text(svc.clock().isoformat(), encoding="utf-8")


async def _heartbeat(context: ContextTypes.DEFAULT_TYPE) -> None:
    _beat(context.application.bot_data["services"])


BUTTONS_KEPT = dt.timedelta(days=7)


async def _forget_old_buttons(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons older than a week answer "vuelve a preguntar"; their payloads can go."""
    svc: Services = context.application.bot_data["services"]

    def prune() -> int:
        with Session(svc.engine.db_engine) as session:
            return buttons.prune(svc.clock() - BUTTONS_KEPT, session=session)

    log.info("Botones antiguos olvidados: %d", await asyncio.to_thread(prune))


async def _post_init(application: Application) -> None:
    await application.bot.set_my_commands(COMMANDS)
    svc: Services = application.bot_data["services"]
    _beat(svc)
    svc.scheduler = ReminderScheduler(application, svc.book, svc.clock)
    svc.scheduler.start()
    if application.job_queue is not None:
        application.job_queue.run_repeating(_heartbeat, interval=HEARTBEAT_SECONDS, name="heartbeat")
        application.job_queue.run_repeating(_forget_old_buttons, interval=3600, first=60, name="botones")
    informes = len(svc.engine.knowledge.informes)
    log.info(
        "Bot @%s listo: %d informes cargados, zona horaria %s", application.bot.username, informes, svc.settings.tz
    )


def build_application(
    settings: Settings,
    engine: Engine,
    *,
    request: BaseRequest | None = None,
    clock: Clock = _utc_now,
    rate_limited: bool = True,
) -> Application:
    """The bot's Application: HTML by default, rate-limited sends with retries, every handler registered.

    ``request`` replaces the HTTP layer (tests pass an offline one); ``clock`` gives the current time;
    ``rate_limited=False`` drops the outgoing limiter (only to measure the handlers' own throughput).
    """
    if not settings.bot_token:
        raise ValueError(NO_TOKEN)
    builder = (
        Application.builder()
        .token(settings.bot_token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        .post_init(_post_init)
    )
    if rate_limited:
        # Without retries a RetryAfter from Telegram fails the send; the limiter waits and tries again.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]  # builder generics
    if settings.api_root != PUBLIC_BOT_API:
        builder = builder.base_url(f"{settings.api_root}/bot").base_file_url(f"{settings.api_root}/file/bot")
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.bot_data["services"] = Services(
        engine=engine,
        settings=settings,
        clock=clock,
        throttle=Throttle(settings.flood_messages, settings.flood_seconds),
        book=ReminderBook(engine.db_engine, default_leads=parse_leads(settings.reminder_leads)),
    )
    handlers.register(application)
    return application


def run(settings: Settings, engine: Engine) -> None:
    """Run the bot until SIGINT/SIGTERM: long polling, or a webhook when ``WEBHOOK_URL`` is set."""
    application = build_application(settings, engine)
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.strip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            drop_pending_updates=False,
        )
    else:
        application.run_polling(drop_pending_updates=False)
