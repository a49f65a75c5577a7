"""Connectors that exist only in tests. Loaded into a server process with
JUNCTION_EXTRA_CONNECTORS=tests.support.connectors."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

import httpx

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
    ProviderRateLimited,
    ProviderRejectedInput,
    ProviderUnavailable,
)
from junction.connectors._framework.manifest import (
    AuthMode,
    CredentialField,
    IntegrationEntry,
    Manifest,
)
from junction.unified import pos
from junction.unified.common import Page, PageRequest, Vertical
from junction.verticals.catalog import operations_of
from tests.support.provider import API_KEY_HEADER, SIGNATURE_HEADER, provider_app, sign
from tests.verticals.pos_samples import FullPosConnector

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'
SAMPLE_POS_ID = 90001
OTHER_POS_ID = 90002
SAMPLE_ACCOUNTING_ID = 90003


def _raise_for(response: httpx.Response, thing: str = "customer", object_id: str = "") -> None:
    if response.status_code == 401:
        raise ProviderAuthFailed()
    if response.status_code == 404:
        raise ObjectNotFound(thing, object_id)
    if response.status_code == 422:
        raise ProviderRejectedInput(response.json().get("error", "rejected"))
    if response.status_code == 429:
        raise ProviderRateLimited()
    if response.status_code >= 500:
        raise ProviderUnavailable()


def _to_customer(raw: Mapping[str, Any]) -> pos.Customer:
    first, last = raw.get("given_name"), raw.get("family_name")
    return pos.Customer(
        id=raw["id"],
        first_name=first,
        last_name=last,
        name=" ".join(p for p in (first, last) if p) or raw["id"],
        email=raw.get("email"),
        phone=raw.get("phone"),
    )


class SamplePosConnector(FullPosConnector):
    """Customers through the sample provider over HTTP; every other POS operation answers the
    canned samples of FullPosConnector, so that each route of the vertical can answer 200."""

    manifest = Manifest(
        slug="samplepos",
        name="Sample POS",
        description="A point of sale that exists only in Junction's tests",
        integrations=(IntegrationEntry(integration_id=SAMPLE_POS_ID, vertical=Vertical.pos),),
        auth=AuthMode.api_key,
        credentials=(
            CredentialField(name="api_key", secret=True),
            CredentialField(name="shop_name", secret=False),
            CredentialField(name="region", secret=False, optional=True),
        ),
        base_url="http://provider.test",
        pagination="page",
        capabilities=frozenset(op.key for op in operations_of(Vertical.pos)),
        logo_svg=LOGO,
    )

    @classmethod
    def build_http_client(cls, credentials: Mapping[str, str]) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=provider_app),
            base_url=cls.manifest.base_url or "",
            headers={API_KEY_HEADER: credentials["api_key"]},
            timeout=DEFAULT_TIMEOUT,
        )

    @operation("pos.customers.list")
    async def list_customers(self, query: pos.CustomerQuery, page: PageRequest) -> Page[pos.Customer]:
        params: dict[str, Any] = {"page": page.page, "per_page": page.size}
        if query.email:
            params["email"] = query.email
        response = await self.context.http.request("GET", "/customers", params=params)
        _raise_for(response)
        body = response.json()
        self.context.recorder.keep_payload("/customers", body["data"])
        items = [_to_customer(raw) for raw in body["data"]]
        return Page(items=items, total=body["total"], page=page.page, size=page.size)

    @operation("pos.customers.get")
    async def get_customer(self, customer_id: str) -> pos.Customer:
        response = await self.context.http.request("GET", f"/customers/{customer_id}")
        _raise_for(response, "customer", customer_id)
        self.context.recorder.keep_payload(f"/customers/{customer_id}", response.json())
        return _to_customer(response.json())

    @operation("pos.customers.create")
    async def create_customer(self, item: pos.CustomerCreate) -> pos.Customer:
        body = {
            "given_name": item.first_name,
            "family_name": item.last_name,
            "email": item.email,
            "phone": item.phone,
        }
        response = await self.context.http.request("POST", "/customers", json=body)
        _raise_for(response)
        return _to_customer(response.json())


class OtherPosConnector(Connector):
    """A second POS with no operations: for ambiguity and 405 tests."""

    manifest = Manifest(
        slug="otherpos",
        name="Other POS",
        integrations=(IntegrationEntry(integration_id=OTHER_POS_ID, vertical=Vertical.pos),),
        auth=AuthMode.none,
        unsupported=frozenset({"pos.customers.create"}),
        logo_svg=LOGO,
    )


class SampleAccountingConnector(Connector):
    manifest = Manifest(
        slug="sampleaccounting",
        name="Sample Accounting",
        status="inactive",
        integrations=(IntegrationEntry(integration_id=SAMPLE_ACCOUNTING_ID, vertical=Vertical.accounting),),
        auth=AuthMode.basic,
        credentials=(
            CredentialField(name="username", secret=False),
            CredentialField(name="password"),
        ),
        logo_svg=LOGO,
    )


CONNECTORS = (SamplePosConnector, OtherPosConnector, SampleAccountingConnector)

HOOKS_POS_ID = 90004
HOOK_TOPICS = {"customer.created": "pos.customer.created", "customer.updated": "pos.customer.updated"}


class HooksPosConnector(SamplePosConnector):
    """The sample POS, receiving its provider's webhooks: signed with the connection's API key,
    registered and removed through the provider's API, carrying only the customer's id (the
    connector fetches the customer). Loaded only by the tests of incoming webhooks."""

    manifest = SamplePosConnector.manifest.model_copy(
        update={
            "slug": "hookspos",
            "name": "Sample POS with webhooks",
            "integrations": (IntegrationEntry(integration_id=HOOKS_POS_ID, vertical=Vertical.pos),),
            "webhook_signature": SIGNATURE_HEADER,
        }
    )

    @classmethod
    def verify_webhook(cls, request: WebhookRequest, credentials: Mapping[str, str]) -> bool:
        given = request.headers.get(SIGNATURE_HEADER, "")
        return hmac.compare_digest(given, sign(credentials.get("api_key", ""), request.body))

    @classmethod
    def webhook_event_id(cls, request: WebhookRequest) -> str | None:
        event_id = request.json().get("event_id")
        return str(event_id) if event_id else None

    async def handle_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        body = request.json()
        event = HOOK_TOPICS.get(body.get("topic", ""))
        if event is None:
            return []
        customer = await self.get_customer(body["customer_id"])
        return [ProviderEvent(event, customer, object_id=customer.id)]

    async def register_webhooks(self, url: str) -> dict[str, Any] | None:
        response = await self.context.http.request("POST", "/webhooks", json={"url": url})
        _raise_for(response, "webhook")
        return {"webhook_ids": [response.json()["id"]]}

    async def unregister_webhooks(self, state: Mapping[str, Any]) -> None:
        for webhook_id in state.get("webhook_ids", []):
            response = await self.context.http.request("DELETE", f"/webhooks/{webhook_id}")
            if response.status_code != 404:
                _raise_for(response, "webhook", webhook_id)


WEBHOOK_CONNECTORS = (HooksPosConnector,)
