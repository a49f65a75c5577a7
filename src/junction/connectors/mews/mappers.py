"""Mews payloads to unified PMS models. Pure functions: everything they need comes in."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from junction.connectors.mews.types import (
    MewsAccountingCategory,
    MewsAddress,
    MewsBill,
    MewsCompany,
    MewsCustomer,
    MewsEnterprise,
    MewsOrderItem,
    MewsPayment,
    MewsReservation,
    MewsResource,
    MewsService,
    MewsTaxRate,
)
from junction.unified import pms
from junction.unified.common import Address

# "Rue Haute 12" / "12 Main Street": the house number Mews keeps inside Line1.
TRAILING_NUMBER = re.compile(r"^(?P<street>.*\D)\s+(?P<number>\d+[A-Za-z]?)$")
LEADING_NUMBER = re.compile(r"^(?P<number>\d+[A-Za-z]?)\s+(?P<street>\D.*)$")
# Line2 holds the box (apartment, "bte"/"bus" in Belgium) when it is one.
BOX_PREFIX = re.compile(r"^(box|bte|bus|apt\.?)\s+", re.IGNORECASE)
# Accounting categories Mews classifies as taxes hold the city tax (the only non-VAT tax a
# Mews order item carries, as `Type: CityTax`).
TAX_CLASSIFICATION = "Taxes"
PAYMENT_CLASSIFICATION = "Payments"
PAYMENT_TYPE_NAMES = {
    "CreditCardPayment": "Credit card",
    "CashPayment": "Cash",
    "ExternalPayment": "External payment",
    "InvoicePayment": "Invoice",
    "AlternativePayment": "Alternative payment",
}
PAYMENT_STATES = {
    "Charged": pms.PaymentStatus.Completed,
    "Canceled": pms.PaymentStatus.Canceled,
    "Pending": pms.PaymentStatus.Pending,
    "Verifying": pms.PaymentStatus.Pending,
    "Failed": pms.PaymentStatus.Failed,
}
LINE_TYPES = {
    "SpaceOrder": pms.OrderLineType.service,
    "CityTax": pms.OrderLineType.service,
    "ProductOrder": pms.OrderLineType.product,
    "CustomItem": pms.OrderLineType.product,
}
TRANSACTION_TYPES = {
    "SpaceOrder": pms.AccountingTransactionType.room,
    "NightRebate": pms.AccountingTransactionType.room,
    "CityTax": pms.AccountingTransactionType.tax,
    "CityTaxDiscount": pms.AccountingTransactionType.tax,
    "ProductOrder": pms.AccountingTransactionType.addon,
    "ProductOrderRebate": pms.AccountingTransactionType.addon,
    "CustomItem": pms.AccountingTransactionType.pos,
    "CancellationFee": pms.AccountingTransactionType.fee,
    "ServiceCharge": pms.AccountingTransactionType.fee,
    "InvoiceFee": pms.AccountingTransactionType.fee,
    "ResourceUpgradeFee": pms.AccountingTransactionType.fee,
    "Deposit": pms.AccountingTransactionType.payment,
}


def ref(object_id: str, model: str) -> pms.SourceRef:
    return pms.SourceRef(id=object_id, model=model)


def linked(object_id: str, model: str) -> pms.LinkedId:
    return pms.LinkedId(id=object_id, source_ref=ref(object_id, model))


def money(value: float) -> float:
    return round(value, 2)


def address(raw: MewsAddress | None, address_type: str = "home", name: str | None = None) -> Address | None:
    if raw is None or not any((raw.line1, raw.city, raw.postal_code, raw.country_code)):
        return None
    street, number = raw.line1, None
    if raw.line1:
        match = TRAILING_NUMBER.match(raw.line1.strip()) or LEADING_NUMBER.match(raw.line1.strip())
        if match:
            street, number = match["street"].strip().rstrip(","), match["number"]
    return Address(
        address_type=address_type,
        name=name,
        street=street,
        number=number,
        box=(BOX_PREFIX.sub("", raw.line2).strip() or None) if raw.line2 else None,
        city=raw.city,
        postal_code=raw.postal_code,
        country=raw.country_code,
    )


def to_customer(raw: MewsCustomer, company: MewsCompany | None) -> pms.Customer:
    home = address(raw.address, "home", "Home")
    return pms.Customer(
        id=raw.id,
        source_ref=ref(raw.id, "Customer"),
        first_name=raw.first_name,
        last_name=raw.last_name,
        company_name=company.name if company else None,
        phone=raw.phone,
        email=raw.email,
        account_number=raw.accounting_code,
        created_on=raw.created_utc,
        addresses=[home] if home else [],
        is_company=False,
    )


def to_location(service: MewsService, enterprise: MewsEnterprise) -> pms.Location:
    return pms.Location(
        id=service.id,
        name=f"{enterprise.name} - {service.name}",
        timezone=enterprise.time_zone,
        address=address(enterprise.address, "main", enterprise.name),
    )


def to_accounting_category(raw: MewsAccountingCategory) -> pms.AccountingCategory:
    return pms.AccountingCategory(
        id=raw.id,
        source_ref=ref(raw.id, "AccountingCategory"),
        name=raw.name,
        code=raw.code,
        ledger_account_code=raw.ledger_account_code,
        posting_account_code=raw.posting_account_code,
    )


def to_payment_method(raw: MewsAccountingCategory) -> pms.PaymentMethod:
    return pms.PaymentMethod(
        id=raw.id,
        source_ref=ref(raw.id, "AccountingCategory"),
        name=raw.name,
        extra=raw.code,
        ledger_account_code=raw.ledger_account_code,
    )


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 4)


def to_tax_rate(raw: MewsTaxRate, taxation_names: Mapping[str, str]) -> pms.TaxRate:
    rate = percent(raw.rate)
    name = taxation_names.get(raw.taxation_code or "", raw.taxation_code or "Tax")
    return pms.TaxRate(
        id=raw.code,
        source_ref=ref(raw.code, "TaxRate"),
        label=f"{name} {rate:g}%" if rate is not None else name,
        rate=rate,
        is_city_tax=False,
    )


def to_city_tax(raw: MewsAccountingCategory) -> pms.TaxRate:
    """The city tax is an amount per person and night in Mews, not a rate: `rate` stays empty."""
    return pms.TaxRate(
        id=raw.id, source_ref=ref(raw.id, "AccountingCategory"), label=raw.name, is_city_tax=True
    )


@dataclass(frozen=True)
class Context:
    """What the order, invoice and journal mappers look up."""

    currency: str | None
    rates: Mapping[str, float]  # tax code -> percent
    categories: Mapping[str, MewsAccountingCategory]
    resources: Mapping[str, MewsResource]
    enterprise_id: str


def to_line(raw: MewsOrderItem, context: Context) -> pms.OrderLine:
    code = next((t.code for t in raw.amount.tax_values if t.code), None)
    return pms.OrderLine(
        id=raw.id,
        source_ref=ref(raw.id, "OrderItem"),
        type=LINE_TYPES.get(raw.type or ""),
        quantity=raw.unit_count,
        unit_price=money(raw.unit_amount.net_value),
        total=money(raw.amount.gross_value),
        tax_amount=money(raw.amount.tax),
        tax_rate=context.rates.get(code) if code else None,
        tax_id=code,
        description=raw.notes or raw.type,
        product_id=(raw.data or {}).get("Value", {}).get("ProductId") if raw.data else None,
        accounting_category_id=raw.accounting_category_id,
    )


def taxes_of(lines: Iterable[pms.OrderLine]) -> list[pms.TaxTotal]:
    grouped: dict[tuple[str | None, float], list[pms.OrderLine]] = defaultdict(list)
    for line in lines:
        grouped[(line.tax_id, line.tax_rate or 0.0)].append(line)
    return [
        pms.TaxTotal(
            tax_id=tax_id,
            tax_rate=rate,
            tax_amount=money(sum(line.tax_amount for line in group)),
            total=money(sum(line.total for line in group)),
        )
        for (tax_id, rate), group in sorted(grouped.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))
    ]


def to_reservation(raw: MewsReservation, context: Context) -> pms.Reservation:
    resource = context.resources.get(raw.resource_id or "")
    return pms.Reservation(
        id=raw.id,
        source_ref=ref(raw.id, "Reservation"),
        start_date=raw.start_utc,
        end_date=raw.end_utc,
        creation_date=raw.created_utc,
        resource_id=linked(raw.resource_id, "Resource") if raw.resource_id else None,
        resource_name=resource.name if resource else None,
        resource_identifier=raw.resource_id,
    )


def partner_of(bill: MewsBill) -> pms.Partner | None:
    """The bill's owner from its `AssigneeData` (a customer or a company)."""
    if bill.assignee is None or not bill.assignee.value:
        return None
    value = bill.assignee.value
    object_id = str(value.get("Id") or bill.account_id or bill.id)
    raw_address = value.get("Address")
    where = address(MewsAddress.model_validate(raw_address)) if isinstance(raw_address, dict) else None
    if bill.assignee.discriminator == "BillCompanyData":
        return pms.Partner(
            id=object_id,
            source_ref=ref(object_id, "Company"),
            type=pms.PartnerType.owner,
            address=where,
            company_name=value.get("Name"),
        )
    return pms.Partner(
        id=object_id,
        source_ref=ref(object_id, "Customer"),
        type=pms.PartnerType.owner,
        address=where,
        first_name=value.get("FirstName"),
        last_name=value.get("LastName"),
    )


def to_invoice_summary(bill: MewsBill) -> pms.InvoiceSummary:
    partner = partner_of(bill)
    return pms.InvoiceSummary(
        id=bill.id,
        source_ref=ref(bill.id, "Bill"),
        invoice_number=bill.number,
        creation_date=bill.created_utc,
        closing_date=bill.issued_utc,
        partners=[partner] if partner else [],
    )


def to_payment(raw: MewsPayment, categories: Mapping[str, MewsAccountingCategory]) -> pms.Payment:
    category = categories.get(raw.accounting_category_id or "")
    kind = raw.type or "Payment"
    return pms.Payment(
        id=raw.id,
        source_ref=ref(raw.id, "Payment"),
        payment_method_id=category.id if category else kind,
        payment_method_name=category.name if category else PAYMENT_TYPE_NAMES.get(kind, kind),
        # Mews books what the guest paid as a negative amount on the guest's account.
        total=money(-raw.amount.gross_value),
        status=PAYMENT_STATES.get(raw.state or "", pms.PaymentStatus.Unknown),
        currency=raw.amount.currency,
        date=raw.charged_utc or raw.created_utc,
        invoice_ref=raw.bill_id,
        partner_id=linked(raw.account_id, raw.account_type or "Customer") if raw.account_id else None,
        description=raw.notes,
    )


def to_order(
    order_id: str,
    items: list[MewsOrderItem],
    reservation: MewsReservation | None,
    bills: Mapping[str, MewsBill],
    context: Context,
) -> pms.Order:
    lines = [to_line(item, context) for item in items]
    main = next((i for i in items if i.type == "SpaceOrder"), items[0])
    closed = [i.closed_utc for i in items]
    bill_ids = sorted({i.bill_id for i in items if i.bill_id})
    created = (
        reservation.created_utc
        if reservation and reservation.created_utc
        else min(i.created_utc for i in items)
    )
    service_date = (
        reservation.start_utc
        if reservation
        else min((i.consumed_utc for i in items if i.consumed_utc), default=None)
    )
    return pms.Order(
        id=order_id,
        source_ref=ref(order_id, "Reservation" if reservation else "ServiceOrder"),
        order_number=reservation.number if reservation else None,
        creation_date=created,
        closing_date=max(c for c in closed if c is not None) if all(c is not None for c in closed) else None,
        service_date=service_date,
        total=money(sum(line.total for line in lines)),
        tax_amount=money(sum(line.tax_amount for line in lines)),
        currency=main.amount.currency or context.currency,
        customer_id=main.account_id if main.account_type in (None, "Customer") else None,
        location_id=main.service_id,
        taxes=taxes_of(lines),
        guests=sum(p.count for p in reservation.person_counts)
        if reservation and reservation.person_counts
        else None,
        items=lines,
        service_id=main.service_id,
        reservation=to_reservation(reservation, context) if reservation else None,
        bills=[to_invoice_summary(bills[b]) for b in bill_ids if b in bills],
    )


def to_invoice(
    bill: MewsBill,
    items: list[MewsOrderItem],
    payments: list[MewsPayment],
    reservation: MewsReservation | None,
    context: Context,
) -> pms.Invoice:
    lines = [to_line(item, context) for item in items]
    total = money(sum(line.total for line in lines))
    tax = money(sum(line.tax_amount for line in lines))
    partner = partner_of(bill)
    return pms.Invoice(
        id=bill.id,
        source_ref=ref(bill.id, "Bill"),
        invoice_number=bill.number,
        creation_date=bill.created_utc,
        closing_date=bill.issued_utc,
        partners=[partner] if partner else [],
        items=lines,
        payments=[to_payment(p, context.categories) for p in payments],
        service_id=next(
            (i.service_id for i in items if i.type == "SpaceOrder"), items[0].service_id if items else None
        ),
        reservation=to_reservation(reservation, context) if reservation else None,
        tax_amount=tax,
        untaxed_amount=money(total - tax),
        total=total,
    )


def item_transactions(raw: MewsOrderItem, context: Context) -> list[pms.AccountingTransaction]:
    """A revenue line (net) and, when the item is taxed, its tax line."""
    category = context.categories.get(raw.accounting_category_id or "")
    code = next((t.code for t in raw.amount.tax_values if t.code), None)
    status = (
        pms.AccountingTransactionStatus.posted
        if raw.accounting_state == "Closed"
        else pms.AccountingTransactionStatus.draft
    )
    origin = pms.AccountingTransactionOrigin(
        id=raw.service_order_id or raw.id, type=pms.AccountingTransactionOriginType.order
    )
    common = {
        "source_ref": ref(raw.id, "OrderItem"),
        "group_id": raw.bill_id or raw.service_order_id or raw.id,
        "date": raw.consumed_utc or raw.created_utc,
        "sub_group_id": raw.service_order_id,
        "tax_code": code,
        "currency": raw.amount.currency or context.currency or "EUR",
        "status": status,
        "origin": origin,
        "partner_id": linked(raw.account_id, raw.account_type or "Customer") if raw.account_id else None,
        "reference": raw.bill_id,
        "location_id": raw.service_id,
    }
    lines = [
        pms.AccountingTransaction(
            id=raw.id,
            amount=money(raw.amount.net_value),
            is_tax_line=False,
            description=raw.notes or raw.type or "",
            transaction_type=TRANSACTION_TYPES.get(raw.type or "", pms.AccountingTransactionType.other),
            accounting_category_id=raw.accounting_category_id,
            ledger_account_code=category.ledger_account_code if category else None,
            **common,
        )
    ]
    if raw.amount.tax:
        lines.append(
            pms.AccountingTransaction(
                id=f"{raw.id}-tax",
                amount=money(raw.amount.tax),
                is_tax_line=True,
                description=f"Tax {code or ''} on {raw.notes or raw.type or 'item'}".replace("  ", " "),
                transaction_type=pms.AccountingTransactionType.tax,
                **common,
            )
        )
    return lines


def payment_transaction(raw: MewsPayment, context: Context) -> pms.AccountingTransaction:
    category = context.categories.get(raw.accounting_category_id or "")
    return pms.AccountingTransaction(
        id=raw.id,
        source_ref=ref(raw.id, "Payment"),
        group_id=raw.bill_id or raw.id,
        date=raw.charged_utc or raw.created_utc,
        amount=money(-raw.amount.gross_value),
        is_tax_line=False,
        sub_group_id=raw.reservation_id,
        description=raw.notes or PAYMENT_TYPE_NAMES.get(raw.type or "", raw.type or "Payment"),
        currency=raw.amount.currency or context.currency or "EUR",
        transaction_type=pms.AccountingTransactionType.payment,
        accounting_category_id=raw.accounting_category_id,
        ledger_account_code=category.ledger_account_code if category else None,
        status=pms.AccountingTransactionStatus.posted
        if raw.accounting_state == "Closed"
        else pms.AccountingTransactionStatus.draft,
        origin=pms.AccountingTransactionOrigin(id=raw.id, type=pms.AccountingTransactionOriginType.payment),
        partner_id=linked(raw.account_id, raw.account_type or "Customer") if raw.account_id else None,
        reference=raw.bill_id,
    )


def closure_detail(
    detail_id: str,
    items: list[MewsOrderItem],
    payments: list[MewsPayment],
    context: Context,
) -> pms.ClosureDetail:
    """One computed closure: the day's consumed items (revenue, taxes per rate, the city tax as an
    operation) and the day's charged payments per payment method."""
    lines = [to_line(item, context) for item in items]
    by_method: dict[str, list[pms.Payment]] = defaultdict(list)
    for payment in (to_payment(p, context.categories) for p in payments):
        by_method[payment.payment_method_id or ""].append(payment)
    city_tax = money(sum(i.amount.gross_value for i in items if i.type == "CityTax"))
    return pms.ClosureDetail(
        id=detail_id,
        total=money(sum(line.total for line in lines)),
        tax_amount=money(sum(line.tax_amount for line in lines)),
        payments=[
            pms.ClosurePayment(
                payment_method_id=method or None,
                payment_method_name=group[0].payment_method_name,
                total=money(sum(p.total for p in group)),
            )
            for method, group in sorted(by_method.items())
        ],
        taxes=taxes_of(lines),
        operations=[pms.ClosureOperation(type="city_tax", total=city_tax)] if city_tax else [],
    )


def order_key(order: pms.Order) -> tuple[datetime, str]:
    return (order.service_date or order.creation_date, order.id)
