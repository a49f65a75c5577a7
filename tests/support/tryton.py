"""A real Tryton for tests: a copy of the template built by `make test` (scripts/test.sh runs
`junction sandbox tryton --prepare`), started on loopback, optionally behind the fault proxy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from junction.sandboxes.tryton.proxy import create_tryton_proxy
from junction.sandboxes.tryton.server import RunningTryton, run_tryton
from tests.support.live_server import serve_in_thread


@contextmanager
def tryton_behind_proxy() -> Iterator[tuple[RunningTryton, str]]:
    """Tryton and the fault-injecting proxy in front of it; yields the server and the proxy's URL."""
    with run_tryton() as server, serve_in_thread(create_tryton_proxy(server.url)) as url:  # type: ignore[arg-type]
        yield server, url
