"""The issue jobs."""

from __future__ import annotations

from huey import crontab

from junction.issue.service import issue_service
from junction.runtime import Runtime
from junction.worker.registry import periodic


@periodic("issue.close_quiet", crontab(minute="*"))
async def close_quiet(runtime: Runtime) -> None:
    await issue_service.close_quiet(runtime)
