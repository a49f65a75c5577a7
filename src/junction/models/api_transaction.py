from enum import StrEnum
from uuid import UUID

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junction.models.base import Base, CreatedMixin, IdMixin


class TransactionState(StrEnum):
    in_process = "in_process"
    done = "done"


class ApiTransaction(IdMixin, CreatedMixin, Base):
    """A write sent with `x-chift-client-requestid`: claimed before the provider is called, so
    a replay answers 409 instead of writing twice."""

    __tablename__ = "api_transactions"
    __table_args__ = (UniqueConstraint("connection_id", "client_request_id"),)

    account_id: Mapped[UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    connection_id: Mapped[UUID] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    client_request_id: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(8))
    route: Mapped[str] = mapped_column(String(2048))
    state: Mapped[str] = mapped_column(String(16), default=TransactionState.in_process)
    status_code: Mapped[int | None]
    created_entity_id: Mapped[str | None] = mapped_column(String(255))
