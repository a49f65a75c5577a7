"""Every setting in one place, read from `JUNCTION_*` environment variables."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

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
    # Mount the provider sandboxes (emulated provider APIs) under `/sandboxes/<name>`.
    sandboxes: bool = True

    # --- Background jobs, webhooks, issues, request logs (ADRs 0010-0013) ---
    # Where jobs wait: unset means the database's own store (SQLite: `<data_dir>/jobs.db`;
    # PostgreSQL: the same database, schema `junction_jobs`). A `postgresql://` URL or a SQLite
    # path names another one.
    jobs_url: str | None = None
    # The queue's name: processes sharing a store and a name share the work.
    jobs_queue: str = "junction"
    # Consume jobs inside `junction serve`. Unset: yes on SQLite (nothing else to start), no on
    # PostgreSQL (API processes only enqueue; run `junction worker` processes).
    jobs_in_process: bool | None = None
    jobs_threads: int = Field(4, ge=1, le=64)
    # Webhook targets on private addresses: "none" (public addresses only), "loopback"
    # (127.0.0.0/8, ::1, localhost) or "all" (every private range). Unset: "loopback" on the
    # embedded SQLite default, for local development, "none" on PostgreSQL.
    webhook_private_targets: Literal["none", "loopback", "all"] | None = None
    # Comma-separated host names or addresses: when set, webhook targets must be one of them.
    webhook_allowed_hosts: str = ""
    webhook_timeout_seconds: float = Field(10.0, gt=0, le=60)
    # Seconds between delivery attempts after a failure (timeouts, 408, 429, 5xx): about a day
    # in all. After the last one the delivery fails, the endpoint is marked failing and an issue
    # opens.
    webhook_retry_schedule: str = "5,30,120,600,1800,3600,7200,14400,28800,28800"
    # An issue closes once its error has not been seen for this long and calls have succeeded.
    issue_quiet_period_seconds: int = Field(3600, ge=0)
    request_log_retention_days: int = Field(30, ge=1)

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

    @property
    def embedded(self) -> bool:
        """The database is SQLite: one machine, nothing else to start."""
        return self.effective_database_url.startswith("sqlite")

    @property
    def effective_jobs_in_process(self) -> bool:
        return self.embedded if self.jobs_in_process is None else self.jobs_in_process

    @property
    def effective_webhook_private_targets(self) -> str:
        if self.webhook_private_targets is not None:
            return self.webhook_private_targets
        return "loopback" if self.embedded else "none"

    @property
    def webhook_allowed_host_names(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.webhook_allowed_hosts.split(",") if h.strip())

    @property
    def webhook_retry_delays(self) -> tuple[float, ...]:
        return tuple(float(part) for part in self.webhook_retry_schedule.split(",") if part.strip())


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
