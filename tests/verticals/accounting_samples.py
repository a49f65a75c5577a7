"""One of each Accounting unified model, every field set, for the contract tests, and a connector
that implements every Accounting operation with them."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from junction.connectors._framework.base import Connector, operation
from junction.connectors._framework.manifest import AuthMode, IntegrationEntry, Manifest
from junction.unified import accounting as a
from junction.unified.common import Page, PageRequest, Vertical, WithholdingTax
from junction.verticals.catalog import operations_of

MOMENT = dt.datetime(2025, 3, 14, 10, 30, tzinfo=dt.UTC)
DAY = dt.date(2025, 3, 14)
DUE = dt.date(2025, 4, 13)
PDF = (
    "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK"
)

FOLDER = a.Folder(
    id="1",
    name="Boulangerie Dupont SRL",
    selected=True,
    active=True,
    vat="BE0477472701",
    company_number="0477472701",
    main_currency="EUR",
    addresses=[
        a.FolderAddress(
            street="Rue de la Loi", number="16", box="2", postal_code="1000", city="Bruxelles", country="BE"
        )
    ],
)
BOOKYEAR = a.BookYear(name="2025", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), closed=False)
ANALYTIC_PLAN = a.AnalyticPlan(id="2", name="Departments", active=True, parent_id="1")
SCHEME = a.Scheme(id="rgs", code="RGS", name="Referentie Grootboekschema")

ADDRESS_IN = a.AddressCreate(
    address_type=a.AddressType.invoice,
    name="Head office",
    number="16",
    box="2",
    phone="+3222000000",
    mobile="+32470000000",
    email="compta@dupont.be",
    street="Rue de la Loi",
    city="Bruxelles",
    postal_code="1000",
    country="BE",
)
ADDRESS = a.AddressOut(
    address_type=a.AddressType.invoice,
    name="Head office",
    number="16",
    box="2",
    phone="+3222000000",
    mobile="+32470000000",
    email="compta@dupont.be",
    street="Rue de la Loi",
    city="Bruxelles",
    postal_code="1000",
    country="BE",
)
PARTNER_FIELDS: dict[str, Any] = {
    "external_reference": "CRM-42",
    "first_name": "Marie",
    "last_name": "Dupont",
    "name": "Dupont SRL",
    "function": "CFO",
    "is_company": True,
    "company_id": "7",
    "phone": "+3222000000",
    "mobile": "+32470000000",
    "email": "compta@dupont.be",
    "language": "fr",
    "internal_notes": "Pays on time",
    "website": "https://dupont.be",
    "vat": "BE0477472701",
    "company_number": "0477472701",
    "iban": "BE68539007547034",
    "bank_account": "539-0075470-34",
    "currency": "EUR",
    "active": True,
}
BANK_ACCOUNTS = [
    a.PartnerBankAccount(
        is_primary=True,
        currency="EUR",
        iban="BE68539007547034",
        bic_swift="GKCCBEBB",
        account_number="539007547034",
        routing_code=a.RoutingCode(type=a.RoutingType.sort_code, value="400515"),
    )
]
PARTNER_OUT_FIELDS: dict[str, Any] = {
    **PARTNER_FIELDS,
    "account_number": "400000",
    "id": "42",
    "last_updated_on": MOMENT,
    "addresses": [ADDRESS],
    "third_party_account": "C0042",
    "bank_accounts": BANK_ACCOUNTS,
}
CLIENT = a.Client(**PARTNER_OUT_FIELDS)
SUPPLIER = a.Supplier(**{**PARTNER_OUT_FIELDS, "account_number": "440000", "third_party_account": "F0042"})
PARTNER = a.Partner(**PARTNER_OUT_FIELDS)
CLIENT_CREATE = a.ClientCreate(**PARTNER_FIELDS, addresses=[ADDRESS_IN], account_number="400000")
SUPPLIER_CREATE = a.SupplierCreate(**PARTNER_FIELDS, addresses=[ADDRESS_IN], account_number="440000")
CLIENT_UPDATE = a.ClientUpdate(**PARTNER_FIELDS, addresses=[ADDRESS])
SUPPLIER_UPDATE = a.SupplierUpdate(**PARTNER_FIELDS, addresses=[ADDRESS])
CONTACT = a.Contact(
    id="c-1",
    name="Marie Dupont",
    first_name="Marie",
    last_name="Dupont",
    function="CFO",
    email="marie@dupont.be",
    phone="+3222000000",
    mobile="+32470000000",
)

WITHHOLDING = WithholdingTax(tax_rate=-19.0, tax_code="IRPF19", tax_amount=-19.0)
DISTRIBUTION = a.AnalyticDistribution(
    analytic_plan="2",
    analytic_accounts=[
        a.AnalyticDistributionDetail(analytic_account="SALES", percentage=60.0),
        a.AnalyticDistributionDetail(analytic_account="SHOP", percentage=40.0),
    ],
)
LINE_FIELDS: dict[str, Any] = {
    "line_number": 1,
    "unit_price": 50.0,
    "unit_of_measure": "unit",
    "quantity": 2.0,
    "untaxed_amount": 100.0,
    "tax_rate": 21.0,
    "tax_amount": 21.0,
    "total": 121.0,
    "account_number": "700000",
    "tax_code": "V21",
    "description": "Croissants",
}
INVOICE_LINE_CREATE = a.InvoiceLineCreate(**LINE_FIELDS, analytic_account="SALES")
INVOICE_LINE_CREATE_MULTI = a.InvoiceLineCreateMultiPlans(**LINE_FIELDS, analytic_distribution=[DISTRIBUTION])
INVOICE_LINE = a.InvoiceLine(**LINE_FIELDS, analytic_account="SALES")
INVOICE_LINE_MULTI = a.InvoiceLineMultiPlans(**LINE_FIELDS, analytic_distribution=[DISTRIBUTION])
INVOICE_FIELDS: dict[str, Any] = {
    "invoice_type": a.InvoiceType.customer_invoice,
    "invoice_number": "V2025-0042",
    "currency": "EUR",
    "untaxed_amount": 100.0,
    "tax_amount": 21.0,
    "total": 121.0,
    "reference": "PO-7",
    "payment_communication": "+++090/9337/55493+++",
    "customer_memo": "Thank you",
    "payment_term_id": "30d",
    "withholding_tax": WITHHOLDING,
    "invoice_date": DAY,
    "due_date": DUE,
    "delivery_date": DAY,
    "journal_id": "VEN",
    "payment_method_id": "transfer",
}
INVOICE_CREATE_FIELDS: dict[str, Any] = {
    **INVOICE_FIELDS,
    "partner_id": "42",
    "status": a.InvoiceStatusIn.posted,
    "pdf": PDF,
    "pdf_name": "V2025-0042.pdf",
    "currency_exchange_rate": 1.0,
    "invoice_correction": a.InvoiceCorrection(
        sale_invoice_correction_tax_code="VC",
        purchase_invoice_correction_tax_code="AC",
        invoice_correction_credit_account_number="499000",
        invoice_correction_debit_account_number="499001",
    ),
    "nl_payment_terms_split": a.NlPaymentTermsSplit(
        g_account=a.PaymentTermAccountInfo(amount=21.0, iban="NL91ABNA0417164300"),
        n_account=a.PaymentTermAccountInfo(amount=100.0, iban="NL20INGB0001234567"),
    ),
    "shipping_country": "BE",
    "partner_info": a.AccountToCreate(account_number="400042", account_name="Dupont SRL"),
    "start_date": dt.date(2025, 3, 1),
    "end_date": dt.date(2025, 3, 31),
}
INVOICE_CREATE = a.InvoiceCreate(**INVOICE_CREATE_FIELDS, lines=[INVOICE_LINE_CREATE])
INVOICE_CREATE_MULTI = a.InvoiceCreateMultiPlans(**INVOICE_CREATE_FIELDS, lines=[INVOICE_LINE_CREATE_MULTI])
PAYMENT = a.Payment(
    id="p-1",
    name="BNK1/2025/0003",
    currency="EUR",
    amount=121.0,
    dedicated_amount=121.0,
    payment_date=DUE,
    journal_type=a.JournalType.financial_operation,
    journal_id="BNK1",
    journal_name="Bank",
    reconciled=True,
    communication="+++090/9337/55493+++",
    matching_number="A12",
)
ATTACHMENTS_INFO = a.AttachmentsInfo(
    status=a.AttachmentsStatus.yes,
    attachments=[a.AttachmentFile(filename="V2025-0042.pdf", url="https://files.example.be/V2025-0042.pdf")],
)
INVOICE_OUT_FIELDS: dict[str, Any] = {
    **INVOICE_FIELDS,
    "id": "inv-42",
    "partner_id": "42",
    "payments": [PAYMENT],
    "status": a.InvoiceStatusOut.paid,
    "last_updated_on": MOMENT,
    "partner": PARTNER,
    "due_dates": [
        a.InvoiceDueDate(due_date=DUE, payment_method="Transfer", payment_method_id="transfer", amount=121.0)
    ],
    "attachments_info": ATTACHMENTS_INFO,
    "accounting_info": a.AccountingInfo(
        main_currency="EUR", main_currency_total=121.0, account_number="400000"
    ),
    "approval_status": a.InvoiceApprovalStatus.approved,
}
INVOICE = a.Invoice(**INVOICE_OUT_FIELDS, lines=[INVOICE_LINE])
INVOICE_MULTI = a.InvoiceMultiPlans(**INVOICE_OUT_FIELDS, lines=[INVOICE_LINE_MULTI])

ANALYTIC_ACCOUNT_CREATE = a.AnalyticAccountCreate(active=True, code="SHOP", name="Shop", currency="EUR")
ANALYTIC_ACCOUNT_UPDATE = a.AnalyticAccountUpdate(active=False, code="SHOP", name="Old shop", currency="EUR")
ANALYTIC_FIELDS: dict[str, Any] = {
    "id": "SHOP",
    "active": True,
    "code": "SHOP",
    "name": "Shop",
    "currency": "EUR",
    "balance": 40.0,
    "credit": 60.0,
    "debit": 100.0,
}
ANALYTIC_ACCOUNT = a.AnalyticAccount(**ANALYTIC_FIELDS)
ANALYTIC_ACCOUNT_MULTI = a.AnalyticAccountMultiPlans(**ANALYTIC_FIELDS, analytic_plan="2")

JOURNAL_ITEM_FIELDS: dict[str, Any] = {
    "account_number": "400000",
    "partner_id": "42",
    "description": "V2025-0042",
    "debit": 121.0,
    "credit": 0.0,
    "currency": "EUR",
    "currency_exchange_rate": 1.0,
    "id": "ji-1",
    "partner_name": "Dupont SRL",
    "account_name": "Clients",
    "matching_numbers": ["A12"],
}
JOURNAL_ENTRY_FIELDS: dict[str, Any] = {
    "reference": "PO-7",
    "due_date": DUE,
    "journal_id": "VEN",
    "name": "V2025-0042",
    "journal_name": "Sales",
    "date": DAY,
    "posted": True,
    "id": "je-1",
    "due_dates": [
        a.JournalDueDate(
            due_date=DUE, payment_method="Transfer", payment_method_id="transfer", debit=121.0, credit=0.0
        )
    ],
    "attachments_info": ATTACHMENTS_INFO,
}
JOURNAL_ENTRY = a.JournalEntry(
    **JOURNAL_ENTRY_FIELDS,
    items=[a.JournalItem(**JOURNAL_ITEM_FIELDS, analytic_account="SALES", analytic_account_name="Sales")],
)
JOURNAL_ENTRY_MULTI = a.JournalEntryMultiPlans(
    **JOURNAL_ENTRY_FIELDS,
    items=[a.JournalItemMultiPlans(**JOURNAL_ITEM_FIELDS, analytic_distribution=[DISTRIBUTION])],
)
TAX_INFO = a.TaxInfo(
    tax_code="V21",
    tax_amount=21.0,
    vat_account="451000",
    reversed_vat_account="411000",
    description="VAT 21%",
)
JOURNAL_ENTRY_CREATE = a.JournalEntryCreate(
    reference="PO-7",
    due_date=DUE,
    journal_id="OD",
    number="OD2025-0001",
    currency="EUR",
    currency_exchange_rate=1.0,
    date=DAY,
    items=[
        a.JournalEntryLineCreate(
            account_type=a.EntryLineType.customer_account,
            account="42",
            force_general_account="400000",
            prioritise_thirdparty_account=True,
            description="Dupont SRL",
            debit=121.0,
            credit=0.0,
            analytic_distribution=[DISTRIBUTION],
            tax_code="V21",
            tax_info=TAX_INFO,
            account_info=a.AccountToCreate(account_number="400042", account_name="Dupont SRL"),
        ),
        a.JournalEntryLineCreate(
            account_type=a.EntryLineType.general_account, account="700000", debit=0.0, credit=121.0
        ),
    ],
    pdf=PDF,
    pdf_name="OD2025-0001",
    posted=True,
    start_date=dt.date(2025, 3, 1),
    end_date=dt.date(2025, 3, 31),
)

PAYMENT_METHOD = a.PaymentMethod(id="transfer", name="Bank transfer")
INVOICE_PAYMENT_CREATE = a.InvoicePaymentCreate(
    date=DUE,
    payment_method_id="transfer",
    currency="EUR",
    currency_exchange_rate=1.0,
    reference="BNK1/2025/0003",
    number="0003",
    items=[a.InvoicePaymentShare(invoice_id="inv-42", amount=121.0)],
)
PAYMENT_TERM = a.PaymentTerm(id="30d", name="30 days")
JOURNAL = a.Journal(
    id="VEN",
    code="VEN",
    name="Sales",
    journal_type=a.JournalType.customer_invoice,
    counterpart_account="400000",
    unallocated_account="499000",
    next_document_numbers=[
        a.NextDocumentNumber(
            bookyear_name="2025",
            next_document_number="V2025-0043",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2025, 12, 31),
        )
    ],
    iban="BE68539007547034",
    currency="EUR",
    other_currencies_allowed=True,
    blocked=False,
)
JOURNAL_CREATE = a.JournalCreate(
    code="VEN2",
    name="Sales (shop)",
    journal_type=a.JournalCreateType.customer_invoice,
    counterpart_account="400000",
)
VAT_CODE = a.VatCode(
    id="V21",
    code="21",
    active=True,
    label="VAT 21%",
    scope=a.VatCodeScope.nat,
    rate=21.0,
    type=a.VatCodeType.sale,
    deductible_account="411000",
    payable_account="451000",
    reversed=False,
    withholding_tax=False,
    country="BE",
)
MISC_LINE = a.MiscellaneousOperationLine(
    line_number=1,
    description="Accrual",
    amount=500.0,
    type=a.MiscellaneousOperationLineType.general_account,
    account_number="612000",
    partner_id="42",
    analytic_account="SHOP",
)
MISC_CREATE = a.MiscellaneousOperationCreate(
    operation_number="OD2025-0002",
    currency="EUR",
    currency_exchange_rate=1.0,
    lines=[MISC_LINE],
    operation_date=DAY,
    journal_id="OD",
    status=a.MiscellaneousOperationStatusIn.draft,
)
MISC = a.MiscellaneousOperation(
    operation_number="OD2025-0002",
    currency="EUR",
    currency_exchange_rate=1.0,
    lines=[MISC_LINE],
    operation_date=DAY,
    journal_id="OD",
    status=a.MiscellaneousOperationStatusOut.posted,
    id="mo-1",
)
MATCHING = a.Matching(entries=["je-1", "inv-42"], partner_id="42")
MATCHING_RESULT = a.MatchingResult(matching_number="A12", balance=0.0)
MULTIPLE_MATCHING = a.MultipleMatching(matchings=[MATCHING])
MULTIPLE_MATCHING_RESULT = a.MultipleMatchingResult(
    matching_number="A12", processed=False, error_msg={"reason": "unbalanced", "balance": 1.5}
)
ATTACHMENT = a.Attachment(id="att-1", base64_string=PDF)
ATTACHMENT_CREATE = a.AttachmentCreate(base64_string=PDF, name="V2025-0042.pdf")
ACCOUNT = a.Account(
    number="700000",
    name="Sales",
    active=True,
    type=a.AccountType.income,
    scheme_ids=["rgs"],
    accounting_category="revenue",
    tax_information=a.AccountTaxInformation(
        tax_codes=[a.AccountTaxCode(id="V21", default=True)], mode=a.AccountTaxMode.restricted
    ),
)
ACCOUNT_CREATE = a.AccountCreate(name="Sales (shop)", number="700100", type=a.AccountType.income)
BALANCE_FILTER = a.AccountBalanceFilter(accounts=["601", "7"], start="202501", end="202512")
BALANCE = a.AccountBalance(
    account_number="700000",
    account_name="Sales",
    debit=0.0,
    credit=1210.0,
    balance=-1210.0,
    period_debit=0.0,
    period_credit=121.0,
    period_balance=-121.0,
)
BANK_ACCOUNT = a.BankAccount(
    id="BNK1",
    code="BNK1",
    currency="EUR",
    account_name="Current account",
    account_number="539007547034",
    iban="BE68539007547034",
    bank_name="Belfius",
    journal_id="BNK1",
    ledger_account="550000",
    unallocated_account="499000",
)
BANK_ACCOUNT_CREATE = a.BankAccountCreate(
    code="BNK2",
    currency="EUR",
    account_name="Savings",
    account_number="063123456789",
    iban="BE71096123456769",
    bank_name="BNP Paribas Fortis",
)
COUNTERPART = a.Counterpart(
    counterpart_type=a.CounterpartType.customer,
    id="42",
    name="Dupont SRL",
    iban="BE68539007547034",
    bank_account="539-0075470-34",
)
TRANSACTION_FIELDS: dict[str, Any] = {
    "general_ledger_account": "400000",
    "description": "Invoice V2025-0042",
    "external_transaction_id": "tx-1",
    "amount": 121.0,
    "fee_amount": 0.5,
    "tax_amount": 0.0,
    "currency_exchange_rate": 1.0,
    "counterpart": COUNTERPART,
}
BANK_STATEMENT_CREATE = a.BankStatementCreate(
    bank_statement_date=DUE,
    bank_account_id="BNK1",
    currency="EUR",
    external_bank_statement_id="st-2025-04",
    opening_balance=1000.0,
    pdf=PDF,
    pdf_name="statement-2025-04",
    items=[a.BankTransactionCreate(**TRANSACTION_FIELDS)],
)
BANK_STATEMENT = a.BankStatement(
    bank_statement_date=DUE,
    bank_account_id="BNK1",
    currency="EUR",
    id="st-1",
    external_bank_statement_id="st-2025-04",
    items=[a.BankTransaction(**TRANSACTION_FIELDS, id="bt-1")],
)
EMPLOYEE = a.Employee(
    id="e-1",
    name="Jean Martin",
    first_name="Jean",
    last_name="Martin",
    function="Baker",
    phone="+3222000001",
    mobile="+32470000001",
    email="jean@dupont.be",
    active=True,
    reference="EMP-1",
    account_number="455000",
)
FINANCIAL_LINE_FIELDS: dict[str, Any] = {
    "account_type": a.EntryLineType.customer_account,
    "account": "42",
    "amount": 121.0,
    "description": "Invoice V2025-0042",
    "tax_info": TAX_INFO,
    "automated_matching_number": "A12",
}
FINANCIAL_ENTRY_CREATE = a.FinancialEntryCreate(
    date=DUE,
    journal_id="BNK1",
    currency="EUR",
    currency_exchange_rate=1.0,
    reference="st-2025-04",
    number="BNK1/2025/0003",
    items=[a.FinancialEntryLine(**FINANCIAL_LINE_FIELDS)],
    pdf=PDF,
    pdf_name="statement-2025-04",
)
FINANCIAL_ENTRY = a.FinancialEntry(
    date=DUE,
    journal_id="BNK1",
    currency="EUR",
    currency_exchange_rate=1.0,
    reference="st-2025-04",
    id="fe-1",
    number="BNK1/2025/0003",
    items=[a.FinancialEntryLineOut(**FINANCIAL_LINE_FIELDS, counterpart_account="550000")],
)
EXPENSE_FIELDS: dict[str, Any] = {
    "employee_id": "e-1",
    "total": 60.5,
    "untaxed_amount": 50.0,
    "tax_amount": 10.5,
    "reference": "Train",
    "number": "NF-2025-01",
    "currency": "EUR",
    "currency_exchange_rate": 1.0,
    "date": DAY,
    "pdf": PDF,
    "pdf_name": "ticket",
    "lines": [
        a.ExpenseLine(
            total=60.5,
            untaxed_amount=50.0,
            tax_amount=10.5,
            description="Brussels - Liège",
            account_number="613000",
            tax_rate=21.0,
            tax_id="A21",
        )
    ],
}
EXPENSE_CREATE = a.ExpenseCreate(**EXPENSE_FIELDS)
EXPENSE = a.Expense(**EXPENSE_FIELDS, id="ex-1")
OUTSTANDING = a.Outstanding(
    id="inv-42",
    number="V2025-0042",
    journal_id="VEN",
    journal_type=a.JournalType.customer_invoice,
    date=DAY,
    due_date=DUE,
    due_dates=[
        a.OutstandingDueDate(
            due_date=DUE, payment_method="Transfer", payment_method_id="transfer", amount=121.0
        )
    ],
    currency="EUR",
    currency_exchange_rate=1.0,
    amount=121.0,
    open_amount=21.0,
    partner_id="42",
    account_number="400000",
    reference="PO-7",
    matching_numbers=["A12"],
    payment_communication="+++090/9337/55493+++",
    posted=True,
    original_document=a.OriginalDocument(
        id="inv-42",
        number="V2025-0042",
        journal_id="VEN",
        journal_type=a.JournalType.customer_invoice,
        date=DAY,
        due_date=DUE,
        reference="PO-7",
    ),
)
FEC_ENTRY = a.FecEntry(
    JournalCode="VE",
    JournalLib="Ventes",
    EcritureNum="VE2025-0042",
    EcritureDate=DAY,
    CompteNum="411000",
    CompteLib="Clients",
    CompAuxNum="C0042",
    CompAuxLib="Dupont SARL",
    PieceRef="F2025-0042",
    PieceDate=DAY,
    Debit=121.0,
    Credit=0.0,
    EcritureLet="A",
    DateLet=DUE,
    ValidDate=DAY,
    Montantdevise=121.0,
    Idevise="EUR",
)


FULL_ACCOUNTING_ID = 90301


def _page(items: list[Any], page: PageRequest) -> Page[Any]:
    return Page(
        items=items[page.offset : page.offset + page.size], total=len(items), page=page.page, size=page.size
    )


class FullAccountingConnector(Connector):
    """Implements every Accounting operation of the catalog without calling anything: it answers
    with the samples above and keeps the arguments each method received in `calls`."""

    manifest = Manifest(
        slug="fullaccounting",
        name="Full Accounting",
        integrations=(IntegrationEntry(integration_id=FULL_ACCOUNTING_ID, vertical=Vertical.accounting),),
        auth=AuthMode.none,
        capabilities=frozenset(op.key for op in operations_of(Vertical.accounting)),
    )
    calls: ClassVar[list[tuple[str, tuple[Any, ...]]]] = []

    def _called(self, key: str, *args: Any) -> None:
        self.calls.append((key, args))

    # Folders, book years, plans, schemes

    @operation("accounting.folders.list")
    async def list_folders(self) -> list[a.Folder]:
        self._called("accounting.folders.list")
        return [FOLDER]

    @operation("accounting.folders.get")
    async def get_folder(self, folder_id: str) -> a.Folder:
        self._called("accounting.folders.get", folder_id)
        return FOLDER.model_copy(update={"id": folder_id})

    @operation("accounting.bookyears.list")
    async def list_bookyears(self, query: a.FolderQuery, page: PageRequest) -> Page[a.BookYear]:
        self._called("accounting.bookyears.list", query, page)
        return _page([BOOKYEAR], page)

    @operation("accounting.analytic_plans.list")
    async def list_analytic_plans(self, query: a.FolderQuery, page: PageRequest) -> Page[a.AnalyticPlan]:
        self._called("accounting.analytic_plans.list", query, page)
        return _page([ANALYTIC_PLAN], page)

    @operation("accounting.schemes.list")
    async def list_schemes(self, query: a.FolderQuery, page: PageRequest) -> Page[a.Scheme]:
        self._called("accounting.schemes.list", query, page)
        return _page([SCHEME], page)

    # Clients, suppliers, contacts

    @operation("accounting.clients.create")
    async def create_client(self, item: a.ClientCreate, options: a.PartnerCreateOptions) -> a.Client:
        self._called("accounting.clients.create", item, options)
        return CLIENT.model_copy(update={"name": item.name})

    @operation("accounting.clients.list")
    async def list_clients(self, query: a.PartnerQuery, page: PageRequest) -> Page[a.Client]:
        self._called("accounting.clients.list", query, page)
        return _page([CLIENT, CLIENT.model_copy(update={"id": "43"})], page)

    @operation("accounting.clients.update")
    async def update_client(self, client_id: str, item: a.ClientUpdate, query: a.FolderQuery) -> a.Client:
        self._called("accounting.clients.update", client_id, item, query)
        return CLIENT.model_copy(update={"id": client_id})

    @operation("accounting.clients.get")
    async def get_client(self, client_id: str, query: a.FolderQuery) -> a.Client:
        self._called("accounting.clients.get", client_id, query)
        return CLIENT.model_copy(update={"id": client_id})

    @operation("accounting.suppliers.create")
    async def create_supplier(self, item: a.SupplierCreate, options: a.PartnerCreateOptions) -> a.Supplier:
        self._called("accounting.suppliers.create", item, options)
        return SUPPLIER.model_copy(update={"name": item.name})

    @operation("accounting.suppliers.list")
    async def list_suppliers(self, query: a.PartnerQuery, page: PageRequest) -> Page[a.Supplier]:
        self._called("accounting.suppliers.list", query, page)
        return _page([SUPPLIER], page)

    @operation("accounting.suppliers.update")
    async def update_supplier(
        self, supplier_id: str, item: a.SupplierUpdate, query: a.FolderQuery
    ) -> a.Supplier:
        self._called("accounting.suppliers.update", supplier_id, item, query)
        return SUPPLIER.model_copy(update={"id": supplier_id})

    @operation("accounting.suppliers.get")
    async def get_supplier(self, supplier_id: str, query: a.FolderQuery) -> a.Supplier:
        self._called("accounting.suppliers.get", supplier_id, query)
        return SUPPLIER.model_copy(update={"id": supplier_id})

    @operation("accounting.contacts.list")
    async def list_contacts(self, query: a.ContactQuery, page: PageRequest) -> Page[a.Contact]:
        self._called("accounting.contacts.list", query, page)
        return _page([CONTACT], page)

    # Invoices

    @operation("accounting.invoices.create")
    async def create_invoice(self, item: a.InvoiceCreate, options: a.InvoiceCreateOptions) -> a.Invoice:
        self._called("accounting.invoices.create", item, options)
        return INVOICE

    @operation("accounting.invoices.create_multi_plans")
    async def create_invoice_multi_plans(
        self, item: a.InvoiceCreateMultiPlans, options: a.InvoiceCreateOptions
    ) -> a.InvoiceMultiPlans:
        self._called("accounting.invoices.create_multi_plans", item, options)
        return INVOICE_MULTI

    @operation("accounting.invoices.list")
    async def list_invoices(self, query: a.InvoiceQuery, page: PageRequest) -> Page[a.Invoice]:
        self._called("accounting.invoices.list", query, page)
        return _page([INVOICE.model_copy(update={"invoice_type": query.invoice_type})], page)

    @operation("accounting.invoices.list_multi_plans")
    async def list_invoices_multi_plans(
        self, query: a.InvoiceQuery, page: PageRequest
    ) -> Page[a.InvoiceMultiPlans]:
        self._called("accounting.invoices.list_multi_plans", query, page)
        return _page([INVOICE_MULTI.model_copy(update={"invoice_type": query.invoice_type})], page)

    @operation("accounting.invoices.get")
    async def get_invoice(self, invoice_id: str, options: a.InvoiceOptions) -> a.Invoice:
        self._called("accounting.invoices.get", invoice_id, options)
        return INVOICE.model_copy(update={"id": invoice_id})

    @operation("accounting.invoices.get_multi_plans")
    async def get_invoice_multi_plans(
        self, invoice_id: str, options: a.InvoiceOptions
    ) -> a.InvoiceMultiPlans:
        self._called("accounting.invoices.get_multi_plans", invoice_id, options)
        return INVOICE_MULTI.model_copy(update={"id": invoice_id})

    @operation("accounting.invoice_payments.list")
    async def list_invoice_payments(
        self, invoice_id: str, query: a.FolderQuery, page: PageRequest
    ) -> Page[a.Payment]:
        self._called("accounting.invoice_payments.list", invoice_id, query, page)
        return _page([PAYMENT], page)

    @operation("accounting.invoice_payments.create")
    async def create_invoice_payment(self, item: a.InvoicePaymentCreate, query: a.FolderQuery) -> None:
        self._called("accounting.invoice_payments.create", item, query)

    @operation("accounting.attachments.add")
    async def add_attachment(
        self, invoice_id: str, item: a.AttachmentCreate, options: a.AttachmentOptions
    ) -> None:
        self._called("accounting.attachments.add", invoice_id, item, options)

    @operation("accounting.attachments.list")
    async def list_attachments(self, query: a.AttachmentQuery, page: PageRequest) -> Page[a.Attachment]:
        self._called("accounting.attachments.list", query, page)
        return _page([ATTACHMENT], page)

    # Analytic accounts

    @operation("accounting.analytic_accounts.create")
    async def create_analytic_account(
        self, item: a.AnalyticAccountCreate, query: a.FolderQuery
    ) -> a.AnalyticAccount:
        self._called("accounting.analytic_accounts.create", item, query)
        return ANALYTIC_ACCOUNT

    @operation("accounting.analytic_accounts.list")
    async def list_analytic_accounts(
        self, query: a.FolderQuery, page: PageRequest
    ) -> Page[a.AnalyticAccount]:
        self._called("accounting.analytic_accounts.list", query, page)
        return _page([ANALYTIC_ACCOUNT], page)

    @operation("accounting.analytic_accounts.create_multi_plans")
    async def create_analytic_account_multi_plans(
        self, analytic_plan: str, item: a.AnalyticAccountCreate, query: a.FolderQuery
    ) -> a.AnalyticAccountMultiPlans:
        self._called("accounting.analytic_accounts.create_multi_plans", analytic_plan, item, query)
        return ANALYTIC_ACCOUNT_MULTI.model_copy(update={"analytic_plan": analytic_plan})

    @operation("accounting.analytic_accounts.update")
    async def update_analytic_account(
        self, analytic_account_id: str, item: a.AnalyticAccountUpdate, query: a.FolderQuery
    ) -> a.AnalyticAccount:
        self._called("accounting.analytic_accounts.update", analytic_account_id, item, query)
        return ANALYTIC_ACCOUNT.model_copy(update={"id": analytic_account_id})

    @operation("accounting.analytic_accounts.get")
    async def get_analytic_account(self, analytic_account_id: str, query: a.FolderQuery) -> a.AnalyticAccount:
        self._called("accounting.analytic_accounts.get", analytic_account_id, query)
        return ANALYTIC_ACCOUNT.model_copy(update={"id": analytic_account_id})

    @operation("accounting.analytic_accounts.update_multi_plans")
    async def update_analytic_account_multi_plans(
        self,
        analytic_account_id: str,
        analytic_plan: str,
        item: a.AnalyticAccountUpdate,
        query: a.FolderQuery,
    ) -> a.AnalyticAccountMultiPlans:
        self._called(
            "accounting.analytic_accounts.update_multi_plans", analytic_account_id, analytic_plan, item, query
        )
        return ANALYTIC_ACCOUNT_MULTI.model_copy(
            update={"id": analytic_account_id, "analytic_plan": analytic_plan}
        )

    @operation("accounting.analytic_accounts.get_multi_plans")
    async def get_analytic_account_multi_plans(
        self, analytic_account_id: str, analytic_plan: str, query: a.FolderQuery
    ) -> a.AnalyticAccountMultiPlans:
        self._called(
            "accounting.analytic_accounts.get_multi_plans", analytic_account_id, analytic_plan, query
        )
        return ANALYTIC_ACCOUNT_MULTI.model_copy(
            update={"id": analytic_account_id, "analytic_plan": analytic_plan}
        )

    @operation("accounting.analytic_accounts.list_multi_plans")
    async def list_analytic_accounts_multi_plans(
        self, query: a.FolderQuery, page: PageRequest
    ) -> Page[a.AnalyticAccountMultiPlans]:
        self._called("accounting.analytic_accounts.list_multi_plans", query, page)
        return _page([ANALYTIC_ACCOUNT_MULTI], page)

    # Journal entries

    @operation("accounting.journal_entries.list")
    async def list_journal_entries(
        self, query: a.JournalEntryQuery, page: PageRequest
    ) -> Page[a.JournalEntry]:
        self._called("accounting.journal_entries.list", query, page)
        return _page([JOURNAL_ENTRY], page)

    @operation("accounting.journal_entries.list_multi_plans")
    async def list_journal_entries_multi_plans(
        self, query: a.JournalEntryQuery, page: PageRequest
    ) -> Page[a.JournalEntryMultiPlans]:
        self._called("accounting.journal_entries.list_multi_plans", query, page)
        return _page([JOURNAL_ENTRY_MULTI], page)

    @operation("accounting.journal_entries.get")
    async def get_journal_entry(
        self, journal_entry_id: str, query: a.FolderQuery
    ) -> a.JournalEntryMultiPlans:
        self._called("accounting.journal_entries.get", journal_entry_id, query)
        return JOURNAL_ENTRY_MULTI.model_copy(update={"id": journal_entry_id})

    @operation("accounting.journal_entries.create")
    async def create_journal_entry(
        self, item: a.JournalEntryCreate, options: a.JournalEntryOptions
    ) -> a.JournalEntryMultiPlans:
        self._called("accounting.journal_entries.create", item, options)
        return JOURNAL_ENTRY_MULTI

    # Payment methods and terms, journals, VAT codes

    @operation("accounting.payment_methods.list")
    async def list_payment_methods(self, query: a.FolderQuery, page: PageRequest) -> Page[a.PaymentMethod]:
        self._called("accounting.payment_methods.list", query, page)
        return _page([PAYMENT_METHOD], page)

    @operation("accounting.payment_terms.list")
    async def list_payment_terms(self, query: a.FolderQuery, page: PageRequest) -> Page[a.PaymentTerm]:
        self._called("accounting.payment_terms.list", query, page)
        return _page([PAYMENT_TERM], page)

    @operation("accounting.journals.list")
    async def list_journals(self, query: a.FolderQuery, page: PageRequest) -> Page[a.Journal]:
        self._called("accounting.journals.list", query, page)
        return _page([JOURNAL], page)

    @operation("accounting.journals.create")
    async def create_journal(self, item: a.JournalCreate, query: a.FolderQuery) -> a.Journal:
        self._called("accounting.journals.create", item, query)
        return JOURNAL.model_copy(update={"code": item.code, "name": item.name})

    @operation("accounting.vat_codes.list")
    async def list_vat_codes(self, query: a.FolderQuery, page: PageRequest) -> Page[a.VatCode]:
        self._called("accounting.vat_codes.list", query, page)
        return _page([VAT_CODE], page)

    # Miscellaneous operations, matching

    @operation("accounting.miscellaneous_operations.create")
    async def create_miscellaneous_operation(
        self, item: a.MiscellaneousOperationCreate, query: a.FolderQuery
    ) -> a.MiscellaneousOperation:
        self._called("accounting.miscellaneous_operations.create", item, query)
        return MISC

    @operation("accounting.miscellaneous_operations.list")
    async def list_miscellaneous_operations(
        self, query: a.MiscellaneousOperationQuery, page: PageRequest
    ) -> Page[a.MiscellaneousOperation]:
        self._called("accounting.miscellaneous_operations.list", query, page)
        return _page([MISC], page)

    @operation("accounting.miscellaneous_operations.get")
    async def get_miscellaneous_operation(
        self, operation_id: str, query: a.FolderQuery
    ) -> a.MiscellaneousOperation:
        self._called("accounting.miscellaneous_operations.get", operation_id, query)
        return MISC.model_copy(update={"id": operation_id})

    @operation("accounting.entries.match")
    async def match_entries(self, item: a.Matching, query: a.FolderQuery) -> a.MatchingResult:
        self._called("accounting.entries.match", item, query)
        return MATCHING_RESULT

    @operation("accounting.entries.match_multiple")
    async def match_entries_multiple(
        self, item: a.MultipleMatching, query: a.FolderQuery
    ) -> list[a.MultipleMatchingResult]:
        self._called("accounting.entries.match_multiple", item, query)
        return [MULTIPLE_MATCHING_RESULT for _ in item.matchings]

    # Chart of accounts

    @operation("accounting.accounts.list")
    async def list_accounts(self, query: a.AccountQuery, page: PageRequest) -> Page[a.Account]:
        self._called("accounting.accounts.list", query, page)
        return _page([ACCOUNT], page)

    @operation("accounting.accounts.balances")
    async def account_balances(
        self, item: a.AccountBalanceFilter, query: a.FolderQuery, page: PageRequest
    ) -> Page[a.AccountBalance]:
        self._called("accounting.accounts.balances", item, query, page)
        return _page([BALANCE], page)

    @operation("accounting.accounts.create")
    async def create_account(self, item: a.AccountCreate, query: a.FolderQuery) -> a.Account:
        self._called("accounting.accounts.create", item, query)
        return ACCOUNT.model_copy(update={"number": item.number, "name": item.name})

    # Bank accounts and transactions

    @operation("accounting.bank_accounts.list")
    async def list_bank_accounts(self, query: a.FolderQuery, page: PageRequest) -> Page[a.BankAccount]:
        self._called("accounting.bank_accounts.list", query, page)
        return _page([BANK_ACCOUNT], page)

    @operation("accounting.bank_accounts.create")
    async def create_bank_account(self, item: a.BankAccountCreate, query: a.FolderQuery) -> a.BankAccount:
        self._called("accounting.bank_accounts.create", item, query)
        return BANK_ACCOUNT.model_copy(update={"code": item.code})

    @operation("accounting.bank_transactions.create")
    async def create_bank_transactions(
        self, item: a.BankStatementCreate, query: a.FolderQuery
    ) -> a.BankStatement:
        self._called("accounting.bank_transactions.create", item, query)
        return BANK_STATEMENT

    # Employees, financial entries, expenses, outstandings, FEC

    @operation("accounting.employees.list")
    async def list_employees(self, query: a.FolderQuery, page: PageRequest) -> Page[a.Employee]:
        self._called("accounting.employees.list", query, page)
        return _page([EMPLOYEE], page)

    @operation("accounting.financial_entries.create")
    async def create_financial_entry(
        self, item: a.FinancialEntryCreate, options: a.FinancialEntryOptions
    ) -> a.FinancialEntry:
        self._called("accounting.financial_entries.create", item, options)
        return FINANCIAL_ENTRY

    @operation("accounting.expenses.create")
    async def create_expense(self, item: a.ExpenseCreate, query: a.FolderQuery) -> a.Expense:
        self._called("accounting.expenses.create", item, query)
        return EXPENSE

    @operation("accounting.outstandings.list")
    async def list_outstandings(self, query: a.OutstandingQuery, page: PageRequest) -> Page[a.Outstanding]:
        self._called("accounting.outstandings.list", query, page)
        return _page([OUTSTANDING], page)

    @operation("accounting.fec.export")
    async def export_fec(self, query: a.FecQuery) -> list[a.FecEntry]:
        self._called("accounting.fec.export", query)
        return [FEC_ENTRY]
