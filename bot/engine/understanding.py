"""Read a Spanish question by general rules, before looking anything up: no informe is needed here.

Finds time (see :mod:`when`), sessions ("décima segunda", "10a", "doceava", "sesión once", "la 12", "la
última", "esa sesión"), acuerdo codes ("CVOE/045/20", "acuerdo 46", "el cuarenta y siete"), the kind of
question (counting, yes/no, when, weekday, who, which, what, ranking, comparison), conditions (absences,
"todas", modality, session kinds) and the marks of a follow-up ("¿y…?", "esa", "¿cuántos son?"). Names of
people and institutions and topics are matched later, against the store (see :mod:`framing`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.codes import CodeMention, article_numbers, codes_in
from bot.engine.frame import Rank, Relative
from bot.engine.lexicon import (
    ABBREVIATIONS,
    STOPWORDS,
    WH_WORDS,
    activity_kinds_of,
    correct,
    modality_of,
    session_kind_of,
    words,
)
from bot.engine.when import DayMention, MonthMention, QuarterMention, RangeMention, RelativeMention, find_time
from lang.names import find_session_refs
from lang.spanish import ORDINAL_WORDS, fold, parse_cardinal_at, parse_ordinal_at, tokens
from lang.vocabulary import Modality, SessionKind

_TOKEN_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SessionMention:
    """A session named in a question: a number (with kind and year when said) or a place in time."""

    number: int | None = None
    kind: SessionKind | None = None
    year: int | None = None
    relative: Relative | None = None
    offset: int = 0  # "la anterior a la última": one before
    of: str | None = None  # the noun it completes: "la minuta de la décima" → "minuta"


@dataclass
class Parsed:
    """What a question says, before looking anything up."""

    raw: str
    words: list[str]
    norm: str = ""
    days: list[DayMention] = field(default_factory=list)
    months: list[MonthMention] = field(default_factory=list)
    ranges: list[RangeMention] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    quarters: list[QuarterMention] = field(default_factory=list)
    weekdays: list[int] = field(default_factory=list)
    relative_periods: list[RelativeMention] = field(default_factory=list)  # "el mes pasado", "ayer"
    weeks: list[DayMention] = field(default_factory=list)  # "la semana del 23 de noviembre"
    all_time: bool = False
    sessions: list[SessionMention] = field(default_factory=list)
    session_kinds: set[SessionKind] = field(default_factory=set)
    codes: list[CodeMention] = field(default_factory=list)
    article_numbers: list[int] = field(default_factory=list)  # "el 47": an acuerdo when acuerdos are asked
    modality: Modality | None = None
    entity_words: set[str] = field(default_factory=set)
    count: bool = False
    yesno: bool = False
    when: bool = False
    weekday_question: bool = False
    who: bool = False
    which: bool = False
    what: bool = False
    rank: Rank | None = None
    compare: bool = False
    every: bool = False
    any: bool = False
    absent: bool = False
    why: bool = False  # "¿por qué faltó…?": a reason, which only the informes' prose may give
    where: bool = False  # "¿dónde fue…?"
    which_modality: bool = False  # "¿fue presencial o virtual?"
    tenure: bool = False  # "¿desde cuándo es secretaria técnica?", "¿sigue en la comisión?"
    change: bool = False  # who joined or left: "¿quién se incorporó a la comisión?", "¿qué consejero la dejó?"
    attend: bool = False  # "¿qué partidos fueron a las sesiones?": going to a session is attending it
    negated: bool = False
    alternatives: bool = False
    follow_y: bool = False
    future: bool = False  # "¿qué se aprobará…?": asks about what has not happened yet
    anaphora: str | None = None  # "sesion", "acuerdo", "convenio", "dia", "mes" or "" (what the last answer listed)
    others: bool = False  # "¿qué otros acuerdos…?": not those of the last answer
    relative_item: tuple[Relative, str] | None = None  # "el último acuerdo"
    month_days: list[int] = field(default_factory=list)  # "el día 26": that day of any month
    loaded_quarters: bool = False  # "entre los dos trimestres": the informes' periods
    counted: str | None = None  # the noun after "cuántos"

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def has(self, *prefixes: str) -> bool:
        """Whether any word starts with one of ``prefixes``."""
        return any(w.startswith(prefixes) for w in self.words)

    def content_words(self) -> list[str]:
        """Words that are not entities or question words."""
        return [w for w in self.words if w not in self.entity_words and w not in WH_WORDS]

    @property
    def has_time(self) -> bool:
        return bool(self.days or self.months or self.ranges or self.years or self.quarters or self.sessions) or bool(
            self.relative_periods or self.weeks
        )


_RELATIVE = {
    "ultima": Relative.LAST,
    "ultimo": Relative.LAST,
    "ultimas": Relative.LAST,
    "reciente": Relative.LAST,
    "pasada": Relative.LAST,
    "penultima": Relative.PENULTIMATE,
    "penultimo": Relative.PENULTIMATE,
    "antepenultima": Relative.LAST,  # two before the last (see _OFFSETS)
    "antepenultimo": Relative.LAST,
    "proxima": Relative.NEXT,
    "proximo": Relative.NEXT,
    "venidera": Relative.NEXT,
    "siguiente": Relative.FOLLOWING,
    "anterior": Relative.PREVIOUS,
    "previa": Relative.PREVIOUS,
    "proximas": Relative.UPCOMING,
    "proximos": Relative.UPCOMING,
    "siguientes": Relative.UPCOMING,
}
_OFFSETS = {"antepenultima": -2, "antepenultimo": -2}
# Nouns after an ordinal or a relative word that are not the commission's sessions ("la primera reunión").
_OTHER_NOUNS = words(
    """
    reunion reuniones parte partes trimestre trimestral informe informes nota notas vez curso taller platica
    etapa fase semana mitad entrega edicion ronda jornada acuerdo acuerdos convenio convenios correo correos
    mes ano
    """
)
_YESNO_VERBS = words(
    """
    hubo hay habia existe existen asistio asistieron falto faltaron fue fueron es son era estuvo estuvieron
    vino vinieron acudio acudieron participo participaron firmo firmaron suscribio suscribieron aprobo
    aprobaron tuvo tiene tienen tenemos se celebro celebraron hizo hicieron esta estan forma preside
    presidio integra sigue siguen continua continuan permanece habra seran sera tendra tendran tuvieron
    ratifico ratificaron designo designaron reporto reportaron envio enviaron realizo realizaron dieron dio
    impartio impartieron recibio recibieron organizo organizaron
    """
)
# Future forms of the verbs questions use ("aprobará", "habrá", "firmarán"), folded.
_FUTURE = words(
    """
    aprobara aprobaran acordara acordaran firmara firmaran suscribira suscribiran celebrara celebraran
    sesionara sesionaran habra sera seran tendra tendran asistira asistiran faltara faltaran realizara
    realizaran hara haran presentara presentaran votara votaran reunira reuniran
    """
)
_ABSENCE_RE = re.compile(
    r"\b(?:falt\w*|ausen\w*|inasist\w*)\b|\bno\s+(?:se\s+)?(?:asisti\w*|vin\w*|estuv\w*|acudi\w*|fue\b|fueron\b|"
    r"se present\w*|particip\w*|se conect\w*)"
)
_TENURE_RE = re.compile(
    r"\b(?:desde|hasta) (?:cuando|que fecha)\b|\bhace cuanto\b|\b(?:sigue|siguen|continua|continuan|permanece)\b"
    r"|\b(?:todavia|aun) (?:es|esta|son|estan|forma|integra)\b|\bya no (?:es|esta|forma|integra)\b"
)
_CHANGE_RE = re.compile(
    r"\b(?:se )?(?:incorpor\w*|reincorpor\w*|ingres(?:o|aron|a)|sum(?:o|aron)|integr(?:o|aron)|"
    r"sustitu\w*|reemplaz\w*|relev\w*|suplio|suplieron)\b|\ben (?:lugar|sustitucion|reemplazo) de\b"
    r"|\b(?:dej(?:o|aron)|sali(?:o|eron)|se fue|se fueron|entr(?:o|aron)|lleg(?:o|aron)|renunci\w*)\b"
    # "¿cuándo salió Bernardo Valle de la comisión?": the one who left may stand between
    r"(?=(?: [a-z]+){0,4} (?:a |de )?(?:la|el) (?:comision|cargo|puesto|consejeria|secretaria))"
    r"|\bcambi\w* (?:en|de) (?:la )?(?:integracion|conformacion)\b|\bnuev[oa]s? (?:integrante|consejer)\w*"
)
# "¿por qué plataforma…?" asks through which medium, not why
_WHY_RE = re.compile(
    r"^(?:y )?(?:por que|porque|xq|x que)\b(?!\s+(?:plataforma|medio|via|canal|aplicacion|app|sistema|conducto|"
    r"liga|enlace|correo|red|pagina)s?\b)|\bpor que (?:motivo|razon)\b|\b(?:motivo|razon|causa)\b"
)
_ATTEND_RE = re.compile(
    r"\b(?:fue|fueron|iba|iban|llego|llegaron|se presento|se presentaron|se conecto|se conectaron)\s+a\s+"
    r"(?:la|las|todas|alguna|ninguna|esa|esas|cada)\b"
    r"|\ba\s+(?:cuantas|que|cuales)\s+(?:sesiones\s+)?(?:fue|fueron|iba|iban|llego|llegaron|vino|vinieron)\b"
)


def normalise(question: str, known_words: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    """Folded text with each word corrected (punctuation kept), and the corrected words."""
    folded = fold(question)
    fixed = _TOKEN_RE.sub(
        lambda m: m.group(0) if m.group(0) in known_words and m.group(0) not in ABBREVIATIONS else correct(m.group(0)),
        folded,
    )
    fixed = _YEAR_IN_WORDS_RE.sub(_year_in_digits, fixed)
    # "el primer semestre del 22", "marzo del 21": a year in two digits after a period's name
    fixed = _SHORT_YEAR_RE.sub(lambda m: f"{m.group(1)} 20{m.group(2)}", fixed)
    # "cuantas ord hubo": the plural the count asks for
    fixed = _KIND_COUNTED_RE.sub(r"\1 \2s", fixed)
    return fixed, _TOKEN_RE.findall(fixed)


_KIND_COUNTED_RE = re.compile(r"\b(cuantas|las|unas|varias|todas|cuales)\s+(ordinaria|extraordinaria)\b")
_SHORT_YEAR_RE = re.compile(
    r"\b((?:semestre|trimestre|ano|mes|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|"
    r"octubre|noviembre|diciembre)\s+(?:de|del))\s+([12]\d)\b(?!\s*(?:de\b|/))"
)


_YEAR_IN_WORDS_RE = re.compile(r"\bdos mil\s+([a-z]+(?:\s+y\s+[a-z]+)?)\b")


def _year_in_digits(m: re.Match[str]) -> str:
    """ "dos mil veintiuno" → "2021" (the rest of the words as they were when no number follows)."""
    words = m.group(1).split()
    parsed = parse_cardinal_at(words, 0)
    if parsed is None or not 0 < parsed[0] < 100:
        return m.group(0)
    rest = " ".join(words[parsed[1] :])
    return f"{2000 + parsed[0]}{' ' + rest if rest else ''}"


def understand(question: str, *, known_words: frozenset[str] = frozenset()) -> Parsed:
    """Everything ``question`` says by itself."""
    norm, words = normalise(question, known_words)
    p = Parsed(raw=question, words=words, norm=norm)
    text = " ".join(words)
    p.codes, code_words = codes_in(norm)
    p.entity_words.update(code_words)
    time = find_time(norm, words)
    p.days, p.months, p.ranges, p.years = time.days, time.months, time.ranges, time.years
    p.quarters, p.weekdays, p.all_time = time.quarters, time.weekdays, time.all_time
    p.loaded_quarters = time.loaded_quarters
    p.relative_periods, p.weeks, p.month_days = time.relative, time.weeks, time.month_days
    p.entity_words.update(time.words)
    if not p.codes:
        p.article_numbers, number_words = article_numbers(words, time.words)
        p.entity_words.update(number_words)
    _sessions(p, question, words, text, time.words)
    _forms(p, question, words, text)
    return p


def _governing_noun(words: list[str], start: int) -> str | None:
    """The noun a session name completes ("la minuta de la décima sesión" → "minuta"), if any."""
    i = start - 1
    if i >= 0 and words[i] == "la":
        i -= 1
    if i < 1 or words[i] not in ("de", "del"):
        return None
    noun = words[i - 1]
    return noun if noun.isalpha() and len(noun) > 3 and noun not in WH_WORDS else None


def _sessions(p: Parsed, question: str, words: list[str], text: str, time_words: set[str]) -> None:
    raw_words = tokens(question)
    # Session names as written, else as corrected ("la decimo segunda ses" is "… sesion")
    for ref in find_session_refs(question) or find_session_refs(p.norm):
        if re.search(rf"\bsesion(?:es)?\s+(?:\w+\s+)?(?:numero\s+|no\s+)?{ref.number}\s*/", p.norm):
            continue  # "sesión 22/12" is a day
        kind = SessionKind.parse(ref.kind)
        # the reference's word indexes are the raw question's; its corrected words when they line up
        of = _governing_noun(words if len(words) == len(raw_words) else raw_words, ref.start)
        p.sessions.append(SessionMention(ref.number, kind, ref.year, of=of))
    for i, w in enumerate(words):
        kind = session_kind_of(w)
        if kind is not None and len(w) > 5:
            p.session_kinds.add(kind)
        if w in time_words:
            continue
        parsed = parse_ordinal_at(words, i) if (w in ORDINAL_WORDS or re.fullmatch(r"\d{1,2}[a-z]{1,2}", w)) else None
        if parsed:
            nxt = words[i + parsed[1]] if i + parsed[1] < len(words) else ""
            if nxt in ("trimestre", "trimestral", "informe", "trimestres"):
                continue
            if nxt.startswith("sesion"):
                p.entity_words.update(words[i : i + parsed[1]])
                continue  # found above
            if i > 0 and _second_ordinal_word(words, i):
                continue  # "primera" of "decima primera", read with its first word
            # A bare ordinal names a session unless another noun follows ("la primera reunión").
            if nxt in _OTHER_NOUNS or activity_kinds_of(nxt):
                continue
            mention = SessionMention(
                parsed[0], session_kind_of(nxt) if nxt else None, None, of=_governing_noun(words, i)
            )
            if all(m.number != mention.number for m in p.sessions):
                p.sessions.append(mention)
            p.entity_words.update(words[i : i + parsed[1]])
            continue
        # "sesión diez", "sesión número 11", "la 12", "a la doce": a number names a session.
        after_session = i > 0 and (words[i - 1].startswith("sesion") or words[i - 1] in ("numero", "no", "num"))
        after_article = i > 0 and words[i - 1] == "la"
        if (after_session or after_article) and not p.codes:
            number = parse_cardinal_at(words, i)
            if number is None or not 0 < number[0] <= 60 or (w.isdigit() and len(w) > 2):
                continue
            nxt = words[i + number[1]] if i + number[1] < len(words) else ""
            if nxt in ("de", "del") and i + number[1] + 1 < len(words) and words[i + number[1] + 1] in time_words:
                continue  # "la 26 de noviembre"
            other_noun = nxt and session_kind_of(nxt) is None and nxt not in ("sesion", "de", "del", *STOPWORDS)
            if after_article and not after_session and other_noun and nxt not in WH_WORDS:
                continue  # "la 3 reunión"
            if any(s.number == number[0] for s in p.sessions):
                continue
            p.sessions.append(SessionMention(number[0], session_kind_of(nxt) if nxt else None, None))
            p.entity_words.update(words[i : i + number[1]])
    shifts: list[Relative] = []
    for i, w in enumerate(words):
        relative = _RELATIVE.get(w)
        if relative is None or w in time_words:  # "la semana pasada" is a period, not a session
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        prev = words[i - 1] if i > 0 else ""
        if prev.startswith("trimestre") or nxt.startswith("trimestre") or prev == "ano":
            continue
        if nxt in _OTHER_NOUNS or nxt.startswith(("acuerdo", "convenio", "platica", "curso", "reunion", "correo")):
            if p.relative_item is None and relative in (Relative.LAST, Relative.PENULTIMATE, Relative.NEXT):
                p.relative_item = (relative, nxt)
            continue
        near = words[max(0, i - 2) : i + 3]
        session_near = any(x.startswith("sesion") for x in near)
        at_end = nxt == "" or nxt in WH_WORDS or nxt in ("y", "o", "e") or session_kind_of(nxt) is not None
        if relative == Relative.UPCOMING and not session_near:
            continue
        if prev in ("el", "al", "del") and not session_near and p.relative_item is None:
            p.relative_item = (relative, "el")  # "¿y el siguiente?": the next of what the last answer listed
            p.entity_words.add(w)
            continue
        if relative in (Relative.PREVIOUS, Relative.FOLLOWING) and nxt in ("a", "de") and i + 2 < len(words):
            # "la anterior a la última", "la siguiente a la décima": one before or after another session
            p.entity_words.add(w)
            shifts.append(relative)
            continue
        if session_near or at_end or prev in ("la", "a", "en"):
            p.sessions.append(SessionMention(relative=relative, offset=_OFFSETS.get(w, 0)))
            p.entity_words.add(w)
    if shifts and len(p.sessions) == 1:
        only, offset = p.sessions[0], sum(-1 if r == Relative.PREVIOUS else 1 for r in shifts)
        p.sessions[0] = SessionMention(only.number, only.kind, only.year, only.relative, offset=offset)
    elif shifts and not p.sessions:
        p.sessions.extend(SessionMention(relative=r) for r in shifts)


def _forms(p: Parsed, question: str, words: list[str], text: str) -> None:
    p.count = bool(
        re.search(r"\bcuant[oa]s\b|\bcuanta gente\b|\bnumero de\b|\bcantidad de\b|\btotal de\b|\bcuantos son\b", text)
    )
    counted = re.search(r"\bcuant[oa]s\s+(?:de\s+)?(?:los\s+|las\s+)?([a-z]+)", text)
    p.counted = counted.group(1) if counted else None
    p.weekday_question = bool(re.search(r"\bdia de la semana\b|\bque dia (?:de la semana )?cay[oa]\b", text))
    p.when = not p.weekday_question and bool(
        re.search(
            r"\bcuando\b|\bque fecha\b|\ben que fecha\b|\bque dia\b|\ben que dia\b|\bfecha de\b|\bque hora\b", text
        )
    )
    p.who = bool(re.search(r"\bquien(?:es)?\b", text))
    p.which = bool(re.search(r"\bcual(?:es)?\b|\b(?:en|a|de|para) que (?!es\b|son\b|se\b)\w+", text))
    p.what = bool(re.search(r"\b(?:de )?que (?:tipo|clase)\b", text)) or bool(
        re.search(
            r"\bque (?:es|son|significa|quiere decir|dice|dicen|paso|trata|tratan)\b|\bde que trat|\bsignifica\b", text
        )
    )
    if re.search(r"\b(?:mas|mayor|mayoria|mejor)\b", text) and re.search(
        r"\b(?:que|quien|quienes|cual|cuales)\b", text
    ):
        p.rank = Rank.MOST
    elif re.search(r"\b(?:menos|menor|peor)\b", text) and re.search(r"\b(?:que|quien|quienes|cual|cuales)\b", text):
        p.rank = Rank.LEAST
    p.compare = bool(
        re.search(
            r"\bfrente a|\bcomparad[oa]s? (?:con|a)\b|\bcompara(?:r|me|los|las)?\b|\bcomparacion\b|\bvs\b|\bversus\b"
            r"|\bcontra el\b",
            text,
        )
    )
    if len(p.quarters) >= 2 and not p.rank:
        p.compare = True
    if re.search(r"\b(?:cada|por) (?:trimestre|mes|ano)\b|\btrimestre (?:por|a) trimestre\b", text):
        p.compare = True  # "¿cuántos correos en cada trimestre?": one figure per quarter
    if p.rank and re.search(r"\bque (?:en|el|la)\b", text) and len(p.quarters) + len(p.months) >= 2:
        p.compare = True  # "¿hubo más acuerdos en el cuarto trimestre que en el primero?"
    p.every = bool(re.search(r"\btodas\b|\btodos\b|\bcada una\b|\bninguna\b", text)) or bool(
        re.search(r"\blas (?:\d|dos|tres|cuatro|cinco|seis) sesiones\b", text)  # "las 3 sesiones": every one
    )
    p.any = bool(re.search(r"\balgun[oa]?s?\b|\balguien\b|\bninguno?a?\b", text))
    p.absent = bool(_ABSENCE_RE.search(text))
    p.tenure = bool(_TENURE_RE.search(text))
    p.change = bool(_CHANGE_RE.search(text))
    p.why = bool(_WHY_RE.search(text))
    p.where = bool(re.search(r"\bdonde\b|\ben que (?:lugar|sala|sede)\b|\bque lugar\b", text))
    p.attend = bool(_ATTEND_RE.search(text)) and (bool(p.sessions) or p.has("sesion"))
    p.negated = bool(re.search(r"\bno\s+(?:se\s+)?(?:asisti|vin|estuv|acudi|fue|se present|particip)", text))
    modalities = list(dict.fromkeys(m for w in words if (m := modality_of(w)) is not None))
    p.modality = modalities[0] if modalities else None
    if re.search(r"\ben linea\b|\ba distancia\b", text):
        p.modality = Modality.VIRTUAL
    p.which_modality = len(modalities) >= 2 and bool(re.search(r"\bo\b", text))  # "¿presencial o virtual?"
    if p.which_modality:
        p.modality = None
    p.alternatives = bool(
        (len(p.weekdays) >= 2 and re.search(r"\bo\b", text)) or (len(p.months) >= 2 and re.search(r"\bo\b", text))
    )
    # "¿qué se aprobará…?", "¿cuándo se va a firmar…?": what has not happened yet.
    p.future = any(w in _FUTURE for w in tokens(question)) or bool(
        re.search(r"\b(?:va|van)\s+a\s+(?:ser\s+)?[a-z]+(?:ar|er|ir)\b", text)
    )
    if p.relative_item is None and re.search(r"\bprimer(?:o)? acuerdo\b", text):
        p.relative_item = (
            Relative.PREVIOUS,
            "acuerdo",
        )  # "el primer acuerdo": the earliest one  # as written: "aprobará" is no typo of "aprobaron"
    p.others = bool(re.search(r"\botr[oa]s\b|\bademas de\b|\baparte de\b", text))
    first = words[0] if words else ""
    p.follow_y = first in ("y", "e", "tambien", "ahora", "igual") or bool(re.match(r"(?:que tal|y si|y que)\b", text))
    anaphora = re.search(r"\b(?:es[ae]s?|dich[oa]s?|aquell[ao]s?|la misma|el mismo)\s+([a-z]+)", text)
    if anaphora:
        noun = anaphora.group(1)
        p.anaphora = (
            "sesion"
            if noun.startswith("sesion")
            else "acuerdo"
            if noun.startswith("acuerdo")
            else "convenio"
            if noun.startswith("convenio")
            else "dia"
            if noun in ("dia", "fecha")  # "ese día": the day of what the last answer was about
            else "mes"
            if noun == "mes"
            else ""
            if noun in ("de", "y", "o", "que", "fue", "fueron", "es", "son")
            else None
        )
    if p.anaphora is None and re.search(r"\b(?:lo|los|las|le|les)\s+[a-z]+(?:o|aron|ieron|io)\b", text):
        p.anaphora = ""  # "¿quién lo propuso?", "¿cuándo los aprobaron?": what the last answer was about
    if p.anaphora is None and re.search(r"\bsus? (?:objeto|fecha|contraparte|texto|observaciones|sesion|tipo)\b", text):
        p.anaphora = ""  # "¿cuál es su objeto?": the items of the last answer
    if p.anaphora is None and re.search(r"\b(?:de|en|a) (?:esos|esas|ellos|ellas|ella|esa|ese|eso)\b|\bahi\b", text):
        p.anaphora = "sesion" if re.search(r"\b(?:en|a) (?:ella|esa)\b", text) else ""
    if p.anaphora is None and re.fullmatch(r"(?:y )?(?:cuantos|cuantas) (?:son|fueron|hay|eran)", text):
        p.anaphora = ""  # "¿cuántos son?": the count of the last list
    wh = any(w in WH_WORDS for w in words)
    p.yesno = (
        not wh
        and bool(words)
        and (
            first in _YESNO_VERBS
            or bool(re.match(r"(?:dime |sabes |me dices )?si\b", text))
            or any(w in _YESNO_VERBS for w in words)
            or (p.any and "?" in question)
        )
    )
    periods = len(p.years) + len(p.quarters) + len(p.months)
    more = re.search(r"\b(?:mas|menos)\b", text)
    if more and periods >= 2 and re.search(r"\b(?:o|que)\s+(?:en\s+)?(?:el\s+|la\s+)?\w", text):
        # "¿el PT faltó más en 2020 o en 2021?": which period, compared
        p.rank = Rank.MOST if more.group(0) == "mas" else Rank.LEAST
        p.compare, p.yesno = True, False
    alternatives = len(p.weekdays) >= 2 or len(p.months) >= 2 or p.which_modality
    if p.yesno and p.rank is None and re.search(r"\bo\b", text) and alternatives:
        p.yesno = False  # "¿fue martes o jueves?", "¿presencial o virtual?" ask which one


def _second_ordinal_word(words: list[str], i: int) -> bool:
    parsed = parse_ordinal_at(words, i - 1)
    return parsed is not None and parsed[1] == 2
