"""A bounded schemathesis run over every operation of Junction's own OpenAPI document: no answer
may be a 500, and every answer must match the document (status code documented, content type,
headers, body schema), and every error body must be the contract's.

How it runs, and why:
- Junction is served by uvicorn in a background thread (tests/support/live_server.py), from a
  second app instance over the session's migrated database and data dir. Schemathesis calls are
  synchronous; its in-process ASGI transport runs the app in an event loop of its own thread, and
  the session `app` fixture (its lifespan, its aiosqlite engine) is bound to pytest's session loop.
  A real server with its own loop and engine keeps the two apart and tests the bytes a client sees.
- The schema is the `/openapi.json` that server answers with.
- Each operation gets its own Hypothesis run, derandomized and without example database. A case
  is one of: schemathesis' positive data, its negative data (must be refused with a documented
  4xx, never a 500), or positive data aimed at real objects (a seeded consumer, connection,
  integration, provider customer, idempotency key), so that the 2xx answers are checked too.
  Operations that change or delete platform objects get fresh objects for each real case, so the
  seeded ones stay put for the others. Some cases are sent without a token.
- Every operation must have answered at least one 2xx, so the run cannot silently test 404s only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from junction.app import create_app
from junction.config import Settings
from junction.connectors._framework.registry import ConnectorRegistry
from junction.runtime import Runtime
from tests.factories import Tenant, create_tenant
from tests.support import connectors
from tests.support.live_server import serve_in_thread
from tests.support.provider import STATE
from tests.support.receiver import Receiver, running_receiver
from tests.verticals.accounting_samples import FULL_ACCOUNTING_ID, FullAccountingConnector
from tests.verticals.commerce_samples import FULL_COMMERCE_ID, FullCommerceConnector
from tests.verticals.invoicing_samples import FULL_INVOICING_ID, FullInvoicingConnector
from tests.verticals.pms_samples import FULL_PMS_ID, FullPmsConnector

MAX_EXAMPLES = 50
API_KEY = "contract-key-1"
SEEDED_REQUEST_ID = "contract-seed-request"
CUSTOMER_IDS = ("c0001", "c0002", "c0003")
ROUTING_HEADERS = ("x-chift-connectionid", "x-chift-integrationid")
INTEGRATION_IDS = (connectors.SAMPLE_POS_ID, connectors.OTHER_POS_ID, connectors.SAMPLE_ACCOUNTING_ID)


def error_body_is_the_contracts(_ctx: Any, response: Any, _case: Any) -> None:
    """Every error is `{"status": "error", "message", "error_code", "detail"}` (the SDK raises on
    `"status": "error"`). The document cannot say it: FastAPI documents most 422s with its own
    permissive `HTTPValidationError`."""
    if response.status_code < 400:
        return
    body = response.json()
    assert isinstance(body, dict), f"error body is not an object: {body!r}"
    assert body.get("status") == "error", f"error body without status 'error': {body!r}"
    assert isinstance(body.get("message"), str), f"error body without a message: {body!r}"
    assert isinstance(body.get("error_code"), str), f"error body without an error_code: {body!r}"
    assert "detail" in body, f"error body without detail: {body!r}"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    error_body_is_the_contracts,
]


def _document() -> dict[str, Any]:
    """The OpenAPI document, read off an app that is never started (for collection)."""
    registry = ConnectorRegistry()
    for connector in connectors.CONNECTORS:
        registry.register(connector)
    return create_app(Settings(data_dir=Path("unused")), registry).openapi()


DOCUMENT = _document()
OPERATIONS = [(method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item]
BODY_OPERATIONS = [(m, p) for m, p in OPERATIONS if "requestBody" in DOCUMENT["paths"][p][m.lower()]]


@dataclass
class World:
    """The objects real cases aim at, created through the live server."""

    base_url: str
    tenant: Tenant
    receiver: Receiver
    consumer_id: str = ""
    connection_id: str = ""
    webhook_id: str = ""
    webhook_log_id: str = ""
    issue_id: str = ""
    request_log_id: str = ""
    http: requests.Session = field(default_factory=requests.Session)

    def post(self, path: str, body: dict[str, Any], **headers: str) -> dict[str, Any]:
        response = self.http.post(
            f"{self.base_url}{path}", json=body, headers={**self.tenant.headers, **headers}, timeout=30
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def new_consumer_with_connection(self) -> tuple[str, str]:
        consumer = self.post("/consumers", {"name": "Contract Bistro", "internal_reference": "contract"})
        consumer_id = str(consumer["consumerid"])
        credentials = [{"key": "api_key", "value": API_KEY}, {"key": "shop_name", "value": "Bistro"}]
        link = self.post(
            f"/consumers/{consumer_id}/connections",
            {"integrationid": connectors.SAMPLE_POS_ID, "name": "Till", "credentials": credentials},
        )
        # The eCommerce routes answer from a connector of canned samples.
        self.post(
            f"/consumers/{consumer_id}/connections",
            {"integrationid": FULL_COMMERCE_ID, "name": "Shop", "credentials": []},
        )
        # So do the PMS routes.
        self.post(
            f"/consumers/{consumer_id}/connections",
            {"integrationid": FULL_PMS_ID, "name": "Hotel", "credentials": []},
        )
        # And the Accounting routes.
        self.post(
            f"/consumers/{consumer_id}/connections",
            {"integrationid": FULL_ACCOUNTING_ID, "name": "Books", "credentials": []},
        )
        # And the Invoicing routes.
        self.post(
            f"/consumers/{consumer_id}/connections",
            {"integrationid": FULL_INVOICING_ID, "name": "Invoicing", "credentials": []},
        )
        return consumer_id, str(link["connectionid"])

    def new_webhook(self) -> str:
        """An endpoint on the module's receiver, which answers 200: no failures, no issues."""
        created = self.post("/webhooks", {"event": "account.connection.created", "url": self.hook_url()})
        return str(created["webhookid"])

    def hook_url(self) -> str:
        return self.receiver.url(f"/contract/{uuid.uuid4().hex}")

    def get(self, path: str) -> Any:
        response = self.http.get(f"{self.base_url}{path}", headers=self.tenant.headers, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def base_url(settings: Settings, registry: ConnectorRegistry) -> Iterator[str]:
    registry.register(FullCommerceConnector)
    registry.register(FullPmsConnector)
    registry.register(FullAccountingConnector)
    registry.register(FullInvoicingConnector)
    try:
        with serve_in_thread(create_app(settings, registry)) as url:
            yield url
    finally:
        registry.unregister(FullCommerceConnector.manifest.slug)
        registry.unregister(FullPmsConnector.manifest.slug)
        registry.unregister(FullAccountingConnector.manifest.slug)
        registry.unregister(FullInvoicingConnector.manifest.slug)


@pytest.fixture(scope="module")
async def tenant(app: FastAPI, runtime: Runtime) -> Tenant:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://junction.test") as client:
        return await create_tenant(runtime, client, name="Contract Fuzzing")


@pytest.fixture(scope="module")
def world(base_url: str, tenant: Tenant) -> Iterator[World]:
    with running_receiver() as receiver:
        world = World(base_url, tenant, receiver)
        world.consumer_id, world.connection_id = world.new_consumer_with_connection()
        # A settled idempotency key, so the transaction lookup can answer 200.
        STATE.valid_keys.add(API_KEY)
        world.post(
            f"/consumers/{world.consumer_id}/pos/customers",
            {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"},
            **{"x-chift-client-requestid": SEEDED_REQUEST_ID},
        )
        # A webhook with a logged attempt, an issue, a request log: so that their routes answer 200.
        world.webhook_id = world.new_webhook()
        world.post(f"/webhooks/{world.webhook_id}/test", {})
        world.webhook_log_id = _eventually(lambda: world.get(f"/webhooks/{world.webhook_id}/logs"))[0][
            "webhooklogid"
        ]
        STATE.fail_next = [500]
        world.http.post(
            f"{base_url}/consumers/{world.consumer_id}/pos/customers",
            json={"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"},
            headers=tenant.headers,
            timeout=30,
        )
        world.issue_id = world.get("/issues")[0]["id"]
        world.request_log_id = world.get("/request-logs")["items"][0]["id"]
        with world.http:
            yield world


def _eventually(check: Any, within: float = 30.0) -> Any:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.05)
    raise AssertionError(f"not reached within {within}s")


@pytest.fixture(scope="module")
def schema(base_url: str) -> Any:
    # No generated Authorization header: every case carries the tenant's token, or none at all.
    config = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
    return schemathesis.openapi.from_url(f"{base_url}/openapi.json", config=config)


@pytest.fixture
def provider(provider_state: None) -> None:
    """The sample provider, reset for each test: accepts the world's key and holds customers."""
    STATE.valid_keys.add(API_KEY)
    STATE.seed(len(CUSTOMER_IDS))


def _mutates_platform(method: str, path: str) -> bool:
    return method != "GET" and "/pos/" not in path and "/commerce/" not in path and "{consumer_id}" in path


def _mutates_webhook(method: str, path: str) -> bool:
    return method in ("PATCH", "DELETE") and path == "/webhooks/{webhookid}"


def _real_cases(operation: Any, path: str, world: World) -> st.SearchStrategy[Any]:
    """Positive cases aimed at existing objects: the seeded consumer, connection, integrations,
    provider customers and idempotency key; on unified routes, no or a valid routing header."""
    fixed: dict[str, Any] = {}
    path_parameters: dict[str, Any] = {}
    if "{consumer_id}" in path:
        path_parameters["consumer_id"] = world.consumer_id
    for name in ("connectionid", "connection_id"):
        if f"{{{name}}}" in path:
            path_parameters[name] = world.connection_id
    if path == "/token":
        fixed["body"] = world.tenant.auth_item
    if path.endswith("/transactions"):
        fixed["query"] = {"client_request_id": SEEDED_REQUEST_ID}
    for name, value in (
        ("webhookid", world.webhook_id),
        ("webhooklogid", world.webhook_log_id),
        ("issue_id", world.issue_id),
        ("log_id", world.request_log_id),
    ):
        if f"{{{name}}}" in path:
            path_parameters[name] = value
    choices: dict[str, st.SearchStrategy[Any]] = {}
    if "{integrationid}" in path:
        choices["integrationid"] = st.sampled_from(INTEGRATION_IDS)
    if "{customer_id}" in path:
        choices["customer_id"] = st.sampled_from(CUSTOMER_IDS)
    options: list[dict[str, str]] = [{}]
    if "/pos/" in path:
        options += [
            {"x-chift-connectionid": world.connection_id},
            {"x-chift-integrationid": str(connectors.SAMPLE_POS_ID), "x-chift-raw-data": "true"},
        ]

    def aimed(drawn: tuple[dict[str, Any], dict[str, str]]) -> st.SearchStrategy[Any]:
        chosen, headers = drawn
        cases: st.SearchStrategy[Any] = operation.as_strategy(
            schemathesis.GenerationMode.POSITIVE,
            path_parameters={**path_parameters, **chosen},
            **fixed,
        )
        return cases.map(lambda case: _aim(case, headers, world))

    return st.tuples(st.fixed_dictionaries(choices), st.sampled_from(options)).flatmap(aimed)


def _aim(case: Any, headers: dict[str, str], world: World) -> Any:
    """Generated routing headers name no connection: keep only the chosen valid ones. The sample
    provider refuses a customer without an email (a 400, checked by the other cases). A webhook
    gets a real event and an address on the module's receiver (random ones are 400s, checked by
    the other cases)."""
    for name in ROUTING_HEADERS:
        case.headers.pop(name, None)
    case.headers.update(headers)
    if case.method == "POST" and case.path.endswith("/pos/customers") and isinstance(case.body, dict):
        case.body = {**case.body, "email": case.body.get("email") or "fuzz@example.com"}
    if case.path.startswith("/webhooks") and case.method in ("POST", "PATCH") and isinstance(case.body, dict):
        if case.path == "/webhooks":
            case.body = {**case.body, "event": "account.connection.created", "integrationid": None}
        if case.path == "/webhooks" or case.body.get("url") is not None:
            case.body["url"] = world.hook_url()
    return case


@pytest.mark.usefixtures("provider")
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_keeps_its_documented_contract(method: str, path: str, schema: Any, world: World) -> None:
    operation = schema[path][method]
    cases = st.one_of(
        st.tuples(st.just("generated"), operation.as_strategy(schemathesis.GenerationMode.POSITIVE)),
        st.tuples(st.just("negative"), operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)),
        st.tuples(st.just("real"), _real_cases(operation, path, world)),
    )
    statuses: set[int] = set()

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(drawn=cases, anonymous=st.integers(0, 9).map(lambda n: n == 9))
    def run(drawn: tuple[str, Any], anonymous: bool) -> None:
        variant, case = drawn
        if variant == "real" and _mutates_platform(method, path):
            consumer_id, connection_id = world.new_consumer_with_connection()
            replaced = {"consumer_id": consumer_id, "connectionid": connection_id}
            case.path_parameters = {
                name: replaced.get(name, value) for name, value in case.path_parameters.items()
            }
        if variant == "real" and _mutates_webhook(method, path):
            case.path_parameters = {**case.path_parameters, "webhookid": world.new_webhook()}
        headers = {} if anonymous else dict(world.tenant.headers)
        response = case.call(base_url=world.base_url, session=world.http, headers=headers)
        statuses.add(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()
    assert any(200 <= status < 300 for status in statuses), f"no 2xx answer, only {sorted(statuses)}"


@pytest.mark.usefixtures("provider")
@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS, ids=[f"{m} {p}" for m, p in BODY_OPERATIONS])
def test_an_undecodable_json_body_gets_a_documented_answer(
    method: str, path: str, schema: Any, world: World
) -> None:
    """FastAPI answers 400 "There was an error parsing the body" (not its 422) to a JSON body that
    is not UTF-8; the fuzzer found it undocumented once, this keeps it found."""
    names = {
        "consumer_id": world.consumer_id,
        "connectionid": world.connection_id,
        "order_id": "o0001",
        "variant_id": "v0001",
        "payment_id": "p0001",
        "client_id": "42",
        "supplier_id": "42",
        "invoice_id": "inv-42",
        "analytic_plan": "2",
        "analytic_account_id": "SHOP",
        "webhookid": world.webhook_id,
    }
    case = schema[path][method].Case(
        path_parameters={name: value for name, value in names.items() if f"{{{name}}}" in path}
    )
    response = world.http.request(
        method,
        f"{world.base_url}{case.formatted_path}",
        data=b'{"name": "\xff"}',
        headers={**world.tenant.headers, "content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400, response.text
    case.validate_response(response, checks=CHECKS)
