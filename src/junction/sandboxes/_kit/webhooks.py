"""Outgoing webhook delivery of a sandbox: real HTTP POSTs from background tasks, so the API
answer that caused an event never waits for the receiver; every attempt is recorded.

Anyone holding the (public) sandbox credentials can register a webhook address, so a sandbox
mounted in a server must not relay requests into that server's private network: `targets`
says which resolved addresses a delivery may reach ("any", "loopback": public or loopback, or
"public")."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import itertools
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

ATTEMPT_LOG_SIZE = 1000
DELIVERY_TIMEOUT_SECONDS = 10.0
USER_AGENT = "junction-sandbox-webhooks/1"


def hmac_sha256_hex(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


TARGET_POLICIES = ("any", "loopback", "public")


async def allowed_target(address: str, targets: str) -> bool:
    """Whether every address the URL's host resolves to is one `targets` allows."""
    if targets == "any":
        return True
    parts = urlsplit(address)
    if not parts.hostname:
        return False
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(parts.hostname, parts.port or 443)
    except OSError:
        return False
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not (ip.is_global or (targets == "loopback" and ip.is_loopback)):
            return False
    return bool(infos)


def _recordable(headers: Mapping[str, str]) -> dict[str, str]:
    # A webhook's own Authorization header is the receiver's secret: the log shows it was sent,
    # not what it was.
    return {
        name: "[redacted]" if name.lower() == "authorization" else value for name, value in headers.items()
    }


@dataclass(frozen=True)
class OutgoingWebhook:
    webhook_id: int
    topic: str
    address: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class DeliveryAttempt:
    id: int
    webhook_id: int
    topic: str
    address: str
    attempt: int
    status_code: int | None
    error: str | None
    headers: dict[str, str]
    body: str
    at: float

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class WebhookDispatcher:
    def __init__(
        self,
        retry_delays: Sequence[float] = (1.0, 5.0),
        transport: httpx.AsyncBaseTransport | None = None,
        targets: str = "any",
    ) -> None:
        if targets not in TARGET_POLICIES:
            raise ValueError(f"targets must be one of {', '.join(TARGET_POLICIES)}")
        self.targets = targets
        # One attempt, then one more after each delay while the receiver fails.
        self.retry_delays = tuple(retry_delays)
        self.transport = transport
        self.attempts: deque[DeliveryAttempt] = deque(maxlen=ATTEMPT_LOG_SIZE)
        self._ids = itertools.count(1)
        self._tasks: set[asyncio.Task[None]] = set()

    def clear(self) -> None:
        self.attempts.clear()

    def dispatch(self, outgoing: Sequence[OutgoingWebhook]) -> int:
        """Schedule the deliveries on the running event loop and return at once."""
        loop = asyncio.get_running_loop()
        for webhook in outgoing:
            task = loop.create_task(self._deliver(webhook))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(outgoing)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def wait_idle(self, within: float) -> None:
        """Wait until every scheduled delivery has finished (for tests and shutdown)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=within)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5.0)

    async def _deliver(self, webhook: OutgoingWebhook) -> None:
        headers = {"User-Agent": USER_AGENT, **webhook.headers}
        # Deliveries go straight to the address: a proxy from the environment must not
        # swallow a receiver on 127.0.0.1.
        async with httpx.AsyncClient(
            transport=self.transport, timeout=DELIVERY_TIMEOUT_SECONDS, trust_env=False
        ) as client:
            for attempt, delay in enumerate((0.0, *self.retry_delays), start=1):
                if delay:
                    await asyncio.sleep(delay)
                refused = not await allowed_target(webhook.address, self.targets)
                status: int | None = None
                error: str | None = "address not allowed"
                if not refused:
                    status, error = await self._post(client, webhook, headers)
                self.attempts.append(
                    DeliveryAttempt(
                        id=next(self._ids),
                        webhook_id=webhook.webhook_id,
                        topic=webhook.topic,
                        address=webhook.address,
                        attempt=attempt,
                        status_code=status,
                        error=error,
                        headers=_recordable(headers),
                        body=webhook.body.decode(),
                        at=time.time(),
                    )
                )
                if refused or (status is not None and 200 <= status < 300):
                    return

    @staticmethod
    async def _post(
        client: httpx.AsyncClient, webhook: OutgoingWebhook, headers: Mapping[str, str]
    ) -> tuple[int | None, str | None]:
        try:
            response = await client.post(webhook.address, content=webhook.body, headers=dict(headers))
        except httpx.HTTPError as exc:
            return None, type(exc).__name__
        return response.status_code, None
