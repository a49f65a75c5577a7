"""What a running Junction holds once: settings, database engine, key ring, connector registry.
Endpoints reach it through the dependencies below."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from junction.config import Settings
from junction.connectors._framework.pool import ClientPool
from junction.connectors._framework.registry import ConnectorRegistry
from junction.db import create_engine, create_sessionmaker, unit_of_work
from junction.kit.keyring import KeyRing, load_keyring


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    keyring: KeyRing
    registry: ConnectorRegistry
    clients: ClientPool = field(default_factory=ClientPool)

    @classmethod
    def build(cls, settings: Settings, registry: ConnectorRegistry) -> Runtime:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(settings.effective_database_url)
        return cls(settings, engine, create_sessionmaker(engine), load_keyring(settings), registry)


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with unit_of_work(get_runtime(request).sessionmaker) as session:
        yield session


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
# scope="function": the unit of work commits before the response is sent, so a failed commit
# is answered as an error instead of a success the database never kept.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
