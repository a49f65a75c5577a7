"""Pure functions between Kounta's payloads and the POS vertical. docs/connectors/kounta.md has
the field-by-field table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from junction.connectors.kounta.types import (
    KountaAddress,
    KountaCategory,
    KountaCustomer,
    KountaCustomerBrief,
    KountaOrder,
    KountaOrderLine,
    KountaPaymentMethod,
    KountaProduct,
    KountaReconciliation,
    KountaSite,
    KountaTax,
)
from junction.unified import pos
from junction.unified.common import Address

COMPLETE = "COMPLETE"
# In progress on the POS: neither completed nor rejected.
OPEN_STATUSES = frozenset({"SUBMITTED", "ON_HOLD", "PENDING", "ACCEPTED"})


def money(value: float) -> float:
    return round(value, 2)


def percent(rate: float) -> float:
    """Kounta writes 10 % as 0.1; the unified models write 10.0."""
    return round(rate * 100, 4)


def to_unified_address(raw: KountaAddress | None, address_type: str) -> Address | None:
    if raw is None:
        return None
    return Address(
        address_type=address_type,
        street=", ".join(line for line in raw.lines if line) or None,
        city=raw.city,
        postal_code=raw.postal_code,
        country=raw.country,
    )


def _display_name(first: str | None, last: str | None, fallback: str) -> str:
    return " ".join(part for part in (first, last) if part) or fallback


def to_unified_customer(raw: KountaCustomer | KountaCustomerBrief) -> pos.Customer:
    """Lists give abridged records (name and email); one customer's GET gives the rest. Kounta's
    created_at is documented as "the current timestamp, not the actual created time", so
    created_on stays empty rather than wrong."""
    email = raw.email if isinstance(raw, KountaCustomer) and raw.email else raw.primary_email_address
    customer = pos.Customer(
        id=str(raw.id),
        first_name=raw.first_name,
        last_name=raw.last_name,
        name=_display_name(raw.first_name, raw.last_name, email or str(raw.id)),
        email=email or None,
    )
    if isinstance(raw, KountaCustomer):
        customer.phone = raw.phone or raw.mobile
        addresses = [
            to_unified_address(raw.primary_address, "primary"),
            to_unified_address(raw.shipping_address, "shipping"),
        ]
        customer.addresses = [a for a in addresses if a is not None]
    return customer


def to_kounta_customer_create(item: pos.CustomerCreate) -> dict[str, Any]:
    body: dict[str, Any] = {"first_name": item.first_name, "last_name": item.last_name}
    if item.email:
        body["email"] = item.email
    if item.phone:
        body["phone"] = item.phone
    if item.address:
        street = " ".join(
            part for part in (item.address.street, item.address.number, item.address.box) if part
        )
        body["primary_address"] = {
            "lines": [street] if street else [],
            "city": item.address.city,
            "postal_code": item.address.postal_code,
            "country": item.address.country,
        }
    return body


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _line_totals(line: KountaOrderLine) -> tuple[float, float]:
    """(total excluding tax, tax) of a line, computed as Kounta does when it omits them:
    quantity x unit price x price variation (0.9 = 10 % off)."""
    ex_tax = line.line_total_ex_tax
    if ex_tax is None:
        ex_tax = line.quantity * line.unit_price * line.price_variation
    tax = line.line_total_tax if line.line_total_tax is not None else line.quantity * line.unit_tax
    return ex_tax, tax


def snap_rate(rate: float, known: tuple[float, ...]) -> float:
    """Kounta's lines carry amounts rounded to the cent, not their tax: the rate they imply
    (10.09 %) is snapped to the nearest of the company's rates (10 %) when one is that close."""
    nearest = min(known, key=lambda k: abs(k - rate), default=None)
    return nearest if nearest is not None and abs(nearest - rate) < 0.5 else round(rate, 2)


def to_unified_order_line(
    order_id: int, line: KountaOrderLine, rates: tuple[float, ...] = ()
) -> pos.OrderLine:
    ex_tax, tax = _line_totals(line)
    undiscounted = line.quantity * line.unit_price
    discounts = []
    if line.price_variation < 1:
        discounts.append(pos.Discount(total=money(undiscounted - ex_tax), type=pos.DiscountType.OFFERED))
    product_id = line.product.id if line.product else line.product_id
    return pos.OrderLine(
        id=f"{order_id}-{line.number}",
        type=pos.OrderLineType.product,
        quantity=line.quantity,
        unit_price=money(line.unit_price),
        total=money(ex_tax + tax),
        tax_amount=money(tax),
        tax_rate=snap_rate(percent(line.unit_tax / line.unit_price), rates) if line.unit_price else None,
        description=line.product.name if line.product else line.notes,
        discounts=discounts,
        product_id=str(product_id) if product_id is not None else None,
    )


def _tax_totals(lines: Iterable[pos.OrderLine]) -> list[pos.TaxTotal]:
    by_rate: dict[float, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for line in lines:
        rate = line.tax_rate or 0.0
        by_rate[rate][0] += line.tax_amount
        by_rate[rate][1] += line.total
    return [
        pos.TaxTotal(tax_rate=rate, tax_amount=money(tax), total=money(total))
        for rate, (tax, total) in sorted(by_rate.items())
    ]


def to_unified_order(raw: KountaOrder, currency: str | None, rates: tuple[float, ...] = ()) -> pos.Order:
    lines = [to_unified_order_line(raw.id, line, rates) for line in raw.lines]
    customer_id = raw.customer.id if raw.customer else raw.customer_id
    created = parse_time(raw.placed_at) or parse_time(raw.created_at)
    assert created is not None
    discount = sum(d.total for line in lines for d in (line.discounts or []))
    return pos.Order(
        id=str(raw.id),
        order_number=raw.sale_number,
        creation_date=created,
        closing_date=parse_time(raw.updated_at) if raw.status == COMPLETE else None,
        device_id=str(raw.register_id) if raw.register_id is not None else None,
        total=money(raw.total),
        tax_amount=money(raw.total_tax),
        total_discount=money(discount),
        source=pos.OrderSource.POS,
        currency=currency,
        customer_id=str(customer_id) if customer_id is not None else None,
        location_id=str(raw.site_id) if raw.site_id is not None else None,
        taxes=_tax_totals(lines),
        payments=[to_unified_payment(raw, index, currency) for index in range(len(raw.payments))],
        items=lines,
    )


def to_unified_payment(order: KountaOrder, index: int, currency: str | None) -> pos.Payment:
    payment = order.payments[index]
    method_id = payment.method.id if payment.method else payment.method_id
    return pos.Payment(
        id=str(payment.id) if payment.id is not None else f"{order.id}-{index + 1}",
        payment_method_id=str(method_id) if method_id is not None else None,
        payment_method_name=payment.method.name if payment.method else None,
        total=money(payment.amount),
        status=pos.PaymentStatus.Completed if order.status == COMPLETE else pos.PaymentStatus.Pending,
        currency=currency,
        date=parse_time(payment.created_at) or parse_time(order.created_at),
        order_id=str(order.id),
    )


def to_unified_sales(orders: Iterable[pos.Order]) -> pos.Sales:
    orders = list(orders)
    lines = [line for order in orders for line in order.items]
    return pos.Sales(
        total=money(sum(o.total for o in orders)),
        tax_amount=money(sum(o.tax_amount for o in orders)),
        taxes=_tax_totals(lines),
    )


def to_unified_objectives(orders: Iterable[pos.Order], date_from: date, date_to: date) -> list[pos.Objective]:
    """Kounta keeps no sales targets: a day's objective is what the same weekday sold one week
    earlier (completed orders), a baseline to beat."""
    by_day: dict[date, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for order in orders:
        day = order.creation_date.date()
        by_day[day][0] += order.total
        by_day[day][1] += order.tax_amount
    objectives = []
    day = date_from
    while day <= date_to:
        total, tax = by_day.get(day - timedelta(days=7), [0.0, 0.0])
        objectives.append(pos.Objective(date=day, total=money(total), tax_amount=money(tax)))
        day += timedelta(days=1)
    return objectives


def to_unified_location(raw: KountaSite, timezone: str | None) -> pos.Location:
    return pos.Location(
        id=str(raw.id),
        name=raw.name,
        timezone=timezone,
        address=to_unified_address(raw.postal_address or raw.shipping_address, "main"),
    )


def to_unified_tax_rate(raw: KountaTax) -> pos.TaxRate:
    return pos.TaxRate(id=str(raw.id), label=raw.name, rate=percent(raw.rate), tax_code=raw.code)


def to_unified_payment_method(raw: KountaPaymentMethod) -> pos.PaymentMethod:
    return pos.PaymentMethod(id=str(raw.id), name=raw.name, extra=raw.ledger_code)


def to_unified_category(raw: KountaCategory) -> pos.ProductCategory:
    # Kounta's categories are flat: every one is a parent.
    return pos.ProductCategory(id=str(raw.id), name=raw.name, description=raw.description)


def to_unified_product(raw: KountaProduct, category_ids: list[str]) -> pos.Product:
    rate = percent(raw.taxes[0].rate) if raw.taxes else None
    prices = (
        [pos.ProductPrice(unit_price=money(raw.unit_price), tax_rate=rate)]
        if raw.unit_price is not None
        else []
    )
    return pos.Product(
        id=str(raw.id), name=raw.name, description=raw.description, categories=category_ids, prices=prices
    )


def to_unified_closure(
    day: date, reconciliations: list[KountaReconciliation], taxes: list[KountaTax]
) -> pos.Closure:
    """A day is closed once it has a reconciliation (Kounta's end-of-day takings)."""
    rates = {tax.id: percent(tax.rate) for tax in taxes}
    return pos.Closure(
        date=day,
        status=pos.ClosureState.closed if reconciliations else pos.ClosureState.open,
        closures=[to_unified_closure_detail(r, rates) for r in reconciliations],
    )


def to_unified_closure_detail(raw: KountaReconciliation, rates: dict[int, float]) -> pos.ClosureDetail:
    amounts = [amount for account in raw.income_accounts for amount in account.amounts]
    operations = []
    for taking in raw.reconciliations:
        adjustments = taking.adjustments
        if adjustments and adjustments.cash_in:
            operations.append(pos.ClosureOperation(type="cash_in", total=money(adjustments.cash_in)))
        if adjustments and adjustments.cash_out:
            operations.append(pos.ClosureOperation(type="cash_out", total=money(-adjustments.cash_out)))
    return pos.ClosureDetail(
        id=str(raw.id),
        total=money(sum(t.takings.recorded for t in raw.reconciliations)),
        tax_amount=money(sum(a.tax for a in amounts)),
        payments=[
            pos.ClosurePayment(
                payment_method_id=str(t.payment_method.id),
                payment_method_name=t.payment_method.name,
                total=money(t.takings.recorded),
            )
            for t in raw.reconciliations
        ],
        taxes=[
            pos.TaxTotal(
                tax_id=str(a.tax_id) if a.tax_id is not None else None,
                tax_rate=rates.get(a.tax_id or -1, 0.0),
                tax_amount=money(a.tax),
                total=money(a.net + a.tax),
            )
            for a in amounts
        ],
        operations=operations,
    )
