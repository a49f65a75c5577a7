from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from junction.auth import tokens
from junction.connection.credentials import public_settings, seal, unseal, validated_credentials
from junction.connection.repository import ConnectionRepository
from junction.connection.schemas import (
    ApiTransactionLookupOut,
    ConnectionItem,
    LinkItem,
    PatchConnectionItem,
    PostConnectionItem,
)
from junction.connectors._framework.registry import CatalogEntry
from junction.consumer.service import consumer_service
from junction.errors import (
    ConnectionAlreadyExists,
    ConnectionNotFound,
    IntegrationNotValid,
    RequestInProcess,
    TransactionNotFound,
)
from junction.integration.schemas import IntegrationStatus
from junction.kit.keyring import KeyRing
from junction.kit.time import as_utc
from junction.models import Account, Connection, ConnectionStatus, TransactionState
from junction.runtime import Runtime
from junction.webhook import hooks as webhook_hooks


class ConnectionService:
    async def list(self, session: AsyncSession, account: Account, consumer_id: UUID) -> Sequence[Connection]:
        await consumer_service.get(session, account, consumer_id)
        return await ConnectionRepository(session).list_for_consumer(account.id, consumer_id)

    async def get(
        self, session: AsyncSession, account: Account, consumer_id: UUID, connection_id: UUID
    ) -> Connection:
        await consumer_service.get(session, account, consumer_id)
        connection = await ConnectionRepository(session).get(account.id, consumer_id, connection_id)
        if connection is None:
            raise ConnectionNotFound()
        return connection

    async def create(
        self,
        session: AsyncSession,
        runtime: Runtime,
        account: Account,
        consumer_id: UUID,
        item: PostConnectionItem,
        base_url: str,
    ) -> LinkItem:
        """With an integration and its credentials, connect at once; otherwise answer with a
        link to the hosted connect page, where the end user picks and connects a software."""
        await consumer_service.get(session, account, consumer_id)
        entry = self._active_entry(runtime, item.integrationid) if item.integrationid is not None else None
        if entry is None or item.credentials is None:
            return LinkItem(
                url=self.connect_link(runtime, base_url, account.id, consumer_id, None, item.integrationid)
            )
        repository = ConnectionRepository(session)
        if await repository.get_for_integration(consumer_id, entry.integration_id) is not None:
            raise self._already_exists(entry.integration_id)
        manifest = entry.connector.manifest
        credentials = validated_credentials(manifest, item.credentials)
        connection = Connection(
            account_id=account.id,
            consumer_id=consumer_id,
            integration_id=entry.integration_id,
            name=item.name or manifest.name,
            credentials_encrypted=seal(runtime.keyring, credentials),
            data=public_settings(manifest, credentials),
        )
        repository.add(connection)
        try:
            async with session.begin_nested():
                await session.flush()
        except IntegrityError as exc:
            # Two requests raced past the check above; the unique constraint decided.
            raise self._already_exists(entry.integration_id) from exc
        # account.connection.created, and the provider's webhooks: sent once this commits.
        await webhook_hooks.connection_created(session, runtime, connection, base_url)
        return LinkItem(
            url=self.connect_link(runtime, base_url, account.id, consumer_id, connection.id, None),
            connectionid=connection.id,
        )

    async def update(
        self,
        session: AsyncSession,
        runtime: Runtime,
        account: Account,
        consumer_id: UUID,
        connection_id: UUID,
        item: PatchConnectionItem,
        base_url: str,
    ) -> LinkItem:
        """Rename or replace credentials, and answer with a fresh link to fix the connection."""
        connection = await self.get(session, account, consumer_id, connection_id)
        if item.name is not None:
            connection.name = item.name
        if item.credentials is not None:
            entry = self._active_entry(runtime, connection.integration_id)
            manifest = entry.connector.manifest
            current = unseal(runtime.keyring, connection.credentials_encrypted)
            credentials = validated_credentials(manifest, item.credentials, current)
            connection.credentials_encrypted = seal(runtime.keyring, credentials)
            connection.data = public_settings(manifest, credentials)
            # New credentials are the end user's fix for a refused connection (see issues).
            connection.status = ConnectionStatus.active
        await session.flush()
        if item.name is not None or item.credentials is not None:
            await webhook_hooks.connection_updated(
                session, runtime, connection, base_url, new_credentials=item.credentials is not None
            )
        return LinkItem(
            url=self.connect_link(runtime, base_url, account.id, consumer_id, connection.id, None),
            connectionid=connection.id,
        )

    async def delete(
        self, session: AsyncSession, account: Account, consumer_id: UUID, connection_id: UUID
    ) -> None:
        connection = await self.get(session, account, consumer_id, connection_id)
        await webhook_hooks.connection_deleted(session, connection)
        await ConnectionRepository(session).delete(connection)
        await session.flush()

    async def transaction(
        self,
        session: AsyncSession,
        account: Account,
        consumer_id: UUID,
        connection_id: UUID,
        client_request_id: str,
    ) -> ApiTransactionLookupOut:
        await self.get(session, account, consumer_id, connection_id)
        found = await ConnectionRepository(session).transaction(connection_id, client_request_id)
        if found is None:
            raise TransactionNotFound()
        if found.state == TransactionState.in_process or found.status_code is None:
            raise RequestInProcess()
        return ApiTransactionLookupOut(
            created_on=as_utc(found.created_on),
            method=found.method,
            route=found.route,
            status_code=found.status_code,
            created_entity_id=found.created_entity_id,
        )

    async def reencrypt_all(self, session: AsyncSession, keyring: KeyRing) -> int:
        connections = await ConnectionRepository(session).all_sealed()
        for connection in connections:
            assert connection.credentials_encrypted is not None
            connection.credentials_encrypted = keyring.reencrypt(connection.credentials_encrypted)
        await session.flush()
        return len(connections)

    def to_item(self, runtime: Runtime, connection: Connection) -> ConnectionItem:
        entry = runtime.registry.entry(connection.integration_id)
        return ConnectionItem(
            connectionid=connection.id,
            name=connection.name,
            # A connector removed from this installation still shows, so it can be deleted.
            integration=entry.connector.manifest.name
            if entry
            else f"Unavailable integration {connection.integration_id}",
            integrationid=connection.integration_id,
            api=entry.integration.vertical.api if entry else "Custom",
            data=connection.data or {},
            status=IntegrationStatus(connection.status),
        )

    def connect_link(
        self,
        runtime: Runtime,
        base_url: str,
        account_id: UUID,
        consumer_id: UUID,
        connection_id: UUID | None,
        integration_id: int | None,
    ) -> str:
        token, _ = tokens.issue_connect(
            runtime.keyring.signing_key,
            runtime.settings.connect_link_lifetime_seconds,
            account_id,
            consumer_id,
            connection_id,
        )
        query = f"?{urlencode({'integrationid': integration_id})}" if integration_id is not None else ""
        return f"{base_url}/connect/{token}{query}"

    def _active_entry(self, runtime: Runtime, integration_id: int) -> CatalogEntry:
        entry = runtime.registry.entry(integration_id)
        if entry is None or entry.connector.manifest.status != "active":
            raise IntegrationNotValid()
        return entry

    def _already_exists(self, integration_id: int) -> ConnectionAlreadyExists:
        return ConnectionAlreadyExists(
            f"There is already an active connection for the integrationid {integration_id}. "
            "Only one can be created for each consumer for each integrationid."
        )


connection_service = ConnectionService()
