"""Spanish helpers: folding, ordinals, dates, acuerdo codes."""

from datetime import date

import pytest

from lang.names import find_session_refs, parse_session_list, short_session_ref
from lang.spanish import find_dates, fold, long_date, normalise_acuerdo_code, ordinal_feminine, parse_ordinal_at, plural


def test_fold_strips_accents_and_case() -> None:
    assert fold("DÉCIMA Sesión, Año") == "decima sesion, ano"


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("decima segunda", 12),
        ("decimosegunda", 12),
        ("doceava", 12),
        ("undecima", 11),
        ("12a", 12),
        ("1ra", 1),
        ("vigesima primera", 21),
        ("tercera", 3),
        ("10o", 10),
    ],
)
def test_ordinals(words: str, value: int) -> None:
    parsed = parse_ordinal_at(words.split(), 0)
    assert parsed is not None and parsed[0] == value


def test_ordinal_words_for_rendering() -> None:
    assert ordinal_feminine(11) == "décima primera"
    assert ordinal_feminine(1) == "primera"


def test_dates_in_text_take_the_year_of_a_later_date() -> None:
    found = find_dates("del lunes 19 de octubre al domingo 22 de noviembre de 2020")
    assert [f.value for f in found] == [date(2020, 10, 19), date(2020, 11, 22)]


def test_date_pairs_and_numeric_dates() -> None:
    pair = find_dates("Lunes 7 y miércoles 9 de diciembre de 2020.")[0]
    assert (pair.value, pair.end) == (date(2020, 12, 7), date(2020, 12, 9))
    assert find_dates("el 26/10/2020")[0].value == date(2020, 10, 26)
    assert find_dates("Martes 1° de diciembre de 2020")[0].value == date(2020, 12, 1)


def test_long_date() -> None:
    assert long_date(date(2020, 11, 26)) == "jueves 26 de noviembre de 2020"


def test_acuerdo_codes_normalise() -> None:
    assert normalise_acuerdo_code("CVOE", 50, 2020) == "CVOE/050/20"
    assert normalise_acuerdo_code("IECM/ACU-CG", 75, 2020) == "IECM-ACU-CG-075-2020"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("1ª ord.", (1, "ordinaria", False)),
        ("2ª ext. (urgente)", (2, "extraordinaria", True)),
        ("Asistencia a las sesiones 1ª ext.", (1, "extraordinaria", False)),
        ("Décima Ord.", (10, "ordinaria", False)),
        ("3 ord 2021", (3, "ordinaria", False)),
        ("1ª", None),
        ("Nombre", None),
        ("2 personas", None),
    ],
)
def test_short_session_names_in_column_labels(label: str, expected: tuple[int, str, bool] | None) -> None:
    ref = short_session_ref(label)
    assert (ref and (ref.number, ref.kind, ref.urgent)) == expected


def test_session_references() -> None:
    refs = find_session_refs("Décima primera sesión ordinaria y 2a. Sesión Extraordinaria Urgente de 2021")
    # An extraordinaria called urgently is numbered among the extraordinarias; "urgente" alone is its own series.
    assert [(r.number, r.kind, r.urgent) for r in refs] == [(11, "ordinaria", False), (2, "extraordinaria", True)]
    assert refs[1].year == 2021
    assert [(r.number, r.kind, r.urgent) for r in find_session_refs("la 4a sesión urgente")] == [(4, "urgente", False)]
    assert parse_session_list("Décima, décima primera y décima segunda") == [10, 11, 12]


@pytest.mark.parametrize(
    ("count", "singular", "expected"),
    [
        (1, "sesión", "1 sesión"),
        (0, "sesión", "0 sesiones"),
        (3, "acuerdo", "3 acuerdos"),
        (2, "actividad", "2 actividades"),
        (5, "taller", "5 talleres"),
        (2, "reunión", "2 reuniones"),
        (1, "convenio suscrito", "1 convenio suscrito"),
    ],
)
def test_plural_counts_with_their_noun(count: int, singular: str, expected: str) -> None:
    assert plural(count, singular) == expected


def test_plural_takes_an_irregular_form() -> None:
    assert plural(2, "convenio suscrito", "convenios suscritos") == "2 convenios suscritos"
