"""One of each eCommerce unified model, every field set, for the contract tests."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from junction.connectors._framework.base import Connector, operation
from junction.connectors._framework.manifest import AuthMode, IntegrationEntry, Manifest
from junction.unified import commerce as c
from junction.unified.common import Page, PageRequest, SourceRef, Vertical
from junction.verticals.catalog import operations_of

MOMENT = dt.datetime(2025, 3, 14, 10, 30, tzinfo=dt.UTC)


def ref(object_id: str, model: str) -> SourceRef:
    return SourceRef(id=object_id, model=model)


ADDRESS = c.Address(
    address_type=c.AddressType.invoice,
    company_name="Arobit Business Solutions",
    first_name="Amit",
    last_name="De",
    street="Tarakeswar",
    number="12",
    box="B",
    city="Bengaluru",
    postal_code="560063",
    country="IN",
    phone="9163367906",
    email="amit@example.in",
    vat="29ABCDE1234F1Z5",
)
CUSTOMER = c.Customer(
    id="9",
    source_ref=ref("9", "customer"),
    first_name="Amit",
    last_name="De",
    phone="9163367906",
    email="amit@example.in",
    language="en",
    internal_notes="GST registered",
    currency="INR",
    addresses=[ADDRESS],
    created_on=MOMENT,
)
CATEGORY_REF = c.ProductCategoryRef(id="3", name="Beverages")
PRICE = c.ProductPrice(currency="INR", price=120.0)
LOCATION_REF = c.LocationRef(id="wh-1", name="Main warehouse")
INVENTORY = c.InventoryDetails(location=LOCATION_REF, available_quantity=12.0)
IMAGE = c.Image(id="img-1", main_image=True, url="https://example.in/p.png")
VARIANT_FIELDS = {
    "id": "41",
    "source_ref": ref("41", "productpricing"),
    "parent_id": "7",
    "name": "Mango juice, pack of 12",
    "description": "Twelve bottles",
    "description_html": "<p>Twelve bottles</p>",
    "categories": [CATEGORY_REF],
    "created_on": MOMENT,
    "sku": "MJ-12",
    "taxable": True,
    "barcode": "8901234567890",
    "available_quantity": 12.0,
    "prices": [PRICE],
    "unit_cost": c.ProductCost(amount=90.0, currency="INR"),
    "unit_of_measure": "pack",
    "weight": 3.5,
    "weight_unit": "kg",
    "status": c.ProductStatus.published,
    "inventory_details": [INVENTORY],
    "variant_attributes": [c.VariantAttribute(name="pack", value="12")],
    "variant_images": [IMAGE],
}
PRODUCT_VARIANT = c.ProductVariant(**VARIANT_FIELDS)
VARIANT = c.Variant(
    **VARIANT_FIELDS,
    common_attributes=[c.CommonAttribute(name="hsn_code", values=["2202"])],
    common_images=[IMAGE],
)
PRODUCT = c.Product(
    id="7",
    source_ref=ref("7", "product"),
    name="Mango juice",
    description="Bottled mango juice",
    description_html="<p>Bottled mango juice</p>",
    categories=[CATEGORY_REF],
    created_on=MOMENT,
    last_updated_on=MOMENT,
    variants=[PRODUCT_VARIANT],
    status=c.ProductStatus.published,
    sku="MJ",
    common_attributes=[c.CommonAttribute(name="hsn_code", values=["2202"])],
    variant_attributes_options=[c.VariantAttributeOption(name="pack", values=["12", "24"])],
    common_images=[IMAGE],
)
INVENTORY_UPDATE = c.InventoryDetailsUpdate(location_id="wh-1", available_quantity=5.0)
LOCATION = c.Location(id="wh-1", name="Main warehouse", source_ref=ref("wh-1", "warehouse"))
ADDRESS_IN = c.AddressCreate(
    first_name="Amit",
    last_name="De",
    street="MG Road",
    number="5",
    box="A",
    city="Bengaluru",
    postal_code="560001",
    country="IN",
    phone="9163367906",
    email="amit@example.in",
)
ORDER_CREATE = c.OrderCreate(
    customer=c.OrderCustomer(
        first_name="Amit",
        last_name="De",
        phone="9163367906",
        internal_notes="call first",
        email="amit@example.in",
    ),
    billing_address=ADDRESS_IN,
    shipping_address=ADDRESS_IN,
    currency="INR",
    note="Deliver before noon",
    lines=[c.OrderLineCreate(variant_id="41", quantity=2, tax_rate=12.0, unit_price=120.0)],
    payment_method="credit",
)
LINE_VARIANT = c.OrderLineVariant(id="41", sku="MJ-12", name="Mango juice", categories=[CATEGORY_REF])
DISCOUNT = c.Discount(name="Festive", description="5% off", amount=12.0)
TRANSACTION = c.Transaction(
    id="t-1",
    created_on=MOMENT,
    payment_method_id="credit",
    payment_method_name="Credit",
    amount=268.8,
    status=c.TransactionStatus.success,
)
SHIPPING = c.Fee(
    id="f-1",
    source_ref=ref("f-1", "fee"),
    created_on=MOMENT,
    type=c.FeesType.shipping,
    removed=False,
    tax_rate=18.0,
    tax_id="gst18",
    discounts=[DISCOUNT],
    untaxed_amount=50.0,
    tax_amount=9.0,
    total=59.0,
)
REFUND = c.Refund(
    id="r-1",
    source_ref=ref("r-1", "return"),
    created_on=MOMENT,
    total=134.4,
    reason="damaged",
    order_lines=[
        c.RefundLine(
            id="1", variant=LINE_VARIANT, quantity=1, untaxed_amount=120.0, tax_amount=14.4, total=134.4
        )
    ],
    other=0.0,
    shipping_refunds=[
        c.ShippingRefund(id="s-1", source_ref=ref("s-1", "fee"), untaxed_amount=0, tax_amount=0, total=0)
    ],
    other_fees=[
        c.RefundFee(
            id="rf-1",
            source_ref=ref("rf-1", "fee"),
            type=c.FeesType.other,
            untaxed_amount=0,
            tax_amount=0,
            total=0,
        )
    ],
    transactions=[TRANSACTION],
)
RETURN = c.Return(
    id="ret-1",
    source_ref=ref("ret-1", "return"),
    created_on=MOMENT,
    order_lines=[
        c.ReturnLine(
            id="1", variant=LINE_VARIANT, quantity=1, untaxed_amount=120.0, tax_amount=14.4, total=134.4
        )
    ],
    new_lines=[],
    linked_fees=[
        c.ReturnFee(
            id="rt-1",
            source_ref=ref("rt-1", "fee"),
            type=c.FeesType.shipping,
            untaxed_amount=0,
            tax_amount=0,
            total=0,
        )
    ],
)
LINE = c.OrderLine(
    id="1",
    source_ref=ref("1", "order_product"),
    created_on=MOMENT,
    variant=LINE_VARIANT,
    quantity=2,
    current_quantity=2,
    unit_price=120.0,
    description="Mango juice",
    tax_id="gst12",
    tax_rate=12.0,
    untaxed_amount=240.0,
    tax_amount=28.8,
    total=268.8,
    discounts=[DISCOUNT],
    gift_card=False,
    is_gift=False,
)
ORDER = c.Order(
    id="501",
    source_ref=ref("501", "order"),
    order_number="SO-501",
    channel="sourcehub",
    customer=c.OrderCustomerOut(
        first_name="Amit",
        last_name="De",
        phone="9163367906",
        internal_notes="-",
        email="amit@example.in",
        id="9",
    ),
    billing_address=ADDRESS,
    shipping_address=ADDRESS.model_copy(update={"address_type": c.AddressType.delivery}),
    created_on=MOMENT,
    last_updated_on=MOMENT,
    confirmed_on=MOMENT,
    delivery_date=MOMENT,
    cancelled_on=None,
    status=c.OrderStatus.confirmed,
    fulfillment=c.Fulfillment(
        fulfillment_type=c.FulfillmentType.FBM,
        shipping_from_address=c.FulfillmentAddress(
            address_type=c.AddressType.main,
            name="Main warehouse",
            number="1",
            box=None,
            phone="080123456",
            mobile="9000000000",
            email="wh@example.in",
            street="Industrial Area",
            city="Bengaluru",
            postal_code="560058",
            country="IN",
        ),
    ),
    discount_amount=12.0,
    untaxed_amount_without_fees=240.0,
    tax_amount_without_fees=28.8,
    total_without_fees=268.8,
    current_untaxed_amount=290.0,
    current_tax_amount=37.8,
    current_total=327.8,
    untaxed_amount=290.0,
    tax_amount=37.8,
    total=327.8,
    refunded_amount=0.0,
    currency="INR",
    note="Deliver before noon",
    tags=["b2b"],
    lines=[LINE],
    other_fees=[SHIPPING],
    payment_method_id="credit",
    transactions=[TRANSACTION],
    payment_methods=[c.OrderPaymentMethod(id="credit", name="Credit")],
    detailed_refunds=[REFUND],
    returns=[RETURN],
)
PAYMENT_METHOD = c.PaymentMethod(
    id="credit", source_ref=ref("credit", "payment_mode"), name="Credit", active=True
)
CATEGORY = c.Category(id="3", source_ref=ref("3", "productcategory"), name="Beverages", parent_id="1")
TAX_RATE = c.TaxRate(id="gst12", source_ref=ref("12", "gst"), label="GST 12%", rate=12.0, country="IN")
COUNTRY = c.Country(code="IN", name="India")


FULL_COMMERCE_ID = 90201


def _page(items: list[Any], page: PageRequest) -> Page[Any]:
    return Page(
        items=items[page.offset : page.offset + page.size], total=len(items), page=page.page, size=page.size
    )


class FullCommerceConnector(Connector):
    """Implements every eCommerce operation of the catalog without calling anything: it answers
    with the samples above and keeps the arguments each method received in `calls`."""

    manifest = Manifest(
        slug="fullcommerce",
        name="Full Commerce",
        integrations=(IntegrationEntry(integration_id=FULL_COMMERCE_ID, vertical=Vertical.commerce),),
        auth=AuthMode.none,
        capabilities=frozenset(op.key for op in operations_of(Vertical.commerce)),
    )
    calls: ClassVar[list[tuple[str, tuple[Any, ...]]]] = []

    def _called(self, key: str, *args: Any) -> None:
        self.calls.append((key, args))

    @operation("commerce.customers.list")
    async def list_customers(self, page: PageRequest) -> Page[c.Customer]:
        self._called("commerce.customers.list", page)
        return _page([CUSTOMER], page)

    @operation("commerce.customers.get")
    async def get_customer(self, customer_id: str) -> c.Customer:
        self._called("commerce.customers.get", customer_id)
        return CUSTOMER.model_copy(update={"id": customer_id})

    @operation("commerce.products.list")
    async def list_products(self, query: c.ProductQuery, page: PageRequest) -> Page[c.Product]:
        self._called("commerce.products.list", query, page)
        return _page([PRODUCT], page)

    @operation("commerce.products.get")
    async def get_product(self, product_id: str) -> c.Product:
        self._called("commerce.products.get", product_id)
        return PRODUCT.model_copy(update={"id": product_id})

    @operation("commerce.variants.get")
    async def get_variant(self, variant_id: str) -> c.Variant:
        self._called("commerce.variants.get", variant_id)
        return VARIANT.model_copy(update={"id": variant_id})

    @operation("commerce.variants.set_quantity")
    async def set_quantity(self, variant_id: str, item: c.InventoryDetailsUpdate) -> c.InventoryDetails:
        self._called("commerce.variants.set_quantity", variant_id, item)
        location = c.LocationRef(id=item.location_id, name="Main warehouse")
        return c.InventoryDetails(location=location, available_quantity=item.available_quantity)

    @operation("commerce.locations.list")
    async def list_locations(self, page: PageRequest) -> Page[c.Location]:
        self._called("commerce.locations.list", page)
        return _page([LOCATION], page)

    @operation("commerce.orders.list")
    async def list_orders(self, query: c.OrderQuery, page: PageRequest) -> Page[c.Order]:
        self._called("commerce.orders.list", query, page)
        return _page([ORDER, ORDER.model_copy(update={"id": "502"})], page)

    @operation("commerce.orders.get")
    async def get_order(self, order_id: str, options: c.OrderOptions) -> c.Order:
        self._called("commerce.orders.get", order_id, options)
        return ORDER.model_copy(update={"id": order_id})

    @operation("commerce.orders.create")
    async def create_order(self, item: c.OrderCreate) -> c.Order:
        self._called("commerce.orders.create", item)
        return ORDER.model_copy(update={"note": item.note})

    @operation("commerce.payment_methods.list")
    async def list_payment_methods(self, page: PageRequest) -> Page[c.PaymentMethod]:
        self._called("commerce.payment_methods.list", page)
        return _page([PAYMENT_METHOD], page)

    @operation("commerce.product_categories.list")
    async def list_categories(self, query: c.CategoryQuery, page: PageRequest) -> Page[c.Category]:
        self._called("commerce.product_categories.list", query, page)
        return _page([CATEGORY], page)

    @operation("commerce.taxes.list")
    async def list_taxes(self, page: PageRequest) -> Page[c.TaxRate]:
        self._called("commerce.taxes.list", page)
        return _page([TAX_RATE], page)

    @operation("commerce.countries.list")
    async def list_countries(self, page: PageRequest) -> Page[c.Country]:
        self._called("commerce.countries.list", page)
        return _page([COUNTRY], page)
