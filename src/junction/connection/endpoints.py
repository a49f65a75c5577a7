from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Query, Request, Response

from junction.auth.dependencies import CurrentAccount
from junction.connection.schemas import (
    ApiTransactionLookupOut,
    ConnectionItem,
    LinkItem,
    PatchConnectionItem,
    PostConnectionItem,
)
from junction.connection.service import connection_service
from junction.errors import ERROR_RESPONSES, error_responses
from junction.kit.urls import public_base_url
from junction.kit.validation import Text
from junction.runtime import RuntimeDep, SessionDep

router = APIRouter(
    prefix="/consumers/{consumer_id}/connections",
    tags=["Connections"],
    responses=error_responses(401, 404),
)
BAD_REQUEST = error_responses(400)


@router.get(
    "",
    response_model=list[ConnectionItem],
    operation_id="connections_get_connections",
    summary="Get connections",
)
async def get_connections(
    account: CurrentAccount, session: SessionDep, runtime: RuntimeDep, consumer_id: UUID
) -> list[ConnectionItem]:
    connections = await connection_service.list(session, account, consumer_id)
    return [connection_service.to_item(runtime, c) for c in connections]


@router.post(
    "",
    response_model=LinkItem,
    operation_id="connections_create_connection",
    summary="Add new connection",
    responses=BAD_REQUEST,
)
async def create_connection(
    account: CurrentAccount,
    session: SessionDep,
    runtime: RuntimeDep,
    request: Request,
    consumer_id: UUID,
    item: Annotated[PostConnectionItem | None, Body()] = None,
) -> LinkItem:
    return await connection_service.create(
        session,
        runtime,
        account,
        consumer_id,
        item or PostConnectionItem(),
        public_base_url(request),
    )


@router.get(
    "/{connectionid}",
    response_model=ConnectionItem,
    operation_id="connections_get_connection",
    summary="Get one connection",
)
async def get_connection(
    account: CurrentAccount,
    session: SessionDep,
    runtime: RuntimeDep,
    consumer_id: UUID,
    connectionid: UUID,
) -> ConnectionItem:
    return connection_service.to_item(
        runtime, await connection_service.get(session, account, consumer_id, connectionid)
    )


@router.patch(
    "/{connectionid}",
    response_model=LinkItem,
    operation_id="connections_update_connection",
    summary="Update an existing connection",
    responses=BAD_REQUEST,
)
async def update_connection(
    account: CurrentAccount,
    session: SessionDep,
    runtime: RuntimeDep,
    request: Request,
    consumer_id: UUID,
    connectionid: UUID,
    item: Annotated[PatchConnectionItem | None, Body()] = None,
) -> LinkItem:
    return await connection_service.update(
        session,
        runtime,
        account,
        consumer_id,
        connectionid,
        item or PatchConnectionItem(),
        public_base_url(request),
    )


@router.delete(
    "/{connectionid}",
    status_code=204,
    response_class=Response,
    operation_id="connections_delete_connection",
    summary="Delete one connection",
)
async def delete_connection(
    account: CurrentAccount, session: SessionDep, consumer_id: UUID, connectionid: UUID
) -> Response:
    await connection_service.delete(session, account, consumer_id, connectionid)
    return Response(status_code=204)


@router.get(
    "/{connection_id}/transactions",
    response_model=ApiTransactionLookupOut,
    operation_id="get_transaction_by_client_request_id",
    summary="Get transaction information",
    responses={
        409: {
            "model": ERROR_RESPONSES[400]["model"],
            "description": "The request is still in process",
        }
    },
)
async def get_transaction(
    account: CurrentAccount,
    session: SessionDep,
    consumer_id: UUID,
    connection_id: UUID,
    client_request_id: Annotated[Text, Query(min_length=1, max_length=255)],
) -> ApiTransactionLookupOut:
    return await connection_service.transaction(
        session, account, consumer_id, connection_id, client_request_id
    )
