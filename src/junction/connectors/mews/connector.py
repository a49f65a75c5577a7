"""Mews (Connector API) for the PMS vertical."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from junction.connectors._framework.base import Connector, operation
from junction.connectors._framework.errors import ObjectNotFound
from junction.connectors._framework.pagination import page_of
from junction.connectors.mews import mappers
from junction.connectors.mews.client import MewsClient
from junction.connectors.mews.manifest import MANIFEST
from junction.connectors.mews.types import (
    MewsAccountingCategory,
    MewsBill,
    MewsCompany,
    MewsConfiguration,
    MewsCustomer,
    MewsOrderItem,
    MewsPayment,
    MewsReservation,
    MewsResource,
    MewsService,
    MewsTaxations,
)
from junction.unified import pms
from junction.unified.common import Page, PageRequest

CUSTOMER_EXTENT = {"Customers": True, "Addresses": True}


def digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


class MewsConnector(Connector):
    manifest: ClassVar = MANIFEST

    @property
    def client(self) -> MewsClient:
        return MewsClient(self.context.http, self.context.credentials)

    # --- shared lookups -----------------------------------------------------------------------

    async def _configuration(self, client: MewsClient) -> MewsConfiguration:
        return await client.one("configuration/get", MewsConfiguration)

    @staticmethod
    def _zone(configuration: MewsConfiguration) -> ZoneInfo:
        try:
            return ZoneInfo(configuration.enterprise.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def _period(self, configuration: MewsConfiguration, first: date, last: date) -> tuple[datetime, datetime]:
        """The property's local days [first, last] as UTC instants: Mews filters in UTC, the
        contract's dates are the property's."""
        zone = self._zone(configuration)
        start = datetime.combine(first, time.min, zone).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time.min, zone).astimezone(UTC)
        return start, end

    async def _context(self, client: MewsClient, configuration: MewsConfiguration) -> mappers.Context:
        taxations = await client.one("taxations/getAll", MewsTaxations)
        categories = await client.all(
            "accountingCategories/getAll", "AccountingCategories", MewsAccountingCategory
        )
        resources = await client.all("resources/getAll", "Resources", MewsResource)
        return mappers.Context(
            currency=configuration.enterprise.currency,
            rates={
                r.code: rate for r in taxations.tax_rates if (rate := mappers.percent(r.rate)) is not None
            },
            categories={c.id: c for c in categories},
            resources={r.id: r for r in resources},
            enterprise_id=configuration.enterprise.id,
        )

    async def _companies(self, client: MewsClient, customers: list[MewsCustomer]) -> dict[str, MewsCompany]:
        ids = sorted({c.company_id for c in customers if c.company_id})
        if not ids:
            return {}
        found = await client.by_ids("companies/getAll", "Companies", MewsCompany, "Ids", ids)
        return {c.id: c for c in found}

    # --- customers ----------------------------------------------------------------------------

    @operation("pms.customers.list")
    async def list_customers(self, query: pms.CustomerQuery, page: PageRequest) -> Page[pms.Customer]:
        client = self.client
        if query.email:
            found = await client.all(
                "customers/getAll",
                "Customers",
                MewsCustomer,
                {"Emails": [query.email], "Extent": CUSTOMER_EXTENT},
            )
        else:
            # Mews lists customers only under a filter; creation windows of at most three months
            # from the enterprise's opening to now cover every customer.
            configuration = await self._configuration(client)
            found = await client.windowed(
                "customers/getAll",
                "Customers",
                MewsCustomer,
                "CreatedUtc",
                configuration.enterprise.created_utc - timedelta(days=1),
                configuration.now_utc + timedelta(minutes=1),
                {"Extent": CUSTOMER_EXTENT},
            )
        found = [c for c in found if self._matches(c, query)]
        found.sort(key=lambda c: (c.created_utc or datetime.min.replace(tzinfo=UTC), c.id))
        chosen = page_of(found, page)
        companies = await self._companies(client, chosen)
        items = [mappers.to_customer(c, companies.get(c.company_id or "")) for c in chosen]
        return Page(items=items, total=len(found), page=page.page, size=page.size)

    @staticmethod
    def _matches(customer: MewsCustomer, query: pms.CustomerQuery) -> bool:
        if query.email and (customer.email or "").lower() != query.email.lower():
            return False
        if query.phone and (not digits(query.phone) or digits(query.phone) != digits(customer.phone)):
            return False
        if query.search:
            needle = query.search.lower()
            haystack = " ".join(
                filter(None, (customer.first_name, customer.last_name, customer.email, customer.number))
            ).lower()
            full = f"{customer.first_name or ''} {customer.last_name or ''}".lower()
            if needle not in haystack and needle not in full:
                return False
        return True

    @operation("pms.customers.get")
    async def get_customer(self, customer_id: str) -> pms.Customer:
        client = self.client
        found = await client.all(
            "customers/getAll",
            "Customers",
            MewsCustomer,
            {"CustomerIds": [customer_id], "Extent": CUSTOMER_EXTENT},
        )
        if not found:
            raise ObjectNotFound("customer", customer_id)
        companies = await self._companies(client, found)
        return mappers.to_customer(found[0], companies.get(found[0].company_id or ""))

    # --- catalogue-like lists -----------------------------------------------------------------

    @operation("pms.locations.list")
    async def list_locations(self, page: PageRequest) -> Page[pms.Location]:
        client = self.client
        configuration = await self._configuration(client)
        services = await client.all("services/getAll", "Services", MewsService)
        items = [mappers.to_location(s, configuration.enterprise) for s in services if s.is_active]
        return Page(items=page_of(items, page), total=len(items), page=page.page, size=page.size)

    async def _categories(self) -> list[MewsAccountingCategory]:
        found = await self.client.all(
            "accountingCategories/getAll", "AccountingCategories", MewsAccountingCategory
        )
        return [c for c in found if c.is_active]

    @operation("pms.accounting_categories.list")
    async def list_accounting_categories(self, page: PageRequest) -> Page[pms.AccountingCategory]:
        items = [mappers.to_accounting_category(c) for c in await self._categories()]
        return Page(items=page_of(items, page), total=len(items), page=page.page, size=page.size)

    @operation("pms.payment_methods.list")
    async def list_payment_methods(
        self, query: pms.LocationQuery, page: PageRequest
    ) -> Page[pms.PaymentMethod]:
        # Mews' Connector API lists no payment methods: the accounting categories that classify
        # payments (one per way to pay) are what a payment's method refers to.
        categories = [
            c for c in await self._categories() if c.classification == mappers.PAYMENT_CLASSIFICATION
        ]
        items = [mappers.to_payment_method(c) for c in categories]
        return Page(items=page_of(items, page), total=len(items), page=page.page, size=page.size)

    @operation("pms.taxes.list")
    async def list_taxes(self, page: PageRequest) -> Page[pms.TaxRate]:
        taxations = await self.client.one("taxations/getAll", MewsTaxations)
        names = {t.code: t.name or t.code for t in taxations.taxations}
        items = [mappers.to_tax_rate(r, names) for r in taxations.tax_rates]
        items += [
            mappers.to_city_tax(c)
            for c in await self._categories()
            if c.classification == mappers.TAX_CLASSIFICATION
        ]
        return Page(items=page_of(items, page), total=len(items), page=page.page, size=page.size)

    # --- orders, invoices, payments -----------------------------------------------------------

    async def _items(
        self, client: MewsClient, interval: str, start: datetime, end: datetime, location_id: str | None
    ) -> list[MewsOrderItem]:
        payload: dict[str, Any] = {"ServiceIds": [location_id]} if location_id else {}
        found = await client.windowed(
            "orderItems/getAll", "OrderItems", MewsOrderItem, interval, start, end, payload
        )
        # Mews' interval bounds are inclusive; the period is [start, end).
        moment = {"ConsumedUtc": "consumed_utc", "ClosedUtc": "closed_utc"}[interval]
        return [i for i in found if i.canceled_utc is None and (getattr(i, moment) or end) < end]

    async def _reservations(self, client: MewsClient, ids: list[str]) -> dict[str, MewsReservation]:
        if not ids:
            return {}
        found = await client.by_ids(
            "reservations/getAll/2023-06-06", "Reservations", MewsReservation, "ReservationIds", ids
        )
        return {r.id: r for r in found}

    async def _bills(self, client: MewsClient, ids: list[str]) -> dict[str, MewsBill]:
        if not ids:
            return {}
        found = await client.by_ids("bills/getAll", "Bills", MewsBill, "BillIds", ids)
        return {b.id: b for b in found}

    @operation("pms.orders.list")
    async def list_orders(self, query: pms.OrderQuery, page: PageRequest) -> Page[pms.Order]:
        """An order is one service order (a reservation, with everything posted to it) holding the
        order items consumed (state=consumed) or closed (state=closed) in the period."""
        client = self.client
        configuration = await self._configuration(client)
        start, end = self._period(configuration, query.date_from, query.date_to)
        interval = "ClosedUtc" if query.state == pms.OrderState.closed else "ConsumedUtc"
        items = await self._items(client, interval, start, end, query.location_id)
        grouped: dict[str, list[MewsOrderItem]] = defaultdict(list)
        for item in items:
            grouped[item.service_order_id or item.id].append(item)
        first_seen = {
            order_id: min((i.consumed_utc or i.created_utc) for i in group)
            for order_id, group in grouped.items()
        }
        ordered = sorted(grouped, key=lambda order_id: (first_seen[order_id], order_id))
        chosen = page_of(ordered, page)
        context = await self._context(client, configuration)
        reservations = await self._reservations(client, chosen)
        bill_ids = sorted({i.bill_id for o in chosen for i in grouped[o] if i.bill_id})
        bills = await self._bills(client, bill_ids)
        orders = [
            mappers.to_order(
                o,
                sorted(grouped[o], key=lambda i: (i.consumed_utc or i.created_utc, i.id)),
                reservations.get(o),
                bills,
                context,
            )
            for o in chosen
        ]
        return Page(items=orders, total=len(ordered), page=page.page, size=page.size)

    @operation("pms.invoices.list")
    async def list_invoices(self, query: pms.InvoiceQuery, page: PageRequest) -> Page[pms.Invoice]:
        """Bills issued in the period (open bills have no issue date and wait for their closing)."""
        client = self.client
        configuration = await self._configuration(client)
        start, end = self._period(configuration, query.date_from, query.date_to)
        bills = await client.windowed("bills/getAll", "Bills", MewsBill, "IssuedUtc", start, end)
        bills = [b for b in bills if b.issued_utc is not None and b.issued_utc < end]
        if query.location_id:
            located = await self._items(client, "ClosedUtc", start, end, query.location_id)
            keep = {i.bill_id for i in located}
            bills = [b for b in bills if b.id in keep]
        bills.sort(key=lambda b: (b.issued_utc or start, b.id))
        chosen = page_of(bills, page)
        ids = [b.id for b in chosen]
        items = (
            await client.by_ids("orderItems/getAll", "OrderItems", MewsOrderItem, "BillIds", ids)
            if ids
            else []
        )
        payments = (
            await client.by_ids("payments/getAll", "Payments", MewsPayment, "BillIds", ids) if ids else []
        )
        context = await self._context(client, configuration)
        reservations = await self._reservations(
            client, sorted({i.service_order_id for i in items if i.service_order_id})
        )
        items_of: dict[str, list[MewsOrderItem]] = defaultdict(list)
        for item in items:
            if item.canceled_utc is None:
                items_of[item.bill_id or ""].append(item)
        payments_of: dict[str, list[MewsPayment]] = defaultdict(list)
        for payment in payments:
            payments_of[payment.bill_id or ""].append(payment)
        invoices = []
        for bill in chosen:
            lines = sorted(items_of[bill.id], key=lambda i: (i.consumed_utc or i.created_utc, i.id))
            reservation_id = next((i.service_order_id for i in lines if i.service_order_id), None)
            invoices.append(
                mappers.to_invoice(
                    bill, lines, payments_of[bill.id], reservations.get(reservation_id or ""), context
                )
            )
        return Page(items=invoices, total=len(bills), page=page.page, size=page.size)

    async def _payments(self, client: MewsClient, start: datetime, end: datetime) -> list[MewsPayment]:
        found = await client.windowed("payments/getAll", "Payments", MewsPayment, "ChargedUtc", start, end)
        return [p for p in found if p.charged_utc is not None and p.charged_utc < end]

    @operation("pms.payments.list")
    async def list_payments(self, query: pms.PaymentQuery, page: PageRequest) -> Page[pms.Payment]:
        client = self.client
        configuration = await self._configuration(client)
        start, end = self._period(configuration, query.date_from, query.date_to)
        payments = sorted(
            await self._payments(client, start, end), key=lambda p: (p.charged_utc or start, p.id)
        )
        categories = {c.id: c for c in await self._categories()} if payments else {}
        items = [mappers.to_payment(p, categories) for p in page_of(payments, page)]
        return Page(items=items, total=len(payments), page=page.page, size=page.size)

    # --- computed ----------------------------------------------------------------------------

    @operation("pms.closures.get")
    async def get_closure(self, query: pms.ClosureQuery) -> pms.Closure:
        """Mews has no daily closure in its Connector API: a day is `closed` once it is over in the
        property's time zone, and its one closure sums the items consumed and the payments charged
        that day (payments only without `location_id`: Mews does not tie them to a service)."""
        client = self.client
        configuration = await self._configuration(client)
        start, end = self._period(configuration, query.date, query.date)
        today = configuration.now_utc.astimezone(self._zone(configuration)).date()
        items = await self._items(client, "ConsumedUtc", start, end, query.location_id)
        payments = [] if query.location_id else await self._payments(client, start, end)
        status = pms.ClosureState.closed if query.date < today else pms.ClosureState.open
        if not items and not payments:
            return pms.Closure(date=query.date, status=status, closures=[])
        context = await self._context(client, configuration)
        detail_id = f"{configuration.enterprise.id}:{query.date.isoformat()}"
        if query.location_id:
            detail_id += f":{query.location_id}"
        return pms.Closure(
            date=query.date,
            status=status,
            closures=[mappers.closure_detail(detail_id, items, payments, context)],
        )

    @operation("pms.accounting_transactions.list")
    async def list_accounting_transactions(
        self, query: pms.AccountingTransactionQuery, page: PageRequest
    ) -> Page[pms.AccountingTransaction]:
        """Revenue recognised on consumption: every item consumed in the period (its net line and
        its tax line), then every payment charged in the period (without `location_id`)."""
        client = self.client
        configuration = await self._configuration(client)
        start, end = self._period(configuration, query.date_from, query.date_to)
        items = await self._items(client, "ConsumedUtc", start, end, query.location_id)
        payments = [] if query.location_id else await self._payments(client, start, end)
        context = await self._context(client, configuration)
        lines = [line for item in items for line in mappers.item_transactions(item, context)]
        lines += [mappers.payment_transaction(p, context) for p in payments]
        lines.sort(key=lambda t: (t.date, t.id))
        return Page(items=page_of(lines, page), total=len(lines), page=page.page, size=page.size)
