from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from tests.sandboxes.support import client_for, kounta, sandbox_of


@pytest.fixture
def sandbox_app() -> Starlette:
    return kounta()


@pytest.fixture
async def api(sandbox_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(sandbox_app) as client:
        yield client
    await sandbox_of(sandbox_app).webhooks.aclose()
