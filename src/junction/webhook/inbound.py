"""Incoming provider webhooks (ADR 0013): verify, store once, acknowledge; a job reads them.

`POST /webhooks/inbound/{integration}/{token}`: the token names the connection (and is signed, so
it cannot be made up); the connector checks the provider's signature with the connection's
credentials; the body is stored once per provider event id (or body hash), and the provider gets
its 200 before any work is done. The job asks the connector what the webhook means (it may fetch
the object from the provider), and emits the unified events to the account's endpoints."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import timedelta
from uuid import UUID

import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from junction.connection.credentials import unseal
from junction.connectors._framework.base import WebhookRequest
from junction.db import unit_of_work
from junction.errors import JunctionError
from junction.issue.service import Subject, is_connector_failure, issue_service
from junction.kit.keyring import SecretUnreadable
from junction.kit.time import utcnow
from junction.models import Connection, InboundStatus, InboundWebhook
from junction.runtime import Runtime
from junction.webhook.emitter import UnknownEvent, emit
from junction.webhook.provider import as_junction_error, build_connector, read_inbound_token, retry_delay
from junction.webhook.schemas import InboundAck
from junction.worker.enqueue import defer, enqueued

log = structlog.get_logger(__name__)

PROCESS = "webhook.inbound"
MAX_BODY_BYTES = 1024 * 1024
MAX_ATTEMPTS = 5
LEASE_SECONDS = 120.0
KEPT_HEADERS_MAX = 40
DROPPED_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "host", "content-length"})


class InboundNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_INBOUND_WEBHOOK_NOT_FOUND"
    default_message = "No connection receives webhooks at this address"


class InboundSignatureInvalid(JunctionError):
    status_code = 401
    error_code = "ERROR_WEBHOOK_SIGNATURE_INVALID"
    default_message = "The webhook's signature is missing or does not match"


class InboundTooLarge(JunctionError):
    status_code = 413
    error_code = "ERROR_WEBHOOK_TOO_LARGE"
    default_message = "The webhook's body is larger than 1 MiB"


def kept_headers(headers: Mapping[str, str]) -> dict[str, str]:
    kept = {k.lower(): v for k, v in headers.items() if k.lower() not in DROPPED_HEADERS}
    return dict(list(kept.items())[:KEPT_HEADERS_MAX])


async def receive(
    session: AsyncSession,
    runtime: Runtime,
    integration: str,
    token: str,
    headers: Mapping[str, str],
    body: bytes,
) -> InboundAck:
    if len(body) > MAX_BODY_BYTES:
        raise InboundTooLarge()
    connection_id = read_inbound_token(runtime.keyring.signing_key, token)
    connection = await session.get(Connection, connection_id) if connection_id else None
    entry = runtime.registry.entry(connection.integration_id) if connection else None
    if connection is None or entry is None:
        raise InboundNotFound()
    connector = entry.connector
    if (
        integration not in (connector.manifest.slug, str(entry.integration_id))
        or not connector.receives_webhooks()
    ):
        raise InboundNotFound()
    request = WebhookRequest(kept_headers(headers), body)
    try:
        credentials = unseal(runtime.keyring, connection.credentials_encrypted)
        valid = connector.verify_webhook(
            WebhookRequest({k.lower(): v for k, v in headers.items()}, body), credentials
        )
    except SecretUnreadable:
        log.error("webhook.inbound_secrets_unreadable", connection_id=str(connection.id))
        valid = False
    if not valid:
        raise InboundSignatureInvalid()
    event_id = connector.webhook_event_id(request)
    dedup = f"id:{event_id}"[:200] if event_id else f"sha256:{hashlib.sha256(body).hexdigest()}"
    row = InboundWebhook(
        account_id=connection.account_id,
        connection_id=connection.id,
        integration_id=connection.integration_id,
        dedup_key=dedup,
        headers=request.headers,
        body=body,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        # Providers redeliver; one copy is handled.
        return InboundAck(status="duplicate")
    defer(session, PROCESS, str(row.id))
    return InboundAck(status="received")


async def process(runtime: Runtime, inbound_id: UUID) -> None:
    now = utcnow()
    async with unit_of_work(runtime.sessionmaker) as session:
        claimed = await session.scalar(
            update(InboundWebhook)
            .where(
                InboundWebhook.id == inbound_id,
                InboundWebhook.status == InboundStatus.received,
                or_(InboundWebhook.lease_until.is_(None), InboundWebhook.lease_until < now),
            )
            .values(lease_until=now + timedelta(seconds=LEASE_SECONDS), attempts=InboundWebhook.attempts + 1)
            .returning(InboundWebhook.attempts)
            .execution_options(synchronize_session=False)
        )
        if claimed is None:
            return
        row = (
            await session.execute(
                select(InboundWebhook, Connection)
                .join(Connection, Connection.id == InboundWebhook.connection_id)
                .where(InboundWebhook.id == inbound_id)
            )
        ).one()
        inbound, connection = row
    entry = runtime.registry.entry(connection.integration_id)
    provider_name = entry.connector.manifest.name if entry else f"Integration {connection.integration_id}"
    try:
        connector = build_connector(
            runtime, connection.id, connection.integration_id, connection.credentials_encrypted
        )
        events = await connector.handle_webhook(WebhookRequest(dict(inbound.headers), inbound.body))
    except Exception as exc:
        error = as_junction_error(exc, provider_name)
        if not isinstance(exc, JunctionError):
            log.exception("webhook.inbound_failed", inbound_id=str(inbound_id))
        await _failed(runtime, inbound_id, connection, provider_name, claimed, error)
        return
    finally:
        await runtime.clients.sweep()
    async with unit_of_work(runtime.sessionmaker) as session:
        emitted = 0
        for provider_event in events:
            try:
                await emit(
                    session,
                    connection.account_id,
                    provider_event.event,
                    provider_event.data,
                    consumer_id=connection.consumer_id,
                    connection_id=connection.id,
                    integration_id=connection.integration_id,
                )
            except UnknownEvent:
                log.error("webhook.inbound_unknown_event", event=provider_event.event, provider=provider_name)
                continue
            emitted += 1
        await session.execute(
            update(InboundWebhook)
            .where(InboundWebhook.id == inbound_id)
            .values(
                status=InboundStatus.processed,
                processed_on=utcnow(),
                lease_until=None,
                events_emitted=emitted,
                error=None,
            )
            .execution_options(synchronize_session=False)
        )
    await enqueued(session)
    log.info("webhook.inbound_processed", inbound_id=str(inbound_id), events=emitted)


async def _failed(
    runtime: Runtime,
    inbound_id: UUID,
    connection: Connection,
    provider_name: str,
    attempts: int,
    error: JunctionError,
) -> None:
    if is_connector_failure(error):
        await issue_service.connection_failed(
            runtime, connection, error, {"source": "provider webhook", "inbound_id": str(inbound_id)}
        )
    final = attempts >= MAX_ATTEMPTS
    delay = retry_delay(attempts)
    async with unit_of_work(runtime.sessionmaker) as session:
        await session.execute(
            update(InboundWebhook)
            .where(InboundWebhook.id == inbound_id)
            .values(
                status=InboundStatus.failed if final else InboundStatus.received,
                lease_until=None,
                next_attempt_on=utcnow() + timedelta(seconds=delay),
                error=f"{error.error_code}: {error.message}"[:500],
            )
            .execution_options(synchronize_session=False)
        )
        if final:
            await issue_service.record(
                session,
                connection.account_id,
                Subject.of_connection(connection, provider_name),
                "ERROR_INBOUND_WEBHOOK_FAILED",
                f"Gave up after {attempts} attempts: {error.message}",
                {"inbound_id": str(inbound_id), "error_code": error.error_code},
            )
        else:
            defer(session, PROCESS, str(inbound_id), delay=delay)
    await enqueued(session)
