import time
import uuid
from urllib.parse import parse_qs, urlsplit

import httpx

from junction.auth import tokens
from junction.runtime import Runtime
from tests.factories import connect_sample_pos, create_consumer, create_tenant
from tests.support.connectors import OTHER_POS_ID, SAMPLE_ACCOUNTING_ID, SAMPLE_POS_ID


def credentials(**values: str) -> list[dict[str, str]]:
    return [{"key": key, "value": value} for key, value in values.items()]


async def test_without_credentials_the_answer_is_a_signed_expiring_link(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)

    for body in (None, {}, {"integrationid": SAMPLE_POS_ID}):
        response = await client.post(
            f"/consumers/{consumer['consumerid']}/connections", json=body, headers=tenant.headers
        )
        assert response.status_code == 200
        url = urlsplit(response.json()["url"])
        assert url.path.startswith("/connect/")
        claims = tokens.read_connect(runtime.keyring.signing_key, url.path.rsplit("/", 1)[-1])
        assert str(claims.consumer_id) == consumer["consumerid"]
        assert str(claims.account_id) == tenant.account_id
        assert claims.connection_id is None
        assert 0 < claims.expires_on - time.time() <= 1800
        if body and "integrationid" in body:
            assert parse_qs(url.query) == {"integrationid": [str(SAMPLE_POS_ID)]}


async def test_with_credentials_the_connection_exists_at_once(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    base = f"/consumers/{consumer['consumerid']}/connections"

    created = await client.post(
        base,
        json={
            "integrationid": SAMPLE_POS_ID,
            "name": "Main till",
            "credentials": credentials(api_key="k-secret-1", shop_name="Bistro"),
        },
        headers=tenant.headers,
    )

    assert created.status_code == 200
    connection_id = created.json()["connectionid"]
    listed = (await client.get(base, headers=tenant.headers)).json()
    assert listed == [
        {
            "connectionid": connection_id,
            "name": "Main till",
            "integration": "Sample POS",
            "integrationid": SAMPLE_POS_ID,
            "api": "Point of Sale",
            "data": {"shop_name": "Bistro"},
            "status": "active",
        }
    ]
    one = await client.get(f"{base}/{connection_id}", headers=tenant.headers)
    assert one.json() == listed[0]
    assert "k-secret-1" not in created.text + one.text


async def test_name_defaults_to_the_integration_name(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)

    created = await client.post(
        f"/consumers/{consumer['consumerid']}/connections",
        json={"integrationid": OTHER_POS_ID, "credentials": []},
        headers=tenant.headers,
    )
    connection = await client.get(
        f"/consumers/{consumer['consumerid']}/connections/{created.json()['connectionid']}",
        headers=tenant.headers,
    )

    assert connection.json()["name"] == "Other POS"


async def test_credentials_are_checked_against_the_declared_fields(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    base = f"/consumers/{consumer['consumerid']}/connections"
    cases = {
        "missing required": credentials(api_key="k"),
        "blank required": credentials(api_key="k", shop_name="  "),
        "unknown field": credentials(api_key="k", shop_name="s", password="p"),
        "given twice": credentials(api_key="k", shop_name="s") + credentials(api_key="k2"),
    }
    for case, creds in cases.items():
        response = await client.post(
            base, json={"integrationid": SAMPLE_POS_ID, "credentials": creds}, headers=tenant.headers
        )
        assert response.status_code == 400, case
        assert response.json()["error_code"] == "ERROR_MISSING_CREDENTIALS", case
        assert "k2" not in response.text
        assert '"k"' not in response.text

    assert (await client.get(base, headers=tenant.headers)).json() == []


async def test_unknown_or_inactive_integration_is_refused(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)

    for integration_id in (123456, SAMPLE_ACCOUNTING_ID):
        response = await client.post(
            f"/consumers/{consumer['consumerid']}/connections",
            json={"integrationid": integration_id, "credentials": credentials(username="u", password="p")},
            headers=tenant.headers,
        )
        assert response.status_code == 400
        assert response.json()["error_code"] == "ERROR_INTEGRATION_NOT_VALID"


async def test_one_connection_per_integration_per_consumer(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    other = await create_consumer(client, tenant, name="Other consumer")
    await connect_sample_pos(client, tenant, consumer["consumerid"])

    again = await client.post(
        f"/consumers/{consumer['consumerid']}/connections",
        json={"integrationid": SAMPLE_POS_ID, "credentials": credentials(api_key="k", shop_name="s")},
        headers=tenant.headers,
    )

    assert again.status_code == 400
    assert again.json()["error_code"] == "ERROR_CONNECTION_ALREADY_EXISTS"
    assert str(SAMPLE_POS_ID) in again.json()["message"]
    # Another consumer of the same account may connect the same integration.
    await connect_sample_pos(client, tenant, other["consumerid"])


async def test_patch_renames_replaces_credentials_and_returns_a_new_link(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    connection_id = await connect_sample_pos(client, tenant, consumer["consumerid"])
    url = f"/consumers/{consumer['consumerid']}/connections/{connection_id}"

    patched = await client.patch(
        url,
        json={"name": "Terrace till", "credentials": credentials(shop_name="Bistro 2")},
        headers=tenant.headers,
    )

    assert patched.status_code == 200
    link = urlsplit(patched.json()["url"])
    claims = tokens.read_connect(runtime.keyring.signing_key, link.path.rsplit("/", 1)[-1])
    assert str(claims.connection_id) == connection_id
    connection = (await client.get(url, headers=tenant.headers)).json()
    assert connection["name"] == "Terrace till"
    assert connection["data"] == {"shop_name": "Bistro 2"}
    # The api_key given at creation still works: PATCH merged instead of wiping it.
    customers = await client.get(f"/consumers/{consumer['consumerid']}/pos/customers", headers=tenant.headers)
    assert customers.status_code == 200

    empty = await client.patch(url, headers=tenant.headers)
    assert empty.status_code == 200
    assert "url" in empty.json()


async def test_delete_answers_204_then_the_connection_is_gone(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    connection_id = await connect_sample_pos(client, tenant, consumer["consumerid"])
    url = f"/consumers/{consumer['consumerid']}/connections/{connection_id}"

    deleted = await client.delete(url, headers=tenant.headers)

    assert deleted.status_code == 204
    gone = await client.get(url, headers=tenant.headers)
    assert gone.status_code == 404
    assert gone.json()["error_code"] == "ERROR_CONNECTION_NOT_FOUND"
    assert (await client.delete(url, headers=tenant.headers)).status_code == 404


async def test_connections_of_an_unknown_consumer_are_404(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)

    response = await client.get(f"/consumers/{uuid.uuid4()}/connections", headers=tenant.headers)

    assert response.status_code == 404
    assert response.json()["message"] == "The consumer does not exist"
