"""The conformance suite every registered connector runs against its sandbox (meltano's
tap_tests, airbyte's standard tests): every declared capability, pagination across pages, and
the faults a real provider throws (429 with Retry-After, 5xx, timeouts, malformed bodies, bad
credentials, an access token that dies in the middle of a pagination). The checks are plain
async functions over a `Harness`; tests/connectors/test_conformance.py parametrizes them over
the registry."""

from junction.connectors._framework.testing.arguments import ARGUMENTS
from junction.connectors._framework.testing.checks import CHECKS
from junction.connectors._framework.testing.harness import TEST_RETRY, TEST_TIMEOUT, Harness, MemoryTokenStore

__all__ = ["ARGUMENTS", "CHECKS", "TEST_RETRY", "TEST_TIMEOUT", "Harness", "MemoryTokenStore"]
