from uuid import UUID

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from junction.models.base import Base, CreatedMixin, IdMixin


class Consumer(IdMixin, CreatedMixin, Base):
    __tablename__ = "consumers"

    account_id: Mapped[UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    internal_reference: Mapped[str | None] = mapped_column(String(255), index=True)
    redirect_url: Mapped[str | None] = mapped_column(String(2048))
