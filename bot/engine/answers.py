"""Answers for each intent, computed from the knowledge snapshot and rendered from templates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from bot.engine.intents import CUE_WORDS, CUES
from bot.engine.knowledge import Knowledge, Participant
from bot.engine.matching import STOPWORDS, EntityIndex, EntityMatch, stem
from bot.engine.understanding import PREVIOUS_QUARTER, SessionMention, Understanding
from bot.render import render, session_name
from bot.summary import build_summary
from db.models import Activity, Acuerdo, CommissionSession, Informe
from lang.spanish import fold, full_year, month_name, ordinal_feminine, short_date, tokens
from lang.vocabulary import ActivityKind


@dataclass
class Reply:
    """What the engine says: the intent it understood, plain text, Telegram HTML and suggested questions."""

    intent: str
    text: str
    html: str
    choices: list[str] = field(default_factory=list)
    quarter: tuple[int, int] | None = None  # (year, quarter) of a summary, for the document


class Clarify(Exception):
    """The question has several readings: ask back with choices."""

    def __init__(self, question: str, choices: list[str]) -> None:
        super().__init__(question)
        self.question = question
        self.choices = choices


class NotInData(Exception):
    """What was asked is not in the informes: say so plainly (with choices that are, when there are some)."""

    def __init__(self, message: str, choices: list[str] | None = None) -> None:
        super().__init__(message)
        self.choices = choices or []


# Words that carry no topic ("¿qué dice…?", "plis").
GENERIC_WORDS = frozenset(
    [
        "dice",
        "dicen",
        "fue",
        "fueron",
        "sobre",
        "tema",
        "temas",
        "acerca",
        "hubo",
        "tomo",
        "tomaron",
        "quiero",
        "saber",
        "dime",
        "dame",
        "favor",
        "plis",
        "porfa",
        "porfavor",
        "sesion",
        "sesiones",
        "ordinaria",
        "ordinarias",
        "extraordinaria",
        "extraordinarias",
        "urgente",
        "urgentes",
        "mas",
        "menos",
        "comision",
        "cvoe",
        "iecm",
        "instituto",
        "electoral",
        "ciudad",
        "mexico",
        "todos",
        "todas",
        "toda",
        "todo",
        "lista",
        "listado",
        "cuales",
        "cual",
        "cuanto",
        "hicieron",
        "hizo",
        "dieron",
        "dio",
        "realizaron",
        "realizo",
        "llevaron",
        "cabo",
        "tuvo",
        "lugar",
        "paso",
        "pasaron",
        "tenemos",
        "tiene",
        "tienen",
        "hay",
        "existe",
        "existen",
        "ver",
        "mostrar",
        "muestrame",
        "puedes",
        "podrias",
        "informacion",
        "numero",
        "total",
        "cantidad",
        "trimestre",
        "trimestral",
        "mes",
        "meses",
        "ano",
        "anos",
        "dia",
        "dias",
        "fecha",
        "veces",
        "vez",
        "celebro",
        "celebraron",
        "celebrada",
        "celebradas",
        "reportaron",
        "reporto",
        "reportados",
        "registrados",
        "registradas",
        "es",
        "son",
        "esta",
        "estan",
        "era",
        "fueron",
        "ha",
        "han",
        "sido",
        "hecho",
        "hecha",
        "ya",
        "se",
        "le",
        "lo",
        "la",
        "las",
        "los",
        "el",
        "un",
        "una",
        "del",
        "al",
    ]
)

# What a question about the informe itself is made of ("el cuarto informe trimestral de actividades").
INFORME_WORDS = frozenset(
    [
        "informe",
        "informes",
        "este",
        "cuarto",
        "tercer",
        "tercero",
        "segundo",
        "primer",
        "primero",
        "trimestral",
        "actividades",
        "periodo",
        "cubre",
        "abarca",
        "comprende",
        "acuerdo",
    ]
)

GROUP_WORDS = {
    "partido": "partido",
    "partidos": "partido",
    "consejeria": "consejeria",
    "consejerias": "consejeria",
    "consejeros": "consejeria",
    "consejeras": "consejeria",
    "direcciones": "direccion",
    "direccion": "direccion",
    "unidades": "unidad",
    "unidad": "unidad",
    "representaciones": "representacion",
}


def _activity_kind_cues() -> tuple[tuple[str, tuple[ActivityKind, ...]], ...]:
    """Word stems that ask for a kind of activity, from the vocabulary's synonyms (courses and workshops
    are asked for together)."""
    cues: dict[str, list[ActivityKind]] = {}
    for kind in ActivityKind:
        if kind in (ActivityKind.ACTIVIDAD, ActivityKind.EVENTO, ActivityKind.SESION):
            continue  # "actividades", "eventos", "sesiones" ask for no kind in particular
        for synonym in kind.synonyms:
            cues.setdefault(synonym, []).append(kind)
    for cue in ("curso", "taller", "capacitacion"):
        cues[cue] = [ActivityKind.CURSO, ActivityKind.TALLER]
    return tuple((cue, tuple(kinds)) for cue, kinds in cues.items())


ACTIVITY_KIND_CUES = _activity_kind_cues()


# Words that say which kind of activity is asked for or that it is counted, not what it was about.
ACTIVITY_WORDS = (
    *(cue for cue, _ in ACTIVITY_KIND_CUES),
    *("nota", "ejecutiv", "cuant", "particip", "asist", "persona", "integrante", "envi", "dier", "hic"),
)


@dataclass
class Period:
    """A span of days the question is about, with its Spanish label."""

    start: dt.date
    end: dt.date
    label: str

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


class Answerer:
    """Answers one understood question."""

    def __init__(
        self,
        knowledge: Knowledge,
        u: Understanding,
        today: dt.date,
        participants: list[EntityMatch],
        counterparts: list[EntityMatch],
    ) -> None:
        self.k = knowledge
        self.u = u
        self.today = today
        self.participants = participants
        self.counterparts = counterparts

    # ------------------------------------------------------------------ helpers
    def reply(self, intent: str, template: str, choices: Iterable[str] = (), **context: object) -> Reply:
        markup, text = render(template, today=self.today, **context)
        return Reply(intent, text, markup, list(choices))

    def topic_words(self, intent: str | None = None, *, cues: tuple[str, ...] | None = None) -> list[str]:
        """Words of the question that name a topic: not filler, entities or cue words (of ``intent``)."""
        if cues is None:
            cues = tuple(CUES[intent]) if intent else tuple(CUE_WORDS)
        return [
            w
            for w in self.u.content_words()
            if w not in GENERIC_WORDS
            and w not in STOPWORDS
            and not w.isdigit()
            and len(w) > 2
            and not w.startswith(cues)
            and w not in GROUP_WORDS
        ]

    def month_year(self, month: int) -> int:
        """A month without a year: the latest such month with data up to today."""
        months = self.k.data_months
        for year in range(self.today.year, self.today.year - 15, -1):
            if dt.date(year, month, 1) <= self.today and (year, month) in months:
                return year
        return self.today.year if dt.date(self.today.year, month, 1) <= self.today else self.today.year - 1

    def quarter_period(self, quarter: int | None, year: int | None) -> tuple[Period, Informe | None]:
        quarter, year = self.resolve_quarter(quarter, year)
        informes = [
            i
            for i in self.k.informes
            if (quarter is None or i.quarter == quarter)
            and (year is None or i.year == year)
            and i.period_start <= self.today
        ]
        informe = max(informes, key=lambda i: (i.year, i.quarter), default=None)
        if informe is None and quarter and year and self.u.quarter and not self.u.has("resum", "sintesis"):
            start = dt.date(year, 3 * quarter - 2, 1)
            return Period(
                start, _month_end(year, 3 * quarter), f"el {_quarter_words(quarter)} trimestre de {year}"
            ), None
        if informe is None:
            available = self.available_quarters()
            if quarter:
                raise NotInData(
                    f"No tengo el informe del {_quarter_words(quarter)} trimestre"
                    + (f" de {year}" if year else "")
                    + f". {available}"
                )
            raise NotInData("No hay informes trimestrales cargados.")
        label = f"el {_quarter_words(informe.quarter)} trimestre de {informe.year}"
        return Period(informe.period_start, informe.period_end, label), informe

    def resolve_quarter(self, quarter: int | None, year: int | None) -> tuple[int | None, int | None]:
        """ "el trimestre anterior" → the quarter before the latest informe's; anything else unchanged."""
        if quarter != PREVIOUS_QUARTER:
            return quarter, year
        latest = self.k.latest_informe(self.today)
        if latest is None:
            return None, None
        return (latest.quarter - 1, latest.year) if latest.quarter > 1 else (4, latest.year - 1)

    def available_quarters(self) -> str:
        """ "Informes disponibles: cuarto trimestre de 2020." """
        names = [
            f"{_quarter_words(i.quarter)} trimestre de {i.year}"
            for i in sorted(self.k.informes, key=lambda i: (i.year, i.quarter))
        ]
        return "Informes disponibles: " + (", ".join(names) if names else "ninguno") + "."

    def period(self) -> Period | None:
        """The dates, months, quarter or year the question names, if any."""
        u = self.u
        if u.dates:
            days = []
            for d in u.dates:
                year = d.year or self.month_year(d.month)
                try:
                    days.append(dt.date(year, d.month, d.day))
                except ValueError:
                    raise NotInData(f"La fecha {d.day} de {month_name(d.month)} no existe.") from None
            if len(days) == 1:
                return Period(days[0], days[0], f"el {short_date(days[0])}")
            return Period(min(days), max(days), f"del {short_date(min(days))} al {short_date(max(days))}")
        if u.months:
            spans = []
            for month, month_year in u.months:
                y = month_year or self.month_year(month)
                spans.append((dt.date(y, month, 1), _month_end(y, month)))
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            names = [f"{month_name(s.month)}" for s, _ in sorted(spans)]
            label = " y ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " y " + names[-1]
            return Period(start, end, f"{label} de {end.year}")
        if u.quarter is not None:
            return self.quarter_period(*u.quarter)[0]
        years = [y for y in u.years]
        if years:
            year = self.today.year if years[0] == -1 else self.today.year - 1 if years[0] == -2 else years[0]
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}")
        return None

    def coverage(self) -> str:
        """ "de octubre a diciembre de 2020": what the loaded informes cover."""
        if not self.k.informes:
            return "ningún periodo"
        first = min(self.k.informes, key=lambda i: (i.year, i.quarter))
        last = max(self.k.informes, key=lambda i: (i.year, i.quarter))
        a, b = first.period_start, last.period_end
        start = month_name(a.month) + ("" if a.year == b.year else f" de {a.year}")
        return f"de {start} a {month_name(b.month)} de {b.year}"

    def resolve_session(self, mention: SessionMention) -> list[CommissionSession]:
        k = self.k
        if mention.relative == "last":
            held = k.held_sessions(self.today)
            if not held:
                raise NotInData("No tengo registro de sesiones celebradas hasta hoy.")
            return [held[-1]]
        if mention.relative == "penultimate":
            held = k.held_sessions(self.today)
            if len(held) < 2:
                raise NotInData("No tengo registro de una penúltima sesión.")
            return [held[-2]]
        if mention.relative in ("next", "upcoming"):
            upcoming = k.upcoming_sessions(self.today)
            if not upcoming:
                raise NotInData(f"No hay sesiones programadas después del {short_date(self.today)}.")
            return upcoming[:1] if mention.relative == "next" else upcoming
        assert mention.number is not None
        candidates = [
            s
            for s in k.sessions
            if s.number == mention.number
            and (mention.kind is None or s.kind == mention.kind)
            and (mention.year is None or s.year == mention.year)
        ]
        if not candidates:
            what = f"{ordinal_feminine(mention.number)} sesión" + (f" {mention.kind}" if mention.kind else "")
            if mention.year:
                what += f" de {mention.year}"
            raise NotInData(f"No tengo registro de la {what} en los informes cargados (cubren {self.coverage()}).")
        held_years = sorted({s.year for s in candidates if s.date and s.date <= self.today})
        year = held_years[-1] if held_years else min(s.year for s in candidates)
        same_year = [s for s in candidates if s.year == year]
        if len(same_year) > 1:
            raise Clarify(
                f"¿A cuál {ordinal_feminine(mention.number)} sesión de {year} te refieres?",
                [f"{_verb_for(self.u)} la {session_name(s)} de {s.year}" for s in same_year],
            )
        return same_year

    def named_sessions(self) -> list[CommissionSession]:
        found: list[CommissionSession] = []
        for mention in self.u.sessions:
            for s in self.resolve_session(mention):
                if s not in found:
                    found.append(s)
        return found

    def scope_sessions(self) -> tuple[list[CommissionSession], str]:
        """Sessions the question is about: named ones, those in its period, or the latest quarter's."""
        named = self.named_sessions()
        if named:
            return named, ""
        if self.u.kinds and not self.u.count:
            # "la sesión urgente": the sessions of that kind (the latest quarter's first).
            of_kind = [s for s in self.k.held_sessions(self.today) if s.kind in self.u.kinds]
            latest = self.k.latest_informe(self.today)
            recent = [s for s in of_kind if latest and s.informe_id == latest.id]
            if recent or of_kind:
                kinds = " y ".join(sorted(self.u.kinds))
                return recent or of_kind[-1:], f"las sesiones {kinds}s"
        period = self.period()
        if period:
            return [s for s in self.k.sessions if period.contains(s.date)], period.label
        held = self.k.held_sessions(self.today)
        latest = self.k.latest_informe(self.today)
        if latest:
            quarter = [s for s in held if latest.period_start <= (s.date or latest.period_start) <= latest.period_end]
            if quarter:
                return quarter, f"el {_quarter_words(latest.quarter)} trimestre de {latest.year}"
        return held, ""

    def participant_matches(self) -> list[Participant]:
        best = EntityIndex.best(self.participants)
        people = [self.k.participants[m.key] for m in best if m.key in self.k.participants]
        # One person in two roles (the same name) is one answer, not an ambiguity.
        names = {fold(p.person or p.body) for p in people}
        if len(people) > 1 and len(names) > 1:
            raise Clarify("¿A quién te refieres?", [_with_name(self.u.raw, p) for p in people[:4]])
        return people

    # ------------------------------------------------------------------ intents
    def acuerdos(self) -> Reply:
        u, k = self.u, self.k
        if u.codes:
            return self.acuerdo_detail()
        named = self.named_sessions()
        if named:
            groups = [(s, k.acuerdos_of(s.id), k.mentions_of(s.id)) for s in named if s.id is not None]
            total = sum(len(a) + len(m) for _, a, m in groups)
            return self.reply(
                "acuerdos",
                "acuerdos_sesiones.j2",
                groups=groups,
                total=total,
                count=u.count,
                label="",
                yesno=u.yesno,
            )
        period = self.period()
        topic = self.topic_words("acuerdos")
        if u.has("observaci") and not period and not topic[1:]:
            with_observations = [a for a in k.acuerdos if a.observations]
            if with_observations:
                return self.reply(
                    "acuerdos", "acuerdos_observaciones.j2", items=with_observations, sessions=k.session_by_id
                )
        if topic and set(topic) <= INFORME_WORDS and u.has("informe"):
            return self.informe_info()  # "¿con qué acuerdo se aprobó el cuarto informe?"
        if topic:
            restrict: set[Hashable] | None = {a.code for a in k.acuerdos if period.contains(a.date)} if period else None
            hits = k.acuerdo_search.search(topic, restrict=restrict, limit=5)
            if hits:
                top = hits[0][1]
                chosen = [code for code, score, share in hits if share >= 0.5 and score >= top * 0.6]
                if chosen:
                    by_code = {a.code: a for a in k.acuerdos}
                    items = [by_code[c] for c in chosen if c in by_code]
                    mentioned = [m for m in k.mentions if m.code in chosen and m.code not in by_code]
                    return self.reply(
                        "acuerdos",
                        "acuerdos_tema.j2",
                        items=items,
                        mentions=mentioned,
                        topic=" ".join(topic),
                        sessions=k.session_by_id,
                    )
        if period:
            items = [a for a in k.acuerdos if period.contains(a.date)]
            mentions = [m for m in k.mentions if m.session_id and period.contains(m.date)]
            label = period.label
        else:
            sessions, label = self.scope_sessions()
            ids = {s.id for s in sessions}
            items = [a for a in k.acuerdos if a.session_id in ids]
            mentions = []
            if u.kinds and len(sessions) == 1:
                groups = _group_by_session(items, mentions, k)
                return self.reply(
                    "acuerdos",
                    "acuerdos_sesiones.j2",
                    groups=groups,
                    total=len(items),
                    count=u.count,
                    label="",
                    yesno=u.yesno,
                )
        groups = _group_by_session(items, mentions, k)
        if not items and not mentions:
            raise NotInData(f"No hay acuerdos registrados en {label}. Los informes cargados cubren {self.coverage()}.")
        return self.reply(
            "acuerdos",
            "acuerdos_sesiones.j2",
            groups=groups,
            total=len(items) + len(mentions),
            count=u.count,
            label=label,
            yesno=u.yesno,
        )

    def acuerdo_detail(self) -> Reply:
        k = self.k
        found: list[Acuerdo] = []
        mentions = []
        missing: list[str] = []
        for code in self.u.codes:
            prefix = (code.prefix or "CVOE").upper()
            listed = [
                a
                for a in k.acuerdos
                if a.number == code.number
                and a.prefix.startswith(prefix)
                and (code.year is None or a.year == full_year(code.year))
            ]
            mentioned = [
                m
                for m in k.mentions
                if _code_number(m.code) == code.number
                and m.code.startswith(prefix)
                and (code.year is None or _code_year(m.code) == full_year(code.year))
            ]
            if listed:
                found.append(max(listed, key=lambda a: (a.date is not None and a.date <= self.today, a.year)))
            elif mentioned:
                mentions.append(max(mentioned, key=lambda m: _code_year(m.code)))
            else:
                year = f"/{full_year(code.year) % 100:02d}" if code.year else ""
                missing.append(f"{prefix}/{code.number:03d}{year}")
        if not found and not mentions:
            codes = sorted(a.code for a in k.acuerdos)
            span = f" Los acuerdos registrados van del {codes[0]} al {codes[-1]}." if codes else ""
            raise NotInData(f"No encontré el acuerdo {', '.join(missing)} en los informes cargados.{span}")
        return self.reply(
            "acuerdos",
            "acuerdo_detalle.j2",
            items=found,
            mentions=mentions,
            missing=missing,
            sessions=k.session_by_id,
        )

    def sesiones(self) -> Reply:
        u, k = self.u, self.k
        named = self.named_sessions()
        if named:
            cards = [self.session_card(s) for s in named]
            asked_modality = next((m for m in ("virtual", "presencial", "hibrida") if m in u.words), None)
            return self.reply(
                "sesiones",
                "sesiones_detalle.j2",
                cards=cards,
                when=u.when,
                asked_modality=asked_modality if u.yesno else None,
            )
        period = self.period()
        if period:
            sessions = [s for s in k.sessions if period.contains(s.date)]
            label = period.label
        else:
            sessions, label = self.scope_sessions()
        if not sessions:
            raise NotInData(f"No hay sesiones registradas en {label}. Los informes cargados cubren {self.coverage()}.")
        if u.kinds:
            of_kind = [s for s in sessions if s.kind in u.kinds]
            if not of_kind:
                kinds = " ni ".join(sorted(f"{kind}s" for kind in u.kinds))
                others = ", ".join(session_name(s) for s in sessions)
                raise NotInData(f"No. En {label or 'los informes cargados'} no hubo sesiones {kinds}; hubo: {others}.")
            sessions = of_kind
        upcoming = [] if period else k.upcoming_sessions(self.today)[:1]
        return self.reply(
            "sesiones",
            "sesiones_lista.j2",
            sessions=sessions,
            label=label,
            count=u.count,
            upcoming=upcoming,
            yesno=u.yesno,
        )

    def session_card(self, s: CommissionSession) -> dict[str, object]:
        assert s.id is not None
        records = self.k.attendance_of(s.id)
        approved = [i for i in self.k.informes if i.approval_session_id == s.id]
        return dict(
            session=s,
            future=bool(s.date and s.date > self.today),
            acuerdos=self.k.acuerdos_of(s.id),
            mentions=self.k.mentions_of(s.id),
            recorded=bool(records),
            present=sum(r.present for r in records),
            absent=[r for r in records if not r.present],
            approved=approved,
        )

    def asistencia(self) -> Reply:
        u, k = self.u, self.k
        people = self.participant_matches()
        sessions, label = self.scope_sessions()
        sessions = [s for s in sessions if s.date is None or s.date <= self.today] or sessions
        if u.sessions and not sessions:
            raise NotInData("No hay registro de asistencia para esa sesión.")
        recorded = [s for s in sessions if s.id is not None and k.attendance_of(s.id)]
        unrecorded = [s for s in sessions if s not in recorded]
        if not recorded:
            names = ", ".join(f"la {session_name(s, with_year=True)}" for s in sessions) or label
            raise NotInData(
                f"No hay registro de asistencia para {names}: los informes solo registran la "
                "asistencia de las sesiones celebradas en el trimestre que reportan."
            )
        if not people and (u.yesno or u.has("asisti", "falto")) and not u.has("quien", "cuant"):
            unknown = [w for w in self.topic_words("asistencia") if w not in ("sesion", "sesiones")]
            if unknown:
                shown = " ".join(w.upper() if w in k.aliases and len(w) <= 6 else w for w in unknown)
                where = " y ".join(f"la {session_name(s)}" for s in recorded) if u.sessions else "las sesiones"
                raise NotInData(f"No encontré a «{shown}» en la lista de asistencia de {where}.")
        if people and u.who and not u.has("asist", "falt", "ausen", "vin", "acudi", "estuv", "present"):
            if all(p.group in ("consejeria", "secretaria_tecnica") for p in people):
                return self.integracion(only=people)  # "¿Quién es Cecilia Hernández?": her role and designation
            return self.reply("asistencia", "participantes.j2", people=people)
        if people:
            rows = []
            for p in people:
                cells = {r.session_id: r.present for r in p.records}
                rows.append(
                    dict(
                        p=p,
                        attended=[s for s in recorded if cells.get(s.id or -1) is True],
                        missed=[s for s in recorded if cells.get(s.id or -1) is False],
                        absent_from_table=[s for s in recorded if s.id not in cells],
                    )
                )
            absent_q = u.has("falt", "ausen", "inasist") or u.negated
            return self.reply(
                "asistencia",
                "asistencia_persona.j2",
                every=bool(re.search(r"\btodas\b", u.text)),
                rows=rows,
                yesno=u.yesno,
                absent_q=absent_q,
                named=bool(u.sessions),
                count=u.count,
                unrecorded=unrecorded,
            )
        group = next((GROUP_WORDS[w] for w in u.words if w in GROUP_WORDS), None)
        want_absent = u.has("falt", "ausen", "inasist") or u.negated
        if (
            group
            and not u.sessions
            and not u.has(
                "asist", "falt", "ausen", "inasist", "vin", "acudi", "estuv", "present", "mas", "menos", "cuant"
            )
        ):
            # "¿Qué partidos hay en la comisión?": who of that group takes part, from the attendance lists.
            members = [p for p in k.participants.values() if p.group == group]
            return self.reply("asistencia", "participantes.j2", people=members)
        want_present = not want_absent and u.has("asist", "vin", "acudi", "presentes", "estuv")
        all_sessions = bool(re.search(r"\btodas\b", u.text))
        if re.search(r"\b(?:mas|menos)\b", u.text) and len(recorded) > 1 and not u.sessions:
            # "¿Quién faltó más?": participants ranked by their absences (or attendance).
            ids = {s.id for s in recorded}
            pool = [p for p in k.participants.values() if group is None or p.group == group]
            absences = {p.key: sum(1 for r in p.records if r.session_id in ids and not r.present) for p in pool}
            fewest = "menos" in u.words
            # Most absences first for "faltó más" and "asistió menos"; fewest for the other two.
            ranked = sorted(pool, key=lambda p: absences[p.key], reverse=fewest ^ want_absent)
            top = absences[ranked[0].key] if ranked else 0
            leaders = [p for p in ranked if absences[p.key] == top]
            return self.reply(
                "asistencia",
                "asistencia_ranking.j2",
                leaders=leaders,
                absences=top,
                sessions=recorded,
                want_absent=want_absent,
            )
        table = []
        for s in recorded:
            assert s.id is not None
            records = [r for r in k.attendance_of(s.id) if group is None or r.group == group]
            table.append((s, [r for r in records if r.present], [r for r in records if not r.present]))
        if all_sessions and len(recorded) > 1:
            parts = [p for p in k.participants.values() if group is None or p.group == group]
            ids = {s.id for s in recorded}
            always = [
                p
                for p in parts
                if all(r.present for r in p.records if r.session_id in ids)
                and len([r for r in p.records if r.session_id in ids]) == len(ids)
            ]
            missed = [p for p in parts if p not in always]
            return self.reply(
                "asistencia",
                "asistencia_todas.j2",
                always=always,
                missed=missed,
                sessions=recorded,
                group=group,
                want_absent=want_absent,
                ids=ids,
            )
        return self.reply(
            "asistencia",
            "asistencia_sesiones.j2",
            table=table,
            want_absent=want_absent,
            want_present=want_present,
            count=u.count,
            group=group,
            label=label,
            unrecorded=unrecorded,
        )

    def integracion(self, only: list[Participant] | None = None) -> Reply:
        if self.u.has("iecm", "instituto") and not self.u.has("comision"):
            raise NotInData(
                "Los informes de la Comisión no dicen quién integra o preside el IECM. Puedo decirte "
                "quiénes integran la Comisión: pregunta «¿Quiénes integran la Comisión?»."
            )
        named = [
            self.k.participants[m.key] for m in EntityIndex.best(self.participants) if m.key in self.k.participants
        ]
        if named and all(p.group not in ("consejeria", "secretaria_tecnica") for p in named):
            # "¿Quién es el titular de la Secretaría Ejecutiva?": a body outside the commission's integration.
            return self.reply("asistencia", "participantes.j2", people=named)
        members = self.k.members_of_latest(self.today)
        if not members:
            raise NotInData("Los informes cargados no registran la integración de la Comisión.")
        order = {"presidencia": 0, "consejeria": 1, "secretaria_tecnica": 2}
        members = sorted(members, key=lambda m: order.get(m.role, 3))
        if only:
            names = {fold(p.person or "") for p in only}
            members = [m for m in members if fold(m.name) in names] or members
        asked = {
            role
            for role, cues in (
                ("presidencia", ("presid",)),
                ("secretaria_tecnica", ("secretari",)),
                ("consejeria", ("consejer",)),
            )
            if self.u.has(*cues)
        }
        if len(asked) == 1 and not self.u.has("integr", "conform", "miembro", "compon"):
            members = [m for m in members if m.role in asked] or members
        informe = self.k.latest_informe(self.today)
        return self.reply("integracion", "integracion.j2", members=members, informe=informe)

    def convenios(self) -> Reply:
        u, k = self.u, self.k
        latest = k.latest_informe(self.today)
        matches = EntityIndex.best(self.counterparts, tolerance=0.5)
        by_id = {c.id: c for c in k.convenios}
        if matches:
            items = [by_id[m.key] for m in matches if m.key in by_id]
            return self.reply(
                "convenios",
                "convenios_contraparte.j2",
                items=items,
                k=k,
                sessions=k.session_by_id,
                informes={i.id: i for i in k.informes},
            )
        asked = re.search(r"\bcon (?:el |la |los |las )?(.+)$", u.text)
        who = (
            [
                w
                for w in tokens(asked.group(1))
                if w not in STOPWORDS and w not in GENERIC_WORDS and not w.startswith(tuple(CUES["convenios"]))
            ]
            if asked
            else []
        )
        if who and not u.sessions and not u.months and not u.dates:
            raise NotInData(f"No encontré convenios con «{' '.join(who)}» en los informes cargados.")
        if u.has("vigent", "instrumento") or (u.count and u.has("total")):
            informe = latest
            if informe is None or informe.convenios_vigentes is None:
                raise NotInData("Los informes cargados no indican cuántos convenios están vigentes.")
            return self.reply(
                "convenios",
                "convenios_totales.j2",
                informe=informe,
                signed=[c for c in k.convenios if c.informe_id == informe.id and c.status == "suscrito"],
                followed=[c for c in k.convenios if c.informe_id == informe.id and c.status == "seguimiento"],
            )
        named = self.named_sessions()
        period = self.period()
        if period and not named and u.has("seguimiento", "avance", "report", "inform"):
            named = [s for s in k.sessions if period.contains(s.date)]
        if named or u.has("seguimiento", "avance", "report", "inform"):
            ids = {s.id for s in named}
            pool = [c for c in k.convenios if c.status == "seguimiento"]
            if named:
                pool = [c for c in pool if ids & set(k.convenio_sessions.get(c.id or 0, []))]
            elif latest:
                pool = [c for c in pool if c.informe_id == latest.id]
            if not pool:
                what = " y ".join(session_name(s) for s in named) if named else "el periodo"
                raise NotInData(f"No se reportaron avances de convenios en {what}.")
            return self.reply(
                "convenios",
                "convenios_seguimiento.j2",
                items=pool,
                named=named,
                count=u.count,
                k=k,
                sessions=k.session_by_id,
            )
        signed = [c for c in k.convenios if c.status == "suscrito"]
        if period:
            signed = [c for c in signed if period.contains(c.signed_on)]
            if not signed:
                raise NotInData(f"No se firmó ningún convenio en {period.label}.")
            label = period.label
        else:
            label = f"el {_quarter_words(latest.quarter)} trimestre de {latest.year}" if latest else ""
            signed = [c for c in signed if latest is None or c.informe_id == latest.id]
        followed = (
            []
            if period
            else [c for c in k.convenios if c.status == "seguimiento" and (latest is None or c.informe_id == latest.id)]
        )
        type_words: list[str] = [
            w
            for w in ("especifico", "especificos", "general", "generales", "colaboracion", "apoyo", "anexo")
            if w in u.words
        ]
        type_words = [w.removesuffix("es").removesuffix("os") + ("o" if w.endswith("os") else "") for w in type_words]
        if type_words:
            signed = [c for c in signed if all(w in fold(c.instrument_type) for w in type_words)]
            followed = [c for c in followed if all(w in fold(c.instrument_type) for w in type_words)]
        return self.reply(
            "convenios",
            "convenios_lista.j2",
            signed=signed,
            followed=followed,
            label=label,
            count=u.count,
            informe=latest,
            yesno=u.yesno,
            type_label=" ".join(type_words),
        )

    def actividades(self) -> Reply:
        u, k = self.u, self.k
        kinds: set[str] = set()
        for cue, names in ACTIVITY_KIND_CUES:
            if u.has(cue):
                kinds.update(names)
        if u.has("sesion") and any(a.kind == ActivityKind.SESION for a in k.activities):
            # In a question about activities, sessions are other bodies' sessions that were followed.
            kinds.add(ActivityKind.SESION)
        period = self.period()
        pool = [
            a
            for a in k.activities
            if (not kinds or a.kind in kinds)
            and (period is None or period.contains(a.date) or period.contains(a.end_date))
        ]
        # Words that only restate the kinds asked for ("correos a la Red de Observación") do not narrow them.
        label_stems = [_kind_stems(kind) for kind in kinds]
        topic = [
            w
            for w in self.topic_words(cues=ACTIVITY_WORDS)
            if not (label_stems and all(stem(w) in stems for stems in label_stems))
        ]
        if u.who and not kinds:
            return self.texto()
        counted = re.search(r"\bcuant[oa]s\s+(\w+)", u.text)
        counted_word = counted.group(1) if counted else ""
        restates_kind = counted_word.startswith(ACTIVITY_WORDS) or any(stem(counted_word) in s for s in label_stems)
        # No table lists that kind ("noticias"): the prose may still state how many there were.
        listed = kinds and not any(a.kind in kinds for a in k.activities)
        if u.count and (not kinds or listed or (counted_word and not restates_kind)):
            figure = self.figure()
            if figure:
                return figure
        if topic:
            restrict = {a.id for a in pool}
            # Once the kind narrows the scope, words no activity has ("siguieron") are not topics.
            found = k.activity_search.search(topic, restrict=set(restrict), limit=60, ignore_unknown=bool(kinds))
            hits = [h for h in found if h[2] >= 0.5]
            passage = k.passage_search.search(topic, limit=1)
            best_share = max((share for _, _, share in hits), default=0.0)
            if passage and passage[0][2] > best_share + 0.2 and not kinds:
                return self.texto()
            if hits:
                top = hits[0][1]
                keep = [key for key, score, share in hits if share >= best_share - 0.01 and score >= top * 0.5]
                by_id = {a.id: a for a in k.activities}
                pool = [by_id[key] for key in keep]  # type: ignore[index]
                if u.when or (u.count and u.has("persona", "particip", "asist", "integrantes")):
                    # "¿cuándo fue…?": the event itself, not the invitations sent about it.
                    events = [a for a in pool if not re.match(r"(?i)invitaci|env[ií]o", a.title)]
                    pool = events[:1] if events else pool[:1]
            elif u.count:
                return self.figure() or self.texto()
            elif not kinds:
                return self.texto()
        if not pool and topic and k.passage_search.search(topic, limit=1):
            return self.texto()
        if not pool:
            what = " ".join(topic) if topic else "esas actividades"
            raise NotInData(
                f"No encontré {what}" + (f" en {period.label}" if period else "") + " en los informes cargados."
            )
        pool = sorted(pool, key=lambda a: (a.date or dt.date.min, a.position))
        stated = None
        if u.count and not u.has("persona", "particip", "asist") and kinds and period is None:
            stated = self.stated_figure(kinds, pool)  # the prose's totals are for the whole quarter
        people = u.count and u.has("persona", "particip", "asist", "integrantes")
        kinds_in = {a.kind for a in pool}
        only = ActivityKind.parse(next(iter(kinds_in))) if len(kinds_in) == 1 else None
        noun = (only.label, only.plural) if only else None
        return self.reply(
            "actividades",
            "actividades.j2",
            items=pool[:25],
            total=len(pool),
            count=u.count,
            people=people,
            stated=stated,
            when=u.when,
            label=period.label if period else "",
            noun=noun,
        )

    def figure(self) -> Reply | None:
        """A counting question answered by a figure the informe's prose states ("55 noticias")."""
        words = {stem(w) for w in self.u.content_words() if w not in STOPWORDS and w not in GENERIC_WORDS}
        candidates = [f for f in self.k.figures if stem(f.noun) in words]
        if not candidates:
            return None

        def overlap(f: object) -> int:
            return len(words & {stem(t) for t in tokens(f.sentence)})  # type: ignore[attr-defined]

        best = max(candidates, key=overlap)
        return self.reply("actividades", "cifra.j2", figure=best)

    def stated_figure(self, kinds: set[str], pool: list[Activity]) -> int | None:
        """The total the informe's prose gives for these activities, when it gives one."""
        sections = {a.section for a in pool}
        label_stems = set().union(*(_kind_stems(kind) for kind in kinds))
        for figure in self.k.figures:
            if figure.section in sections and stem(figure.noun) in label_stems:
                return figure.value
        return None

    def informe_info(self) -> Reply:
        """The informe itself: its period and the session and acuerdo that approved it."""
        quarter, year = self.u.quarter or (None, None)
        named = re.search(r"\b(primer|primero|segundo|tercer|tercero|cuarto)\s+informe", self.u.text)
        if named:
            quarter = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4}[named.group(1)]
        pool = [
            i for i in self.k.informes if (quarter is None or i.quarter == quarter) and (year is None or i.year == year)
        ]
        informe = max(pool, key=lambda i: (i.year, i.quarter), default=None)
        if informe is None:
            # An informe not loaded may still be known by the acuerdo that approved it ("tercer informe").
            phrase = fold(named.group(0)) if named else None
            items = [a for a in self.k.acuerdos if phrase and phrase in fold(a.text)]
            mentions = [m for m in self.k.mentions if phrase and phrase in fold(m.context)]
            if items or mentions:
                return self.reply(
                    "acuerdos",
                    "acuerdos_tema.j2",
                    items=items,
                    mentions=mentions[:1],
                    topic=named.group(0) if named else "informe",
                    sessions=self.k.session_by_id,
                )
            raise NotInData(f"No tengo ese informe. {self.available_quarters()}")
        approval = self.k.session_by_id.get(informe.approval_session_id) if informe.approval_session_id else None
        return self.reply(
            "summary",
            "informe.j2",
            informe=informe,
            approval=approval,
            future=bool(approval and approval.date and approval.date > self.today),
        )

    def summary(self) -> Reply:
        if self.u.has("periodo", "cubre", "abarca", "comprende", "aprob"):
            return self.informe_info()
        quarter, year = self.resolve_quarter(*(self.u.quarter or (None, None)))
        pool = [i for i in self.k.informes if i.period_start <= self.today] or self.k.informes
        informe = max(
            (i for i in pool if (quarter is None or i.quarter == quarter) and (year is None or i.year == year)),
            key=lambda i: (i.year, i.quarter),
            default=None,
        )
        if informe is None:
            others = sorted(self.k.informes, key=lambda i: (i.year, i.quarter))
            which = f"del {_quarter_words(quarter)} trimestre" if quarter else "de ese trimestre"
            raise NotInData(
                f"No tengo el informe {which}{' de ' + str(year) if year else ''}. {self.available_quarters()}",
                [f"resumen del {_quarter_words(i.quarter)} trimestre de {i.year}" for i in others[-4:]],
            )
        reply = self.reply("summary", "resumen.j2", s=build_summary(self.k, informe))
        reply.quarter = (informe.year, informe.quarter)
        return reply

    def texto(self) -> Reply:
        """A passage of the informe that answers a question no table does, quoted with its section."""
        words = self.topic_words(cues=())
        if not words:
            return self.unknown()
        # The database's own full-text search finds the candidates ...
        candidates: set[Hashable] = set(self.k.find_passages(words))
        if not candidates:
            return self.unknown()
        # ... and one is quoted only if it covers the question: all of a short one ("horario de atención"
        # is not any "horario"), most of a longer one.
        hits = self.k.passage_search.search(words, restrict=candidates, limit=3)
        needed = 0.999 if len(self.k.passage_search.query_terms(words)) <= 2 else 0.6
        by_id = {p.id: p for p in self.k.passages}
        good = [
            (key, score, share)
            for key, score, share in hits
            # One word at least as written: a stem alone ("queda" ~ "quedando") is too loose a match.
            if share >= needed and set(words) & set(tokens(by_id[key].section + " " + by_id[key].text))  # type: ignore[index]
        ]
        if not good:
            return self.unknown()
        passages = [by_id[key] for key, _, _ in good[:2]]  # type: ignore[index]
        return self.reply("texto", "texto.j2", passages=passages)

    def help(self) -> Reply:
        return self.reply("help", "ayuda.j2", choices=EXAMPLE_QUESTIONS[:3])

    def greeting(self) -> Reply:
        thanks = self.u.has("gracias")
        return self.reply("greeting", "saludo.j2", thanks=thanks, choices=EXAMPLE_QUESTIONS[:3])

    def unknown(self) -> Reply:
        return self.reply("unknown", "desconocido.j2", choices=EXAMPLE_QUESTIONS[:3])


EXAMPLE_QUESTIONS = [
    "¿Qué acuerdos se aprobaron en noviembre?",
    "¿Quién faltó a la décima segunda sesión?",
    "¿Qué convenios se firmaron?",
    "¿Cuándo es la próxima sesión?",
    "Resumen del trimestre",
]


def _verb_for(u: Understanding) -> str:
    if u.has("acuerd", "aprob"):
        return "acuerdos de"
    if u.has("falt", "ausen"):
        return "¿quién faltó a" if not u.sessions else "¿faltó"
    if u.has("asist"):
        return "asistencia de"
    return "información de"


def _with_name(question: str, participant: Participant) -> str:
    """The question again, with the ambiguous name replaced by the participant's full name."""
    name = participant.person or participant.body
    name_words = set(tokens(name))
    parts = re.split(r"(\W+)", question)
    out: list[str] = []
    replaced = False
    for part in parts:
        if fold(part) in name_words and part.strip():
            if not replaced:
                out.append(name)
                replaced = True
            continue
        out.append(part)
    text = "".join(out) if replaced else f"{question.rstrip(' ?¿')} {name}"
    return re.sub(r"\s+", " ", text).strip()


def _group_by_session(items: list[Acuerdo], mentions: list, k: Knowledge) -> list[tuple]:
    groups: dict[int | None, tuple] = {}
    for a in items:
        groups.setdefault(a.session_id, (k.session_by_id.get(a.session_id or -1), [], []))[1].append(a)
    for m in mentions:
        groups.setdefault(m.session_id, (k.session_by_id.get(m.session_id or -1), [], []))[2].append(m)
    return sorted(groups.values(), key=lambda g: g[0].date if g[0] and g[0].date else dt.date.max)


def _code_number(code: str) -> int:
    numbers = re.findall(r"\d+", code)
    return int(numbers[-2]) if len(numbers) >= 2 else -1


def _code_year(code: str) -> int:
    numbers = re.findall(r"\d+", code)
    return full_year(int(numbers[-1])) if numbers else 0


def _quarter_words(quarter: int) -> str:
    return ("primer", "segundo", "tercer", "cuarto")[quarter - 1]


def _kind_stems(kind: str) -> set[str]:
    """Stems of the words that name a kind of activity (its label, plural and synonyms)."""
    member = ActivityKind.parse(kind)
    if member is None:
        return {stem(w) for w in tokens(kind)}
    return {stem(w) for w in tokens(" ".join((member.label, member.plural, *member.synonyms)))}
