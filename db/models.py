"""SQLModel tables for everything the informes trimestrales contain.

Rows that an informe contributes carry its ``informe_id`` so that re-importing a corrected informe
replaces exactly its records. Sessions and acuerdos are shared, one record per thing across informes: a
session is identified by (year, kind, number), an acuerdo by its normalised code. Their ``informe_id``
names the informe that holds them (the one whose quarter contains their date); other informes only refer
to them (the session and acuerdo that approved an informe, named on its cover), and the calendar may
schedule a session before any informe holds it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from lang.vocabulary import SessionStatus


class Informe(SQLModel, table=True):
    """One quarterly activity report of the commission."""

    __tablename__ = "informes"
    __table_args__ = (UniqueConstraint("commission", "year", "quarter"),)

    id: int | None = Field(default=None, primary_key=True)
    commission: str = Field(default="CVOE", max_length=20)
    year: int = Field(index=True)
    quarter: int
    title: str
    period_start: dt.date
    period_end: dt.date
    approval_acuerdo: str | None = None
    approval_point: int | None = None
    # Sessions also point at informes: this key is added after both tables exist (use_alter).
    approval_session_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("sessions.id", use_alter=True, name="fk_informes_approval_session")),
    )
    approval_date: dt.date | None = None
    convenios_since_year: int | None = None
    convenios_total: int | None = None
    convenios_vigentes: int | None = None
    source_name: str
    source_text: str  # the informe as text (empty for a PDF or Word file, kept in source_data)
    source_data: bytes | None = Field(default=None, sa_type=LargeBinary)  # a PDF or Word file as received
    source_form: str = Field(default="markdown", max_length=20)  # markdown | layout | pdf | docx
    checksum: str = Field(max_length=64)
    parser_version: int
    imported_at: dt.datetime = Field(sa_type=DateTime(timezone=True))


class CommissionSession(SQLModel, table=True):
    """A session of the commission, held (from an informe) or scheduled (from the calendar)."""

    __tablename__ = "sessions"
    # A name is not unique: two informes can give it to two sessions held on different days (the day tells them
    # apart); see migration 0009.
    __table_args__ = (Index("ix_sessions_name", "year", "kind", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    kind: str = Field(max_length=20)  # ordinaria | extraordinaria | urgente
    number: int
    ordinal: str  # "décima primera"
    date: dt.date | None = Field(default=None, index=True)
    starts_at: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))  # the calendar's
    # When the session began, as its informe states it ("Hora: 17:00 horas"); aware, None when not stated.
    held_at: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    modality: str | None = None  # virtual | presencial | semipresencial | híbrida
    urgent: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})  # an extraordinaria called urgently
    status: str = Field(default=SessionStatus.CELEBRADA.value, max_length=20)
    title: str | None = None
    place: str | None = None
    agenda: str | None = None
    informe_id: int | None = Field(default=None, foreign_key="informes.id")


class CommissionMember(SQLModel, table=True):
    """Who integrates the commission: presidencia, consejerías and secretaría técnica."""

    __tablename__ = "members"

    id: int | None = Field(default=None, primary_key=True)
    informe_id: int = Field(foreign_key="informes.id", index=True)
    role: str  # presidencia | consejeria | secretaria_tecnica
    name: str
    designation: str | None = None  # what the informe says of the designation
    acuerdos: str | None = None  # codes that designated or ratified, comma-separated
    start_date: dt.date | None = None  # first day in the commission, when the informe says it
    end_date: dt.date | None = None  # last day in the commission (replaced, term ended); None: still in it
    designation_acuerdo: str | None = None  # normalised code of the acuerdo that designated them


class Attendance(SQLModel, table=True):
    """One cell of an attendance table: a participant at a session, present or absent."""

    __tablename__ = "attendance"

    id: int | None = Field(default=None, primary_key=True)
    informe_id: int = Field(foreign_key="informes.id", index=True)
    session_id: int = Field(foreign_key="sessions.id", index=True)
    position: int
    group: str  # consejeria | secretaria_tecnica | partido | secretaria | direccion | unidad | representacion | otro
    role: str | None = None  # "Presidencia", "Integrante", "Dirección Ejecutiva de …"
    body: str  # the organ or party
    person: str | None = None
    present: bool


class Acuerdo(SQLModel, table=True):
    """An acuerdo adopted by the commission: one record per normalised code.

    ``informe_id`` is the informe that lists it among its quarter's acuerdos; it is None while the acuerdo
    is known only from the cover of the informe it approved (that informe names its code, session and date).
    """

    __tablename__ = "acuerdos"
    __table_args__ = (UniqueConstraint("code"),)

    id: int | None = Field(default=None, primary_key=True)
    informe_id: int | None = Field(default=None, foreign_key="informes.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="sessions.id")
    code: str = Field(index=True)  # normalised, CVOE/050/20
    code_as_written: str
    prefix: str
    number: int
    year: int
    date: dt.date | None = None
    text: str
    observations: str | None = None
    position: int


class AcuerdoMention(SQLModel, table=True):
    """An acuerdo the informe only mentions (earlier ones, or the Consejo General's)."""

    __tablename__ = "acuerdo_mentions"

    id: int | None = Field(default=None, primary_key=True)
    informe_id: int = Field(foreign_key="informes.id", index=True)
    code: str = Field(index=True)
    code_as_written: str
    context: str
    section: str
    session_id: int | None = Field(default=None, foreign_key="sessions.id")
    date: dt.date | None = None


class Convenio(SQLModel, table=True):
    """A convenio signed in the quarter (``suscrito``) or one whose progress was reported (``seguimiento``)."""

    __tablename__ = "convenios"

    id: int | None = Field(default=None, primary_key=True)
    informe_id: int = Field(foreign_key="informes.id", index=True)
    status: str  # suscrito | seguimiento
    position: int
    instrument_type: str
    counterpart: str
    object: str | None = None
    signed_on: dt.date | None = None
    sessions_text: str | None = None


class ConvenioReport(SQLModel, table=True):
    """A session in which progress on a convenio was reported."""

    __tablename__ = "convenio_reports"

    id: int | None = Field(default=None, primary_key=True)
    convenio_id: int = Field(foreign_key="convenios.id", index=True)
    session_id: int = Field(foreign_key="sessions.id")


class Activity(SQLModel, table=True):
    """A dated activity of the results section: talk, course, meeting, e-mail, executive note, report…"""

    __tablename__ = "activities"

    id: int | None = Field(default=None, primary_key=True)
    informe_id: int = Field(foreign_key="informes.id", index=True)
    kind: str = Field(index=True)  # lang.vocabulary.ActivityKind
    series: str | None = None  # the informe's own name for its table or list ("Pláticas en universidades")
    section: str
    position: int
    date: dt.date | None = None
    end_date: dt.date | None = None
    date_text: str | None = None
    title: str
    institution: str | None = None
    detail: str | None = None
    person: str | None = None
    participants: int | None = None


class Figure(SQLModel, table=True):
    """A figure the informe's prose states (``se enviaron 49 correos``)."""

    __tablename__ = "figures"

    id: int | None = Field(default=None, primary_key=True)
    informe_id: int = Field(foreign_key="informes.id", index=True)
    value: int
    noun: str
    sentence: str
    section: str


class Passage(SQLModel, table=True):
    """A paragraph or list item of the informe with its section, for questions no table answers."""

    __tablename__ = "passages"

    id: int | None = Field(default=None, primary_key=True)
    informe_id: int = Field(foreign_key="informes.id", index=True)
    section: str
    position: int
    text: str
    # Section and text folded (lower case, no accents): what the database's full-text search indexes.
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})


class ImportRecord(SQLModel, table=True):
    """One attempt to import an informe, whatever its outcome: the store's history.

    A database with neither informes nor records never held an informe: only such a database gets the
    shipped informe on first use (a refused import leaves a record, so it never triggers that seeding).
    """

    __tablename__ = "imports"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_type=DateTime(timezone=True))
    source_name: str
    form: str | None = Field(default=None, max_length=20)
    year: int | None = None
    quarter: int | None = None
    status: str = Field(max_length=20)  # nuevo | actualizado | sin cambios | rechazado | ilegible | semilla
    forced: bool = False
    detail: str | None = None


class ReminderSubscription(SQLModel, table=True):
    """A chat that wants reminders before sessions, with its lead times."""

    __tablename__ = "reminder_subscriptions"

    chat_id: int = Field(primary_key=True, sa_type=BigInteger)
    enabled: bool = True
    leads: str  # seconds before the session, comma-separated: "86400,3600"
    blocked: bool = False  # the chat blocked the bot; it is not written to any more
    updated_at: dt.datetime = Field(sa_type=DateTime(timezone=True))


class ReminderDelivery(SQLModel, table=True):
    """One reminder (or change notice) delivered to one chat: the record that makes delivery exactly-once.

    ``lead_seconds`` is the lead time, or a negative code for notices (-1 rescheduled, -2 cancelled);
    ``planned_start`` is the session start the reminder was planned for, so a rescheduled session gets
    new reminders and a stale one is never sent.
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("session_id", "chat_id", "lead_seconds", "planned_start"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="sessions.id", index=True)
    chat_id: int = Field(sa_type=BigInteger)
    lead_seconds: int
    planned_start: dt.datetime = Field(sa_type=DateTime(timezone=True))
    status: str = Field(default="enviado", max_length=20)  # enviando (claimed) | enviado | bloqueado
    claimed_at: dt.datetime = Field(sa_type=DateTime(timezone=True))
    delivered_at: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ButtonPayload(SQLModel, table=True):
    """What a button stands for (a suggested question, the pages of a long answer), shared by every bot
    process: Telegram's 64-byte callback data only carries the key."""

    __tablename__ = "button_payloads"

    chat_id: int = Field(primary_key=True, sa_type=BigInteger)
    kind: str = Field(primary_key=True, max_length=10)  # choice | pages
    key: str = Field(primary_key=True, max_length=20)
    payload: str  # JSON
    created_at: dt.datetime = Field(sa_type=DateTime(timezone=True), index=True)


class ConversationContext(SQLModel, table=True):
    """The last question of a chat and what its answer was about, so that any bot process can answer a
    follow-up ("¿y en diciembre?"); forgotten after a quarter of an hour."""

    __tablename__ = "conversation_contexts"

    chat: str = Field(primary_key=True, max_length=64)
    frame: str  # JSON of the question frame
    items: str  # JSON of what the answer was about
    updated_at: dt.datetime = Field(sa_type=DateTime(timezone=True), index=True)


INFORME_OWNED: tuple[type[SQLModel], ...] = (
    CommissionMember,
    Attendance,
    Acuerdo,
    AcuerdoMention,
    Convenio,
    Activity,
    Figure,
    Passage,
)
"""Tables whose rows belong to one informe and are replaced when it is imported again."""
