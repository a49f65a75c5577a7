"""Every vertical keeps the reference contract field by field.

Each vertical is described by a `Contract` (tests/verticals/reference.py) in its own
test_<vertical>_contract.py, next to the checks only it needs. For each of them:

- Our OpenAPI document against the reference one shipped in the official SDK: every operation
  with its id, summary, tag, parameters (required-ness, types, enums, defaults), request body and
  success answer, compared recursively (names of the schemas aside, checked on their own).
- Each unified model, with every field set, with only its required ones, and with every value of
  every enum, goes through the SDK's own pydantic model and back unchanged.
- Each route reaches a connector method with typed arguments, and what it answers validates in
  the SDK's model; values outside the contract are refused before any connector is called.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from junction.runtime import Runtime
from junction.unified.common import PageRequest
from junction.verticals.catalog import OPERATIONS, operations_of
from tests.verticals.reference import (
    OUR_QUERY_LIMITS,
    REFERENCE,
    Calls,
    Contract,
    Route,
    body,
    connected,
    declared,
    parameters,
    reached,
    referenced_names,
    schemas_used,
    shape,
    success,
)
from tests.verticals.test_accounting_contract import CONTRACT as ACCOUNTING
from tests.verticals.test_commerce_contract import CONTRACT as COMMERCE
from tests.verticals.test_invoicing_contract import CONTRACT as INVOICING
from tests.verticals.test_pms_contract import CONTRACT as PMS
from tests.verticals.test_pos_contract import CONTRACT as POS

CONTRACTS = (POS, PMS, COMMERCE, INVOICING, ACCOUNTING)


def each(cases: Callable[[Contract], Iterable[tuple[str, Sequence[Any]]]]) -> list[Any]:
    """The cases of every vertical, each as (contract, *values), named `<vertical>-<name>`."""
    return [
        pytest.param(contract, *values, id=f"{contract.vertical.value}-{name}")
        for contract in CONTRACTS
        for name, values in cases(contract)
    ]


BY_VERTICAL = [pytest.param(contract, id=contract.vertical.value) for contract in CONTRACTS]
REFERENCE_OPERATIONS = each(lambda c: ((f"{m} {p}", (m, p)) for m, p in c.reference_operations()))
ROUND_TRIPS = each(lambda c: ((name, (item, model)) for name, item, model in c.round_trips()))
SAMPLES = each(lambda c: ((type(item).__name__, (item,)) for item, _ in c.sdk_models))
ROUTED = each(lambda c: ((f"{r[1]} {r[2]} {sorted(r[3])}", (r,)) for r in c.routed))


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


@pytest.mark.parametrize("contract", BY_VERTICAL)
def test_the_catalog_lists_exactly_the_reference_operations(contract: Contract) -> None:
    mine = operations_of(contract.vertical)
    ours = sorted((op.method, contract.prefix + op.path.lstrip("/")) for op in mine)
    by_path = {(op.method, contract.prefix + op.path.lstrip("/")): op for op in mine}

    assert ours == contract.reference_operations()
    for method, path in ours:
        reference = REFERENCE["paths"][path][method.lower()]
        assert by_path[(method, path)].operation_id == reference["operationId"]
        assert by_path[(method, path)].summary == reference["summary"]


@pytest.mark.parametrize("contract", BY_VERTICAL)
def test_the_writes_are_the_described_ones(contract: Contract) -> None:
    """A write takes an idempotency key; the reads do not."""
    writes = {key for key, op in OPERATIONS.items() if op.writes and op.vertical == contract.vertical}

    assert writes == contract.writes


@pytest.mark.parametrize(("contract", "method", "path"), REFERENCE_OPERATIONS)
def test_operation_matches_the_reference(
    contract: Contract, method: str, path: str, document: dict[str, Any]
) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    assert path in document["paths"], f"{method} {path} missing"
    ours = document["paths"][path][method.lower()]

    assert ours["operationId"] == reference["operationId"]
    assert ours["tags"] == [contract.vertical.api]
    assert parameters(document, ours, OUR_QUERY_LIMITS) == parameters(REFERENCE, reference)
    if "requestBody" in reference:
        assert ours["requestBody"]["required"] == reference["requestBody"]["required"]
        assert shape(document, body(ours)) == shape(REFERENCE, body(reference))
    else:
        assert "requestBody" not in ours
    our_status, our_answer = success(ours)
    reference_status, reference_answer = success(reference)
    assert our_status == reference_status
    if reference_answer is None:
        assert our_answer is None
    else:
        assert our_answer is not None
        answered = shape(document, our_answer)
        # Junction's addition: `raw_data` on a page, when the client asks for it with x-chift-raw-data.
        answered.get("properties", {}).pop("raw_data", None)
        assert answered == shape(REFERENCE, reference_answer)


@pytest.mark.parametrize(("contract", "method", "path"), REFERENCE_OPERATIONS)
def test_schemas_carry_the_reference_names(
    contract: Contract, method: str, path: str, document: dict[str, Any]
) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    ours = document["paths"][path][method.lower()]
    reference_names = referenced_names(REFERENCE, schemas_used(reference))

    assert referenced_names(document, schemas_used(ours)) == {contract.our_name(n) for n in reference_names}
    for name in reference_names:
        ours_title = document["components"]["schemas"][contract.our_name(name)]["title"]
        assert ours_title == REFERENCE["components"]["schemas"][name]["title"]


@pytest.mark.parametrize(("contract", "item", "sdk_model"), ROUND_TRIPS)
def test_unified_model_round_trips_through_the_sdk_model(
    contract: Contract, item: BaseModel, sdk_model: Any
) -> None:
    as_sdk = sdk_model.model_validate(item.model_dump(mode="json"))
    back = type(item).model_validate(as_sdk.model_dump(mode="json"))

    assert back == item
    assert not as_sdk.model_extra, "a field the SDK does not know"


@pytest.mark.parametrize(("contract", "item"), SAMPLES)
def test_unified_models_survive_pickling(contract: Contract, item: BaseModel) -> None:
    """Background jobs pickle their arguments; the reference names must not get in the way."""
    assert pickle.loads(pickle.dumps(item)) == item  # noqa: S301 (our own bytes)


@pytest.mark.parametrize("contract", BY_VERTICAL)
def test_enums_hold_exactly_the_published_values(contract: Contract) -> None:
    assert declared(contract.unified, Enum) == set(contract.enums)
    for enum, published in {**contract.enums, **contract.shared_enums}.items():
        assert [member.value for member in enum] == [member.value for member in published], enum


@pytest.mark.parametrize("contract", BY_VERTICAL)
def test_every_reference_named_model_is_round_tripped(contract: Contract) -> None:
    """Every unified response or body model appears, itself or nested, in the round trips."""
    seen = reached([type(item) for item, _ in contract.sdk_models])
    # Queries and options are read from query strings, not from the reference's schemas; the
    # private bases only lend fields to the named models.
    models = {m for m in declared(contract.unified, BaseModel) if not m.__name__.startswith("_")}
    options = {m for m in models if m.__name__.endswith(("Query", "Options"))}

    assert models - options <= seen
    assert set(contract.also_reached) <= seen


@pytest.mark.parametrize("contract", BY_VERTICAL)
def test_every_operation_is_routed(contract: Contract) -> None:
    assert {case[0] for case in contract.routed} == {op.key for op in operations_of(contract.vertical)}


@pytest.mark.usefixtures("full_connectors")
@pytest.mark.parametrize(("contract", "route"), ROUTED)
async def test_route_calls_the_connector_with_typed_arguments(
    client: httpx.AsyncClient, runtime: Runtime, calls: Calls, contract: Contract, route: Route
) -> None:
    key, method, path, query, sent, arguments, sdk_model = route
    headers, base, _ = await connected(client, runtime, contract)
    operation = REFERENCE["paths"][contract.prefix + OPERATIONS[key].path.lstrip("/")][method.lower()]
    documented, _ = success(operation)

    response = await client.request(method, base + path, params=query, json=sent, headers=headers)

    assert calls == [(key, arguments)], response.text
    assert response.status_code == int(documented), response.text
    if sdk_model is None:
        # The SDK reads a 204 as success and returns True.
        assert response.status_code == 204
        assert response.content == b""
        return
    answered = response.json()
    page = next((a for a in arguments if isinstance(a, PageRequest)), None)
    if isinstance(answered, list):
        assert answered
        for element in answered:
            sdk_model.model_validate(element)
    elif page is None:
        sdk_model.model_validate(answered)
    else:
        assert (answered["page"], answered["size"]) == (page.page, page.size)
        assert answered["total"] >= len(answered["items"]) >= 1
        for item in answered["items"]:
            sdk_model.model_validate(item)


@pytest.mark.usefixtures("full_connectors")
@pytest.mark.parametrize("contract", BY_VERTICAL)
async def test_values_outside_the_contract_are_refused(
    client: httpx.AsyncClient, runtime: Runtime, calls: Calls, contract: Contract
) -> None:
    headers, base, _ = await connected(client, runtime, contract)

    for method, path, query, sent in contract.refused:
        response = await client.request(method, base + path, params=query, json=sent, headers=headers)
        assert response.status_code == 422, (method, path, query, sent)
        assert response.json()["status"] == "error"
    assert calls == []
