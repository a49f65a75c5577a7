"""Mews' Connector API (https://mews-systems.gitbook.io/connector-api/), emulated: every
operation is `POST /api/connector/v1/<resource>/<operation>` with a JSON body carrying
`ClientToken`, `AccessToken` and `Client`; lists page with `Limitation {Count, Cursor}` and filter
on time intervals of at most three months (guidelines/pagination.md, operations/*.md)."""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from junction.sandboxes._kit import Sandbox
from junction.sandboxes.mews import render
from junction.sandboxes.mews.errors import MewsError, respond
from junction.sandboxes.mews.models import Bill, MewsState
from junction.sandboxes.mews.seed import ACCESS_TOKEN, CLIENT_TOKEN

T = TypeVar("T")
Json = dict[str, Any]
MAX_COUNT = 1000
MAX_IDS = 1000
INTERVAL_MONTHS = 3


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment <= self.end


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def parse_utc(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise MewsError(400, f"Invalid {where}: expected an ISO 8601 UTC date and time.")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise MewsError(400, f"Invalid {where}: expected an ISO 8601 UTC date and time.") from exc
    if moment.tzinfo is None:
        raise MewsError(400, f"Invalid {where}: the time must be in UTC.")
    return moment


class Body:
    """The request body with Mews' validation rules."""

    def __init__(self, data: Json) -> None:
        self.data = data

    def interval(self, name: str) -> Interval | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise MewsError(400, f"Invalid {name}.")
        start = parse_utc(value.get("StartUtc"), f"{name}.StartUtc")
        end = parse_utc(value.get("EndUtc"), f"{name}.EndUtc")
        if end < start:
            raise MewsError(400, f"Invalid {name}: EndUtc must not be before StartUtc.")
        if end > add_months(start, INTERVAL_MONTHS):
            raise MewsError(400, f"Invalid {name}: the time interval exceeds the maximum length of 3 months.")
        return Interval(start, end)

    def ids(self, name: str, limit: int = MAX_IDS) -> set[str] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise MewsError(400, f"Invalid {name}: expected an array of strings.")
        if len(value) > limit:
            raise MewsError(400, f"Invalid {name}: at most {limit} items.")
        return {v.lower() for v in value}

    def limitation(self) -> tuple[int, str | None]:
        value = self.data.get("Limitation")
        if not isinstance(value, dict):
            raise MewsError(400, "Invalid Limitation: Limitation is required.")
        count, cursor = value.get("Count"), value.get("Cursor")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
            raise MewsError(400, f"Invalid Limitation.Count: must be between 1 and {MAX_COUNT}.")
        if cursor is not None and not isinstance(cursor, str):
            raise MewsError(400, "Invalid Limitation.Cursor.")
        return count, cursor

    def require_one(self, names: Sequence[str]) -> None:
        if not any(self.data.get(name) for name in names):
            raise MewsError(400, f"Invalid request: at least one of {', '.join(names)} is required.")


def paginate(items: Sequence[T], body: Body, key: Callable[[T], str]) -> tuple[list[T], str | None]:
    """Mews' cursor pagination: items in a stable order (creation time, then id); `Cursor` is the
    id of the last item returned, and a request with it continues right after that item."""
    count, cursor = body.limitation()
    start = 0
    if cursor is not None:
        ids = [key(item).lower() for item in items]
        try:
            start = ids.index(cursor.lower()) + 1
        except ValueError:
            raise MewsError(400, "Invalid Limitation.Cursor.") from None
    chosen = list(items[start : start + count])
    return chosen, key(chosen[-1]) if chosen else None


def _filter(items: Iterable[T], *tests: Callable[[T], bool]) -> list[T]:
    return [item for item in items if all(test(item) for test in tests)]


def _in(ids: set[str] | None, value: Callable[[T], str | None]) -> Callable[[T], bool]:
    return lambda item: ids is None or (value(item) or "").lower() in ids


def _during(interval: Interval | None, moment: Callable[[T], datetime | None]) -> Callable[[T], bool]:
    return lambda item: interval is None or interval.holds(moment(item))


class MewsAPI:
    def __init__(self, sandbox: Sandbox[MewsState]) -> None:
        self.sandbox = sandbox
        self.operations: dict[str, Callable[[MewsState, Body], Json]] = {
            "configuration/get": self.configuration,
            "taxations/getall": self.taxations,
            "accountingcategories/getall": self.accounting_categories,
            "services/getall": self.services,
            "resources/getall": self.resources,
            "customers/getall": self.customers,
            "companies/getall": self.companies,
            "reservations/getall/2023-06-06": self.reservations,
            "orderitems/getall": self.order_items,
            "payments/getall": self.payments,
            "bills/getall": self.bills,
        }

    async def handle(self, request: Request) -> Response:
        try:
            operation = request.path_params["operation"].strip("/").lower()
            handler = self.operations.get(operation)
            if handler is None:
                raise MewsError(404, f"The operation {operation} does not exist.")
            body = await self._body(request)
            state = self.sandbox.state
            self._authenticate(state, body)
            return JSONResponse(handler(state, body))
        except MewsError as exc:
            return respond(exc)

    async def _body(self, request: Request) -> Body:
        try:
            data = json.loads(await request.body())
        except ValueError:
            raise MewsError(400, "Invalid request: the body must be JSON.") from None
        if not isinstance(data, dict):
            raise MewsError(400, "Invalid request: the body must be a JSON object.")
        return Body(data)

    def _authenticate(self, state: MewsState, body: Body) -> None:
        if state.token_baseline is None:
            state.token_baseline = self.sandbox.faults.token_generation
        if body.data.get("ClientToken") != CLIENT_TOKEN:
            raise MewsError(401, "Invalid ClientToken.")
        revoked = self.sandbox.faults.token_generation > state.token_baseline
        if body.data.get("AccessToken") != ACCESS_TOKEN or revoked:
            raise MewsError(401, "Invalid AccessToken.")
        client = body.data.get("Client")
        if not isinstance(client, str) or not client.strip():
            raise MewsError(
                400, "Invalid Client: the name and version of the client application are required."
            )

    # --- operations -------------------------------------------------------------------------

    def configuration(self, state: MewsState, body: Body) -> Json:
        return render.configuration(state)

    def taxations(self, state: MewsState, body: Body) -> Json:
        return render.taxations(state)

    def accounting_categories(self, state: MewsState, body: Body) -> Json:
        ids = body.ids("AccountingCategoryIds")
        updated = body.interval("UpdatedUtc")
        found = _filter(
            state.accounting_categories, _in(ids, lambda c: c.id), _during(updated, lambda c: c.created_utc)
        )
        page, cursor = paginate(found, body, lambda c: c.id)
        return {
            "AccountingCategories": [render.accounting_category(state, c) for c in page],
            "Cursor": cursor,
        }

    def services(self, state: MewsState, body: Body) -> Json:
        ids = body.ids("ServiceIds")
        page, cursor = paginate(_filter(state.services, _in(ids, lambda s: s.id)), body, lambda s: s.id)
        return {"Services": [render.service(state, s) for s in page], "Cursor": cursor}

    def resources(self, state: MewsState, body: Body) -> Json:
        ids = body.ids("ResourceIds")
        page, cursor = paginate(_filter(state.resources, _in(ids, lambda r: r.id)), body, lambda r: r.id)
        return {"Resources": [render.resource(state, r) for r in page], "Cursor": cursor}

    def customers(self, state: MewsState, body: Body) -> Json:
        body.require_one(
            (
                "CustomerIds",
                "Emails",
                "FirstNames",
                "LastNames",
                "LoyaltyCodes",
                "CompanyIds",
                "CreatedUtc",
                "UpdatedUtc",
                "DeletedUtc",
            )
        )
        ids, emails = body.ids("CustomerIds"), body.ids("Emails")
        first, last = body.ids("FirstNames"), body.ids("LastNames")
        loyalty, companies = body.ids("LoyaltyCodes"), body.ids("CompanyIds", limit=1)
        created, updated, deleted = (
            body.interval("CreatedUtc"),
            body.interval("UpdatedUtc"),
            body.interval("DeletedUtc"),
        )
        found = _filter(
            sorted(state.customers, key=lambda c: (c.created_utc, c.id)),
            _in(ids, lambda c: c.id),
            _in(emails, lambda c: c.email),
            _in(first, lambda c: c.first_name),
            _in(last, lambda c: c.last_name),
            _in(loyalty, lambda c: c.loyalty_code),
            _in(companies, lambda c: c.company_id),
            _during(created, lambda c: c.created_utc),
            _during(updated, lambda c: c.updated_utc),
            # Nobody is ever deleted in the sandbox.
            lambda c: deleted is None,
        )
        page, cursor = paginate(found, body, lambda c: c.id)
        extent = body.data.get("Extent")
        wanted = not isinstance(extent, dict) or extent.get("Customers", True) is not False
        return {
            "Customers": [render.customer(state, c) for c in page] if wanted else [],
            "Documents": None,
            "Cursor": cursor,
        }

    def companies(self, state: MewsState, body: Body) -> Json:
        body.require_one(("Ids", "Names", "CreatedUtc", "UpdatedUtc", "ExternalIdentifiers"))
        ids, names = body.ids("Ids"), body.ids("Names")
        created, updated = body.interval("CreatedUtc"), body.interval("UpdatedUtc")
        found = _filter(
            sorted(state.companies, key=lambda c: (c.created_utc, c.id)),
            _in(ids, lambda c: c.id),
            _in(names, lambda c: c.name),
            _during(created, lambda c: c.created_utc),
            _during(updated, lambda c: c.created_utc),
        )
        page, cursor = paginate(found, body, lambda c: c.id)
        return {"Companies": [render.company(state, c) for c in page], "Cursor": cursor}

    def reservations(self, state: MewsState, body: Body) -> Json:
        body.require_one(
            (
                "ReservationIds",
                "AccountIds",
                "ServiceIds",
                "CreatedUtc",
                "UpdatedUtc",
                "CollidingUtc",
                "ScheduledStartUtc",
                "ScheduledEndUtc",
            )
        )
        ids, accounts, services = (
            body.ids("ReservationIds"),
            body.ids("AccountIds", 100),
            body.ids("ServiceIds"),
        )
        created, updated = body.interval("CreatedUtc"), body.interval("UpdatedUtc")
        colliding = body.interval("CollidingUtc")
        starts, ends = body.interval("ScheduledStartUtc"), body.interval("ScheduledEndUtc")
        states = body.ids("States")
        found = _filter(
            sorted(state.reservations, key=lambda r: (r.created_utc, r.id)),
            _in(ids, lambda r: r.id),
            _in(accounts, lambda r: r.account_id),
            _in(services, lambda r: r.service_id),
            _in(states, lambda r: r.state),
            _during(created, lambda r: r.created_utc),
            _during(updated, lambda r: r.updated_utc),
            _during(starts, lambda r: r.start_utc),
            _during(ends, lambda r: r.end_utc),
            lambda r: colliding is None or (r.start_utc < colliding.end and r.end_utc > colliding.start),
        )
        page, cursor = paginate(found, body, lambda r: r.id)
        return {"Reservations": [render.reservation(state, r) for r in page], "Cursor": cursor}

    def order_items(self, state: MewsState, body: Body) -> Json:
        body.require_one(
            (
                "OrderItemIds",
                "AccountIds",
                "ServiceOrderIds",
                "ServiceIds",
                "BillIds",
                "CreatedUtc",
                "UpdatedUtc",
                "ConsumedUtc",
                "CanceledUtc",
                "ClosedUtc",
            )
        )
        ids, accounts = body.ids("OrderItemIds"), body.ids("AccountIds", 100)
        orders, services, bills = body.ids("ServiceOrderIds"), body.ids("ServiceIds"), body.ids("BillIds")
        created, updated = body.interval("CreatedUtc"), body.interval("UpdatedUtc")
        consumed, canceled, closed = (
            body.interval("ConsumedUtc"),
            body.interval("CanceledUtc"),
            body.interval("ClosedUtc"),
        )
        accounting, types = body.ids("AccountingStates"), body.ids("Types")
        found = _filter(
            sorted(state.order_items, key=lambda i: (i.created_utc, i.consumed_utc, i.id)),
            _in(ids, lambda i: i.id),
            _in(accounts, lambda i: i.account_id),
            _in(orders, lambda i: i.service_order_id),
            _in(services, lambda i: i.service_id),
            _in(bills, lambda i: i.bill_id),
            _in(accounting, lambda i: i.accounting_state),
            _in(types, lambda i: i.type),
            _during(created, lambda i: i.created_utc),
            _during(updated, lambda i: i.closed_utc or i.created_utc),
            _during(consumed, lambda i: i.consumed_utc),
            _during(canceled, lambda i: i.canceled_utc),
            _during(closed, lambda i: i.closed_utc),
        )
        page, cursor = paginate(found, body, lambda i: i.id)
        return {"OrderItems": [render.order_item(state, i) for i in page], "Cursor": cursor}

    def payments(self, state: MewsState, body: Body) -> Json:
        body.require_one(
            (
                "PaymentIds",
                "AccountIds",
                "BillIds",
                "ReservationIds",
                "CreatedUtc",
                "UpdatedUtc",
                "ChargedUtc",
                "ClosedUtc",
            )
        )
        ids, accounts, bills = body.ids("PaymentIds"), body.ids("AccountIds", 100), body.ids("BillIds")
        reservations, states = body.ids("ReservationIds"), body.ids("States")
        created, updated = body.interval("CreatedUtc"), body.interval("UpdatedUtc")
        charged, closed = body.interval("ChargedUtc"), body.interval("ClosedUtc")
        kind = body.data.get("Type")
        found = _filter(
            sorted(state.payments, key=lambda p: (p.created_utc, p.id)),
            _in(ids, lambda p: p.id),
            _in(accounts, lambda p: p.account_id),
            _in(bills, lambda p: p.bill_id),
            _in(reservations, lambda p: p.reservation_id),
            _in(states, lambda p: p.state),
            lambda p: kind is None or p.type == kind,
            _during(created, lambda p: p.created_utc),
            _during(updated, lambda p: p.closed_utc or p.created_utc),
            _during(charged, lambda p: p.charged_utc),
            _during(closed, lambda p: p.closed_utc),
        )
        page, cursor = paginate(found, body, lambda p: p.id)
        return {"Payments": [render.payment(state, p) for p in page], "Cursor": cursor}

    def bills(self, state: MewsState, body: Body) -> Json:
        body.require_one(
            (
                "BillIds",
                "CustomerIds",
                "CreatedUtc",
                "UpdatedUtc",
                "IssuedUtc",
                "PaidUtc",
                "DueUtc",
                "ClosedUtc",
            )
        )
        ids, customers = body.ids("BillIds"), body.ids("CustomerIds")
        created, updated = body.interval("CreatedUtc"), body.interval("UpdatedUtc")
        issued, paid, due = body.interval("IssuedUtc"), body.interval("PaidUtc"), body.interval("DueUtc")
        closed = body.interval("ClosedUtc")
        wanted_state, wanted_type = body.data.get("State"), body.data.get("Type")
        found = _filter(
            sorted(state.bills, key=lambda b: (b.created_utc, b.id)),
            _in(ids, lambda b: b.id),
            _in(customers, lambda b: b.account_id),
            lambda b: wanted_state is None or b.state == wanted_state,
            lambda b: wanted_type is None or b.type == wanted_type,
            _during(created, lambda b: b.created_utc),
            _during(updated, lambda b: b.issued_utc or b.created_utc),
            _during(issued, lambda b: b.issued_utc),
            _during(paid, lambda b: b.issued_utc),
            _during(due, lambda b: b.due_utc),
            _during(closed, lambda b: b.issued_utc),
        )
        page, cursor = paginate(found, body, lambda b: b.id)
        return {"Bills": [render.bill(state, b, self._assignee(state, b)) for b in page], "Cursor": cursor}

    def _assignee(self, state: MewsState, bill: Bill) -> Json | None:
        if bill.account_type == "Company":
            company = next((c for c in state.companies if c.id == bill.account_id), None)
            if company is None:
                return None
            return {
                "Discriminator": "BillCompanyData",
                "Value": {
                    "Id": company.id,
                    "Name": company.name,
                    "TaxIdentifier": company.tax_identifier,
                    "Address": render.address(company.address),
                },
            }
        customer = next((c for c in state.customers if c.id == bill.account_id), None)
        if customer is None:
            return None
        return {
            "Discriminator": "BillCustomerData",
            "Value": {
                "Id": customer.id,
                "FirstName": customer.first_name,
                "LastName": customer.last_name,
                "Title": customer.title,
                "Address": render.address(customer.address),
            },
        }
