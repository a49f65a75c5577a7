"""create_mews_sandbox(): Mews' Connector API as an ASGI app, with seeded data, the sandbox
tokens, fault injection and the `/_sandbox/*` control routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Route

from junction.sandboxes._kit import ProviderPolicy, Sandbox, create_sandbox_app, retry_after_header
from junction.sandboxes.mews.api import MewsAPI
from junction.sandboxes.mews.errors import error_response
from junction.sandboxes.mews.models import MewsState
from junction.sandboxes.mews.seed import ACCESS_TOKEN, CLIENT_TOKEN, PROFILES, generate

DEFAULT_SEED = 4242
API_PREFIX = "/api/connector/v1"


def create_mews_sandbox(
    seed: int = DEFAULT_SEED,
    profile: str = "default",
    base_url: str | None = None,
    *,
    now: datetime | None = None,
    webhook_targets: str = "any",
) -> Starlette:
    """The Mews sandbox. `now` pins "today" for the seeded stays (default: the real time when the
    data is first generated). `base_url` and `webhook_targets` are accepted for the sandbox
    factory's signature: Mews answers carry no absolute links, and the sandbox sends no webhooks."""
    sandbox: Sandbox[MewsState] = Sandbox(
        "mews",
        lambda s, p: generate(s, p, now),
        seed=seed,
        profile=profile,
        profiles=tuple(PROFILES),
        webhook_targets=webhook_targets,
    )
    api = MewsAPI(sandbox)
    policy = ProviderPolicy(
        error_response=error_response,
        rate_limit_headers=lambda wait, _resets_at: {"Retry-After": retry_after_header(wait)},
        # Mews has no token endpoint: the tokens are static, issued when the property connects.
        is_token_endpoint=lambda _path: False,
        is_exempt=lambda _path: False,
        # Mews limits per access token, which travels in the body: the per-minute limiter of the
        # kit reads headers only, so only the injected 429s (rate_limit_next, fail_next) apply.
        rate_limit_key=lambda _headers: None,
    )

    def describe() -> dict[str, Any]:
        state = sandbox.state
        return {
            "provider": "mews",
            "seed": sandbox.seed,
            "profile": sandbox.profile,
            "enterprise_id": state.enterprise.id,
            "today": state.now.date().isoformat(),
            "client_token": CLIENT_TOKEN,
            "access_token": ACCESS_TOKEN,
            "counts": {
                "services": len(state.services),
                "resources": len(state.resources),
                "customers": len(state.customers),
                "companies": len(state.companies),
                "reservations": len(state.reservations),
                "order_items": len(state.order_items),
                "bills": len(state.bills),
                "payments": len(state.payments),
                "accounting_categories": len(state.accounting_categories),
                "tax_rates": len(state.tax_rates),
            },
        }

    routes = [Route(f"{API_PREFIX}/{{operation:path}}", api.handle, methods=["POST"])]
    return create_sandbox_app(sandbox, policy, routes, describe=describe)
