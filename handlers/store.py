"""The one way handlers reach the store: in a worker thread, so a database round trip never stalls the bot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


async def store(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``func`` (a synchronous store call) in a worker thread and return its result."""
    return await asyncio.to_thread(func, *args, **kwargs)
