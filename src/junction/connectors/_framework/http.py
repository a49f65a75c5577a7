"""The HTTP client a connector is handed: one pooled httpx client per connection, every call
recorded (method, redacted URL, status, timing) for the request log, and native payloads kept
for `x-chift-raw-data`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

REDACTED = "[redacted]"
SENSITIVE_PARAMS = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "client_secret",
        "key",
        "password",
        "refresh_token",
        "secret",
        "signature",
        "token",
    }
)


@dataclass
class ProviderCall:
    method: str
    url: str
    status_code: int | None
    duration_ms: float
    error: str | None = None

    def as_log(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "url": self.url,
            "status_code": self.status_code,
            "duration_ms": round(self.duration_ms, 3),
            "error": self.error,
        }


@dataclass
class CallRecorder:
    """Collects what one unified call asked of the provider."""

    keep_raw: bool = False
    calls: list[ProviderCall] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def provider_ms(self) -> float:
        return sum(call.duration_ms for call in self.calls)

    def keep_payload(self, endpoint: str, payload: Any) -> None:
        if not self.keep_raw:
            return
        previous = self.raw.get(endpoint)
        if previous is None:
            self.raw[endpoint] = payload
        elif isinstance(previous, list) and isinstance(payload, list):
            previous.extend(payload)
        else:
            self.raw[endpoint] = [
                *(previous if isinstance(previous, list) else [previous]),
                payload,
            ]


def redact_url(url: str | httpx.URL) -> str:
    parts = urlsplit(str(url))
    query = urlencode(
        [(k, REDACTED if k.lower() in SENSITIVE_PARAMS else v) for k, v in parse_qsl(parts.query)]
    )
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


class ProviderHTTP:
    """Sends requests to a provider and records each one on the current CallRecorder."""

    def __init__(self, client: httpx.AsyncClient, recorder: CallRecorder) -> None:
        self.client = client
        self.recorder = recorder

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self._record(method, url, None, started, type(exc).__name__)
            raise
        self._record(method, str(response.request.url), response.status_code, started, None)
        return response

    def _record(self, method: str, url: str, status: int | None, started: float, error: str | None) -> None:
        full_url = str(self.client.base_url.join(url)) if not url.startswith("http") else url
        self.recorder.calls.append(
            ProviderCall(method, redact_url(full_url), status, (time.perf_counter() - started) * 1000, error)
        )
