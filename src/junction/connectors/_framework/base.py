"""The base every connector subclasses. A connector is a pure adapter: it receives a ready HTTP
client and its connection's credentials, and answers with unified models. It never touches the
database or the key store."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar
from uuid import UUID

import httpx

from junction.connectors._framework.auth import TokenStore
from junction.connectors._framework.http import Authenticator, CallRecorder, ProviderHTTP, RetryPolicy
from junction.connectors._framework.manifest import Manifest

F = TypeVar("F", bound=Callable[..., Any])

OPERATION_ATTR = "__junction_operation__"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def operation(key: str) -> Callable[[F], F]:
    """Mark a connector method as the implementation of one catalog operation."""

    def mark(func: F) -> F:
        setattr(func, OPERATION_ATTR, key)
        return func

    return mark


@dataclass(frozen=True)
class ConnectorContext:
    connection_id: UUID
    credentials: Mapping[str, str]
    http: ProviderHTTP

    @property
    def recorder(self) -> CallRecorder:
        return self.http.recorder


@dataclass(frozen=True)
class WebhookRequest:
    """A webhook as the provider sent it: header names in lower case, the body's exact bytes."""

    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class ProviderEvent:
    """What a provider webhook means in unified terms: an event of the webhook catalog
    (`junction.webhook.events`, e.g. "pos.customer.created") and its data, the unified model."""

    event: str
    data: Any
    # The provider's id of the object, for logs.
    object_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class WebhooksNotSupported(Exception):
    """The connector does not receive its provider's webhooks."""


class Connector:
    manifest: ClassVar[Manifest]

    def __init__(self, context: ConnectorContext) -> None:
        self.context = context

    @classmethod
    def implemented_operations(cls) -> dict[str, str]:
        """Operation key -> method name, for every method marked with @operation."""
        found: dict[str, str] = {}
        for name in dir(cls):
            key = getattr(getattr(cls, name, None), OPERATION_ATTR, None)
            if key is not None:
                found[key] = name
        return found

    retry_policy: ClassVar[RetryPolicy] = RetryPolicy()

    @classmethod
    def build_http_client(cls, credentials: Mapping[str, str]) -> httpx.AsyncClient:
        """The provider client for one connection: base URL, timeouts, fixed headers. Kept in a
        pool and reused, so it carries no short-lived secrets (those come from `authenticator`)."""
        base_url = credentials.get("base_url") or cls.manifest.base_url or ""
        return httpx.AsyncClient(base_url=base_url, timeout=DEFAULT_TIMEOUT)

    @classmethod
    def authenticator(
        cls, credentials: Mapping[str, str], tokens: TokenStore, client: httpx.AsyncClient
    ) -> Authenticator | None:
        """How requests of this connection authenticate; None when `build_http_client` did it.
        `client` is the connection's pooled client, for token endpoints."""
        return None

    def method_for(self, key: str) -> Callable[..., Any]:
        return getattr(self, self.implemented_operations()[key])  # type: ignore[no-any-return]

    # --- Provider webhooks (optional; see docs/webhooks.md "Incoming provider webhooks") ---
    # A connector that receives them overrides `verify_webhook` and `handle_webhook`, and
    # `register_webhooks`/`unregister_webhooks` when the provider's API can manage them.

    @classmethod
    def receives_webhooks(cls) -> bool:
        return cls.verify_webhook.__func__ is not Connector.verify_webhook.__func__  # type: ignore[attr-defined]

    @classmethod
    def verify_webhook(cls, request: WebhookRequest, credentials: Mapping[str, str]) -> bool:
        """True when the request carries the provider's valid signature for this connection
        (compare in constant time). Pure: no I/O."""
        raise WebhooksNotSupported(cls.manifest.slug)

    @classmethod
    def webhook_event_id(cls, request: WebhookRequest) -> str | None:
        """The provider's id of this event, when it sends one: a redelivery with the same id is
        stored once. Without one, Junction deduplicates on the body's SHA-256."""
        return None

    async def handle_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        """Runs in a job, with this connection's HTTP client: fetch what the webhook does not
        carry, map it, and return the unified events (none for topics Junction ignores)."""
        raise WebhooksNotSupported(self.manifest.slug)

    async def register_webhooks(self, url: str) -> dict[str, Any] | None:
        """Subscribe `url` to the provider's webhooks for this connection. Return what
        `unregister_webhooks` will need (the provider's webhook ids; nothing secret), or None
        when the provider has no API for it (the end user then sets the URL by hand)."""
        return None

    async def unregister_webhooks(self, state: Mapping[str, Any]) -> None:
        """Remove what `register_webhooks` created; `state` is what it returned. A webhook the
        provider no longer knows is not an error."""
