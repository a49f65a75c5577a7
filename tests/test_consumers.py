import uuid

import httpx
from sqlalchemy import func, select

from junction.models import Connection
from junction.runtime import Runtime
from tests.factories import connect_sample_pos, create_consumer, create_tenant


async def test_create_read_update_delete(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    body = {
        "name": "Le Petit Bistro",
        "email": "owner@bistro.example",
        "internal_reference": "CUST-42",
        "redirect_url": "https://app.example/after-connect",
    }

    created = (await client.post("/consumers", json=body, headers=tenant.headers)).json()
    assert {k: created[k] for k in body} == body
    assert uuid.UUID(created["consumerid"])
    assert created["created_on"].endswith("Z") or "+00:00" in created["created_on"]

    url = f"/consumers/{created['consumerid']}"
    assert (await client.get(url, headers=tenant.headers)).json() == created

    patched = await client.patch(url, json={"name": "Bistro Deux"}, headers=tenant.headers)
    assert patched.status_code == 200
    assert patched.json()["name"] == "Bistro Deux"
    assert patched.json()["email"] == body["email"]

    deleted = await client.delete(url, headers=tenant.headers)
    assert deleted.status_code == 204
    assert deleted.content == b""
    missing = await client.get(url, headers=tenant.headers)
    assert missing.status_code == 404
    assert missing.json()["error_code"] == "ERROR_CONSUMER_NOT_FOUND"


async def test_patch_can_clear_optional_fields(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant, email="a@b.example")

    response = await client.patch(
        f"/consumers/{consumer['consumerid']}", json={"email": None}, headers=tenant.headers
    )

    assert response.json()["email"] is None
    assert response.json()["name"] == consumer["name"]


async def test_search_is_partial_and_case_insensitive_on_name_or_email(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    await create_consumer(client, tenant, name="Boulangerie Martin")
    await create_consumer(client, tenant, name="Garage", email="contact@MARTIN-auto.example")
    await create_consumer(client, tenant, name="Pharmacie")
    await create_consumer(client, tenant, name="100% Bio")

    def names(response: httpx.Response) -> list[str]:
        return sorted(c["name"] for c in response.json())

    found = await client.get("/consumers", params={"search": "martin"}, headers=tenant.headers)
    assert names(found) == ["Boulangerie Martin", "Garage"]
    # A LIKE wildcard in the search is a literal character, not "match anything".
    percent = await client.get("/consumers", params={"search": "%"}, headers=tenant.headers)
    assert names(percent) == ["100% Bio"]
    everyone = await client.get("/consumers", headers=tenant.headers)
    assert len(everyone.json()) == 4


async def test_filter_by_internal_reference_is_exact(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    await create_consumer(client, tenant, name="A", internal_reference="REF-1")
    await create_consumer(client, tenant, name="B", internal_reference="REF-10")

    response = await client.get("/consumers", params={"internal_reference": "REF-1"}, headers=tenant.headers)

    assert [c["name"] for c in response.json()] == ["A"]


async def test_list_is_a_bare_array_in_creation_order(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    for name in ("first", "second", "third"):
        await create_consumer(client, tenant, name=name)

    response = await client.get("/consumers", params={"page": 1, "size": 50}, headers=tenant.headers)

    assert isinstance(response.json(), list)
    assert [c["name"] for c in response.json()] == ["first", "second", "third"]


async def test_invalid_bodies_get_a_422_contract_error(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    bad_bodies = [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "x", "redirect_url": "javascript:alert(1)"},
        {"name": ["not", "a", "string"]},
    ]
    for body in bad_bodies:
        response = await client.post("/consumers", json=body, headers=tenant.headers)
        assert response.status_code == 422, body
        error = response.json()
        assert error["status"] == "error"
        assert error["message"] == "Validation error"
        assert error["detail"]
        assert {"loc", "msg", "type"} <= set(error["detail"][0])

    not_json = await client.post(
        "/consumers", content=b"{name:", headers={**tenant.headers, "Content-Type": "application/json"}
    )
    assert not_json.status_code == 422
    assert not_json.json()["status"] == "error"


async def test_malformed_consumer_id_is_422_not_500(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)

    response = await client.get("/consumers/not-a-uuid", headers=tenant.headers)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "consumer_id"]


async def test_delete_removes_the_consumers_connections(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    connection_id = await connect_sample_pos(client, tenant, consumer["consumerid"])

    await client.delete(f"/consumers/{consumer['consumerid']}", headers=tenant.headers)

    async with runtime.sessionmaker() as session:
        left = await session.scalar(
            select(func.count()).select_from(Connection).where(Connection.id == uuid.UUID(connection_id))
        )
    assert left == 0
