"""SourceHub's REST API (docs.sourcehub.in), emulated: Bearer API keys (a test and a live one),
`count`/`skip` lists with the seed's pagination object, the `{"error": {...}}` body, 200 on every
success, lookups through `POST /customers/show`, and `order.new` / `customer.new` webhooks."""

from __future__ import annotations

import datetime as dt
import hmac
import json
import math
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from junction.sandboxes._kit import OutgoingWebhook, Sandbox, external_base, hmac_sha256_hex, route_path
from junction.sandboxes.sourcehub.seed import (
    CATEGORIES,
    MEASUREMENTS,
    SALES_AGENTS,
    Customer,
    Order,
    OrderLine,
    Product,
    SourceHubState,
)

# The sandbox's published keys: one per mode, as the dashboard issues them.
API_KEYS = {
    "sh_test_sandbox_key": "test",
    "sh_live_sandbox_key": "live",
}
DEFAULT_COUNT = 10
MAX_COUNT = 100
# Assumption (the docs show no signature): hex HMAC-SHA256 of the raw body with the webhook secret.
SIGNATURE_HEADER = "X-SourceHub-Signature"
ERROR_CODES = {400: "BAD_REQUEST_ERROR", 401: "AUTHENTICATION_ERROR", 429: "TOO_MANY_REQUESTS"}


class SourceHubError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def error_code(status: int) -> str:
    return ERROR_CODES.get(status, "INTERNAL_SERVER_ERROR" if status >= 500 else "BAD_REQUEST_ERROR")


def error_body(status: int, description: str, source: str) -> dict[str, Any]:
    return {
        "error": {
            "code": error_code(status),
            "description": description,
            "source": source,
            "status_code": status,
        }
    }


def ddmmyyyy(value: str, name: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%d-%m-%Y").date()
    except ValueError:
        raise SourceHubError(400, f"The {name} must be a date in dd-mm-yyyy format.") from None


def digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


class SourceHubAPI:
    def __init__(self, sandbox: Sandbox[SourceHubState], base_url: str | None) -> None:
        self.sandbox = sandbox
        self.base_url = base_url

    @property
    def state(self) -> SourceHubState:
        return self.sandbox.state

    def rate_limit_key(self, headers: Mapping[str, str]) -> str | None:
        token = headers.get("authorization", "").removeprefix("Bearer ").strip()
        return token if token in API_KEYS else None

    async def handle(self, request: Request) -> Response:
        path = route_path(request.scope).rstrip("/")
        source = f"{external_base(request, self.base_url)}{path}"
        try:
            mode = self._authenticate(request)
            body = await self._route(request, path, mode)
        except SourceHubError as exc:
            return JSONResponse(error_body(exc.status, exc.description, source), status_code=exc.status)
        return JSONResponse(body, status_code=200)

    def _authenticate(self, request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        for key, mode in API_KEYS.items():
            if scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), key.encode()):
                return mode
        raise SourceHubError(401, "Invalid credential or token.")

    async def _route(self, request: Request, path: str, mode: str) -> dict[str, Any]:
        method = request.method
        parts = path.strip("/").split("/")
        query = request.query_params
        if method == "GET" and parts == ["customers"]:
            return self._page(
                request, "customers", [self.customer(c) for c in self._sorted(self.state.customers)]
            )
        if method == "POST" and parts == ["customers", "show"]:
            return {"data": self.customer(self._lookup(await self._json(request)))}
        if method == "POST" and parts == ["customers", "create"]:
            return {"data": self.customer(self._create_customer(await self._json(request), mode))}
        if method == "GET" and parts == ["areas"]:
            areas = [self.area(a) for a in self._sorted(self.state.areas)]
            return self._page(request, "areas", areas)
        if method == "GET" and parts == ["postalcodes"]:
            codes = [
                {"id": p.id, "code": p.code, "area_id": p.area_id}
                for p in self._sorted(self.state.postal_codes)
            ]
            return self._page(request, "postalcodes", codes)
        if method == "GET" and parts == ["salesagents"]:
            agents = [{"id": i, "name": n, "mobile_number": m} for i, n, m in SALES_AGENTS]
            return self._page(request, "salesagents", agents)
        if method == "GET" and parts == ["products"]:
            return self._page(request, "products", [self.product(p) for p in self._products(query)])
        if method == "GET" and len(parts) == 2 and parts[0] == "products":
            product = self.state.products.get(self._int(parts[1]))
            if product is None:
                raise SourceHubError(400, "Product not found.")
            return {"data": self.product(product)}
        if method == "GET" and parts == ["orders"]:
            return self._page(request, "orders", [self.order(o) for o in self._orders(query)])
        if method == "GET" and len(parts) == 2 and parts[0] == "orders":
            order = self.state.orders.get(self._int(parts[1]))
            if order is None:
                raise SourceHubError(400, "Sales order not found.")
            return {"data": self.order(order)}
        if method == "POST" and parts == ["orders", "create"]:
            return {"data": self.order(self._create_order(await self._json(request), mode))}
        raise SourceHubError(400, "The requested URL was not found.")

    # --- reading ---

    @staticmethod
    def _sorted(table: Mapping[int, Any]) -> list[Any]:
        return [table[key] for key in sorted(table)]

    @staticmethod
    def _int(value: str) -> int:
        if not value.isdigit():
            raise SourceHubError(400, "The id must be an integer.")
        return int(value)

    def _page(self, request: Request, key: str, items: list[Any]) -> dict[str, Any]:
        count = self._number(request.query_params.get("count"), "count", DEFAULT_COUNT)
        skip = self._number(request.query_params.get("skip"), "skip", 0)
        if not 1 <= count <= MAX_COUNT:
            raise SourceHubError(400, f"The count may not be greater than {MAX_COUNT}.")
        url = f"{external_base(request, self.base_url)}{route_path(request.scope).rstrip('/')}"
        last = max(1, math.ceil(len(items) / count))
        current = skip // count + 1

        def page_url(number: int) -> str:
            return f"{url}?page={number}"

        return {
            "data": {
                key: items[skip : skip + count],
                "pagination": {
                    "current_page": current,
                    "first_page_url": page_url(1),
                    "prev_page_url": page_url(current - 1) if current > 1 else None,
                    "next_page_url": page_url(current + 1) if skip + count < len(items) else None,
                    "last_page_url": page_url(last),
                    "last_page": last,
                    "per_page": count,
                    "total": len(items),
                    "path": url,
                },
            }
        }

    @staticmethod
    def _number(value: str | None, name: str, default: int) -> int:
        if value is None or value == "":
            return default
        if not value.isdigit():
            raise SourceHubError(400, f"The {name} must be an integer.")
        return int(value)

    @staticmethod
    async def _json(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            raise SourceHubError(400, "The request body must be JSON.") from None
        if not isinstance(body, dict):
            raise SourceHubError(400, "The request body must be a JSON object.")
        return body

    def _lookup(self, body: Mapping[str, Any]) -> Customer:
        keys = ("email", "customer_code", "contact_person_phone", "company_phone")
        given = {k: str(body[k]) for k in keys if body.get(k)}
        if not given:
            raise SourceHubError(
                400, "One of email, customer_code, contact_person_phone or company_phone is required."
            )
        for customer in self._sorted(self.state.customers):
            if (
                ("email" in given and customer.email and customer.email.lower() == given["email"].lower())
                or given.get("customer_code") == customer.customer_code
                or digits(given.get("contact_person_phone", "-")) == digits(customer.contactperson_number)
                or digits(given.get("company_phone", "-")) == digits(customer.company_phone)
            ):
                return customer  # type: ignore[no-any-return]
        raise SourceHubError(400, "Customer not found.")

    def _products(self, query: Mapping[str, str]) -> list[Product]:
        products: list[Product] = self._sorted(self.state.products)
        if name := query.get("product_name"):
            products = [p for p in products if name.lower() in p.name.lower()]
        if value := query.get("from_date"):
            start = ddmmyyyy(value, "from_date")
            products = [p for p in products if p.updated_at.date() >= start]
        if value := query.get("to_date"):
            end = ddmmyyyy(value, "to_date")
            products = [p for p in products if p.updated_at.date() <= end]
        return products

    def _orders(self, query: Mapping[str, str]) -> list[Order]:
        phone = digits(query.get("phone_number", ""))
        if not phone:
            raise SourceHubError(400, "The phone number field is required.")
        customers = {
            c.id
            for c in self.state.customers.values()
            if phone in (digits(c.contactperson_number), digits(c.company_phone))
        }
        if not customers:
            raise SourceHubError(400, "Customer not found.")
        orders = [o for o in self._sorted(self.state.orders) if o.customer_id in customers]
        if value := query.get("from_date"):
            start = ddmmyyyy(value, "from_date")
            orders = [o for o in orders if o.date >= start]
        if value := query.get("to_date"):
            end = ddmmyyyy(value, "to_date")
            orders = [o for o in orders if o.date <= end]
        return sorted(orders, key=lambda o: (o.date, o.id), reverse=True)

    # --- writing ---

    def _create_customer(self, body: Mapping[str, Any], mode: str) -> Customer:
        required = (
            "company_name",
            "mobile_number",
            "contactpersons_name",
            "address",
            "area_id",
            "postalcode_id",
            "gst_treatment",
            "salesagent_id",
        )
        missing = [name for name in required if body.get(name) in (None, "")]
        if missing:
            raise SourceHubError(400, f"The {missing[0].replace('_', ' ')} field is required.")
        if body["gst_treatment"] not in ("Registered", "Unregistered"):
            raise SourceHubError(400, "The gst treatment must be Registered or Unregistered.")
        if body["gst_treatment"] == "Registered" and not body.get("gstin"):
            raise SourceHubError(400, "The gstin field is required when gst treatment is Registered.")
        area_id, code_id, agent_id = (
            int(str(body[k])) if str(body[k]).isdigit() else -1
            for k in ("area_id", "postalcode_id", "salesagent_id")
        )
        if area_id not in self.state.areas:
            raise SourceHubError(400, "The selected area id is invalid.")
        if code_id not in self.state.postal_codes:
            raise SourceHubError(400, "The selected postalcode id is invalid.")
        if agent_id not in {a[0] for a in SALES_AGENTS}:
            raise SourceHubError(400, "The selected salesagent id is invalid.")
        mobile = digits(str(body["mobile_number"]))
        if any(digits(c.contactperson_number) == mobile for c in self.state.customers.values()):
            raise SourceHubError(400, "The mobile number has already been taken.")
        number = self.state.next_id(self.state.customers)
        customer = Customer(
            id=number,
            contact_person_name=str(body["contactpersons_name"]),
            company_name=str(body["company_name"]),
            email=str(body.get("email") or ""),
            contactperson_number=mobile,
            company_phone=mobile,
            gst_treatment=str(body["gst_treatment"]),
            gstin=str(body.get("gstin") or ""),
            customer_code=str(1639300000 + number * 37),
            status="Active",
            approval="pending",
            addressline1=str(body["address"]),
            addressline2="",
            area_id=area_id,
            postalcode_id=code_id,
            salesagent_id=agent_id,
            created_at=dt.datetime.combine(self.state.today, dt.time(12)),
        )
        self.state.customers[number] = customer
        self._fire(mode, "customer.new", self.customer(customer))
        return customer

    def _create_order(self, body: Mapping[str, Any], mode: str) -> Order:
        customer_id = body.get("customer_id")
        if not isinstance(customer_id, int) or customer_id not in self.state.customers:
            raise SourceHubError(400, "The selected customer id is invalid.")
        raw_lines = body.get("products")
        if not isinstance(raw_lines, list) or not raw_lines:
            raise SourceHubError(400, "The products field is required.")
        lines: list[OrderLine] = []
        for raw in raw_lines:
            if not isinstance(raw, dict):
                raise SourceHubError(400, "Each product must be an object.")
            product_id = raw.get("product_id")
            product = self.state.products.get(product_id) if isinstance(product_id, int) else None
            quantity = raw.get("quantity")
            if product is None:
                raise SourceHubError(400, "The selected product id is invalid.")
            if not isinstance(quantity, int) or quantity < 1:
                raise SourceHubError(400, "The quantity must be at least 1.")
            price = raw.get("price")
            lines.append(
                OrderLine(
                    product.id,
                    quantity,
                    float(price) if isinstance(price, int | float) else product.price_per_unit,
                )
            )
        number = self.state.next_id(self.state.orders)
        order = Order(number, f"SO{number}", customer_id, self.state.today, lines)
        self.state.orders[number] = order
        self._fire(mode, "order.new", self.order(order))
        return order

    def _fire(self, mode: str, event: str, data: dict[str, Any]) -> None:
        url = self.state.webhook_urls.get(mode)
        if not url:
            return
        body = json.dumps({"event": event, "mode": mode, "data": data}, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: hmac_sha256_hex(self.state.webhook_secret, body),
        }
        self.sandbox.webhooks.dispatch([OutgoingWebhook(0, event, url, body, headers)])

    # --- rendering, as the docs' samples show ---

    def area(self, area_id: int | Any) -> dict[str, Any]:
        area = area_id if not isinstance(area_id, int) else self.state.areas[area_id]
        return {"id": area.id, "name": area.name, "area_code": area.area_code, "city": area.city}

    def customer(self, customer: Customer) -> dict[str, Any]:
        code = self.state.postal_codes[customer.postalcode_id]
        return {
            "id": customer.id,
            "contact_person_name": customer.contact_person_name,
            "company_name": customer.company_name,
            "display_name": customer.company_name,
            "email": customer.email,
            "contactperson_number": customer.contactperson_number,
            "company_phone": customer.company_phone,
            "gst_treatment": customer.gst_treatment,
            "gstin": customer.gstin,
            "customer_code": customer.customer_code,
            "status": customer.status,
            "approval": customer.approval,
            "address": {
                "addressline1": customer.addressline1,
                "addressline2": customer.addressline2,
                "area": self.area(customer.area_id),
                "postalcode": {"id": code.id, "code": code.code},
            },
        }

    def product(self, product: Product) -> dict[str, Any]:
        measurement = dict(MEASUREMENTS)[product.measurementtype_id]
        category = dict(CATEGORIES)[product.productcategory_id]
        return {
            "id": product.id,
            "name": product.name,
            "image": f"https://cdn.sourcehub.test/products/{product.id}.png",
            "sku": product.sku,
            "hsn_code": product.hsn_code,
            "description": product.description,
            "price_per_unit": product.price_per_unit,
            "maximum_retail_price": product.maximum_retail_price,
            "weight": product.weight,
            "vol": product.vol,
            "gst_percent": product.gst_percent,
            "measurementtype": {"id": product.measurementtype_id, "name": measurement},
            "productcategory": {"id": product.productcategory_id, "name": category, "image": None},
            "productpricings": [
                {"id": pid, "name": f"Pack of {pack}", "quantity": pack, "price": price}
                for pid, pack, price in product.pricings
            ],
            "updated_at": product.updated_at.strftime("%Y-%m-%d %H:%M:%S"),
        }

    def order(self, order: Order) -> dict[str, Any]:
        item_total = round(sum(line.quantity * line.price for line in order.lines), 2)
        products = []
        for line in order.lines:
            product = self.state.products[line.product_id]
            products.append(
                {
                    "id": product.id,
                    "sku": product.sku,
                    "name": product.name,
                    "quantity": line.quantity,
                    "price": line.price,
                }
            )
        return {
            "id": order.id,
            "order_no": order.order_no,
            "item_total_amount": item_total,
            "discount_amount": order.discount_amount,
            "return_total_amount": order.return_total_amount,
            "billable_amount": round(item_total - order.discount_amount - order.return_total_amount, 2),
            "date": order.date.isoformat(),
            "products": products,
            "customer": self.customer(self.state.customers[order.customer_id]),
        }
