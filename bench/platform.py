"""Platform benchmark: POST /token and GET /consumers/{id} on SQLite and PostgreSQL, each beside
a floor route of the same server that does no auth and no database work.

    uv run python bench/platform.py        (or: make bench; both databases unless --database)

Starts a real `junction serve` (on the last commit's src/, exported, unless --code worktree) on
a free loopback port with a temporary data dir (and, for PostgreSQL, a throwaway cluster from
scripts/postgres.sh with fsync on), creates an account with the CLI and a consumer over the API,
then measures each route and concurrency in a few interleaved rounds of warm-up plus a bounded
number of requests. Prints a Markdown table and writes JSON to bench/out/. See bench/README.md.

The load generator is deliberately thin (raw HTTP/1.1 keep-alive over asyncio streams on uvloop,
one process) because it shares the machine's cores with the server; it reports its own CPU use
so readers can see how much of the machine it took.
"""

from __future__ import annotations

import sys

if __name__ == "__main__" and not __package__:
    # `python bench/platform.py` puts bench/ first on sys.path, where this file would shadow the
    # standard library's `platform` module for every later import. Drop it before importing.
    sys.path.pop(0)

import argparse
import asyncio
import datetime as dt
import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvloop

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
FLOOR_PATH = "/integrations/1/logo.svg"


# --- what is measured -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    expect_status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def request_bytes(self, port: int) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"host: {HOST}:{port}", "accept: */*"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.body or self.method in ("POST", "PUT", "PATCH"):
            lines += ["content-type: application/json", f"content-length: {len(self.body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


@dataclass
class Result:
    database: str
    scenario: str
    route: str
    concurrency: int
    round: int
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    server_cpu_us_per_req: float
    postgres_cpu_us_per_req: float | None
    loadgen_cpu_us_per_req: float
    postgres_new_connections: int | None
    other_load_cores: float
    waited_for_quiet_s: float
    first_error: str | None = None


@dataclass
class Row:
    """One line of the table: the round with the median rps, and the spread of all rounds."""

    median: Result
    rps_min: float
    rps_max: float

    @classmethod
    def of(cls, rounds: list[Result]) -> Row:
        by_rps = sorted(rounds, key=lambda r: r.rps)
        return cls(by_rps[(len(by_rps) - 1) // 2], by_rps[0].rps, by_rps[-1].rps)


@dataclass
class HashCost:
    name: str
    ms_per_hash: float
    max_per_second_one_core: float


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
    results: list[Result] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    hash_costs: list[HashCost] = field(default_factory=list)


# --- CPU accounting from /proc (Linux) ----------------------------------------------------------


def _stat_fields(pid: int) -> list[str]:
    raw = Path(f"/proc/{pid}/stat").read_text()
    return raw[raw.rindex(")") + 2 :].split()  # fields after "pid (comm) "; index 0 is field 3


def process_cpu_seconds(pid: int, with_reaped_children: bool = False) -> float:
    fields = _stat_fields(pid)
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (all threads)
    if with_reaped_children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLOCK_TICKS


def postgres_cpu_seconds(postmaster: int) -> float:
    """The postmaster, its live backends, and the backends it has already reaped."""
    total = process_cpu_seconds(postmaster, with_reaped_children=True)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(int(entry.name))
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == postmaster:
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def machine_busy_seconds() -> float:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS


@dataclass
class CpuSnapshot:
    server: float
    postgres: float | None
    loadgen: float
    machine: float

    @classmethod
    def take(cls, server_pid: int, postmaster: int | None) -> CpuSnapshot:
        return cls(
            process_cpu_seconds(server_pid),
            postgres_cpu_seconds(postmaster) if postmaster else None,
            time.process_time(),
            machine_busy_seconds(),
        )


# --- the load generator -----------------------------------------------------------------------


class Connection:
    """One HTTP/1.1 keep-alive connection that knows just enough HTTP for uvicorn's answers."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(reader, writer)

    async def exchange(self, request: bytes) -> tuple[int, bytes]:
        status, _, body = await self.exchange_with_head(request)
        return status, body

    async def exchange_with_head(self, request: bytes) -> tuple[int, bytes, bytes]:
        """(status, the response head in lower case, body)."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lowered = head.lower()
        start = lowered.find(b"\r\ncontent-length:")
        if start < 0:
            raise RuntimeError(f"response without content-length: {head!r}")
        end = lowered.index(b"\r\n", start + 2)
        body = await self.reader.readexactly(int(lowered[start + 17 : end]))
        return status, lowered, body

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


@dataclass
class Run:
    timings_ns: list[int]
    errors: int
    first_error: str | None
    seconds: float


async def drive(port: int, scenario: Scenario, requests: int, concurrency: int) -> Run:
    """Closed loop: `concurrency` connections each send the next request once the last is answered,
    until `requests` have been sent in all."""
    request = scenario.request_bytes(port)
    connections = [await Connection.open(port) for _ in range(concurrency)]
    timings: list[int] = []
    errors = 0
    first_error: str | None = None
    remaining = requests

    async def worker(connection: Connection) -> None:
        nonlocal remaining, errors, first_error
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter_ns()
            status, body = await connection.exchange(request)
            timings.append(time.perf_counter_ns() - started)
            if status != scenario.expect_status:
                errors += 1
                first_error = first_error or f"{status} {body[:200]!r}"

    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker(c) for c in connections))
    finally:
        seconds = time.perf_counter() - started
        for connection in connections:
            await connection.close()
    return Run(timings, errors, first_error, seconds)


@dataclass
class QuietGate:
    """Other people's processes share this machine. Before each measurement, wait (within a
    budget for the whole run) until they use less than `threshold` of a core."""

    budget_s: float
    threshold_cores: float = 0.25

    def other_load(self, server: Server, window_s: float = 1.0) -> float:
        before = CpuSnapshot.take(server.pid, server.postmaster)
        time.sleep(window_s)
        after = CpuSnapshot.take(server.pid, server.postmaster)
        ours = (after.server - before.server) + (after.loadgen - before.loadgen)
        if after.postgres is not None and before.postgres is not None:
            ours += after.postgres - before.postgres
        return max(0.0, (after.machine - before.machine) - ours) / window_s

    def wait(self, server: Server) -> float:
        started = time.monotonic()
        load = self.other_load(server)
        while load > self.threshold_cores and self.budget_s > 0:
            print(f"  waiting: other processes use {load:.2f} cores", file=sys.stderr)
            self.budget_s -= 2.0
            time.sleep(1.0)
            load = self.other_load(server)
        return round(time.monotonic() - started, 1)


def percentile(sorted_values: list[int], fraction: float) -> float:
    """Nearest rank, in milliseconds."""
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank] / 1e6


def measure(
    runner: asyncio.Runner,
    database: str,
    server: Server,
    scenario: Scenario,
    requests: int,
    warmup: int,
    concurrency: int,
    round_: int,
    quiet: QuietGate,
) -> Result:
    runner.run(drive(server.port, scenario, warmup, concurrency))
    waited = quiet.wait(server)
    sessions_before = postgres_sessions(server.database_url)
    before = CpuSnapshot.take(server.pid, server.postmaster)
    run = runner.run(drive(server.port, scenario, requests, concurrency))
    after = CpuSnapshot.take(server.pid, server.postmaster)
    sessions_after = postgres_sessions(server.database_url)
    timings = sorted(run.timings_ns)
    n = len(timings)

    def per_request(seconds: float) -> float:
        return round(seconds / n * 1e6, 1)

    server_cpu = after.server - before.server
    postgres_cpu = (
        after.postgres - before.postgres
        if after.postgres is not None and before.postgres is not None
        else None
    )
    loadgen_cpu = after.loadgen - before.loadgen
    other = (after.machine - before.machine) - server_cpu - (postgres_cpu or 0.0) - loadgen_cpu
    # Everything else the machine did meanwhile (other users' processes, the kernel's own threads).
    return Result(
        database=database,
        scenario=scenario.name,
        route=f"{scenario.method} {scenario.path}",
        concurrency=concurrency,
        round=round_,
        requests=n,
        errors=run.errors,
        seconds=round(run.seconds, 3),
        rps=round(n / run.seconds, 1),
        p50_ms=round(percentile(timings, 0.50), 2),
        p90_ms=round(percentile(timings, 0.90), 2),
        p99_ms=round(percentile(timings, 0.99), 2),
        max_ms=round(timings[-1] / 1e6, 2),
        mean_ms=round(sum(timings) / n / 1e6, 2),
        server_cpu_us_per_req=per_request(server_cpu),
        postgres_cpu_us_per_req=per_request(postgres_cpu) if postgres_cpu is not None else None,
        loadgen_cpu_us_per_req=per_request(loadgen_cpu),
        postgres_new_connections=(
            sessions_after - sessions_before - 1  # less the psql session that counted them
            if sessions_after is not None and sessions_before is not None
            else None
        ),
        other_load_cores=round(max(0.0, other) / run.seconds, 2),
        waited_for_quiet_s=waited,
        first_error=run.first_error,
    )


# --- the server under test ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def junction_executable() -> str:
    # The venv's entry point itself (not `uv run junction`), so the pid we watch is the server's.
    candidate = Path(sys.executable).parent / "junction"
    if not candidate.exists():
        raise SystemExit(f"{candidate} not found: run this with `uv run python bench/platform.py`")
    return str(candidate)


@dataclass
class Server:
    port: int
    pid: int
    postmaster: int | None
    database_url: str | None
    env: dict[str, str]


def postgres_sessions(url: str | None) -> int | None:
    """How many sessions PostgreSQL has opened on the database so far (PostgreSQL 14+)."""
    if url is None:
        return None
    psql = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), key=lambda p: int(p.parts[-3]))[-1]
    query = "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
    out = subprocess.run([str(psql), url, "-Atc", query], check=True, capture_output=True, text=True)
    return int(out.stdout)


@contextmanager
def code_under_test(mode: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(what is measured, environment for the server). `head`: the last commit's src/, exported
    and put first on the server's PYTHONPATH, so edits made while this runs cannot leak in.
    `worktree`: src/ as it is on disk."""
    commit = git("rev-parse", "HEAD")
    if mode == "worktree":
        changes = len(git("status", "--porcelain", "--", "src").splitlines())
        yield f"working tree at {commit[:7]} ({changes} uncommitted changes in src/)", {}
        return
    with tempfile.TemporaryDirectory(prefix="junction-bench-src-") as tree:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, "src"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        src = str(Path(tree) / "src")
        env = {"PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)}
        imported = subprocess.run(
            [sys.executable, "-c", "import junction; print(junction.__file__)"],
            env=os.environ | env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not imported.startswith(src):
            raise SystemExit(f"the exported src/ is not the one imported ({imported}); try --code worktree")
        yield f"commit {commit[:7]}", env


@contextmanager
def postgresql() -> Iterator[tuple[str, int]]:
    """A throwaway cluster with fsync on: (URL, postmaster pid)."""
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
        cluster = Path(f"/tmp/junction-pg-{port}")  # noqa: S108 - where scripts/postgres.sh puts it
        pid = int((cluster / "postmaster.pid").read_text().split()[0])
        yield url, pid
    finally:
        subprocess.run([script, "stop", str(port)], check=False, capture_output=True)


@contextmanager
def junction_server(
    database_url: str | None, postmaster: int | None, code_env: dict[str, str]
) -> Iterator[Server]:
    with tempfile.TemporaryDirectory(prefix="junction-bench-") as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")} | code_env
        env["JUNCTION_DATA_DIR"] = data_dir
        if database_url:
            env["JUNCTION_DATABASE_URL"] = database_url
        port = free_port()
        log = Path(data_dir) / "server.log"
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [junction_executable(), "serve", "--host", HOST, "--port", str(port)],
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            try:
                hint = "" if not code_env else HEAD_HINT
                wait_until_up(process, port, log, hint)
                yield Server(port, process.pid, postmaster, database_url, env)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


HEAD_HINT = (
    "\nThe server ran on an export of the last commit's src/: if that commit needs files that are "
    "not committed yet, commit them or measure the working tree with --code worktree."
)


def wait_until_up(process: subprocess.Popen[bytes], port: int, log: Path, hint: str = "") -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"junction serve exited with {process.returncode}:\n{log.read_text()}{hint}")
        try:
            httpx.get(f"http://{HOST}:{port}{FLOOR_PATH}", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"junction serve did not answer within 60 s:\n{log.read_text()}{hint}")


def set_up_tenant(server: Server) -> tuple[dict[str, str], str, str]:
    """Account through the CLI, token and consumer through the API: (credentials, token, consumer id)."""
    created = subprocess.run(
        [junction_executable(), "accounts", "create", "bench", "--json"],
        env=server.env,
        check=True,
        capture_output=True,
        text=True,
    )
    credentials: dict[str, str] = json.loads(created.stdout)
    base = f"http://{HOST}:{server.port}"
    token_response = httpx.post(f"{base}/token", json=credentials, timeout=10)
    token_response.raise_for_status()
    token: str = token_response.json()["access_token"]
    consumer_response = httpx.post(
        f"{base}/consumers",
        json={"name": "Le Petit Bistro", "email": "owner@bistro.example"},
        headers={"authorization": f"Bearer {token}"},
        timeout=10,
    )
    consumer_response.raise_for_status()
    consumer_id: str = consumer_response.json()["consumerid"]
    return credentials, token, consumer_id


def scenarios(credentials: dict[str, str], token: str, consumer_id: str) -> list[Scenario]:
    return [
        Scenario("floor (no auth, no DB)", "GET", FLOOR_PATH, 404),
        Scenario("POST /token", "POST", "/token", 200, body=json.dumps(credentials).encode()),
        Scenario(
            "GET /consumers/{id}",
            "GET",
            f"/consumers/{consumer_id}",
            200,
            headers=(("authorization", f"Bearer {token}"),),
        ),
    ]


def bench_database(
    runner: asyncio.Runner,
    database: str,
    args: argparse.Namespace,
    code_env: dict[str, str],
    quiet: QuietGate,
    report: Report,
) -> None:
    with _database(database) as (url, postmaster), junction_server(url, postmaster, code_env) as server:
        print(f"# {database}: junction serve on {HOST}:{server.port} (pid {server.pid})", file=sys.stderr)
        planned = scenarios(*set_up_tenant(server))
        rounds: dict[tuple[int, str], list[Result]] = {}
        # Rounds go through every row in turn, so a burst of noise lands on different rows.
        for round_ in range(1, args.rounds + 1):
            for concurrency in args.concurrency:
                for scenario in planned:
                    result = measure(
                        runner,
                        database,
                        server,
                        scenario,
                        args.requests,
                        args.warmup,
                        concurrency,
                        round_,
                        quiet,
                    )
                    report.results.append(result)
                    rounds.setdefault((concurrency, scenario.name), []).append(result)
                    print(
                        f"  round {round_} c={concurrency:<3} {scenario.name:24} {result.rps:8.1f} rps  "
                        f"p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  "
                        f"errors {result.errors}  other procs {result.other_load_cores:.2f} cores",
                        file=sys.stderr,
                    )
        report.rows += [Row.of(results) for results in rounds.values()]


@contextmanager
def _database(database: str) -> Iterator[tuple[str | None, int | None]]:
    if database == "sqlite":
        yield None, None
        return
    with postgresql() as (url, postmaster):
        yield url, postmaster


# --- what a slow password hash would cost on /token ------------------------------------------------


def hash_costs() -> list[HashCost]:
    """Client secrets are hashed with one SHA-256 (src/junction/kit/hashing.py). For comparison,
    what the usual password hashes cost per call, measured here on one core."""
    secret = b"x" * 43
    salt = b"s" * 16

    def sha256() -> None:
        hashlib.sha256(secret).hexdigest()

    def pbkdf2() -> None:
        hashlib.pbkdf2_hmac("sha256", secret, salt, 600_000)

    def scrypt() -> None:
        hashlib.scrypt(secret, salt=salt, n=2**14, r=8, p=1)

    costs = []
    for name, function, repeat in (
        ("SHA-256 (what /token does)", sha256, 20_000),
        ("scrypt n=2^14 r=8 p=1", scrypt, 10),
        ("PBKDF2-SHA256 600k iterations (OWASP 2023)", pbkdf2, 3),
    ):
        started = time.perf_counter()
        for _ in range(repeat):
            function()
        seconds = (time.perf_counter() - started) / repeat
        costs.append(HashCost(name, round(seconds * 1e3, 4), round(1 / seconds, 1)))
    return costs


# --- the report ------------------------------------------------------------------------------------


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()


def src_fingerprint() -> str:
    """HEAD plus the uncommitted changes under src/."""
    return (
        git("rev-parse", "HEAD")
        + git("diff", "HEAD", "--", "src")
        + git("status", "--porcelain", "--", "src")
    )


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def markdown(report: Report) -> str:
    lines = [
        "| database | route | conc. | rps | rps, all rounds | vs floor | p50 ms | p99 ms "
        "| server CPU µs/req | PostgreSQL CPU µs/req | new PG conns | load gen CPU µs/req "
        "| other procs (cores) | errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    floors = {
        (row.median.database, row.median.concurrency): row.median
        for row in report.rows
        if row.median.scenario.startswith("floor")
    }
    for row in report.rows:
        r = row.median
        floor = floors.get((r.database, r.concurrency))
        versus = "baseline" if floor is r or floor is None else f"{r.rps / floor.rps:.2f}x"
        spread = f"{row.rps_min:.0f}-{row.rps_max:.0f}"
        postgres = "-" if r.postgres_cpu_us_per_req is None else f"{r.postgres_cpu_us_per_req:.0f}"
        connections = "-" if r.postgres_new_connections is None else str(r.postgres_new_connections)
        lines.append(
            f"| {r.database} | {r.scenario} | {r.concurrency} | {r.rps:.0f} | {spread} | {versus} "
            f"| {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.server_cpu_us_per_req:.0f} "
            f"| {postgres} | {connections} | {r.loadgen_cpu_us_per_req:.0f} | {r.other_load_cores:.2f} "
            f"| {r.errors} |"
        )
    if report.hash_costs:
        lines += [
            "",
            "| client-secret hash | ms per hash | hashes/s on one core |",
            "|---|--:|--:|",
        ]
        lines += [
            f"| {h.name} | {h.ms_per_hash:g} | {h.max_per_second_one_core:,.0f} |" for h in report.hash_costs
        ]
    return "\n".join(lines)


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
        "--concurrency", action="append", type=int, help="repeat for several (default: 8 and 32)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each row (default 3)")
    parser.add_argument(
        "--requests", type=int, default=2000, help="measured requests per row and round (default 2000)"
    )
    parser.add_argument(
        "--warmup", type=int, default=200, help="unmeasured requests before each (default 200)"
    )
    parser.add_argument(
        "--quiet-budget",
        type=float,
        default=60,
        help="seconds the whole run may spend waiting for other processes to calm down (default 60)",
    )
    parser.add_argument(
        "--code",
        choices=["head", "worktree"],
        default="head",
        help="measure the last commit's src/ (default) or src/ as it is on disk",
    )
    parser.add_argument("--no-hash-costs", action="store_true", help="skip the password-hash comparison")
    args = parser.parse_args(argv)
    args.database = args.database or ["sqlite", "postgresql"]
    args.concurrency = args.concurrency or [8, 32]
    if args.requests < 100 or args.requests > 100_000 or args.warmup < 0 or args.warmup > 100_000:
        parser.error("--requests must be within 100..100000 and --warmup within 0..100000")
    if not 1 <= args.rounds <= 9:
        parser.error("--rounds must be within 1..9")
    if any(c < 1 or c > 256 for c in args.concurrency):
        parser.error("--concurrency must be within 1..256")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # On SIGTERM too, unwind through the `finally` blocks that stop the server and PostgreSQL.
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
    quiet = QuietGate(budget_s=args.quiet_budget)
    with (
        code_under_test(args.code) as (report.code, code_env),
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        for database in args.database:
            bench_database(runner, database, args, code_env, quiet, report)
    if not args.no_hash_costs:
        report.hash_costs = hash_costs()
    # Others may edit while this runs; with --code worktree the server runs what is on disk.
    report.src_changed_during_run = args.code == "worktree" and src_fingerprint() != fingerprint

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f"platform-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    print(
        f"{report.date}, {report.code}, Python {report.python}, "
        f"{report.cpus} x {report.cpu_model}; per row {args.rounds} rounds of {args.requests} requests "
        f"(each after {args.warmup} warm-up requests), closed loop; the round with the median rps "
        "is shown\n"
    )
    print(markdown(report))
    if report.src_changed_during_run:
        print("\nWARNING: src/ changed during the run, so these rows may measure different code.")
    print(f"\nJSON: {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
