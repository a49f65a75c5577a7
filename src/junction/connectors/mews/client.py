"""A thin client over Mews' Connector API: one POST per operation with the tokens in the JSON
body, cursor pagination, time filters cut into the three-month windows Mews accepts, and Mews'
errors turned into the framework's typed errors. No unified types here."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from junction.connectors._framework.errors import (
    ProviderAuthFailed,
    ProviderMalformedResponse,
    ProviderRateLimited,
    ProviderRejectedInput,
    ProviderUnavailable,
)
from junction.connectors._framework.http import ProviderHTTP
from junction.connectors._framework.pagination import MAX_PAGES
from junction.connectors.mews.manifest import DEFAULT_CLIENT

M = TypeVar("M", bound=BaseModel)
PREFIX = "/api/connector/v1/"
# Mews returns at most 1000 items a request (guidelines/pagination.md).
PAGE_SIZE = 1000
# Time filters are "max length 3 months"; 88 days fits in any three calendar months.
WINDOW = timedelta(days=88)
# Id filters take at most 1000 values (100 for AccountIds).
IDS_PER_CALL = 1000


def error_message(response: httpx.Response) -> str:
    """Mews' own words: the `Message` of its error body, else the status."""
    try:
        body = response.json()
    except ValueError:
        return f"Mews answered {response.status_code}"
    if isinstance(body, dict) and isinstance(body.get("Message"), str):
        return str(body["Message"])
    return f"Mews answered {response.status_code}"


def check(response: httpx.Response) -> httpx.Response:
    """guidelines/responses.md: 400 a bad request, 401 invalid tokens or a missing permission,
    403 a business rule refused it, 408 too heavy, 429 too many requests, 5xx Mews' fault."""
    status = response.status_code
    if status < 400:
        return response
    if status == 401:
        raise ProviderAuthFailed(f"Mews refused the connection's tokens: {error_message(response)}")
    if status == 429:
        raise ProviderRateLimited()
    if status == 408 or status >= 500:
        raise ProviderUnavailable(f"Mews answered {status}")
    raise ProviderRejectedInput(f"Mews refused the request: {error_message(response)}")


def windows(start: datetime, end: datetime) -> Iterator[dict[str, str]]:
    """[start, end) as Mews time intervals no longer than WINDOW. Mews' bounds are inclusive, so
    an item exactly on a boundary may come twice: callers deduplicate by id."""
    cursor = start
    for _ in range(MAX_PAGES):
        if cursor >= end:
            return
        stop = min(cursor + WINDOW, end)
        yield {"StartUtc": _utc(cursor), "EndUtc": _utc(stop)}
        cursor = stop
    raise ProviderMalformedResponse("the period is too long to read from Mews")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def chunks(ids: list[str], size: int = IDS_PER_CALL) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class MewsClient:
    def __init__(self, http: ProviderHTTP, credentials: Mapping[str, str]) -> None:
        self.http = http
        self.recorder = http.recorder
        self.tokens = {
            "ClientToken": credentials.get("client_token", ""),
            "AccessToken": credentials.get("access_token", ""),
            "Client": credentials.get("client") or DEFAULT_CLIENT,
        }

    async def call(self, operation: str, payload: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """One operation. Every Mews operation is a POST, reads included: they are safe to repeat,
        so they are marked idempotent and retried like GETs."""
        response = check(
            await self.http.request(
                "POST", PREFIX + operation, json={**self.tokens, **(payload or {})}, idempotent=True
            )
        )
        try:
            body = json.loads(response.content)
        except ValueError as exc:
            raise ProviderMalformedResponse(
                f"Mews sent a body Junction could not read ({operation})"
            ) from exc
        if not isinstance(body, dict):
            raise ProviderMalformedResponse(f"Mews sent a body Junction could not read ({operation})")
        if self.recorder.keep_raw:
            with contextlib.suppress(ValueError):
                self.recorder.keep_payload(PREFIX + operation, body)
        return body

    async def one(self, operation: str, model: type[M], payload: Mapping[str, Any] | None = None) -> M:
        body = await self.call(operation, payload)
        try:
            return model.model_validate(body)
        except ValidationError as exc:
            raise ProviderMalformedResponse(f"Mews sent a {model.__name__} Junction could not read") from exc

    async def all(
        self, operation: str, key: str, model: type[M], payload: Mapping[str, Any] | None = None
    ) -> list[M]:
        """Every item of a list, following `Cursor` until a batch comes back short."""
        items: list[M] = []
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            limitation: dict[str, Any] = {"Count": PAGE_SIZE}
            if cursor is not None:
                limitation["Cursor"] = cursor
            body = await self.call(operation, {**(payload or {}), "Limitation": limitation})
            batch = body.get(key)
            if not isinstance(batch, list):
                raise ProviderMalformedResponse(f"Mews sent no {key} list ({operation})")
            try:
                items.extend(model.model_validate(item) for item in batch)
            except ValidationError as exc:
                raise ProviderMalformedResponse(
                    f"Mews sent a {model.__name__} Junction could not read"
                ) from exc
            next_cursor = body.get("Cursor")
            if len(batch) < PAGE_SIZE or not isinstance(next_cursor, str) or next_cursor == cursor:
                return items
            cursor = next_cursor
        raise ProviderMalformedResponse(f"more than {MAX_PAGES} pages: Mews' pagination does not end")

    async def windowed(
        self,
        operation: str,
        key: str,
        model: type[M],
        interval: str,
        start: datetime,
        end: datetime,
        payload: Mapping[str, Any] | None = None,
    ) -> list[M]:
        """Every item whose `interval` filter falls in [start, end), read window by window,
        each item once."""
        seen: dict[str, M] = {}
        for window in windows(start, end):
            for item in await self.all(operation, key, model, {**(payload or {}), interval: window}):
                seen.setdefault(str(getattr(item, "id")), item)  # noqa: B009 - every Mews item has an id
        return list(seen.values())

    async def by_ids(
        self,
        operation: str,
        key: str,
        model: type[M],
        filter_name: str,
        ids: list[str],
        payload: Mapping[str, Any] | None = None,
    ) -> list[M]:
        found: list[M] = []
        for chunk in chunks(sorted(set(ids))):
            found.extend(await self.all(operation, key, model, {**(payload or {}), filter_name: chunk}))
        return found
