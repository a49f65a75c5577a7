"""The SourceHub sandbox answers as SourceHub's docs say: Bearer keys (test and live), count/skip
with the seed's pagination object, 200 on success, `{"error": {...}}` bodies, lookups by POST."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from junction.sandboxes._kit import Sandbox
from junction.sandboxes.sourcehub import SourceHubState, create_sourcehub_sandbox
from tests.sandboxes.support import client_for

TODAY = dt.date(2026, 3, 18)
TEST_KEY = {"Authorization": "Bearer sh_test_sandbox_key"}
LIVE_KEY = {"Authorization": "Bearer sh_live_sandbox_key"}


def sourcehub(profile: str = "default", seed: int = 2011) -> Starlette:
    return create_sourcehub_sandbox(seed, profile, None, today=TODAY, webhook_retry_delays=(0.05,))


def state_of(app: Starlette) -> SourceHubState:
    sandbox: Sandbox[SourceHubState] = app.state.sandbox
    return sandbox.state


@pytest.fixture
def app() -> Starlette:
    return sourcehub()


@pytest.fixture
async def api(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client


async def all_customers(api: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await api.get("/customers", params={"count": 100}, headers=TEST_KEY)
    data = response.json()["data"]
    customers: list[dict[str, Any]] = data["customers"]
    assert data["pagination"]["total"] >= len(customers)
    return customers


def test_the_same_seed_gives_the_same_data() -> None:
    first, second = state_of(sourcehub()), state_of(sourcehub())

    assert first.customers == second.customers
    assert first.orders == second.orders
    assert state_of(sourcehub(seed=7)).customers != first.customers


async def test_customers_page_with_count_and_skip(api: httpx.AsyncClient) -> None:
    default = await api.get("/customers", headers=TEST_KEY)
    second = await api.get("/customers", params={"count": 25, "skip": 25}, headers=LIVE_KEY)

    assert default.status_code == 200
    assert len(default.json()["data"]["customers"]) == 10
    page = second.json()["data"]
    assert [c["id"] for c in page["customers"]] == list(range(26, 51))
    assert page["pagination"]["current_page"] == 2
    assert page["pagination"]["per_page"] == 25
    assert page["pagination"]["total"] == 120
    assert page["pagination"]["next_page_url"].endswith("/customers?page=3")
    customer = page["customers"][0]
    assert set(customer["address"]["area"]["city"]["state"]) == {"id", "code", "name"}
    assert customer["gst_treatment"] in ("Registered", "Unregistered")


@pytest.mark.parametrize("count", ["101", "0", "ten"])
async def test_a_count_outside_1_to_100_is_a_bad_request(api: httpx.AsyncClient, count: str) -> None:
    response = await api.get("/customers", params={"count": count}, headers=TEST_KEY)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST_ERROR"


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic c2g6eA=="}]
)
async def test_a_missing_or_wrong_key_is_the_documented_401(
    api: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await api.get("/customers", headers=headers)

    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "AUTHENTICATION_ERROR",
            "description": "Invalid credential or token.",
            "source": "http://kounta.test/customers",
            "status_code": 401,
        }
    }


async def test_customers_show_finds_by_email_code_or_phone(api: httpx.AsyncClient) -> None:
    customer = next(c for c in await all_customers(api) if c["email"])

    for lookup in (
        {"email": customer["email"].upper()},
        {"customer_code": customer["customer_code"]},
        {"contact_person_phone": customer["contactperson_number"]},
        {"company_phone": customer["company_phone"]},
    ):
        response = await api.post("/customers/show", json=lookup, headers=TEST_KEY)
        assert response.status_code == 200, lookup
        assert response.json()["data"]["id"] == customer["id"]


async def test_not_found_is_a_400_bad_request(api: httpx.AsyncClient) -> None:
    missing = await api.post("/customers/show", json={"email": "nobody@example.in"}, headers=TEST_KEY)
    product = await api.get("/products/99999", headers=TEST_KEY)
    order = await api.get("/orders/1", headers=TEST_KEY)

    for response in (missing, product, order):
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "BAD_REQUEST_ERROR"
        assert "not found" in response.json()["error"]["description"]


async def test_creating_a_customer_needs_the_documented_fields(api: httpx.AsyncClient) -> None:
    areas = (await api.get("/areas", params={"count": 100}, headers=TEST_KEY)).json()["data"]["areas"]
    codes = (await api.get("/postalcodes", params={"count": 100}, headers=TEST_KEY)).json()["data"][
        "postalcodes"
    ]
    agents = (await api.get("/salesagents", headers=TEST_KEY)).json()["data"]["salesagents"]
    area = areas[0]
    code = next(c for c in codes if c["area_id"] == area["id"])
    body = {
        "company_name": "Kaveri Traders",
        "mobile_number": "9000012345",
        "contactpersons_name": "Kavya Iyer",
        "address": "12, MG Road",
        "area_id": area["id"],
        "postalcode_id": code["id"],
        "gst_treatment": "Registered",
        "salesagent_id": agents[0]["id"],
    }

    without_gstin = await api.post("/customers/create", json=body, headers=TEST_KEY)
    created = await api.post("/customers/create", json={**body, "gstin": "29ABCDE1234F1Z5"}, headers=TEST_KEY)
    again = await api.post("/customers/create", json={**body, "gstin": "29ABCDE1234F1Z5"}, headers=TEST_KEY)
    missing = await api.post("/customers/create", json={"company_name": "X"}, headers=TEST_KEY)

    assert without_gstin.status_code == 400
    assert "gstin" in without_gstin.json()["error"]["description"]
    assert created.status_code == 200
    customer = created.json()["data"]
    assert customer["address"]["area"]["id"] == area["id"]
    assert customer["address"]["postalcode"]["code"] == code["code"]
    assert again.status_code == 400
    assert missing.status_code == 400


async def test_products_filter_by_name_and_dd_mm_yyyy_dates(api: httpx.AsyncClient) -> None:
    named = await api.get("/products", params={"product_name": "mango", "count": 100}, headers=TEST_KEY)
    recent = await api.get(
        "/products",
        params={"from_date": "01-03-2026", "to_date": "18-03-2026", "count": 100},
        headers=TEST_KEY,
    )
    iso = await api.get("/products", params={"from_date": "2026-03-01"}, headers=TEST_KEY)
    one = await api.get("/products/1", headers=TEST_KEY)

    assert named.json()["data"]["products"]
    assert all("mango" in p["name"].lower() for p in named.json()["data"]["products"])
    assert all(
        "2026-03-01" <= p["updated_at"][:10] <= "2026-03-18" for p in recent.json()["data"]["products"]
    )
    assert iso.status_code == 400
    product = one.json()["data"]
    assert [p["quantity"] for p in product["productpricings"]] == [12, 18, 24]
    assert set(product["productcategory"]) == {"id", "name", "image"}


async def test_orders_are_listed_per_customer_phone(api: httpx.AsyncClient, app: Starlette) -> None:
    state = state_of(app)
    customer = next(
        c for c in state.customers.values() if sum(o.customer_id == c.id for o in state.orders.values()) >= 2
    )

    listed = await api.get(
        "/orders", params={"phone_number": customer.contactperson_number, "count": 100}, headers=TEST_KEY
    )
    without_phone = await api.get("/orders", headers=TEST_KEY)

    orders = listed.json()["data"]["orders"]
    assert {o["customer"]["id"] for o in orders} == {customer.id}
    assert len(orders) == sum(o.customer_id == customer.id for o in state.orders.values())
    assert without_phone.status_code == 400
    one = await api.get(f"/orders/{orders[0]['id']}", headers=TEST_KEY)
    order = one.json()["data"]
    assert order["billable_amount"] == round(order["item_total_amount"] - order["discount_amount"], 2)


async def test_creating_an_order(api: httpx.AsyncClient) -> None:
    created = await api.post(
        "/orders/create",
        json={"customer_id": 3, "products": [{"product_id": 2, "quantity": 4}]},
        headers=TEST_KEY,
    )
    unknown = await api.post("/orders/create", json={"customer_id": 99999, "products": []}, headers=TEST_KEY)

    assert created.status_code == 200
    order = created.json()["data"]
    assert order["date"] == TODAY.isoformat()
    assert order["products"][0]["quantity"] == 4
    assert unknown.status_code == 400


async def test_faults_take_the_documented_error_shapes(api: httpx.AsyncClient) -> None:
    await api.put("/_sandbox/faults", json={"rate_limit_next": 1, "fail_next": [500]})

    limited = await api.get("/customers", headers=TEST_KEY)
    failed = await api.get("/customers", headers=TEST_KEY)
    fine = await api.get("/customers", headers=TEST_KEY)

    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.json()["error"]["code"] == "TOO_MANY_REQUESTS"
    assert failed.status_code == 500
    assert failed.json()["error"]["code"] == "INTERNAL_SERVER_ERROR"
    assert fine.status_code == 200


async def test_a_fault_aimed_at_one_path_spares_the_others(api: httpx.AsyncClient) -> None:
    aimed = await api.put("/_sandbox/faults", json={"fail_next": [503], "fail_next_path": "/orders/create"})

    lookup = await api.post("/customers/show", json={"customer_code": "1639300037"}, headers=TEST_KEY)
    write = await api.post(
        "/orders/create",
        json={"customer_id": 1, "products": [{"product_id": 1, "quantity": 1}]},
        headers=TEST_KEY,
    )
    bad = await api.put("/_sandbox/faults", json={"fail_next_path": "orders"})

    assert aimed.json()["fail_next_path"] == "/orders/create"
    assert lookup.status_code == 200
    assert write.status_code == 503
    assert bad.status_code == 400
