from junction.connectors.mews.connector import MewsConnector

CONNECTORS = (MewsConnector,)

__all__ = ["CONNECTORS", "MewsConnector"]
