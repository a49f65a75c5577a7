"""What a running Junction holds once: settings, database engine, key ring, connector registry.
Endpoints reach it through the dependencies below."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

import httpx
from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from junction.config import Settings
from junction.connectors._framework.pool import ClientPool
from junction.connectors._framework.registry import ConnectorRegistry
from junction.db import create_engine, create_sessionmaker, unit_of_work
from junction.kit.keyring import KeyRing, load_keyring
from junction.worker.enqueue import QUEUE_KEY, enqueued
from junction.worker.queue import JobQueue


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    keyring: KeyRing
    registry: ConnectorRegistry
    jobs: JobQueue
    clients: ClientPool = field(default_factory=ClientPool)
    webhook_http: httpx.AsyncClient = field(default_factory=lambda: webhook_client())

    @classmethod
    def build(cls, settings: Settings, registry: ConnectorRegistry) -> Runtime:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(settings.effective_database_url)
        jobs = JobQueue(settings)
        sessionmaker = create_sessionmaker(engine)
        # Every session can `defer` jobs; they reach this queue once it commits (ADR 0010).
        sessionmaker.configure(info={QUEUE_KEY: jobs})
        return cls(settings, engine, sessionmaker, load_keyring(settings), registry, jobs)


def webhook_client() -> httpx.AsyncClient:
    """For outgoing webhooks: no redirects (a 3xx could point inside the network), no proxy
    settings from the environment."""
    return httpx.AsyncClient(
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
    )


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


async def get_runtime(request: Request) -> Runtime:
    # async: FastAPI sends a plain-def dependency to the thread pool on every request.
    return runtime_of(request)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with unit_of_work(runtime_of(request).sessionmaker) as session:
        yield session
    # The answer waits until the jobs this commit released are in the queue.
    await enqueued(session)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
# scope="function": the unit of work commits before the response is sent, so a failed commit
# is answered as an error instead of a success the database never kept.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
