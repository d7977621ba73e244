"""argparse in Spanish: its built-in messages ("the following arguments are required"…) translated.

argparse looks its messages up through ``gettext`` at the moment it writes them; :func:`spanish` swaps
in this module's catalogue for the duration of a parse, so nothing English reaches the user.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

MESSAGES = {
    "usage: ": "uso: ",
    "options": "opciones",
    "positional arguments": "argumentos",
    "show this help message and exit": "muestra esta ayuda y termina",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elige entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r (se esperaba %(type)s)",
    "unrecognized arguments: %s": "no reconozco estos argumentos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "expected one argument": "falta su valor",
    "expected at most one argument": "admite como mucho un valor",
    "expected at least one argument": "necesita al menos un valor",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "not allowed with argument %s": "no se puede usar junto con %s",
    "one of the arguments %s is required": "hace falta uno de estos argumentos: %s",
    "ignored explicit argument %r": "sobra el valor %r",
    "unexpected option string: %s": "opción inesperada: %s",
    "can't open '%(filename)s': %(error)s": "no pude abrir «%(filename)s»: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "comando desconocido %(parser_name)r (opciones: %(choices)s)"
    ),
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): ("necesita %s valor", "necesita %s valores"),
}


def translate(message: str) -> str:
    """The Spanish of one of argparse's messages (unknown ones are left as they are)."""
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    """The Spanish of one of argparse's counted messages."""
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if count == 1 else many


class SpanishFormatter(argparse.HelpFormatter):
    """Help with a Spanish "uso:" line."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


@contextmanager
def spanish() -> Iterator[None]:
    """argparse speaks Spanish inside this block."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def typed(converter: Callable[[str], object], name: str) -> Callable[[str], object]:
    """``converter`` under a Spanish name, for "valor no válido: 'x' (se esperaba un número entero)"."""

    def convert(value: str) -> object:
        return converter(value)

    convert.__name__ = name
    return convert
