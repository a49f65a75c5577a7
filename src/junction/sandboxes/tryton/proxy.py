"""A reverse proxy in front of a real trytond that injects the sandbox kit's faults.

Tryton itself has no switch for "answer 429 now" or "hang for five seconds": the conformance
suite needs them between Junction and Tryton, at the HTTP layer, so this proxy forwards every
request unchanged and lets the kit's middleware fail, delay or truncate some of them, with the
same `/_sandbox/*` control routes as the emulated sandboxes. What Tryton answers is Tryton's:
the proxy adds nothing of its own to a forwarded answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from junction.sandboxes._kit.app import ProviderPolicy, create_sandbox_app, retry_after_header
from junction.sandboxes._kit.sandbox import Sandbox

# Hop-by-hop headers (RFC 9110 7.6.1) and the ones httpx recomputes.
NOT_FORWARDED_BACK = frozenset({"content-encoding"})  # httpx has already decoded the body
NOT_FORWARDED = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}
)
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def tryton_error(status: int, message: str) -> Response:
    """Tryton's REST error body (trytond/protocols/wrappers.py: status, message, description)."""
    return JSONResponse({"status": status, "message": message, "description": ""}, status_code=status)


def create_tryton_proxy(upstream: str) -> Starlette:
    sandbox: Sandbox[None] = Sandbox(
        "tryton", lambda _seed, _profile: None, seed=0, profile="default", profiles=("default",)
    )
    client = httpx.AsyncClient(base_url=upstream.rstrip("/"), timeout=60)

    async def forward(request: Request) -> Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in NOT_FORWARDED}
        upstream_response = await client.request(
            request.method,
            request.url.path,
            params=request.url.query.encode(),
            headers=headers,
            content=await request.body(),
        )
        kept = {
            k: v
            for k, v in upstream_response.headers.items()
            if k.lower() not in NOT_FORWARDED | {"content-encoding"}
        }
        return Response(upstream_response.content, status_code=upstream_response.status_code, headers=kept)

    def describe() -> dict[str, Any]:
        return {"provider": "tryton", "upstream": upstream, "today": dt.date.today().isoformat()}

    policy = ProviderPolicy(
        error_response=tryton_error,
        rate_limit_headers=lambda wait, _resets_at: {"Retry-After": retry_after_header(wait)},
        is_token_endpoint=lambda _path: False,
        is_exempt=lambda _path: False,
        rate_limit_key=lambda headers: headers.get("authorization"),
    )
    app = create_sandbox_app(
        sandbox, policy, [Route("/{path:path}", forward, methods=METHODS)], describe=describe
    )
    return app
