"""How a delivery proves it comes from Junction. Every delivery carries two signatures of the exact
bytes sent, made with the endpoint's signing secret:

- `X-Chift-Signature`: hex HMAC-SHA256 of the body, keyed with the signing secret as given (the
  contract's signature);
- Standard Webhooks (https://www.standardwebhooks.com): `webhook-id` (stable across retries and
  replays, the receiver's deduplication key), `webhook-timestamp` (of the attempt, so stale
  replays of a captured request can be refused) and `webhook-signature`
  (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body`). The key is the signing secret's UTF-8
  bytes, or, for a `whsec_…` secret, the bytes its base64 encodes, so that the `standardwebhooks`
  libraries verify it as they would any Standard Webhooks secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

CHIFT_SIGNATURE = "X-Chift-Signature"
WHSEC_PREFIX = "whsec_"


def new_signing_secret() -> str:
    return WHSEC_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def chift_signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def standard_key(secret: str) -> bytes:
    if secret.startswith(WHSEC_PREFIX):
        try:
            return base64.b64decode(secret[len(WHSEC_PREFIX) :] + "==", validate=False)
        except ValueError:
            pass
    return secret.encode()


def standard_signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(standard_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        CHIFT_SIGNATURE: chift_signature(secret, body),
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_signature(secret, message_id, timestamp, body),
    }
