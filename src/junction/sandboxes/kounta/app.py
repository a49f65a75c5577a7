"""create_kounta_sandbox(): Kounta's API v1 as an ASGI app, with seeded data, the sandbox
credentials below, fault injection and the `/_sandbox/*` control routes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Route

from junction.sandboxes._kit import (
    CONTROL_PREFIX,
    ProviderPolicy,
    Sandbox,
    create_sandbox_app,
    retry_after_header,
)
from junction.sandboxes.kounta.api import KountaAPI, KountaOptions
from junction.sandboxes.kounta.errors import error_response
from junction.sandboxes.kounta.models import ClientApplication, KountaState
from junction.sandboxes.kounta.oauth import AUTHORIZE_PATH, TOKEN_PATHS, KountaOAuth
from junction.sandboxes.kounta.seed import COMPANY_ID, PRIMARY_CLIENT_ID, PROFILES, generate
from junction.sandboxes.kounta.simulate import KountaSimulator

# The sandbox's registered client applications. Both belong to the seeded company, so Basic auth
# and client_credentials reach it; the second one exists to show that reference_id and webhooks
# are private to each application.
CLIENTS: tuple[ClientApplication, ...] = (
    ClientApplication(PRIMARY_CLIENT_ID, "kounta-sandbox-secret", "Junction Sandbox App", COMPANY_ID),
    ClientApplication("kounta-sandbox-client-2", "kounta-sandbox-secret-2", "Second Sandbox App", COMPANY_ID),
)
DEFAULT_SEED = 5678


def create_kounta_sandbox(
    seed: int = DEFAULT_SEED,
    profile: str = "default",
    base_url: str | None = None,
    *,
    now: datetime | None = None,
    options: KountaOptions | None = None,
    clients: Sequence[ClientApplication] = CLIENTS,
    webhook_targets: str = "any",
) -> Starlette:
    """The Kounta sandbox. `base_url` is the public address of its root (absolute URLs in
    `Location` and `X-Next-Page` use it); by default they follow each request's own scheme, host
    and mount point. `now` pins "today" for the seeded data (default: the real time when the data
    is first generated). `webhook_targets` limits where webhooks may be delivered ("any",
    "loopback": public or loopback addresses, "public")."""
    options = options or KountaOptions()
    sandbox: Sandbox[KountaState] = Sandbox(
        "kounta",
        lambda s, p: generate(s, p, now),
        seed=seed,
        profile=profile,
        profiles=tuple(PROFILES),
        token_lifetime_seconds=options.token_lifetime_seconds,
        webhook_retry_delays=options.webhook_retry_delays,
        webhook_targets=webhook_targets,
    )
    registered = {client.client_id: client for client in clients}
    api = KountaAPI(sandbox, registered, options, base_url)
    oauth = KountaOAuth(sandbox, registered)
    simulator = KountaSimulator(api)

    def rate_limit_headers(wait: float, resets_at: float) -> dict[str, str]:
        reset = retry_after_header(wait) if options.ratelimit_reset == "delta" else str(math.ceil(resets_at))
        return {"Retry-After": retry_after_header(wait), "X-Ratelimit-Reset": reset}

    policy = ProviderPolicy(
        error_response=lambda status, message: error_response(status, message),
        rate_limit_headers=rate_limit_headers,
        is_token_endpoint=lambda path: path in TOKEN_PATHS,
        is_exempt=lambda path: path == AUTHORIZE_PATH,
        rate_limit_key=api.rate_limit_key,
    )

    def describe() -> dict[str, Any]:
        state = sandbox.state
        return {
            "provider": "kounta",
            "seed": sandbox.seed,
            "profile": sandbox.profile,
            "company_id": state.company.id,
            "today": state.now.date().isoformat(),
            "clients": [
                {"client_id": c.client_id, "client_secret": c.client_secret, "name": c.name} for c in clients
            ],
            "counts": counts(state),
        }

    routes = [
        Route(AUTHORIZE_PATH, oauth.authorize, methods=["GET"]),
        *(Route(path, oauth.token, methods=["POST"]) for path in sorted(TOKEN_PATHS)),
        Route("/v1/{rest:path}", api.handle, methods=["GET", "POST", "PUT", "DELETE"]),
    ]
    return create_sandbox_app(
        sandbox,
        policy,
        routes,
        describe=describe,
        extra_control_routes=[
            Route(f"{CONTROL_PREFIX}/simulate/{{topic:path}}", simulator.handle, methods=["POST"]),
        ],
    )


def counts(state: KountaState) -> Mapping[str, int]:
    return {
        "sites": len(state.sites),
        "registers": len(state.registers),
        "staff": len(state.staff),
        "customers": len(state.customers),
        "products": len(state.products),
        "categories": len(state.categories),
        "taxes": len(state.taxes),
        "payment_methods": len(state.payment_methods),
        "price_lists": len(state.price_lists),
        "orders": len(state.orders),
        "reconciliations": len(state.reconciliations),
        "webhooks": len(state.webhooks),
    }
