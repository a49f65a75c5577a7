"""Connector failures become issues: one per (connection, error code), counted, closed by itself
after a quiet period of successful calls, told to the account by webhooks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from junction.issue.service import issue_service
from junction.runtime import Runtime
from tests.factories import Tenant, connect_sample_pos, create_consumer, create_tenant, create_webhook
from tests.support.provider import STATE
from tests.support.receiver import eventually, running_receiver

NEW_CUSTOMER = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}


async def issues(client: httpx.AsyncClient, tenant: Tenant, **params: str) -> list[dict[str, Any]]:
    response = await client.get("/issues", params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_a_hundred_identical_failures_are_one_issue_which_success_closes(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    consumer_id = consumer["consumerid"]
    connection_id = await connect_sample_pos(client, tenant, consumer_id)
    with running_receiver() as receiver:
        for event in ("created", "updated", "closed"):
            await create_webhook(client, tenant, f"account.issue.{event}", receiver.url(f"/{event}"))

        # Writes are not repeated, so each call is one provider failure.
        STATE.fail_next = [500] * 100
        for _ in range(100):
            failed = await client.post(
                f"/consumers/{consumer_id}/pos/customers", json=NEW_CUSTOMER, headers=tenant.headers
            )
            assert failed.status_code == 502
            assert failed.json()["error_code"] == "ERROR_PROVIDER_UNAVAILABLE"

        [issue] = await issues(client, tenant)
        assert issue["occurrences"] == 100
        assert (issue["consumer_id"], issue["connection_id"], issue["integration_id"]) == (
            consumer_id,
            connection_id,
            90001,
        )
        assert (issue["integration_name"], issue["level"], issue["status"]) == ("Sample POS", "error", "open")
        assert issue["error"] == {
            "error_code": "ERROR_PROVIDER_UNAVAILABLE",
            "status": "open",
            "title": "The provider did not answer",
            "description": issue["error"]["description"],
        }
        assert "Sample POS" in issue["error"]["description"]
        assert issue["last_seen"] >= issue["created_on"]

        detail = (await client.get(f"/issues/{issue['id']}", headers=tenant.headers)).json()
        assert len(detail["events"]) == 100
        event = detail["events"][0]
        assert event["context"]["route"] == f"POST /consumers/{consumer_id}/pos/customers"
        assert event["context"]["calls"][0]["status_code"] == 500
        assert event["execution_id"]
        last = (
            await client.get(
                f"/issues/{issue['id']}", params={"last_execution_only": "true"}, headers=tenant.headers
            )
        ).json()
        assert [e["id"] for e in last["events"]] == [event["id"]]

        # Not for every occurrence: when it opens, then at 10 and 100.
        await eventually(lambda: len(receiver.on("/updated")) == 2)
        [opened] = receiver.on("/created")
        assert opened.json()["data"]["occurrences"] == 1
        assert [u.json()["data"]["occurrences"] for u in receiver.on("/updated")] == [10, 100]

        # The periodic job, run as if the quiet period had passed. No successful call yet: a quiet
        # period alone does not close it.
        last_seen = datetime.fromisoformat(issue["last_seen"])
        later = last_seen + timedelta(seconds=runtime.settings.issue_quiet_period_seconds + 1)
        await issue_service.close_quiet(runtime, later)
        assert [i["status"] for i in await issues(client, tenant)] == ["open"]
        listed = await client.get(f"/consumers/{consumer_id}/pos/customers", headers=tenant.headers)
        assert listed.status_code == 200
        # A success, but too early: the quiet period has not passed.
        await issue_service.close_quiet(runtime, last_seen + timedelta(seconds=1))
        assert [i["status"] for i in await issues(client, tenant)] == ["open"]
        await issue_service.close_quiet(runtime, later)

        [closed] = await issues(client, tenant, status="closed")
        assert (closed["id"], closed["status"], closed["error"]["status"]) == (
            issue["id"],
            "closed",
            "closed",
        )
        assert await issues(client, tenant, status="open") == []
        [told] = await eventually(lambda: receiver.on("/closed"))
        assert (told.json()["data"]["id"], told.json()["data"]["status"]) == (issue["id"], "closed")

        # The same error again reopens the same issue.
        STATE.fail_next = [500]
        await client.post(
            f"/consumers/{consumer_id}/pos/customers", json=NEW_CUSTOMER, headers=tenant.headers
        )
        [reopened] = await issues(client, tenant, status="open")
        assert (reopened["id"], reopened["occurrences"]) == (issue["id"], 101)
        await eventually(lambda: len(receiver.on("/updated")) == 3)


async def test_an_authentication_failure_deactivates_the_connection_and_says_what_to_do(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    consumer_id = consumer["consumerid"]
    connection_id = await connect_sample_pos(client, tenant, consumer_id, api_key="revoked-key")
    with running_receiver() as receiver:
        await create_webhook(client, tenant, "account.connection.updated", receiver.url())
        STATE.valid_keys.discard("revoked-key")
        refused = await client.get(f"/consumers/{consumer_id}/pos/customers", headers=tenant.headers)
        assert refused.json()["error_code"] == "ERROR_PROVIDER_AUTHENTICATION"

        [issue] = await issues(client, tenant)
        assert issue["error"]["error_code"] == "ERROR_PROVIDER_AUTHENTICATION"
        assert f"PATCH /consumers/{consumer_id}/connections/{connection_id}" in issue["error"]["description"]
        connection = (
            await client.get(f"/consumers/{consumer_id}/connections/{connection_id}", headers=tenant.headers)
        ).json()
        assert connection["status"] == "inactive"
        [told] = await eventually(lambda: receiver.on("/hook"))
        assert told.json()["data"]["status"] == "inactive"

        inactive = await client.get(f"/consumers/{consumer_id}/pos/customers", headers=tenant.headers)
        assert (inactive.status_code, inactive.json()["error_code"]) == (400, "ERROR_CONNECTION_INACTIVE")
        assert (await issues(client, tenant))[0]["occurrences"] == 1

        # The end user's fix: new credentials make the connection active again.
        STATE.valid_keys.add("fresh-key")
        fixed = await client.patch(
            f"/consumers/{consumer_id}/connections/{connection_id}",
            json={"credentials": [{"key": "api_key", "value": "fresh-key"}]},
            headers=tenant.headers,
        )
        assert fixed.status_code == 200
        assert (
            await client.get(f"/consumers/{consumer_id}/pos/customers", headers=tenant.headers)
        ).status_code == 200
        await eventually(lambda: len(receiver.on("/hook")) == 2)
        assert receiver.on("/hook")[-1].json()["data"]["status"] == "active"


async def test_answers_about_the_callers_own_request_are_not_issues(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    consumer_id = consumer["consumerid"]
    await connect_sample_pos(client, tenant, consumer_id)
    missing = await client.get(f"/consumers/{consumer_id}/pos/customers/nope", headers=tenant.headers)
    assert missing.status_code == 404
    rejected = await client.post(
        f"/consumers/{consumer_id}/pos/customers",
        json={"first_name": "No", "last_name": "Email"},
        headers=tenant.headers,
    )
    assert rejected.status_code == 400
    assert await issues(client, tenant) == []


async def test_issues_are_filtered_as_the_contract_says(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    first = await create_consumer(client, tenant)
    second = await create_consumer(client, tenant, name="Second")
    await connect_sample_pos(client, tenant, first["consumerid"])
    await connect_sample_pos(client, tenant, second["consumerid"])
    STATE.fail_next = [500, 429, 429, 429, 429]
    for consumer in (first, second):
        await client.post(
            f"/consumers/{consumer['consumerid']}/pos/customers", json=NEW_CUSTOMER, headers=tenant.headers
        )
    everything = await issues(client, tenant, status="all")
    assert {i["error"]["error_code"] for i in everything} == {
        "ERROR_PROVIDER_UNAVAILABLE",
        "ERROR_PROVIDER_RATE_LIMITED",
    }
    [warning] = await issues(client, tenant, level="warning")
    assert (warning["error"]["error_code"], warning["consumer_id"]) == (
        "ERROR_PROVIDER_RATE_LIMITED",
        second["consumerid"],
    )
    [error] = await issues(client, tenant, error_code="ERROR_PROVIDER_UNAVAILABLE")
    assert error["consumer_id"] == first["consumerid"]
    today = error["created_on"][:10]
    assert len(await issues(client, tenant, created_on=today, last_seen_on=today)) == 2
    assert await issues(client, tenant, created_on="2001-01-01") == []
    by_consumer = await client.get(f"/consumers/{second['consumerid']}/issues", headers=tenant.headers)
    assert [i["id"] for i in by_consumer.json()] == [warning["id"]]

    stranger = await create_tenant(runtime, client, name="Stranger")
    assert await issues(client, stranger) == []
    assert (await client.get(f"/issues/{error['id']}", headers=stranger.headers)).status_code == 404
    assert (
        await client.get(f"/consumers/{first['consumerid']}/issues", headers=stranger.headers)
    ).status_code == 404
    assert (await client.get("/issues/not-an-id", headers=tenant.headers)).status_code == 404
