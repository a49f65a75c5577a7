"""Which connectors this Junction serves. Built-in connectors register on import; more can be
loaded from modules named in `JUNCTION_EXTRA_CONNECTORS` (third-party or test connectors)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass

from junction.connectors._framework.base import Connector
from junction.connectors._framework.manifest import IntegrationEntry
from junction.verticals.catalog import OPERATIONS

BUILTIN_MODULES: tuple[str, ...] = (
    "junction.connectors.kounta",
    "junction.connectors.sourcehub",
    "junction.connectors.mews",
    "junction.connectors.tryton",
)


class ManifestMismatch(Exception):
    """A connector declares capabilities it does not implement, or the other way round."""


@dataclass(frozen=True)
class CatalogEntry:
    connector: type[Connector]
    integration: IntegrationEntry

    @property
    def integration_id(self) -> int:
        return self.integration.integration_id


class ConnectorRegistry:
    def __init__(self) -> None:
        self._connectors: dict[str, type[Connector]] = {}

    def register(self, connector: type[Connector]) -> type[Connector]:
        check_manifest_matches(connector)
        manifest = connector.manifest
        taken = {entry.integration_id for entry in self.entries()}
        clash = {entry.integration_id for entry in manifest.integrations} & taken
        if manifest.slug in self._connectors or clash:
            raise ManifestMismatch(f"{manifest.slug}: slug or integration ids {clash} already registered")
        self._connectors[manifest.slug] = connector
        return connector

    def unregister(self, slug: str) -> None:
        self._connectors.pop(slug, None)

    def connectors(self) -> list[type[Connector]]:
        return list(self._connectors.values())

    def entries(self) -> Iterator[CatalogEntry]:
        for connector in self._connectors.values():
            for integration in connector.manifest.integrations:
                yield CatalogEntry(connector, integration)

    def entry(self, integration_id: int) -> CatalogEntry | None:
        return next((e for e in self.entries() if e.integration_id == integration_id), None)


def check_manifest_matches(connector: type[Connector]) -> None:
    manifest = connector.manifest
    unknown = (manifest.capabilities | manifest.unsupported) - OPERATIONS.keys()
    if unknown:
        raise ManifestMismatch(f"{manifest.slug}: unknown operations {sorted(unknown)}")
    implemented = set(connector.implemented_operations())
    if implemented != manifest.capabilities:
        missing = sorted(manifest.capabilities - implemented)
        undeclared = sorted(implemented - manifest.capabilities)
        raise ManifestMismatch(
            f"{manifest.slug}: declared but not implemented {missing}, "
            f"implemented but not declared {undeclared}"
        )


def load_modules(registry: ConnectorRegistry, modules: tuple[str, ...] | list[str]) -> None:
    """Import each module and register the connectors it exposes as `CONNECTORS`."""
    for name in modules:
        module = importlib.import_module(name)
        for connector in getattr(module, "CONNECTORS", ()):
            if connector.manifest.slug not in {c.manifest.slug for c in registry.connectors()}:
                registry.register(connector)


registry = ConnectorRegistry()
