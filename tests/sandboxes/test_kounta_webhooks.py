"""Real webhook delivery: a receiver on 127.0.0.1 gets signed POSTs when customers are created or
updated and orders complete, through the API or at the "till" (`/_sandbox/simulate/...`)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from starlette.applications import Starlette

from junction.sandboxes.kounta import KountaOptions, create_kounta_sandbox
from tests.sandboxes.support import (
    NOW,
    PRIMARY,
    SECOND,
    Receiver,
    basic,
    client_for,
    kounta,
    sandbox_of,
    serve_in_thread,
)

HOOKS = "/v1/companies/me/webhooks.json"


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class Setup:
    app: Starlette
    api: httpx.AsyncClient
    receiver: Receiver
    url: str


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    receiver = Receiver()
    with serve_in_thread(receiver.app()) as url:
        yield receiver, url
        receiver.hold.set()


@pytest.fixture
async def setup(receiver: tuple[Receiver, str]) -> AsyncIterator[Setup]:
    app = kounta(options=KountaOptions(webhook_retry_delays=(0.05,)))
    async with client_for(app) as api:
        yield Setup(app, api, *receiver)
    await sandbox_of(app).webhooks.aclose()


async def subscribe(
    s: Setup, topic: str, path: str, auth: dict[str, str] | None = None, **extra: object
) -> None:
    response = await s.api.post(
        HOOKS, json={"topic": topic, "address": f"{s.url}/{path}", **extra}, headers=auth or basic()
    )
    assert response.status_code == 201, response.text


async def test_a_created_customer_is_delivered_signed_with_the_client_secret(setup: Setup) -> None:
    await subscribe(
        setup, "customers/created", "customers", headers={"X-Shop": "42", "Authorization": "Bearer r"}
    )
    setup.receiver.hold.clear()

    created = await setup.api.post(
        "/v1/companies/me/customers.json",
        json={"first_name": "Ann", "email": "ann@example.com", "reference_id": "shop-1"},
        headers=basic(),
    )
    # The API has answered while the receiver still holds the delivery: delivery never blocks it.
    assert created.status_code == 201
    assert sandbox_of(setup.app).webhooks.pending == 1
    setup.receiver.hold.set()
    [delivery] = await setup.receiver.wait_for(1)

    assert delivery.path == "/customers"
    assert delivery.headers["x-kounta-signature"] == signature(PRIMARY.client_secret, delivery.body)
    assert delivery.headers["x-shop"] == "42"
    assert delivery.headers["authorization"] == "Bearer r"
    assert delivery.headers["content-type"] == "application/json"
    customer = json.loads(delivery.body)
    assert (customer["first_name"], customer["reference_id"]) == ("Ann", "shop-1")
    assert created.headers["location"].endswith(f"/customers/{customer['id']}.json")


async def test_each_application_gets_its_own_view_and_signature(setup: Setup) -> None:
    second = basic(SECOND.client_id, SECOND.client_secret)
    await subscribe(setup, "customers/created", "first")
    await subscribe(setup, "customers/created", "second", auth=second)

    await setup.api.post(
        "/v1/companies/me/customers.json",
        json={"first_name": "Bo", "mobile": "0491 570 110", "reference_id": "mine"},
        headers=basic(),
    )
    deliveries = {d.path: d for d in await setup.receiver.wait_for(2)}

    first, other = deliveries["/first"], deliveries["/second"]
    assert first.headers["x-kounta-signature"] == signature(PRIMARY.client_secret, first.body)
    assert other.headers["x-kounta-signature"] == signature(SECOND.client_secret, other.body)
    assert json.loads(first.body)["reference_id"] == "mine"
    assert json.loads(other.body)["reference_id"] == ""


async def test_updates_respect_the_attribute_filter(setup: Setup) -> None:
    customer_id = next(iter(sandbox_of(setup.app).state.customers))
    url = f"/v1/companies/me/customers/{customer_id}.json"
    await subscribe(setup, "customers/updated", "any")
    await subscribe(setup, "customers/updated", "email-only", filter={"attributes": ["email"]})

    await setup.api.put(url, json={"tags": ["VIP"]}, headers=basic())
    await setup.receiver.wait_for(1)
    await setup.api.put(url, json={"email": "new.address@example.com"}, headers=basic())
    received = await setup.receiver.wait_for(3)

    assert sorted(d.path for d in received) == ["/any", "/any", "/email-only"]
    assert json.loads(received[-1].body)["email"] == "new.address@example.com"


async def test_completed_orders_and_the_site_filter(setup: Setup) -> None:
    state = sandbox_of(setup.app).state
    first_site, second_site = list(state.sites)
    product_id = next(iter(state.products))
    await subscribe(setup, "orders/completed", "second-site", filter={"site_ids": [second_site]})

    for site_id in (first_site, second_site):
        created = await setup.api.post(
            "/v1/companies/me/orders.json",
            json={"site_id": site_id, "status": "ON_HOLD", "lines": [{"product_id": product_id}]},
            headers=basic(),
        )
        order_url = created.headers["location"]
        await setup.api.put(order_url, json={"status": "COMPLETE"}, headers=basic())
    [delivery] = await setup.receiver.wait_for(1)
    await sandbox_of(setup.app).webhooks.wait_idle(5)

    order = json.loads(delivery.body)
    assert (order["status"], order["site_id"]) == ("COMPLETE", second_site)
    assert len(setup.receiver.received) == 1


async def test_simulated_till_events_fire_webhooks(setup: Setup) -> None:
    await subscribe(setup, "customers/created", "c")
    await subscribe(setup, "orders/completed", "o")
    await subscribe(setup, "reconciliations/created", "r")

    customer = await setup.api.post("/_sandbox/simulate/customers/created", json={"first_name": "Till"})
    sale = await setup.api.post("/_sandbox/simulate/orders/completed", json={})
    closed = await setup.api.post("/_sandbox/simulate/reconciliations/created")
    again = await setup.api.post("/_sandbox/simulate/reconciliations/created")
    unknown = await setup.api.post("/_sandbox/simulate/orders/exploded")
    received = await setup.receiver.wait_for(2 + len(closed.json()["objects"]))

    assert customer.status_code == sale.status_code == closed.status_code == 201
    assert customer.json()["objects"][0]["first_name"] == "Till"
    assert customer.json()["deliveries"] == 1
    assert again.status_code == 409
    assert unknown.status_code == 404
    assert {d.path for d in received} == {"/c", "/o", "/r"}
    till_sale = sale.json()["objects"][0]
    closures = [json.loads(d.body) for d in received if d.path == "/r"]
    site_closure = next(c for c in closures if c["site"]["id"] == till_sale["site_id"])
    recorded = sum(t["takings"]["recorded"] for t in site_closure["reconciliations"])
    assert recorded >= till_sale["paid"]


async def test_failed_deliveries_are_retried_and_logged(setup: Setup) -> None:
    setup.receiver.statuses = [500]
    await subscribe(setup, "customers/created", "flaky")

    await setup.api.post("/_sandbox/simulate/customers/created")
    await setup.receiver.wait_for(2)
    await sandbox_of(setup.app).webhooks.wait_idle(5)
    attempts = (await setup.api.get("/_sandbox/webhook-deliveries")).json()

    assert [(a["attempt"], a["status_code"]) for a in attempts] == [(1, 500), (2, 200)]
    assert attempts[0]["topic"] == "customers/created"
    assert attempts[0]["headers"]["X-Kounta-Signature"] == signature(
        PRIMARY.client_secret, attempts[0]["body"].encode()
    )


async def test_xml_format_is_signed_too(setup: Setup) -> None:
    await subscribe(setup, "customers/created", "xml", format="xml")

    await setup.api.post("/_sandbox/simulate/customers/created", json={"first_name": "Xena"})
    [delivery] = await setup.receiver.wait_for(1)

    assert delivery.headers["content-type"] == "application/xml"
    assert b"<first_name>Xena</first_name>" in delivery.body
    assert delivery.headers["x-kounta-signature"] == signature(PRIMARY.client_secret, delivery.body)


async def test_a_public_only_sandbox_does_not_relay_to_private_addresses(
    receiver: tuple[Receiver, str],
) -> None:
    listener, url = receiver
    app = create_kounta_sandbox(1, "small", now=NOW, webhook_targets="public")
    async with client_for(app) as api:
        await api.post(
            HOOKS, json={"topic": "customers/created", "address": f"{url}/internal"}, headers=basic()
        )
        await api.post("/_sandbox/simulate/customers/created")
        await sandbox_of(app).webhooks.wait_idle(5)
        attempts = (await api.get("/_sandbox/webhook-deliveries")).json()

    assert [(a["attempt"], a["status_code"], a["error"]) for a in attempts] == [
        (1, None, "address not allowed")
    ]
    assert listener.received == []
