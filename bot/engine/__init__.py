"""The answer engine: Spanish question in, :class:`Reply` out. Imports nothing from ``telegram``.

Understanding fills a typed question frame (:mod:`frame`, :mod:`understanding`, :mod:`framing`); a follow-up
inherits what it lacks from the chat's last frame (:mod:`conversation`); one skill per subject answers the
frame from the store (:mod:`skills`); templates render the typed answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine as SqlEngine

from bot.clock import COMMISSION_TZ
from bot.engine.contexts import Context, ConversationStore, DatabaseConversations, MemoryConversations
from bot.engine.conversation import inherit, is_follow_up
from bot.engine.frame import EVERY_INFORME, Form, Items, Question, Relative
from bot.engine.framing import Understood, frame_question
from bot.engine.knowledge import Knowledge, load_knowledge
from bot.engine.replies import Answer, Clarify, NotInData, Reply
from bot.engine.skills import SKILLS, Ask
from bot.engine.skills.base import QUARTER_NAMES, coverage, join
from bot.engine.skills.texto import EXAMPLE_QUESTIONS
from bot.engine.understanding import understand
from bot.render import compile_templates, render
from lang.spanish import MONTH_ALIASES, fold, short_date
from lang.vocabulary import Subject

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
NOTHING_FOUND = "No encontré información sobre eso en los informes cargados."
Clock = Callable[[], dt.datetime]

__all__ = [
    "EXAMPLE_QUESTIONS",
    "DatabaseConversations",
    "Engine",
    "MemoryConversations",
    "Reply",
]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Engine:
    """Answers questions from a snapshot of the store; :meth:`reload` after an import or a calendar change.

    ``conversations`` keeps each chat's context (the database by default, so that every bot process shares
    it); ``clock`` tells when a context expires; times are written in ``zone`` (the ``TZ`` setting).
    """

    def __init__(
        self,
        db_engine: SqlEngine,
        *,
        conversations: ConversationStore | None = None,
        clock: Clock = _utc_now,
        zone: ZoneInfo | None = None,
    ) -> None:
        self.db_engine = db_engine
        self.zone = zone or ZoneInfo(COMMISSION_TZ)
        self._lock = threading.Lock()
        self.knowledge: Knowledge = load_knowledge(db_engine)
        self._known_words = frozenset(self.knowledge.vocabulary)
        self.conversations: ConversationStore = conversations or DatabaseConversations(db_engine)
        self.clock = clock
        compile_templates()

    def reload(self) -> None:
        """Read the store again (after an import or a calendar change)."""
        knowledge = load_knowledge(self.db_engine)
        with self._lock:
            self.knowledge = knowledge
            self._known_words = frozenset(knowledge.vocabulary)

    def answer(
        self, question: str, *, today: dt.date, chat: int | str | None = None, now: dt.datetime | None = None
    ) -> Reply:
        """Understand ``question`` (asked on ``today``, in ``chat`` when it belongs to a conversation) and answer."""
        cleaned = _clean(question)
        if not re.search(r"[^\W_]", cleaned):
            log.warning("Pregunta vacía o sin texto: %r", question[:80])
            return _reply(Subject.DESCONOCIDO, "vacio.j2", today=today)
        if len(cleaned) > MAX_QUESTION_CHARS:
            log.warning("Pregunta demasiado larga (%d caracteres)", len(cleaned))
            return _reply(Subject.DESCONOCIDO, "largo.j2", today=today, limit=MAX_QUESTION_CHARS)
        return self._safely(cleaned, today=today, chat=chat, now=now, subject=None)

    def _safely(
        self, text: str, *, today: dt.date, chat: int | str | None, now: dt.datetime | None, subject: Subject | None
    ) -> Reply:
        """Answer, or say in Spanish that this question could not be answered: a fault in one question never
        reaches the person (nor stops the questions after it), and is logged with its trace."""
        try:
            return self._answer(text, today=today, chat=chat, now=now, subject=subject)
        except Exception:
            log.exception("No pude responder %r", text[:200])
            return _reply(Subject.DESCONOCIDO, "fallo.j2", EXAMPLE_QUESTIONS[:3])

    def command(
        self,
        subject: Subject,
        arguments: str,
        *,
        today: dt.date,
        chat: int | str | None = None,
        now: dt.datetime | None = None,
    ) -> Reply:
        """A slash command: the frame's subject is the command's, its arguments only add conditions
        ("/asistencia 12" is the twelfth session, "/acuerdos 49" the acuerdo CVOE/049)."""
        cleaned = _clean(arguments)[:MAX_QUESTION_CHARS]
        number = re.fullmatch(r"(\d{1,2})(?:\s+(\S.*))?", cleaned)
        if subject in (Subject.SESIONES, Subject.ASISTENCIA) and number and not _a_date_goes_on(number.group(2)):
            # "/asistencia 12 MORENA": the twelfth session, and MORENA in it ("26 de noviembre" stays a date)
            cleaned = f"sesión {cleaned}"
        elif subject == Subject.ACUERDOS and re.fullmatch(r"\d{1,3}", cleaned):
            cleaned = f"acuerdo {cleaned}"
        return self._safely(cleaned, today=today, chat=chat, now=now, subject=subject)

    def _answer(
        self, text: str, *, today: dt.date, chat: int | str | None, now: dt.datetime | None, subject: Subject | None
    ) -> Reply:
        knowledge = self.knowledge
        moment = now or self.clock()
        key = str(chat) if chat is not None else None
        context = self.conversations.get(key, moment) if key is not None else None
        question: Question | None = None
        try:
            parsed = understand(text, known_words=self._known_words)
            understood = frame_question(parsed, knowledge, today, subject=subject)
            question = understood.question
            if subject is None and is_follow_up(understood, context):
                assert context is not None
                question = inherit(understood, context, knowledge)
            elif understood.unknown and subject is None:
                return self._remember(key, question, None, moment, _unknown(understood))
            if question.subject == Subject.TEXTO and context is None and not question.content:
                question = question.with_changes(subject=Subject.DESCONOCIDO)
            _not_yet(question, knowledge)
            _not_covered(question, knowledge)
            answer = SKILLS[question.subject](Ask(question, knowledge))
            if _then_and_now(question):
                # "¿quién presidía en 2020 y quién preside ahora?": the period named, then the latest word
                now_answer = SKILLS[question.subject](Ask(question.with_changes(spans=()), knowledge))
                return self._then_and_now_reply(key, question, answer, now_answer, moment, text)
        except Clarify as clarify:
            reply = _reply(Subject.ACLARACION, "aclaracion.j2", clarify.choices, question=clarify.question)
            return reply
        except NotInData as missing:
            subject_of = question.subject if question is not None else Subject.DESCONOCIDO
            reply = _reply(subject_of, "sin_datos.j2", missing.choices, message=str(missing))
            if question is None:
                return reply
            return self._remember(key, question, missing.items, moment, reply)
        markup, plain = render(answer.template, zone=self.zone, **answer.context)
        if not plain.strip():  # a template with nothing to show: say so rather than send an empty message
            log.warning("Respuesta vacía de %s para %r", answer.template, text[:80])
            markup, plain = render(
                "sin_datos.j2", message="No encontré información sobre eso en los informes cargados."
            )
        note = _partly_covered(question, knowledge)
        if note:
            markup, plain = f"{markup}\n\n{note}", f"{plain}\n\n{note}"
        reply = Reply(answer.subject, plain, markup, list(answer.choices), answer.quarter)
        if answer.subject in (Subject.DESCONOCIDO, Subject.AYUDA, Subject.SALUDO):
            return reply
        return self._remember(key, question, answer.items, moment, reply)

    def _then_and_now_reply(
        self, key: str | None, question: Question, then: Answer, now: Answer, moment: dt.datetime, text: str
    ) -> Reply:
        """Two answers under their periods: the one the question names, and today."""
        parts = [render(a.template, zone=self.zone, **a.context) for a in (then, now)]
        if not all(plain.strip() for _, plain in parts):
            log.warning("Respuesta vacía al comparar entonces y ahora para %r", text[:80])
        label = question.spans[0].label
        heads = (f"{label[:1].upper()}{label[1:]}", "Ahora")
        markup = "\n\n".join(f"<b>{head}</b>\n{m}" for head, (m, _) in zip(heads, parts, strict=True))
        plain = "\n\n".join(f"{head}\n{p}" for head, (_, p) in zip(heads, parts, strict=True))
        reply = Reply(now.subject, plain, markup, list(now.choices), now.quarter)
        return self._remember(key, question, now.items, moment, reply)

    def _remember(
        self, key: str | None, question: Question, items: Items | None, moment: dt.datetime, reply: Reply
    ) -> Reply:
        if key is not None and reply.intent != Subject.DESCONOCIDO:
            try:
                self.conversations.put(key, Context(question, items or Items(), moment))
            except Exception:  # the answer matters more than remembering it
                log.exception("No pude guardar el contexto de la conversación %s", key)
        return reply


_NOW_RE = re.compile(r"\b(?:ahora|actualmente|hoy(?: en dia| por hoy)?|en la actualidad|hoy dia)\b")


def _then_and_now(question: Question) -> bool:
    """A question about a period and about now, joined by "y" ("¿cuántos convenios vigentes había a fines de
    2020 y cuántos hay ahora?"): one answer for each."""
    text = fold(question.text)
    spans = [s for s in question.spans if s.label != EVERY_INFORME]
    now = _NOW_RE.search(text)
    if len(spans) != 1 or len(question.spans) != 1 or now is None or question.form == Form.COMPARE:
        return False
    if re.search(r"\bhasta (?:ahora|hoy)\b|\bde (?:ahora|hoy) en adelante\b", text):
        return False
    # "… y quién la preside ahora", "… ahora y en 2020": the two joined by "y", on either side
    return bool(
        re.search(r"\by\b", text[max(0, now.start() - 40) : now.start()]) or re.search(r"\by\b", text[now.end() :])
    )


def _not_yet(question: Question, knowledge: Knowledge) -> None:
    """A question in the future tense about what no informe can hold yet: say so instead of answering the past;
    and the coming sessions of another body, which the informes never list."""
    coming = (Relative.NEXT, Relative.FOLLOWING, Relative.UPCOMING)
    if question.organization and any(ref.relative in coming and ref.anchor is None for ref in question.sessions):
        of = re.sub(r"^de el ", "del ", f"de {question.organization}")
        raise NotInData(
            f"No tengo ese dato: los informes no registran el calendario {of}; solo las "
            "sesiones de la Comisión y, de otros órganos, las que la Comisión ya siguió."
        )
    planned = (Subject.SESIONES, Subject.TEXTO, Subject.INFORME)  # the calendar, and an informe's approval session
    if not question.future or question.sessions or question.subject in planned:
        return
    ends = [i.period_end for i in knowledge.informes]
    last = max(ends, default=question.today)
    if question.spans and any(span.start <= last for span in question.spans):
        return
    raise NotInData(
        f"No tengo ese dato: los informes registran lo que ya ocurrió (el último cubre hasta el {short_date(last)}), "
        "no lo que vendrá. Las sesiones programadas están en el calendario: pregunta «¿cuándo es la próxima sesión?»."
    )


_PERIOD_SUBJECTS = (
    Subject.ACUERDOS,
    Subject.SESIONES,
    Subject.ASISTENCIA,
    Subject.CONVENIOS,
    Subject.ACTIVIDADES,
)


def _not_covered(question: Question, knowledge: Knowledge) -> None:
    """A past period no loaded informe covers and the store holds nothing of ("¿cuántos convenios se firmaron en
    2019?"): say the informes do not cover it, rather than "ninguno"."""
    spans = question.spans
    if not spans or not knowledge.informes or question.subject not in _PERIOD_SUBJECTS or question.sessions:
        return
    if any(span.start > question.today for span in spans):
        return  # the future: the calendar's, or not yet
    if any(span.overlaps(i.period_start, i.period_end) for span in spans for i in knowledge.informes):
        return
    months = [dt.date(year, month, 1) for year, month in knowledge.data_months]
    if any(span.overlaps(day, day + dt.timedelta(days=30)) for span in spans for day in months):
        return
    if any(span.contains(s.date) for span in spans for s in knowledge.sessions):
        return
    label = " ni ".join(span.label for span in spans)
    of = re.sub(r"^de el ", "del ", f"de {label}")
    raise NotInData(f"No tengo datos {of}: los informes cargados cubren {coverage(knowledge)}.")


def _partly_covered(question: Question, knowledge: Knowledge) -> str | None:
    """ "Acuerdos de 2020" when only its last quarter is loaded: the answer holds for the part covered, and
    says so."""
    if not question.spans or not knowledge.informes or question.subject not in _PERIOD_SUBJECTS:
        return None
    if question.codes or question.sessions or question.form not in (Form.LIST, Form.COUNT, Form.RANK, Form.COMPARE):
        return None  # the note is for totals and lists, not for one acuerdo or session named
    first = min(i.period_start for i in knowledge.informes)
    last = max(i.period_end for i in knowledge.informes)
    loaded = {(i.year, i.quarter) for i in knowledge.informes}
    notes: list[str] = []
    for span in question.spans:
        end = min(span.end, question.today)
        if span.label == EVERY_INFORME or not span.overlaps(first, last):
            continue
        if (first - span.start).days >= 28 or (end - last).days >= 28:
            notes.append(f"los informes cargados cubren solo {coverage(knowledge)}")
        # a quarter inside what the informes cover whose own informe is not loaded ("en 2021", with its
        # first and fourth quarters only): what other informes say of it is all there is
        gaps = [
            (year, quarter)
            for year, quarter in _quarters_of(span.start, end)
            if (year, quarter) not in loaded and first <= dt.date(year, 3 * quarter - 2, 1) <= last
        ]
        if gaps:
            years = sorted({y for y, _ in gaps})
            names = [
                f"{join([f'el {QUARTER_NAMES[q - 1]}' for y, q in gaps if y == year])} trimestre de {year}"
                for year in years
            ]
            which = "el informe" if len(gaps) == 1 else "los informes"
            of = re.sub(r"^de el ", "del ", f"de {join(names)}")
            notes.append(f"no tengo {which} {of}; de ese periodo solo sé lo que otros informes mencionan")
    if not notes:
        return None
    text = "; ".join(dict.fromkeys(notes))
    return f"Nota: {text}."


def _quarters_of(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """The (year, quarter) pairs a period touches."""
    found: list[tuple[int, int]] = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        found.append((year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return found


def _unknown(understood: Understood) -> Reply:
    """ "No tengo ese dato": what is asked, in the question's words, is not in the informes."""
    unknown = understood.unknown
    assert unknown is not None
    markup, plain = render("desconocido.j2", missing=unknown.phrase, clause=unknown.clause)
    return Reply(Subject.DESCONOCIDO, plain, markup, EXAMPLE_QUESTIONS[:3])


def _reply(subject: str, template: str, choices: list[str] | None = None, **context: object) -> Reply:
    markup, text = render(template, choices=choices or [], **context)
    return Reply(subject, text, markup, list(choices or []))


def _a_date_goes_on(rest: str | None) -> bool:
    """Whether the words after a leading number make it a day ("26 de noviembre", "12 dic")."""
    first = fold(rest or "").split()[:1]
    return bool(first) and (first[0] in ("de", "del") or first[0].strip(".,") in MONTH_ALIASES)


def _clean(question: str) -> str:
    """Drop control and format characters; keep letters, digits, punctuation and emoji."""
    kept = [ch if unicodedata.category(ch)[0] != "C" else " " for ch in question]
    return re.sub(r"\s+", " ", "".join(kept)).strip()
