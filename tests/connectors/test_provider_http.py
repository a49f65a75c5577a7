"""ProviderHTTP on its own, over httpx.MockTransport: what is retried, what is waited for, what
is recorded."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import httpx

from junction.connectors._framework.http import (
    CallRecorder,
    ProviderCall,
    ProviderHTTP,
    RetryPolicy,
    redact_url,
)

Handler = Callable[[httpx.Request], httpx.Response]


def scripted(*responses: httpx.Response) -> tuple[Handler, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handle, seen


class Sleeps:
    def __init__(self) -> None:
        self.slept: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)


def provider(
    handler: Handler, sleeps: Sleeps, retry: RetryPolicy = RetryPolicy(), **kwargs: object
) -> ProviderHTTP:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="https://provider.test")
    return ProviderHTTP(client, CallRecorder(), retry=retry, sleep=sleeps, **kwargs)  # type: ignore[arg-type]


async def test_a_read_is_retried_after_server_errors() -> None:
    handler, seen = scripted(httpx.Response(503), httpx.Response(502), httpx.Response(200, json={"ok": True}))
    sleeps = Sleeps()

    response = await provider(handler, sleeps).request("GET", "/customers")

    assert response.status_code == 200
    assert len(seen) == 3
    assert len(sleeps.slept) == 2


async def test_a_write_is_not_repeated_after_a_server_error() -> None:
    handler, seen = scripted(httpx.Response(503), httpx.Response(201))

    response = await provider(handler, Sleeps()).request("POST", "/customers", json={})

    assert response.status_code == 503
    assert len(seen) == 1


async def test_a_write_refused_with_429_is_sent_again_after_retry_after() -> None:
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(201))
    sleeps = Sleeps()

    response = await provider(handler, sleeps).request("POST", "/customers", json={})

    assert response.status_code == 201
    assert len(seen) == 2
    assert sleeps.slept == [2.0]


async def test_a_reset_header_holding_an_epoch_is_a_delay() -> None:
    import time

    reset = str(int(time.time()) + 3)
    handler, _ = scripted(httpx.Response(429, headers={"X-Ratelimit-Reset": reset}), httpx.Response(200))
    sleeps = Sleeps()

    await provider(handler, sleeps, reset_headers=("X-Ratelimit-Reset",)).request("GET", "/x")

    assert 1.5 <= sleeps.slept[0] <= 3.0


async def test_a_wait_longer_than_the_budget_is_not_waited() -> None:
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "120"}), httpx.Response(200))
    sleeps = Sleeps()

    response = await provider(handler, sleeps).request("GET", "/x")

    assert response.status_code == 429
    assert sleeps.slept == []
    assert len(seen) == 1


async def test_attempts_are_bounded() -> None:
    handler, seen = scripted(httpx.Response(500))

    response = await provider(handler, Sleeps(), RetryPolicy(max_attempts=3)).request("GET", "/x")

    assert response.status_code == 500
    assert len(seen) == 3


class OneRecovery:
    def __init__(self) -> None:
        self.token = "old"
        self.recoveries = 0

    async def headers(self) -> Mapping[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def recover(self) -> bool:
        self.recoveries += 1
        self.token = "new"
        return True


async def test_a_401_recovers_credentials_once_and_retries() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        ok = request.headers["Authorization"] == "Bearer new"
        return httpx.Response(200 if ok else 401)

    auth = OneRecovery()
    http = provider(handle, Sleeps(), auth=auth)

    assert (await http.request("GET", "/x")).status_code == 200
    assert auth.recoveries == 1


async def test_a_second_401_is_final() -> None:
    auth = OneRecovery()
    http = provider(lambda request: httpx.Response(401), Sleeps(), auth=auth)

    assert (await http.request("GET", "/x")).status_code == 401
    assert auth.recoveries == 1


def test_recorded_urls_hide_credentials() -> None:
    url = "https://user:pw@provider.test:8443/v1/x?access_token=abc&page=2&client_secret=s"

    assert (
        redact_url(url)
        == "https://provider.test:8443/v1/x?access_token=%5Bredacted%5D&page=2&client_secret=%5Bredacted%5D"
    )


def test_overlapping_calls_count_once_as_provider_time() -> None:
    recorder = CallRecorder()
    for start, end in ((0.0, 0.010), (0.002, 0.012), (0.020, 0.025)):
        recorder.calls.append(ProviderCall("GET", "/x", 200, (end - start) * 1000, None, start, end))
    recorder.waited_ms = 100.0

    assert round(recorder.provider_ms, 6) == 12 + 5 + 100
