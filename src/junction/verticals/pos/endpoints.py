import datetime as dt
from typing import Annotated

from fastapi import Query
from fastapi.responses import JSONResponse

from junction.unified import pos
from junction.unified.common import Page, PageRequest, Vertical
from junction.verticals.gateway import GatewayDep
from junction.verticals.routes import BoolParam, unified_route, vertical_router

router = vertical_router(Vertical.pos)


Paging = Annotated[PageRequest, Query()]
LocationId = Annotated[str | None, Query(description="Only this location; every location when absent")]
DateFrom = Annotated[dt.date, Query(description="First day of the period (inclusive)")]
DateTo = Annotated[dt.date, Query(description="Last day of the period (inclusive)")]


@unified_route(router, "pos.orders.list", Page[pos.Order])
async def get_orders(
    gateway: GatewayDep,
    page: Paging,
    date_from: Annotated[dt.date | None, Query(description="Ignored with closure_id")] = None,
    date_to: Annotated[dt.date | None, Query(description="Ignored with closure_id")] = None,
    location_id: LocationId = None,
    state: Annotated[pos.OrderState, Query()] = pos.OrderState.all,
    closure_id: Annotated[str | None, Query(description="Every order of this closure")] = None,
) -> JSONResponse:
    query = pos.OrderQuery(
        date_from=date_from, date_to=date_to, location_id=location_id, state=state, closure_id=closure_id
    )
    return await gateway.run("pos.orders.list", query, page)


@unified_route(router, "pos.orders.get", pos.Order)
async def get_order(gateway: GatewayDep, order_id: str) -> JSONResponse:
    return await gateway.run("pos.orders.get", order_id)


@unified_route(router, "pos.orders.update", pos.Order)
async def update_order(gateway: GatewayDep, order_id: str, item: pos.OrderUpdate) -> JSONResponse:
    return await gateway.run("pos.orders.update", order_id, item)


@unified_route(router, "pos.sales.get", pos.Sales)
async def get_sales(
    gateway: GatewayDep, date_from: DateFrom, date_to: DateTo, location_id: LocationId = None
) -> JSONResponse:
    query = pos.SalesQuery(date_from=date_from, date_to=date_to, location_id=location_id)
    return await gateway.run("pos.sales.get", query)


@unified_route(router, "pos.payments.list", Page[pos.Payment])
async def get_payments(
    gateway: GatewayDep, page: Paging, date_from: DateFrom, date_to: DateTo
) -> JSONResponse:
    query = pos.PaymentQuery(date_from=date_from, date_to=date_to)
    return await gateway.run("pos.payments.list", query, page)


@unified_route(router, "pos.payment_methods.list", Page[pos.PaymentMethod])
async def get_payment_methods(
    gateway: GatewayDep, page: Paging, location_id: LocationId = None
) -> JSONResponse:
    return await gateway.run("pos.payment_methods.list", pos.LocationQuery(location_id=location_id), page)


@unified_route(router, "pos.customers.list", Page[pos.Customer])
async def get_customers(
    gateway: GatewayDep,
    page: Paging,
    search: Annotated[str | None, Query(max_length=200)] = None,
    email: Annotated[str | None, Query(max_length=320)] = None,
    phone: Annotated[str | None, Query(max_length=50)] = None,
) -> JSONResponse:
    query = pos.CustomerQuery(search=search, email=email, phone=phone)
    return await gateway.run("pos.customers.list", query, page)


@unified_route(router, "pos.customers.get", pos.Customer)
async def get_customer(gateway: GatewayDep, customer_id: str) -> JSONResponse:
    return await gateway.run("pos.customers.get", customer_id)


@unified_route(router, "pos.customers.create", pos.Customer)
async def create_customer(gateway: GatewayDep, item: pos.CustomerCreate) -> JSONResponse:
    return await gateway.run("pos.customers.create", item)


@unified_route(router, "pos.products.list", Page[pos.Product])
async def get_products(gateway: GatewayDep, page: Paging, location_id: LocationId = None) -> JSONResponse:
    return await gateway.run("pos.products.list", pos.LocationQuery(location_id=location_id), page)


@unified_route(router, "pos.product_categories.list", Page[pos.ProductCategory])
async def get_product_categories(
    gateway: GatewayDep,
    page: Paging,
    location_id: LocationId = None,
    only_parents: Annotated[BoolParam, Query(description="Only the top-level categories")] = BoolParam.false,
) -> JSONResponse:
    query = pos.ProductCategoryQuery(location_id=location_id, only_parents=only_parents == BoolParam.true)
    return await gateway.run("pos.product_categories.list", query, page)


@unified_route(router, "pos.accounting_categories.list", Page[pos.AccountingCategory])
async def get_accounting_categories(
    gateway: GatewayDep, page: Paging, location_id: LocationId = None
) -> JSONResponse:
    return await gateway.run(
        "pos.accounting_categories.list", pos.LocationQuery(location_id=location_id), page
    )


@unified_route(router, "pos.tax_rates.list", Page[pos.TaxRate])
async def get_tax_rates(gateway: GatewayDep, page: Paging, location_id: LocationId = None) -> JSONResponse:
    return await gateway.run("pos.tax_rates.list", pos.LocationQuery(location_id=location_id), page)


@unified_route(router, "pos.locations.list", Page[pos.Location])
async def get_locations(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("pos.locations.list", page)


@unified_route(router, "pos.closures.get", pos.Closure)
async def get_closure(gateway: GatewayDep, date: dt.date, location_id: LocationId = None) -> JSONResponse:
    return await gateway.run("pos.closures.get", pos.ClosureQuery(date=date, location_id=location_id))


@unified_route(router, "pos.objectives.list", Page[pos.Objective])
async def get_objectives(
    gateway: GatewayDep, page: Paging, date_from: DateFrom, date_to: DateTo, location_id: LocationId = None
) -> JSONResponse:
    query = pos.ObjectiveQuery(date_from=date_from, date_to=date_to, location_id=location_id)
    return await gateway.run("pos.objectives.list", query, page)


@unified_route(router, "pos.modifiers.list", Page[pos.Modifier])
async def get_modifiers(gateway: GatewayDep, page: Paging, location_id: LocationId = None) -> JSONResponse:
    return await gateway.run("pos.modifiers.list", pos.LocationQuery(location_id=location_id), page)


@unified_route(router, "pos.report.get", pos.Report)
async def get_report(
    gateway: GatewayDep,
    date: Annotated[dt.date, Query(description="The day to report on")],
    location_id: LocationId = None,
) -> JSONResponse:
    return await gateway.run("pos.report.get", pos.ReportQuery(date=date, location_id=location_id))
