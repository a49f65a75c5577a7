"""SourceHub for the eCommerce vertical."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from junction.connectors._framework.auth import HeaderAuth, TokenStore
from junction.connectors._framework.base import DEFAULT_TIMEOUT, Connector, operation
from junction.connectors._framework.errors import ObjectNotFound, ProviderRejectedInput
from junction.connectors._framework.http import Authenticator
from junction.connectors._framework.pagination import page_of
from junction.connectors.sourcehub import mappers
from junction.connectors.sourcehub.client import SourceHubClient
from junction.connectors.sourcehub.manifest import MANIFEST
from junction.connectors.sourcehub.types import SourceHubCustomer, SourceHubOrder, SourceHubProduct
from junction.unified import commerce
from junction.unified.common import Page, PageRequest


def ddmmyyyy(day: dt.date) -> str:
    """SourceHub's query dates (docs: from_date / to_date in dd-mm-yyyy)."""
    return day.strftime("%d-%m-%Y")


class SourceHubConnector(Connector):
    manifest: ClassVar = MANIFEST

    @classmethod
    def build_http_client(cls, credentials: Mapping[str, str]) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=(credentials.get("base_url") or cls.manifest.base_url or "").rstrip("/"),
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            timeout=DEFAULT_TIMEOUT,
        )

    @classmethod
    def authenticator(
        cls, credentials: Mapping[str, str], tokens: TokenStore, client: httpx.AsyncClient
    ) -> Authenticator | None:
        # A static token from the dashboard: nothing to refresh, a 401 is final.
        return HeaderAuth("Authorization", f"Bearer {credentials.get('api_key', '')}")

    @property
    def client(self) -> SourceHubClient:
        return SourceHubClient(self.context.http)

    # --- customers ---

    @operation("commerce.customers.list")
    async def list_customers(self, page: PageRequest) -> Page[commerce.Customer]:
        client = self.client
        raws, total = await client.customers_page(page.offset, page.size)
        if total is None:
            total = await client.count("/customers", "customers", SourceHubCustomer)
        items = [mappers.to_customer(raw) for raw in raws]
        return Page(items=items, total=total, page=page.page, size=page.size)

    @operation("commerce.customers.get")
    async def get_customer(self, customer_id: str) -> commerce.Customer:
        raw = await self.client.show_customer({"customer_code": customer_id}, customer_id)
        return mappers.to_customer(raw)

    # --- products ---

    @operation("commerce.products.list")
    async def list_products(self, query: commerce.ProductQuery, page: PageRequest) -> Page[commerce.Product]:
        client = self.client
        if query.sku is None and query.updated_after is None:
            raws, total = await client.products_page(page.offset, page.size)
            if total is None:
                total = await client.count("/products", "products", SourceHubProduct)
            return Page(
                items=[mappers.to_product(r) for r in raws], total=total, page=page.page, size=page.size
            )
        # SourceHub filters by day (from_date) and has no SKU filter: read the matching days,
        # then filter exactly here.
        params = {"from_date": ddmmyyyy(query.updated_after.date())} if query.updated_after else {}
        products = [mappers.to_product(r) for r in await client.all_products(params)]
        if query.sku is not None:
            products = [p for p in products if p.sku == query.sku]
        if query.updated_after is not None:
            after = query.updated_after
            products = [
                p for p in products if p.last_updated_on is None or _aware(p.last_updated_on) > _aware(after)
            ]
        return Page(items=page_of(products, page), total=len(products), page=page.page, size=page.size)

    @operation("commerce.products.get")
    async def get_product(self, product_id: str) -> commerce.Product:
        return mappers.to_product(await self.client.product(product_id))

    @operation("commerce.variants.get")
    async def get_variant(self, variant_id: str) -> commerce.Variant:
        product_id, pricing_id = mappers.parse_variant_id(variant_id)
        try:
            raw = await self.client.product(product_id)
        except ObjectNotFound:
            raise ObjectNotFound("variant", variant_id) from None
        variant = mappers.to_variant(raw, pricing_id)
        if variant is None:
            raise ObjectNotFound("variant", variant_id)
        return variant

    # --- orders ---

    @operation("commerce.orders.list")
    async def list_orders(self, query: commerce.OrderQuery, page: PageRequest) -> Page[commerce.Order]:
        """SourceHub lists orders of one customer at a time (by phone number): read every
        customer, then each one's orders of the period, and merge them newest first."""
        client = self.client
        start = query.date_from
        if query.updated_after is not None:
            day = query.updated_after.date()
            start = max(start, day) if start else day
        params: dict[str, Any] = {}
        if start:
            params["from_date"] = ddmmyyyy(start)
        if query.date_to:
            params["to_date"] = ddmmyyyy(query.date_to)
        phones = sorted(
            {c.contactperson_number for c in await client.all_customers() if c.contactperson_number}
        )
        calls = [functools.partial(client.customer_orders, phone, params) for phone in phones]
        found: dict[int, SourceHubOrder] = {}
        for orders in await client.gather(calls):
            for raw in orders:
                found[raw.id] = raw
        ordered = sorted(
            found.values(), key=lambda o: (mappers.order_day(o) or dt.date.min, o.id), reverse=True
        )
        window = page_of(ordered, page)
        rates = await self._rates([product.id for raw in window for product in raw.products])
        items = [mappers.to_order(raw, rates) for raw in window]
        return Page(items=items, total=len(ordered), page=page.page, size=page.size)

    @operation("commerce.orders.get")
    async def get_order(self, order_id: str, options: commerce.OrderOptions | None = None) -> commerce.Order:
        raw = await self.client.order(order_id)
        return mappers.to_order(raw, await self._rates([p.id for p in raw.products]))

    @operation("commerce.orders.create")
    async def create_order(self, item: commerce.OrderCreate) -> commerce.Order:
        client = self.client
        customer = await client.find_customer({"email": item.customer.email})
        if customer is None and item.customer.phone:
            customer = await client.find_customer({"contact_person_phone": item.customer.phone})
        if customer is None:
            raise ProviderRejectedInput(
                "SourceHub has no customer with this email or phone; orders are placed for existing customers"
            )
        products: list[dict[str, Any]] = []
        for line in item.lines:
            product_id, pricing_id = mappers.parse_variant_id(line.variant_id)
            if not product_id.isdigit():
                raise ProviderRejectedInput(f"Unknown variant {line.variant_id!r}")
            pack = 1.0
            if pricing_id and pricing_id != mappers.UNIT:
                pack, _price = mappers.pack_of(await client.product(product_id), pricing_id)
            # SourceHub's lines count units: a pack variant becomes its units at the unit price.
            products.append(
                {
                    "product_id": int(product_id),
                    "quantity": round(line.quantity * pack),
                    "price": round(line.unit_price / pack, 4),
                }
            )
        created = await client.create_order({"customer_id": customer.id, "products": products})
        return mappers.to_order(created, await self._rates([p.id for p in created.products]))

    async def _rates(self, product_ids: list[int]) -> dict[int, float]:
        """GST percent of each product (one product read each, at most CONCURRENCY at once)."""
        client = self.client
        wanted = sorted(set(product_ids))
        calls = [functools.partial(self._product_or_none, client, pid) for pid in wanted]
        products = await client.gather(calls)
        return {p.id: p.gst_percent or 0.0 for p in products if p is not None}

    @staticmethod
    async def _product_or_none(client: SourceHubClient, product_id: int) -> SourceHubProduct | None:
        try:
            return await client.product(str(product_id))
        except ObjectNotFound:
            return None


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
