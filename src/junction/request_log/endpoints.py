from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from junction.auth.dependencies import CurrentAccount
from junction.errors import error_responses
from junction.request_log.repository import RequestLogFilter
from junction.request_log.schemas import RequestLogItem, RequestLogPage
from junction.request_log.service import request_log_service, status_range, utc_or_none
from junction.runtime import SessionDep
from junction.unified.common import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

router = APIRouter(prefix="/request-logs", tags=["Request logs"], responses=error_responses(401))


@router.get(
    "",
    response_model=RequestLogPage,
    operation_id="request_logs_get_request_logs",
    summary="Get request logs",
    description=(
        "Junction: one row per unified call (`/consumers/{id}/{vertical}/...`), newest first, with "
        "what the provider was asked and how long it took. Kept JUNCTION_REQUEST_LOG_RETENTION_DAYS "
        "days. Holds no secrets: no bodies, no headers, provider URLs masked."
    ),
    responses=error_responses(400),
)
async def get_request_logs(
    account: CurrentAccount,
    session: SessionDep,
    consumer_id: UUID | None = None,
    connection_id: UUID | None = None,
    status: Annotated[
        str | None,
        Query(
            max_length=10, description="A status code (404), a class (4xx), success (<400) or error (>=400)"
        ),
    ] = None,
    date_from: Annotated[datetime | None, Query(description="Calls made at or after")] = None,
    date_to: Annotated[datetime | None, Query(description="Calls made before")] = None,
    client_request_id: Annotated[str | None, Query(max_length=255)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> RequestLogPage:
    low, high = status_range(status)
    where = RequestLogFilter(
        consumer_id=consumer_id,
        connection_id=connection_id,
        status_from=low,
        status_to=high,
        date_from=utc_or_none(date_from),
        date_to=utc_or_none(date_to),
        client_request_id=client_request_id,
    )
    return await request_log_service.page(session, account, where, page, size)


@router.get(
    "/{log_id}",
    response_model=RequestLogItem,
    operation_id="request_logs_get_request_log",
    summary="Get one request log",
    responses=error_responses(404),
)
async def get_request_log(account: CurrentAccount, session: SessionDep, log_id: UUID) -> RequestLogItem:
    return await request_log_service.get(session, account, log_id)
