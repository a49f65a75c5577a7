from junction.connectors.kounta.connector import KountaConnector

CONNECTORS = (KountaConnector,)

__all__ = ["CONNECTORS", "KountaConnector"]
