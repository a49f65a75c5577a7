from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from junction.kit.validation import Text
from junction.webhook.events import EVENT_NAMES


class Status(StrEnum):
    active = "active"
    inactive = "inactive"


class WebhookItem(BaseModel):
    """One event type an account can subscribe to."""

    event: str
    api: str | None = None
    description: str | None = Field(None, description="Junction: when it is sent")
    data: str | None = Field(None, description="Junction: what the payload's `data` holds")


class WebhookInstanceGetItem(BaseModel):
    webhookid: UUID
    accountid: UUID
    createdby: UUID | None = None
    createdon: datetime
    event: str
    url: str
    status: Status
    integrationid: int | None = None


class WebhookInstanceCreatedItem(WebhookInstanceGetItem):
    signingsecret: str | None = Field(
        None,
        description="Junction: set only when no signingsecret was given and Junction generated one. "
        "It is shown once: store it to verify deliveries.",
    )


class WebhookInstancePostItem(BaseModel):
    event: Text = Field(max_length=80, description=f"One of: {', '.join(EVENT_NAMES)}")
    url: Text = Field(max_length=500)
    signingsecret: Text | None = Field(
        None,
        max_length=100,
        description="Signs every delivery. Junction generates one (and shows it once) when absent.",
    )
    integrationid: int | None = Field(
        None,
        description="Only events from connections to this integration (its API must be the event's).",
    )


class WebhookInstancePatchItem(BaseModel):
    status: Status | None = None
    url: Text | None = Field(None, max_length=500)
    signingsecret: Text | None = Field(None, max_length=100)


Trigger = Literal["event", "retry", "replay", "test", "recovered"]


class WebhookLogItem(BaseModel):
    """One delivery attempt."""

    webhooklogid: UUID
    webhookid: UUID
    event: str
    url: str
    accountid: str
    createdon: datetime
    httpstatus: int = Field(description="The endpoint's HTTP status; 0 when no answer came")
    integrationid: int | None = None
    messageid: str = Field(description="Junction: the webhook-id header, the same on every attempt")
    deliveryid: UUID = Field(description="Junction: the delivery this attempt belongs to")
    attempt: int = Field(description="Junction: 1 for the first attempt of the delivery")
    trigger: Trigger = Field(description="Junction: what caused the attempt")
    duration_ms: float = Field(description="Junction: time to the endpoint's answer, or to failure")
    response_excerpt: str | None = Field(None, description="Junction: the start of the endpoint's answer")
    error: str | None = Field(None, description="Junction: why no usable answer came")
    next_attempt_on: datetime | None = Field(
        None, description="Junction: when the delivery is tried again, if it will be"
    )


class WebhookDeliveryItem(BaseModel):
    deliveryid: UUID
    messageid: str
    webhookid: UUID
    event: str
    status: Literal["pending", "succeeded", "failed", "cancelled"]


class WebhookHealthItem(BaseModel):
    webhookid: UUID
    status: Status
    health: Literal["healthy", "failing", "unknown"] = Field(
        description="failing: a delivery exhausted its retries (or was refused) since the last success"
    )
    failing_since: datetime | None = None
    last_success_on: datetime | None = None
    last_failure_on: datetime | None = None
    consecutive_failures: int = Field(description="Deliveries that failed since the last success")
    pending_deliveries: int
    attempts_24h: int
    failed_attempts_24h: int
    success_rate_24h: float | None = Field(None, description="Share of attempts answered 2xx")


class InboundWebhookItem(BaseModel):
    """Where a connection's provider sends its webhooks, and what Junction made of them."""

    connectionid: UUID
    url: str
    registration: Literal["registered", "pending", "removing", "failed", "manual", "unsupported"] = Field(
        description="registered: Junction registered the URL at the provider; manual: the provider "
        "has no API for it, set the URL in its settings; unsupported: the integration sends none"
    )
    last_error: str | None = None
    received: int
    last_received_on: datetime | None = None


class InboundAck(BaseModel):
    status: Literal["received", "duplicate"]
