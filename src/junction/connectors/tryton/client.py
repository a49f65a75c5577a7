"""A thin client over Tryton's REST API (trytond/protocols/rest.py, Tryton 8.x): search, read,
create, update and model methods, Tryton's JSON in and out, Tryton's errors turned into the
framework's typed errors. No unified types here.

- Routes: `/<db>/rest/model/<model>[/<id>][/<method>]`; a key of a `res.user.application`
  (application "rest") as Bearer.
- Company: the `X-Tryton-Context` header (base64url JSON). Without it company-scoped records
  are refused ("User in companies"). `_skip_warnings` is set because a warning (a past payment
  date on an imported invoice) would otherwise be a 400 the API user has no way to acknowledge.
- Fields: only `id`, `__name__`, `rec_name` unless asked with `f=` (dotted paths nest).
- Search: `d=` base64url JSON domain, `o=` order; `Range: records=a-b` answers `Content-Range:
  records a-b/<count or *>` (the count is `*` past ten times the window).
- Values: Decimal and dates are objects `{"__class__": "Decimal", "decimal": "1.00"}`.
- Errors: a user error (validation, access) is 400 `{status, message, description}`; a bug is
  an HTML 500."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import httpx

from junction.connectors._framework.errors import (
    ObjectNotFound,
    ProviderAuthFailed,
    ProviderMalformedResponse,
    ProviderRateLimited,
    ProviderRejectedInput,
    ProviderUnavailable,
)
from junction.connectors._framework.http import ProviderHTTP

Domain = Sequence[Any]
Record = dict[str, Any]
CONTENT_RANGE = re.compile(r"records (\d+)-(\d+)/(\d+|\*)")


def encode(value: Any) -> Any:
    """Python values to Tryton's JSON (trytond/protocols/jsonrpc.py JSONEncoder)."""
    if isinstance(value, Decimal):
        return {"__class__": "Decimal", "decimal": str(value)}
    if isinstance(value, dt.datetime):
        return {
            "__class__": "datetime",
            "year": value.year,
            "month": value.month,
            "day": value.day,
            "hour": value.hour,
            "minute": value.minute,
            "second": value.second,
            "microsecond": value.microsecond,
        }
    if isinstance(value, dt.date):
        return {"__class__": "date", "year": value.year, "month": value.month, "day": value.day}
    if isinstance(value, bytes):
        return {"__class__": "bytes", "base64": base64.b64encode(value).decode()}
    if isinstance(value, Mapping):
        return {key: encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    return value


def decode(obj: dict[str, Any]) -> Any:
    """Tryton's JSON objects back to Python values (the JSONDecoder's object hook)."""
    kind = obj.get("__class__")
    if kind == "Decimal":
        return Decimal(obj["decimal"])
    if kind == "date":
        return dt.date(obj["year"], obj["month"], obj["day"])
    if kind == "datetime":
        return dt.datetime(
            obj["year"],
            obj["month"],
            obj["day"],
            obj.get("hour", 0),
            obj.get("minute", 0),
            obj.get("second", 0),
            obj.get("microsecond", 0),
        )
    if kind == "bytes":
        return base64.b64decode(obj["base64"])
    return obj


def b64json(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(encode(value)).encode()).decode()


def context_header(company: int | None) -> str:
    context: dict[str, Any] = {"_skip_warnings": True}
    if company is not None:
        context.update(company=company, companies=[company])
    return b64json(context)


def message_of(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        return str(body.get("message") or body.get("description") or "")
    return ""


def check(response: httpx.Response, model: str = "", record_id: int | str = "") -> httpx.Response:
    status = response.status_code
    if status < 400:
        return response
    if status == 401:
        raise ProviderAuthFailed("Tryton refused the connection's REST key")
    if status == 429:
        raise ProviderRateLimited()
    if status >= 500:
        raise ProviderUnavailable(f"Tryton answered {status}")
    if status == 404:
        raise ObjectNotFound(thing_of(model), str(record_id))
    if status == 403:
        raise ProviderRejectedInput("Tryton refused this operation to the connection's user")
    raise ProviderRejectedInput(message_of(response) or f"Tryton answered {status}")


def thing_of(model: str) -> str:
    """`account.invoice` -> `invoice`, for the contract's ERROR_<THING>_NOT_FOUND."""
    return model.rsplit(".", 1)[-1] or "object"


def body_of(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content, object_hook=decode)
    except ValueError as exc:
        raise ProviderMalformedResponse("Tryton sent a body Junction could not read") from exc


class TrytonClient:
    def __init__(self, http: ProviderHTTP, database: str) -> None:
        self.http = http
        self.root = f"/{database}/rest"

    def _model(self, model: str, *parts: int | str) -> str:
        return "/".join([f"{self.root}/model/{model}", *(str(p) for p in parts)])

    async def search(
        self,
        model: str,
        domain: Domain,
        fields: Sequence[str],
        *,
        offset: int = 0,
        limit: int | None = None,
        order: Sequence[tuple[str, str]] | None = None,
    ) -> tuple[list[Record], int]:
        """One window of records and the exact count of the whole search."""
        params: list[tuple[str, str]] = [("f", f) for f in fields]
        if domain:
            params.append(("d", b64json(list(domain))))
        params.append(("o", b64json([list(o) for o in (order or [("id", "ASC")])])))
        headers = {}
        if limit is not None:
            headers["Range"] = f"records={offset}-{offset + limit}"
        response = await self.http.request("GET", self._model(model), params=params, headers=headers)
        if response.status_code == 416:  # past the end of the records
            return [], await self.count(model, domain)
        records = body_of(check(response, model))
        if not isinstance(records, list):
            raise ProviderMalformedResponse("Tryton sent a search answer that is not a list")
        if limit is None:
            return records, len(records)
        match = CONTENT_RANGE.fullmatch(response.headers.get("content-range", ""))
        if match is None:
            raise ProviderMalformedResponse("Tryton sent a search answer without its range")
        total = match.group(3)
        return records, int(total) if total != "*" else await self.count(model, domain)

    async def search_all(
        self,
        model: str,
        domain: Domain,
        fields: Sequence[str],
        order: Sequence[tuple[str, str]] | None = None,
    ) -> list[Record]:
        records, _ = await self.search(model, domain, fields, order=order)
        return records

    async def count(self, model: str, domain: Domain) -> int:
        """Tryton's REST API has no count: the ids of the whole search are the cheapest way."""
        return len(await self.search_all(model, domain, ["id"]))

    async def read(self, model: str, record_id: int | str, fields: Sequence[str]) -> Record:
        if not str(record_id).isdigit():
            raise ObjectNotFound(thing_of(model), str(record_id))
        response = await self.http.request(
            "GET", self._model(model, record_id), params=[("f", f) for f in fields]
        )
        record = body_of(check(response, model, record_id))
        if not isinstance(record, dict):
            raise ProviderMalformedResponse("Tryton sent a record that is not an object")
        return record

    async def create(self, model: str, values: Mapping[str, Any]) -> int:
        response = await self.http.request("POST", self._model(model), json=encode(values))
        return self._id_of(body_of(check(response, model)))

    async def update(self, model: str, record_id: int | str, values: Mapping[str, Any]) -> None:
        if not str(record_id).isdigit():
            raise ObjectNotFound(thing_of(model), str(record_id))
        response = await self.http.request("PUT", self._model(model, record_id), json=encode(values))
        check(response, model, record_id)

    async def delete(self, model: str, record_id: int) -> None:
        response = await self.http.request("DELETE", self._model(model, record_id))
        check(response, model, record_id)

    async def call(
        self, model: str, method: str, record_id: int | None = None, data: Mapping[str, Any] | None = None
    ) -> Any:
        """A model method of `__rpc__` (a button such as `post`), on one record or on the model."""
        parts: tuple[int | str, ...] = (method,) if record_id is None else (record_id, method)
        response = await self.http.request("POST", self._model(model, *parts), json=encode(dict(data or {})))
        check(response, model, record_id or "")
        return body_of(response) if response.content else None

    @staticmethod
    def _id_of(record: Any) -> int:
        if not isinstance(record, dict) or not isinstance(record.get("id"), int):
            raise ProviderMalformedResponse("Tryton sent a created record without its id")
        return int(record["id"])
