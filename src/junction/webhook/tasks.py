"""The webhook jobs."""

from __future__ import annotations

from uuid import UUID

from huey import crontab

from junction.runtime import Runtime
from junction.webhook import delivery, inbound, provider
from junction.worker.registry import periodic, task


@task("webhook.deliver")
async def deliver(runtime: Runtime, delivery_id: str, trigger: str = "event") -> None:
    await delivery.deliver(runtime, UUID(delivery_id), trigger)


@task("webhook.inbound")
async def process_inbound(runtime: Runtime, inbound_id: str) -> None:
    await inbound.process(runtime, UUID(inbound_id))


@task("webhook.register_provider")
async def register_provider(runtime: Runtime, connection_id: str, base_url: str) -> None:
    await provider.register(runtime, UUID(connection_id), base_url)


@task("webhook.unregister_provider")
async def unregister_provider(runtime: Runtime, subscription_id: str) -> None:
    await provider.unregister(runtime, UUID(subscription_id))


@periodic("webhook.sweep", crontab(minute="*"))
async def sweep(runtime: Runtime) -> None:
    await delivery.sweep(runtime)


@periodic("webhook.purge", crontab(hour="3", minute="47"))
async def purge(runtime: Runtime) -> None:
    await delivery.purge(runtime)
