"""The log of every unified call, read back through the API: filters, pages, no secrets, and a
retention period."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy import select

from junction.db import unit_of_work
from junction.models import RequestLog
from junction.request_log.service import request_log_service
from junction.runtime import Runtime
from tests.factories import connect_sample_pos, create_consumer, create_tenant
from tests.support.provider import STATE

SECRET_KEY = "sk_live_REQUESTLOG_secret_value"


async def test_unified_calls_are_logged_and_filtered(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    first = await create_consumer(client, tenant)
    second = await create_consumer(client, tenant, name="Second")
    first_connection = await connect_sample_pos(client, tenant, first["consumerid"], api_key=SECRET_KEY)
    await connect_sample_pos(client, tenant, second["consumerid"], api_key=SECRET_KEY)
    STATE.seed(3)
    started = datetime.now(UTC) - timedelta(seconds=1)
    for _ in range(3):
        ok = await client.get(f"/consumers/{first['consumerid']}/pos/customers", headers=tenant.headers)
        assert ok.status_code == 200
    missing = await client.get(f"/consumers/{first['consumerid']}/pos/customers/nope", headers=tenant.headers)
    assert missing.status_code == 404
    await client.get(
        f"/consumers/{second['consumerid']}/pos/customers",
        headers={**tenant.headers, "x-chift-client-requestid": "not-for-reads"},
    )

    async def page(**params: str) -> dict[str, Any]:
        response = await client.get("/request-logs", params=params, headers=tenant.headers)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    everything = await page()
    assert everything["total"] == 5
    items = everything["items"]
    assert isinstance(items, list)
    newest = items[0]
    assert newest["consumerid"] == second["consumerid"]
    assert newest["client_request_id"] == "not-for-reads"
    assert newest["provider_calls"][0]["status_code"] == 200
    assert newest["provider_calls"][0]["duration_ms"] >= 0

    by_consumer = await page(consumer_id=first["consumerid"])
    assert by_consumer["total"] == 4
    by_connection = await page(connection_id=first_connection, status="success")
    assert by_connection["total"] == 3
    errors = await page(status="4xx")
    [error] = errors["items"]
    assert (error["status_code"], error["error_code"]) == (404, "ERROR_CUSTOMER_NOT_FOUND")
    assert (await page(status="404"))["total"] == 1
    assert (await page(status="error"))["total"] == 1
    assert (await page(date_from=started.isoformat()))["total"] == 5
    assert (await page(date_to=started.isoformat()))["total"] == 0
    second_page = await page(size="2", page="2")
    assert (second_page["total"], len(second_page["items"])) == (5, 2)

    one = await client.get(f"/request-logs/{error['id']}", headers=tenant.headers)
    assert one.json() == error
    bad = await client.get("/request-logs", params={"status": "teapot"}, headers=tenant.headers)
    assert bad.status_code == 400

    stranger = await create_tenant(runtime, client, name="Stranger")
    assert (await client.get("/request-logs", headers=stranger.headers)).json()["total"] == 0
    assert (await client.get(f"/request-logs/{error['id']}", headers=stranger.headers)).status_code == 404

    # Nothing secret: the provider key never appears, neither does any header.
    assert SECRET_KEY not in json.dumps(everything)
    assert "x-api-key" not in json.dumps(everything).lower()


async def test_logs_older_than_the_retention_period_are_purged(runtime: Runtime) -> None:
    account_id = uuid4()
    old = datetime.now(UTC) - timedelta(days=runtime.settings.request_log_retention_days + 1)
    recent = datetime.now(UTC) - timedelta(days=1)

    def row(created_on: datetime) -> RequestLog:
        return RequestLog(
            account_id=account_id,
            consumer_id=uuid4(),
            method="GET",
            route="/consumers/x/pos/customers",
            status_code=200,
            duration_ms=1.0,
            overhead_ms=0.5,
            created_on=created_on,
        )

    async with unit_of_work(runtime.sessionmaker) as session:
        session.add_all([row(old), row(old), row(recent)])
    await request_log_service.purge(runtime.sessionmaker, runtime.settings.request_log_retention_days)
    async with unit_of_work(runtime.sessionmaker) as session:
        kept = (await session.scalars(select(RequestLog).where(RequestLog.account_id == account_id))).all()
    assert [UUID(str(r.account_id)) for r in kept] == [account_id]
    assert len(kept) == 1
