"""Sandboxes: providers' documented APIs emulated in memory, with seeded data and fault
injection (the stripe-mock pattern). Each is an ASGI app; `junction serve` mounts them under
`/sandboxes/<name>` (setting JUNCTION_SANDBOXES), `junction sandbox <name>` serves one alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from starlette.applications import Starlette
from starlette.types import ASGIApp

from junction.sandboxes._kit import UnknownProfile
from junction.sandboxes.kounta import create_kounta_sandbox
from junction.sandboxes.mews import create_mews_sandbox
from junction.sandboxes.sourcehub import create_sourcehub_sandbox

if TYPE_CHECKING:
    from junction.config import Settings

MOUNT_PREFIX = "/sandboxes"


class SandboxFactory(Protocol):
    def __call__(self, seed: int, profile: str, base_url: str | None, *, webhook_targets: str) -> ASGIApp: ...


def _kounta(seed: int, profile: str, base_url: str | None, *, webhook_targets: str) -> ASGIApp:
    return create_kounta_sandbox(seed, profile, base_url, webhook_targets=webhook_targets)


def _sourcehub(seed: int, profile: str, base_url: str | None, *, webhook_targets: str) -> ASGIApp:
    return create_sourcehub_sandbox(seed, profile, base_url, webhook_targets=webhook_targets)


def _mews(seed: int, profile: str, base_url: str | None, *, webhook_targets: str) -> ASGIApp:
    return create_mews_sandbox(seed, profile, base_url, webhook_targets=webhook_targets)


SANDBOXES: dict[str, SandboxFactory] = {"kounta": _kounta, "sourcehub": _sourcehub, "mews": _mews}
DEFAULT_SEEDS: dict[str, int] = {"kounta": 5678, "sourcehub": 2011, "mews": 4242}


def mount_sandboxes(app: Starlette, settings: Settings) -> None:
    """Mount every sandbox under `/sandboxes/<name>` with its default seed and profile. Absolute
    links use JUNCTION_PUBLIC_URL when set, else each request's own address. Webhooks may reach
    loopback addresses on the embedded SQLite default (a developer's own machine), public
    addresses only otherwise: the sandbox credentials are public, so the server must not relay
    into its own network."""
    embedded = settings.effective_database_url.startswith("sqlite")
    for name, factory in SANDBOXES.items():
        path = f"{MOUNT_PREFIX}/{name}"
        base_url = f"{settings.public_url.rstrip('/')}{path}" if settings.public_url else None
        sandbox = factory(
            DEFAULT_SEEDS[name], "default", base_url, webhook_targets="loopback" if embedded else "public"
        )
        app.mount(path, sandbox, name=f"sandbox-{name}")


__all__ = [
    "DEFAULT_SEEDS",
    "MOUNT_PREFIX",
    "SANDBOXES",
    "SandboxFactory",
    "UnknownProfile",
    "create_kounta_sandbox",
    "create_mews_sandbox",
    "create_sourcehub_sandbox",
    "mount_sandboxes",
]
