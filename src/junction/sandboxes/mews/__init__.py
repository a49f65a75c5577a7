"""The Mews sandbox: Mews' Connector API emulated from its public docs, stateful and seeded. See
README.md in this folder."""

from junction.sandboxes.mews.app import API_PREFIX, DEFAULT_SEED, create_mews_sandbox
from junction.sandboxes.mews.models import MewsState
from junction.sandboxes.mews.seed import ACCESS_TOKEN, CLIENT_TOKEN, PROFILES

__all__ = [
    "ACCESS_TOKEN",
    "API_PREFIX",
    "CLIENT_TOKEN",
    "DEFAULT_SEED",
    "PROFILES",
    "MewsState",
    "create_mews_sandbox",
]
