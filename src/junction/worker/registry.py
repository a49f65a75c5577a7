"""Every background job is an async function `fn(runtime, *args)` registered under a name
`"<module>.<verb>"`. Arguments travel through the queue, so they are plain strings and numbers:
ids of rows that hold the truth, never the rows themselves."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from junction.runtime import Runtime

TaskFunction = Callable[..., Awaitable[None]]
F = TypeVar("F", bound=TaskFunction)

# Imported before a queue is built, so that every task is known to every process.
TASK_MODULES = ("junction.webhook.tasks", "junction.issue.tasks", "junction.request_log.tasks")


@dataclass(frozen=True)
class TaskSpec:
    name: str
    fn: TaskFunction
    # The engine's own retries, for jobs that simply fail: `retries` more runs, the first after
    # `retry_delay` seconds, each later one `retry_backoff` times longer.
    retries: int = 0
    retry_delay: float = 0.0
    retry_backoff: float | None = None
    # A periodic job: a huey `crontab(...)` validator, run by every consumer with periodic jobs on.
    schedule: Callable[[Any], bool] | None = None


TASKS: dict[str, TaskSpec] = {}


def task(
    name: str, *, retries: int = 0, retry_delay: float = 0.0, retry_backoff: float | None = None
) -> Callable[[F], F]:
    def register(fn: F) -> F:
        _add(TaskSpec(name, fn, retries, retry_delay, retry_backoff))
        return fn

    return register


def periodic(name: str, schedule: Callable[[Any], bool]) -> Callable[[F], F]:
    """A job the engine's scheduler starts on `schedule`. It must be idempotent and cheap when
    there is nothing to do: with several consumers each one starts it."""

    def register(fn: F) -> F:
        _add(TaskSpec(name, fn, schedule=schedule))
        return fn

    return register


def _add(spec: TaskSpec) -> None:
    existing = TASKS.get(spec.name)
    if existing is not None and existing.fn is not spec.fn:
        raise ValueError(f"two jobs are named {spec.name!r}")
    TASKS[spec.name] = spec


def load_tasks() -> dict[str, TaskSpec]:
    for module in TASK_MODULES:
        importlib.import_module(module)
    return TASKS


async def run_task(spec: TaskSpec, runtime: Runtime, args: tuple[Any, ...]) -> None:
    await spec.fn(runtime, *args)
