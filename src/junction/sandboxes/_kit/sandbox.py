"""One sandbox instance: the provider's state (built from a seed, lazily), its fault plan, OAuth
tokens, request log, webhook deliveries and rate limiter. Everything lives in memory."""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Generic, TypeVar

from junction.sandboxes._kit.faults import FaultPlan
from junction.sandboxes._kit.tokens import Clock, TokenStore
from junction.sandboxes._kit.webhooks import WebhookDispatcher

StateT = TypeVar("StateT")
REQUEST_LOG_SIZE = 1000
RATE_WINDOW_SECONDS = 60.0


class UnknownProfile(ValueError):
    pass


def seeded_random(seed: int) -> random.Random:
    """A repeatable generator for sandbox data and fault draws (never for secrets)."""
    return random.Random(seed)  # noqa: S311 - repeatable data, not secrets


@dataclass
class RequestRecord:
    method: str
    path: str
    query: str
    status: int | None
    # Which fault answered (or delayed) the request, None when the provider answered on its own.
    fault: str | None
    at: float

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class RequestLog:
    """The last provider requests, oldest first (control routes are not logged)."""

    def __init__(self, size: int = REQUEST_LOG_SIZE) -> None:
        self.records: deque[RequestRecord] = deque(maxlen=size)

    def add(self, method: str, path: str, query: str) -> RequestRecord:
        record = RequestRecord(method, path, query, status=None, fault=None, at=time.time())
        self.records.append(record)
        return record

    def clear(self) -> None:
        self.records.clear()

    def as_json(self, limit: int | None = None) -> list[dict[str, Any]]:
        records = list(self.records)
        if limit is not None:
            records = records[-limit:] if limit > 0 else []
        return [record.as_json() for record in records]


class RateLimiter:
    """Fixed one-minute windows per client, opened by the client's first request."""

    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock
        self.windows: dict[str, tuple[float, int]] = {}

    def clear(self) -> None:
        self.windows.clear()

    def hit(self, key: str, limit: int) -> float | None:
        """Count a request; when it is over the limit, the epoch second the window resets."""
        now = self.clock()
        start, count = self.windows.get(key, (now, 0))
        if now - start >= RATE_WINDOW_SECONDS:
            start, count = now, 0
        self.windows[key] = (start, count + 1)
        if count + 1 > limit:
            return start + RATE_WINDOW_SECONDS
        return None


class Sandbox(Generic[StateT]):
    def __init__(
        self,
        name: str,
        build: Callable[[int, str], StateT],
        *,
        seed: int,
        profile: str,
        profiles: Sequence[str],
        token_lifetime_seconds: int = 3600,
        webhook_retry_delays: Sequence[float] = (1.0, 5.0),
        webhook_targets: str = "any",
        clock: Clock = time.time,
    ) -> None:
        if profile not in profiles:
            raise UnknownProfile(profile)
        self.name = name
        self.profiles = tuple(profiles)
        self.seed = seed
        self.profile = profile
        self._build = build
        self._state: StateT | None = None
        # Bumped by every reset: caches and generators tied to one generated state check it.
        self.generation = 0
        self.clock = clock
        self.faults = FaultPlan()
        self.requests = RequestLog()
        # Both read the sandbox's clock at each call, so swapping `clock` moves them too.
        self.tokens = TokenStore(token_lifetime_seconds, lambda: self.clock())
        self.webhooks = WebhookDispatcher(webhook_retry_delays, targets=webhook_targets)
        self.rate_limiter = RateLimiter(lambda: self.clock())
        self.rng = seeded_random(seed)
        # How the latency fault waits (tests swap it to observe the wait without timing it).
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    @property
    def state(self) -> StateT:
        """The provider's data, generated on first use so that mounting a sandbox costs nothing
        until somebody calls it."""
        if self._state is None:
            self._state = self._build(self.seed, self.profile)
        return self._state

    def reset(self, seed: int | None = None, profile: str | None = None) -> None:
        """Fresh data from the seed (the current one unless given), no faults, no tokens, empty
        logs. Webhook deliveries already under way finish on their own."""
        profile = self.profile if profile is None else profile
        if profile not in self.profiles:
            raise UnknownProfile(profile)
        self.seed = self.seed if seed is None else seed
        self.profile = profile
        self._state = None
        self.generation += 1
        self.faults.clear()
        self.tokens.clear()
        self.requests.clear()
        self.webhooks.clear()
        self.rate_limiter.clear()
        self.rng = seeded_random(self.seed)

    def expire_all_tokens(self) -> None:
        self.faults.expire_all_tokens()
