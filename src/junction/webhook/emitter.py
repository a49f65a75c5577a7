"""Emit an event: one frozen body, one delivery per subscribed endpoint, one job per delivery,
enqueued when the caller's transaction commits."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from fastapi.encoders import jsonable_encoder
from sqlalchemy.ext.asyncio import AsyncSession

from junction.kit.time import utcnow
from junction.models import Webhook, WebhookDelivery, WebhookEvent
from junction.webhook.events import EVENTS, TEST_EVENT_FLAG
from junction.webhook.repository import WebhookRepository
from junction.worker.enqueue import defer

DELIVER = "webhook.deliver"


class UnknownEvent(ValueError):
    pass


def message_id(event_id: UUID) -> str:
    """The `webhook-id` of every attempt and replay of this event: receivers deduplicate on it."""
    return f"msg_{event_id.hex}"


def event_body(
    event_id: UUID,
    account_id: UUID,
    event: str,
    data: Any,
    created: datetime,
    consumer_id: UUID | None,
    connection_id: UUID | None,
    integration_id: int | None,
    test: bool = False,
) -> str:
    payload: dict[str, Any] = {
        "id": message_id(event_id),
        "accountid": str(account_id),
        "event": event,
        "api": EVENTS[event].api,
        "consumerid": str(consumer_id) if consumer_id else None,
        "connectionid": str(connection_id) if connection_id else None,
        "integrationid": integration_id,
        "created": int(created.timestamp()),
        "data": jsonable_encoder(data),
    }
    if test:
        payload[TEST_EVENT_FLAG] = True
    # Compact: the contract signs the compact JSON body, and the exact bytes are what is signed.
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


async def emit(
    session: AsyncSession,
    account_id: UUID,
    event: str,
    data: Any,
    *,
    consumer_id: UUID | None = None,
    connection_id: UUID | None = None,
    integration_id: int | None = None,
) -> int:
    """Send `event` to the account's active endpoints for it; how many deliveries it made. Nothing
    is stored when nobody listens."""
    if event not in EVENTS:
        raise UnknownEvent(event)
    webhooks = await WebhookRepository(session).subscribed(account_id, event, integration_id)
    if not webhooks:
        return 0
    await deliver_event(
        session,
        webhooks,
        account_id,
        event,
        data,
        consumer_id=consumer_id,
        connection_id=connection_id,
        integration_id=integration_id,
    )
    return len(webhooks)


async def deliver_event(
    session: AsyncSession,
    webhooks: list[Webhook] | tuple[Webhook, ...] | Any,
    account_id: UUID,
    event: str,
    data: Any,
    *,
    consumer_id: UUID | None = None,
    connection_id: UUID | None = None,
    integration_id: int | None = None,
    test: bool = False,
    trigger: str = "event",
) -> tuple[WebhookEvent, list[WebhookDelivery]]:
    now = utcnow()
    event_id = uuid4()
    row = WebhookEvent(
        id=event_id,
        account_id=account_id,
        event=event,
        consumer_id=consumer_id,
        connection_id=connection_id,
        integration_id=integration_id,
        created_on=now,
        body=event_body(
            event_id, account_id, event, data, now, consumer_id, connection_id, integration_id, test
        ),
    )
    session.add(row)
    # No relationship() ties the rows: flush the event before the deliveries that point at it.
    await session.flush()
    deliveries = [
        WebhookDelivery(
            id=uuid4(), account_id=account_id, webhook_id=webhook.id, event_id=event_id, next_attempt_on=now
        )
        for webhook in webhooks
    ]
    session.add_all(deliveries)
    await session.flush()
    for delivery in deliveries:
        defer(session, DELIVER, str(delivery.id), trigger)
    return row, deliveries
