"""One skill per subject: each answers a question frame from the store with a typed :class:`Answer`."""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.replies import Answer
from bot.engine.skills import actividades, acuerdos, asistencia, convenios, informe, integracion, sesiones, texto
from bot.engine.skills.base import Ask
from lang.vocabulary import Subject

Skill = Callable[[Ask], Answer]

SKILLS: dict[Subject, Skill] = {
    Subject.ACUERDOS: acuerdos.answer,
    Subject.SESIONES: sesiones.answer,
    Subject.ASISTENCIA: asistencia.answer,
    Subject.INTEGRACION: integracion.answer,
    Subject.CONVENIOS: convenios.answer,
    Subject.ACTIVIDADES: actividades.answer,
    Subject.INFORME: informe.informe,
    Subject.RESUMEN: informe.summary,
    Subject.TEXTO: texto.answer,
    Subject.AYUDA: texto.help_answer,
    Subject.SALUDO: texto.greeting,
    Subject.DESCONOCIDO: texto.unknown,
}
"""The skill that answers each subject."""

__all__ = ["SKILLS", "Ask", "Skill"]
