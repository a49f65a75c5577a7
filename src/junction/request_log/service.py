from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from junction.db import unit_of_work
from junction.models import RequestLog


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


request_log_service = RequestLogService()
