"""The official SDK over real HTTP, a consumer connected to the Kounta sandbox that `junction
serve` mounts: every POS read returns objects the SDK's own models accept."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import chift
import httpx
import pytest
from chift.api.exceptions import ChiftException

from junction.connectors.kounta.manifest import KOUNTA_INTEGRATION_ID
from tests.compat.conftest import AccountCredentials, Server

# The seed's body (shared/seeds/chift-pos-create-customer.txt).
SEED_CUSTOMER = {
    "first_name": "John",
    "last_name": "Doe",
    "phone": "+32475123456",
    "email": "john.doe@gmail.com",
    "address": {
        "name": "home",
        "street": "Avenue de la République",
        "number": "123",
        "box": "A",
        "city": "Paris",
        "postal_code": "75000",
        "country": "FR",
    },
}


@pytest.fixture
def kounta_consumer(sdk: AccountCredentials, server: Server) -> Any:
    consumer = chift.Consumer.create({"name": f"Café {secrets.token_hex(3)}"})
    consumer.Connection.create(
        {
            "integrationid": KOUNTA_INTEGRATION_ID,
            "name": "Kounta sandbox",
            "credentials": [
                {"key": "client_id", "value": "kounta-sandbox-client"},
                {"key": "client_secret", "value": "kounta-sandbox-secret"},
                {"key": "base_url", "value": f"{server.base_url}/sandboxes/kounta"},
            ],
        }
    )
    return consumer


@pytest.fixture(scope="module")
def sandbox_today(server: Server) -> dt.date:
    described = httpx.get(f"{server.base_url}/sandboxes/kounta/_sandbox", timeout=30).json()
    return dt.date.fromisoformat(described["today"])


def test_create_customer_with_the_seed_body(kounta_consumer: Any) -> None:
    # Kounta keeps one mobile per company: a unique address keeps reruns independent.
    body = {**SEED_CUSTOMER, "email": f"john.doe+{secrets.token_hex(3)}@gmail.com"}

    created = kounta_consumer.pos.Customer.create(body)

    assert created.first_name == "John"
    assert created.last_name == "Doe"
    assert created.name == "John Doe"
    assert created.email == body["email"]
    assert created.phone == "+32475123456"
    assert created.addresses[0].city == "Paris"
    assert created.addresses[0].postal_code == "75000"
    fetched = kounta_consumer.pos.Customer.get(created.id)
    assert fetched.email == body["email"]


def test_customers_page_through_hundreds_with_an_exact_total(kounta_consumer: Any, server: Server) -> None:
    customers = kounta_consumer.pos.Customer.all()

    assert len(customers) >= 300
    assert len({c.id for c in customers}) == len(customers)
    first_page = kounta_consumer.pos.Customer.all(map_model=False, limit=1)
    assert first_page[0]["id"] == customers[0].id


def test_orders_payments_and_closure_for_a_period(kounta_consumer: Any, sandbox_today: dt.date) -> None:
    week = {
        "date_from": (sandbox_today - dt.timedelta(days=7)).isoformat(),
        "date_to": sandbox_today.isoformat(),
    }

    orders = kounta_consumer.pos.Order.all(params={**week, "state": "closed"}, limit=150)
    one = kounta_consumer.pos.Order.get(orders[0].id)
    payments = kounta_consumer.pos.Payment.all(params=week, limit=150)
    closure = kounta_consumer.pos.Closure.get(orders[0].creation_date.date().isoformat())

    assert orders
    assert all(week["date_from"] <= o.creation_date.date().isoformat() <= week["date_to"] for o in orders)
    assert one.id == orders[0].id
    assert one.items
    assert abs(sum(p.total for p in one.payments) - one.total) < 0.01
    assert payments
    assert all(p.status.value == "Completed" for p in payments)
    assert closure.status.value == "closed"
    assert closure.closures


def test_catalogue_reads(kounta_consumer: Any) -> None:
    locations = kounta_consumer.pos.Location.all()
    products = kounta_consumer.pos.Product.all()
    categories = kounta_consumer.pos.ProductCategory.all()
    taxes = kounta_consumer.pos.Tax.all()
    methods = kounta_consumer.pos.PaymentMethod.all()

    assert {loc.name for loc in locations}
    assert products
    assert all(p.prices for p in products)
    category_ids = {c.id for c in categories}
    assert all(set(p.categories or []) <= category_ids for p in products)
    assert any(t.rate == 10.0 for t in taxes)
    assert "Cash" in {m.name for m in methods}


def test_an_unsupported_operation_raises_405(kounta_consumer: Any) -> None:
    with pytest.raises(ChiftException) as raised:
        kounta_consumer.pos.AccountingCategory.all()

    assert raised.value.error_code == "ERROR_OPERATION_NOT_SUPPORTED"
    assert raised.value.message == "The resource GET - accounting-categories is not supported by Kounta"
