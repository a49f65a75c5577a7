from junction.connectors._framework.manifest import AuthMode, CredentialField, IntegrationEntry, Manifest
from junction.unified.common import Vertical
from junction.verticals.catalog import operations_of

TRYTON_ACCOUNTING_ID = 401
TRYTON_INVOICING_ID = 402

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" '
    'fill="#1b2019"/><path d="M14 18h36M32 18v30" stroke="#88b04b" stroke-width="8" '
    'stroke-linecap="round"/></svg>'
)

ACCOUNTING = frozenset(
    {
        "accounting.folders.list",
        "accounting.folders.get",
        "accounting.bookyears.list",
        "accounting.clients.list",
        "accounting.clients.get",
        "accounting.clients.create",
        "accounting.clients.update",
        "accounting.suppliers.list",
        "accounting.suppliers.get",
        "accounting.suppliers.create",
        "accounting.suppliers.update",
        "accounting.vat_codes.list",
        "accounting.invoices.list",
        "accounting.invoices.get",
        "accounting.invoices.create",
        "accounting.invoice_payments.list",
        "accounting.invoice_payments.create",
        "accounting.payment_methods.list",
        "accounting.payment_terms.list",
        "accounting.journals.list",
        "accounting.journals.create",
        "accounting.accounts.list",
        "accounting.accounts.create",
        "accounting.journal_entries.list",
        "accounting.journal_entries.get",
        "accounting.journal_entries.create",
        "accounting.employees.list",
        # ledger.py (it says why schemes, matching and expenses are not here)
        "accounting.analytic_plans.list",
        "accounting.analytic_accounts.list",
        "accounting.analytic_accounts.get",
        "accounting.analytic_accounts.create",
        "accounting.analytic_accounts.update",
        "accounting.analytic_accounts.list_multi_plans",
        "accounting.analytic_accounts.get_multi_plans",
        "accounting.analytic_accounts.create_multi_plans",
        "accounting.analytic_accounts.update_multi_plans",
        "accounting.invoices.list_multi_plans",
        "accounting.invoices.get_multi_plans",
        "accounting.invoices.create_multi_plans",
        "accounting.journal_entries.list_multi_plans",
        "accounting.outstandings.list",
        "accounting.fec.export",
        "accounting.miscellaneous_operations.create",
        "accounting.miscellaneous_operations.list",
        "accounting.miscellaneous_operations.get",
        "accounting.accounts.balances",
        "accounting.contacts.list",
        "accounting.bank_accounts.list",
        "accounting.bank_accounts.create",
        "accounting.bank_transactions.create",
        "accounting.financial_entries.create",
        "accounting.attachments.add",
        "accounting.attachments.list",
    }
)
# Not here: invoicing.documents.upload and invoicing.payments.update (invoicing.py says why).
INVOICING = frozenset(
    {
        "invoicing.contacts.list",
        "invoicing.contacts.get",
        "invoicing.contacts.create",
        "invoicing.products.list",
        "invoicing.products.get",
        "invoicing.products.create",
        "invoicing.taxes.list",
        "invoicing.taxes.get",
        "invoicing.invoices.list",
        "invoicing.invoices.get",
        "invoicing.invoices.create",
        "invoicing.opportunities.list",
        "invoicing.opportunities.get",
        "invoicing.payments.list",
        "invoicing.payments.create",
        "invoicing.payment_methods.list",
        "invoicing.bank_accounts.list",
        "invoicing.bank_transactions.list",
    }
)
CAPABILITIES = ACCOUNTING | INVOICING
EVERY_OPERATION = frozenset(
    op.key for v in (Vertical.accounting, Vertical.invoicing) for op in operations_of(v)
)

MANIFEST = Manifest(
    slug="tryton",
    name="Tryton",
    description=(
        "Tryton 8.2: open-source ERP, accounting and invoicing (REST API, one company per connection)"
    ),
    integrations=(
        IntegrationEntry(integration_id=TRYTON_ACCOUNTING_ID, vertical=Vertical.accounting),
        IntegrationEntry(integration_id=TRYTON_INVOICING_ID, vertical=Vertical.invoicing),
    ),
    auth=AuthMode.api_key,
    credentials=(
        # The server's address, e.g. https://erp.example.com (no default: Tryton is self-hosted).
        CredentialField(name="base_url", secret=False),
        # The Tryton database name.
        CredentialField(name="database", secret=False),
        # The key of a validated user application "rest" (Tryton: User > Applications).
        CredentialField(name="api_key", secret=True),
        # The company's id in Tryton; the database's first company when empty.
        CredentialField(name="company_id", secret=False, optional=True),
    ),
    pagination="offset",
    capabilities=CAPABILITIES,
    # What Tryton's REST API cannot do or has no notion of: docs/connectors/tryton.md says why.
    unsupported=EVERY_OPERATION - CAPABILITIES,
    logo_svg=LOGO,
)
