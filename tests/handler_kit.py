"""What the handler tests share: a clock moved by hand, settings, sending a message, reading buttons."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.settings import Settings
from tests.telegram_fakes import TOKEN, callback_update, message_update

STAFF, ADMIN, STRANGER = 1, 7, 66


class FakeClock:
    """A clock the tests move by hand."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = dict(
        bot_token=TOKEN,
        database_url="sqlite://",
        allowed_user_ids=frozenset({STAFF}),
        admin_user_ids=frozenset({ADMIN}),
        flood_burst=5,
        flood_interval=6,
    )
    values.update(overrides)
    return Settings(**values)


async def say(application: Application, text: str | None, **kwargs: Any) -> None:  # type: ignore[type-arg]
    await application.process_update(message_update(application.bot, text, **kwargs))


def buttons(params: dict[str, Any]) -> list[dict[str, Any]]:
    markup = params.get("reply_markup")
    if not markup:
        return []
    data = json.loads(markup) if isinstance(markup, str) else markup
    return [b for row in data["inline_keyboard"] for b in row]


async def press_on(application: Application, sent: dict[str, Any], button: dict[str, Any], **kwargs: Any) -> None:  # type: ignore[type-arg]
    """Press ``button`` of the message ``sent``, whose keyboard the update carries (as Telegram sends it)."""
    markup = sent["reply_markup"]
    data = callback_update(application.bot, button["callback_data"], **kwargs).to_dict()
    data["callback_query"]["message"]["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
    await application.process_update(Update.de_json(data, application.bot))
