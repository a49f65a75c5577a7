"""Every registered connector against its sandbox, over real HTTP, under every fault in turn."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from junction.connectors._framework.registry import (
    BUILTIN_MODULES,
    ConnectorRegistry,
    check_manifest_matches,
    load_modules,
)
from junction.connectors._framework.testing import CHECKS, Harness
from junction.sandboxes import DEFAULT_SEEDS, SANDBOXES
from junction.sandboxes.connect import SANDBOX_CONNECTIONS
from tests.support.live_server import serve_in_thread

REGISTRY = ConnectorRegistry()
load_modules(REGISTRY, BUILTIN_MODULES)
CONNECTORS = {c.manifest.slug: c for c in REGISTRY.connectors()}


def test_every_builtin_connector_has_a_sandbox_and_an_honest_manifest() -> None:
    assert CONNECTORS, "no connector registered"
    for slug, connector in CONNECTORS.items():
        check_manifest_matches(connector)
        assert slug in SANDBOX_CONNECTIONS, f"{slug} has no sandbox to run its conformance suite against"


@pytest.fixture(scope="module", params=sorted(CONNECTORS))
def sandbox_url(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    slug = request.param
    binding = SANDBOX_CONNECTIONS[slug]
    app = SANDBOXES[binding.sandbox](
        DEFAULT_SEEDS[binding.sandbox], "default", None, webhook_targets="loopback"
    )
    with serve_in_thread(app) as url:  # type: ignore[arg-type]
        yield slug, url


@pytest.fixture
async def harness(sandbox_url: tuple[str, str]) -> AsyncIterator[Harness]:
    slug, url = sandbox_url
    binding = SANDBOX_CONNECTIONS[slug]
    async with httpx.AsyncClient(base_url=url, timeout=30) as control:
        await control.post("/_sandbox/reset", json={})
        today = dt.date.fromisoformat((await control.get("/_sandbox")).json()["today"])
        credentials = await binding.credentials(url)
        harness = Harness(
            CONNECTORS[slug],
            url,
            credentials,
            today,
            control,
            refused_credentials=binding.refused_credentials(credentials),
        )
        try:
            yield harness
        finally:
            await harness.close()


@pytest.mark.parametrize("check", sorted(CHECKS))
async def test_conformance(harness: Harness, check: str) -> None:
    await CHECKS[check](harness)
