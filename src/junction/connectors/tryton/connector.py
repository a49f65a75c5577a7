"""Tryton for the Accounting and Invoicing verticals, over Tryton's REST API (8.x)."""

from __future__ import annotations

from typing import ClassVar

from junction.connectors.tryton.accounting import TrytonAccounting
from junction.connectors.tryton.invoicing import TrytonInvoicing
from junction.connectors.tryton.ledger import TrytonLedger
from junction.connectors.tryton.manifest import MANIFEST


class TrytonConnector(TrytonAccounting, TrytonLedger, TrytonInvoicing):
    manifest: ClassVar = MANIFEST
