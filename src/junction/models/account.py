from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from junction.models.base import Base, CreatedMixin, IdMixin


class AccountStatus(StrEnum):
    active = "active"
    disabled = "disabled"


class Account(IdMixin, CreatedMixin, Base):
    __tablename__ = "accounts"

    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    client_secret_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=AccountStatus.active)
    # Bumped on secret rotation so that tokens issued with the old secret stop working.
    token_version: Mapped[int] = mapped_column(default=1)
