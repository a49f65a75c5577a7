"""The fault plan of one sandbox instance: what its next provider requests suffer.

Tests and users switch faults on in-process (`app.state.sandbox.faults`) or over HTTP
(`PUT /_sandbox/faults`, a partial update of the same fields). The middleware in `app.py` reads
and consumes the plan; `tokens.py` reads the token fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

# Generous enough that a full walk of the "large" profile (about 1,300 pages of orders) does not
# trip it; lower it to exercise the real limiter (Kounta's third-party notes say 60/min Basic,
# 180/min OAuth).
DEFAULT_RATE_LIMIT_PER_MINUTE = 6000


class FaultPlanError(ValueError):
    """A field of a fault update has the wrong name, type or range. The message names the field,
    never the rejected value."""


@dataclass
class FaultPlan:
    # Status codes answered, one per request, to the next provider API requests (token endpoint
    # excluded: see fail_token_next).
    fail_next: list[int] = field(default_factory=list)
    # When set, fail_next waits for a request to this path (below the sandbox's root) and leaves
    # the others alone: a write preceded by lookups can be failed itself.
    fail_next_path: str | None = None
    # The next N provider API requests answer 429 with Retry-After and the provider's reset header.
    rate_limit_next: int = 0
    retry_after_seconds: float = 1.0
    # Probability (0..1) that a provider API request answers 500; drawn from the sandbox's seeded
    # random generator, so a run is repeatable.
    error_rate: float = 0.0
    # Added before every provider API request.
    latency_ms: int = 0
    # The next N successful (2xx) JSON bodies are cut short: status 200, invalid JSON.
    malformed_next: int = 0
    # The next N provider API requests hang for hang_seconds (or until the client gives up) and are
    # then processed as usual: the provider did receive them, only the answer is late or lost.
    timeout_next: int = 0
    hang_seconds: float = 30.0
    # Each OAuth access token dies after that many successful uses (None: only its expiry counts).
    expire_tokens_after_requests: int | None = None
    # Status codes answered, one per request, to the next requests of the OAuth token endpoint.
    fail_token_next: list[int] = field(default_factory=list)
    # The provider's own rate limit, per client application and minute (None: unlimited).
    rate_limit_per_minute: int | None = DEFAULT_RATE_LIMIT_PER_MINUTE
    # Bumped by expire_all_tokens(): access tokens issued under an older generation are expired.
    token_generation: int = field(default=0, init=False, repr=False)

    def expire_all_tokens(self) -> None:
        """Expire every access token issued so far (their refresh tokens keep working)."""
        self.token_generation += 1

    def clear(self) -> None:
        """Back to no faults. The token generation stays: tokens expired stay expired."""
        fresh = FaultPlan()
        for name in PUBLIC_FIELDS:
            setattr(self, name, getattr(fresh, name))

    def as_json(self) -> dict[str, Any]:
        return {name: _copy(getattr(self, name)) for name in PUBLIC_FIELDS}

    def update(self, changes: Mapping[str, Any]) -> None:
        """Apply a partial update, all or nothing."""
        unknown = sorted(set(changes) - set(PUBLIC_FIELDS))
        if unknown:
            raise FaultPlanError(f"unknown fault fields: {', '.join(unknown)}")
        checked = {name: _check(name, value) for name, value in changes.items()}
        for name, value in checked.items():
            setattr(self, name, value)


PUBLIC_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(FaultPlan) if f.init)

_STATUS_LISTS = frozenset({"fail_next", "fail_token_next"})
_COUNTS = frozenset({"rate_limit_next", "latency_ms", "malformed_next", "timeout_next"})
_SECONDS = frozenset({"retry_after_seconds", "hang_seconds"})
_OPTIONAL_POSITIVE = frozenset({"expire_tokens_after_requests", "rate_limit_per_minute"})


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(name: str, value: Any) -> Any:
    if name in _STATUS_LISTS:
        if not isinstance(value, list) or not all(_is_int(v) and 100 <= v <= 599 for v in value):
            raise FaultPlanError(f"{name} must be a list of HTTP status codes")
        return list(value)
    if name in _COUNTS:
        if not _is_int(value) or value < 0:
            raise FaultPlanError(f"{name} must be an integer >= 0")
        return value
    if name in _SECONDS:
        if not (_is_int(value) or isinstance(value, float)) or value < 0:
            raise FaultPlanError(f"{name} must be a number >= 0")
        return float(value)
    if name == "fail_next_path":
        if value is not None and (not isinstance(value, str) or not value.startswith("/")):
            raise FaultPlanError("fail_next_path must be null or a path starting with /")
        return value
    if name == "error_rate":
        if not (_is_int(value) or isinstance(value, float)) or not 0 <= value <= 1:
            raise FaultPlanError("error_rate must be a number between 0 and 1")
        return float(value)
    if name in _OPTIONAL_POSITIVE:
        if value is not None and (not _is_int(value) or value < 1):
            raise FaultPlanError(f"{name} must be null or an integer >= 1")
        return value
    raise FaultPlanError(f"unknown fault field: {name}")
