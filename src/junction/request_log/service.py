from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from junction.db import unit_of_work
from junction.errors import BadRequest, JunctionError
from junction.kit.time import as_utc, utcnow
from junction.models import Account, RequestLog
from junction.request_log.repository import RequestLogFilter, RequestLogRepository
from junction.request_log.schemas import ProviderCallItem, RequestLogItem, RequestLogPage

log = structlog.get_logger(__name__)
PURGE_BATCH = 5000
STATUS_CLASSES = {"success": (100, 399), "error": (400, 599)}


class RequestLogNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_REQUEST_LOG_NOT_FOUND"
    default_message = "The specified request log could not be found for this account"


def status_range(value: str | None) -> tuple[int | None, int | None]:
    """`200`, `4xx`, `success` (below 400) or `error` (400 and above) as inclusive bounds."""
    if value is None or not value.strip():
        return None, None
    value = value.strip().lower()
    if value in STATUS_CLASSES:
        return STATUS_CLASSES[value]
    if re.fullmatch(r"[1-5]xx", value):
        base = int(value[0]) * 100
        return base, base + 99
    if re.fullmatch(r"[1-5][0-9][0-9]", value):
        return int(value), int(value)
    raise BadRequest(
        "The status filter must be a code (404), a class (4xx) or one of success, error", detail=value
    )


def to_item(row: RequestLog) -> RequestLogItem:
    return RequestLogItem(
        id=row.id,
        created_on=as_utc(row.created_on),
        consumerid=row.consumer_id,
        connectionid=row.connection_id,
        integrationid=row.integration_id,
        method=row.method,
        route=row.route,
        status_code=row.status_code,
        error_code=row.error_code,
        duration_ms=row.duration_ms,
        overhead_ms=row.overhead_ms,
        client_request_id=row.client_request_id,
        provider_calls=[ProviderCallItem.model_validate(call) for call in row.provider_calls or []],
    )


@dataclass
class RequestLogEntry:
    account_id: UUID
    consumer_id: UUID
    method: str
    route: str
    status_code: int
    duration_ms: float
    overhead_ms: float
    connection_id: UUID | None = None
    integration_id: int | None = None
    error_code: str | None = None
    client_request_id: str | None = None
    provider_calls: list[dict[str, Any]] | None = None


class RequestLogService:
    async def record(self, maker: async_sessionmaker[AsyncSession], entry: RequestLogEntry) -> None:
        """Written in its own unit of work: the log of a failed call must survive its rollback."""
        async with unit_of_work(maker) as session:
            session.add(
                RequestLog(
                    account_id=entry.account_id,
                    consumer_id=entry.consumer_id,
                    connection_id=entry.connection_id,
                    integration_id=entry.integration_id,
                    method=entry.method,
                    route=entry.route,
                    status_code=entry.status_code,
                    error_code=entry.error_code,
                    duration_ms=round(entry.duration_ms, 3),
                    overhead_ms=round(entry.overhead_ms, 3),
                    client_request_id=entry.client_request_id,
                    provider_calls=entry.provider_calls or [],
                )
            )

    async def page(
        self,
        session: AsyncSession,
        account: Account,
        where: RequestLogFilter,
        page: int,
        size: int,
    ) -> RequestLogPage:
        rows, total = await RequestLogRepository(session).page(account.id, where, (page - 1) * size, size)
        return RequestLogPage(items=[to_item(row) for row in rows], total=total, page=page, size=size)

    async def get(self, session: AsyncSession, account: Account, log_id: UUID) -> RequestLogItem:
        row = await RequestLogRepository(session).get(account.id, log_id)
        if row is None:
            raise RequestLogNotFound()
        return to_item(row)

    async def purge(self, maker: async_sessionmaker[AsyncSession], retention_days: int) -> int:
        """Delete the logs older than the retention period, in batches (short transactions)."""
        cutoff = utcnow() - timedelta(days=retention_days)
        removed = 0
        while True:
            async with unit_of_work(maker) as session:
                batch = await RequestLogRepository(session).purge_before(cutoff, PURGE_BATCH)
            removed += batch
            if batch < PURGE_BATCH:
                break
        if removed:
            log.info("request_log.purged", count=removed, before=cutoff.isoformat())
        return removed


def utc_or_none(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


request_log_service = RequestLogService()
