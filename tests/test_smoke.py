import httpx

from junction.runtime import Runtime
from tests.factories import create_consumer, create_tenant


async def test_token_then_consumer_round_trip(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    response = await client.get(f"/consumers/{consumer['consumerid']}", headers=tenant.headers)
    assert response.json()["name"] == "Le Petit Bistro"
