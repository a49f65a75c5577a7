"""create_sourcehub_sandbox(): SourceHub's API as an ASGI app, with seeded data, the sandbox's
test and live keys, fault injection and the `/_sandbox/*` control routes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from junction.sandboxes._kit import (
    CONTROL_PREFIX,
    ProviderPolicy,
    Sandbox,
    create_sandbox_app,
    retry_after_header,
)
from junction.sandboxes.sourcehub.api import API_KEYS, SIGNATURE_HEADER, SourceHubAPI, error_body
from junction.sandboxes.sourcehub.seed import PROFILES, SourceHubState, generate

DEFAULT_SEED = 2011


def create_sourcehub_sandbox(
    seed: int = DEFAULT_SEED,
    profile: str = "default",
    base_url: str | None = None,
    *,
    today: dt.date | None = None,
    webhook_retry_delays: tuple[float, ...] = (1.0, 5.0),
    webhook_targets: str = "any",
) -> Starlette:
    sandbox: Sandbox[SourceHubState] = Sandbox(
        "sourcehub",
        lambda s, p: generate(s, p, today),
        seed=seed,
        profile=profile,
        profiles=tuple(PROFILES),
        webhook_retry_delays=webhook_retry_delays,
        webhook_targets=webhook_targets,
    )
    api = SourceHubAPI(sandbox, base_url)
    source = (base_url or "https://webservices.sourcehub.in/api").rstrip("/")
    policy = ProviderPolicy(
        error_response=lambda status, message: JSONResponse(
            error_body(status, message, source), status_code=status
        ),
        rate_limit_headers=lambda wait, _resets_at: {"Retry-After": retry_after_header(wait)},
        is_token_endpoint=lambda _path: False,
        is_exempt=lambda _path: False,
        rate_limit_key=api.rate_limit_key,
    )

    def describe() -> dict[str, Any]:
        state = sandbox.state
        return {
            "provider": "sourcehub",
            "seed": sandbox.seed,
            "profile": sandbox.profile,
            "today": state.today.isoformat(),
            "api_keys": [{"key": key, "mode": mode} for key, mode in API_KEYS.items()],
            "webhooks": {"urls": state.webhook_urls, "signature_header": SIGNATURE_HEADER},
            "counts": {
                "customers": len(state.customers),
                "products": len(state.products),
                "orders": len(state.orders),
                "areas": len(state.areas),
            },
        }

    async def configure_webhooks(request: Request) -> Response:
        """The dashboard's webhook settings: a URL per mode, and the signing secret."""
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not set(body) <= {"test_url", "live_url", "secret"}:
            return JSONResponse(
                {"error": "invalid_webhooks", "detail": "test_url, live_url, secret"}, status_code=400
            )
        state = sandbox.state
        for mode in ("test", "live"):
            url = body.get(f"{mode}_url")
            if isinstance(url, str) and url:
                state.webhook_urls[mode] = url
            elif f"{mode}_url" in body:
                state.webhook_urls.pop(mode, None)
        if isinstance(body.get("secret"), str) and body["secret"]:
            state.webhook_secret = body["secret"]
        return JSONResponse({"urls": state.webhook_urls})

    return create_sandbox_app(
        sandbox,
        policy,
        [Route("/{rest:path}", api.handle, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])],
        describe=describe,
        extra_control_routes=[Route(f"{CONTROL_PREFIX}/webhooks", configure_webhooks, methods=["PUT"])],
    )
