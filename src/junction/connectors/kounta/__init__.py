from junction.connectors.kounta.connector import KountaConnector

CONNECTORS = (KountaConnector,)
