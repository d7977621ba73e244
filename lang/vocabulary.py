"""The domain vocabulary: every kind of thing the informes and the calendar name, as enums.

Each member's value is what the database stores; ``label`` (and ``plural``) is how the bot writes it in
Spanish, and ``synonyms`` are the folded word stems (lower case, no accents) by which staff name it. No
other module spells these values as string literals: they import the enum.

A leaf module: it imports nothing else of the project.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class _Vocabulary(StrEnum):
    """A :class:`StrEnum` whose members carry a Spanish label, its plural and folded synonym stems."""

    label: str
    plural: str
    synonyms: tuple[str, ...]

    def __new__(cls, value: str, label: str, plural: str, synonyms: tuple[str, ...] = ()) -> _Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.plural = plural
        member.synonyms = synonyms
        return member

    @classmethod
    def parse(cls, value: str | None) -> Self | None:
        """The member stored as ``value``, or None for an unknown or empty value."""
        member = cls._value2member_map_.get(value) if value else None
        return member if isinstance(member, cls) else None


class SessionKind(_Vocabulary):
    """The three kinds of session of a commission."""

    ORDINARIA = "ordinaria", "ordinaria", "ordinarias", ("ordinari",)
    EXTRAORDINARIA = "extraordinaria", "extraordinaria", "extraordinarias", ("extraordinari",)
    URGENTE = "urgente", "urgente", "urgentes", ("urgent",)


class SessionStatus(_Vocabulary):
    """Where a session stands: held (from an informe) or on the calendar."""

    CELEBRADA = "celebrada", "celebrada", "celebradas", ("celebr", "realiz", "llev")
    PROGRAMADA = "programada", "programada", "programadas", ("program", "agend", "proxim")
    REPROGRAMADA = "reprogramada", "reprogramada", "reprogramadas", ("reprogram", "cambi", "movi")
    CANCELADA = "cancelada", "cancelada", "canceladas", ("cancel", "suspend")

    @property
    def scheduled(self) -> bool:
        """Whether the session is on the calendar and still to be held."""
        return self in (SessionStatus.PROGRAMADA, SessionStatus.REPROGRAMADA)


SCHEDULED_STATUSES = (SessionStatus.PROGRAMADA, SessionStatus.REPROGRAMADA)
"""Statuses of sessions that are on the calendar and still to be held."""


class Modality(_Vocabulary):
    """How a session was held."""

    VIRTUAL = "virtual", "virtual", "virtuales", ("virtual", "remot", "linea", "videoconferencia")
    PRESENCIAL = "presencial", "presencial", "presenciales", ("presencial",)
    SEMIPRESENCIAL = "semipresencial", "semipresencial", "semipresenciales", ("semipresencial", "semi-presencial")
    HIBRIDA = "híbrida", "híbrida", "híbridas", ("hibrid", "mixt")


class ConvenioStatus(_Vocabulary):
    """Whether the informe reports a convenio as signed in the quarter or only follows its progress."""

    SUSCRITO = "suscrito", "suscrito", "suscritos", ("suscri", "firm", "celebr")
    SEGUIMIENTO = "seguimiento", "en seguimiento", "en seguimiento", ("seguimiento", "avance", "report")


class ParticipantGroup(_Vocabulary):
    """Who someone in an attendance table is, by the organ they sit for."""

    CONSEJERIA = "consejeria", "consejería", "consejerías", ("consejer", "presiden", "integrante")
    SECRETARIA_TECNICA = (
        "secretaria_tecnica",
        "secretaría técnica",
        "secretarías técnicas",
        ("secretaria tecnica", "secretario tecnico"),
    )
    PARTIDO = "partido", "partido político", "partidos políticos", ("partido", "representacion partidista")
    SECRETARIA = "secretaria", "secretaría", "secretarías", ("secretari", "encargad")
    DIRECCION = "direccion", "dirección ejecutiva", "direcciones ejecutivas", ("direccion", "director")
    UNIDAD = "unidad", "unidad técnica", "unidades técnicas", ("unidad",)
    REPRESENTACION = "representacion", "representación", "representaciones", ("represent", "contralor")
    OTRO = "otro", "otro participante", "otros participantes", ()

    @property
    def feminine(self) -> bool:
        """Whether its Spanish label is feminine ("ninguna de las direcciones", "ninguno de los partidos")."""
        return self not in (ParticipantGroup.PARTIDO, ParticipantGroup.OTRO)


class MemberRole(_Vocabulary):
    """A seat in the commission's integration."""

    PRESIDENCIA = "presidencia", "presidencia", "presidencias", ("presid",)
    CONSEJERIA = "consejeria", "consejería integrante", "consejerías integrantes", ("consejer",)
    SECRETARIA_TECNICA = (
        "secretaria_tecnica",
        "secretaría técnica",
        "secretarías técnicas",
        ("secretaria tecnica", "secretario tecnico"),
    )


class ActivityKind(_Vocabulary):
    """What an activity of the results section is, in general terms.

    The informe's own name for a group of activities (a table's heading, "Correos enviados a la Red de
    Observación") is kept beside it in ``Activity.series``: names particular to one informe never become
    kinds.
    """

    PLATICA = "platica", "plática", "pláticas", ("platica", "charla")
    CURSO = "curso", "curso", "cursos", ("curso", "diplomado", "capacitacion")
    TALLER = "taller", "taller", "talleres", ("taller",)
    SEMINARIO = "seminario", "seminario", "seminarios", ("seminario",)
    CONFERENCIA = "conferencia", "conferencia", "conferencias", ("conferencia", "ponencia")
    CONVERSATORIO = "conversatorio", "conversatorio", "conversatorios", ("conversatorio",)
    FORO = "foro", "foro", "foros", ("foro", "mesa")
    PRESENTACION = "presentacion", "presentación", "presentaciones", ("presentacion",)
    CEREMONIA = "ceremonia", "ceremonia", "ceremonias", ("ceremonia",)
    REUNION = "reunion", "reunión", "reuniones", ("reunion", "junta", "encuentro")
    SESION = "sesion", "sesión de otro órgano", "sesiones de otros órganos", ("sesion",)
    CORREO = "correo", "correo", "correos", ("correo", "mail", "email", "mensaje")
    NOTA = "nota", "nota", "notas", ("nota", "ficha")
    REPORTE = "reporte", "reporte", "reportes", ("reporte", "solicitud")
    PUBLICACION = "publicacion", "publicación", "publicaciones", ("publicacion", "noticia", "difusion")
    EVENTO = "evento", "evento", "eventos", ("evento",)
    ACTIVIDAD = "actividad", "actividad", "actividades", ("actividad",)

    @property
    def is_message(self) -> bool:
        """Whether the activity is something sent or written (an e-mail, a note, a report), not an event: a
        message about an event (an invitation) is never the event itself."""
        return self in (ActivityKind.CORREO, ActivityKind.NOTA, ActivityKind.REPORTE, ActivityKind.PUBLICACION)

    @property
    def general(self) -> bool:
        """Whether the word names activities in general ("actividades", "eventos"), not one kind of them."""
        return self in (ActivityKind.ACTIVIDAD, ActivityKind.EVENTO)


class Subject(_Vocabulary):
    """What a question is about: each subject has one skill that answers it."""

    ACUERDOS = "acuerdos", "los acuerdos", "los acuerdos", ("acuerd", "aprob", "acord")
    SESIONES = "sesiones", "las sesiones", "las sesiones", ("sesion", "celebr")
    ASISTENCIA = "asistencia", "la asistencia", "la asistencia", ("asist", "falt", "ausen")
    INTEGRACION = "integracion", "la integración de la Comisión", "la integración", ("integr", "conform")
    CONVENIOS = "convenios", "los convenios", "los convenios", ("conveni", "firm", "suscri")
    ACTIVIDADES = "actividades", "las actividades", "las actividades", ("actividad",)
    INFORME = "informe", "el informe", "los informes", ("informe",)
    RESUMEN = "summary", "el resumen del trimestre", "los resúmenes", ("resum", "sintesis")
    TEXTO = "texto", "el texto de los informes", "los textos", ()
    AYUDA = "help", "la ayuda", "la ayuda", ("ayuda",)
    SALUDO = "greeting", "un saludo", "los saludos", ("hola",)
    ACLARACION = "clarify", "una aclaración", "las aclaraciones", ()
    DESCONOCIDO = "unknown", "algo que no está en los informes", "lo desconocido", ()
