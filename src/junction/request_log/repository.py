from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.models import RequestLog


@dataclass(frozen=True)
class RequestLogFilter:
    consumer_id: UUID | None = None
    connection_id: UUID | None = None
    # Inclusive bounds of status codes.
    status_from: int | None = None
    status_to: int | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    client_request_id: str | None = None

    def conditions(self, account_id: UUID) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [RequestLog.account_id == account_id]
        if self.consumer_id is not None:
            where.append(RequestLog.consumer_id == self.consumer_id)
        if self.connection_id is not None:
            where.append(RequestLog.connection_id == self.connection_id)
        if self.status_from is not None:
            where.append(RequestLog.status_code >= self.status_from)
        if self.status_to is not None:
            where.append(RequestLog.status_code <= self.status_to)
        if self.date_from is not None:
            where.append(RequestLog.created_on >= self.date_from)
        if self.date_to is not None:
            where.append(RequestLog.created_on < self.date_to)
        if self.client_request_id is not None:
            where.append(RequestLog.client_request_id == self.client_request_id)
        return where


class RequestLogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, account_id: UUID, where: RequestLogFilter, offset: int, limit: int
    ) -> tuple[Sequence[RequestLog], int]:
        conditions = where.conditions(account_id)
        total = await self.session.scalar(select(func.count(RequestLog.id)).where(*conditions))
        rows = await self.session.scalars(
            select(RequestLog)
            .where(*conditions)
            .order_by(RequestLog.created_on.desc(), RequestLog.id)
            .offset(offset)
            .limit(limit)
        )
        return rows.all(), int(total or 0)

    async def get(self, account_id: UUID, log_id: UUID) -> RequestLog | None:
        return await self.session.scalar(
            select(RequestLog).where(RequestLog.id == log_id, RequestLog.account_id == account_id)
        )

    async def purge_before(self, cutoff: datetime, batch: int) -> int:
        doomed = select(RequestLog.id).where(RequestLog.created_on < cutoff).limit(batch)
        result = await self.session.execute(
            delete(RequestLog)
            .where(RequestLog.id.in_(doomed.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
