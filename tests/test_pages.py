"""Long answers in pages, and buttons: each page says which section it is in; a choice made stays made."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.engine import Engine, Reply
from handlers.common import PAGE_SLACK, split_html
from tests.handler_kit import FakeClock, buttons, press_on, say, settings
from tests.telegram_fakes import OfflineRequest, callback_update

SESSION_HEADING = re.compile(r"^<b>[^<]*sesión[^<]*</b> — \d+ acuerdos? \(continúa\)$")


async def started(engine: Engine, now: dt.datetime) -> tuple[Application, OfflineRequest]:  # type: ignore[type-arg]
    request = OfflineRequest()
    application = build_application(settings(flood_burst=100), engine, request=request, clock=FakeClock(now))
    await application.initialize()
    return application, request


@pytest.fixture
async def bot_app(shipped_engine: Engine) -> AsyncIterator[tuple[Application, OfflineRequest]]:  # type: ignore[type-arg]
    application, request = await started(shipped_engine, dt.datetime(2021, 1, 15, 18, 0, tzinfo=dt.UTC))
    yield application, request
    await application.shutdown()


async def test_long_answers_are_paginated_with_ver_mas(
    bot_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    application, request = bot_app
    engine: Engine = application.bot_data.services.engine
    long_html = "\n".join(f"• línea <b>{n}</b> " + "x" * 80 for n in range(120))
    monkeypatch.setattr(engine, "answer", lambda q, **_: Reply("acuerdos", long_html, long_html, []))
    await say(application, "muchos acuerdos")
    first = request.sent("sendMessage")[-1]
    assert len(first["text"]) < 4096
    nav = buttons(first)
    assert nav and nav[-1]["text"].startswith("1/") and nav[-1]["text"].endswith("· Ver más ▶")
    await application.process_update(callback_update(application.bot, nav[-1]["callback_data"]))
    page_two = request.sent("editMessageText")[-1]
    assert "línea <b>" in page_two["text"] and page_two["text"] != first["text"]
    assert any(b["text"].startswith("◀") for b in buttons(page_two))


def test_split_html_keeps_every_line_and_limit() -> None:
    markup = "\n".join(f"<b>{n}</b> " + "y" * 50 for n in range(300)) + "\n" + "z " * 3000
    pages = split_html(markup, limit=1000)
    assert all(len(p) <= 1000 for p in pages)
    assert "".join(pages).replace("\n", "").replace(" ", "") == markup.replace("\n", "").replace(" ", "")


def test_a_second_page_repeats_its_heading_and_no_page_is_one_lonely_item() -> None:
    sessions = []
    for n in range(1, 4):
        items = "\n".join(f"• <b>CVOE/0{n}{i:02d}/20</b> " + "texto del acuerdo " * 6 for i in range(12))
        sessions.append(f"<b>Sesión {n}</b> (26/11/2020):\n{items}")
    pages = split_html("\n\n".join(sessions), limit=1500)
    assert len(pages) > 2
    for page in pages[1:]:
        first = page.split("\n", 1)[0]
        assert first.startswith("<b>Sesión"), first  # every page says which session it is in
    assert any("(continúa)" in page for page in pages)
    lonely = "<b>Sesión 9</b> (1/12/2020):\n" + "\n".join("• acuerdo " + "x" * 60 for _ in range(21))
    for limit in (700, 1480, 1520):  # 1480 and 1520 would leave the 21st item alone
        pages = split_html(lonely, limit=limit)
        assert all(len([line for line in p.split("\n") if line.startswith("•")]) >= 2 for p in pages), pages
        assert sum(p.count("• acuerdo") for p in pages) == 21


async def test_a_pressed_choice_is_marked_and_the_others_removed(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "¿A qué sesiones faltó Rodríguez?")
    offered = request.sent("sendMessage")[-1]
    choice = buttons(offered)
    await press_on(application, offered, choice[1])
    edited = request.sent("editMessageReplyMarkup")[-1]
    left = buttons(edited)
    assert [b["text"] for b in left] == [f"✓ {choice[1]['text']}"] and left[0]["callback_data"] == "hecho"
    await application.process_update(callback_update(application.bot, "hecho"))
    assert "Ya elegiste" in request.sent("answerCallbackQuery")[-1]["text"]


def test_real_pages_of_acuerdos_repeat_their_session_heading(both_engine: Engine) -> None:
    reply = both_engine.answer("acuerdos en total", today=dt.date(2021, 6, 1))
    pages = split_html(reply.html, slack=PAGE_SLACK)
    assert len(pages) > 1
    for page in pages[1:]:
        first = page.split("\n", 1)[0]
        # "<b>Décima segunda sesión ordinaria de 2020 (martes 22 de diciembre de 2020)</b> — 3 acuerdos (continúa)"
        assert SESSION_HEADING.match(first) or first.startswith("<b>"), first
    assert any(SESSION_HEADING.match(page.split("\n", 1)[0]) for page in pages[1:]), pages[1][:300]


async def test_page_two_of_a_real_answer_in_telegram_says_its_session(both_engine: Engine) -> None:
    application, request = await started(both_engine, dt.datetime(2021, 6, 1, 18, 0, tzinfo=dt.UTC))
    try:
        await say(application, "acuerdos en total")
        first = request.sent("sendMessage")[-1]
        more = [b for b in buttons(first) if "Ver más" in b["text"]]
        await application.process_update(callback_update(application.bot, more[0]["callback_data"]))
        second = request.sent("editMessageText")[-1]["text"]
    finally:
        await application.shutdown()
    assert SESSION_HEADING.match(second.split("\n", 1)[0]), second[:300]


def test_a_list_in_a_section_carries_both_headings() -> None:
    absent = "\n".join(f"• Representación número {n} " + "x" * 40 for n in range(40))
    markup = f"<b>Primera sesión ordinaria de 2021 (jueves 21 de enero de 2021)</b>\nFaltaron (40):\n{absent}"
    pages = split_html(markup, limit=1200)
    assert len(pages) > 1
    for page in pages[1:]:
        heading, sublist, item = page.split("\n")[:3]
        assert heading == "<b>Primera sesión ordinaria de 2021 (jueves 21 de enero de 2021)</b> (continúa)"
        assert sublist == "Faltaron (40):" and item.startswith("• ")


def test_a_sentence_in_bold_or_a_label_is_no_heading() -> None:
    lines = [f"<b>Sesiones:</b> {n}" for n in range(60)] + ["<b>MORENA</b> asistió a la décima sesión."] * 40
    for page in split_html("\n".join(lines), limit=900)[1:]:
        assert "(continúa)" not in page


async def test_turning_the_page_after_a_choice_keeps_the_choice_made(
    bot_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    application, request = bot_app
    engine: Engine = application.bot_data.services.engine
    answer = engine.answer
    long_html = "<b>Encabezado</b>:\n" + "\n".join(f"• línea <b>{n}</b> " + "x" * 80 for n in range(60))
    choices = ["acuerdo 46", "acuerdo 47"]
    monkeypatch.setattr(
        engine,
        "answer",
        lambda q, **kw: Reply("acuerdos", long_html, long_html, choices) if q == "largo" else answer(q, **kw),
    )
    await say(application, "largo")
    offered = request.sent("sendMessage")[-1]
    await press_on(application, offered, buttons(offered)[0])
    marked = request.sent("editMessageReplyMarkup")[-1]
    assert buttons(marked)[0]["text"] == "✓ acuerdo 46"
    page = next(b for b in buttons(marked) if b["callback_data"].startswith("p:"))
    await press_on(application, marked, page)
    turned = request.sent("editMessageText")[-1]
    assert "Encabezado" in turned["text"] and "(continúa)" in turned["text"]
    texts = [b["text"] for b in buttons(turned)]
    assert texts[0] == "✓ acuerdo 46" and "acuerdo 47" not in texts  # not every choice back, unmarked
    assert any(text.startswith("◀") for text in texts)
