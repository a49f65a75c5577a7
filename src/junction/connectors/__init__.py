"""The connectors this Junction ships, and the loading of extra ones."""

from junction.config import Settings
from junction.connectors._framework.registry import BUILTIN_MODULES, ConnectorRegistry, load_modules


def load_connectors(registry: ConnectorRegistry, settings: Settings) -> None:
    load_modules(registry, [*BUILTIN_MODULES, *settings.extra_connector_modules])
