from junction.connectors.sourcehub.connector import SourceHubConnector

CONNECTORS = [SourceHubConnector]

__all__ = ["CONNECTORS", "SourceHubConnector"]
