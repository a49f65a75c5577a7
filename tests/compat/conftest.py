"""The official SDK against a real `junction serve` process over HTTP, with an account made by the
`junction` CLI, the way a user gets one.

The server runs the test-only connectors (JUNCTION_EXTRA_CONNECTORS) and, inside itself, the
sample provider they call; that provider accepts the keys and starts with the customers given in
SAMPLE_PROVIDER_KEYS and SAMPLE_PROVIDER_SEED (tests/support/provider.py)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chift
import httpx
import pytest
from chift.api.client import ChiftClient

from tests.support.provider import KEYS_ENV, SEED_ENV

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
CLI_TIMEOUT = 120.0
SEEDED_CUSTOMERS = 230


@dataclass(frozen=True)
class AccountCredentials:
    client_id: str
    client_secret: str
    account_id: str


@dataclass(frozen=True)
class Server:
    base_url: str
    data_dir: Path
    log_path: Path
    # None: the server keeps its SQLite database in data_dir, as it does with no configuration.
    database_url: str | None
    # Kept out of repr: it copies the whole environment, shown in any failure report otherwise.
    env: dict[str, str] = field(repr=False)
    # A key the sample provider inside the server accepts; shaped like a live secret so that a
    # leak of it is easy to spot.
    provider_key: str
    seeded_customers: int

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "junction.db"

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def cli(self, *args: str) -> str:
        """Run `junction ARGS` against this server's database; its standard output."""
        done = subprocess.run(
            [*junction_command(), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, f"junction {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def create_account(self, name: str) -> AccountCredentials:
        return parse_credentials(self.cli("accounts", "create", name, "--json"))

    def client(self, account: AccountCredentials) -> Any:
        """An SDK client for `account`, configured by its keyword arguments."""
        return ChiftClient(
            client_id=account.client_id,
            client_secret=account.client_secret,
            account_id=account.account_id,
            url_base=self.base_url,
        )


def value(member: Any) -> Any:
    """The SDK's enums are plain Enums: their value, to compare with the wire's strings."""
    return getattr(member, "value", member)


def parse_credentials(printed: str) -> AccountCredentials:
    issued = json.loads(printed)
    assert set(issued) == {"clientId", "clientSecret", "accountId"}
    return AccountCredentials(issued["clientId"], issued["clientSecret"], issued["accountId"])


def junction_command() -> list[str]:
    """The `junction` console script installed beside this interpreter."""
    script = Path(sys.executable).with_name("junction")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from junction.cli import app; app()"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_environment(data_dir: Path, provider_key: str) -> dict[str, str]:
    # Nothing from the developer's own Junction configuration leaks into the server under test.
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
    env.update(
        {
            "JUNCTION_DATA_DIR": str(data_dir),
            "JUNCTION_EXTRA_CONNECTORS": "tests.support.connectors",
            "JUNCTION_LOG_LEVEL": "DEBUG",
            "PYTHONPATH": os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH")) if p),
            "PYTHONUNBUFFERED": "1",
            KEYS_ENV: provider_key,
            SEED_ENV: str(SEEDED_CUSTOMERS),
        }
    )
    if configured := os.environ.get("JUNCTION_TEST_DATABASE_URL"):
        env["JUNCTION_DATABASE_URL"] = configured
    return env


def wait_until_answering(process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx.Client(base_url=base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"junction serve exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                if client.get("/openapi.json").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    pytest.fail(f"junction serve did not answer within {STARTUP_TIMEOUT}s:\n{log_path.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture(scope="session")
def server(migrated_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # Depends on migrated_database: with PostgreSQL that fixture drops and recreates the schema,
    # which must happen before this server starts using it, never under it.
    data_dir = tmp_path_factory.mktemp("server-data")
    log_path = tmp_path_factory.mktemp("server-log") / "junction.log"
    provider_key = f"sk_live_SECRET_{secrets.token_hex(12)}"
    env = server_environment(data_dir, provider_key)
    port = free_port()
    command = [*junction_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with (
        log_path.open("wb") as log_file,
        subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT) as process,
    ):
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_answering(process, base_url, log_path)
            yield Server(
                base_url=base_url,
                data_dir=data_dir,
                log_path=log_path,
                database_url=env.get("JUNCTION_DATABASE_URL"),
                env=env,
                provider_key=provider_key,
                seeded_customers=SEEDED_CUSTOMERS,
            )
        finally:
            stop(process)


@pytest.fixture(scope="session")
def account(server: Server) -> AccountCredentials:
    return server.create_account("SDK Compat Software")


@pytest.fixture
def sdk(server: Server, account: AccountCredentials, monkeypatch: pytest.MonkeyPatch) -> AccountCredentials:
    """The SDK configured the documented way, through its module globals, for one test."""
    monkeypatch.setattr(chift, "url_base", server.base_url)
    monkeypatch.setattr(chift, "client_id", account.client_id)
    monkeypatch.setattr(chift, "client_secret", account.client_secret)
    monkeypatch.setattr(chift, "account_id", account.account_id)
    return account


@pytest.fixture(autouse=True)
def delete_consumers_afterwards(server: Server, account: AccountCredentials) -> Iterator[None]:
    """Each test removes the consumers (and so the connections) it made. With PostgreSQL the
    database is shared with the other tests, whose `junction keys rotate` re-encrypts every stored
    connection: it cannot open those this server sealed under its own keys."""
    yield
    client = server.client(account)
    for consumer in client.get("/consumers"):
        client.delete(f"/consumers/{consumer['consumerid']}")
