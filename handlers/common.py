"""What every handler shares: sending an engine reply to Telegram, in pages, with its buttons."""

from __future__ import annotations

import gc
import hashlib
import re
from typing import Any

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatAction, MessageLimit

from bot.documents import summary_pdf
from bot.engine import Reply
from bot.render import message
from bot.summary import build_summary, find_informe
from bot.threads import store
from db.database import session_scope
from db.queries import buttons
from handlers.context import BotContext

PAGE_LIMIT = 3500  # below Telegram's 4096, leaving room for a repeated heading…
PAGE_SLACK = 450  # …or for a last line folded back rather than left alone on a page
MAX_BUTTON_TEXT = 60
CHOSEN = "hecho"  # callback data of a choice already made
_BOLD_HEADING_RE = re.compile(r"^<b>[^\n]*?</b>(?:\s*[—–(][^\n]{0,100}|[^\n]{0,100}:)?$")
_PLAIN_HEADING_RE = re.compile(r"^[^\n•<][^\n•]{0,119}:$")


def _heading_level(line: str) -> int:
    """1 for a section heading ("<b>Décima sesión ordinaria (…)</b> — 3 acuerdos", "<b>Comandos</b>"), 2 for a
    line that introduces a list ("Faltaron (3):", "Se aprobaron 19 acuerdos:"), 0 for any other line."""
    text = line.strip()
    if text.endswith((".", ";", ",")):
        return 0  # a sentence, even one that starts in bold
    if _BOLD_HEADING_RE.match(text):
        return 1
    return 2 if _PLAIN_HEADING_RE.match(text) else 0


def _is_heading(line: str) -> bool:
    """A line that introduces the lines after it."""
    return _heading_level(line) > 0


def _carried(headings: list[str], piece: str) -> list[str]:
    """The headings a page that starts with ``piece`` repeats: the first marked "(continúa)"."""
    level = _heading_level(piece)
    if level == 1:
        return []  # the page starts with its own section
    kept = [h for h in headings if _heading_level(h) == 1] if level == 2 else list(headings)
    if not kept:
        return []
    first = kept[0].rstrip(": ").rstrip(":")
    return [f"{first} (continúa)", *kept[1:]]


def split_html(markup: str, limit: int = PAGE_LIMIT, *, slack: int = 0) -> list[str]:
    """Split a reply into pages under ``limit`` characters, at line breaks (tags never span lines).

    A page that starts in the middle of a section repeats that section's heading (and the heading of the list
    it is in, under it); a last page is never a single lonely line: it is folded back into the page before when
    that stays under ``limit + slack``, and otherwise takes the line before it along. A single line longer than a
    page is cut at its last space before the limit.
    """
    pieces: list[str] = []
    for line in markup.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(line[:cut])
            line = line[cut:].lstrip()
        pieces.append(line)
    pages: list[list[str]] = [[]]
    carried_lines = [0]  # how many repeated headings open each page
    headings: list[str] = []  # the section heading, then the heading of the list inside it
    size = 0
    for piece in pieces:
        if pages[-1] and size + len(piece) + 1 > limit:
            carried = _carried(headings, piece)
            pages.append(carried)
            carried_lines.append(len(carried))
            size = sum(len(p) + 1 for p in carried)
        pages[-1].append(piece)
        size += len(piece) + 1
        level = _heading_level(piece)
        if level == 1:
            headings = [piece]
        elif level == 2:
            headings = [h for h in headings if _heading_level(h) == 1] + [piece]
    _no_lonely_last_line(pages, carried_lines[-1], limit + slack)
    texts = ["\n".join(page).strip("\n") for page in pages]
    return [t for t in texts if t.strip()] or [""]


def _no_lonely_last_line(pages: list[list[str]], carried: int, limit: int) -> None:
    """Give a last page holding one line (besides its ``carried`` repeated headings) company, or fold it back."""
    if len(pages) < 2:
        return
    last, previous = pages[-1], pages[-2]
    content = [p for p in last[carried:] if p.strip()]
    if len(content) != 1:
        return
    joined = len("\n".join(previous)) + 1 + len(content[0])
    if joined <= limit:
        previous.append(content[0])
        pages.pop()
        return
    while previous and not previous[-1].strip():
        previous.pop()
    if len(previous) > 2 and not _is_heading(previous[-1]):
        last.insert(carried, previous.pop())


def short_key(text: str) -> str:
    """A stable 10-character key for callback data (Telegram allows 64 bytes)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _save(context: BotContext, chat_id: int, kind: str, key: str, payload: Any) -> None:
    svc = context.services
    with session_scope(svc.engine.db_engine) as session:
        buttons.save(chat_id, kind, key, payload, svc.clock(), session=session)


def _load(context: BotContext, chat_id: int, kind: str, key: str) -> Any | None:
    with Session(context.services.engine.db_engine) as session:
        return buttons.load(chat_id, kind, key, session=session)


async def reload_engine(context: BotContext) -> None:
    """Read the store again after an import or a calendar change, then exempt the new snapshot from the
    collector's full passes (as at start-up): a long-lived snapshot must not cost every chat a pause."""
    await store(context.services.engine.reload)
    gc.freeze()


async def remember(context: BotContext, chat_id: int, kind: str, key: str, payload: Any) -> None:
    """Keep what a button stands for in the database, where every bot process can read it."""
    await store(_save, context, chat_id, kind, key, payload)


async def recall(context: BotContext, chat_id: int, kind: str, key: str) -> Any | None:
    """What a pressed button stands for, or None when it is unknown or too old."""
    return await store(_load, context, chat_id, kind, key)


def page_buttons(pages_key: str, page: int, count: int) -> list[InlineKeyboardButton]:
    """ "◀ Anterior" and "1/2 · Ver más ▶" (the page counter sits on the button that moves on)."""
    nav = []
    if page > 0:
        label = "◀ Anterior" if page < count - 1 else f"◀ Anterior · {page + 1}/{count}"
        nav.append(InlineKeyboardButton(label, callback_data=f"p:{pages_key}:{page - 1}"))
    if page < count - 1:
        nav.append(InlineKeyboardButton(f"{page + 1}/{count} · Ver más ▶", callback_data=f"p:{pages_key}:{page + 1}"))
    return nav


async def keyboard(
    context: BotContext, chat_id: int, reply: Reply, pages: list[str], page: int, pages_key: str | None
) -> InlineKeyboardMarkup | None:
    """Buttons: the reply's suggested questions and, for long answers, the page buttons."""
    rows: list[list[InlineKeyboardButton]] = []
    for question in reply.choices[:4]:
        key = short_key(question)
        await remember(context, chat_id, "choice", key, question)
        label = question if len(question) <= MAX_BUTTON_TEXT else question[: MAX_BUTTON_TEXT - 1] + "…"
        rows.append([InlineKeyboardButton(label, callback_data=f"q:{key}")])
    if pages_key and len(pages) > 1:
        rows.append(page_buttons(pages_key, page, len(pages)))
    return InlineKeyboardMarkup(rows) if rows else None


def turn_page(current: InlineKeyboardMarkup, pages_key: str, page: int, count: int) -> InlineKeyboardMarkup:
    """The keyboard of a message turned to ``page``: its other buttons as they stand (a choice made stays marked,
    the choices it removed stay gone), and the page buttons of the new page."""
    rows = [
        list(row)
        for row in current.inline_keyboard
        if not any(str(button.callback_data or "").startswith("p:") for button in row)
    ]
    rows.append(page_buttons(pages_key, page, count))
    return InlineKeyboardMarkup(rows)


def mark_chosen(markup: InlineKeyboardMarkup | None, chosen: str) -> InlineKeyboardMarkup | None:
    """The keyboard after a choice: the pressed button marked ✓ (and inert), other choices gone, pages kept."""
    if markup is None:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard:
        kept = []
        for button in row:
            data = str(button.callback_data or "")
            if data == chosen:
                kept.append(InlineKeyboardButton(f"✓ {button.text}", callback_data=CHOSEN))
            elif not data.startswith(("q:", CHOSEN)):
                kept.append(button)
        if kept:
            rows.append(kept)
    return InlineKeyboardMarkup(rows) if rows else None


async def paginate(context: BotContext, chat_id: int, reply: Reply) -> tuple[list[str], str | None]:
    """Pages of ``reply`` and, when there are several, the key they are kept under."""
    pages = split_html(reply.html, slack=PAGE_SLACK)
    if len(pages) == 1:
        return pages, None
    key = short_key(reply.html)
    await remember(context, chat_id, "pages", key, {"pages": pages, "choices": reply.choices})
    return pages, key


async def send_summary_document(context: BotContext, chat_id: int, year: int, quarter: int) -> None:
    """The quarter's full summary as a PDF (with the attendance chart), after the short message."""
    svc = context.services
    informe = find_informe(svc.engine.knowledge, quarter, year)
    if informe is None:
        return
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    summary = await store(build_summary, svc.engine.knowledge, informe)
    data = await store(summary_pdf, summary, generated=svc.clock())  # matplotlib and reportlab are CPU work
    await context.bot.send_document(
        chat_id,
        InputFile(data, filename=f"resumen-{summary.code}.pdf"),
        caption=message("resumen_pdf", label=summary.label),
    )


async def send_reply(update: Update, context: BotContext, reply: Reply) -> Message | None:
    """Send ``reply`` as an answer to the update's message (first page, with its buttons)."""
    incoming = update.effective_message
    if incoming is None:
        return None
    pages, key = await paginate(context, incoming.chat_id, reply)
    sent = await incoming.reply_html(
        pages[0],
        reply_markup=await keyboard(context, incoming.chat_id, reply, pages, 0, key),
        disable_web_page_preview=True,
        do_quote=incoming.chat.type != "private",
    )
    answered = context.services.answered
    answered[(incoming.chat_id, incoming.message_id)] = sent.message_id
    while len(answered) > 1000:
        answered.popitem(last=False)
    if reply.quarter is not None:
        await send_summary_document(context, incoming.chat_id, *reply.quarter)
    return sent


async def edit_reply(context: BotContext, chat_id: int, message_id: int, reply: Reply) -> None:
    """Replace an earlier answer with ``reply`` (the user edited the question)."""
    pages, key = await paginate(context, chat_id, reply)
    await context.bot.edit_message_text(
        pages[0],
        chat_id=chat_id,
        message_id=message_id,
        reply_markup=await keyboard(context, chat_id, reply, pages, 0, key),
        disable_web_page_preview=True,
    )


assert MessageLimit.MAX_TEXT_LENGTH >= PAGE_LIMIT + 200
