"""SourceHub payloads to eCommerce unified models. Pure functions, no I/O.

Assumptions the docs leave open (docs/connectors/sourcehub.md lists them): prices exclude GST;
an order's `date` is its creation day in India's time zone; SourceHub keeps no order status, so
every order is `confirmed`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from junction.connectors.sourcehub.types import (
    OrderProduct,
    ProductPricing,
    SourceHubCustomer,
    SourceHubOrder,
    SourceHubProduct,
)
from junction.unified import commerce
from junction.unified.common import SourceRef

CURRENCY = "INR"
INDIA = dt.timezone(dt.timedelta(hours=5, minutes=30), "IST")
VARIANT_SEPARATOR = ":"
UNIT = "unit"


def _cents(value: float) -> float:
    return round(value + 0.0, 2)


def split_name(full: str | None) -> tuple[str | None, str | None]:
    if not full or not full.strip():
        return None, None
    first, _, last = full.strip().partition(" ")
    return first, last or None


def customer_id(raw: SourceHubCustomer) -> str:
    """The unified id is the customer code (SourceHub's "unique identifier code", the key of
    `POST /customers/show`), else the numeric id."""
    return raw.customer_code or str(raw.id)


def address(raw: SourceHubCustomer, kind: commerce.AddressType) -> commerce.Address | None:
    place = raw.address
    if place is None:
        return None
    first, last = split_name(raw.contact_person_name)
    area = place.area
    lines = [line for line in (place.addressline1, place.addressline2, area.name if area else None) if line]
    return commerce.Address(
        address_type=kind,
        company_name=raw.company_name or None,
        first_name=first,
        last_name=last,
        street=", ".join(lines) or None,
        city=area.city.name if area and area.city else None,
        postal_code=place.postalcode.code if place.postalcode else None,
        country="IN",
        phone=raw.company_phone or raw.contactperson_number or None,
        email=raw.email or None,
        vat=raw.gstin or None,
    )


def to_customer(raw: SourceHubCustomer) -> commerce.Customer:
    first, last = split_name(raw.contact_person_name)
    place = address(raw, commerce.AddressType.main)
    notes = [
        f"company: {raw.company_name}" if raw.company_name else "",
        f"GST: {raw.gst_treatment}" if raw.gst_treatment else "",
    ]
    return commerce.Customer(
        id=customer_id(raw),
        source_ref=SourceRef(id=str(raw.id), model="customer"),
        first_name=first,
        last_name=last,
        phone=raw.contactperson_number or raw.company_phone or None,
        email=raw.email or None,
        internal_notes="; ".join(n for n in notes if n) or None,
        currency=CURRENCY,
        addresses=[place] if place else [],
    )


def _updated(raw: SourceHubProduct) -> dt.datetime | None:
    if not raw.updated_at:
        return None
    try:
        return dt.datetime.strptime(raw.updated_at[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=INDIA)
    except ValueError:
        return None


def updated_on(raw: SourceHubProduct) -> dt.datetime | None:
    return _updated(raw)


def variant_id(product_id: int, pricing: ProductPricing | None) -> str:
    return f"{product_id}{VARIANT_SEPARATOR}{pricing.id if pricing else UNIT}"


def parse_variant_id(value: str) -> tuple[str, str]:
    product, _, pricing = value.partition(VARIANT_SEPARATOR)
    return product, pricing


def _pack(pricing: ProductPricing | None) -> float:
    return pricing.quantity if pricing and pricing.quantity else 1.0


def _categories(raw: SourceHubProduct) -> list[commerce.ProductCategoryRef]:
    category = raw.productcategory
    if category is None:
        return []
    return [commerce.ProductCategoryRef(id=str(category.id), name=category.name or str(category.id))]


def _variant_fields(raw: SourceHubProduct, pricing: ProductPricing | None) -> dict[str, object]:
    price = pricing.price if pricing else raw.price_per_unit
    pack = _pack(pricing)
    name = f"{raw.name} - {pricing.name or f'pack of {pack:g}'}" if pricing else raw.name
    return {
        "id": variant_id(raw.id, pricing),
        "source_ref": SourceRef(
            id=str(pricing.id) if pricing else str(raw.id), model="productpricing" if pricing else "product"
        ),
        "parent_id": str(raw.id),
        "name": name,
        "description": raw.description,
        "categories": _categories(raw),
        "sku": raw.sku,
        "taxable": raw.gst_percent is not None and raw.gst_percent > 0,
        "prices": [commerce.ProductPrice(currency=CURRENCY, price=price)] if price is not None else [],
        "unit_of_measure": raw.measurementtype.name if raw.measurementtype else None,
        "weight": (raw.weight or 0) * pack,
        "status": commerce.ProductStatus.published,
        "variant_attributes": [commerce.VariantAttribute(name="pack", value=f"{pack:g}")],
        "variant_images": [],
    }


def _pricings(raw: SourceHubProduct) -> list[ProductPricing | None]:
    return list(raw.productpricings or []) or [None]


def to_product(raw: SourceHubProduct) -> commerce.Product:
    images = [commerce.Image(id=str(raw.id), main_image=True, url=raw.image)] if raw.image else []
    attributes = [commerce.CommonAttribute(name="hsn_code", values=[raw.hsn_code])] if raw.hsn_code else []
    packs = [f"{_pack(p):g}" for p in _pricings(raw)]
    return commerce.Product(
        id=str(raw.id),
        source_ref=SourceRef(id=str(raw.id), model="product"),
        name=raw.name,
        description=raw.description,
        categories=_categories(raw),
        last_updated_on=updated_on(raw),
        variants=[commerce.ProductVariant.model_validate(_variant_fields(raw, p)) for p in _pricings(raw)],
        status=commerce.ProductStatus.published,
        sku=raw.sku,
        common_attributes=attributes,
        variant_attributes_options=[commerce.VariantAttributeOption(name="pack", values=packs)],
        common_images=images,
    )


def to_variant(raw: SourceHubProduct, pricing_id: str) -> commerce.Variant | None:
    for pricing in _pricings(raw):
        if (pricing.id if pricing else UNIT) == (int(pricing_id) if pricing_id.isdigit() else pricing_id):
            product = to_product(raw)
            return commerce.Variant.model_validate(
                {
                    **_variant_fields(raw, pricing),
                    "common_attributes": product.common_attributes,
                    "common_images": product.common_images,
                }
            )
    return None


def order_day(raw: SourceHubOrder) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw.date or "")[:10])
    except ValueError:
        return None


def _line(raw: OrderProduct, number: int, order_id: int, rates: Mapping[int, float]) -> commerce.OrderLine:
    rate = rates.get(raw.id, 0.0)
    untaxed = _cents(raw.quantity * raw.price)
    tax = _cents(untaxed * rate / 100)
    quantity = round(raw.quantity)
    return commerce.OrderLine(
        id=f"{order_id}-{number}",
        source_ref=SourceRef(id=str(raw.id), model="order_product"),
        variant=commerce.OrderLineVariant(
            id=variant_id(raw.id, None), sku=raw.sku, name=raw.name or str(raw.id)
        ),
        quantity=quantity,
        current_quantity=quantity,
        unit_price=raw.price,
        description=raw.name or str(raw.id),
        tax_rate=rate,
        untaxed_amount=untaxed,
        tax_amount=tax,
        total=_cents(untaxed + tax),
    )


def to_order(raw: SourceHubOrder, rates: Mapping[int, float]) -> commerce.Order:
    """`rates`: each product's GST percent (SourceHub's order lines do not carry it)."""
    lines = [_line(p, n, raw.id, rates) for n, p in enumerate(raw.products, start=1)]
    items = _cents(
        raw.item_total_amount
        if raw.item_total_amount is not None
        else sum(line.untaxed_amount for line in lines)
    )
    discount = raw.discount_amount or 0.0
    returned = raw.return_total_amount or 0.0
    untaxed = _cents(items - discount)
    tax = _cents(sum(line.tax_amount for line in lines))
    total = _cents(untaxed + tax)
    day = order_day(raw)
    created = dt.datetime.combine(day, dt.time(), INDIA) if day else None
    customer = raw.customer
    first, last = split_name(customer.contact_person_name if customer else None)
    return commerce.Order(
        id=str(raw.id),
        source_ref=SourceRef(id=str(raw.id), model="order"),
        order_number=raw.order_no,
        channel="SourceHub",
        customer=commerce.OrderCustomerOut(
            id=customer_id(customer),
            first_name=first,
            last_name=last,
            phone=customer.contactperson_number or customer.company_phone or None,
            email=customer.email or None,
        )
        if customer
        else None,
        billing_address=address(customer, commerce.AddressType.invoice) if customer else None,
        shipping_address=address(customer, commerce.AddressType.delivery) if customer else None,
        created_on=created,
        last_updated_on=created,
        confirmed_on=created,
        status=commerce.OrderStatus.confirmed,
        discount_amount=discount,
        untaxed_amount_without_fees=untaxed,
        tax_amount_without_fees=tax,
        total_without_fees=total,
        current_untaxed_amount=_cents(untaxed - returned),
        current_tax_amount=tax,
        current_total=_cents(total - returned),
        untaxed_amount=untaxed,
        tax_amount=tax,
        total=total,
        refunded_amount=returned,
        currency=CURRENCY,
        lines=lines,
    )


def pack_of(raw: SourceHubProduct, pricing_id: str) -> tuple[float, float | None]:
    """(units in the pack, the pack's price) of a variant."""
    for pricing in raw.productpricings or []:
        if str(pricing.id) == pricing_id:
            return _pack(pricing), pricing.price
    return 1.0, raw.price_per_unit
