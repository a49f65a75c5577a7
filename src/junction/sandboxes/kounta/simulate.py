"""`POST /_sandbox/simulate/{topic}`: make something happen on Kounta's side, as if at the till
or in Kounta's back office, so that the webhooks of that topic fire. Not part of Kounta's API.

- `customers/created`: a customer signs up at the till. Body: optional customer fields.
- `customers/updated`: a customer's details change. Body: optional `id` and customer fields
  (without fields, accepts_marketing flips).
- `orders/completed`: a sale rings up now. Body: optional `site_id`, `customer_id`.
- `reconciliations/created`: the tills close for a day. Body: optional `site_id`, `date`
  (YYYY-MM-DD, default today); closes each till or site not yet closed that day."""

from __future__ import annotations

import json
import random
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from junction.sandboxes._kit import seeded_random
from junction.sandboxes.kounta import render
from junction.sandboxes.kounta.api import KountaAPI
from junction.sandboxes.kounta.errors import KountaError, respond
from junction.sandboxes.kounta.events import fire
from junction.sandboxes.kounta.models import Customer, Order, OrderLine, Payment, digits
from junction.sandboxes.kounta.seed import FIRST_NAMES, LAST_NAMES, close_reconciliation, ex_tax
from junction.sandboxes.kounta.validation import (
    changed_attributes,
    customer_changes,
    object_id,
    require_contact,
)

TOPICS = ("customers/created", "customers/updated", "orders/completed", "reconciliations/created")


class KountaSimulator:
    def __init__(self, api: KountaAPI) -> None:
        self.api = api
        self._rng_for: int | None = None
        self._rng = seeded_random(0)

    @property
    def rng(self) -> random.Random:
        """Its own seeded generator per generated state: simulations repeat after a reset."""
        sandbox = self.api.sandbox
        if self._rng_for != sandbox.generation:
            self._rng_for = sandbox.generation
            self._rng = seeded_random(sandbox.seed * 7919 + 17)
        return self._rng

    async def handle(self, request: Request) -> Response:
        topic = request.path_params["topic"]
        try:
            if topic not in TOPICS:
                raise KountaError(404, f"topic must be one of: {', '.join(TOPICS)}")
            body = await self.body(request)
            handler = {
                "customers/created": self.customer_created,
                "customers/updated": self.customer_updated,
                "orders/completed": self.order_completed,
                "reconciliations/created": self.reconciliations_created,
            }[topic]
            objects, deliveries = handler(body)
        except KountaError as exc:
            return respond(exc)
        return JSONResponse({"topic": topic, "objects": objects, "deliveries": deliveries}, status_code=201)

    @staticmethod
    async def body(request: Request) -> dict[str, Any]:
        raw = await request.body()
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except ValueError:
            raise KountaError(400, "The body must be a JSON object") from None
        if not isinstance(body, dict):
            raise KountaError(400, "The body must be a JSON object")
        return body

    def customer_created(self, body: dict[str, Any]) -> tuple[list[Any], int]:
        api, s, rng = self.api, self.api.state, self.rng
        if "reference_id" in body:
            raise KountaError(400, "reference_id belongs to a client application, not to the till")
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        number = len(s.customers) + 1
        generated: dict[str, Any] = {
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}.{number}@example.com".lower().replace("'", ""),
            "mobile": f"04{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
        }
        changes = {**customer_changes(generated), **customer_changes(body)}
        require_contact(
            changes.get("first_name"), changes.get("email"), changes.get("phone"), changes.get("mobile")
        )
        if "mobile" not in body and digits(changes.get("mobile")) in s.mobile_index:
            changes["mobile"] = None
        api.check_mobile_free(changes.get("mobile"), None)
        now = api.now()
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
            primary_address=api.address(changes.get("primary_address")),
            shipping_address=api.address(changes.get("shipping_address")),
            created_at=now,
            updated_at=now,
        )
        s.customers[customer.id] = customer
        s.index_customer(customer)
        s.touch()
        deliveries = api.customer_event("customers/created", customer)
        return [render.customer(s, customer, "", now)], deliveries

    def customer_updated(self, body: dict[str, Any]) -> tuple[list[Any], int]:
        api, s = self.api, self.api.state
        fields = {k: v for k, v in body.items() if k != "id"}
        if "reference_id" in fields:
            raise KountaError(400, "reference_id belongs to a client application, not to the till")
        if "id" in body:
            customer = api.find(s.customers, str(object_id(body["id"], "id")), "Customer")
        elif s.customers:
            customer = s.customers[self.rng.choice(list(s.customers))]
        else:
            raise KountaError(404, "There is no customer to update")
        changes: dict[str, Any] = (
            customer_changes(fields) if fields else {"accepts_marketing": not customer.accepts_marketing}
        )
        if "first_name" in changes and not changes["first_name"]:
            raise KountaError(400, "first_name cannot be empty")
        if "mobile" in changes:
            api.check_mobile_free(changes["mobile"], customer.id)
        changed = api.apply_customer_changes(customer, changes)
        s.touch()
        deliveries = (
            api.customer_event("customers/updated", customer, changed_attributes(changed)) if changed else 0
        )
        return [render.customer(s, customer, "", api.now())], deliveries

    def order_completed(self, body: dict[str, Any]) -> tuple[list[Any], int]:
        api, s, rng = self.api, self.api.state, self.rng
        if "site_id" in body:
            site = api.find(s.sites, str(object_id(body["site_id"], "site_id")), "Site")
        else:
            site = s.sites[rng.choice(list(s.sites))]
        customer_id = None
        if body.get("customer_id") is not None:
            customer_id = api.find(
                s.customers, str(object_id(body["customer_id"], "customer_id")), "Customer"
            ).id
        register = rng.choice([r for r in s.registers.values() if r.site_id == site.id])
        menu = [p for p in s.products.values() if site.id in p.site_ids]
        now = api.now()
        lines = []
        for number in range(1, rng.randint(1, 3) + 1):
            product = rng.choice(menu)
            rate = s.taxes[product.tax_id].rate
            unit = ex_tax(product.price_cents, rate)
            lines.append(
                OrderLine(
                    id=s.next_id("line"),
                    number=number,
                    product_id=product.id,
                    product_name=product.name,
                    quantity=1,
                    notes="",
                    price_variation=1.0,
                    unit_price_cents=unit,
                    unit_tax_cents=product.price_cents - unit,
                    tax_id=product.tax_id,
                )
            )
        order = Order(
            id=s.next_id("order"),
            status="COMPLETE",
            notes="",
            site_id=site.id,
            register_id=register.id,
            staff_id=register.current_staff_id,
            customer_id=customer_id,
            lines=lines,
            payments=[],
            sale_number=f"{register.sale_prefix}{register.next_sale_number}",
            created_at=now,
            updated_at=now,
            placed_at=now,
        )
        register.next_sale_number += 1
        method_id = rng.choice(list(s.payment_methods))
        order.payments = [Payment(s.next_id("payment"), method_id, order.total_cents, None, now)]
        s.orders[order.id] = order
        s.touch()
        return [render.order(s, order)], api.order_completed(order)

    def reconciliations_created(self, body: dict[str, Any]) -> tuple[list[Any], int]:
        api, s = self.api, self.api.state
        day = api.now().date()
        if body.get("date") is not None:
            try:
                day = date.fromisoformat(str(body["date"]))
            except ValueError:
                raise KountaError(400, "date must be a YYYY-MM-DD day") from None
        sites = list(s.sites.values())
        if body.get("site_id") is not None:
            sites = [api.find(s.sites, str(object_id(body["site_id"], "site_id")), "Site")]
        closed = {(r.site_id, r.register_id, r.trading_date) for r in s.reconciliations.values()}
        created = []
        deliveries = 0
        for site in sites:
            tills = [r.id for r in s.registers.values() if r.site_id == site.id]
            for register_id in tills if site.register_level_reconciliation else [None]:
                if (site.id, register_id, day) in closed:
                    continue
                closure, sent = self.close(site.id, register_id, day)
                created.append(closure)
                deliveries += sent
        if not created:
            raise KountaError(409, "Every till of that day is already closed")
        return created, deliveries

    def close(self, site_id: int, register_id: int | None, day: date) -> tuple[Any, int]:
        """Close one till (or site) for one day from its completed sales, and tell the webhooks."""
        api, s = self.api, self.api.state
        sales = [
            o
            for o in s.orders.values()
            if o.site_id == site_id
            and o.status == "COMPLETE"
            and not o.deleted
            and o.created_at.date() == day
            and (register_id is None or o.register_id == register_id)
        ]
        numbers = [
            r.number
            for r in s.reconciliations.values()
            if (r.site_id, r.register_id) == (site_id, register_id)
        ]
        reconciliation = close_reconciliation(
            s,
            self.rng,
            day,
            site_id,
            register_id,
            sales,
            number=max(numbers, default=26) + 1,
            closed_at=api.now(),
            processed=False,
        )
        s.touch()
        sent = fire(
            api.sandbox,
            api.clients,
            "reconciliations/created",
            lambda _client_id: render.reconciliation(s, reconciliation),
            site_id=site_id,
        )
        return render.reconciliation(s, reconciliation), sent
