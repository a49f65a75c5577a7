"""The Accounting vertical's unified models, field by field from the reference schemas.

As in `commerce.py`: amounts are floats (the reference's `number`), enums hold exactly the
published values (the official SDK rejects any other), and each class carries with
`@reference_schema` the name the reference document gives its schema. Unlike the other verticals,
the reference's accounting objects carry no `source_ref`: their `id` is the provider's own.

Shapes that differ only by one field (a client and a supplier, an invoice with one analytic account
per line and one with an analytic distribution over several plans) share a private base; each
public class is one reference component.

Components the reference shares with other verticals are one class each: `AddressType` and
`AddressItemOut` are eCommerce's, `PaymentStatus`, `VatCodeScope`, `VatCodeType` and
`WithholdingTax` are in `common.py` (Invoicing uses them too).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from junction.unified.commerce import AddressType
from junction.unified.commerce import FulfillmentAddress as AddressOut
from junction.unified.common import (
    PaymentStatus,
    UnifiedModel,
    VatCodeScope,
    VatCodeType,
    WithholdingTax,
    reference_schema,
)

__all__ = [
    "Account",
    "AccountBalance",
    "AccountBalanceFilter",
    "AccountCreate",
    "AccountQuery",
    "AccountTaxCode",
    "AccountTaxInformation",
    "AccountTaxMode",
    "AccountToCreate",
    "AccountType",
    "AccountTypeFilter",
    "AccountingInfo",
    "AddressCreate",
    "AddressOut",
    "AddressType",
    "AnalyticAccount",
    "AnalyticAccountCreate",
    "AnalyticAccountMultiPlans",
    "AnalyticAccountUpdate",
    "AnalyticDistribution",
    "AnalyticDistributionDetail",
    "AnalyticPlan",
    "Attachment",
    "AttachmentCreate",
    "AttachmentFile",
    "AttachmentOptions",
    "AttachmentQuery",
    "AttachmentsInfo",
    "AttachmentsStatus",
    "BankAccount",
    "BankAccountCreate",
    "BankStatement",
    "BankStatementCreate",
    "BankTransaction",
    "BankTransactionCreate",
    "BookYear",
    "Client",
    "ClientCreate",
    "ClientUpdate",
    "Contact",
    "ContactQuery",
    "Counterpart",
    "CounterpartType",
    "DocumentType",
    "Employee",
    "EntryLineType",
    "Expense",
    "ExpenseCreate",
    "ExpenseLine",
    "FecEntry",
    "FecQuery",
    "FinancialEntry",
    "FinancialEntryCreate",
    "FinancialEntryLine",
    "FinancialEntryLineOut",
    "FinancialEntryOptions",
    "Folder",
    "FolderAddress",
    "FolderQuery",
    "Invoice",
    "InvoiceApprovalStatus",
    "InvoiceApprovalStatusFilter",
    "InvoiceCorrection",
    "InvoiceCreate",
    "InvoiceCreateMultiPlans",
    "InvoiceCreateOptions",
    "InvoiceDueDate",
    "InvoiceLine",
    "InvoiceLineCreate",
    "InvoiceLineCreateMultiPlans",
    "InvoiceLineMultiPlans",
    "InvoiceMultiPlans",
    "InvoiceOptions",
    "InvoicePaymentCreate",
    "InvoicePaymentShare",
    "InvoiceQuery",
    "InvoiceStatusIn",
    "InvoiceStatusOut",
    "InvoiceType",
    "Journal",
    "JournalCreate",
    "JournalCreateType",
    "JournalDueDate",
    "JournalEntry",
    "JournalEntryCreate",
    "JournalEntryLineCreate",
    "JournalEntryMultiPlans",
    "JournalEntryOptions",
    "JournalEntryQuery",
    "JournalItem",
    "JournalItemMultiPlans",
    "JournalType",
    "Matching",
    "MatchingResult",
    "MiscellaneousOperation",
    "MiscellaneousOperationCreate",
    "MiscellaneousOperationLine",
    "MiscellaneousOperationLineType",
    "MiscellaneousOperationQuery",
    "MiscellaneousOperationStatusIn",
    "MiscellaneousOperationStatusOut",
    "MultipleMatching",
    "MultipleMatchingResult",
    "NextDocumentNumber",
    "NlPaymentTermsSplit",
    "OriginalDocument",
    "Outstanding",
    "OutstandingDueDate",
    "OutstandingQuery",
    "OutstandingType",
    "Partner",
    "PartnerBankAccount",
    "PartnerCreateOptions",
    "PartnerQuery",
    "PartnerType",
    "Payment",
    "PaymentMethod",
    "PaymentStatus",
    "PaymentTerm",
    "PaymentTermAccountInfo",
    "RoutingCode",
    "RoutingType",
    "Scheme",
    "Supplier",
    "SupplierCreate",
    "SupplierUpdate",
    "TaxInfo",
    "VatCode",
    "VatCodeScope",
    "VatCodeType",
    "WithholdingTax",
]

NonEmpty = Annotated[str, Field(min_length=1)]
# The file name of an attached PDF, as the reference restricts it.
PdfName = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[a-zA-Z0-9\-_ ]{1,196}(?:.pdf)?$")]


# Enums


@reference_schema("BankAccountRoutingType")
class RoutingType(StrEnum):
    unknown = "unknown"
    ach = "ach"
    sort_code = "sort_code"
    bsb = "bsb"
    transit = "transit"
    ifsc = "ifsc"
    clabe = "clabe"


# The reference names this component "PartnerType-Input" with the title "PartnerType" (its
# generator split two enums of one name); the PMS vertical's `PartnerType` is the other one.
@reference_schema("PartnerType-Input", title="PartnerType")
class PartnerType(StrEnum):
    client = "client"
    supplier = "supplier"


@reference_schema("InvoiceType")
class InvoiceType(StrEnum):
    customer_invoice = "customer_invoice"
    customer_refund = "customer_refund"
    supplier_invoice = "supplier_invoice"
    supplier_refund = "supplier_refund"


@reference_schema("InvoiceStatusIn")
class InvoiceStatusIn(StrEnum):
    draft = "draft"
    posted = "posted"


@reference_schema("InvoiceStatusOut")
class InvoiceStatusOut(StrEnum):
    cancelled = "cancelled"
    draft = "draft"
    posted = "posted"
    paid = "paid"


@reference_schema("InvoiceApprovalStatus")
class InvoiceApprovalStatus(StrEnum):
    unknown = "unknown"
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


@reference_schema("InvoiceApprovalStatusFilter")
class InvoiceApprovalStatusFilter(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


@reference_schema("JournalType")
class JournalType(StrEnum):
    customer_invoice = "customer_invoice"
    customer_refund = "customer_refund"
    supplier_invoice = "supplier_invoice"
    supplier_refund = "supplier_refund"
    financial_operation = "financial_operation"
    miscellaneous_operation = "miscellaneous_operation"
    unknown = "unknown"


@reference_schema("JournalInType")
class JournalCreateType(StrEnum):
    customer_invoice = "customer_invoice"
    customer_refund = "customer_refund"
    supplier_invoice = "supplier_invoice"
    supplier_refund = "supplier_refund"
    bank = "bank"
    cash = "cash"
    miscellaneous_operation = "miscellaneous_operation"


@reference_schema("ItemAttachmentInfoStatus")
class AttachmentsStatus(StrEnum):
    """Whether a document has attachments: `yes` with their URLs, `yes_to_request` to fetch
    through `GET /accounting/attachments`."""

    unknown = "unknown"
    yes = "yes"
    yes_to_request = "yes_to_request"
    no = "no"


@reference_schema("EntryLineType")
class EntryLineType(StrEnum):
    customer_account = "customer_account"
    supplier_account = "supplier_account"
    employee_account = "employee_account"
    general_account = "general_account"


@reference_schema("MiscellaneousOperationLineType")
class MiscellaneousOperationLineType(StrEnum):
    customer_account = "customer_account"
    supplier_account = "supplier_account"
    general_account = "general_account"


@reference_schema("MiscellaneousOperationStatusIn")
class MiscellaneousOperationStatusIn(StrEnum):
    draft = "draft"
    posted = "posted"


@reference_schema("MiscellaneousOperationStatusOut")
class MiscellaneousOperationStatusOut(StrEnum):
    cancelled = "cancelled"
    draft = "draft"
    posted = "posted"
    matched = "matched"


@reference_schema("DocumentType")
class DocumentType(StrEnum):
    invoice = "invoice"
    entry = "entry"


@reference_schema("AccountTypeFilter")
class AccountTypeFilter(StrEnum):
    bank = "bank"
    cash = "cash"
    income = "income"
    expense = "expense"
    other_expense = "other_expense"
    vat = "vat"


@reference_schema("AccountItemType")
class AccountType(StrEnum):
    bank = "bank"
    cash = "cash"
    other_financial = "other_financial"
    receivable = "receivable"
    payable = "payable"
    income = "income"
    expense = "expense"
    other_expense = "other_expense"
    vat = "vat"
    other = "other"


@reference_schema("AccountTaxMode")
class AccountTaxMode(StrEnum):
    free = "free"
    restricted = "restricted"
    forced = "forced"


@reference_schema("BankTransactionCounterpartType")
class CounterpartType(StrEnum):
    customer = "customer"
    supplier = "supplier"
    employee = "employee"


@reference_schema("OutstandingType")
class OutstandingType(StrEnum):
    client = "client"
    supplier = "supplier"


# Folders, book years, plans, schemes


@reference_schema("FolderAddressItem")
class FolderAddress(UnifiedModel):
    street: str | None = None
    number: str | None = None
    box: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None


@reference_schema("FolderItem")
class Folder(UnifiedModel):
    """An accounting folder: one legal entity (company, dossier) of the connection."""

    id: str
    name: str
    selected: bool | None = True
    active: bool | None = True
    vat: str | None = None
    company_number: str | None = None
    main_currency: str | None = None
    addresses: list[FolderAddress] | None = None


@reference_schema("BookYear")
class BookYear(UnifiedModel):
    name: str
    start: dt.date
    end: dt.date
    closed: bool


@reference_schema("AnalyticPlanItem")
class AnalyticPlan(UnifiedModel):
    id: str
    name: str
    active: bool | None = True
    parent_id: str | None = None


@reference_schema("SchemeItem")
class Scheme(UnifiedModel):
    """A standard classification of ledger accounts for reporting (RGS, SBR, ...)."""

    id: str
    code: str
    name: str


# Clients and suppliers


@reference_schema("AddressItemIn")
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
    country: NonEmpty


@reference_schema("RoutingCodeItem")
class RoutingCode(UnifiedModel):
    type: RoutingType = RoutingType.unknown
    value: str | None = None


@reference_schema("BankAccountsItem")
class PartnerBankAccount(UnifiedModel):
    is_primary: bool | None = True
    currency: str | None = None
    iban: str | None = None
    bic_swift: str | None = None
    account_number: str | None = None
    routing_code: RoutingCode | None = None


class _PartnerFields(UnifiedModel):
    """What every shape of a client or a supplier carries."""

    external_reference: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    function: str | None = None
    is_company: bool | None = True
    company_id: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    language: str | None = None
    internal_notes: str | None = None
    website: str | None = None
    vat: str | None = None
    company_number: str | None = None
    iban: str | None = None
    bank_account: str | None = None
    currency: str | None = None
    active: bool | None = True


class _PartnerCreate(_PartnerFields):
    name: str = Field(min_length=1)
    addresses: list[AddressCreate]
    account_number: str | None = None


class _PartnerUpdate(_PartnerFields):
    name: str | None = None
    addresses: list[AddressOut] | None = []


class _PartnerOut(_PartnerFields):
    name: str | None = None
    account_number: str | None = None
    id: str | None = None
    last_updated_on: dt.datetime | None = None
    addresses: list[AddressOut] | None = []
    third_party_account: str | None = None
    bank_accounts: list[PartnerBankAccount] | None = None


@reference_schema("ClientItemIn")
class ClientCreate(_PartnerCreate):
    pass


@reference_schema("ClientItemUpdate")
class ClientUpdate(_PartnerUpdate):
    pass


@reference_schema("ClientItemOut")
class Client(_PartnerOut):
    """A client (customer, debtor) in the books."""


@reference_schema("SupplierItemIn")
class SupplierCreate(_PartnerCreate):
    pass


@reference_schema("SupplierItemUpdate")
class SupplierUpdate(_PartnerUpdate):
    pass


@reference_schema("SupplierItemOut")
class Supplier(_PartnerOut):
    """A supplier (vendor, creditor) in the books."""


@reference_schema("Partner")
class Partner(_PartnerOut):
    """The client or supplier of an invoice, when the invoice is read with its partner."""


@reference_schema("ContactItem")
class Contact(UnifiedModel):
    """A contact person of a client or a supplier."""

    id: str
    name: str
    first_name: str | None = None
    last_name: str | None = None
    function: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None


# Invoices (sale and purchase entries)


@reference_schema("InvoiceCorrection")
class InvoiceCorrection(UnifiedModel):
    sale_invoice_correction_tax_code: str | None = None
    purchase_invoice_correction_tax_code: str | None = None
    invoice_correction_credit_account_number: str | None = None
    invoice_correction_debit_account_number: str | None = None


@reference_schema("PaymentTermAccountInfo")
class PaymentTermAccountInfo(UnifiedModel):
    amount: float
    iban: str


@reference_schema("NlPaymentTermsSplit")
class NlPaymentTermsSplit(UnifiedModel):
    """The Dutch G-account / N-account split of a payment."""

    g_account: PaymentTermAccountInfo
    n_account: PaymentTermAccountInfo


@reference_schema("AccountToCreate")
class AccountToCreate(UnifiedModel):
    """A ledger account to create on the fly when it does not exist."""

    account_number: NonEmpty
    account_name: NonEmpty


@reference_schema("AnalyticDistributionDetail")
class AnalyticDistributionDetail(UnifiedModel):
    analytic_account: str
    percentage: float


@reference_schema("AnalyticDistribution")
class AnalyticDistribution(UnifiedModel):
    """How a line's amount spreads over the analytic accounts of one plan."""

    analytic_plan: str
    analytic_accounts: list[AnalyticDistributionDetail]


class _InvoiceLineFields(UnifiedModel):
    line_number: int | None = 1
    unit_price: float
    unit_of_measure: str | None = None
    quantity: float
    untaxed_amount: float
    tax_rate: float
    tax_amount: float
    total: float


class _InvoiceLineCreateFields(_InvoiceLineFields):
    account_number: NonEmpty
    tax_code: NonEmpty
    description: str = ""


class _InvoiceLineOutFields(_InvoiceLineFields):
    account_number: str | None = None
    tax_code: str | None = None
    description: str | None = ""


@reference_schema("InvoiceLineItemInMonoAnalyticPlan")
class InvoiceLineCreate(_InvoiceLineCreateFields):
    analytic_account: str | None = None


@reference_schema("InvoiceLineItemInMultiAnalyticPlans")
class InvoiceLineCreateMultiPlans(_InvoiceLineCreateFields):
    analytic_distribution: list[AnalyticDistribution] | None = []


@reference_schema("InvoiceLineItemOutMonoAnalyticPlan")
class InvoiceLine(_InvoiceLineOutFields):
    analytic_account: str | None = None


@reference_schema("InvoiceLineItemOutMultiAnalyticPlans")
class InvoiceLineMultiPlans(_InvoiceLineOutFields):
    analytic_distribution: list[AnalyticDistribution] | None = []


class _InvoiceFields(UnifiedModel):
    invoice_type: InvoiceType
    invoice_number: str | None = None
    currency: str
    untaxed_amount: float
    tax_amount: float
    total: float
    reference: str | None = None
    payment_communication: str | None = None
    customer_memo: str | None = None
    payment_term_id: str | None = None
    withholding_tax: WithholdingTax | None = None
    invoice_date: dt.date
    due_date: dt.date
    delivery_date: dt.date | None = None
    journal_id: str | None = None
    payment_method_id: str | None = None


class _InvoiceCreateFields(_InvoiceFields):
    partner_id: NonEmpty | None = None
    status: InvoiceStatusIn | None = InvoiceStatusIn.posted
    pdf: str | None = None
    pdf_name: PdfName | None = None
    currency_exchange_rate: float | None = 1
    invoice_correction: InvoiceCorrection | None = None
    nl_payment_terms_split: NlPaymentTermsSplit | None = None
    shipping_country: str | None = None
    partner_info: AccountToCreate | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@reference_schema("InvoiceItemInMonoAnalyticPlan")
class InvoiceCreate(_InvoiceCreateFields):
    """A sale or purchase entry to book; each line on at most one analytic account."""

    lines: list[InvoiceLineCreate]


@reference_schema("InvoiceItemInMultiAnalyticPlans")
class InvoiceCreateMultiPlans(_InvoiceCreateFields):
    """A sale or purchase entry to book; each line spread over analytic plans."""

    lines: list[InvoiceLineCreateMultiPlans]


@reference_schema("Payment")
class Payment(UnifiedModel):
    """A payment booked against an invoice; `dedicated_amount` is the part that settles it."""

    id: str
    name: str
    currency: str
    amount: float
    dedicated_amount: float = 0
    payment_date: dt.date
    journal_type: JournalType
    journal_id: str
    journal_name: str
    reconciled: bool | None = False
    communication: str | None = None
    matching_number: str | None = None


@reference_schema("InvoiceItemDueDatesOut")
class InvoiceDueDate(UnifiedModel):
    due_date: dt.date
    payment_method: str | None = None
    payment_method_id: str | None = None
    amount: float


@reference_schema("ItemAttachmentInfoAttachment")
class AttachmentFile(UnifiedModel):
    filename: str | None = None
    url: str | None = None


@reference_schema("ItemAttachmentInfoOut")
class AttachmentsInfo(UnifiedModel):
    status: AttachmentsStatus
    attachments: list[AttachmentFile] | None = []


def _unknown_attachments() -> AttachmentsInfo:
    return AttachmentsInfo(status=AttachmentsStatus.unknown)


@reference_schema("AccountingInfoOut")
class AccountingInfo(UnifiedModel):
    """The invoice in the folder's own currency."""

    # Not required in the reference, yet without a default and not nullable: a connector that
    # gives `accounting_info` says which currency.
    main_currency: str = Field(default_factory=str)
    main_currency_total: float = 0
    account_number: str | None = None


class _InvoiceOutFields(_InvoiceFields):
    id: str | None = None
    partner_id: str | None = None
    payments: list[Payment] | None = None
    status: InvoiceStatusOut | None = InvoiceStatusOut.posted
    last_updated_on: dt.datetime | None = None
    partner: Partner | None = None
    due_dates: list[InvoiceDueDate] | None = []
    # Not required in the reference, yet not nullable: "unknown" when the connector cannot tell.
    attachments_info: AttachmentsInfo = Field(default_factory=_unknown_attachments)
    accounting_info: AccountingInfo | None = None
    approval_status: InvoiceApprovalStatus = InvoiceApprovalStatus.unknown


@reference_schema("InvoiceItemOutMonoAnalyticPlan")
class Invoice(_InvoiceOutFields):
    """A booked sale or purchase entry; `payments` only when asked with include_payments."""

    lines: list[InvoiceLine]


@reference_schema("InvoiceItemOutMultiAnalyticPlans")
class InvoiceMultiPlans(_InvoiceOutFields):
    lines: list[InvoiceLineMultiPlans]


class InvoiceCreateOptions(UnifiedModel):
    """Options of booking an invoice. `force_financial_period` is "mmYYYY"; with
    `ignore_accounting_id` the connector need not wait for the provider's id."""

    folder_id: str | None = None
    force_financial_period: str | None = None
    regroup_lines: bool = True
    ignore_accounting_id: bool = False
    force_currency_exchange: bool = False


class InvoiceQuery(UnifiedModel):
    """Filters of the invoice lists. `journal_ids` is the reference's comma-separated list, split."""

    invoice_type: InvoiceType
    folder_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    journal_ids: list[str] | None = None
    include_payments: bool = False
    payment_status: PaymentStatus = PaymentStatus.all
    updated_after: dt.datetime | None = None
    include_invoice_lines: bool = False
    include_partner_info: bool = False
    approval_status: InvoiceApprovalStatusFilter | None = None


class InvoiceOptions(UnifiedModel):
    """Options of reading one invoice."""

    folder_id: str | None = None
    include_payments: bool = False
    include_invoice_lines: bool = False
    include_partner_info: bool = False


# Analytic accounts


@reference_schema("AnalyticAccountItemIn")
class AnalyticAccountCreate(UnifiedModel):
    active: bool | None = True
    code: NonEmpty
    name: NonEmpty
    currency: str


@reference_schema("AnalyticAccountItemUpdate")
class AnalyticAccountUpdate(UnifiedModel):
    active: bool | None = True
    code: str | None = None
    name: str | None = None
    currency: str | None = None


class _AnalyticAccountFields(UnifiedModel):
    id: str
    active: bool
    code: str | None = None
    name: str
    currency: str | None = None
    balance: float | None = 0
    credit: float | None = 0
    debit: float | None = 0


@reference_schema("AnalyticAccountItemOut")
class AnalyticAccount(_AnalyticAccountFields):
    """An analytic account of the default analytic plan."""


@reference_schema("AnalyticAccountItemOutMultiAnalyticPlans")
class AnalyticAccountMultiPlans(_AnalyticAccountFields):
    analytic_plan: str


# Journal entries


@reference_schema("JournalItemDueDatesOut")
class JournalDueDate(UnifiedModel):
    due_date: dt.date
    payment_method: str | None = None
    payment_method_id: str | None = None
    debit: float | None = 0
    credit: float | None = 0


class _JournalItemFields(UnifiedModel):
    account_number: NonEmpty
    partner_id: str | None = None
    description: str | None = None
    debit: float
    credit: float
    currency: NonEmpty
    currency_exchange_rate: float | None = 1
    id: str
    partner_name: str | None = None
    account_name: str
    matching_numbers: list[str] | None = []


@reference_schema("JournalItemMonoAnalyticPlan")
class JournalItem(_JournalItemFields):
    analytic_account: str | None = None
    analytic_account_name: str | None = None


@reference_schema("JournalItemMultiAnalyticPlan")
class JournalItemMultiPlans(_JournalItemFields):
    analytic_distribution: list[AnalyticDistribution] | None = []


class _JournalEntryFields(UnifiedModel):
    reference: str | None = None
    due_date: dt.date | None = None
    journal_id: str
    name: str | None = None
    journal_name: str | None = None
    date: dt.date | None = dt.date(1970, 1, 1)
    posted: bool | None = False
    id: str
    due_dates: list[JournalDueDate] | None = []
    attachments_info: AttachmentsInfo = Field(default_factory=_unknown_attachments)


@reference_schema("JournalEntryMonoAnalyticPlan")
class JournalEntry(_JournalEntryFields):
    items: list[JournalItem] | None = []


@reference_schema("JournalEntryMultiAnalyticPlan")
class JournalEntryMultiPlans(_JournalEntryFields):
    items: list[JournalItemMultiPlans] | None = []


@reference_schema("TaxInfo")
class TaxInfo(UnifiedModel):
    tax_code: str
    tax_amount: float
    vat_account: str | None = None
    reversed_vat_account: str | None = None
    description: str | None = None


@reference_schema("GenericJournalItem")
class JournalEntryLineCreate(UnifiedModel):
    account_type: EntryLineType
    account: NonEmpty | None = None
    force_general_account: str | None = None
    prioritise_thirdparty_account: bool | None = False
    description: str | None = None
    debit: float
    credit: float
    analytic_distribution: list[AnalyticDistribution] | None = []
    tax_code: str | None = None
    tax_info: TaxInfo | None = None
    account_info: AccountToCreate | None = None


@reference_schema("GenericJournalEntry")
class JournalEntryCreate(UnifiedModel):
    """A journal entry of any journal, balanced over at least two items."""

    reference: str | None = None
    due_date: dt.date | None = None
    journal_id: str
    number: NonEmpty
    currency: NonEmpty
    currency_exchange_rate: float | None = 1
    date: dt.date
    items: list[JournalEntryLineCreate] = Field(min_length=2)
    pdf: str | None = None
    pdf_name: PdfName | None = None
    posted: bool | None = True
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class JournalEntryQuery(UnifiedModel):
    """Filters of the journal entry lists: a period (`date_from`, `date_to`) or `updated_after`."""

    folder_id: str | None = None
    unposted_allowed: bool
    journal_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    updated_after: dt.datetime | None = None
    partner_id: str | None = None


class JournalEntryOptions(UnifiedModel):
    """Options of booking a journal entry."""

    folder_id: str | None = None
    force_currency_exchange: bool = False
    ignore_accounting_id: bool = False


# Payments, payment methods and terms


@reference_schema("AccountingPaymentMethod")
class PaymentMethod(UnifiedModel):
    id: str
    name: str | None = None


@reference_schema("AccountingInvoicePaymentItemIn")
class InvoicePaymentShare(UnifiedModel):
    """The part of a payment that settles one invoice."""

    invoice_id: str
    amount: float = Field(gt=0)


@reference_schema("AccountingInvoicePaymentIn")
class InvoicePaymentCreate(UnifiedModel):
    """A payment to book on one or more invoices."""

    date: dt.date
    payment_method_id: str
    currency: str
    currency_exchange_rate: float | None = 1
    reference: str | None = None
    number: str | None = None
    items: list[InvoicePaymentShare]


@reference_schema("AccountingPaymentTerms")
class PaymentTerm(UnifiedModel):
    id: str
    name: str | None = None


# Journals and VAT codes


@reference_schema("NextDocumentNumber")
class NextDocumentNumber(UnifiedModel):
    bookyear_name: str | None = None
    next_document_number: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@reference_schema("Journal")
class Journal(UnifiedModel):
    id: str
    code: str | None = None
    name: str
    journal_type: JournalType
    counterpart_account: str | None = None
    unallocated_account: str | None = None
    next_document_numbers: list[NextDocumentNumber] | None = []
    iban: str | None = None
    currency: str | None = None
    other_currencies_allowed: bool | None = True
    blocked: bool | None = False


@reference_schema("JournalIn")
class JournalCreate(UnifiedModel):
    code: str = Field(min_length=2)
    name: NonEmpty
    journal_type: JournalCreateType
    counterpart_account: str | None = None


@reference_schema("AccountingVatCode")
class VatCode(UnifiedModel):
    id: str
    code: str | None = None
    active: bool | None = True
    label: str
    scope: VatCodeScope | None = VatCodeScope.unknown
    rate: float
    type: VatCodeType
    deductible_account: str | None = None
    payable_account: str | None = None
    reversed: bool | None = False
    withholding_tax: bool | None = False
    country: str | None = None


# Miscellaneous operations


@reference_schema("MiscellaneousOperationLine")
class MiscellaneousOperationLine(UnifiedModel):
    line_number: int | None = 1
    description: str | None = None
    amount: float
    type: MiscellaneousOperationLineType
    account_number: str
    partner_id: str | None = None
    analytic_account: str | None = None


@reference_schema("MiscellaneousOperationIn")
class MiscellaneousOperationCreate(UnifiedModel):
    operation_number: str | None = None
    currency: str
    currency_exchange_rate: float | None = 1
    lines: list[MiscellaneousOperationLine]
    operation_date: dt.date
    journal_id: str | None = None
    status: MiscellaneousOperationStatusIn | None = MiscellaneousOperationStatusIn.posted


@reference_schema("MiscellaneousOperationOut")
class MiscellaneousOperation(UnifiedModel):
    operation_number: str | None = None
    currency: str
    currency_exchange_rate: float | None = 1
    lines: list[MiscellaneousOperationLine]
    operation_date: dt.date | None = dt.date(1970, 1, 1)
    journal_id: str
    status: MiscellaneousOperationStatusOut
    id: str


class MiscellaneousOperationQuery(UnifiedModel):
    """Filters of the miscellaneous operation list; `journal_ids` split from the reference's
    comma-separated list."""

    folder_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    journal_ids: list[str] | None = None


# Matching


@reference_schema("MatchingIn")
class Matching(UnifiedModel):
    """Entries (journal entries, invoices, financial entries) of one partner to reconcile."""

    entries: list[str] = Field(min_length=2)
    partner_id: str


@reference_schema("MatchingOut")
class MatchingResult(UnifiedModel):
    matching_number: str
    balance: float


@reference_schema("MultipleMatchingIn")
class MultipleMatching(UnifiedModel):
    matchings: list[Matching]


@reference_schema("MultipleMatchingOut")
class MultipleMatchingResult(UnifiedModel):
    """One matching of a multiple matching: done (`processed`) or why not (`error_msg`)."""

    matching_number: str | None = None
    processed: bool
    error_msg: dict[str, Any] | None = None


# Attachments


@reference_schema("AttachmentItemOut")
class Attachment(UnifiedModel):
    id: str
    base64_string: str


@reference_schema("AttachmentItem")
class AttachmentCreate(UnifiedModel):
    """A PDF to attach to an invoice, base64-encoded."""

    base64_string: str
    name: PdfName | None = None


class AttachmentQuery(UnifiedModel):
    """Which document's attachments: an invoice or a journal entry, by id."""

    folder_id: str | None = None
    type: DocumentType
    document_id: str


class AttachmentOptions(UnifiedModel):
    """Options of attaching a PDF: replace a document already attached, or refuse."""

    folder_id: str | None = None
    overwrite_existing: bool = False


# Chart of accounts


@reference_schema("AccountTaxCode")
class AccountTaxCode(UnifiedModel):
    id: str
    default: bool = False


@reference_schema("AccountTaxInformation")
class AccountTaxInformation(UnifiedModel):
    tax_codes: list[AccountTaxCode]
    mode: AccountTaxMode


@reference_schema("AccountItem")
class Account(UnifiedModel):
    """A ledger account of the chart of accounts."""

    number: str
    name: str
    active: bool | None = True
    type: AccountType | None = None
    scheme_ids: list[str] | None = None
    accounting_category: str | None = None
    tax_information: AccountTaxInformation | None = None


class AccountQuery(UnifiedModel):
    """Filters of the chart of accounts; `classes` split from the reference's comma-separated list
    ("6,7": the accounts of classes 6 and 7)."""

    folder_id: str | None = None
    classes: list[str] | None = None
    type: AccountTypeFilter | None = None


@reference_schema("LedgerAccountItemIn")
class AccountCreate(UnifiedModel):
    name: NonEmpty
    number: str = Field(min_length=3)
    type: AccountType | None = AccountType.other


@reference_schema("AccountBalanceFilter")
class AccountBalanceFilter(UnifiedModel):
    """Which accounts (numbers or number prefixes) over which months ("YYYYMM", inclusive)."""

    accounts: list[str]
    start: str | None = None
    end: str = Field(min_length=6, max_length=6)


@reference_schema("AccountBalance")
class AccountBalance(UnifiedModel):
    account_number: str
    account_name: str | None = None
    debit: float
    credit: float
    balance: float
    period_debit: float
    period_credit: float
    period_balance: float


# Bank accounts and statements


@reference_schema("BankAccountItemOut")
class BankAccount(UnifiedModel):
    id: str
    code: str | None = None
    currency: str | None = None
    account_name: str | None = None
    account_number: str | None = None
    iban: str | None = None
    bank_name: str | None = None
    journal_id: str | None = None
    ledger_account: str | None = None
    unallocated_account: str | None = None


@reference_schema("BankAccountItemIn")
class BankAccountCreate(UnifiedModel):
    code: NonEmpty
    currency: NonEmpty
    account_name: str | None = None
    account_number: str | None = None
    iban: str | None = None
    bank_name: str


@reference_schema("BankTransactionCounterpartItem")
class Counterpart(UnifiedModel):
    counterpart_type: CounterpartType | None = None
    id: str | None = None
    name: str | None = None
    iban: str | None = None
    bank_account: str | None = None


class _BankTransactionFields(UnifiedModel):
    general_ledger_account: str | None = None
    description: str | None = None
    external_transaction_id: str | None = None
    amount: float
    fee_amount: float | None = 0
    tax_amount: float | None = 0
    currency_exchange_rate: float | None = 1
    counterpart: Counterpart | None = None


@reference_schema("BankTransactionItemIn")
class BankTransactionCreate(_BankTransactionFields):
    pass


@reference_schema("BankTransactionItemOut")
class BankTransaction(_BankTransactionFields):
    id: str | None = None


@reference_schema("BankStatementItemIn")
class BankStatementCreate(UnifiedModel):
    bank_statement_date: dt.date
    bank_account_id: NonEmpty
    currency: NonEmpty
    external_bank_statement_id: NonEmpty
    opening_balance: float | None = None
    pdf: str | None = None
    pdf_name: PdfName | None = None
    items: list[BankTransactionCreate] = Field(min_length=1)


@reference_schema("BankStatementItemOut")
class BankStatement(UnifiedModel):
    bank_statement_date: dt.date
    bank_account_id: NonEmpty
    currency: NonEmpty
    id: str | None = None
    external_bank_statement_id: str | None = None
    items: list[BankTransaction]


# Employees, financial entries, expenses


@reference_schema("EmployeeItem")
class Employee(UnifiedModel):
    id: str
    name: str
    first_name: str | None = None
    last_name: str | None = None
    function: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    active: bool | None = True
    reference: str | None = None
    account_number: str | None = None


class _FinancialEntryLineFields(UnifiedModel):
    account_type: EntryLineType
    account: NonEmpty
    amount: float
    description: str | None = None
    tax_info: TaxInfo | None = None
    automated_matching_number: str | None = None


@reference_schema("FinancialEntryLineItem")
class FinancialEntryLine(_FinancialEntryLineFields):
    pass


@reference_schema("FinancialEntryLineItemOut")
class FinancialEntryLineOut(_FinancialEntryLineFields):
    counterpart_account: str


@reference_schema("FinancialEntryItemIn")
class FinancialEntryCreate(UnifiedModel):
    """A bank or cash entry to book in a financial journal."""

    date: dt.date
    journal_id: str
    currency: str
    currency_exchange_rate: float | None = 1
    reference: str | None = None
    number: str | None = None
    items: list[FinancialEntryLine] = Field(min_length=1)
    pdf: str | None = None
    pdf_name: PdfName | None = None


@reference_schema("FinancialEntryItemOut")
class FinancialEntry(UnifiedModel):
    date: dt.date
    journal_id: str
    currency: str
    currency_exchange_rate: float | None = 1
    reference: str | None = None
    id: str
    number: str
    items: list[FinancialEntryLineOut]


class FinancialEntryOptions(UnifiedModel):
    """Options of booking a financial entry; `financial_counterpart_account` is the ledger account
    of the bank, for providers that do not link it to the journal."""

    folder_id: str | None = None
    financial_counterpart_account: str | None = None
    force_currency_exchange: bool = False
    ignore_accounting_id: bool = False


@reference_schema("ExpenseLineItem")
class ExpenseLine(UnifiedModel):
    total: float
    untaxed_amount: float
    tax_amount: float
    description: str | None = None
    account_number: str
    tax_rate: float
    tax_id: str


class _ExpenseFields(UnifiedModel):
    employee_id: str
    total: float
    untaxed_amount: float
    tax_amount: float
    reference: str | None = None
    number: str | None = None
    currency: str
    currency_exchange_rate: float | None = 1
    date: dt.date
    pdf: str | None = None
    pdf_name: PdfName | None = None
    lines: list[ExpenseLine] = Field(min_length=1)


@reference_schema("ExpenseItemIn")
class ExpenseCreate(_ExpenseFields):
    """An employee's expense claim to book."""


@reference_schema("ExpenseItemOut")
class Expense(_ExpenseFields):
    id: str


# Outstanding items


@reference_schema("OutstandingItemDueDatesOut")
class OutstandingDueDate(UnifiedModel):
    due_date: dt.date
    payment_method: str | None = None
    payment_method_id: str | None = None
    amount: float


@reference_schema("OriginalOutstandingItem")
class OriginalDocument(UnifiedModel):
    """The document (invoice, entry) an outstanding item comes from."""

    id: str | None = None
    number: str | None = None
    journal_id: str | None = None
    journal_type: JournalType | None = None
    date: dt.date | None = None
    due_date: dt.date | None = None
    reference: str | None = None


@reference_schema("OutstandingItem")
class Outstanding(UnifiedModel):
    """An open (not fully matched) item of a client or supplier: `open_amount` of `amount`."""

    id: str
    number: str | None = None
    journal_id: str
    journal_type: JournalType
    date: dt.date
    due_date: dt.date | None = None
    due_dates: list[OutstandingDueDate] | None = []
    currency: str
    currency_exchange_rate: float
    amount: float
    open_amount: float
    partner_id: str
    account_number: str
    reference: str | None = None
    matching_numbers: list[str] | None = []
    payment_communication: str | None = None
    posted: bool
    original_document: OriginalDocument | None = None


class OutstandingQuery(UnifiedModel):
    folder_id: str | None = None
    type: OutstandingType
    unposted_allowed: bool


# FEC export


@reference_schema("FECItemOut")
class FecEntry(UnifiedModel):
    """One line of the French "Fichier des Écritures Comptables", its columns named as the
    standard (article A47 A-1 of the Livre des procédures fiscales) names them."""

    JournalCode: str
    JournalLib: str
    EcritureNum: str
    EcritureDate: dt.date
    CompteNum: str
    CompteLib: str
    CompAuxNum: str
    CompAuxLib: str
    PieceRef: str
    PieceDate: dt.date
    Debit: float
    Credit: float
    EcritureLet: str
    DateLet: dt.date | None
    ValidDate: dt.date | None
    Montantdevise: float
    Idevise: str


class FecQuery(UnifiedModel):
    folder_id: str | None = None
    date_from: dt.date
    date_to: dt.date


# The filters most operations take alone, and the ones of the lists of partners and contacts.


class FolderQuery(UnifiedModel):
    """The accounting folder (legal entity) to work in; the connection's default when absent."""

    folder_id: str | None = None


class PartnerQuery(UnifiedModel):
    """Filters of the client and supplier lists."""

    folder_id: str | None = None
    search: str | None = None
    updated_after: dt.datetime | None = None


class PartnerCreateOptions(UnifiedModel):
    """Options of creating a client or supplier: `force_merge` names the existing supplier (or
    client) to merge with, for providers that keep both as one partner."""

    folder_id: str | None = None
    force_merge: str | None = None


class ContactQuery(UnifiedModel):
    folder_id: str | None = None
    partner_type: PartnerType
    partner_id: str
