"""A second account can neither see, change nor delete the first account's objects: every route
that takes an id answers 404 (never 403, which would confirm the object exists)."""

import re

import httpx
from fastapi import FastAPI

from junction.runtime import Runtime
from tests.factories import connect_sample_pos, create_consumer, create_tenant
from tests.support.provider import STATE
from tests.verticals import accounting_samples as accounting
from tests.verticals import invoicing_samples as invoicing
from tests.verticals.commerce_samples import INVENTORY_UPDATE, ORDER_CREATE

ACCOUNTING = "/consumers/{consumer_id}/accounting"
# Every field of these updates is optional: an empty body is a valid one.
ACCOUNTING_UPDATES = (
    "/clients/{client_id}",
    "/suppliers/{supplier_id}",
    "/analytic-accounts/{analytic_account_id}",
    "/analytic-accounts/{analytic_account_id}/multi-analytic-plans/{analytic_plan}",
)
ACCOUNTING_BODIES = {
    **{f"PATCH {ACCOUNTING}{path}": {} for path in ACCOUNTING_UPDATES},
    f"POST {ACCOUNTING}/clients": accounting.CLIENT_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/suppliers": accounting.SUPPLIER_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/invoices": accounting.INVOICE_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/invoices/multi-analytic-plans": accounting.INVOICE_CREATE_MULTI.model_dump(
        mode="json"
    ),
    f"POST {ACCOUNTING}/analytic-accounts": accounting.ANALYTIC_ACCOUNT_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/analytic-accounts/multi-analytic-plans/{{analytic_plan}}": (
        accounting.ANALYTIC_ACCOUNT_CREATE.model_dump(mode="json")
    ),
    f"POST {ACCOUNTING}/journal-entries": accounting.JOURNAL_ENTRY_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/invoices/payments": accounting.INVOICE_PAYMENT_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/journal": accounting.JOURNAL_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/miscellaneous-operation": accounting.MISC_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/matching": accounting.MATCHING.model_dump(mode="json"),
    f"POST {ACCOUNTING}/matching-multiple": accounting.MULTIPLE_MATCHING.model_dump(mode="json"),
    f"POST {ACCOUNTING}/invoices/pdf/{{invoice_id}}": accounting.ATTACHMENT_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/chart-of-accounts/balance": accounting.BALANCE_FILTER.model_dump(mode="json"),
    f"POST {ACCOUNTING}/bank-accounts": accounting.BANK_ACCOUNT_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/bank-transactions": accounting.BANK_STATEMENT_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/financial-entries": accounting.FINANCIAL_ENTRY_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/expenses": accounting.EXPENSE_CREATE.model_dump(mode="json"),
    f"POST {ACCOUNTING}/accounts": accounting.ACCOUNT_CREATE.model_dump(mode="json"),
}
BODIES = {
    **ACCOUNTING_BODIES,
    "POST /consumers/{consumer_id}/connections": {
        "integrationid": 90001,
        "credentials": [{"key": "api_key", "value": "k"}, {"key": "shop_name", "value": "s"}],
    },
    "PATCH /consumers/{consumer_id}": {"name": "Taken over"},
    "PATCH /consumers/{consumer_id}/connections/{connectionid}": {"name": "Taken over"},
    "POST /consumers/{consumer_id}/pos/customers": {"first_name": "Eve", "last_name": "Intruder"},
    "PATCH /consumers/{consumer_id}/pos/orders/{order_id}": {"customer_id": "c0002"},
    "POST /consumers/{consumer_id}/commerce/orders": ORDER_CREATE.model_dump(mode="json"),
    "POST /consumers/{consumer_id}/commerce/variants/set_quantity/{variant_id}": INVENTORY_UPDATE.model_dump(
        mode="json"
    ),
    "POST /consumers/{consumer_id}/invoicing/contacts": invoicing.CONTACT_CREATE.model_dump(mode="json"),
    "POST /consumers/{consumer_id}/invoicing/products": invoicing.PRODUCT_CREATE.model_dump(mode="json"),
    "POST /consumers/{consumer_id}/invoicing/invoices": invoicing.INVOICE_CREATE.model_dump(mode="json"),
    "POST /consumers/{consumer_id}/invoicing/upload-document": invoicing.DOCUMENT.model_dump(mode="json"),
    "POST /consumers/{consumer_id}/invoicing/payments": invoicing.PAYMENT_CREATE.model_dump(mode="json"),
    "PATCH /consumers/{consumer_id}/invoicing/payments/{payment_id}": {"amount": 1},
}
# The required query parameters of some routes (unknown ones are ignored by the others).
PARAMS = {
    "client_request_id": "x",
    "date_from": "2025-03-01",
    "date_to": "2025-03-31",
    "date": "2025-03-14",
    "bank_account_id": "b-1",
    "unposted_allowed": "true",
    "partner_type": "client",
    "partner_id": "42",
    "document_id": "je-1",
}
# Required query parameters that mean different things on different routes.
ROUTE_PARAMS = {
    f"GET {ACCOUNTING}/attachments": {"type": "invoice"},
    f"GET {ACCOUNTING}/outstandings": {"type": "client"},
}


def routes_with_ids(app: FastAPI) -> list[tuple[str, str]]:
    """Every documented route under a consumer, so a new route is covered the day it is added."""
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if "{consumer_id}" in path
        for method in operations
    ]


async def test_every_route_with_an_id_hides_other_accounts_objects(
    app: FastAPI, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    owner = await create_tenant(runtime, client, "Owner")
    intruder = await create_tenant(runtime, client, "Intruder")
    consumer = await create_consumer(client, owner)
    connection_id = await connect_sample_pos(client, owner, consumer["consumerid"])
    STATE.seed(2)
    ids = {
        "consumer_id": consumer["consumerid"],
        "connectionid": connection_id,
        "connection_id": connection_id,
        "customer_id": "c0001",
        "order_id": "o0001",
        "product_id": "p0001",
        "variant_id": "v0001",
        "date": "2025-03-14",
        "contact_id": "12",
        "tax_id": "21",
        "invoice_id": "42",
        "opportunity_id": "5",
        "payment_id": "p-9",
        "folder_id": "2",
        "client_id": "42",
        "supplier_id": "42",
        "invoice_type": "customer_invoice",
        "analytic_plan": "2",
        "analytic_account_id": "SHOP",
        "journal_entry_id": "je-1",
        "operation_id": "mo-1",
    }
    routes = routes_with_ids(app)
    assert len(routes) >= 12, routes

    for method, template in routes:
        path = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], template)
        response = await client.request(
            method,
            path,
            json=BODIES.get(f"{method} {template}"),
            params={**PARAMS, **ROUTE_PARAMS.get(f"{method} {template}", {})},
            headers=intruder.headers,
        )
        assert response.status_code == 404, (method, template, response.text)
        assert response.json()["status"] == "error"

    # The owner's objects are untouched.
    still = await client.get(f"/consumers/{consumer['consumerid']}", headers=owner.headers)
    assert still.json()["name"] == consumer["name"]
    connection = await client.get(
        f"/consumers/{consumer['consumerid']}/connections/{connection_id}", headers=owner.headers
    )
    assert connection.json()["name"] == "Till"
    assert STATE.writes == 0


async def test_the_intruders_own_consumer_cannot_reach_the_owners_connection(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    owner = await create_tenant(runtime, client, "Owner")
    intruder = await create_tenant(runtime, client, "Intruder")
    victim = await create_consumer(client, owner)
    connection_id = await connect_sample_pos(client, owner, victim["consumerid"])
    own = await create_consumer(client, intruder)
    base = f"/consumers/{own['consumerid']}"

    reads = [
        await client.get(f"{base}/connections/{connection_id}", headers=intruder.headers),
        await client.delete(f"{base}/connections/{connection_id}", headers=intruder.headers),
        await client.get(
            f"{base}/pos/customers", headers={**intruder.headers, "x-chift-connectionid": connection_id}
        ),
    ]

    assert [r.status_code for r in reads] == [404, 404, 404]


async def test_lists_only_show_the_callers_objects(client: httpx.AsyncClient, runtime: Runtime) -> None:
    owner = await create_tenant(runtime, client, "Owner")
    intruder = await create_tenant(runtime, client, "Intruder")
    await create_consumer(client, owner, name="Owner's customer", internal_reference="SHARED-REF")

    listed = await client.get("/consumers", headers=intruder.headers)
    searched = await client.get("/consumers", params={"search": "owner"}, headers=intruder.headers)
    by_reference = await client.get(
        "/consumers", params={"internal_reference": "SHARED-REF"}, headers=intruder.headers
    )

    assert listed.json() == searched.json() == by_reference.json() == []
