"""create_app(): the ASGI application with its error handlers and routers."""

from __future__ import annotations

import gc
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from junction import __version__
from junction.auth.endpoints import router as auth_router
from junction.config import Settings, get_settings
from junction.connection.endpoints import router as connection_router
from junction.connectors import load_connectors
from junction.connectors._framework.registry import ConnectorRegistry
from junction.connectors._framework.registry import registry as default_registry
from junction.consumer.endpoints import router as consumer_router
from junction.errors import (
    ErrorBody,
    InternalError,
    JunctionError,
    MethodNotAllowed,
    RouteNotFound,
    ValidationErrorBody,
    ValidationErrorItem,
)
from junction.integration.endpoints import router as integration_router
from junction.issue.endpoints import router as issue_router
from junction.logging import configure_logging
from junction.request_log.endpoints import router as request_log_router
from junction.runtime import Runtime
from junction.verticals.accounting.endpoints import router as accounting_router
from junction.verticals.commerce.endpoints import router as commerce_router
from junction.verticals.invoicing.endpoints import router as invoicing_router
from junction.verticals.pms.endpoints import router as pms_router
from junction.verticals.pos.endpoints import router as pos_router
from junction.webhook.endpoints import connection_router as webhook_connection_router
from junction.webhook.endpoints import inbound_router as webhook_inbound_router
from junction.webhook.endpoints import router as webhook_router
from junction.worker.runner import start_in_process, stop_in_process

log = structlog.get_logger(__name__)
REQUEST_ID_HEADER = "x-request-id"

DESCRIPTION = (
    "One API over the accounting, invoicing, point of sale, eCommerce, hotel PMS, payment and "
    "banking software of your customers. Wire-compatible with the Chift API."
)


class RequestIdMiddleware:
    """Tags every request with an id, in the logs and in the `x-request-id` response header, and
    turns an unexpected exception into the contract's generic 500 body carrying that id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["started_at"] = time.perf_counter()
        structlog.contextvars.bind_contextvars(request_id=request_id)

        status: int | None = None
        began = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message.setdefault("headers", []).append((REQUEST_ID_HEADER.encode(), request_id.encode()))
            await send(message)

        path = loggable_path(scope.get("path", ""))
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("request.failed", path=path, method=scope.get("method"))
            if status is not None:
                raise
            response = error_response(InternalError(detail=f"request id {request_id}"))
            await response(scope, receive, send_with_id)
        finally:
            elapsed = round((time.perf_counter() - began) * 1000, 2)
            log.info("request", method=scope.get("method"), path=path, status=status, duration_ms=elapsed)
            structlog.contextvars.unbind_contextvars("request_id")


def loggable_path(path: str) -> str:
    """The path without the connect-page token it may carry (a credential for 30 minutes)."""
    if path.startswith("/connect/"):
        return "/connect/[redacted]"
    return path


def error_response(error: JunctionError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status_code)


async def handle_junction_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, JunctionError)
    return error_response(exc)


async def handle_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return error_response(RouteNotFound())
    if exc.status_code == 405:
        return error_response(MethodNotAllowed())
    body = ErrorBody(message=str(exc.detail), error_code=f"ERROR_HTTP_{exc.status_code}")
    return JSONResponse(body.model_dump(), status_code=exc.status_code, headers=exc.headers)


async def handle_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Only loc, msg and type: the rejected input may hold a secret (a clientSecret, a credential).
    items = [
        ValidationErrorItem(
            loc=list(err.get("loc", ())), msg=str(err.get("msg", "")), type=str(err.get("type", ""))
        )
        for err in exc.errors()
    ]
    return JSONResponse(ValidationErrorBody(detail=items).model_dump(), status_code=422)


def contract_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with its 422 schema replaced by the body Junction really sends."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "HTTPValidationError" in components:
            body = ValidationErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components["HTTPValidationError"] = {**body, "title": "HTTPValidationError"}
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: Settings | None = None, registry: ConnectorRegistry | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_json, settings.log_level)
    if registry is None:
        registry = default_registry
        load_connectors(registry, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime.build(settings, registry)
        app.state.runtime = runtime
        # Background jobs (ADR 0010): consumed here on the embedded default, by `junction worker`
        # processes at scale.
        jobs = await start_in_process(settings, registry) if settings.effective_jobs_in_process else None
        # What startup built (routes, schemas, models) lives as long as the process: keep full
        # collections from walking it, which paused requests for 70-100 ms (bench/README.md).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if jobs is not None:
                await stop_in_process(jobs)
            await runtime.jobs.drain()
            runtime.jobs.close()
            await runtime.webhook_http.aclose()
            await runtime.clients.close()
            await runtime.engine.dispose()

    app = FastAPI(
        title="Junction API",
        description=DESCRIPTION,
        version=__version__,
        lifespan=lifespan,
        responses={500: {"model": ErrorBody, "description": "Unexpected error; the detail has a request id"}},
        openapi_tags=[
            {"name": "General", "description": "Authentication"},
            {"name": "Consumers"},
            {"name": "Connections"},
            {"name": "Integrations"},
            {"name": "Point of Sale"},
            {"name": "Webhooks"},
            {"name": "Issues"},
            {"name": "Request logs"},
        ],
    )
    app.openapi = lambda: contract_openapi(app)  # type: ignore[method-assign]
    app.add_exception_handler(JunctionError, handle_junction_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_middleware(RequestIdMiddleware)
    for router in (
        auth_router,
        consumer_router,
        connection_router,
        integration_router,
        pos_router,
        pms_router,
        commerce_router,
        accounting_router,
        invoicing_router,
    ):
        app.include_router(router)
    for router in (
        webhook_inbound_router,
        webhook_router,
        webhook_connection_router,
        issue_router,
        request_log_router,
    ):
        app.include_router(router)
    if settings.sandboxes:
        from junction.sandboxes import mount_sandboxes

        mount_sandboxes(app, settings)
    return app
