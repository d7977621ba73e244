"""The answer engine: Spanish question in, :class:`Reply` out. Imports nothing from ``telegram``."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import unicodedata

from sqlalchemy.engine import Engine as SqlEngine

from bot.engine.answers import Answerer, Clarify, NotInData, Reply
from bot.engine.intents import INTENT_LABELS, score_intents
from bot.engine.knowledge import Knowledge, load_knowledge
from bot.engine.understanding import understand
from bot.render import compile_templates, render

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500

__all__ = ["Engine", "Reply"]


class Engine:
    """Answers questions from a snapshot of the store; :meth:`reload` after an import."""

    def __init__(self, db_engine: SqlEngine) -> None:
        self.db_engine = db_engine
        self._lock = threading.Lock()
        self.knowledge: Knowledge = load_knowledge(db_engine)
        self._known_words = frozenset(self.knowledge.vocabulary)
        compile_templates()

    def reload(self) -> None:
        """Read the store again (after an import or a calendar change)."""
        knowledge = load_knowledge(self.db_engine)
        with self._lock:
            self.knowledge = knowledge
            self._known_words = frozenset(knowledge.vocabulary)

    def answer(self, question: str, *, today: dt.date) -> Reply:
        """Understand ``question`` (asked on ``today``) and answer it."""
        cleaned = _clean(question)
        if not re.search(r"[^\W_]", cleaned):
            log.warning("Pregunta vacía o sin texto: %r", question[:80])
            return _reply("unknown", "vacio.j2", today=today)
        if len(cleaned) > MAX_QUESTION_CHARS:
            log.warning("Pregunta demasiado larga (%d caracteres)", len(cleaned))
            return _reply("unknown", "largo.j2", today=today, limit=MAX_QUESTION_CHARS)
        knowledge = self.knowledge
        u = understand(cleaned, known_words=self._known_words)
        participants = knowledge.participant_index.match(u.words)
        counterparts = knowledge.counterpart_index.match(u.words)
        answerer = Answerer(knowledge, u, today, participants, counterparts)
        topic = answerer.topic_words()
        topic_hits: dict[str, float] = {}
        if topic:
            hits = knowledge.activity_search.search(topic, limit=1)
            if hits and hits[0][2] >= 0.6:
                topic_hits["actividades"] = 1.0
            hits = knowledge.acuerdo_search.search(topic, limit=1)
            if hits and hits[0][2] >= 0.6:
                topic_hits["acuerdos"] = 0.5
        scores = score_intents(
            u, participants=bool(participants), counterparts=bool(counterparts), topic_hits=topic_hits
        )
        best, second = scores[0], scores[1]
        if best.intent == "sesiones" and best.score - second.score < 0.3 and second.score >= 1.0:
            # "sesión" is the object of most questions; a tie means the other intent is the question.
            best, second = second, best
        try:
            if best.score < 1.0:
                return answerer.texto()
            if (
                second.score >= 2.0
                and best.score - second.score < 0.3
                and {best.intent, second.intent} <= set(INTENT_LABELS)
                and not ({best.intent, second.intent} & {"greeting", "help", "sesiones"})
            ):
                raise Clarify(
                    "¿Qué quieres saber?",
                    [f"{question.strip().rstrip('?')} ({INTENT_LABELS[i.intent]})" for i in (best, second)],
                )
            return getattr(answerer, best.intent)()
        except Clarify as clarify:
            return _reply("clarify", "aclaracion.j2", today=today, question=clarify.question, choices=clarify.choices)
        except NotInData as missing:
            intent = best.intent if best.score >= 1.0 else "unknown"
            return _reply(intent, "sin_datos.j2", missing.choices, today=today, message=str(missing))


def _reply(intent: str, template: str, choices: list[str] | None = None, **context: object) -> Reply:
    markup, text = render(template, choices=choices or [], **context)
    return Reply(intent, text, markup, list(choices or []))


def _clean(question: str) -> str:
    """Drop control and format characters; keep letters, digits, punctuation and emoji."""
    kept = [ch if unicodedata.category(ch)[0] != "C" else " " for ch in question]
    return re.sub(r"\s+", " ", "".join(kept)).strip()
