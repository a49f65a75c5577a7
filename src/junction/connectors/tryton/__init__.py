from junction.connectors.tryton.connector import TrytonConnector

CONNECTORS = [TrytonConnector]

__all__ = ["CONNECTORS", "TrytonConnector"]
