from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from junction.models.base import Base, CreatedMixin, IdMixin


class RequestLog(IdMixin, CreatedMixin, Base):
    """One row per unified call. No foreign keys: the log outlives deleted consumers."""

    __tablename__ = "request_logs"
    __table_args__ = (
        Index("ix_request_logs_account_created", "account_id", "created_on"),
        # The filters of GET /request-logs, the issues' quiet-period check, and retention.
        Index("ix_request_logs_connection_created", "connection_id", "created_on"),
        Index("ix_request_logs_consumer_created", "consumer_id", "created_on"),
        Index("ix_request_logs_created_on", "created_on"),
    )

    account_id: Mapped[UUID]
    consumer_id: Mapped[UUID]
    connection_id: Mapped[UUID | None]
    integration_id: Mapped[int | None]
    method: Mapped[str] = mapped_column(String(8))
    route: Mapped[str] = mapped_column(String(2048))
    status_code: Mapped[int]
    error_code: Mapped[str | None] = mapped_column(String(100))
    duration_ms: Mapped[float]
    overhead_ms: Mapped[float]
    client_request_id: Mapped[str | None] = mapped_column(String(255))
    provider_calls: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
