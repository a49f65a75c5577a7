"""The Kounta (Lightspeed Restaurant K-Series legacy) sandbox: API v1 emulated from Kounta's public
docs, stateful and seeded. See README.md in this folder."""

from junction.sandboxes.kounta.api import KountaOptions
from junction.sandboxes.kounta.app import CLIENTS, DEFAULT_SEED, create_kounta_sandbox
from junction.sandboxes.kounta.models import ClientApplication, KountaState
from junction.sandboxes.kounta.seed import COMPANY_ID, PROFILES

__all__ = [
    "CLIENTS",
    "COMPANY_ID",
    "DEFAULT_SEED",
    "PROFILES",
    "ClientApplication",
    "KountaOptions",
    "KountaState",
    "create_kounta_sandbox",
]
