"""Typed wiring: the services every handler uses, reached through python-telegram-bot's ``ContextTypes``.

As in python-telegram-bot's ``contexttypesbot.py`` example, ``bot_data`` is an object of our own
(:class:`BotData`) and handlers receive a :class:`BotContext` whose ``services`` property is typed.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.clock import Clock
from bot.engine import Engine
from bot.reminders import ReminderBook
from bot.settings import Settings
from handlers.reminder_jobs import ReminderScheduler
from handlers.throttle import StrangerGate, Throttle


@dataclass
class Services:
    """Objects the handlers need, built once by ``bot.app`` and kept in ``bot_data``."""

    engine: Engine
    settings: Settings
    clock: Clock
    throttle: Throttle
    strangers: StrangerGate
    book: ReminderBook
    scheduler: ReminderScheduler | None = None  # set once the application runs its job queue
    answered: OrderedDict[tuple[int, int], int] = field(default_factory=OrderedDict)

    def today(self) -> dt.date:
        """Today in the commission's time zone."""
        return self.clock().astimezone(self.settings.zone).date()


class BotData:
    """The application's ``bot_data``: the services, set once at start-up."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        """The application's services (set by ``bot.app.build_application``)."""
        if self._services is None:
            raise RuntimeError("services not set: build the application with bot.app.build_application")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler receives."""

    @property
    def services(self) -> Services:
        """This application's :class:`Services`."""
        return self.bot_data.services


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)
BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[BotContext]]
