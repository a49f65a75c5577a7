import time

import httpx
import jwt

from junction.account.service import account_service
from junction.db import unit_of_work
from junction.models import AccountStatus
from junction.runtime import Runtime
from tests.factories import create_tenant


async def test_token_answers_the_contract_shape(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    before = int(time.time())

    response = await client.post("/token", json=tenant.auth_item)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "expires_on"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 1800
    # expires_on is UNIX seconds (not milliseconds): the SDK compares it to datetime.now().
    assert before + 1800 <= body["expires_on"] <= int(time.time()) + 1800


async def test_token_accepts_the_fields_clients_add(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    body = {**tenant.auth_item, "envId": "b6d6b7b0-0000-4000-8000-000000000000", "marketplaceId": None}

    response = await client.post("/token", json=body)

    assert response.status_code == 200


async def test_wrong_secret_is_401_with_the_error_body(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)

    response = await client.post("/token", json={**tenant.auth_item, "clientSecret": "wrong"})

    assert response.status_code == 401
    body = response.json()
    assert body["status"] == "error"
    assert body["error_code"] == "ERROR_INVALID_CREDENTIALS"
    assert "wrong" not in response.text


async def test_client_id_of_another_account_is_refused(client: httpx.AsyncClient, runtime: Runtime) -> None:
    first = await create_tenant(runtime, client)
    second = await create_tenant(runtime, client)

    response = await client.post("/token", json={**first.auth_item, "clientId": second.client_id})

    assert response.status_code == 401


async def test_unknown_account_is_401_not_404(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    body = {**tenant.auth_item, "accountId": "00000000-0000-4000-8000-000000000000"}

    response = await client.post("/token", json=body)

    assert response.status_code == 401


async def test_calls_without_a_valid_bearer_are_401(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    forged = jwt.encode(
        {"sub": tenant.account_id, "ver": 1, "typ": "access", "exp": 2**31},
        "not-our-key-but-long-enough-for-hs256-use",
    )

    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": f"Bearer {forged}"}):
        response = await client.get("/consumers", headers=headers)
        assert response.status_code == 401
        assert response.json()["status"] == "error"


async def test_an_expired_token_is_refused(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    claims = {"sub": tenant.account_id, "ver": 1, "typ": "access", "exp": int(time.time()) - 5}
    expired = jwt.encode(claims, runtime.keyring.signing_key, algorithm="HS256")

    response = await client.get("/consumers", headers={"Authorization": f"Bearer {expired}"})

    assert response.status_code == 401


async def test_a_connect_link_token_is_not_an_access_token(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = (await client.post("/consumers", json={"name": "A"}, headers=tenant.headers)).json()
    link = (
        await client.post(f"/consumers/{consumer['consumerid']}/connections", headers=tenant.headers)
    ).json()
    link_token = link["url"].rsplit("/", 1)[-1]

    response = await client.get("/consumers", headers={"Authorization": f"Bearer {link_token}"})

    assert response.status_code == 401


async def test_rotating_the_secret_revokes_old_secret_and_tokens(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    async with unit_of_work(runtime.sessionmaker) as session:
        rotated = await account_service.rotate_secret(session, tenant.account_id)

    assert (await client.get("/consumers", headers=tenant.headers)).status_code == 401
    assert (await client.post("/token", json=tenant.auth_item)).status_code == 401
    assert (await client.post("/token", json=rotated.as_json())).status_code == 200


async def test_a_disabled_account_gets_no_token_and_its_tokens_stop(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)
    async with unit_of_work(runtime.sessionmaker) as session:
        await account_service.set_status(session, tenant.client_id, AccountStatus.disabled)

    assert (await client.get("/consumers", headers=tenant.headers)).status_code == 401
    assert (await client.post("/token", json=tenant.auth_item)).status_code == 401

    async with unit_of_work(runtime.sessionmaker) as session:
        await account_service.set_status(session, tenant.client_id, AccountStatus.active)
    assert (await client.post("/token", json=tenant.auth_item)).status_code == 200
