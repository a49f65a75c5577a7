"""The Mews sandbox speaks Mews' Connector API: POST operations with the tokens in the body,
cursor pagination, time filters capped at three months, Mews' error bodies, and the kit's faults
and control routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from junction.sandboxes import DEFAULT_SEEDS, SANDBOXES
from junction.sandboxes.mews import ACCESS_TOKEN, CLIENT_TOKEN, create_mews_sandbox
from junction.sandboxes.mews.seed import generate
from tests.sandboxes.support import client_for

NOW = datetime(2026, 3, 18, 11, 30, tzinfo=UTC)
TOKENS = {"ClientToken": CLIENT_TOKEN, "AccessToken": ACCESS_TOKEN, "Client": "Junction tests 1.0"}
V1 = "/api/connector/v1"


@pytest.fixture
async def mews() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_mews_sandbox(now=NOW), "http://mews.test") as client:
        yield client


async def call(client: httpx.AsyncClient, operation: str, **body: Any) -> httpx.Response:
    return await client.post(f"{V1}/{operation}", json={**TOKENS, **body})


def interval(start: datetime, end: datetime) -> dict[str, str]:
    return {"StartUtc": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "EndUtc": end.strftime("%Y-%m-%dT%H:%M:%SZ")}


def test_the_seed_is_repeatable_and_looks_like_a_hotel() -> None:
    one, two = generate(7, "default", NOW), generate(7, "default", NOW)

    assert [c.email for c in one.customers] == [c.email for c in two.customers]
    assert [i.id for i in one.order_items] == [i.id for i in two.order_items]
    assert len(one.customers) >= 300
    assert {i.type for i in one.order_items} >= {"SpaceOrder", "CityTax", "ProductOrder"}
    starts = [r.start_utc for r in one.reservations]
    assert max(starts) - min(starts) >= timedelta(days=85)
    assert all(b.state == "Closed" for b in one.bills)
    for bill in one.bills[:20]:
        billed = sum(i.gross_cents for i in one.order_items if i.bill_id == bill.id)
        paid = sum(p.gross_cents for p in one.payments if p.bill_id == bill.id)
        assert billed == paid > 0


def test_the_sandbox_is_registered_for_junction_serve() -> None:
    assert "mews" in SANDBOXES
    assert DEFAULT_SEEDS["mews"] == 4242


async def test_configuration_and_taxations(mews: httpx.AsyncClient) -> None:
    configuration = (await call(mews, "configuration/get")).json()
    taxations = (await call(mews, "taxations/getAll")).json()

    assert configuration["Enterprise"]["TimeZoneIdentifier"] == "Europe/Brussels"
    assert configuration["NowUtc"] == "2026-03-18T11:30:00Z"
    assert {r["Code"]: r["Strategy"]["Value"]["Value"] for r in taxations["TaxRates"]}["BE-2019-S"] == 0.21


async def test_customers_page_with_a_cursor_and_each_comes_once(mews: httpx.AsyncClient) -> None:
    created = interval(NOW - timedelta(days=80), NOW)
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(50):
        limitation: dict[str, Any] = {"Count": 25, **({"Cursor": cursor} if cursor else {})}
        body = (await call(mews, "customers/getAll", CreatedUtc=created, Limitation=limitation)).json()
        seen.extend(c["Id"] for c in body["Customers"])
        if len(body["Customers"]) < 25:
            break
        cursor = body["Cursor"]
        assert cursor == body["Customers"][-1]["Id"]

    assert seen
    assert len(seen) == len(set(seen))


async def test_customers_filter_by_email_and_show_every_documented_field(mews: httpx.AsyncClient) -> None:
    some = (
        await call(
            mews,
            "customers/getAll",
            CreatedUtc=interval(NOW - timedelta(days=80), NOW),
            Limitation={"Count": 1},
        )
    ).json()["Customers"][0]

    found = (await call(mews, "customers/getAll", Emails=[some["Email"]], Limitation={"Count": 10})).json()

    assert [c["Id"] for c in found["Customers"]] == [some["Id"]]
    assert {
        "Id",
        "Number",
        "FirstName",
        "LastName",
        "Email",
        "Phone",
        "CreatedUtc",
        "AccountingCode",
        "Classifications",
        "IsActive",
        "HasOtaEmail",
    } <= set(some)


async def test_order_items_carry_the_city_tax_and_amounts_add_up(mews: httpx.AsyncClient) -> None:
    body = (
        await call(
            mews,
            "orderItems/getAll",
            ConsumedUtc=interval(NOW - timedelta(days=7), NOW),
            Limitation={"Count": 1000},
        )
    ).json()
    items = body["OrderItems"]

    assert any(i["Type"] == "CityTax" for i in items)
    for item in items:
        amount = item["Amount"]
        tax = sum(t["Value"] for t in amount["TaxValues"])
        assert abs(amount["NetValue"] + tax - amount["GrossValue"]) < 0.011


async def test_payments_are_negative_and_bills_have_their_owner(mews: httpx.AsyncClient) -> None:
    week = interval(NOW - timedelta(days=7), NOW)
    payments = (await call(mews, "payments/getAll", ChargedUtc=week, Limitation={"Count": 100})).json()
    bills = (await call(mews, "bills/getAll", IssuedUtc=week, Limitation={"Count": 100})).json()

    assert payments["Payments"]
    assert all(p["Amount"]["GrossValue"] < 0 for p in payments["Payments"])
    assert bills["Bills"]
    assert all(
        b["AssigneeData"]["Discriminator"] in ("BillCustomerData", "BillCompanyData") for b in bills["Bills"]
    )


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({**TOKENS, "ClientToken": "nope"}, 401, "Invalid ClientToken."),
        ({**TOKENS, "AccessToken": "nope"}, 401, "Invalid AccessToken."),
        ({"ClientToken": CLIENT_TOKEN, "AccessToken": ACCESS_TOKEN}, 400, "Invalid Client"),
        ({**TOKENS, "Limitation": {"Count": 10}}, 400, "at least one of"),
        ({**TOKENS, "Emails": ["a@example.com"]}, 400, "Limitation is required"),
        ({**TOKENS, "Emails": ["a@example.com"], "Limitation": {"Count": 1001}}, 400, "between 1 and 1000"),
        (
            {**TOKENS, "Emails": ["a@example.com"], "Limitation": {"Count": 5, "Cursor": "unknown"}},
            400,
            "Cursor",
        ),
        (
            {**TOKENS, "CreatedUtc": interval(NOW - timedelta(days=120), NOW), "Limitation": {"Count": 5}},
            400,
            "3 months",
        ),
        (
            {**TOKENS, "CreatedUtc": interval(NOW, NOW - timedelta(days=1)), "Limitation": {"Count": 5}},
            400,
            "EndUtc",
        ),
    ],
)
async def test_mews_errors(mews: httpx.AsyncClient, body: dict[str, Any], status: int, message: str) -> None:
    response = await mews.post(f"{V1}/customers/getAll", json=body)

    assert response.status_code == status
    assert message in response.json()["Message"]
    assert response.json()["RequestId"] == response.headers["Request-Id"]


async def test_an_unknown_operation_and_a_body_that_is_not_json(mews: httpx.AsyncClient) -> None:
    unknown = await call(mews, "rooms/teleport")
    garbage = await mews.post(f"{V1}/customers/getAll", content=b"{not json")

    assert unknown.status_code == 404
    assert garbage.status_code == 400
    assert "Message" in unknown.json()
    assert "Message" in garbage.json()


async def test_faults_use_mews_error_shape_and_retry_after(mews: httpx.AsyncClient) -> None:
    await mews.put(
        "/_sandbox/faults", json={"fail_next": [500, 403], "rate_limit_next": 1, "retry_after_seconds": 3}
    )

    limited = await call(mews, "configuration/get")
    failed = await call(mews, "configuration/get")
    refused = await call(mews, "configuration/get")
    fine = await call(mews, "configuration/get")

    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "3")
    assert (failed.status_code, refused.status_code) == (500, 403)
    assert "Message" in failed.json()
    assert "Message" in refused.json()
    assert fine.status_code == 200


async def test_revoking_the_token_lasts_until_reset(mews: httpx.AsyncClient) -> None:
    assert (await call(mews, "configuration/get")).status_code == 200

    await mews.post("/_sandbox/tokens/expire")
    revoked = await call(mews, "configuration/get")
    await mews.post("/_sandbox/reset", json={})
    restored = await call(mews, "configuration/get")

    assert revoked.status_code == 401
    assert restored.status_code == 200


async def test_control_routes_describe_the_sandbox(mews: httpx.AsyncClient) -> None:
    described = (await mews.get("/_sandbox")).json()
    await call(mews, "configuration/get")
    log = (await mews.get("/_sandbox/requests")).json()

    assert described["provider"] == "mews"
    assert described["today"] == "2026-03-18"
    assert described["counts"]["customers"] >= 300
    assert log[-1]["path"] == f"{V1}/configuration/get"
