"""Outgoing webhooks as an account sees them: the contract's endpoints, signed deliveries to a real
receiver on 127.0.0.1, retries on schedule with a log row per attempt, replay, test events,
health, and the endpoint marked failing with an issue."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from junction.runtime import Runtime
from junction.webhook.events import CATALOG
from tests.factories import Tenant, connect_sample_pos, create_consumer, create_tenant, create_webhook
from tests.support.receiver import Receiver, eventually

SECRET = "whsk-test-signing-secret"
CONTRACT_FIELDS = {
    "webhookid",
    "accountid",
    "createdby",
    "createdon",
    "event",
    "url",
    "status",
    "integrationid",
}


async def logs_of(
    client: httpx.AsyncClient, tenant: Tenant, webhook_id: str, count: int
) -> list[dict[str, Any]]:
    async def enough() -> list[dict[str, Any]] | None:
        response = await client.get(f"/webhooks/{webhook_id}/logs", headers=tenant.headers)
        assert response.status_code == 200, response.text
        rows: list[dict[str, Any]] = response.json()
        return rows if len(rows) >= count else None

    rows: list[dict[str, Any]] = await eventually(enough)
    return sorted(rows, key=lambda row: (row["createdon"], row["attempt"]))


async def test_the_catalog_names_each_event_and_its_api(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    response = await client.get("/webhooks/list", headers=tenant.headers)
    assert response.status_code == 200
    apis = {item["event"]: item["api"] for item in response.json()}
    assert apis["account.connection.created"] is None
    assert apis["account.issue.closed"] is None
    assert apis["account.flow.execution.failed"] is None
    assert apis["pos.customer.created"] == "Point of Sale"
    assert apis["pos.order.completed"] == "Point of Sale"
    assert apis["pos.closure.created"] == "Point of Sale"
    assert apis["commerce.order.created"] == "eCommerce"
    assert apis["pms.invoice.closed"] == "Property Management System"
    assert set(apis) == {event.name for event in CATALOG}
    assert all(item["description"] and item["data"] for item in response.json())


async def test_webhooks_are_managed_as_the_contract_says(
    client: httpx.AsyncClient, runtime: Runtime, receiver: Receiver
) -> None:
    tenant = await create_tenant(runtime, client)
    created = await create_webhook(
        client, tenant, "account.connection.created", receiver.url(), signingsecret=SECRET
    )
    assert set(created) >= CONTRACT_FIELDS
    assert (created["status"], created["accountid"], created["signingsecret"]) == (
        "active",
        tenant.account_id,
        None,
    )
    webhook_id = created["webhookid"]

    duplicate = await client.post(
        "/webhooks",
        json={"event": "account.connection.created", "url": receiver.url()},
        headers=tenant.headers,
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["message"] == "There is already an existing webhook with the same url and type"

    unknown = await client.post(
        "/webhooks", json={"event": "account.nothing", "url": receiver.url()}, headers=tenant.headers
    )
    assert (unknown.status_code, unknown.json()["error_code"]) == (400, "ERROR_WEBHOOK_EVENT_NOT_VALID")
    bad_url = await client.post(
        "/webhooks", json={"event": "account.connection.created", "url": "not a url"}, headers=tenant.headers
    )
    assert (bad_url.status_code, bad_url.json()["error_code"]) == (400, "ERROR_WEBHOOK_URL_NOT_VALID")
    wrong_api = await client.post(
        "/webhooks",
        json={"event": "commerce.order.created", "url": receiver.url("/x"), "integrationid": 90001},
        headers=tenant.headers,
    )
    assert wrong_api.status_code == 400

    listed = (await client.get("/webhooks", headers=tenant.headers)).json()
    assert [w["webhookid"] for w in listed] == [webhook_id]
    patched = await client.patch(
        f"/webhooks/{webhook_id}",
        json={"status": "inactive", "url": receiver.url("/v2")},
        headers=tenant.headers,
    )
    assert patched.status_code == 200
    assert (patched.json()["status"], patched.json()["url"]) == ("inactive", receiver.url("/v2"))
    assert (await client.get("/webhooks", params={"status": "active"}, headers=tenant.headers)).json() == []

    stranger = await create_tenant(runtime, client, name="Someone Else")
    assert (await client.get(f"/webhooks/{webhook_id}", headers=stranger.headers)).status_code == 404

    assert (await client.delete(f"/webhooks/{webhook_id}", headers=tenant.headers)).status_code == 204
    gone = await client.get(f"/webhooks/{webhook_id}", headers=tenant.headers)
    assert gone.status_code == 404
    assert gone.json()["message"] == "The specified webhook could not be found for this account"


async def test_a_delivery_is_signed_both_ways_over_the_exact_body(
    client: httpx.AsyncClient, runtime: Runtime, receiver: Receiver
) -> None:
    tenant = await create_tenant(runtime, client)
    await create_webhook(client, tenant, "account.connection.created", receiver.url(), signingsecret=SECRET)
    consumer = await create_consumer(client, tenant)
    connection_id = await connect_sample_pos(client, tenant, consumer["consumerid"])

    [delivery] = await eventually(lambda: receiver.on("/hook"))
    payload = StandardWebhook(SECRET.encode()).verify(delivery.body, delivery.headers)
    expected = hmac.new(SECRET.encode(), delivery.body, hashlib.sha256).hexdigest()
    assert delivery.headers["x-chift-signature"] == expected
    assert delivery.headers["webhook-id"] == payload["id"]
    assert payload["accountid"] == tenant.account_id
    assert payload["event"] == "account.connection.created"
    assert payload["consumerid"] == consumer["consumerid"]
    assert isinstance(payload["created"], int)
    assert payload["data"] == {
        "connectionid": connection_id,
        "consumerid": consumer["consumerid"],
        "integrationid": 90001,
        "name": "Till",
        "status": "active",
    }
    # Compact JSON, as the contract signs it.
    assert b", " not in delivery.body
    assert b": " not in delivery.body

    tampered = delivery.body.replace(b'"Till"', b'"Tall"')
    with pytest.raises(WebhookVerificationError):
        StandardWebhook(SECRET.encode()).verify(tampered, delivery.headers)
    assert hmac.new(SECRET.encode(), tampered, hashlib.sha256).hexdigest() != expected


async def test_a_generated_secret_is_shown_once_and_verifies(
    client: httpx.AsyncClient, runtime: Runtime, receiver: Receiver
) -> None:
    tenant = await create_tenant(runtime, client)
    created = await create_webhook(client, tenant, "account.connection.created", receiver.url())
    secret = created["signingsecret"]
    assert secret.startswith("whsec_")
    assert (
        "signingsecret"
        not in (await client.get(f"/webhooks/{created['webhookid']}", headers=tenant.headers)).json()
    )
    sent = await client.post(f"/webhooks/{created['webhookid']}/test", headers=tenant.headers)
    assert sent.status_code == 200
    [delivery] = await eventually(lambda: receiver.on("/hook"))
    assert StandardWebhook(secret).verify(delivery.body, delivery.headers)["test"] is True


async def test_a_failing_receiver_is_retried_on_schedule_and_every_attempt_is_logged(
    client: httpx.AsyncClient, runtime: Runtime, receiver: Receiver
) -> None:
    tenant = await create_tenant(runtime, client)
    receiver.answer("/flaky", 500, 500)
    webhook = await create_webhook(client, tenant, "account.connection.created", receiver.url("/flaky"))
    consumer = await create_consumer(client, tenant)
    await connect_sample_pos(client, tenant, consumer["consumerid"])

    attempts = await eventually(lambda: len(receiver.on("/flaky")) >= 3 and receiver.on("/flaky"))
    assert len({a.webhook_id for a in attempts}) == 1
    assert len({a.body for a in attempts}) == 1
    # The test schedule waits 1 s, then 2 s (each ±10 %): never sooner.
    assert attempts[1].at - attempts[0].at >= 0.9
    assert attempts[2].at - attempts[1].at >= 1.8

    logs = await logs_of(client, tenant, webhook["webhookid"], 3)
    assert [(row["attempt"], row["httpstatus"], row["trigger"]) for row in logs] == [
        (1, 500, "event"),
        (2, 500, "retry"),
        (3, 200, "retry"),
    ]
    assert {row["messageid"] for row in logs} == {attempts[0].webhook_id}
    assert logs[0]["next_attempt_on"]
    assert logs[1]["next_attempt_on"]
    assert logs[2]["next_attempt_on"] is None
    assert logs[0]["response_excerpt"] == '{"status": 500}'
    assert all(row["duration_ms"] >= 0 and row["url"] == receiver.url("/flaky") for row in logs)
    health = (await client.get(f"/webhooks/{webhook['webhookid']}/health", headers=tenant.headers)).json()
    assert (health["health"], health["attempts_24h"], health["failed_attempts_24h"]) == ("healthy", 3, 2)
    assert health["pending_deliveries"] == 0


async def test_an_endpoint_that_keeps_failing_is_marked_failing_opens_an_issue_and_can_be_replayed(
    client: httpx.AsyncClient, runtime: Runtime, receiver: Receiver
) -> None:
    tenant = await create_tenant(runtime, client)
    receiver.answer("/down", 503, 503, 503)
    webhook = await create_webhook(client, tenant, "account.connection.created", receiver.url("/down"))
    consumer = await create_consumer(client, tenant)
    await connect_sample_pos(client, tenant, consumer["consumerid"])

    logs = await logs_of(client, tenant, webhook["webhookid"], 3)
    assert [row["httpstatus"] for row in logs] == [503, 503, 503]
    assert logs[-1]["next_attempt_on"] is None

    async def failing() -> dict[str, Any] | None:
        health: dict[str, Any] = (
            await client.get(f"/webhooks/{webhook['webhookid']}/health", headers=tenant.headers)
        ).json()
        return health if health["health"] == "failing" else None

    health = await eventually(failing)
    assert health["failing_since"]
    assert health["consecutive_failures"] == 1
    [issue] = (await client.get("/issues", headers=tenant.headers)).json()
    assert issue["error"]["error_code"] == "ERROR_WEBHOOK_ENDPOINT_FAILING"
    assert (issue["webhook_id"], issue["level"], issue["status"]) == (webhook["webhookid"], "error", "open")
    assert receiver.url("/down") in issue["error"]["description"]

    replay = await client.post(
        f"/webhooks/{webhook['webhookid']}/logs/{logs[-1]['webhooklogid']}/replay", headers=tenant.headers
    )
    assert replay.status_code == 200, replay.text
    assert replay.json()["messageid"] == logs[0]["messageid"]
    replayed = await eventually(lambda: len(receiver.on("/down")) == 4 and receiver.on("/down"))
    assert replayed[-1].webhook_id == replayed[0].webhook_id
    logs = await logs_of(client, tenant, webhook["webhookid"], 4)
    assert (logs[-1]["trigger"], logs[-1]["httpstatus"], logs[-1]["attempt"]) == ("replay", 200, 4)
    health = (await client.get(f"/webhooks/{webhook['webhookid']}/health", headers=tenant.headers)).json()
    assert (health["health"], health["failing_since"]) == ("healthy", None)


async def test_a_refusal_is_not_retried(
    client: httpx.AsyncClient, runtime: Runtime, receiver: Receiver
) -> None:
    tenant = await create_tenant(runtime, client)
    receiver.answer("/gone", 410)
    webhook = await create_webhook(client, tenant, "account.connection.created", receiver.url("/gone"))
    marker = await create_webhook(client, tenant, "account.connection.created", receiver.url("/marker"))
    consumer = await create_consumer(client, tenant)
    await connect_sample_pos(client, tenant, consumer["consumerid"])
    [log] = await logs_of(client, tenant, webhook["webhookid"], 1)
    assert (log["httpstatus"], log["next_attempt_on"]) == (410, None)
    await logs_of(client, tenant, marker["webhookid"], 1)
    assert len(receiver.on("/gone")) == 1


async def test_a_test_event_goes_to_that_endpoint_only_and_an_inactive_one_hears_nothing(
    client: httpx.AsyncClient, runtime: Runtime, receiver: Receiver
) -> None:
    tenant = await create_tenant(runtime, client)
    first = await create_webhook(client, tenant, "pos.customer.created", receiver.url("/first"))
    await create_webhook(client, tenant, "pos.customer.created", receiver.url("/second"))
    sent = await client.post(f"/webhooks/{first['webhookid']}/test", headers=tenant.headers)
    assert sent.json()["event"] == "pos.customer.created"
    [delivery] = await eventually(lambda: receiver.on("/first"))
    body = delivery.json()
    assert (body["event"], body["test"], body["api"]) == ("pos.customer.created", True, "Point of Sale")
    assert body["data"]["email"] == "ada@example.com"
    assert receiver.on("/second") == []

    inactive = await create_webhook(client, tenant, "account.connection.created", receiver.url("/off"))
    await client.patch(
        f"/webhooks/{inactive['webhookid']}", json={"status": "inactive"}, headers=tenant.headers
    )
    await create_webhook(client, tenant, "account.connection.created", receiver.url("/on"))
    consumer = await create_consumer(client, tenant)
    await connect_sample_pos(client, tenant, consumer["consumerid"])
    await eventually(lambda: receiver.on("/on"))
    assert receiver.on("/off") == []


async def test_a_connections_life_is_told_to_its_account(
    client: httpx.AsyncClient, runtime: Runtime, receiver: Receiver
) -> None:
    tenant = await create_tenant(runtime, client)
    for event in ("created", "updated", "deleted"):
        await create_webhook(client, tenant, f"account.connection.{event}", receiver.url(f"/{event}"))
    consumer = await create_consumer(client, tenant)
    consumer_id = consumer["consumerid"]
    connection_id = await connect_sample_pos(client, tenant, consumer_id)
    renamed = await client.patch(
        f"/consumers/{consumer_id}/connections/{connection_id}",
        json={"name": "Bar till"},
        headers=tenant.headers,
    )
    assert renamed.status_code == 200
    deleted = await client.delete(
        f"/consumers/{consumer_id}/connections/{connection_id}", headers=tenant.headers
    )
    assert deleted.status_code == 204
    other = await create_consumer(client, tenant, name="Chez Other")
    other_connection = await connect_sample_pos(client, tenant, other["consumerid"])
    assert (
        await client.delete(f"/consumers/{other['consumerid']}", headers=tenant.headers)
    ).status_code == 204

    await eventually(lambda: len(receiver.on("/deleted")) == 2)
    [updated] = receiver.on("/updated")
    assert (updated.json()["data"]["name"], updated.json()["data"]["connectionid"]) == (
        "Bar till",
        connection_id,
    )
    deleted_ids = {d.json()["data"]["connectionid"] for d in receiver.on("/deleted")}
    assert deleted_ids == {connection_id, other_connection}
    assert len(receiver.on("/created")) == 2


async def test_the_logs_of_an_unknown_webhook_or_attempt_are_not_found(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert (await client.get(f"/webhooks/{unknown}/logs", headers=tenant.headers)).status_code == 404
    assert (await client.get(f"/webhooks/{unknown}/health", headers=tenant.headers)).status_code == 404
    replay = await client.post(f"/webhooks/{unknown}/logs/{unknown}/replay", headers=tenant.headers)
    assert replay.status_code == 404
