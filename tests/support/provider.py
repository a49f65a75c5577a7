"""A small provider API used by the test connector: customers behind an API key, paginated
with page/per_page, failing on demand. Tests reach it through httpx.ASGITransport.

A `junction serve` process started by the compat tests runs this provider inside itself, out of
the tests' reach: it reads the keys it accepts (SAMPLE_PROVIDER_KEYS, comma-separated) and how
many customers to start with (SAMPLE_PROVIDER_SEED) from its environment when imported."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

API_KEY_HEADER = "x-api-key"
SIGNATURE_HEADER = "x-sample-signature"


@dataclass(frozen=True)
class SentWebhook:
    """A webhook the provider sends: to `url`, signed with the key that registered it."""

    url: str
    body: bytes
    headers: dict[str, str]


def sign(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


class ProviderState:
    def __init__(self) -> None:
        self.customers: dict[str, dict[str, Any]] = {}
        self.valid_keys: set[str] = set()
        self.fail_next: list[int] = []
        self.writes = 0
        # Registered webhooks: id -> (url, the API key that registered it and signs them).
        self.webhooks: dict[str, tuple[str, str]] = {}
        self.outbox: list[SentWebhook] = []

    def customer_created_by_provider(self, **fields: Any) -> str:
        """A customer made in the provider's own screens: stored, and announced to every
        registered webhook (the body carries only the id, as many providers do)."""
        cid = f"p{len(self.customers) + 1:04d}"
        self.customers[cid] = {"id": cid, **fields}
        self.announce("customer.created", cid)
        return cid

    def announce(self, topic: str, customer_id: str, event_id: str | None = None) -> None:
        body = json.dumps(
            {"event_id": event_id or uuid.uuid4().hex, "topic": topic, "customer_id": customer_id}
        ).encode()
        for url, key in self.webhooks.values():
            self.outbox.append(SentWebhook(url, body, {SIGNATURE_HEADER: sign(key, body)}))

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def seed(self, count: int) -> None:
        for n in range(1, count + 1):
            cid = f"c{n:04d}"
            self.customers[cid] = {
                "id": cid,
                "given_name": f"Given{n}",
                "family_name": f"Family{n}",
                "email": f"customer{n}@example.com",
                "phone": f"+3247500{n:04d}",
            }


KEYS_ENV = "SAMPLE_PROVIDER_KEYS"
SEED_ENV = "SAMPLE_PROVIDER_SEED"


def seed_from_environment(state: ProviderState, environ: Mapping[str, str]) -> None:
    state.valid_keys.update(key for key in environ.get(KEYS_ENV, "").split(",") if key)
    if count := environ.get(SEED_ENV, "").strip():
        state.seed(int(count))


STATE = ProviderState()
seed_from_environment(STATE, os.environ)


def _denied(request: Request) -> JSONResponse | None:
    if request.headers.get(API_KEY_HEADER) not in STATE.valid_keys:
        return JSONResponse({"error": "invalid api key"}, status_code=401)
    if STATE.fail_next:
        return JSONResponse({"error": "boom"}, status_code=STATE.fail_next.pop(0))
    return None


async def list_customers(request: Request) -> JSONResponse:
    if (denied := _denied(request)) is not None:
        return denied
    page = int(request.query_params.get("page", "1"))
    per_page = int(request.query_params.get("per_page", "10"))
    rows = sorted(STATE.customers.values(), key=lambda c: c["id"])
    if email := request.query_params.get("email"):
        rows = [c for c in rows if c["email"] == email]
    start = (page - 1) * per_page
    return JSONResponse({"data": rows[start : start + per_page], "total": len(rows)})


async def get_customer(request: Request) -> JSONResponse:
    if (denied := _denied(request)) is not None:
        return denied
    found = STATE.customers.get(request.path_params["cid"])
    if found is None:
        return JSONResponse({"error": "not found"}, status_code=404)
    return JSONResponse(found)


async def create_customer(request: Request) -> JSONResponse:
    if (denied := _denied(request)) is not None:
        return denied
    body = await request.json()
    if not body.get("email"):
        return JSONResponse({"error": "email is required by this provider"}, status_code=422)
    STATE.writes += 1
    cid = f"n{len(STATE.customers) + 1:04d}"
    STATE.customers[cid] = {"id": cid, **body}
    return JSONResponse(STATE.customers[cid], status_code=201)


async def register_webhook(request: Request) -> JSONResponse:
    if (denied := _denied(request)) is not None:
        return denied
    body = await request.json()
    webhook_id = f"wh{len(STATE.webhooks) + 1}"
    STATE.webhooks[webhook_id] = (body["url"], request.headers[API_KEY_HEADER])
    return JSONResponse({"id": webhook_id}, status_code=201)


async def delete_webhook(request: Request) -> Response:
    if (denied := _denied(request)) is not None:
        return denied
    STATE.webhooks.pop(request.path_params["wid"], None)
    return Response(status_code=204)


provider_app = Starlette(
    routes=[
        Route("/customers", list_customers, methods=["GET"]),
        Route("/customers", create_customer, methods=["POST"]),
        Route("/customers/{cid}", get_customer, methods=["GET"]),
        Route("/webhooks", register_webhook, methods=["POST"]),
        Route("/webhooks/{wid}", delete_webhook, methods=["DELETE"]),
    ]
)
