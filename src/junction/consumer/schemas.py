from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from junction.kit.validation import Text, is_http_url


def _valid_redirect_url(value: str | None) -> str | None:
    if value is not None and not is_http_url(value):
        raise ValueError("The specified redirect url is not valid")
    return value


class ConsumerItem(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    consumerid: UUID
    name: str
    email: str | None = None
    created_on: datetime | None = None
    internal_reference: str | None = None
    redirect_url: str | None = None


class PostConsumerItem(BaseModel):
    name: Text = Field(min_length=1, max_length=255)
    email: Text | None = Field(None, max_length=320)
    internal_reference: Text | None = Field(None, max_length=255)
    redirect_url: Text | None = Field(None, max_length=2048)

    _redirect = field_validator("redirect_url")(_valid_redirect_url)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The specified name is not valid")
        return value.strip()


class UpdateConsumerItem(BaseModel):
    name: Text | None = Field(None, min_length=1, max_length=255)
    email: Text | None = Field(None, max_length=320)
    internal_reference: Text | None = Field(None, max_length=255)
    redirect_url: Text | None = Field(None, max_length=2048)

    _redirect = field_validator("redirect_url")(_valid_redirect_url)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("The specified name is not valid")
        return value.strip() if value else value
