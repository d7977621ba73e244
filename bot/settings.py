"""Settings read from environment variables or a ``.env`` file."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.clock import COMMISSION_TZ
from bot.leads import LeadError, parse_leads

PUBLIC_BOT_API = "https://api.telegram.org"
TOKEN_RE = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{5,}")
WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


class SettingsError(ValueError):
    """A setting as written cannot be used; the message names it, in Spanish (never a secret's value)."""


# What each setting expects, said to the person who wrote it wrong.
EXPECTED = {
    "allowed_user_ids": "identificadores numéricos de Telegram separados por comas, o * para cualquier persona",
    "admin_user_ids": "identificadores numéricos de Telegram separados por comas (aquí no vale *)",
    "webhook_port": "un número de puerto, de 1 a 65535",
    "max_upload_bytes": "un número entero de bytes",
    "flood_burst": "un número entero de mensajes",
    "flood_interval": "un número de segundos",
    "stranger_window": "un número de segundos",
    "tz": "una zona horaria como America/Mexico_City",
    "database_url": "una URL como sqlite:///ruta/comisionbot.db o postgresql+psycopg://usuario:contraseña@servidor/base",
    "telegram_api_url": "una URL que empiece con https:// (o http://)",
    "reminder_leads": "anticipaciones como 24h,1h",
}
SECRET = frozenset({"bot_token", "webhook_secret", "database_url"})  # never echoed: they may carry a password


def default_database_url() -> str:
    """SQLite file in the user's data folder (``$XDG_DATA_HOME/comisionbot``)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'comisionbot' / 'comisionbot.db'}"


class Settings(BaseSettings):
    """Everything the bot and the CLI can be configured with."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    tz: str = COMMISSION_TZ
    bot_token: str | None = None
    telegram_api_url: str = PUBLIC_BOT_API
    allowed_user_ids: Annotated[frozenset[int] | Literal["*"], NoDecode] = frozenset()
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    max_upload_bytes: int = 5 * 1024 * 1024
    flood_burst: int = 10  # messages a person may send at once…
    flood_interval: float = 2.0  # …and then one every this many seconds
    stranger_window: float = 600.0  # one refusal per stranger per this many seconds
    reminder_leads: str = "24h,1h"
    heartbeat_file: Path | None = None

    @field_validator("allowed_user_ids", "admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        """``"123, 456"`` → {123, 456}; an empty value means nobody; ``"*"`` (allowed only) means everyone."""
        if isinstance(value, str):
            if value.strip() == "*":
                return "*"
            return frozenset(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("webhook_port")
    @classmethod
    def _port(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError("fuera de rango")
        return value

    @field_validator("tz")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("no es una zona horaria conocida") from None
        return value.strip()

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        try:
            make_url(value).get_dialect()
        except (ArgumentError, NoSuchModuleError, ValueError):
            raise ValueError("no es una URL de base de datos que se pueda usar") from None
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api(cls, value: str) -> str:
        if not re.fullmatch(r"https?://[^\s/]+(?:/\S*)?", value.strip()):
            raise ValueError("no es una URL")
        return value.strip()

    @field_validator("reminder_leads")
    @classmethod
    def _leads(cls, value: str) -> str:
        try:
            parse_leads(value)
        except LeadError as error:
            raise ValueError(str(error)) from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The commission's time zone."""
        return ZoneInfo(self.tz)

    @property
    def api_root(self) -> str:
        """The Bot API root without a trailing slash."""
        return self.telegram_api_url.rstrip("/")

    @property
    def open_access(self) -> bool:
        """Whether anyone on Telegram may use the bot (``ALLOWED_USER_IDS=*``)."""
        return self.allowed_user_ids == "*"

    def is_allowed(self, user_id: int | None) -> bool:
        """Whether ``user_id`` may use the bot: admins always; listed staff; everyone only with ``*``."""
        if user_id is None:
            return False
        if self.allowed_user_ids == "*" or user_id in self.admin_user_ids:
            return True
        return user_id in self.allowed_user_ids

    @property
    def heartbeat_path(self) -> Path:
        """The heartbeat file of this instance: ``HEARTBEAT_FILE``, or one named after its database and bot."""
        if self.heartbeat_file is not None:
            return self.heartbeat_file
        bot_id = (self.bot_token or "").split(":", 1)[0]
        digest = hashlib.sha256(f"{self.database_url}|{bot_id}".encode()).hexdigest()[:16]
        folder = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
        return folder / f"comisionbot-{digest}.heartbeat"

    def token_problem(self) -> str | None:
        """What is wrong with ``BOT_TOKEN`` as written (never the token itself), or None."""
        if not self.bot_token:
            return "falta BOT_TOKEN"
        if not TOKEN_RE.fullmatch(self.bot_token.strip()):
            return "BOT_TOKEN no tiene la forma de un token de Telegram (número:clave, como 123456789:AA…)"
        return None

    def webhook_problem(self) -> str | None:
        """What keeps webhook mode from starting safely, or None."""
        if not self.webhook_url:
            return None
        if not self.webhook_secret:
            return (
                "WEBHOOK_URL está definido pero falta WEBHOOK_SECRET: sin él cualquiera podría enviarle "
                "actualizaciones falsas al bot. Define WEBHOOK_SECRET (de 1 a 256 letras, números, _ o -)."
            )
        if not WEBHOOK_SECRET_RE.fullmatch(self.webhook_secret):
            return "WEBHOOK_SECRET solo admite de 1 a 256 letras sin acentos, números, _ y -."
        return None

    def is_admin(self, user_id: int | None) -> bool:
        """Whether ``user_id`` may run admin actions (importing informes)."""
        return user_id is not None and user_id in self.admin_user_ids


def describe_error(error: ValidationError) -> str:
    """One Spanish line naming each setting that is wrong, what it holds (unless secret) and what it expects."""
    parts = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        name = field.upper() or "la configuración"
        written = problem.get("input")
        shown = f" («{str(written)[:40]}»)" if isinstance(written, str | int | float) and field not in SECRET else ""
        reason = str(problem.get("msg", "")).removeprefix("Value error, ").rstrip(".")
        detail = reason[:1].lower() + reason[1:] if field == "reminder_leads" else f"escribe {EXPECTED.get(field, '')}"
        parts.append(f"la variable {name} no es válida{shown}: {detail}")
    unique = list(dict.fromkeys(parts))
    line = "; ".join(unique)
    fix = "Corrígelas" if len(unique) > 1 else "Corrígela"
    return f"{line[:1].upper()}{line[1:]}. {fix} en el entorno o en el archivo .env."


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (read once); :class:`SettingsError` names a setting written wrong."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(describe_error(error)) from None
