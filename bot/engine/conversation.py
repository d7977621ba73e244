"""Follow-ups: a question that leans on the chat's last one (see :mod:`contexts` for where that lives).

A follow-up that lacks a subject or a condition inherits it ("¿y en diciembre?": the same question with
the month replaced; "¿quién faltó a esa sesión?": the session of the last answer; "¿cuántos son?": the
count of the last list; "¿y la siguiente?": the session after it). A complete new question starts afresh:
nothing of the context leaks into it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace

from bot.engine.contexts import Context
from bot.engine.frame import (
    EVERY_INFORME,
    Attribute,
    CodeRef,
    Form,
    Items,
    Question,
    Relative,
    SessionRef,
    Span,
)
from bot.engine.framing import ATTRIBUTE_WORDS, DATA_SUBJECTS, Understood
from bot.engine.ignorance import looks_like_verb
from bot.engine.knowledge import Knowledge
from bot.engine.lexicon import activity_kinds_of, role_words
from bot.engine.periods import month_end, quarter_span, shift_quarter
from bot.engine.scoring import CUE_WORDS
from bot.engine.understanding import Parsed
from lang.spanish import QUARTER_WORDS, month_name, parse_ordinal_at, short_date
from lang.vocabulary import SessionKind, Subject

log = logging.getLogger(__name__)

# -- follow-ups -----------------------------------------------------------------------------------------------
# Words that name a subject (not merely a verb or a topic of it): with one, a follow-up changes the subject.
SUBJECT_NOUNS: dict[Subject, tuple[str, ...]] = {
    Subject.ACUERDOS: ("acuerd",),
    Subject.SESIONES: ("sesion",),
    Subject.ASISTENCIA: ("asist", "falt", "ausen", "inasist", "vino", "vinieron", "acudi"),
    Subject.INTEGRACION: ("integr", "presid", "conform"),
    Subject.CONVENIOS: ("conveni", "instrumento"),
    Subject.ACTIVIDADES: ("actividad", "evento"),
    Subject.RESUMEN: ("resum", "sintesis"),
}
# Verbs whose subject is not the last answer's: with one, a follow-up asks about that subject.
_SUBJECT_VERBS: dict[Subject, tuple[str, ...]] = {
    Subject.ACUERDOS: ("aprobo", "aprobaron", "acordo", "acordaron", "adopto", "adoptaron"),
    Subject.CONVENIOS: ("firmo", "firmaron", "suscribio", "suscribieron"),
}
_SESSION_SUBJECTS = (Subject.ACUERDOS, Subject.ASISTENCIA, Subject.SESIONES)
_PRONOUN_COUNTS = (None, "son", "hay", "fueron", "eran", "hubo", "se")


def is_follow_up(understood: Understood, context: Context | None) -> bool:
    """Whether the question leans on the last one."""
    if context is None:
        return False
    p, q = understood.parsed, understood.question
    if p.anaphora is not None or p.follow_y:
        return True
    if q.subject in (Subject.AYUDA, Subject.SALUDO):
        return False
    if q.subject == Subject.INFORME and len(context.items.acuerdos) == 1 and not q.spans and p.has("aprob"):
        return True  # "acuerdo 4 de 2021" → "¿qué informe aprobó?": the one that acuerdo approved
    identity = bool(q.codes or q.sessions or q.spans or q.names)
    identity = identity or bool(q.participants and q.subject in (Subject.ASISTENCIA, Subject.INTEGRACION))
    identity = identity or bool(q.counterparts and q.subject == Subject.CONVENIOS)
    if _about_activities(q, context):
        return True  # "¿cuántos asistieron?" after "¿cuándo fue el curso de la OEA?": those who came to it
    if not understood.strong_subject:
        return bool(identity or q.topic or q.form != Form.LIST or p.absent or p.session_kinds or p.weekdays)
    people_asked = q.subject in (Subject.ASISTENCIA, Subject.INTEGRACION) and not (q.names or q.groups or q.roles)
    about_person = (
        people_asked
        and not q.participants
        and bool(context.question.participants or context.question.roles or len(context.items.participants) == 1)
    )
    if about_person and q.form in (Form.YESNO, Form.COUNT, Form.LIST, Form.WHICH):
        return not q.sessions or not context.question.sessions  # "¿asistió a todas las sesiones?": who did
    if q.form == Form.YESNO and not any(p.has(*stems) for stems in SUBJECT_NOUNS.values()):
        return True  # "¿se firmó en el trimestre?": yes or no about what was just discussed
    incomplete = q.form in (Form.WHEN, Form.WEEKDAY, Form.WHICH, Form.WHAT, Form.WHO) or (
        q.form == Form.COUNT and p.counted in _PRONOUN_COUNTS
    )
    # A question about the session just discussed ("¿qué acuerdos se aprobaron?" after "¿cuándo fue la
    # décima sesión?") lacks only that session.
    one_session = context.question.subject == Subject.SESIONES and len(context.items.sessions) == 1
    about_session = bool(context.question.sessions or one_session) and q.subject in _SESSION_SUBJECTS
    if "sesiones" in p.words and (p.session_kinds or p.every):
        about_session = False  # "¿hubo sesiones extraordinarias?": the sessions in general, not that one
    return (incomplete or about_session) and not identity


def _about_activities(q: Question, context: Context) -> bool:
    """A question about the people, persons or dates of the activities the last answer was about, naming no
    session, participant or period of its own."""
    if not context.items.activities or q.subject not in (Subject.ASISTENCIA, Subject.ACTIVIDADES):
        return False
    period = any(span.label != EVERY_INFORME for span in q.spans)  # "en total" is no period of its own
    own = q.sessions or q.participants or q.groups or q.names or q.roles or period or q.codes or q.absent
    asks = q.form in (Form.COUNT, Form.WHO, Form.WHEN, Form.WHICH) or q.attribute in (Attribute.PEOPLE,)
    return bool(asks and not own)


# "¿y en el tercero?", "¿y el cuarto de 2020?": the ordinal alone (a noun after it names something else: "el
# primer convenio", "el primer mes")
_QUARTER_ALONE_RE = re.compile(
    r"\b(?:el|del|al)\s+(primer|primero|segundo|tercer|tercero|cuarto|[1-4](?:o|er|ro|do|to))"
    r"(?:\s+(?:de|del)\s+((?:20)?\d\d))?\s*(?:[?¿!.,]|$)"
)


def _other_quarter(p: Parsed, new: Question, old: Question, k: Knowledge) -> Question:
    """A quarter named from the one discussed: "acuerdos de diciembre" → "¿y del trimestre siguiente?" (the
    first of 2021, not today's next); "sesiones del primer trimestre" → "¿y en el tercero?" (a quarter, said
    in the masculine, not the third session); "resumen del segundo trimestre" → "¿y el anterior?"."""
    before = old.quarters[-1] if old.quarters else None
    if before is None and old.spans:
        end = old.spans[-1].end if new.quarter_shift > 0 else old.spans[0].start
        before = (end.year, (end.month - 1) // 3 + 1)
    said = _QUARTER_ALONE_RE.search(p.text) if old.quarters else None
    if said and said.group(2) and [c.number for c in new.codes] == [int(said.group(2))]:
        new = new.with_changes(codes=())  # "¿y en el primero del 22?": a year, not the acuerdo 22
    if before is None or new.codes:
        return new
    shift = new.quarter_shift
    # "sesiones del cuarto trimestre" → "¿y del siguiente?" (masculine: the quarter; "la siguiente" is a session)
    quarterly = old.quarters and not old.codes
    around = p.relative_item[0] in (Relative.PREVIOUS, Relative.FOLLOWING) if p.relative_item else False
    if not shift and quarterly and around and p.relative_item[1] == "el" and not new.spans:  # type: ignore[index]
        shift = -1 if p.relative_item[0] == Relative.PREVIOUS else 1  # type: ignore[index]
    if shift:
        year, quarter = shift_quarter(*before, shift)
        return new.with_changes(spans=(quarter_span(k, quarter, year, new.today),), sessions=())
    alone = said
    named_year = (2000 + int(alone.group(2)) % 100) if alone and alone.group(2) else None  # "del 22" is 2022
    if alone and named_year:  # "¿y en el cuarto de 2020?": its year is no period of its own
        year_only = all(s.start == dt.date(named_year, 1, 1) and s.end.month == 12 for s in new.spans)
        alone = alone if year_only else None
    if alone and (not new.spans or named_year):
        quarter = QUARTER_WORDS.get(alone.group(1)) or int(alone.group(1)[0])
        year = named_year or before[0]
        return new.with_changes(spans=(quarter_span(k, quarter, year, new.today),), sessions=())
    return new


_NTH_RE = re.compile(
    r"\b(?:el|del|al)\s+(primer|primero|segundo|tercer|tercero|cuarto|quinto|sexto|septimo|octavo|noveno|decimo|"
    r"ultimo|[1-9](?:o|ro|do|er|to|vo|no|mo))\b(?!\s+(?:informe|sesion|trimestre|acuerdo|convenio|de\s+[a-z]+bre"
    r"|de\s+(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto)))"
)
_ITEM_ASKED_RE = re.compile(r"\bde\s+que\s+(?:trata|es|habla)\b|\bque\s+dice\b|\bcual\s+es\b|\bcuando\s+fue\b")


def _nth_shown(p: Parsed, new: Question, old: Question, context: Context) -> Question:
    """ "acuerdos de diciembre" → "¿el segundo de qué trata?": the second acuerdo the answer listed (a masculine
    ordinal: "la segunda" would be a session), unless a quarter was discussed and nothing asks about an item."""
    found = _NTH_RE.search(p.text)
    codes = context.items.acuerdos
    if not found or not codes or new.codes or (old.quarters and not _ITEM_ASKED_RE.search(p.text)):
        return new
    word = found.group(1)
    place = -1 if word == "ultimo" else (parse_ordinal_at([word], 0) or (0, 0))[0] - 1
    if not -1 <= place < len(codes):
        return new
    return new.with_changes(codes=(_code_ref(codes[place]),), sessions=(), subject=Subject.ACUERDOS)


_MONTH_AROUND_RE = re.compile(r"\bmes (?:anterior|previo|siguiente|posterior)\b|\b(?:siguiente|anterior) mes\b")


def _other_month(p: Parsed, new: Question, old: Question) -> Question:
    """ "acuerdos de noviembre" → "¿y el mes anterior?": October, the month before the one discussed."""
    found = _MONTH_AROUND_RE.search(p.text)
    months = [s for s in old.spans if s.start.day == 1 and s.end == month_end(s.start.year, s.start.month)]
    if not found or len(months) != 1 or len(old.spans) != 1:
        return new
    step = -1 if re.search(r"anterior|previo", found.group(0)) else 1
    index = months[0].start.year * 12 + months[0].start.month - 1 + step
    year, month = divmod(index, 12)
    start = dt.date(year, month + 1, 1)
    span = Span(start, month_end(year, month + 1), f"{month_name(month + 1)} de {year}")
    return new.with_changes(spans=(span,))


# "¿y a las demás?", "¿y a las otras sesiones?": the others of the sessions shown (not "los otros partidos")
_OTHERS_RE = re.compile(
    r"\b(?:las|los|a las|a los)\s+(?:demas|otras|otros|restantes)\s*(?:sesiones\b|[?¿!.,]|$)|\bel resto\b"
)


def _other_sessions(p: Parsed, new: Question, context: Context, k: Knowledge) -> Question:
    """ "¿MORENA asistió a la décima?" → "¿y a las demás?": the quarter's other sessions."""
    shown = set(context.items.sessions)
    if not shown or new.sessions or new.spans or not _OTHERS_RE.search(p.text):
        return new
    held = k.held_sessions(new.today)
    informes = {s.informe_id for s in held if s.id in shown}
    others = [s for s in held if s.informe_id in informes and s.id not in shown and s.id in k.with_data]
    if not others:
        return new
    refs = tuple(SessionRef(relative=Relative.THAT, anchor=s.id) for s in others)
    return new.with_changes(sessions=refs, topic=tuple(w for w in new.topic if w not in ("demas", "restantes")))


def inherit(understood: Understood, context: Context, k: Knowledge | None = None) -> Question:
    """The question, completed with what it lacks from the context."""
    p, new, old = understood.parsed, understood.question, context.question
    new = _nth_shown(p, new, old, context)
    new = _other_month(p, new, old)
    if k is not None:
        new = _other_sessions(p, new, context, k)
    if k is not None:
        new = _other_quarter(p, new, old, k)
    named = [s for s, stems in SUBJECT_NOUNS.items() if p.has(*stems)]
    if named == [Subject.SESIONES] and new.sessions and new.form == Form.LIST and p.follow_y:
        named = []  # "¿quién faltó a la de diciembre?" → "¿y en la siguiente sesión?": the same question of it
    if not named:
        # "¿qué se aprobó?" after who missed a session: the verb of another subject names it.
        named = [s for s, stems in _SUBJECT_VERBS.items() if p.has(*stems) and s != old.subject]
    if any(activity_kinds_of(w) for w in p.words if not (new.sessions and w.startswith("sesion"))):
        named.append(Subject.ACTIVIDADES)
    subject = new.subject if (new.subject in named and new.subject != Subject.TEXTO) else old.subject
    if len(named) == 1 and named[0] != old.subject:
        subject = named[0]
    if new.subject == Subject.INFORME and p.has("informe"):
        subject = Subject.INFORME  # "¿qué informe aprobó?": the informe, whatever the last answer was about
    if not named and new.sessions and (new.weekdays or new.modality or new.form in (Form.WEEKDAY, Form.WHEN)):
        subject = Subject.SESIONES  # "¿la primera extraordinaria fue en viernes?": a session's own facts
    activities_again = _about_activities(new, context)
    if activities_again:
        subject = Subject.ACTIVIDADES
    which_session = not new.sessions and re.search(r"\b(?:en |a |de )?(?:que|cual|cuales) sesion", p.text)
    if which_session and old.subject != Subject.SESIONES:
        subject = old.subject  # "¿en qué sesión?": the session of what the last answer was about
    form = new.form
    asks_what = form == Form.LIST and re.search(r"\b(?:que|cuales|quienes)\b", p.text)
    if (form == Form.LIST or (form == Form.YESNO and not p.yesno)) and not (asks_what and old.form == Form.YESNO):
        # ("¿hubo sesión el 15?" → "¿y qué se aprobó?" asks what, not yes or no)
        form = old.form if old.form not in (Form.RANK, Form.COMPARE) or not new.has_time else Form.LIST
    sessions = new.sessions
    items = context.items
    anchored: list[SessionRef] = []
    # "¿quién faltó a la primera sesión del trimestre?": a session counted within a period, not named
    counted_before = any(not (s.start.month == 1 and s.end.month == 12) for s in old.spans) and all(
        r.number and not r.kind and not r.year for r in old.sessions
    )
    kinds_before = {ref.kind for ref in old.sessions if ref.kind is not None}
    if not kinds_before and old.sessions and k is not None and not counted_before:
        # "¿quién faltó a la décima segunda sesión?" (an ordinaria) → "¿y en la primera de 2021?": of that kind too.
        answered = (k.session_by_id.get(i) for i in items.sessions)
        kinds_before = {kind for s in answered if s is not None and (kind := SessionKind.parse(s.kind)) is not None}
    for ref in sessions:
        if ref.relative in (Relative.FOLLOWING, Relative.PREVIOUS) and items.sessions:
            anchored.append(SessionRef(relative=ref.relative, anchor=items.sessions[-1]))
        elif ref.number is not None and ref.kind is None and len(kinds_before) == 1 and k is not None:
            # "¿quién faltó a la primera extraordinaria?" → "¿y a la segunda?": the second of that kind.
            (kind,) = kinds_before
            same_kind = any(
                s.number == ref.number and s.kind == kind and ref.year in (None, s.year) for s in k.sessions
            )
            anchored.append(replace(ref, kind=kind) if same_kind else ref)
        else:
            anchored.append(ref)
    years_before = {ref.year for ref in old.sessions if ref.year}
    if not years_before and old.sessions and k is not None and not counted_before:
        answered_years = (k.session_by_id.get(i) for i in items.sessions)
        years_before = {s.year for s in answered_years if s is not None}
    if len(years_before) == 1 and not new.spans and k is not None:
        # "¿quién faltó a la décima primera de 2020?" → "¿y a la décima?": the décima of 2020 too
        (year,) = years_before
        anchored = [
            replace(ref, year=year)
            if ref.number is not None
            and ref.year is None
            and any(s.number == ref.number and s.year == year and ref.kind in (None, s.kind) for s in k.sessions)
            else ref
            for ref in anchored
        ]
    sessions = tuple(anchored)
    # "¿quién faltó a la décima?" → "¿y a la urgente?": a kind alone names other sessions, not a condition on
    # the one just discussed.
    kind_only = bool(new.session_kinds) and not sessions and not new.spans and bool(old.sessions)
    codes = new.codes
    if subject == Subject.ACUERDOS and not codes and p.article_numbers:
        codes = tuple(CodeRef(n) for n in p.article_numbers)  # "¿y el 46?"
    if (
        subject == Subject.ACUERDOS
        and not codes
        and p.relative_item
        and p.relative_item[1] == "el"
        and k
        # after a quarter's list "¿y el siguiente?" is the next quarter; "¿y el último?" still the last acuerdo
        and not (old.quarters and p.relative_item[0] in (Relative.PREVIOUS, Relative.FOLLOWING))
    ):
        codes = _next_acuerdo(k, items.acuerdos, p.relative_item[0])  # "¿y el siguiente?"
    counterparts = new.counterparts
    if p.anaphora == "sesion" or (p.anaphora == "" and subject != old.subject and items.sessions and not sessions):
        sessions = tuple(SessionRef(relative=Relative.THAT, anchor=sid) for sid in items.sessions)
    elif (
        (p.anaphora == "acuerdo" or (p.anaphora == "" and form not in (Form.COUNT, Form.LIST)))
        and subject == Subject.ACUERDOS
        and items.acuerdos
        and not codes
    ):
        codes = tuple(_code_ref(code) for code in items.acuerdos)
    elif p.anaphora in ("convenio", "") and subject == Subject.CONVENIOS and items.convenios and not counterparts:
        counterparts = tuple(items.convenios)
    if p.anaphora in ("dia", "mes") and k is not None and not new.spans:
        # "¿qué otros acuerdos hubo ese día?": the day (or month) of what the last answer was about.
        new = new.with_changes(spans=_days_of(items, k, month=p.anaphora == "mes"))
    own_topic = new.topic
    if subject != new.subject and subject == old.subject and new.subject in DATA_SUBJECTS:
        # Read for another subject, the question's names were taken for that subject's ("el Colegio de México"
        # as a counterpart): for the subject it keeps, they are what it is about ("¿cuál es sobre el Colegio?").
        own_topic = (
            tuple(
                w
                for w in new.content
                if (not w.startswith(CUE_WORDS) or (new.roles and role_words(w)))  # "el de la secretaria técnica"
                and not w.startswith(ATTRIBUTE_WORDS)
                and not looks_like_verb(w)
            )
            or new.topic
        )
    # "¿cuál fue presencial?" → "¿quién faltó?": the one session the last answer was about.
    one_session = old.subject == Subject.SESIONES and len(items.sessions) == 1
    about_it = subject in (Subject.ACUERDOS, Subject.ASISTENCIA) or (
        subject == Subject.SESIONES and form in (Form.WHEN, Form.WEEKDAY)  # "no hubo…" → "¿entonces cuándo fue?"
    )
    if not new.spans and not sessions and one_session and about_it:
        sessions = (SessionRef(relative=Relative.THAT, anchor=items.sessions[0]),)
    replaced_time = bool(new.spans or sessions or kind_only)
    approved_by = subject == Subject.INFORME and p.has("aprob")  # "acuerdo 4 de 2021" → "¿qué informe aprobó?"
    # "¿quién faltó a la primera sesión del trimestre?" → "¿y a la segunda?": the second of that period too
    counted_within = (
        counted_before
        and not new.spans
        and bool(old.sessions and sessions)
        and all(r.number and not r.kind and not r.year for r in sessions)
    )
    # "¿la 11a fue jueves?" → "¿y la 12a?": the same proposition judged of another session.
    proposition = form == Form.YESNO and old.form == Form.YESNO and not p.yesno
    attendance_words = p.has("asist", "falt", "ausen", "inasist", "vino", "vinieron", "acudi", "estuv", "present")
    going = p.has("fue", "fueron", "vinieron", "iban") and subject == Subject.ASISTENCIA
    # "¿el PT fue?", "¿y cuántos partidos fueron?" (not "¿cuántos fueron?": how many the last answer listed)
    attendance_words = attendance_words or (going and (p.yesno or bool(new.groups or new.participants)))
    participants = new.participants
    if not participants and not old.participants and len(items.participants) == 1 and old.form == Form.RANK:
        participants = tuple(items.participants)  # "¿qué partido faltó más?" → "¿a qué sesión?"
    merged = new.with_changes(
        subject=subject,
        form=form,
        attribute=new.attribute
        or (Attribute.SESSION if which_session else None)
        or (old.attribute if form == old.form or subject == old.subject else None),
        spans=new.spans
        if (replaced_time and not (proposition and not new.spans) and not counted_within)
        else old.spans,
        sessions=sessions if replaced_time else old.sessions,
        session_kinds=new.session_kinds or (old.session_kinds if not replaced_time or proposition else frozenset()),
        modality=new.modality or old.modality,
        weekdays=new.weekdays or (old.weekdays if not replaced_time or proposition else ()),
        codes=codes or (old.codes if not (replaced_time or new.topic) or approved_by else ()),
        topic=own_topic or (old.topic if subject == old.subject else ()),
        participants=participants or (old.participants if not new.names and not new.groups else ()),
        several=new.several or (old.several and not participants),
        names=new.names or (old.names if not new.participants else ()),
        groups=new.groups or (old.groups if not new.participants else frozenset()),
        roles=new.roles or old.roles,
        counterparts=counterparts or (old.counterparts if not new.counterpart_words else ()),
        counterpart_words=new.counterpart_words or old.counterpart_words,
        instrument=new.instrument or old.instrument,
        activity_kinds=new.activity_kinds or (old.activity_kinds if subject == old.subject else frozenset()),
        signed=new.signed or (old.signed and subject == old.subject),
        followed=new.followed or (old.followed and subject == old.subject),
        absent=new.absent if attendance_words else old.absent,
        every=new.every or (old.every and not replaced_time),
        rank=new.rank or (old.rank if form == Form.RANK else None),
        by=new.by or (old.by if form in (Form.RANK, Form.COMPARE) else None),
        organization=new.organization or old.organization,
        follow_up=True,
    )
    own_period = bool(sessions) or any(span.label != EVERY_INFORME for span in new.spans)  # "en total" is none
    # "pláticas de Medina Torres" → "¿y de qué materia fue la de 2021?": the one of them in that period
    one_of_them = bool(re.search(r"\b(?:la|el|las|los) (?:de|del)\b", p.text)) and not new.sessions
    if (
        subject == Subject.ACTIVIDADES == old.subject
        and items.activities
        and ((not own_period and (not p.follow_y or new.attribute == Attribute.PEOPLE)) or one_of_them)
    ):
        # "¿quién era la profesora?", "¿cuántas personas asistieron en total?": of the activities just shown.
        people = Attribute.PEOPLE if activities_again and new.form == Form.COUNT else merged.attribute
        merged = merged.with_changes(
            previous_items=tuple(str(i) for i in items.activities), attribute=people, topic=new.topic
        )
    if p.others:
        # "¿qué otros acuerdos hubo…?": those of the last answer are left out.
        shown: list[str] | list[int] = []
        if subject == Subject.ACUERDOS:
            shown = items.acuerdos
        elif subject == Subject.CONVENIOS:
            shown = items.convenios
        elif subject == Subject.ACTIVIDADES:
            shown = items.activities
        merged = merged.with_changes(excluded=tuple(str(key) for key in shown), codes=())
    single = len(items.acuerdos) == 1 and form in (Form.WHEN, Form.WEEKDAY)
    if subject == Subject.ACUERDOS and single and not merged.codes and not new.topic and not replaced_time:
        merged = merged.with_changes(codes=(_code_ref(items.acuerdos[0]),))
    return merged


def _days_of(items: Items, k: Knowledge, *, month: bool) -> tuple[Span, ...]:
    """The days (or months) of the sessions and acuerdos an answer was about, as spans."""
    days = {s.date for sid in items.sessions if (s := k.session_by_id.get(sid)) is not None and s.date}
    days |= {a.date for aid in items.activities if (a := k.activity_by_id.get(aid)) is not None and a.date}
    codes = set(items.acuerdos)
    days |= {a.date for a in k.acuerdos if a.code in codes and a.date}
    spans = []
    for day in sorted(days):
        if month:
            end = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - dt.timedelta(days=1)
            spans.append(Span(day.replace(day=1), end, f"{month_name(day.month)} de {day.year}"))
        else:
            spans.append(Span(day, day, f"el {short_date(day)}"))
    return tuple(dict.fromkeys(spans))


def _next_acuerdo(k: Knowledge, shown: list[str], relative: Relative) -> tuple[CodeRef, ...]:
    """The acuerdo after (or before) the last one the previous answer was about."""
    ordered = sorted(k.acuerdos, key=lambda a: (a.year, a.number))
    codes = [a.code for a in ordered]
    if not shown or shown[-1] not in codes:
        return ()
    if relative == Relative.LAST:
        return (_code_ref(shown[-1]),)  # "¿y el último?": the last one the answer listed
    i = codes.index(shown[-1]) + (-1 if relative == Relative.PREVIOUS else 1)
    return (_code_ref(codes[i]),) if 0 <= i < len(codes) else ()


def _code_ref(code: str) -> CodeRef:
    numbers = re.findall(r"\d+", code)
    prefix = "IECM" if code.startswith("IECM") else "CVOE"
    if len(numbers) >= 2:
        return CodeRef(int(numbers[-2]), prefix, int(numbers[-1]))
    return CodeRef(int(numbers[0]) if numbers else 0, prefix)
