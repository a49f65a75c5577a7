"""The `junction` command line, run as a user runs it: a separate process."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from junction.app import create_app
from junction.config import Settings
from junction.connectors._framework.registry import ConnectorRegistry
from junction.migrate import upgrade_to_head
from tests.support.provider import STATE


def junction(data_dir: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JUNCTION_DATA_DIR": str(data_dir), "JUNCTION_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "junction", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "junction-data"


def test_version_and_help(home: Path, migrated_database: str) -> None:
    version = junction(home, migrated_database, "--version")
    help_text = junction(home, migrated_database, "--help")
    accounts_help = junction(home, migrated_database, "accounts", "--help")

    assert version.stdout.strip() == "junction 0.1.0"
    for command in ("serve", "migrate", "accounts", "keys"):
        assert command in help_text.stdout
    for command in ("create", "list", "rotate-secret", "disable"):
        assert command in accounts_help.stdout


def test_accounts_create_json_is_exactly_the_three_credentials(home: Path, migrated_database: str) -> None:
    created = junction(home, migrated_database, "accounts", "create", "Acme", "--json")

    assert created.returncode == 0, created.stderr
    assert list(json.loads(created.stdout)) == ["clientId", "clientSecret", "accountId"]


def test_first_start_creates_the_database_and_private_keys(home: Path) -> None:
    env_without_database = {k: v for k, v in os.environ.items() if k != "JUNCTION_DATABASE_URL"}
    env_without_database["JUNCTION_DATA_DIR"] = str(home)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "junction", *args]
        return subprocess.run(
            command, env=env_without_database, capture_output=True, text=True, timeout=60, check=False
        )

    first = run("accounts", "list")

    assert first.returncode == 0, first.stderr
    assert (home / "junction.db").exists()
    keys = home / "keys.json"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    before = keys.read_text()
    assert run("migrate").returncode == 0
    assert keys.read_text() == before


async def test_cli_accounts_work_against_the_api(
    home: Path, migrated_database: str, registry: ConnectorRegistry
) -> None:
    created = json.loads(junction(home, migrated_database, "accounts", "create", "Acme", "--json").stdout)
    app = create_app(Settings(data_dir=home, database_url=migrated_database), registry)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        assert (await c.post("/token", json=created)).status_code == 200

        listed = junction(home, migrated_database, "accounts", "list", "--json")
        mine = [a for a in json.loads(listed.stdout) if a["accountId"] == created["accountId"]]
        assert mine[0]["name"] == "Acme"
        assert created["clientSecret"] not in listed.stdout

        rotated = junction(
            home, migrated_database, "accounts", "rotate-secret", created["clientId"], "--json"
        )
        new = json.loads(rotated.stdout)
        assert (await c.post("/token", json=created)).status_code == 401
        assert (await c.post("/token", json=new)).status_code == 200

        disabled = junction(home, migrated_database, "accounts", "disable", created["accountId"])
        assert disabled.returncode == 0
        assert (await c.post("/token", json=new)).status_code == 401

    unknown = junction(home, migrated_database, "accounts", "disable", "no-such-account")
    assert unknown.returncode == 1
    assert "no account" in unknown.stderr


async def test_keys_rotate_reencrypts_while_the_server_keeps_serving(
    home: Path, registry: ConnectorRegistry
) -> None:
    # A database of its own: `keys rotate` re-encrypts every connection of the database, and the
    # shared one holds connections sealed under the test session's keys, not under this home's.
    home.mkdir(parents=True)  # noqa: ASYNC240 - test set-up, nothing else runs on the loop yet
    migrated_database = f"sqlite+aiosqlite:///{home / 'rotate.db'}"
    await upgrade_to_head(migrated_database)
    creds: dict[str, Any] = json.loads(
        junction(home, migrated_database, "accounts", "create", "A", "--json").stdout
    )
    app = create_app(Settings(data_dir=home, database_url=migrated_database), registry)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        token = (await c.post("/token", json=creds)).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        consumer = (await c.post("/consumers", json={"name": "C"}, headers=headers)).json()
        STATE.valid_keys.add("rotating-key")
        await c.post(
            f"/consumers/{consumer['consumerid']}/connections",
            json={
                "integrationid": 90001,
                "credentials": [
                    {"key": "api_key", "value": "rotating-key"},
                    {"key": "shop_name", "value": "s"},
                ],
            },
            headers=headers,
        )
        old_keys = json.loads((home / "keys.json").read_text())["fernet_keys"]

        rotated = junction(home, migrated_database, "keys", "rotate", "--prune")

        assert rotated.returncode == 0, rotated.stderr
        new_keys = json.loads((home / "keys.json").read_text())["fernet_keys"]
        assert len(new_keys) == 1
        assert new_keys[0] not in old_keys
        # The running server only knew the old key; it picks up the rotated one by itself.
        served = await c.get(f"/consumers/{consumer['consumerid']}/pos/customers", headers=headers)
        assert served.status_code == 200, served.text
