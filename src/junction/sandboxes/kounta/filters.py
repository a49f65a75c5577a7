"""Kounta's filter grammars, parsed from path segments and query parameters.

Orders (https://apidoc.kounta.com/orders/): path filters "can be combined indiscriminately", e.g.
`/sites/823/registers/16/staff/732846/customers/4289/orders/complete/discounted` or
`/orders/sites/823/staff/732846`; query filters `created`, `value` and their `_lt|_lte|_gt|_gte`
forms.

Reconciliations (https://apidoc.kounta.com/reconciliations/): optional `sites/{id}` and
`registers/{id}` filters, then `reconciliations`, then optionally `unprocessed`, then optionally a
day (`2013-04-29`) or a range up to today (`since/2013-04-29`); `unprocessed` must come first."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from junction.sandboxes.kounta.errors import KountaError
from junction.sandboxes.kounta.models import COMPANY_TZ, Order, Reconciliation

STATUS_SEGMENTS = {
    "submitted": "SUBMITTED",
    "on_hold": "ON_HOLD",
    "pending": "PENDING",
    "accepted": "ACCEPTED",
    "rejected": "REJECTED",
    "complete": "COMPLETE",
}
ORDER_FLAGS = frozenset({"accounts", "discounted", "deleted", "linkedcustomer"})
ORDER_RELATIONS = {"sites": "site", "registers": "register", "staff": "staff", "customers": "customer"}
RECONCILIATION_RELATIONS = {"sites": "site", "registers": "register"}
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "": operator.eq,
    "_lt": operator.lt,
    "_lte": operator.le,
    "_gt": operator.gt,
    "_gte": operator.ge,
}


@dataclass(frozen=True)
class OrderFilter:
    relations: tuple[tuple[str, int], ...]
    statuses: frozenset[str]
    flags: frozenset[str]
    created: tuple[tuple[str, date | datetime], ...]
    value: tuple[tuple[str, int], ...]

    def relation(self, name: str) -> int | None:
        return next((value for key, value in self.relations if key == name), None)


@dataclass(frozen=True)
class ReconciliationFilter:
    site_id: int | None
    register_id: int | None
    unprocessed: bool
    day: date | None
    since: date | None


def parse_order_path(segments: list[str]) -> OrderFilter | None:
    """The path filters, or None when the segments are not an orders listing."""
    relations: dict[str, int] = {}
    statuses: set[str] = set()
    flags: set[str] = set()
    seen_orders = False
    index = 0
    while index < len(segments):
        segment = segments[index]
        if segment in ORDER_RELATIONS and index + 1 < len(segments) and segments[index + 1].isdigit():
            relations[ORDER_RELATIONS[segment]] = int(segments[index + 1])
            index += 2
            continue
        if segment == "orders" and not seen_orders:
            seen_orders = True
        elif segment in STATUS_SEGMENTS and seen_orders:
            statuses.add(STATUS_SEGMENTS[segment])
        elif segment in ORDER_FLAGS and seen_orders:
            flags.add(segment)
        else:
            return None
        index += 1
    if not seen_orders:
        return None
    return OrderFilter(tuple(sorted(relations.items())), frozenset(statuses), frozenset(flags), (), ())


def with_query(path_filter: OrderFilter, query: Mapping[str, str]) -> OrderFilter:
    created: list[tuple[str, date | datetime]] = []
    value: list[tuple[str, int]] = []
    for suffix in OPERATORS:
        if (raw := query.get(f"created{suffix}")) is not None:
            created.append((suffix, parse_moment(f"created{suffix}", raw)))
        if (raw := query.get(f"value{suffix}")) is not None:
            value.append((suffix, parse_cents(f"value{suffix}", raw)))
    return OrderFilter(
        path_filter.relations, path_filter.statuses, path_filter.flags, tuple(created), tuple(value)
    )


def parse_moment(name: str, raw: str) -> date | datetime:
    try:
        if DAY.match(raw):
            return date.fromisoformat(raw)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise KountaError(400, f"{name} must be a date (YYYY-MM-DD) or an ISO 8601 date and time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=COMPANY_TZ)


def parse_cents(name: str, raw: str) -> int:
    try:
        amount = float(raw)
    except ValueError:
        raise KountaError(400, f"{name} must be a number") from None
    if amount != amount or amount in (float("inf"), float("-inf")):
        raise KountaError(400, f"{name} must be a number")
    return round(amount * 100)


def order_matches(order: Order, f: OrderFilter) -> bool:
    if ("deleted" in f.flags) != order.deleted:
        return False
    for name, wanted in f.relations:
        actual = {
            "site": order.site_id,
            "register": order.register_id,
            "staff": order.staff_id,
            "customer": order.customer_id,
        }[name]
        if actual != wanted:
            return False
    if f.statuses and order.status not in f.statuses:
        return False
    if "discounted" in f.flags and not order.discounted:
        return False
    if "linkedcustomer" in f.flags and order.customer_id is None:
        return False
    if "accounts" in f.flags and (order.customer_id is None or order.paid_cents >= order.total_cents):
        return False
    for suffix, moment in f.created:
        # A day compares with the order's day in the company's time zone, a time with the instant.
        left: date | datetime = order.created_at.date() if type(moment) is date else order.created_at
        if not OPERATORS[suffix](left, moment):
            return False
    return all(OPERATORS[suffix](order.total_cents, cents) for suffix, cents in f.value)


def parse_reconciliation_path(segments: list[str]) -> ReconciliationFilter | None:
    relations: dict[str, int] = {}
    index = 0
    while index + 1 < len(segments) and segments[index] in RECONCILIATION_RELATIONS:
        if not segments[index + 1].isdigit():
            return None
        relations[RECONCILIATION_RELATIONS[segments[index]]] = int(segments[index + 1])
        index += 2
    if index >= len(segments) or segments[index] != "reconciliations":
        return None
    rest = segments[index + 1 :]
    unprocessed = bool(rest) and rest[0] == "unprocessed"
    if unprocessed:
        rest = rest[1:]
    day: date | None = None
    since: date | None = None
    match rest:
        case []:
            pass
        case [value] if DAY.match(value):
            day = _day(value)
        case ["since", value] if DAY.match(value):
            since = _day(value)
        case _:
            return None
    return ReconciliationFilter(relations.get("site"), relations.get("register"), unprocessed, day, since)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KountaError(400, "The date must be a valid YYYY-MM-DD day") from None


def reconciliation_matches(r: Reconciliation, f: ReconciliationFilter) -> bool:
    if f.site_id is not None and r.site_id != f.site_id:
        return False
    if f.register_id is not None and r.register_id != f.register_id:
        return False
    if f.unprocessed and r.processed:
        return False
    if f.day is not None and r.trading_date != f.day:
        return False
    return not (f.since is not None and r.trading_date < f.since)
