"""Consumers: Huey's threads take jobs from the queue and run their coroutines on an event loop of
their own, with a Runtime of their own (engine, client pool), so that jobs and API requests never
wait on each other's loop.

- Inside `junction serve` (`start_in_process`): started and stopped by the app's lifespan, no
  signal handlers (uvicorn owns them).
- `junction worker` (`run_worker`): Huey's consumer runs in the main thread and owns SIGTERM
  (finish the jobs in hand, then stop) and SIGINT.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import structlog
from huey.consumer import Consumer

from junction.config import Settings
from junction.connectors._framework.registry import ConnectorRegistry
from junction.runtime import Runtime
from junction.worker.queue import Job
from junction.worker.registry import TaskSpec, run_task

log = structlog.get_logger(__name__)

# Idle threads poll the SQLite queue at most this often; PostgreSQL wakes them with NOTIFY.
POLL_MAX_DELAY = 0.5
SHUTDOWN_TIMEOUT = 30.0
STARTUP_JOBS = ("webhook.sweep",)


class JobRunner:
    def __init__(self, runtime: Runtime, loop: asyncio.AbstractEventLoop) -> None:
        self.runtime = runtime
        self.loop = loop

    def run(self, spec: TaskSpec, args: tuple[Any, ...]) -> None:
        """Called in a Huey thread: run the job on the loop and wait for it. Its exceptions reach
        Huey, which retries (when the job has retries) or logs."""
        future = asyncio.run_coroutine_threadsafe(self._run(spec, args), self.loop)
        future.result()

    async def _run(self, spec: TaskSpec, args: tuple[Any, ...]) -> None:
        with structlog.contextvars.bound_contextvars(job=spec.name):
            await run_task(spec, self.runtime, args)


class InProcessConsumer(Consumer):  # type: ignore[misc]
    def _set_signal_handlers(self) -> None:
        """uvicorn owns the signals of `junction serve`; the lifespan stops this consumer."""


class JobHost:
    """An event loop in a thread, and the Runtime the jobs of this process run with."""

    def __init__(self, settings: Settings, registry: ConnectorRegistry) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="junction-jobs-loop", daemon=True)
        self.thread.start()
        self.runtime = Runtime.build(settings, registry)
        self.runtime.jobs.runner = JobRunner(self.runtime, self.loop)

    def consumer(self, cls: type[Consumer], threads: int, periodic: bool) -> Consumer:
        return cls(
            self.runtime.jobs.huey,
            workers=threads,
            periodic=periodic,
            initial_delay=0.05,
            backoff=1.5,
            max_delay=POLL_MAX_DELAY,
            scheduler_interval=1,
            worker_type="thread",
            check_worker_health=True,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
            graceful_signal="TERM",
        )

    def enqueue_startup_jobs(self) -> None:
        # Recover what a previous process left behind (ADR 0010) without waiting for the minute.
        self.runtime.jobs.enqueue(Job(name) for name in STARTUP_JOBS)

    def close(self) -> None:
        runtime = self.runtime
        runtime.jobs.runner = None

        async def close() -> None:
            await runtime.jobs.drain()
            await runtime.webhook_http.aclose()
            await runtime.clients.close()
            await runtime.engine.dispose()

        try:
            asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=SHUTDOWN_TIMEOUT)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=SHUTDOWN_TIMEOUT)
            if not self.thread.is_alive():
                self.loop.close()
            runtime.jobs.close()


class InProcessJobs:
    def __init__(self, host: JobHost, consumer: Consumer) -> None:
        self.host = host
        self.consumer = consumer

    def stop(self) -> None:
        try:
            self.consumer.stop(graceful=True)
        finally:
            self.host.close()


async def start_in_process(settings: Settings, registry: ConnectorRegistry) -> InProcessJobs:
    def start() -> InProcessJobs:
        host = JobHost(settings, registry)
        consumer = host.consumer(InProcessConsumer, settings.jobs_threads, periodic=True)
        consumer.start()
        host.enqueue_startup_jobs()
        return InProcessJobs(host, consumer)

    jobs = await asyncio.to_thread(start)
    log.info("jobs.consumer_started", store=jobs.host.runtime.jobs.describe(), threads=settings.jobs_threads)
    return jobs


async def stop_in_process(jobs: InProcessJobs) -> None:
    await asyncio.to_thread(jobs.stop)


def run_worker(settings: Settings, registry: ConnectorRegistry, threads: int, periodic: bool) -> None:
    """`junction worker`: consume until SIGTERM or SIGINT."""
    host = JobHost(settings, registry)
    try:
        consumer = host.consumer(Consumer, threads, periodic)
        host.enqueue_startup_jobs()
        log.info(
            "jobs.worker_started", store=host.runtime.jobs.describe(), threads=threads, periodic=periodic
        )
        consumer.run()
    finally:
        host.close()
        log.info("jobs.worker_stopped")
