"""Calendar and reminders in Telegram: /agendar, /reprogramar, /cancelar, /calendario, /recordatorios."""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes, ConversationHandler

from bot import calendar
from bot.calendar import CalendarChange, CalendarError, as_utc
from bot.reminders import describe_lead, parse_leads
from handlers.common import services

log = logging.getLogger(__name__)

ASK_WHEN, ASK_TITLE = range(2)
NOT_ADMIN = "Solo las personas administradoras pueden cambiar el calendario."
USAGE_AGENDAR = "Uso: /agendar 2027-01-21 10:00 Primera sesión ordinaria (o /agendar sin más y te pregunto)."


def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return services(context).settings.is_admin(user.id if user else None)


async def _admin_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Message | None:
    """The command's message if an admin sent it; anyone else is told so and gets None."""
    message = update.effective_message
    if message is None:
        return None
    if not _is_admin(update, context):
        await message.reply_text(NOT_ADMIN)
        return None
    return message


def split_when_and_title(words: list[str], context: ContextTypes.DEFAULT_TYPE) -> tuple[str, str]:
    """The longest leading words that read as a date and time, and the rest as the title."""
    zone = services(context).settings.zone
    best = 0
    for n in range(2, min(len(words), 9) + 1):
        try:
            calendar.parse_when(" ".join(words[:n]), zone)
        except CalendarError:
            continue
        best = n
    if best == 0:
        raise CalendarError(f"No encontré la fecha y hora al inicio. {USAGE_AGENDAR}")
    return " ".join(words[:best]), " ".join(words[best:])


async def _after_change(context: ContextTypes.DEFAULT_TYPE, change: CalendarChange) -> None:
    svc = services(context)
    await asyncio.to_thread(svc.engine.reload)
    if svc.scheduler is not None:
        svc.scheduler.announce(change)


def _confirmation(change: CalendarChange, context: ContextTypes.DEFAULT_TYPE) -> str:
    svc = services(context)
    rows = calendar.upcoming(svc.engine.db_engine, svc.clock())
    row = next((r for r in rows if r.id == change.session_id), None)
    when = ""
    if row is not None and row.starts_at:
        local = as_utc(row.starts_at).astimezone(svc.settings.zone)
        when = f" para el {local:%d/%m/%Y a las %H:%M} h"
    verb = {"programada": "Agendé", "reprogramada": "Reprogramé", "cancelada": "Cancelé"}.get(change.action, "Guardé")
    return f"{verb} <b>{html.escape(change.title)}</b>{when} (número {change.session_id})."


async def agendar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/agendar [fecha hora título]: one line, or a guided conversation."""
    message = update.effective_message
    if message is None:
        return ConversationHandler.END
    if not _is_admin(update, context):
        await message.reply_text(NOT_ADMIN)
        return ConversationHandler.END
    if context.args:
        try:
            when_text, title = split_when_and_title(list(context.args), context)
            await _schedule(message, context, when_text, title)
        except CalendarError as error:
            await message.reply_text(str(error))
        return ConversationHandler.END
    await message.reply_text(
        "¿Qué día y a qué hora es la sesión? (por ejemplo, 2027-01-21 10:00). Escribe /salir para dejarlo."
    )
    return ASK_WHEN


async def agendar_when(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Guided /agendar: the date and time."""
    message = update.effective_message
    if message is None or not message.text:
        return ASK_WHEN
    try:
        calendar.parse_when(message.text, services(context).settings.zone)
    except CalendarError as error:
        await message.reply_text(f"{error} Inténtalo de nuevo o escribe /salir.")
        return ASK_WHEN
    if context.chat_data is not None:
        context.chat_data["agendar_when"] = message.text
    await message.reply_text("¿Cómo se llama la sesión? (por ejemplo, Primera sesión ordinaria)")
    return ASK_TITLE


async def agendar_title(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Guided /agendar: the title; then schedule."""
    message = update.effective_message
    if message is None or not message.text or context.chat_data is None:
        return ASK_TITLE
    when_text = context.chat_data.pop("agendar_when", "")
    try:
        await _schedule(message, context, when_text, message.text)
    except CalendarError as error:
        await message.reply_text(str(error))
    return ConversationHandler.END


async def agendar_exit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/salir: leave the guided /agendar."""
    if context.chat_data is not None:
        context.chat_data.pop("agendar_when", None)
    if update.effective_message:
        await update.effective_message.reply_text("Listo, no agendé nada.")
    return ConversationHandler.END


async def _schedule(message: Message, context: ContextTypes.DEFAULT_TYPE, when_text: str, title: str) -> None:
    svc = services(context)
    when = calendar.parse_when(when_text, svc.settings.zone, now=svc.clock())
    if when <= svc.clock():
        raise CalendarError("Esa fecha ya pasó; agenda sesiones futuras.")
    _, change = await asyncio.to_thread(calendar.schedule, svc.engine.db_engine, when, title, svc.settings.zone)
    await _after_change(context, change)
    await message.reply_html(_confirmation(change, context))


async def reprogramar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reprogramar NÚMERO fecha hora."""
    message = await _admin_message(update, context)
    if message is None:
        return
    args = list(context.args or [])
    if len(args) < 3 or not args[0].isdigit():
        await message.reply_html("Uso: /reprogramar NÚMERO 2027-01-28 10:00\n\n" + _upcoming_list(context))
        return
    svc = services(context)
    try:
        when = calendar.parse_when(" ".join(args[1:]), svc.settings.zone, now=svc.clock())
        if when <= svc.clock():
            raise CalendarError("Esa fecha ya pasó.")
        change = await asyncio.to_thread(
            calendar.reschedule, svc.engine.db_engine, int(args[0]), when, svc.settings.zone
        )
    except CalendarError as error:
        await message.reply_text(str(error))
        return
    await _after_change(context, change)
    await message.reply_html(_confirmation(change, context) + " Avisé a quienes reciben recordatorios.")


async def cancelar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancelar NÚMERO."""
    message = await _admin_message(update, context)
    if message is None:
        return
    args = list(context.args or [])
    if len(args) != 1 or not args[0].isdigit():
        await message.reply_html("Uso: /cancelar NÚMERO\n\n" + _upcoming_list(context))
        return
    svc = services(context)
    try:
        change = await asyncio.to_thread(calendar.cancel, svc.engine.db_engine, int(args[0]))
    except CalendarError as error:
        await message.reply_text(str(error))
        return
    await _after_change(context, change)
    await message.reply_html(f"Cancelé <b>{html.escape(change.title)}</b>. Avisé a quienes reciben recordatorios.")


def _upcoming_list(context: ContextTypes.DEFAULT_TYPE) -> str:
    svc = services(context)
    rows = calendar.upcoming(svc.engine.db_engine, svc.clock())
    if not rows:
        return "No hay sesiones programadas."
    lines = ["Sesiones programadas:"]
    for row in rows:
        local = as_utc(row.starts_at).astimezone(svc.settings.zone)  # type: ignore[arg-type]
        lines.append(f"• <b>{row.id}</b>: {html.escape(row.title or calendar.describe(row))}, {local:%d/%m/%Y %H:%M} h")
    return "\n".join(lines)


async def calendario(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/calendario: the upcoming sessions as an iCalendar file."""
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    rows = calendar.upcoming(svc.engine.db_engine, svc.clock())
    if not rows:
        await message.reply_text("No hay sesiones programadas por ahora.")
        return
    await context.bot.send_chat_action(message.chat_id, ChatAction.UPLOAD_DOCUMENT)
    data = calendar.to_ics(rows, svc.settings.zone)
    await message.reply_document(
        InputFile(data, filename="sesiones-cvoe.ics"),
        caption=f"{len(rows)} sesiones programadas. Ábrelo para agregarlas a tu calendario.",
    )


def _reminder_state(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> tuple[str, InlineKeyboardMarkup]:
    svc = services(context)
    row = svc.book.subscription(chat_id)
    if row is not None and row.enabled:
        leads = ", ".join(describe_lead(int(x)) for x in row.leads.split(","))
        text = f"Los recordatorios están <b>activados</b> en este chat: {leads} antes de cada sesión."
        button = InlineKeyboardButton("Desactivar", callback_data="rec:off")
    else:
        text = "Los recordatorios están <b>desactivados</b> en este chat."
        button = InlineKeyboardButton("Activar", callback_data="rec:on")
    return text, InlineKeyboardMarkup([[button]])


async def recordatorios(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/recordatorios [on|off|24h,1h]: subscribe, leave, set lead times, or show the state."""
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    arg = " ".join(context.args or []).strip().lower()
    if arg in ("on", "si", "sí", "activar"):
        svc.book.subscribe(message.chat_id, svc.clock())
    elif arg in ("off", "no", "desactivar"):
        svc.book.unsubscribe(message.chat_id, svc.clock())
    elif arg:
        try:
            svc.book.subscribe(message.chat_id, svc.clock(), leads=parse_leads(arg))
        except ValueError as error:
            await message.reply_text(f"{error} Uso: /recordatorios on, off o 24h,1h.")
            return
    if arg and svc.scheduler is not None:
        svc.scheduler.rebuild()
    text, markup = _reminder_state(context, message.chat_id)
    await message.reply_html(text, reply_markup=markup)


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Activar/Desactivar buttons and "Agregar a mi calendario" under a reminder."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    svc = services(context)
    chat_id = query.message.chat.id
    if query.data.startswith("ics:"):
        await query.answer()
        session_id = int(query.data.split(":", 1)[1])
        rows = [r for r in calendar.upcoming(svc.engine.db_engine, svc.clock()) if r.id == session_id]
        if not rows:
            await context.bot.send_message(chat_id, "Esa sesión ya no está en el calendario.")
            return
        await context.bot.send_document(
            chat_id, InputFile(calendar.to_ics(rows, svc.settings.zone), filename=f"sesion-{session_id}.ics")
        )
        return
    if query.data == "rec:on":
        svc.book.subscribe(chat_id, svc.clock())
    else:
        svc.book.unsubscribe(chat_id, svc.clock())
    if svc.scheduler is not None:
        svc.scheduler.rebuild()
    await query.answer("Listo")
    text, markup = _reminder_state(context, chat_id)
    await query.edit_message_text(text, reply_markup=markup)


async def calendar_file(update: Update, context: ContextTypes.DEFAULT_TYPE, data: bytes, name: str) -> None:
    """An admin sent a .ics or .csv calendar: import it (all or nothing)."""
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    try:
        changes = await asyncio.to_thread(calendar.import_calendar, svc.engine.db_engine, data, name, svc.settings.zone)
    except CalendarError as error:
        await message.reply_text(f"No importé el calendario: {error}")
        return
    for change in changes:
        await _after_change(context, change)
    await message.reply_html(f"Importé {len(changes)} sesiones del calendario.\n\n{_upcoming_list(context)}")
