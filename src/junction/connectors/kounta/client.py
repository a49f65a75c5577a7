"""A thin client over Kounta's API v1: one method per endpoint, Kounta's payload types in and
out, Kounta's errors turned into the framework's typed errors. No unified types here."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from junction.connectors._framework.errors import (
    ObjectNotFound,
    ProviderAuthFailed,
    ProviderMalformedResponse,
    ProviderRateLimited,
    ProviderRejectedInput,
    ProviderUnavailable,
)
from junction.connectors._framework.http import ProviderHTTP
from junction.connectors._framework.pagination import Window, next_url_pages
from junction.connectors.kounta.types import (
    KountaCategory,
    KountaCompany,
    KountaCustomer,
    KountaCustomerBrief,
    KountaOrder,
    KountaPaymentMethod,
    KountaProduct,
    KountaReconciliation,
    KountaSite,
    KountaTax,
)
from junction.unified.common import PageRequest

M = TypeVar("M", bound=BaseModel)

# 25 records a page (third-party notes; the sandbox follows them). X-Pages counts the pages.
PAGE_SIZE = 25
NEXT_PAGE = "X-Next-Page"
PAGES = "X-Pages"


def error_message(response: httpx.Response) -> str:
    """Kounta's own words: `error_description`, `message` or `error`, else the status."""
    try:
        body = response.json()
    except ValueError:
        return f"Kounta answered {response.status_code}"
    if isinstance(body, dict):
        for key in ("error_description", "message", "error"):
            if isinstance(body.get(key), str):
                return str(body[key])
    return f"Kounta answered {response.status_code}"


def check(response: httpx.Response, thing: str = "object", object_id: str = "") -> httpx.Response:
    status = response.status_code
    if status < 400:
        return response
    if status == 401 or status == 403:
        raise ProviderAuthFailed(f"Kounta refused the connection's credentials: {error_message(response)}")
    if status == 404:
        raise ObjectNotFound(thing, object_id)
    if status == 429:
        raise ProviderRateLimited()
    if status >= 500:
        raise ProviderUnavailable(f"Kounta answered {status}")
    raise ProviderRejectedInput(error_message(response))


def parse(response: httpx.Response, model: type[M]) -> M:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        raise ProviderMalformedResponse(f"Kounta sent a {model.__name__} Junction could not read") from exc


def parse_list(response: httpx.Response, model: type[M]) -> list[M]:
    try:
        body = json.loads(response.content)
        if not isinstance(body, list):
            raise ValueError("not a list")
        return [model.model_validate(item) for item in body]
    except (ValueError, ValidationError) as exc:
        raise ProviderMalformedResponse(
            f"Kounta sent a list of {model.__name__} Junction could not read"
        ) from exc


class KountaClient:
    def __init__(self, http: ProviderHTTP, company: str) -> None:
        self.http = http
        self.company = company
        self.base = f"/v1/companies/{company}"
        self.recorder = http.recorder

    async def get(
        self, path: str, thing: str = "object", object_id: str = "", **kwargs: Any
    ) -> httpx.Response:
        response = check(await self.http.request("GET", f"{self.base}{path}", **kwargs), thing, object_id)
        self._keep(path, response)
        return response

    def _keep(self, path: str, response: httpx.Response) -> None:
        if self.recorder.keep_raw and response.content:
            with contextlib.suppress(ValueError):
                self.recorder.keep_payload(f"{self.base}{path}", response.json())

    async def all_pages(self, path: str, model: type[M], params: Mapping[str, Any] | None = None) -> list[M]:
        """Every record of a list, following X-Next-Page."""
        items: list[M] = []
        async for response in next_url_pages(
            self.http, f"{self.base}{path}", header=NEXT_PAGE, params=dict(params or {})
        ):
            check(response)
            self._keep(path, response)
            items.extend(parse_list(response, model))
        return items

    async def page_window(
        self, path: str, model: type[M], page: PageRequest, params: Mapping[str, Any] | None = None
    ) -> tuple[list[M], int]:
        """One unified page and the exact total, fetching only the provider pages that hold it
        (X-Page, 0-based) and the last one (its length makes the total exact)."""
        window = Window.of(page, PAGE_SIZE)
        first = await self._provider_page(path, window.first_page, params)
        pages_header = first.headers.get(PAGES)
        if pages_header is None or not pages_header.isdigit():
            everything = await self.all_pages(path, model, params)
            return everything[page.offset : page.offset + page.size], len(everything)
        pages = int(pages_header)
        if pages == 0:
            return [], 0
        wanted = [n for n in range(window.first_page + 1, window.last_page + 1) if n < pages]
        if pages - 1 > window.last_page:
            wanted.append(pages - 1)
        fetched = dict(
            zip(
                wanted,
                await asyncio.gather(*(self._provider_page(path, n, params) for n in wanted)),
                strict=True,
            )
        )
        fetched[window.first_page] = first
        by_page = {n: parse_list(r, model) for n, r in fetched.items()}
        in_window = [
            item for n in range(window.first_page, window.last_page + 1) for item in by_page.get(n, [])
        ]
        last_length = len(by_page.get(pages - 1, [])) if pages - 1 in by_page else 0
        total = (pages - 1) * PAGE_SIZE + last_length
        return window.cut(in_window, page.size), total

    async def _provider_page(
        self, path: str, number: int, params: Mapping[str, Any] | None
    ) -> httpx.Response:
        return await self.get(path, headers={"X-Page": str(number)}, params=dict(params or {}))

    async def company_info(self) -> KountaCompany:
        return parse(await self.get(""), KountaCompany)

    async def sites(self) -> list[KountaSite]:
        return await self.all_pages("/sites", KountaSite)

    async def customer(self, customer_id: str) -> KountaCustomer:
        if not customer_id.isdigit():
            raise ObjectNotFound("customer", customer_id)
        return parse(await self.get(f"/customers/{customer_id}", "customer", customer_id), KountaCustomer)

    async def lookup_customer(self, params: Mapping[str, str]) -> KountaCustomer | None:
        """Kounta answers a lookup by email, mobile or name+phone with a 302 to the record, or 404."""
        response = await self.http.request("GET", f"{self.base}/customers", params=dict(params))
        if response.status_code == 404:
            return None
        check(response)
        if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
            response = check(await self.http.request("GET", response.headers["location"]))
        self._keep("/customers", response)
        return parse(response, KountaCustomer)

    async def create_customer(self, body: Mapping[str, Any]) -> KountaCustomer:
        response = check(await self.http.request("POST", f"{self.base}/customers", json=dict(body)))
        return await self._created(response, KountaCustomer)

    async def created_json(self, response: httpx.Response) -> dict[str, Any]:
        """The record a create made, from the answer or from its Location."""
        if not response.content:
            location = response.headers.get("location")
            if not location:
                raise ProviderMalformedResponse("Kounta created the record but did not say where it is")
            response = check(await self.http.request("GET", location))
        try:
            body = json.loads(response.content)
        except ValueError as exc:
            raise ProviderMalformedResponse("Kounta's answer to a create could not be read") from exc
        if not isinstance(body, dict):
            raise ProviderMalformedResponse("Kounta's answer to a create is not an object")
        return body

    async def _created(self, response: httpx.Response, model: type[M]) -> M:
        """A create answers 201 with a Location header, with or without the record."""
        if response.content:
            try:
                return model.model_validate_json(response.content)
            except ValidationError:
                pass
        location = response.headers.get("location")
        if not location:
            raise ProviderMalformedResponse("Kounta created the record but did not say where it is")
        return parse(check(await self.http.request("GET", location)), model)

    async def order(self, order_id: str) -> KountaOrder:
        if not order_id.isdigit():
            raise ObjectNotFound("order", order_id)
        return parse(await self.get(f"/orders/{order_id}", "order", order_id), KountaOrder)

    async def update_order(self, order_id: str, body: Mapping[str, Any]) -> KountaOrder:
        if not order_id.isdigit():
            raise ObjectNotFound("order", order_id)
        path = f"{self.base}/orders/{order_id}"
        response = check(await self.http.request("PUT", path, json=dict(body)), "order", order_id)
        if response.content:
            return parse(response, KountaOrder)
        return await self.order(order_id)

    async def products(self, site_id: str | None) -> list[KountaProduct]:
        return await self.all_pages(f"/sites/{site_id}/products" if site_id else "/products", KountaProduct)

    async def product(self, product_id: int) -> KountaProduct:
        return parse(await self.get(f"/products/{product_id}", "product", str(product_id)), KountaProduct)

    async def categories(self, site_id: str | None) -> list[KountaCategory]:
        return await self.all_pages(
            f"/sites/{site_id}/categories" if site_id else "/categories", KountaCategory
        )

    async def category_products(self, category_id: int) -> list[KountaProduct]:
        return await self.all_pages(f"/categories/{category_id}/products", KountaProduct)

    async def taxes(self) -> list[KountaTax]:
        return await self.all_pages("/taxes", KountaTax)

    async def payment_methods(self) -> list[KountaPaymentMethod]:
        return await self.all_pages("/payment_methods", KountaPaymentMethod)

    async def reconciliations_of(self, day: str, site_id: str | None) -> list[KountaReconciliation]:
        prefix = f"/sites/{site_id}" if site_id else ""
        return await self.all_pages(f"{prefix}/reconciliations/{day}", KountaReconciliation)

    async def reconciliation(self, reconciliation_id: str) -> KountaReconciliation:
        if not reconciliation_id.isdigit():
            raise ObjectNotFound("closure", reconciliation_id)
        path = f"/reconciliations/{reconciliation_id}"
        return parse(await self.get(path, "closure", reconciliation_id), KountaReconciliation)

    @staticmethod
    def orders_path(site_id: str | None, register_id: str | None, complete: bool) -> str:
        """Kounta's path-filter grammar: /sites/{id}/registers/{id}/orders/complete."""
        path = ""
        if site_id:
            path += f"/sites/{site_id}"
        if register_id:
            path += f"/registers/{register_id}"
        return path + "/orders" + ("/complete" if complete else "")

    async def orders(self, path: str, params: Mapping[str, str]) -> list[KountaOrder]:
        return await self.all_pages(path, KountaOrder, params)

    async def orders_page(
        self, path: str, params: Mapping[str, str], page: PageRequest
    ) -> tuple[list[KountaOrder], int]:
        return await self.page_window(path, KountaOrder, page, params)

    async def customers_page(self, page: PageRequest) -> tuple[list[KountaCustomerBrief], int]:
        return await self.page_window("/customers", KountaCustomerBrief, page)

    async def all_customers(self) -> list[KountaCustomerBrief]:
        return await self.all_pages("/customers", KountaCustomerBrief)
