"""Unified routes are declared once in the catalog; this turns a catalog key into a route."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from fastapi import APIRouter

from junction.connectors._framework.errors import ProviderError
from junction.errors import ERROR_RESPONSES, ErrorBody
from junction.unified.common import Vertical
from junction.verticals.catalog import OPERATIONS

F = TypeVar("F", bound=Callable[..., Any])


class BoolParam(StrEnum):
    """A boolean query parameter as the contract spells it: exactly "true" or "false"."""

    true = "true"
    false = "false"


UNIFIED_ERRORS: dict[int | str, dict[str, Any]] = {
    400: ERROR_RESPONSES[400],
    401: ERROR_RESPONSES[401],
    404: ERROR_RESPONSES[404],
    405: {"model": ErrorBody, "description": "The integration does not support this operation"},
    409: {"model": ErrorBody, "description": "x-chift-client-requestid already used"},
    502: {"model": ErrorBody, "description": ProviderError.default_message},
}


def vertical_router(vertical: Vertical) -> APIRouter:
    return APIRouter(
        prefix=f"/consumers/{{consumer_id}}/{vertical.value}",
        tags=[vertical.api],
        responses=UNIFIED_ERRORS,
    )


def unified_route(
    router: APIRouter, key: str, response_model: Any, status_code: int = 200
) -> Callable[[F], F]:
    """`status_code` is the success status the reference documents (a few writes answer 201);
    the gateway answers with the status of the route it serves."""
    op = OPERATIONS[key]
    return router.api_route(
        op.path,
        methods=[op.method],
        response_model=response_model,
        status_code=status_code,
        operation_id=op.operation_id,
        summary=op.summary,
    )
