"""Settings read from environment variables or a ``.env`` file."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PUBLIC_BOT_API = "https://api.telegram.org"


def default_database_url() -> str:
    """SQLite file in the user's data folder (``$XDG_DATA_HOME/comisionbot``)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'comisionbot' / 'comisionbot.db'}"


class Settings(BaseSettings):
    """Everything the bot and the CLI can be configured with."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    tz: str = "America/Mexico_City"
    bot_token: str | None = None
    telegram_api_url: str = PUBLIC_BOT_API
    allowed_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    max_upload_bytes: int = 5 * 1024 * 1024
    flood_messages: int = 12
    flood_seconds: float = 30.0
    reminder_leads: str = "24h,1h"
    heartbeat_file: Path = Field(default_factory=lambda: Path(tempfile.gettempdir()) / "comisionbot.heartbeat")

    @field_validator("allowed_user_ids", "admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        """``"123, 456"`` → {123, 456}; an empty value means nobody."""
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The commission's time zone."""
        return ZoneInfo(self.tz)

    @property
    def api_root(self) -> str:
        """The Bot API root without a trailing slash."""
        return self.telegram_api_url.rstrip("/")

    def is_allowed(self, user_id: int | None) -> bool:
        """Whether ``user_id`` may use the bot (everyone when no list is set; admins always)."""
        if not self.allowed_user_ids:
            return True
        return user_id is not None and (user_id in self.allowed_user_ids or user_id in self.admin_user_ids)

    def is_admin(self, user_id: int | None) -> bool:
        """Whether ``user_id`` may run admin actions (importing informes)."""
        return user_id is not None and user_id in self.admin_user_ids


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
