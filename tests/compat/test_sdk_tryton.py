"""The official SDK over real HTTP to `junction serve`, and from there over real HTTP to a real
Tryton 8.2 server (a copy of the template database, started for this module): the accounting
flows a bookkeeping integration runs, checked in Tryton's own books."""

from __future__ import annotations

import secrets
from typing import Any

import chift
import pytest
from chift.api.exceptions import ChiftException

from junction.connectors.tryton.manifest import TRYTON_ACCOUNTING_ID
from junction.sandboxes.tryton.server import RunningTryton
from tests.compat.conftest import AccountCredentials, Server, value
from tests.support.tryton import connection_to

INVOICE_DAY = "2025-03-14"


@pytest.fixture
def books(sdk: AccountCredentials, tryton: RunningTryton) -> Any:
    """A consumer whose accounting connection is the Tryton server."""
    consumer = chift.Consumer.create({"name": f"Boulangerie {secrets.token_hex(3)}"})
    consumer.Connection.create(connection_to(tryton, TRYTON_ACCOUNTING_ID))
    return consumer


def partner(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "email": f"{secrets.token_hex(4)}@example.fr",
        "addresses": [
            {
                "address_type": "main",
                "street": "12 rue des Lilas",
                "city": "Lyon",
                "postal_code": "69003",
                "country": "FR",
            }
        ],
        **extra,
    }


def vat_code(books: Any, rate: float, kind: str = "sale") -> str:
    return str(next(c.id for c in books.accounting.Tax.all() if c.rate == rate and value(c.type) == kind))


def sale_entry(client_id: str, books: Any) -> dict[str, Any]:
    """200.00 at 20 % and 50.00 at 5.5 %: 250.00 + 42.75 VAT = 292.75."""
    return {
        "invoice_type": "customer_invoice",
        "invoice_number": f"F-{secrets.token_hex(3)}",
        "currency": "EUR",
        "untaxed_amount": 250.0,
        "tax_amount": 42.75,
        "total": 292.75,
        "invoice_date": INVOICE_DAY,
        "due_date": "2025-04-13",
        "partner_id": client_id,
        "lines": [
            {
                "description": "Conseil",
                "unit_price": 100.0,
                "quantity": 2.0,
                "untaxed_amount": 200.0,
                "tax_rate": 20.0,
                "tax_amount": 40.0,
                "total": 240.0,
                "account_number": "706",
                "tax_code": vat_code(books, 20.0),
            },
            {
                "description": "Livres",
                "unit_price": 50.0,
                "quantity": 1.0,
                "untaxed_amount": 50.0,
                "tax_rate": 5.5,
                "tax_amount": 2.75,
                "total": 52.75,
                "account_number": "706",
                "tax_code": vat_code(books, 5.5),
            },
        ],
    }


def test_clients_and_suppliers_are_created_found_and_read(books: Any) -> None:
    name = f"Fromagerie {secrets.token_hex(3)}"
    client = books.accounting.Client.create(partner(name, vat="FR40303265045"))
    supplier = books.accounting.Supplier.create(partner(f"Minoterie {secrets.token_hex(3)}"))

    found = books.accounting.Client.all(params={"search": name})
    read = books.accounting.Client.get(client.id)
    suppliers = books.accounting.Supplier.all()

    assert [c.id for c in found] == [client.id]
    assert read.name == name
    assert read.vat == "FR40303265045"
    assert read.addresses[0].city == "Lyon"
    assert read.account_number == "4111"
    assert supplier.id in {s.id for s in suppliers}
    assert client.id not in {s.id for s in suppliers}


def test_a_sale_entry_with_two_vat_rates_is_booked_and_listed(books: Any) -> None:
    client = books.accounting.Client.create(partner(f"Épicerie {secrets.token_hex(3)}"))
    created = books.accounting.Invoice.create(sale_entry(client.id, books))

    listed = books.accounting.Invoice.all(
        "customer_invoice",
        params={
            "date_from": INVOICE_DAY,
            "date_to": INVOICE_DAY,
            "include_invoice_lines": "true",
            "include_partner_info": "true",
        },
    )
    mine = next(i for i in listed if i.id == created.id)

    assert value(created.status) == "posted"
    assert created.total == 292.75
    assert mine.tax_amount == 42.75
    assert sorted((line.tax_rate, line.total) for line in mine.lines) == [(5.5, 52.75), (20.0, 240.0)]
    assert mine.partner.name == client.name
    assert mine.partner_id == client.id


def test_the_journal_entry_of_a_sale_is_balanced_on_the_right_accounts(books: Any) -> None:
    client = books.accounting.Client.create(partner(f"Traiteur {secrets.token_hex(3)}"))
    created = books.accounting.Invoice.create(sale_entry(client.id, books))

    entries = books.accounting.JournalEntry.all(
        params={
            "unposted_allowed": "false",
            "date_from": INVOICE_DAY,
            "date_to": INVOICE_DAY,
            "partner_id": client.id,
        }
    )

    assert len(entries) == 1
    lines = entries[0].items
    by_account: dict[str, float] = {}
    for line in lines:
        by_account[line.account_number] = by_account.get(line.account_number, 0) + line.debit - line.credit
    assert sum(line.debit for line in lines) == sum(line.credit for line in lines) == created.total
    assert by_account == {"4111": 292.75, "706": -250.0, "44571": -42.75}
    assert entries[0].posted


def test_a_payment_marks_the_invoice_paid(books: Any, server: Server, sdk: AccountCredentials) -> None:
    client = books.accounting.Client.create(partner(f"Bistrot {secrets.token_hex(3)}"))
    invoice = books.accounting.Invoice.create(sale_entry(client.id, books))
    # The SDK has no payment-method model for accounting: its HTTP client reads the route.
    methods = server.client(sdk).get(f"/consumers/{books.consumerid}/accounting/payment-methods")
    payment_method = methods["items"][0]["id"]
    before = books.accounting.Invoice.get(invoice.id)
    done = books.accounting.InvoicePayment.create(
        {
            "date": "2025-03-20",
            "payment_method_id": payment_method,
            "currency": "EUR",
            "reference": "Virement Bistrot",
            "items": [{"invoice_id": invoice.id, "amount": 292.75}],
        }
    )
    after = books.accounting.Invoice.get(invoice.id, params={"include_payments": "true"})

    assert done is True
    assert value(before.status) == "posted"
    assert value(after.status) == "paid"
    assert [(p.amount, str(p.payment_date)) for p in after.payments] == [(292.75, "2025-03-20")]


def test_chart_journals_vat_codes_and_book_years(books: Any) -> None:
    accounts = books.accounting.Account.all()
    journals = books.accounting.Journal.all()
    codes = books.accounting.Tax.all()
    years = books.accounting.BookYear.all()

    numbers = {a.number: a for a in accounts}
    assert value(numbers["4111"].type) == "receivable"
    assert value(numbers["5121"].type) == "bank"
    assert {value(j.journal_type) for j in journals} >= {
        "customer_invoice",
        "supplier_invoice",
        "miscellaneous_operation",
    }
    assert {(c.rate, value(c.type)) for c in codes} >= {(20.0, "sale"), (5.5, "sale"), (20.0, "purchase")}
    assert [y.name for y in years] == ["2024", "2025", "2026", "2027"]


def test_a_tryton_user_error_reaches_the_sdk_with_trytons_message(books: Any) -> None:
    with pytest.raises(ChiftException) as refused:
        books.accounting.Client.create(partner("Numéro faux", vat="FR00000000000"))

    assert "not valid" in refused.value.message
    assert refused.value.error_code == "ERROR_PROVIDER_REJECTED_INPUT"
    assert books.accounting.Client.all(params={"search": "Numéro faux"}) == []


def test_an_unbalanced_entry_is_refused_and_nothing_is_booked(books: Any) -> None:
    misc = next(
        j for j in books.accounting.Journal.all() if value(j.journal_type) == "miscellaneous_operation"
    )
    reference = f"OD-{secrets.token_hex(3)}"
    with pytest.raises(ChiftException) as refused:
        books.accounting.Entry.create(
            {
                "journal_id": misc.id,
                "number": reference,
                "reference": reference,
                "currency": "EUR",
                "date": "2025-05-02",
                "items": [
                    {"account_type": "general_account", "account": "6061", "debit": 100.0, "credit": 0.0},
                    {"account_type": "general_account", "account": "5121", "debit": 0.0, "credit": 90.0},
                ],
            }
        )
    entries = books.accounting.JournalEntry.all(
        params={"unposted_allowed": "true", "date_from": "2025-05-02", "date_to": "2025-05-02"}
    )

    assert "not balanced" in refused.value.message
    assert all(e.reference != reference for e in entries)
