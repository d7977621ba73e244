"""What every skill shares: the sessions a frame names or covers, labels of periods and quarters, and
narrowing a set of items condition by condition, remembering which condition emptied it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.engine.frame import Form, Question, Relative, SessionRef, Span
from bot.engine.knowledge import Knowledge, Participant
from bot.engine.lexicon import CHANGE_STEMS
from bot.engine.replies import Answer, Clarify, NotInData
from bot.render import session_name
from db.models import CommissionSession, Informe
from lang.spanish import fold, month_name, ordinal_feminine, parse_ordinal_at, short_date
from lang.vocabulary import ActivityKind, ConvenioStatus, SessionKind, SessionStatus, Subject

T = TypeVar("T")
QUARTER_NAMES = ("primer", "segundo", "tercer", "cuarto")


@dataclass
class Ask:
    """One question being answered: the frame and the store."""

    q: Question
    k: Knowledge

    @property
    def today(self) -> dt.date:
        return self.q.today

    def answer(self, subject: Subject, template: str, **context: Any) -> Answer:
        context.setdefault("many_years", self.k.many_years)
        context.setdefault("today", self.today)
        # The vocabulary's values, for templates to compare with (never spelt there).
        context.setdefault("signed", ConvenioStatus.SUSCRITO)
        context.setdefault("cancelled", SessionStatus.CANCELADA)
        context.setdefault("activity", ActivityKind.ACTIVIDAD)
        return Answer(subject, template, context)


def without_loose_words(
    ask: Ask, finds: Callable[[tuple[str, ...]], bool], keep: Callable[[str], bool] | None = None
) -> Ask:
    """The question without the topic words nothing knows ("salieron"), when with them its topic ``finds``
    nothing: such a word must not empty a list that the other conditions answer. Words ``keep`` holds are
    what is asked about and stay ("el taller para jóvenes": not any taller)."""
    q = ask.q
    dropped = tuple(w for w in q.loose if not (keep and keep(w)))
    if len(dropped) < len(q.loose):
        q = q.with_changes(loose=dropped)  # the words kept are named, as a place or a title is
        ask = Ask(q, ask.k)
    if not dropped or not q.topic or finds(q.topic):
        return ask
    return Ask(q.with_changes(topic=tuple(w for w in q.topic if w not in dropped), loose=()), ask.k)


def prose_about(ask: Ask, phrases: list[str], words: frozenset[str], *, after: str | None = None) -> str | None:
    """The informes' own sentence that names every one of ``phrases`` (folded) and one of ``words``: what no table
    holds (where a session was held, why someone did not attend), as the informe says it. With ``after``, one of
    ``words`` must follow the first phrase before the sentence names another ``after`` ("sesion")."""
    k = ask.k
    if "sentences" not in k.computed:
        found: list[tuple[str, set[str], str]] = []
        for passage in k.passages:
            for sentence in re.split(r"(?<=[.;:])\s+(?=[A-ZÁÉÍÓÚÑ¿])", passage.text):
                folded = fold(sentence)
                found.append((folded, set(re.findall(r"[a-z0-9]+", folded)), sentence.strip()))
        k.computed["sentences"] = found
    for folded, tokens_of, sentence in k.computed["sentences"]:
        if not (all(phrase in folded for phrase in phrases) and tokens_of & words):
            continue
        if after is not None:
            start = folded.index(phrases[0]) + len(phrases[0])
            end = folded.find(after, start)
            if not set(re.findall(r"[a-z0-9]+", folded[start : end if end >= 0 else None])) & words:
                continue
        return sentence
    return None


def session_phrase(session: CommissionSession) -> str:
    """ "septima sesion ordinaria": how the informes' prose names a session (folded)."""
    return fold(f"{session.ordinal or ordinal_feminine(session.number)} sesion {session.kind}")


def of_kind(session: CommissionSession, kinds: Collection[SessionKind]) -> bool:
    """Whether a session is of one of ``kinds``: an extraordinaria called urgently is an urgent session too."""
    return session.kind in kinds or (SessionKind.URGENTE in kinds and session.urgent)


# -- labels -----------------------------------------------------------------------------------------------------
def quarter_label(informe: Informe) -> str:
    """ "el cuarto trimestre de 2020"."""
    return f"el {QUARTER_NAMES[informe.quarter - 1]} trimestre de {informe.year}"


def spans_label(spans: Iterable[Span]) -> str:
    """ "octubre y diciembre de 2020", "el 26 de noviembre de 2020", "el cuarto trimestre de 2020"."""
    spans = list(spans)
    if not spans:
        return ""
    months = [s for s in spans if s.start.day == 1 and s.end.month == s.start.month and s.end.day >= 28]
    if len(spans) > 1 and len(months) == len(spans) and len({s.start.year for s in spans}) == 1:
        names = [month_name(s.start.month) for s in sorted(spans, key=lambda s: s.start)]
        return f"{join(names)} de {spans[0].start.year}"
    return join(list(dict.fromkeys(s.label for s in spans)))  # "los días 26" once, not once per month


def join(items: list[str], word: str = "y") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def name(session: CommissionSession, k: Knowledge) -> str:
    """ "décima sesión ordinaria", with " de 2020" when the store spans several years."""
    return session_name(session, with_year=k.many_years)


def coverage(k: Knowledge) -> str:
    """ "de octubre de 2020 a marzo de 2021": what the loaded informes cover."""
    if not k.informes:
        return "ningún periodo"
    first = min(k.informes, key=lambda i: (i.year, i.quarter))
    last = max(k.informes, key=lambda i: (i.year, i.quarter))
    a, b = first.period_start, last.period_end
    start = month_name(a.month) + ("" if a.year == b.year else f" de {a.year}")
    return f"de {start} a {month_name(b.month)} de {b.year}"


def covered(k: Knowledge) -> str:
    """ "Los informes cargados cubren de octubre a diciembre de 2020." (or that there are none)."""
    if not k.informes:
        return "Todavía no hay informes cargados."
    return f"Los informes cargados cubren {coverage(k)}."


def available_quarters(k: Knowledge) -> str:
    """ "Informes disponibles: cuarto trimestre de 2020." """
    names = [quarter_label(i)[3:] for i in sorted(k.informes, key=lambda i: (i.year, i.quarter))]
    return "Informes disponibles: " + (", ".join(names) if names else "ninguno") + "."


def default_informe(ask: Ask) -> Informe | None:
    """The informe a question without a period is about: the latest one (as of today)."""
    return ask.k.latest_informe(ask.today)


# -- sessions ---------------------------------------------------------------------------------------------------
def resolve(ask: Ask, ref: SessionRef) -> list[CommissionSession]:
    """The sessions a reference names (one, unless "las próximas"); NotInData or Clarify when it cannot."""
    found = _resolve(ask, ref)
    if not ref.offset or len(found) != 1:
        return found
    # "la anterior a la última", "la siguiente a la décima": counted among the sessions the store knows.
    k = ask.k
    known = sorted(
        (s for s in k.sessions if s.date and (s.id in k.with_data or s in k.upcoming_sessions(ask.today))),
        key=lambda s: s.date or dt.date.min,
    )
    if found[0] not in known:
        return found
    i = known.index(found[0]) + ref.offset
    if not 0 <= i < len(known):
        where = "antes" if ref.offset < 0 else "después"
        raise NotInData(f"No tengo registro de una sesión {where} de la {name(found[0], k)}.")
    return [known[i]]


def _resolve(ask: Ask, ref: SessionRef) -> list[CommissionSession]:
    k, today = ask.k, ask.today
    held = k.held_sessions(today)
    one_day = ask.q.form == Form.YESNO and all(span.start == span.end for span in ask.q.spans)
    if ask.q.spans and ref.relative in (Relative.LAST, Relative.PENULTIMATE) and not one_day:
        # "la última sesión del trimestre", "la última de 2020": the last one within the period asked.
        held = [s for s in held if any(span.contains(s.date) for span in ask.q.spans)] or held
    if ask.q.modality and ref.relative in (Relative.LAST, Relative.PENULTIMATE):
        # "¿cuándo fue la última sesión presencial?": the last one of that modality
        held = [s for s in held if s.modality == ask.q.modality] or held
    within = [span for span in ask.q.spans if not (span.start.month == 1 and span.end.month == 12)]
    if ref.number is not None and ref.kind is None and ref.year is None and within and not ref.relative:
        # "la primera sesión del trimestre", "la segunda de enero": counted within the period, not a name
        in_period = [s for s in held if any(span.contains(s.date) for span in within)]
        if len(in_period) >= ref.number:
            return [in_period[ref.number - 1]]
    relative = ref.relative
    if relative in (Relative.FOLLOWING, Relative.PREVIOUS, Relative.THAT) and ref.anchor is not None:
        anchor = k.session_by_id.get(ref.anchor)
        known = [s for s in k.sessions if s.date and (s.id in k.with_data or s in k.upcoming_sessions(today))]
        if anchor is not None and anchor.date is not None:
            if relative == Relative.THAT:
                return [anchor]
            later = relative == Relative.FOLLOWING
            pool = [s for s in known if (s.date > anchor.date if later else s.date < anchor.date)]  # type: ignore[operator]
            if not pool:
                where = "después" if later else "antes"
                raise NotInData(f"No tengo registro de una sesión {where} de la {name(anchor, k)}.")
            return [min(pool, key=lambda s: s.date) if later else max(pool, key=lambda s: s.date)]  # type: ignore[arg-type, return-value]
    if relative in (Relative.LAST, Relative.PREVIOUS):
        if not held:
            raise NotInData("No tengo registro de sesiones celebradas hasta hoy.")
        return [held[-1]]
    if relative == Relative.PENULTIMATE:
        if len(held) < 2:
            raise NotInData("No tengo registro de una penúltima sesión.")
        return [held[-2]]
    if relative in (Relative.NEXT, Relative.FOLLOWING, Relative.UPCOMING, Relative.THAT):
        upcoming = k.upcoming_sessions(today)
        if not upcoming:
            raise NotInData(
                f"No hay sesiones programadas después del {short_date(today)}. Las fechas de las próximas "
                "sesiones se agregan al calendario con /agendar."
            )
        return upcoming if relative == Relative.UPCOMING else upcoming[:1]
    if ref.day is not None:
        on_day = [s for s in k.sessions if s.date == ref.day and s.status != SessionStatus.CANCELADA]
        if not on_day:
            raise NotInData(f"No tengo registro de una sesión el {short_date(ref.day)}. {covered(k)}")
        return on_day
    assert ref.number is not None
    candidates = [
        s
        for s in k.sessions
        if s.number == ref.number
        and (ref.kind is None or s.kind == ref.kind)
        and (ref.year is None or s.year == ref.year)
        and s.status != SessionStatus.CANCELADA
    ]
    years = {s.start.year for s in ask.q.spans} | {s.end.year for s in ask.q.spans}
    if years and any(s.year in years for s in candidates):
        candidates = [s for s in candidates if s.year in years]
    if not candidates:
        kind = SessionKind.parse(ref.kind)
        what = f"{ordinal_feminine(ref.number)} sesión" + (f" {kind.label}" if kind else "")
        if ref.year:
            what += f" de {ref.year}"
        raise NotInData(f"No tengo registro de la {what} en los informes cargados. {covered(k)}")
    dated = [s for s in candidates if s.date and any(span.contains(s.date) for span in ask.q.spans)]
    if dated and len(dated) < len(candidates):
        candidates = dated  # "la primera extraordinaria de agosto", "… del 13 de agosto"
    held_years = sorted({s.year for s in candidates if s.date and s.date <= today})
    year = held_years[-1] if held_years else min(s.year for s in candidates)
    same_year = [s for s in candidates if s.year == year]
    if len(same_year) > 1:
        names = [f"{session_name(s)} de {s.year}" for s in same_year]
        if len(set(names)) < len(names):
            # Two informes gave one name to sessions of different days: the day tells them apart.
            by_day = [
                f"{n} del {s.date.day} de {month_name(s.date.month)}" if s.date else n
                for n, s in zip(names, same_year, strict=True)
            ]
            raise Clarify(
                f"Los informes llaman «{names[0]}» a {len(same_year)} sesiones distintas. ¿Cuál buscas?",
                [_asked_of(ask, ref.number, n) for n in by_day],
            )
        raise Clarify(
            f"¿A cuál {ordinal_feminine(ref.number)} sesión de {year} te refieres?",
            [_asked_of(ask, ref.number, n) for n in names],
        )
    return same_year


_WORD_RE = re.compile(r"[a-z0-9]+")
KIND_WORDS = frozenset(kind.value for kind in SessionKind) | {"urgentes", "ordinarias", "extraordinarias"}


def _asked_of(ask: Ask, number: int, session: str) -> str:
    """The question asked again of one session: "¿Félix Varela faltó a la primera de 2021?" → "¿Félix Varela faltó
    a la primera sesión ordinaria de 2021?", the words naming the session put in its whole name."""
    raw = ask.q.text
    folded = [fold(ch) for ch in raw]
    if all(len(f) == 1 for f in folded):  # the positions of the folded text are those of the question's
        found = [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer("".join(folded))]
        words = [w for w, _, _ in found]
        for i in range(len(words)):
            parsed = parse_ordinal_at(words, i)
            if parsed is None or parsed[0] != number:
                continue
            j = i + parsed[1]
            j += j < len(words) and words[j] in ("sesion", "sesiones")
            while j < len(words) and words[j] in KIND_WORDS:
                j += 1
            if j + 1 < len(words) and words[j] in ("de", "del") and re.fullmatch(r"20\d\d", words[j + 1]):
                j += 2
            return raw[: found[i][1]] + session + raw[found[j - 1][2] :]
    closing = "?" if verb_for(ask).startswith("¿") else ""
    return f"{verb_for(ask)} la {session}{closing}"


def mentioned_sessions(ask: Ask) -> list[CommissionSession]:
    """The sessions a document is asked about by ("la minuta de la décima sesión")."""
    found: list[CommissionSession] = []
    for ref in ask.q.mentioned:
        found.extend(s for s in resolve(ask, ref) if s not in found)
    return found


def names_session(text: str, session: CommissionSession) -> bool:
    """Whether ``text`` names ``session`` ("… la minuta de la décima sesión ordinaria …"), not another one whose
    name starts alike ("décima primera sesión")."""
    ordinal = fold(session.ordinal or ordinal_feminine(session.number))
    return bool(re.search(rf"\b{re.escape(ordinal)}\s+sesion\b", fold(text)))


def named_sessions(ask: Ask) -> list[CommissionSession]:
    found: list[CommissionSession] = []
    for ref in ask.q.sessions:
        for s in resolve(ask, ref):
            if s not in found:
                found.append(s)
    return found


def scoped_sessions(ask: Ask) -> tuple[list[CommissionSession], str]:
    """Sessions the question is about: those it names, those in its period, those of the kinds it names,
    or the latest quarter's; with the label of the scope ("" for named sessions)."""
    q, k = ask.q, ask.k
    named = named_sessions(ask)
    if named:
        return named, ""
    held = k.held_sessions(ask.today)
    if q.spans:
        known = [s for s in k.sessions if s.id in k.with_data or s in k.upcoming_sessions(ask.today)]
        return [s for s in known if any(span.contains(s.date) for span in q.spans)], spans_label(q.spans)
    if q.session_kinds and not q.every:
        # "la sesión urgente": the sessions of that kind (the latest quarter's first).
        kinds_of = [s for s in held if of_kind(s, q.session_kinds)]
        latest = default_informe(ask)
        recent = [s for s in kinds_of if latest and latest.period_start <= (s.date or ask.today) <= latest.period_end]
        if recent:
            return recent, quarter_label(latest) if latest else ""
        if kinds_of:
            return kinds_of[-1:], ""
    latest = default_informe(ask)
    if latest:
        quarter = [s for s in held if latest.period_start <= (s.date or latest.period_start) <= latest.period_end]
        if quarter:
            return quarter, quarter_label(latest)
    return held, ""


def verb_for(ask: Ask) -> str:
    """How a choice repeats the question's verb ("acuerdos de la primera sesión ordinaria de 2021")."""
    subject = ask.q.subject
    if subject == Subject.ACUERDOS:
        return "acuerdos de"
    if subject == Subject.ASISTENCIA:
        return "¿quién faltó a" if ask.q.absent else "asistencia de"
    if subject == Subject.SESIONES:
        return "¿cuándo fue"
    return "información de"


# -- narrowing ----------------------------------------------------------------------------------------------------
def narrow(items: list[T], steps: list[tuple[str, Callable[[T], bool]]]) -> tuple[list[T], str]:
    """Apply each condition in turn; return what is left and the label of the condition that emptied it."""
    for label, keep in steps:
        kept = [item for item in items if keep(item)]
        if items and not kept:
            return [], label
        items = kept
    return items, ""


def weekday_name(day: dt.date) -> str:
    return ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")[day.weekday()]


WEEKDAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


PAST_RE = re.compile(
    r"\b(?:ha|han|habia|habian|fue|fueron|era|eran|estuvo|antes|anterior|anteriores|historial)\b"
    rf"|\b(?:{'|'.join(CHANGE_STEMS)})\w*"  # "¿cuándo cambió el representante?": one after another
)


def held_by(ask: Ask, people: list[Participant]) -> dict[str, list[tuple[str, dt.date, dt.date]]]:
    """Who sat for each party or organ, with the first and last session each did, when it was more than one
    person: one after another when the question asks about the past ("¿quién ha representado al PAN?"), the
    latest one otherwise ("¿quién es el representante del PAN?")."""
    past = bool(PAST_RE.search(fold(ask.q.text)))
    held: dict[str, list[tuple[str, dt.date, dt.date]]] = {}
    for p in people:
        spells: list[tuple[str, dt.date, dt.date]] = []
        dated = sorted(
            (
                (s.date, r.person)
                for r in p.records
                if r.person and (s := ask.k.session_by_id.get(r.session_id)) and s.date
            ),
            key=lambda pair: pair[0],
        )
        for day, person in dated:
            if spells and fold(spells[-1][0]) == fold(person):
                spells[-1] = (spells[-1][0], spells[-1][1], day)
            else:
                spells.append((person, day, day))
        if len({fold(name) for name, _, _ in spells}) > 1:
            held[p.key] = spells if past else spells[-1:]
    return held


def as_written(question: str, words: Iterable[str]) -> str:
    """The question's own words from the first to the last of ``words`` (folded), accents and case kept:
    «participación política de las mujeres», not «politica mujeres»."""
    wanted = set(words)
    raw = re.findall(r"[^\W_]+", question)
    at = [i for i, w in enumerate(raw) if fold(w) in wanted]
    return " ".join(raw[at[0] : at[-1] + 1]) if at else " ".join(words)
