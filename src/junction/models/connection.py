from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junction.kit.time import utcnow
from junction.models.base import Base, CreatedMixin, IdMixin


class ConnectionStatus(StrEnum):
    active = "active"
    inactive = "inactive"


class Connection(IdMixin, CreatedMixin, Base):
    __tablename__ = "connections"
    __table_args__ = (UniqueConstraint("consumer_id", "integration_id"),)

    account_id: Mapped[UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    consumer_id: Mapped[UUID] = mapped_column(ForeignKey("consumers.id", ondelete="CASCADE"), index=True)
    integration_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default=ConnectionStatus.active)
    # Fernet token of a JSON object: the credential fields and any OAuth tokens. Never plain text.
    credentials_encrypted: Mapped[str | None] = mapped_column(Text)
    # Non-secret settings shown back to the account as the connection's `data`.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_on: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
