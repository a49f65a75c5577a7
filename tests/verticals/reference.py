"""What the contract tests of every vertical share: the reference OpenAPI document shipped in the
official SDK, the helpers that compare a schema of ours with one of its (names of the schemas
aside, checked on their own), and `Contract`, the description of one vertical that
tests/verticals/test_vertical_contracts.py runs the common checks against."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple, TypeVar

import chift
import httpx
from pydantic import BaseModel

from junction.connectors._framework.base import Connector
from junction.runtime import Runtime
from junction.unified.common import PageRequest, Vertical
from tests.factories import connect_sample_pos, create_consumer, create_tenant

REFERENCE: dict[str, Any] = json.loads(
    (Path(chift.__file__).parent / "openapi" / "openapi.json").read_text(encoding="utf-8")
)
METHODS = {"get", "post", "put", "patch", "delete"}
# Words that do not change what a client may send or receive.
NOT_SHAPE = frozenset({"title", "description", "examples", "x-chift-support"})
# Junction bounds the length of free-text query strings (search, email, phone); the reference
# leaves them unbounded.
OUR_QUERY_LIMITS = NOT_SHAPE | {"maxLength"}
BOUNDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}

# Values the routing cases of several verticals send and expect.
MARCH = {"date_from": "2025-03-01", "date_to": "2025-03-31"}
FIRST, LAST = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
MOMENT = "2025-03-01T08:00:00Z"
AT = dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC)
DEFAULT = PageRequest()

# What a Full*Connector received: (operation key, arguments), one a call.
Calls = list[tuple[str, tuple[Any, ...]]]
# key, method, path (below the vertical's), query, body, the connector's arguments, the SDK model
# of the answer (of its items for a page, of each element for a list; None for a 204 without body)
Route = tuple[str, str, str, dict[str, str], Any, tuple[Any, ...], Any]
# method, path, query, body: a request the vertical must refuse with a 422
Refused = tuple[str, str, dict[str, str], Any]


@dataclass(frozen=True)
class Contract:
    """One vertical, as the common checks of test_vertical_contracts.py need to know it."""

    # `junction.unified.<vertical>`: its enums and models are all checked.
    unified: ModuleType
    # A connector implementing every operation of the vertical (and only them, with one
    # integration) with canned samples; `calls` is its record of what it received.
    connector: type[Connector]
    calls: Calls
    # The SDK's enum for each enum `unified` declares (all of them, nothing else).
    enums: Mapping[type[Enum], Any]
    # A sample of each unified model with every field set, with the SDK model it must round-trip
    # through; then more samples, one for each value of each enum, named.
    sdk_models: Sequence[tuple[BaseModel, Any]]
    enum_variants: Sequence[tuple[str, BaseModel, Any]]
    # Every operation at least once, with what the connector must receive.
    routed: Sequence[Route]
    refused: Sequence[Refused]
    # The operations that write (and so take an idempotency key).
    writes: frozenset[str]
    # The SDK's enum for each enum it uses from other modules.
    shared_enums: Mapping[type[Enum], Any] = field(default_factory=dict)
    # Reference schema names ours spells otherwise.
    renamed: Mapping[str, str] = field(default_factory=dict)
    # Models declared elsewhere (in `common`) the round trips must reach too.
    also_reached: tuple[type[BaseModel], ...] = ()

    @property
    def vertical(self) -> Vertical:
        return self.connector.manifest.integrations[0].vertical

    @property
    def integration_id(self) -> int:
        return self.connector.manifest.integrations[0].integration_id

    @property
    def prefix(self) -> str:
        return f"/consumers/{{consumer_id}}/{self.vertical.value}/"

    def reference_operations(self) -> list[tuple[str, str]]:
        return sorted(
            (method.upper(), path)
            for path, item in REFERENCE["paths"].items()
            if path.startswith(self.prefix)
            for method in item
            if method in METHODS
        )

    def our_name(self, reference_name: str) -> str:
        return self.renamed.get(reference_name, reference_name)

    def round_trips(self) -> list[tuple[str, BaseModel, Any]]:
        """Each sample, the same with only its required fields, and each enum variant."""
        return [
            *((type(item).__name__, item, model) for item, model in self.sdk_models),
            *(
                (f"{type(item).__name__}-required-only", minimal(item), model)
                for item, model in self.sdk_models
            ),
            *self.enum_variants,
        ]


def get(path: str, query: dict[str, str] | None = None) -> Refused:
    return "GET", path, query or {}, None


def resolve(doc: dict[str, Any], ref: str) -> dict[str, Any]:
    return doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]  # type: ignore[no-any-return]


def default(value: Any) -> Any:
    """The reference writes number defaults as strings ("0"); compare them as numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    try:
        return float(value)
    except ValueError:
        return value


def shape(doc: dict[str, Any], schema: dict[str, Any], ignore: frozenset[str] = NOT_SHAPE) -> dict[str, Any]:
    """What a schema accepts, with its references expanded and the words in `ignore` left out."""
    result: dict[str, Any] = {}
    if "$ref" in schema:
        result.update(shape(doc, resolve(doc, schema["$ref"]), ignore))
    for key, value in schema.items():
        if key in ignore or key == "$ref":
            continue
        if key in ("anyOf", "oneOf"):
            result["anyOf"] = sorted(
                (shape(doc, s, ignore) for s in value), key=lambda s: json.dumps(s, sort_keys=True)
            )
        elif key == "allOf" and len(value) == 1:
            result.update(shape(doc, value[0], ignore))
        elif key == "items":
            result["items"] = shape(doc, value, ignore)
        elif key == "properties":
            result["properties"] = {name: shape(doc, s, ignore) for name, s in value.items()}
        elif key in ("required", "enum"):
            result[key] = sorted(value)
        elif key in BOUNDS:
            result[key] = float(value)
        elif key == "default":
            result[key] = default(value)
        else:
            result[key] = value
    return result


def parameters(
    doc: dict[str, Any], op: dict[str, Any], ignore: frozenset[str] = NOT_SHAPE
) -> dict[tuple[str, str], dict[str, Any]]:
    """Path and query parameters; headers are left out (ours adds the routing ones)."""
    return {
        (p["in"], p["name"]): {
            "required": p.get("required", False),
            "schema": shape(doc, p["schema"], ignore),
        }
        for p in op.get("parameters", [])
        if p["in"] in ("path", "query")
    }


def success(op: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """The documented success status (200, 201 or 204) and its answer's schema (None for a 204)."""
    status = next(code for code in op["responses"] if code.startswith("2"))
    content = op["responses"][status].get("content")
    return status, content["application/json"]["schema"] if content else None


def body(op: dict[str, Any]) -> dict[str, Any]:
    return op["requestBody"]["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def schemas_used(op: dict[str, Any]) -> list[Any]:
    used = [success(op)[1] or {}, op.get("requestBody", {})]
    return used + [p["schema"] for p in op.get("parameters", []) if p["in"] in ("path", "query")]


def referenced_names(doc: dict[str, Any], schema: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            names |= {name} | referenced_names(doc, doc["components"]["schemas"][name])
        for value in schema.values():
            names |= referenced_names(doc, value)
    elif isinstance(schema, list):
        for value in schema:
            names |= referenced_names(doc, value)
    return names


def minimal(item: BaseModel) -> BaseModel:
    """The same object with only its required fields: the others take their defaults."""
    fields = type(item).model_fields
    return type(item).model_validate(
        {name: getattr(item, name) for name, field in fields.items() if field.is_required()}
    )


T = TypeVar("T")


def declared(module: ModuleType, kind: type[T]) -> set[type[T]]:
    """The subclasses of `kind` that `module` itself declares."""
    return {
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, kind) and value.__module__ == module.__name__
    }


def types_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from types_in(argument)


def reached(models: Sequence[type[BaseModel]]) -> set[type[BaseModel]]:
    """The models given and every model their fields hold, however deep."""
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for field_info in model.model_fields.values():
            for candidate in types_in(field_info.annotation):
                walk(candidate)

    for model in models:
        walk(model)
    return seen


class Connected(NamedTuple):
    headers: dict[str, str]
    # The vertical's routes below one consumer: /consumers/<id>/<vertical>
    base: str
    connection_id: str


async def connected(
    client: httpx.AsyncClient, runtime: Runtime, contract: Contract, integration_id: int | None = None
) -> Connected:
    """A new tenant's consumer connected to the contract's full connector (or to another)."""
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    connection_id = await connect_sample_pos(
        client, tenant, consumer["consumerid"], integration_id=integration_id or contract.integration_id
    )
    return Connected(
        tenant.headers, f"/consumers/{consumer['consumerid']}/{contract.vertical.value}", connection_id
    )
