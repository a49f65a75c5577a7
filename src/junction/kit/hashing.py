"""Client secrets are 256-bit random strings, so one SHA-256 is enough to store them safely:
there is nothing to brute-force, and `/token` (called before almost every SDK call) stays cheap.
See docs/adr/0003-client-secret-hashing.md."""

import hashlib
import hmac
import secrets


def new_client_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
