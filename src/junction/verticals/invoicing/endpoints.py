import datetime as dt
from typing import Annotated

from fastapi import Query
from fastapi.responses import JSONResponse

from junction.unified import invoicing
from junction.unified.common import Page, PageRequest, PaymentStatus, Vertical
from junction.verticals.gateway import GatewayDep
from junction.verticals.routes import BoolParam, unified_route, vertical_router

router = vertical_router(Vertical.invoicing)

Paging = Annotated[PageRequest, Query()]
DateFrom = Annotated[dt.date | None, Query(description="First day (inclusive)")]
DateTo = Annotated[dt.date | None, Query(description="Last day (inclusive)")]
IncludeAnalyticAccounts = Annotated[
    BoolParam | None, Query(description="Include analytic accounts in the response")
]
# The reference answers these two writes with 201 Created.
CREATED = 201


def flag(value: BoolParam | None, default: bool) -> bool:
    return default if value is None else value == BoolParam.true


@unified_route(router, "invoicing.contacts.list", Page[invoicing.Contact])
async def get_contacts(
    gateway: GatewayDep,
    page: Paging,
    contact_type: Annotated[invoicing.ContactType, Query()] = invoicing.ContactType.all,
) -> JSONResponse:
    query = invoicing.ContactQuery(contact_type=contact_type)
    return await gateway.run("invoicing.contacts.list", query, page)


@unified_route(router, "invoicing.contacts.create", invoicing.Contact)
async def create_contact(gateway: GatewayDep, item: invoicing.ContactCreate) -> JSONResponse:
    return await gateway.run("invoicing.contacts.create", item)


@unified_route(router, "invoicing.contacts.get", invoicing.Contact)
async def get_contact(gateway: GatewayDep, contact_id: str) -> JSONResponse:
    return await gateway.run("invoicing.contacts.get", contact_id)


@unified_route(router, "invoicing.products.list", Page[invoicing.Product])
async def get_products(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("invoicing.products.list", page)


@unified_route(router, "invoicing.products.create", invoicing.Product)
async def create_product(gateway: GatewayDep, item: invoicing.ProductCreate) -> JSONResponse:
    return await gateway.run("invoicing.products.create", item)


@unified_route(router, "invoicing.products.get", invoicing.Product)
async def get_product(gateway: GatewayDep, product_id: str) -> JSONResponse:
    return await gateway.run("invoicing.products.get", product_id)


@unified_route(router, "invoicing.taxes.list", Page[invoicing.Tax])
async def get_taxes(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("invoicing.taxes.list", page)


@unified_route(router, "invoicing.taxes.get", invoicing.Tax)
async def get_tax(gateway: GatewayDep, tax_id: str) -> JSONResponse:
    return await gateway.run("invoicing.taxes.get", tax_id)


@unified_route(router, "invoicing.invoices.list", Page[invoicing.Invoice])
async def get_invoices(
    gateway: GatewayDep,
    page: Paging,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    invoice_type: Annotated[invoicing.InvoiceType | None, Query()] = invoicing.InvoiceType.all,
    payment_status: Annotated[PaymentStatus | None, Query()] = PaymentStatus.all,
    updated_after: Annotated[
        dt.datetime | None, Query(description="Only what changed after this moment")
    ] = None,
    include_invoice_lines: Annotated[
        BoolParam | None,
        Query(description="Ask for the lines even when they cost the provider extra calls"),
    ] = BoolParam.false,
    include_analytic_accounts: IncludeAnalyticAccounts = BoolParam.false,
) -> JSONResponse:
    query = invoicing.InvoiceQuery(
        date_from=date_from,
        date_to=date_to,
        invoice_type=invoice_type or invoicing.InvoiceType.all,
        payment_status=payment_status or PaymentStatus.all,
        updated_after=updated_after,
        include_invoice_lines=flag(include_invoice_lines, False),
        include_analytic_accounts=flag(include_analytic_accounts, False),
    )
    return await gateway.run("invoicing.invoices.list", query, page)


@unified_route(router, "invoicing.invoices.create", invoicing.Invoice)
async def create_invoice(gateway: GatewayDep, item: invoicing.InvoiceCreate) -> JSONResponse:
    return await gateway.run("invoicing.invoices.create", item)


@unified_route(router, "invoicing.invoices.get", invoicing.InvoiceWithPdf)
async def get_invoice(
    gateway: GatewayDep,
    invoice_id: str,
    include_pdf: Annotated[
        BoolParam | None, Query(description="Include the PDF, base64-encoded, in `pdf`")
    ] = BoolParam.false,
    include_analytic_accounts: IncludeAnalyticAccounts = BoolParam.false,
) -> JSONResponse:
    options = invoicing.InvoiceOptions(
        include_pdf=flag(include_pdf, False),
        include_analytic_accounts=flag(include_analytic_accounts, False),
    )
    return await gateway.run("invoicing.invoices.get", invoice_id, options)


@unified_route(router, "invoicing.documents.upload", invoicing.UploadedDocument, status_code=CREATED)
async def upload_document(gateway: GatewayDep, item: invoicing.DocumentUpload) -> JSONResponse:
    return await gateway.run("invoicing.documents.upload", item)


@unified_route(router, "invoicing.opportunities.list", Page[invoicing.Opportunity])
async def get_opportunities(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("invoicing.opportunities.list", page)


@unified_route(router, "invoicing.opportunities.get", invoicing.Opportunity)
async def get_opportunity(gateway: GatewayDep, opportunity_id: str) -> JSONResponse:
    return await gateway.run("invoicing.opportunities.get", opportunity_id)


@unified_route(router, "invoicing.payments.list", Page[invoicing.Payment])
async def get_payments(
    gateway: GatewayDep, page: Paging, date_from: DateFrom = None, date_to: DateTo = None
) -> JSONResponse:
    query = invoicing.PaymentQuery(date_from=date_from, date_to=date_to)
    return await gateway.run("invoicing.payments.list", query, page)


@unified_route(router, "invoicing.payments.create", invoicing.Payment, status_code=CREATED)
async def create_payment(gateway: GatewayDep, item: invoicing.PaymentCreate) -> JSONResponse:
    return await gateway.run("invoicing.payments.create", item)


@unified_route(router, "invoicing.payments.update", invoicing.Payment)
async def update_payment(gateway: GatewayDep, payment_id: str, item: invoicing.PaymentUpdate) -> JSONResponse:
    return await gateway.run("invoicing.payments.update", payment_id, item)


@unified_route(router, "invoicing.payment_methods.list", Page[invoicing.PaymentMethod])
async def get_payment_methods(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("invoicing.payment_methods.list", page)


@unified_route(router, "invoicing.bank_accounts.list", Page[invoicing.BankAccount])
async def get_bank_accounts(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("invoicing.bank_accounts.list", page)


@unified_route(router, "invoicing.bank_transactions.list", Page[invoicing.BankTransaction])
async def get_bank_transactions(
    gateway: GatewayDep,
    page: Paging,
    bank_account_id: Annotated[str, Query(description="The bank account's id")],
    date_from: DateFrom = None,
    date_to: DateTo = None,
    status: Annotated[invoicing.BankTransactionStatus | None, Query()] = None,
) -> JSONResponse:
    query = invoicing.BankTransactionQuery(
        bank_account_id=bank_account_id, date_from=date_from, date_to=date_to, status=status
    )
    return await gateway.run("invoicing.bank_transactions.list", query, page)
