from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.kit.time import as_utc
from junction.models import InboundStatus, InboundWebhook, Issue, IssueEvent, RequestLog, Webhook

MAX_EVENTS = 100


def _day(value: date) -> tuple[datetime, datetime]:
    start = datetime.combine(value, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


class IssueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(
        self,
        account_id: UUID,
        *,
        consumer_id: UUID | None = None,
        connection_id: UUID | None = None,
        status: str | None = None,
        level: str | None = None,
        error_code: str | None = None,
        created_on: date | None = None,
        last_seen_on: date | None = None,
    ) -> Sequence[Issue]:
        query = select(Issue).where(Issue.account_id == account_id)
        if consumer_id is not None:
            query = query.where(Issue.consumer_id == consumer_id)
        if connection_id is not None:
            query = query.where(Issue.connection_id == connection_id)
        if status is not None:
            query = query.where(Issue.status == status)
        if level is not None:
            query = query.where(Issue.level == level)
        if error_code is not None:
            query = query.where(Issue.error_code == error_code)
        if created_on is not None:
            start, end = _day(created_on)
            query = query.where(Issue.created_on >= start, Issue.created_on < end)
        if last_seen_on is not None:
            start, end = _day(last_seen_on)
            query = query.where(Issue.last_seen >= start, Issue.last_seen < end)
        return (await self.session.scalars(query.order_by(Issue.last_seen.desc(), Issue.id))).all()

    async def get(self, account_id: UUID, issue_id: UUID) -> Issue | None:
        return await self.session.scalar(
            select(Issue).where(Issue.id == issue_id, Issue.account_id == account_id)
        )

    async def events(self, issue_id: UUID, execution_id: str | None = None) -> Sequence[IssueEvent]:
        query = select(IssueEvent).where(IssueEvent.issue_id == issue_id)
        if execution_id is not None:
            query = query.where(IssueEvent.execution_id == execution_id)
        query = query.order_by(IssueEvent.created_on.desc(), IssueEvent.id).limit(MAX_EVENTS)
        return (await self.session.scalars(query)).all()

    async def quiet(self, cutoff: datetime, limit: int) -> Sequence[Issue]:
        query = (
            select(Issue)
            .where(Issue.status == "open", Issue.last_seen <= cutoff)
            .order_by(Issue.last_seen)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def connection_recovered(self, connection_id: UUID, since: datetime) -> bool:
        """A unified call, or a provider webhook, succeeded on the connection since `since`."""
        call = exists().where(
            RequestLog.connection_id == connection_id,
            RequestLog.created_on > since,
            RequestLog.status_code < 400,
        )
        inbound = exists().where(
            InboundWebhook.connection_id == connection_id,
            InboundWebhook.processed_on > since,
            InboundWebhook.status == InboundStatus.processed,
        )
        return bool(await self.session.scalar(select(call | inbound)))

    async def webhook_recovered(self, webhook_id: UUID, since: datetime) -> bool:
        succeeded = await self.session.scalar(select(Webhook.last_success_on).where(Webhook.id == webhook_id))
        return succeeded is not None and as_utc(succeeded) > as_utc(since)
