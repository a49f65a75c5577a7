"""The SourceHub sandbox: SourceHub's API emulated from its public docs (docs.sourcehub.in),
stateful and seeded with Indian B2B distribution data. See README.md in this folder."""

from junction.sandboxes.sourcehub.api import API_KEYS, SIGNATURE_HEADER
from junction.sandboxes.sourcehub.app import DEFAULT_SEED, create_sourcehub_sandbox
from junction.sandboxes.sourcehub.seed import PROFILES, SourceHubState

__all__ = [
    "API_KEYS",
    "DEFAULT_SEED",
    "PROFILES",
    "SIGNATURE_HEADER",
    "SourceHubState",
    "create_sourcehub_sandbox",
]
