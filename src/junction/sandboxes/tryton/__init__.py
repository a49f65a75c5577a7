"""Tryton, the real accounting system the Accounting and Invoicing connectors are shown against:
installed and run as a separate process (`server.py`), with a fault-injecting proxy in front of it
for the conformance suite (`proxy.py`)."""
