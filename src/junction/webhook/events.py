"""The catalog of events an account can subscribe to, with the `api` of each (the contract's
`GET /webhooks/list`) and what their `data` holds. docs/webhooks.md shows full payloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from junction.unified.common import Vertical

CONNECTION_DATA = {
    "connectionid": "6f1c0b5e-0d9a-4b7e-9a51-3c0f5d2c1e77",
    "consumerid": "0b8f7a4e-5c1d-4e2f-8a3b-9c7d6e5f4a3b",
    "integrationid": 1234,
    "name": "Kounta",
    "status": "active",
}
ISSUE_DATA = {
    "id": "3e9b1f0c-7a2d-4c5e-b6f8-1a2b3c4d5e6f",
    "consumer_id": CONNECTION_DATA["consumerid"],
    "connection_id": CONNECTION_DATA["connectionid"],
    "integration_id": 1234,
    "integration_name": "Kounta",
    "created_on": "2026-01-05T09:12:44Z",
    "updated_on": "2026-01-05T09:15:02Z",
    "last_seen": "2026-01-05T09:15:02Z",
    "error": {
        "error_code": "ERROR_PROVIDER_AUTHENTICATION",
        "status": "open",
        "title": "The provider refused the connection's credentials",
        "description": "The end user must reconnect ...",
    },
    "occurrences": 3,
    "level": "error",
    "status": "open",
}
EXECUTION_DATA = {
    "executionid": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
    "syncid": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
    "flowid": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
    "consumerid": CONNECTION_DATA["consumerid"],
    "status": "running",
}
CUSTOMER_DATA = {
    "id": "c_1001",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "phone": "+32475000001",
}


@dataclass(frozen=True)
class EventType:
    name: str
    api: str | None
    description: str
    # What `data` holds: a platform object, or the unified model of the vertical.
    data: str
    example: dict[str, Any] = field(default_factory=dict)


def _vertical(
    vertical: Vertical, name: str, description: str, model: str, example: dict[str, Any] | None = None
) -> EventType:
    return EventType(
        f"{vertical.value}.{name}",
        vertical.api,
        description,
        f"the unified {vertical.value} {model}",
        example or {"id": "…"},
    )


CATALOG: tuple[EventType, ...] = (
    EventType(
        "account.connection.created",
        None,
        "A consumer's connection was created (from credentials, or when the end user finished the "
        "connect page).",
        "the connection: connectionid, consumerid, integrationid, name, status",
        CONNECTION_DATA,
    ),
    EventType(
        "account.connection.updated",
        None,
        "A connection was renamed, got new credentials, or changed status: `inactive` when the "
        "provider refused its credentials (the end user must reconnect), `active` again once fixed.",
        "the connection: connectionid, consumerid, integrationid, name, status",
        CONNECTION_DATA,
    ),
    EventType(
        "account.connection.deleted",
        None,
        "A connection was deleted (alone, or with its consumer).",
        "the connection as it was: connectionid, consumerid, integrationid, name, status",
        CONNECTION_DATA,
    ),
    EventType(
        "account.issue.created",
        None,
        "A new issue: a connection keeps failing with one error code, or a webhook endpoint stopped "
        "accepting deliveries.",
        "the issue, as GET /issues/{id} shows it (without events)",
        ISSUE_DATA,
    ),
    EventType(
        "account.issue.updated",
        None,
        "An issue reopened (its error came back after it closed), changed level, or reached 10, "
        "100, 1000, … occurrences. Not sent for every occurrence, so that a failing connection "
        "does not flood your endpoint.",
        "the issue, as GET /issues/{id} shows it (without events)",
        ISSUE_DATA,
    ),
    EventType(
        "account.issue.closed",
        None,
        "An issue closed by itself: its error was not seen for the quiet period "
        "(JUNCTION_ISSUE_QUIET_PERIOD_SECONDS) and calls succeeded meanwhile.",
        "the issue, as GET /issues/{id} shows it (without events)",
        ISSUE_DATA,
    ),
    EventType(
        "account.flow.execution.started",
        None,
        "A sync's flow started running for a consumer.",
        "the execution: executionid, syncid, flowid, consumerid, status",
        EXECUTION_DATA,
    ),
    EventType(
        "account.flow.execution.succeeded",
        None,
        "A flow execution finished without error.",
        "the execution: executionid, syncid, flowid, consumerid, status",
        {**EXECUTION_DATA, "status": "success"},
    ),
    EventType(
        "account.flow.execution.failed",
        None,
        "A flow execution stopped on an error.",
        "the execution: executionid, syncid, flowid, consumerid, status, error",
        {**EXECUTION_DATA, "status": "error", "error": {"error_code": "ERROR_PROVIDER", "message": "…"}},
    ),
    _vertical(
        Vertical.pos,
        "customer.created",
        "A customer was created in the point of sale.",
        "Customer",
        CUSTOMER_DATA,
    ),
    _vertical(
        Vertical.pos,
        "customer.updated",
        "A customer changed in the point of sale.",
        "Customer",
        CUSTOMER_DATA,
    ),
    _vertical(Vertical.pos, "order.completed", "A sale (order) was completed and paid.", "Order"),
    _vertical(
        Vertical.pos,
        "closure.created",
        "An end-of-day closure (register reconciliation) was recorded.",
        "Closure",
    ),
    _vertical(Vertical.commerce, "order.created", "An order was placed in the shop.", "Order"),
    _vertical(
        Vertical.commerce, "customer.created", "A customer account was created in the shop.", "Customer"
    ),
    _vertical(
        Vertical.pms,
        "invoice.closed",
        "A guest's invoice (folio) was closed in the property management system.",
        "Invoice",
    ),
)

EVENTS: dict[str, EventType] = {event.name: event for event in CATALOG}
EVENT_NAMES: tuple[str, ...] = tuple(EVENTS)
TEST_EVENT_FLAG = "test"
