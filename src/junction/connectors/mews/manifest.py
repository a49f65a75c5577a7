from junction.connectors._framework.manifest import AuthMode, CredentialField, IntegrationEntry, Manifest
from junction.unified.common import Vertical

MEWS_INTEGRATION_ID = 301
DEFAULT_CLIENT = "Junction 1.0"

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" '
    'fill="#0d1f3c"/><path d="M12 46V18h7l13 16 13-16h7v28h-7V29L32 44 19 29v17z" fill="#fff"/></svg>'
)

MANIFEST = Manifest(
    slug="mews",
    name="Mews",
    description="Mews: cloud property management system for hotels and hostels (Connector API)",
    integrations=(IntegrationEntry(integration_id=MEWS_INTEGRATION_ID, vertical=Vertical.pms),),
    # Mews issues static tokens (no OAuth, no refresh): the ClientToken of the integration partner
    # and the AccessToken of the property, both sent in every JSON body.
    auth=AuthMode.api_key,
    credentials=(
        CredentialField(name="client_token", secret=True, visibility="connector"),
        CredentialField(name="access_token", secret=True, visibility="consumer"),
        # "Name and version of the client application", required by Mews in every request.
        CredentialField(name="client", secret=False, optional=True, visibility="connector"),
        # Another API host: Mews' demo environment (https://api.mews-demo.com) or the Junction sandbox.
        CredentialField(name="base_url", secret=False, optional=True),
    ),
    base_url="https://api.mews.com",
    pagination="cursor",
    capabilities=frozenset(
        {
            "pms.orders.list",
            "pms.invoices.list",
            "pms.customers.list",
            "pms.customers.get",
            "pms.locations.list",
            "pms.payments.list",
            "pms.payment_methods.list",
            "pms.accounting_categories.list",
            "pms.closures.get",
            "pms.taxes.list",
            "pms.accounting_transactions.list",
        }
    ),
    supported_countries=("BE", "NL", "FR", "DE", "GB", "CZ", "AT", "CH", "ES", "IT", "US"),
    logo_svg=LOGO,
)
