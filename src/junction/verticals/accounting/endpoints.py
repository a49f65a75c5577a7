"""The Accounting vertical's routes. Every operation takes the reference's optional `folder_id`
(the legal entity to work in); the connector receives it in the operation's query or options.

Routes with a fixed segment where another route has a parameter (`/analytic-accounts/multi-analytic-
plans` and `/analytic-accounts/{analytic_account_id}`) are declared first: the first match wins."""

import datetime as dt
from typing import Annotated

from fastapi import Query
from fastapi.responses import JSONResponse, Response

from junction.unified import accounting
from junction.unified.common import Page, PageRequest, PaymentStatus, Vertical
from junction.verticals.gateway import OVERHEAD_HEADER, GatewayDep
from junction.verticals.routes import BoolParam, unified_route, vertical_router

router = vertical_router(Vertical.accounting)

Paging = Annotated[PageRequest, Query()]
FolderId = Annotated[
    str | None,
    Query(description="The accounting folder (legal entity); required when the connection has several"),
]
UpdatedAfter = Annotated[dt.datetime | None, Query(description="Only what changed after this moment")]
DateFrom = Annotated[dt.date | None, Query(description="First day (inclusive)")]
DateTo = Annotated[dt.date | None, Query(description="Last day (inclusive)")]
JournalIds = Annotated[str | None, Query(description="Journal ids, separated by ','")]
IgnoreAccountingId = Annotated[
    bool, Query(description="Do not wait for the provider's id of what is created")
]
ForceCurrencyExchange = Annotated[
    bool | None, Query(description="Use the given exchange rate rather than the provider's")
]
IncludePayments = Annotated[BoolParam | None, Query(description="Add the payments of each invoice")]
IncludeInvoiceLines = Annotated[
    BoolParam | None, Query(description="Add the lines when the provider needs extra calls for them")
]
IncludePartnerInfo = Annotated[BoolParam | None, Query(description="Add the client or supplier")]
UnpostedAllowed = Annotated[BoolParam, Query(description="Include entries not posted yet")]


def flag(value: BoolParam | None, default: bool) -> bool:
    return default if value is None else value == BoolParam.true


def split(value: str | None) -> list[str] | None:
    """The reference's comma-separated lists ("6,7"), as lists."""
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def no_content(answered: JSONResponse) -> Response:
    """The reference answers these writes 204 without a body (the SDK then returns True): the
    gateway's answer keeps its headers, not its `null`."""
    return Response(status_code=204, headers={OVERHEAD_HEADER: answered.headers[OVERHEAD_HEADER]})


# Folders, book years, plans, schemes


@unified_route(router, "accounting.folders.list", list[accounting.Folder])
async def get_folders(gateway: GatewayDep) -> JSONResponse:
    return await gateway.run("accounting.folders.list")


@unified_route(router, "accounting.folders.get", accounting.Folder)
async def get_folder(gateway: GatewayDep, folder_id: str) -> JSONResponse:
    return await gateway.run("accounting.folders.get", folder_id)


@unified_route(router, "accounting.bookyears.list", Page[accounting.BookYear])
async def get_bookyears(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    return await gateway.run("accounting.bookyears.list", accounting.FolderQuery(folder_id=folder_id), page)


@unified_route(router, "accounting.analytic_plans.list", Page[accounting.AnalyticPlan])
async def get_analytic_plans(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.analytic_plans.list", query, page)


@unified_route(router, "accounting.schemes.list", Page[accounting.Scheme])
async def get_schemes(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    return await gateway.run("accounting.schemes.list", accounting.FolderQuery(folder_id=folder_id), page)


# Clients and suppliers

Search = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Name, email, first_name, last_name, external_reference, vat or company_number",
    ),
]
ForceMerge = Annotated[str | None, Query(description="The existing partner of the other kind to merge with")]


@unified_route(router, "accounting.clients.create", accounting.Client)
async def create_client(
    gateway: GatewayDep,
    item: accounting.ClientCreate,
    folder_id: FolderId = None,
    force_merge: ForceMerge = None,
) -> JSONResponse:
    options = accounting.PartnerCreateOptions(folder_id=folder_id, force_merge=force_merge)
    return await gateway.run("accounting.clients.create", item, options)


@unified_route(router, "accounting.clients.list", Page[accounting.Client])
async def get_clients(
    gateway: GatewayDep,
    page: Paging,
    folder_id: FolderId = None,
    search: Search = None,
    updated_after: UpdatedAfter = None,
) -> JSONResponse:
    query = accounting.PartnerQuery(folder_id=folder_id, search=search, updated_after=updated_after)
    return await gateway.run("accounting.clients.list", query, page)


@unified_route(router, "accounting.clients.update", accounting.Client)
async def update_client(
    gateway: GatewayDep, client_id: str, item: accounting.ClientUpdate, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.clients.update", client_id, item, query)


@unified_route(router, "accounting.clients.get", accounting.Client)
async def get_client(gateway: GatewayDep, client_id: str, folder_id: FolderId = None) -> JSONResponse:
    return await gateway.run("accounting.clients.get", client_id, accounting.FolderQuery(folder_id=folder_id))


@unified_route(router, "accounting.suppliers.create", accounting.Supplier)
async def create_supplier(
    gateway: GatewayDep,
    item: accounting.SupplierCreate,
    folder_id: FolderId = None,
    force_merge: ForceMerge = None,
) -> JSONResponse:
    options = accounting.PartnerCreateOptions(folder_id=folder_id, force_merge=force_merge)
    return await gateway.run("accounting.suppliers.create", item, options)


@unified_route(router, "accounting.suppliers.list", Page[accounting.Supplier])
async def get_suppliers(
    gateway: GatewayDep,
    page: Paging,
    folder_id: FolderId = None,
    search: Search = None,
    updated_after: UpdatedAfter = None,
) -> JSONResponse:
    query = accounting.PartnerQuery(folder_id=folder_id, search=search, updated_after=updated_after)
    return await gateway.run("accounting.suppliers.list", query, page)


@unified_route(router, "accounting.suppliers.update", accounting.Supplier)
async def update_supplier(
    gateway: GatewayDep, supplier_id: str, item: accounting.SupplierUpdate, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.suppliers.update", supplier_id, item, query)


@unified_route(router, "accounting.suppliers.get", accounting.Supplier)
async def get_supplier(gateway: GatewayDep, supplier_id: str, folder_id: FolderId = None) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.suppliers.get", supplier_id, query)


@unified_route(router, "accounting.contacts.list", Page[accounting.Contact])
async def get_partner_contacts(
    gateway: GatewayDep,
    page: Paging,
    partner_type: Annotated[accounting.PartnerType, Query(description="A client's or a supplier's")],
    partner_id: Annotated[str, Query(description="The client's or supplier's id")],
    folder_id: FolderId = None,
) -> JSONResponse:
    query = accounting.ContactQuery(folder_id=folder_id, partner_type=partner_type, partner_id=partner_id)
    return await gateway.run("accounting.contacts.list", query, page)


# Invoices (sale and purchase entries)

ForceFinancialPeriod = Annotated[
    str | None, Query(description="Book in this financial period (mmYYYY) rather than the current one")
]
RegroupLines = Annotated[
    BoolParam | None, Query(description="Regroup lines by account, tax code and analytic account")
]


def invoice_create_options(
    folder_id: str | None,
    force_financial_period: str | None,
    regroup_lines: BoolParam | None,
    ignore_accounting_id: bool,
    force_currency_exchange: bool | None,
) -> accounting.InvoiceCreateOptions:
    return accounting.InvoiceCreateOptions(
        folder_id=folder_id,
        force_financial_period=force_financial_period,
        regroup_lines=flag(regroup_lines, True),
        ignore_accounting_id=ignore_accounting_id,
        force_currency_exchange=bool(force_currency_exchange),
    )


@unified_route(router, "accounting.invoices.create", accounting.Invoice)
async def create_invoice(
    gateway: GatewayDep,
    item: accounting.InvoiceCreate,
    folder_id: FolderId = None,
    force_financial_period: ForceFinancialPeriod = None,
    regroup_lines: RegroupLines = BoolParam.true,
    ignore_accounting_id: IgnoreAccountingId = False,
    force_currency_exchange: ForceCurrencyExchange = False,
) -> JSONResponse:
    options = invoice_create_options(
        folder_id, force_financial_period, regroup_lines, ignore_accounting_id, force_currency_exchange
    )
    return await gateway.run("accounting.invoices.create", item, options)


@unified_route(router, "accounting.invoices.create_multi_plans", accounting.InvoiceMultiPlans)
async def create_invoice_multiple_plans(
    gateway: GatewayDep,
    item: accounting.InvoiceCreateMultiPlans,
    folder_id: FolderId = None,
    force_financial_period: ForceFinancialPeriod = None,
    regroup_lines: RegroupLines = BoolParam.true,
    ignore_accounting_id: IgnoreAccountingId = False,
    force_currency_exchange: ForceCurrencyExchange = False,
) -> JSONResponse:
    options = invoice_create_options(
        folder_id, force_financial_period, regroup_lines, ignore_accounting_id, force_currency_exchange
    )
    return await gateway.run("accounting.invoices.create_multi_plans", item, options)


# The invoice payments: a fixed segment before `/invoices/{invoice_id}`'s siblings.


@unified_route(router, "accounting.invoice_payments.create", None, status_code=204)
async def create_invoice_payment(
    gateway: GatewayDep, item: accounting.InvoicePaymentCreate, folder_id: FolderId = None
) -> Response:
    query = accounting.FolderQuery(folder_id=folder_id)
    return no_content(await gateway.run("accounting.invoice_payments.create", item, query))


@unified_route(router, "accounting.invoice_payments.list", Page[accounting.Payment])
async def get_payments_by_invoice(
    gateway: GatewayDep, invoice_id: str, page: Paging, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.invoice_payments.list", invoice_id, query, page)


def invoice_query(
    invoice_type: accounting.InvoiceType,
    folder_id: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    journal_ids: str | None,
    include_payments: BoolParam | None,
    payment_status: PaymentStatus | None,
    updated_after: dt.datetime | None,
    include_invoice_lines: BoolParam | None,
    include_partner_info: BoolParam | None,
    approval_status: accounting.InvoiceApprovalStatusFilter | None,
) -> accounting.InvoiceQuery:
    return accounting.InvoiceQuery(
        invoice_type=invoice_type,
        folder_id=folder_id,
        date_from=date_from,
        date_to=date_to,
        journal_ids=split(journal_ids),
        include_payments=flag(include_payments, False),
        payment_status=payment_status or PaymentStatus.all,
        updated_after=updated_after,
        include_invoice_lines=flag(include_invoice_lines, False),
        include_partner_info=flag(include_partner_info, False),
        approval_status=approval_status,
    )


PaymentStatusFilter = Annotated[
    PaymentStatus | None, Query(description="Paid or unpaid only (cancelled invoices left out)")
]
ApprovalStatus = Annotated[accounting.InvoiceApprovalStatusFilter | None, Query()]


@unified_route(router, "accounting.invoices.list", Page[accounting.Invoice])
async def get_invoices_by_type(
    gateway: GatewayDep,
    invoice_type: accounting.InvoiceType,
    page: Paging,
    folder_id: FolderId = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    journal_ids: JournalIds = None,
    include_payments: IncludePayments = BoolParam.false,
    payment_status: PaymentStatusFilter = PaymentStatus.all,
    updated_after: UpdatedAfter = None,
    include_invoice_lines: IncludeInvoiceLines = BoolParam.false,
    include_partner_info: IncludePartnerInfo = BoolParam.false,
    approval_status: ApprovalStatus = None,
) -> JSONResponse:
    query = invoice_query(
        invoice_type,
        folder_id,
        date_from,
        date_to,
        journal_ids,
        include_payments,
        payment_status,
        updated_after,
        include_invoice_lines,
        include_partner_info,
        approval_status,
    )
    return await gateway.run("accounting.invoices.list", query, page)


@unified_route(router, "accounting.invoices.list_multi_plans", Page[accounting.InvoiceMultiPlans])
async def get_invoices_by_type_multi_analytic_plans(
    gateway: GatewayDep,
    invoice_type: accounting.InvoiceType,
    page: Paging,
    folder_id: FolderId = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    journal_ids: JournalIds = None,
    include_payments: IncludePayments = BoolParam.false,
    payment_status: PaymentStatusFilter = PaymentStatus.all,
    updated_after: UpdatedAfter = None,
    include_invoice_lines: IncludeInvoiceLines = BoolParam.false,
    include_partner_info: IncludePartnerInfo = BoolParam.false,
    approval_status: ApprovalStatus = None,
) -> JSONResponse:
    query = invoice_query(
        invoice_type,
        folder_id,
        date_from,
        date_to,
        journal_ids,
        include_payments,
        payment_status,
        updated_after,
        include_invoice_lines,
        include_partner_info,
        approval_status,
    )
    return await gateway.run("accounting.invoices.list_multi_plans", query, page)


def invoice_options(
    folder_id: str | None,
    include_payments: BoolParam | None,
    include_invoice_lines: BoolParam | None,
    include_partner_info: BoolParam | None,
) -> accounting.InvoiceOptions:
    return accounting.InvoiceOptions(
        folder_id=folder_id,
        include_payments=flag(include_payments, False),
        include_invoice_lines=flag(include_invoice_lines, False),
        include_partner_info=flag(include_partner_info, False),
    )


@unified_route(router, "accounting.invoices.get_multi_plans", accounting.InvoiceMultiPlans)
async def get_invoice_multi_analytic_plans(
    gateway: GatewayDep,
    invoice_id: str,
    folder_id: FolderId = None,
    include_payments: IncludePayments = BoolParam.false,
    include_invoice_lines: IncludeInvoiceLines = BoolParam.false,
    include_partner_info: IncludePartnerInfo = BoolParam.false,
) -> JSONResponse:
    options = invoice_options(folder_id, include_payments, include_invoice_lines, include_partner_info)
    return await gateway.run("accounting.invoices.get_multi_plans", invoice_id, options)


@unified_route(router, "accounting.invoices.get", accounting.Invoice)
async def get_invoice(
    gateway: GatewayDep,
    invoice_id: str,
    folder_id: FolderId = None,
    include_payments: IncludePayments = BoolParam.false,
    include_invoice_lines: IncludeInvoiceLines = BoolParam.false,
    include_partner_info: IncludePartnerInfo = BoolParam.false,
) -> JSONResponse:
    options = invoice_options(folder_id, include_payments, include_invoice_lines, include_partner_info)
    return await gateway.run("accounting.invoices.get", invoice_id, options)


@unified_route(router, "accounting.attachments.add", None, status_code=204)
async def add_attachment(
    gateway: GatewayDep,
    invoice_id: str,
    item: accounting.AttachmentCreate,
    folder_id: FolderId = None,
    overwrite_existing: Annotated[
        BoolParam | None, Query(description="Replace a document already attached")
    ] = BoolParam.false,
) -> Response:
    options = accounting.AttachmentOptions(
        folder_id=folder_id, overwrite_existing=flag(overwrite_existing, False)
    )
    return no_content(await gateway.run("accounting.attachments.add", invoice_id, item, options))


@unified_route(router, "accounting.attachments.list", Page[accounting.Attachment])
async def get_attachments(
    gateway: GatewayDep,
    page: Paging,
    type: Annotated[accounting.DocumentType, Query(description="An invoice's or a journal entry's")],
    document_id: Annotated[str, Query(description="The invoice's or journal entry's id")],
    folder_id: FolderId = None,
) -> JSONResponse:
    query = accounting.AttachmentQuery(folder_id=folder_id, type=type, document_id=document_id)
    return await gateway.run("accounting.attachments.list", query, page)


# Analytic accounts: the fixed `multi-analytic-plans` segment before `{analytic_account_id}`.


@unified_route(router, "accounting.analytic_accounts.create", accounting.AnalyticAccount)
async def create_analytic_account(
    gateway: GatewayDep, item: accounting.AnalyticAccountCreate, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.analytic_accounts.create", item, query)


@unified_route(router, "accounting.analytic_accounts.list", Page[accounting.AnalyticAccount])
async def get_analytic_accounts(
    gateway: GatewayDep, page: Paging, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.analytic_accounts.list", query, page)


@unified_route(
    router, "accounting.analytic_accounts.list_multi_plans", Page[accounting.AnalyticAccountMultiPlans]
)
async def get_analytic_accounts_multi_plans(
    gateway: GatewayDep, page: Paging, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.analytic_accounts.list_multi_plans", query, page)


@unified_route(
    router, "accounting.analytic_accounts.create_multi_plans", accounting.AnalyticAccountMultiPlans
)
async def create_analytic_account_multi_plans(
    gateway: GatewayDep,
    analytic_plan: str,
    item: accounting.AnalyticAccountCreate,
    folder_id: FolderId = None,
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.analytic_accounts.create_multi_plans", analytic_plan, item, query)


@unified_route(router, "accounting.analytic_accounts.update", accounting.AnalyticAccount)
async def update_analytic_account(
    gateway: GatewayDep,
    analytic_account_id: str,
    item: accounting.AnalyticAccountUpdate,
    folder_id: FolderId = None,
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.analytic_accounts.update", analytic_account_id, item, query)


@unified_route(router, "accounting.analytic_accounts.get", accounting.AnalyticAccount)
async def get_analytic_account(
    gateway: GatewayDep, analytic_account_id: str, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.analytic_accounts.get", analytic_account_id, query)


@unified_route(
    router, "accounting.analytic_accounts.update_multi_plans", accounting.AnalyticAccountMultiPlans
)
async def update_analytic_account_multi_plans(
    gateway: GatewayDep,
    analytic_account_id: str,
    analytic_plan: str,
    item: accounting.AnalyticAccountUpdate,
    folder_id: FolderId = None,
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run(
        "accounting.analytic_accounts.update_multi_plans", analytic_account_id, analytic_plan, item, query
    )


@unified_route(router, "accounting.analytic_accounts.get_multi_plans", accounting.AnalyticAccountMultiPlans)
async def get_analytic_account_multi_plans(
    gateway: GatewayDep, analytic_account_id: str, analytic_plan: str, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run(
        "accounting.analytic_accounts.get_multi_plans", analytic_account_id, analytic_plan, query
    )


# Journal entries: the fixed `multi-analytic-plans` segment before `{journal_entry_id}`.


def journal_entry_query(
    folder_id: str | None,
    unposted_allowed: BoolParam,
    journal_id: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    updated_after: dt.datetime | None,
    partner_id: str | None,
) -> accounting.JournalEntryQuery:
    return accounting.JournalEntryQuery(
        folder_id=folder_id,
        unposted_allowed=unposted_allowed == BoolParam.true,
        journal_id=journal_id,
        date_from=date_from,
        date_to=date_to,
        updated_after=updated_after,
        partner_id=partner_id,
    )


JournalId = Annotated[str | None, Query(description="Only the entries of this journal")]
PartnerId = Annotated[str | None, Query(description="Only the entries of this client or supplier")]


@unified_route(router, "accounting.journal_entries.list", Page[accounting.JournalEntry])
async def get_journal_entries(
    gateway: GatewayDep,
    page: Paging,
    unposted_allowed: UnpostedAllowed,
    folder_id: FolderId = None,
    journal_id: JournalId = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    updated_after: UpdatedAfter = None,
    partner_id: PartnerId = None,
) -> JSONResponse:
    query = journal_entry_query(
        folder_id, unposted_allowed, journal_id, date_from, date_to, updated_after, partner_id
    )
    return await gateway.run("accounting.journal_entries.list", query, page)


@unified_route(router, "accounting.journal_entries.list_multi_plans", Page[accounting.JournalEntryMultiPlans])
async def get_journal_entries_multi_plan(
    gateway: GatewayDep,
    page: Paging,
    unposted_allowed: UnpostedAllowed,
    folder_id: FolderId = None,
    journal_id: JournalId = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    updated_after: UpdatedAfter = None,
    partner_id: PartnerId = None,
) -> JSONResponse:
    query = journal_entry_query(
        folder_id, unposted_allowed, journal_id, date_from, date_to, updated_after, partner_id
    )
    return await gateway.run("accounting.journal_entries.list_multi_plans", query, page)


@unified_route(router, "accounting.journal_entries.get", accounting.JournalEntryMultiPlans)
async def get_journal_entry(
    gateway: GatewayDep, journal_entry_id: str, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.journal_entries.get", journal_entry_id, query)


@unified_route(router, "accounting.journal_entries.create", accounting.JournalEntryMultiPlans)
async def create_generic_journal_entry(
    gateway: GatewayDep,
    item: accounting.JournalEntryCreate,
    folder_id: FolderId = None,
    force_currency_exchange: Annotated[
        BoolParam | None, Query(description="Use the given exchange rate rather than the provider's")
    ] = BoolParam.false,
    ignore_accounting_id: IgnoreAccountingId = False,
) -> JSONResponse:
    options = accounting.JournalEntryOptions(
        folder_id=folder_id,
        force_currency_exchange=flag(force_currency_exchange, False),
        ignore_accounting_id=ignore_accounting_id,
    )
    return await gateway.run("accounting.journal_entries.create", item, options)


# Payment methods and terms, journals, VAT codes


@unified_route(router, "accounting.payment_methods.list", Page[accounting.PaymentMethod])
async def get_payment_methods(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.payment_methods.list", query, page)


@unified_route(router, "accounting.payment_terms.list", Page[accounting.PaymentTerm])
async def get_payment_terms(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.payment_terms.list", query, page)


@unified_route(router, "accounting.journals.list", Page[accounting.Journal])
async def get_journals(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    return await gateway.run("accounting.journals.list", accounting.FolderQuery(folder_id=folder_id), page)


@unified_route(router, "accounting.journals.create", accounting.Journal)
async def create_journal(
    gateway: GatewayDep, item: accounting.JournalCreate, folder_id: FolderId = None
) -> JSONResponse:
    return await gateway.run("accounting.journals.create", item, accounting.FolderQuery(folder_id=folder_id))


@unified_route(router, "accounting.vat_codes.list", Page[accounting.VatCode])
async def get_vat_codes(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    return await gateway.run("accounting.vat_codes.list", accounting.FolderQuery(folder_id=folder_id), page)


# Miscellaneous operations


@unified_route(router, "accounting.miscellaneous_operations.create", accounting.MiscellaneousOperation)
async def create_miscellaneous_operation(
    gateway: GatewayDep, item: accounting.MiscellaneousOperationCreate, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.miscellaneous_operations.create", item, query)


@unified_route(router, "accounting.miscellaneous_operations.list", Page[accounting.MiscellaneousOperation])
async def get_miscellaneous_operations(
    gateway: GatewayDep,
    page: Paging,
    folder_id: FolderId = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    journal_ids: JournalIds = None,
) -> JSONResponse:
    query = accounting.MiscellaneousOperationQuery(
        folder_id=folder_id, date_from=date_from, date_to=date_to, journal_ids=split(journal_ids)
    )
    return await gateway.run("accounting.miscellaneous_operations.list", query, page)


@unified_route(router, "accounting.miscellaneous_operations.get", accounting.MiscellaneousOperation)
async def get_miscellaneous_operation(
    gateway: GatewayDep, operation_id: str, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.miscellaneous_operations.get", operation_id, query)


# Matching


@unified_route(router, "accounting.entries.match", accounting.MatchingResult)
async def match_entries(
    gateway: GatewayDep, item: accounting.Matching, folder_id: FolderId = None
) -> JSONResponse:
    return await gateway.run("accounting.entries.match", item, accounting.FolderQuery(folder_id=folder_id))


@unified_route(router, "accounting.entries.match_multiple", list[accounting.MultipleMatchingResult])
async def match_entries_multiple(
    gateway: GatewayDep, item: accounting.MultipleMatching, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.entries.match_multiple", item, query)


# Chart of accounts


@unified_route(router, "accounting.accounts.list", Page[accounting.Account])
async def get_chart_of_accounts(
    gateway: GatewayDep,
    page: Paging,
    folder_id: FolderId = None,
    classes: Annotated[str | None, Query(description="Account classes, separated by ',' (\"6,7\")")] = None,
    type: Annotated[accounting.AccountTypeFilter | None, Query()] = None,
) -> JSONResponse:
    query = accounting.AccountQuery(folder_id=folder_id, classes=split(classes), type=type)
    return await gateway.run("accounting.accounts.list", query, page)


@unified_route(router, "accounting.accounts.balances", Page[accounting.AccountBalance])
async def get_accounts_balances(
    gateway: GatewayDep, item: accounting.AccountBalanceFilter, page: Paging, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.accounts.balances", item, query, page)


@unified_route(router, "accounting.accounts.create", accounting.Account)
async def create_ledger_account(
    gateway: GatewayDep, item: accounting.AccountCreate, folder_id: FolderId = None
) -> JSONResponse:
    return await gateway.run("accounting.accounts.create", item, accounting.FolderQuery(folder_id=folder_id))


# Bank accounts and transactions


@unified_route(router, "accounting.bank_accounts.list", Page[accounting.BankAccount])
async def get_bank_accounts(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.bank_accounts.list", query, page)


@unified_route(router, "accounting.bank_accounts.create", accounting.BankAccount)
async def create_bank_account(
    gateway: GatewayDep, item: accounting.BankAccountCreate, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.bank_accounts.create", item, query)


@unified_route(router, "accounting.bank_transactions.create", accounting.BankStatement)
async def create_bank_transactions(
    gateway: GatewayDep, item: accounting.BankStatementCreate, folder_id: FolderId = None
) -> JSONResponse:
    query = accounting.FolderQuery(folder_id=folder_id)
    return await gateway.run("accounting.bank_transactions.create", item, query)


# Employees, financial entries, expenses, outstandings, FEC


@unified_route(router, "accounting.employees.list", Page[accounting.Employee])
async def get_employees(gateway: GatewayDep, page: Paging, folder_id: FolderId = None) -> JSONResponse:
    return await gateway.run("accounting.employees.list", accounting.FolderQuery(folder_id=folder_id), page)


@unified_route(router, "accounting.financial_entries.create", accounting.FinancialEntry)
async def create_financial_entries(
    gateway: GatewayDep,
    item: accounting.FinancialEntryCreate,
    folder_id: FolderId = None,
    financial_counterpart_account: Annotated[
        str | None, Query(description="The bank's ledger account, where the journal does not say it")
    ] = None,
    force_currency_exchange: ForceCurrencyExchange = False,
    ignore_accounting_id: IgnoreAccountingId = False,
) -> JSONResponse:
    options = accounting.FinancialEntryOptions(
        folder_id=folder_id,
        financial_counterpart_account=financial_counterpart_account,
        force_currency_exchange=bool(force_currency_exchange),
        ignore_accounting_id=ignore_accounting_id,
    )
    return await gateway.run("accounting.financial_entries.create", item, options)


@unified_route(router, "accounting.expenses.create", accounting.Expense)
async def create_expense(
    gateway: GatewayDep, item: accounting.ExpenseCreate, folder_id: FolderId = None
) -> JSONResponse:
    return await gateway.run("accounting.expenses.create", item, accounting.FolderQuery(folder_id=folder_id))


@unified_route(router, "accounting.outstandings.list", Page[accounting.Outstanding])
async def get_outstandings(
    gateway: GatewayDep,
    page: Paging,
    type: Annotated[accounting.OutstandingType, Query(description="Clients' or suppliers' items")],
    unposted_allowed: UnpostedAllowed,
    folder_id: FolderId = None,
) -> JSONResponse:
    query = accounting.OutstandingQuery(
        folder_id=folder_id, type=type, unposted_allowed=unposted_allowed == BoolParam.true
    )
    return await gateway.run("accounting.outstandings.list", query, page)


@unified_route(router, "accounting.fec.export", list[accounting.FecEntry])
async def export_fec(
    gateway: GatewayDep,
    date_from: Annotated[dt.date, Query(description="First day of the export (inclusive)")],
    date_to: Annotated[dt.date, Query(description="Last day of the export (inclusive)")],
    folder_id: FolderId = None,
) -> JSONResponse:
    query = accounting.FecQuery(folder_id=folder_id, date_from=date_from, date_to=date_to)
    return await gateway.run("accounting.fec.export", query)
