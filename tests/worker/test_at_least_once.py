"""At least once, across processes and a kill.

On the PostgreSQL pass: two `junction serve` processes that only enqueue, two `junction worker`
processes sharing the work; one worker is SIGKILLed in the middle and restarted. On the SQLite
pass (the embedded default): one `junction serve` that runs its jobs itself is SIGKILLed in the
middle and restarted on the same data directory. Either way 1,000 events go to a receiver on
127.0.0.1: each must arrive at least once, redeliveries carry the same webhook-id and body."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
from cryptography.fernet import Fernet

from tests.support.connectors import SAMPLE_POS_ID
from tests.support.processes import Process, base_environment, run_cli, serve, worker
from tests.support.receiver import Receiver, running_receiver

EVENTS = 1000
CONNECTIONS = 20
KILL_AFTER = 300
# Bounds, not speed claims: a lost job waits for its lease (10 s here) and the next sweep.
DELIVERY_DEADLINE = 240.0
SEND_DEADLINE = 180.0
SENDERS = 8


@dataclass
class Account:
    headers: dict[str, str]
    connections: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Apis:
    """The API processes events are sent to; replaced while one restarts."""

    urls: list[str]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pick(self, n: int) -> str | None:
        with self.lock:
            return self.urls[n % len(self.urls)] if self.urls else None

    def set(self, urls: list[str]) -> None:
        with self.lock:
            self.urls = urls


def job_settings(extra: dict[str, str]) -> dict[str, str]:
    return base_environment(
        {
            "JUNCTION_WEBHOOK_PRIVATE_TARGETS": "loopback",
            "JUNCTION_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
            "JUNCTION_WEBHOOK_TIMEOUT_SECONDS": "5",
            "JUNCTION_LOG_LEVEL": "WARNING",
            **extra,
        }
    )


def prepare(env: dict[str, str], api: str, receiver: Receiver) -> Account:
    credentials = json.loads(run_cli(env, "accounts", "create", "Load", "--json"))
    issued = httpx.post(f"{api}/token", json=credentials)
    assert issued.status_code == 200, issued.text
    account = Account({"Authorization": f"Bearer {issued.json()['access_token']}"})
    with httpx.Client(base_url=api, headers=account.headers, timeout=30) as client:
        hook = client.post(
            "/webhooks", json={"event": "account.connection.updated", "url": receiver.url("/load")}
        )
        assert hook.status_code == 200, hook.text
        for n in range(CONNECTIONS):
            consumer = client.post("/consumers", json={"name": f"Shop {n}"}).json()["consumerid"]
            link = client.post(
                f"/consumers/{consumer}/connections",
                json={
                    "integrationid": SAMPLE_POS_ID,
                    "name": "Till",
                    "credentials": [{"key": "api_key", "value": "k"}, {"key": "shop_name", "value": "S"}],
                },
            )
            assert link.status_code == 200, link.text
            account.connections.append((consumer, link.json()["connectionid"]))
    return account


def send_events(apis: Apis, account: Account, acknowledged: set[int]) -> None:
    """Rename connections EVENTS times (each rename is one account.connection.updated); a rename
    whose answer was lost to a kill is sent again, as a client would."""
    deadline = time.monotonic() + SEND_DEADLINE

    def rename(n: int) -> None:
        consumer, connection = account.connections[n % CONNECTIONS]
        with httpx.Client(headers=account.headers, timeout=15) as client:
            while time.monotonic() < deadline:
                api = apis.pick(n)
                if api is not None:
                    try:
                        response = client.patch(
                            f"{api}/consumers/{consumer}/connections/{connection}",
                            json={"name": f"Till {n:04d}"},
                        )
                        if response.status_code == 200:
                            acknowledged.add(n)
                            return
                    except httpx.TransportError:
                        pass
                time.sleep(0.2)

    with ThreadPoolExecutor(SENDERS) as pool:
        list(pool.map(rename, range(EVENTS)))


def delivered_names(receiver: Receiver) -> set[int]:
    return {int(r.json()["data"]["name"].split()[1]) for r in receiver.on("/load")}


def wait_for(condition: Any, timeout: float, processes: list[Process], what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "\n\n".join(f"== {p.name}\n{p.tail()}" for p in processes)
    raise AssertionError(f"{what} not reached within {timeout}s\n{logs}")


def check_deliveries(receiver: Receiver, acknowledged: set[int]) -> None:
    assert acknowledged == set(range(EVENTS))
    received = receiver.on("/load")
    bodies: dict[str, set[bytes]] = defaultdict(set)
    for request in received:
        bodies[request.webhook_id].add(request.body)
    # A redelivery is the same message: same webhook-id, same bytes.
    assert all(len(variants) == 1 for variants in bodies.values())
    assert delivered_names(receiver) == set(range(EVENTS))
    # One event per acknowledged rename (a rename resent after a kill may have made two).
    assert EVENTS <= len(bodies) <= EVENTS + SENDERS


@contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    """A database of its own on the test server, so no other consumer of the run touches its jobs."""
    admin = server_url.replace("postgresql+asyncpg://", "postgresql://")
    name = f"junction_mp_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def postgres_scenario(database_url: str, tmp_path: Path, receiver: Receiver) -> None:
    with throwaway_database(database_url) as url:
        env = job_settings(
            {
                "JUNCTION_DATABASE_URL": url,
                "JUNCTION_DATA_DIR": str(tmp_path / "data"),
                # Shared by every process, as on several machines.
                "JUNCTION_SECRET_KEYS": Fernet.generate_key().decode(),
                "JUNCTION_TOKEN_SIGNING_KEY": uuid.uuid4().hex,
            }
        )
        run_cli(env, "migrate")
        processes = [
            serve("api-1", env, tmp_path),
            serve("api-2", env, tmp_path),
            worker("worker-1", env, tmp_path),
            worker("worker-2", env, tmp_path),
        ]
        try:
            for api in processes[:2]:
                api.wait_until_answering()
            account = prepare(env, processes[0].base_url, receiver)
            apis = Apis([p.base_url for p in processes[:2]])
            acknowledged: set[int] = set()
            sender = threading.Thread(target=send_events, args=(apis, account, acknowledged))
            sender.start()
            wait_for(lambda: len(receiver.on("/load")) >= KILL_AFTER, 120, processes, "first deliveries")
            processes[2].kill()
            assert len(delivered_names(receiver)) < EVENTS
            time.sleep(1)
            processes[2] = worker("worker-1-restarted", env, tmp_path)
            sender.join(SEND_DEADLINE)
            wait_for(
                lambda: len(delivered_names(receiver)) == EVENTS, DELIVERY_DEADLINE, processes, "every event"
            )
            check_deliveries(receiver, acknowledged)
        finally:
            for process in processes:
                process.stop()


def embedded_scenario(tmp_path: Path, receiver: Receiver) -> None:
    env = job_settings({"JUNCTION_DATA_DIR": str(tmp_path / "data")})
    api = serve("serve", env, tmp_path)
    processes = [api]
    try:
        api.wait_until_answering()
        account = prepare(env, api.base_url, receiver)
        apis = Apis([api.base_url])
        acknowledged: set[int] = set()
        sender = threading.Thread(target=send_events, args=(apis, account, acknowledged))
        sender.start()
        wait_for(lambda: len(receiver.on("/load")) >= KILL_AFTER, 120, processes, "first deliveries")
        apis.set([])
        api.kill()
        assert len(delivered_names(receiver)) < EVENTS
        restarted = serve("serve-restarted", env, tmp_path, port=api.port)
        processes.append(restarted)
        restarted.wait_until_answering()
        apis.set([restarted.base_url])
        sender.join(SEND_DEADLINE)
        wait_for(
            lambda: len(delivered_names(receiver)) == EVENTS, DELIVERY_DEADLINE, processes, "every event"
        )
        check_deliveries(receiver, acknowledged)
    finally:
        for process in processes:
            process.stop()


def test_a_killed_consumer_loses_no_event(database_url: str, tmp_path: Path) -> None:
    with running_receiver() as receiver:
        if database_url.startswith("postgresql"):
            postgres_scenario(database_url, tmp_path, receiver)
        else:
            embedded_scenario(tmp_path, receiver)
