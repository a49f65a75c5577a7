"""A real Tryton for tests: a copy of the template built by `make test` (scripts/test.sh runs
`junction sandbox tryton --prepare`), started on loopback, optionally behind the fault proxy."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx

from junction.connectors._framework.testing import Harness
from junction.connectors.tryton import TrytonConnector
from junction.sandboxes.tryton.proxy import create_tryton_proxy
from junction.sandboxes.tryton.server import RunningTryton, run_tryton
from junction.unified import accounting as a
from tests.support.live_server import serve_in_thread


@contextmanager
def tryton_behind_proxy() -> Iterator[tuple[RunningTryton, str]]:
    """Tryton and the fault-injecting proxy in front of it; yields the server and the proxy's URL."""
    with run_tryton() as server, serve_in_thread(create_tryton_proxy(server.url)) as url:  # type: ignore[arg-type]
        yield server, url


@asynccontextmanager
async def tryton_harness(server: RunningTryton, today: dt.date) -> AsyncIterator[Harness]:
    """The Tryton connector wired to `server` the way the gateway wires it (no fault proxy: its
    control client is never used)."""
    async with httpx.AsyncClient() as unused_control:
        harness = Harness(TrytonConnector, server.url, server.credentials, today, unused_control)
        try:
            yield harness
        finally:
            await harness.close()


async def new_client(harness: Harness, **extra: Any) -> a.Client:
    """A new client with one French address."""
    item = a.ClientCreate(
        name=f"Client {secrets.token_hex(4)}",
        addresses=[
            a.AddressCreate(
                address_type=a.AddressType.main,
                street="3 quai Vert",
                city="Nantes",
                postal_code="44000",
                country="FR",
            )
        ],
        **extra,
    )
    client: a.Client = await harness.call("accounting.clients.create", item, a.PartnerCreateOptions())
    return client


def connection_to(server: RunningTryton, integration_id: int) -> dict[str, Any]:
    """The body of `Connection.create` that connects a consumer to `server`."""
    return {
        "integrationid": integration_id,
        "name": "Tryton",
        "credentials": [{"key": key, "value": value} for key, value in server.credentials.items()],
    }
