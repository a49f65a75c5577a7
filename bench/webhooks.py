"""Webhook delivery benchmark: latency from an event to its first delivery attempt, and deliveries
per second with one and with two `junction worker` processes.

    uv run python bench/webhooks.py                  (PostgreSQL and the embedded SQLite default)
    uv run python bench/webhooks.py --database postgresql --events 3000

Everything runs on 127.0.0.1 and stops by itself. PostgreSQL is a throwaway cluster from
scripts/postgres.sh with fsync on. Events are renames of connections (each one an
`account.connection.updated`, sent by the API process in the rename's transaction) to a webhook
whose endpoint is a minimal HTTP server in this process that answers 200 at once and records
when each `webhook-id` first arrived.

- Latency: with the consumers running and idle, events are sent at a steady rate (open loop);
  latency is the time from sending the rename (the event happens while it is served) to the first
  attempt's arrival at the receiver.
- Throughput: a backlog of events is made while no consumer runs; then the consumers start, and
  deliveries per second is counted from the first arrival to the last (worker start-up excluded).

Prints a Markdown table and writes JSON to bench/out/. See bench/README.md ("Webhooks").
"""

from __future__ import annotations

import sys

if __name__ == "__main__" and not __package__:
    # `python bench/webhooks.py` puts bench/ first on sys.path, where bench/platform.py would
    # shadow the standard library's `platform` module for every later import. Drop it.
    sys.path.pop(0)

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
HOST = "127.0.0.1"
CONNECTIONS = 40
SAMPLE_POS_ID = 90001


# --- the receiver -------------------------------------------------------------------------------


@dataclass
class Arrivals:
    """First arrival time of each event (by the rename's name), and the count of requests."""

    first: dict[str, float] = field(default_factory=dict)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.first)


class Receiver:
    """HTTP/1.1 keep-alive on asyncio streams, in a process of its own (so that this process's
    threads never delay it), reporting each arrival's CLOCK_MONOTONIC time, which is the same
    clock across processes on Linux."""

    def __init__(self) -> None:
        self.arrivals = Arrivals()
        self._ready: multiprocessing.Queue[Any] = multiprocessing.Queue()
        self._queue: multiprocessing.Queue[Any] = multiprocessing.Queue()
        self._process = multiprocessing.Process(target=_receive, args=(self._ready, self._queue), daemon=True)
        self._drain = threading.Thread(target=self._collect, daemon=True)
        self.port = 0

    def __enter__(self) -> Receiver:
        self._process.start()
        self.port = self._ready.get(timeout=30)
        self._drain.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._process.terminate()
        self._process.join(10)
        self._queue.put(None)
        self._drain.join(10)

    def url(self) -> str:
        return f"http://{HOST}:{self.port}/hook"

    def _collect(self) -> None:
        while (item := self._queue.get()) is not None:
            name, at = item
            with self.arrivals.lock:
                self.arrivals.requests += 1
                self.arrivals.first.setdefault(name, at)


def _receive(ready: multiprocessing.Queue[Any], arrivals: multiprocessing.Queue[Any]) -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length)
                at = time.monotonic()
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok")
                await writer.drain()
                arrivals.put((json.loads(body)["data"]["name"], at))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(serve, HOST, 0)
        ready.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


# --- processes ----------------------------------------------------------------------------------


def junction_executable() -> str:
    candidate = Path(sys.executable).parent / "junction"
    if not candidate.exists():
        raise SystemExit(f"{candidate} not found: run this with `uv run python bench/webhooks.py`")
    return str(candidate)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def postgresql() -> Iterator[str]:
    port = free_port()
    script = str(ROOT / "scripts" / "postgres.sh")
    url = subprocess.run(
        [script, "start", str(port)],
        env={**os.environ, "PG_FSYNC": "on"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run([script, "stop", str(port)], check=False, capture_output=True)


@dataclass
class Cluster:
    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *args: str, **extra: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{args[0]}-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(
            [junction_executable(), *args], env={**self.env, **extra}, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def serve(self, **extra: str) -> str:
        port = free_port()
        process = self.start("serve", "--host", HOST, "--port", str(port), **extra)
        base = f"http://{HOST}:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"junction serve exited; see {self.logs}")
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                return base
            except httpx.TransportError:
                time.sleep(0.2)
        raise SystemExit(f"junction serve did not answer; see {self.logs}")

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.stop(process)

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [junction_executable(), *args], env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout


def environment(data_dir: str, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
    env.update(
        {
            "JUNCTION_DATA_DIR": data_dir,
            "JUNCTION_EXTRA_CONNECTORS": "tests.support.connectors",
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
            "JUNCTION_WEBHOOK_PRIVATE_TARGETS": "loopback",
            "JUNCTION_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        env["JUNCTION_DATABASE_URL"] = database_url
    return env


# --- events -------------------------------------------------------------------------------------


@dataclass
class Tenant:
    api: str
    headers: dict[str, str]
    connections: list[tuple[str, str]]


def set_up(cluster: Cluster, api: str, receiver: Receiver) -> Tenant:
    credentials = json.loads(cluster.cli("accounts", "create", "Bench", "--json"))
    token = httpx.post(f"{api}/token", json=credentials).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    connections = []
    with httpx.Client(base_url=api, headers=headers, timeout=30) as client:
        client.post(
            "/webhooks", json={"event": "account.connection.updated", "url": receiver.url()}
        ).raise_for_status()
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
            link.raise_for_status()
            connections.append((consumer, link.json()["connectionid"]))
    return Tenant(api, headers, connections)


def rename(client: httpx.Client, tenant: Tenant, n: int, name: str) -> float:
    consumer, connection = tenant.connections[n % len(tenant.connections)]
    response = client.patch(
        f"{tenant.api}/consumers/{consumer}/connections/{connection}", json={"name": name}
    )
    response.raise_for_status()
    return time.monotonic()


def burst(tenant: Tenant, prefix: str, count: int, senders: int = 8) -> None:
    def send(worker: int) -> None:
        with httpx.Client(headers=tenant.headers, timeout=30) as client:
            for n in range(worker, count, senders):
                rename(client, tenant, n, f"{prefix}-{n}")

    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(send, range(senders)))


def steady(tenant: Tenant, prefix: str, count: int, rate: float, senders: int = 8) -> dict[str, float]:
    """Open loop: event n is sent at start + n / rate by one of `senders` threads with a
    keep-alive client each. Returns when each rename was sent (the event happens while it is
    served) and how long the API took to answer."""
    sent: dict[str, float] = {}
    answered: dict[str, float] = {}
    start = time.monotonic() + 0.5

    def send(worker: int) -> None:
        with httpx.Client(headers=tenant.headers, timeout=30) as client:
            for n in range(worker, count, senders):
                delay = start + n / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                name = f"{prefix}-{n}"
                sent[name] = time.monotonic()
                answered[name] = rename(client, tenant, n, name) - sent[name]

    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(send, range(senders)))
    API_TIMES.extend(answered.values())
    return sent


API_TIMES: list[float] = []


def wait_for(receiver: Receiver, names: set[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with receiver.arrivals.lock:
            if names <= receiver.arrivals.first.keys():
                return
        time.sleep(0.05)
    raise SystemExit(f"not every event arrived within {timeout}s")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- what is reported ---------------------------------------------------------------------------


@dataclass
class Row:
    database: str
    consumers: str
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None
    latency_max_ms: float | None = None
    latency_events: int = 0
    throughput_per_s: float | None = None
    throughput_events: int = 0
    api_answer_p50_ms: float | None = None
    duplicate_requests: int = 0


def measure_latency(receiver: Receiver, tenant: Tenant, prefix: str, count: int, rate: float) -> list[float]:
    API_TIMES.clear()
    sent = steady(tenant, prefix, count, rate)
    wait_for(receiver, set(sent), 120)
    with receiver.arrivals.lock:
        return [(receiver.arrivals.first[name] - at) * 1000 for name, at in sent.items()]


def throughput(receiver: Receiver, names: set[str]) -> float:
    with receiver.arrivals.lock:
        times = sorted(receiver.arrivals.first[name] for name in names)
    return (len(times) - 1) / (times[-1] - times[0])


def bench_postgresql(args: argparse.Namespace) -> list[Row]:
    rows = []
    with (
        postgresql() as url,
        tempfile.TemporaryDirectory(prefix="junction-bench-") as data,
        Receiver() as receiver,
    ):
        cluster = Cluster(environment(data, url), Path(data))
        try:
            cluster.cli("migrate")
            api = cluster.serve()
            tenant = set_up(cluster, api, receiver)
            for workers in (1, 2):
                row = Row("PostgreSQL", f"{workers} x junction worker ({args.threads} threads)")
                # A backlog while no worker runs, then the workers drain it.
                prefix = f"backlog{workers}"
                burst(tenant, prefix, args.events)
                names = {f"{prefix}-{n}" for n in range(args.events)}
                started = [cluster.start("worker", "--threads", str(args.threads)) for _ in range(workers)]
                wait_for(receiver, names, 600)
                row.throughput_per_s = round(throughput(receiver, names), 1)
                row.throughput_events = args.events
                latencies = measure_latency(
                    receiver, tenant, f"steady{workers}", args.latency_events, args.rate
                )
                row.latency_p50_ms = round(percentile(latencies, 0.5), 1)
                row.latency_p95_ms = round(percentile(latencies, 0.95), 1)
                row.latency_max_ms = round(max(latencies), 1)
                row.latency_events = len(latencies)
                row.api_answer_p50_ms = round(percentile(API_TIMES, 0.5) * 1000, 1)
                for process in started:
                    cluster.stop(process)
                rows.append(row)
                print(row, flush=True)
            row_dupes = receiver.arrivals.requests - receiver.arrivals.count()
            for row in rows:
                row.duplicate_requests = row_dupes
        finally:
            cluster.stop_all()
    return rows


def bench_sqlite(args: argparse.Namespace) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="junction-bench-") as data, Receiver() as receiver:
        cluster = Cluster(environment(data, None), Path(data))
        try:
            # The backlog is made by a server that only enqueues; then the embedded default runs.
            enqueuer = cluster.serve(JUNCTION_JOBS_IN_PROCESS="false")
            tenant = set_up(cluster, enqueuer, receiver)
            burst(tenant, "backlog", args.events)
            cluster.stop_all()
            row = Row("SQLite (embedded)", f"junction serve, in process ({args.threads} threads)")
            api = cluster.serve(JUNCTION_JOBS_THREADS=str(args.threads))
            tenant.api = api
            names = {f"backlog-{n}" for n in range(args.events)}
            wait_for(receiver, names, 600)
            row.throughput_per_s = round(throughput(receiver, names), 1)
            row.throughput_events = args.events
            latencies = measure_latency(receiver, tenant, "steady", args.latency_events, args.rate)
            row.latency_p50_ms = round(percentile(latencies, 0.5), 1)
            row.latency_p95_ms = round(percentile(latencies, 0.95), 1)
            row.latency_max_ms = round(max(latencies), 1)
            row.latency_events = len(latencies)
            row.api_answer_p50_ms = round(percentile(API_TIMES, 0.5) * 1000, 1)
            row.duplicate_requests = receiver.arrivals.requests - receiver.arrivals.count()
            print(row, flush=True)
            return [row]
        finally:
            cluster.stop_all()


def markdown(rows: list[Row]) -> str:
    lines = [
        "| database | consumers | deliveries/s (backlog of N) | latency p50 / p95 / max (ms, n) "
        "| API answer p50 (ms) |",
        "|---|---|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.database} | {row.consumers} | {row.throughput_per_s} ({row.throughput_events}) | "
            f"{row.latency_p50_ms} / {row.latency_p95_ms} / {row.latency_max_ms} ({row.latency_events}) | "
            f"{row.api_answer_p50_ms} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--events", type=int, default=2000, help="backlog size for deliveries per second")
    parser.add_argument("--latency-events", type=int, default=300, help="events sent at --rate for latency")
    parser.add_argument("--rate", type=float, default=20.0, help="events per second for latency")
    parser.add_argument("--threads", type=int, default=4, help="JUNCTION_JOBS_THREADS of each consumer")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    if args.database in ("postgresql", "both"):
        rows += bench_postgresql(args)
    if args.database in ("sqlite", "both"):
        rows += bench_sqlite(args)
    table = markdown(rows)
    print(table)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    report: dict[str, Any] = {
        "when": stamp,
        "arguments": vars(args),
        "cpus": os.cpu_count(),
        "rows": [asdict(row) for row in rows],
    }
    (OUT_DIR / f"webhooks-{stamp}-{uuid.uuid4().hex[:6]}.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
