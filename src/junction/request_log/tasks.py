"""The request log jobs."""

from __future__ import annotations

from huey import crontab

from junction.request_log.service import request_log_service
from junction.runtime import Runtime
from junction.worker.registry import periodic


@periodic("request_log.purge", crontab(hour="3", minute="17"))
async def purge(runtime: Runtime) -> None:
    await request_log_service.purge(runtime.sessionmaker, runtime.settings.request_log_retention_days)
