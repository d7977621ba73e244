"""Where conversations live between questions: per chat, the last question frame and what its answer was
about, for a quarter of an hour after the last question.

In memory for one process (the terminal chat, ``ask``); in the database for the bot, so that any of its
processes can answer a follow-up. Database writes happen behind the answer, in one worker thread that
commits every pending context in one transaction: a reply never waits for a disk flush.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import logging
import threading
from dataclasses import asdict, dataclass
from typing import Protocol

from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session

from bot.engine.frame import Items, Question, question_from_dict, question_to_dict
from db.queries import conversations
from lang.spanish import plural

log = logging.getLogger(__name__)

CONTEXT_TTL = dt.timedelta(minutes=15)
"""How long a conversation's context lasts after its last question."""


@dataclass
class Context:
    """The last question of a chat and what its answer was about."""

    question: Question
    items: Items
    at: dt.datetime


class ConversationStore(Protocol):
    """Where contexts are kept between questions."""

    def get(self, chat: str, now: dt.datetime) -> Context | None: ...

    def put(self, chat: str, context: Context) -> None: ...


class MemoryConversations:
    """Contexts in this process's memory (the terminal chat, ``ask``)."""

    def __init__(self, ttl: dt.timedelta = CONTEXT_TTL) -> None:
        self.ttl = ttl
        self._contexts: dict[str, Context] = {}

    def get(self, chat: str, now: dt.datetime) -> Context | None:
        context = self._contexts.get(chat)
        if context is None or now - context.at > self.ttl:
            self._contexts.pop(chat, None)
            return None
        return context

    def put(self, chat: str, context: Context) -> None:
        self._contexts[chat] = context
        if len(self._contexts) > 10_000:
            oldest = min(self._contexts, key=lambda key: self._contexts[key].at)
            del self._contexts[oldest]


class DatabaseConversations:
    """Contexts in the database, shared by every bot process; written behind the answer."""

    def __init__(self, db_engine: SqlEngine, ttl: dt.timedelta = CONTEXT_TTL) -> None:
        self.db_engine = db_engine
        self.ttl = ttl
        self._pending: dict[str, Context] = {}
        self._lock = threading.Lock()
        self._flushing = threading.Lock()  # one flush at a time: the writer thread's, or the exit's
        self._wake = threading.Event()
        self._writer: threading.Thread | None = None

    def get(self, chat: str, now: dt.datetime) -> Context | None:
        with self._lock:
            pending = self._pending.get(chat)
        stored = self._load(chat)
        latest = max((c for c in (pending, stored) if c is not None), key=lambda c: c.at, default=None)
        if latest is None or now - latest.at > self.ttl:
            return None
        return latest

    def put(self, chat: str, context: Context) -> None:
        with self._lock:
            self._pending[chat] = context
            if self._writer is None:
                atexit.register(self.flush)  # what is still pending when the process ends
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._run, name="contextos", daemon=True)
                self._writer.start()
        self._wake.set()

    def flush(self) -> None:
        """Write every pending context now (tests, and the process's exit).

        Flushes never overlap: two at once (the writer thread's and the one at exit) would both insert a new
        chat's row, and one would fail on the table's unique key."""
        with self._flushing:
            with self._lock:
                batch = dict(self._pending)
            if not batch:
                return
            self._write(batch)
            # Only now may readers stop finding them here: until the commit, the database does not have them.
            with self._lock:
                for chat, context in batch.items():
                    if self._pending.get(chat) is context:
                        del self._pending[chat]

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            self.flush()

    def _write(self, batch: dict[str, Context]) -> None:
        try:
            with Session(self.db_engine) as session:
                for chat, context in batch.items():
                    frame = json.dumps(question_to_dict(context.question), ensure_ascii=False)
                    items = json.dumps(asdict(context.items), ensure_ascii=False)
                    conversations.save(chat, frame, items, context.at, session=session)
                oldest = min(context.at for context in batch.values())
                conversations.prune(oldest - 4 * self.ttl, session=session)
                session.commit()
        except Exception:  # a lost context costs one follow-up, never an answer
            log.exception("No pude guardar %s de conversación", plural(len(batch), "contexto"))

    def _load(self, chat: str) -> Context | None:
        try:
            with Session(self.db_engine) as session:
                row = conversations.load(chat, session=session)
                if row is None:
                    return None
                at = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=dt.UTC)
                return Context(question_from_dict(json.loads(row.frame)), Items(**json.loads(row.items)), at)
        except (ValueError, TypeError, KeyError) as error:
            log.warning("Contexto de conversación ilegible para %s: %s", chat, error)
            return None
