from junction.connectors._framework.manifest import AuthMode, CredentialField, IntegrationEntry, Manifest
from junction.unified.common import Vertical

SOURCEHUB_INTEGRATION_ID = 201

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" '
    'fill="#0b5cad"/><path d="M44 20c-3-3-7-4-12-4-7 0-12 4-12 9 0 11 24 7 24 17 0 4-4 6-10 6-5 0-9-2-12-5" '
    'stroke="#fff" stroke-width="6" fill="none" stroke-linecap="round"/></svg>'
)

MANIFEST = Manifest(
    slug="sourcehub",
    name="SourceHub",
    description="SourceHub: B2B ordering and distribution for Indian brands and their retailers",
    integrations=(IntegrationEntry(integration_id=SOURCEHUB_INTEGRATION_ID, vertical=Vertical.commerce),),
    auth=AuthMode.api_key,
    credentials=(
        # The dashboard's API token (Settings -> API); a test-mode or a live-mode one.
        CredentialField(name="api_key", secret=True),
        # Another API host: the Junction sandbox.
        CredentialField(name="base_url", secret=False, optional=True),
    ),
    base_url="https://webservices.sourcehub.in/api",
    pagination="offset",
    capabilities=frozenset(
        {
            "commerce.customers.list",
            "commerce.customers.get",
            "commerce.products.list",
            "commerce.products.get",
            "commerce.variants.get",
            "commerce.orders.list",
            "commerce.orders.get",
            "commerce.orders.create",
        }
    ),
    # SourceHub's public API documents none of these.
    unsupported=frozenset(
        {
            "commerce.variants.set_quantity",
            "commerce.locations.list",
            "commerce.payment_methods.list",
            "commerce.product_categories.list",
            "commerce.taxes.list",
            "commerce.countries.list",
        }
    ),
    supported_countries=("IN",),
    logo_svg=LOGO,
)
