"""Calendar and reminders in Telegram: /agendar, /reprogramar, /cancelar, /calendario, /recordatorios."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy.engine import Engine as SqlEngine
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatAction, ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ConversationHandler

from bot import calendar
from bot.calendar import CalendarChange, CalendarError, as_utc
from bot.engine import Engine
from bot.engine.framing import frame_question
from bot.engine.understanding import understand
from bot.leads import LeadError, decode_leads, describe_lead, parse_leads
from bot.render import message
from bot.threads import store
from db.database import session_scope
from handlers.common import reload_engine
from handlers.context import BotContext
from handlers.conversation import answer_question, looks_like_question, unknown_command
from lang.spanish import ORDINAL_WORDS, fold
from lang.vocabulary import SessionStatus, Subject

log = logging.getLogger(__name__)

ASK_WHEN, ASK_TITLE = range(2)
T = TypeVar("T")
Callback = Callable[[Update, BotContext], Awaitable[Any]]
# What a request about the informes is about; a session or an event is what a title names.
DATA_SUBJECTS = frozenset(
    {
        Subject.ACUERDOS,
        Subject.ASISTENCIA,
        Subject.CONVENIOS,
        Subject.ACTIVIDADES,
        Subject.RESUMEN,
        Subject.INTEGRACION,
        Subject.INFORME,
    }
)
SESSION_NOUNS = frozenset({"sesion", "reunion", "junta", "asamblea"})
WAITING = {ASK_WHEN: "la fecha y hora de la sesión", ASK_TITLE: "el nombre de la sesión"}
VERBS = {
    SessionStatus.PROGRAMADA: "Agendé",
    SessionStatus.REPROGRAMADA: "Reprogramé",
    SessionStatus.CANCELADA: "Cancelé",
}


def _in_transaction(db: SqlEngine, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a calendar function in one transaction: all of its writes, or none."""
    with session_scope(db) as session:
        return func(*args, session=session, **kwargs)


def _is_admin(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return context.services.settings.is_admin(user.id if user else None)


async def _admin_message(update: Update, context: BotContext) -> Message | None:
    """The command's message if an admin sent it; anyone else is told so and gets None."""
    incoming = update.effective_message
    if incoming is None:
        return None
    if not _is_admin(update, context):
        await incoming.reply_html(message("no_admin"))
        return None
    return incoming


def split_when_and_title(words: list[str], context: BotContext) -> tuple[str, str]:
    """The longest leading words that read as a date and time, and the rest as the title."""
    svc = context.services
    best = 0
    for n in range(2, min(len(words), 9) + 1):
        try:
            calendar.parse_when(" ".join(words[:n]), svc.settings.zone, now=svc.clock())
        except CalendarError:
            continue
        best = n
    if best == 0:
        raise CalendarError(f"No encontré la fecha y hora al inicio. {message('uso_agendar')}")
    return " ".join(words[:best]), " ".join(words[best:])


async def _after_change(context: BotContext, change: CalendarChange) -> None:
    svc = context.services
    await reload_engine(context)
    if svc.scheduler is not None:
        await svc.scheduler.announce(change)


def _local(context: BotContext, when: dt.datetime) -> str:
    return f"{as_utc(when).astimezone(context.services.settings.zone):%d/%m/%Y a las %H:%M}"


async def agendar(update: Update, context: BotContext) -> int:
    """/agendar [fecha hora título]: one line, or a guided conversation."""
    incoming = update.effective_message
    if incoming is None:
        return ConversationHandler.END
    if not _is_admin(update, context):
        await incoming.reply_html(message("no_admin"))
        return ConversationHandler.END
    if context.chat_data is not None:
        context.chat_data.pop("agendar_when", None)  # a new /agendar starts over
    if context.args:
        try:  # parsing free-form dates is CPU work: off the event loop too
            when_text, title = await store(split_when_and_title, list(context.args), context)
            await _schedule(incoming, context, when_text, title)
        except CalendarError as error:
            await incoming.reply_html(message("error_calendario", error=str(error)))
        return ConversationHandler.END
    await incoming.reply_html(message("agendar_cuando"))
    return ASK_WHEN


def names_a_session(text: str) -> bool:
    """Whether ``text`` starts as a session's name: "Sesión de prueba", "Primera sesión ordinaria", "3a sesión"."""
    words = fold(text).replace("ª", "a").split()
    while words and (words[0] in ORDINAL_WORDS or words[0][:1].isdigit()):
        words = words[1:]
    return bool(words) and words[0].strip(".,:;") in SESSION_NOUNS


def reads_as_request(engine: Engine, text: str, today: dt.date) -> bool:
    """Whether ``text`` asks about the informes rather than naming a session: the engine reads it, with
    confidence, as being about their data ("acuerdos de noviembre", "convenios firmados"), and it does not start
    as a session's name ("Sesión sobre convenios")."""
    if names_a_session(text):
        return False
    knowledge = engine.knowledge
    understood = frame_question(understand(text, known_words=frozenset(knowledge.vocabulary)), knowledge, today)
    return understood.strong_subject and understood.question.subject in DATA_SUBJECTS


async def _asks_meanwhile(context: BotContext, text: str) -> bool:
    """Whether a message in the middle of /agendar is a question or a request, not the answer awaited."""
    svc = context.services
    return looks_like_question(text) or await store(reads_as_request, svc.engine, text, svc.today())


async def _answer_meanwhile(update: Update, context: BotContext, text: str, waiting: str) -> None:
    """A question asked in the middle of /agendar: answer it, and say the scheduling is still open."""
    await answer_question(update, context, text)
    if update.effective_message:
        await update.effective_message.reply_html(message("agendar_sigue", waiting=waiting))


async def agendar_when(update: Update, context: BotContext) -> int:
    """Guided /agendar: the date and time (a question asked meanwhile is answered)."""
    incoming = update.effective_message
    if incoming is None or not incoming.text:
        return ASK_WHEN
    svc = context.services
    try:
        await store(calendar.parse_when, incoming.text, svc.settings.zone, now=svc.clock())
    except CalendarError as error:
        if await _asks_meanwhile(context, incoming.text):
            await _answer_meanwhile(update, context, incoming.text, WAITING[ASK_WHEN])
            return ASK_WHEN
        await incoming.reply_html(message("error_calendario", error=str(error), retry=True))
        return ASK_WHEN
    if context.chat_data is not None:
        context.chat_data["agendar_when"] = incoming.text
    await incoming.reply_html(message("agendar_titulo"))
    return ASK_TITLE


async def agendar_title(update: Update, context: BotContext) -> int:
    """Guided /agendar: the title; then schedule (a question asked meanwhile is answered)."""
    incoming = update.effective_message
    if incoming is None or not incoming.text or context.chat_data is None:
        return ASK_TITLE
    if await _asks_meanwhile(context, incoming.text):
        await _answer_meanwhile(update, context, incoming.text, WAITING[ASK_TITLE])
        return ASK_TITLE
    when_text = context.chat_data.pop("agendar_when", "")
    try:
        await _schedule(incoming, context, when_text, incoming.text)
    except CalendarError as error:
        await incoming.reply_html(message("error_calendario", error=str(error)))
    return ConversationHandler.END


async def agendar_exit(update: Update, context: BotContext) -> int:
    """/salir: leave the guided /agendar."""
    if context.chat_data is not None:
        context.chat_data.pop("agendar_when", None)
    if update.effective_message:
        await update.effective_message.reply_html(message("agendar_salir"))
    return ConversationHandler.END


async def agendar_command(update: Update, context: BotContext, commands: Mapping[str, Callback]) -> int | None:
    """Any other command in the middle of the guided /agendar (/acuerdos, /cancelar 12…): answered as always,
    and, as for a question, the scheduling stays open and the bot says so. /agendar starts it over."""
    incoming = update.effective_message
    if incoming is None or not incoming.text:
        return None
    words = incoming.text.split()
    name, _, target = words[0].lstrip("/").partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return None  # another bot's command in a group
    context.args = words[1:]
    if name.lower() == "agendar":
        return await agendar(update, context)
    answer = commands.get(name.lower())
    await (answer or unknown_command)(update, context)
    waiting = ASK_TITLE if context.chat_data is not None and "agendar_when" in context.chat_data else ASK_WHEN
    await incoming.reply_html(message("agendar_sigue", waiting=WAITING[waiting]))
    return None


async def salir(update: Update, context: BotContext) -> None:
    """/salir when nothing is being scheduled: say what it is for (it is no unknown command)."""
    if update.effective_message:
        await update.effective_message.reply_html(message("salir_sin_agendar"))


async def _schedule(incoming: Message, context: BotContext, when_text: str, title: str) -> None:
    svc = context.services
    now = svc.clock()
    when = await store(calendar.parse_when, when_text, svc.settings.zone, now=now)
    _, change = await store(
        _in_transaction, svc.engine.db_engine, calendar.schedule, when, title, svc.settings.zone, now=now
    )
    await _after_change(context, change)
    verb = VERBS.get(change.action, "Guardé")
    await incoming.reply_html(
        message("confirmacion", verb=verb, title=change.title, when=_local(context, when), session_id=change.session_id)
    )


async def reprogramar(update: Update, context: BotContext) -> None:
    """/reprogramar NÚMERO fecha hora."""
    incoming = await _admin_message(update, context)
    if incoming is None:
        return
    args = list(context.args or [])
    if len(args) < 3 or not args[0].isdigit():
        await incoming.reply_html(await _upcoming_list(context, "Uso: /reprogramar NÚMERO 2027-01-28 10:00"))
        return
    svc = context.services
    now = svc.clock()
    try:
        when = await store(calendar.parse_when, " ".join(args[1:]), svc.settings.zone, now=now)
        change = await store(
            _in_transaction, svc.engine.db_engine, calendar.reschedule, int(args[0]), when, svc.settings.zone, now=now
        )
    except CalendarError as error:
        await incoming.reply_html(message("error_calendario", error=str(error)))
        return
    await _after_change(context, change)
    await incoming.reply_html(
        message(
            "confirmacion",
            verb=VERBS[SessionStatus.REPROGRAMADA],
            title=change.title,
            when=_local(context, when),
            session_id=change.session_id,
            notified=True,
        )
    )


async def cancelar(update: Update, context: BotContext) -> None:
    """/cancelar NÚMERO."""
    incoming = await _admin_message(update, context)
    if incoming is None:
        return
    args = list(context.args or [])
    if len(args) != 1 or not args[0].isdigit():
        await incoming.reply_html(await _upcoming_list(context, "Uso: /cancelar NÚMERO"))
        return
    svc = context.services
    try:
        change = await store(_in_transaction, svc.engine.db_engine, calendar.cancel, int(args[0]))
    except CalendarError as error:
        await incoming.reply_html(message("error_calendario", error=str(error)))
        return
    await _after_change(context, change)
    await incoming.reply_html(message("cancelada", title=change.title))


def _upcoming_rows(db: SqlEngine, now: dt.datetime) -> list[Any]:
    with session_scope(db) as session:
        return calendar.upcoming(now, session=session)


async def _upcoming_list(context: BotContext, usage: str | None = None) -> str:
    svc = context.services
    rows = await store(_upcoming_rows, svc.engine.db_engine, svc.clock())
    listing = [
        (
            row.id,
            row.title or calendar.describe(row),
            f"{as_utc(row.starts_at).astimezone(svc.settings.zone):%d/%m/%Y %H:%M}",
        )
        for row in rows
    ]
    return message("programadas", rows=listing, usage=usage)


async def calendario(update: Update, context: BotContext) -> None:
    """/calendario: the upcoming sessions as an iCalendar file."""
    incoming = update.effective_message
    if incoming is None:
        return
    svc = context.services
    rows = await store(_upcoming_rows, svc.engine.db_engine, svc.clock())
    if not rows:
        await incoming.reply_html(message("calendario_vacio"))
        return
    await context.bot.send_chat_action(incoming.chat_id, ChatAction.UPLOAD_DOCUMENT)
    data = await store(calendar.to_ics, rows, now=svc.clock())  # icalendar: a slow first import, then CPU work
    await incoming.reply_document(
        InputFile(data, filename="sesiones-cvoe.ics"), caption=message("calendario_archivo", count=len(rows))
    )


async def _reminder_state(context: BotContext, chat_id: int) -> tuple[str, InlineKeyboardMarkup]:
    row = await store(context.services.book.subscription, chat_id)
    enabled = row is not None and row.enabled
    try:  # a stored list from an older version may be out of bounds: the book skips it, and so says the bot
        leads = [describe_lead(lead) for lead in decode_leads(row.leads)] if row and enabled else []
        broken = False
    except LeadError:
        leads, broken = [], True
    button = (
        InlineKeyboardButton("Desactivar", callback_data="rec:off")
        if enabled
        else InlineKeyboardButton("Activar", callback_data="rec:on")
    )
    return message("recordatorios", enabled=enabled, leads=leads, broken=broken), InlineKeyboardMarkup([[button]])


async def may_manage_reminders(update: Update, context: BotContext) -> bool:
    """In a group, only its administrators (or a bot admin) turn its reminders on or off."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE or context.services.settings.is_admin(user.id):
        return True
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as error:
        log.warning("No pude consultar si %s administra el grupo %s: %s", user.id, chat.id, error)
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def _set_reminders(context: BotContext, chat_id: int, arg: str) -> None:
    """Turn reminders on/off or set lead times (raises :class:`LeadError`), then re-plan only this chat."""
    svc = context.services
    if arg in ("off", "no", "desactivar"):
        await store(svc.book.unsubscribe, chat_id, svc.clock())
        return
    leads = None if arg in ("on", "si", "sí", "activar") else parse_leads(arg)
    await store(svc.book.subscribe, chat_id, svc.clock(), leads)
    if svc.scheduler is not None:
        await svc.scheduler.subscription_changed(chat_id)


async def recordatorios(update: Update, context: BotContext) -> None:
    """/recordatorios [on|off|24h,1h]: subscribe, leave, set lead times, or show the state."""
    incoming = update.effective_message
    if incoming is None:
        return
    arg = " ".join(context.args or []).strip().lower()
    if arg:
        if not await may_manage_reminders(update, context):
            await incoming.reply_html(message("no_admin_grupo"))
            return
        try:
            await _set_reminders(context, incoming.chat_id, arg)
        except LeadError as error:
            await incoming.reply_html(message("recordatorios_error", error=str(error)))
            return
    text, markup = await _reminder_state(context, incoming.chat_id)
    await incoming.reply_html(text, reply_markup=markup)


def _session_rows(db: SqlEngine, session_id: int, now: dt.datetime) -> list[Any]:
    with session_scope(db) as session:
        return [r for r in calendar.upcoming(now, session=session) if r.id == session_id]


async def reminder_button(update: Update, context: BotContext) -> None:
    """The Activar/Desactivar buttons and "Agregar a mi calendario" under a reminder."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    svc = context.services
    chat_id = query.message.chat.id
    if query.data.startswith("ics:"):
        await query.answer()
        session_id = int(query.data.split(":", 1)[1]) if query.data.split(":", 1)[1].isdigit() else -1
        rows = await store(_session_rows, svc.engine.db_engine, session_id, svc.clock())
        if not rows:
            await context.bot.send_message(chat_id, message("sesion_ya_no"))
            return
        data = await store(calendar.to_ics, rows, now=svc.clock())
        await context.bot.send_document(chat_id, InputFile(data, filename=f"sesion-{session_id}.ics"))
        return
    if not await may_manage_reminders(update, context):
        await query.answer(message("no_admin_grupo"), show_alert=True)
        return
    await _set_reminders(context, chat_id, "on" if query.data == "rec:on" else "off")
    await query.answer(message("listo"))
    text, markup = await _reminder_state(context, chat_id)
    await query.edit_message_text(text, reply_markup=markup)


async def calendar_file(update: Update, context: BotContext, data: bytes, name: str) -> None:
    """An admin sent a .ics or .csv calendar: import it (all or nothing)."""
    incoming = update.effective_message
    if incoming is None:
        return
    svc = context.services
    try:
        changes = await store(
            _in_transaction,
            svc.engine.db_engine,
            calendar.import_calendar,
            data,
            name,
            svc.settings.zone,
            now=svc.clock(),
        )
    except CalendarError as error:
        await incoming.reply_html(message("calendario_rechazado", error=str(error)))
        return
    await reload_engine(context)
    if svc.scheduler is not None:
        for change in changes:
            await svc.scheduler.announce(change)
    await incoming.reply_html(
        message("calendario_importado", count=len(changes), listing=await _upcoming_list(context))
    )
