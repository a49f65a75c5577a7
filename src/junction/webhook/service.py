from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from junction.connection.service import connection_service
from junction.errors import IntegrationNotValid, JunctionError
from junction.kit.time import as_utc, utcnow
from junction.models import (
    Account,
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookLog,
)
from junction.runtime import Runtime
from junction.webhook.emitter import DELIVER, deliver_event, message_id
from junction.webhook.events import CATALOG, EVENTS
from junction.webhook.provider import inbound_url
from junction.webhook.repository import WebhookRepository
from junction.webhook.schemas import (
    InboundWebhookItem,
    Status,
    WebhookDeliveryItem,
    WebhookHealthItem,
    WebhookInstanceCreatedItem,
    WebhookInstanceGetItem,
    WebhookInstancePatchItem,
    WebhookInstancePostItem,
    WebhookItem,
    WebhookLogItem,
)
from junction.webhook.signing import new_signing_secret
from junction.webhook.targets import TargetRefused, check_url
from junction.worker.enqueue import defer

MAX_LOGS = 1000


class WebhookNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_WEBHOOK_NOT_FOUND"
    default_message = "The specified webhook could not be found for this account"


class WebhookLogNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_WEBHOOK_LOG_NOT_FOUND"
    default_message = "The specified webhook log could not be found for this webhook"


class WebhookAlreadyExists(JunctionError):
    error_code = "ERROR_WEBHOOK_ALREADY_EXISTS"
    default_message = "There is already an existing webhook with the same url and type"


class WebhookEventNotValid(JunctionError):
    error_code = "ERROR_WEBHOOK_EVENT_NOT_VALID"
    default_message = "The specified event is not valid; GET /webhooks/list lists them"


class WebhookUrlNotValid(JunctionError):
    error_code = "ERROR_WEBHOOK_URL_NOT_VALID"
    default_message = "The specified url is not valid"


def to_item(webhook: Webhook) -> WebhookInstanceGetItem:
    return WebhookInstanceGetItem(
        webhookid=webhook.id,
        accountid=webhook.account_id,
        createdby=webhook.created_by,
        createdon=as_utc(webhook.created_on),
        event=webhook.event,
        url=webhook.url,
        status=Status(webhook.status),
        integrationid=webhook.integration_id,
    )


def to_log_item(log: WebhookLog) -> WebhookLogItem:
    return WebhookLogItem(
        webhooklogid=log.id,
        webhookid=log.webhook_id,
        event=log.event,
        url=log.url,
        accountid=str(log.account_id),
        createdon=as_utc(log.created_on),
        httpstatus=log.http_status,
        integrationid=log.integration_id,
        messageid=log.message_id,
        deliveryid=log.delivery_id,
        attempt=log.attempt,
        trigger=log.trigger,
        duration_ms=log.duration_ms,
        response_excerpt=log.response_excerpt,
        error=log.error,
        next_attempt_on=as_utc(log.next_attempt_on) if log.next_attempt_on else None,
    )


class WebhookService:
    def types(self) -> list[WebhookItem]:
        return [WebhookItem(event=e.name, api=e.api, description=e.description, data=e.data) for e in CATALOG]

    async def get(self, session: AsyncSession, account: Account, webhook_id: UUID) -> Webhook:
        webhook = await WebhookRepository(session).get(account.id, webhook_id)
        if webhook is None:
            raise WebhookNotFound()
        return webhook

    async def all(self, session: AsyncSession, account: Account, status: Status | None) -> Sequence[Webhook]:
        return await WebhookRepository(session).list(account.id, status.value if status else None)

    def _check_url(self, runtime: Runtime, url: str) -> str:
        try:
            check_url(url, runtime.settings)
        except TargetRefused as exc:
            raise WebhookUrlNotValid(detail=str(exc)) from None
        return url

    def _check_integration(self, runtime: Runtime, event: str, integration_id: int | None) -> None:
        if integration_id is None:
            return
        entry = runtime.registry.entry(integration_id)
        if entry is None:
            raise IntegrationNotValid()
        api = EVENTS[event].api
        if api is not None and entry.integration.vertical.api != api:
            raise IntegrationNotValid(
                f"The integration {integration_id} serves {entry.integration.vertical.api}, "
                f"the event {event} comes from {api}"
            )

    async def create(
        self, session: AsyncSession, runtime: Runtime, account: Account, item: WebhookInstancePostItem
    ) -> WebhookInstanceCreatedItem:
        if item.event not in EVENTS:
            raise WebhookEventNotValid()
        url = self._check_url(runtime, item.url)
        self._check_integration(runtime, item.event, item.integrationid)
        repository = WebhookRepository(session)
        if await repository.find(account.id, item.event, url) is not None:
            raise WebhookAlreadyExists()
        generated = None if item.signingsecret else new_signing_secret()
        webhook = Webhook(
            account_id=account.id,
            event=item.event,
            url=url,
            integration_id=item.integrationid,
            secret_encrypted=runtime.keyring.encrypt(item.signingsecret or generated or ""),
        )
        try:
            async with session.begin_nested():
                repository.add(webhook)
                await session.flush()
        except IntegrityError as exc:
            raise WebhookAlreadyExists() from exc
        return WebhookInstanceCreatedItem(**to_item(webhook).model_dump(), signingsecret=generated)

    async def update(
        self,
        session: AsyncSession,
        runtime: Runtime,
        account: Account,
        webhook_id: UUID,
        item: WebhookInstancePatchItem,
    ) -> Webhook:
        webhook = await self.get(session, account, webhook_id)
        if item.url is not None and item.url != webhook.url:
            self._check_url(runtime, item.url)
            if await WebhookRepository(session).find(account.id, webhook.event, item.url) is not None:
                raise WebhookAlreadyExists()
            webhook.url = item.url
        if item.signingsecret:
            webhook.secret_encrypted = runtime.keyring.encrypt(item.signingsecret)
        if item.status is not None and item.status.value != webhook.status:
            webhook.status = item.status.value
            if item.status == Status.inactive:
                # Waiting retries are dropped; a replay can still send any of them.
                await session.execute(
                    update(WebhookDelivery)
                    .where(
                        WebhookDelivery.webhook_id == webhook.id,
                        WebhookDelivery.status == DeliveryStatus.pending,
                    )
                    .values(status=DeliveryStatus.cancelled, completed_on=utcnow(), lease_until=None)
                    .execution_options(synchronize_session=False)
                )
        await session.flush()
        return webhook

    async def delete(self, session: AsyncSession, account: Account, webhook_id: UUID) -> None:
        """Deletes the endpoint with its deliveries, logs and issues (database cascades)."""
        webhook = await self.get(session, account, webhook_id)
        await WebhookRepository(session).delete(webhook)
        await session.flush()

    async def logs(
        self,
        session: AsyncSession,
        account: Account,
        webhook_id: UUID,
        limit: int,
        before: datetime | None,
        delivery_id: UUID | None,
    ) -> list[WebhookLogItem]:
        await self.get(session, account, webhook_id)
        rows = await WebhookRepository(session).logs(webhook_id, limit, before, delivery_id)
        return [to_log_item(row) for row in rows]

    async def replay(
        self, session: AsyncSession, account: Account, webhook_id: UUID, log_id: UUID
    ) -> WebhookDeliveryItem:
        """Send the logged delivery again now, with the same webhook-id and body, and retry it on
        the schedule if it fails."""
        webhook = await self.get(session, account, webhook_id)
        log = await WebhookRepository(session).log(webhook.id, log_id)
        if log is None:
            raise WebhookLogNotFound()
        delivery = await session.get(WebhookDelivery, log.delivery_id)
        if delivery is None:
            raise WebhookLogNotFound()
        delivery.status = DeliveryStatus.pending
        delivery.schedule_step = 0
        delivery.next_attempt_on = utcnow()
        delivery.completed_on = None
        delivery.swept_on = None
        await session.flush()
        defer(session, DELIVER, str(delivery.id), "replay")
        return WebhookDeliveryItem(
            deliveryid=delivery.id,
            messageid=log.message_id,
            webhookid=webhook.id,
            event=log.event,
            status="pending",
        )

    async def send_test(
        self, session: AsyncSession, account: Account, webhook_id: UUID
    ) -> WebhookDeliveryItem:
        """A sample of the endpoint's event (with `"test": true`), to this endpoint only."""
        webhook = await self.get(session, account, webhook_id)
        event = EVENTS[webhook.event]
        row, deliveries = await deliver_event(
            session,
            [webhook],
            account.id,
            webhook.event,
            event.example,
            integration_id=webhook.integration_id,
            test=True,
            trigger="test",
        )
        return WebhookDeliveryItem(
            deliveryid=deliveries[0].id,
            messageid=message_id(row.id),
            webhookid=webhook.id,
            event=webhook.event,
            status="pending",
        )

    async def health(self, session: AsyncSession, account: Account, webhook_id: UUID) -> WebhookHealthItem:
        webhook = await self.get(session, account, webhook_id)
        repository = WebhookRepository(session)
        attempts, failed = await repository.attempt_counts(webhook.id, utcnow() - timedelta(hours=24))
        if webhook.failing_since is not None:
            health = "failing"
        elif webhook.last_success_on is not None:
            health = "healthy"
        else:
            health = "unknown"
        return WebhookHealthItem(
            webhookid=webhook.id,
            status=Status(webhook.status),
            health=health,
            failing_since=as_utc(webhook.failing_since) if webhook.failing_since else None,
            last_success_on=as_utc(webhook.last_success_on) if webhook.last_success_on else None,
            last_failure_on=as_utc(webhook.last_failure_on) if webhook.last_failure_on else None,
            consecutive_failures=webhook.consecutive_failures,
            pending_deliveries=await repository.pending_deliveries(webhook.id),
            attempts_24h=attempts,
            failed_attempts_24h=failed,
            success_rate_24h=round((attempts - failed) / attempts, 4) if attempts else None,
        )

    async def inbound(
        self,
        session: AsyncSession,
        runtime: Runtime,
        account: Account,
        consumer_id: UUID,
        connection_id: UUID,
        base_url: str,
    ) -> InboundWebhookItem:
        connection = await connection_service.get(session, account, consumer_id, connection_id)
        entry = runtime.registry.entry(connection.integration_id)
        slug = entry.connector.manifest.slug if entry else str(connection.integration_id)
        repository = WebhookRepository(session)
        received, last = await repository.inbound_stats(connection.id)
        subscription = await repository.subscription(connection.id)
        registration: str
        if entry is None or not entry.connector.receives_webhooks():
            registration = "unsupported"
        elif subscription is None:
            registration = "manual"
        else:
            registration = subscription.status
        return InboundWebhookItem(
            connectionid=connection.id,
            url=inbound_url(base_url, slug, runtime.keyring.signing_key, connection.id),
            registration=registration,
            last_error=subscription.last_error if subscription else None,
            received=received,
            last_received_on=as_utc(last) if last else None,
        )


webhook_service = WebhookService()
