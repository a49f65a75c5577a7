"""Fixtures of the contract tests: each vertical's full connector, and its record of calls.

A test module asks for `calls` with a `contract` (tests/verticals/reference.py): a fixture of its
own, or a parameter of the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from junction.connectors._framework.registry import ConnectorRegistry
from tests.verticals.accounting_samples import FullAccountingConnector
from tests.verticals.commerce_samples import FullCommerceConnector
from tests.verticals.invoicing_samples import FullInvoicingConnector
from tests.verticals.pms_samples import FullPmsConnector
from tests.verticals.pos_samples import FullPosConnector
from tests.verticals.reference import Calls, Contract

FULL_CONNECTORS = (
    FullPosConnector,
    FullPmsConnector,
    FullCommerceConnector,
    FullInvoicingConnector,
    FullAccountingConnector,
)


@pytest.fixture(scope="module")
def full_connectors(registry: ConnectorRegistry) -> Iterator[None]:
    """A connector with every operation of each vertical, in the session's registry for the
    module only."""
    for connector in FULL_CONNECTORS:
        registry.register(connector)
    yield
    for connector in FULL_CONNECTORS:
        registry.unregister(connector.manifest.slug)


@pytest.fixture
def calls(contract: Contract) -> Iterator[Calls]:
    """What the contract's connector receives during the test, and nothing from before."""
    contract.calls.clear()
    yield contract.calls
    contract.calls.clear()
