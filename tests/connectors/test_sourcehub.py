"""The SourceHub connector against its sandbox (in process): what the conformance suite does not
pin down, "not found" told apart from a rejected input, orders of a period gathered customer by
customer, and the product filters SourceHub does not have."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from uuid import uuid4

import httpx
import pytest
from starlette.applications import Starlette

from junction.connectors._framework.base import ConnectorContext
from junction.connectors._framework.errors import ObjectNotFound, ProviderAuthFailed, ProviderRejectedInput
from junction.connectors._framework.http import CallRecorder, ProviderHTTP
from junction.connectors._framework.testing import MemoryTokenStore
from junction.connectors.sourcehub import SourceHubConnector
from junction.sandboxes._kit import Sandbox
from junction.sandboxes.sourcehub import SourceHubState, create_sourcehub_sandbox
from junction.unified import commerce
from junction.unified.common import PageRequest

TODAY = dt.date(2026, 3, 18)
BASE = "http://sourcehub.test"


@pytest.fixture
def app() -> Starlette:
    return create_sourcehub_sandbox(2011, "default", None, today=TODAY)


def state_of(app: Starlette) -> SourceHubState:
    sandbox: Sandbox[SourceHubState] = app.state.sandbox
    return sandbox.state


class Wired:
    def __init__(self, app: Starlette, api_key: str = "sh_test_sandbox_key") -> None:
        credentials = {"api_key": api_key, "base_url": BASE}
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)
        self.recorder = CallRecorder()
        auth = SourceHubConnector.authenticator(credentials, MemoryTokenStore(credentials), self.client)
        http = ProviderHTTP(self.client, self.recorder, auth=auth)
        self.connector = SourceHubConnector(ConnectorContext(uuid4(), credentials, http))


@pytest.fixture
async def wired(app: Starlette) -> AsyncIterator[Wired]:
    wired = Wired(app)
    yield wired
    await wired.client.aclose()


async def test_an_unknown_customer_product_or_order_is_not_found(wired: Wired) -> None:
    for call, code in (
        (wired.connector.get_customer("0000"), "ERROR_CUSTOMER_NOT_FOUND"),
        (wired.connector.get_product("99999"), "ERROR_PRODUCT_NOT_FOUND"),
        (wired.connector.get_order("1"), "ERROR_ORDER_NOT_FOUND"),
        (wired.connector.get_variant("1:999"), "ERROR_VARIANT_NOT_FOUND"),
    ):
        with pytest.raises(ObjectNotFound) as raised:
            await call
        assert raised.value.error_code == code


async def test_an_order_for_nobody_is_a_rejected_input(wired: Wired) -> None:
    address = commerce.AddressCreate(
        first_name="A", last_name="B", street="MG Road", number="1", city="Bengaluru", country="IN"
    )
    order = commerce.OrderCreate(
        customer=commerce.OrderCustomer(email="nobody@example.in"),
        billing_address=address,
        shipping_address=address,
        currency="INR",
        lines=[commerce.OrderLineCreate(variant_id="1:unit", quantity=1, tax_rate=5, unit_price=10)],
    )

    with pytest.raises(ProviderRejectedInput):
        await wired.connector.create_order(order)


async def test_a_wrong_key_is_an_auth_failure(app: Starlette) -> None:
    wrong = Wired(app, api_key="sh_test_revoked")
    with pytest.raises(ProviderAuthFailed):
        await wrong.connector.list_customers(PageRequest())
    await wrong.client.aclose()


async def test_orders_of_a_period_come_from_every_customer(wired: Wired, app: Starlette) -> None:
    state = state_of(app)
    start, end = TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=3)
    expected = sorted(
        (o for o in state.orders.values() if start <= o.date <= end),
        key=lambda o: (o.date, o.id),
        reverse=True,
    )

    page = await wired.connector.list_orders(
        commerce.OrderQuery(date_from=start, date_to=end), PageRequest(size=100)
    )

    assert page.total == len(expected)
    assert [o.id for o in page.items] == [str(o.id) for o in expected]
    order = page.items[0]
    assert order.customer is not None
    assert order.total == pytest.approx(order.untaxed_amount + order.tax_amount)
    # One read of the customer list per 100 customers, then one per customer's phone (and one
    # product read per product of the page, for its GST rate).
    order_calls = [c for c in wired.recorder.calls if "/orders" in c.url]
    assert len(order_calls) == len({c.contactperson_number for c in state.customers.values()})


async def test_products_by_sku_and_by_update_time(wired: Wired, app: Starlette) -> None:
    state = state_of(app)
    product = state.products[7]
    after = dt.datetime.combine(TODAY - dt.timedelta(days=10), dt.time(12), dt.UTC)

    by_sku = await wired.connector.list_products(commerce.ProductQuery(sku=product.sku), PageRequest())
    recent = await wired.connector.list_products(
        commerce.ProductQuery(updated_after=after), PageRequest(size=100)
    )

    assert [p.id for p in by_sku.items] == ["7"]
    assert by_sku.total == 1
    expected = {str(p.id) for p in state.products.values() if p.updated_at.date() > after.date()}
    assert {p.id for p in recent.items} == expected
    assert any("from_date=" in c.url for c in wired.recorder.calls)
