"""A thin client over SourceHub's API: one method per endpoint, SourceHub's payload types in and
out, SourceHub's errors turned into the framework's typed errors. No unified types here.

Every answer is 200 on success; errors carry `{"error": {code, description, source, status_code}}`
(docs.sourcehub.in/doc/api/about-errors). "Not found" arrives as 400 BAD_REQUEST_ERROR: only its
description tells it from a rejected parameter."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
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
from junction.connectors._framework.pagination import MAX_PAGES
from junction.connectors.sourcehub.types import (
    ListPage,
    SourceHubCustomer,
    SourceHubOrder,
    SourceHubProduct,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
MAX_COUNT = 100
# Calls in flight at once when one unified answer needs many (orders of every customer).
CONCURRENCY = 4


def error_of(response: httpx.Response) -> tuple[str, str]:
    """SourceHub's (code, description), or empty strings when the body is not its error shape."""
    try:
        body = response.json()
    except ValueError:
        return "", ""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return "", ""
    return str(error.get("code") or ""), str(error.get("description") or "")


def is_not_found(response: httpx.Response) -> bool:
    code, description = error_of(response)
    return response.status_code == 400 and code == "BAD_REQUEST_ERROR" and "not found" in description.lower()


def check(response: httpx.Response, thing: str = "object", object_id: str = "") -> httpx.Response:
    status = response.status_code
    if status < 400:
        return response
    code, description = error_of(response)
    if status == 401 or code == "AUTHENTICATION_ERROR":
        raise ProviderAuthFailed("SourceHub refused the connection's API key")
    if status == 429:
        raise ProviderRateLimited()
    if status >= 500:
        raise ProviderUnavailable(f"SourceHub answered {status}")
    if is_not_found(response) or status == 404:
        raise ObjectNotFound(thing, object_id)
    raise ProviderRejectedInput(description or f"SourceHub answered {status}")


def body_of(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise ProviderMalformedResponse("SourceHub sent a body Junction could not read") from exc


def data_field(response: httpx.Response, key: str) -> Any:
    """The one object of an answer: the docs show it as `data` itself ("this object contains the
    entire resource"); `data.<key>` is accepted too."""
    body = body_of(response)
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, dict) and "id" not in data and isinstance(data.get(key), dict):
        return data[key]
    if not isinstance(data, dict):
        raise ProviderMalformedResponse(f"SourceHub's answer has no {key} in data")
    return data


def parse(value: Any, model: type[M]) -> M:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise ProviderMalformedResponse(f"SourceHub sent a {model.__name__} Junction could not read") from exc


class SourceHubClient:
    def __init__(self, http: ProviderHTTP) -> None:
        self.http = http
        self.recorder = http.recorder
        self._gate = asyncio.Semaphore(CONCURRENCY)

    async def _send(
        self, method: str, path: str, thing: str = "object", object_id: str = "", **kwargs: Any
    ) -> httpx.Response:
        async with self._gate:
            response = await self.http.request(method, path, **kwargs)
        check(response, thing, object_id)
        if self.recorder.keep_raw and response.content:
            with contextlib.suppress(ValueError):
                self.recorder.keep_payload(path, response.json())
        return response

    async def page(
        self,
        path: str,
        key: str,
        model: type[M],
        skip: int,
        count: int,
        params: Mapping[str, Any] | None = None,
    ) -> tuple[list[M], int | None]:
        """One provider page: its items and the stated total (None when SourceHub leaves it out)."""
        query = {**(params or {}), "count": count, "skip": skip}
        response = await self._send("GET", path, params=query)
        body = body_of(response)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get(key), list):
            raise ProviderMalformedResponse(f"SourceHub's answer has no data.{key} list")
        page = parse({"items": data[key], "pagination": data.get("pagination")}, ListPage)
        total = page.pagination.total if page.pagination else None
        return [parse(item, model) for item in page.items], total

    async def all(
        self, path: str, key: str, model: type[M], params: Mapping[str, Any] | None = None
    ) -> list[M]:
        """Every record of a list, 100 at a time, until a short page."""
        items: list[M] = []
        for number in range(MAX_PAGES):
            batch, _total = await self.page(path, key, model, number * MAX_COUNT, MAX_COUNT, params)
            items.extend(batch)
            if len(batch) < MAX_COUNT:
                return items
        raise ProviderMalformedResponse("SourceHub's pagination does not end")

    async def count(
        self, path: str, key: str, model: type[M], params: Mapping[str, Any] | None = None
    ) -> int:
        """The size of a list: its stated total, else counted by reading it."""
        _items, total = await self.page(path, key, model, 0, 1, params)
        if total is not None:
            return total
        return len(await self.all(path, key, model, params))

    async def gather(self, calls: Sequence[Callable[[], Awaitable[T]]]) -> list[T]:
        return list(await asyncio.gather(*(call() for call in calls)))

    # --- customers ---

    async def customers_page(self, skip: int, count: int) -> tuple[list[SourceHubCustomer], int | None]:
        return await self.page("/customers", "customers", SourceHubCustomer, skip, count)

    async def all_customers(self) -> list[SourceHubCustomer]:
        return await self.all("/customers", "customers", SourceHubCustomer)

    async def show_customer(self, lookup: Mapping[str, str], shown_id: str) -> SourceHubCustomer:
        """`POST /customers/show`: a read sent as POST, so it may be repeated."""
        response = await self._send(
            "POST", "/customers/show", "customer", shown_id, json=dict(lookup), idempotent=True
        )
        return parse(data_field(response, "customer"), SourceHubCustomer)

    async def find_customer(self, lookup: Mapping[str, str]) -> SourceHubCustomer | None:
        try:
            return await self.show_customer(lookup, "")
        except ObjectNotFound:
            return None

    # --- products ---

    async def products_page(self, skip: int, count: int) -> tuple[list[SourceHubProduct], int | None]:
        return await self.page("/products", "products", SourceHubProduct, skip, count)

    async def all_products(self, params: Mapping[str, Any] | None = None) -> list[SourceHubProduct]:
        return await self.all("/products", "products", SourceHubProduct, params)

    async def product(self, product_id: str) -> SourceHubProduct:
        if not product_id.isdigit():
            raise ObjectNotFound("product", product_id)
        response = await self._send("GET", f"/products/{product_id}", "product", product_id)
        return parse(data_field(response, "product"), SourceHubProduct)

    # --- orders ---

    async def customer_orders(self, phone: str, params: Mapping[str, Any]) -> list[SourceHubOrder]:
        try:
            return await self.all("/orders", "orders", SourceHubOrder, {**params, "phone_number": phone})
        except ObjectNotFound:
            # The customer went away between the two calls: no orders to report for them.
            return []

    async def order(self, order_id: str) -> SourceHubOrder:
        if not order_id.isdigit():
            raise ObjectNotFound("order", order_id)
        response = await self._send("GET", f"/orders/{order_id}", "order", order_id)
        return parse(data_field(response, "order"), SourceHubOrder)

    async def create_order(self, body: Mapping[str, Any]) -> SourceHubOrder:
        response = await self._send("POST", "/orders/create", json=dict(body))
        return parse(data_field(response, "order"), SourceHubOrder)
