"""Paginators with the names people know (meltano's singer_sdk.pagination): a provider's pages
walked by next-URL header, page number, offset or cursor. Each stops on the provider's end
marker and after MAX_PAGES at most, so a provider that never says "done" cannot loop forever."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from junction.connectors._framework.errors import ProviderMalformedResponse
from junction.connectors._framework.http import ProviderHTTP
from junction.unified.common import PageRequest

T = TypeVar("T")
MAX_PAGES = 10_000


async def next_url_pages(
    http: ProviderHTTP, url: str, *, header: str, params: dict[str, Any] | None = None, **kwargs: Any
) -> AsyncIterator[httpx.Response]:
    """Follow a header that holds the full URL of the next page, until it is absent or empty."""
    next_url: str | None = url
    first = True
    for _ in range(MAX_PAGES):
        if not next_url:
            return
        response = await http.request("GET", next_url, params=params if first else None, **kwargs)
        yield response
        first = False
        if response.is_error:
            return
        next_url = response.headers.get(header) or None
    raise ProviderMalformedResponse(f"more than {MAX_PAGES} pages: the provider's pagination does not end")


@dataclass(frozen=True)
class Window:
    """Which provider pages of `provider_size` items hold the unified page asked for."""

    first_page: int
    last_page: int
    skip: int

    @classmethod
    def of(cls, page: PageRequest, provider_size: int) -> Window:
        start = page.offset
        end = start + page.size - 1
        first = start // provider_size
        return cls(first_page=first, last_page=end // provider_size, skip=start - first * provider_size)

    def cut(self, items: list[T], size: int) -> list[T]:
        return items[self.skip : self.skip + size]


async def collect_all(fetch: Callable[[int], Awaitable[tuple[list[T], bool]]], *, start: int = 0) -> list[T]:
    """Call `fetch(page_number)` until it says there is no next page; returns every item."""
    items: list[T] = []
    for number in range(start, start + MAX_PAGES):
        batch, more = await fetch(number)
        items.extend(batch)
        if not more or not batch:
            return items
    raise ProviderMalformedResponse(f"more than {MAX_PAGES} pages: the provider's pagination does not end")


def page_of(items: list[T], page: PageRequest) -> list[T]:
    """The unified page out of a complete, ordered list (filters applied by the connector)."""
    return items[page.offset : page.offset + page.size]
