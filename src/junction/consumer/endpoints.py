from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from junction.auth.dependencies import CurrentAccount
from junction.consumer.schemas import ConsumerItem, PostConsumerItem, UpdateConsumerItem
from junction.consumer.service import consumer_service
from junction.errors import error_responses
from junction.kit.time import as_utc
from junction.models import Consumer
from junction.runtime import SessionDep

router = APIRouter(prefix="/consumers", tags=["Consumers"], responses=error_responses(401))
NOT_FOUND = error_responses(404)


def to_item(consumer: Consumer) -> ConsumerItem:
    return ConsumerItem(
        consumerid=consumer.id,
        name=consumer.name,
        email=consumer.email,
        created_on=as_utc(consumer.created_on),
        internal_reference=consumer.internal_reference,
        redirect_url=consumer.redirect_url,
    )


@router.get(
    "",
    response_model=list[ConsumerItem],
    operation_id="consumers_get_consumers",
    summary="Get consumers",
)
async def get_consumers(
    account: CurrentAccount,
    session: SessionDep,
    search: Annotated[
        str | None, Query(description="Partial, case-insensitive match on name or email")
    ] = None,
    internal_reference: str | None = None,
) -> list[ConsumerItem]:
    consumers = await consumer_service.list(session, account, search, internal_reference)
    return [to_item(c) for c in consumers]


@router.post(
    "",
    response_model=ConsumerItem,
    operation_id="consumers_create_consumer",
    summary="Create new consumer",
    responses=error_responses(400),
)
async def create_consumer(
    account: CurrentAccount, session: SessionDep, item: PostConsumerItem
) -> ConsumerItem:
    return to_item(await consumer_service.create(session, account, item))


@router.get(
    "/{consumer_id}",
    response_model=ConsumerItem,
    operation_id="consumers_get_consumer",
    summary="Get one consumer",
    responses=NOT_FOUND,
)
async def get_consumer(account: CurrentAccount, session: SessionDep, consumer_id: UUID) -> ConsumerItem:
    return to_item(await consumer_service.get(session, account, consumer_id))


@router.patch(
    "/{consumer_id}",
    response_model=ConsumerItem,
    operation_id="consumers_update_consumer",
    summary="Update one consumer",
    responses=error_responses(400, 404),
)
async def update_consumer(
    account: CurrentAccount, session: SessionDep, consumer_id: UUID, item: UpdateConsumerItem
) -> ConsumerItem:
    return to_item(await consumer_service.update(session, account, consumer_id, item))


@router.delete(
    "/{consumer_id}",
    status_code=204,
    response_class=Response,
    operation_id="consumers_delete_consumer",
    summary="Delete one consumer",
    responses=NOT_FOUND,
)
async def delete_consumer(account: CurrentAccount, session: SessionDep, consumer_id: UUID) -> Response:
    await consumer_service.delete(session, account, consumer_id)
    return Response(status_code=204)
