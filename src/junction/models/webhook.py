"""Outgoing webhooks (an account's endpoints, the events sent to them, one delivery per event and
endpoint, one log row per attempt) and incoming provider webhooks."""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junction.kit.time import utcnow
from junction.models.base import Base, CreatedMixin, IdMixin


class WebhookStatus(StrEnum):
    active = "active"
    inactive = "inactive"


class Webhook(IdMixin, CreatedMixin, Base):
    """An account's endpoint for one event type (the contract's webhook instance)."""

    __tablename__ = "webhooks"
    __table_args__ = (UniqueConstraint("account_id", "event", "url"),)

    account_id: Mapped[UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[UUID | None]
    event: Mapped[str] = mapped_column(String(80))
    url: Mapped[str] = mapped_column(String(500))
    integration_id: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default=WebhookStatus.active)
    # Fernet token of the signing secret: it signs every delivery, so it is kept, never shown.
    secret_encrypted: Mapped[str] = mapped_column(Text)
    updated_on: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Health: set when a delivery exhausts its retries, cleared by the next success.
    failing_since: Mapped[datetime | None]
    last_success_on: Mapped[datetime | None]
    last_failure_on: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(default=0)


class WebhookEvent(IdMixin, CreatedMixin, Base):
    """One event as sent: the exact JSON body, so that every attempt and replay sends (and signs)
    the same bytes. No foreign key to the consumer or connection: `account.connection.deleted`
    goes out after the row it talks about is gone."""

    __tablename__ = "webhook_events"

    account_id: Mapped[UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(80))
    consumer_id: Mapped[UUID | None]
    connection_id: Mapped[UUID | None]
    integration_id: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)


class DeliveryStatus(StrEnum):
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class WebhookDelivery(IdMixin, CreatedMixin, Base):
    """One event for one endpoint, until it succeeds or its retries run out. The queue only
    carries its id: this row is the truth a sweeper recovers lost jobs from (ADR 0010)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_status_next", "status", "next_attempt_on"),)

    account_id: Mapped[UUID]
    webhook_id: Mapped[UUID] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[UUID] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.pending)
    attempts: Mapped[int] = mapped_column(default=0)
    # Failed attempts since the delivery started (or was replayed): the step of the retry schedule.
    schedule_step: Mapped[int] = mapped_column(default=0)
    next_attempt_on: Mapped[datetime] = mapped_column(default=utcnow)
    # A worker holds the delivery until then; past it, the worker is presumed dead.
    lease_until: Mapped[datetime | None]
    swept_on: Mapped[datetime | None]
    completed_on: Mapped[datetime | None]


class WebhookLog(IdMixin, CreatedMixin, Base):
    """One attempt: what was sent where, and what came back."""

    __tablename__ = "webhook_logs"
    __table_args__ = (Index("ix_webhook_logs_webhook_created", "webhook_id", "created_on"),)

    account_id: Mapped[UUID]
    webhook_id: Mapped[UUID] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    delivery_id: Mapped[UUID] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(80))
    url: Mapped[str] = mapped_column(String(500))
    integration_id: Mapped[int | None]
    message_id: Mapped[str] = mapped_column(String(64))
    attempt: Mapped[int]
    trigger: Mapped[str] = mapped_column(String(16))
    # 0 when no HTTP answer came (timeout, refused connection, refused target).
    http_status: Mapped[int]
    duration_ms: Mapped[float]
    response_excerpt: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(String(500))
    next_attempt_on: Mapped[datetime | None]


class InboundStatus(StrEnum):
    received = "received"
    processed = "processed"
    failed = "failed"


class InboundWebhook(IdMixin, CreatedMixin, Base):
    """A webhook a provider sent about one connection, stored once (the provider's event id or
    the body's hash), handled by a job."""

    __tablename__ = "inbound_webhooks"
    __table_args__ = (
        UniqueConstraint("connection_id", "dedup_key"),
        Index("ix_inbound_webhooks_status_created", "status", "created_on"),
    )

    account_id: Mapped[UUID]
    connection_id: Mapped[UUID] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    integration_id: Mapped[int]
    dedup_key: Mapped[str] = mapped_column(String(200))
    # The headers a connector may need to read the event (never Authorization or cookies).
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default=InboundStatus.received)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_on: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    swept_on: Mapped[datetime | None]
    processed_on: Mapped[datetime | None]
    events_emitted: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(String(500))


class SubscriptionStatus(StrEnum):
    pending = "pending"
    registered = "registered"
    # The provider has no API to manage webhooks: the end user sets the URL in its settings.
    manual = "manual"
    removing = "removing"
    failed = "failed"


class ProviderSubscription(IdMixin, CreatedMixin, Base):
    """The webhooks Junction registered at a provider for one connection. No foreign key: when the
    connection is deleted this row keeps what is needed to remove them (its sealed credentials,
    only for as long as the removal takes)."""

    __tablename__ = "provider_webhook_subscriptions"

    connection_id: Mapped[UUID] = mapped_column(unique=True)
    account_id: Mapped[UUID]
    integration_id: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=SubscriptionStatus.pending)
    # What the connector returned when registering (the provider's webhook ids): no secrets.
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    credentials_encrypted: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    updated_on: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
