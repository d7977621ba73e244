"""What skills return and what the engine says: typed answers, replies, and the two ways a question stops
short (it needs a choice, or the data is not there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.engine.frame import Items
from lang.vocabulary import Subject


@dataclass
class Reply:
    """What the engine says: the subject it understood, plain text, Telegram HTML and suggested questions."""

    intent: str
    text: str
    html: str
    choices: list[str] = field(default_factory=list)
    quarter: tuple[int, int] | None = None  # (year, quarter) of a summary, for the document


@dataclass
class Answer:
    """A skill's answer: the template that renders it with its data, and what it was about."""

    subject: Subject
    template: str
    context: dict[str, Any]
    items: Items = field(default_factory=Items)
    choices: list[str] = field(default_factory=list)
    quarter: tuple[int, int] | None = None


class Clarify(Exception):
    """Something needed is missing or has several readings: ask back, once, with the candidates."""

    def __init__(self, question: str, choices: list[str]) -> None:
        super().__init__(question)
        self.question = question
        self.choices = choices


class NotInData(Exception):
    """What was asked is not in the informes: say so plainly, naming what is missing (with choices that are
    there, when there are some)."""

    def __init__(self, message: str, choices: list[str] | None = None, items: Items | None = None) -> None:
        super().__init__(message)
        self.choices = choices or []
        self.items = items or Items()
