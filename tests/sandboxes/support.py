"""Helpers for the sandbox tests: a Kounta sandbox pinned to a fixed "now", credentials, a real
HTTP server in a thread, and a webhook receiver that keeps what it was sent."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anyio.to_thread
import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from junction.sandboxes._kit import Sandbox
from junction.sandboxes.kounta import CLIENTS, KountaOptions, KountaState, create_kounta_sandbox
from junction.sandboxes.kounta.models import COMPANY_TZ

# A Wednesday late morning in Brisbane: the seeded data is the 90 days before it, plus that
# morning's sales and open orders.
NOW = datetime(2026, 3, 18, 11, 30, tzinfo=COMPANY_TZ)
PRIMARY, SECOND = CLIENTS
JSON = {"Accept": "application/json"}
BASE = "http://kounta.test"
STARTUP_TIMEOUT = 30.0


def kounta(
    profile: str = "default",
    seed: int = 5678,
    options: KountaOptions | None = None,
    base_url: str | None = None,
) -> Starlette:
    return create_kounta_sandbox(seed, profile, base_url, now=NOW, options=options)


def sandbox_of(app: ASGIApp) -> Sandbox[KountaState]:
    assert isinstance(app, Starlette)
    sandbox: Sandbox[KountaState] = app.state.sandbox
    return sandbox


def basic(client_id: str = PRIMARY.client_id, secret: str = PRIMARY.client_secret) -> dict[str, str]:
    token = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}", **JSON}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **JSON}


def client_for(app: ASGIApp, base_url: str = BASE) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


async def walk(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_pages: int = 500
) -> list[Any]:
    """Every record of a list, following X-Next-Page."""
    records: list[Any] = []
    next_url: str | None = url
    for _ in range(max_pages):
        if not next_url:
            return records
        response = await client.get(next_url, headers=headers)
        assert response.status_code == 200, response.text
        records.extend(response.json())
        next_url = response.headers.get("x-next-page")
    raise AssertionError(f"more than {max_pages} pages")


@contextmanager
def serve_in_thread(app: ASGIApp) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a thread; yield its base URL; stop it."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, lifespan="off", log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT)
        assert not thread.is_alive(), "the test server did not stop"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A webhook endpoint. It answers `statuses` in turn (then 200), and while `hold` is clear it
    keeps each request waiting (at most `hold_limit` seconds)."""

    statuses: list[int] = field(default_factory=list)
    hold: threading.Event = field(default_factory=threading.Event)
    hold_limit: float = 10.0
    received: list[Received] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.hold.set()

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            body = await request.body()
            self.received.append(Received(request.url.path, dict(request.headers), body))
            self.arrived.set()
            await anyio.to_thread.run_sync(self.hold.wait, self.hold_limit)
            return Response(status_code=self.statuses.pop(0) if self.statuses else 200)

        return Starlette(routes=[Route("/{path:path}", hook, methods=["POST"])])

    async def wait_for(self, count: int, within: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + within
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.received)} deliveries arrived, expected {count}")
            await asyncio.sleep(0.02)
        return self.received
