from __future__ import annotations

import base64

from junction.connectors._framework.registry import CatalogEntry, ConnectorRegistry
from junction.errors import IntegrationNotFound
from junction.integration.schemas import (
    CoverageItem,
    CoverageStatus,
    IntegrationItem,
    IntegrationsCredentialItem,
    IntegrationStatus,
    LogoImage,
)
from junction.verticals.catalog import operations_of


class IntegrationService:
    def list_items(
        self,
        registry: ConnectorRegistry,
        base_url: str,
        status: IntegrationStatus | None,
        coverage: bool,
    ) -> list[IntegrationItem]:
        items = [self.to_item(entry, base_url, coverage) for entry in registry.entries()]
        items.sort(key=lambda item: item.integrationid)
        return [item for item in items if status is None or item.status == status]

    def get(self, registry: ConnectorRegistry, integration_id: int) -> CatalogEntry:
        entry = registry.entry(integration_id)
        if entry is None:
            raise IntegrationNotFound()
        return entry

    def to_item(self, entry: CatalogEntry, base_url: str, coverage: bool) -> IntegrationItem:
        manifest = entry.connector.manifest
        images = f"{base_url}/integrations/{entry.integration_id}"
        return IntegrationItem(
            integrationid=entry.integration_id,
            name=manifest.name,
            description=manifest.description,
            status=IntegrationStatus(manifest.status),
            api=entry.integration.vertical.api,
            logo_url=f"{images}/logo.svg",
            icon_url=f"{images}/icon.svg",
            credentials=[
                IntegrationsCredentialItem(name=f.name, optional=f.optional, visibility=f.visibility)
                for f in manifest.credentials
            ],
            operations_coverage=self.coverage(entry) if coverage else [],
            supported_countries=list(manifest.supported_countries) if manifest.supported_countries else None,
        )

    def coverage(self, entry: CatalogEntry) -> list[CoverageItem]:
        manifest = entry.connector.manifest
        items = []
        for op in operations_of(entry.integration.vertical):
            if op.key in manifest.capabilities:
                status = CoverageStatus.SUPPORTED
            elif op.key in manifest.unsupported:
                status = CoverageStatus.NOT_SUPPORTED
            else:
                status = CoverageStatus.NOT_IMPLEMENTED
            items.append(CoverageItem(operation=op.operation_id, status=status))
        return items

    def logo(self, entry: CatalogEntry) -> LogoImage:
        svg = entry.connector.manifest.logo_svg.encode()
        return LogoImage(integrationid=entry.integration_id, data=base64.b64encode(svg).decode())


integration_service = IntegrationService()
