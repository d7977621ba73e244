"""The one way handlers reach the store (and other blocking work: dates, PDFs): in a worker thread, so a
database round trip never stalls the other chats the bot is serving."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


async def store(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``func`` (a synchronous store call or other blocking work) in a worker thread; return its result."""
    return await asyncio.to_thread(func, *args, **kwargs)
