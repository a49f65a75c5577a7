"""Arguments for each Accounting and Invoicing operation, built from what the provider holds (the
Tryton template: the French chart, 120 clients, statement journals)."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import httpx

from junction.connectors._framework.testing.harness import (
    Arguments,
    Harness,
    constant,
    first_id,
    single,
)
from junction.unified import accounting, invoicing
from junction.unified.common import PageRequest, VatCodeType


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid4().hex[:8]}"


def _french_address() -> accounting.AddressCreate:
    return accounting.AddressCreate(
        address_type=accounting.AddressType.main,
        street="1 rue de la Conformité",
        city="Paris",
        postal_code="75001",
        country="FR",
    )


async def _new_invoice(harness: Harness) -> str:
    """A posted customer invoice of 120.00 (100.00 + 20 % VAT) to the first client."""
    client_id = await first_id(harness, "accounting.clients.list", accounting.PartnerQuery())
    vat_codes = await harness.call(
        "accounting.vat_codes.list", accounting.FolderQuery(), PageRequest(size=100)
    )
    vat = next(v for v in vat_codes.items if v.type == VatCodeType.sale and v.rate == 20)
    line = accounting.InvoiceLineCreate(
        description="Conformance",
        unit_price=100,
        quantity=1,
        untaxed_amount=100,
        tax_rate=20,
        tax_amount=20,
        total=120,
        account_number=_SALES_ACCOUNT,
        tax_code=vat.id,
    )
    invoice = await harness.call(
        "accounting.invoices.create",
        accounting.InvoiceCreate(
            invoice_type=accounting.InvoiceType.customer_invoice,
            currency="EUR",
            untaxed_amount=100,
            tax_amount=20,
            total=120,
            invoice_date=harness.today,
            due_date=harness.today,
            partner_id=client_id,
            lines=[line],
        ),
        accounting.InvoiceCreateOptions(),
    )
    return str(invoice.id)


# The French chart of accounts (the Tryton sandbox's): services sold, purchases, bank.
_SALES_ACCOUNT = "706"
_PURCHASES_ACCOUNT = "6061"
_BANK_ACCOUNT = "5121"


async def _invoice_creation(harness: Harness) -> tuple[Any, ...]:
    invoice_id = await _new_invoice(harness)
    invoice = await harness.call("accounting.invoices.get", invoice_id, accounting.InvoiceOptions())
    lines = [accounting.InvoiceLineCreate.model_validate(line.model_dump()) for line in invoice.lines]
    created = accounting.InvoiceCreate.model_validate(
        {**invoice.model_dump(exclude={"lines", "status"}), "lines": lines}
    )
    return created, accounting.InvoiceCreateOptions()


async def _invoice_payment(harness: Harness) -> tuple[Any, ...]:
    invoice_id = await _new_invoice(harness)
    method = await first_id(harness, "accounting.payment_methods.list", accounting.FolderQuery())
    payment = accounting.InvoicePaymentCreate(
        date=harness.today,
        payment_method_id=method,
        currency="EUR",
        items=[accounting.InvoicePaymentShare(invoice_id=invoice_id, amount=120)],
    )
    return payment, accounting.FolderQuery()


async def _journal_entry(harness: Harness) -> tuple[Any, ...]:
    journals = await harness.call("accounting.journals.list", accounting.FolderQuery(), PageRequest(size=100))
    journal = next(
        j for j in journals.items if j.journal_type == accounting.JournalType.miscellaneous_operation
    )
    items = [
        accounting.JournalEntryLineCreate(
            account_type=accounting.EntryLineType.general_account,
            account=_PURCHASES_ACCOUNT,
            debit=10,
            credit=0,
        ),
        accounting.JournalEntryLineCreate(
            account_type=accounting.EntryLineType.general_account, account=_BANK_ACCOUNT, debit=0, credit=10
        ),
    ]
    entry = accounting.JournalEntryCreate(
        journal_id=journal.id, number=_unique("OD"), currency="EUR", date=harness.today, items=items
    )
    return entry, accounting.JournalEntryOptions()


def _partner_create(model: type[Any]) -> Callable[[Harness], Awaitable[tuple[Any, ...]]]:
    async def arguments(harness: Harness) -> tuple[Any, ...]:
        item = model(
            name=_unique("Conformance"), email=f"{uuid4().hex}@example.fr", addresses=[_french_address()]
        )
        return item, accounting.PartnerCreateOptions()

    return arguments


def _partner_update(list_key: str, model: type[Any]) -> Callable[[Harness], Awaitable[tuple[Any, ...]]]:
    async def arguments(harness: Harness) -> tuple[Any, ...]:
        partner_id = await first_id(harness, list_key, accounting.PartnerQuery())
        return partner_id, model(phone="+33 1 23 45 67 89"), accounting.FolderQuery()

    return arguments


def _folder_list(harness: Harness) -> Awaitable[tuple[Any, ...]]:
    return constant(accounting.FolderQuery(), PageRequest(size=10))


async def _first_folder(harness: Harness) -> tuple[Any, ...]:
    folders = await harness.call("accounting.folders.list")
    return (folders[0].id,)


# --- arguments of the ledger operations (analytic, outstandings, FEC, bank, ...) ---

_PDF = base64.b64encode(
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
).decode()


def _french_iban() -> str:
    """A valid French IBAN nobody else has (Tryton refuses an IBAN already in use)."""
    bban = f"3000400001{uuid4().int % 10**11:011d}00"
    digits = "".join(str(int(c, 36)) for c in f"{bban}FR00")
    return f"FR{98 - int(digits) % 97:02d}{bban}"


async def _analytic_plan(harness: Harness) -> str:
    plans = await harness.call(
        "accounting.analytic_plans.list", accounting.FolderQuery(), PageRequest(size=100)
    )
    return str(plans.items[-1].id)


def _analytic_create() -> accounting.AnalyticAccountCreate:
    return accounting.AnalyticAccountCreate(
        code=uuid4().hex[:6].upper(), name=_unique("Conformance"), currency="EUR"
    )


async def _analytic_update(harness: Harness) -> tuple[Any, ...]:
    created = await harness.call(
        "accounting.analytic_accounts.create", _analytic_create(), accounting.FolderQuery()
    )
    return created.id, accounting.AnalyticAccountUpdate(name=_unique("Renamed")), accounting.FolderQuery()


async def _analytic_update_multi(harness: Harness) -> tuple[Any, ...]:
    plan = await _analytic_plan(harness)
    created = await harness.call(
        "accounting.analytic_accounts.create_multi_plans", plan, _analytic_create(), accounting.FolderQuery()
    )
    return (
        created.id,
        plan,
        accounting.AnalyticAccountUpdate(name=_unique("Renamed")),
        accounting.FolderQuery(),
    )


async def _analytic_in_plan(harness: Harness) -> tuple[Any, ...]:
    accounts = await harness.call(
        "accounting.analytic_accounts.list_multi_plans", accounting.FolderQuery(), PageRequest(size=1)
    )
    return accounts.items[0].id, accounts.items[0].analytic_plan, accounting.FolderQuery()


async def _an_invoice(harness: Harness) -> str:
    """A customer invoice of the books, made first when there is none (each one posted costs
    the sandbox a second)."""
    query = accounting.InvoiceQuery(invoice_type=accounting.InvoiceType.customer_invoice)
    found = await harness.call("accounting.invoices.list", query, PageRequest(size=1))
    return str(found.items[0].id) if found.items else await _new_invoice(harness)


async def _invoice_creation_multi(harness: Harness) -> tuple[Any, ...]:
    """A customer invoice of 100.00 + 20 % VAT to the first client, its line on an analytic
    account of a plan."""
    client_id = await first_id(harness, "accounting.clients.list", accounting.PartnerQuery())
    vat_codes = await harness.call(
        "accounting.vat_codes.list", accounting.FolderQuery(), PageRequest(size=100)
    )
    vat = next(v for v in vat_codes.items if v.type == VatCodeType.sale and v.rate == 20)
    accounts = await harness.call(
        "accounting.analytic_accounts.list_multi_plans", accounting.FolderQuery(), PageRequest(size=1)
    )
    share = accounting.AnalyticDistributionDetail(analytic_account=accounts.items[0].id, percentage=100)
    distribution = accounting.AnalyticDistribution(
        analytic_plan=accounts.items[0].analytic_plan, analytic_accounts=[share]
    )
    line = accounting.InvoiceLineCreateMultiPlans(
        description="Conformance",
        unit_price=100,
        quantity=1,
        untaxed_amount=100,
        tax_rate=20,
        tax_amount=20,
        total=120,
        account_number=_SALES_ACCOUNT,
        tax_code=vat.id,
        analytic_distribution=[distribution],
    )
    item = accounting.InvoiceCreateMultiPlans(
        invoice_type=accounting.InvoiceType.customer_invoice,
        currency="EUR",
        untaxed_amount=100,
        tax_amount=20,
        total=120,
        invoice_date=harness.today,
        due_date=harness.today,
        partner_id=client_id,
        lines=[line],
    )
    return item, accounting.InvoiceCreateOptions()


async def _misc_operation(harness: Harness) -> tuple[Any, ...]:
    journals = await harness.call("accounting.journals.list", accounting.FolderQuery(), PageRequest(size=100))
    journal = next(
        j for j in journals.items if j.journal_type == accounting.JournalType.miscellaneous_operation
    )
    kind = accounting.MiscellaneousOperationLineType.general_account
    item = accounting.MiscellaneousOperationCreate(
        operation_number=_unique("OD"),
        currency="EUR",
        operation_date=harness.today,
        journal_id=journal.id,
        lines=[
            accounting.MiscellaneousOperationLine(amount=-10, type=kind, account_number=_PURCHASES_ACCOUNT),
            accounting.MiscellaneousOperationLine(amount=10, type=kind, account_number=_BANK_ACCOUNT),
        ],
    )
    return item, accounting.FolderQuery()


async def _new_misc_operation(harness: Harness) -> str:
    created = await harness.call(
        "accounting.miscellaneous_operations.create", *await _misc_operation(harness)
    )
    return str(created.id)


async def _outstandings_query(harness: Harness) -> tuple[Any, ...]:
    await _an_invoice(harness)
    query = accounting.OutstandingQuery(type=accounting.OutstandingType.client, unposted_allowed=False)
    return query, PageRequest(size=10)


async def _contacts_query(harness: Harness) -> tuple[Any, ...]:
    client_id = await first_id(harness, "accounting.clients.list", accounting.PartnerQuery())
    query = accounting.ContactQuery(partner_type=accounting.PartnerType.client, partner_id=client_id)
    return query, PageRequest()


async def _first_bank_account(harness: Harness) -> accounting.BankAccount:
    accounts = await harness.call(
        "accounting.bank_accounts.list", accounting.FolderQuery(), PageRequest(size=1)
    )
    found: accounting.BankAccount = accounts.items[0]
    return found


async def _bank_statement(harness: Harness) -> tuple[Any, ...]:
    account = await _first_bank_account(harness)
    item = accounting.BankStatementCreate(
        bank_statement_date=harness.today,
        bank_account_id=account.id,
        currency="EUR",
        external_bank_statement_id=f"{uuid4().int % 10**10:010d}",
        items=[accounting.BankTransactionCreate(amount=12.5, description=_unique("Conformance"))],
    )
    return item, accounting.FolderQuery()


async def _financial_entry(harness: Harness) -> tuple[Any, ...]:
    account = await _first_bank_account(harness)
    line = accounting.FinancialEntryLine(
        account_type=accounting.EntryLineType.general_account, account=_SALES_ACCOUNT, amount=10
    )
    item = accounting.FinancialEntryCreate(
        date=harness.today,
        journal_id=account.journal_id or "",
        currency="EUR",
        number=_unique("FE"),
        items=[line],
    )
    return item, accounting.FinancialEntryOptions()


async def _attachment(harness: Harness) -> tuple[Any, ...]:
    item = accounting.AttachmentCreate(base64_string=_PDF, name="conformance.pdf")
    return await _an_invoice(harness), item, accounting.AttachmentOptions(overwrite_existing=True)


async def _attachments_query(harness: Harness) -> tuple[Any, ...]:
    invoice_id, item, options = await _attachment(harness)
    await harness.call("accounting.attachments.add", invoice_id, item, options)
    query = accounting.AttachmentQuery(type=accounting.DocumentType.invoice, document_id=invoice_id)
    return query, PageRequest()


ACCOUNTING_ARGUMENTS: dict[str, Arguments] = {
    "accounting.folders.list": lambda h: constant(),
    "accounting.folders.get": _first_folder,
    "accounting.bookyears.list": _folder_list,
    "accounting.clients.list": lambda h: constant(accounting.PartnerQuery(), PageRequest(size=10)),
    "accounting.clients.get": lambda h: _folder_after(
        first_id(h, "accounting.clients.list", accounting.PartnerQuery())
    ),
    "accounting.clients.create": _partner_create(accounting.ClientCreate),
    "accounting.clients.update": _partner_update("accounting.clients.list", accounting.ClientUpdate),
    "accounting.suppliers.list": lambda h: constant(accounting.PartnerQuery(), PageRequest(size=10)),
    "accounting.suppliers.get": lambda h: _folder_after(
        first_id(h, "accounting.suppliers.list", accounting.PartnerQuery())
    ),
    "accounting.suppliers.create": _partner_create(accounting.SupplierCreate),
    "accounting.suppliers.update": _partner_update("accounting.suppliers.list", accounting.SupplierUpdate),
    "accounting.vat_codes.list": _folder_list,
    "accounting.invoices.list": lambda h: constant(
        accounting.InvoiceQuery(invoice_type=accounting.InvoiceType.customer_invoice), PageRequest(size=10)
    ),
    "accounting.invoices.get": lambda h: _options_after(_new_invoice(h), accounting.InvoiceOptions()),
    "accounting.invoices.create": _invoice_creation,
    "accounting.invoice_payments.list": lambda h: _options_after(
        _new_invoice(h), accounting.FolderQuery(), PageRequest()
    ),
    "accounting.invoice_payments.create": _invoice_payment,
    "accounting.payment_methods.list": _folder_list,
    "accounting.payment_terms.list": _folder_list,
    "accounting.journals.list": _folder_list,
    "accounting.journals.create": lambda h: constant(
        accounting.JournalCreate(
            code=uuid4().hex[:4].upper(),
            name=_unique("Conformance"),
            journal_type=accounting.JournalCreateType.miscellaneous_operation,
        ),
        accounting.FolderQuery(),
    ),
    "accounting.accounts.list": lambda h: constant(accounting.AccountQuery(), PageRequest(size=10)),
    "accounting.accounts.create": lambda h: constant(
        accounting.AccountCreate(name=_unique("Conformance"), number=f"6068{uuid4().int % 10**6:06d}"),
        accounting.FolderQuery(),
    ),
    "accounting.journal_entries.list": lambda h: constant(
        accounting.JournalEntryQuery(unposted_allowed=True), PageRequest(size=10)
    ),
    "accounting.journal_entries.get": lambda h: _options_after(
        first_id(h, "accounting.journal_entries.list", accounting.JournalEntryQuery(unposted_allowed=True)),
        accounting.FolderQuery(),
    ),
    "accounting.journal_entries.create": _journal_entry,
    "accounting.employees.list": _folder_list,
    "accounting.analytic_plans.list": _folder_list,
    "accounting.analytic_accounts.list": _folder_list,
    "accounting.analytic_accounts.list_multi_plans": _folder_list,
    "accounting.analytic_accounts.get": lambda h: _folder_after(
        first_id(h, "accounting.analytic_accounts.list", accounting.FolderQuery())
    ),
    "accounting.analytic_accounts.get_multi_plans": _analytic_in_plan,
    "accounting.analytic_accounts.create": lambda h: constant(_analytic_create(), accounting.FolderQuery()),
    "accounting.analytic_accounts.create_multi_plans": lambda h: _options_after(
        _analytic_plan(h), _analytic_create(), accounting.FolderQuery()
    ),
    "accounting.analytic_accounts.update": _analytic_update,
    "accounting.analytic_accounts.update_multi_plans": _analytic_update_multi,
    "accounting.invoices.list_multi_plans": lambda h: constant(
        accounting.InvoiceQuery(
            invoice_type=accounting.InvoiceType.customer_invoice, include_invoice_lines=True
        ),
        PageRequest(size=10),
    ),
    "accounting.invoices.get_multi_plans": lambda h: _options_after(
        _an_invoice(h), accounting.InvoiceOptions()
    ),
    "accounting.invoices.create_multi_plans": _invoice_creation_multi,
    "accounting.journal_entries.list_multi_plans": lambda h: constant(
        accounting.JournalEntryQuery(unposted_allowed=True), PageRequest(size=10)
    ),
    "accounting.outstandings.list": _outstandings_query,
    "accounting.fec.export": lambda h: constant(accounting.FecQuery(date_from=h.today, date_to=h.today)),
    "accounting.miscellaneous_operations.create": _misc_operation,
    "accounting.miscellaneous_operations.list": lambda h: constant(
        accounting.MiscellaneousOperationQuery(), PageRequest(size=10)
    ),
    "accounting.miscellaneous_operations.get": lambda h: _folder_after(_new_misc_operation(h)),
    "accounting.accounts.balances": lambda h: constant(
        accounting.AccountBalanceFilter(accounts=[_SALES_ACCOUNT, "512"], end=h.today.strftime("%Y%m")),
        accounting.FolderQuery(),
        PageRequest(size=10),
    ),
    "accounting.contacts.list": _contacts_query,
    "accounting.bank_accounts.list": _folder_list,
    "accounting.bank_accounts.create": lambda h: constant(
        accounting.BankAccountCreate(
            code=uuid4().hex[:5].upper(),
            currency="EUR",
            account_name=_unique("Conformance"),
            iban=_french_iban(),
            bank_name="Banque de la Conformité",
        ),
        accounting.FolderQuery(),
    ),
    "accounting.bank_transactions.create": _bank_statement,
    "accounting.financial_entries.create": _financial_entry,
    "accounting.attachments.add": _attachment,
    "accounting.attachments.list": _attachments_query,
}


async def _folder_after(value: Awaitable[Any]) -> tuple[Any, ...]:
    return await value, accounting.FolderQuery()


async def _options_after(value: Awaitable[Any], *options: Any) -> tuple[Any, ...]:
    return (await value, *options)


async def _first_customer(harness: Harness) -> str:
    query = invoicing.ContactQuery(contact_type=invoicing.ContactType.customer)
    return await first_id(harness, "invoicing.contacts.list", query)


async def _sale_tax(harness: Harness, rate: float) -> str:
    taxes = await harness.call("invoicing.taxes.list", PageRequest(size=100))
    return str(next(t.id for t in taxes.items if t.type == VatCodeType.sale and t.rate == rate))


async def _invoicing_invoice(harness: Harness) -> tuple[Any, ...]:
    """A posted customer invoice of 120.00 (100.00 + 20 % VAT) to the first customer."""
    line = invoicing.InvoiceLineCreate(
        description="Conformance",
        unit_price=100,
        quantity=1,
        untaxed_amount=100,
        tax_rate=20,
        tax_amount=20,
        total=120,
        tax_id=await _sale_tax(harness, 20),
    )
    invoice = invoicing.InvoiceCreate(
        invoice_type=invoicing.CreateInvoiceType.customer_invoice,
        status=invoicing.InvoiceStatus.posted,
        currency="EUR",
        untaxed_amount=100,
        tax_amount=20,
        total=120,
        invoice_date=harness.today,
        due_date=harness.today,
        partner_id=await _first_customer(harness),
        reference=_unique("Conformance"),
        lines=[line],
    )
    return (invoice,)


async def _new_invoicing_invoice(harness: Harness) -> str:
    created = await harness.call("invoicing.invoices.create", *await _invoicing_invoice(harness))
    return str(created.id)


async def _invoicing_payment(harness: Harness) -> tuple[Any, ...]:
    invoice_id = await _new_invoicing_invoice(harness)
    method = await first_id(harness, "invoicing.payment_methods.list")
    return (
        invoicing.PaymentCreate(
            amount=120, payment_method_id=method, invoice_id=invoice_id, date=harness.today, currency="EUR"
        ),
    )


def _invoicing_product() -> invoicing.ProductCreate:
    return invoicing.ProductCreate(
        name=_unique("Conformance"), unit_price=100, code=uuid4().hex[:10].upper(), unit="Unit"
    )


async def _a_product(harness: Harness) -> tuple[Any, ...]:
    """A product of the catalogue, made first when the catalogue is empty (Tryton's sandbox has
    none of its own)."""
    products = await harness.call("invoicing.products.list", PageRequest(size=1))
    if products.items:
        return (str(products.items[0].id),)
    created = await harness.call("invoicing.products.create", _invoicing_product())
    return (str(created.id),)


async def _an_opportunity(harness: Harness) -> tuple[Any, ...]:
    """An opportunity, made first with Tryton's REST API when there is none: the catalog has no
    operation that creates one."""
    found = await harness.call("invoicing.opportunities.list", PageRequest(size=1))
    if found.items:
        return (str(found.items[0].id),)
    credentials = harness.credentials
    company = int(credentials["company_id"])
    context = base64.urlsafe_b64encode(json.dumps({"company": company, "companies": [company]}).encode())
    async with httpx.AsyncClient(base_url=harness.base_url, timeout=30) as client:
        response = await client.post(
            f"/{credentials['database']}/rest/model/sale.opportunity",
            json={
                "party": int(await _first_customer(harness)),
                "description": _unique("Conformance"),
                "amount": 1000,
            },
            headers={
                "Authorization": f"Bearer {credentials['api_key']}",
                "X-Tryton-Context": context.decode(),
            },
        )
        response.raise_for_status()
    return (str(response.json()["id"]),)


async def _bank_transactions_query(harness: Harness) -> tuple[Any, ...]:
    account = await first_id(harness, "invoicing.bank_accounts.list")
    return invoicing.BankTransactionQuery(bank_account_id=account), PageRequest(size=10)


INVOICING_ARGUMENTS: dict[str, Arguments] = {
    "invoicing.contacts.list": lambda h: constant(invoicing.ContactQuery(), PageRequest(size=10)),
    "invoicing.contacts.get": lambda h: single(_first_customer(h)),
    "invoicing.contacts.create": lambda h: constant(
        invoicing.ContactCreate(
            company_name=_unique("Conformance"),
            is_customer=True,
            email=f"{uuid4().hex}@example.fr",
            addresses=[
                invoicing.AddressCreate(
                    address_type=invoicing.AddressType.invoice,
                    street="rue de la Conformité",
                    number="1",
                    city="Paris",
                    postal_code="75001",
                    country="FR",
                )
            ],
        )
    ),
    "invoicing.products.list": lambda h: constant(PageRequest(size=10)),
    "invoicing.products.get": _a_product,
    "invoicing.products.create": lambda h: constant(_invoicing_product()),
    "invoicing.taxes.list": lambda h: constant(PageRequest(size=10)),
    "invoicing.taxes.get": lambda h: single(first_id(h, "invoicing.taxes.list")),
    "invoicing.invoices.list": lambda h: constant(invoicing.InvoiceQuery(), PageRequest(size=10)),
    "invoicing.invoices.get": lambda h: _options_after(
        _new_invoicing_invoice(h), invoicing.InvoiceOptions(include_pdf=True, include_analytic_accounts=True)
    ),
    "invoicing.invoices.create": _invoicing_invoice,
    "invoicing.opportunities.list": lambda h: constant(PageRequest(size=10)),
    "invoicing.opportunities.get": _an_opportunity,
    "invoicing.payments.list": lambda h: constant(invoicing.PaymentQuery(), PageRequest(size=10)),
    "invoicing.payments.create": _invoicing_payment,
    "invoicing.payment_methods.list": lambda h: constant(PageRequest()),
    "invoicing.bank_accounts.list": lambda h: constant(PageRequest()),
    "invoicing.bank_transactions.list": _bank_transactions_query,
}
