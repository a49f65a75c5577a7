"""A customer created at the till reaches the account's endpoint as `pos.customer.created`: the
Kounta sandbox delivers its signed webhook over real HTTP to the address Junction registered
when the connection was made, and a job maps it to the unified customer."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from junction.app import create_app
from junction.config import Settings
from junction.connectors._framework.registry import ConnectorRegistry
from junction.connectors.kounta import KountaConnector
from junction.connectors.kounta.manifest import KOUNTA_INTEGRATION_ID
from junction.runtime import Runtime
from junction.sandboxes import create_kounta_sandbox
from tests.factories import create_consumer, create_tenant, create_webhook
from tests.support.live_server import serve_in_thread
from tests.support.receiver import Receiver, eventually


@pytest.fixture(scope="module")
def kounta_url() -> Iterator[str]:
    with serve_in_thread(create_kounta_sandbox()) as url:  # type: ignore[arg-type]
        yield url


@pytest.fixture(scope="module")
def junction_url(settings: Settings) -> Iterator[str]:
    registry = ConnectorRegistry()
    registry.register(KountaConnector)
    own = settings.model_copy(update={"jobs_queue": f"kounta-{uuid.uuid4().hex[:12]}", "sandboxes": False})
    with serve_in_thread(create_app(own, registry)) as url:
        yield url


async def test_a_customer_created_at_the_till_reaches_the_account(
    runtime: Runtime, junction_url: str, kounta_url: str, receiver: Receiver
) -> None:
    async with (
        httpx.AsyncClient(base_url=junction_url, timeout=30) as junction,
        httpx.AsyncClient(base_url=kounta_url, timeout=30) as kounta,
    ):
        tenant = await create_tenant(runtime, junction)
        await create_webhook(junction, tenant, "pos.customer.created", receiver.url(), signingsecret="s")
        consumer = await create_consumer(junction, tenant)
        created = await junction.post(
            f"/consumers/{consumer['consumerid']}/connections",
            json={
                "integrationid": KOUNTA_INTEGRATION_ID,
                "credentials": [
                    {"key": "client_id", "value": "kounta-sandbox-client"},
                    {"key": "client_secret", "value": "kounta-sandbox-secret"},
                    {"key": "base_url", "value": kounta_url},
                ],
            },
            headers=tenant.headers,
        )
        assert created.status_code == 200, created.text

        async def registered() -> list[dict[str, object]]:
            hooks = (
                await kounta.get(
                    "/v1/companies/me/webhooks",
                    auth=("kounta-sandbox-client", "kounta-sandbox-secret"),
                    headers={"Accept": "application/json"},
                )
            ).json()
            ours = [h for h in hooks if str(h["address"]).startswith(junction_url)]
            # Registration is one call per topic, in a job: wait for all four.
            return ours if len(ours) >= 4 else []

        hooks = await eventually(registered)
        assert {h["topic"] for h in hooks} >= {"customers/created", "orders/completed"}

        simulated = await kounta.post("/_sandbox/simulate/customers/created", json={})
        assert simulated.status_code < 300, simulated.text

        [delivery] = await eventually(lambda: receiver.on("/hook"))
        body = delivery.json()
        assert body["event"] == "pos.customer.created"
        assert body["consumerid"] == consumer["consumerid"]
        customer = body["data"]
        assert customer["id"]
        assert customer["name"]
        fetched = await junction.get(
            f"/consumers/{consumer['consumerid']}/pos/customers/{customer['id']}", headers=tenant.headers
        )
        assert fetched.json()["email"] == customer["email"]
