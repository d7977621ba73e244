"""The one way to run blocking work from the event loop: store calls, the engine, dates, files, PDFs go to a
worker thread, so that a database round trip or a long computation never stalls the other chats the bot is
serving. Handlers, the wiring and the reminders' fan-out all use :func:`store`; nothing else calls
``asyncio.to_thread`` (``tests/test_event_loop.py`` checks it)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


async def store(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``func`` (a synchronous store call or other blocking work) in a worker thread; return its result."""
    return await asyncio.to_thread(func, *args, **kwargs)
