"""Test fixtures: one migrated database per test session (SQLite by default, PostgreSQL when
JUNCTION_TEST_DATABASE_URL names one), the app over httpx.ASGITransport, and factories."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from junction.app import create_app
from junction.config import Settings, normalize_database_url
from junction.connectors._framework.registry import ConnectorRegistry
from junction.db import create_engine
from junction.migrate import upgrade_to_head
from junction.runtime import Runtime
from junction.sandboxes.tryton.server import RunningTryton, run_tryton
from tests.support import connectors
from tests.support.provider import STATE


def pytest_report_header() -> str:
    return f"junction database: {'PostgreSQL' if os.environ.get('JUNCTION_TEST_DATABASE_URL') else 'SQLite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    configured = os.environ.get("JUNCTION_TEST_DATABASE_URL")
    if configured:
        return normalize_database_url(configured)
    return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'junction.db'}"


@pytest.fixture(scope="session")
async def migrated_database(database_url: str) -> str:
    if database_url.startswith("postgresql"):
        engine = create_engine(database_url)
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    await upgrade_to_head(database_url)
    return database_url


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def settings(migrated_database: str, data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=migrated_database,
        # Jobs run inside the test app on both stores, on a queue of this session's own (other
        # processes of the run may share the PostgreSQL database).
        jobs_in_process=True,
        jobs_queue=f"tests-{uuid.uuid4().hex[:12]}",
        # Webhooks go to the tests' receivers on 127.0.0.1, never anywhere else.
        webhook_private_targets="loopback",
        webhook_allowed_hosts="127.0.0.1",
        # Retries a second, then two, apart (the default spreads them over a day).
        webhook_retry_schedule="1,2",
        webhook_timeout_seconds=3,
    )


@pytest.fixture(scope="session")
def registry() -> ConnectorRegistry:
    registry = ConnectorRegistry()
    for connector in connectors.CONNECTORS:
        registry.register(connector)
    return registry


@pytest.fixture(scope="session")
async def app(settings: Settings, registry: ConnectorRegistry) -> AsyncIterator[FastAPI]:
    app = create_app(settings, registry)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(scope="session")
def runtime(app: FastAPI) -> Runtime:
    return app.state.runtime  # type: ignore[no-any-return]


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://junction.test") as client:
        yield client


@pytest.fixture(autouse=True)
def provider_state() -> Iterator[None]:
    STATE.reset()
    yield
    STATE.reset()


@pytest.fixture(scope="module")
def tryton() -> Iterator[RunningTryton]:
    """A real Tryton for one test module: a copy of the template database, on loopback."""
    with run_tryton() as server:
        yield server
