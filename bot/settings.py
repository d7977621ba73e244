"""Settings read from environment variables or a ``.env`` file."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """SQLite file in the user's data folder (``$XDG_DATA_HOME/comisionbot``)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'comisionbot' / 'comisionbot.db'}"


class Settings(BaseSettings):
    """Everything the bot and the CLI can be configured with."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    tz: str = "America/Mexico_City"

    @property
    def zone(self) -> ZoneInfo:
        """The commission's time zone."""
        return ZoneInfo(self.tz)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
