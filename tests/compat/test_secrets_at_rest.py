"""Credentials given to Junction never show up again in plain text: not in the database, not in
the server's logs, not in any answer. Checked on the bytes a real server wrote."""

from __future__ import annotations

import json
import secrets
from typing import Any

import chift
import pytest
from chift.api.client import ChiftClient
from chift.api.exceptions import ChiftException
from sqlalchemy import text

from junction.config import normalize_database_url
from junction.db import create_engine
from tests.compat.conftest import AccountCredentials, Server
from tests.support.connectors import SAMPLE_POS_ID


async def stored_text(server: Server) -> str:
    """Everything the server's database holds, as text."""
    if server.database_url is None:
        # The WAL holds the latest writes until a checkpoint moves them into the main file.
        files = sorted(server.data_dir.glob(f"{server.sqlite_path.name}*"))
        assert server.sqlite_path in files
        return "\n".join(path.read_bytes().decode("latin-1") for path in files)
    engine = create_engine(normalize_database_url(server.database_url))
    try:
        async with engine.connect() as connection:
            tables = (
                await connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            ).scalars()
            rows: list[str] = []
            for table in list(tables):
                # The table names come from the catalog, not from input.
                query = f'SELECT CAST(t AS text) FROM public."{table}" AS t'  # noqa: S608
                rows.extend((await connection.execute(text(query))).scalars())
            return "\n".join(rows)
    finally:
        await engine.dispose()


def answer_text(path: str) -> str:
    answer: Any = ChiftClient().get(path)
    return json.dumps(answer)


async def test_credentials_are_never_stored_logged_or_answered_in_plain_text(
    sdk: AccountCredentials, server: Server
) -> None:
    live_key = server.provider_key  # accepted by the sample provider: calls through it succeed
    replaced_key = f"sk_live_SECRET_{secrets.token_hex(12)}"  # refused by the provider
    rejected_key = f"sk_live_SECRET_{secrets.token_hex(12)}"  # sent in a malformed request
    shop_name = f"Shop-{secrets.token_hex(6)}"  # not a secret: shown back as `data`

    consumer = chift.Consumer.create({"name": "Le Petit Bistro"})
    base = f"/consumers/{consumer.consumerid}/connections"
    link = consumer.Connection.create(
        {
            "integrationid": SAMPLE_POS_ID,
            "name": "Till",
            "credentials": [{"key": "api_key", "value": live_key}, {"key": "shop_name", "value": shop_name}],
        }
    )
    connection_id = str(link.connectionid)
    assert len(consumer.pos.Customer.all(limit=10)) == 10

    [connection] = consumer.Connection.all()
    assert connection.data == {"shop_name": shop_name}
    answers = [answer_text(base), answer_text(f"{base}/{connection_id}")]

    ChiftClient().patch(
        f"{base}/{connection_id}", data={"credentials": [{"key": "api_key", "value": replaced_key}]}
    )
    with pytest.raises(ChiftException) as refused:
        consumer.pos.Customer.all(limit=10)
    assert refused.value.error_code == "ERROR_PROVIDER_AUTHENTICATION"
    answers += [str(refused.value), answer_text(base), answer_text(f"{base}/{connection_id}")]

    # Credentials of the wrong shape: the validation error names the place, never the value.
    with pytest.raises(ChiftException) as invalid:
        ChiftClient().post(base, data={"integrationid": SAMPLE_POS_ID, "credentials": [rejected_key]})
    assert invalid.value.message == "Validation error"
    answers.append(str(invalid.value))

    assert shop_name in answers[0]
    stored = await stored_text(server)
    assert shop_name in stored, "the dump does not show what the server wrote"
    logs = server.log_text()
    assert f"on {server.base_url}" in logs, "the captured log is not this server's"

    for secret in (live_key, replaced_key, rejected_key, sdk.client_secret):
        assert secret not in stored
        assert secret not in logs
        for answer in answers:
            assert secret not in answer
