"""The official SDK over real HTTP, a consumer connected to the SourceHub sandbox that `junction
serve` mounts: commerce customers, products and orders read through the SDK's own models, and an
order created (the SDK has no `Order.create` for eCommerce: its client's `post_one` sends it)."""

from __future__ import annotations

import secrets
from typing import Any

import chift
import pytest
from chift.api.client import ChiftClient
from chift.api.exceptions import ChiftException
from chift.openapi.models import CommerceOrder

from junction.connectors.sourcehub.manifest import SOURCEHUB_INTEGRATION_ID
from tests.compat.conftest import AccountCredentials, Server


@pytest.fixture
def sourcehub_consumer(sdk: AccountCredentials, server: Server) -> Any:
    consumer = chift.Consumer.create({"name": f"Kirana {secrets.token_hex(3)}"})
    consumer.Connection.create(
        {
            "integrationid": SOURCEHUB_INTEGRATION_ID,
            "name": "SourceHub sandbox",
            "credentials": [
                {"key": "api_key", "value": "sh_test_sandbox_key"},
                {"key": "base_url", "value": f"{server.base_url}/sandboxes/sourcehub"},
            ],
        }
    )
    return consumer


def test_customers_and_products_page_through_with_exact_totals(sourcehub_consumer: Any) -> None:
    customers = sourcehub_consumer.commerce.Customer.all()
    products = sourcehub_consumer.commerce.Product.all()
    one = sourcehub_consumer.commerce.Customer.get(customers[0].id)
    product = sourcehub_consumer.commerce.Product.get(products[0].id)
    variant = sourcehub_consumer.commerce.Variant.get(product.variants[0].id)

    assert len(customers) >= 100
    assert len({c.id for c in customers}) == len(customers)
    assert one.id == customers[0].id
    assert one.addresses[0].country == "IN"
    assert len(products) > 100
    assert all(p.variants for p in products)
    assert variant.parent_id == product.id
    assert variant.prices[0].currency == "INR"


def test_orders_of_a_period_and_one_order(sourcehub_consumer: Any) -> None:
    orders = sourcehub_consumer.commerce.Order.all(params={"date_from": "2000-01-01"}, limit=30)
    one = sourcehub_consumer.commerce.Order.get(orders[0].id)

    assert orders
    assert [o.created_on for o in orders] == sorted((o.created_on for o in orders), reverse=True)
    assert one.id == orders[0].id
    assert one.lines
    assert one.currency == "INR"


def test_creating_an_order_for_an_existing_customer(sourcehub_consumer: Any, server: Server) -> None:
    customer = next(c for c in sourcehub_consumer.commerce.Customer.all() if c.email)
    variant = sourcehub_consumer.commerce.Product.all(limit=1)[0].variants[0]
    address = {
        "first_name": customer.first_name or "A",
        "last_name": customer.last_name or "B",
        "street": "MG Road",
        "number": "5",
        "city": "Bengaluru",
        "country": "IN",
    }
    body = {
        "customer": {"email": customer.email},
        "billing_address": address,
        "shipping_address": address,
        "currency": "INR",
        "lines": [{"variant_id": variant.id, "quantity": 2, "tax_rate": 12.0, "unit_price": 100.0}],
    }
    client = ChiftClient(consumer_id=sourcehub_consumer.consumerid, url_base=server.base_url)

    created = CommerceOrder.model_validate(client.post_one("commerce", "orders", body))
    fetched = sourcehub_consumer.commerce.Order.get(created.id)

    assert created.customer is not None
    assert created.customer.id == customer.id
    assert fetched.id == created.id
    assert fetched.untaxed_amount == pytest.approx(200.0 - fetched.discount_amount, abs=0.01)


def test_an_unsupported_operation_raises_405(sourcehub_consumer: Any) -> None:
    with pytest.raises(ChiftException) as raised:
        sourcehub_consumer.commerce.Location.all()

    assert raised.value.error_code == "ERROR_OPERATION_NOT_SUPPORTED"
