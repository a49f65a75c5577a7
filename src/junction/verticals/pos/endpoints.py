from typing import Annotated

from fastapi import Query
from fastapi.responses import JSONResponse

from junction.unified import pos
from junction.unified.common import Page, PageRequest, Vertical
from junction.verticals.gateway import GatewayDep
from junction.verticals.routes import unified_route, vertical_router

router = vertical_router(Vertical.pos)


@unified_route(router, "pos.customers.list", Page[pos.Customer])
async def get_customers(
    gateway: GatewayDep,
    page: Annotated[PageRequest, Query()],
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
