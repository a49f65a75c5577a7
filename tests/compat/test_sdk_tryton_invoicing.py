"""The official SDK over real HTTP to `junction serve`, and from there over real HTTP to a real
Tryton 8.2 server (a copy of the template database, started for this module): the invoicing
flows an invoicing integration runs, contacts and products to invoices and their payments."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import chift
import pytest

from junction.connectors.tryton.manifest import TRYTON_INVOICING_ID
from junction.sandboxes.tryton.server import RunningTryton
from tests.compat.conftest import AccountCredentials, value
from tests.support.tryton import connection_to

# Tryton numbers invoices in date order (an invoice dated before the last one numbered is
# refused): every invoice of this module is dated the same day.
INVOICE_DAY = "2025-06-16"
DUE_DAY = "2025-07-16"


@pytest.fixture
def shop(sdk: AccountCredentials, tryton: RunningTryton) -> Any:
    """A consumer whose invoicing connection is the Tryton server."""
    consumer = chift.Consumer.create({"name": f"Atelier {secrets.token_hex(3)}"})
    consumer.Connection.create(connection_to(tryton, TRYTON_INVOICING_ID))
    return consumer


def contact(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "company_name": name,
        "email": f"{secrets.token_hex(4)}@example.fr",
        "phone": "+33 4 78 00 00 00",
        "addresses": [
            {
                "address_type": "invoice",
                "street": "rue des Lilas",
                "number": "12",
                "city": "Lyon",
                "postal_code": "69003",
                "country": "FR",
            }
        ],
        **extra,
    }


def sale_tax(shop: Any, rate: float) -> str:
    return str(next(t.id for t in shop.invoicing.Tax.all() if t.rate == rate and value(t.type) == "sale"))


def sale(shop: Any, partner_id: str, **extra: Any) -> dict[str, Any]:
    """200.00 at 20 % and 50.00 at 5.5 %: 250.00 + 42.75 VAT = 292.75."""
    return {
        "invoice_type": "customer_invoice",
        "status": "posted",
        "currency": "EUR",
        "untaxed_amount": 250.0,
        "tax_amount": 42.75,
        "total": 292.75,
        "invoice_date": INVOICE_DAY,
        "due_date": DUE_DAY,
        "partner_id": partner_id,
        "reference": f"PO-{secrets.token_hex(3)}",
        "lines": [
            {
                "description": "Conseil",
                "unit_price": 100.0,
                "quantity": 2.0,
                "untaxed_amount": 200.0,
                "tax_rate": 20.0,
                "tax_amount": 40.0,
                "total": 240.0,
                "tax_id": sale_tax(shop, 20.0),
            },
            {
                "description": "Livres",
                "unit_price": 50.0,
                "quantity": 1.0,
                "untaxed_amount": 50.0,
                "tax_rate": 5.5,
                "tax_amount": 2.75,
                "total": 52.75,
                "tax_id": sale_tax(shop, 5.5),
            },
        ],
        **extra,
    }


def test_contacts_are_created_listed_by_type_and_read(shop: Any) -> None:
    name = f"Fromagerie {secrets.token_hex(3)}"
    customer = shop.invoicing.Contact.create(contact(name, is_customer=True, vat="FR40303265045"))
    supplier = shop.invoicing.Contact.create(contact(f"Minoterie {secrets.token_hex(3)}", is_supplier=True))

    customers = shop.invoicing.Contact.all(params={"contact_type": "customer"})
    suppliers = shop.invoicing.Contact.all(params={"contact_type": "supplier"})
    read = shop.invoicing.Contact.get(customer.id)

    assert customer.id in {c.id for c in customers}
    assert customer.id not in {s.id for s in suppliers}
    assert supplier.id in {s.id for s in suppliers}
    assert read.company_name == name
    assert read.is_customer is True
    assert read.is_supplier is False
    assert read.vat == "FR40303265045"
    assert read.phone == "+33 4 78 00 00 00"
    assert [(value(a.address_type), a.street, a.number, a.city) for a in read.addresses] == [
        ("invoice", "rue des Lilas", "12", "Lyon")
    ]


def test_products_are_created_listed_and_read(shop: Any) -> None:
    code = f"CONS-{secrets.token_hex(3).upper()}"
    vat = sale_tax(shop, 20.0)
    created = shop.invoicing.Product.create(
        {
            "name": "Journée de conseil",
            "unit_price": 800.0,
            "code": code,
            "unit": "Day",
            "tax_id": vat,
            "category": "Services",
            "description": "Une journée sur site",
            "cost": 450.0,
        }
    )

    listed = shop.invoicing.Product.all()
    read = shop.invoicing.Product.get(created.id)

    assert created.id in {p.id for p in listed}
    assert (read.name, read.code, read.unit_price, read.cost) == ("Journée de conseil", code, 800.0, 450.0)
    assert (read.tax_id, read.unit, read.category, read.currency) == (vat, "Day", "Services", "EUR")


def test_an_invoice_with_two_vat_rates_is_posted_listed_and_read_back(shop: Any) -> None:
    customer = shop.invoicing.Contact.create(contact(f"Épicerie {secrets.token_hex(3)}", is_customer=True))
    created = shop.invoicing.Invoice.create(sale(shop, customer.id))

    listed = shop.invoicing.Invoice.all(
        params={
            "invoice_type": "customer_invoice",
            "date_from": INVOICE_DAY,
            "date_to": INVOICE_DAY,
            "include_invoice_lines": "true",
        }
    )
    mine = next(i for i in listed if i.id == created.id)
    read = shop.invoicing.Invoice.get(created.id)

    assert value(created.status) == "posted"
    assert created.invoice_number
    assert (mine.untaxed_amount, mine.tax_amount, mine.total) == (250.0, 42.75, 292.75)
    assert mine.partner_id == customer.id
    assert sorted((line.tax_rate, line.total) for line in mine.lines) == [(5.5, 52.75), (20.0, 240.0)]
    assert [(line.description, line.quantity, line.unit_price) for line in read.lines] == [
        ("Conseil", 2.0, 100.0),
        ("Livres", 1.0, 50.0),
    ]
    assert str(read.due_date) == DUE_DAY
    assert read.outstanding_amount == 292.75


def test_an_invoice_of_a_product_takes_its_price_unit_and_vat(shop: Any) -> None:
    customer = shop.invoicing.Contact.create(contact(f"Traiteur {secrets.token_hex(3)}", is_customer=True))
    product = shop.invoicing.Product.create(
        {"name": "Formation", "unit_price": 500.0, "unit": "Day", "tax_id": sale_tax(shop, 20.0)}
    )
    line = {
        "description": "Formation",
        "unit_price": 500.0,
        "quantity": 1.0,
        "untaxed_amount": 500.0,
        "tax_rate": 20.0,
        "tax_amount": 100.0,
        "total": 600.0,
        "product_id": product.id,
    }
    invoice = shop.invoicing.Invoice.create(
        {
            **sale(shop, customer.id),
            "untaxed_amount": 500.0,
            "tax_amount": 100.0,
            "total": 600.0,
            "lines": [line],
        }
    )

    assert invoice.total == 600.0
    assert [(line.product_id, line.unit_of_measure, line.tax_id) for line in invoice.lines] == [
        (product.id, "Day", product.tax_id)
    ]


def test_a_credit_note_is_a_refund_with_positive_amounts(shop: Any) -> None:
    customer = shop.invoicing.Contact.create(contact(f"Bistrot {secrets.token_hex(3)}", is_customer=True))
    refund = shop.invoicing.Invoice.create({**sale(shop, customer.id), "invoice_type": "customer_refund"})

    refunds = shop.invoicing.Invoice.all(params={"invoice_type": "customer_refund", "date_from": INVOICE_DAY})

    assert value(refund.invoice_type) == "customer_refund"
    assert refund.total == 292.75
    assert refund.id in {i.id for i in refunds}
    assert sorted(line.quantity for line in refund.lines) == [1.0, 2.0]


def test_taxes_are_listed_with_their_rates(shop: Any) -> None:
    taxes = shop.invoicing.Tax.all()
    one = shop.invoicing.Tax.get(sale_tax(shop, 5.5))

    assert {(t.rate, value(t.type)) for t in taxes} >= {(20.0, "sale"), (5.5, "sale"), (20.0, "purchase")}
    assert (one.rate, value(one.type)) == (5.5, "sale")


def test_a_payment_is_recorded_and_the_invoice_is_paid(shop: Any) -> None:
    customer = shop.invoicing.Contact.create(contact(f"Boulangerie {secrets.token_hex(3)}", is_customer=True))
    invoice = shop.invoicing.Invoice.create(sale(shop, customer.id))
    method = shop.invoicing.PaymentMethod.all()[0]

    partial = shop.invoicing.Payment.create(
        {
            "invoice_id": invoice.id,
            "amount": 92.75,
            "date": "2025-06-20",
            "currency": "EUR",
            "payment_method_id": method.id,
            "description": "Acompte",
        }
    )
    between = shop.invoicing.Invoice.get(invoice.id)
    shop.invoicing.Payment.create(
        {
            "invoice_id": invoice.id,
            "amount": 200.0,
            "date": "2025-06-25",
            "currency": "EUR",
            "description": "Solde",
        }
    )
    after = shop.invoicing.Invoice.get(invoice.id)
    payments = shop.invoicing.Payment.all(params={"date_from": "2025-06-20", "date_to": "2025-06-25"})

    assert (partial.amount, partial.invoice_id, partial.partner_id) == (92.75, invoice.id, customer.id)
    assert value(partial.status) == "completed"
    assert partial.payment_method_name == method.name
    assert (value(between.status), between.outstanding_amount) == ("posted", 200.0)
    assert (value(after.status), after.outstanding_amount, str(after.last_payment_date)) == (
        "paid",
        0.0,
        "2025-06-25",
    )
    mine = sorted(
        (p.amount, p.description, p.payment_date.date()) for p in payments if p.invoice_id == invoice.id
    )
    assert mine == [(92.75, "Acompte", dt.date(2025, 6, 20)), (200.0, "Solde", dt.date(2025, 6, 25))]


def test_the_bank_account_shows_the_payments_as_transactions(shop: Any) -> None:
    customer = shop.invoicing.Contact.create(contact(f"Cave {secrets.token_hex(3)}", is_customer=True))
    invoice = shop.invoicing.Invoice.create(sale(shop, customer.id))
    shop.invoicing.Payment.create(
        {"invoice_id": invoice.id, "amount": 292.75, "date": "2025-06-27", "currency": "EUR"}
    )

    (bank,) = shop.invoicing.BankAccount.all()
    transactions = shop.invoicing.BankTransaction.all(
        params={"bank_account_id": bank.id, "date_from": "2025-06-27", "date_to": "2025-06-27"}
    )

    assert bank.iban == "FR7630001007941234567890185"
    assert [(t.amount, value(t.status), [d.id for d in t.linked_documents]) for t in transactions] == [
        (292.75, "done", [invoice.id])
    ]
