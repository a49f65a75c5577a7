import base64

import httpx

from junction.runtime import Runtime
from junction.unified.common import Vertical
from junction.verticals.catalog import operations_of
from tests.factories import create_tenant
from tests.support.connectors import LOGO, OTHER_POS_ID, SAMPLE_ACCOUNTING_ID, SAMPLE_POS_ID


async def test_catalog_lists_every_registered_integration(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    tenant = await create_tenant(runtime, client)

    response = await client.get("/integrations", headers=tenant.headers)

    assert response.status_code == 200
    by_id = {item["integrationid"]: item for item in response.json()}
    assert set(by_id) == {SAMPLE_POS_ID, OTHER_POS_ID, SAMPLE_ACCOUNTING_ID}
    sample = by_id[SAMPLE_POS_ID]
    assert sample["name"] == "Sample POS"
    assert sample["api"] == "Point of Sale"
    assert sample["status"] == "active"
    assert sample["credentials"] == [
        {"name": "api_key", "optional": False, "visibility": "both"},
        {"name": "shop_name", "optional": False, "visibility": "both"},
        {"name": "region", "optional": True, "visibility": "both"},
    ]
    assert sample["operations_coverage"] == []
    assert by_id[SAMPLE_ACCOUNTING_ID]["api"] == "Accounting"


async def test_status_filter(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)

    inactive = await client.get("/integrations", params={"status": "inactive"}, headers=tenant.headers)
    bogus = await client.get("/integrations", params={"status": "sleepy"}, headers=tenant.headers)

    assert [i["integrationid"] for i in inactive.json()] == [SAMPLE_ACCOUNTING_ID]
    assert bogus.status_code == 422


async def test_coverage_says_what_each_integration_does(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)

    sample = await client.get(
        f"/integrations/{SAMPLE_POS_ID}", params={"include_coverage": "true"}, headers=tenant.headers
    )
    other = await client.get(
        f"/integrations/{OTHER_POS_ID}", params={"include_coverage": "true"}, headers=tenant.headers
    )

    not_implemented = dict.fromkeys(
        (op.operation_id for op in operations_of(Vertical.pos)), "NOT_IMPLEMENTED"
    )
    assert {c["operation"]: c["status"] for c in sample.json()["operations_coverage"]} == dict.fromkeys(
        not_implemented, "SUPPORTED"
    )
    assert {c["operation"]: c["status"] for c in other.json()["operations_coverage"]} == {
        **not_implemented,
        "pos_create_pos_customer": "NOT_SUPPORTED",
    }


async def test_logo_and_icon(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)
    item = (await client.get(f"/integrations/{SAMPLE_POS_ID}", headers=tenant.headers)).json()

    for image_type in ("logo", "icon"):
        as_json = await client.get(f"/integrations/{SAMPLE_POS_ID}/{image_type}.json", headers=tenant.headers)
        assert as_json.json() == {
            "integrationid": SAMPLE_POS_ID,
            "data": base64.b64encode(LOGO.encode()).decode(),
        }
    image = await client.get(item["logo_url"].removeprefix("http://junction.test"))
    assert image.headers["content-type"] == "image/svg+xml"
    assert image.text == LOGO


async def test_unknown_integration_and_image_type(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)

    missing = await client.get("/integrations/424242", headers=tenant.headers)
    bad_type = await client.get(f"/integrations/{SAMPLE_POS_ID}/banner.json", headers=tenant.headers)

    assert missing.status_code == 404
    assert missing.json()["error_code"] == "ERROR_INTEGRATION_NOT_FOUND"
    assert bad_type.status_code == 422
