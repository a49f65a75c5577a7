"""Jobs are enqueued only once the transaction that caused them has committed: `defer` keeps them
on the session, a commit hook hands them to the queue, a rollback forgets them. The request path
waits for that hand-over before answering (`runtime.get_session`), so once the API has answered,
the job is in the queue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from junction.worker.queue import Job, JobQueue

QUEUE_KEY = "junction.jobs.queue"
DEFERRED_KEY = "junction.jobs.deferred"
ENQUEUING_KEY = "junction.jobs.enqueuing"


def defer(session: AsyncSession, name: str, *args: Any, delay: float | None = None) -> None:
    """Enqueue the job `name(*args)` when this session commits (never if it rolls back)."""
    if not isinstance(session.info.get(QUEUE_KEY), JobQueue):
        raise RuntimeError("this session's maker has no job queue (see Runtime.build)")
    session.info.setdefault(DEFERRED_KEY, []).append(Job(name, tuple(args), delay))


async def enqueued(session: AsyncSession) -> None:
    """Wait until the jobs released by this session's commit are in the queue."""
    for task in session.info.pop(ENQUEUING_KEY, []):
        await task


@event.listens_for(Session, "after_commit")
def _release_after_commit(session: Session) -> None:
    jobs: list[Job] | None = session.info.pop(DEFERRED_KEY, None)
    if not jobs:
        return
    queue: JobQueue = session.info[QUEUE_KEY]
    task = queue.submit(jobs)
    if task is not None:
        session.info.setdefault(ENQUEUING_KEY, []).append(task)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(DEFERRED_KEY, None)
