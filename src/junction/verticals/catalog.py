"""Every unified operation Junction serves, one key each. Manifests declare capabilities with
these keys, the catalog's `operations_coverage` lists them, and the routers are built from them."""

from __future__ import annotations

from dataclasses import dataclass

from junction.unified.common import Vertical


@dataclass(frozen=True)
class Operation:
    key: str
    method: str
    path: str
    operation_id: str
    summary: str
    writes: bool = False

    @property
    def vertical(self) -> Vertical:
        return Vertical(self.key.split(".", 1)[0])


ACCOUNTING_OPERATIONS: tuple[Operation, ...] = (
    Operation("accounting.folders.list", "GET", "/folders", "accounting_get_folders", "Get folders"),
    Operation(
        "accounting.folders.get", "GET", "/folders/{folder_id}", "accounting_get_folder", "Get one folder"
    ),
    Operation("accounting.bookyears.list", "GET", "/bookyears", "accounting_get_bookyears", "Get book years"),
    Operation(
        "accounting.analytic_plans.list",
        "GET",
        "/analytic-plans",
        "accounting_get_analytic_plans",
        "Get analytic plans",
    ),
    Operation("accounting.schemes.list", "GET", "/schemes", "accounting_get_schemes", "Get schemes"),
    Operation(
        "accounting.clients.create",
        "POST",
        "/clients",
        "accounting_create_client",
        "Create client",
        writes=True,
    ),
    Operation("accounting.clients.list", "GET", "/clients", "accounting_get_clients", "Get clients"),
    Operation(
        "accounting.clients.update",
        "PATCH",
        "/clients/{client_id}",
        "accounting_update_client",
        "Update client",
        writes=True,
    ),
    Operation(
        "accounting.clients.get", "GET", "/clients/{client_id}", "accounting_get_client", "Get one client"
    ),
    Operation(
        "accounting.suppliers.create",
        "POST",
        "/suppliers",
        "accounting_create_supplier",
        "Create supplier",
        writes=True,
    ),
    Operation("accounting.suppliers.list", "GET", "/suppliers", "accounting_get_suppliers", "Get suppliers"),
    Operation(
        "accounting.suppliers.update",
        "PATCH",
        "/suppliers/{supplier_id}",
        "accounting_update_supplier",
        "Update one supplier",
        writes=True,
    ),
    Operation(
        "accounting.suppliers.get",
        "GET",
        "/suppliers/{supplier_id}",
        "accounting_get_supplier",
        "Get one supplier",
    ),
    Operation(
        "accounting.contacts.list",
        "GET",
        "/contacts",
        "accounting_get_partner_contacts",
        "Get contacts of a partner",
    ),
    Operation(
        "accounting.invoices.create",
        "POST",
        "/invoices",
        "accounting_create_invoice",
        "Create sale/purchase entry",
        writes=True,
    ),
    Operation(
        "accounting.invoices.create_multi_plans",
        "POST",
        "/invoices/multi-analytic-plans",
        "accounting_create_invoice_multiple_plans",
        "Create sale/purchase entry (Multiple plans)",
        writes=True,
    ),
    Operation(
        "accounting.invoices.list",
        "GET",
        "/invoices/type/{invoice_type}",
        "accounting_get_invoices_by_type",
        "Get invoices by type (sale/purchase entries)",
    ),
    Operation(
        "accounting.invoices.list_multi_plans",
        "GET",
        "/invoices/multi-analytic-plans/type/{invoice_type}",
        "accounting_get_invoices_by_type_multi_analytic_plans",
        "Get invoices by type (sale/purchase entries - Multiple Analytic Plans)",
    ),
    Operation(
        "accounting.invoices.get",
        "GET",
        "/invoices/{invoice_id}",
        "accounting_get_invoice",
        "Get one invoice (sale/purchase entry)",
    ),
    Operation(
        "accounting.invoices.get_multi_plans",
        "GET",
        "/invoices/multi-analytic-plans/{invoice_id}",
        "accounting_get_invoice_multi_analytic_plans",
        "Get one invoice (sale/purchase entry - Multiple Analytic Plans)",
    ),
    Operation(
        "accounting.analytic_accounts.create",
        "POST",
        "/analytic-accounts",
        "accounting_create_analytic_account",
        "Create analytic account",
        writes=True,
    ),
    Operation(
        "accounting.analytic_accounts.list",
        "GET",
        "/analytic-accounts",
        "accounting_get_analytic_accounts",
        "Get analytic accounts",
    ),
    Operation(
        "accounting.analytic_accounts.create_multi_plans",
        "POST",
        "/analytic-accounts/multi-analytic-plans/{analytic_plan}",
        "accounting_create_analytic_account_multi_plans",
        "Create analytic account (Multiple Analytic Plans)",
        writes=True,
    ),
    Operation(
        "accounting.analytic_accounts.update",
        "PATCH",
        "/analytic-accounts/{analytic_account_id}",
        "accounting_update_analytic_account",
        "Update analytic account",
        writes=True,
    ),
    Operation(
        "accounting.analytic_accounts.get",
        "GET",
        "/analytic-accounts/{analytic_account_id}",
        "accounting_get_analytic_account",
        "Get analytic account",
    ),
    Operation(
        "accounting.analytic_accounts.update_multi_plans",
        "PATCH",
        "/analytic-accounts/{analytic_account_id}/multi-analytic-plans/{analytic_plan}",
        "accounting_update_analytic_account_multi_plans",
        "Update analytic account (Multiple Analytic Plans)",
        writes=True,
    ),
    Operation(
        "accounting.analytic_accounts.get_multi_plans",
        "GET",
        "/analytic-accounts/{analytic_account_id}/multi-analytic-plans/{analytic_plan}",
        "accounting_get_analytic_account_multi_plans",
        "Get analytic account (Multiple Analytic Plans)",
    ),
    Operation(
        "accounting.analytic_accounts.list_multi_plans",
        "GET",
        "/analytic-accounts/multi-analytic-plans",
        "accounting_get_analytic_accounts_multi_plans",
        "Get analytic accounts (Multiple Analytic Plans)",
    ),
    Operation(
        "accounting.journal_entries.list",
        "GET",
        "/journal/entries",
        "accounting_get_journal_entries",
        "Get journal entries",
    ),
    Operation(
        "accounting.journal_entries.list_multi_plans",
        "GET",
        "/journal/entries/multi-analytic-plans",
        "accounting_get_journal_entries_multi_plan",
        "Get journal entries (Multiple Analytic Plans)",
    ),
    Operation(
        "accounting.journal_entries.get",
        "GET",
        "/journal/entries/{journal_entry_id}",
        "accounting_get_journal_entry",
        "Get one journal entry",
    ),
    Operation(
        "accounting.journal_entries.create",
        "POST",
        "/journal-entries",
        "accounting_create_generic_journal_entry",
        "Create Journal Entry",
        writes=True,
    ),
    Operation(
        "accounting.invoice_payments.list",
        "GET",
        "/invoices/id/{invoice_id}/payments",
        "accounting_get_payments_by_invoice",
        "Get payments by invoice ID",
    ),
    Operation(
        "accounting.payment_methods.list",
        "GET",
        "/payment-methods",
        "accounting_get_payment_methods",
        "Get payment methods",
    ),
    # The reference answers 204 (no body) to this one.
    Operation(
        "accounting.invoice_payments.create",
        "POST",
        "/invoices/payments",
        "accounting_create_invoice_payment",
        "Create an invoice payment",
        writes=True,
    ),
    Operation(
        "accounting.payment_terms.list",
        "GET",
        "/payment-terms",
        "accounting_get_payment_terms",
        "Get payment terms",
    ),
    Operation("accounting.journals.list", "GET", "/journals", "accounting_get_journals", "Get journals"),
    Operation(
        "accounting.journals.create",
        "POST",
        "/journal",
        "accounting_create_journal",
        "Create journal",
        writes=True,
    ),
    Operation("accounting.vat_codes.list", "GET", "/vat-codes", "accounting_get_vat_codes", "Get vat codes"),
    Operation(
        "accounting.miscellaneous_operations.create",
        "POST",
        "/miscellaneous-operation",
        "accounting_create_miscellaneous_operation",
        "Create miscellaneous operation",
        writes=True,
    ),
    Operation(
        "accounting.miscellaneous_operations.list",
        "GET",
        "/miscellaneous-operation",
        "accounting_get_miscellaneous_operations",
        "Get miscellaneous operations",
    ),
    Operation(
        "accounting.miscellaneous_operations.get",
        "GET",
        "/miscellaneous-operation/{operation_id}",
        "accounting_get_miscellaneous_operation",
        "Get one miscellaneous operation",
    ),
    Operation(
        "accounting.entries.match",
        "POST",
        "/matching",
        "accounting_match_entries",
        "Match entries",
        writes=True,
    ),
    Operation(
        "accounting.entries.match_multiple",
        "POST",
        "/matching-multiple",
        "accounting_match_entries_multiple",
        "Match multiple entries",
        writes=True,
    ),
    Operation(
        "accounting.attachments.list", "GET", "/attachments", "accounting_get_attachments", "Get attachments"
    ),
    # The reference answers 204 (no body) to this one.
    Operation(
        "accounting.attachments.add",
        "POST",
        "/invoices/pdf/{invoice_id}",
        "accounting_add_attachment",
        "Attach a document (PDF)",
        writes=True,
    ),
    Operation(
        "accounting.accounts.list",
        "GET",
        "/chart-of-accounts",
        "accounting_get_chart_of_accounts",
        "Get chart of accounts",
    ),
    # A read: the filter travels in a POST body, nothing changes at the provider (no idempotency
    # claim).
    Operation(
        "accounting.accounts.balances",
        "POST",
        "/chart-of-accounts/balance",
        "accounting_get_accounts_balances",
        "Get the balance of accounts",
    ),
    Operation(
        "accounting.bank_accounts.list",
        "GET",
        "/bank-accounts",
        "accounting_get_bank_accounts",
        "Get bank accounts",
    ),
    Operation(
        "accounting.bank_accounts.create",
        "POST",
        "/bank-accounts",
        "accounting_create_bank_account",
        "Create bank account",
        writes=True,
    ),
    Operation(
        "accounting.bank_transactions.create",
        "POST",
        "/bank-transactions",
        "accounting_create_bank_transactions",
        "Create bank transactions",
        writes=True,
    ),
    Operation("accounting.employees.list", "GET", "/employees", "accounting_get_employees", "Get employees"),
    Operation(
        "accounting.financial_entries.create",
        "POST",
        "/financial-entries",
        "accounting_create_financial_entries",
        "Create a financial entry",
        writes=True,
    ),
    Operation(
        "accounting.expenses.create",
        "POST",
        "/expenses",
        "accounting_create_expense",
        "Create an expense",
        writes=True,
    ),
    Operation(
        "accounting.outstandings.list",
        "GET",
        "/outstandings",
        "accounting_get_outstandings",
        "Get clients/suppliers outstanding items",
    ),
    Operation(
        "accounting.accounts.create",
        "POST",
        "/accounts",
        "accounting_create_ledger_account",
        "Create ledger account",
        writes=True,
    ),
    Operation(
        "accounting.fec.export", "GET", "/export-fec", "accounting_export_fec", "Export entries in FEC format"
    ),
)

INVOICING_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "invoicing.contacts.list", "GET", "/contacts", "invoicing_get_contacts", "Retrieve all contacts"
    ),
    Operation(
        "invoicing.contacts.create",
        "POST",
        "/contacts",
        "invoicing_post_contacts",
        "Create a contact",
        writes=True,
    ),
    Operation(
        "invoicing.contacts.get",
        "GET",
        "/contacts/{contact_id}",
        "invoicing_get_contact",
        "Retrieve one contact",
    ),
    Operation(
        "invoicing.products.list", "GET", "/products", "invoicing_get_products", "Retrieve all products"
    ),
    Operation(
        "invoicing.products.create",
        "POST",
        "/products",
        "invoicing_post_products",
        "Create a product",
        writes=True,
    ),
    Operation(
        "invoicing.products.get",
        "GET",
        "/products/{product_id}",
        "invoicing_get_product",
        "Retrieve one product",
    ),
    Operation("invoicing.taxes.list", "GET", "/taxes", "invoicing_get_taxes", "Retrieve all taxes"),
    Operation("invoicing.taxes.get", "GET", "/taxes/{tax_id}", "invoicing_get_tax", "Retrieve one tax"),
    Operation(
        "invoicing.invoices.list", "GET", "/invoices", "invoicing_get_invoices", "Retrieve all invoices"
    ),
    Operation(
        "invoicing.invoices.create",
        "POST",
        "/invoices",
        "invoicing_post_invoices",
        "Create an invoice",
        writes=True,
    ),
    Operation(
        "invoicing.invoices.get",
        "GET",
        "/invoices/{invoice_id}",
        "invoicing_get_invoice",
        "Retrieve one invoice",
    ),
    Operation(
        "invoicing.documents.upload",
        "POST",
        "/upload-document",
        "invoicing_upload_document",
        "Upload a document (PDF)",
        writes=True,
    ),
    Operation(
        "invoicing.opportunities.list",
        "GET",
        "/opportunities",
        "invoicing_get_opportunities",
        "Retrieve all opportunities",
    ),
    Operation(
        "invoicing.opportunities.get",
        "GET",
        "/opportunities/{opportunity_id}",
        "invoicing_get_opportunity",
        "Retrieve one opportunity",
    ),
    Operation(
        "invoicing.payments.list",
        "GET",
        "/payments",
        "invoicing_get_payments",
        "Retrieve all payments (invoicing)",
    ),
    Operation(
        "invoicing.payments.create",
        "POST",
        "/payments",
        "invoicing_create_payment",
        "Create a payment (invoicing)",
        writes=True,
    ),
    Operation(
        "invoicing.payments.update",
        "PATCH",
        "/payments/{payment_id}",
        "invoicing_update_payment",
        "Update a payment (invoicing)",
        writes=True,
    ),
    Operation(
        "invoicing.payment_methods.list",
        "GET",
        "/payment-methods",
        "invoicing_get_payments_methods",
        "Retrieve all payment methods",
    ),
    Operation(
        "invoicing.bank_accounts.list",
        "GET",
        "/bank-accounts",
        "invoicing_get_bank_accounts",
        "Retrieve all Bank Accounts",
    ),
    Operation(
        "invoicing.bank_transactions.list",
        "GET",
        "/bank-transactions",
        "invoicing_get_bank_transactions",
        "Retrieve all Bank Transactions",
    ),
)

OPERATIONS: dict[str, Operation] = {
    op.key: op
    for op in (
        Operation("pos.orders.list", "GET", "/orders", "pos_get_orders", "Get orders"),
        Operation("pos.orders.get", "GET", "/orders/{order_id}", "pos_get_order", "Get one order"),
        # The reference's operation id for this one really is "pos_update_pos_customer".
        Operation(
            "pos.orders.update",
            "PATCH",
            "/orders/{order_id}",
            "pos_update_pos_customer",
            "Update order",
            writes=True,
        ),
        Operation("pos.sales.get", "GET", "/sales", "pos_get_sales", "Get sales"),
        Operation("pos.payments.list", "GET", "/payments", "pos_get_payments", "Get payments"),
        Operation(
            "pos.payment_methods.list",
            "GET",
            "/payment-methods",
            "pos_get_payments_methods",
            "Get payment methods (POS)",
        ),
        Operation("pos.customers.list", "GET", "/customers", "pos_get_customers", "Get customers"),
        Operation(
            "pos.customers.get",
            "GET",
            "/customers/{customer_id}",
            "pos_get_customer",
            "Get one customer",
        ),
        Operation(
            "pos.customers.create",
            "POST",
            "/customers",
            "pos_create_pos_customer",
            "Create one customer",
            writes=True,
        ),
        Operation("pos.products.list", "GET", "/products", "pos_get_products", "Get products"),
        Operation(
            "pos.product_categories.list",
            "GET",
            "/product-categories",
            "pos_get_product_categories",
            "Get product categories",
        ),
        Operation(
            "pos.accounting_categories.list",
            "GET",
            "/accounting-categories",
            "pos_get_accounting_categories",
            "Get accounting categories",
        ),
        Operation("pos.tax_rates.list", "GET", "/tax-rates", "pos_get_taxes", "Get tax rates (POS)"),
        Operation("pos.locations.list", "GET", "/locations", "pos_get_locations", "Get locations"),
        Operation(
            "pos.closures.get",
            "GET",
            "/closures/{date}",
            "pos_get_closure",
            "Get closure info for a specific day",
        ),
        Operation("pos.objectives.list", "GET", "/objectives", "pos_get_objectives", "Get objectives"),
        Operation("pos.modifiers.list", "GET", "/modifiers", "pos_get_modifiers", "Get Modifiers"),
        Operation(
            "pos.report.get",
            "GET",
            "/report",
            "pos_get_report",
            "Get report for a specific date (E-reporting)",
        ),
        Operation("pms.orders.list", "GET", "/orders", "pms_get_orders", "Get orders (PMS)"),
        Operation("pms.invoices.list", "GET", "/invoices", "pms_get_invoices", "Get invoices (PMS)"),
        Operation("pms.customers.list", "GET", "/customers", "pms_get_customers", "Get customers (PMS)"),
        Operation(
            "pms.customers.get",
            "GET",
            "/customers/{customer_id}",
            "pms_get_customer",
            "Get one customer (PMS)",
        ),
        Operation("pms.locations.list", "GET", "/locations", "pms_get_locations", "Get locations (PMS)"),
        Operation("pms.payments.list", "GET", "/payments", "pms_get_payments", "Get payments (PMS)"),
        Operation(
            "pms.payment_methods.list",
            "GET",
            "/payment-methods",
            "pms_get_payments_methods",
            "Get payment methods (PMS)",
        ),
        Operation(
            "pms.accounting_categories.list",
            "GET",
            "/accounting-categories",
            "pms_get_accounting_categories",
            "Get accounting categories (PMS)",
        ),
        Operation(
            "pms.closures.get",
            "GET",
            "/closures/{date}",
            "pms_get_closure",
            "Get closure info for a specific day (PMS)",
        ),
        Operation("pms.taxes.list", "GET", "/taxes", "pms_get_taxes", "Get tax rates (PMS)"),
        Operation(
            "pms.accounting_transactions.list",
            "GET",
            "/accounting-transactions",
            "pms_get_accounting_transactions",
            "Get the accounting transactions (PMS)",
        ),
        # eCommerce
        Operation(
            "commerce.customers.list", "GET", "/customers", "ecommerce_get_customers", "Get all customers"
        ),
        Operation(
            "commerce.customers.get",
            "GET",
            "/customers/{customer_id}",
            "ecommerce_get_customer",
            "Get one specific customer",
        ),
        Operation("commerce.products.list", "GET", "/products", "ecommerce_get_products", "Get all products"),
        Operation(
            "commerce.products.get",
            "GET",
            "/products/{product_id}",
            "ecommerce_get_product",
            "Get one specific product",
        ),
        Operation(
            "commerce.variants.get",
            "GET",
            "/variants/{variant_id}",
            "ecommerce_get_variant",
            "Get one specific product variant",
        ),
        Operation(
            "commerce.variants.set_quantity",
            "POST",
            "/variants/set_quantity/{variant_id}",
            "ecommerce_update_variant_quantity",
            "Update available quantity",
            writes=True,
        ),
        Operation(
            "commerce.locations.list", "GET", "/locations", "ecommerce_get_locations", "Get all locations"
        ),
        Operation("commerce.orders.list", "GET", "/orders", "ecommerce_get_orders", "Get all orders"),
        Operation(
            "commerce.orders.create",
            "POST",
            "/orders",
            "ecommerce_create_order",
            "Create an order",
            writes=True,
        ),
        Operation(
            "commerce.orders.get",
            "GET",
            "/orders/{order_id}",
            "ecommerce_get_order",
            "Get one specific order",
        ),
        Operation(
            "commerce.payment_methods.list",
            "GET",
            "/payment-methods",
            "ecommerce_get_payments_methods",
            "Get all payment methods",
        ),
        Operation(
            "commerce.product_categories.list",
            "GET",
            "/product-categories",
            "ecommerce_get_product_categories",
            "Get all product categories",
        ),
        Operation("commerce.taxes.list", "GET", "/taxes", "ecommerce_get_taxes", "Get all tax rates"),
        Operation(
            "commerce.countries.list", "GET", "/countries", "ecommerce_get_countries", "Get all countries"
        ),
        *ACCOUNTING_OPERATIONS,
        *INVOICING_OPERATIONS,
    )
}


def operations_of(vertical: Vertical) -> list[Operation]:
    return [op for op in OPERATIONS.values() if op.vertical == vertical]
