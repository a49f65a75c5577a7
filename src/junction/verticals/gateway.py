"""Runs one unified call: resolve the connection, claim the idempotency key, call the connector,
record the request log, and render the answer (with `raw_data` when asked)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

import httpx
import structlog
from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from junction.auth.dependencies import CurrentAccount
from junction.connection.credentials import unseal
from junction.connection.repository import ConnectionRepository
from junction.connection.tokens import ConnectionTokenStore
from junction.connectors._framework.auth import MissingTokens
from junction.connectors._framework.base import ConnectorContext
from junction.connectors._framework.errors import (
    OperationNotSupported,
    ProviderAuthFailed,
    ProviderError,
    ProviderUnavailable,
)
from junction.connectors._framework.http import CallRecorder, ProviderHTTP
from junction.consumer.service import consumer_service
from junction.db import unit_of_work
from junction.errors import (
    ConnectionSecretsUnreadable,
    JunctionError,
    RequestAlreadyProcessed,
    RequestInProcess,
)
from junction.issue.service import issue_service
from junction.kit.keyring import SecretUnreadable
from junction.models import Account, ApiTransaction, TransactionState
from junction.request_log.service import RequestLogEntry, request_log_service
from junction.runtime import Runtime, RuntimeDep, SessionDep
from junction.unified.common import Page, Vertical
from junction.verticals.catalog import OPERATIONS, Operation
from junction.verticals.routing import Route, choose_connection

log = structlog.get_logger(__name__)
OVERHEAD_HEADER = "x-junction-overhead-ms"


@dataclass
class CallOptions:
    connection_id: str | None
    integration_id: str | None
    raw_data: bool
    client_request_id: str | None


def call_options(
    x_chift_connectionid: Annotated[str | None, Header(description="Pick one of several connections")] = None,
    x_chift_integrationid: Annotated[
        str | None, Header(description="Pick a connection by integration id")
    ] = None,
    x_chift_raw_data: Annotated[str | None, Header(description="'true' adds the provider's payloads")] = None,
    x_chift_client_requestid: Annotated[
        str | None, Header(description="Idempotency key for writes", max_length=255)
    ] = None,
) -> CallOptions:
    return CallOptions(
        connection_id=x_chift_connectionid,
        integration_id=x_chift_integrationid,
        raw_data=(x_chift_raw_data or "").lower() == "true",
        client_request_id=x_chift_client_requestid or None,
    )


class Gateway:
    def __init__(
        self,
        runtime: Runtime,
        session: Any,
        account: Account,
        consumer_id: UUID,
        options: CallOptions,
        request: Request,
    ) -> None:
        self.runtime = runtime
        self.session = session
        self.account = account
        self.consumer_id = consumer_id
        self.options = options
        self.method = request.method
        self.path = request.url.path
        # The route's documented success status (`unified_route(..., status_code=201)`).
        self.success_status: int = getattr(request.scope.get("route"), "status_code", None) or 200
        # Set by the request middleware, so overheads count routing, auth and the answer too.
        self.started: float = getattr(request.state, "started_at", None) or time.perf_counter()

    async def run(self, key: str, *args: Any) -> JSONResponse:
        op = OPERATIONS[key]
        started = self.started
        recorder = CallRecorder(keep_raw=self.options.raw_data)
        route: Route | None = None
        transaction: UUID | None = None
        result: Any = None
        status: int = 500
        error_code: str | None = "ERROR_INTERNAL"
        failure: JunctionError | None = None
        try:
            route = await self._route(op.vertical)
            self._check_supported(op, route)
            if op.writes and self.options.client_request_id:
                transaction = await self._claim(route, self.options.client_request_id)
            result = await self._call_connector(op, route, recorder, args)
            body = self._body(result, recorder)
            status, error_code = self.success_status, None
        except JunctionError as exc:
            status, error_code, failure = exc.status_code, exc.error_code, exc
            raise
        finally:
            if transaction is not None:
                await self._settle(transaction, status, result)
            await self._log(route, status, error_code, recorder, started)
            if failure is not None and route is not None:
                # Connector failures become issues (ADR 0012); the method never raises.
                context = {
                    "route": f"{self.method} {self.path}",
                    "calls": [c.as_log() for c in recorder.calls],
                }
                await issue_service.connection_failed(self.runtime, route.connection, failure, context)
        # After the log row and the settled claim: the header counts all of Junction's work.
        overhead = (time.perf_counter() - started) * 1000 - recorder.provider_ms
        return JSONResponse(
            body, status_code=self.success_status, headers={OVERHEAD_HEADER: f"{max(overhead, 0.0):.3f}"}
        )

    async def _route(self, vertical: Vertical) -> Route:
        await consumer_service.get(self.session, self.account, self.consumer_id)
        connections = await ConnectionRepository(self.session).list_for_consumer(
            self.account.id, self.consumer_id
        )
        return choose_connection(
            self.runtime.registry,
            vertical,
            connections,
            self.options.connection_id,
            self.options.integration_id,
        )

    def _check_supported(self, op: Operation, route: Route) -> None:
        manifest = route.entry.connector.manifest
        if op.key not in manifest.capabilities:
            resource = op.path.strip("/").split("/", 1)[0]
            raise OperationNotSupported(
                f"The resource {op.method} - {resource} is not supported by {manifest.name}"
            )

    async def _call_connector(
        self, op: Operation, route: Route, recorder: CallRecorder, args: tuple[Any, ...]
    ) -> Any:
        connector_cls = route.entry.connector
        try:
            credentials = unseal(self.runtime.keyring, route.connection.credentials_encrypted)
        except SecretUnreadable as exc:
            raise ConnectionSecretsUnreadable() from exc
        client = self.runtime.clients.client_for(
            route.connection.id, credentials, connector_cls.build_http_client
        )
        store = ConnectionTokenStore(self.runtime, route.connection.id, credentials)
        http = ProviderHTTP(
            client,
            recorder,
            auth=connector_cls.authenticator(credentials, store, client),
            retry=connector_cls.retry_policy,
            reset_headers=connector_cls.manifest.rate_limit_headers,
        )
        connector = connector_cls(ConnectorContext(route.connection.id, credentials, http))
        try:
            return await connector.method_for(op.key)(*args)
        except JunctionError:
            raise
        except MissingTokens as exc:
            raise ProviderAuthFailed(
                "The connection has no access token yet; the end user must connect"
            ) from exc
        except httpx.TimeoutException as exc:
            raise ProviderUnavailable("The provider did not answer in time") from exc
        except httpx.TransportError as exc:
            raise ProviderUnavailable("The provider could not be reached") from exc
        except Exception as exc:
            log.exception("connector.failed", operation=op.key, connector=connector_cls.manifest.slug)
            raise ProviderError(
                f"{connector_cls.manifest.name} answered in a way Junction could not handle"
            ) from exc
        finally:
            await self.runtime.clients.sweep()

    async def _claim(self, route: Route, client_request_id: str) -> UUID:
        """Claim the idempotency key in its own committed transaction, before any provider call,
        so that a concurrent or later replay sees it."""
        claim = ApiTransaction(
            account_id=self.account.id,
            connection_id=route.connection.id,
            client_request_id=client_request_id,
            method=self.method,
            route=self.path,
        )
        try:
            async with unit_of_work(self.runtime.sessionmaker) as session:
                session.add(claim)
        except IntegrityError:
            existing = await ConnectionRepository(self.session).transaction(
                route.connection.id, client_request_id
            )
            if existing is not None and existing.state == TransactionState.in_process:
                raise RequestInProcess() from None
            raise RequestAlreadyProcessed() from None
        return claim.id

    async def _settle(self, transaction_id: UUID, status: int, result: Any) -> None:
        async with unit_of_work(self.runtime.sessionmaker) as session:
            claim = await session.get(ApiTransaction, transaction_id)
            if claim is not None:
                claim.state = TransactionState.done
                claim.status_code = status
                entity_id = getattr(result, "id", None)
                claim.created_entity_id = str(entity_id) if entity_id is not None else None

    def _body(self, result: Any, recorder: CallRecorder) -> Any:
        # model_dump(mode="json") is ten times faster than jsonable_encoder on a page of 100.
        if isinstance(result, BaseModel):
            exclude = {"raw_data"} if isinstance(result, Page) else None
            body: Any = result.model_dump(mode="json", exclude=exclude)
        else:
            body = jsonable_encoder(result)
        if self.options.raw_data and isinstance(body, dict):
            body["raw_data"] = recorder.raw
        return body

    async def _log(
        self,
        route: Route | None,
        status: int,
        error_code: str | None,
        recorder: CallRecorder,
        started: float,
    ) -> None:
        duration = (time.perf_counter() - started) * 1000
        try:
            await request_log_service.record(
                self.runtime.sessionmaker,
                RequestLogEntry(
                    account_id=self.account.id,
                    consumer_id=self.consumer_id,
                    connection_id=route.connection.id if route else None,
                    integration_id=route.connection.integration_id if route else None,
                    method=self.method,
                    route=self.path,
                    status_code=status,
                    error_code=error_code,
                    duration_ms=duration,
                    overhead_ms=max(duration - recorder.provider_ms, 0.0),
                    client_request_id=self.options.client_request_id,
                    provider_calls=[call.as_log() for call in recorder.calls],
                ),
            )
        except Exception:
            # Losing a log row must not turn a served call into an error.
            log.exception("request_log.write_failed", route=self.path)


def get_gateway(
    runtime: RuntimeDep,
    session: SessionDep,
    account: CurrentAccount,
    consumer_id: UUID,
    options: Annotated[CallOptions, Depends(call_options)],
    request: Request,
) -> Gateway:
    return Gateway(runtime, session, account, consumer_id, options, request)


GatewayDep = Annotated[Gateway, Depends(get_gateway)]
