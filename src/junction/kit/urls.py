from fastapi import Request

from junction.runtime import runtime_of


def public_base_url(request: Request) -> str:
    configured = runtime_of(request).settings.public_url
    return (configured or str(request.base_url)).rstrip("/")
