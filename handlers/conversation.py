"""Commands, free questions, edited questions and button presses: each asks the engine and replies."""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError

from bot.engine import EXAMPLE_QUESTIONS, Reply
from bot.render import message, render
from bot.threads import store
from handlers.commands import ADMIN_COMMANDS, COMMANDS
from handlers.common import (
    CHOSEN,
    edit_reply,
    keyboard,
    mark_chosen,
    paginate,
    recall,
    send_reply,
    send_summary_document,
    turn_page,
)
from handlers.context import BotContext
from lang.spanish import fold
from lang.vocabulary import Subject

log = logging.getLogger(__name__)

EXAMPLES = EXAMPLE_QUESTIONS[:3]
QUESTION_WORDS = frozenset(
    [
        "que",
        "cual",
        "cuales",
        "cuando",
        "quien",
        "quienes",
        "como",
        "cuanto",
        "cuantos",
        "cuanta",
        "cuantas",
        "donde",
        "porque",
        "hubo",
        "hay",
        "dime",
        "muestrame",
        "cuentame",
        "lista",
    ]
)

# The subject of each command; its arguments only add conditions ("/asistencia 12", "/acuerdos diciembre").
COMMAND_SUBJECTS = {
    "acuerdos": Subject.ACUERDOS,
    "sesiones": Subject.SESIONES,
    "asistencia": Subject.ASISTENCIA,
    "convenios": Subject.CONVENIOS,
    "resumen": Subject.RESUMEN,
    "proxima": Subject.SESIONES,
}


def looks_like_question(text: str) -> bool:
    """Whether ``text`` is clearly a question ("¿qué convenios se firmaron?", "cuándo es la próxima")."""
    if "?" in text or "¿" in text:
        return True
    words = fold(text).split()
    return bool(words) and words[0] in QUESTION_WORDS


async def ask(context: BotContext, question: str, chat_id: int | None = None) -> Reply:
    """The engine's reply to ``question`` for today in the commission's time zone, in ``chat_id``'s conversation
    (the engine may read the chat's context from the store, so it runs off the event loop)."""
    svc = context.services
    return await store(svc.engine.answer, question, today=svc.today(), chat=chat_id, now=svc.clock())


async def typing(update: Update, context: BotContext) -> None:
    """Show "escribiendo…" while the answer is prepared."""
    if update.effective_chat:
        await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)


async def answer_question(update: Update, context: BotContext, text: str) -> None:
    """Ask the engine ``text`` and send the reply."""
    await typing(update, context)
    chat_id = update.effective_chat.id if update.effective_chat else None
    await send_reply(update, context, await ask(context, text, chat_id))


async def start(update: Update, context: BotContext) -> None:
    """Welcome, what can be asked, and three example questions as buttons."""
    if update.effective_message is None:
        return
    markup, _ = render("bienvenida.j2", name=update.effective_user.first_name if update.effective_user else "")
    reply = Reply("start", "", markup, list(EXAMPLES))
    await send_reply(update, context, reply)


async def help_command(update: Update, context: BotContext) -> None:
    """What the bot can answer, and its commands (an admin also sees the admin commands)."""
    user = update.effective_user
    is_admin = context.services.settings.is_admin(user.id if user else None)
    listing = message(
        "comandos",
        commands=[(c.command, c.description) for c in COMMANDS],
        admin_commands=[(c.command, c.description) for c in ADMIN_COMMANDS] if is_admin else [],
    )
    topics = await ask(context, "ayuda")
    await send_reply(update, context, Reply(Subject.AYUDA, "", f"{topics.html}\n\n{listing}", []))


async def command(update: Update, context: BotContext) -> None:
    """/acuerdos, /sesiones, /asistencia, /convenios, /resumen, /proxima with optional arguments."""
    incoming = update.effective_message
    if incoming is None or not incoming.text:
        return
    name = incoming.text.split()[0].lstrip("/").split("@")[0].lower()
    args = " ".join(context.args or []).strip()
    if name == "proxima":
        args = f"próxima sesión {args}".strip()  # /proxima is the next session, whatever follows
    svc = context.services
    await typing(update, context)
    reply = await store(
        svc.engine.command, COMMAND_SUBJECTS[name], args, today=svc.today(), chat=incoming.chat_id, now=svc.clock()
    )
    await send_reply(update, context, reply)


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command no handler knows: point to /ayuda (in groups, only when addressed to this bot)."""
    incoming = update.effective_message
    if incoming is None or not incoming.text:
        return
    word = incoming.text.split()[0].lstrip("/")
    name, _, target = word.partition("@")
    if incoming.chat.type != ChatType.PRIVATE and target.lower() != (context.bot.username or "").lower():
        return  # a command for another bot in the group
    await incoming.reply_html(message("comando_desconocido", command=name[:40]))


def addressed_text(update: Update, context: BotContext) -> str | None:
    """The question in a message meant for the bot: any private message; in groups, a mention or a reply."""
    incoming = update.effective_message
    if incoming is None or incoming.text is None:
        return None
    if incoming.chat.type == ChatType.PRIVATE:
        return incoming.text
    bot = context.bot
    replied = incoming.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot.id:
        return incoming.text
    username = bot.username or ""
    if username and f"@{username.lower()}" in incoming.text.lower():
        return re.sub(rf"@{re.escape(username)}\b", " ", incoming.text, flags=re.IGNORECASE).strip()
    return None


async def question(update: Update, context: BotContext) -> None:
    """A free question: ask the engine and answer."""
    text = addressed_text(update, context)
    if text is None:
        return
    await answer_question(update, context, text)


async def edited_question(update: Update, context: BotContext) -> None:
    """The user edited a question: edit the answer given to it."""
    edited = update.edited_message
    text = addressed_text(update, context)
    if edited is None or text is None:
        return
    answer_id = context.services.answered.get((edited.chat_id, edited.message_id))
    reply = await ask(context, text, edited.chat_id)
    if answer_id is None:
        await send_reply(update, context, reply)
        return
    await edit_reply(context, edited.chat_id, answer_id, reply)


async def button(update: Update, context: BotContext) -> None:
    """A press on a suggested question or on a page button (whichever bot process sent the buttons)."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        if query is not None:
            await query.answer()
        return
    chat_id = query.message.chat_id
    kind, _, rest = query.data.partition(":")
    if query.data == CHOSEN:
        await query.answer(message("ya_elegido"))
        return
    if kind == "q":
        asked = await recall(context, chat_id, "choice", rest)
        if asked is None:
            await query.answer(message("opcion_caducada"), show_alert=True)
            return
        await query.answer()
        # The choice is made: mark it, so the question's other options cannot be pressed too.
        try:
            await query.edit_message_reply_markup(mark_chosen(query.message.reply_markup, query.data))
        except TelegramError as error:  # an old message may no longer be editable: still answer
            log.warning("No pude marcar la opción elegida: %s", error)
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        reply = await ask(context, asked, chat_id)
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
            await query.answer(message("respuesta_caducada"), show_alert=True)
            return
        page = int(page_text)
        await query.answer()
        current = query.message.reply_markup
        markup: InlineKeyboardMarkup | None
        if current is not None:  # the choices as they stand on the message: one may have been made
            markup = turn_page(current, key, page, len(stored["pages"]))
        else:
            reply = Reply("page", "", "", stored["choices"])
            markup = await keyboard(context, chat_id, reply, stored["pages"], page, key)
        await query.edit_message_text(stored["pages"][page], reply_markup=markup, disable_web_page_preview=True)
        return
    await query.answer()


async def unsupported(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice notes…: a hint in private chats, silence in groups."""
    incoming = update.effective_message
    if incoming is None or incoming.chat.type != ChatType.PRIVATE:
        return
    await incoming.reply_html(message("solo_texto"))
