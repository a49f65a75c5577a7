"""The base every connector subclasses. A connector is a pure adapter: it receives a ready HTTP
client and its connection's credentials, and answers with unified models. It never touches the
database or the key store."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
    def authenticator(cls, credentials: Mapping[str, str], tokens: TokenStore) -> Authenticator | None:
        """How requests of this connection authenticate; None when `build_http_client` did it."""
        return None

    def method_for(self, key: str) -> Callable[..., Any]:
        return getattr(self, self.implemented_operations()[key])  # type: ignore[no-any-return]
