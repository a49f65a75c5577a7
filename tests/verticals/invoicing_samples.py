"""One of each Invoicing unified model, every field set, for the contract tests."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from junction.connectors._framework.base import Connector, operation
from junction.connectors._framework.manifest import AuthMode, IntegrationEntry, Manifest
from junction.unified import invoicing as i
from junction.unified.common import Page, PageRequest, SourceRef, Vertical
from junction.verticals.catalog import operations_of

MOMENT = dt.datetime(2025, 3, 14, 10, 30, tzinfo=dt.UTC)
DAY = dt.date(2025, 3, 14)


def ref(object_id: str, model: str) -> SourceRef:
    return SourceRef(id=object_id, model=model)


ADDRESS = i.Address(
    address_type=i.AddressType.invoice,
    name="Head office",
    number="12",
    box="B",
    phone="+32 2 555 01 01",
    mobile="+32 470 55 01 01",
    email="billing@example.be",
    street="Rue de la Loi",
    city="Brussels",
    postal_code="1000",
    country="BE",
)
ADDRESS_IN = i.AddressCreate(
    address_type=i.AddressType.delivery,
    name="Warehouse",
    number="5",
    box="A",
    phone="+32 2 555 01 02",
    mobile="+32 470 55 01 02",
    email="dock@example.be",
    street="Quai des Usines",
    city="Brussels",
    postal_code="1000",
    country="BE",
)
CONTACT = i.Contact(
    id="12",
    source_ref=ref("12", "party.party"),
    is_prospect=False,
    is_customer=True,
    is_supplier=False,
    is_company=True,
    company_name="Atelier Verhaegen",
    first_name="Lies",
    last_name="Verhaegen",
    email="lies@example.be",
    phone="+32 2 555 01 01",
    mobile="+32 470 55 01 01",
    company_id="11",
    vat="BE0123456789",
    company_number="0123456789",
    currency="EUR",
    language="nl",
    comment="Pays by transfer",
    customer_account_number="400000",
    supplier_account_number="440000",
    birthdate=dt.date(1984, 5, 2),
    gender=i.ContactGender.F,
    addresses=[ADDRESS],
    external_reference="CRM-12",
)
CONTACT_CREATE = i.ContactCreate(
    is_prospect=False,
    is_customer=True,
    is_supplier=False,
    is_company=True,
    company_name="Atelier Verhaegen",
    first_name="Lies",
    last_name="Verhaegen",
    email="lies@example.be",
    phone="+32 2 555 01 01",
    mobile="+32 470 55 01 01",
    company_id="11",
    vat="BE0123456789",
    company_number="0123456789",
    currency="EUR",
    language="nl",
    comment="Pays by transfer",
    customer_account_number="400000",
    supplier_account_number="440000",
    birthdate=dt.date(1984, 5, 2),
    gender=i.ContactGender.F,
    addresses=[ADDRESS_IN],
)
PRODUCT = i.Product(
    id="7",
    source_ref=ref("7", "product.product"),
    name="Consulting day",
    unit_price=800.0,
    tax_id="21",
    code="CONS-D",
    unit="day",
    category="Services",
    currency="EUR",
    description="One day of consulting",
    cost=450.0,
    available_quantity=0.0,
)
PRODUCT_CREATE = i.ProductCreate(
    name="Consulting day",
    unit_price=800.0,
    tax_id="21",
    code="CONS-D",
    unit="day",
    category="Services",
    currency="EUR",
    description="One day of consulting",
    cost=450.0,
)
TAX = i.Tax(
    id="21",
    source_ref=ref("21", "account.tax"),
    label="VAT 21%",
    rate=21.0,
    type=i.VatCodeType.sale,
    code="V21",
    scope=i.VatCodeScope.nat,
    active=True,
)
JOURNAL = i.FieldRef(id="1", model="account.journal", name="Sales")
ANALYTIC = i.AnalyticDistribution(
    analytic_plan_code="DEPT",
    analytic_accounts=[
        i.AnalyticAccountShare(
            analytic_account_code="D1", analytic_account_name="Consulting", percentage=100.0
        )
    ],
)
LINE_FIELDS: dict[str, Any] = {
    "description": "Consulting, March",
    "unit_price": 800.0,
    "quantity": 2.0,
    "discount_amount": 100.0,
    "tax_amount": 315.0,
    "untaxed_amount": 1500.0,
    "total": 1815.0,
    "tax_rate": 21.0,
    "account_number": "700000",
    "tax_id": "21",
    "tax_exemption_reason": "none",
    "unit_of_measure": "day",
    "product_id": "7",
    "product_code": "CONS-D",
    "product_name": "Consulting day",
}
LINE_CREATE = i.InvoiceLineCreate(**LINE_FIELDS)
LINE = i.InvoiceLine(**LINE_FIELDS, analytic_distribution=[ANALYTIC])
ITALIAN = i.ItalianSpecificities(
    stamp_duty_amount=2.0,
    withholding_tax=i.ItalianWithholdingTax(
        rate=20.0,
        amount=300.0,
        reason=i.WithholdingTaxReason.RT01,
        payment_reason=i.WithholdingTaxPaymentReason.A,
    ),
    welfare_fund=i.WelfareFund(rate=4.0, amount=60.0, type=i.WelfareFundType.TC22),
    payment_reporting=i.PaymentReporting(
        method=i.PaymentReportingMethod.MP05, conditions=i.PaymentReportingConditions.TP02
    ),
)
SPANISH = i.SpanishSpecificities(
    withholding_tax=i.WithholdingTax(tax_rate=15.0, tax_code="IRPF15", tax_amount=225.0)
)
HEADER_FIELDS: dict[str, Any] = {
    "currency": "EUR",
    "status": i.InvoiceStatus.posted,
    "invoice_date": DAY,
    "tax_amount": 315.0,
    "untaxed_amount": 1500.0,
    "total": 1815.0,
    "partner_id": "12",
    "invoice_number": "INV/2025/0042",
    "due_date": dt.date(2025, 4, 13),
    "reference": "PO-881",
    "payment_communication": "+++090/9337/55493+++",
    "customer_memo": "Thank you",
    "journal_ref": JOURNAL,
    "italian_specificities": ITALIAN,
    "spanish_specificities": SPANISH,
}
READ_FIELDS: dict[str, Any] = {
    "last_updated_on": MOMENT,
    "outstanding_amount": 815.0,
    "last_payment_date": dt.date(2025, 3, 20),
    "accounting_date": DAY,
    "payment_method_id": "transfer",
    "currency_exchange_rate": 1.0,
}
INVOICE = i.Invoice(
    id="42",
    source_ref=ref("42", "account.invoice"),
    invoice_type=i.InvoiceType.customer_invoice,
    lines=[LINE],
    **HEADER_FIELDS,
    **READ_FIELDS,
)
INVOICE_WITH_PDF = i.InvoiceWithPdf(**INVOICE.model_dump(), pdf="JVBERi0xLjQK")
INVOICE_CREATE = i.InvoiceCreate(
    invoice_type=i.CreateInvoiceType.customer_invoice, lines=[LINE_CREATE], **HEADER_FIELDS
)
DOCUMENT = i.DocumentUpload(base64_string="JVBERi0xLjQK", document_type=i.DocumentType.supplier_document)
UPLOADED = i.UploadedDocument(
    id="43",
    source_ref=ref("43", "account.invoice"),
    invoice_type=i.InvoiceType.supplier_invoice,
    lines=[LINE_CREATE],
    **HEADER_FIELDS,
    **READ_FIELDS,
)
OPPORTUNITY = i.Opportunity(
    id="5",
    source_ref=ref("5", "sale.opportunity"),
    name="Website redesign",
    total=12000.0,
    probability=60.0,
    status=i.OpportunityStatus.open,
    partner_id="12",
    comment="Call back in April",
    currency="EUR",
    description="Redesign and hosting",
    pipe_status="Proposal",
    pipe_name="Sales",
    created_date=dt.date(2025, 2, 1),
    due_date=dt.date(2025, 4, 1),
    end_date=dt.date(2025, 6, 30),
    is_won=False,
    owner_ref=i.FieldRef(id="2", model="company.employee", name="Jan Peeters"),
)
PAYMENT = i.Payment(
    id="p-9",
    source_ref=ref("9", "account.statement.line"),
    status=i.PaymentPaymentStatus.completed,
    description="Payment INV/2025/0042",
    amount=1000.0,
    currency="EUR",
    payment_date=MOMENT,
    partner_id="12",
    payment_method_id="transfer",
    payment_method_name="Bank transfer",
    invoice_id="42",
    invoice_number="INV/2025/0042",
)
PAYMENT_CREATE = i.PaymentCreate(
    amount=1000.0,
    payment_method_id="transfer",
    invoice_id="42",
    date=dt.date(2025, 3, 20),
    description="Payment INV/2025/0042",
    currency="EUR",
)
PAYMENT_UPDATE = i.PaymentUpdate(
    amount=1015.0, payment_method_id="transfer", date=dt.date(2025, 3, 21), description="Corrected"
)
PAYMENT_METHOD = i.PaymentMethod(
    id="transfer", source_ref=ref("3", "account.payment.method"), name="Transfer"
)
BANK_ACCOUNT = i.BankAccount(
    id="b-1",
    source_ref=ref("1", "bank.account"),
    name="KBC current account",
    iban="BE71096123456769",
    currency="EUR",
    balance=25400.5,
)
LINKED = i.LinkedDocument(
    id="42", source_ref=ref("42", "account.invoice"), amount=1000.0, type=i.LinkedDocumentType.invoice
)
BANK_TRANSACTION = i.BankTransaction(
    id="t-77",
    source_ref=ref("77", "account.statement.line"),
    status=i.BankTransactionStatus.done,
    bank_account_id="b-1",
    amount=1000.0,
    date=dt.date(2025, 3, 20),
    description="Payment INV/2025/0042",
    currency="EUR",
    currency_exchange_rate=1.0,
    accounting_code="550000",
    linked_documents=[LINKED],
)


FULL_INVOICING_ID = 90452


def _page(items: list[Any], page: PageRequest) -> Page[Any]:
    return Page(
        items=items[page.offset : page.offset + page.size], total=len(items), page=page.page, size=page.size
    )


class FullInvoicingConnector(Connector):
    """Implements every Invoicing operation of the catalog without calling anything: it answers
    with the samples above and keeps the arguments each method received in `calls`."""

    manifest = Manifest(
        slug="fullinvoicing",
        name="Full Invoicing",
        integrations=(IntegrationEntry(integration_id=FULL_INVOICING_ID, vertical=Vertical.invoicing),),
        auth=AuthMode.none,
        capabilities=frozenset(op.key for op in operations_of(Vertical.invoicing)),
    )
    calls: ClassVar[list[tuple[str, tuple[Any, ...]]]] = []

    def _called(self, key: str, *args: Any) -> None:
        self.calls.append((key, args))

    @operation("invoicing.contacts.list")
    async def list_contacts(self, query: i.ContactQuery, page: PageRequest) -> Page[i.Contact]:
        self._called("invoicing.contacts.list", query, page)
        return _page([CONTACT], page)

    @operation("invoicing.contacts.create")
    async def create_contact(self, item: i.ContactCreate) -> i.Contact:
        self._called("invoicing.contacts.create", item)
        return CONTACT.model_copy(update={"email": item.email})

    @operation("invoicing.contacts.get")
    async def get_contact(self, contact_id: str) -> i.Contact:
        self._called("invoicing.contacts.get", contact_id)
        return CONTACT.model_copy(update={"id": contact_id})

    @operation("invoicing.products.list")
    async def list_products(self, page: PageRequest) -> Page[i.Product]:
        self._called("invoicing.products.list", page)
        return _page([PRODUCT], page)

    @operation("invoicing.products.create")
    async def create_product(self, item: i.ProductCreate) -> i.Product:
        self._called("invoicing.products.create", item)
        return PRODUCT.model_copy(update={"name": item.name})

    @operation("invoicing.products.get")
    async def get_product(self, product_id: str) -> i.Product:
        self._called("invoicing.products.get", product_id)
        return PRODUCT.model_copy(update={"id": product_id})

    @operation("invoicing.taxes.list")
    async def list_taxes(self, page: PageRequest) -> Page[i.Tax]:
        self._called("invoicing.taxes.list", page)
        return _page([TAX], page)

    @operation("invoicing.taxes.get")
    async def get_tax(self, tax_id: str) -> i.Tax:
        self._called("invoicing.taxes.get", tax_id)
        return TAX.model_copy(update={"id": tax_id})

    @operation("invoicing.invoices.list")
    async def list_invoices(self, query: i.InvoiceQuery, page: PageRequest) -> Page[i.Invoice]:
        self._called("invoicing.invoices.list", query, page)
        return _page([INVOICE, INVOICE.model_copy(update={"id": "44"})], page)

    @operation("invoicing.invoices.create")
    async def create_invoice(self, item: i.InvoiceCreate) -> i.Invoice:
        self._called("invoicing.invoices.create", item)
        return INVOICE.model_copy(update={"reference": item.reference})

    @operation("invoicing.invoices.get")
    async def get_invoice(self, invoice_id: str, options: i.InvoiceOptions) -> i.InvoiceWithPdf:
        self._called("invoicing.invoices.get", invoice_id, options)
        return INVOICE_WITH_PDF.model_copy(
            update={"id": invoice_id, "pdf": INVOICE_WITH_PDF.pdf if options.include_pdf else None}
        )

    @operation("invoicing.documents.upload")
    async def upload_document(self, item: i.DocumentUpload) -> i.UploadedDocument:
        self._called("invoicing.documents.upload", item)
        return UPLOADED

    @operation("invoicing.opportunities.list")
    async def list_opportunities(self, page: PageRequest) -> Page[i.Opportunity]:
        self._called("invoicing.opportunities.list", page)
        return _page([OPPORTUNITY], page)

    @operation("invoicing.opportunities.get")
    async def get_opportunity(self, opportunity_id: str) -> i.Opportunity:
        self._called("invoicing.opportunities.get", opportunity_id)
        return OPPORTUNITY.model_copy(update={"id": opportunity_id})

    @operation("invoicing.payments.list")
    async def list_payments(self, query: i.PaymentQuery, page: PageRequest) -> Page[i.Payment]:
        self._called("invoicing.payments.list", query, page)
        return _page([PAYMENT], page)

    @operation("invoicing.payments.create")
    async def create_payment(self, item: i.PaymentCreate) -> i.Payment:
        self._called("invoicing.payments.create", item)
        return PAYMENT.model_copy(update={"amount": item.amount, "invoice_id": item.invoice_id})

    @operation("invoicing.payments.update")
    async def update_payment(self, payment_id: str, item: i.PaymentUpdate) -> i.Payment:
        self._called("invoicing.payments.update", payment_id, item)
        changes = item.model_dump(include={"amount", "description"}, exclude_unset=True, exclude_none=True)
        return PAYMENT.model_copy(update={"id": payment_id, **changes})

    @operation("invoicing.payment_methods.list")
    async def list_payment_methods(self, page: PageRequest) -> Page[i.PaymentMethod]:
        self._called("invoicing.payment_methods.list", page)
        return _page([PAYMENT_METHOD], page)

    @operation("invoicing.bank_accounts.list")
    async def list_bank_accounts(self, page: PageRequest) -> Page[i.BankAccount]:
        self._called("invoicing.bank_accounts.list", page)
        return _page([BANK_ACCOUNT], page)

    @operation("invoicing.bank_transactions.list")
    async def list_bank_transactions(
        self, query: i.BankTransactionQuery, page: PageRequest
    ) -> Page[i.BankTransaction]:
        self._called("invoicing.bank_transactions.list", query, page)
        return _page([BANK_TRANSACTION.model_copy(update={"bank_account_id": query.bank_account_id})], page)
