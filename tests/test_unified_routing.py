import uuid

import httpx
from sqlalchemy import select, update

from junction.models import Connection, ConnectionStatus, RequestLog
from junction.runtime import Runtime
from tests.factories import Tenant, connect_sample_pos, create_consumer, create_tenant
from tests.support.connectors import OTHER_POS_ID, SAMPLE_POS_ID
from tests.support.provider import STATE

NEW_CUSTOMER = {
    "first_name": "John",
    "last_name": "Doe",
    "phone": "+32475123456",
    "email": "john.doe@gmail.com",
    "address": {"name": "home", "street": "Avenue de la République", "city": "Paris", "postal_code": "75000"},
}


async def connected_consumer(client: httpx.AsyncClient, runtime: Runtime) -> tuple[Tenant, str, str]:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    connection_id = await connect_sample_pos(client, tenant, consumer["consumerid"])
    return tenant, consumer["consumerid"], connection_id


async def test_pages_carry_an_exact_total(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    STATE.seed(5)
    url = f"/consumers/{consumer_id}/pos/customers"

    first = await client.get(url, params={"page": 1, "size": 2}, headers=tenant.headers)
    last = await client.get(url, params={"page": 3, "size": 2}, headers=tenant.headers)
    beyond = await client.get(url, params={"page": 9, "size": 2}, headers=tenant.headers)

    assert first.status_code == 200
    assert first.json()["total"] == 5
    assert (first.json()["page"], first.json()["size"]) == (1, 2)
    assert [c["id"] for c in first.json()["items"]] == ["c0001", "c0002"]
    assert first.json()["items"][0] == {
        "id": "c0001",
        "first_name": "Given1",
        "last_name": "Family1",
        "name": "Given1 Family1",
        "phone": "+32475000001",
        "email": "customer1@example.com",
        "created_on": None,
        "addresses": [],
        "loyalty": None,
        "birthdate": None,
    }
    assert [c["id"] for c in last.json()["items"]] == ["c0005"]
    assert beyond.json() == {"items": [], "total": 5, "page": 9, "size": 2}
    assert "raw_data" not in first.json()


async def test_page_and_size_bounds(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    url = f"/consumers/{consumer_id}/pos/customers"

    for params in ({"page": 0}, {"size": 0}, {"size": 101}, {"page": "one"}):
        response = await client.get(url, params=params, headers=tenant.headers)
        assert response.status_code == 422, params
        assert response.json()["status"] == "error"
    default = await client.get(url, params={"unknown": "ignored"}, headers=tenant.headers)
    assert (default.json()["page"], default.json()["size"]) == (1, 50)


async def test_filters_reach_the_connector(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    STATE.seed(5)

    response = await client.get(
        f"/consumers/{consumer_id}/pos/customers",
        params={"email": "customer3@example.com"},
        headers=tenant.headers,
    )

    assert [c["id"] for c in response.json()["items"]] == ["c0003"]
    assert response.json()["total"] == 1


async def test_get_one_and_a_missing_one(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    STATE.seed(2)

    found = await client.get(f"/consumers/{consumer_id}/pos/customers/c0002", headers=tenant.headers)
    missing = await client.get(f"/consumers/{consumer_id}/pos/customers/zzz", headers=tenant.headers)

    assert found.json()["email"] == "customer2@example.com"
    assert missing.status_code == 404
    assert missing.json()["error_code"] == "ERROR_CUSTOMER_NOT_FOUND"


async def test_raw_data_holds_the_native_payload_by_endpoint(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    STATE.seed(1)

    response = await client.get(
        f"/consumers/{consumer_id}/pos/customers", headers={**tenant.headers, "x-chift-raw-data": "true"}
    )

    assert response.json()["raw_data"] == {"/customers": [STATE.customers["c0001"]]}


async def test_every_unified_answer_reports_junction_overhead(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)

    response = await client.get(f"/consumers/{consumer_id}/pos/customers", headers=tenant.headers)

    assert float(response.headers["x-junction-overhead-ms"]) >= 0


async def test_no_connection_for_the_vertical(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)

    response = await client.get(f"/consumers/{consumer['consumerid']}/pos/customers", headers=tenant.headers)

    assert response.status_code == 404
    assert response.json()["error_code"] == "ERROR_NO_ACTIVE_CONNECTION"
    assert "Point of Sale" in response.json()["message"]


async def test_two_connections_need_a_header_to_choose(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, sample_id = await connected_consumer(client, runtime)
    other_id = await connect_sample_pos(client, tenant, consumer_id, integration_id=OTHER_POS_ID)
    url = f"/consumers/{consumer_id}/pos/customers"

    ambiguous = await client.get(url, headers=tenant.headers)
    by_connection = await client.get(url, headers={**tenant.headers, "x-chift-connectionid": sample_id})
    by_integration = await client.get(
        url, headers={**tenant.headers, "x-chift-integrationid": str(SAMPLE_POS_ID)}
    )
    other = await client.get(url, headers={**tenant.headers, "x-chift-connectionid": other_id})

    assert ambiguous.status_code == 400
    assert ambiguous.json()["error_code"] == "ERROR_MULTIPLE_CONNECTIONS"
    assert sorted(ambiguous.json()["detail"]) == sorted([sample_id, other_id])
    assert by_connection.status_code == 200
    assert by_integration.status_code == 200
    assert other.status_code == 405


async def test_bad_or_foreign_connection_headers(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    url = f"/consumers/{consumer_id}/pos/customers"
    cases = [
        ({"x-chift-connectionid": "nope"}, 400),
        ({"x-chift-connectionid": str(uuid.uuid4())}, 404),
        ({"x-chift-integrationid": "abc"}, 400),
        ({"x-chift-integrationid": str(OTHER_POS_ID)}, 404),
    ]
    for headers, status in cases:
        response = await client.get(url, headers={**tenant.headers, **headers})
        assert response.status_code == status, headers
        assert response.json()["status"] == "error"


async def test_unsupported_operation_is_405_in_the_contract_words(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    await connect_sample_pos(client, tenant, consumer["consumerid"], integration_id=OTHER_POS_ID)

    response = await client.post(
        f"/consumers/{consumer['consumerid']}/pos/customers", json=NEW_CUSTOMER, headers=tenant.headers
    )

    assert response.status_code == 405
    assert response.json()["message"] == "The resource POST - customers is not supported by Other POS"


async def test_an_inactive_connection_is_not_used(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, connection_id = await connected_consumer(client, runtime)
    async with runtime.sessionmaker() as session:
        await session.execute(
            update(Connection)
            .where(Connection.id == uuid.UUID(connection_id))
            .values(status=ConnectionStatus.inactive)
        )
        await session.commit()

    response = await client.get(f"/consumers/{consumer_id}/pos/customers", headers=tenant.headers)

    assert response.status_code == 400
    assert response.json()["error_code"] == "ERROR_CONNECTION_INACTIVE"


async def test_a_passing_provider_failure_is_retried(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    STATE.seed(1)

    STATE.fail_next.extend([503, 502])
    response = await client.get(f"/consumers/{consumer_id}/pos/customers", headers=tenant.headers)

    assert response.status_code == 200
    assert response.json()["total"] == 1


async def test_provider_failures_become_typed_errors(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    url = f"/consumers/{consumer_id}/pos/customers"

    STATE.fail_next.extend([503] * 10)
    unavailable = await client.get(url, headers=tenant.headers)
    STATE.fail_next.clear()
    STATE.valid_keys.clear()
    refused = await client.get(url, headers=tenant.headers)

    assert unavailable.status_code == 502
    assert unavailable.json()["error_code"] == "ERROR_PROVIDER_UNAVAILABLE"
    assert refused.status_code == 502
    assert refused.json()["error_code"] == "ERROR_PROVIDER_AUTHENTICATION"


async def test_create_and_the_providers_own_rejection(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant, consumer_id, _ = await connected_consumer(client, runtime)
    url = f"/consumers/{consumer_id}/pos/customers"

    created = await client.post(url, json=NEW_CUSTOMER, headers=tenant.headers)
    rejected = await client.post(url, json={**NEW_CUSTOMER, "email": None}, headers=tenant.headers)
    invalid = await client.post(url, json={"first_name": "No last name"}, headers=tenant.headers)

    assert created.status_code == 200
    assert created.json()["name"] == "John Doe"
    assert rejected.status_code == 400
    assert rejected.json()["message"] == "email is required by this provider"
    assert invalid.status_code == 422
    assert STATE.writes == 1


async def test_a_replayed_write_is_refused_and_its_outcome_kept(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant, consumer_id, connection_id = await connected_consumer(client, runtime)
    url = f"/consumers/{consumer_id}/pos/customers"
    headers = {**tenant.headers, "x-chift-client-requestid": "order-7-customer"}

    first = await client.post(url, json=NEW_CUSTOMER, headers=headers)
    replay = await client.post(url, json=NEW_CUSTOMER, headers=headers)
    lookup = await client.get(
        f"/consumers/{consumer_id}/connections/{connection_id}/transactions",
        params={"client_request_id": "order-7-customer"},
        headers=tenant.headers,
    )
    unknown = await client.get(
        f"/consumers/{consumer_id}/connections/{connection_id}/transactions",
        params={"client_request_id": "never-sent"},
        headers=tenant.headers,
    )

    assert first.status_code == 200
    assert replay.status_code == 409
    assert replay.json()["error_code"] == "REQUEST_ALREADY_PROCESSED"
    assert STATE.writes == 1
    assert lookup.status_code == 200
    assert lookup.json()["method"] == "POST"
    assert lookup.json()["route"] == url
    assert lookup.json()["status_code"] == 200
    assert lookup.json()["created_entity_id"] == first.json()["id"]
    assert unknown.status_code == 404


async def test_each_unified_call_leaves_one_request_log_row(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant, consumer_id, connection_id = await connected_consumer(client, runtime)
    STATE.seed(3)
    url = f"/consumers/{consumer_id}/pos/customers"

    await client.get(url, params={"size": 2}, headers=tenant.headers)
    await client.get(f"{url}/missing", headers=tenant.headers)

    async with runtime.sessionmaker() as session:
        rows = (
            await session.scalars(
                select(RequestLog)
                .where(RequestLog.consumer_id == uuid.UUID(consumer_id))
                .order_by(RequestLog.created_on)
            )
        ).all()
    assert [(r.method, r.route, r.status_code, r.error_code) for r in rows] == [
        ("GET", url, 200, None),
        ("GET", f"{url}/missing", 404, "ERROR_CUSTOMER_NOT_FOUND"),
    ]
    assert str(rows[0].connection_id) == connection_id
    assert rows[0].integration_id == SAMPLE_POS_ID
    call = rows[0].provider_calls[0]
    assert call["method"] == "GET"
    assert call["url"] == "http://provider.test/customers?page=1&per_page=2"
    assert call["status_code"] == 200
    assert rows[0].duration_ms >= rows[0].overhead_ms >= 0
