from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field


class IssueLevel(StrEnum):
    error = "error"
    warning = "warning"


class IssueStatus(StrEnum):
    """The `status` filter: `all` lists both."""

    open = "open"
    closed = "closed"
    all = "all"


class ErrorInfo(BaseModel):
    error_code: str
    status: str = Field(description="The issue's status: open or closed")
    title: str
    description: str | None = Field(None, description="What happened, and what to do about it")


class IssueItem(BaseModel):
    id: str
    consumer_id: str = Field(description="Empty for an issue of a webhook endpoint")
    connection_id: str = Field(description="Empty for an issue of a webhook endpoint")
    integration_id: int = Field(description="0 for an issue of a webhook endpoint")
    integration_name: str
    created_on: datetime
    updated_on: datetime
    last_seen: datetime
    error: ErrorInfo
    occurrences: int
    level: IssueLevel
    status: Literal["open", "closed"] = Field(description="Junction: open until it closes by itself")
    closed_on: datetime | None = Field(None, description="Junction: when it last closed")
    webhook_id: str | None = Field(
        None, description="Junction: the failing webhook endpoint, if that is the subject"
    )


class IssueEventItem(BaseModel):
    id: str
    execution_id: str = Field(description="The request id (x-request-id) or job that saw it")
    created_on: datetime
    context: dict[str, Any] | None = None
    message: str | None = None


class ExtendedIssueItem(IssueItem):
    events: list[IssueEventItem] = Field(default_factory=list, description="The latest 100, newest first")
