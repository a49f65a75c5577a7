"""Kounta overhead: a unified `GET /consumers/{id}/pos/customers?size=100` through Junction, against
the same provider calls made directly to the same Kounta sandbox, in one run.

    uv run python bench/kounta_overhead.py       (or: make bench-kounta; SQLite and PostgreSQL)

Starts the Kounta sandbox as its own process (`junction sandbox kounta`, rate limit off) and
`junction serve` (the last commit's src/, exported, unless --code worktree) on free loopback
ports, creates an account, a consumer and a Kounta connection whose `base_url` is the sandbox,
checks in the sandbox's request log which provider calls one unified call makes, then measures
in interleaved rounds:

    A  the unified call through Junction;
    B  the same provider calls sent straight to the sandbox by the load generator, in the same
       pattern (the first page alone, then the other pages at once) with the same headers.

A - B is what going through Junction costs. Junction's own `x-junction-overhead-ms` header is
collected too, to set beside it. Prints Markdown tables and writes JSON to bench/out/. The load
generator and the server helpers are platform.py's. See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:
    # `python bench/kounta_overhead.py` puts bench/ first on sys.path, where platform.py would shadow
    # the standard library's `platform`. Import the helpers as `bench.platform`, from the root.
    sys.path.pop(0)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import base64
import datetime as dt
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import httpx
import uvloop

from bench.platform import (
    HOST,
    OUT_DIR,
    ROOT,
    Connection,
    QuietGate,
    Server,
    _database,
    code_under_test,
    cpu_model,
    free_port,
    git,
    junction_executable,
    junction_server,
    machine_busy_seconds,
    postgres_cpu_seconds,
    process_cpu_seconds,
    set_up_tenant,
    src_fingerprint,
)

# The sandbox's published client (src/junction/sandboxes/connect.py), on HTTP Basic: without
# access tokens the connector authenticates with the client's own id and secret.
SANDBOX_CLIENT_ID = "kounta-sandbox-client"
SANDBOX_CLIENT_SECRET = "kounta-sandbox-secret"  # noqa: S105 - the sandbox's published credentials
KOUNTA_INTEGRATION_ID = 101  # src/junction/connectors/kounta/manifest.py
# KountaClient: 25 records a provider page, `X-Page` (0-based) picks one, `X-Pages` counts them;
# without a company_id credential the connector reads the company "me".
PROVIDER_PAGE_SIZE = 25
PROVIDER_PATH = "/v1/companies/me/customers"
# The unified call measured: the first page of 100 customers.
UNIFIED_PAGE = 1
PAGE_SIZE_ASKED = 100
OVERHEAD_HEADER = b"\r\nx-junction-overhead-ms:"
UNIFIED = "A: through Junction"
DIRECT = "B: direct to the sandbox"


# --- which provider calls one unified call makes ----------------------------------------------------


@dataclass(frozen=True)
class CallPattern:
    """The provider pages behind one unified page, as `KountaClient.page_window` fetches them:
    the window's first page alone (its `X-Pages` says how many there are), then the window's other
    pages and the last page (its length makes the total exact) concurrently."""

    pages: int
    first: int
    then: tuple[int, ...]

    @classmethod
    def of(cls, unified_page: int, size: int, pages: int) -> CallPattern:
        offset = (unified_page - 1) * size
        first, last = offset // PROVIDER_PAGE_SIZE, (offset + size - 1) // PROVIDER_PAGE_SIZE
        then = [n for n in range(first + 1, last + 1) if n < pages]
        if pages - 1 > last:
            then.append(pages - 1)
        return cls(pages, first, tuple(then))

    @property
    def calls(self) -> int:
        return 1 + len(self.then)

    def describe(self) -> str:
        rest = ", ".join(str(n) for n in self.then)
        return (
            f"{self.calls} x GET {PROVIDER_PATH} (of {self.pages} pages): X-Page {self.first}, "
            f"then X-Page {rest} concurrently"
        )


# --- the two kinds of call the load generator makes -------------------------------------------------


class CallFailed(Exception):
    pass


class Caller(Protocol):
    async def call(self) -> float | None:
        """One call; the value of Junction's overhead header when there is one. Raises CallFailed
        when an answer is not a 200."""
        ...

    async def close(self) -> None: ...


class UnifiedCaller:
    """A: the unified call through Junction, on one keep-alive connection."""

    def __init__(self, connection: Connection, request: bytes) -> None:
        self.connection = connection
        self.request = request

    @classmethod
    async def open(cls, port: int, path: str, token: str) -> UnifiedCaller:
        lines = [
            f"GET {path} HTTP/1.1",
            f"host: {HOST}:{port}",
            "accept: application/json",
            f"authorization: Bearer {token}",
        ]
        return cls(await Connection.open(port), ("\r\n".join(lines) + "\r\n\r\n").encode())

    async def call(self) -> float | None:
        status, head, body = await self.connection.exchange_with_head(self.request)
        if status != 200:
            raise CallFailed(f"{status} {body[:200]!r}")
        start = head.find(OVERHEAD_HEADER)
        if start < 0:
            return None
        end = head.index(b"\r\n", start + 2)
        return float(head[start + len(OVERHEAD_HEADER) : end])

    async def close(self) -> None:
        await self.connection.close()


def provider_request(port: int, page: int) -> bytes:
    """What Junction's httpx client sends the sandbox for one page (KountaConnector's client
    headers, httpx's own, X-Page and HTTP Basic), so B asks the provider exactly what A does."""
    basic = base64.b64encode(f"{SANDBOX_CLIENT_ID}:{SANDBOX_CLIENT_SECRET}".encode()).decode()
    lines = [
        f"GET {PROVIDER_PATH} HTTP/1.1",
        f"host: {HOST}:{port}",
        "accept: application/json",
        "accept-encoding: gzip, deflate",
        "connection: keep-alive",
        f"user-agent: python-httpx/{httpx.__version__}",
        f"x-page: {page}",
        f"authorization: Basic {basic}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class DirectCaller:
    """B: the provider calls of one unified call, straight to the sandbox. Like Junction's pooled
    client, it keeps one keep-alive connection per call that may be in flight at once."""

    def __init__(self, connections: list[Connection], first: bytes, then: list[bytes]) -> None:
        self.connections = connections
        self.first = first
        self.then = then

    @classmethod
    async def open(cls, port: int, pattern: CallPattern) -> DirectCaller:
        connections = [await Connection.open(port) for _ in range(max(1, len(pattern.then)))]
        then = [provider_request(port, n) for n in pattern.then]
        return cls(connections, provider_request(port, pattern.first), then)

    async def call(self) -> float | None:
        answers = [await self.connections[0].exchange_with_head(self.first)]
        answers += await asyncio.gather(
            *(c.exchange_with_head(r) for c, r in zip(self.connections, self.then, strict=False))
        )
        for status, _, body in answers:
            if status != 200:
                raise CallFailed(f"{status} {body[:200]!r}")
        return None

    async def close(self) -> None:
        for connection in self.connections:
            await connection.close()


@dataclass
class Run:
    timings_ns: list[int]
    headers_ms: list[float]
    errors: int
    first_error: str | None
    seconds: float


async def drive(callers: list[Caller], calls: int) -> Run:
    """Closed loop, as platform.py's: each caller makes its next call once the last is answered,
    until `calls` have been made in all."""
    timings: list[int] = []
    headers: list[float] = []
    errors = 0
    first_error: str | None = None
    remaining = calls

    async def worker(caller: Caller) -> None:
        nonlocal remaining, errors, first_error
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter_ns()
            try:
                header = await caller.call()
            except CallFailed as exc:
                errors += 1
                first_error = first_error or str(exc)
                continue
            timings.append(time.perf_counter_ns() - started)
            if header is not None:
                headers.append(header)

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in callers))
    return Run(timings, headers, errors, first_error, time.perf_counter() - started)


@dataclass(frozen=True)
class Target:
    """What the callers of a measurement reach, and how to open them."""

    junction: Server
    sandbox_port: int
    sandbox_pid: int
    unified_path: str
    token: str
    pattern: CallPattern

    async def open(self, which: str, concurrency: int) -> list[Caller]:
        callers: list[Caller] = []
        for _ in range(concurrency):
            if which == UNIFIED:
                callers.append(await UnifiedCaller.open(self.junction.port, self.unified_path, self.token))
            else:
                callers.append(await DirectCaller.open(self.sandbox_port, self.pattern))
        return callers

    async def run(self, which: str, concurrency: int, warmup: int, calls: int) -> tuple[Run, Cpu, Cpu]:
        """Warm-up calls, then the measured ones on the same connections: (the measured run, CPU
        before it, CPU after it)."""
        callers = await self.open(which, concurrency)
        try:
            await drive(callers, warmup)
            before = Cpu.take(self.junction, self.sandbox_pid)
            run = await drive(callers, calls)
            return run, before, Cpu.take(self.junction, self.sandbox_pid)
        finally:
            for caller in callers:
                await caller.close()


# --- CPU accounting (platform.py's, plus the sandbox process) ----------------------------------------


@dataclass
class Cpu:
    junction: float
    sandbox: float
    postgres: float | None
    loadgen: float
    machine: float

    @classmethod
    def take(cls, server: Server, sandbox_pid: int) -> Cpu:
        return cls(
            process_cpu_seconds(server.pid),
            process_cpu_seconds(sandbox_pid),
            postgres_cpu_seconds(server.postmaster) if server.postmaster else None,
            time.process_time(),
            machine_busy_seconds(),
        )

    def ours(self) -> float:
        return self.junction + self.sandbox + (self.postgres or 0.0) + self.loadgen


@dataclass
class SandboxQuietGate(QuietGate):
    """platform.py's gate, counting the sandbox process as ours too."""

    sandbox_pid: int = 0

    def other_load(self, server: Server, window_s: float = 0.5) -> float:
        before = Cpu.take(server, self.sandbox_pid)
        time.sleep(window_s)
        after = Cpu.take(server, self.sandbox_pid)
        others = (after.machine - before.machine) - (after.ours() - before.ours())
        return max(0.0, others) / window_s


# --- measuring --------------------------------------------------------------------------------------


def nearest_rank(sorted_values: list[float], fraction: float) -> float:
    """The same nearest-rank percentile as platform.py's."""
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


@dataclass
class Result:
    database: str
    path: str
    concurrency: int
    round: int
    calls: int
    errors: int
    seconds: float
    calls_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    junction_cpu_ms_per_call: float
    sandbox_cpu_ms_per_call: float
    postgres_cpu_ms_per_call: float | None
    loadgen_cpu_ms_per_call: float
    other_load_cores: float
    waited_for_quiet_s: float
    first_error: str | None
    timings_ms: list[float] = field(repr=False)
    header_ms: list[float] = field(repr=False)


def measure(
    runner: asyncio.Runner,
    database: str,
    target: Target,
    which: str,
    concurrency: int,
    args: argparse.Namespace,
    round_: int,
    quiet: SandboxQuietGate,
) -> Result:
    # Quiet first, then the warm-up: idle keep-alive connections (here and in Junction's pool to
    # the sandbox) would time out during a long wait.
    waited = quiet.wait(target.junction)
    run, before, after = runner.run(target.run(which, concurrency, args.warmup, args.calls))
    if not run.timings_ns:
        raise SystemExit(f"{which}: every call failed, the first with {run.first_error}")
    timings = sorted(t / 1e6 for t in run.timings_ns)
    n = len(timings)

    def per_call(seconds: float) -> float:
        return round(seconds / n * 1e3, 3)

    postgres = (
        after.postgres - before.postgres
        if after.postgres is not None and before.postgres is not None
        else None
    )
    # Everything else the machine did meanwhile (other users' processes, the kernel's threads).
    other = (after.machine - before.machine) - (after.ours() - before.ours())
    return Result(
        database=database,
        path=which,
        concurrency=concurrency,
        round=round_,
        calls=n,
        errors=run.errors,
        seconds=round(run.seconds, 3),
        calls_per_s=round(n / run.seconds, 1),
        p50_ms=round(nearest_rank(timings, 0.50), 3),
        p90_ms=round(nearest_rank(timings, 0.90), 3),
        p99_ms=round(nearest_rank(timings, 0.99), 3),
        max_ms=round(timings[-1], 3),
        junction_cpu_ms_per_call=per_call(after.junction - before.junction),
        sandbox_cpu_ms_per_call=per_call(after.sandbox - before.sandbox),
        postgres_cpu_ms_per_call=per_call(postgres) if postgres is not None else None,
        loadgen_cpu_ms_per_call=per_call(after.loadgen - before.loadgen),
        other_load_cores=round(max(0.0, other) / run.seconds, 2),
        waited_for_quiet_s=waited,
        first_error=run.first_error,
        timings_ms=[round(t, 3) for t in timings],
        header_ms=run.headers_ms,
    )


# --- the sandbox, the tenant and the connection ------------------------------------------------------


@dataclass(frozen=True)
class SandboxProcess:
    port: int
    pid: int
    command: str

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


def sandbox_commands(port: int) -> list[tuple[str, list[str]]]:
    """`junction sandbox kounta`, else uvicorn on the factory (for a tree without that command):
    (what the report calls it, the command)."""
    factory = "junction.sandboxes.kounta:create_kounta_sandbox"
    return [
        (
            "junction sandbox kounta",
            [junction_executable(), "sandbox", "kounta", "--host", HOST, "--port", str(port)],
        ),
        (
            f"uvicorn --factory {factory}",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                factory,
                "--host",
                HOST,
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
        ),
    ]


@contextmanager
def kounta_sandbox() -> Iterator[SandboxProcess]:
    """The sandbox in its own process, from the working tree (the venv's install of src/): it stands
    in for Kounta and is not what is measured; A and B both call this one process. Its rate limit
    is switched off, so it never answers 429."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
    with tempfile.TemporaryDirectory(prefix="junction-bench-sandbox-") as folder:
        log = Path(folder) / "sandbox.log"
        for label, command in sandbox_commands(free_port()):
            port = int(command[command.index("--port") + 1])
            with log.open("wb") as log_file:
                process = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)
            try:
                if not sandbox_up(process, port, log):
                    continue  # no `junction sandbox` command in this tree: try the next way
                faults = httpx.put(
                    f"http://{HOST}:{port}/_sandbox/faults", json={"rate_limit_per_minute": None}, timeout=10
                )
                faults.raise_for_status()
                if faults.json()["rate_limit_per_minute"] is not None:
                    raise SystemExit(f"the sandbox kept its rate limit: {faults.text}")
                yield SandboxProcess(port, process.pid, label)
                return
            finally:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        raise SystemExit(f"the Kounta sandbox did not start:\n{log.read_text()}")


def sandbox_up(process: subprocess.Popen[bytes], port: int, log: Path) -> bool:
    """True once it answers; False if it exits with a usage error (exit code 2)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if process.returncode == 2:
                return False
            raise SystemExit(f"the sandbox exited with {process.returncode}:\n{log.read_text()}")
        try:
            httpx.get(f"http://{HOST}:{port}/_sandbox", timeout=1).raise_for_status()
            return True
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"the sandbox did not answer within 60 s:\n{log.read_text()}")


def connect_kounta(server: Server, token: str, consumer_id: str, sandbox: SandboxProcess) -> str:
    """A Kounta connection on HTTP Basic whose base_url is the standalone sandbox."""
    credentials = {
        "client_id": SANDBOX_CLIENT_ID,
        "client_secret": SANDBOX_CLIENT_SECRET,
        "base_url": sandbox.url,
    }
    response = httpx.post(
        f"http://{HOST}:{server.port}/consumers/{consumer_id}/connections",
        json={
            "integrationid": KOUNTA_INTEGRATION_ID,
            "name": "Kounta sandbox",
            "credentials": [{"key": k, "value": v} for k, v in credentials.items()],
        },
        headers={"authorization": f"Bearer {token}"},
        timeout=10,
    )
    if response.status_code >= 300:
        raise SystemExit(f"creating the Kounta connection answered {response.status_code}: {response.text}")
    return f"/consumers/{consumer_id}/pos/customers?size={PAGE_SIZE_ASKED}"


@dataclass
class Observed:
    """What one warm unified call did at the provider, from the sandbox's request log."""

    pattern: CallPattern
    described: str
    total: int
    items: int
    provider_requests: list[str]


def observe_one_call(server: Server, token: str, path: str, sandbox: SandboxProcess) -> Observed:
    """Which provider calls one unified call makes. The first call of a connection may do more
    (the connector's caches), so it is made twice and the second one is read. The sandbox logs
    paths, not the X-Page header: the count and the paths are checked against CallPattern."""
    first_page = httpx.get(
        f"{sandbox.url}{PROVIDER_PATH}",
        headers={
            "accept": "application/json",
            "authorization": "Basic "
            + base64.b64encode(f"{SANDBOX_CLIENT_ID}:{SANDBOX_CLIENT_SECRET}".encode()).decode(),
            "x-page": "0",
        },
        timeout=10,
    )
    first_page.raise_for_status()
    pattern = CallPattern.of(UNIFIED_PAGE, PAGE_SIZE_ASKED, int(first_page.headers["x-pages"]))
    headers = {"authorization": f"Bearer {token}", "accept": "application/json"}
    url = f"http://{HOST}:{server.port}{path}"
    for _ in range(2):
        httpx.delete(f"{sandbox.url}/_sandbox/requests", timeout=10).raise_for_status()
        answer = httpx.get(url, headers=headers, timeout=30)
        if answer.status_code != 200:
            raise SystemExit(f"the unified call answered {answer.status_code}: {answer.text[:500]}")
    logged = httpx.get(f"{sandbox.url}/_sandbox/requests", timeout=10).json()
    requests = [
        f"{r['method']} {r['path']}{'?' + r['query'] if r['query'] else ''} {r['status']}" for r in logged
    ]
    expected = [f"GET {PROVIDER_PATH} 200"] * pattern.calls
    if requests != expected:
        raise SystemExit(
            f"one unified call made {requests} at the provider, where the benchmark expects "
            f"{pattern.describe()}: update CallPattern to follow the connector"
        )
    body = answer.json()
    return Observed(pattern, pattern.describe(), int(body["total"]), len(body["items"]), requests)


# --- the report ----------------------------------------------------------------------------------


@dataclass
class Overhead:
    """One database and concurrency: A and B with every round's calls pooled, and A - B."""

    database: str
    concurrency: int
    calls_a: int
    calls_b: int
    a_p50_ms: float
    a_p99_ms: float
    b_p50_ms: float
    b_p99_ms: float
    overhead_p50_ms: float
    overhead_p99_ms: float
    overhead_p50_by_round_ms: list[float]
    header_count: int
    header_p50_ms: float
    header_p90_ms: float
    header_p99_ms: float
    header_max_ms: float
    header_zero_share: float

    @classmethod
    def of(cls, unified: list[Result], direct: list[Result]) -> Overhead:
        a = sorted(t for r in unified for t in r.timings_ms)
        b = sorted(t for r in direct for t in r.timings_ms)
        header = sorted(h for r in unified for h in r.header_ms) or [float("nan")]
        by_round = {r.round: r.p50_ms for r in direct}
        return cls(
            database=unified[0].database,
            concurrency=unified[0].concurrency,
            calls_a=len(a),
            calls_b=len(b),
            a_p50_ms=round(nearest_rank(a, 0.50), 2),
            a_p99_ms=round(nearest_rank(a, 0.99), 2),
            b_p50_ms=round(nearest_rank(b, 0.50), 2),
            b_p99_ms=round(nearest_rank(b, 0.99), 2),
            overhead_p50_ms=round(nearest_rank(a, 0.50) - nearest_rank(b, 0.50), 2),
            overhead_p99_ms=round(nearest_rank(a, 0.99) - nearest_rank(b, 0.99), 2),
            overhead_p50_by_round_ms=[round(r.p50_ms - by_round[r.round], 2) for r in unified],
            header_count=sum(len(r.header_ms) for r in unified),
            header_p50_ms=round(nearest_rank(header, 0.50), 2),
            header_p90_ms=round(nearest_rank(header, 0.90), 2),
            header_p99_ms=round(nearest_rank(header, 0.99), 2),
            header_max_ms=round(header[-1], 2),
            header_zero_share=round(sum(1 for h in header if h == 0) / len(header), 3),
        )


@dataclass
class Report:
    date: str
    commit: str
    code: str
    src_changed_during_run: bool
    python: str
    cpus: int
    cpu_model: str
    args: dict[str, Any]
    sandbox: str = ""
    observed: dict[str, Observed] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)
    overheads: list[Overhead] = field(default_factory=list)


def spread(values: list[float]) -> str:
    return f"{min(values):.2f} to {max(values):.2f}"


def markdown(report: Report) -> str:
    lines = [
        "| database | conc. | A: through Junction p50 / p99 ms | B: direct p50 / p99 ms "
        "| **overhead A-B p50 / p99 ms** | A-B p50, each round | `x-junction-overhead-ms` "
        "p50 / p90 / p99 / max | header = 0 |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for o in report.overheads:
        lines.append(
            f"| {o.database} | {o.concurrency} | {o.a_p50_ms:.2f} / {o.a_p99_ms:.2f} "
            f"| {o.b_p50_ms:.2f} / {o.b_p99_ms:.2f} | **{o.overhead_p50_ms:.2f} / {o.overhead_p99_ms:.2f}** "
            f"| {spread(o.overhead_p50_by_round_ms)} | {o.header_p50_ms:.2f} / {o.header_p90_ms:.2f} / "
            f"{o.header_p99_ms:.2f} / {o.header_max_ms:.2f} | {o.header_zero_share:.0%} |"
        )
    lines += [
        "",
        "| database | path | conc. | calls | calls/s | p50 ms, each round | Junction CPU ms/call "
        "| sandbox CPU ms/call | PostgreSQL CPU ms/call | load gen CPU ms/call | other procs (cores) "
        "| errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    groups: dict[tuple[str, str, int], list[Result]] = {}
    for result in report.results:
        groups.setdefault((result.database, result.path, result.concurrency), []).append(result)
    for (database, path, concurrency), rounds in groups.items():
        calls = sum(r.calls for r in rounds)
        seconds = sum(r.seconds for r in rounds)

        def mean(values: list[float | None], rounds: list[Result] = rounds, calls: int = calls) -> str:
            if any(v is None for v in values):
                return "-"
            return f"{sum((v or 0.0) * r.calls for v, r in zip(values, rounds, strict=True)) / calls:.2f}"

        other = sum(r.other_load_cores * r.seconds for r in rounds) / seconds
        lines.append(
            f"| {database} | {path} | {concurrency} | {calls} | {calls / seconds:.0f} "
            f"| {spread([r.p50_ms for r in rounds])} "
            f"| {mean([r.junction_cpu_ms_per_call for r in rounds])} "
            f"| {mean([r.sandbox_cpu_ms_per_call for r in rounds])} "
            f"| {mean([r.postgres_cpu_ms_per_call for r in rounds])} "
            f"| {mean([r.loadgen_cpu_ms_per_call for r in rounds])} | {other:.2f} "
            f"| {sum(r.errors for r in rounds)} |"
        )
    return "\n".join(lines)


# --- the run ---------------------------------------------------------------------------------------


def bench_database(
    runner: asyncio.Runner,
    database: str,
    args: argparse.Namespace,
    code_env: dict[str, str],
    sandbox: SandboxProcess,
    report: Report,
) -> None:
    with _database(database) as (url, postmaster), junction_server(url, postmaster, code_env) as server:
        print(f"# {database}: junction serve on {HOST}:{server.port} (pid {server.pid})", file=sys.stderr)
        _, token, consumer_id = set_up_tenant(server)
        path = connect_kounta(server, token, consumer_id, sandbox)
        observed = observe_one_call(server, token, path, sandbox)
        report.observed[database] = observed
        print(f"  one unified call = {observed.described}", file=sys.stderr)
        target = Target(server, sandbox.port, sandbox.pid, path, token, observed.pattern)
        quiet = SandboxQuietGate(budget_s=args.quiet_budget, sandbox_pid=sandbox.pid)
        rounds: dict[tuple[str, int], list[Result]] = {}
        # Rounds go through every row in turn, A and B in alternating order, so that a burst of
        # outside load or a drift of the machine lands on both.
        for round_ in range(1, args.rounds + 1):
            for concurrency in args.concurrency:
                order = (UNIFIED, DIRECT) if round_ % 2 else (DIRECT, UNIFIED)
                for which in order:
                    result = measure(runner, database, target, which, concurrency, args, round_, quiet)
                    report.results.append(result)
                    rounds.setdefault((which, concurrency), []).append(result)
                    print(
                        f"  round {round_} c={concurrency:<2} {which:25} {result.calls_per_s:7.1f} calls/s  "
                        f"p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  errors {result.errors}  "
                        f"other procs {result.other_load_cores:.2f} cores",
                        file=sys.stderr,
                    )
        for concurrency in args.concurrency:
            report.overheads.append(
                Overhead.of(rounds[(UNIFIED, concurrency)], rounds[(DIRECT, concurrency)])
            )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database",
        action="append",
        choices=["sqlite", "postgresql"],
        help="repeat for several (default: sqlite and postgresql)",
    )
    parser.add_argument(
        "--concurrency", action="append", type=int, help="repeat for several (default: 1 and 4)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds of A and of B per row (default 5)")
    parser.add_argument(
        "--calls", type=int, default=150, help="measured calls per path, row and round (default 150)"
    )
    parser.add_argument("--warmup", type=int, default=15, help="unmeasured calls before each (default 15)")
    parser.add_argument(
        "--quiet-budget",
        type=float,
        default=30,
        help="seconds the whole run may spend waiting for other processes to calm down (default 30)",
    )
    parser.add_argument(
        "--code",
        choices=["head", "worktree"],
        default="head",
        help="measure the last commit's src/ (default) or src/ as it is on disk",
    )
    args = parser.parse_args(argv)
    args.database = args.database or ["sqlite", "postgresql"]
    args.concurrency = args.concurrency or [1, 4]
    if not 20 <= args.calls <= 20_000 or not 0 <= args.warmup <= 1_000:
        parser.error("--calls must be within 20..20000 and --warmup within 0..1000")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be within 1..20")
    if any(c < 1 or c > 64 for c in args.concurrency):
        parser.error("--concurrency must be within 1..64")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # On SIGTERM too, unwind through the `finally` blocks that stop the processes started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = Report(
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=git("rev-parse", "--short", "HEAD"),
        code="",
        src_changed_during_run=False,
        python=sys.version.split()[0],
        cpus=os.cpu_count() or 0,
        cpu_model=cpu_model(),
        args=vars(args),
    )
    fingerprint = src_fingerprint()
    started = time.monotonic()
    with (
        code_under_test(args.code) as (report.code, code_env),
        kounta_sandbox() as sandbox,
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        report.sandbox = f"`{sandbox.command}` on {HOST}:{sandbox.port} (pid {sandbox.pid})"
        print(f"# Kounta sandbox: {report.sandbox}", file=sys.stderr)
        for database in args.database:
            bench_database(runner, database, args, code_env, sandbox, report)
    report.src_changed_during_run = args.code == "worktree" and src_fingerprint() != fingerprint

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f"kounta-overhead-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    observed = next(iter(report.observed.values()))
    print(
        f"{report.date}, {report.code}, Python {report.python}, {report.cpus} x {report.cpu_model}; "
        f"Kounta sandbox in its own process, rate limit off. One unified call "
        f"(`GET /consumers/{{id}}/pos/customers?size={PAGE_SIZE_ASKED}`, {observed.items} of "
        f"{observed.total} customers) = {observed.described}. Per row {args.rounds} rounds of "
        f"{args.calls} calls of A and of B (each after {args.warmup} warm-up calls), interleaved, "
        f"closed loop; percentiles over all rounds' calls. Took {time.monotonic() - started:.0f} s.\n"
    )
    print(markdown(report))
    if report.src_changed_during_run:
        print("\nWARNING: src/ changed during the run, so these rows may measure different code.")
    print(f"\nJSON: {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
