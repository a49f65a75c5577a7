import datetime as dt
from typing import Annotated

from fastapi import Query
from fastapi.responses import JSONResponse

from junction.unified import pms
from junction.unified.common import Page, PageRequest, Vertical
from junction.verticals.gateway import GatewayDep
from junction.verticals.routes import unified_route, vertical_router

router = vertical_router(Vertical.pms)

Paging = Annotated[PageRequest, Query()]
LocationId = Annotated[str | None, Query(description="Only this location; every location when absent")]
DateFrom = Annotated[dt.date, Query(description="First day of the period (inclusive)")]
DateTo = Annotated[dt.date, Query(description="Last day of the period (inclusive)")]


@unified_route(router, "pms.orders.list", Page[pms.Order])
async def get_orders(
    gateway: GatewayDep,
    page: Paging,
    date_from: DateFrom,
    date_to: DateTo,
    location_id: LocationId = None,
    state: Annotated[pms.OrderState, Query()] = pms.OrderState.consumed,
) -> JSONResponse:
    query = pms.OrderQuery(date_from=date_from, date_to=date_to, location_id=location_id, state=state)
    return await gateway.run("pms.orders.list", query, page)


@unified_route(router, "pms.invoices.list", Page[pms.Invoice])
async def get_invoices(
    gateway: GatewayDep, page: Paging, date_from: DateFrom, date_to: DateTo, location_id: LocationId = None
) -> JSONResponse:
    query = pms.InvoiceQuery(date_from=date_from, date_to=date_to, location_id=location_id)
    return await gateway.run("pms.invoices.list", query, page)


@unified_route(router, "pms.customers.list", Page[pms.Customer])
async def get_customers(
    gateway: GatewayDep,
    page: Paging,
    search: Annotated[str | None, Query(max_length=200)] = None,
    email: Annotated[str | None, Query(max_length=320)] = None,
    phone: Annotated[str | None, Query(max_length=50)] = None,
) -> JSONResponse:
    query = pms.CustomerQuery(search=search, email=email, phone=phone)
    return await gateway.run("pms.customers.list", query, page)


@unified_route(router, "pms.customers.get", pms.Customer)
async def get_customer(gateway: GatewayDep, customer_id: str) -> JSONResponse:
    return await gateway.run("pms.customers.get", customer_id)


@unified_route(router, "pms.locations.list", Page[pms.Location])
async def get_locations(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("pms.locations.list", page)


@unified_route(router, "pms.payments.list", Page[pms.Payment])
async def get_payments(
    gateway: GatewayDep, page: Paging, date_from: DateFrom, date_to: DateTo
) -> JSONResponse:
    return await gateway.run(
        "pms.payments.list", pms.PaymentQuery(date_from=date_from, date_to=date_to), page
    )


@unified_route(router, "pms.payment_methods.list", Page[pms.PaymentMethod])
async def get_payment_methods(
    gateway: GatewayDep, page: Paging, location_id: LocationId = None
) -> JSONResponse:
    return await gateway.run("pms.payment_methods.list", pms.LocationQuery(location_id=location_id), page)


@unified_route(router, "pms.accounting_categories.list", Page[pms.AccountingCategory])
async def get_accounting_categories(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("pms.accounting_categories.list", page)


@unified_route(router, "pms.closures.get", pms.Closure)
async def get_closure(gateway: GatewayDep, date: dt.date, location_id: LocationId = None) -> JSONResponse:
    return await gateway.run("pms.closures.get", pms.ClosureQuery(date=date, location_id=location_id))


@unified_route(router, "pms.taxes.list", Page[pms.TaxRate])
async def get_taxes(gateway: GatewayDep, page: Paging) -> JSONResponse:
    return await gateway.run("pms.taxes.list", page)


@unified_route(router, "pms.accounting_transactions.list", Page[pms.AccountingTransaction])
async def get_accounting_transactions(
    gateway: GatewayDep, page: Paging, date_from: DateFrom, date_to: DateTo, location_id: LocationId = None
) -> JSONResponse:
    query = pms.AccountingTransactionQuery(date_from=date_from, date_to=date_to, location_id=location_id)
    return await gateway.run("pms.accounting_transactions.list", query, page)
