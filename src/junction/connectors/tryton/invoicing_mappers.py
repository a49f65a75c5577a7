"""Tryton records to unified Invoicing models. Pure functions: no I/O.

What Invoicing shares with Accounting (contact mechanisms, identifiers, invoice types and states,
tax rates, line amounts) comes from `mappers`; this module adds what Invoicing shows besides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from junction.connectors.tryton import mappers
from junction.connectors.tryton import types as t
from junction.connectors.tryton.books import CLIENT_CATEGORY, SUPPLIER_CATEGORY
from junction.unified import invoicing as i
from junction.unified.common import PaymentPaymentStatus, SourceRef, VatCodeScope, VatCodeType

# Tryton's opportunity states (sale_opportunity/opportunity.py) and their labels. A converted
# opportunity has become a sale quotation: still open until that sale is won or lost.
OPPORTUNITY_STATES: dict[str, i.OpportunityStatus] = {
    "lead": i.OpportunityStatus.open,
    "opportunity": i.OpportunityStatus.open,
    "converted": i.OpportunityStatus.open,
    "won": i.OpportunityStatus.won,
    "lost": i.OpportunityStatus.lost,
    "cancelled": i.OpportunityStatus.cancelled,
}
OPPORTUNITY_LABELS = {
    "lead": "Lead",
    "opportunity": "Opportunity",
    "converted": "Converted",
    "won": "Won",
    "lost": "Lost",
    "cancelled": "Cancelled",
}
OPEN_OPPORTUNITY_STATES = ("lead", "opportunity")
# A "validated" invoice is a supplier invoice checked but not yet booked.
INVOICE_STATES: dict[str, i.InvoiceStatus] = {
    "draft": i.InvoiceStatus.draft,
    "validated": i.InvoiceStatus.draft,
    "posted": i.InvoiceStatus.posted,
    "paid": i.InvoiceStatus.paid,
    "cancelled": i.InvoiceStatus.cancelled,
}


def ref(record_id: int, model: str) -> SourceRef:
    return SourceRef(id=str(record_id), model=model)


# --- contacts ---


def address_type(address: t.ContactAddress) -> i.AddressType:
    if address.invoice:
        return i.AddressType.invoice
    if address.delivery:
        return i.AddressType.delivery
    return i.AddressType.main


def address_mechanism(address: t.ContactAddress, kind: str) -> str | None:
    return next((m.value for m in address.contact_mechanisms if m.type == kind and m.value), None)


def to_address(address: t.ContactAddress) -> i.Address:
    return i.Address(
        address_type=address_type(address),
        name=address.party_name,
        number=address.building_number,
        box=address.unit_number,
        phone=address_mechanism(address, "phone"),
        mobile=address_mechanism(address, "mobile"),
        email=address_mechanism(address, "email"),
        # Structured, Tryton's `street` is formatted with the numbers: the name alone here.
        street=address.street_name or address.street,
        city=address.city,
        postal_code=address.postal_code,
        country=address.country.code if address.country else None,
    )


def to_contact(party: t.Contact, *, prospect: bool, receivable: str | None, payable: str | None) -> i.Contact:
    """`receivable`/`payable`: the configuration's default accounts, which a party without its
    own accounts books on. Tryton's party is one name, neither a company nor a person: the name is
    `company_name`, and `is_company` is left unknown."""
    categories = {c.name for c in party.categories}
    is_customer = CLIENT_CATEGORY in categories
    return i.Contact(
        id=str(party.id),
        source_ref=ref(party.id, "party.party"),
        is_prospect=prospect and not is_customer,
        is_customer=is_customer,
        is_supplier=SUPPLIER_CATEGORY in categories,
        company_name=party.name,
        email=mappers.contact_value(party, "email"),
        phone=mappers.contact_value(party, "phone"),
        mobile=mappers.contact_value(party, "mobile"),
        vat=mappers.identifier(party, vat=True),
        company_number=mappers.identifier(party, vat=False),
        language=party.lang.code if party.lang else None,
        customer_account_number=party.account_receivable.code if party.account_receivable else receivable,
        supplier_account_number=party.account_payable.code if party.account_payable else payable,
        addresses=[to_address(a) for a in party.addresses if a.active is not False],
        external_reference=party.code,
    )


# --- products and taxes ---


def to_product(product: t.Product, currency: str) -> i.Product:
    template = product.template
    category = template.account_category
    taxes = (category.customer_taxes or category.supplier_taxes) if category else []
    price = product.list_price_used if product.list_price_used is not None else template.list_price
    return i.Product(
        id=str(product.id),
        source_ref=ref(product.id, "product.product"),
        name=template.name,
        unit_price=float(price) if price is not None else None,
        tax_id=str(taxes[0]) if taxes else None,
        code=product.code,
        unit=template.default_uom.name if template.default_uom else None,
        category=template.categories[0].name if template.categories else None,
        # Tryton prices products in the company's currency.
        currency=currency,
        description=product.description,
        cost=float(product.cost_price) if product.cost_price is not None else None,
        # Stock levels depend on a warehouse Tryton reads from the context: not known here.
        available_quantity=None,
    )


def tax_kind(tax: t.Tax) -> VatCodeType:
    return mappers.TAX_KINDS.get((tax.group.kind if tax.group else None) or "", VatCodeType.unknown)


def to_tax(tax: t.Tax, today: dt.date) -> i.Tax:
    return i.Tax(
        id=str(tax.id),
        source_ref=ref(tax.id, "account.tax"),
        label=tax.name,
        rate=float(mappers.effective_rate(tax, today) * 100),
        type=tax_kind(tax),
        code=str(tax.id),
        scope=VatCodeScope.unknown,
        active=tax.active,
    )


# --- invoices ---


def analytic(line: t.ProductLine) -> list[i.AnalyticDistribution]:
    """Tryton puts a line on one account per analytic root (axis): all of it, 100 %."""
    return [
        i.AnalyticDistribution(
            analytic_plan_code=entry.root.code or entry.root.name or str(entry.root.id),
            analytic_accounts=[
                i.AnalyticAccountShare(
                    analytic_account_code=entry.account.code or entry.account.name or str(entry.account.id),
                    analytic_account_name=entry.account.name or "",
                    percentage=100.0,
                )
            ],
        )
        for entry in line.analytic_accounts
        if entry.account is not None
    ]


def to_line(line: t.ProductLine, rates: dict[int, Decimal], sign: Decimal) -> i.InvoiceLine:
    amounts = mappers.invoice_line(line, 0, rates, sign)
    return i.InvoiceLine(
        description=line.description,
        unit_price=amounts.unit_price,
        quantity=amounts.quantity,
        tax_amount=amounts.tax_amount,
        untaxed_amount=amounts.untaxed_amount,
        total=amounts.total,
        tax_rate=amounts.tax_rate,
        account_number=amounts.account_number,
        tax_id=amounts.tax_code,
        unit_of_measure=amounts.unit_of_measure,
        product_id=str(line.product.id) if line.product else None,
        product_code=line.product.code if line.product else None,
        product_name=line.product.name if line.product else None,
        analytic_distribution=analytic(line),
    )


def outstanding(invoice: t.Invoice, sign: Decimal) -> float:
    if invoice.state == "posted":
        return mappers.money(abs(invoice.amount_to_pay))
    if invoice.state in ("draft", "validated"):
        return mappers.money(sign * invoice.total_amount)
    return 0.0


def to_invoice(
    invoice: t.InvoicingInvoice, *, rates: dict[int, Decimal], with_lines: bool, company_currency: str
) -> i.Invoice:
    sign = mappers.refund_sign(invoice)
    day = invoice.invoice_date or invoice.accounting_date or dt.date(1970, 1, 1)
    currency = invoice.currency.code
    communication = (
        invoice.customer_payment_reference if invoice.type == "out" else invoice.supplier_payment_reference
    )
    paid_on = [line.date for line in invoice.payment_lines if line.date is not None]
    return i.Invoice(
        id=str(invoice.id),
        source_ref=ref(invoice.id, "account.invoice"),
        currency=currency,
        invoice_type=i.InvoiceType(mappers.invoice_type(invoice).value),
        status=INVOICE_STATES.get(invoice.state, i.InvoiceStatus.draft),
        invoice_date=day,
        tax_amount=mappers.money(sign * invoice.tax_amount),
        untaxed_amount=mappers.money(sign * invoice.untaxed_amount),
        total=mappers.money(sign * invoice.total_amount),
        lines=[to_line(line, rates, sign) for line in invoice.lines if line.type == "line"]
        if with_lines
        else [],
        partner_id=str(invoice.party.id),
        invoice_number=invoice.number,
        due_date=min(
            (line.maturity_date for line in invoice.lines_to_pay if line.maturity_date), default=None
        ),
        reference=invoice.reference,
        payment_communication=communication,
        customer_memo=invoice.description,
        journal_ref=i.FieldRef(id=str(invoice.journal.id), model="account.journal", name=invoice.journal.name)
        if invoice.journal
        else None,
        last_updated_on=mappers.aware(invoice.write_date or invoice.create_date),
        outstanding_amount=outstanding(invoice, sign),
        last_payment_date=max(paid_on, default=None),
        accounting_date=invoice.accounting_date or invoice.invoice_date,
        # Tryton keeps no rate on the invoice: it converts at the date's rate when posting.
        currency_exchange_rate=1.0 if currency == company_currency else None,
    )


# --- opportunities ---


def to_opportunity(opportunity: t.Opportunity) -> i.Opportunity:
    state = opportunity.state
    status = OPPORTUNITY_STATES.get(state, i.OpportunityStatus.open)
    employee = opportunity.employee
    return i.Opportunity(
        id=str(opportunity.id),
        source_ref=ref(opportunity.id, "sale.opportunity"),
        name=opportunity.description or opportunity.number or str(opportunity.id),
        total=mappers.money(opportunity.amount),
        probability=round((opportunity.conversion_probability or 0) * 100, 2),
        status=status,
        partner_id=str(opportunity.party.id) if opportunity.party else None,
        comment=opportunity.comment,
        currency=opportunity.currency.code if opportunity.currency else None,
        description=opportunity.description,
        pipe_status=OPPORTUNITY_LABELS.get(state, state),
        created_date=opportunity.start_date,
        # While open, the end date is when it is expected to close.
        due_date=opportunity.end_date if status == i.OpportunityStatus.open else None,
        end_date=opportunity.end_date if status != i.OpportunityStatus.open else None,
        is_won=state == "won",
        owner_ref=i.FieldRef(id=str(employee.id), model="company.employee", name=employee.rec_name)
        if employee
        else None,
    )


# --- payments, payment methods, bank accounts and transactions ---


def to_payment(
    line: t.InvoicePaymentLine, company_currency: str, statement: t.PaymentStatementLine | None
) -> i.Payment:
    """`statement`: the statement line the payment was recorded with, when it came from a bank
    statement (its journal is the payment method)."""
    invoice = line.invoice_payment
    # Money in for a customer invoice, out for a supplier one (and the reverse for credit notes).
    received = line.credit - line.debit
    amount = received if invoice.type == "out" else -received
    currency = company_currency
    if line.second_currency is not None and line.amount_second_currency is not None:
        currency = line.second_currency.code
        amount = abs(line.amount_second_currency) * (1 if amount >= 0 else -1)
    if invoice.total_amount < 0:
        amount = -amount
    posted = line.move is not None and line.move.state == "posted"
    journal = statement.statement.journal if statement else None
    return i.Payment(
        id=str(line.id),
        source_ref=ref(line.id, "account.move.line"),
        status=PaymentPaymentStatus.completed if posted else PaymentPaymentStatus.pending,
        description=line.description
        or (statement.description if statement else None)
        or (line.move.description if line.move else None)
        or f"Payment {invoice.number or invoice.id}",
        amount=mappers.money(amount),
        currency=currency,
        payment_date=dt.datetime.combine(line.date, dt.time(), tzinfo=dt.UTC),
        partner_id=str(line.party.id) if line.party else None,
        payment_method_id=str(journal.id) if journal else None,
        payment_method_name=journal.name if journal else None,
        invoice_id=str(invoice.id),
        invoice_number=invoice.number,
    )


def to_payment_method(journal: t.StatementJournal) -> i.PaymentMethod:
    return i.PaymentMethod(
        id=str(journal.id), source_ref=ref(journal.id, "account.statement.journal"), name=journal.name
    )


def to_bank_account(journal: t.StatementJournal) -> i.BankAccount:
    numbers = journal.bank_account.numbers if journal.bank_account else []
    iban = next((n.number_compact for n in numbers if n.type == "iban"), None)
    balance = journal.account.balance if journal.account else None
    return i.BankAccount(
        id=str(journal.id),
        source_ref=ref(journal.id, "account.statement.journal"),
        name=journal.name,
        iban=iban,
        currency=journal.currency.code if journal.currency else None,
        balance=mappers.money(balance) if balance is not None else None,
    )


def related_invoice(line: t.StatementLine) -> int | None:
    """`related_to` is a Reference, "account.invoice,<id>" (REST cannot read through it)."""
    model, _, record_id = (line.related_to or "").partition(",")
    return int(record_id) if model == "account.invoice" and record_id.isdigit() else None


def to_bank_transaction(line: t.StatementLine) -> i.BankTransaction:
    journal = line.statement.journal
    invoice_id = related_invoice(line)
    linked = (
        [
            i.LinkedDocument(
                id=str(invoice_id),
                source_ref=ref(invoice_id, "account.invoice"),
                amount=mappers.money(abs(line.amount)),
                type=i.LinkedDocumentType.invoice,
            )
        ]
        if invoice_id is not None
        else []
    )
    return i.BankTransaction(
        id=str(line.id),
        source_ref=ref(line.id, "account.statement.line"),
        status=i.BankTransactionStatus.done
        if line.statement.state == "posted"
        else i.BankTransactionStatus.draft,
        bank_account_id=str(journal.id),
        amount=mappers.money(line.amount),
        date=line.date,
        description=line.description or line.number,
        currency=journal.currency.code if journal.currency else "",
        currency_exchange_rate=1.0 if line.second_currency is None else None,
        accounting_code=line.account.code if line.account else None,
        linked_documents=linked,
    )
