"""What a connector raises when the provider does not give what was asked. Each maps to one
status and error code of the contract; the gateway turns any other exception into a 502."""

from __future__ import annotations

from junction.errors import JunctionError


class ProviderError(JunctionError):
    status_code = 502
    error_code = "ERROR_PROVIDER"
    default_message = "The provider returned an error"


class ProviderAuthFailed(ProviderError):
    status_code = 502
    error_code = "ERROR_PROVIDER_AUTHENTICATION"
    default_message = "Authentication with the provider failed; the connection must be renewed"


class ProviderRateLimited(ProviderError):
    status_code = 429
    error_code = "ERROR_PROVIDER_RATE_LIMITED"
    default_message = "The provider's rate limit was reached; retry later"


class ProviderUnavailable(ProviderError):
    status_code = 502
    error_code = "ERROR_PROVIDER_UNAVAILABLE"
    default_message = "The provider did not answer in time or answered with a server error"


class ProviderMalformedResponse(ProviderError):
    status_code = 502
    error_code = "ERROR_PROVIDER_MALFORMED_RESPONSE"
    default_message = "The provider answered with a body Junction could not read"


class ProviderRejectedInput(ProviderError):
    status_code = 400
    error_code = "ERROR_PROVIDER_REJECTED_INPUT"


class ObjectNotFound(ProviderError):
    status_code = 404
    error_code = "ERROR_OBJECT_NOT_FOUND"
    default_message = "The object does not exist"

    def __init__(self, thing: str = "object", object_id: str = "") -> None:
        self.error_code = f"ERROR_{thing.upper()}_NOT_FOUND"  # type: ignore[misc]
        super().__init__(f"The {thing.replace('_', ' ')} {object_id!r} does not exist".replace(" ''", ""))


class OperationNotSupported(ProviderError):
    status_code = 405
    error_code = "ERROR_OPERATION_NOT_SUPPORTED"
