"""OAuth2 through the platform: an expired Kounta token is refreshed once for concurrent calls,
and the rotated tokens are saved, encrypted, on the connection."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI

from junction.app import create_app
from junction.config import Settings
from junction.connection.credentials import unseal
from junction.connectors._framework.registry import ConnectorRegistry
from junction.connectors.kounta import KountaConnector
from junction.connectors.kounta.manifest import KOUNTA_INTEGRATION_ID
from junction.models import Connection
from junction.runtime import Runtime
from junction.sandboxes import create_kounta_sandbox
from junction.sandboxes.connect import SANDBOX_CONNECTIONS
from tests.factories import create_consumer, create_tenant
from tests.support.live_server import serve_in_thread


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    with serve_in_thread(create_kounta_sandbox()) as url:  # type: ignore[arg-type]
        yield url


@pytest.fixture(scope="module")
async def kounta_app(settings: Settings) -> AsyncIterator[FastAPI]:
    registry = ConnectorRegistry()
    registry.register(KountaConnector)
    app = create_app(settings.model_copy(update={"sandboxes": False}), registry)
    async with app.router.lifespan_context(app):
        yield app


async def test_concurrent_calls_refresh_an_expired_token_once(kounta_app: FastAPI, sandbox_url: str) -> None:
    runtime: Runtime = kounta_app.state.runtime
    credentials = await SANDBOX_CONNECTIONS["kounta"].oauth_credentials(sandbox_url)
    transport = httpx.ASGITransport(app=kounta_app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://junction.test") as client,
        httpx.AsyncClient(base_url=sandbox_url, timeout=30) as control,
    ):
        tenant = await create_tenant(runtime, client)
        consumer = await create_consumer(client, tenant)
        created = await client.post(
            f"/consumers/{consumer['consumerid']}/connections",
            json={
                "integrationid": KOUNTA_INTEGRATION_ID,
                "credentials": [{"key": k, "value": v} for k, v in credentials.items()],
            },
            headers=tenant.headers,
        )
        connection_id = uuid.UUID(created.json()["connectionid"])
        await control.post("/_sandbox/tokens/expire")
        await control.delete("/_sandbox/requests")

        url = f"/consumers/{consumer['consumerid']}/pos/locations"
        answers = await asyncio.gather(*(client.get(url, headers=tenant.headers) for _ in range(4)))

        assert [a.status_code for a in answers] == [200, 200, 200, 200]
        logged = (await control.get("/_sandbox/requests")).json()
        requests = logged["requests"] if isinstance(logged, dict) else logged
        token_calls = [r for r in requests if r["path"].startswith("/v1/token")]
        assert len(token_calls) == 1, token_calls

        async with runtime.sessionmaker() as session:
            row = await session.get(Connection, connection_id)
            assert row is not None
            assert row.credentials_encrypted is not None
            stored = unseal(runtime.keyring, row.credentials_encrypted)
        assert stored["refresh_token"] != credentials["refresh_token"]
        assert stored["access_token"] != credentials["access_token"]
        assert stored["access_token"] not in row.credentials_encrypted
        assert "access_token" not in created.text

        again = await client.get(url, headers=tenant.headers)
        assert again.status_code == 200
        requests = (await control.get("/_sandbox/requests")).json()
        requests = requests["requests"] if isinstance(requests, dict) else requests
        assert len([r for r in requests if r["path"].startswith("/v1/token")]) == 1
