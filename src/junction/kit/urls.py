from fastapi import Request

from junction.runtime import get_runtime


def public_base_url(request: Request) -> str:
    configured = get_runtime(request).settings.public_url
    return (configured or str(request.base_url)).rstrip("/")
