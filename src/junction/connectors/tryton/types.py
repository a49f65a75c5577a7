"""Tryton's records as its REST API returns them (values already decoded by `client.decode`:
Decimal and date objects). Each model says which fields the connector asks for (`f=`), so a
record never carries more than the mapping reads. Field names are Tryton's own (8.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class TrytonRecord(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    FIELDS: ClassVar[tuple[str, ...]] = ()
    id: int


class Named(TrytonRecord):
    """A Many2One as Tryton nests it with `f=<field>.name`."""

    name: str | None = None


class Coded(TrytonRecord):
    code: str | None = None
    name: str | None = None


class Reconciliation(TrytonRecord):
    number: str | None = None


class Country(TrytonRecord):
    code: str | None = None


class Address(TrytonRecord):
    FIELDS = (
        "party_name",
        "street",
        "building_number",
        "postal_code",
        "city",
        "country.code",
        "active",
    )
    party_name: str | None = None
    street: str | None = None
    building_number: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: Country | None = None
    active: bool | None = True


class ContactMechanism(TrytonRecord):
    type: str
    value: str | None = None
    name: str | None = None


class Identifier(TrytonRecord):
    type: str | None = None
    code: str | None = None


class Lang(TrytonRecord):
    code: str | None = None


class Party(TrytonRecord):
    FIELDS = (
        "name",
        "code",
        "active",
        "lang.code",
        *(f"addresses.{f}" for f in Address.FIELDS),
        "contact_mechanisms.type",
        "contact_mechanisms.value",
        "contact_mechanisms.name",
        "identifiers.type",
        "identifiers.code",
        "categories.name",
        "account_receivable.code",
        "account_payable.code",
        "create_date",
        "write_date",
    )
    name: str
    code: str | None = None
    active: bool = True
    lang: Lang | None = None
    addresses: list[Address] = []
    contact_mechanisms: list[ContactMechanism] = []
    identifiers: list[Identifier] = []
    categories: list[Named] = []
    account_receivable: Coded | None = None
    account_payable: Coded | None = None
    create_date: dt.datetime | None = None
    write_date: dt.datetime | None = None


class Currency(TrytonRecord):
    code: str


class Tax(TrytonRecord):
    FIELDS = (
        "name",
        "description",
        "type",
        "rate",
        "active",
        "start_date",
        "end_date",
        "group.kind",
        "invoice_account.code",
        "credit_note_account.code",
        "childs.rate",
        "childs.type",
        "childs.start_date",
        "childs.end_date",
        "childs.invoice_account.code",
    )
    name: str = ""
    description: str | None = None
    type: str = "none"
    rate: Decimal | None = None
    active: bool = True
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    group: TaxGroup | None = None
    invoice_account: Coded | None = None
    credit_note_account: Coded | None = None
    childs: list[Tax] = []


class TaxGroup(TrytonRecord):
    kind: str | None = None


class Account(TrytonRecord):
    FIELDS = (
        "code",
        "name",
        "active",
        "closed",
        "type.name",
        "type.receivable",
        "type.payable",
        "type.revenue",
        "type.expense",
        "type.statement",
        "type.assets",
        "party_required",
        "debit_type",
    )
    code: str | None = None
    name: str
    active: bool = True
    closed: bool = False
    type: AccountType | None = None
    party_required: bool = False


class AccountType(TrytonRecord):
    name: str | None = None
    receivable: bool = False
    payable: bool = False
    revenue: bool = False
    expense: bool = False
    statement: str | None = None
    assets: bool = False


class Journal(TrytonRecord):
    FIELDS = ("code", "name", "type", "active")
    code: str | None = None
    name: str
    type: str
    active: bool = True


class InvoiceTax(TrytonRecord):
    tax: Named | None = None
    base: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)


class InvoiceLine(TrytonRecord):
    type: str = "line"
    description: str | None = None
    quantity: float | None = None
    unit_price: Decimal | None = None
    amount: Decimal = Decimal(0)
    account: Coded | None = None
    taxes: list[Named] = []
    unit: Named | None = None


LINE_FIELDS = (
    "type",
    "description",
    "quantity",
    "unit_price",
    "amount",
    "account.code",
    "taxes.name",
    "unit.name",
)


class MoveLineRef(TrytonRecord):
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    maturity_date: dt.date | None = None
    reconciliation: Reconciliation | None = None


class Invoice(TrytonRecord):
    """An `account.invoice`: type "out" is a customer invoice, "in" a supplier one; a credit note
    is an invoice whose total is negative."""

    FIELDS = (
        "type",
        "number",
        "reference",
        "description",
        "state",
        "invoice_date",
        "accounting_date",
        "currency.code",
        "untaxed_amount",
        "tax_amount",
        "total_amount",
        "amount_to_pay",
        "party.name",
        "journal.name",
        "account.code",
        "payment_term.name",
        "lines_to_pay.maturity_date",
        "lines_to_pay.debit",
        "lines_to_pay.credit",
        "reconciled",
        "create_date",
        "write_date",
        "move",
    )
    type: str
    number: str | None = None
    reference: str | None = None
    description: str | None = None
    state: str
    invoice_date: dt.date | None = None
    accounting_date: dt.date | None = None
    currency: Currency
    untaxed_amount: Decimal = Decimal(0)
    tax_amount: Decimal = Decimal(0)
    total_amount: Decimal = Decimal(0)
    amount_to_pay: Decimal = Decimal(0)
    party: Named
    journal: Named | None = None
    account: Coded | None = None
    payment_term: Named | None = None
    lines_to_pay: list[MoveLineRef] = []
    reconciled: dt.date | None = None
    create_date: dt.datetime | None = None
    write_date: dt.datetime | None = None
    move: int | None = None
    lines: list[InvoiceLine] = []
    taxes: list[InvoiceTax] = []
    payment_lines: list[PaymentLine] = []


class PaymentLine(TrytonRecord):
    """A move line that pays an invoice (its `payment_lines`)."""

    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    date: dt.date | None = None
    description: str | None = None
    move: MoveRef | None = None
    reconciliation: Reconciliation | None = None


class MoveRef(TrytonRecord):
    number: str | None = None
    journal: Journal | None = None


PAYMENT_LINE_FIELDS = (
    "debit",
    "credit",
    "date",
    "description",
    "move.number",
    "move.journal.name",
    "move.journal.type",
    "reconciliation.number",
)


class MoveLine(TrytonRecord):
    account: Coded
    party: Named | None = None
    description: str | None = None
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    maturity_date: dt.date | None = None
    reconciliation: Reconciliation | None = None
    amount_second_currency: Decimal | None = None


MOVE_LINE_FIELDS = (
    "account.code",
    "account.name",
    "party.name",
    "description",
    "debit",
    "credit",
    "maturity_date",
    "reconciliation.number",
)


class Move(TrytonRecord):
    FIELDS = (
        "number",
        "date",
        "description",
        "state",
        "journal.name",
        "journal.code",
        "origin",
        "write_date",
        *(f"lines.{f}" for f in MOVE_LINE_FIELDS),
    )
    number: str | None = None
    date: dt.date
    description: str | None = None
    state: str
    journal: Coded
    origin: str | None = None
    write_date: dt.datetime | None = None
    lines: list[MoveLine] = []


class FiscalYear(TrytonRecord):
    FIELDS = ("name", "start_date", "end_date", "state")
    name: str
    start_date: dt.date
    end_date: dt.date
    state: str


class Period(TrytonRecord):
    FIELDS = ("name", "start_date", "end_date", "state", "type")
    name: str
    start_date: dt.date
    end_date: dt.date
    state: str
    type: str | None = None


Tax.model_rebuild()
Account.model_rebuild()
Invoice.model_rebuild()
PaymentLine.model_rebuild()


# --- the Invoicing vertical's records ---


class AddressMechanism(TrytonRecord):
    type: str
    value: str | None = None


class ContactAddress(Address):
    """A `party.address` with what Invoicing reads besides the street: its unit (box), the
    invoice/delivery flags (account_invoice and stock add them) and its own contact mechanisms."""

    # A subclass asks for more fields and narrows its nested records (mypy sees both as unsafe).
    FIELDS = (  # type: ignore[assignment]
        *Address.FIELDS,
        "street_name",
        "unit_number",
        "invoice",
        "delivery",
        "contact_mechanisms.type",
        "contact_mechanisms.value",
    )
    street_name: str | None = None
    unit_number: str | None = None
    invoice: bool | None = False
    delivery: bool | None = False
    contact_mechanisms: list[AddressMechanism] = []


class Contact(Party):
    FIELDS = (
        *(f for f in Party.FIELDS if not f.startswith("addresses.")),
        *(f"addresses.{f}" for f in ContactAddress.FIELDS),
    )
    addresses: list[ContactAddress] = []  # type: ignore[assignment]


class AccountCategory(TrytonRecord):
    name: str | None = None
    customer_taxes: list[int] = []
    supplier_taxes: list[int] = []


class ProductTemplate(TrytonRecord):
    name: str
    type: str | None = None
    list_price: Decimal | None = None
    default_uom: Named | None = None
    account_category: AccountCategory | None = None
    categories: list[Named] = []


class Product(TrytonRecord):
    """A `product.product` (a variant) with its `product.template`: Tryton sells and invoices
    variants, the template carries the name, price, unit and accounting category."""

    FIELDS = (
        "code",
        "description",
        "cost_price",
        "list_price_used",
        "template.name",
        "template.type",
        "template.list_price",
        "template.default_uom.name",
        "template.account_category.name",
        "template.account_category.customer_taxes",
        "template.account_category.supplier_taxes",
        "template.categories.name",
    )
    code: str | None = None
    description: str | None = None
    cost_price: Decimal | None = None
    list_price_used: Decimal | None = None
    template: ProductTemplate


class ProductRef(TrytonRecord):
    code: str | None = None
    name: str | None = None


class AnalyticEntry(TrytonRecord):
    """One analytic axis of an invoice line (analytic_invoice): its root and the account chosen."""

    root: Coded
    account: Coded | None = None


class ProductLine(InvoiceLine):
    """An invoice line with its product (and its analytic accounts when asked), for Invoicing."""

    product: ProductRef | None = None
    analytic_accounts: list[AnalyticEntry] = []


PRODUCT_LINE_FIELDS = (*LINE_FIELDS, "product.code", "product.name")
ANALYTIC_LINE_FIELDS = (
    "analytic_accounts.root.code",
    "analytic_accounts.root.name",
    "analytic_accounts.account.code",
    "analytic_accounts.account.name",
)


class InvoicingInvoice(Invoice):
    FIELDS = (  # type: ignore[assignment]
        *Invoice.FIELDS,
        "customer_payment_reference",
        "supplier_payment_reference",
        "payment_lines.date",
    )
    customer_payment_reference: str | None = None
    supplier_payment_reference: str | None = None
    lines: list[ProductLine] = []  # type: ignore[assignment]


class PaidInvoice(TrytonRecord):
    type: str
    number: str | None = None
    total_amount: Decimal = Decimal(0)


class InvoicePaymentLine(TrytonRecord):
    """A move line that pays an invoice (`invoice_payment` set): a payment in Invoicing."""

    FIELDS = (
        "debit",
        "credit",
        "date",
        "description",
        "origin",
        "amount_second_currency",
        "second_currency.code",
        "party.name",
        "move.state",
        "move.description",
        "invoice_payment.type",
        "invoice_payment.number",
        "invoice_payment.total_amount",
    )
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    date: dt.date
    description: str | None = None
    origin: str | None = None
    amount_second_currency: Decimal | None = None
    second_currency: Currency | None = None
    party: Named | None = None
    move: MoveState | None = None
    invoice_payment: PaidInvoice


class MoveState(TrytonRecord):
    state: str | None = None
    description: str | None = None


class Opportunity(TrytonRecord):
    FIELDS = (
        "number",
        "reference",
        "description",
        "comment",
        "amount",
        "currency.code",
        "state",
        "start_date",
        "end_date",
        "conversion_probability",
        "party.name",
        "employee.rec_name",
        "create_date",
    )
    number: str | None = None
    reference: str | None = None
    description: str | None = None
    comment: str | None = None
    amount: Decimal | None = None
    currency: Currency | None = None
    state: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    conversion_probability: float | None = None
    party: Named | None = None
    employee: Employee | None = None
    create_date: dt.datetime | None = None


class Employee(TrytonRecord):
    rec_name: str | None = None


class BankNumber(TrytonRecord):
    type: str | None = None
    number_compact: str | None = None


class BankAccountRecord(TrytonRecord):
    numbers: list[BankNumber] = []


class LedgerBalance(TrytonRecord):
    code: str | None = None
    balance: Decimal | None = None


class StatementJournal(TrytonRecord):
    """An `account.statement.journal`: where a bank's (or a till's) statements are booked. It is
    Invoicing's payment method and bank account both."""

    FIELDS = (
        "name",
        "currency.code",
        "bank_account.numbers.type",
        "bank_account.numbers.number_compact",
        "account.code",
        "account.balance",
    )
    name: str
    currency: Currency | None = None
    bank_account: BankAccountRecord | None = None
    account: LedgerBalance | None = None


class StatementRef(TrytonRecord):
    state: str
    journal: StatementJournal


class StatementLine(TrytonRecord):
    FIELDS = (
        "date",
        "amount",
        "description",
        "number",
        "related_to",
        "second_currency.code",
        "account.code",
        "statement.state",
        "statement.journal.name",
        "statement.journal.currency.code",
    )
    date: dt.date
    amount: Decimal = Decimal(0)
    description: str | None = None
    number: str | None = None
    related_to: str | None = None
    second_currency: Currency | None = None
    account: Coded | None = None
    statement: StatementRef


class PaymentStatementLine(TrytonRecord):
    """The statement line a payment was recorded with: its journal is the payment method."""

    FIELDS = ("description", "statement.journal.name")
    description: str | None = None
    statement: PaymentStatement


class PaymentStatement(TrytonRecord):
    journal: Named


InvoicePaymentLine.model_rebuild()
PaymentStatementLine.model_rebuild()
Opportunity.model_rebuild()
InvoicingInvoice.model_rebuild()


# --- the Accounting vertical's ledger records (ledger.py) ---


class AnalyticAccount(TrytonRecord):
    """An `analytic_account.account`: a plan is a root (type "root"), its accounts are "normal"
    accounts whose `root` is the plan. Tryton's balance is credit minus debit."""

    FIELDS = (
        "name",
        "code",
        "type",
        "active",
        "root",
        "parent",
        "currency.code",
        "debit",
        "credit",
    )
    name: str
    code: str | None = None
    type: str
    active: bool = True
    root: int | None = None
    parent: int | None = None
    currency: Currency | None = None
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)


class AnalyticInvoiceLine(TrytonRecord):
    type: str = "line"
    analytic_accounts: list[AnalyticEntry] = []


class AnalyticInvoice(TrytonRecord):
    """The analytic entries of an invoice's lines, read in the same search as the invoice."""

    FIELDS = ("lines.type", *(f"lines.{f}" for f in ANALYTIC_LINE_FIELDS))
    lines: list[AnalyticInvoiceLine] = []


class AnalyticAccountRef(TrytonRecord):
    root: int | None = None


class AnalyticLine(TrytonRecord):
    """An `analytic_account.line`: the part of a move line booked on one analytic account."""

    account: AnalyticAccountRef
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)


class AnalyticMoveLine(TrytonRecord):
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    analytic_lines: list[AnalyticLine] = []


class AnalyticMove(TrytonRecord):
    """The analytic lines of a move's lines, read in the same search as the move."""

    FIELDS = (
        "lines.debit",
        "lines.credit",
        "lines.analytic_lines.debit",
        "lines.analytic_lines.credit",
        "lines.analytic_lines.account.root",
    )
    lines: list[AnalyticMoveLine] = []


class JournalKind(TrytonRecord):
    code: str | None = None
    name: str | None = None
    type: str | None = None


class LedgerMove(TrytonRecord):
    number: str | None = None
    date: dt.date
    post_date: dt.date | None = None
    state: str = "draft"
    description: str | None = None
    origin: str | None = None
    journal: JournalKind


class LedgerParty(TrytonRecord):
    code: str | None = None
    name: str | None = None


class ReconciliationDated(TrytonRecord):
    number: str | None = None
    date: dt.date | None = None


class LedgerLine(TrytonRecord):
    """An `account.move.line` with its move, as the outstanding items and the FEC read it."""

    FIELDS = (
        "debit",
        "credit",
        "maturity_date",
        "description",
        "party.code",
        "party.name",
        "account.code",
        "account.name",
        "reconciliation.number",
        "reconciliation.date",
        "amount_second_currency",
        "second_currency.code",
        "move.number",
        "move.date",
        "move.post_date",
        "move.state",
        "move.description",
        "move.origin",
        "move.journal.code",
        "move.journal.name",
        "move.journal.type",
    )
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    maturity_date: dt.date | None = None
    description: str | None = None
    party: LedgerParty | None = None
    account: Coded
    reconciliation: ReconciliationDated | None = None
    amount_second_currency: Decimal | None = None
    second_currency: Currency | None = None
    move: LedgerMove


class InstallmentLine(TrytonRecord):
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    maturity_date: dt.date | None = None
    reconciliation: int | None = None


class OpenInvoice(TrytonRecord):
    """An invoice an outstanding line comes from: what is left to pay of it, installment by
    installment (`lines_to_pay`)."""

    FIELDS = (
        "type",
        "number",
        "reference",
        "invoice_date",
        "total_amount",
        "amount_to_pay",
        "customer_payment_reference",
        "supplier_payment_reference",
        "journal.type",
        "lines_to_pay.debit",
        "lines_to_pay.credit",
        "lines_to_pay.maturity_date",
        "lines_to_pay.reconciliation",
    )
    type: str
    number: str | None = None
    reference: str | None = None
    invoice_date: dt.date | None = None
    total_amount: Decimal = Decimal(0)
    amount_to_pay: Decimal = Decimal(0)
    customer_payment_reference: str | None = None
    supplier_payment_reference: str | None = None
    journal: JournalKind | None = None
    lines_to_pay: list[InstallmentLine] = []


class MiscAccount(TrytonRecord):
    code: str | None = None
    type: AccountType | None = None


class AnalyticLineRef(TrytonRecord):
    account: int | None = None


class MiscLine(TrytonRecord):
    description: str | None = None
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    party: int | None = None
    account: MiscAccount
    analytic_lines: list[AnalyticLineRef] = []


class MiscMove(TrytonRecord):
    """An `account.move` of a general journal: a miscellaneous operation."""

    FIELDS = (
        "number",
        "date",
        "state",
        "description",
        "journal.type",
        "lines.description",
        "lines.debit",
        "lines.credit",
        "lines.party",
        "lines.account.code",
        "lines.account.type.receivable",
        "lines.account.type.payable",
        "lines.analytic_lines.account",
    )
    number: str | None = None
    date: dt.date
    state: str
    description: str | None = None
    journal: JournalKind
    lines: list[MiscLine] = []


class BankNumberFull(TrytonRecord):
    type: str | None = None
    number: str | None = None
    number_compact: str | None = None


class BankRef(TrytonRecord):
    party: Named | None = None


class LedgerBankAccountRecord(TrytonRecord):
    bank: BankRef | None = None
    numbers: list[BankNumberFull] = []


class BankJournal(TrytonRecord):
    """An `account.statement.journal` seen as a bank account: its accounting journal (a
    "statement" journal), its ledger account and its `bank.account` (IBAN, bank)."""

    FIELDS = (
        "name",
        "validation",
        "currency.code",
        "journal.code",
        "account.code",
        "bank_account.bank.party.name",
        "bank_account.numbers.type",
        "bank_account.numbers.number",
        "bank_account.numbers.number_compact",
    )
    name: str
    validation: str | None = None
    currency: Currency | None = None
    journal: JournalKind | None = None
    account: Coded | None = None
    bank_account: LedgerBankAccountRecord | None = None


class AttachmentRecord(TrytonRecord):
    FIELDS = ("name", "data")
    name: str
    data: bytes | None = None


class BalanceLine(TrytonRecord):
    account: int
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    date: dt.date


AnalyticInvoice.model_rebuild()
LedgerLine.model_rebuild()
MiscMove.model_rebuild()
