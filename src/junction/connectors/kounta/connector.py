"""Kounta (Lightspeed Restaurant K-Series) for the POS vertical."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar
from uuid import UUID

import httpx

from junction.connectors._framework.auth import BasicAuth, OAuth2Auth, OAuthTokens, TokenStore
from junction.connectors._framework.base import (
    DEFAULT_TIMEOUT,
    Connector,
    ProviderEvent,
    WebhookRequest,
    operation,
)
from junction.connectors._framework.errors import (
    ObjectNotFound,
    ProviderAuthFailed,
    ProviderMalformedResponse,
)
from junction.connectors._framework.http import Authenticator
from junction.connectors._framework.pagination import page_of
from junction.connectors.kounta import mappers
from junction.connectors.kounta.client import KountaClient, check, error_message
from junction.connectors.kounta.manifest import MANIFEST
from junction.connectors.kounta.types import KountaCustomer, KountaOrder, KountaReconciliation
from junction.unified import pos
from junction.unified.common import Page, PageRequest

SETTINGS_TTL_SECONDS = 600
SIGNATURE_HEADER = "x-kounta-signature"
# Kounta repeats the headers given at registration on each delivery (only Authorization or X-*).
TOPIC_HEADER = "x-junction-topic"
WEBHOOK_EVENTS = {
    "customers/created": "pos.customer.created",
    "customers/updated": "pos.customer.updated",
    "orders/completed": "pos.order.completed",
    "reconciliations/created": "pos.closure.created",
}


@dataclass(frozen=True)
class CompanySettings:
    currency: str | None
    timezone: str | None
    tax_rates: tuple[float, ...]

    def order(self, raw: KountaOrder) -> pos.Order:
        return mappers.to_unified_order(raw, self.currency, self.tax_rates)


# Currency, time zone and tax rates change rarely: read once per connection every ten minutes.
_settings: dict[UUID, tuple[float, CompanySettings]] = {}


class KountaConnector(Connector):
    manifest: ClassVar = MANIFEST

    @classmethod
    def build_http_client(cls, credentials: Mapping[str, str]) -> httpx.AsyncClient:
        # Kounta answers 406 without Accept: application/json (or a .json suffix).
        return httpx.AsyncClient(
            base_url=(credentials.get("base_url") or cls.manifest.base_url or "").rstrip("/"),
            headers={"Accept": "application/json"},
            timeout=DEFAULT_TIMEOUT,
        )

    @classmethod
    def authenticator(
        cls, credentials: Mapping[str, str], tokens: TokenStore, client: httpx.AsyncClient
    ) -> Authenticator | None:
        if credentials.get("access_token") or credentials.get("refresh_token"):

            async def refresh(stale: OAuthTokens) -> OAuthTokens:
                return await cls.refresh_tokens(client, credentials, stale)

            return OAuth2Auth(tokens, refresh)
        return BasicAuth(credentials["client_id"], credentials["client_secret"])

    @classmethod
    async def refresh_tokens(
        cls, client: httpx.AsyncClient, credentials: Mapping[str, str], stale: OAuthTokens
    ) -> OAuthTokens:
        """POST /v1/token, form-encoded (apidoc.kounta.com/authentication)."""
        if not stale.refresh_token:
            raise ProviderAuthFailed(
                "The Kounta connection has no refresh token: the end user must reconnect"
            )
        response = await client.post(
            "/v1/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": stale.refresh_token,
                "client_id": credentials["client_id"],
                "client_secret": credentials["client_secret"],
            },
        )
        if response.status_code >= 400:
            raise ProviderAuthFailed(f"Kounta refused to refresh the access token: {error_message(response)}")
        try:
            return OAuthTokens.from_token_response(response.json(), stale)
        except (ValueError, KeyError) as exc:
            raise ProviderMalformedResponse("Kounta's token answer could not be read") from exc

    @property
    def client(self) -> KountaClient:
        return KountaClient(self.context.http, self.context.credentials.get("company_id") or "me")

    async def company(self) -> CompanySettings:
        cached = _settings.get(self.context.connection_id)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        info = await self.client.company_info()
        rates = tuple(sorted({mappers.percent(tax.rate) for tax in await self.client.taxes()}))
        settings = CompanySettings(info.currency, info.timezone.name if info.timezone else None, rates)
        _settings[self.context.connection_id] = (time.monotonic() + SETTINGS_TTL_SECONDS, settings)
        return settings

    # Customers

    @operation("pos.customers.list")
    async def list_customers(self, query: pos.CustomerQuery, page: PageRequest) -> Page[pos.Customer]:
        client = self.client
        if query.email:
            # Kounta's own lookup: 302 to the record, or 404.
            found = await client.lookup_customer({"email": query.email})
            matches = [mappers.to_unified_customer(found)] if found else []
            return Page(items=page_of(matches, page), total=len(matches), page=page.page, size=page.size)
        if query.search or query.phone:
            return await self._scanned_customers(query, page)
        raws, total = await client.customers_page(page)
        return Page(
            items=[mappers.to_unified_customer(raw) for raw in raws],
            total=total,
            page=page.page,
            size=page.size,
        )

    async def _scanned_customers(self, query: pos.CustomerQuery, page: PageRequest) -> Page[pos.Customer]:
        """Kounta cannot search by name, and finds a phone only as a mobile number: Junction
        walks every customer page and filters (costs one call per 25 customers)."""
        client = self.client
        if query.phone and not query.search:
            found = await client.lookup_customer({"mobile": query.phone})
            if found is not None:
                matches = [mappers.to_unified_customer(found)]
                return Page(items=page_of(matches, page), total=1, page=page.page, size=page.size)
        needle = (query.search or "").lower()
        everyone = [mappers.to_unified_customer(raw) for raw in await client.all_customers()]
        matches = [
            c
            for c in everyone
            if (not needle or needle in c.name.lower() or needle in (c.email or "").lower())
        ]
        if query.phone:
            digits = "".join(ch for ch in query.phone if ch.isdigit())
            detailed = [mappers.to_unified_customer(await client.customer(c.id)) for c in matches]
            matches = [
                c
                for c in detailed
                if digits and digits in "".join(ch for ch in c.phone or "" if ch.isdigit())
            ]
        return Page(items=page_of(matches, page), total=len(matches), page=page.page, size=page.size)

    @operation("pos.customers.get")
    async def get_customer(self, customer_id: str) -> pos.Customer:
        return mappers.to_unified_customer(await self.client.customer(customer_id))

    @operation("pos.customers.create")
    async def create_customer(self, item: pos.CustomerCreate) -> pos.Customer:
        created = await self.client.create_customer(mappers.to_kounta_customer_create(item))
        return mappers.to_unified_customer(created)

    # Orders, and what Junction computes from them

    def _order_params(self, date_from: date | None, date_to: date | None) -> dict[str, str]:
        params = {}
        if date_from:
            params["created_gte"] = date_from.isoformat()
        if date_to:
            params["created_lt"] = (date_to + timedelta(days=1)).isoformat()
        return params

    async def _orders_of(self, query: pos.OrderQuery) -> tuple[str, dict[str, str], str | None]:
        """The Kounta path, query and register a unified order query becomes. A closure id is a
        reconciliation: its day, its site, and its register when it is per register."""
        site_id, register_id = query.location_id, None
        params = self._order_params(query.date_from, query.date_to)
        if query.closure_id:
            closure = await self.client.reconciliation(query.closure_id)
            day = mappers.parse_time(closure.created_at)
            site_id = str(closure.site.id) if closure.site else site_id
            register_id = str(closure.till.id) if closure.till else None
            if day is not None:
                params = self._order_params(day.date(), day.date())
        complete = query.state == pos.OrderState.closed or bool(query.closure_id)
        return KountaClient.orders_path(site_id, register_id, complete), params, register_id

    @operation("pos.orders.list")
    async def list_orders(self, query: pos.OrderQuery, page: PageRequest) -> Page[pos.Order]:
        company = await self.company()
        path, params, _ = await self._orders_of(query)
        if query.state == pos.OrderState.open:
            # No path filter selects orders still open on the POS: walk and keep those.
            raws = [o for o in await self.client.orders(path, params) if o.status in mappers.OPEN_STATUSES]
            orders = [company.order(raw) for raw in raws]
            return Page(items=page_of(orders, page), total=len(orders), page=page.page, size=page.size)
        raws, total = await self.client.orders_page(path, params, page)
        orders = [company.order(raw) for raw in raws]
        return Page(items=orders, total=total, page=page.page, size=page.size)

    @operation("pos.orders.get")
    async def get_order(self, order_id: str) -> pos.Order:
        company = await self.company()
        return company.order(await self.client.order(order_id))

    @operation("pos.orders.update")
    async def update_order(self, order_id: str, item: pos.OrderUpdate) -> pos.Order:
        company = await self.company()
        customer = int(item.customer_id) if item.customer_id and item.customer_id.isdigit() else None
        if item.customer_id and customer is None:
            raise ObjectNotFound("customer", item.customer_id)
        updated = await self.client.update_order(order_id, {"customer_id": customer})
        return company.order(updated)

    async def _completed_orders(
        self, date_from: date, date_to: date, site_id: str | None
    ) -> list[KountaOrder]:
        path = KountaClient.orders_path(site_id, None, complete=True)
        return await self.client.orders(path, self._order_params(date_from, date_to))

    @operation("pos.sales.get")
    async def get_sales(self, query: pos.SalesQuery) -> pos.Sales:
        """Computed: Kounta has no sales summary; the sum of the period's completed orders."""
        company = await self.company()
        raws = await self._completed_orders(query.date_from, query.date_to, query.location_id)
        return mappers.to_unified_sales(company.order(raw) for raw in raws)

    @operation("pos.payments.list")
    async def list_payments(self, query: pos.PaymentQuery, page: PageRequest) -> Page[pos.Payment]:
        company = await self.company()
        raws = await self._completed_orders(query.date_from, query.date_to, None)
        payments = [
            mappers.to_unified_payment(raw, i, company.currency)
            for raw in raws
            for i in range(len(raw.payments))
        ]
        return Page(items=page_of(payments, page), total=len(payments), page=page.page, size=page.size)

    @operation("pos.objectives.list")
    async def list_objectives(self, query: pos.ObjectiveQuery, page: PageRequest) -> Page[pos.Objective]:
        """Computed: the same weekday's completed sales one week earlier (see docs)."""
        company = await self.company()
        week_before = query.date_from - timedelta(days=7)
        raws = await self._completed_orders(week_before, query.date_to - timedelta(days=7), query.location_id)
        orders = [company.order(raw) for raw in raws]
        objectives = mappers.to_unified_objectives(orders, query.date_from, query.date_to)
        return Page(items=page_of(objectives, page), total=len(objectives), page=page.page, size=page.size)

    # Catalogue and settings

    @operation("pos.payment_methods.list")
    async def list_payment_methods(
        self, query: pos.LocationQuery, page: PageRequest
    ) -> Page[pos.PaymentMethod]:
        methods = [mappers.to_unified_payment_method(m) for m in await self.client.payment_methods()]
        return Page(items=page_of(methods, page), total=len(methods), page=page.page, size=page.size)

    @operation("pos.products.list")
    async def list_products(self, query: pos.LocationQuery, page: PageRequest) -> Page[pos.Product]:
        """Products with their categories: one call per category rather than one per product."""
        client = self.client
        raws = await client.products(query.location_id)
        categories_of: dict[int, list[str]] = {}
        for category in await client.categories(None):
            for product in await client.category_products(category.id):
                categories_of.setdefault(product.id, []).append(str(category.id))
        window = page_of(raws, page)
        # Lists are abridged (no price): the window's records are read one by one.
        detailed = [await client.product(raw.id) if raw.unit_price is None else raw for raw in window]
        items = [mappers.to_unified_product(raw, categories_of.get(raw.id, [])) for raw in detailed]
        return Page(items=items, total=len(raws), page=page.page, size=page.size)

    @operation("pos.product_categories.list")
    async def list_product_categories(
        self, query: pos.ProductCategoryQuery, page: PageRequest
    ) -> Page[pos.ProductCategory]:
        categories = [mappers.to_unified_category(c) for c in await self.client.categories(query.location_id)]
        return Page(items=page_of(categories, page), total=len(categories), page=page.page, size=page.size)

    @operation("pos.tax_rates.list")
    async def list_tax_rates(self, query: pos.LocationQuery, page: PageRequest) -> Page[pos.TaxRate]:
        rates = [mappers.to_unified_tax_rate(t) for t in await self.client.taxes()]
        return Page(items=page_of(rates, page), total=len(rates), page=page.page, size=page.size)

    @operation("pos.locations.list")
    async def list_locations(self, page: PageRequest) -> Page[pos.Location]:
        zone = (await self.company()).timezone
        sites = [mappers.to_unified_location(site, zone) for site in await self.client.sites()]
        return Page(items=page_of(sites, page), total=len(sites), page=page.page, size=page.size)

    @operation("pos.closures.get")
    async def get_closure(self, query: pos.ClosureQuery) -> pos.Closure:
        client = self.client
        reconciliations = await client.reconciliations_of(query.date.isoformat(), query.location_id)
        return mappers.to_unified_closure(query.date, reconciliations, await client.taxes())

    # Provider webhooks (docs/webhooks.md): Kounta signs each delivery with the client secret and
    # names no topic in it, so the topic travels in a header Kounta repeats for us.

    @classmethod
    def verify_webhook(cls, request: WebhookRequest, credentials: Mapping[str, str]) -> bool:
        expected = hmac.new(credentials["client_secret"].encode(), request.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(request.headers.get(SIGNATURE_HEADER, ""), expected)

    async def handle_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        topic = request.headers.get(TOPIC_HEADER, "")
        event = WEBHOOK_EVENTS.get(topic)
        if event is None:
            return []
        body = request.json()
        if topic.startswith("customers/"):
            customer = mappers.to_unified_customer(KountaCustomer.model_validate(body))
            return [ProviderEvent(event, customer, object_id=customer.id)]
        if topic == "orders/completed":
            order = await self.get_order(str(body["id"]))
            return [ProviderEvent(event, order, object_id=order.id)]
        reconciliation = KountaReconciliation.model_validate(body)
        day = mappers.parse_time(reconciliation.created_at)
        closure = mappers.to_unified_closure(
            day.date() if day else date.today(), [reconciliation], await self.client.taxes()
        )
        return [ProviderEvent(event, closure, object_id=str(reconciliation.id))]

    async def register_webhooks(self, url: str) -> dict[str, Any] | None:
        ids = []
        for topic in WEBHOOK_EVENTS:
            body = {"topic": topic, "address": url, "format": "json", "headers": {TOPIC_HEADER: topic}}
            response = await self.context.http.request("POST", f"{self.client.base}/webhooks", json=body)
            created = await self.client.created_json(check(response, "webhook"))
            ids.append(created["id"])
        return {"webhook_ids": ids}

    async def unregister_webhooks(self, state: Mapping[str, Any]) -> None:
        for webhook_id in state.get("webhook_ids", []):
            response = await self.context.http.request("DELETE", f"{self.client.base}/webhooks/{webhook_id}")
            if response.status_code != 404:
                check(response, "webhook", str(webhook_id))
