"""Incoming provider webhooks, end to end with a connector that receives them: registered at the
provider when the connection is made, verified, stored once, turned by a job into the unified
event the account's endpoint receives, and removed from the provider with the connection."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from junction.app import create_app
from junction.config import Settings
from junction.connectors._framework.registry import ConnectorRegistry
from junction.db import unit_of_work
from junction.models import InboundWebhook
from junction.runtime import Runtime
from junction.webhook import inbound
from tests.factories import Tenant, create_consumer, create_tenant, create_webhook
from tests.support import connectors
from tests.support.provider import STATE, SentWebhook, sign
from tests.support.receiver import Receiver, eventually

API_KEY = "hooks-key-1"


@pytest.fixture(scope="module")
async def hooks_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """An app whose catalog also has the sample POS that sends webhooks, with a queue of its own
    (the session app's consumer does not know that connector)."""
    registry = ConnectorRegistry()
    for connector in (*connectors.CONNECTORS, *connectors.WEBHOOK_CONNECTORS):
        registry.register(connector)
    own = settings.model_copy(update={"jobs_queue": f"hooks-{uuid.uuid4().hex[:12]}"})
    app = create_app(own, registry)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def hooks(hooks_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=hooks_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://junction.test") as client:
        yield client


async def connect(hooks: httpx.AsyncClient, tenant: Tenant, consumer_id: str) -> str:
    STATE.valid_keys.add(API_KEY)
    response = await hooks.post(
        f"/consumers/{consumer_id}/connections",
        json={
            "integrationid": connectors.HOOKS_POS_ID,
            "name": "Till",
            "credentials": [{"key": "api_key", "value": API_KEY}, {"key": "shop_name", "value": "Bistro"}],
        },
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["connectionid"])


async def send(hooks: httpx.AsyncClient, sent: SentWebhook, **headers: str) -> httpx.Response:
    """What the provider does: POST the signed body to the registered address."""
    return await hooks.post(urlsplit(sent.url).path, content=sent.body, headers={**sent.headers, **headers})


async def test_a_customer_created_at_the_provider_reaches_the_account_as_a_unified_event(
    hooks: httpx.AsyncClient, hooks_app: FastAPI, receiver: Receiver
) -> None:
    runtime: Runtime = hooks_app.state.runtime
    tenant = await create_tenant(runtime, hooks)
    await create_webhook(hooks, tenant, "pos.customer.created", receiver.url(), signingsecret="s")
    consumer = await create_consumer(hooks, tenant)
    connection_id = await connect(hooks, tenant, consumer["consumerid"])

    # Registered at the provider by a job, at this connection's own address.
    [(url, _key)] = await eventually(lambda: list(STATE.webhooks.values()))
    info = (
        await hooks.get(
            f"/consumers/{consumer['consumerid']}/connections/{connection_id}/inbound-webhook",
            headers=tenant.headers,
        )
    ).json()
    assert (info["url"], info["registration"], info["received"]) == (url, "registered", 0)
    assert urlsplit(url).path.startswith("/webhooks/inbound/hookspos/")

    customer_id = STATE.customer_created_by_provider(
        given_name="Grace", family_name="Hopper", email="grace@example.com", phone="+3247000001"
    )
    [sent] = STATE.outbox
    acknowledged = await send(hooks, sent)
    assert (acknowledged.status_code, acknowledged.json()) == (200, {"status": "received"})

    [delivery] = await eventually(lambda: receiver.on("/hook"))
    body = delivery.json()
    assert (body["event"], body["api"], body["consumerid"], body["connectionid"]) == (
        "pos.customer.created",
        "Point of Sale",
        consumer["consumerid"],
        connection_id,
    )
    assert body["integrationid"] == connectors.HOOKS_POS_ID
    assert body["data"]["id"] == customer_id
    assert (body["data"]["first_name"], body["data"]["last_name"], body["data"]["email"]) == (
        "Grace",
        "Hopper",
        "grace@example.com",
    )

    # The provider sends it again: stored once, delivered once.
    again = await send(hooks, sent)
    assert again.json() == {"status": "duplicate"}
    STATE.announce("customer.updated", customer_id)  # an event nobody subscribed to
    await send(hooks, STATE.outbox[-1])

    async def counted() -> Any:
        item = (
            await hooks.get(
                f"/consumers/{consumer['consumerid']}/connections/{connection_id}/inbound-webhook",
                headers=tenant.headers,
            )
        ).json()
        return item["received"] == 2 and item

    await eventually(counted)
    assert len(receiver.on("/hook")) == 1


async def test_unsigned_badly_signed_and_unknown_addresses_are_refused(
    hooks: httpx.AsyncClient, hooks_app: FastAPI
) -> None:
    runtime: Runtime = hooks_app.state.runtime
    tenant = await create_tenant(runtime, hooks)
    consumer = await create_consumer(hooks, tenant)
    connection_id = await connect(hooks, tenant, consumer["consumerid"])
    [(url, key)] = await eventually(lambda: list(STATE.webhooks.values()))
    path = urlsplit(url).path
    body = b'{"event_id": "e1", "topic": "customer.created", "customer_id": "c0001"}'

    unsigned = await hooks.post(path, content=body)
    assert (unsigned.status_code, unsigned.json()["error_code"]) == (401, "ERROR_WEBHOOK_SIGNATURE_INVALID")
    forged = await hooks.post(path, content=body, headers={"x-sample-signature": sign("guess", body)})
    assert forged.status_code == 401
    tampered = await hooks.post(
        path, content=body.replace(b"c0001", b"c0002"), headers={"x-sample-signature": sign(key, body)}
    )
    assert tampered.status_code == 401

    token = path.rsplit("/", 1)[1]
    made_up = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for wrong in (f"/webhooks/inbound/hookspos/{made_up}", f"/webhooks/inbound/samplepos/{token}"):
        refused = await hooks.post(wrong, content=body, headers={"x-sample-signature": sign(key, body)})
        assert refused.status_code == 404, wrong
    by_id = await hooks.post(
        f"/webhooks/inbound/{connectors.HOOKS_POS_ID}/{token}",
        content=body,
        headers={"x-sample-signature": sign(key, body)},
    )
    assert by_id.json() == {"status": "received"}

    # Deleting the connection removes the provider's webhook; its address then answers 404.
    deleted = await hooks.delete(
        f"/consumers/{consumer['consumerid']}/connections/{connection_id}", headers=tenant.headers
    )
    assert deleted.status_code == 204
    await eventually(lambda: not STATE.webhooks)
    gone = await hooks.post(path, content=body, headers={"x-sample-signature": sign(key, body)})
    assert gone.status_code == 404


async def test_a_webhook_the_connector_cannot_handle_is_retried_then_becomes_an_issue(
    hooks: httpx.AsyncClient, hooks_app: FastAPI
) -> None:
    runtime: Runtime = hooks_app.state.runtime
    tenant = await create_tenant(runtime, hooks)
    consumer = await create_consumer(hooks, tenant)
    await connect(hooks, tenant, consumer["consumerid"])
    await eventually(lambda: STATE.webhooks)
    # It names a customer the provider does not have: the job's fetch fails.
    STATE.announce("customer.created", "missing-customer")
    assert (await send(hooks, STATE.outbox[-1])).json() == {"status": "received"}

    async with unit_of_work(runtime.sessionmaker) as session:
        stored = await session.scalar(
            select(InboundWebhook).where(InboundWebhook.account_id == uuid.UUID(tenant.account_id))
        )
        assert stored is not None
    first_try = await eventually(lambda: tried(runtime, stored.id))
    assert first_try.status == "received"
    assert first_try.error.startswith("ERROR_CUSTOMER_NOT_FOUND")
    # The engine's scheduler holds the next tries for 30 s, 60 s, …: run them now instead.
    for _ in range(inbound.MAX_ATTEMPTS - 1):
        await inbound.process(runtime, stored.id)
    final = await tried(runtime, stored.id)
    assert final is not None
    assert final.status == "failed"
    [issue] = (await hooks.get("/issues", headers=tenant.headers)).json()
    assert issue["error"]["error_code"] == "ERROR_INBOUND_WEBHOOK_FAILED"
    assert issue["consumer_id"] == consumer["consumerid"]


async def tried(runtime: Runtime, inbound_id: uuid.UUID) -> InboundWebhook | None:
    async with unit_of_work(runtime.sessionmaker) as session:
        row = await session.get(InboundWebhook, inbound_id)
    return row if row is not None and row.attempts >= 1 and row.lease_until is None else None
