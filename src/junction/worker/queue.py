"""The queue the jobs wait in: Huey, on the store the settings name (ADR 0010).

- Embedded default: SQLite, `<data_dir>/jobs.db`, beside the database (not in it: Huey keeps its
  own connection and its own tables, which the migrations know nothing about).
- At scale: PostgreSQL, the database's own server, schema `junction_jobs` (kept out of `public`
  for the same reason). Workers take jobs with `SELECT ... FOR UPDATE SKIP LOCKED` and wake on
  `LISTEN/NOTIFY`, so any number of `junction worker` processes on any machines share the work.
"""

from __future__ import annotations

import asyncio
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog
from huey import Huey, PostgresHuey, SqliteHuey
from huey.storage import PostgresStorage

from junction.config import Settings
from junction.worker.registry import TaskSpec, load_tasks

if TYPE_CHECKING:
    from junction.worker.runner import JobRunner

log = structlog.get_logger(__name__)

PG_SCHEMA = "junction_jobs"


@dataclass(frozen=True)
class Job:
    name: str
    args: tuple[Any, ...] = ()
    # Seconds from now; the engine's scheduler holds the job until then.
    delay: float | None = None


class ClosingPostgresStorage(PostgresStorage):  # type: ignore[misc]
    """Huey's PostgreSQL storage, closing every thread's LISTEN connection on close (Huey leaves
    them to the garbage collector, which warns about each)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._listeners: list[Any] = []
        self._listeners_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def _listen_conn(self) -> Any:
        connection = super()._listen_conn()
        with self._listeners_lock:
            if connection not in self._listeners:
                self._listeners.append(connection)
        return connection

    def close(self) -> bool:
        with self._listeners_lock:
            listeners, self._listeners = self._listeners, []
        for connection in listeners:
            self._close_quiet(connection)
        return bool(super().close())


class NoRunner(RuntimeError):
    """A job reached a process that only enqueues."""


def jobs_location(settings: Settings) -> tuple[str, str]:
    """("sqlite", path) or ("postgresql", libpq URL)."""
    url = settings.jobs_url or ("" if settings.embedded else settings.effective_database_url)
    if not url:
        return "sqlite", str(settings.data_dir / "jobs.db")
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql", "postgresql://" + url[len(prefix) :]
    for prefix in ("sqlite+aiosqlite:///", "sqlite:///"):
        if url.startswith(prefix):
            return "sqlite", url[len(prefix) :]
    return "sqlite", url


class JobQueue:
    """One per Runtime. Built lazily: a CLI command that enqueues nothing never opens it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.kind, self.location = jobs_location(settings)
        self.runner: JobRunner | None = None
        self._huey: Huey | None = None
        self._wrappers: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._in_flight: set[asyncio.Task[None]] = set()

    def describe(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite {self.location}, queue {self.settings.jobs_queue!r}"
        return f"PostgreSQL schema {PG_SCHEMA}, queue {self.settings.jobs_queue!r}"

    @property
    def huey(self) -> Huey:
        with self._lock:
            if self._huey is None:
                self._huey = self._build()
            return self._huey

    def _build(self) -> Huey:
        name = self.settings.jobs_queue
        huey: Huey
        if self.kind == "sqlite":
            Path(self.location).parent.mkdir(parents=True, exist_ok=True)
            huey = SqliteHuey(name=name, filename=self.location, results=False, utc=True, timeout=30)
        else:
            huey = PostgresHuey(
                name=name,
                dsn=self.location,
                results=False,
                utc=True,
                create_tables=False,
                storage_class=ClosingPostgresStorage,
                options=f"-c search_path={PG_SCHEMA}",
            )
            _create_postgres_tables(self.location, huey.storage.ddl)
        for spec in load_tasks().values():
            self._register(huey, spec)
        return huey

    def _register(self, huey: Huey, spec: TaskSpec) -> None:
        def execute(*args: Any) -> None:
            runner = self.runner
            if runner is None:
                raise NoRunner(f"job {spec.name} reached a process with no consumer")
            runner.run(spec, args)

        execute.__name__ = spec.name.replace(".", "_")
        execute.__module__ = __name__
        self._wrappers[spec.name] = huey.task(
            name=spec.name,
            retries=spec.retries,
            retry_delay=spec.retry_delay,
            retry_backoff=spec.retry_backoff,
        )(execute)
        if spec.schedule is not None:
            huey.periodic_task(spec.schedule, name=f"{spec.name}.periodic")(execute)

    def enqueue(self, jobs: Iterable[Job]) -> None:
        """Put jobs in the queue now (blocking: the store's own driver is synchronous)."""
        huey = self.huey
        for job in jobs:
            wrapper = self._wrappers.get(job.name)
            if wrapper is None:
                raise KeyError(f"no job is named {job.name!r}")
            if job.delay:
                wrapper.schedule(args=job.args, delay=job.delay)
            else:
                huey.enqueue(wrapper.s(*job.args))

    async def aenqueue(self, *jobs: Job) -> None:
        await asyncio.to_thread(self.enqueue, jobs)

    def submit(self, jobs: list[Job]) -> asyncio.Task[None] | None:
        """Enqueue from a commit hook: in the background when a loop runs (the caller may await
        the task), at once otherwise."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.enqueue(jobs)
            return None
        task = loop.create_task(self._enqueue_logged(jobs))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        return task

    async def _enqueue_logged(self, jobs: list[Job]) -> None:
        try:
            await self.aenqueue(*jobs)
        except Exception:
            # The rows the jobs stand for are committed; the sweepers enqueue them again.
            log.exception("jobs.enqueue_failed", jobs=[job.name for job in jobs])

    async def drain(self) -> None:
        """Wait for enqueues still under way (at shutdown)."""
        while self._in_flight:
            await asyncio.gather(*list(self._in_flight), return_exceptions=True)

    def pending_count(self) -> int:
        return int(self.huey.pending_count())

    def close(self) -> None:
        with self._lock:
            if self._huey is not None:
                self._huey.storage.close()


def _create_postgres_tables(dsn: str, ddl: list[str]) -> None:
    """Huey's tables, created once even when several processes start together (an advisory lock:
    `CREATE ... IF NOT EXISTS` alone races on PostgreSQL's catalog)."""
    import psycopg

    lock_id = zlib.crc32(b"junction.jobs.schema")
    with psycopg.connect(dsn) as connection, connection.transaction():
        connection.execute("select pg_advisory_xact_lock(%s)", (lock_id,))
        connection.execute(f"create schema if not exists {PG_SCHEMA}")
        connection.execute(f"set local search_path = {PG_SCHEMA}")
        for statement in ddl:
            connection.execute(statement)
