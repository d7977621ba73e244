"""What every handler shares: the services in ``bot_data`` and sending an engine reply to Telegram."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.ext import ContextTypes

from bot.engine import Engine, Reply
from bot.settings import Settings
from db.queries import buttons

Clock = Callable[[], dt.datetime]
PAGE_LIMIT = 3500  # below Telegram's 4096, leaving room for the page counter
MAX_BUTTON_TEXT = 60


@dataclass
class Services:
    """Objects the handlers need, kept in ``application.bot_data["services"]``."""

    engine: Engine
    settings: Settings
    clock: Clock
    throttle: Any = None
    book: Any = None  # bot.reminders.ReminderBook
    scheduler: Any = None  # bot.scheduler.ReminderScheduler, once the application runs
    answered: OrderedDict[tuple[int, int], int] = field(default_factory=OrderedDict)

    def today(self) -> dt.date:
        """Today in the commission's time zone."""
        return self.clock().astimezone(self.settings.zone).date()


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The :class:`Services` of this application."""
    return context.application.bot_data["services"]


def split_html(markup: str, limit: int = PAGE_LIMIT) -> list[str]:
    """Split a reply into pages under ``limit`` characters, at line breaks (tags never span lines).

    A single line longer than a page is cut at its last space before the limit.
    """
    pieces: list[str] = []
    for line in markup.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(line[:cut])
            line = line[cut:].lstrip()
        pieces.append(line)
    pages: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}\n{piece}" if current else piece
        if len(candidate) > limit:
            pages.append(current)
            current = piece
        else:
            current = candidate
    if current.strip() or not pages:
        pages.append(current)
    return pages


def short_key(text: str) -> str:
    """A stable 10-character key for callback data (Telegram allows 64 bytes)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


async def remember(context: ContextTypes.DEFAULT_TYPE, chat_id: int, kind: str, key: str, payload: Any) -> None:
    """Keep what a button stands for in the database, where every bot process can read it."""
    svc = services(context)

    def save() -> None:
        with Session(svc.engine.db_engine) as session:
            buttons.save(chat_id, kind, key, payload, svc.clock(), session=session)

    await asyncio.to_thread(save)


async def recall(context: ContextTypes.DEFAULT_TYPE, chat_id: int, kind: str, key: str) -> Any | None:
    """What a pressed button stands for, or None when it is unknown or too old."""
    svc = services(context)

    def load() -> Any | None:
        with Session(svc.engine.db_engine) as session:
            return buttons.load(chat_id, kind, key, session=session)

    return await asyncio.to_thread(load)


async def keyboard(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply, pages: list[str], page: int, pages_key: str | None
) -> InlineKeyboardMarkup | None:
    """Buttons: the reply's suggested questions and, for long answers, "ver más"."""
    rows: list[list[InlineKeyboardButton]] = []
    for question in reply.choices[:4]:
        key = short_key(question)
        await remember(context, chat_id, "choice", key, question)
        label = question if len(question) <= MAX_BUTTON_TEXT else question[: MAX_BUTTON_TEXT - 1] + "…"
        rows.append([InlineKeyboardButton(label, callback_data=f"q:{key}")])
    if pages_key and len(pages) > 1:
        nav = []
        if page > 0:
            nav.append(InlineKeyboardButton("◀ Anterior", callback_data=f"p:{pages_key}:{page - 1}"))
        if page < len(pages) - 1:
            nav.append(
                InlineKeyboardButton(f"Ver más ▶ ({page + 1}/{len(pages)})", callback_data=f"p:{pages_key}:{page + 1}")
            )
        rows.append(nav)
    return InlineKeyboardMarkup(rows) if rows else None


async def paginate(context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply) -> tuple[list[str], str | None]:
    """Pages of ``reply`` and, when there are several, the key they are kept under."""
    pages = split_html(reply.html)
    if len(pages) == 1:
        return pages, None
    key = short_key(reply.html)
    await remember(context, chat_id, "pages", key, {"pages": pages, "choices": reply.choices})
    return pages, key


async def send_summary_document(context: ContextTypes.DEFAULT_TYPE, chat_id: int, year: int, quarter: int) -> None:
    """The quarter's full summary as a PDF (with the attendance chart), after the short message."""
    from bot.documents import summary_pdf
    from bot.summary import build_summary, find_informe

    svc = services(context)
    informe = find_informe(svc.engine.knowledge, quarter, year)
    if informe is None:
        return
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    summary = build_summary(svc.engine.knowledge, informe)
    data = await asyncio.to_thread(summary_pdf, summary)  # matplotlib and reportlab are CPU work
    await context.bot.send_document(
        chat_id,
        InputFile(data, filename=f"resumen-{summary.code}.pdf"),
        caption=f"Resumen completo del {summary.label}, con la gráfica de asistencia.",
    )


async def send_reply(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> Message | None:
    """Send ``reply`` as an answer to the update's message (first page, with its buttons)."""
    message = update.effective_message
    if message is None:
        return None
    pages, key = await paginate(context, message.chat_id, reply)
    sent = await message.reply_html(
        pages[0],
        reply_markup=await keyboard(context, message.chat_id, reply, pages, 0, key),
        disable_web_page_preview=True,
        do_quote=message.chat.type != "private",
    )
    answered = services(context).answered
    answered[(message.chat_id, message.message_id)] = sent.message_id
    while len(answered) > 1000:
        answered.popitem(last=False)
    if reply.quarter is not None:
        await send_summary_document(context, message.chat_id, *reply.quarter)
    return sent


async def edit_reply(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int, reply: Reply) -> None:
    """Replace an earlier answer with ``reply`` (the user edited the question)."""
    pages, key = await paginate(context, chat_id, reply)
    await context.bot.edit_message_text(
        pages[0],
        chat_id=chat_id,
        message_id=message_id,
        reply_markup=await keyboard(context, chat_id, reply, pages, 0, key),
        disable_web_page_preview=True,
    )


assert MessageLimit.MAX_TEXT_LENGTH >= PAGE_LIMIT + 100
