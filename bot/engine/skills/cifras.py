"""Figures the informes' prose states about activities ("se impartieron 8 pláticas", "con 110 asistentes"),
chosen for a counting question, and the totals a quarter's tables and prose give together."""

from __future__ import annotations

import re

from bot.engine.lexicon import activity_kinds_of
from bot.engine.matching import stem
from bot.engine.replies import Answer
from bot.engine.skills.base import Ask
from db.models import Activity, Figure, Informe
from lang.spanish import fold, tokens
from lang.vocabulary import ActivityKind, Subject

_PEOPLE_NOUNS = frozenset(stem(w) for w in ("personas", "participantes", "asistentes", "estudiantes", "alumnos"))


def plural_kind(ask: Ask) -> bool:
    """Whether the question names a kind of activity in the plural ("las pláticas"): several events, not one."""
    return any(activity_kinds_of(w) and w.endswith("s") for w in tokens(ask.q.text))


def people_stated(ask: Ask, pool: list[Activity]) -> Figure | None:
    """The number of people the informe states in the section of these activities (the one whose sentence
    names their kind, when the section states several)."""
    sections = {(a.informe_id, a.section) for a in pool}
    if len(sections) > 1:
        return None  # a section's figure counts its own activities, not those of others
    figures = [
        f for f in ask.k.figures if (f.informe_id, f.section) in sections and stem(fold(f.noun)) in _PEOPLE_NOUNS
    ]
    if len(figures) > 1:
        kinds = {ActivityKind.parse(a.kind) for a in pool}
        stems = set().union(*(kind_stems(kind) for kind in kinds if kind is not None))
        figures = [f for f in figures if stems & {stem(t) for t in tokens(f.sentence)}] or figures[:0]
    return figures[0] if len(figures) == 1 else None


def people_about(ask: Ask, topic: list[str]) -> tuple[Figure, float] | None:
    """The figure of people the prose states whose sentence and section name most of ``topic`` ("se
    acreditaron 146 personas observadoras", under "Observación de la Consulta de Presupuesto Participativo"),
    with the share of the topic's words they name."""
    wanted = {stem(w) for w in topic if len(w) > 2}
    if not wanted:
        return None
    scored = []
    for f in ask.k.figures:
        if stem(fold(f.noun)) not in _PEOPLE_NOUNS:
            continue
        named = {stem(t) for t in tokens(f"{f.sentence} {f.section}")}
        scored.append((len(wanted & named) / len(wanted), f))
    if not scored:
        return None
    share, best = max(scored, key=lambda pair: pair[0])
    return best, share


def row_covers(activity: Activity, words: list[str]) -> float:
    """The share of ``words`` a row's own text names."""
    own = " ".join(filter(None, (activity.title, activity.institution, activity.detail, activity.person)))
    named = {stem(t) for t in tokens(own)}
    wanted = {stem(w) for w in words}
    return len(wanted & named) / len(wanted) if wanted else 1.0


# "Horas: 20", "20 horas" (not the hour of "a las 12:00 horas")
_HOURS_RE = re.compile(r"\bhoras?\s*:\s*(\d{1,4})\b|(?<![:.\d])\b(\d{1,4})\s*(?:horas|hrs?\.?)\b", re.IGNORECASE)


def hours_of(activity: Activity) -> Figure | None:
    """The hours a row gives its activity ("Horas: 20" in a column of hours, "20 horas" in its text)."""
    for text in (activity.detail or "", activity.title, activity.date_text or ""):
        m = _HOURS_RE.search(text)
        if m:
            value = int(m.group(1) or m.group(2))
            if not value or re.search(r"\ba las\s*$", text[: m.start()]):
                continue
            return Figure(
                informe_id=activity.informe_id,
                value=value,
                noun="horas",
                sentence=activity.title,
                section=activity.section,
            )
    return None


_QUANTITY_RE = re.compile(r"(?:^|;\s*)([^:;]+):\s*(\d{1,5})\b")


def tallied(pool: list[Activity], topic: list[str]) -> int | None:
    """What rows that each count a month's items add up to ("Agosto | Red de Observación IECM: 6; Ciudadanía…:
    3; Total: 9"): the column the question names ("a la Red"), else the Total column, else all columns."""
    monthly = [a for a in pool if a.date and a.end_date and a.date.day == 1 and (a.end_date - a.date).days >= 27]
    if not pool or len(monthly) != len(pool) or not all(a.detail for a in pool):
        return None
    wanted = {stem(w) for w in topic if len(w) > 2}
    total = 0
    for a in pool:
        counts = [(fold(label), int(n)) for label, n in _QUANTITY_RE.findall(a.detail or "")]
        if not counts:
            return None
        named = [n for label, n in counts if wanted & {stem(t) for t in tokens(label)}]
        whole = [n for label, n in counts if label.strip().startswith("total")]
        total += named[0] if len(named) == 1 else whole[0] if whole else sum(n for _, n in counts)
    return total


def stated(
    ask: Ask, prefer: set[str] | None = None, informe: Informe | None = None, about: list[str] | None = None
) -> Figure | None:
    """A figure the informe's prose states that answers a counting question ("55 noticias"), from ``informe``
    first when given; with ``about``, one whose sentence names one of those words ("personas" of the OEA's
    course, not of the talks)."""
    words = {stem(w) for w in tokens(ask.q.text) if len(w) > 2}
    wanted = {stem(w) for w in prefer} if prefer else words
    candidates = [f for f in ask.k.figures if stem(f.noun) in wanted]
    if about:
        topic = {stem(w) for w in about} | {stem(x) for w in about for x in ask.k.aliases.get(w, "").split()}
        candidates = [f for f in candidates if topic & {stem(t) for t in tokens(f.sentence)}]
    if not candidates:
        return None
    mine = informe.id if informe is not None else None
    return max(candidates, key=lambda f: (f.informe_id == mine, len(words & {stem(t) for t in tokens(f.sentence)})))


def figure_answer(ask: Ask, figure: Figure) -> Answer:
    return ask.answer(Subject.ACTIVIDADES, "cifra.j2", figure=figure)


def stated_total(ask: Ask, kinds: set[ActivityKind], pool: list[Activity]) -> int | None:
    """The total the informe's prose gives for these activities: each table's stated figure (tables can merge
    rows), its rows where the prose states none; None when no prose states any."""
    label_stems = set().union(*(kind_stems(kind) for kind in kinds))
    total, stated_any = 0, False
    for informe_id, section in dict.fromkeys((a.informe_id, a.section) for a in pool):
        # a section of that informe: quarters repeat their headings
        rows = sum(1 for a in pool if (a.informe_id, a.section) == (informe_id, section))
        whole = sum(
            1
            for a in ask.k.activity_by_id.values()
            if (a.informe_id, a.section) == (informe_id, section) and ActivityKind.parse(a.kind) in kinds
        )
        if rows < whole:
            total += rows  # some of the table's rows (a topic narrowed them): its stated figure is not theirs
            continue
        figure = next(
            (
                f
                for f in ask.k.figures
                if (f.informe_id, f.section) == (informe_id, section)
                and stem(f.noun) in label_stems
                and f.value >= rows - 3
            ),
            None,
        )
        stated_any = stated_any or figure is not None
        total += max(figure.value, rows) if figure is not None else rows
    return total if stated_any else None


def kind_stems(kind: ActivityKind) -> set[str]:
    """Stems of the words that name a kind of activity (its label, plural and synonyms)."""
    return {stem(w) for w in tokens(" ".join((kind.label, kind.plural, *kind.synonyms)))}
