"""A job is enqueued only once the transaction that asked for it commits."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from sqlalchemy import text

from junction.db import create_sessionmaker, unit_of_work
from junction.runtime import Runtime
from junction.worker.enqueue import QUEUE_KEY, defer, enqueued
from junction.worker.queue import Job, JobQueue


class RecordingQueue(JobQueue):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__(runtime.settings)
        self.received: list[Job] = []

    def enqueue(self, jobs: Iterable[Job]) -> None:
        self.received.extend(jobs)


async def test_a_rolled_back_transaction_enqueues_nothing_and_a_committed_one_everything(
    runtime: Runtime,
) -> None:
    queue = RecordingQueue(runtime)
    maker = create_sessionmaker(runtime.engine)
    maker.configure(info={QUEUE_KEY: queue})

    async def failing_request() -> None:
        async with unit_of_work(maker) as session:
            await session.execute(text("select 1"))
            defer(session, "webhook.deliver", "d1", "event")
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        await failing_request()
    assert queue.received == []

    async with unit_of_work(maker) as session:
        await session.execute(text("select 1"))
        defer(session, "webhook.deliver", "d2", "event")
        defer(session, "webhook.deliver", "d3", "retry", delay=5.0)
        assert queue.received == []
    await enqueued(session)
    assert queue.received == [
        Job("webhook.deliver", ("d2", "event")),
        Job("webhook.deliver", ("d3", "retry"), 5.0),
    ]
