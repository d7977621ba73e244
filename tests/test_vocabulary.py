"""The vocabulary enums: stored values, Spanish labels and synonyms."""

from __future__ import annotations

import pytest

from lang.vocabulary import ActivityKind, ConvenioStatus, SessionKind, SessionStatus, Subject


def test_members_are_their_stored_strings() -> None:
    assert SessionKind.ORDINARIA == "ordinaria"
    assert f"{ConvenioStatus.SUSCRITO}" == "suscrito"
    assert Subject.RESUMEN == "summary"


def test_members_carry_spanish_labels() -> None:
    assert ActivityKind.REUNION.label == "reunión"
    assert ActivityKind.REUNION.plural == "reuniones"
    assert "charla" in ActivityKind.PLATICA.synonyms


@pytest.mark.parametrize(("value", "expected"), [("programada", True), ("celebrada", False), ("cancelada", False)])
def test_scheduled_statuses(value: str, expected: bool) -> None:
    assert SessionStatus(value).scheduled is expected


def test_parse_tolerates_unknown_values() -> None:
    assert SessionKind.parse("solemne") is None
    assert SessionKind.parse(None) is None
    assert SessionKind.parse("urgente") is SessionKind.URGENTE
