"""Arguments for each catalog operation of the POS, eCommerce and PMS verticals, given what the
sandbox already holds; ARGUMENTS gathers every vertical's."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import uuid4

from junction.connectors._framework.testing.books import ACCOUNTING_ARGUMENTS, INVOICING_ARGUMENTS
from junction.connectors._framework.testing.harness import (
    Arguments,
    Harness,
    constant,
    first_id,
    recent_week,
    single,
)
from junction.unified import commerce, pms, pos
from junction.unified.common import PageRequest


async def _closed_day(harness: Harness) -> dt.date:
    """A day that has completed orders, so its closure and report are not empty."""
    orders = await harness.call(
        "pos.orders.list", pos.OrderQuery(state=pos.OrderState.closed), PageRequest(size=1)
    )
    return orders.items[0].creation_date.date() if orders.items else harness.today


POS_ARGUMENTS: dict[str, Arguments] = {
    "pos.customers.list": lambda h: constant(pos.CustomerQuery(), PageRequest(size=10)),
    "pos.customers.get": lambda h: single(first_id(h, "pos.customers.list", pos.CustomerQuery())),
    "pos.customers.create": lambda h: constant(
        pos.CustomerCreate(
            first_name="Conformance", last_name=f"Run {uuid4().hex[:6]}", email=f"{uuid4().hex}@example.com"
        )
    ),
    "pos.orders.list": lambda h: constant(pos.OrderQuery(), PageRequest(size=10)),
    "pos.orders.get": lambda h: single(first_id(h, "pos.orders.list", pos.OrderQuery())),
    "pos.orders.update": lambda h: _order_update(h),
    "pos.sales.get": lambda h: constant(
        pos.SalesQuery(date_from=recent_week(h)[0], date_to=recent_week(h)[1])
    ),
    "pos.payments.list": lambda h: constant(
        pos.PaymentQuery(date_from=recent_week(h)[0], date_to=recent_week(h)[1]), PageRequest(size=10)
    ),
    "pos.payment_methods.list": lambda h: constant(pos.LocationQuery(), PageRequest()),
    "pos.products.list": lambda h: constant(pos.LocationQuery(), PageRequest(size=10)),
    "pos.product_categories.list": lambda h: constant(pos.ProductCategoryQuery(), PageRequest()),
    "pos.accounting_categories.list": lambda h: constant(pos.LocationQuery(), PageRequest()),
    "pos.tax_rates.list": lambda h: constant(pos.LocationQuery(), PageRequest()),
    "pos.locations.list": lambda h: constant(PageRequest()),
    "pos.closures.get": lambda h: _closure_query(h),
    "pos.objectives.list": lambda h: constant(
        pos.ObjectiveQuery(date_from=recent_week(h)[0], date_to=recent_week(h)[1]), PageRequest()
    ),
    "pos.modifiers.list": lambda h: constant(pos.LocationQuery(), PageRequest()),
    "pos.report.get": lambda h: _report_query(h),
}


async def _order_update(harness: Harness) -> tuple[Any, ...]:
    order_id = await first_id(harness, "pos.orders.list", pos.OrderQuery())
    customer_id = await first_id(harness, "pos.customers.list", pos.CustomerQuery())
    return order_id, pos.OrderUpdate(customer_id=customer_id)


async def _closure_query(harness: Harness) -> tuple[Any, ...]:
    return (pos.ClosureQuery(date=await _closed_day(harness)),)


async def _report_query(harness: Harness) -> tuple[Any, ...]:
    return (pos.ReportQuery(date=await _closed_day(harness)),)


async def _commerce_order(harness: Harness) -> tuple[Any, ...]:
    """An order for an existing customer, of the first variant the catalogue lists."""
    customers = await harness.call("commerce.customers.list", PageRequest(size=20))
    customer = next(c for c in customers.items if c.email)
    products = await harness.call("commerce.products.list", commerce.ProductQuery(), PageRequest(size=1))
    variant = (products.items[0].variants or [])[0]
    address = commerce.AddressCreate(
        first_name=customer.first_name or "Conformance",
        last_name=customer.last_name or "Run",
        street="Conformance street",
        number="1",
        city="Bengaluru",
        country="IN",
    )
    price = (variant.prices or [commerce.ProductPrice(currency="INR", price=1.0)])[0].price or 1.0
    return (
        commerce.OrderCreate(
            customer=commerce.OrderCustomer(email=customer.email or "", phone=customer.phone),
            billing_address=address,
            shipping_address=address,
            currency="INR",
            lines=[
                commerce.OrderLineCreate(variant_id=variant.id, quantity=1, tax_rate=0.0, unit_price=price)
            ],
        ),
    )


async def _first_variant(harness: Harness) -> tuple[Any, ...]:
    products = await harness.call("commerce.products.list", commerce.ProductQuery(), PageRequest(size=1))
    return ((products.items[0].variants or [])[0].id,)


async def _first_product_id(harness: Harness) -> tuple[Any, ...]:
    return (await first_id(harness, "commerce.products.list", commerce.ProductQuery()),)


async def _first_order_id(harness: Harness) -> tuple[Any, ...]:
    return (await first_id(harness, "commerce.orders.list", commerce.OrderQuery()),)


async def _first_customer_id(harness: Harness) -> tuple[Any, ...]:
    page = await harness.call("commerce.customers.list", PageRequest(size=1))
    return (str(page.items[0].id),)


COMMERCE_ARGUMENTS: dict[str, Arguments] = {
    "commerce.customers.list": lambda h: constant(PageRequest(size=10)),
    "commerce.customers.get": _first_customer_id,
    "commerce.products.list": lambda h: constant(commerce.ProductQuery(), PageRequest(size=10)),
    "commerce.products.get": _first_product_id,
    "commerce.variants.get": _first_variant,
    "commerce.variants.set_quantity": lambda h: constant(
        "unknown", commerce.InventoryDetailsUpdate(location_id="unknown", available_quantity=1)
    ),
    "commerce.locations.list": lambda h: constant(PageRequest()),
    "commerce.orders.list": lambda h: constant(
        commerce.OrderQuery(date_from=recent_week(h)[0], date_to=recent_week(h)[1]), PageRequest(size=10)
    ),
    "commerce.orders.get": _first_order_id,
    "commerce.orders.create": _commerce_order,
    "commerce.payment_methods.list": lambda h: constant(PageRequest()),
    "commerce.product_categories.list": lambda h: constant(commerce.CategoryQuery(), PageRequest()),
    "commerce.taxes.list": lambda h: constant(PageRequest()),
    "commerce.countries.list": lambda h: constant(PageRequest()),
}


async def _pms_closure_query(harness: Harness) -> tuple[Any, ...]:
    """A past day with stays: its computed closure is not empty."""
    return (pms.ClosureQuery(date=harness.today - dt.timedelta(days=3)),)


def _pms_week(harness: Harness) -> dict[str, dt.date]:
    first, last = recent_week(harness)
    return {"date_from": first, "date_to": last}


PMS_ARGUMENTS: dict[str, Arguments] = {
    "pms.customers.list": lambda h: constant(pms.CustomerQuery(), PageRequest(size=10)),
    "pms.customers.get": lambda h: single(first_id(h, "pms.customers.list", pms.CustomerQuery())),
    "pms.orders.list": lambda h: constant(pms.OrderQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.invoices.list": lambda h: constant(pms.InvoiceQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.payments.list": lambda h: constant(pms.PaymentQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.payment_methods.list": lambda h: constant(pms.LocationQuery(), PageRequest()),
    "pms.accounting_categories.list": lambda h: constant(PageRequest()),
    "pms.taxes.list": lambda h: constant(PageRequest()),
    "pms.locations.list": lambda h: constant(PageRequest()),
    "pms.closures.get": _pms_closure_query,
    "pms.accounting_transactions.list": lambda h: constant(
        pms.AccountingTransactionQuery(**_pms_week(h)), PageRequest(size=10)
    ),
}


ARGUMENTS: dict[str, Arguments] = {
    **POS_ARGUMENTS,
    **COMMERCE_ARGUMENTS,
    **PMS_ARGUMENTS,
    **ACCOUNTING_ARGUMENTS,
    **INVOICING_ARGUMENTS,
}
