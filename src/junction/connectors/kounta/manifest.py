from junction.connectors._framework.manifest import AuthMode, CredentialField, IntegrationEntry, Manifest
from junction.unified.common import Vertical

KOUNTA_INTEGRATION_ID = 101

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" '
    'fill="#1f2a44"/><path d="M20 14h8v16l14-16h10L37 31l16 19H42L28 34v16h-8z" fill="#fff"/></svg>'
)

MANIFEST = Manifest(
    slug="kounta",
    name="Kounta",
    description="Lightspeed Restaurant K-Series (formerly Kounta): point of sale for cafés and restaurants",
    integrations=(IntegrationEntry(integration_id=KOUNTA_INTEGRATION_ID, vertical=Vertical.pos),),
    auth=AuthMode.oauth2_authorization_code,
    credentials=(
        CredentialField(name="client_id", secret=False),
        CredentialField(name="client_secret", secret=True),
        # "me" reaches the company the credentials belong to.
        CredentialField(name="company_id", secret=False, optional=True),
        # Another API host: the Junction sandbox, or a regional Kounta endpoint.
        CredentialField(name="base_url", secret=False, optional=True),
        # Given by the OAuth2 connect flow; without them, HTTP Basic with the client's own company.
        CredentialField(name="access_token", secret=True, optional=True, visibility="consumer"),
        CredentialField(name="refresh_token", secret=True, optional=True, visibility="consumer"),
    ),
    base_url="https://api.kounta.com",
    pagination="next_url_header",
    rate_limit_headers=("X-Ratelimit-Reset",),
    webhook_signature="X-Kounta-Signature: hex HMAC-SHA256 of the raw body",
    capabilities=frozenset(
        {
            "pos.customers.list",
            "pos.customers.get",
            "pos.customers.create",
            "pos.orders.list",
            "pos.orders.get",
            "pos.orders.update",
            "pos.sales.get",
            "pos.payments.list",
            "pos.payment_methods.list",
            "pos.products.list",
            "pos.product_categories.list",
            "pos.tax_rates.list",
            "pos.locations.list",
            "pos.closures.get",
            "pos.objectives.list",
        }
    ),
    # Kounta has no accounting categories, no modifier catalogue in its API, and French
    # e-reporting does not apply to its market.
    unsupported=frozenset({"pos.accounting_categories.list", "pos.modifiers.list", "pos.report.get"}),
    supported_countries=("AU", "NZ", "GB"),
    logo_svg=LOGO,
)
