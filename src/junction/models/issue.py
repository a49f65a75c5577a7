"""Issues: one per (subject, error code), where the subject is a connection or a webhook
endpoint; every occurrence adds an event."""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from junction.kit.time import utcnow
from junction.models.base import Base, CreatedMixin, IdMixin


class IssueLevel(StrEnum):
    error = "error"
    warning = "warning"


class IssueStatus(StrEnum):
    open = "open"
    closed = "closed"


class Issue(IdMixin, Base):
    __tablename__ = "issues"
    __table_args__ = (Index("ix_issues_account_status_seen", "account_id", "status", "last_seen"),)

    account_id: Mapped[UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    consumer_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("consumers.id", ondelete="CASCADE"), index=True
    )
    connection_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), index=True
    )
    webhook_id: Mapped[UUID | None] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    integration_id: Mapped[int | None]
    integration_name: Mapped[str] = mapped_column(String(200))
    # "<subject id>:<error code>": the one issue repeated failures update.
    fingerprint: Mapped[str] = mapped_column(String(200), unique=True)
    error_code: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=IssueStatus.open)
    occurrences: Mapped[int] = mapped_column(default=1)
    created_on: Mapped[datetime] = mapped_column(default=utcnow)
    updated_on: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    # When it last opened (first seen, or seen again after closing), and when it closed.
    opened_on: Mapped[datetime] = mapped_column(default=utcnow)
    closed_on: Mapped[datetime | None]


class IssueEvent(IdMixin, CreatedMixin, Base):
    """One occurrence, with what was being done (no secrets: routes, codes, statuses)."""

    __tablename__ = "issue_events"

    issue_id: Mapped[UUID] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    execution_id: Mapped[str] = mapped_column(String(64))
    message: Mapped[str | None] = mapped_column(Text)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
