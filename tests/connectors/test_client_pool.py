"""The pooled provider clients: reused across calls, kept across token refreshes, and never
closed under a call that is still using them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import httpx

from junction.connectors._framework.pool import ClientPool


def build(credentials: Mapping[str, str]) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=credentials.get("base_url", "https://provider.test"))


async def test_a_token_refresh_keeps_the_client_and_new_settings_replace_it() -> None:
    pool = ClientPool()
    connection = uuid.uuid4()
    first = pool.client_for(connection, {"client_id": "c", "access_token": "a1"}, build)

    refreshed = pool.client_for(
        connection, {"client_id": "c", "access_token": "a2", "refresh_token": "r"}, build
    )
    moved = pool.client_for(connection, {"client_id": "c", "base_url": "https://elsewhere.test"}, build)

    assert refreshed is first
    assert moved is not first
    await pool.close()
    assert first.is_closed
    assert moved.is_closed


async def test_a_retired_client_is_not_closed_under_a_call_still_using_it() -> None:
    pool = ClientPool()
    connection = uuid.uuid4()
    in_use = pool.client_for(connection, {"client_id": "c"}, build)
    pool.client_for(connection, {"client_id": "other"}, build)

    await pool.sweep()

    assert not in_use.is_closed
    await pool.sweep(grace=0.0)
    assert in_use.is_closed
    await pool.close()
