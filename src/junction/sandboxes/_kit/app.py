"""The ASGI app of a sandbox: the provider's routes behind a middleware that logs requests and
injects faults, plus the `/_sandbox/*` control routes (not part of the provider's API, no auth).

Which requests faults touch:
- `/_sandbox/*`: never.
- The provider's OAuth pages and token endpoint (`ProviderPolicy.is_token_endpoint`,
  `is_exempt`): only `fail_token_next`, so that a fault meant for an API call is never eaten by
  the token refresh in front of it.
- Every other provider route: all faults, in this order: latency, hang (timeout_next), the rate
  limit (rate_limit_next, then rate_limit_per_minute), fail_next, error_rate, and malformed_next
  on the way out."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from junction.sandboxes._kit.faults import FaultPlanError
from junction.sandboxes._kit.sandbox import RequestRecord, Sandbox, UnknownProfile

CONTROL_PREFIX = "/_sandbox"


@dataclass(frozen=True)
class ProviderPolicy:
    """How a provider says what the fault middleware needs to say."""

    # The provider's error answer for a status and a human message.
    error_response: Callable[[int, str], Response]
    # The provider's headers on a 429: (seconds to wait, epoch second the window resets).
    rate_limit_headers: Callable[[float, float], dict[str, str]]
    # The OAuth token endpoint (path relative to the sandbox root).
    is_token_endpoint: Callable[[str], bool]
    # Routes no fault touches at all (the OAuth consent page).
    is_exempt: Callable[[str], bool]
    # Who a request counts against for the rate limit (None: not limited, e.g. no credentials).
    rate_limit_key: Callable[[Mapping[str, str]], str | None]


def route_path(scope: Scope) -> str:
    """The path below the sandbox's mount point."""
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root) :] or "/"
    return path


def external_base(request: Request, configured: str | None) -> str:
    """The absolute URL of the sandbox's root as its clients reach it, for `Location` and paging
    headers: the configured public URL, else the request's own scheme, host and mount point."""
    if configured:
        return configured.rstrip("/")
    url = request.url
    return f"{url.scheme}://{url.netloc}{request.scope.get('root_path', '')}".rstrip("/")


class SandboxMiddleware:
    def __init__(self, app: ASGIApp, sandbox: Sandbox[Any], policy: ProviderPolicy) -> None:
        self.app = app
        self.sandbox = sandbox
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = route_path(scope)
        if scope["type"] != "http" or path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            await self.app(scope, receive, send)
            return
        record = self.sandbox.requests.add(
            scope["method"], path, scope.get("query_string", b"").decode("latin-1")
        )

        async def send_recorded(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = int(message["status"])
            await send(message)

        try:
            await self._handle(scope, receive, send_recorded, path, record)
        except Exception:
            if record.status is None:
                record.status = 500
            raise

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, path: str, record: RequestRecord
    ) -> None:
        faults = self.sandbox.faults
        if self.policy.is_exempt(path):
            await self.app(scope, receive, send)
            return
        if self.policy.is_token_endpoint(path):
            if faults.fail_token_next:
                record.fault = "fail_token_next"
                await self._error(faults.fail_token_next.pop(0), scope, receive, send)
                return
            await self.app(scope, receive, send)
            return

        if faults.latency_ms:
            await self.sandbox.sleep(faults.latency_ms / 1000)
        if faults.timeout_next > 0:
            faults.timeout_next -= 1
            record.fault = "timeout_next"
            receive = await hang(receive, faults.hang_seconds)
        if faults.rate_limit_next > 0:
            faults.rate_limit_next -= 1
            record.fault = "rate_limit_next"
            wait = faults.retry_after_seconds
            await self._rate_limited(wait, self.sandbox.clock() + wait, scope, receive, send)
            return
        key = self.policy.rate_limit_key(_headers(scope))
        if faults.rate_limit_per_minute is not None and key is not None:
            resets_at = self.sandbox.rate_limiter.hit(key, faults.rate_limit_per_minute)
            if resets_at is not None:
                record.fault = "rate_limit_per_minute"
                wait = max(resets_at - self.sandbox.clock(), 0.0)
                await self._rate_limited(wait, resets_at, scope, receive, send)
                return
        if faults.fail_next and faults.fail_next_path in (None, path):
            record.fault = "fail_next"
            await self._error(faults.fail_next.pop(0), scope, receive, send)
            return
        if faults.error_rate and self.sandbox.rng.random() < faults.error_rate:
            record.fault = "error_rate"
            await self._error(500, scope, receive, send)
            return
        if faults.malformed_next > 0:
            await self.app(scope, receive, self._malforming(send, record))
            return
        await self.app(scope, receive, send)

    async def _error(self, status: int, scope: Scope, receive: Receive, send: Send) -> None:
        if status == 429:
            wait = self.sandbox.faults.retry_after_seconds
            await self._rate_limited(wait, self.sandbox.clock() + wait, scope, receive, send)
            return
        response = self.policy.error_response(status, f"Injected fault: HTTP {status}")
        await response(scope, receive, send)

    async def _rate_limited(
        self, wait: float, resets_at: float, scope: Scope, receive: Receive, send: Send
    ) -> None:
        response = self.policy.error_response(429, "Too many requests")
        response.headers.update(self.policy.rate_limit_headers(wait, resets_at))
        await response(scope, receive, send)

    def _malforming(self, send: Send, record: RequestRecord) -> Send:
        """Hold the answer back; a successful JSON body goes out cut in half (still status 200)."""
        start: Message | None = None
        chunks: list[bytes] = []
        faults = self.sandbox.faults

        async def send_malformed(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
            status = int(start["status"])
            if 200 <= status < 300 and b"json" in content_type and body and faults.malformed_next > 0:
                faults.malformed_next -= 1
                record.fault = "malformed_next"
                body = body[: len(body) // 2]
                status = 200
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        return send_malformed


async def hang(receive: Receive, seconds: float) -> Receive:
    """Read the request body, then wait `seconds` or until the client hangs up, whichever comes
    first. Returns a receive that hands the body to the app as if nothing happened."""
    messages: list[Message] = []
    disconnected = False
    more = True
    while more:
        message = await receive()
        messages.append(message)
        if message["type"] == "http.disconnect":
            disconnected = True
            break
        more = bool(message.get("more_body", False))
    if not disconnected:
        try:
            async with asyncio.timeout(seconds):
                message = await receive()
            disconnected = message["type"] == "http.disconnect"
        except TimeoutError:
            pass
    buffered = iter(messages)

    async def replay() -> Message:
        message = next(buffered, None)
        if message is not None:
            return message
        if disconnected:
            return {"type": "http.disconnect"}
        return await receive()

    return replay


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _control_error(status: int, error: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


async def _json_body(request: Request, *, allow_empty: bool) -> dict[str, Any] | JSONResponse:
    raw = await request.body()
    if not raw.strip() and allow_empty:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        return _control_error(400, "invalid_json", "the body must be a JSON object")
    if not isinstance(body, dict):
        return _control_error(400, "invalid_json", "the body must be a JSON object")
    return body


def control_routes(sandbox: Sandbox[Any], describe: Callable[[], dict[str, Any]]) -> list[BaseRoute]:
    async def index(_request: Request) -> Response:
        return JSONResponse(describe())

    async def get_faults(_request: Request) -> Response:
        return JSONResponse(sandbox.faults.as_json())

    async def put_faults(request: Request) -> Response:
        body = await _json_body(request, allow_empty=False)
        if isinstance(body, Response):
            return body
        try:
            sandbox.faults.update(body)
        except FaultPlanError as exc:
            return _control_error(400, "invalid_faults", str(exc))
        return JSONResponse(sandbox.faults.as_json())

    async def reset(request: Request) -> Response:
        body = await _json_body(request, allow_empty=True)
        if isinstance(body, Response):
            return body
        unknown = sorted(set(body) - {"seed", "profile"})
        seed, profile = body.get("seed"), body.get("profile")
        if unknown:
            return _control_error(400, "invalid_reset", f"unknown fields: {', '.join(unknown)}")
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            return _control_error(400, "invalid_reset", "seed must be an integer")
        if profile is not None and not isinstance(profile, str):
            return _control_error(400, "invalid_reset", "profile must be a string")
        try:
            sandbox.reset(seed=seed, profile=profile)
        except UnknownProfile:
            return _control_error(
                400, "invalid_reset", f"profile must be one of {', '.join(sandbox.profiles)}"
            )
        return JSONResponse(describe())

    async def expire_tokens(_request: Request) -> Response:
        sandbox.expire_all_tokens()
        return JSONResponse({"token_generation": sandbox.faults.token_generation})

    async def requests_log(request: Request) -> Response:
        limit = request.query_params.get("limit")
        if limit is not None and not limit.isdigit():
            return _control_error(400, "invalid_limit", "limit must be an integer >= 0")
        return JSONResponse(sandbox.requests.as_json(int(limit) if limit is not None else None))

    async def clear_requests(_request: Request) -> Response:
        sandbox.requests.clear()
        return Response(status_code=204)

    async def deliveries(_request: Request) -> Response:
        return JSONResponse([attempt.as_json() for attempt in sandbox.webhooks.attempts])

    return [
        Route(CONTROL_PREFIX, index, methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/faults", get_faults, methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/faults", put_faults, methods=["PUT"]),
        Route(f"{CONTROL_PREFIX}/reset", reset, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/tokens/expire", expire_tokens, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/requests", requests_log, methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/requests", clear_requests, methods=["DELETE"]),
        Route(f"{CONTROL_PREFIX}/webhook-deliveries", deliveries, methods=["GET"]),
    ]


def create_sandbox_app(
    sandbox: Sandbox[Any],
    policy: ProviderPolicy,
    provider_routes: Sequence[BaseRoute],
    *,
    describe: Callable[[], dict[str, Any]],
    extra_control_routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """A Starlette app with `app.state.sandbox` set; Starlette's own 404/405 answers take the
    provider's error shape."""

    async def not_found(_request: Request, _exc: Exception) -> Response:
        return policy.error_response(404, "Not found")

    async def not_allowed(_request: Request, _exc: Exception) -> Response:
        return policy.error_response(405, "Method not allowed")

    app = Starlette(
        routes=[*control_routes(sandbox, describe), *extra_control_routes, *provider_routes],
        exception_handlers={404: not_found, 405: not_allowed},
    )
    app.state.sandbox = sandbox
    app.add_middleware(SandboxMiddleware, sandbox=sandbox, policy=policy)
    return app


def retry_after_header(seconds: float) -> str:
    """Retry-After carries whole seconds (RFC 9110 §10.2.3): round up, never promise too early."""
    return str(math.ceil(seconds))
