"""Webhook events: which subscriptions an event reaches, the body each receives, and the
signature. Webhooks are scoped per company and client application, so each subscription gets the
object as its own application sees it (its own reference_id) and is signed with that
application's client secret: `X-Kounta-Signature` = hex HMAC-SHA256 of the raw body."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from xml.sax.saxutils import escape

from junction.sandboxes._kit import OutgoingWebhook, Sandbox, hmac_sha256_hex
from junction.sandboxes.kounta.models import ClientApplication, KountaState

SIGNATURE_HEADER = "X-Kounta-Signature"

Payload = Callable[[str], dict[str, Any]]


def fire(
    sandbox: Sandbox[KountaState],
    clients: Mapping[str, ClientApplication],
    topic: str,
    payload: Payload,
    *,
    site_id: int | None = None,
    changed: set[str] | None = None,
) -> int:
    """Schedule the deliveries of one event; returns how many were scheduled."""
    outgoing: list[OutgoingWebhook] = []
    for hook in sandbox.state.webhooks.values():
        client = clients.get(hook.client_id)
        if hook.topic != topic or client is None:
            continue
        site_ids = hook.filter.get("site_ids")
        if site_id is not None and isinstance(site_ids, list) and site_ids and site_id not in site_ids:
            continue
        attributes = hook.filter.get("attributes")
        if (
            changed is not None
            and isinstance(attributes, list)
            and attributes
            and not changed & set(attributes)
        ):
            continue
        root = topic.split("/")[0].rstrip("s")
        body = encode(payload(client.client_id), hook.format, root)
        headers = {
            **hook.headers,
            "Content-Type": "application/xml" if hook.format == "xml" else "application/json",
            SIGNATURE_HEADER: hmac_sha256_hex(client.client_secret, body),
        }
        outgoing.append(OutgoingWebhook(hook.id, topic, hook.address, body, headers))
    if not outgoing:
        return 0
    return sandbox.webhooks.dispatch(outgoing)


def encode(payload: dict[str, Any], fmt: str, root: str) -> bytes:
    if fmt == "xml":
        return f'<?xml version="1.0" encoding="UTF-8"?>{_xml(root, payload)}'.encode()
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def _xml(tag: str, value: Any) -> str:
    if isinstance(value, dict):
        inner = "".join(_xml(key, item) for key, item in value.items())
    elif isinstance(value, list):
        inner = "".join(_xml("item", item) for item in value)
    elif value is None:
        inner = ""
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    else:
        inner = escape(str(value))
    return f"<{tag}>{inner}</{tag}>"
