"""The Tryton connector against a real Tryton 8.2 (a copy of the template, started for this
module): what a bookkeeping integration notices beyond the SDK flows of tests/compat."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import AsyncIterator
from typing import Any

import pytest

from junction.connectors._framework.errors import ObjectNotFound, ProviderRejectedInput
from junction.connectors._framework.testing import Harness
from junction.sandboxes.tryton.server import RunningTryton
from junction.unified import accounting as a
from junction.unified.common import PageRequest, PaymentStatus, VatCodeType
from tests.support.tryton import new_client, tryton_harness

DAY = dt.date(2025, 6, 10)


@pytest.fixture
async def harness(tryton: RunningTryton) -> AsyncIterator[Harness]:
    async with tryton_harness(tryton, DAY) as harness:
        yield harness


async def vat(harness: Harness, rate: float, kind: VatCodeType) -> str:
    codes = await harness.call("accounting.vat_codes.list", a.FolderQuery(), PageRequest(size=100))
    return str(next(c.id for c in codes.items if c.rate == rate and c.type == kind))


async def invoice_of(
    harness: Harness,
    partner_id: str,
    kind: a.InvoiceType,
    untaxed: float,
    rate: float,
    *,
    total: float | None = None,
) -> a.InvoiceCreate:
    sale = kind in (a.InvoiceType.customer_invoice, a.InvoiceType.customer_refund)
    tax = round(untaxed * rate / 100, 2)
    line = a.InvoiceLineCreate(
        description="Prestation",
        unit_price=untaxed,
        quantity=1,
        untaxed_amount=untaxed,
        tax_rate=rate,
        tax_amount=tax,
        total=untaxed + tax,
        account_number="706" if sale else "6061",
        tax_code=await vat(harness, rate, VatCodeType.sale if sale else VatCodeType.purchase),
    )
    return a.InvoiceCreate(
        invoice_type=kind,
        currency="EUR",
        untaxed_amount=untaxed,
        tax_amount=tax,
        total=untaxed + tax if total is None else total,
        invoice_date=DAY,
        due_date=DAY + dt.timedelta(days=30),
        partner_id=partner_id,
        invoice_number=f"EXT-{secrets.token_hex(3)}",
        lines=[line],
    )


async def pay(harness: Harness, invoice_id: str, amount: float) -> None:
    methods = await harness.call("accounting.payment_methods.list", a.FolderQuery(), PageRequest())
    payment = a.InvoicePaymentCreate(
        date=DAY,
        payment_method_id=str(methods.items[0].id),
        currency="EUR",
        items=[a.InvoicePaymentShare(invoice_id=invoice_id, amount=amount)],
    )
    await harness.call("accounting.invoice_payments.create", payment, a.FolderQuery())


async def test_a_partial_payment_keeps_the_invoice_open_and_the_rest_settles_it(harness: Harness) -> None:
    client = await new_client(harness)
    invoice = await harness.call(
        "accounting.invoices.create",
        await invoice_of(harness, str(client.id), a.InvoiceType.customer_invoice, 100, 20),
        a.InvoiceCreateOptions(),
    )

    await pay(harness, invoice.id, 50)
    halfway = await harness.call(
        "accounting.invoices.get", invoice.id, a.InvoiceOptions(include_payments=True)
    )
    unpaid = await harness.call(
        "accounting.invoices.list",
        a.InvoiceQuery(
            invoice_type=a.InvoiceType.customer_invoice,
            date_from=DAY,
            date_to=DAY,
            payment_status=PaymentStatus.unpaid,
        ),
        PageRequest(size=100),
    )
    await pay(harness, invoice.id, 70)
    settled = await harness.call(
        "accounting.invoices.get", invoice.id, a.InvoiceOptions(include_payments=True)
    )

    assert halfway.status == a.InvoiceStatusOut.posted
    assert [p.amount for p in halfway.payments] == [50.0]
    assert invoice.id in {i.id for i in unpaid.items}
    assert settled.status == a.InvoiceStatusOut.paid
    assert sorted(p.amount for p in settled.payments) == [50.0, 70.0]


async def test_a_total_tryton_computes_differently_is_refused_and_nothing_stays(harness: Harness) -> None:
    client = await new_client(harness)
    wrong = await invoice_of(harness, str(client.id), a.InvoiceType.customer_invoice, 100, 20, total=125)
    query = a.InvoiceQuery(invoice_type=a.InvoiceType.customer_invoice, date_from=DAY, date_to=DAY)
    before = await harness.call("accounting.invoices.list", query, PageRequest(size=1))

    with pytest.raises(ProviderRejectedInput, match=r"total of 120\.00"):
        await harness.call("accounting.invoices.create", wrong, a.InvoiceCreateOptions())

    after = await harness.call("accounting.invoices.list", query, PageRequest(size=1))
    assert after.total == before.total


async def test_a_supplier_invoice_and_a_customer_refund_are_filed_by_type(harness: Harness) -> None:
    client = await new_client(harness)
    suppliers = await harness.call("accounting.suppliers.list", a.PartnerQuery(), PageRequest(size=1))
    supplier_id = str(suppliers.items[0].id)

    bill = await harness.call(
        "accounting.invoices.create",
        await invoice_of(harness, supplier_id, a.InvoiceType.supplier_invoice, 300, 20),
        a.InvoiceCreateOptions(),
    )
    refund = await harness.call(
        "accounting.invoices.create",
        await invoice_of(harness, str(client.id), a.InvoiceType.customer_refund, 40, 20),
        a.InvoiceCreateOptions(),
    )
    refunds = await harness.call(
        "accounting.invoices.list",
        a.InvoiceQuery(invoice_type=a.InvoiceType.customer_refund, date_from=DAY, date_to=DAY),
        PageRequest(size=100),
    )

    assert bill.invoice_type == a.InvoiceType.supplier_invoice
    assert bill.total == 360.0
    assert bill.accounting_info is not None
    assert bill.accounting_info.account_number == "4011"
    assert refund.invoice_type == a.InvoiceType.customer_refund
    assert refund.total == 48.0  # Tryton holds it as -48.00
    assert [i.id for i in refunds.items] == [refund.id]


async def test_clients_are_searched_updated_and_told_from_suppliers(harness: Harness) -> None:
    client = await new_client(harness, company_number="732829320")
    since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)

    updated = await harness.call(
        "accounting.clients.update",
        str(client.id),
        a.ClientUpdate(phone="+33 2 40 00 00 00"),
        a.FolderQuery(),
    )
    recent = await harness.call(
        "accounting.clients.list", a.PartnerQuery(updated_after=since), PageRequest(size=100)
    )
    found = await harness.call("accounting.clients.list", a.PartnerQuery(search=client.name), PageRequest())

    assert updated.phone == "+33 2 40 00 00 00"
    assert (updated.company_number or "").replace(" ", "") == "732829320"  # Tryton shows "732 829 320"
    assert client.id in {c.id for c in recent.items}
    assert recent.total < 120  # the seeded clients were not changed since
    assert [c.id for c in found.items] == [client.id]
    with pytest.raises(ObjectNotFound):
        await harness.call("accounting.suppliers.get", str(client.id), a.FolderQuery())


async def test_an_unknown_ledger_account_is_a_clear_error(harness: Harness) -> None:
    client = await new_client(harness)
    item = await invoice_of(harness, str(client.id), a.InvoiceType.customer_invoice, 10, 20)
    item.lines[0].account_number = "999999"

    with pytest.raises(ProviderRejectedInput, match="No ledger account '999999'"):
        await harness.call("accounting.invoices.create", item, a.InvoiceCreateOptions())


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [("6068", a.AccountType.expense), ("5121", a.AccountType.bank)],
    ids=["purchases", "bank (the parent's debit type is needed)"],
)
async def test_a_ledger_account_is_created_under_its_chart_parent(
    harness: Harness, prefix: str, kind: a.AccountType
) -> None:
    number = f"{prefix}{secrets.randbelow(10**4):04d}"
    created = await harness.call(
        "accounting.accounts.create", a.AccountCreate(name="Nouveau compte", number=number), a.FolderQuery()
    )
    query = a.AccountQuery(classes=[prefix[0]])
    listed = [item for page in await all_pages(harness, query) for item in page.items]

    assert created.number == number
    assert created.type == kind
    assert number in {item.number for item in listed}


async def all_pages(harness: Harness, query: a.AccountQuery) -> list[Any]:
    first = await harness.call("accounting.accounts.list", query, PageRequest(size=100))
    pages = [first]
    while sum(len(page.items) for page in pages) < first.total:
        pages.append(
            await harness.call("accounting.accounts.list", query, PageRequest(page=len(pages) + 1, size=100))
        )
    return pages
