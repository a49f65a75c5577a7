"""The Invoicing vertical's unified models, field by field from the reference schemas.

As in `commerce.py`: amounts are floats (the reference's `number`), enums hold exactly the
published values (the official SDK rejects any other), and each class carries with
`@reference_schema` the name the reference document gives its schema. Every read model carries
`source_ref`, the provider's own id and model name for the object.

The components the reference shares with the Accounting vertical (`PaymentStatus`, `VatCodeType`,
`VatCodeScope`, `WithholdingTax`) and with the Payment one (`PaymentPaymentStatus`) live in
`common.py`, one class each.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from junction.unified.common import (
    PaymentPaymentStatus,
    PaymentStatus,
    SourceRef,
    UnifiedModel,
    VatCodeScope,
    VatCodeType,
    WithholdingTax,
    reference_schema,
)

__all__ = [
    "Address",
    "AddressCreate",
    "AddressType",
    "AnalyticAccountShare",
    "AnalyticDistribution",
    "BankAccount",
    "BankTransaction",
    "BankTransactionQuery",
    "BankTransactionStatus",
    "Contact",
    "ContactCreate",
    "ContactGender",
    "ContactQuery",
    "ContactType",
    "CreateInvoiceType",
    "DocumentType",
    "DocumentUpload",
    "FieldRef",
    "Invoice",
    "InvoiceCreate",
    "InvoiceLine",
    "InvoiceLineCreate",
    "InvoiceOptions",
    "InvoiceQuery",
    "InvoiceStatus",
    "InvoiceType",
    "InvoiceWithPdf",
    "ItalianSpecificities",
    "ItalianWithholdingTax",
    "LinkedDocument",
    "LinkedDocumentType",
    "Opportunity",
    "OpportunityStatus",
    "Payment",
    "PaymentCreate",
    "PaymentMethod",
    "PaymentPaymentStatus",
    "PaymentQuery",
    "PaymentReporting",
    "PaymentReportingConditions",
    "PaymentReportingMethod",
    "PaymentStatus",
    "PaymentUpdate",
    "Product",
    "ProductCreate",
    "SourceRef",
    "SpanishSpecificities",
    "Tax",
    "UploadedDocument",
    "VatCodeScope",
    "VatCodeType",
    "WelfareFund",
    "WelfareFundType",
    "WithholdingTax",
    "WithholdingTaxPaymentReason",
    "WithholdingTaxReason",
]


# ---------------------------------------------------------------------------------------------
# Enums


@reference_schema("ContactType")
class ContactType(StrEnum):
    """The `contact_type` filter of the contact list."""

    prospect = "prospect"
    customer = "customer"
    supplier = "supplier"
    all = "all"


@reference_schema("ContactGender")
class ContactGender(StrEnum):
    H = "H"
    F = "F"
    not_applicable = "N/A"


@reference_schema("AddressTypeInvoicing")
class AddressType(StrEnum):
    main = "main"
    delivery = "delivery"
    invoice = "invoice"
    other = "other"


@reference_schema("InvoicingInvoiceType")
class InvoiceType(StrEnum):
    """An invoice's type; `all` only as the list filter's "every type"."""

    customer_invoice = "customer_invoice"
    customer_refund = "customer_refund"
    supplier_invoice = "supplier_invoice"
    supplier_refund = "supplier_refund"
    all = "all"


@reference_schema("InvoicingCreateInvoiceType")
class CreateInvoiceType(StrEnum):
    customer_invoice = "customer_invoice"
    customer_refund = "customer_refund"
    supplier_invoice = "supplier_invoice"
    supplier_refund = "supplier_refund"


@reference_schema("InvoiceStatus")
class InvoiceStatus(StrEnum):
    cancelled = "cancelled"
    draft = "draft"
    posted = "posted"
    paid = "paid"


@reference_schema("WithholdingTaxReason")
class WithholdingTaxReason(StrEnum):
    """Italian e-invoicing (FatturaPA) `TipoRitenuta` codes."""

    RT01 = "RT01"
    RT02 = "RT02"
    RT03 = "RT03"
    RT04 = "RT04"
    RT05 = "RT05"
    RT06 = "RT06"


@reference_schema("WithholdingTaxPaymentReason")
class WithholdingTaxPaymentReason(StrEnum):
    """Italian e-invoicing (FatturaPA) `CausalePagamento` codes."""

    A = "A"
    U = "U"
    R = "R"
    Q = "Q"
    H = "H"
    V = "V"
    V2 = "V2"
    I = "I"  # noqa: E741 (the published code)
    J = "J"
    K = "K"
    P = "P"
    S = "S"
    T = "T"
    W = "W"
    X = "X"
    Y = "Y"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    L = "L"
    L1 = "L1"
    M = "M"
    M1 = "M1"
    M2 = "M2"
    IN = "IN"
    O = "O"  # noqa: E741 (the published code)
    O1 = "O1"
    V1 = "V1"


@reference_schema("WelfareFundType")
class WelfareFundType(StrEnum):
    """Italian e-invoicing (FatturaPA) `TipoCassa` codes."""

    TC01 = "TC01"
    TC02 = "TC02"
    TC03 = "TC03"
    TC04 = "TC04"
    TC05 = "TC05"
    TC06 = "TC06"
    TC07 = "TC07"
    TC08 = "TC08"
    TC09 = "TC09"
    TC10 = "TC10"
    TC11 = "TC11"
    TC12 = "TC12"
    TC13 = "TC13"
    TC14 = "TC14"
    TC15 = "TC15"
    TC16 = "TC16"
    TC17 = "TC17"
    TC18 = "TC18"
    TC19 = "TC19"
    TC20 = "TC20"
    TC21 = "TC21"
    TC22 = "TC22"


@reference_schema("PaymentReportingMethod")
class PaymentReportingMethod(StrEnum):
    """Italian e-invoicing (FatturaPA) `ModalitaPagamento` codes."""

    MP01 = "MP01"
    MP02 = "MP02"
    MP03 = "MP03"
    MP04 = "MP04"
    MP05 = "MP05"
    MP06 = "MP06"
    MP07 = "MP07"
    MP08 = "MP08"
    MP09 = "MP09"
    MP10 = "MP10"
    MP11 = "MP11"
    MP12 = "MP12"
    MP13 = "MP13"
    MP14 = "MP14"
    MP15 = "MP15"
    MP16 = "MP16"
    MP17 = "MP17"
    MP18 = "MP18"
    MP19 = "MP19"
    MP20 = "MP20"
    MP21 = "MP21"
    MP22 = "MP22"
    MP23 = "MP23"


@reference_schema("PaymentReportingConditions")
class PaymentReportingConditions(StrEnum):
    """Italian e-invoicing (FatturaPA) `CondizioniPagamento` codes."""

    TP01 = "TP01"
    TP02 = "TP02"
    TP03 = "TP03"


@reference_schema("InvoicingDocumentType")
class DocumentType(StrEnum):
    customer_document = "customer_document"
    supplier_document = "supplier_document"
    employee_expense = "employee_expense"


@reference_schema("OpportunityStatus")
class OpportunityStatus(StrEnum):
    open = "open"
    won = "won"
    lost = "lost"
    cancelled = "cancelled"
    closed = "closed"


@reference_schema("BankTransactionStatus")
class BankTransactionStatus(StrEnum):
    draft = "draft"
    done = "done"


@reference_schema("LinkedDocumentType")
class LinkedDocumentType(StrEnum):
    invoice = "invoice"
    other = "other"


# ---------------------------------------------------------------------------------------------
# Contacts


@reference_schema("AddressItemOutInvoicing")
class Address(UnifiedModel):
    address_type: AddressType
    name: str | None = None
    number: str | None = None
    box: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    street: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None


@reference_schema("AddressItemInInvoicing")
class AddressCreate(UnifiedModel):
    address_type: AddressType
    name: str | None = None
    number: str | None = None
    box: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    street: str
    city: str
    postal_code: str
    country: str = Field(min_length=1, description="ISO 3166-1 code")


@reference_schema("ContactItemOut")
class Contact(UnifiedModel):
    """A customer, supplier or prospect; a company or a person (`company_id` links a person to
    their company)."""

    id: str
    source_ref: SourceRef
    is_prospect: bool | None = None
    is_customer: bool | None = None
    is_supplier: bool | None = None
    is_company: bool | None = None
    company_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    company_id: str | None = None
    vat: str | None = None
    company_number: str | None = None
    currency: str | None = None
    language: str | None = None
    comment: str | None = None
    customer_account_number: str | None = None
    supplier_account_number: str | None = None
    birthdate: dt.date | None = None
    gender: ContactGender | None = None
    addresses: list[Address] | None = []
    external_reference: str | None = None


@reference_schema("ContactItemIn")
class ContactCreate(UnifiedModel):
    is_prospect: bool | None = None
    is_customer: bool | None = None
    is_supplier: bool | None = None
    is_company: bool | None = None
    company_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    company_id: str | None = None
    vat: str | None = None
    company_number: str | None = None
    currency: str | None = None
    language: str | None = None
    comment: str | None = None
    customer_account_number: str | None = None
    supplier_account_number: str | None = None
    birthdate: dt.date | None = None
    gender: ContactGender | None = None
    addresses: list[AddressCreate] | None = []


class ContactQuery(UnifiedModel):
    contact_type: ContactType = ContactType.all


# ---------------------------------------------------------------------------------------------
# Products and taxes


@reference_schema("ProductItemOut")
class Product(UnifiedModel):
    id: str
    source_ref: SourceRef
    name: str
    unit_price: float | None = None
    tax_id: str | None = None
    code: str | None = None
    unit: str | None = None
    category: str | None = None
    currency: str | None = None
    description: str | None = None
    cost: float | None = 0
    available_quantity: float | None = 0


@reference_schema("ProductItem")
class ProductCreate(UnifiedModel):
    name: str
    unit_price: float | None = None
    tax_id: str | None = None
    code: str | None = None
    unit: str | None = None
    category: str | None = None
    currency: str | None = None
    description: str | None = None
    cost: float | None = 0


@reference_schema("InvoicingVatCode")
class Tax(UnifiedModel):
    """A VAT code: `rate` in percent (21.0)."""

    id: str
    source_ref: SourceRef
    label: str
    rate: float
    type: VatCodeType
    code: str | None = None
    scope: VatCodeScope | None = VatCodeScope.unknown
    active: bool | None = True


# ---------------------------------------------------------------------------------------------
# Invoices


@reference_schema("FieldRef")
class FieldRef(UnifiedModel):
    """An object of the provider's, by its id, model and display name (an invoice's journal, an
    opportunity's owner)."""

    id: str | None = None
    model: str | None = None
    name: str | None = None


@reference_schema("AnalyticDistributionDetailInvoicing")
class AnalyticAccountShare(UnifiedModel):
    analytic_account_code: str
    analytic_account_name: str
    percentage: float


@reference_schema("AnalyticDistributionInvoicing")
class AnalyticDistribution(UnifiedModel):
    """How a line splits over the analytic accounts of one analytic plan."""

    analytic_plan_code: str
    analytic_accounts: list[AnalyticAccountShare]


@reference_schema("InvoiceLineItem")
class InvoiceLineCreate(UnifiedModel):
    """An invoice line: `(unit_price * quantity) - discount_amount = untaxed_amount` and
    `total = tax_amount + untaxed_amount`."""

    description: str | None = None
    unit_price: float
    quantity: float
    discount_amount: float = 0.0
    tax_amount: float
    untaxed_amount: float
    total: float
    tax_rate: float | None = None
    account_number: str | None = None
    tax_id: str | None = None
    tax_exemption_reason: str | None = None
    unit_of_measure: str | None = None
    product_id: str | None = None
    product_code: str | None = None
    product_name: str | None = None


@reference_schema("InvoiceLineItemOut")
class InvoiceLine(UnifiedModel):
    description: str | None = None
    unit_price: float
    quantity: float
    discount_amount: float = 0.0
    tax_amount: float
    untaxed_amount: float
    total: float
    tax_rate: float | None = None
    account_number: str | None = None
    tax_id: str | None = None
    tax_exemption_reason: str | None = None
    unit_of_measure: str | None = None
    product_id: str | None = None
    product_code: str | None = None
    product_name: str | None = None
    analytic_distribution: list[AnalyticDistribution] | None = []


@reference_schema("InvoicingWithholdingTax")
class ItalianWithholdingTax(UnifiedModel):
    rate: float
    amount: float
    reason: WithholdingTaxReason | None = None
    payment_reason: WithholdingTaxPaymentReason | None = None


@reference_schema("WelfareFund")
class WelfareFund(UnifiedModel):
    rate: float
    amount: float
    type: WelfareFundType | None = None


@reference_schema("PaymentReporting")
class PaymentReporting(UnifiedModel):
    method: PaymentReportingMethod | None = None
    conditions: PaymentReportingConditions | None = None


# The reference names this component "ItalianSpecificities-Input" in bodies and
# "ItalianSpecificities-Output" in answers (its generator split them), both titled
# "ItalianSpecificities" and identical; one schema serves both here.
@reference_schema("ItalianSpecificities")
class ItalianSpecificities(UnifiedModel):
    stamp_duty_amount: float | None = None
    withholding_tax: ItalianWithholdingTax | None = None
    welfare_fund: WelfareFund | None = None
    payment_reporting: PaymentReporting | None = None


@reference_schema("SpanishSpecificities")
class SpanishSpecificities(UnifiedModel):
    withholding_tax: WithholdingTax | None = None


@reference_schema("InvoiceItemOut")
class Invoice(UnifiedModel):
    """An invoice or credit note, customer or supplier side. `partner_id` is the contact's id."""

    id: str
    source_ref: SourceRef
    currency: str
    invoice_type: InvoiceType
    status: InvoiceStatus
    invoice_date: dt.date
    tax_amount: float
    untaxed_amount: float
    total: float
    lines: list[InvoiceLine] = []
    partner_id: str | None = None
    invoice_number: str | None = None
    due_date: dt.date | None = None
    reference: str | None = None
    payment_communication: str | None = None
    customer_memo: str | None = None
    journal_ref: FieldRef | None = None
    italian_specificities: ItalianSpecificities | None = None
    spanish_specificities: SpanishSpecificities | None = None
    last_updated_on: dt.datetime | None = None
    outstanding_amount: float | None = None
    last_payment_date: dt.date | None = None
    accounting_date: dt.date | None = None
    payment_method_id: str | None = None
    currency_exchange_rate: float | None = 1


@reference_schema("InvoiceItemOutSingle")
class InvoiceWithPdf(Invoice):
    """One invoice read on its own: with its PDF, base64-encoded, when asked (`include_pdf`)."""

    pdf: str | None = None


@reference_schema("InvoiceItemIn")
class InvoiceCreate(UnifiedModel):
    currency: str
    invoice_type: CreateInvoiceType
    status: InvoiceStatus
    invoice_date: dt.date
    tax_amount: float
    untaxed_amount: float
    total: float
    lines: list[InvoiceLineCreate] = []
    partner_id: str | None = None
    invoice_number: str | None = None
    due_date: dt.date | None = None
    reference: str | None = None
    payment_communication: str | None = None
    customer_memo: str | None = None
    journal_ref: FieldRef | None = None
    italian_specificities: ItalianSpecificities | None = None
    spanish_specificities: SpanishSpecificities | None = None


class InvoiceQuery(UnifiedModel):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    invoice_type: InvoiceType = InvoiceType.all
    payment_status: PaymentStatus = PaymentStatus.all
    updated_after: dt.datetime | None = None
    # False means "not asked for": a connector still includes the lines when they come at no
    # extra provider call, as the reference documents.
    include_invoice_lines: bool = False
    include_analytic_accounts: bool = False


class InvoiceOptions(UnifiedModel):
    """Options of reading one invoice."""

    include_pdf: bool = False
    include_analytic_accounts: bool = False


@reference_schema("AttachmentItemIn")
class DocumentUpload(UnifiedModel):
    """A document (PDF) to upload, base64-encoded; the provider reads it into an invoice."""

    base64_string: str
    document_type: DocumentType


@reference_schema("UploadDocumentItemOut")
class UploadedDocument(UnifiedModel):
    """The invoice an uploaded document became: only its ids are sure to be known."""

    id: str
    source_ref: SourceRef
    currency: str | None = None
    invoice_type: InvoiceType | None = None
    status: InvoiceStatus | None = None
    invoice_date: dt.date | None = None
    tax_amount: float | None = None
    untaxed_amount: float | None = None
    total: float | None = None
    lines: list[InvoiceLineCreate] | None = []
    partner_id: str | None = None
    invoice_number: str | None = None
    due_date: dt.date | None = None
    reference: str | None = None
    payment_communication: str | None = None
    customer_memo: str | None = None
    journal_ref: FieldRef | None = None
    italian_specificities: ItalianSpecificities | None = None
    spanish_specificities: SpanishSpecificities | None = None
    last_updated_on: dt.datetime | None = None
    outstanding_amount: float | None = None
    last_payment_date: dt.date | None = None
    accounting_date: dt.date | None = None
    payment_method_id: str | None = None
    currency_exchange_rate: float | None = 1


# ---------------------------------------------------------------------------------------------
# Opportunities


@reference_schema("OpportunityItem")
class Opportunity(UnifiedModel):
    """A sales opportunity: `probability` in percent, `partner_id` the customer contact's id."""

    id: str
    source_ref: SourceRef
    name: str
    total: float
    probability: float
    status: OpportunityStatus
    partner_id: str | None = None
    comment: str | None = None
    currency: str | None = None
    description: str | None = None
    pipe_status: str | None = None
    pipe_name: str | None = None
    created_date: dt.date | None = None
    due_date: dt.date | None = None
    end_date: dt.date | None = None
    is_won: bool | None = None
    owner_ref: FieldRef | None = None


# ---------------------------------------------------------------------------------------------
# Payments, bank accounts, bank transactions


@reference_schema("InvoicingPaymentItem")
class Payment(UnifiedModel):
    id: str
    source_ref: SourceRef
    status: PaymentPaymentStatus
    description: str
    amount: float
    currency: str
    payment_date: dt.datetime
    partner_id: str | None = None
    payment_method_id: str | None = None
    payment_method_name: str | None = None
    invoice_id: str | None = None
    invoice_number: str | None = None


@reference_schema("InvoicingPaymentItemIn")
class PaymentCreate(UnifiedModel):
    """A payment of (part of) one invoice."""

    amount: float
    payment_method_id: str | None = None
    invoice_id: str
    date: dt.date
    description: str | None = None
    currency: str


@reference_schema("InvoicingPaymentItemUpdate")
class PaymentUpdate(UnifiedModel):
    """The fields to change; a connector changes only those set (`model_fields_set`)."""

    amount: float | None = None
    payment_method_id: str | None = None
    date: dt.date | None = None
    description: str | None = None


class PaymentQuery(UnifiedModel):
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@reference_schema("InvoicingPaymentMethodItem")
class PaymentMethod(UnifiedModel):
    id: str
    source_ref: SourceRef
    name: str


@reference_schema("InvoicingBankAccountItem")
class BankAccount(UnifiedModel):
    id: str
    source_ref: SourceRef
    name: str
    iban: str | None = None
    currency: str | None = None
    balance: float | None = None


@reference_schema("LinkedDocument")
class LinkedDocument(UnifiedModel):
    """A document (an invoice, ...) a bank transaction settles, and the amount it settles."""

    id: str
    source_ref: SourceRef
    amount: float
    type: LinkedDocumentType


@reference_schema("InvoicingBankTransactionItem")
class BankTransaction(UnifiedModel):
    id: str
    source_ref: SourceRef
    status: BankTransactionStatus
    bank_account_id: str
    amount: float
    date: dt.date
    description: str | None = None
    currency: str
    currency_exchange_rate: float | None = 1.0
    accounting_code: str | None = None
    linked_documents: list[LinkedDocument] | None = []


class BankTransactionQuery(UnifiedModel):
    bank_account_id: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: BankTransactionStatus | None = None
