"""The official SDK over real HTTP, a consumer connected to the Mews sandbox that `junction serve`
mounts: PMS reads return objects the SDK's own models accept, customers in the seed's shape
(shared/seeds/chift-pms-get-customers.txt)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import chift
import httpx
import pytest

from junction.connectors.mews.manifest import MEWS_INTEGRATION_ID
from tests.compat.conftest import AccountCredentials, Server

# Every field of the seed's customer, and of its address.
SEED_CUSTOMER_FIELDS = {
    "id",
    "source_ref",
    "first_name",
    "last_name",
    "company_name",
    "phone",
    "email",
    "account_number",
    "created_on",
    "addresses",
}
SEED_ADDRESS_FIELDS = {"address_type", "name", "street", "number", "box", "city", "postal_code", "country"}


@pytest.fixture
def mews_consumer(sdk: AccountCredentials, server: Server) -> Any:
    consumer = chift.Consumer.create({"name": f"Hotel {secrets.token_hex(3)}"})
    consumer.Connection.create(
        {
            "integrationid": MEWS_INTEGRATION_ID,
            "name": "Mews sandbox",
            "credentials": [
                {"key": "client_token", "value": "mews-sandbox-client-token"},
                {"key": "access_token", "value": "mews-sandbox-access-token"},
                {"key": "client", "value": "Junction compat 1.0"},
                {"key": "base_url", "value": f"{server.base_url}/sandboxes/mews"},
            ],
        }
    )
    return consumer


@pytest.fixture(scope="module")
def sandbox_today(server: Server) -> dt.date:
    described = httpx.get(f"{server.base_url}/sandboxes/mews/_sandbox", timeout=30).json()
    return dt.date.fromisoformat(described["today"])


def test_customers_in_the_seed_shape(mews_consumer: Any) -> None:
    customers = mews_consumer.pms.Customer.all()
    raw = mews_consumer.pms.Customer.all(map_model=False, limit=100)

    assert len(customers) >= 300
    assert len({c.id for c in customers}) == len(customers)
    for item in raw:
        assert set(item) >= SEED_CUSTOMER_FIELDS
        assert item["source_ref"] == {"id": item["id"], "model": "Customer"}
    # Every field of the seed holds a value somewhere in the list.
    for field in SEED_CUSTOMER_FIELDS:
        assert any(item[field] for item in raw), field
    addresses = [a for item in raw for a in item["addresses"]]
    for field in SEED_ADDRESS_FIELDS:
        assert any(a[field] for a in addresses), field
    one = mews_consumer.pms.Customer.get(customers[0].id)
    assert (one.id, one.email) == (customers[0].id, customers[0].email)
    by_email = mews_consumer.pms.Customer.all(params={"email": customers[0].email})
    assert [c.id for c in by_email] == [customers[0].id]


def test_orders_invoices_payments_and_transactions_for_a_period(
    mews_consumer: Any, sandbox_today: dt.date
) -> None:
    week = {
        "date_from": (sandbox_today - dt.timedelta(days=7)).isoformat(),
        "date_to": (sandbox_today - dt.timedelta(days=1)).isoformat(),
    }

    orders = mews_consumer.pms.Order.all(params=week)
    closed = mews_consumer.pms.Order.all(params={**week, "state": "closed"})
    invoices = mews_consumer.pms.Invoice.all(params=week)
    payments = mews_consumer.pms.Payment.all(params=week)
    transactions = mews_consumer.pms.Transaction.all(params=week)

    assert orders
    assert closed
    assert all(o.reservation is not None and o.items for o in orders)
    assert any(line.description == "City tax" for o in orders for line in o.items)
    assert invoices
    for invoice in invoices:
        assert abs(invoice.total - sum(line.total for line in invoice.items)) < 0.01
        assert abs(sum(p.total for p in invoice.payments) - invoice.total) < 0.01
    assert payments
    assert all(p.status.value == "Completed" for p in payments)
    kinds = {t.transaction_type.value for t in transactions}
    assert {"room", "tax", "payment"} <= kinds


def test_a_closure_for_a_past_day_and_the_catalogue(mews_consumer: Any, sandbox_today: dt.date) -> None:
    closure = mews_consumer.pms.Closure.get((sandbox_today - dt.timedelta(days=2)).isoformat())
    taxes = mews_consumer.pms.Tax.all()
    locations = mews_consumer.pms.Location.all()
    categories = mews_consumer.pms.AccountingCategory.all()
    methods = mews_consumer.pms.PaymentMethod.all()

    assert closure.status.value == "closed"
    assert closure.closures
    assert closure.closures[0].total > 0
    assert any(t.is_city_tax for t in taxes)
    assert any(t.rate == 21.0 for t in taxes)
    assert {loc.timezone for loc in locations} == {"Europe/Brussels"}
    assert "Accommodation" in {c.name for c in categories}
    assert "Cash" in {m.name for m in methods}
