"""Page arithmetic shared by sandboxes whose providers page with a page number."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import parse_qsl, urlencode

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    pages: int

    @property
    def has_next(self) -> bool:
        return self.number + 1 < self.pages


def page_of(items: Sequence[T], number: int, size: int) -> Page[T]:
    """Page `number` (0-based) of `items`. An empty list still has one (empty) page."""
    pages = max(1, math.ceil(len(items) / size))
    start = number * size
    return Page(list(items[start : start + size]), number, pages)


def with_query_param(query: str, name: str, value: str) -> str:
    """The query string with one parameter set (added, or replacing every earlier value)."""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != name]
    pairs.append((name, value))
    return urlencode(pairs)
