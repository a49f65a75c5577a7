"""Kounta's error answers. Kounta's docs show no general error body; the sandbox answers every
error in the OAuth style its token errors use, `{"error": code, "error_description": text}`
(an assumption, see README.md)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

ERROR_CODES = {
    400: "invalid_request",
    401: "invalid_token",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    429: "rate_limit_exceeded",
    500: "server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class KountaError(Exception):
    def __init__(
        self,
        status: int,
        description: str,
        error: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.error = error or ERROR_CODES.get(status, "error")
        self.description = description
        self.headers = dict(headers or {})


def error_response(status: int, description: str, error: str | None = None) -> JSONResponse:
    code = error or ERROR_CODES.get(status, "error")
    return JSONResponse({"error": code, "error_description": description}, status_code=status)


def respond(exc: KountaError) -> JSONResponse:
    response = error_response(exc.status, exc.description, exc.error)
    response.headers.update(exc.headers)
    return response
