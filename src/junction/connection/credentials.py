"""Credentials given for a connection: checked against the integration's declared fields,
sealed with the key ring before they reach the database."""

from __future__ import annotations

import json
from collections.abc import Mapping

from junction.connection.schemas import CredentialItem
from junction.connectors._framework.manifest import Manifest
from junction.errors import CredentialsInvalid
from junction.kit.keyring import KeyRing


def validated_credentials(
    manifest: Manifest, items: list[CredentialItem], current: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Merge the given credentials over the current ones; every required field must end up set."""
    declared = {field.name for field in manifest.credentials}
    given: dict[str, str] = {}
    for item in items:
        if item.key not in declared:
            raise CredentialsInvalid(
                f"Unknown credential {item.key!r} for {manifest.name}; expected {sorted(declared)}"
            )
        if item.key in given:
            raise CredentialsInvalid(f"Credential {item.key!r} is given twice")
        given[item.key] = item.value
    merged = {**(current or {}), **given}
    missing = [f.name for f in manifest.credentials if not f.optional and not merged.get(f.name, "").strip()]
    if missing:
        raise CredentialsInvalid(detail=f"Missing credentials: {', '.join(missing)}")
    return merged


def public_settings(manifest: Manifest, credentials: Mapping[str, str]) -> dict[str, str]:
    """The declared non-secret fields, shown back as the connection's `data`. Anything else kept
    with the credentials (OAuth tokens) is secret by default."""
    public = {field.name for field in manifest.credentials if not field.secret}
    return {k: v for k, v in credentials.items() if k in public}


def seal(keyring: KeyRing, credentials: Mapping[str, str]) -> str:
    return keyring.encrypt(json.dumps(dict(credentials)))


def unseal(keyring: KeyRing, sealed: str | None) -> dict[str, str]:
    if not sealed:
        return {}
    loaded: dict[str, str] = json.loads(keyring.decrypt(sealed))
    return loaded
