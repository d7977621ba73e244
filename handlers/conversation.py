"""Commands, free questions, edited questions and button presses: each asks the engine and replies."""

from __future__ import annotations

import logging
import re

from telegram import Message, Update
from telegram.constants import ChatAction, ChatType
from telegram.ext import ContextTypes

from bot.engine import EXAMPLE_QUESTIONS, Reply
from bot.render import render
from handlers.common import edit_reply, keyboard, paginate, recall, send_reply, send_summary_document, services
from lang.vocabulary import Subject

log = logging.getLogger(__name__)

EXAMPLES = EXAMPLE_QUESTIONS[:3]

# The subject of each command; its arguments only add conditions ("/asistencia 12", "/acuerdos diciembre").
COMMAND_SUBJECTS = {
    "acuerdos": Subject.ACUERDOS,
    "sesiones": Subject.SESIONES,
    "asistencia": Subject.ASISTENCIA,
    "convenios": Subject.CONVENIOS,
    "resumen": Subject.RESUMEN,
    "proxima": Subject.SESIONES,
}


def ask(context: ContextTypes.DEFAULT_TYPE, question: str, chat_id: int | None = None) -> Reply:
    """The engine's reply to ``question`` for today in the commission's time zone, in ``chat_id``'s conversation."""
    svc = services(context)
    return svc.engine.answer(question, today=svc.today(), chat=chat_id, now=svc.clock())


async def typing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show "escribiendo…" while the answer is prepared."""
    if update.effective_chat:
        await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome, what can be asked, and three example questions as buttons."""
    if update.effective_message is None:
        return
    markup, _ = render("bienvenida.j2", name=update.effective_user.first_name if update.effective_user else "")
    reply = Reply("start", "", markup, list(EXAMPLES))
    await send_reply(update, context, reply)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot can answer."""
    await send_reply(update, context, ask(context, "ayuda"))


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/acuerdos, /sesiones, /asistencia, /convenios, /resumen, /proxima with optional arguments."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split()[0].lstrip("/").split("@")[0].lower()
    args = " ".join(context.args or []).strip()
    if name == "proxima":
        args = f"próxima sesión {args}".strip()  # /proxima is the next session, whatever follows
    svc = services(context)
    await typing(update, context)
    reply = svc.engine.command(COMMAND_SUBJECTS[name], args, today=svc.today(), chat=message.chat_id, now=svc.clock())
    await send_reply(update, context, reply)


def addressed_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The question in a message meant for the bot: any private message; in groups, a mention or a reply."""
    message = update.effective_message
    if message is None or message.text is None:
        return None
    if message.chat.type == ChatType.PRIVATE:
        return message.text
    bot = context.bot
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot.id:
        return message.text
    username = bot.username or ""
    if username and f"@{username.lower()}" in message.text.lower():
        return re.sub(rf"@{re.escape(username)}\b", " ", message.text, flags=re.IGNORECASE).strip()
    return None


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A free question: ask the engine and answer."""
    text = addressed_text(update, context)
    if text is None:
        return
    await typing(update, context)
    chat_id = update.effective_chat.id if update.effective_chat else None
    await send_reply(update, context, ask(context, text, chat_id))


async def edited_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user edited a question: edit the answer given to it."""
    message = update.edited_message
    text = addressed_text(update, context)
    if message is None or text is None:
        return
    answer_id = services(context).answered.get((message.chat_id, message.message_id))
    reply = ask(context, text)
    if answer_id is None:
        await send_reply(update, context, reply)
        return
    await edit_reply(context, message.chat_id, answer_id, reply)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on a suggested question or on "ver más" (whichever bot process sent the buttons)."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        if query is not None:
            await query.answer()
        return
    chat_id = query.message.chat_id
    kind, _, rest = query.data.partition(":")
    if kind == "q":
        asked = await recall(context, chat_id, "choice", rest)
        if asked is None:
            await query.answer("Esa opción ya no está disponible; vuelve a preguntar.", show_alert=True)
            return
        await query.answer()
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        reply = ask(context, asked, chat_id)
        pages, key = await paginate(context, chat_id, reply)
        await query.message.reply_html(
            pages[0], reply_markup=await keyboard(context, chat_id, reply, pages, 0, key), disable_web_page_preview=True
        )
        if reply.quarter is not None:
            await send_summary_document(context, chat_id, *reply.quarter)
        return
    if kind == "p":
        key, _, page_text = rest.partition(":")
        stored = await recall(context, chat_id, "pages", key)
        if stored is None or not page_text.isdigit() or int(page_text) >= len(stored["pages"]):
            await query.answer("Esa respuesta ya no está disponible; vuelve a preguntar.", show_alert=True)
            return
        page = int(page_text)
        await query.answer()
        reply = Reply("page", "", "", stored["choices"])
        await query.edit_message_text(
            stored["pages"][page],
            reply_markup=await keyboard(context, chat_id, reply, stored["pages"], page, key),
            disable_web_page_preview=True,
        )
        return
    await query.answer()


async def unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice notes…: a hint in private chats, silence in groups."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    await message.reply_text(
        "Solo entiendo preguntas escritas. Por ejemplo: «¿Qué acuerdos se aprobaron en noviembre?»"
    )
