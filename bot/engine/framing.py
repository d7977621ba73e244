"""From what a question says (:class:`Parsed`) and what the store holds to a :class:`Question` frame.

Names and counterparts are matched against the store (see :mod:`names`), topics here; months without a
year, quarters and relative words are resolved against ``today``; scoring picks the subject (unless a
command fixed it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.engine.documents import asks_catalogue, document_days, of_document
from bot.engine.frame import Attribute, CodeRef, Dimension, Form, Question, Relative, SessionRef, Span
from bot.engine.ignorance import Missing, loose_words, missing
from bot.engine.kinds import INSTRUMENT_WORDS, activity_kinds, instruments
from bot.engine.knowledge import Knowledge
from bot.engine.lexicon import (
    ACTIVITY_WORDS,
    ATTRIBUTE_WORDS,
    CHANGE_STEMS,
    GENERIC_WORDS,
    LEXICON_WORDS,
    STOPWORDS,
    activity_kinds_of,
    group_of,
    groups_named,
    modality_of,
    role_of,
    session_kind_of,
)
from bot.engine.matching import EntityIndex, EntityMatch, stem
from bot.engine.names import (
    as_written,
    counterpart_words,
    matched_words,
    name_words_of,
    organization_of,
    same_person,
    unknown_acronyms,
    unmatched_names,
)
from bot.engine.periods import resolve_spans
from bot.engine.replies import Clarify
from bot.engine.scoring import CUE_WORDS, CUES, Signals, SubjectScore, score_subjects
from bot.engine.understanding import Parsed, SessionMention
from bot.engine.when import NEXT_QUARTER, PREVIOUS_QUARTER, TWO_QUARTERS_AGO
from lang.spanish import ORDINAL_WORDS, tokens
from lang.vocabulary import MemberRole, ParticipantGroup, Subject

DATA_SUBJECTS = (
    Subject.ACUERDOS,
    Subject.SESIONES,
    Subject.ASISTENCIA,
    Subject.INTEGRACION,
    Subject.CONVENIOS,
    Subject.ACTIVIDADES,
)


@dataclass
class Understood:
    """A frame and what was learnt on the way to it."""

    question: Question
    parsed: Parsed
    scores: list[SubjectScore] = field(default_factory=list)
    unknown: Missing | None = None  # what the store does not hold, when that is what is asked

    @property
    def strong_subject(self) -> bool:
        return bool(self.scores) and self.scores[0].strong and self.scores[0].score >= 1.0


def frame_question(p: Parsed, k: Knowledge, today: dt.date, *, subject: Subject | None = None) -> Understood:
    """The frame of ``p`` on ``today`` (``subject`` fixes the subject, as slash commands do)."""
    somebody_else: list[str] = []  # "Sonia Pérez": a name that only looked like a participant's
    participants, several = _participants(p, k, somebody_else)
    counterparts = _precise(p, k, EntityIndex.best(k.counterpart_index.match(name_words_of(p)), tolerance=0.5))
    name_words = matched_words(k, participants, counterparts)
    organization = organization_of(p)
    topic_all = _topic(p, name_words=set(), cues=CUE_WORDS)
    # A counterpart named only by a common word ("universidad") is no sign of a question about convenios.
    named_counterpart = any(m.coverage >= 0.3 for m in counterparts)
    signals = Signals(participants=bool(participants), counterparts=named_counterpart)
    if topic_all and subject is None:
        _topic_signals(p, k, topic_all, signals)
    if subject is None:
        _session_of_an_acuerdo(p, k, signals)
    if subject is None and p.who and p.has("propus", "propuest", "propone"):
        hits = k.acuerdo_search.search(_topic(p, name_words=set(), cues=CUE_WORDS), limit=1)
        if hits and hits[0][2] >= 0.6:
            signals.topic_hits[Subject.ACUERDOS] = 3.0  # "¿quién propuso las modificaciones a la estrategia…?"
    if subject is None and p.has("ratific", "design", "nombr") and _roles(p, set()):
        # "¿cuándo ratificaron a la secretaria técnica?": an appointment is an acuerdo's act
        signals.topic_hits[Subject.ACUERDOS] = 3.0
    scores = score_subjects(p, signals, name_words=matched_words(k, participants, []))
    chosen = subject or _choose(p, scores)
    if subject is None and _asks_contact(p):
        chosen = Subject.TEXTO  # an address is found in the informes' text, or it is not there
    if subject is None and p.why and chosen in (Subject.CONVENIOS, Subject.ACTIVIDADES, Subject.ACUERDOS):
        chosen = Subject.TEXTO  # "¿por qué se firmaron tan pocos convenios?": the reason, if the prose gives one
    if subject is None and chosen == Subject.ASISTENCIA and participants and _beyond_attendance(p, k, name_words):
        chosen = Subject.TEXTO  # "¿en qué elección participó la consejera Estrada como visitante?": the prose
    if subject is None and chosen == Subject.RESUMEN and p.sessions and not p.quarters:
        chosen = Subject.SESIONES  # "resumen de la décima sesión": that session's card, not the quarter's summary
    agenda = chosen == Subject.ACUERDOS and not p.has("acuerd", "aprob", "decid", "resol")  # "¿qué se hizo el…?"
    if subject is None and (chosen in (Subject.SESIONES, Subject.TEXTO) or agenda) and _only_a_day(p, scores):
        chosen = Subject.RESUMEN  # "¿qué pasó el 5 de noviembre?": anything dated that day, not only sessions
    spans = resolve_spans(p, k, today, future=p.future)
    spans, dated = document_days(p.text, spans, k)
    form = _form(p)
    attribute = _attribute(p, chosen)
    if asks_catalogue(p.text) and not p.codes:
        chosen, attribute = Subject.INFORME, Attribute.LOADED
    about_informe = attribute in (Attribute.PERIOD, Attribute.APPROVAL, Attribute.SECTIONS) or (
        chosen == Subject.ACUERDOS and p.has("aprob")
    )
    informe_subjects: tuple[Subject, ...] = (Subject.ACUERDOS, Subject.RESUMEN, Subject.TEXTO)
    if not p.has("sesion"):
        informe_subjects += (Subject.SESIONES,)  # "¿de qué periodo es el informe más reciente?": not a session
    # "el informe final de la estrategia…" is another document, not a quarter's informe
    other_document = re.search(
        r"\binformes? (?:final|finales|de (?!actividades|la comision|\d)|sobre|del programa)", p.text
    )
    if chosen in informe_subjects and p.has("informe") and not p.codes and about_informe and not other_document:
        chosen = Subject.INFORME
    codes = [CodeRef(c.number, c.prefix, c.year) for c in p.codes]
    if not codes and chosen == Subject.ACUERDOS:
        codes = [CodeRef(n) for n in p.article_numbers] or _placed_acuerdo(p, k, spans, today)
    excluded = name_words if chosen in (Subject.ASISTENCIA, Subject.INTEGRACION, Subject.CONVENIOS) else set()
    if chosen == Subject.CONVENIOS:
        excluded |= set(INSTRUMENT_WORDS)
    cues = ACTIVITY_WORDS if chosen == Subject.ACTIVIDADES else tuple(CUES.get(chosen, {}))
    topic = _topic(p, name_words=excluded, cues=cues)
    if attribute is not None:
        topic = [w for w in topic if not w.startswith(ATTRIBUTE_WORDS)]
    if attribute == Attribute.PEOPLE:
        topic = [w for w in topic if not w.startswith(_PEOPLE_WORDS)]  # "¿cuántas personas…?" asks, names nothing
    kinds, complements = activity_kinds(p, name_words)
    topic += [w for w in complements if w not in topic]  # "correos de invitación a cursos": about courses
    question = Question(
        text=p.raw,
        today=today,
        subject=chosen,
        form=form,
        attribute=attribute,
        spans=tuple(spans),
        quarter_shift=next(
            (
                {PREVIOUS_QUARTER: -1, NEXT_QUARTER: 1, TWO_QUARTERS_AGO: -2}[q.quarter]
                for q in p.quarters
                if q.quarter in (PREVIOUS_QUARTER, NEXT_QUARTER, TWO_QUARTERS_AGO)
            ),
            0,
        ),
        sessions=tuple(_ref(s) for s in p.sessions if not of_document(s.of, k)),
        mentioned=tuple(_ref(s) for s in p.sessions if of_document(s.of, k)) + dated,
        session_kinds=frozenset(p.session_kinds),
        modality=p.modality,
        weekdays=tuple(p.weekdays),
        codes=tuple(codes),
        topic=tuple(topic),
        loose=tuple(loose_words(p, k, topic)),
        content=tuple(_topic(p, name_words=set(), cues=())),
        participants=tuple(str(m.key) for m in participants),
        several=several,
        names=tuple(
            unmatched_names(p, k, name_words)
            or (as_written(p, somebody_else).split() if somebody_else else [])
            or (unknown_acronyms(p, k) if not participants and not counterparts else [])
        ),
        groups=frozenset(_groups(p, name_words)),
        roles=frozenset(_roles(p, name_words)),
        counterparts=tuple(int(str(m.key)) for m in counterparts),
        counterpart_words=tuple(counterpart_words(p)) if not counterparts else (),
        instrument=instruments(p),
        activity_kinds=frozenset(kinds),
        signed=p.has("firm", "suscri", "celebr"),
        followed=p.has("seguimiento", "avance", "report", "informar", "informaron"),
        absent=p.absent,
        attend=p.attend,
        why=p.why,
        lacking=bool(re.search(r"\bsin (?:ninguna |ningun )?observacion", p.text)),
        where=p.where,
        every=p.every,
        rank=p.rank,
        by=_dimension(p),
        organization=organization,
        future=p.future,
    )
    return Understood(question, p, scores, missing(p, k, question))


_WITH_RE = re.compile(
    r"\bcon\s+(?:el\s+|la\s+|los\s+|las\s+)?((?:(?!(?:se|en|que|fue|es|son|para|por|a|al|cuando)\b)\w+\s*)+)"
)


def _groups(p: Parsed, name_words: set[str]) -> set[ParticipantGroup]:
    """The groups the question names; one named in the plural is the one asked about ("¿qué partidos tienen
    representación…?": the parties, not the representations)."""
    named = {w: gs for w in p.words if w not in name_words and (gs := groups_named(w))}
    plural = {g for w, gs in named.items() if w.endswith("s") for g in gs}
    return plural or {g for gs in named.values() for g in gs}


def _participants(p: Parsed, k: Knowledge, somebody_else: list[str]) -> tuple[list[EntityMatch], bool]:
    """The participants the question names; several when it names them one by one ("el PRI y el PT"), each
    clearly, rather than one name that fits several."""
    words = name_words_of(p)
    parts: list[list[str]] = [[]]
    for w in words:
        if w in ("y", "e", "o", "u", "ni"):
            parts.append([])
        else:
            parts[-1].append(w)
    parts = [part for part in parts if part]
    if len(parts) > 1:
        found: list[EntityMatch] = []
        for part in parts:
            best = EntityIndex.best(k.participant_index.match(part))
            if len(best) == 1 and best[0].key not in {m.key for m in found}:
                found.extend(best)
        if len(found) >= 2:
            return same_person(p, k, found, somebody_else), True
    return same_person(p, k, EntityIndex.best(k.participant_index.match(words)), somebody_else), False


def _precise(p: Parsed, k: Knowledge, matches: list[EntityMatch]) -> list[EntityMatch]:
    """Counterparts the question names, not merely shares a word with: "con la alcaldía Coyoacán" is no
    convenio with the Alcaldía Tlalpan, "con la Secretaría de Relaciones Exteriores" none with another
    secretaría. A word of the name asked that the counterpart's name lacks (and no acronym explains) rules
    it out."""
    phrase = _WITH_RE.search(p.text)
    words = phrase.group(1).split() if phrase else []
    asked = [w for w in words if len(w) > 3 and w not in GENERIC_WORDS and w not in LEXICON_WORDS]
    asked = [w for w in asked if not k.aliases.get(w) and w not in ORDINAL_WORDS]
    if not matches or not asked:
        return matches
    kept = []
    for m in matches:
        label = {stem(t) for c in k.convenios if c.id == m.key for t in tokens(f"{c.counterpart} {c.instrument_type}")}
        if all(stem(w) in label or any(t.startswith(stem(w)) for t in label) for w in asked):
            kept.append(m)
    return kept


def _ref(s: SessionMention) -> SessionRef:
    return SessionRef(s.number, s.kind, s.year, relative=s.relative, offset=s.offset)


def _placed_acuerdo(p: Parsed, k: Knowledge, spans: list[Span], today: dt.date) -> list[CodeRef]:
    """ "El último acuerdo", "el penúltimo", "el primer acuerdo (del trimestre)": by date and number."""
    if p.relative_item is None or not p.relative_item[1].startswith("acuerdo"):
        return []
    pool = sorted(
        (a for a in k.acuerdos if a.date and a.date <= today and (not spans or any(s.contains(a.date) for s in spans))),
        key=lambda a: (a.date, a.year, a.number),
    )
    place = {Relative.LAST: -1, Relative.PENULTIMATE: -2, Relative.PREVIOUS: 0}.get(p.relative_item[0])
    if place is None or len(pool) < abs(place) + (1 if place >= 0 else 0):
        return []
    chosen = pool[place]
    return [CodeRef(chosen.number, chosen.prefix, chosen.year % 100)]


def _choose(p: Parsed, scores: list[SubjectScore]) -> Subject:
    best, second = scores[0], scores[1]
    close = best.score - second.score < 0.3 and second.score >= 1.0
    if best.subject == Subject.SESIONES and close and second.subject != Subject.RESUMEN:
        # "sesión" is the object of most questions; a tie means the other subject is the question.
        best, second = second, best
    if best.score < 1.0:
        return Subject.TEXTO
    if (
        second.score >= 2.0
        and best.score - second.score < 0.3
        and best.subject in DATA_SUBJECTS
        and second.subject in DATA_SUBJECTS
        and Subject.SESIONES not in (best.subject, second.subject)
    ):
        raise Clarify(
            "¿Qué quieres saber?",
            [f"{p.raw.strip().rstrip('?')} ({s.subject.label})" for s in (best, second)],
        )
    return best.subject


def _topic_signals(p: Parsed, k: Knowledge, topic: list[str], signals: Signals) -> None:
    """What the store's texts say about the question's other words (titles, tables, sections, acuerdos)."""
    hits = k.activity_search.search(topic, limit=1)
    if hits and hits[0][2] >= 0.6:
        signals.topic_hits[Subject.ACTIVIDADES] = 1.0
    if _quotes_a_title(p, k):
        # "¿quién fue anfitriona de Invita a un consejero a tu casa?": the question names an activity by its title.
        signals.topic_hits[Subject.ACTIVIDADES] = 4.0  # over an attendance verb: "¿cuánta gente asistió a …?"
    indexes = (k.activity_search, k.activity_context_search)
    kinds = {kind for w in p.words for kind in activity_kinds_of(w)}
    of_kind: set[int] = set().union(*(k.activities_by_kind.get(kind, set()) for kind in kinds))
    if of_kind:
        # The question names a kind ("sesiones") and its other words match activities of that kind ("del
        # Consejo Local del INE"): it asks about those activities, not about the commission's own.
        for index in indexes:
            hits = index.search(topic, restrict=set(of_kind), limit=1, ignore_unknown=True)
            if hits and hits[0][2] >= 0.6:
                signals.topic_hits[Subject.ACTIVIDADES] = signals.topic_hits.get(Subject.ACTIVIDADES, 0.0) + 2.5
                break
    hits = k.acuerdo_search.search(topic, limit=1)
    if hits and hits[0][2] >= 0.6:
        signals.topic_hits[Subject.ACUERDOS] = 0.5
    if any(of_document(s.of, k) for s in p.sessions):
        # "la minuta de la décima sesión": the session named is what a document the acuerdos deal with is about.
        signals.topic_hits[Subject.ACUERDOS] = 3.0


def _session_of_an_acuerdo(p: Parsed, k: Knowledge, signals: Signals) -> None:
    """ "¿En qué sesión se designó al secretario técnico?": the session of what an acuerdo's text says (its
    words, cue words included: "ratificó", "secretaria técnica")."""
    if p.sessions or p.codes or not re.search(r"\b(?:en|de) (?:que|cual) sesion\b", p.text):
        return
    words = [w for w in _topic(p, name_words=set(), cues=("sesion", "aprob", "acuerd")) if not w.startswith("informe")]
    hits = k.acuerdo_search.search(words, limit=1) if words else []
    if hits and hits[0][2] >= 0.6:
        signals.topic_hits[Subject.ACUERDOS] = max(signals.topic_hits.get(Subject.ACUERDOS, 0.0), 3.0)


_ATTENDANCE_STEMS = ("asist", "falt", "ausen", "inasist", "acudi", "estuv", "vino", "vinieron", "present", "sesion")


def _beyond_attendance(p: Parsed, k: Knowledge, name_words: set[str]) -> bool:
    """A question that names someone and asks about something else the informes' prose tells of them (an
    election they observed, a project they lead): read only as attendance, its other words would be ignored."""
    if p.attend or p.absent or p.has(*_ATTENDANCE_STEMS, "quorum", "lista"):
        return False
    rest = [w for w in _topic(p, name_words=name_words, cues=()) if role_of(w) is None and group_of(w) is None]
    holder: tuple[str, ...] = ("titular", "encargad", "represent", "jef", "director", "responsable", "nombre", "cargo")
    holder += ("puesto", "secretari", "ejecutiv", "tecnic", "president", "consejer")  # the seat's own words too
    holder += CHANGE_STEMS  # "¿cuándo cambió el representante del PRI?": who sat for it
    rest = [w for w in rest if w not in name_words and len(w) > 3 and not w.startswith(holder)]
    if not rest:
        return False
    hits = k.passage_search.search(rest, limit=1)
    return bool(hits) and hits[0][2] >= 0.5


def _only_a_day(p: Parsed, scores: list[SubjectScore]) -> bool:
    """A question that names a day and nothing it asks about ("¿qué pasó el 5 de noviembre?", "¿qué hubo el
    22/12?"): sessions scored only for the day."""
    cued = any(w.startswith(CUE_WORDS) for w in p.words if w not in ("hubo", "cuando", "fecha"))
    return bool(p.days or p.month_days) and not (
        cued or p.sessions or p.session_kinds or p.modality or p.weekdays or p.yesno
    )


def _quotes_a_title(p: Parsed, k: Knowledge) -> bool:
    words = p.words
    for i in range(len(words) - 2):
        for title in k.titles.get((words[i], words[i + 1]), ()):
            if tuple(words[i : i + len(title)]) == title:
                return True
    return False


def _form(p: Parsed) -> Form:
    if p.compare:
        return Form.COMPARE
    if p.rank:
        return Form.RANK
    if p.weekday_question or (len(p.weekdays) >= 2 and not p.yesno):
        return Form.WEEKDAY
    if p.when:
        return Form.WHEN
    if p.count:
        return Form.COUNT
    if p.yesno:
        return Form.YESNO
    if p.who:
        return Form.WHO
    if p.which:
        return Form.WHICH
    if p.what:
        return Form.WHAT
    return Form.LIST


_PEOPLE_WORDS = ("persona", "participante", "asistente", "integrantes", "estudiante", "funcionari", "gente")


def _attribute(p: Parsed, subject: Subject) -> Attribute | None:
    text = p.text
    if "observaciones" in p.words:
        return Attribute.OBSERVATIONS
    if p.has("porcentaje", "tasa", "proporcion", "promedio") or "%" in p.raw:
        return Attribute.RATE
    if p.has("objeto", "proposito", "finalidad") or re.search(r"\bpara que (?:es|sirve|fue)\b", text):
        return Attribute.OBJECT
    if re.search(r"\b(?:en|de) (?:que|cual) sesion\b", text) and (p.codes or subject == Subject.ACUERDOS):
        return Attribute.SESSION
    if p.has("modalidad") or (p.modality is not None and p.yesno) or p.which_modality:
        return Attribute.MODALITY
    if p.has("periodo", "cubre", "abarca", "comprende"):
        return Attribute.PERIOD
    if _asks_contact(p):
        return Attribute.CONTACT
    if p.has("informe") and p.has("apartado", "seccion", "capitulo", "indice", "estructura", "partes", "contenido"):
        return Attribute.SECTIONS
    if p.has("informe") and re.search(
        r"\bcon que acuerdo\b|\bque acuerdo\b|\bcuando se aprob|\bdonde se aprob|\bque punto\b|\bpunto del orden", text
    ):
        return Attribute.APPROVAL
    if p.has("horas", "duracion", "duro"):
        return Attribute.DURATION
    if subject == Subject.CONVENIOS and p.has("vigent", "instrumento"):
        return Attribute.IN_FORCE
    if p.has("contraparte") or re.search(r"\bcon quien(?:es)?\b", text):
        return Attribute.COUNTERPART
    if p.count and (p.has(*_PEOPLE_WORDS) or (p.has("asisti", "particip") and subject == Subject.ACTIVIDADES)):
        return Attribute.PEOPLE
    if p.change and subject == Subject.INTEGRACION:
        return Attribute.CHANGES
    if p.tenure:
        return Attribute.TENURE
    if p.has("cargo", "puesto", "funcion", "rol") and not p.has("cargos"):
        return Attribute.ROLE
    if re.search(r"\bde que (?:trata|tratan|se trata)\b|\bque dice\b|\btexto\b", text):
        return Attribute.TEXT
    return None


_CONTACT_RE = re.compile(
    r"\b(?:correo(?: electronico)?|e ?mail|mail|telefono|tel|numero telefonico|pagina(?: web)?|sitio(?: web)?|"
    r"direccion de correo|cuenta de correo)\s+(?:de|del|para)\b"
)


def _asks_contact(p: Parsed) -> bool:
    """ "¿cuál es el correo de Voto Chilango?", "teléfono de la presidenta": one address, not the e-mails sent."""
    return not p.count and bool(_CONTACT_RE.search(p.text)) and (p.which or p.what or not p.words[0].startswith("q"))


def _dimension(p: Parsed) -> Dimension | None:
    text = p.text
    if re.search(r"\b(?:que|cual|en que|cada|por) trimestre", text) or (p.compare and len(p.quarters) >= 2):
        return Dimension.QUARTER
    if re.search(r"\b(?:que|cual|en que|cada|por) mes\b", text) or (p.compare and len(p.months) >= 2):
        return Dimension.MONTH
    if re.search(r"\b(?:que|cual|en que|cada|por) ano\b", text) or (p.compare and len(p.years) >= 2):
        return Dimension.YEAR
    if re.search(r"\b(?:que|cual|en que) sesion", text) or (
        p.rank and p.has("sesion") and not p.sessions and not p.who
    ):
        return Dimension.SESSION
    if p.rank and (p.who or re.search(r"\b(?:que|cual) (?:partido|integrante|consejer|unidad|direccion)", text)):
        return Dimension.PARTICIPANT
    return None


def _roles(p: Parsed, name_words: set[str]) -> set[MemberRole]:
    roles = {r for w in p.words if w not in name_words and (r := role_of(w)) is not None}
    if re.search(r"\bsecretari[oa]s? tecnic[oa]s?\b", p.text):
        roles.add(MemberRole.SECRETARIA_TECNICA)
    return roles


def _named_year(p: Parsed, word: str) -> bool:
    """A year that is part of a name ("el PAT 2021"), not a period the question is about."""
    return len(word) == 4 and word.startswith("20") and int(word) not in p.years and word not in p.entity_words


def _topic(p: Parsed, *, name_words: set[str], cues: tuple[str, ...]) -> list[str]:
    """Words of the question that name a topic: not filler, entities, cue words or names already matched."""
    return [
        w
        for w in p.content_words()
        if w not in GENERIC_WORDS
        and w not in STOPWORDS
        and (not w.isdigit() or _named_year(p, w))
        and len(w) > 2
        and not (cues and w.startswith(cues))
        and group_of(w) is None
        and w not in name_words
        and w not in ORDINAL_WORDS
        and session_kind_of(w) is None
        and modality_of(w) is None
        and w not in ("ultima", "ultimo", "proxima", "proximo", "siguiente", "anterior", "penultima")
    ]
