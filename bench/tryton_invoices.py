"""Tryton invoices: 1,000 invoices created and read back through Junction, against the same REST
calls made directly to the same Tryton server, in one run.

    uv run python bench/tryton_invoices.py     (or: make bench-tryton; SQLite and PostgreSQL)

Starts a real Tryton 8.2 (`run_tryton`, on a copy of the prepared template database, SQLite) and
`junction serve` on free loopback ports, creates an account, a consumer, a Tryton accounting
connection and a client, then checks through a recording proxy that both paths send Tryton the
same requests (method, path, query, headers, JSON body), and measures in interleaved rounds:

    A  `POST /consumers/{id}/accounting/invoices` then `GET .../accounting/invoices/{id}` through
       Junction, from a thin raw-HTTP load generator;
    B  the REST calls the Tryton connector makes for each, sent straight to trytond with httpx
       (as the connector does), using what the lookups answer, in the connector's order.

A - B is what going through Junction costs. The load generator, the server helpers and the CPU
accounting are platform.py's and kounta_overhead.py's. See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:
    # As in kounta_overhead.py: bench/ first on sys.path would shadow the standard `platform`.
    sys.path.pop(0)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import base64
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import uvloop

from bench.kounta_overhead import OVERHEAD_HEADER, Cpu, SandboxQuietGate, nearest_rank
from bench.platform import (
    HOST,
    OUT_DIR,
    ROOT,
    Connection,
    Server,
    _database,
    code_under_test,
    cpu_model,
    git,
    junction_server,
    set_up_tenant,
)
from junction.connectors.tryton.manifest import TRYTON_ACCOUNTING_ID
from junction.connectors.tryton.types import LINE_FIELDS, Invoice, Tax
from junction.sandboxes.tryton.server import RunningTryton, TrytonInstall, run_tryton, tryton_home

UNIFIED = "A: through Junction"
DIRECT = "B: direct to Tryton"
CREATE, READ = "create", "read"
INVOICE_DAY, DUE_DAY = dt.date(2025, 3, 14), dt.date(2025, 4, 13)
# (description, unit price, quantity, VAT rate): 250.00 + 42.75 VAT = 292.75, as in
# tests/compat/test_sdk_tryton.py.
LINES = (("Conseil", 100.0, 2.0, 20.0), ("Livres", 50.0, 1.0, 5.5))
TOTAL = Decimal("292.75")
REVENUE_ACCOUNT = "706"
# What the connector reads (connectors/tryton/books.py and accounting.py).
CONFIGURATION_FIELDS = (
    "default_account_receivable",
    "default_account_payable",
    "default_category_account_revenue",
    "default_category_account_expense",
)
COMPANY_FIELDS = (
    "party.name",
    "party.identifiers.type",
    "party.identifiers.code",
    "currency.code",
    *(f"party.addresses.{f}" for f in ("street", "postal_code", "city", "country.code")),
)
INVOICE_FIELDS = (*Invoice.FIELDS, *(f"lines.{f}" for f in LINE_FIELDS))


class CallFailed(Exception):
    pass


# --- B: the connector's REST calls, made directly ---------------------------------------------------


def b64json(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def tryton_date(day: dt.date) -> dict[str, Any]:
    return {"__class__": "date", "year": day.year, "month": day.month, "day": day.day}


def record_id(value: Any) -> int:
    """A Many2One as Tryton answers it: an id, or an object when its fields were asked."""
    return int(value["id"] if isinstance(value, dict) else value)


class DirectTryton:
    """B: a direct integration written with httpx, sending what the Tryton connector sends, in its
    order, one pooled client shared by every concurrent call (as Junction's per connection)."""

    def __init__(self, tryton: RunningTryton, base_url: str | None = None) -> None:
        context = {"_skip_warnings": True, "company": tryton.company, "companies": [tryton.company]}
        self.client = httpx.AsyncClient(
            base_url=base_url or tryton.url,
            headers={
                "Accept": "application/json",
                "X-Tryton-Context": b64json(context),
                "Authorization": f"Bearer {tryton.key}",
            },
            timeout=30,
        )
        self.root = f"/{tryton.database}/rest/model"
        self.company = tryton.company

    async def _send(self, method: str, path: str, **options: Any) -> Any:
        response = await self.client.request(method, f"{self.root}/{path}", **options)
        if response.status_code != 200:
            raise CallFailed(f"{method} {path}: {response.status_code} {response.text[:200]}")
        return response.json() if response.content else None

    async def read(self, path: str, fields: Sequence[str]) -> Any:
        return await self._send("GET", path, params=[("f", f) for f in fields])

    async def search(
        self, model: str, domain: list[Any], fields: Sequence[str], order: Sequence[Any] = (("id", "ASC"),)
    ) -> list[Any]:
        params = [("f", f) for f in fields] + [("d", b64json(domain)), ("o", b64json(order))]
        found: list[Any] = await self._send("GET", model, params=params)
        if not found:
            raise CallFailed(f"nothing found in {model} for {domain}")
        return found

    async def create_invoice(self, number: str, party: int, taxes: dict[float, int]) -> int:
        currency = (await self.search("currency.currency", [["code", "=", "EUR"]], ["id"]))[0]["id"]
        account_domain = [["code", "=", REVENUE_ACCOUNT], ["type", "!=", None], ["closed", "!=", True]]
        account = (await self.search("account.account", account_domain, ["id"]))[0]["id"]
        lines = [
            {
                "type": "line",
                "description": description,
                "quantity": quantity,
                "unit_price": {"__class__": "Decimal", "decimal": str(price)},
                "account": account,
                "taxes": [["add", [taxes[rate]]]],
                "company": self.company,
                "currency": currency,
                "invoice_type": "out",
                "party": party,
            }
            for description, price, quantity, rate in LINES
        ]
        order = [["sequence", "ASC"], ["id", "ASC"]]
        address = (await self.search("party.address", [["party", "=", party]], ["id"], order))[0]["id"]
        own = (await self.read(f"party.party/{party}", ["account_receivable"])).get("account_receivable")
        if not own:
            configuration = await self.read("account.configuration/1", CONFIGURATION_FIELDS)
            own = configuration["default_account_receivable"]
        journal = (await self.search("account.journal", [["type", "=", "revenue"]], ["id"]))[0]["id"]
        values = {
            "type": "out",
            "company": self.company,
            "currency": currency,
            "party": party,
            "invoice_address": address,
            "account": record_id(own),
            "journal": journal,
            "invoice_date": tryton_date(INVOICE_DAY),
            "reference": number,
            "lines": [["create", lines]],
            "payment_term_date": tryton_date(DUE_DAY),
        }
        invoice = int((await self._send("POST", "account.invoice", json=values))["id"])
        totals = await self.read(f"account.invoice/{invoice}", ["total_amount", "tax_amount"])
        if abs(Decimal(totals["total_amount"]["decimal"])) != TOTAL:
            raise CallFailed(f"Tryton computed {totals['total_amount']} for the invoice {invoice}")
        await self._send("POST", f"account.invoice/{invoice}/post", json={})
        await self.read_invoice(invoice)
        return invoice

    async def read_invoice(self, invoice: int) -> None:
        record = await self.read(f"account.invoice/{invoice}", INVOICE_FIELDS)
        tax_ids = sorted({tax["id"] for line in record["lines"] for tax in line["taxes"]})
        if tax_ids:
            await self.search(
                "account.tax", [["id", "in", tax_ids], ["active", "in", [True, False]]], Tax.FIELDS
            )
        await self.read(f"company.company/{self.company}", COMPANY_FIELDS)

    async def close(self) -> None:
        await self.client.aclose()


# --- A: the unified calls, and the tenant ------------------------------------------------------------


def unified_invoice(number: str, partner_id: str, taxes: dict[float, int]) -> dict[str, Any]:
    lines = [
        {
            "description": description,
            "unit_price": price,
            "quantity": quantity,
            "untaxed_amount": price * quantity,
            "tax_rate": rate,
            "tax_amount": round(price * quantity * rate / 100, 2),
            "total": round(price * quantity * (1 + rate / 100), 2),
            "account_number": REVENUE_ACCOUNT,
            "tax_code": str(taxes[rate]),
        }
        for description, price, quantity, rate in LINES
    ]
    return {
        "invoice_type": "customer_invoice",
        "invoice_number": number,
        "currency": "EUR",
        "untaxed_amount": 250.0,
        "tax_amount": 42.75,
        "total": float(TOTAL),
        "invoice_date": INVOICE_DAY.isoformat(),
        "due_date": DUE_DAY.isoformat(),
        "partner_id": partner_id,
        "lines": lines,
    }


class UnifiedClient:
    """A: one keep-alive connection to Junction, raw HTTP/1.1 (platform.py's load generator)."""

    def __init__(self, connection: Connection, port: int, consumer: str, token: str) -> None:
        self.connection = connection
        self.head = f"host: {HOST}:{port}\r\naccept: application/json\r\nauthorization: Bearer {token}\r\n"
        self.path = f"/consumers/{consumer}/accounting/invoices"

    async def exchange(self, request: str, body: bytes = b"") -> tuple[dict[str, Any], float | None]:
        status, head, answer = await self.connection.exchange_with_head(request.encode() + body)
        if status != 200:
            raise CallFailed(f"{status} {answer[:200]!r}")
        start = head.find(OVERHEAD_HEADER)
        header = None
        if start >= 0:
            header = float(head[start + len(OVERHEAD_HEADER) : head.index(b"\r\n", start + 2)])
        return json.loads(answer), header

    async def create(self, invoice: dict[str, Any]) -> tuple[str, float | None]:
        body = json.dumps(invoice).encode()
        request = f"POST {self.path} HTTP/1.1\r\n{self.head}content-type: application/json\r\n"
        answer, header = await self.exchange(f"{request}content-length: {len(body)}\r\n\r\n", body)
        return str(answer["id"]), header

    async def read(self, invoice_id: str) -> float | None:
        return (await self.exchange(f"GET {self.path}/{invoice_id} HTTP/1.1\r\n{self.head}\r\n"))[1]


@dataclass(frozen=True)
class Books:
    """What a measurement needs: both ends, the tenant, the party and the VAT codes."""

    junction: Server
    tryton: RunningTryton
    trytond_pid: int
    credentials: dict[str, str]
    consumer: str
    party: int
    taxes: dict[float, int]

    def token(self) -> str:
        """A fresh token for each measurement: a whole run outlasts one (30 minutes)."""
        answer = httpx.post(f"http://{HOST}:{self.junction.port}/token", json=self.credentials, timeout=10)
        answer.raise_for_status()
        return str(answer.json()["access_token"])


def api(server: Server, token: str, method: str, path: str, body: Any = None) -> Any:
    answer = httpx.request(
        method,
        f"http://{HOST}:{server.port}{path}",
        json=body,
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    if answer.status_code >= 300:
        raise SystemExit(f"{method} {path} answered {answer.status_code}: {answer.text[:500]}")
    return answer.json()


def connect_tryton(server: Server, token: str, consumer: str, credentials: dict[str, str]) -> None:
    connection = {
        "integrationid": TRYTON_ACCOUNTING_ID,
        "name": "Tryton",
        "credentials": [{"key": key, "value": value} for key, value in credentials.items()],
    }
    api(server, token, "POST", f"/consumers/{consumer}/connections", connection)


def set_up_books(server: Server, tryton: RunningTryton) -> Books:
    credentials, token, consumer = set_up_tenant(server)
    connect_tryton(server, token, consumer, tryton.credentials)
    codes = api(server, token, "GET", f"/consumers/{consumer}/accounting/vat-codes?size=100")["items"]
    taxes = {
        rate: min(int(c["id"]) for c in codes if c["rate"] == rate and c["type"] == "sale")
        for _, _, _, rate in LINES
    }
    address = {
        "address_type": "main",
        "street": "12 rue des Lilas",
        "city": "Lyon",
        "postal_code": "69003",
        "country": "FR",
    }
    client = {"name": "Épicerie du Marché", "email": "compta@epicerie.example", "addresses": [address]}
    party = api(server, token, "POST", f"/consumers/{consumer}/accounting/clients", client)["id"]
    pid = trytond_pid(tryton.directory)
    return Books(server, tryton, pid, credentials, consumer, int(party), taxes)


def trytond_pid(directory: Path) -> int:
    config = str(directory / "trytond.conf").encode()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and config in (entry / "cmdline").read_bytes().split(b"\0"):
                return int(entry.name)
        except OSError:
            continue
    raise SystemExit(f"no trytond process runs on {directory}")


# --- that both paths send Tryton the same requests -----------------------------------------------------


@dataclass(frozen=True)
class Sent:
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: Any

    def line(self) -> str:
        return f"{self.method} {self.target.split('?')[0]}"


@contextmanager
def recording_proxy(upstream: str) -> Iterator[tuple[str, list[Sent]]]:
    """A forwarding proxy that notes every request (HTTP/1.0: one connection per request, as
    trytond's own server answers `Connection: close`)."""
    sent: list[Sent] = []

    class Handler(BaseHTTPRequestHandler):
        def forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items() if k.lower() != "host"}
            target = re.sub(r"/account\.invoice/\d+", "/account.invoice/{id}", self.path)
            parsed = json.loads(body) if body else None
            sent.append(Sent(self.command, target, tuple(sorted(headers.items())), parsed))
            answer = httpx.request(self.command, upstream + self.path, headers=headers, content=body)
            self.send_response(answer.status_code)
            for name in ("content-type", "content-range"):
                if name in answer.headers:
                    self.send_header(name, answer.headers[name])
            self.send_header("content-length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_DELETE = forward

        def log_message(self, format: str, *args: Any) -> None:
            pass

    proxy = ThreadingHTTPServer((HOST, 0), Handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{proxy.server_address[1]}", sent
    finally:
        proxy.shutdown()
        proxy.server_close()


@dataclass
class Observed:
    create: list[str]
    read: list[str]


def check_same_requests(runner: asyncio.Runner, books: Books) -> Observed:
    """One create and one read on each path through the proxy (A on a second consumer whose
    connection points at it): the requests Tryton receives must be the same, invoice ids aside."""
    token = books.token()
    server = books.junction
    with recording_proxy(books.tryton.url) as (proxy_url, sent):
        consumer = api(server, token, "POST", "/consumers", {"name": "Proxy check"})["consumerid"]
        connect_tryton(server, token, consumer, {**books.tryton.credentials, "base_url": proxy_url})
        invoice = unified_invoice("CHECK", str(books.party), books.taxes)
        base = f"/consumers/{consumer}/accounting/invoices"
        created = api(server, token, "POST", base, invoice)["id"]
        split = len(sent)
        api(server, token, "GET", f"{base}/{created}")
        unified, sent[:] = list(sent), []

        async def direct() -> int:
            client = DirectTryton(books.tryton, proxy_url)
            try:
                invoice_id = await client.create_invoice("CHECK", books.party, books.taxes)
                split = len(sent)
                await client.read_invoice(invoice_id)
                return split
            finally:
                await client.close()

        direct_split = runner.run(direct())
    if (unified, split) != (sent, direct_split):
        diff = [f"A {a}\nB {b}" for a, b in zip(unified, sent, strict=False) if a != b][:1]
        raise SystemExit(
            f"A sent {len(unified)} requests to Tryton and B {len(sent)}; first difference:\n"
            f"{diff[0] if diff else 'in the count or in where the read starts'}\n"
            "Update DirectTryton to follow the connector."
        )
    return Observed([s.line() for s in sent[:split]], [s.line() for s in sent[split:]])


# --- measuring -------------------------------------------------------------------------------------------


@dataclass
class Run:
    timings_ms: list[float]
    headers_ms: list[float]
    ids: list[str]
    errors: int
    first_error: str | None
    seconds: float


async def drive(workers: int, items: Sequence[Any], call: Callable[[int, Any], Awaitable[Any]]) -> Run:
    """Closed loop: `workers` callers each take the next item once their last call is answered.
    `call(worker, item)` answers (created id or None, overhead header or None)."""
    run = Run([], [], [], 0, None, 0.0)
    queue = iter(items)

    async def worker(number: int) -> None:
        for item in queue:
            started = time.perf_counter_ns()
            try:
                created, header = await call(number, item)
            except CallFailed as exc:
                run.errors += 1
                run.first_error = run.first_error or str(exc)
                continue
            run.timings_ms.append((time.perf_counter_ns() - started) / 1e6)
            if created is not None:
                run.ids.append(created)
            if header is not None:
                run.headers_ms.append(header)

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(workers)))
    run.seconds = time.perf_counter() - started
    return run


@dataclass
class Result:
    database: str
    path: str
    operation: str
    concurrency: int
    round: int
    calls: int
    errors: int
    seconds: float
    per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    junction_cpu_ms_per_call: float
    trytond_cpu_ms_per_call: float
    postgres_cpu_ms_per_call: float | None
    loadgen_cpu_ms_per_call: float
    other_load_cores: float
    waited_for_quiet_s: float
    first_error: str | None
    timings_ms: list[float] = field(repr=False)
    header_ms: list[float] = field(repr=False)


async def phase(
    books: Books, which: str, operation: str, concurrency: int, warmup: Sequence[Any], items: Sequence[Any]
) -> tuple[Run, Run, Cpu, Cpu]:
    """The warm-up calls, then the measured ones, on the same connections: (warm-up run, measured
    run, CPU before, CPU after)."""
    direct: DirectTryton | None = None
    clients: list[UnifiedClient] = []
    if which == DIRECT:
        direct = DirectTryton(books.tryton)
    else:
        token = books.token()
        for _ in range(concurrency):
            connection = await Connection.open(books.junction.port)
            clients.append(UnifiedClient(connection, books.junction.port, books.consumer, token))

    async def call(worker: int, item: Any) -> tuple[str | None, float | None]:
        if direct is not None:
            if operation == CREATE:
                return str(await direct.create_invoice(item, books.party, books.taxes)), None
            await direct.read_invoice(int(item))
            return None, None
        if operation == CREATE:
            return await clients[worker].create(unified_invoice(item, str(books.party), books.taxes))
        return None, await clients[worker].read(item)

    try:
        warm = await drive(concurrency, warmup, call)
        before = Cpu.take(books.junction, books.trytond_pid)
        run = await drive(concurrency, items, call)
        return warm, run, before, Cpu.take(books.junction, books.trytond_pid)
    finally:
        if direct is not None:
            await direct.close()
        for client in clients:
            await client.connection.close()


def measure(
    runner: asyncio.Runner,
    database: str,
    books: Books,
    which: str,
    concurrency: int,
    round_: int,
    args: argparse.Namespace,
    quiet: SandboxQuietGate,
) -> list[Result]:
    """Create `invoices / rounds` invoices, then read each of them back: one Result each."""
    tag = f"{which[0]}-{database}-c{concurrency}-r{round_}"
    count = args.invoices // args.rounds
    numbers = [f"{tag}-{n:04d}" for n in range(args.warmup + count)]
    results: list[Result] = []
    warm_ids: list[str] = []
    items: Sequence[Any] = numbers
    for operation in (CREATE, READ):
        waited = quiet.wait(books.junction)
        warmup, measured = (
            (items[: args.warmup], items[args.warmup :]) if operation == CREATE else (warm_ids, items)
        )
        warm, run, before, after = runner.run(phase(books, which, operation, concurrency, warmup, measured))
        if not run.timings_ms:
            raise SystemExit(f"{which} {operation}: every call failed, the first with {run.first_error}")
        results.append(result_of(database, which, operation, concurrency, round_, run, before, after, waited))
        warm_ids, items = warm.ids, run.ids
    return results


def result_of(
    database: str,
    which: str,
    operation: str,
    concurrency: int,
    round_: int,
    run: Run,
    before: Cpu,
    after: Cpu,
    waited: float,
) -> Result:
    timings = sorted(run.timings_ms)
    n = len(timings)

    def per_call(seconds: float) -> float:
        return round(seconds / n * 1e3, 3)

    postgres = None
    if after.postgres is not None and before.postgres is not None:
        postgres = per_call(after.postgres - before.postgres)
    # Everything else the machine did meanwhile (other users' processes, the kernel's threads).
    other = (after.machine - before.machine) - (after.ours() - before.ours())
    return Result(
        database=database,
        path=which,
        operation=operation,
        concurrency=concurrency,
        round=round_,
        calls=n,
        errors=run.errors,
        seconds=round(run.seconds, 3),
        per_s=round(n / run.seconds, 2),
        p50_ms=round(nearest_rank(timings, 0.50), 3),
        p95_ms=round(nearest_rank(timings, 0.95), 3),
        p99_ms=round(nearest_rank(timings, 0.99), 3),
        max_ms=round(timings[-1], 3),
        junction_cpu_ms_per_call=per_call(after.junction - before.junction),
        trytond_cpu_ms_per_call=per_call(after.sandbox - before.sandbox),
        postgres_cpu_ms_per_call=postgres,
        loadgen_cpu_ms_per_call=per_call(after.loadgen - before.loadgen),
        other_load_cores=round(max(0.0, other) / run.seconds, 2),
        waited_for_quiet_s=waited,
        first_error=run.first_error,
        timings_ms=[round(t, 3) for t in run.timings_ms],
        header_ms=run.headers_ms,
    )


# --- the report ---------------------------------------------------------------------------------------


@dataclass
class Overhead:
    """One database, operation and concurrency: A and B with all rounds' calls pooled, and A - B."""

    database: str
    operation: str
    concurrency: int
    a_p50_ms: float
    a_p95_ms: float
    b_p50_ms: float
    b_p95_ms: float
    overhead_p50_ms: float
    overhead_p95_ms: float
    overhead_p50_by_round_ms: list[float]
    a_per_s: float
    b_per_s: float
    header_p50_ms: float | None

    @classmethod
    def of(cls, unified: list[Result], direct: list[Result]) -> Overhead:
        a = sorted(t for r in unified for t in r.timings_ms)
        b = sorted(t for r in direct for t in r.timings_ms)
        header = sorted(h for r in unified for h in r.header_ms)
        by_round = {r.round: r.p50_ms for r in direct}

        def per_s(rounds: list[Result]) -> float:
            return round(sum(r.calls for r in rounds) / sum(r.seconds for r in rounds), 2)

        return cls(
            database=unified[0].database,
            operation=unified[0].operation,
            concurrency=unified[0].concurrency,
            a_p50_ms=round(nearest_rank(a, 0.50), 2),
            a_p95_ms=round(nearest_rank(a, 0.95), 2),
            b_p50_ms=round(nearest_rank(b, 0.50), 2),
            b_p95_ms=round(nearest_rank(b, 0.95), 2),
            overhead_p50_ms=round(nearest_rank(a, 0.50) - nearest_rank(b, 0.50), 2),
            overhead_p95_ms=round(nearest_rank(a, 0.95) - nearest_rank(b, 0.95), 2),
            overhead_p50_by_round_ms=[round(r.p50_ms - by_round[r.round], 2) for r in unified],
            a_per_s=per_s(unified),
            b_per_s=per_s(direct),
            header_p50_ms=round(nearest_rank(header, 0.50), 2) if header else None,
        )


@dataclass
class Report:
    date: str
    commit: str
    code: str
    python: str
    cpus: int
    cpu_model: str
    tryton: str
    args: dict[str, Any]
    observed: dict[str, Observed] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)
    overheads: list[Overhead] = field(default_factory=list)


def markdown(report: Report) -> str:
    lines = [
        "| database | operation | conc. | A: through Junction p50 / p95 ms | B: direct p50 / p95 ms "
        "| **overhead A-B p50 / p95 ms** | A-B p50, each round | A / B invoices/s "
        "| `x-junction-overhead-ms` p50 |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for o in report.overheads:
        each = o.overhead_p50_by_round_ms
        header = "-" if o.header_p50_ms is None else f"{o.header_p50_ms:.2f}"
        lines.append(
            f"| {o.database} | {o.operation} | {o.concurrency} | {o.a_p50_ms:.2f} / {o.a_p95_ms:.2f} "
            f"| {o.b_p50_ms:.2f} / {o.b_p95_ms:.2f} "
            f"| **{o.overhead_p50_ms:.2f} / {o.overhead_p95_ms:.2f}** "
            f"| {min(each):.2f} to {max(each):.2f} | {o.a_per_s:.1f} / {o.b_per_s:.1f} | {header} |"
        )
    lines += [
        "",
        "| database | path | operation | conc. | calls | calls/s | Junction CPU ms/call "
        "| trytond CPU ms/call | PostgreSQL CPU ms/call | load gen CPU ms/call | other procs (cores) "
        "| errors |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    groups: dict[tuple[str, str, str, int], list[Result]] = {}
    for r in report.results:
        groups.setdefault((r.database, r.path, r.operation, r.concurrency), []).append(r)
    databases: list[str] = report.args["database"]
    in_order = sorted(groups.items(), key=lambda g: (databases.index(g[0][0]), *g[0][1:]))
    for (database, path, operation, concurrency), rounds in in_order:
        calls = sum(r.calls for r in rounds)
        seconds = sum(r.seconds for r in rounds)

        def mean(values: list[float | None], rounds: list[Result] = rounds, calls: int = calls) -> str:
            if any(v is None for v in values):
                return "-"
            return f"{sum((v or 0.0) * r.calls for v, r in zip(values, rounds, strict=True)) / calls:.2f}"

        other = sum(r.other_load_cores * r.seconds for r in rounds) / seconds
        lines.append(
            f"| {database} | {path} | {operation} | {concurrency} | {calls} | {calls / seconds:.1f} "
            f"| {mean([r.junction_cpu_ms_per_call for r in rounds])} "
            f"| {mean([r.trytond_cpu_ms_per_call for r in rounds])} "
            f"| {mean([r.postgres_cpu_ms_per_call for r in rounds])} "
            f"| {mean([r.loadgen_cpu_ms_per_call for r in rounds])} | {other:.2f} "
            f"| {sum(r.errors for r in rounds)} |"
        )
    return "\n".join(lines)


# --- the run ---------------------------------------------------------------------------------------


def bench_database(
    runner: asyncio.Runner, database: str, args: argparse.Namespace, code_env: dict[str, str], report: Report
) -> None:
    # A fresh copy of the template for each database, so both start from the same books.
    with (
        run_tryton() as tryton,
        _database(database) as (url, postmaster),
        junction_server(url, postmaster, code_env) as server,
    ):
        books = set_up_books(server, tryton)
        print(
            f"# {database}: junction serve pid {server.pid}, trytond pid {books.trytond_pid}", file=sys.stderr
        )
        observed = report.observed[database] = check_same_requests(runner, books)
        print(f"  create = {len(observed.create)} REST calls, read = {len(observed.read)}", file=sys.stderr)
        quiet = SandboxQuietGate(budget_s=args.quiet_budget, sandbox_pid=books.trytond_pid)
        rows: dict[tuple[str, str, int], list[Result]] = {}
        # Rounds go through every row in turn, A and B in alternating order, so that outside load
        # and the growth of Tryton's books land on both.
        for round_ in range(1, args.rounds + 1):
            for concurrency in args.concurrency:
                for which in (UNIFIED, DIRECT) if round_ % 2 else (DIRECT, UNIFIED):
                    for r in measure(runner, database, books, which, concurrency, round_, args, quiet):
                        report.results.append(r)
                        rows.setdefault((r.operation, r.path, concurrency), []).append(r)
                        print(
                            f"  round {round_} c={concurrency} {which:21} {r.operation:6} {r.per_s:6.1f}/s  "
                            f"p50 {r.p50_ms:7.2f} ms  p95 {r.p95_ms:7.2f} ms  errors {r.errors}  "
                            f"other procs {r.other_load_cores:.2f} cores",
                            file=sys.stderr,
                        )
        for operation in (CREATE, READ):
            for concurrency in args.concurrency:
                unified, direct = (
                    rows[(operation, UNIFIED, concurrency)],
                    rows[(operation, DIRECT, concurrency)],
                )
                report.overheads.append(Overhead.of(unified, direct))


@contextmanager
def code_snapshot(mode: str) -> Iterator[tuple[str, dict[str, str]]]:
    """platform.py's `code_under_test`, except that the working tree is copied when the run starts:
    a run is long, others edit src/ meanwhile, and the PostgreSQL server starts an hour later."""
    with code_under_test(mode) as (described, env):
        if mode != "worktree":
            yield described, env
            return
        with tempfile.TemporaryDirectory(prefix="junction-bench-src-") as tree:
            src = Path(tree) / "src"
            shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
            path = os.pathsep.join(p for p in (str(src), os.environ.get("PYTHONPATH")) if p)
            check = [sys.executable, "-c", "import junction; print(junction.__file__)"]
            imported = subprocess.run(
                check, env=os.environ | {"PYTHONPATH": path}, capture_output=True, text=True, check=True
            ).stdout
            if not imported.startswith(str(src)):
                raise SystemExit(f"the copy of src/ is not the one imported ({imported.strip()})")
            yield f"{described}, copied at the start", {"PYTHONPATH": path}


def tryton_version() -> str:
    python = TrytonInstall(tryton_home()).bin("python")
    command = [str(python), "-c", "import trytond; print(trytond.__version__)"]
    return "Tryton " + subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database", action="append", choices=["sqlite", "postgresql"], help="Junction's store, repeatable"
    )
    parser.add_argument("--concurrency", action="append", type=int, help="repeatable (default: 1 and 4)")
    parser.add_argument(
        "--invoices", type=int, default=1000, help="measured invoices per database, path and concurrency"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="the invoices are split into rounds (default 5)"
    )
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured invoices before each (default 3)")
    parser.add_argument(
        "--quiet-budget", type=float, default=60, help="seconds the run may wait for a quieter machine"
    )
    parser.add_argument(
        "--code",
        choices=["auto", "head", "worktree"],
        default="auto",
        help="the last commit's src/, or a copy of src/ as on disk at the start (auto: the commit, if it "
        "has the Tryton connector)",
    )
    args = parser.parse_args(argv)
    args.database = args.database or ["sqlite", "postgresql"]
    args.concurrency = args.concurrency or [1, 4]
    if not 1 <= args.rounds <= args.invoices <= 100_000 or not 0 <= args.warmup <= 100:
        parser.error("--rounds must be within 1..--invoices, --invoices at most 100000, --warmup 0..100")
    if any(c < 1 or c > 32 for c in args.concurrency):
        parser.error("--concurrency must be within 1..32")
    if args.code == "auto":
        has_connector = git("ls-tree", "HEAD", "src/junction/connectors/tryton/accounting.py")
        args.code = "head" if has_connector else "worktree"
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # On SIGTERM too, unwind through the `finally` blocks that stop the processes started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = Report(
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=git("rev-parse", "--short", "HEAD"),
        code="",
        python=sys.version.split()[0],
        cpus=os.cpu_count() or 0,
        cpu_model=cpu_model(),
        tryton=tryton_version(),
        args=vars(args),
    )
    started = time.monotonic()
    with (
        code_snapshot(args.code) as (report.code, code_env),
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        for database in args.database:
            bench_database(runner, database, args, code_env, report)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f"tryton-invoices-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    observed = next(iter(report.observed.values()))
    per_round = args.invoices // args.rounds
    print(
        f"{report.date}, {report.code}, Python {report.python}, {report.cpus} x {report.cpu_model}; "
        f"{report.tryton} on SQLite in its own process. One create = {len(observed.create)} REST calls "
        f"to Tryton, one read = {len(observed.read)}, the same on both paths (checked). Per row "
        f"{args.rounds} rounds of {per_round} creates then {per_round} reads (each after "
        f"{args.warmup} warm-up calls), A and B interleaved, closed loop; percentiles over all "
        f"rounds' calls. Took {time.monotonic() - started:.0f} s.\n"
    )
    print(markdown(report))
    print(f"\nJSON: {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
