"""One delivery attempt, and what follows it (ADR 0011).

At least once: a delivery is claimed with a lease before the request and settled after it; a
worker that dies mid-attempt leaves an expired lease, which the sweeper hands to another. The
`webhook-id` is the event's, the same on every attempt. Timeouts, connection failures, 408, 429
and 5xx are retried on `webhook_retry_schedule` (about a day, with jitter, longer when the
endpoint's Retry-After asks for it); other answers fail the delivery at once. A failed delivery
marks the endpoint failing and counts as an occurrence of its issue."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from uuid import UUID

import httpx
import structlog
from sqlalchemy import and_, delete, false, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from junction import __version__
from junction.db import unit_of_work
from junction.issue.service import Subject, issue_service
from junction.kit.time import utcnow
from junction.models import (
    DeliveryStatus,
    InboundStatus,
    InboundWebhook,
    IssueEvent,
    ProviderSubscription,
    SubscriptionStatus,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
    WebhookLog,
    WebhookStatus,
)
from junction.runtime import Runtime
from junction.webhook.emitter import DELIVER, message_id
from junction.webhook.signing import signature_headers
from junction.webhook.targets import TargetRefused, resolve
from junction.worker.enqueue import defer, enqueued

log = structlog.get_logger(__name__)

USER_AGENT = f"Junction-Webhooks/{__version__}"
LEASE_MARGIN_SECONDS = 5.0
EXCERPT_BYTES = 1024
JITTER = 0.1
# A due delivery nobody took for this long, while the queue is short, was lost (a worker died
# between taking its job and claiming it, or a process between committing and enqueueing).
# With a long queue it may just be waiting its turn: enqueueing it again would only grow the queue.
SWEEP_GRACE_SECONDS = 30.0
SWEEP_SHORT_QUEUE = 100
SWEEP_BATCH = 1000
ENDPOINT_FAILING = "ERROR_WEBHOOK_ENDPOINT_FAILING"
# An endpoint's health row is written at most this often while nothing changes: every delivery
# to one endpoint would otherwise update the same row, and wait on each other's lock.
HEALTH_STALE_SECONDS = 5.0


@dataclass(frozen=True)
class Outcome:
    http_status: int
    duration_ms: float
    excerpt: str | None = None
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None

    @property
    def succeeded(self) -> bool:
        return 200 <= self.http_status < 300


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


async def post(runtime: Runtime, url: str, body: bytes, msg_id: str, secret: str) -> Outcome:
    settings = runtime.settings
    started = time.perf_counter()

    def elapsed() -> float:
        return round((time.perf_counter() - started) * 1000, 3)

    try:
        target = await resolve(url, settings)
    except TargetRefused as exc:
        retryable = "could not be resolved" in str(exc)
        return Outcome(0, elapsed(), error=f"target refused: {exc}", retryable=retryable)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "host": target.host_header,
        **signature_headers(secret, msg_id, int(time.time()), body),
    }
    extensions = {"sni_hostname": target.server_name} if target.server_name else {}
    timeout = settings.webhook_timeout_seconds
    try:
        async with runtime.webhook_http.stream(
            "POST", target.url, content=body, headers=headers, extensions=extensions, timeout=timeout
        ) as response:
            excerpt = await _excerpt(response)
    except httpx.TimeoutException:
        return Outcome(0, elapsed(), error=f"no answer within {timeout:g}s", retryable=True)
    except httpx.HTTPError as exc:
        return Outcome(0, elapsed(), error=f"could not connect ({type(exc).__name__})", retryable=True)
    status = response.status_code
    error = None
    if 300 <= status < 400:
        error = "redirects are not followed: point the webhook at its final URL"
    retryable = status in (408, 429) or status >= 500
    return Outcome(status, elapsed(), excerpt, error, retryable, _retry_after(response))


async def _excerpt(response: httpx.Response) -> str | None:
    """The start of the answer, read no further (an endpoint could answer with gigabytes)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= EXCERPT_BYTES:
            break
    text = b"".join(chunks)[:EXCERPT_BYTES].decode("utf-8", errors="replace")
    return text or None


def next_delay(schedule: tuple[float, ...], step: int, retry_after: float | None) -> float | None:
    """Seconds before the next attempt after `step` failed ones, or None when retries are spent."""
    if step >= len(schedule):
        return None
    delay = schedule[step] * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 - jitter
    if retry_after is not None:
        delay = max(delay, min(retry_after, max(schedule)))
    return delay


async def deliver(runtime: Runtime, delivery_id: UUID, trigger: str) -> None:
    now = utcnow()
    lease = now + timedelta(seconds=runtime.settings.webhook_timeout_seconds + LEASE_MARGIN_SECONDS)
    async with unit_of_work(runtime.sessionmaker) as session:
        claimed = (
            await session.execute(
                update(WebhookDelivery)
                .where(
                    WebhookDelivery.id == delivery_id,
                    WebhookDelivery.status == DeliveryStatus.pending,
                    or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
                )
                .values(lease_until=lease, attempts=WebhookDelivery.attempts + 1)
                .returning(WebhookDelivery.attempts, WebhookDelivery.schedule_step)
                .execution_options(synchronize_session=False)
            )
        ).one_or_none()
        if claimed is None:
            return  # done, cancelled, or in another worker's hands
        attempt, step = claimed
        row = (
            await session.execute(
                select(Webhook, WebhookEvent)
                .join(WebhookDelivery, WebhookDelivery.webhook_id == Webhook.id)
                .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
                .where(WebhookDelivery.id == delivery_id)
            )
        ).one()
        webhook, event = row
        if webhook.status != WebhookStatus.active and trigger != "test":
            await _settle(session, delivery_id, DeliveryStatus.cancelled, now)
            return
        url, secret_sealed = webhook.url, webhook.secret_encrypted
    secret = runtime.keyring.decrypt(secret_sealed)
    msg_id = message_id(event.id)
    outcome = await post(runtime, url, event.body.encode(), msg_id, secret)
    if attempt > 1 and trigger == "event":
        trigger = "retry"
    await _record(runtime, delivery_id, webhook, event, (attempt, step), trigger, msg_id, outcome)


async def _settle(session: AsyncSession, delivery_id: UUID, status: DeliveryStatus, now: datetime) -> None:
    await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .values(status=status, lease_until=None, completed_on=now)
        .execution_options(synchronize_session=False)
    )


async def _record(
    runtime: Runtime,
    delivery_id: UUID,
    webhook: Webhook,
    event: WebhookEvent,
    attempt_and_step: tuple[int, int],
    trigger: str,
    msg_id: str,
    outcome: Outcome,
) -> None:
    attempt, step = attempt_and_step
    now = utcnow()
    delay = None
    if not outcome.succeeded and outcome.retryable:
        delay = next_delay(runtime.settings.webhook_retry_delays, step, outcome.retry_after)
    next_attempt = now + timedelta(seconds=delay) if delay is not None else None
    settle = (
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .returning(WebhookDelivery.id)
        .execution_options(synchronize_session=False)
    )
    if outcome.succeeded:
        settle = settle.values(status=DeliveryStatus.succeeded, lease_until=None, completed_on=now)
    elif next_attempt is not None:
        settle = settle.values(
            schedule_step=step + 1, next_attempt_on=next_attempt, lease_until=None, swept_on=None
        )
    else:
        settle = settle.values(status=DeliveryStatus.failed, lease_until=None, completed_on=now)
    stale = now - timedelta(seconds=HEALTH_STALE_SECONDS)
    health = update(Webhook).where(Webhook.id == webhook.id).execution_options(synchronize_session=False)
    async with unit_of_work(runtime.sessionmaker) as session:
        # A write first (on SQLite it takes the lock before anything is read).
        if await session.scalar(settle) is None:
            return  # the endpoint was deleted meanwhile
        session.add(
            WebhookLog(
                account_id=webhook.account_id,
                webhook_id=webhook.id,
                delivery_id=delivery_id,
                event=event.event,
                url=webhook.url,
                integration_id=event.integration_id,
                message_id=msg_id,
                attempt=attempt,
                trigger=trigger,
                http_status=outcome.http_status,
                duration_ms=outcome.duration_ms,
                response_excerpt=outcome.excerpt,
                error=outcome.error,
                next_attempt_on=next_attempt,
                created_on=now,
            )
        )
        if outcome.succeeded:
            await session.execute(
                health.where(
                    or_(
                        Webhook.failing_since.is_not(None),
                        Webhook.consecutive_failures != 0,
                        Webhook.last_success_on.is_(None),
                        Webhook.last_success_on < stale,
                    )
                ).values(last_success_on=now, consecutive_failures=0, failing_since=None)
            )
        elif next_attempt is not None:
            await session.execute(
                health.where(or_(Webhook.last_failure_on.is_(None), Webhook.last_failure_on < stale)).values(
                    last_failure_on=now
                )
            )
            defer(session, DELIVER, str(delivery_id), "retry", delay=delay)
        else:
            await session.execute(
                health.values(last_failure_on=now, consecutive_failures=Webhook.consecutive_failures + 1)
            )
            await _mark_failing(session, webhook, now, event.event, attempt, outcome)
    await enqueued(session)
    log.info(
        "webhook.attempt",
        delivery_id=str(delivery_id),
        status=outcome.http_status,
        attempt=attempt,
        retry_in=round(delay, 1) if delay is not None else None,
    )


async def _mark_failing(
    session: AsyncSession, webhook: Webhook, now: datetime, event: str, attempt: int, outcome: Outcome
) -> None:
    await session.execute(
        update(Webhook)
        .where(Webhook.id == webhook.id, Webhook.failing_since.is_(None))
        .values(failing_since=now)
        .execution_options(synchronize_session=False)
    )
    reason = outcome.error or f"answered {outcome.http_status}"
    await issue_service.record(
        session,
        webhook.account_id,
        Subject.of_webhook(webhook.id, webhook.url),
        ENDPOINT_FAILING,
        f"A {event} delivery failed after {attempt} attempt(s): {reason}",
        {"event": event, "attempts": attempt, "httpstatus": outcome.http_status, "url": webhook.url},
    )


async def sweep(runtime: Runtime) -> dict[str, int]:
    """Hand lost work back to the queue (ADR 0010): deliveries and inbound webhooks whose lease
    expired (their worker died), and, when the queue is short, due ones nobody took. A job handed
    back twice is harmless: the claim lets one attempt through."""
    now = utcnow()
    grace = now - timedelta(seconds=SWEEP_GRACE_SECONDS)
    queue_idle = await asyncio.to_thread(runtime.jobs.pending_count) < SWEEP_SHORT_QUEUE
    found = {"deliveries": 0, "inbound": 0, "subscriptions": 0}
    async with unit_of_work(runtime.sessionmaker) as session:
        delivery_lost = and_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.next_attempt_on < grace)
        due = (
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.status == DeliveryStatus.pending,
                or_(WebhookDelivery.swept_on.is_(None), WebhookDelivery.swept_on < grace),
                or_(WebhookDelivery.lease_until < now, delivery_lost if queue_idle else false()),
            )
            .limit(SWEEP_BATCH)
        )
        ids = (
            await session.scalars(
                update(WebhookDelivery)
                .where(WebhookDelivery.id.in_(due.scalar_subquery()))
                .values(swept_on=now, lease_until=None)
                .returning(WebhookDelivery.id)
                .execution_options(synchronize_session=False)
            )
        ).all()
        for delivery_id in ids:
            defer(session, DELIVER, str(delivery_id), "recovered")
        found["deliveries"] = len(ids)

        inbound_lost = and_(InboundWebhook.lease_until.is_(None), InboundWebhook.next_attempt_on < grace)
        inbound_due = (
            select(InboundWebhook.id)
            .where(
                InboundWebhook.status == InboundStatus.received,
                or_(InboundWebhook.swept_on.is_(None), InboundWebhook.swept_on < grace),
                or_(InboundWebhook.lease_until < now, inbound_lost if queue_idle else false()),
            )
            .limit(SWEEP_BATCH)
        )
        inbound_ids = (
            await session.scalars(
                update(InboundWebhook)
                .where(InboundWebhook.id.in_(inbound_due.scalar_subquery()))
                .values(swept_on=now, lease_until=None)
                .returning(InboundWebhook.id)
                .execution_options(synchronize_session=False)
            )
        ).all()
        for inbound_id in inbound_ids:
            defer(session, "webhook.inbound", str(inbound_id))
        found["inbound"] = len(inbound_ids)

        if queue_idle:
            stale = now - timedelta(minutes=10)
            removing = (
                await session.scalars(
                    select(ProviderSubscription.id).where(
                        ProviderSubscription.status == SubscriptionStatus.removing,
                        ProviderSubscription.updated_on < stale,
                    )
                )
            ).all()
            for subscription_id in removing:
                defer(session, "webhook.unregister_provider", str(subscription_id))
            found["subscriptions"] = len(removing)
    await enqueued(session)
    if any(found.values()):
        log.info("webhook.sweep", **found)
    return found


async def purge(runtime: Runtime) -> int:
    """Forget finished deliveries (with their logs and, once unused, their events) and handled
    provider webhooks older than the log retention period."""
    cutoff = utcnow() - timedelta(days=runtime.settings.request_log_retention_days)
    removed = 0
    async with unit_of_work(runtime.sessionmaker) as session:
        finished = (
            select(WebhookDelivery.id)
            .where(WebhookDelivery.status != DeliveryStatus.pending, WebhookDelivery.created_on < cutoff)
            .limit(SWEEP_BATCH * 5)
        )
        result = await session.execute(
            delete(WebhookDelivery)
            .where(WebhookDelivery.id.in_(finished.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )
        removed += int(result.rowcount or 0)  # type: ignore[attr-defined]
        orphans = select(WebhookEvent.id).where(
            WebhookEvent.created_on < cutoff,
            ~select(WebhookDelivery.id).where(WebhookDelivery.event_id == WebhookEvent.id).exists(),
        )
        await session.execute(
            delete(WebhookEvent)
            .where(WebhookEvent.id.in_(orphans.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            delete(InboundWebhook)
            .where(InboundWebhook.status != InboundStatus.received, InboundWebhook.created_on < cutoff)
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            delete(IssueEvent)
            .where(IssueEvent.created_on < cutoff)
            .execution_options(synchronize_session=False)
        )
    return removed
