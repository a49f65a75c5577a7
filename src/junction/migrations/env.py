"""Alembic environment. Junction runs migrations itself (`junction migrate`, and on every
`junction serve`), handing over an open connection; plain `alembic` commands work too."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from junction.config import get_settings
from junction.db import create_engine
from junction.models import Base

target_metadata = Base.metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_standalone() -> None:
    engine = create_engine(get_settings().effective_database_url)
    async with engine.connect() as connection:
        await connection.run_sync(run_with)
        await connection.commit()
    await engine.dispose()


given = context.config.attributes.get("connection")
if given is not None:
    run_with(given)
else:
    asyncio.run(run_standalone())
