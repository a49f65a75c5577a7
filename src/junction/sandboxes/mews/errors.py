"""Mews' error answers (guidelines/responses.md): a JSON object with `Message` (required) and
`RequestId`; every response carries a `Request-Id` header."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from starlette.responses import JSONResponse


class MewsError(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_response(status: int, message: str) -> JSONResponse:
    request_id = str(uuid.uuid4())
    return JSONResponse(
        {"Message": message, "RequestId": request_id, "Details": None},
        status_code=status,
        headers={"Request-Id": request_id},
    )


def respond(exc: MewsError) -> JSONResponse:
    response = error_response(exc.status, exc.message)
    response.headers.update(exc.headers)
    return response
