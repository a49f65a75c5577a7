"""A webhook receiver on 127.0.0.1: a real HTTP server in a thread that records every request and
answers with the statuses it is told to (200 once the script runs out)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Receiver:
    base_url: str = ""
    received: list[Received] = field(default_factory=list)
    # Statuses to answer, in order, per path; 200 when a path's script is empty.
    script: dict[str, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hook") -> str:
        return f"{self.base_url}{path}"

    def answer(self, path: str, *statuses: int) -> None:
        with self.lock:
            self.script.setdefault(path, []).extend(statuses)

    def on(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]

    def _record(self, path: str, headers: dict[str, str], body: bytes) -> int:
        with self.lock:
            self.received.append(Received(path, headers, body, time.time()))
            statuses = self.script.get(path)
            return statuses.pop(0) if statuses else 200


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = receiver._record(self.path, headers, body)
            payload = json.dumps({"status": status}).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A sender that went away mid-request (a killed worker) is no error of the receiver's."""


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = QuietServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    receiver.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


async def eventually(check: Callable[[], Any], within: float = 30.0, interval: float = 0.05) -> Any:
    """Wait until `check()` returns something truthy (awaiting it if it is a coroutine), and
    return it; fail with its last value after `within` seconds (a bound, not a speed claim)."""
    import asyncio
    import inspect

    deadline = time.monotonic() + within
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if inspect.isawaitable(last):
            last = await last
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"not reached within {within}s; last value: {last!r}")
