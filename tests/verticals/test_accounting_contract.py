"""The Accounting vertical's `CONTRACT`, checked with every other vertical's by
tests/verticals/test_vertical_contracts.py: every POST and PATCH but the balance read is a write,
some answer 204 without a body, and such a write is idempotent too (tested here)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from chift.openapi import models as sdk
from chift.openapi import openapi as sdk_schemas
from pydantic import BaseModel

from junction.runtime import Runtime
from junction.unified import accounting, commerce, common
from junction.unified.common import PageRequest, Vertical
from junction.verticals.catalog import operations_of
from tests.verticals import accounting_samples as samples
from tests.verticals.accounting_samples import FullAccountingConnector
from tests.verticals.reference import (
    AT,
    DEFAULT,
    FIRST,
    LAST,
    MARCH,
    MOMENT,
    Calls,
    Contract,
    Route,
    connected,
    get,
)

SDK_MODELS: list[tuple[BaseModel, Any]] = [
    (samples.FOLDER, sdk.Folder),
    (samples.BOOKYEAR, sdk.BookYear),
    (samples.ANALYTIC_PLAN, sdk.AnalyticPlan),
    (samples.SCHEME, sdk_schemas.SchemeItem),
    (samples.CLIENT, sdk.Client),
    (samples.CLIENT_CREATE, sdk_schemas.ClientItemIn),
    (samples.CLIENT_UPDATE, sdk_schemas.ClientItemUpdate),
    (samples.SUPPLIER, sdk.Supplier),
    (samples.SUPPLIER_CREATE, sdk_schemas.SupplierItemIn),
    (samples.SUPPLIER_UPDATE, sdk_schemas.SupplierItemUpdate),
    (samples.PARTNER, sdk_schemas.Partner),
    (samples.CONTACT, sdk_schemas.ContactItem),
    (samples.INVOICE_CREATE, sdk_schemas.InvoiceItemInMonoAnalyticPlan),
    (samples.INVOICE_CREATE_MULTI, sdk_schemas.InvoiceItemInMultiAnalyticPlans),
    (samples.INVOICE, sdk.InvoiceAccounting),
    (samples.INVOICE_MULTI, sdk.InvoiceMultiPlanAccounting),
    (samples.PAYMENT, sdk.AccountingPayment),
    (samples.ANALYTIC_ACCOUNT_CREATE, sdk_schemas.AnalyticAccountItemIn),
    (samples.ANALYTIC_ACCOUNT_UPDATE, sdk_schemas.AnalyticAccountItemUpdate),
    (samples.ANALYTIC_ACCOUNT, sdk_schemas.AnalyticAccountItemOut),
    (samples.ANALYTIC_ACCOUNT_MULTI, sdk.AnalyticAccountMultiPlan),
    (samples.JOURNAL_ENTRY, sdk_schemas.JournalEntryMonoAnalyticPlan),
    (samples.JOURNAL_ENTRY_MULTI, sdk.JournalEntry),
    (samples.JOURNAL_ENTRY_CREATE, sdk_schemas.GenericJournalEntry),
    (samples.PAYMENT_METHOD, sdk_schemas.AccountingPaymentMethod),
    (samples.INVOICE_PAYMENT_CREATE, sdk.AccountingInvoicePayment),
    (samples.PAYMENT_TERM, sdk_schemas.AccountingPaymentTerms),
    (samples.JOURNAL, sdk.Journal),
    (samples.JOURNAL_CREATE, sdk_schemas.JournalIn),
    (samples.VAT_CODE, sdk.TaxAccounting),
    (samples.MISC_CREATE, sdk_schemas.MiscellaneousOperationIn),
    (samples.MISC, sdk.MiscellaneousOperation),
    (samples.MATCHING, sdk_schemas.MatchingIn),
    (samples.MATCHING_RESULT, sdk.Matching),
    (samples.MULTIPLE_MATCHING, sdk_schemas.MultipleMatchingIn),
    (samples.MULTIPLE_MATCHING_RESULT, sdk.MultipleMatching),
    (samples.ATTACHMENT, sdk.Attachment),
    (samples.ATTACHMENT_CREATE, sdk_schemas.AttachmentItem),
    (samples.ACCOUNT, sdk.Account),
    (samples.ACCOUNT_CREATE, sdk_schemas.LedgerAccountItemIn),
    (samples.BALANCE_FILTER, sdk_schemas.AccountBalanceFilter),
    (samples.BALANCE, sdk.AccountBalance),
    (samples.BANK_ACCOUNT, sdk.BankAccount),
    (samples.BANK_ACCOUNT_CREATE, sdk_schemas.BankAccountItemIn),
    (samples.BANK_STATEMENT_CREATE, sdk_schemas.BankStatementItemIn),
    (samples.BANK_STATEMENT, sdk.BankStatement),
    (samples.EMPLOYEE, sdk.Employee),
    (samples.FINANCIAL_ENTRY_CREATE, sdk_schemas.FinancialEntryItemIn),
    (samples.FINANCIAL_ENTRY, sdk.FinancialEntry),
    (samples.EXPENSE_CREATE, sdk_schemas.ExpenseItemIn),
    (samples.EXPENSE, sdk.Expense),
    (samples.OUTSTANDING, sdk.Outstanding),
    (samples.FEC_ENTRY, sdk_schemas.FECItemOut),
]


def enum_variants() -> Iterator[tuple[str, BaseModel, Any]]:
    invoice, client = samples.INVOICE, samples.CLIENT
    for routing in accounting.RoutingType:
        code = accounting.RoutingCode(type=routing, value="1")
        accounts = [samples.BANK_ACCOUNTS[0].model_copy(update={"routing_code": code})]
        yield f"routing={routing}", client.model_copy(update={"bank_accounts": accounts}), sdk.Client
    for kind in commerce.AddressType:
        address = samples.ADDRESS.model_copy(update={"address_type": kind})
        yield f"address={kind}", client.model_copy(update={"addresses": [address]}), sdk.Client
        address_in = samples.ADDRESS_IN.model_copy(update={"address_type": kind})
        created = samples.CLIENT_CREATE.model_copy(update={"addresses": [address_in]})
        yield f"address-in={kind}", created, sdk_schemas.ClientItemIn
    for invoice_type in accounting.InvoiceType:
        yield (
            f"invoice={invoice_type}",
            invoice.model_copy(update={"invoice_type": invoice_type}),
            sdk.InvoiceAccounting,
        )
    for status_in in accounting.InvoiceStatusIn:
        created_invoice = samples.INVOICE_CREATE.model_copy(update={"status": status_in})
        yield f"invoice-in={status_in}", created_invoice, sdk_schemas.InvoiceItemInMonoAnalyticPlan
    for status_out in accounting.InvoiceStatusOut:
        yield (
            f"invoice-out={status_out}",
            invoice.model_copy(update={"status": status_out}),
            sdk.InvoiceAccounting,
        )
    for approval in accounting.InvoiceApprovalStatus:
        approved = invoice.model_copy(update={"approval_status": approval})
        yield f"approval={approval}", approved, sdk.InvoiceAccounting
    for journal_type in accounting.JournalType:
        yield (
            f"journal={journal_type}",
            samples.JOURNAL.model_copy(update={"journal_type": journal_type}),
            sdk.Journal,
        )
    for create_type in accounting.JournalCreateType:
        journal_in = samples.JOURNAL_CREATE.model_copy(update={"journal_type": create_type})
        yield f"journal-in={create_type}", journal_in, sdk_schemas.JournalIn
    for attachments in accounting.AttachmentsStatus:
        info = accounting.AttachmentsInfo(status=attachments)
        yield (
            f"attachments={attachments}",
            invoice.model_copy(update={"attachments_info": info}),
            sdk.InvoiceAccounting,
        )
    for line_type in accounting.EntryLineType:
        line = samples.FINANCIAL_ENTRY_CREATE.items[0].model_copy(update={"account_type": line_type})
        entry = samples.FINANCIAL_ENTRY_CREATE.model_copy(update={"items": [line]})
        yield f"entry-line={line_type}", entry, sdk_schemas.FinancialEntryItemIn
    for misc_type in accounting.MiscellaneousOperationLineType:
        misc_line = samples.MISC_LINE.model_copy(update={"type": misc_type})
        yield (
            f"misc-line={misc_type}",
            samples.MISC.model_copy(update={"lines": [misc_line]}),
            sdk.MiscellaneousOperation,
        )
    for misc_in in accounting.MiscellaneousOperationStatusIn:
        misc_create = samples.MISC_CREATE.model_copy(update={"status": misc_in})
        yield f"misc-in={misc_in}", misc_create, sdk_schemas.MiscellaneousOperationIn
    for misc_out in accounting.MiscellaneousOperationStatusOut:
        yield (
            f"misc-out={misc_out}",
            samples.MISC.model_copy(update={"status": misc_out}),
            sdk.MiscellaneousOperation,
        )
    for account_type in accounting.AccountType:
        yield (
            f"account={account_type}",
            samples.ACCOUNT.model_copy(update={"type": account_type}),
            sdk.Account,
        )
    for mode in accounting.AccountTaxMode:
        tax = accounting.AccountTaxInformation(tax_codes=[], mode=mode)
        yield f"tax-mode={mode}", samples.ACCOUNT.model_copy(update={"tax_information": tax}), sdk.Account
    for counterpart_type in accounting.CounterpartType:
        counterpart = samples.COUNTERPART.model_copy(update={"counterpart_type": counterpart_type})
        transaction = samples.BANK_STATEMENT.items[0].model_copy(update={"counterpart": counterpart})
        statement = samples.BANK_STATEMENT.model_copy(update={"items": [transaction]})
        yield f"counterpart={counterpart_type}", statement, sdk.BankStatement
    for scope in common.VatCodeScope:
        yield f"vat-scope={scope}", samples.VAT_CODE.model_copy(update={"scope": scope}), sdk.TaxAccounting
    for vat_type in common.VatCodeType:
        yield (
            f"vat-type={vat_type}",
            samples.VAT_CODE.model_copy(update={"type": vat_type}),
            sdk.TaxAccounting,
        )


def dumped(item: BaseModel) -> Any:
    return item.model_dump(mode="json")


ONE = PageRequest(size=1)
NO_FOLDER = accounting.FolderQuery()
FOLDER = accounting.FolderQuery(folder_id="2")
ROUTED: list[Route] = [
    ("accounting.folders.list", "GET", "/folders", {}, None, (), sdk.Folder),
    ("accounting.folders.get", "GET", "/folders/2", {}, None, ("2",), sdk.Folder),
    ("accounting.bookyears.list", "GET", "/bookyears", {}, None, (NO_FOLDER, DEFAULT), sdk.BookYear),
    (
        "accounting.analytic_plans.list",
        "GET",
        "/analytic-plans",
        {"folder_id": "2", "size": "1"},
        None,
        (FOLDER, ONE),
        sdk.AnalyticPlan,
    ),
    ("accounting.schemes.list", "GET", "/schemes", {}, None, (NO_FOLDER, DEFAULT), sdk_schemas.SchemeItem),
    (
        "accounting.clients.create",
        "POST",
        "/clients",
        {"folder_id": "2", "force_merge": "f-7"},
        dumped(samples.CLIENT_CREATE),
        (samples.CLIENT_CREATE, accounting.PartnerCreateOptions(folder_id="2", force_merge="f-7")),
        sdk.Client,
    ),
    (
        "accounting.clients.list",
        "GET",
        "/clients",
        {"folder_id": "2", "search": "dupont", "updated_after": MOMENT, "page": "2", "size": "1"},
        None,
        (
            accounting.PartnerQuery(folder_id="2", search="dupont", updated_after=AT),
            PageRequest(page=2, size=1),
        ),
        sdk.Client,
    ),
    (
        "accounting.clients.update",
        "PATCH",
        "/clients/42",
        {},
        {"email": "new@dupont.be"},
        ("42", accounting.ClientUpdate(email="new@dupont.be"), NO_FOLDER),
        sdk.Client,
    ),
    ("accounting.clients.get", "GET", "/clients/42", {"folder_id": "2"}, None, ("42", FOLDER), sdk.Client),
    (
        "accounting.suppliers.create",
        "POST",
        "/suppliers",
        {},
        dumped(samples.SUPPLIER_CREATE),
        (samples.SUPPLIER_CREATE, accounting.PartnerCreateOptions()),
        sdk.Supplier,
    ),
    (
        "accounting.suppliers.list",
        "GET",
        "/suppliers",
        {"search": "dupont"},
        None,
        (accounting.PartnerQuery(search="dupont"), DEFAULT),
        sdk.Supplier,
    ),
    (
        "accounting.suppliers.update",
        "PATCH",
        "/suppliers/42",
        {"folder_id": "2"},
        dumped(samples.SUPPLIER_UPDATE),
        ("42", samples.SUPPLIER_UPDATE, FOLDER),
        sdk.Supplier,
    ),
    ("accounting.suppliers.get", "GET", "/suppliers/42", {}, None, ("42", NO_FOLDER), sdk.Supplier),
    (
        "accounting.contacts.list",
        "GET",
        "/contacts",
        {"partner_type": "supplier", "partner_id": "42"},
        None,
        (accounting.ContactQuery(partner_type=accounting.PartnerType.supplier, partner_id="42"), DEFAULT),
        sdk_schemas.ContactItem,
    ),
    (
        "accounting.invoices.create",
        "POST",
        "/invoices",
        {
            "folder_id": "2",
            "force_financial_period": "032025",
            "regroup_lines": "false",
            "ignore_accounting_id": "true",
            "force_currency_exchange": "true",
        },
        dumped(samples.INVOICE_CREATE),
        (
            samples.INVOICE_CREATE,
            accounting.InvoiceCreateOptions(
                folder_id="2",
                force_financial_period="032025",
                regroup_lines=False,
                ignore_accounting_id=True,
                force_currency_exchange=True,
            ),
        ),
        sdk.InvoiceAccounting,
    ),
    (
        "accounting.invoices.create",
        "POST",
        "/invoices",
        {},
        dumped(samples.INVOICE_CREATE),
        (samples.INVOICE_CREATE, accounting.InvoiceCreateOptions()),
        sdk.InvoiceAccounting,
    ),
    (
        "accounting.invoices.create_multi_plans",
        "POST",
        "/invoices/multi-analytic-plans",
        {"regroup_lines": "true"},
        dumped(samples.INVOICE_CREATE_MULTI),
        (samples.INVOICE_CREATE_MULTI, accounting.InvoiceCreateOptions(regroup_lines=True)),
        sdk.InvoiceMultiPlanAccounting,
    ),
    (
        "accounting.invoices.list",
        "GET",
        "/invoices/type/supplier_invoice",
        {
            **MARCH,
            "folder_id": "2",
            "journal_ids": "ACH, ACH2",
            "include_payments": "true",
            "payment_status": "unpaid",
            "updated_after": MOMENT,
            "include_invoice_lines": "true",
            "include_partner_info": "true",
            "approval_status": "approved",
            "size": "1",
        },
        None,
        (
            accounting.InvoiceQuery(
                invoice_type=accounting.InvoiceType.supplier_invoice,
                folder_id="2",
                date_from=FIRST,
                date_to=LAST,
                journal_ids=["ACH", "ACH2"],
                include_payments=True,
                payment_status=common.PaymentStatus.unpaid,
                updated_after=AT,
                include_invoice_lines=True,
                include_partner_info=True,
                approval_status=accounting.InvoiceApprovalStatusFilter.approved,
            ),
            ONE,
        ),
        sdk.InvoiceAccounting,
    ),
    (
        "accounting.invoices.list",
        "GET",
        "/invoices/type/customer_refund",
        {},
        None,
        (accounting.InvoiceQuery(invoice_type=accounting.InvoiceType.customer_refund), DEFAULT),
        sdk.InvoiceAccounting,
    ),
    (
        "accounting.invoices.list_multi_plans",
        "GET",
        "/invoices/multi-analytic-plans/type/customer_invoice",
        {"payment_status": "paid"},
        None,
        (
            accounting.InvoiceQuery(
                invoice_type=accounting.InvoiceType.customer_invoice, payment_status=common.PaymentStatus.paid
            ),
            DEFAULT,
        ),
        sdk.InvoiceMultiPlanAccounting,
    ),
    (
        "accounting.invoices.get",
        "GET",
        "/invoices/inv-42",
        {"include_payments": "true", "include_partner_info": "true"},
        None,
        ("inv-42", accounting.InvoiceOptions(include_payments=True, include_partner_info=True)),
        sdk.InvoiceAccounting,
    ),
    (
        "accounting.invoices.get_multi_plans",
        "GET",
        "/invoices/multi-analytic-plans/inv-42",
        {"folder_id": "2", "include_invoice_lines": "true"},
        None,
        ("inv-42", accounting.InvoiceOptions(folder_id="2", include_invoice_lines=True)),
        sdk.InvoiceMultiPlanAccounting,
    ),
    (
        "accounting.analytic_accounts.create",
        "POST",
        "/analytic-accounts",
        {},
        dumped(samples.ANALYTIC_ACCOUNT_CREATE),
        (samples.ANALYTIC_ACCOUNT_CREATE, NO_FOLDER),
        sdk_schemas.AnalyticAccountItemOut,
    ),
    (
        "accounting.analytic_accounts.list",
        "GET",
        "/analytic-accounts",
        {},
        None,
        (NO_FOLDER, DEFAULT),
        sdk_schemas.AnalyticAccountItemOut,
    ),
    (
        "accounting.analytic_accounts.create_multi_plans",
        "POST",
        "/analytic-accounts/multi-analytic-plans/2",
        {"folder_id": "2"},
        dumped(samples.ANALYTIC_ACCOUNT_CREATE),
        ("2", samples.ANALYTIC_ACCOUNT_CREATE, FOLDER),
        sdk.AnalyticAccountMultiPlan,
    ),
    (
        "accounting.analytic_accounts.update",
        "PATCH",
        "/analytic-accounts/SHOP",
        {},
        dumped(samples.ANALYTIC_ACCOUNT_UPDATE),
        ("SHOP", samples.ANALYTIC_ACCOUNT_UPDATE, NO_FOLDER),
        sdk_schemas.AnalyticAccountItemOut,
    ),
    (
        "accounting.analytic_accounts.get",
        "GET",
        "/analytic-accounts/SHOP",
        {},
        None,
        ("SHOP", NO_FOLDER),
        sdk_schemas.AnalyticAccountItemOut,
    ),
    (
        "accounting.analytic_accounts.update_multi_plans",
        "PATCH",
        "/analytic-accounts/SHOP/multi-analytic-plans/2",
        {},
        {"name": "Shop"},
        ("SHOP", "2", accounting.AnalyticAccountUpdate(name="Shop"), NO_FOLDER),
        sdk.AnalyticAccountMultiPlan,
    ),
    (
        "accounting.analytic_accounts.get_multi_plans",
        "GET",
        "/analytic-accounts/SHOP/multi-analytic-plans/2",
        {"folder_id": "2"},
        None,
        ("SHOP", "2", FOLDER),
        sdk.AnalyticAccountMultiPlan,
    ),
    (
        "accounting.analytic_accounts.list_multi_plans",
        "GET",
        "/analytic-accounts/multi-analytic-plans",
        {},
        None,
        (NO_FOLDER, DEFAULT),
        sdk.AnalyticAccountMultiPlan,
    ),
    (
        "accounting.journal_entries.list",
        "GET",
        "/journal/entries",
        {
            **MARCH,
            "unposted_allowed": "true",
            "journal_id": "VEN",
            "updated_after": MOMENT,
            "partner_id": "42",
            "folder_id": "2",
        },
        None,
        (
            accounting.JournalEntryQuery(
                folder_id="2",
                unposted_allowed=True,
                journal_id="VEN",
                date_from=FIRST,
                date_to=LAST,
                updated_after=AT,
                partner_id="42",
            ),
            DEFAULT,
        ),
        sdk_schemas.JournalEntryMonoAnalyticPlan,
    ),
    (
        "accounting.journal_entries.list_multi_plans",
        "GET",
        "/journal/entries/multi-analytic-plans",
        {**MARCH, "unposted_allowed": "false"},
        None,
        (accounting.JournalEntryQuery(unposted_allowed=False, date_from=FIRST, date_to=LAST), DEFAULT),
        sdk.JournalEntry,
    ),
    (
        "accounting.journal_entries.get",
        "GET",
        "/journal/entries/je-1",
        {},
        None,
        ("je-1", NO_FOLDER),
        sdk.JournalEntry,
    ),
    (
        "accounting.journal_entries.create",
        "POST",
        "/journal-entries",
        {"force_currency_exchange": "true", "ignore_accounting_id": "true"},
        dumped(samples.JOURNAL_ENTRY_CREATE),
        (
            samples.JOURNAL_ENTRY_CREATE,
            accounting.JournalEntryOptions(force_currency_exchange=True, ignore_accounting_id=True),
        ),
        sdk.JournalEntry,
    ),
    (
        "accounting.invoice_payments.list",
        "GET",
        "/invoices/id/inv-42/payments",
        {},
        None,
        ("inv-42", NO_FOLDER, DEFAULT),
        sdk_schemas.Payment,
    ),
    (
        "accounting.payment_methods.list",
        "GET",
        "/payment-methods",
        {},
        None,
        (NO_FOLDER, DEFAULT),
        sdk_schemas.AccountingPaymentMethod,
    ),
    (
        "accounting.invoice_payments.create",
        "POST",
        "/invoices/payments",
        {"folder_id": "2"},
        dumped(samples.INVOICE_PAYMENT_CREATE),
        (samples.INVOICE_PAYMENT_CREATE, FOLDER),
        None,
    ),
    (
        "accounting.payment_terms.list",
        "GET",
        "/payment-terms",
        {},
        None,
        (NO_FOLDER, DEFAULT),
        sdk_schemas.AccountingPaymentTerms,
    ),
    ("accounting.journals.list", "GET", "/journals", {}, None, (NO_FOLDER, DEFAULT), sdk.Journal),
    (
        "accounting.journals.create",
        "POST",
        "/journal",
        {},
        dumped(samples.JOURNAL_CREATE),
        (samples.JOURNAL_CREATE, NO_FOLDER),
        sdk.Journal,
    ),
    ("accounting.vat_codes.list", "GET", "/vat-codes", {}, None, (NO_FOLDER, DEFAULT), sdk.TaxAccounting),
    (
        "accounting.miscellaneous_operations.create",
        "POST",
        "/miscellaneous-operation",
        {},
        dumped(samples.MISC_CREATE),
        (samples.MISC_CREATE, NO_FOLDER),
        sdk.MiscellaneousOperation,
    ),
    (
        "accounting.miscellaneous_operations.list",
        "GET",
        "/miscellaneous-operation",
        {**MARCH, "journal_ids": "OD"},
        None,
        (accounting.MiscellaneousOperationQuery(date_from=FIRST, date_to=LAST, journal_ids=["OD"]), DEFAULT),
        sdk.MiscellaneousOperation,
    ),
    (
        "accounting.miscellaneous_operations.get",
        "GET",
        "/miscellaneous-operation/mo-1",
        {},
        None,
        ("mo-1", NO_FOLDER),
        sdk.MiscellaneousOperation,
    ),
    (
        "accounting.entries.match",
        "POST",
        "/matching",
        {},
        dumped(samples.MATCHING),
        (samples.MATCHING, NO_FOLDER),
        sdk.Matching,
    ),
    (
        "accounting.entries.match_multiple",
        "POST",
        "/matching-multiple",
        {"folder_id": "2"},
        dumped(samples.MULTIPLE_MATCHING),
        (samples.MULTIPLE_MATCHING, FOLDER),
        sdk.MultipleMatching,
    ),
    (
        "accounting.attachments.list",
        "GET",
        "/attachments",
        {"type": "entry", "document_id": "je-1"},
        None,
        (accounting.AttachmentQuery(type=accounting.DocumentType.entry, document_id="je-1"), DEFAULT),
        sdk.Attachment,
    ),
    (
        "accounting.attachments.add",
        "POST",
        "/invoices/pdf/inv-42",
        {"overwrite_existing": "true"},
        dumped(samples.ATTACHMENT_CREATE),
        ("inv-42", samples.ATTACHMENT_CREATE, accounting.AttachmentOptions(overwrite_existing=True)),
        None,
    ),
    (
        "accounting.accounts.list",
        "GET",
        "/chart-of-accounts",
        {"classes": "6,7", "type": "income"},
        None,
        (accounting.AccountQuery(classes=["6", "7"], type=accounting.AccountTypeFilter.income), DEFAULT),
        sdk.Account,
    ),
    (
        "accounting.accounts.balances",
        "POST",
        "/chart-of-accounts/balance",
        {"size": "1"},
        dumped(samples.BALANCE_FILTER),
        (samples.BALANCE_FILTER, NO_FOLDER, ONE),
        sdk.AccountBalance,
    ),
    (
        "accounting.bank_accounts.list",
        "GET",
        "/bank-accounts",
        {},
        None,
        (NO_FOLDER, DEFAULT),
        sdk.BankAccount,
    ),
    (
        "accounting.bank_accounts.create",
        "POST",
        "/bank-accounts",
        {},
        dumped(samples.BANK_ACCOUNT_CREATE),
        (samples.BANK_ACCOUNT_CREATE, NO_FOLDER),
        sdk.BankAccount,
    ),
    (
        "accounting.bank_transactions.create",
        "POST",
        "/bank-transactions",
        {},
        dumped(samples.BANK_STATEMENT_CREATE),
        (samples.BANK_STATEMENT_CREATE, NO_FOLDER),
        sdk.BankStatement,
    ),
    ("accounting.employees.list", "GET", "/employees", {}, None, (NO_FOLDER, DEFAULT), sdk.Employee),
    (
        "accounting.financial_entries.create",
        "POST",
        "/financial-entries",
        {"financial_counterpart_account": "550000", "force_currency_exchange": "true"},
        dumped(samples.FINANCIAL_ENTRY_CREATE),
        (
            samples.FINANCIAL_ENTRY_CREATE,
            accounting.FinancialEntryOptions(
                financial_counterpart_account="550000", force_currency_exchange=True
            ),
        ),
        sdk.FinancialEntry,
    ),
    (
        "accounting.expenses.create",
        "POST",
        "/expenses",
        {},
        dumped(samples.EXPENSE_CREATE),
        (samples.EXPENSE_CREATE, NO_FOLDER),
        sdk.Expense,
    ),
    (
        "accounting.outstandings.list",
        "GET",
        "/outstandings",
        {"type": "client", "unposted_allowed": "false"},
        None,
        (
            accounting.OutstandingQuery(type=accounting.OutstandingType.client, unposted_allowed=False),
            DEFAULT,
        ),
        sdk.Outstanding,
    ),
    (
        "accounting.accounts.create",
        "POST",
        "/accounts",
        {},
        dumped(samples.ACCOUNT_CREATE),
        (samples.ACCOUNT_CREATE, NO_FOLDER),
        sdk.Account,
    ),
    (
        "accounting.fec.export",
        "GET",
        "/export-fec",
        {**MARCH, "folder_id": "2"},
        None,
        (accounting.FecQuery(folder_id="2", date_from=FIRST, date_to=LAST),),
        sdk_schemas.FECItemOut,
    ),
]


# Reading balances takes its filter in a POST body and changes nothing; every other POST and PATCH
# changes the books.
WRITES = frozenset(op.key for op in operations_of(Vertical.accounting) if op.method in ("POST", "PATCH")) - {
    "accounting.accounts.balances"
}
CONTRACT = Contract(
    unified=accounting,
    connector=FullAccountingConnector,
    calls=FullAccountingConnector.calls,
    enums={
        accounting.RoutingType: sdk_schemas.BankAccountRoutingType,
        accounting.PartnerType: sdk_schemas.PartnerTypeInput,
        accounting.InvoiceType: sdk_schemas.InvoiceType,
        accounting.InvoiceStatusIn: sdk_schemas.InvoiceStatusIn,
        accounting.InvoiceStatusOut: sdk_schemas.InvoiceStatusOut,
        accounting.InvoiceApprovalStatus: sdk_schemas.InvoiceApprovalStatus,
        accounting.InvoiceApprovalStatusFilter: sdk_schemas.InvoiceApprovalStatusFilter,
        accounting.JournalType: sdk_schemas.JournalType,
        accounting.JournalCreateType: sdk_schemas.JournalInType,
        accounting.AttachmentsStatus: sdk_schemas.ItemAttachmentInfoStatus,
        accounting.EntryLineType: sdk_schemas.EntryLineType,
        accounting.MiscellaneousOperationLineType: sdk_schemas.MiscellaneousOperationLineType,
        accounting.MiscellaneousOperationStatusIn: sdk_schemas.MiscellaneousOperationStatusIn,
        accounting.MiscellaneousOperationStatusOut: sdk_schemas.MiscellaneousOperationStatusOut,
        accounting.DocumentType: sdk_schemas.DocumentType,
        accounting.AccountTypeFilter: sdk_schemas.AccountTypeFilter,
        accounting.AccountType: sdk_schemas.AccountItemType,
        accounting.AccountTaxMode: sdk_schemas.AccountTaxMode,
        accounting.CounterpartType: sdk_schemas.BankTransactionCounterpartType,
        accounting.OutstandingType: sdk_schemas.OutstandingType,
    },
    # The enums this vertical shares with others, declared where the others declare them.
    shared_enums={
        commerce.AddressType: sdk_schemas.AddressType,
        common.PaymentStatus: sdk_schemas.PaymentStatus,
        common.VatCodeScope: sdk_schemas.VatCodeScope,
        common.VatCodeType: sdk_schemas.VatCodeType,
    },
    sdk_models=SDK_MODELS,
    enum_variants=list(enum_variants()),
    routed=ROUTED,
    refused=[
        get("/invoices/type/sale"),
        get("/invoices/type/customer_invoice", {"payment_status": "overdue"}),
        get("/invoices/type/customer_invoice", {"include_payments": "yes"}),
        get("/invoices/type/customer_invoice", {"approval_status": "unknown"}),
        get("/invoices/type/customer_invoice", {"date_from": "2025-02-30"}),
        get("/invoices/inv-42", {"include_partner_info": "1"}),
        get("/journal/entries"),
        get("/journal/entries", {"unposted_allowed": "maybe"}),
        get("/journal/entries/multi-analytic-plans", {"unposted_allowed": "true", "updated_after": "soon"}),
        get("/contacts", {"partner_type": "employee", "partner_id": "42"}),
        get("/contacts", {"partner_type": "client"}),
        get("/attachments", {"type": "receipt", "document_id": "je-1"}),
        get("/chart-of-accounts", {"type": "receivable"}),
        get("/outstandings", {"type": "employee", "unposted_allowed": "true"}),
        get("/outstandings", {"type": "client"}),
        get("/export-fec", {"date_from": "2025-03-01"}),
        get("/clients", {"updated_after": "yesterday"}),
        get("/employees", {"size": "101"}),
        ("POST", "/clients", {}, {**dumped(samples.CLIENT_CREATE), "name": ""}),
        ("POST", "/invoices", {}, {**dumped(samples.INVOICE_CREATE), "invoice_type": "sale"}),
        ("POST", "/invoices", {}, {**dumped(samples.INVOICE_CREATE), "pdf_name": "invoice?.pdf"}),
        ("POST", "/invoices", {"regroup_lines": "no"}, dumped(samples.INVOICE_CREATE)),
        ("POST", "/invoices", {"ignore_accounting_id": "perhaps"}, dumped(samples.INVOICE_CREATE)),
        ("POST", "/journal-entries", {}, {**dumped(samples.JOURNAL_ENTRY_CREATE), "items": []}),
        ("POST", "/matching", {}, {"entries": ["je-1"], "partner_id": "42"}),
        ("POST", "/chart-of-accounts/balance", {}, {"accounts": ["7"], "end": "2025"}),
        ("POST", "/accounts", {}, {"name": "Sales", "number": "70"}),
        ("POST", "/journal", {}, {"code": "V", "name": "Sales", "journal_type": "customer_invoice"}),
        (
            "POST",
            "/invoices/payments",
            {},
            {**dumped(samples.INVOICE_PAYMENT_CREATE), "items": [{"invoice_id": "inv-42", "amount": 0}]},
        ),
        ("POST", "/invoices/pdf/inv-42", {}, {"name": "invoice.pdf"}),
        ("POST", "/bank-transactions", {}, {**dumped(samples.BANK_STATEMENT_CREATE), "items": []}),
    ],
    writes=WRITES,
)


@pytest.fixture
def contract() -> Contract:
    return CONTRACT


@pytest.mark.usefixtures("full_connectors")
async def test_a_write_without_body_is_idempotent_too(
    client: httpx.AsyncClient, runtime: Runtime, contract: Contract, calls: Calls
) -> None:
    headers, base, _ = await connected(client, runtime, contract)
    replay = {**headers, "x-chift-client-requestid": "pay-inv-42"}
    payment = dumped(samples.INVOICE_PAYMENT_CREATE)

    first = await client.post(f"{base}/invoices/payments", json=payment, headers=replay)
    again = await client.post(f"{base}/invoices/payments", json=payment, headers=replay)

    assert first.status_code == 204
    assert again.status_code == 409
    assert again.json()["error_code"] == "REQUEST_ALREADY_PROCESSED"
    assert len(calls) == 1
