"""Every setting in one place, read from `JUNCTION_*` environment variables."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "junction"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUNCTION_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    # The address users reach Junction at (links to the connect page, logos). When unset, the
    # address of the incoming request is used.
    public_url: str | None = None
    # Comma-separated Fernet keys, newest first. When unset, keys live in `<data_dir>/keys.json`.
    # Several API processes on several machines must share them, hence the override.
    secret_keys: str | None = None
    token_signing_key: str | None = None
    token_lifetime_seconds: int = 1800
    connect_link_lifetime_seconds: int = 1800
    # Comma-separated modules exposing `CONNECTORS`, registered beside the built-in ones.
    extra_connectors: str = ""
    log_json: bool = False
    log_level: str = "INFO"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "junction.db"

    @property
    def extra_connector_modules(self) -> list[str]:
        return [name.strip() for name in self.extra_connectors.split(",") if name.strip()]

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return normalize_database_url(self.database_url)
        return f"sqlite+aiosqlite:///{self.sqlite_path}"


def normalize_database_url(url: str) -> str:
    """Accept the URLs people paste (`postgres://`, `postgresql://`) and pick the async driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
