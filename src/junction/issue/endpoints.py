from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from junction.auth.dependencies import CurrentAccount
from junction.errors import error_responses
from junction.issue.schemas import ExtendedIssueItem, IssueItem, IssueLevel, IssueStatus
from junction.issue.service import issue_service, to_item
from junction.runtime import SessionDep

router = APIRouter(tags=["Issues"], responses=error_responses(401))

CreatedOn = Annotated[date | None, Query(description="The search query to filter issues by creation date.")]
LastSeenOn = Annotated[date | None, Query(description="The search query to filter issues by last seen date.")]
ErrorCode = Annotated[
    str | None, Query(max_length=100, description="The search query to filter issues by error code.")
]
StatusFilter = Annotated[
    IssueStatus | None, Query(description="The search query to filter issues by issue status (default: all).")
]
LevelFilter = Annotated[
    IssueLevel | None, Query(description="The search query to filter issues by issue level.")
]
ConnectionFilter = Annotated[UUID | None, Query(description="Junction: only this connection's issues")]


def _status(status: IssueStatus | None) -> str | None:
    return None if status in (None, IssueStatus.all) else status.value


@router.get(
    "/issues",
    response_model=list[IssueItem],
    operation_id="issues_get_issues",
    summary="Get issues",
    description="The account's issues, most recently seen first. Filters combine.",
)
async def get_issues(
    account: CurrentAccount,
    session: SessionDep,
    created_on: CreatedOn = None,
    last_seen_on: LastSeenOn = None,
    error_code: ErrorCode = None,
    status: StatusFilter = None,
    level: LevelFilter = None,
    connection_id: ConnectionFilter = None,
) -> list[IssueItem]:
    issues = await issue_service.list(
        session,
        account,
        connection_id=connection_id,
        status=_status(status),
        level=level.value if level else None,
        error_code=error_code,
        created_on=created_on,
        last_seen_on=last_seen_on,
    )
    return [to_item(issue) for issue in issues]


@router.get(
    "/consumers/{consumer_id}/issues",
    response_model=list[IssueItem],
    operation_id="issues_get_issues_by_consumer_id",
    summary="Get issues by consumer id",
    description="The issues of one consumer's connections, most recently seen first. Filters combine.",
    responses=error_responses(404),
)
async def get_consumer_issues(
    account: CurrentAccount,
    session: SessionDep,
    consumer_id: UUID,
    created_on: CreatedOn = None,
    last_seen_on: LastSeenOn = None,
    error_code: ErrorCode = None,
    status: StatusFilter = None,
    level: LevelFilter = None,
    connection_id: ConnectionFilter = None,
) -> list[IssueItem]:
    issues = await issue_service.list(
        session,
        account,
        consumer_id=consumer_id,
        connection_id=connection_id,
        status=_status(status),
        level=level.value if level else None,
        error_code=error_code,
        created_on=created_on,
        last_seen_on=last_seen_on,
    )
    return [to_item(issue) for issue in issues]


@router.get(
    "/issues/{issue_id}",
    response_model=ExtendedIssueItem,
    operation_id="issues_get_issue",
    summary="Get details about one issue",
    description="One issue, with its latest events.",
    responses=error_responses(404),
)
async def get_issue(
    account: CurrentAccount,
    session: SessionDep,
    issue_id: str,
    last_execution_only: Annotated[
        bool,
        Query(
            description="If true, only the events related to the last execution will be returned "
            "in the list of events."
        ),
    ] = False,
) -> ExtendedIssueItem:
    return await issue_service.get(session, account, issue_id, last_execution_only)
