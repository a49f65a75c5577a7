"""Checks on request bodies, with Kounta's documented rules. Messages name fields, never echo
the values sent."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from junction.sandboxes.kounta.errors import KountaError
from junction.sandboxes.kounta.models import COMPANY_TZ

# https://apidoc.kounta.com/customers/: "Modification of customers is currently limited to the
# first_name, last_name, phone, email, mobile, tags, image, primary_address, shipping_address,
# reference_id and accepts_marketing." Creation is "limited to the fields below" too; the sandbox
# takes the same list.
CUSTOMER_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "phone",
        "email",
        "mobile",
        "tags",
        "image",
        "primary_address",
        "shipping_address",
        "reference_id",
        "accepts_marketing",
    }
)
CUSTOMER_TEXT_FIELDS = ("first_name", "last_name", "phone", "email", "mobile", "image", "reference_id")
ADDRESS_FIELDS = frozenset({"lines", "city", "zone", "postal_code", "country"})
# Webhook attribute filters for customers/updated, and the fields each one watches.
CUSTOMER_ATTRIBUTES = {
    "name": ("first_name", "last_name"),
    "phone": ("phone",),
    "mobile": ("mobile",),
    "email": ("email",),
    "address": ("primary_address", "shipping_address"),
    "tags": ("tags",),
    "image": ("image",),
    "accepts_marketing": ("accepts_marketing",),
}
WEBHOOK_TOPICS = frozenset(
    {
        "customers/created",
        "customers/updated",
        "customers/deleted",
        "orders/completed",
        "sites/created",
        "sites/updated",
        "registers/created",
        "registers/updated",
        "registers/deleted",
        "reconciliations/created",
        "reconciliations/updated",
    }
)
WEBHOOK_FIELDS = frozenset({"topic", "address", "format", "headers", "filter"})
COUNTRY = re.compile(r"^[A-Z]{2}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def reject_unknown(body: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise KountaError(400, f"{what} cannot be set through the API: {', '.join(unknown)}")


def customer_changes(body: Mapping[str, Any]) -> dict[str, Any]:
    """The customer fields of a create or update body, checked and normalised."""
    reject_unknown(body, CUSTOMER_FIELDS, "These customer fields")
    changes: dict[str, Any] = {}
    for name in CUSTOMER_TEXT_FIELDS:
        if name in body:
            value = body[name]
            if value is not None and not isinstance(value, str):
                raise KountaError(400, f"{name} must be a string")
            changes[name] = value.strip() if isinstance(value, str) and value.strip() else None
    if changes.get("email") is not None and not EMAIL.match(changes["email"]):
        raise KountaError(400, "email must be a valid email address")
    if "tags" in body:
        tags = body["tags"]
        if tags is None:
            tags = []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise KountaError(400, "tags must be a list of strings")
        changes["tags"] = list(tags)
    if "accepts_marketing" in body:
        if not isinstance(body["accepts_marketing"], bool):
            raise KountaError(400, "accepts_marketing must be true or false")
        changes["accepts_marketing"] = body["accepts_marketing"]
    for name in ("primary_address", "shipping_address"):
        if name in body:
            changes[name] = address_fields(name, body[name])
    return changes


def address_fields(name: str, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise KountaError(400, f"{name} must be an object")
    reject_unknown(value, ADDRESS_FIELDS, f"These {name} fields")
    lines = value.get("lines", [])
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise KountaError(400, f"{name}.lines must be a list of strings")
    out: dict[str, Any] = {"lines": list(lines)}
    for part in ("city", "zone", "postal_code", "country"):
        part_value = value.get(part)
        if part_value is not None and not isinstance(part_value, str):
            raise KountaError(400, f"{name}.{part} must be a string")
        out[part] = part_value or ""
    if out["country"] and not COUNTRY.match(out["country"]):
        raise KountaError(400, f"{name}.country must be a two-letter ISO 3166-1 country code")
    return out


def require_contact(first_name: str | None, email: str | None, phone: str | None, mobile: str | None) -> None:
    if not first_name:
        raise KountaError(400, "first_name is required")
    if not (email or phone or mobile):
        raise KountaError(400, "One of email, phone or mobile is required")


def changed_attributes(fields: set[str]) -> set[str]:
    return {attribute for attribute, watched in CUSTOMER_ATTRIBUTES.items() if fields & set(watched)}


def webhook_changes(body: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """https://apidoc.kounta.com/webhooks/: topic one of the supported topics, an address, format
    json or xml, headers only Authorization or X-* (never X-Kounta*), an optional filter."""
    reject_unknown(body, WEBHOOK_FIELDS, "These webhook fields")
    changes: dict[str, Any] = {}
    if creating or "topic" in body:
        topic = body.get("topic")
        if topic not in WEBHOOK_TOPICS:
            raise KountaError(400, f"topic must be one of: {', '.join(sorted(WEBHOOK_TOPICS))}")
        changes["topic"] = topic
    if creating or "address" in body:
        address = body.get("address")
        parts = urlsplit(address) if isinstance(address, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise KountaError(400, "address must be an absolute http or https URL")
        changes["address"] = address
    if creating or "format" in body:
        fmt = body.get("format", "json")
        if fmt not in ("json", "xml"):
            raise KountaError(400, "format must be json or xml")
        changes["format"] = fmt
    if "headers" in body:
        changes["headers"] = webhook_headers(body["headers"])
    elif creating:
        changes["headers"] = {}
    if "filter" in body:
        changes["filter"] = webhook_filter(body["filter"])
    elif creating:
        changes["filter"] = {}
    return changes


def webhook_headers(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise KountaError(400, "headers must be an object of strings")
    for name in value:
        lowered = name.lower()
        allowed = lowered == "authorization" or (
            lowered.startswith("x-") and not lowered.startswith("x-kounta")
        )
        if not allowed:
            raise KountaError(400, "headers can only be Authorization or X-* (but not X-Kounta*)")
    return dict(value)


def webhook_filter(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise KountaError(400, "filter must be an object")
    site_ids = value.get("site_ids")
    if site_ids is not None and (
        not isinstance(site_ids, list)
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in site_ids)
    ):
        raise KountaError(400, "filter.site_ids must be a list of site ids")
    attributes = value.get("attributes")
    if attributes is not None and (
        not isinstance(attributes, list) or not all(a in CUSTOMER_ATTRIBUTES for a in attributes)
    ):
        raise KountaError(400, f"filter.attributes must list some of: {', '.join(CUSTOMER_ATTRIBUTES)}")
    return dict(value)


def object_id(value: Any, name: str) -> int:
    """An id given as a number, a numeric string, or an object with an id."""
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise KountaError(400, f"{name} must be an id")


def moment(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise KountaError(400, f"{name} must be an ISO 8601 date and time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise KountaError(400, f"{name} must be an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=COMPANY_TZ)
    return parsed.astimezone(COMPANY_TZ).replace(microsecond=0)


def positive_number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise KountaError(400, f"{name} must be a number greater than 0")
    return float(value)
