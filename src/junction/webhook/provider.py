"""The provider side of a connection's webhooks: the address a provider sends them to, the
connector instance that reads them, and the registration Junction makes at the provider when a
connection is created (removed when it is deleted), where the provider's API allows it."""

from __future__ import annotations

import base64
import hashlib
import hmac
from uuid import UUID

import httpx
import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.connection.credentials import unseal
from junction.connection.tokens import ConnectionTokenStore
from junction.connectors._framework.auth import MissingTokens
from junction.connectors._framework.base import Connector, ConnectorContext
from junction.connectors._framework.errors import ProviderAuthFailed, ProviderError, ProviderUnavailable
from junction.connectors._framework.http import CallRecorder, ProviderHTTP
from junction.db import unit_of_work
from junction.errors import ConnectionSecretsUnreadable, JunctionError
from junction.kit.keyring import SecretUnreadable
from junction.models import Connection, ProviderSubscription, SubscriptionStatus
from junction.runtime import Runtime
from junction.worker.enqueue import defer, enqueued

log = structlog.get_logger(__name__)

REGISTER = "webhook.register_provider"
UNREGISTER = "webhook.unregister_provider"
MAX_ATTEMPTS = 6
RETRY_BASE_SECONDS = 30.0
INBOUND_PATH = "/webhooks/inbound"


class UnknownIntegration(Exception):
    pass


def inbound_token(signing_key: str, connection_id: UUID) -> str:
    """The connection's part of its inbound address: its id and a MAC, so an address cannot be
    made up (and needs no lookup table)."""
    mac = hmac.new(signing_key.encode(), b"inbound:" + connection_id.bytes, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(connection_id.bytes + mac).decode().rstrip("=")


def read_inbound_token(signing_key: str, token: str) -> UUID | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        return None
    if len(raw) != 32:
        return None
    connection_id = UUID(bytes=raw[:16])
    if not hmac.compare_digest(inbound_token(signing_key, connection_id), token.rstrip("=")):
        return None
    return connection_id


def inbound_url(base_url: str, slug: str, signing_key: str, connection_id: UUID) -> str:
    return f"{base_url.rstrip('/')}{INBOUND_PATH}/{slug}/{inbound_token(signing_key, connection_id)}"


def build_connector(
    runtime: Runtime, connection_id: UUID, integration_id: int, sealed_credentials: str | None
) -> Connector:
    """The connector of a connection, with its pooled HTTP client, outside any request."""
    entry = runtime.registry.entry(integration_id)
    if entry is None:
        raise UnknownIntegration(integration_id)
    connector_cls = entry.connector
    try:
        credentials = unseal(runtime.keyring, sealed_credentials)
    except SecretUnreadable as exc:
        raise ConnectionSecretsUnreadable() from exc
    client = runtime.clients.client_for(connection_id, credentials, connector_cls.build_http_client)
    store = ConnectionTokenStore(runtime, connection_id, credentials)
    http = ProviderHTTP(
        client,
        CallRecorder(),
        auth=connector_cls.authenticator(credentials, store, client),
        retry=connector_cls.retry_policy,
        reset_headers=connector_cls.manifest.rate_limit_headers,
    )
    return connector_cls(ConnectorContext(connection_id, credentials, http))


def as_junction_error(exc: Exception, provider: str) -> JunctionError:
    """What the gateway would have answered for this failure of a connector."""
    if isinstance(exc, JunctionError):
        return exc
    if isinstance(exc, MissingTokens):
        return ProviderAuthFailed("The connection has no access token yet; the end user must connect")
    if isinstance(exc, httpx.TimeoutException):
        return ProviderUnavailable("The provider did not answer in time")
    if isinstance(exc, httpx.TransportError):
        return ProviderUnavailable("The provider could not be reached")
    return ProviderError(f"{provider} answered in a way Junction could not handle")


def retry_delay(attempts: int) -> float:
    return RETRY_BASE_SECONDS * (1 << max(attempts - 1, 0))


async def start(session: AsyncSession, runtime: Runtime, connection: Connection, base_url: str) -> None:
    """On a new connection (or new credentials): register at the provider, in a job."""
    entry = runtime.registry.entry(connection.integration_id)
    if entry is None or not entry.connector.receives_webhooks():
        return
    subscription = await session.scalar(
        select(ProviderSubscription).where(ProviderSubscription.connection_id == connection.id)
    )
    if subscription is None:
        subscription = ProviderSubscription(
            connection_id=connection.id,
            account_id=connection.account_id,
            integration_id=connection.integration_id,
        )
        session.add(subscription)
    elif subscription.status not in (SubscriptionStatus.failed, SubscriptionStatus.pending):
        return
    subscription.status = SubscriptionStatus.pending
    subscription.attempts = 0
    await session.flush()
    defer(session, REGISTER, str(connection.id), base_url)


async def stop(session: AsyncSession, connection: Connection) -> None:
    """Before a connection is deleted: remove what was registered, in a job, with the sealed
    credentials kept on the subscription for as long as that takes."""
    subscription = await session.scalar(
        select(ProviderSubscription).where(ProviderSubscription.connection_id == connection.id)
    )
    if subscription is None:
        return
    if subscription.status != SubscriptionStatus.registered:
        await session.delete(subscription)
        return
    subscription.status = SubscriptionStatus.removing
    subscription.credentials_encrypted = connection.credentials_encrypted
    subscription.attempts = 0
    await session.flush()
    defer(session, UNREGISTER, str(subscription.id))


async def register(runtime: Runtime, connection_id: UUID, base_url: str) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        connection = await session.get(Connection, connection_id)
        subscription = await session.scalar(
            select(ProviderSubscription).where(ProviderSubscription.connection_id == connection_id)
        )
        if connection is None or subscription is None or subscription.status != SubscriptionStatus.pending:
            return
        account_id, integration_id = connection.account_id, connection.integration_id
        sealed = connection.credentials_encrypted
    entry = runtime.registry.entry(integration_id)
    if entry is None:
        return
    url = inbound_url(base_url, entry.connector.manifest.slug, runtime.keyring.signing_key, connection_id)
    try:
        connector = build_connector(runtime, connection_id, integration_id, sealed)
        state = await connector.register_webhooks(url)
    except Exception as exc:
        error = as_junction_error(exc, entry.connector.manifest.name)
        await _registration_failed(runtime, connection_id, base_url, error)
        return
    finally:
        await runtime.clients.sweep()
    async with unit_of_work(runtime.sessionmaker) as session:
        subscription = await session.scalar(
            select(ProviderSubscription).where(ProviderSubscription.connection_id == connection_id)
        )
        connection = await session.get(Connection, connection_id)
        if connection is None:
            # Deleted while we registered: remove what we just made.
            if subscription is None:
                subscription = ProviderSubscription(
                    connection_id=connection_id, account_id=account_id, integration_id=integration_id
                )
            subscription.status = SubscriptionStatus.removing
            subscription.state = state or {}
            subscription.credentials_encrypted = sealed
            session.add(subscription)
            await session.flush()
            defer(session, UNREGISTER, str(subscription.id))
        elif subscription is not None:
            subscription.status = (
                SubscriptionStatus.registered if state is not None else SubscriptionStatus.manual
            )
            subscription.state = state or {}
            subscription.last_error = None
    await enqueued(session)
    log.info("webhook.provider_registered", connection_id=str(connection_id), manual=state is None)


async def _registration_failed(
    runtime: Runtime, connection_id: UUID, base_url: str, error: JunctionError
) -> None:
    from junction.issue.service import Subject, issue_service

    async with unit_of_work(runtime.sessionmaker) as session:
        subscription = await session.scalar(
            select(ProviderSubscription).where(ProviderSubscription.connection_id == connection_id)
        )
        connection = await session.get(Connection, connection_id)
        if subscription is None or connection is None:
            return
        subscription.attempts += 1
        subscription.last_error = f"{error.error_code}: {error.message}"[:500]
        if subscription.attempts < MAX_ATTEMPTS:
            await session.flush()
            defer(session, REGISTER, str(connection_id), base_url, delay=retry_delay(subscription.attempts))
        else:
            subscription.status = SubscriptionStatus.failed
            entry = runtime.registry.entry(connection.integration_id)
            name = entry.connector.manifest.name if entry else f"Integration {connection.integration_id}"
            await issue_service.record(
                session,
                connection.account_id,
                Subject.of_connection(connection, name),
                "ERROR_PROVIDER_WEBHOOKS_NOT_REGISTERED",
                subscription.last_error,
                {"attempts": subscription.attempts, "error_code": error.error_code},
            )
    await enqueued(session)
    log.warning(
        "webhook.provider_registration_failed", connection_id=str(connection_id), error=error.error_code
    )


async def unregister(runtime: Runtime, subscription_id: UUID) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        subscription = await session.get(ProviderSubscription, subscription_id)
        if subscription is None or subscription.status != SubscriptionStatus.removing:
            return
        connection_id, integration_id = subscription.connection_id, subscription.integration_id
        sealed, state = subscription.credentials_encrypted, dict(subscription.state or {})
    try:
        connector = build_connector(runtime, connection_id, integration_id, sealed)
        await connector.unregister_webhooks(state)
    except Exception as exc:
        async with unit_of_work(runtime.sessionmaker) as session:
            subscription = await session.get(ProviderSubscription, subscription_id)
            if subscription is None:
                return
            subscription.attempts += 1
            subscription.last_error = str(exc)[:500]
            if subscription.attempts < MAX_ATTEMPTS:
                await session.flush()
                defer(session, UNREGISTER, str(subscription_id), delay=retry_delay(subscription.attempts))
            else:
                # The provider keeps sending to an address that now answers 404; nothing more to do.
                log.warning("webhook.provider_unregister_gave_up", connection_id=str(connection_id))
                await session.delete(subscription)
        await enqueued(session)
        return
    finally:
        await runtime.clients.sweep()
    async with unit_of_work(runtime.sessionmaker) as session:
        subscription = await session.get(ProviderSubscription, subscription_id)
        if subscription is not None:
            await session.delete(subscription)
    log.info("webhook.provider_unregistered", connection_id=str(connection_id))
