from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold U+0000; refuse it at the edge rather than fail in the database.
    if "\x00" in value:
        raise ValueError("must not contain the NUL character")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
