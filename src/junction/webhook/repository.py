from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.models import (
    DeliveryStatus,
    InboundWebhook,
    ProviderSubscription,
    Webhook,
    WebhookDelivery,
    WebhookLog,
    WebhookStatus,
)


class WebhookRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, account_id: UUID, webhook_id: UUID) -> Webhook | None:
        return await self.session.scalar(
            select(Webhook).where(Webhook.id == webhook_id, Webhook.account_id == account_id)
        )

    async def list(self, account_id: UUID, status: str | None) -> Sequence[Webhook]:
        query = select(Webhook).where(Webhook.account_id == account_id)
        if status is not None:
            query = query.where(Webhook.status == status)
        return (await self.session.scalars(query.order_by(Webhook.created_on, Webhook.id))).all()

    async def find(self, account_id: UUID, event: str, url: str) -> Webhook | None:
        return await self.session.scalar(
            select(Webhook).where(
                Webhook.account_id == account_id, Webhook.event == event, Webhook.url == url
            )
        )

    async def subscribed(self, account_id: UUID, event: str, integration_id: int | None) -> Sequence[Webhook]:
        """Active endpoints for `event`; one bound to an integration only hears that integration."""
        query = select(Webhook).where(
            Webhook.account_id == account_id,
            Webhook.event == event,
            Webhook.status == WebhookStatus.active,
        )
        if integration_id is None:
            query = query.where(Webhook.integration_id.is_(None))
        else:
            query = query.where(
                or_(Webhook.integration_id.is_(None), Webhook.integration_id == integration_id)
            )
        return (await self.session.scalars(query)).all()

    def add(self, row: object) -> None:
        self.session.add(row)

    async def delete(self, webhook: Webhook) -> None:
        await self.session.delete(webhook)

    async def logs(
        self, webhook_id: UUID, limit: int, before: datetime | None, delivery_id: UUID | None
    ) -> Sequence[WebhookLog]:
        query = select(WebhookLog).where(WebhookLog.webhook_id == webhook_id)
        if before is not None:
            query = query.where(WebhookLog.created_on < before)
        if delivery_id is not None:
            query = query.where(WebhookLog.delivery_id == delivery_id)
        query = query.order_by(WebhookLog.created_on.desc(), WebhookLog.attempt.desc()).limit(limit)
        return (await self.session.scalars(query)).all()

    async def log(self, webhook_id: UUID, log_id: UUID) -> WebhookLog | None:
        return await self.session.scalar(
            select(WebhookLog).where(WebhookLog.id == log_id, WebhookLog.webhook_id == webhook_id)
        )

    async def attempt_counts(self, webhook_id: UUID, since: datetime) -> tuple[int, int]:
        """(attempts, attempts not answered 2xx) since `since`."""
        answered_2xx = (WebhookLog.http_status >= 200) & (WebhookLog.http_status < 300)
        failed = func.sum(case((answered_2xx, 0), else_=1))
        row = (
            await self.session.execute(
                select(func.count(WebhookLog.id), failed).where(
                    WebhookLog.webhook_id == webhook_id, WebhookLog.created_on >= since
                )
            )
        ).one()
        return int(row[0] or 0), int(row[1] or 0)

    async def pending_deliveries(self, webhook_id: UUID) -> int:
        count = await self.session.scalar(
            select(func.count(WebhookDelivery.id)).where(
                WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.status == DeliveryStatus.pending
            )
        )
        return int(count or 0)

    async def subscription(self, connection_id: UUID) -> ProviderSubscription | None:
        return await self.session.scalar(
            select(ProviderSubscription).where(ProviderSubscription.connection_id == connection_id)
        )

    async def inbound_stats(self, connection_id: UUID) -> tuple[int, datetime | None]:
        row = (
            await self.session.execute(
                select(func.count(InboundWebhook.id), func.max(InboundWebhook.created_on)).where(
                    InboundWebhook.connection_id == connection_id
                )
            )
        ).one()
        return int(row[0] or 0), row[1]
