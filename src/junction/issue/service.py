"""Connector failures become issues (ADR 0012): one per (connection, error code), or per (webhook
endpoint, error code); repeats add occurrences and events; an issue closes by itself once its
error has been quiet for `issue_quiet_period_seconds` and calls succeeded meanwhile. An
authentication failure also marks the connection inactive and says what the end user must do."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy import case, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from junction.connectors._framework.errors import (
    ObjectNotFound,
    OperationNotSupported,
    ProviderError,
    ProviderRejectedInput,
)
from junction.consumer.service import consumer_service
from junction.db import unit_of_work
from junction.errors import ConnectionSecretsUnreadable, JunctionError
from junction.issue.repository import IssueRepository
from junction.issue.schemas import ErrorInfo, ExtendedIssueItem, IssueEventItem, IssueItem, IssueLevel
from junction.kit.time import as_utc, utcnow
from junction.models import Account, Connection, ConnectionStatus, Issue, IssueEvent, IssueStatus
from junction.runtime import Runtime
from junction.webhook.emitter import emit
from junction.worker.enqueue import enqueued

log = structlog.get_logger(__name__)

QUIET_BATCH = 500


class IssueNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_ISSUE_NOT_FOUND"
    default_message = "The specified issue could not be found for this account"


@dataclass(frozen=True)
class IssueKind:
    level: IssueLevel
    title: str
    # What happened and what to do; {integration}, {consumer_id}, {connection_id}, {url} filled in.
    description: str
    deactivates_connection: bool = False


RECONNECT = (
    "The end user must reconnect: send them the link that PATCH "
    "/consumers/{consumer_id}/connections/{connection_id} returns, or PATCH it with new credentials."
)
KINDS: dict[str, IssueKind] = {
    "ERROR_PROVIDER_AUTHENTICATION": IssueKind(
        IssueLevel.error,
        "The provider refused the connection's credentials",
        "{integration} no longer accepts this connection's credentials (access revoked, password "
        "changed or authorization expired). Junction marked the connection inactive: its calls "
        "answer ERROR_CONNECTION_INACTIVE until it is fixed. " + RECONNECT,
        deactivates_connection=True,
    ),
    "ERROR_PROVIDER_UNAVAILABLE": IssueKind(
        IssueLevel.error,
        "The provider did not answer",
        "{integration} timed out or answered with a server error, after Junction's retries. This is "
        "usually an outage at the provider: nothing to do if it recovers, and this issue closes by "
        "itself once calls succeed again. If it lasts, check the provider's status page.",
    ),
    "ERROR_PROVIDER_RATE_LIMITED": IssueKind(
        IssueLevel.warning,
        "The provider's rate limit was reached",
        "{integration} refused calls for this connection because too many were made. Spread your "
        "calls over time or ask fewer items per call; this issue closes by itself once calls "
        "succeed again.",
    ),
    "ERROR_PROVIDER_MALFORMED_RESPONSE": IssueKind(
        IssueLevel.error,
        "The provider answered with a body Junction could not read",
        "{integration} answered in an unexpected shape. Report it to Junction's maintainers with "
        "the events of this issue (they hold no secrets).",
    ),
    "ERROR_PROVIDER": IssueKind(
        IssueLevel.error,
        "The provider returned an error",
        "{integration} answered with an error Junction could not handle. The events of this issue "
        "show the calls made; report it if it persists.",
    ),
    "ERROR_CONNECTION_SECRETS_UNREADABLE": IssueKind(
        IssueLevel.error,
        "The connection's credentials cannot be decrypted",
        "This server's keys cannot open the stored credentials (JUNCTION_SECRET_KEYS or keys.json "
        "changed). Restore the previous keys, or " + RECONNECT[0].lower() + RECONNECT[1:],
    ),
    "ERROR_INBOUND_WEBHOOK_FAILED": IssueKind(
        IssueLevel.error,
        "A webhook from the provider could not be handled",
        "Junction received a webhook from {integration} for this connection but could not turn it "
        "into events after several tries (the events show why). Data events from this connection "
        "may be missing.",
    ),
    "ERROR_PROVIDER_WEBHOOKS_NOT_REGISTERED": IssueKind(
        IssueLevel.warning,
        "Webhooks could not be registered at the provider",
        "Junction could not subscribe to {integration}'s webhooks for this connection, so its data "
        "events will not arrive. Updating the connection (PATCH) tries again.",
    ),
    "ERROR_WEBHOOK_ENDPOINT_FAILING": IssueKind(
        IssueLevel.error,
        "A webhook endpoint is failing",
        "Deliveries to {url} failed: no 2xx answer after retrying for about a day, or a refusal "
        "(see the endpoint's logs, GET /webhooks/{webhook_id}/logs). Fix the endpoint, then replay "
        "what it missed with POST /webhooks/{webhook_id}/logs/{{webhooklogid}}/replay. This issue "
        "closes by itself once deliveries succeed again.",
    ),
}
DEFAULT_KIND = KINDS["ERROR_PROVIDER"]
NOT_ISSUES = (ObjectNotFound, ProviderRejectedInput, OperationNotSupported)


def kind_for(error_code: str) -> IssueKind:
    return KINDS.get(error_code, DEFAULT_KIND)


def is_connector_failure(error: JunctionError) -> bool:
    """A failure of the connection, not of the caller's request (a missing object, a refused
    input or an unsupported operation are answered, not tracked)."""
    if isinstance(error, ConnectionSecretsUnreadable):
        return True
    return isinstance(error, ProviderError) and not isinstance(error, NOT_ISSUES)


@dataclass(frozen=True)
class Subject:
    """What an issue is about."""

    key: str
    integration_name: str
    integration_id: int | None = None
    consumer_id: UUID | None = None
    connection_id: UUID | None = None
    webhook_id: UUID | None = None
    url: str | None = None

    @classmethod
    def of_connection(cls, connection: Connection, integration_name: str) -> Subject:
        return cls(
            key=f"connection:{connection.id}",
            integration_name=integration_name,
            integration_id=connection.integration_id,
            consumer_id=connection.consumer_id,
            connection_id=connection.id,
        )

    @classmethod
    def of_webhook(cls, webhook_id: UUID, url: str) -> Subject:
        return cls(
            key=f"webhook:{webhook_id}", integration_name="Junction webhooks", webhook_id=webhook_id, url=url
        )


@dataclass(frozen=True)
class Recorded:
    issue_id: UUID
    created: bool
    reopened: bool
    occurrences: int


def execution_id() -> str:
    bound = structlog.contextvars.get_contextvars()
    return str(bound.get("request_id") or bound.get("job_id") or uuid.uuid4().hex)


def is_milestone(occurrences: int) -> bool:
    """10, 100, 1000, …: when an `account.issue.updated` is worth sending for repeats."""
    return occurrences >= 10 and str(occurrences).rstrip("0") == "1"


class IssueService:
    async def record(
        self,
        session: AsyncSession,
        account_id: UUID,
        subject: Subject,
        error_code: str,
        message: str | None,
        context: dict[str, Any],
    ) -> Recorded:
        """Count one occurrence, in the caller's transaction (start it with this: on SQLite the
        first statement being a write takes the write lock before anything is read)."""
        kind = kind_for(error_code)
        now = utcnow()
        fingerprint = f"{subject.key}:{error_code}"
        recorded = await self._bump(session, fingerprint, kind, now)
        if recorded is None:
            issue = Issue(
                id=uuid.uuid4(),
                account_id=account_id,
                consumer_id=subject.consumer_id,
                connection_id=subject.connection_id,
                webhook_id=subject.webhook_id,
                integration_id=subject.integration_id,
                integration_name=subject.integration_name[:200],
                fingerprint=fingerprint,
                error_code=error_code[:100],
                title=kind.title,
                description=self._describe(kind, subject),
                level=kind.level,
                status=IssueStatus.open,
                occurrences=1,
                created_on=now,
                updated_on=now,
                last_seen=now,
                opened_on=now,
            )
            try:
                async with session.begin_nested():
                    session.add(issue)
                    await session.flush()
                recorded = Recorded(issue.id, created=True, reopened=False, occurrences=1)
            except IntegrityError:
                # Another process created it meanwhile: count on theirs.
                recorded = await self._bump(session, fingerprint, kind, now)
                assert recorded is not None
        session.add(
            IssueEvent(
                issue_id=recorded.issue_id,
                execution_id=execution_id()[:64],
                message=message,
                context=context,
            )
        )
        await session.flush()
        if recorded.created or recorded.reopened or is_milestone(recorded.occurrences):
            issue_row = await session.get(Issue, recorded.issue_id, populate_existing=True)
            assert issue_row is not None
            name = "account.issue.created" if recorded.created else "account.issue.updated"
            await emit(
                session,
                account_id,
                name,
                to_item(issue_row),
                consumer_id=subject.consumer_id,
                connection_id=subject.connection_id,
                integration_id=subject.integration_id,
            )
        return recorded

    async def _bump(
        self, session: AsyncSession, fingerprint: str, kind: IssueKind, now: datetime
    ) -> Recorded | None:
        result = await session.execute(
            update(Issue)
            .where(Issue.fingerprint == fingerprint)
            .values(
                occurrences=Issue.occurrences + 1,
                last_seen=now,
                updated_on=now,
                level=kind.level,
                # SET expressions read the row as it was: a closed issue reopens now.
                opened_on=case((Issue.status == IssueStatus.closed, now), else_=Issue.opened_on),
                status=IssueStatus.open,
                closed_on=None,
            )
            .returning(Issue.id, Issue.occurrences, Issue.opened_on)
            .execution_options(synchronize_session=False)
        )
        row = result.one_or_none()
        if row is None:
            return None
        return Recorded(
            row.id, created=False, reopened=as_utc(row.opened_on) == now, occurrences=row.occurrences
        )

    def _describe(self, kind: IssueKind, subject: Subject) -> str:
        return kind.description.format(
            integration=subject.integration_name,
            consumer_id=subject.consumer_id or "",
            connection_id=subject.connection_id or "",
            webhook_id=subject.webhook_id or "",
            url=subject.url or "the endpoint",
        )

    async def connection_failed(
        self,
        runtime: Runtime,
        connection: Connection,
        error: JunctionError,
        context: dict[str, Any],
    ) -> None:
        """Record a connector failure in its own unit of work (the failed request's rolls back).
        Never raises: losing an occurrence must not change the answer."""
        if not is_connector_failure(error):
            return
        try:
            entry = runtime.registry.entry(connection.integration_id)
            name = entry.connector.manifest.name if entry else f"Integration {connection.integration_id}"
            async with unit_of_work(runtime.sessionmaker) as session:
                await self.record(
                    session,
                    connection.account_id,
                    Subject.of_connection(connection, name),
                    error.error_code,
                    error.message,
                    {**context, "status_code": error.status_code, "error_code": error.error_code},
                )
                if kind_for(error.error_code).deactivates_connection:
                    await self._deactivate(session, connection)
            await enqueued(session)
        except Exception:
            log.exception(
                "issue.record_failed", connection_id=str(connection.id), error_code=error.error_code
            )

    async def _deactivate(self, session: AsyncSession, connection: Connection) -> None:
        changed = await session.scalar(
            update(Connection)
            .where(Connection.id == connection.id, Connection.status == ConnectionStatus.active)
            .values(status=ConnectionStatus.inactive)
            .returning(Connection.id)
            .execution_options(synchronize_session=False)
        )
        if changed is None:
            return
        from junction.webhook.hooks import connection_data

        await emit(
            session,
            connection.account_id,
            "account.connection.updated",
            {**connection_data(connection), "status": ConnectionStatus.inactive.value},
            consumer_id=connection.consumer_id,
            connection_id=connection.id,
            integration_id=connection.integration_id,
        )

    async def close_quiet(self, runtime: Runtime, now: datetime | None = None) -> int:
        """Close the issues whose error has been quiet for the quiet period while calls (or
        deliveries) succeeded; send `account.issue.closed` for each."""
        now = now or utcnow()
        cutoff = now - timedelta(seconds=runtime.settings.issue_quiet_period_seconds)
        closed = 0
        async with unit_of_work(runtime.sessionmaker) as session:
            repository = IssueRepository(session)
            for issue in await repository.quiet(cutoff, QUIET_BATCH):
                since = issue.last_seen
                if issue.connection_id is not None:
                    recovered = await repository.connection_recovered(issue.connection_id, since)
                elif issue.webhook_id is not None:
                    recovered = await repository.webhook_recovered(issue.webhook_id, since)
                else:
                    recovered = True
                if not recovered:
                    continue
                done = await session.scalar(
                    update(Issue)
                    # Not if it was seen again meanwhile.
                    .where(Issue.id == issue.id, Issue.status == IssueStatus.open, Issue.last_seen == since)
                    .values(status=IssueStatus.closed, closed_on=now, updated_on=now)
                    .returning(Issue.id)
                    .execution_options(synchronize_session=False)
                )
                if done is None:
                    continue
                closed += 1
                await session.refresh(issue)
                await emit(
                    session,
                    issue.account_id,
                    "account.issue.closed",
                    to_item(issue),
                    consumer_id=issue.consumer_id,
                    connection_id=issue.connection_id,
                    integration_id=issue.integration_id,
                )
        await enqueued(session)
        if closed:
            log.info("issue.closed_quiet", count=closed)
        return closed

    async def list(
        self,
        session: AsyncSession,
        account: Account,
        *,
        consumer_id: UUID | None = None,
        connection_id: UUID | None = None,
        status: str | None = None,
        level: str | None = None,
        error_code: str | None = None,
        created_on: date | None = None,
        last_seen_on: date | None = None,
    ) -> Sequence[Issue]:
        if consumer_id is not None:
            await consumer_service.get(session, account, consumer_id)
        return await IssueRepository(session).list(
            account.id,
            consumer_id=consumer_id,
            connection_id=connection_id,
            status=status,
            level=level,
            error_code=error_code,
            created_on=created_on,
            last_seen_on=last_seen_on,
        )

    async def get(
        self, session: AsyncSession, account: Account, issue_id: str, last_execution_only: bool
    ) -> ExtendedIssueItem:
        try:
            parsed = UUID(issue_id)
        except ValueError:
            raise IssueNotFound() from None
        repository = IssueRepository(session)
        issue = await repository.get(account.id, parsed)
        if issue is None:
            raise IssueNotFound()
        events = await repository.events(issue.id)
        if last_execution_only and events:
            events = await repository.events(issue.id, events[0].execution_id)
        return ExtendedIssueItem(
            **to_item(issue).model_dump(),
            events=[
                IssueEventItem(
                    id=str(event.id),
                    execution_id=event.execution_id,
                    created_on=as_utc(event.created_on),
                    context=event.context,
                    message=event.message,
                )
                for event in events
            ],
        )


def to_item(issue: Issue) -> IssueItem:
    return IssueItem(
        id=str(issue.id),
        consumer_id=str(issue.consumer_id or ""),
        connection_id=str(issue.connection_id or ""),
        integration_id=issue.integration_id or 0,
        integration_name=issue.integration_name,
        created_on=as_utc(issue.created_on),
        updated_on=as_utc(issue.updated_on),
        last_seen=as_utc(issue.last_seen),
        error=ErrorInfo(
            error_code=issue.error_code, status=issue.status, title=issue.title, description=issue.description
        ),
        occurrences=issue.occurrences,
        level=IssueLevel(issue.level),
        status="closed" if issue.status == IssueStatus.closed else "open",
        closed_on=as_utc(issue.closed_on) if issue.closed_on else None,
        webhook_id=str(issue.webhook_id) if issue.webhook_id else None,
    )


issue_service = IssueService()
