"""The checks themselves: every declared capability, pagination across pages, an empty result,
and the faults a real provider throws."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from junction.connectors._framework.base import Connector
from junction.connectors._framework.errors import (
    ProviderAuthFailed,
    ProviderMalformedResponse,
    ProviderUnavailable,
)
from junction.connectors._framework.manifest import AuthMode
from junction.connectors._framework.testing.arguments import ARGUMENTS
from junction.connectors._framework.testing.harness import Harness
from junction.unified import accounting, commerce, pms, pos
from junction.unified.common import Page, PageRequest

# A read of each vertical that pages through a long list, and a filter that matches nothing.
PAGED_READS: dict[str, tuple[str, Callable[[], Any]]] = {
    "pos": ("pos.customers.list", pos.CustomerQuery),
    "commerce": ("commerce.products.list", commerce.ProductQuery),
    "pms": ("pms.customers.list", pms.CustomerQuery),
    "accounting": ("accounting.clients.list", accounting.PartnerQuery),
}
EMPTY_READS: dict[str, tuple[str, Callable[[], Any]]] = {
    "pos": ("pos.customers.list", lambda: pos.CustomerQuery(email="nobody-at-all@example.invalid")),
    "commerce": ("commerce.products.list", lambda: commerce.ProductQuery(sku="no-such-sku-at-all")),
    "pms": ("pms.customers.list", lambda: pms.CustomerQuery(email="nobody-at-all@example.invalid")),
    "accounting": ("accounting.clients.list", lambda: accounting.PartnerQuery(search="nobody-at-all")),
}
WRITES: dict[str, str] = {
    "pos": "pos.customers.create",
    "commerce": "commerce.orders.create",
    "accounting": "accounting.clients.create",
}
# The provider path of the write, by connector, when the write is preceded by lookups that are
# POSTs too (SourceHub finds the order's customer with POST /customers/show): the 503 is aimed
# at the write itself, and only requests to that path count as writes.
# Placeholders are filled from the connection's credentials (Tryton's path names its database).
WRITE_PATHS: dict[str, str] = {"sourcehub": "/orders/create", "tryton": "/{database}/rest/model/party.party"}
OAUTH_MODES = frozenset({AuthMode.oauth2_authorization_code, AuthMode.oauth2_client_credentials})


def uses_oauth(connector: type[Connector]) -> bool:
    return connector.manifest.auth in OAUTH_MODES


def vertical_of(connector: type[Connector]) -> str:
    return connector.manifest.integrations[0].vertical.value


def _answers_nothing(connector: type[Connector], key: str) -> bool:
    """An operation whose answer is "204 No Content" (its method is annotated `-> None`)."""
    method = getattr(connector, connector.implemented_operations()[key])
    return inspect.signature(method).return_annotation in (None, "None")


async def check_every_capability_answers(harness: Harness) -> None:
    for key in sorted(harness.connector.manifest.capabilities):
        args = await ARGUMENTS[key](harness)
        result = await harness.call(key, *args)
        assert result is not None or _answers_nothing(harness.connector, key), key
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
    await harness.faults(timeout_next=1, hang_seconds=(harness.timeout.read or 2.0) + 3)
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
    if write_path is not None:
        write_path = write_path.format_map(harness.credentials)
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
