from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from junction.auth.dependencies import CurrentAccount
from junction.errors import error_responses
from junction.kit.urls import public_base_url
from junction.runtime import RuntimeDep, SessionDep
from junction.webhook import inbound
from junction.webhook.schemas import (
    InboundAck,
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
from junction.webhook.service import MAX_LOGS, to_item, webhook_service

router = APIRouter(prefix="/webhooks", tags=["Webhooks"], responses=error_responses(401))
connection_router = APIRouter(
    prefix="/consumers/{consumer_id}/connections/{connection_id}",
    tags=["Webhooks"],
    responses=error_responses(401, 404),
)
# Providers call this one; it is not part of the API an account uses, so it is not documented.
inbound_router = APIRouter(prefix="/webhooks/inbound", include_in_schema=False)
NOT_FOUND = error_responses(404)


@router.get(
    "/list",
    response_model=list[WebhookItem],
    operation_id="webhooks_get_webhook_types",
    summary="Get list of possible webhooks",
)
async def get_webhook_types(account: CurrentAccount) -> list[WebhookItem]:
    return webhook_service.types()


@router.post(
    "",
    response_model=WebhookInstanceCreatedItem,
    operation_id="webhooks_create_webhook",
    summary="Add new webhook instance",
    responses=error_responses(400),
)
async def create_webhook(
    account: CurrentAccount, session: SessionDep, runtime: RuntimeDep, item: WebhookInstancePostItem
) -> WebhookInstanceCreatedItem:
    return await webhook_service.create(session, runtime, account, item)


@router.get(
    "",
    response_model=list[WebhookInstanceGetItem],
    operation_id="webhooks_get_webhooks",
    summary="Get list of webhook instances",
)
async def get_webhooks(
    account: CurrentAccount, session: SessionDep, status: Status | None = None
) -> list[WebhookInstanceGetItem]:
    return [to_item(w) for w in await webhook_service.all(session, account, status)]


@router.get(
    "/{webhookid}",
    response_model=WebhookInstanceGetItem,
    operation_id="webhooks_get_webhook",
    summary="Get one webhook instance",
    responses=NOT_FOUND,
)
async def get_webhook(
    account: CurrentAccount, session: SessionDep, webhookid: UUID
) -> WebhookInstanceGetItem:
    return to_item(await webhook_service.get(session, account, webhookid))


@router.patch(
    "/{webhookid}",
    response_model=WebhookInstanceGetItem,
    operation_id="webhooks_update_webhook",
    summary="Update one webhook",
    responses=error_responses(400, 404),
)
async def update_webhook(
    account: CurrentAccount,
    session: SessionDep,
    runtime: RuntimeDep,
    webhookid: UUID,
    item: WebhookInstancePatchItem,
) -> WebhookInstanceGetItem:
    return to_item(await webhook_service.update(session, runtime, account, webhookid, item))


@router.delete(
    "/{webhookid}",
    status_code=204,
    response_class=Response,
    operation_id="webhooks_delete_webhook",
    summary="Delete one webhook",
    responses=NOT_FOUND,
)
async def delete_webhook(account: CurrentAccount, session: SessionDep, webhookid: UUID) -> Response:
    await webhook_service.delete(session, account, webhookid)
    return Response(status_code=204)


@router.get(
    "/{webhookid}/logs",
    response_model=list[WebhookLogItem],
    operation_id="webhooks_get_webhook_logs",
    summary="Get list of webhook logs for one webhook",
    description="One row per delivery attempt, newest first.",
    responses=NOT_FOUND,
)
async def get_webhook_logs(
    account: CurrentAccount,
    session: SessionDep,
    webhookid: UUID,
    limit: Annotated[int, Query(ge=1, le=MAX_LOGS, description="Junction: at most this many rows")] = 100,
    before: Annotated[datetime | None, Query(description="Junction: only attempts made before")] = None,
    deliveryid: Annotated[UUID | None, Query(description="Junction: only this delivery's attempts")] = None,
) -> list[WebhookLogItem]:
    return await webhook_service.logs(session, account, webhookid, limit, before, deliveryid)


@router.post(
    "/{webhookid}/logs/{webhooklogid}/replay",
    response_model=WebhookDeliveryItem,
    operation_id="webhooks_replay_delivery",
    summary="Send a logged delivery again",
    description=(
        "Junction: sends the delivery this attempt belongs to again, now, with the same body and "
        "webhook-id (receivers deduplicate on it), and retries it on schedule if it fails."
    ),
    responses=NOT_FOUND,
)
async def replay_delivery(
    account: CurrentAccount, session: SessionDep, webhookid: UUID, webhooklogid: UUID
) -> WebhookDeliveryItem:
    return await webhook_service.replay(session, account, webhookid, webhooklogid)


@router.post(
    "/{webhookid}/test",
    response_model=WebhookDeliveryItem,
    operation_id="webhooks_send_test_event",
    summary="Send a test event",
    description=(
        'Junction: sends a sample of the endpoint\'s event, with `"test": true`, to this endpoint '
        "only (also when it is inactive). Its attempts show in the logs."
    ),
    responses=NOT_FOUND,
)
async def send_test_event(
    account: CurrentAccount, session: SessionDep, webhookid: UUID
) -> WebhookDeliveryItem:
    return await webhook_service.send_test(session, account, webhookid)


@router.get(
    "/{webhookid}/health",
    response_model=WebhookHealthItem,
    operation_id="webhooks_get_webhook_health",
    summary="Get one webhook's health",
    description="Junction: whether deliveries get through, and the last day's attempts.",
    responses=NOT_FOUND,
)
async def get_webhook_health(
    account: CurrentAccount, session: SessionDep, webhookid: UUID
) -> WebhookHealthItem:
    return await webhook_service.health(session, account, webhookid)


@connection_router.get(
    "/inbound-webhook",
    response_model=InboundWebhookItem,
    operation_id="connections_get_inbound_webhook",
    summary="Where the connection's provider sends its webhooks",
    description=(
        "Junction: the address that receives the provider's webhooks for this connection, whether "
        "Junction registered it at the provider, and how many arrived."
    ),
)
async def get_inbound_webhook(
    account: CurrentAccount,
    session: SessionDep,
    runtime: RuntimeDep,
    request: Request,
    consumer_id: UUID,
    connection_id: UUID,
) -> InboundWebhookItem:
    return await webhook_service.inbound(
        session, runtime, account, consumer_id, connection_id, public_base_url(request)
    )


@inbound_router.post("/{integration}/{token}", response_model=InboundAck)
async def receive_provider_webhook(
    session: SessionDep, runtime: RuntimeDep, request: Request, integration: str, token: str
) -> InboundAck:
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > inbound.MAX_BODY_BYTES:
            raise inbound.InboundTooLarge()
    return await inbound.receive(session, runtime, integration, token, request.headers, bytes(body))
