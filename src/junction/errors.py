"""Every error Junction answers with, in the contract's body:
`{"status": "error", "message": ..., "error_code": "ERROR_...", "detail": ...}`."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel


class ErrorBody(BaseModel):
    """The contract's error body (the reference calls it ChiftError)."""

    status: str = "error"
    message: str
    error_code: str | None = None
    detail: Any = ""


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(BaseModel):
    status: str = "error"
    message: str = "Validation error"
    error_code: str = "ERROR_VALIDATION"
    detail: list[ValidationErrorItem]


class JunctionError(Exception):
    status_code: ClassVar[int] = 400
    error_code: ClassVar[str] = "ERROR_BAD_REQUEST"
    default_message: ClassVar[str] = "Bad request"

    def __init__(self, message: str | None = None, detail: Any = "") -> None:
        self.message = message or self.default_message
        self.detail = detail
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        return ErrorBody(message=self.message, error_code=self.error_code, detail=self.detail).model_dump()


class BadRequest(JunctionError):
    pass


class NotAuthenticated(JunctionError):
    status_code = 401
    error_code = "ERROR_UNAUTHORIZED"
    default_message = "Missing or invalid access token"


class InvalidCredentials(JunctionError):
    status_code = 401
    error_code = "ERROR_INVALID_CREDENTIALS"
    default_message = "The clientId, clientSecret or accountId is not valid"


class RouteNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_ROUTE_NOT_FOUND"
    default_message = "This route does not exist"


class MethodNotAllowed(JunctionError):
    status_code = 405
    error_code = "ERROR_METHOD_NOT_ALLOWED"
    default_message = "This method is not allowed on this route"


class ConsumerNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_CONSUMER_NOT_FOUND"
    default_message = "The consumer does not exist"


class ConnectionNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_CONNECTION_NOT_FOUND"
    default_message = "The connection does not exist"


class IntegrationNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_INTEGRATION_NOT_FOUND"
    default_message = "The integration does not exist"


class IntegrationNotValid(JunctionError):
    error_code = "ERROR_INTEGRATION_NOT_VALID"
    default_message = "The specified integrationid is not valid, is not active or does not exist"


class ConnectionAlreadyExists(JunctionError):
    error_code = "ERROR_CONNECTION_ALREADY_EXISTS"


class CredentialsInvalid(JunctionError):
    error_code = "ERROR_MISSING_CREDENTIALS"
    default_message = "Missing at least one credential for this integration"


class NoActiveConnection(JunctionError):
    status_code = 404
    error_code = "ERROR_NO_ACTIVE_CONNECTION"


class AmbiguousConnection(JunctionError):
    error_code = "ERROR_MULTIPLE_CONNECTIONS"


class ConnectionInactive(JunctionError):
    error_code = "ERROR_CONNECTION_INACTIVE"


class TransactionNotFound(JunctionError):
    status_code = 404
    error_code = "ERROR_TRANSACTION_NOT_FOUND"
    default_message = "No request with this client_request_id was made on this connection"


class RequestAlreadyProcessed(JunctionError):
    status_code = 409
    error_code = "REQUEST_ALREADY_PROCESSED"
    default_message = "A request with this x-chift-client-requestid was already processed"


class RequestInProcess(JunctionError):
    status_code = 409
    error_code = "REQUEST_IN_PROCESS"
    default_message = "A request with this x-chift-client-requestid is being processed"


class ConnectionSecretsUnreadable(JunctionError):
    status_code = 500
    error_code = "ERROR_CONNECTION_SECRETS_UNREADABLE"
    default_message = (
        "The connection's credentials cannot be decrypted with this server's keys; "
        "check JUNCTION_SECRET_KEYS or keys.json in the data directory"
    )


class InternalError(JunctionError):
    status_code = 500
    error_code = "ERROR_INTERNAL"
    default_message = "Internal server error"


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request"},
    401: {"model": ErrorBody, "description": "Missing or invalid access token"},
    404: {"model": ErrorBody, "description": "Not found"},
    409: {"model": ErrorBody, "description": "Conflict"},
    422: {"model": ValidationErrorBody, "description": "Validation error"},
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route, so the OpenAPI document shows its error bodies."""
    return {code: ERROR_RESPONSES[code] for code in codes}
