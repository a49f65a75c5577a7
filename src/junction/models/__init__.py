from junction.models.account import Account, AccountStatus
from junction.models.api_transaction import ApiTransaction, TransactionState
from junction.models.base import Base
from junction.models.connection import Connection, ConnectionStatus
from junction.models.consumer import Consumer
from junction.models.issue import Issue, IssueEvent, IssueLevel, IssueStatus
from junction.models.request_log import RequestLog
from junction.models.webhook import (
    DeliveryStatus,
    InboundStatus,
    InboundWebhook,
    ProviderSubscription,
    SubscriptionStatus,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
    WebhookLog,
    WebhookStatus,
)

__all__ = [
    "Account",
    "AccountStatus",
    "ApiTransaction",
    "Base",
    "Connection",
    "ConnectionStatus",
    "Consumer",
    "DeliveryStatus",
    "InboundStatus",
    "InboundWebhook",
    "Issue",
    "IssueEvent",
    "IssueLevel",
    "IssueStatus",
    "ProviderSubscription",
    "RequestLog",
    "SubscriptionStatus",
    "TransactionState",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookLog",
    "WebhookStatus",
]
