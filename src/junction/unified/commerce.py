"""The eCommerce vertical's unified models, field by field from the reference schemas.

As in `pos.py`: amounts are floats (the reference's `number`), enums hold exactly the published
values (the official SDK rejects any other), and each class carries with `@reference_schema` the
name the reference document gives its schema. Every read model carries `source_ref`, the
provider's own id and model name for the object.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from junction.unified.common import SourceRef, UnifiedModel, reference_schema


@reference_schema("AddressType")
class AddressType(StrEnum):
    main = "main"
    delivery = "delivery"
    invoice = "invoice"


@reference_schema("ProductStatus")
class ProductStatus(StrEnum):
    unknown = "unknown"
    archived = "archived"
    unpublished = "unpublished"
    published = "published"


@reference_schema("OrderStatus")
class OrderStatus(StrEnum):
    cancelled_unpaid = "cancelled_unpaid"
    cancelled = "cancelled"
    draft = "draft"
    confirmed = "confirmed"
    shipped = "shipped"
    refunded = "refunded"


@reference_schema("EcommerceFulfillmentType")
class FulfillmentType(StrEnum):
    FBA = "FBA"
    FBM = "FBM"


@reference_schema("FeesType")
class FeesType(StrEnum):
    shipping = "shipping"
    other = "other"


@reference_schema("CommerceTransactionStatus")
class TransactionStatus(StrEnum):
    failed = "failed"
    pending = "pending"
    success = "success"


@reference_schema("CommerceAddressItemOut")
class Address(UnifiedModel):
    address_type: AddressType
    company_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    street: str | None = None
    number: str | None = None
    box: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None
    phone: str | None = None
    email: str | None = None
    vat: str | None = None


@reference_schema("CommerceCustomerItem")
class Customer(UnifiedModel):
    id: str
    source_ref: SourceRef
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    email: str | None = None
    language: str | None = None
    internal_notes: str | None = None
    currency: str | None = None
    addresses: list[Address] | None = []
    created_on: dt.datetime | None = None


@reference_schema("CommerceProductCategoryItem")
class ProductCategoryRef(UnifiedModel):
    id: str
    name: str


@reference_schema("CommonAttributeItem")
class CommonAttribute(UnifiedModel):
    name: str
    values: list[str]


@reference_schema("VariantAttributeOptionItem")
class VariantAttributeOption(UnifiedModel):
    name: str
    values: list[str]


@reference_schema("VariantAttributeItem")
class VariantAttribute(UnifiedModel):
    name: str
    value: str


@reference_schema("ImageItem")
class Image(UnifiedModel):
    id: str
    main_image: bool
    url: str


@reference_schema("CommerceProductPriceItem")
class ProductPrice(UnifiedModel):
    currency: str
    price: float | None = 0


@reference_schema("ProductCostItem")
class ProductCost(UnifiedModel):
    amount: float
    currency: str


@reference_schema("CommerceLocationItem")
class LocationRef(UnifiedModel):
    id: str
    name: str


@reference_schema("InventoryDetailsItem")
class InventoryDetails(UnifiedModel):
    """The quantity available at one location."""

    location: LocationRef
    available_quantity: float


@reference_schema("InventoryDetailsUpdate")
class InventoryDetailsUpdate(UnifiedModel):
    location_id: str
    available_quantity: float = Field(ge=0)


@reference_schema("ProductVariantItem")
class ProductVariant(UnifiedModel):
    """A variant as listed inside its product."""

    id: str
    source_ref: SourceRef
    parent_id: str
    name: str
    description: str | None = None
    description_html: str | None = None
    categories: list[ProductCategoryRef] | None = []
    created_on: dt.datetime | None = None
    sku: str | None = None
    taxable: bool | None = None
    barcode: str | None = None
    available_quantity: float | None = 0
    prices: list[ProductPrice] | None = []
    unit_cost: ProductCost | None = None
    unit_of_measure: str | None = None
    weight: float | None = 0
    weight_unit: str | None = None
    status: ProductStatus | None = None
    inventory_details: list[InventoryDetails] | None = []
    variant_attributes: list[VariantAttribute] | None = []
    variant_images: list[Image] | None = []


@reference_schema("VariantItem")
class Variant(UnifiedModel):
    """One variant read on its own: the variant with its product's common attributes and images."""

    id: str
    source_ref: SourceRef
    parent_id: str
    name: str
    description: str | None = None
    description_html: str | None = None
    categories: list[ProductCategoryRef] | None = []
    created_on: dt.datetime | None = None
    sku: str | None = None
    taxable: bool | None = None
    barcode: str | None = None
    available_quantity: float | None = 0
    prices: list[ProductPrice] | None = []
    unit_cost: ProductCost | None = None
    unit_of_measure: str | None = None
    weight: float | None = 0
    weight_unit: str | None = None
    status: ProductStatus | None = None
    inventory_details: list[InventoryDetails] | None = []
    common_attributes: list[CommonAttribute] | None = []
    variant_attributes: list[VariantAttribute] | None = []
    common_images: list[Image] | None = []
    variant_images: list[Image] | None = []


@reference_schema("CommerceProductItem")
class Product(UnifiedModel):
    id: str
    source_ref: SourceRef
    name: str
    description: str | None = None
    description_html: str | None = None
    categories: list[ProductCategoryRef] | None = []
    created_on: dt.datetime | None = None
    last_updated_on: dt.datetime | None = None
    variants: list[ProductVariant] | None = []
    status: ProductStatus | None = None
    sku: str | None = None
    common_attributes: list[CommonAttribute] | None = []
    variant_attributes_options: list[VariantAttributeOption] | None = []
    common_images: list[Image] | None = []


class ProductQuery(UnifiedModel):
    updated_after: dt.datetime | None = None
    sku: str | None = None


@reference_schema("CommerceLocationItemOut")
class Location(UnifiedModel):
    id: str
    name: str
    source_ref: SourceRef | None = None


@reference_schema("OrderCustomerItem")
class OrderCustomer(UnifiedModel):
    """Who an order is for, when creating it: the provider finds (or makes) the customer."""

    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    internal_notes: str | None = None
    email: str


@reference_schema("CommerceAddressItemIn")
class AddressCreate(UnifiedModel):
    first_name: str
    last_name: str
    street: str
    number: str
    box: str | None = None
    city: str
    postal_code: str | None = None
    country: str = Field(min_length=1)
    phone: str | None = None
    email: str | None = None


@reference_schema("OrderLineItemIn")
class OrderLineCreate(UnifiedModel):
    variant_id: str
    quantity: int
    tax_rate: float
    unit_price: float


@reference_schema("OrderItemIn")
class OrderCreate(UnifiedModel):
    customer: OrderCustomer
    billing_address: AddressCreate
    shipping_address: AddressCreate
    currency: str
    note: str | None = None
    lines: list[OrderLineCreate] = Field(min_length=1)
    payment_method: str | None = None


@reference_schema("OrderCustomerItemOut")
class OrderCustomerOut(UnifiedModel):
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    internal_notes: str | None = None
    email: str | None = None
    id: str


@reference_schema("AddressItemOut")
class FulfillmentAddress(UnifiedModel):
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


@reference_schema("EcommerceFulfillmentObject")
class Fulfillment(UnifiedModel):
    fulfillment_type: FulfillmentType
    shipping_from_address: FulfillmentAddress | None = None


@reference_schema("OrderLineProductVariantItem")
class OrderLineVariant(UnifiedModel):
    id: str
    sku: str | None = None
    name: str
    categories: list[ProductCategoryRef] | None = []


@reference_schema("CommerceDiscountItem")
class Discount(UnifiedModel):
    name: str
    description: str
    amount: float


@reference_schema("OrderLineItemOut")
class OrderLine(UnifiedModel):
    """One line: `unit_price` without tax, `total` with tax."""

    id: str
    source_ref: SourceRef
    created_on: dt.datetime | None = None
    variant: OrderLineVariant | None = None
    quantity: int
    current_quantity: int
    unit_price: float
    description: str
    tax_id: str | None = None
    tax_rate: float
    untaxed_amount: float
    tax_amount: float
    total: float
    discounts: list[Discount] | None = []
    gift_card: bool | None = False
    is_gift: bool | None = False


@reference_schema("FeesItem")
class Fee(UnifiedModel):
    id: str
    source_ref: SourceRef
    created_on: dt.datetime | None = None
    type: FeesType
    removed: bool | None = False
    tax_rate: float
    tax_id: str | None = None
    discounts: list[Discount] | None = []
    untaxed_amount: float
    tax_amount: float
    total: float


@reference_schema("OrderTransactions")
class Transaction(UnifiedModel):
    id: str
    created_on: dt.datetime | None = None
    payment_method_id: str | None = None
    payment_method_name: str | None = None
    amount: float
    status: TransactionStatus


@reference_schema("OrderPaymentMethods")
class OrderPaymentMethod(UnifiedModel):
    id: str
    name: str | None = None


@reference_schema("RefundOrderLineItem")
class RefundLine(UnifiedModel):
    id: str
    variant: OrderLineVariant | None = None
    quantity: int
    untaxed_amount: float
    tax_amount: float
    total: float


@reference_schema("ShippingRefund")
class ShippingRefund(UnifiedModel):
    id: str
    source_ref: SourceRef
    untaxed_amount: float
    tax_amount: float
    total: float


@reference_schema("RefundFeesItem")
class RefundFee(UnifiedModel):
    id: str
    source_ref: SourceRef
    type: FeesType
    untaxed_amount: float
    tax_amount: float
    total: float


@reference_schema("OrderRefundItem")
class Refund(UnifiedModel):
    id: str
    source_ref: SourceRef
    created_on: dt.datetime | None = None
    total: float
    reason: str | None = None
    order_lines: list[RefundLine] | None = []
    other: float | None = 0
    shipping_refunds: list[ShippingRefund] | None = []
    other_fees: list[RefundFee] | None = []
    transactions: list[Transaction] | None = []


@reference_schema("ReturnOrderLineItem")
class ReturnLine(UnifiedModel):
    id: str
    variant: OrderLineVariant | None = None
    quantity: int
    untaxed_amount: float
    tax_amount: float
    total: float


@reference_schema("ReturnFeesItem")
class ReturnFee(UnifiedModel):
    id: str
    source_ref: SourceRef
    type: FeesType
    untaxed_amount: float
    tax_amount: float
    total: float


@reference_schema("OrderReturnItem")
class Return(UnifiedModel):
    id: str
    source_ref: SourceRef
    created_on: dt.datetime | None = None
    order_lines: list[ReturnLine] | None = []
    new_lines: list[ReturnLine] | None = []
    linked_fees: list[ReturnFee] | None = []


@reference_schema("OrderItemOut")
class Order(UnifiedModel):
    """An order. The `current_*` amounts are after refunds and returns; `*_without_fees`
    exclude shipping and other fees."""

    id: str
    source_ref: SourceRef
    order_number: str | None = None
    channel: str | None = None
    customer: OrderCustomerOut | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    created_on: dt.datetime | None = None
    last_updated_on: dt.datetime | None = None
    confirmed_on: dt.datetime | None = None
    delivery_date: dt.datetime | None = None
    cancelled_on: dt.datetime | None = None
    status: OrderStatus
    fulfillment: Fulfillment | None = None
    discount_amount: float
    untaxed_amount_without_fees: float
    tax_amount_without_fees: float
    total_without_fees: float
    current_untaxed_amount: float
    current_tax_amount: float
    current_total: float
    untaxed_amount: float
    tax_amount: float
    total: float
    refunded_amount: float | None = 0
    currency: str
    note: str | None = None
    tags: list[str] | None = []
    lines: list[OrderLine]
    other_fees: list[Fee] | None = []
    payment_method_id: str | None = None
    transactions: list[Transaction] | None = []
    payment_methods: list[OrderPaymentMethod] | None = []
    detailed_refunds: list[Refund] | None = None
    returns: list[Return] | None = []


class OrderQuery(UnifiedModel):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    updated_after: dt.datetime | None = None
    include_detailed_refunds: bool = False
    include_product_categories: bool = False
    include_customer_details: bool = True


class OrderOptions(UnifiedModel):
    """Options of reading one order."""

    include_product_categories: bool = False


@reference_schema("PaymentMethodItem")
class PaymentMethod(UnifiedModel):
    id: str
    source_ref: SourceRef
    name: str
    active: bool


@reference_schema("CategoryItem")
class Category(UnifiedModel):
    id: str
    source_ref: SourceRef
    name: str
    parent_id: str | None = None


class CategoryQuery(UnifiedModel):
    only_parents: bool = False


@reference_schema("TaxRateItem")
class TaxRate(UnifiedModel):
    id: str
    source_ref: SourceRef
    label: str
    rate: float
    country: str | None = None


@reference_schema("CountryItem")
class Country(UnifiedModel):
    code: str
    name: str
