"""What no table answers: passages of the informes quoted with their section, definitions of the acronyms
the informes define, help, greetings, and the honest "no tengo ese dato"."""

from __future__ import annotations

import itertools
import re

from bot.engine.frame import Attribute, Form
from bot.engine.ignorance import looks_like_verb, preterites
from bot.engine.lexicon import SPEECH_VERBS, STOPWORDS, WH_WORDS, words
from bot.engine.matching import stem
from bot.engine.replies import Answer, NotInData
from bot.engine.skills.base import Ask, as_written
from db.models import Passage
from lang.spanish import fold, tokens
from lang.vocabulary import Subject

EXAMPLE_QUESTIONS = [
    "¿Qué acuerdos se aprobaron en noviembre?",
    "¿Quién faltó a la décima segunda sesión?",
    "¿Qué convenios se firmaron?",
    "¿Cuándo es la próxima sesión?",
    "Resumen del trimestre",
]


_ADDRESS_RE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s)\]>]+|www\.[^\s)\]>]+|\(?\b\d{2,3}\)?[ -]?\d{4}[ -]?\d{4}\b"
)
_CONTACT_WORDS = words(
    "correo correos electronico email mail telefono tel numero telefonico pagina web sitio direccion cuenta"
)


def contact(ask: Ask) -> Answer:
    """An e-mail address, web page or telephone the informes write next to what is asked ("el correo de Voto
    Chilango" is votochilango@iecm.mx); none there: say so, never another address."""
    k, q = ask.k, ask.q
    key = ("addresses",)
    if key not in k.computed:
        found: list[tuple[str, set[str]]] = []
        for text in k.texts():
            for m in _ADDRESS_RE.finditer(text):
                near = text[max(0, m.start() - 160) : m.end() + 80]
                found.append((m.group(0).rstrip(".,;"), set(tokens(near)) | set(tokens(m.group(0).replace(".", " ")))))
        k.computed[key] = found
    wanted = [w for w in q.content if w not in _CONTACT_WORDS and w not in STOPWORDS and len(w) > 2]
    joined = "".join(wanted)
    best, score = None, 0
    for address, near in k.computed[key]:
        hits = sum(1 for w in wanted if w in near) + (2 if joined and joined in fold(address) else 0)
        if hits > score:
            best, score = address, hits
    if best is None or score < max(1, min(2, len(wanted))):
        what = " ".join(wanted) or "eso"
        raise NotInData(f"No tengo ese dato: los informes no dan un correo, teléfono ni página de «{what}».")
    return ask.answer(Subject.TEXTO, "contacto.j2", address=best, asked=" ".join(wanted))


def answer(ask: Ask) -> Answer:
    """A passage of the informe that answers a question no table does, quoted with its section."""
    k, q = ask.k, ask.q
    if q.attribute == Attribute.CONTACT:
        return contact(ask)
    words = [w for w in q.content if w not in _NO_HEAD] or list(q.content)  # "explícame…", "¿qué acciones…?"
    if not words:
        return unknown(ask)
    if q.why:
        return _reason(ask, words)
    defined = _definitions(ask, words) if q.form in (Form.WHAT, Form.LIST) else []
    # The snapshot's own index of the passages finds them (no round trip to the database: with many quarters
    # loaded a full-text query costs more than the rest of the answer) ...
    hits = k.passage_search.search(words, limit=5 if q.form == Form.WHO else 3)
    passages = []
    if hits:
        # ... and one is quoted only if it covers the question: all of a short one ("horario de atención" is
        # not any "horario"), most of a longer one.
        terms = k.passage_search.query_terms(words)
        needed = 0.999 if len(terms) <= 2 else 0.6
        if len(terms) == 1 and len(k.passage_search.postings.get(terms[0], ())) > 2:
            hits = []  # one ordinary word found in many passages ("oficina") answers nothing in particular
        by_id = k.passage_by_id
        good = [
            key
            for key, _, share in hits
            # One word at least as written: a stem alone ("queda" ~ "quedando") is too loose a match.
            if share >= needed and set(words) & set(tokens(by_id[key].section + " " + by_id[key].text))  # type: ignore[index]
        ]
        # the passage's text and its own heading, not the headings above it ("III. Principales resultados")
        good = [key for key in good if _says_the_head(words, q.text, _own_text(by_id[key]))]  # type: ignore[index]
        if q.form == Form.WHO:
            # "¿quién participó en la misión…?": the passage where someone did what is asked ("participaron"),
            # then those that name people
            acted = _acted_re(q.text)
            good.sort(
                key=lambda key: (
                    not (acted and acted.search(fold(by_id[key].text))),  # type: ignore[index]
                    not _PEOPLE_NAMED_RE.search(by_id[key].text),  # type: ignore[index]
                )
            )
        passages = [by_id[key] for key in good[:2]]  # type: ignore[index]
    if not passages and not defined:
        return unknown(ask, as_written(q.text, words))
    return ask.answer(Subject.TEXTO, "texto.j2", passages=passages, definitions=defined)


# Someone named with the title the informes give people ("el consejero electoral César Ernesto Ramos Mega",
# "la maestra Cecilia Aída Hernández Cruz", "Mtro. Arturo Velasco")
_PEOPLE_NAMED_RE = re.compile(
    r"\b(?:consejer[oa]s? electoral(?:es)?|maestr[oa]|licenciad[oa]|doctor[a]?|ingenier[oa]|profesor[a]?|"
    r"mtr[oa]\.|lic\.|dr[a]?\.|ing\.)\s+[A-ZÁÉÍÓÚÑ]"
)


def _acted_re(question: str) -> re.Pattern[str] | None:
    """The verb right after "quién" in a question, as a pattern of its conjugated forms (not its nouns:
    "participaron", not "participación")."""
    asked = re.search(r"\bquien(?:es)?\s+(?:lo |la |los |las |se |le )?([a-z]{4,})", fold(question))
    if asked is None:
        return None
    root = stem(asked.group(1))
    return re.compile(rf"\b{re.escape(root)}(?:o|aron|an|a|io|ieron|ado|ada|ados|adas|aba|aban|e|en|ido|ida)\b")


def _own_text(passage: Passage) -> str:
    return f"{passage.section.split('›')[-1]} {passage.text}"


# Words that ask without naming what: requests ("explícame", "cuéntame") and general nouns ("el objetivo de…",
# "¿qué acciones…?"): what is asked is the word after them.
_NO_HEAD = words(
    """
    explicame cuentame dime platicame hablame muestrame describeme indicame dame comentame resumeme detallame
    informame objetivo objetivos accion acciones informacion datos dato detalle detalles tema temas asunto
    asuntos cosa cosas algo
    """
)


def _says_the_head(words: list[str], question: str, body: str) -> bool:
    """Whether the passage's own text (not its section's heading) has what the question asks first, and the
    words the question puts side by side: "resultados de la consulta" needs results, not any mention of the
    consulta; "la jornada electoral" needs those words together, not "jornada electiva"."""
    said = [stem(w) for w in tokens(body)]
    pairs_said = set(itertools.pairwise(said))
    folded = tokens(question)
    verbs = preterites(question)
    asked = [w for w in folded if w in words and not w.isdigit() and w not in SPEECH_VERBS and w not in verbs]
    asked = [w for w in asked if not looks_like_verb(w) and w not in _NO_HEAD]
    if asked and folded.index(asked[0]) > 0 and folded[folded.index(asked[0]) - 1] in WH_WORDS | {"se"}:
        asked = asked[1:]  # "¿quién propuso las modificaciones…?": the verb after the question word asks nothing
    if not asked:
        return True
    if stem(asked[0]) not in said:
        return False
    if len(asked) > 2:
        return True  # words of a longer question need not stand together ("la consejera … Estrada")
    # "la jornada electoral": the word right after what is asked qualifies it, and must qualify it there too
    at = folded.index(asked[0])
    after = folded[at + 1] if at + 1 < len(folded) else ""
    if after and after not in STOPWORDS and after.isalpha() and len(after) > 3:
        return (stem(asked[0]), stem(after)) in pairs_said
    return True


_BECAUSE_RE = re.compile(
    r"\b(?:debido a|derivado de|con motivo de|a causa de|por motivo de|a raiz de|en virtud de|dada la|dadas las|"
    r"toda vez que|ya que|puesto que|por la contingencia|por la pandemia|por las medidas|en atencion a)\b"
)


def _reason(ask: Ask, words: list[str]) -> Answer:
    """ "¿Por qué se firmaron tan pocos convenios?": a sentence of the passages about it that gives a cause."""
    k = ask.k
    asked = [w for w in words if w not in ("porque", "que", "tan", "pocos", "pocas", "muchos", "muchas")]
    hits = k.passage_search.search(asked, limit=8)
    for key, _, share in hits:
        passage = k.passage_by_id[key]  # type: ignore[index]
        for sentence in re.split(r"(?<=[.;])\s+", passage.text):
            if _BECAUSE_RE.search(fold(sentence)) and share >= 0.3:
                return ask.answer(
                    Subject.TEXTO, "texto.j2", passages=[passage.model_copy(update={"text": sentence})], definitions=[]
                )
    raise NotInData("El informe no dice por qué; solo registra lo que ocurrió.")


def _definitions(ask: Ask, words: list[str]) -> list[tuple[str, str]]:
    """(acronym, long name as the informe writes it) for the acronyms asked about that an informe defines."""
    found: list[tuple[str, str]] = []
    for word in words:
        expansion = ask.k.aliases.get(word)
        if not expansion or len(word) < 2:
            continue
        size = len(expansion.split())
        for text in ask.k.texts():
            m = re.search(rf"\(\s*{re.escape(word)}\s*\)", fold(text))
            if not m:
                continue
            raw_words = list(re.finditer(r"[^\W_]+", text[: m.start()]))
            picked = 0
            start = len(raw_words)
            while start > 0 and picked < size:
                start -= 1
                if fold(raw_words[start].group(0)) not in STOPWORDS:
                    picked += 1
            if picked == size:
                name = text[raw_words[start].start() : raw_words[-1].end()]
                found.append((text[m.start() + 1 : m.end() - 1].strip(), name))
                break
    return found


def help_answer(ask: Ask) -> Answer:
    result = ask.answer(Subject.AYUDA, "ayuda.j2")
    result.choices = EXAMPLE_QUESTIONS[:3]
    return result


def greeting(ask: Ask) -> Answer:
    thanks = any(w.startswith("graci") for w in tokens(ask.q.text))
    result = ask.answer(Subject.SALUDO, "saludo.j2", thanks=thanks)
    result.choices = EXAMPLE_QUESTIONS[:3]
    return result


def unknown(ask: Ask, missing: str = "") -> Answer:
    result = ask.answer(Subject.DESCONOCIDO, "desconocido.j2", missing=missing, clause=False)
    result.choices = EXAMPLE_QUESTIONS[:3]
    return result
