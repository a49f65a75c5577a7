"""Plain functions that make what a test needs, through the API wherever one exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from junction.account.service import account_service
from junction.db import unit_of_work
from junction.runtime import Runtime
from tests.support.connectors import SAMPLE_POS_ID
from tests.support.provider import STATE


@dataclass
class Tenant:
    """An account with a fresh token, ready to call the API."""

    client_id: str
    client_secret: str
    account_id: str
    headers: dict[str, str]

    @property
    def auth_item(self) -> dict[str, str]:
        return {
            "clientId": self.client_id,
            "clientSecret": self.client_secret,
            "accountId": self.account_id,
        }


async def create_tenant(runtime: Runtime, client: httpx.AsyncClient, name: str = "Acme Software") -> Tenant:
    async with unit_of_work(runtime.sessionmaker) as session:
        issued = await account_service.create(session, name)
    creds = issued.as_json()
    response = await client.post("/token", json=creds)
    assert response.status_code == 200, response.text
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return Tenant(creds["clientId"], creds["clientSecret"], creds["accountId"], headers)


async def create_consumer(client: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {"name": "Le Petit Bistro", **fields}
    response = await client.post("/consumers", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def connect_sample_pos(
    client: httpx.AsyncClient,
    tenant: Tenant,
    consumer_id: str,
    api_key: str = "key-123-secret",
    integration_id: int = SAMPLE_POS_ID,
) -> str:
    """Connect the consumer to the sample POS with a key the sample provider accepts."""
    STATE.valid_keys.add(api_key)
    credentials = [{"key": "api_key", "value": api_key}, {"key": "shop_name", "value": "Bistro"}]
    if integration_id != SAMPLE_POS_ID:
        credentials = []
    response = await client.post(
        f"/consumers/{consumer_id}/connections",
        json={"integrationid": integration_id, "name": "Till", "credentials": credentials},
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["connectionid"])


async def create_webhook(
    client: httpx.AsyncClient, tenant: Tenant, event: str, url: str, **fields: Any
) -> dict[str, Any]:
    response = await client.post(
        "/webhooks", json={"event": event, "url": url, **fields}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]
