import datetime as dt
from typing import Annotated

from fastapi import Query
from fastapi.responses import JSONResponse

from junction.unified import commerce
from junction.unified.common import Page, PageRequest, Vertical
from junction.verticals.gateway import GatewayDep
from junction.verticals.routes import BoolParam, unified_route, vertical_router

router = vertical_router(Vertical.commerce)

Paging = Annotated[PageRequest, Query()]
UpdatedAfter = Annotated[dt.datetime | None, Query(description="Only what changed after this moment")]


def flag(value: BoolParam | None, default: bool) -> bool:
    return default if value is None else value == BoolParam.true


@unified_route(router, "commerce.customers.list", Page[commerce.Customer])
async def get_customers(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("commerce.customers.list", page)


@unified_route(router, "commerce.customers.get", commerce.Customer)
async def get_customer(gateway: GatewayDep, customer_id: str) -> JSONResponse:
    return await gateway.run("commerce.customers.get", customer_id)


@unified_route(router, "commerce.products.list", Page[commerce.Product])
async def get_products(
    gateway: GatewayDep,
    page: Paging,
    updated_after: UpdatedAfter = None,
    sku: Annotated[str | None, Query(max_length=200, description="Only the product with this SKU")] = None,
) -> JSONResponse:
    query = commerce.ProductQuery(updated_after=updated_after, sku=sku)
    return await gateway.run("commerce.products.list", query, page)


@unified_route(router, "commerce.products.get", commerce.Product)
async def get_product(gateway: GatewayDep, product_id: str) -> JSONResponse:
    return await gateway.run("commerce.products.get", product_id)


@unified_route(router, "commerce.variants.get", commerce.Variant)
async def get_variant(gateway: GatewayDep, variant_id: str) -> JSONResponse:
    return await gateway.run("commerce.variants.get", variant_id)


@unified_route(router, "commerce.variants.set_quantity", commerce.InventoryDetails)
async def set_variant_quantity(
    gateway: GatewayDep, variant_id: str, item: commerce.InventoryDetailsUpdate
) -> JSONResponse:
    return await gateway.run("commerce.variants.set_quantity", variant_id, item)


@unified_route(router, "commerce.locations.list", Page[commerce.Location])
async def get_locations(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("commerce.locations.list", page)


@unified_route(router, "commerce.orders.list", Page[commerce.Order])
async def get_orders(
    gateway: GatewayDep,
    page: Paging,
    date_from: Annotated[dt.date | None, Query(description="First day (inclusive)")] = None,
    date_to: Annotated[dt.date | None, Query(description="Last day (inclusive)")] = None,
    updated_after: UpdatedAfter = None,
    include_detailed_refunds: Annotated[BoolParam | None, Query()] = BoolParam.false,
    include_product_categories: Annotated[BoolParam | None, Query()] = BoolParam.false,
    include_customer_details: Annotated[BoolParam | None, Query()] = BoolParam.true,
) -> JSONResponse:
    query = commerce.OrderQuery(
        date_from=date_from,
        date_to=date_to,
        updated_after=updated_after,
        include_detailed_refunds=flag(include_detailed_refunds, False),
        include_product_categories=flag(include_product_categories, False),
        include_customer_details=flag(include_customer_details, True),
    )
    return await gateway.run("commerce.orders.list", query, page)


@unified_route(router, "commerce.orders.create", commerce.Order)
async def create_order(gateway: GatewayDep, item: commerce.OrderCreate) -> JSONResponse:
    return await gateway.run("commerce.orders.create", item)


@unified_route(router, "commerce.orders.get", commerce.Order)
async def get_order(
    gateway: GatewayDep,
    order_id: str,
    include_product_categories: Annotated[BoolParam | None, Query()] = BoolParam.false,
) -> JSONResponse:
    options = commerce.OrderOptions(include_product_categories=flag(include_product_categories, False))
    return await gateway.run("commerce.orders.get", order_id, options)


@unified_route(router, "commerce.payment_methods.list", Page[commerce.PaymentMethod])
async def get_payment_methods(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("commerce.payment_methods.list", page)


@unified_route(router, "commerce.product_categories.list", Page[commerce.Category])
async def get_product_categories(
    gateway: GatewayDep,
    page: Paging,
    only_parents: Annotated[BoolParam, Query(description="Only the top-level categories")] = BoolParam.false,
) -> JSONResponse:
    query = commerce.CategoryQuery(only_parents=only_parents == BoolParam.true)
    return await gateway.run("commerce.product_categories.list", query, page)


@unified_route(router, "commerce.taxes.list", Page[commerce.TaxRate])
async def get_taxes(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("commerce.taxes.list", page)


@unified_route(router, "commerce.countries.list", Page[commerce.Country])
async def get_countries(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("commerce.countries.list", page)
