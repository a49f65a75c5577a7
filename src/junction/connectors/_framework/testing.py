"""The conformance suite every registered connector runs against its sandbox (meltano's
tap_tests, airbyte's standard tests): every declared capability, pagination across pages, and
the faults a real provider throws (429 with Retry-After, 5xx, timeouts, malformed bodies, bad
credentials, an access token that dies in the middle of a pagination). The checks are plain
async functions over a `Harness`; tests/connectors/test_conformance.py parametrizes them over
the registry."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import httpx

from junction.connectors._framework.auth import OAuthTokens, Refresh
from junction.connectors._framework.base import Connector, ConnectorContext
from junction.connectors._framework.errors import (
    ProviderAuthFailed,
    ProviderMalformedResponse,
    ProviderUnavailable,
)
from junction.connectors._framework.http import CallRecorder, ProviderHTTP, RetryPolicy
from junction.connectors._framework.manifest import AuthMode
from junction.unified import commerce, pms, pos
from junction.unified.common import Page, PageRequest

# Short enough that a hanging provider costs a test about a second, long enough for a sandbox
# on a loaded two-core machine.
TEST_TIMEOUT = httpx.Timeout(2.0)
TEST_RETRY = RetryPolicy(max_attempts=4, backoff_base=0.05, backoff_max=0.5, budget=10.0)


class MemoryTokenStore:
    """The platform's token store without a database: single-flight in one process, and a count
    of refreshes so a test can prove a token was refreshed exactly once."""

    def __init__(self, credentials: Mapping[str, str]) -> None:
        self.tokens = OAuthTokens.from_credentials(credentials)
        self.refreshes = 0
        self._lock = asyncio.Lock()

    async def current(self) -> OAuthTokens | None:
        return self.tokens

    async def refresh(self, stale: OAuthTokens, refresh: Refresh) -> OAuthTokens:
        async with self._lock:
            if self.tokens is not None and self.tokens.access_token != stale.access_token:
                return self.tokens
            self.tokens = await refresh(self.tokens or stale)
            self.refreshes += 1
            return self.tokens


@dataclass
class Harness:
    """A connector wired to a running sandbox, the way the gateway wires it."""

    connector: type[Connector]
    base_url: str
    credentials: dict[str, str]
    today: dt.date
    control: httpx.AsyncClient
    store: MemoryTokenStore = field(init=False)
    recorder: CallRecorder = field(init=False)
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    # Credentials the provider refuses (the binding's `refused_credentials`); None: a wrong
    # OAuth client secret and no tokens.
    refused_credentials: dict[str, str] | None = None

    def __post_init__(self) -> None:
        self.store = MemoryTokenStore(self.credentials)
        self.recorder = CallRecorder(keep_raw=True)

    def instance(self, credentials: Mapping[str, str] | None = None) -> Connector:
        credentials = dict(credentials or self.credentials)
        client = self.connector.build_http_client(credentials)
        client.timeout = TEST_TIMEOUT
        self.clients.append(client)
        auth = self.connector.authenticator(credentials, self.store, client)
        http = ProviderHTTP(
            client,
            self.recorder,
            auth=auth,
            retry=TEST_RETRY,
            reset_headers=self.connector.manifest.rate_limit_headers,
        )
        return self.connector(ConnectorContext(uuid4(), credentials, http))

    async def call(self, key: str, *args: Any, credentials: Mapping[str, str] | None = None) -> Any:
        return await self.instance(credentials).method_for(key)(*args)

    async def faults(self, **plan: Any) -> None:
        response = await self.control.put("/_sandbox/faults", json=plan)
        response.raise_for_status()

    async def clear_faults(self) -> None:
        await self.faults(
            fail_next=[],
            fail_next_path=None,
            rate_limit_next=0,
            error_rate=0.0,
            latency_ms=0,
            malformed_next=0,
            timeout_next=0,
            expire_tokens_after_requests=None,
            fail_token_next=[],
        )

    async def provider_requests(self) -> list[dict[str, Any]]:
        response = await self.control.get("/_sandbox/requests")
        response.raise_for_status()
        body = response.json()
        return list(body["requests"] if isinstance(body, dict) else body)

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()


# Arguments for each catalog operation, given what the sandbox already holds.
Arguments = Callable[[Harness], Awaitable[tuple[Any, ...]]]


async def _first_id(harness: Harness, key: str, *args: Any) -> str:
    page = await harness.call(key, *args, PageRequest(page=1, size=1))
    assert page.items, f"{key} returned nothing to pick an id from"
    return str(page.items[0].id)


def _recent_week(harness: Harness) -> tuple[dt.date, dt.date]:
    return harness.today - dt.timedelta(days=7), harness.today


async def _closed_day(harness: Harness) -> dt.date:
    """A day that has completed orders, so its closure and report are not empty."""
    orders = await harness.call(
        "pos.orders.list", pos.OrderQuery(state=pos.OrderState.closed), PageRequest(size=1)
    )
    return orders.items[0].creation_date.date() if orders.items else harness.today


POS_ARGUMENTS: dict[str, Arguments] = {
    "pos.customers.list": lambda h: _const(pos.CustomerQuery(), PageRequest(size=10)),
    "pos.customers.get": lambda h: _tuple(_first_id(h, "pos.customers.list", pos.CustomerQuery())),
    "pos.customers.create": lambda h: _const(
        pos.CustomerCreate(
            first_name="Conformance", last_name=f"Run {uuid4().hex[:6]}", email=f"{uuid4().hex}@example.com"
        )
    ),
    "pos.orders.list": lambda h: _const(pos.OrderQuery(), PageRequest(size=10)),
    "pos.orders.get": lambda h: _tuple(_first_id(h, "pos.orders.list", pos.OrderQuery())),
    "pos.orders.update": lambda h: _order_update(h),
    "pos.sales.get": lambda h: _const(
        pos.SalesQuery(date_from=_recent_week(h)[0], date_to=_recent_week(h)[1])
    ),
    "pos.payments.list": lambda h: _const(
        pos.PaymentQuery(date_from=_recent_week(h)[0], date_to=_recent_week(h)[1]), PageRequest(size=10)
    ),
    "pos.payment_methods.list": lambda h: _const(pos.LocationQuery(), PageRequest()),
    "pos.products.list": lambda h: _const(pos.LocationQuery(), PageRequest(size=10)),
    "pos.product_categories.list": lambda h: _const(pos.ProductCategoryQuery(), PageRequest()),
    "pos.accounting_categories.list": lambda h: _const(pos.LocationQuery(), PageRequest()),
    "pos.tax_rates.list": lambda h: _const(pos.LocationQuery(), PageRequest()),
    "pos.locations.list": lambda h: _const(PageRequest()),
    "pos.closures.get": lambda h: _closure_query(h),
    "pos.objectives.list": lambda h: _const(
        pos.ObjectiveQuery(date_from=_recent_week(h)[0], date_to=_recent_week(h)[1]), PageRequest()
    ),
    "pos.modifiers.list": lambda h: _const(pos.LocationQuery(), PageRequest()),
    "pos.report.get": lambda h: _report_query(h),
}


async def _const(*args: Any) -> tuple[Any, ...]:
    return args


async def _tuple(value: Awaitable[Any]) -> tuple[Any, ...]:
    return (await value,)


async def _order_update(harness: Harness) -> tuple[Any, ...]:
    order_id = await _first_id(harness, "pos.orders.list", pos.OrderQuery())
    customer_id = await _first_id(harness, "pos.customers.list", pos.CustomerQuery())
    return order_id, pos.OrderUpdate(customer_id=customer_id)


async def _closure_query(harness: Harness) -> tuple[Any, ...]:
    return (pos.ClosureQuery(date=await _closed_day(harness)),)


async def _report_query(harness: Harness) -> tuple[Any, ...]:
    return (pos.ReportQuery(date=await _closed_day(harness)),)


async def _commerce_order(harness: Harness) -> tuple[Any, ...]:
    """An order for an existing customer, of the first variant the catalogue lists."""
    customers = await harness.call("commerce.customers.list", PageRequest(size=20))
    customer = next(c for c in customers.items if c.email)
    products = await harness.call("commerce.products.list", commerce.ProductQuery(), PageRequest(size=1))
    variant = (products.items[0].variants or [])[0]
    address = commerce.AddressCreate(
        first_name=customer.first_name or "Conformance",
        last_name=customer.last_name or "Run",
        street="Conformance street",
        number="1",
        city="Bengaluru",
        country="IN",
    )
    price = (variant.prices or [commerce.ProductPrice(currency="INR", price=1.0)])[0].price or 1.0
    return (
        commerce.OrderCreate(
            customer=commerce.OrderCustomer(email=customer.email or "", phone=customer.phone),
            billing_address=address,
            shipping_address=address,
            currency="INR",
            lines=[
                commerce.OrderLineCreate(variant_id=variant.id, quantity=1, tax_rate=0.0, unit_price=price)
            ],
        ),
    )


async def _first_variant(harness: Harness) -> tuple[Any, ...]:
    products = await harness.call("commerce.products.list", commerce.ProductQuery(), PageRequest(size=1))
    return ((products.items[0].variants or [])[0].id,)


async def _first_product_id(harness: Harness) -> tuple[Any, ...]:
    return (await _first_id(harness, "commerce.products.list", commerce.ProductQuery()),)


async def _first_order_id(harness: Harness) -> tuple[Any, ...]:
    return (await _first_id(harness, "commerce.orders.list", commerce.OrderQuery()),)


async def _first_customer_id(harness: Harness) -> tuple[Any, ...]:
    page = await harness.call("commerce.customers.list", PageRequest(size=1))
    return (str(page.items[0].id),)


COMMERCE_ARGUMENTS: dict[str, Arguments] = {
    "commerce.customers.list": lambda h: _const(PageRequest(size=10)),
    "commerce.customers.get": _first_customer_id,
    "commerce.products.list": lambda h: _const(commerce.ProductQuery(), PageRequest(size=10)),
    "commerce.products.get": _first_product_id,
    "commerce.variants.get": _first_variant,
    "commerce.variants.set_quantity": lambda h: _const(
        "unknown", commerce.InventoryDetailsUpdate(location_id="unknown", available_quantity=1)
    ),
    "commerce.locations.list": lambda h: _const(PageRequest()),
    "commerce.orders.list": lambda h: _const(
        commerce.OrderQuery(date_from=_recent_week(h)[0], date_to=_recent_week(h)[1]), PageRequest(size=10)
    ),
    "commerce.orders.get": _first_order_id,
    "commerce.orders.create": _commerce_order,
    "commerce.payment_methods.list": lambda h: _const(PageRequest()),
    "commerce.product_categories.list": lambda h: _const(commerce.CategoryQuery(), PageRequest()),
    "commerce.taxes.list": lambda h: _const(PageRequest()),
    "commerce.countries.list": lambda h: _const(PageRequest()),
}


async def _pms_closure_query(harness: Harness) -> tuple[Any, ...]:
    """A past day with stays: its computed closure is not empty."""
    return (pms.ClosureQuery(date=harness.today - dt.timedelta(days=3)),)


def _pms_week(harness: Harness) -> dict[str, dt.date]:
    first, last = _recent_week(harness)
    return {"date_from": first, "date_to": last}


PMS_ARGUMENTS: dict[str, Arguments] = {
    "pms.customers.list": lambda h: _const(pms.CustomerQuery(), PageRequest(size=10)),
    "pms.customers.get": lambda h: _tuple(_first_id(h, "pms.customers.list", pms.CustomerQuery())),
    "pms.orders.list": lambda h: _const(pms.OrderQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.invoices.list": lambda h: _const(pms.InvoiceQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.payments.list": lambda h: _const(pms.PaymentQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.payment_methods.list": lambda h: _const(pms.LocationQuery(), PageRequest()),
    "pms.accounting_categories.list": lambda h: _const(PageRequest()),
    "pms.taxes.list": lambda h: _const(PageRequest()),
    "pms.locations.list": lambda h: _const(PageRequest()),
    "pms.closures.get": _pms_closure_query,
    "pms.accounting_transactions.list": lambda h: _const(
        pms.AccountingTransactionQuery(**_pms_week(h)), PageRequest(size=10)
    ),
}

ARGUMENTS: dict[str, Arguments] = {**POS_ARGUMENTS, **COMMERCE_ARGUMENTS, **PMS_ARGUMENTS}

# A read of each vertical that pages through a long list, and a filter that matches nothing.
PAGED_READS: dict[str, tuple[str, Callable[[], Any]]] = {
    "pos": ("pos.customers.list", pos.CustomerQuery),
    "commerce": ("commerce.products.list", commerce.ProductQuery),
    "pms": ("pms.customers.list", pms.CustomerQuery),
}
EMPTY_READS: dict[str, tuple[str, Callable[[], Any]]] = {
    "pos": ("pos.customers.list", lambda: pos.CustomerQuery(email="nobody-at-all@example.invalid")),
    "commerce": ("commerce.products.list", lambda: commerce.ProductQuery(sku="no-such-sku-at-all")),
    "pms": ("pms.customers.list", lambda: pms.CustomerQuery(email="nobody-at-all@example.invalid")),
}
WRITES: dict[str, str] = {"pos": "pos.customers.create", "commerce": "commerce.orders.create"}
# The provider path of the write, by connector, when the write is preceded by lookups that are
# POSTs too (SourceHub finds the order's customer with POST /customers/show): the 503 is aimed
# at the write itself, and only requests to that path count as writes.
WRITE_PATHS: dict[str, str] = {"sourcehub": "/orders/create"}
OAUTH_MODES = frozenset({AuthMode.oauth2_authorization_code, AuthMode.oauth2_client_credentials})


def uses_oauth(connector: type[Connector]) -> bool:
    return connector.manifest.auth in OAUTH_MODES


def vertical_of(connector: type[Connector]) -> str:
    return connector.manifest.integrations[0].vertical.value


async def check_every_capability_answers(harness: Harness) -> None:
    for key in sorted(harness.connector.manifest.capabilities):
        args = await ARGUMENTS[key](harness)
        result = await harness.call(key, *args)
        assert result is not None, key
        if isinstance(result, Page):
            assert result.total >= len(result.items), key


async def check_pagination_across_pages(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    size = 40
    first = await harness.call(key, query(), PageRequest(page=1, size=size))
    assert first.total > 2 * size, f"the sandbox should hold several pages of {key}"
    seen: list[str] = []
    page_number = 1
    page = first
    while page.items:
        assert page.total == first.total, "total changed between pages"
        seen.extend(str(item.id) for item in page.items)
        page_number += 1
        page = await harness.call(key, query(), PageRequest(page=page_number, size=size))
    assert len(seen) == first.total
    assert len(set(seen)) == len(seen), "a record came back on two pages"


async def check_empty_result(harness: Harness) -> None:
    key, query = EMPTY_READS[vertical_of(harness.connector)]
    page = await harness.call(key, query(), PageRequest())
    assert page.items == []
    assert page.total == 0


async def check_rate_limit_is_waited_out(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(rate_limit_next=1, retry_after_seconds=1)
    calls_before = len(harness.recorder.calls)
    page = await harness.call(key, query(), PageRequest(size=5))
    statuses = [call.status_code for call in harness.recorder.calls[calls_before:]]
    assert page.items
    assert statuses[:2] == [429, 200], statuses
    assert harness.recorder.waited_ms >= 1000


async def check_server_errors_are_retried(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(fail_next=[503, 500])
    page = await harness.call(key, query(), PageRequest(size=5))
    assert page.items


async def check_a_provider_that_stays_down_is_a_typed_error(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(fail_next=[503] * 10)
    try:
        await harness.call(key, query(), PageRequest(size=5))
    except ProviderUnavailable:
        return
    raise AssertionError("a provider answering 503 every time must end in ProviderUnavailable")


async def check_a_timeout_is_retried(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(timeout_next=1, hang_seconds=5)
    page = await harness.call(key, query(), PageRequest(size=5))
    assert page.items
    assert any(call.error == "ReadTimeout" for call in harness.recorder.calls)


async def check_a_malformed_body_is_a_typed_error(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(malformed_next=1)
    try:
        await harness.call(key, query(), PageRequest(size=5))
    except ProviderMalformedResponse:
        return
    raise AssertionError("a truncated JSON body must end in ProviderMalformedResponse")


async def check_bad_credentials(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    wrong = harness.refused_credentials or {
        **harness.credentials,
        "client_secret": "wrong",
        "access_token": "",
        "refresh_token": "",
    }
    try:
        await harness.call(key, query(), PageRequest(size=5), credentials=wrong)
    except ProviderAuthFailed:
        return
    raise AssertionError("wrong credentials must end in ProviderAuthFailed")


async def check_expired_token_is_refreshed_once(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    if not uses_oauth(harness.connector):
        await check_a_refused_static_key_is_final(harness)
        return
    await harness.control.post("/_sandbox/tokens/expire")
    page = await harness.call(key, query(), PageRequest(size=5))
    assert page.items
    assert harness.store.refreshes == 1


async def check_token_dying_mid_pagination(harness: Harness) -> None:
    """The access token dies in the middle of one unified page (after its third provider call),
    then again between two unified pages: each time it is refreshed once, and the walk across
    pages completes with every record exactly once."""
    key, query = PAGED_READS[vertical_of(harness.connector)]
    if not uses_oauth(harness.connector):
        await check_a_key_refused_mid_pagination(harness)
        return
    size = 100
    await harness.faults(expire_tokens_after_requests=3)
    method = harness.instance().method_for(key)
    first = await method(query(), PageRequest(page=1, size=size))
    assert harness.store.refreshes == 1
    assert len(first.items) == size
    await harness.faults(expire_tokens_after_requests=None)
    await harness.control.post("/_sandbox/tokens/expire")
    seen = [str(item.id) for item in first.items]
    number = 2
    while len(seen) < first.total:
        page = await method(query(), PageRequest(page=number, size=size))
        assert page.items, "a page came back empty before the total was reached"
        seen.extend(str(item.id) for item in page.items)
        number += 1
    assert len(set(seen)) == len(seen) == first.total
    assert harness.store.refreshes == 2


async def check_a_refused_static_key_is_final(harness: Harness) -> None:
    """For a provider with a static key (no OAuth), "401 then refresh" has nothing to refresh:
    a key the provider refuses (revoked on its dashboard) is a typed auth error at once, sent
    once, with no refresh attempted."""
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.control.delete("/_sandbox/requests")
    await harness.faults(fail_next=[401])
    try:
        await harness.call(key, query(), PageRequest(size=5))
    except ProviderAuthFailed:
        pass
    else:
        raise AssertionError("a key the provider refuses must end in ProviderAuthFailed")
    assert len(await harness.provider_requests()) == 1, "a refused key must not be sent again"
    assert harness.store.refreshes == 0


async def check_a_key_refused_mid_pagination(harness: Harness) -> None:
    """For a static key: the provider refuses it between two unified pages. That page is a
    typed auth error (never a short or empty page), and once the key is accepted again the walk
    resumes where it stopped with every record exactly once."""
    key, query = PAGED_READS[vertical_of(harness.connector)]
    size = 40
    method = harness.instance().method_for(key)
    first = await method(query(), PageRequest(page=1, size=size))
    seen = [str(item.id) for item in first.items]
    await harness.faults(fail_next=[401])
    try:
        await method(query(), PageRequest(page=2, size=size))
    except ProviderAuthFailed:
        pass
    else:
        raise AssertionError("a key refused mid-walk must end in ProviderAuthFailed")
    number = 2
    while len(seen) < first.total:
        page = await method(query(), PageRequest(page=number, size=size))
        assert page.items, "a page came back empty before the total was reached"
        assert page.total == first.total
        seen.extend(str(item.id) for item in page.items)
        number += 1
    assert len(set(seen)) == len(seen) == first.total


async def check_a_write_is_never_sent_twice(harness: Harness) -> None:
    # A vertical without writes in the catalog (PMS) has nothing to check here.
    key = WRITES.get(vertical_of(harness.connector))
    if key is None or key not in harness.connector.manifest.capabilities:
        return
    args = await ARGUMENTS[key](harness)
    write_path = WRITE_PATHS.get(harness.connector.manifest.slug)
    await harness.control.delete("/_sandbox/requests")
    await harness.faults(fail_next=[503], **({"fail_next_path": write_path} if write_path else {}))
    try:
        await harness.call(key, *args)
    except ProviderUnavailable:
        pass
    else:
        raise AssertionError("a write answered 503 must fail, not be sent again until it passes")
    writes = [
        r
        for r in await harness.provider_requests()
        if r["method"] in ("POST", "PUT", "PATCH") and write_path in (None, r["path"])
    ]
    assert len(writes) == 1, writes


CHECKS: dict[str, Callable[[Harness], Awaitable[None]]] = {
    "every capability answers": check_every_capability_answers,
    "pagination across pages": check_pagination_across_pages,
    "empty result": check_empty_result,
    "429 with Retry-After": check_rate_limit_is_waited_out,
    "5xx retried": check_server_errors_are_retried,
    "5xx that persists": check_a_provider_that_stays_down_is_a_typed_error,
    "timeout retried": check_a_timeout_is_retried,
    "malformed body": check_a_malformed_body_is_a_typed_error,
    "bad credentials": check_bad_credentials,
    "401 then refresh": check_expired_token_is_refreshed_once,
    "token expiry mid-pagination": check_token_dying_mid_pagination,
    "writes never duplicated": check_a_write_is_never_sent_twice,
}
