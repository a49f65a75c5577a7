"""Kounta's REST API v1 (https://apidoc.kounta.com/), emulated: every `/v1/...` request passes
content negotiation (`.json` suffix or `Accept: application/json`, else 406), authentication
(Basic client_id:client_secret, or an OAuth bearer token), the JSON body rule for writes, then
the path grammar of the resource."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from junction.sandboxes._kit import (
    Sandbox,
    TokenProblem,
    external_base,
    page_of,
    route_path,
    with_query_param,
)
from junction.sandboxes.kounta import render
from junction.sandboxes.kounta.errors import KountaError, respond
from junction.sandboxes.kounta.events import fire
from junction.sandboxes.kounta.filters import (
    OrderFilter,
    order_matches,
    parse_order_path,
    parse_reconciliation_path,
    reconciliation_matches,
    with_query,
)
from junction.sandboxes.kounta.models import (
    COMPANY_TZ,
    ORDER_STATUSES,
    Address,
    ClientApplication,
    Customer,
    KountaState,
    Order,
    OrderLine,
    Payment,
    Staff,
    Webhook,
    digits,
)
from junction.sandboxes.kounta.seed import ex_tax
from junction.sandboxes.kounta.validation import (
    changed_attributes,
    customer_changes,
    moment,
    object_id,
    positive_number,
    require_contact,
    webhook_changes,
)

T = TypeVar("T")
Json = dict[str, Any]
EXPIRED_MESSAGE = "The access token provided has expired"
ORDER_CACHE_SIZE = 32


@dataclass(frozen=True)
class KountaOptions:
    """Behaviour Kounta's docs leave open, adjustable per sandbox instance."""

    page_size: int = 25
    token_lifetime_seconds: int = 3600
    # The expired-token answer: 401 + {"error": "invalid_grant", "error_description": ...} by
    # default; the TandaHQ client's stub answers 400 + {"message": ...} ("message" style).
    expiry_status: int = 401
    expiry_style: str = "oauth"
    # X-Ratelimit-Reset as the epoch second the limit resets ("epoch") or seconds to wait ("delta").
    ratelimit_reset: str = "epoch"
    # Kounta documents 201 + Location on create; clients follow Location, so by default the body
    # is empty. True answers the created object as well.
    create_returns_body: bool = False
    webhook_retry_delays: tuple[float, ...] = (1.0, 5.0)


@dataclass(frozen=True)
class Caller:
    client: ClientApplication
    company_id: int


@dataclass
class Call:
    request: Request
    caller: Caller
    suffix: str
    body: Any = None
    segments: list[str] = field(default_factory=list)


class KountaAPI:
    def __init__(
        self,
        sandbox: Sandbox[KountaState],
        clients: Mapping[str, ClientApplication],
        options: KountaOptions,
        base_url: str | None,
    ) -> None:
        self.sandbox = sandbox
        self.clients = clients
        self.options = options
        self.base_url = base_url
        self._order_cache: dict[tuple[int, int, OrderFilter], list[int]] = {}

    @property
    def state(self) -> KountaState:
        return self.sandbox.state

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.sandbox.clock(), COMPANY_TZ).replace(microsecond=0)

    # -- entry point -------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        try:
            return await self._handle(request)
        except KountaError as exc:
            return error_for(exc)

    async def _handle(self, request: Request) -> Response:
        path = route_path(request.scope)
        segments = [s for s in path.split("/")[2:] if s]  # below /v1/
        suffix = negotiate(request, segments)
        caller = self.authenticate(request.headers.get("authorization"))
        call = Call(request, caller, suffix, segments=segments)
        if request.method in ("POST", "PUT"):
            call.body = await json_body(request)
        if segments == ["sites_status"] and request.method == "GET":
            return JSONResponse([render.site_status(s) for s in self.state.sites.values()])
        if len(segments) < 2 or segments[0] != "companies":
            raise KountaError(404, "Not found")
        self.resolve_company(segments[1], caller)
        return await self.route(call, request.method, segments[2:])

    def resolve_company(self, ref: str, caller: Caller) -> None:
        if ref == "me" or (ref.isdigit() and int(ref) == caller.company_id):
            return
        raise KountaError(404, "Company not found")

    # -- authentication ----------------------------------------------------------------------

    def authenticate(self, header: str | None) -> Caller:
        if not header:
            raise KountaError(401, "No access token or client credentials were provided", "invalid_request")
        scheme, _, credentials = header.partition(" ")
        if scheme.lower() == "basic":
            client = self.basic_client(credentials.strip())
            if client is None:
                raise KountaError(401, "The client credentials are invalid", "invalid_client")
            return Caller(client, client.company_id)
        if scheme.lower() == "bearer":
            token = self.sandbox.tokens.authenticate(credentials.strip(), self.sandbox.faults)
            if token is TokenProblem.expired:
                raise self.expired_token()
            if not isinstance(token, TokenProblem) and token.client_id in self.clients:
                return Caller(self.clients[token.client_id], token.subject)
            raise KountaError(401, "The access token provided is invalid", "invalid_token")
        raise KountaError(401, "Authorization must be Basic or Bearer", "invalid_request")

    def basic_client(self, credentials: str) -> ClientApplication | None:
        try:
            decoded = base64.b64decode(credentials, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, _, secret = decoded.partition(":")
        client = self.clients.get(client_id)
        if client is None or not hmac.compare_digest(client.client_secret.encode(), secret.encode()):
            return None
        return client

    def expired_token(self) -> KountaError:
        if self.options.expiry_style == "message":
            return _MessageError(self.options.expiry_status, EXPIRED_MESSAGE)
        return KountaError(self.options.expiry_status, EXPIRED_MESSAGE, "invalid_grant")

    def rate_limit_key(self, headers: Mapping[str, str]) -> str | None:
        """The client application a request counts against, without spending a token use."""
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            client = self.basic_client(credentials.strip())
            return client.client_id if client else None
        if scheme.lower() == "bearer":
            token = self.sandbox.tokens.access.get(credentials.strip())
            return token.client_id if token else None
        return None

    # -- routing -----------------------------------------------------------------------------

    async def route(self, call: Call, method: str, rest: list[str]) -> Response:
        s = self.state
        match method, rest:
            case "GET", []:
                return self.json(render.company(s))
            case "GET", ["status"]:
                return self.json([render.site_status(site) for site in s.sites.values()])
            case "GET", ["sites"]:
                return self.paged(call, list(s.sites.values()), lambda site: render.site(s, site))
            case "GET", ["sites", site_id]:
                return self.json(render.site(s, self.find(s.sites, site_id, "Site")))
            case "GET", ["sites", site_id, "status"]:
                return self.json(render.site_status(self.find(s.sites, site_id, "Site")))
            case "GET", ["sites", site_id, "registers"]:
                site = self.find(s.sites, site_id, "Site")
                tills = [r for r in s.registers.values() if r.site_id == site.id]
                return self.paged(call, tills, lambda r: render.register(s, r, full=False, with_site=False))
            case "GET", ["sites", site_id, "products"]:
                site = self.find(s.sites, site_id, "Site")
                sold = [p for p in s.products.values() if site.id in p.site_ids]
                return self.paged(call, sold, lambda p: render.product(s, p, full=False))
            case "GET", ["sites", site_id, "categories"]:
                site = self.find(s.sites, site_id, "Site")
                served = [
                    c
                    for c in s.categories.values()
                    if any(site.id in s.products[p].site_ids for p in c.product_ids)
                ]
                return self.paged(call, served, lambda c: render.category(s, c))
            case "GET", ["sites", site_id, "inventory"]:
                site = self.find(s.sites, site_id, "Site")
                stocked = [p for p in s.products.values() if site.id in p.site_ids and p.stock is not None]
                return self.paged(call, stocked, lambda p: {"id": p.id, "stock": p.stock})
            case "GET", ["registers"]:
                return self.paged(
                    call, list(s.registers.values()), lambda r: render.register(s, r, full=False)
                )
            case "GET", ["registers", register_id]:
                return self.json(
                    render.register(s, self.find(s.registers, register_id, "Register"), full=True)
                )
            case "GET", ["staff"]:
                return self.paged(call, list(s.staff.values()), lambda m: render.staff(s, m))
            case "GET", ["staff", staff_ref]:
                return self.json(render.staff(s, self.staff_member(staff_ref)))
            case "GET", ["staff", staff_ref, "sites"]:
                member = self.staff_member(staff_ref)
                return self.paged(
                    call, [s.sites[i] for i in member.site_ids], lambda site: render.site(s, site)
                )
            case "GET", ["customers"]:
                return self.customers(call)
            case "POST", ["customers"]:
                return self.create_customer(call)
            case "GET", ["customers", customer_id]:
                customer = self.find(s.customers, customer_id, "Customer")
                return self.json(render.customer(s, customer, call.caller.client.client_id, self.now()))
            case "PUT", ["customers", customer_id]:
                return self.update_customer(call, self.find(s.customers, customer_id, "Customer"))
            case "GET", ["customers", customer_id, "addresses"]:
                return self.json(render.customer_addresses(self.find(s.customers, customer_id, "Customer")))
            case "GET", ["products"]:
                return self.paged(call, list(s.products.values()), lambda p: render.product(s, p, full=False))
            case "GET", ["products", product_id]:
                return self.json(render.product(s, self.find(s.products, product_id, "Product"), full=True))
            case "GET", ["products", product_id, "categories"]:
                product = self.find(s.products, product_id, "Product")
                return self.json([render.category(s, s.categories[c]) for c in product.category_ids])
            case "GET", ["categories"]:
                return self.paged(call, list(s.categories.values()), lambda c: render.category(s, c))
            case "GET", ["categories", category_id]:
                return self.json(render.category(s, self.find(s.categories, category_id, "Category")))
            case "GET", ["categories", category_id, "products"]:
                category = self.find(s.categories, category_id, "Category")
                items = [s.products[p] for p in category.product_ids]
                return self.paged(call, items, lambda p: render.product(s, p, full=False))
            case "GET", ["taxes"]:
                return self.paged(call, list(s.taxes.values()), lambda t: render.tax(s, t))
            case "GET", ["taxes", tax_id]:
                return self.json(render.tax(s, self.find(s.taxes, tax_id, "Tax")))
            case "GET", ["payment_methods"]:
                return self.paged(call, list(s.payment_methods.values()), render.payment_method)
            case "GET", ["payment_methods", method_id]:
                return self.json(
                    render.payment_method(self.find(s.payment_methods, method_id, "Payment method"))
                )
            case "GET", ["price_lists"]:
                return self.paged(
                    call, list(s.price_lists.values()), lambda p: render.price_list(s, p, full=False)
                )
            case "GET", ["price_lists", "base"]:
                base = next(p for p in s.price_lists.values() if p.parent_id is None)
                return self.json(render.price_list(s, base, full=True))
            case "GET", ["price_lists", list_id]:
                return self.json(
                    render.price_list(s, self.find(s.price_lists, list_id, "Price list"), full=True)
                )
            case "POST", ["orders"]:
                return self.create_order(call)
            case "GET", ["orders", order_id] if order_id.isdigit():
                return self.json(render.order(s, self.find(s.orders, order_id, "Order")))
            case "PUT", ["orders", order_id]:
                return self.update_order(call, self.find(s.orders, order_id, "Order"))
            case "GET", ["orders", "saleid", sale_id]:
                found = next((o for o in s.orders.values() if o.sale_number == sale_id), None)
                if found is None:
                    raise KountaError(404, "Order not found")
                return self.json(render.order(s, found))
            case "GET", ["reconciliations", reconciliation_id] if reconciliation_id.isdigit():
                found_r = self.find(s.reconciliations, reconciliation_id, "Reconciliation")
                return self.json(render.reconciliation(s, found_r))
            case "PUT", ["reconciliations", reconciliation_id]:
                return self.update_reconciliation(call, reconciliation_id)
            case "GET", ["webhooks"]:
                mine = [w for w in s.webhooks.values() if w.client_id == call.caller.client.client_id]
                return self.paged(call, mine, render.webhook)
            case "POST", ["webhooks"]:
                return self.create_webhook(call)
            case "GET", ["webhooks", webhook_id]:
                return self.json(render.webhook(self.own_webhook(call, webhook_id)))
            case "PUT", ["webhooks", webhook_id]:
                return self.update_webhook(call, self.own_webhook(call, webhook_id))
            case "DELETE", ["webhooks", webhook_id]:
                hook = self.own_webhook(call, webhook_id)
                del s.webhooks[hook.id]
                s.touch()
                return Response(status_code=204)
            case "GET", segments if "orders" in segments:
                return self.orders(call, segments)
            case "GET", segments if "reconciliations" in segments:
                return self.reconciliations(call, segments)
        raise KountaError(404, "Not found")

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def find(table: Mapping[int, T], ref: str, what: str) -> T:
        found = table.get(int(ref)) if ref.isdigit() else None
        if found is None:
            raise KountaError(404, f"{what} not found")
        return found

    def staff_member(self, ref: str) -> Staff:
        if ref == "me":
            return self.state.staff[self.state.company.contact_staff_id]
        return self.find(self.state.staff, ref, "Staff member")

    @staticmethod
    def json(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
        return JSONResponse(body, status_code=status, headers=dict(headers or {}))

    def base(self, call: Call) -> str:
        return external_base(call.request, self.base_url)

    def resource_url(self, call: Call, *parts: object) -> str:
        path = "/".join(str(part) for part in parts)
        return f"{self.base(call)}/v1/companies/{call.caller.company_id}/{path}{call.suffix}"

    def created(self, call: Call, location: str, body: Json) -> Response:
        if self.options.create_returns_body:
            return JSONResponse(body, status_code=201, headers={"Location": location})
        return Response(status_code=201, headers={"Location": location})

    def page_number(self, request: Request) -> int:
        raw = request.query_params.get("page")
        if raw is None:
            raw = request.headers.get("x-page")
        if raw is None:
            return 0
        if not raw.strip().isdigit():
            raise KountaError(400, "The page must be an integer >= 0")
        return int(raw)

    def paged(self, call: Call, items: Sequence[T], to_json: Callable[[T], Any]) -> Response:
        """25 records a page; `X-Pages` counts the pages, `X-Next-Page` is the absolute URL of the
        next one (absent on the last page). The page is read from the `page` query parameter the
        next URL carries, else from the `X-Page` request header (0-based)."""
        page = page_of(items, self.page_number(call.request), self.options.page_size)
        headers = {"X-Pages": str(page.pages)}
        if page.has_next:
            query = with_query_param(call.request.url.query, "page", str(page.number + 1))
            headers["X-Next-Page"] = f"{self.base(call)}{route_path(call.request.scope)}?{query}"
        return JSONResponse([to_json(item) for item in page.items], headers=headers)

    # -- customers ---------------------------------------------------------------------------

    def customers(self, call: Call) -> Response:
        s = self.state
        query = call.request.query_params
        client_id = call.caller.client.client_id
        if "reference_id" in query:
            wanted = query["reference_id"]
            matches = [
                c for c in s.customers.values() if s.reference_ids.get((client_id, c.id), "") == wanted
            ]
            now = self.now()
            return self.paged(call, matches, lambda c: render.customer(s, c, client_id, now))
        if "email" in query:
            ids = s.email_index.get(query["email"].strip().lower(), [])
            return self.lookup(call, ids[0] if ids else None)
        if "mobile" in query:
            return self.lookup(call, s.mobile_index.get(digits(query["mobile"])))
        if {"first_name", "last_name", "phone"} & set(query):
            if not all(query.get(name) for name in ("first_name", "last_name", "phone")):
                raise KountaError(400, "Searching by name and phone needs first_name, last_name and phone")
            first, last, phone = (
                query["first_name"].lower(),
                query["last_name"].lower(),
                digits(query["phone"]),
            )
            match = next(
                (
                    c.id
                    for c in s.customers.values()
                    if c.first_name.lower() == first
                    and c.last_name.lower() == last
                    and digits(c.phone) == phone
                ),
                None,
            )
            return self.lookup(call, match)
        return self.paged(call, list(s.customers.values()), lambda c: render.customer_brief(s, c))

    def lookup(self, call: Call, customer_id: int | None) -> Response:
        """Kounta answers a lookup with a 302 to the customer's record, or 404."""
        if customer_id is None:
            raise KountaError(404, "Customer not found")
        return RedirectResponse(self.resource_url(call, "customers", customer_id), status_code=302)

    def create_customer(self, call: Call) -> Response:
        s = self.state
        changes = customer_changes(call.body)
        require_contact(
            changes.get("first_name"), changes.get("email"), changes.get("phone"), changes.get("mobile")
        )
        self.check_mobile_free(changes.get("mobile"), None)
        now = self.now()
        customer = Customer(
            id=s.next_id("customer"),
            people_id=s.next_id("people"),
            first_name=changes["first_name"],
            last_name=changes.get("last_name") or "",
            email=changes.get("email"),
            phone=changes.get("phone"),
            mobile=changes.get("mobile"),
            description=None,
            tags=changes.get("tags", []),
            image=changes.get("image"),
            accepts_marketing=changes.get("accepts_marketing", False),
            primary_address=self.address(changes.get("primary_address")),
            shipping_address=self.address(changes.get("shipping_address")),
            created_at=now,
            updated_at=now,
        )
        s.customers[customer.id] = customer
        s.index_customer(customer)
        if changes.get("reference_id"):
            s.reference_ids[(call.caller.client.client_id, customer.id)] = changes["reference_id"]
        s.touch()
        self.customer_event("customers/created", customer)
        body = render.customer(s, customer, call.caller.client.client_id, now)
        return self.created(call, self.resource_url(call, "customers", customer.id), body)

    def update_customer(self, call: Call, customer: Customer) -> Response:
        s = self.state
        changes = customer_changes(call.body)
        if "first_name" in changes and not changes["first_name"]:
            raise KountaError(400, "first_name cannot be empty")
        if "mobile" in changes:
            self.check_mobile_free(changes["mobile"], customer.id)
        reference = changes.pop("reference_id", ...)
        if reference is not ...:
            key = (call.caller.client.client_id, customer.id)
            if reference:
                s.reference_ids[key] = reference
            else:
                s.reference_ids.pop(key, None)
        changed = self.apply_customer_changes(customer, changes)
        s.touch()
        if changed:
            self.customer_event("customers/updated", customer, changed_attributes(changed))
        return self.json(render.customer(s, customer, call.caller.client.client_id, self.now()))

    def apply_customer_changes(self, customer: Customer, changes: Mapping[str, Any]) -> set[str]:
        """Apply changes to a customer; the names of the fields whose value really changed."""
        s = self.state
        s.unindex_customer(customer)
        changed: set[str] = set()
        for name, value in changes.items():
            if name in ("primary_address", "shipping_address"):
                current = getattr(customer, name)
                new_address = self.address(value, current.id if current else None)
                if render.address(current) != render.address(new_address):
                    changed.add(name)
                setattr(customer, name, new_address)
                continue
            if name == "last_name" and value is None:
                value = ""
            if getattr(customer, name) != value:
                changed.add(name)
                setattr(customer, name, value)
        s.index_customer(customer)
        if changed:
            customer.updated_at = self.now()
        return changed

    def check_mobile_free(self, mobile: str | None, customer_id: int | None) -> None:
        # https://apidoc.kounta.com/customers/: "mobile must be unique within the company".
        if not mobile:
            return
        owner = self.state.mobile_index.get(digits(mobile))
        if owner is not None and owner != customer_id:
            raise KountaError(400, "mobile must be unique within the company")

    def address(self, fields: Mapping[str, Any] | None, address_id: int | None = None) -> Address | None:
        if fields is None:
            return None
        return Address(
            address_id or self.state.next_id("address"),
            list(fields["lines"]),
            fields["city"],
            fields["zone"],
            fields["postal_code"],
            fields["country"],
        )

    def customer_event(self, topic: str, customer: Customer, changed: set[str] | None = None) -> int:
        s = self.state
        now = self.now()
        return fire(
            self.sandbox,
            self.clients,
            topic,
            lambda client_id: render.customer(s, customer, client_id, now),
            changed=changed,
        )

    # -- orders ------------------------------------------------------------------------------

    def orders(self, call: Call, segments: list[str]) -> Response:
        s = self.state
        path_filter = parse_order_path(segments)
        if path_filter is None:
            raise KountaError(404, "Not found")
        for relation, table, what in (
            ("site", s.sites, "Site"),
            ("register", s.registers, "Register"),
            ("staff", s.staff, "Staff member"),
            ("customer", s.customers, "Customer"),
        ):
            wanted = path_filter.relation(relation)
            if wanted is not None and wanted not in table:
                raise KountaError(404, f"{what} not found")
        order_filter = with_query(path_filter, call.request.query_params)
        ids = self.filtered_orders(order_filter)
        return self.paged(call, ids, lambda order_id: render.order(s, s.orders[order_id]))

    def filtered_orders(self, order_filter: OrderFilter) -> list[int]:
        """Matching order ids, oldest first. Cached per state version: walking thousands of
        orders page by page rescans nothing."""
        s = self.state
        key = (self.sandbox.generation, s.version, order_filter)
        cached = self._order_cache.get(key)
        if cached is None:
            if len(self._order_cache) >= ORDER_CACHE_SIZE:
                self._order_cache.clear()
            cached = [o.id for o in s.orders.values() if order_matches(o, order_filter)]
            self._order_cache[key] = cached
        return cached

    def create_order(self, call: Call) -> Response:
        s = self.state
        body = self.object_body(call)
        site = self.find(s.sites, str(object_id(body.get("site_id"), "site_id")), "Site")
        register_id = body.get("register_id")
        register = None
        if register_id is not None:
            register = self.find(s.registers, str(object_id(register_id, "register_id")), "Register")
            if register.site_id != site.id:
                raise KountaError(400, "register_id must be a register of the site")
        status = body.get("status", "SUBMITTED")
        if status not in ORDER_STATUSES:
            raise KountaError(400, f"status must be one of {', '.join(ORDER_STATUSES)}")
        raw_lines = body.get("lines")
        if not isinstance(raw_lines, list) or not raw_lines:
            raise KountaError(400, "lines must be a non-empty list")
        now = self.now()
        customer_id = self.order_customer(body)
        order = Order(
            id=s.next_id("order"),
            status=status,
            notes=self.text(body.get("notes"), "notes"),
            site_id=site.id,
            register_id=register.id if register else None,
            staff_id=None,
            customer_id=customer_id,
            lines=[self.order_line(raw, number) for number, raw in enumerate(raw_lines, start=1)],
            payments=[],
            sale_number="",
            created_at=now,
            updated_at=now,
            placed_at=moment(body.get("placed_at"), "placed_at") or now,
            fulfil_at=moment(body.get("fulfil_at"), "fulfil_at"),
            callback_uri=self.text(body.get("callback_uri"), "callback_uri") or None,
        )
        order.payments = self.order_payments(body.get("payments"), now)
        if register is not None:
            order.sale_number = f"{register.sale_prefix}{register.next_sale_number}"
            register.next_sale_number += 1
        else:
            order.sale_number = f"WEB-{order.id}"
        s.orders[order.id] = order
        s.touch()
        if order.status == "COMPLETE":
            self.order_completed(order)
        return self.created(call, self.resource_url(call, "orders", order.id), render.order(s, order))

    def update_order(self, call: Call, order: Order) -> Response:
        s = self.state
        body = self.object_body(call)
        if "lines" in body:
            raise KountaError(400, "lines cannot be changed on an existing order")
        was_complete = order.status == "COMPLETE"
        if "status" in body:
            status = body["status"]
            if status not in ORDER_STATUSES:
                raise KountaError(400, f"status must be one of {', '.join(ORDER_STATUSES)}")
            if was_complete and status != "COMPLETE":
                raise KountaError(400, "A completed order cannot change status")
            order.status = status
        if "customer_id" in body or "customer" in body:
            order.customer_id = self.order_customer(body)
        if "notes" in body:
            order.notes = self.text(body["notes"], "notes")
        if "fulfil_at" in body:
            order.fulfil_at = moment(body["fulfil_at"], "fulfil_at")
        if "placed_at" in body:
            order.placed_at = moment(body["placed_at"], "placed_at")
        if "callback_uri" in body:
            order.callback_uri = self.text(body["callback_uri"], "callback_uri") or None
        if "payments" in body:
            order.payments = self.order_payments(body["payments"], self.now())
        order.updated_at = self.now()
        s.touch()
        if order.status == "COMPLETE" and not was_complete:
            self.order_completed(order)
        return self.json(render.order(s, order))

    def object_body(self, call: Call) -> dict[str, Any]:
        if not isinstance(call.body, dict):
            raise KountaError(400, "The body must be a JSON object")
        return call.body

    @staticmethod
    def text(value: Any, name: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise KountaError(400, f"{name} must be a string")
        return value

    def order_customer(self, body: Mapping[str, Any]) -> int | None:
        raw = body.get("customer_id", body.get("customer"))
        if raw is None:
            return None
        customer_id = object_id(raw, "customer_id")
        if customer_id not in self.state.customers:
            raise KountaError(400, "customer_id must be an existing customer")
        return customer_id

    def order_line(self, raw: Any, number: int) -> OrderLine:
        s = self.state
        if not isinstance(raw, dict):
            raise KountaError(400, "Each line must be an object")
        product_id = object_id(raw.get("product_id", raw.get("product")), "lines.product_id")
        product = s.products.get(product_id)
        if product is None:
            raise KountaError(400, "lines.product_id must be an existing product")
        quantity = raw.get("quantity", 1)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise KountaError(400, "lines.quantity must be a whole number >= 1")
        variation = positive_number(raw.get("price_variation", 1), "lines.price_variation")
        rate = s.taxes[product.tax_id].rate
        unit = ex_tax(product.price_cents, rate)
        unit_tax = product.price_cents - unit
        if "unit_price" in raw:
            unit = round(positive_number(raw["unit_price"], "lines.unit_price") * 100)
            unit_tax = round(unit * rate)
        return OrderLine(
            id=s.next_id("line"),
            number=number,
            product_id=product.id,
            product_name=product.name,
            quantity=quantity,
            notes=self.text(raw.get("notes"), "lines.notes"),
            price_variation=variation,
            unit_price_cents=unit,
            unit_tax_cents=unit_tax,
            tax_id=product.tax_id,
        )

    def order_payments(self, raw: Any, now: datetime) -> list[Payment]:
        s = self.state
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise KountaError(400, "payments must be a list")
        payments = []
        for item in raw:
            if not isinstance(item, dict):
                raise KountaError(400, "Each payment must be an object")
            method_id = object_id(item.get("method_id", item.get("method")), "payments.method_id")
            if method_id not in s.payment_methods:
                raise KountaError(400, "payments.method_id must be an existing payment method")
            amount = positive_number(item.get("amount"), "payments.amount")
            ref = item.get("ref")
            if ref is not None and not isinstance(ref, str):
                raise KountaError(400, "payments.ref must be a string")
            payments.append(Payment(s.next_id("payment"), method_id, round(amount * 100), ref, now))
        return payments

    def order_completed(self, order: Order) -> int:
        s = self.state
        return fire(
            self.sandbox,
            self.clients,
            "orders/completed",
            lambda _c: render.order(s, order),
            site_id=order.site_id,
        )

    # -- reconciliations ---------------------------------------------------------------------

    def reconciliations(self, call: Call, segments: list[str]) -> Response:
        s = self.state
        f = parse_reconciliation_path(segments)
        if f is None:
            raise KountaError(404, "Not found")
        if f.site_id is not None and f.site_id not in s.sites:
            raise KountaError(404, "Site not found")
        if f.register_id is not None and f.register_id not in s.registers:
            raise KountaError(404, "Register not found")
        found = [r for r in s.reconciliations.values() if reconciliation_matches(r, f)]
        return self.paged(call, found, lambda r: render.reconciliation(s, r))

    def update_reconciliation(self, call: Call, reconciliation_id: str) -> Response:
        s = self.state
        found = self.find(s.reconciliations, reconciliation_id, "Reconciliation")
        body = self.object_body(call)
        if set(body) != {"processed"} or not isinstance(body["processed"], bool):
            raise KountaError(400, "Only processed (true or false) can be updated")
        if found.processed != body["processed"]:
            found.processed = body["processed"]
            found.updated_at = self.now()
            s.touch()
            fire(
                self.sandbox,
                self.clients,
                "reconciliations/updated",
                lambda _c: render.reconciliation(s, found),
                site_id=found.site_id,
            )
        return self.json(render.reconciliation(s, found))

    # -- webhooks ----------------------------------------------------------------------------

    def own_webhook(self, call: Call, ref: str) -> Webhook:
        hook = self.find(self.state.webhooks, ref, "Webhook")
        if hook.client_id != call.caller.client.client_id:
            raise KountaError(404, "Webhook not found")
        return hook

    def create_webhook(self, call: Call) -> Response:
        s = self.state
        changes = webhook_changes(self.object_body(call), creating=True)
        now = self.now()
        hook = Webhook(
            id=s.next_id("webhook"),
            client_id=call.caller.client.client_id,
            topic=changes["topic"],
            address=changes["address"],
            format=changes["format"],
            headers=changes["headers"],
            filter=changes["filter"],
            created_at=now,
            updated_at=now,
        )
        s.webhooks[hook.id] = hook
        s.touch()
        return self.created(call, self.resource_url(call, "webhooks", hook.id), render.webhook(hook))

    def update_webhook(self, call: Call, hook: Webhook) -> Response:
        # "Only attributes that are specified will be updated (replaced)."
        for name, value in webhook_changes(self.object_body(call), creating=False).items():
            setattr(hook, name, value)
        hook.updated_at = self.now()
        self.state.touch()
        return self.json(render.webhook(hook))


class _MessageError(KountaError):
    """The expired-token answer in the style the TandaHQ client's test stub shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message)


def negotiate(request: Request, segments: list[str]) -> str:
    """The response format: the `.json` path suffix, else the Accept header. Kounta answers 406
    when neither asks for JSON; `Accept: */*` names no format, so it gets 406 too."""
    if segments and segments[-1].endswith(".json"):
        segments[-1] = segments[-1][: -len(".json")]
        return ".json"
    if segments and segments[-1].endswith(".xml"):
        raise KountaError(
            406, "The sandbox answers JSON only: use the .json suffix or Accept: application/json"
        )
    accepted = {part.split(";")[0].strip().lower() for part in request.headers.get("accept", "").split(",")}
    if accepted & {"application/json", "application/*"}:
        return ""
    raise KountaError(406, "Ask for JSON: add the .json suffix or send Accept: application/json")


async def json_body(request: Request) -> Any:
    """Kounta takes JSON bodies only: anything else is a 400."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise KountaError(400, "The body must be JSON, sent with Content-Type: application/json")
    raw = await request.body()
    try:
        return json.loads(raw)
    except ValueError:
        raise KountaError(400, "The body is not valid JSON") from None


def message_error_response(exc: KountaError) -> Response:
    return JSONResponse({"message": exc.description}, status_code=exc.status)


def error_for(exc: KountaError) -> Response:
    if isinstance(exc, _MessageError):
        return message_error_response(exc)
    return respond(exc)
