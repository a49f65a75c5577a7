"""`junction demo`: the embedded server with its sandboxes, a demo account, and one demo consumer
connected to each sandbox integration, so anyone can call the API at once."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.account.service import IssuedCredentials, account_service
from junction.connection.credentials import public_settings, seal
from junction.connection.repository import ConnectionRepository
from junction.connectors.tryton.manifest import TRYTON_ACCOUNTING_ID, TRYTON_INVOICING_ID
from junction.models import Account, Connection, Consumer
from junction.runtime import Runtime
from junction.sandboxes import MOUNT_PREFIX
from junction.sandboxes.connect import SANDBOX_CONNECTIONS

DEMO_ACCOUNT = "Junction demo"


@dataclass(frozen=True)
class DemoSetup:
    url: str
    credentials: IssuedCredentials
    consumers: dict[str, str]

    def as_json(self) -> dict[str, object]:
        return {"url": self.url, **self.credentials.as_json(), "consumers": self.consumers}

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.as_json(), indent=2))
        tmp.replace(path)


async def prepare_demo(
    runtime: Runtime, session: AsyncSession, url: str, tryton: Mapping[str, str] | None = None
) -> DemoSetup:
    """Idempotent: the same account and consumers on every run; a fresh client secret each time,
    since only its hash is kept. With `tryton` (the credentials of a running Tryton), one more
    consumer has its accounting and its invoicing connected to it."""
    account = await session.scalar(select(Account).where(Account.name == DEMO_ACCOUNT))
    if account is None:
        issued = await account_service.create(session, DEMO_ACCOUNT)
    else:
        issued = await account_service.rotate_secret(session, str(account.id))
    consumers = {}
    for slug, binding in SANDBOX_CONNECTIONS.items():
        entry = runtime.registry.entry(binding.integration_id)
        if entry is None:
            continue
        consumer = await _demo_consumer(session, issued.account, slug)
        credentials = binding.basic_credentials(f"{url}{MOUNT_PREFIX}/{binding.sandbox}")
        await _connect(runtime, session, issued.account, consumer, binding.integration_id, credentials)
        consumers[slug] = str(consumer.id)
    if tryton is not None:
        consumer = await _demo_consumer(session, issued.account, "tryton")
        for integration_id in (TRYTON_ACCOUNTING_ID, TRYTON_INVOICING_ID):
            await _connect(runtime, session, issued.account, consumer, integration_id, dict(tryton))
        consumers["tryton"] = str(consumer.id)
    await session.flush()
    return DemoSetup(url, issued, consumers)


async def _connect(
    runtime: Runtime,
    session: AsyncSession,
    account: Account,
    consumer: Consumer,
    integration_id: int,
    credentials: dict[str, str],
) -> None:
    entry = runtime.registry.entry(integration_id)
    if entry is None:
        return
    connection = await ConnectionRepository(session).get_for_integration(consumer.id, integration_id)
    if connection is None:
        connection = Connection(
            account_id=account.id,
            consumer_id=consumer.id,
            integration_id=integration_id,
            name=f"{entry.connector.manifest.name} (sandbox)",
        )
        session.add(connection)
    # The port may differ from the last run: the address is written again each time.
    connection.credentials_encrypted = seal(runtime.keyring, credentials)
    connection.data = public_settings(entry.connector.manifest, credentials)


async def _demo_consumer(session: AsyncSession, account: Account, slug: str) -> Consumer:
    reference = f"demo-{slug}"
    consumer = await session.scalar(
        select(Consumer).where(Consumer.account_id == account.id, Consumer.internal_reference == reference)
    )
    if consumer is None:
        consumer = Consumer(
            account_id=account.id, name=f"Demo {slug.title()} café", internal_reference=reference
        )
        session.add(consumer)
        await session.flush()
    return consumer


def instructions(setup: DemoSetup) -> str:
    creds = setup.credentials.as_json()
    lines = [
        f"Junction demo on {setup.url}  (docs: {setup.url}/docs)",
        f"  clientId     {creds['clientId']}",
        f"  clientSecret {creds['clientSecret']}",
        f"  accountId    {creds['accountId']}",
    ]
    for slug, consumer_id in setup.consumers.items():
        where = "a real Tryton server (accounting, invoicing)" if slug == "tryton" else f"the {slug} sandbox"
        lines.append(f"  consumer connected to {where}: {consumer_id}")
    lines += [
        "",
        "Try it:",
        f"  TOKEN=$(curl -s -X POST {setup.url}/token -H 'Content-Type: application/json' \\",
        f"    -d '{json.dumps(creds)}' \\",
        "    | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')",
    ]
    if setup.consumers:
        first = next(iter(setup.consumers.values()))
        lines.append(
            f'  curl -s {setup.url}/consumers/{first}/pos/customers -H "Authorization: Bearer $TOKEN"'
        )
    return "\n".join(lines)
