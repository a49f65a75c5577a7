"""Every registered connector against its sandbox, over real HTTP, under every fault in turn."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from junction.connectors._framework.registry import (
    BUILTIN_MODULES,
    ConnectorRegistry,
    check_manifest_matches,
    load_modules,
)
from junction.connectors._framework.testing import CHECKS, TEST_TIMEOUT, Harness
from junction.sandboxes import DEFAULT_SEEDS, SANDBOXES
from junction.sandboxes.connect import SANDBOX_CONNECTIONS
from tests.support.live_server import serve_in_thread
from tests.support.tryton import tryton_behind_proxy

# Connectors shown against the provider's real software (run here) rather than an emulator.
REAL_PROVIDERS = frozenset({"tryton"})
REAL_PROVIDER_TIMEOUT = httpx.Timeout(10.0)
REGISTRY = ConnectorRegistry()
load_modules(REGISTRY, BUILTIN_MODULES)
CONNECTORS = {c.manifest.slug: c for c in REGISTRY.connectors()}


def test_every_builtin_connector_has_a_sandbox_and_an_honest_manifest() -> None:
    assert CONNECTORS, "no connector registered"
    for slug, connector in CONNECTORS.items():
        check_manifest_matches(connector)
        assert slug in SANDBOX_CONNECTIONS or slug in REAL_PROVIDERS, (
            f"{slug} has no sandbox to run its conformance suite against"
        )


@dataclass(frozen=True)
class Provider:
    slug: str
    url: str
    # Static credentials (the real providers'); None: the sandbox binding's own.
    credentials: dict[str, str] | None = None


@pytest.fixture(scope="module", params=sorted(CONNECTORS))
def provider(request: pytest.FixtureRequest) -> Iterator[Provider]:
    slug = request.param
    if slug == "tryton":
        with tryton_behind_proxy() as (server, url):
            yield Provider(slug, url, {**server.credentials, "base_url": url})
        return
    binding = SANDBOX_CONNECTIONS[slug]
    app = SANDBOXES[binding.sandbox](
        DEFAULT_SEEDS[binding.sandbox], "default", None, webhook_targets="loopback"
    )
    with serve_in_thread(app) as url:  # type: ignore[arg-type]
        yield Provider(slug, url)


@pytest.fixture
async def harness(provider: Provider) -> AsyncIterator[Harness]:
    slug, url = provider.slug, provider.url
    async with httpx.AsyncClient(base_url=url, timeout=30) as control:
        await control.post("/_sandbox/reset", json={})
        today = dt.date.fromisoformat((await control.get("/_sandbox")).json()["today"])
        if provider.credentials is not None:
            credentials = provider.credentials
            refused = {**credentials, "api_key": "not-a-key-of-this-server"}
        else:
            binding = SANDBOX_CONNECTIONS[slug]
            credentials = await binding.credentials(url)
            refused = binding.refused_credentials(credentials)
        harness = Harness(
            CONNECTORS[slug],
            url,
            credentials,
            today,
            control,
            refused_credentials=refused,
            timeout=REAL_PROVIDER_TIMEOUT if slug in REAL_PROVIDERS else TEST_TIMEOUT,
        )
        try:
            yield harness
        finally:
            await harness.close()


@pytest.mark.parametrize("check", sorted(CHECKS))
async def test_conformance(harness: Harness, check: str) -> None:
    await CHECKS[check](harness)
