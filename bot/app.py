"""Wire the Telegram Application: settings, engine, handlers, commands menu, polling or webhook."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import sys
from urllib.parse import urlsplit

from telegram import BotCommandScopeChat
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, Defaults
from telegram.request import BaseRequest

import handlers
from bot import calendar
from bot.clock import Clock, utc_now
from bot.engine import Engine
from bot.leads import parse_leads
from bot.reminders import ReminderBook
from bot.settings import PUBLIC_BOT_API, Settings
from bot.threads import store
from db.database import session_scope
from db.queries import buttons
from handlers.commands import ADMIN_COMMANDS, COMMANDS
from handlers.context import CONTEXT_TYPES, BotApplication, BotContext, Services
from handlers.reminder_jobs import ReminderScheduler
from handlers.throttle import StrangerGate, Throttle
from lang.spanish import plural

log = logging.getLogger(__name__)

__all__ = [
    "ADMIN_COMMANDS",
    "COMMANDS",
    "HEARTBEAT_SECONDS",
    "NO_TOKEN",
    "StartupError",
    "build_application",
    "run",
    "token_problem",
]

NO_TOKEN = (
    "Falta el token del bot. Pídele uno a @BotFather en Telegram (comando /newbot) y guárdalo en la "
    "variable de entorno BOT_TOKEN o en el archivo .env (BOT_TOKEN=123456:ABC…).\n"
    "Sin token puedes usar el mismo motor en la terminal: comisionbot chat"
)
HEARTBEAT_SECONDS = 30
SWITCH_INTERVAL = 0.001  # seconds a thread keeps the interpreter lock before another may take it
BUTTONS_KEPT = dt.timedelta(days=7)


class StoppingApplication(Application):  # the builder fills in the generics
    """The Application, whose stop first halts the reminder fan-outs: python-telegram-bot waits for every
    running job before it stops, and a notice to 100 000 chats would hold SIGTERM for an hour."""

    async def stop(self) -> None:
        scheduler = self.bot_data.services.scheduler
        if scheduler is not None:
            scheduler.halt()
        await super().stop()


class StartupError(Exception):
    """The bot cannot start as configured; the message is for the person running it, in Spanish."""


def token_problem(settings: Settings) -> str | None:
    """Why ``BOT_TOKEN`` cannot be used as written (checked before any database or network work), or None."""
    if not settings.bot_token:
        return NO_TOKEN
    problem = settings.token_problem()
    if problem:
        return f"El token del bot no es válido: {problem}. Revisa BOT_TOKEN (pídelo a @BotFather)."
    return None


def _beat(svc: Services) -> None:
    """Touch the heartbeat file that ``comisionbot health`` (the container health check) reads."""
    path = svc.settings.heartbeat_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svc.clock().isoformat(), encoding="utf-8")


async def _heartbeat(context: BotContext) -> None:
    await store(_beat, context.services)


def _no_beat(svc: Services) -> None:
    """Remove the heartbeat: a stopped bot must not look alive to ``comisionbot health``."""
    svc.settings.heartbeat_path.unlink(missing_ok=True)


async def _post_stop(application: BotApplication) -> None:
    """After the bot stopped (SIGTERM, SIGINT): no more heartbeat."""
    await store(_no_beat, application.bot_data.services)


def _prune_buttons(svc: Services) -> int:
    with session_scope(svc.engine.db_engine) as session:
        return buttons.prune(svc.clock() - BUTTONS_KEPT, session=session)


async def _forget_old_buttons(context: BotContext) -> None:
    """Buttons older than a week answer "vuelve a preguntar"; their payloads can go."""
    log.info("Botones antiguos olvidados: %d", await store(_prune_buttons, context.services))


async def _set_command_menus(application: BotApplication) -> None:
    """Everyone's command menu, and for each admin a menu that adds the admin commands."""
    await application.bot.set_my_commands(COMMANDS)
    for admin_id in sorted(application.bot_data.services.settings.admin_user_ids):
        try:
            await application.bot.set_my_commands(COMMANDS + ADMIN_COMMANDS, scope=BotCommandScopeChat(admin_id))
        except TelegramError as error:  # the admin has not opened a chat with the bot yet
            log.warning("No pude poner el menú de administración para %s: %s", admin_id, error)


async def _post_init(application: BotApplication) -> None:
    svc = application.bot_data.services
    await _set_command_menus(application)
    await store(_beat, svc)
    await store(calendar.warm_up)
    if application.job_queue is not None:
        svc.scheduler = ReminderScheduler(
            application.job_queue, application.bot, svc.book, svc.clock, svc.settings.zone
        )
        await svc.scheduler.start()
        application.job_queue.run_repeating(_heartbeat, interval=HEARTBEAT_SECONDS, name="heartbeat")
        application.job_queue.run_repeating(_forget_old_buttons, interval=3600, first=60, name="botones")
    # The engine's snapshot is long-lived: keep it out of the collector's full passes, each of which
    # would otherwise hold the event loop for about 100 ms (bench/scale_bench.py).
    gc.freeze()
    # The event loop shares the interpreter lock with the worker threads that read the store (a fan-out
    # streams every subscriber): handing it over every 1 ms rather than 5 halves a handler's worst wait
    # while reminders and notices go out to 100 000 chats (bench/scale_bench.py, bench/ESCALA.md).
    sys.setswitchinterval(SWITCH_INTERVAL)
    if svc.settings.open_access:
        log.warning("ALLOWED_USER_IDS=*: cualquier persona en Telegram puede usar el bot")
    informes = len(svc.engine.knowledge.informes)
    log.info(
        "Bot @%s listo: %s, zona horaria %s",
        application.bot.username,
        plural(informes, "informe cargado", "informes cargados"),
        svc.settings.tz,
    )


def build_application(
    settings: Settings,
    engine: Engine,
    *,
    request: BaseRequest | None = None,
    clock: Clock = utc_now,
    rate_limited: bool = True,
) -> BotApplication:
    """The bot's Application: HTML by default, rate-limited sends with retries, every handler registered.

    ``request`` replaces the HTTP layer (tests pass an offline one); ``clock`` gives the current time;
    ``rate_limited=False`` drops the outgoing limiter (only to measure the handlers' own throughput).
    """
    problem = token_problem(settings)
    if problem or not settings.bot_token:
        raise StartupError(problem or NO_TOKEN)
    builder = (
        Application.builder()
        .application_class(StoppingApplication)
        .token(settings.bot_token.strip())
        .context_types(CONTEXT_TYPES)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if rate_limited:
        # Without retries a RetryAfter from Telegram fails the send; the limiter waits and tries again.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]  # builder generics
    if settings.api_root != PUBLIC_BOT_API:
        builder = builder.base_url(f"{settings.api_root}/bot").base_file_url(f"{settings.api_root}/file/bot")
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application: BotApplication = builder.build()  # type: ignore[assignment]
    application.bot_data.services = Services(
        engine=engine,
        settings=settings,
        clock=clock,
        throttle=Throttle(settings.flood_burst, settings.flood_interval),
        strangers=StrangerGate(settings.stranger_window),
        book=ReminderBook(engine.db_engine, default_leads=parse_leads(settings.reminder_leads)),
    )
    handlers.register(application)
    return application


def run(settings: Settings, engine: Engine) -> None:
    """Run the bot until SIGINT/SIGTERM: long polling, or a webhook when ``WEBHOOK_URL`` is set."""
    problem = settings.webhook_problem()
    if problem:
        raise StartupError(problem)
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
