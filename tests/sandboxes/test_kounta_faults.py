"""Fault injection, in-process (`app.state.sandbox.faults`) and over HTTP (`/_sandbox/*`): each
switch does what it says to the provider's routes, and leaves the control routes alone."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from starlette.applications import Starlette

from junction.sandboxes._kit import FaultPlan
from tests.sandboxes.support import (
    NOW,
    PRIMARY,
    basic,
    bearer,
    client_for,
    kounta,
    sandbox_of,
    serve_in_thread,
)

ME = "/v1/companies/me.json"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def client_token(api: httpx.AsyncClient) -> str:
    response = await api.post(
        "/v1/token",
        data={
            "grant_type": "client_credentials",
            "client_id": PRIMARY.client_id,
            "client_secret": PRIMARY.client_secret,
        },
        headers=FORM,
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def test_rate_limit_next_answers_429_with_both_headers(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    sandbox = sandbox_of(sandbox_app)
    sandbox.clock = lambda: NOW.timestamp()
    sandbox.faults.rate_limit_next = 2
    sandbox.faults.retry_after_seconds = 2.5

    first = await api.get(ME, headers=basic())
    second = await api.get(ME, headers=basic())
    third = await api.get(ME, headers=basic())

    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers["retry-after"] == "3"
    assert first.headers["x-ratelimit-reset"] == str(int(NOW.timestamp()) + 3)
    assert first.json()["error"] == "rate_limit_exceeded"


async def test_the_per_minute_limit_counts_each_client_application() -> None:
    app = kounta("small")
    sandbox = sandbox_of(app)
    sandbox.faults.rate_limit_per_minute = 3
    clock = [NOW.timestamp()]
    sandbox.clock = lambda: clock[0]
    async with client_for(app) as api:
        statuses = [(await api.get(ME, headers=basic())).status_code for _ in range(4)]
        other_app = await api.get(ME, headers=basic("kounta-sandbox-client-2", "kounta-sandbox-secret-2"))
        limited = await api.get(ME, headers=basic())
        clock[0] += 61
        next_minute = await api.get(ME, headers=basic())

    assert statuses == [200, 200, 200, 429]
    assert other_app.status_code == 200
    assert limited.headers["retry-after"] == "60"
    assert next_minute.status_code == 200


async def test_fail_next_pops_one_status_per_request(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    sandbox_of(sandbox_app).faults.fail_next = [503, 500, 429]

    statuses = [(await api.get(ME, headers=basic())).status_code for _ in range(4)]

    assert statuses == [503, 500, 429, 200]
    assert sandbox_of(sandbox_app).faults.fail_next == []


async def test_fail_next_spares_the_token_endpoint_fail_token_next_does_not(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    faults = sandbox_of(sandbox_app).faults
    faults.fail_next = [500]
    faults.fail_token_next = [503]

    refused_token = await api.post(
        "/v1/token",
        data={
            "grant_type": "client_credentials",
            "client_id": PRIMARY.client_id,
            "client_secret": PRIMARY.client_secret,
        },
        headers=FORM,
    )
    token = await client_token(api)
    failed_call = await api.get(ME, headers=bearer(token))
    ok_call = await api.get(ME, headers=bearer(token))

    assert refused_token.status_code == 503
    assert (failed_call.status_code, ok_call.status_code) == (500, 200)


async def test_error_rate_is_repeatable_from_the_seed(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    sandbox = sandbox_of(sandbox_app)

    async def run() -> list[int]:
        sandbox.reset()
        sandbox.faults.error_rate = 0.5
        return [(await api.get(ME, headers=basic())).status_code for _ in range(20)]

    first, second = await run(), await run()

    assert first == second
    assert set(first) == {200, 500}


async def test_malformed_next_cuts_successful_json_bodies(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    sandbox_of(sandbox_app).faults.malformed_next = 1

    not_found = await api.get("/v1/companies/me/customers/1.json", headers=basic())
    broken = await api.get(ME, headers=basic())
    whole = await api.get(ME, headers=basic())

    assert not_found.status_code == 404
    assert not_found.json()["error"] == "not_found"
    assert broken.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        broken.json()
    assert int(broken.headers["content-length"]) == len(broken.content) < len(whole.content)
    assert whole.json()["id"] == 5678


async def test_latency_waits_before_each_api_request(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    sandbox = sandbox_of(sandbox_app)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    sandbox.sleep = sleep
    set_latency = await api.put("/_sandbox/faults", json={"latency_ms": 250})
    await api.get(ME, headers=basic())
    await api.get("/_sandbox/faults")
    await api.get(ME, headers=basic())

    assert set_latency.json()["latency_ms"] == 250
    assert waits == [0.25, 0.25]


async def test_tokens_die_after_n_uses(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    sandbox_of(sandbox_app).faults.expire_tokens_after_requests = 2
    token = await client_token(api)

    statuses = [(await api.get(ME, headers=bearer(token))).status_code for _ in range(3)]
    expired = await api.get(ME, headers=bearer(token))
    fresh = await api.get(ME, headers=bearer(await client_token(api)))

    assert statuses == [200, 200, 401]
    assert expired.json()["error_description"] == "The access token provided has expired"
    assert fresh.status_code == 200


async def test_timeout_next_hangs_until_the_client_gives_up() -> None:
    app = kounta("small")
    with serve_in_thread(app) as base:
        async with httpx.AsyncClient(base_url=base) as control:
            armed = await control.put("/_sandbox/faults", json={"timeout_next": 1, "hang_seconds": 30})
            async with httpx.AsyncClient(base_url=base, timeout=0.5) as impatient:
                with pytest.raises(httpx.ReadTimeout):
                    await impatient.get(ME, headers=basic())
                answered = await impatient.get(ME, headers=basic())
            log = (await control.get("/_sandbox/requests")).json()

    assert armed.json()["timeout_next"] == 1
    assert answered.status_code == 200
    assert [entry["fault"] for entry in log] == ["timeout_next", None]


async def test_timeout_next_in_process_with_a_cancelled_call(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    sandbox_of(sandbox_app).faults.timeout_next = 1

    with pytest.raises(TimeoutError):
        await asyncio.wait_for(api.get(ME, headers=basic()), timeout=0.2)
    after = await api.get(ME, headers=basic())

    assert after.status_code == 200


async def test_control_api_over_http(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    plan = (await api.get("/_sandbox/faults")).json()
    updated = await api.put("/_sandbox/faults", json={"fail_next": [502], "error_rate": 0.25})
    unknown = await api.put("/_sandbox/faults", json={"explode": True})
    wrong = await api.put("/_sandbox/faults", json={"error_rate": 2})
    not_json = await api.put("/_sandbox/faults", content=b"[1]")

    assert plan == FaultPlan().as_json()
    assert set(plan) >= {
        "fail_next",
        "rate_limit_next",
        "retry_after_seconds",
        "error_rate",
        "latency_ms",
        "malformed_next",
        "timeout_next",
        "hang_seconds",
        "expire_tokens_after_requests",
    }
    assert (updated.json()["fail_next"], updated.json()["error_rate"]) == ([502], 0.25)
    assert sandbox_of(sandbox_app).faults.fail_next == [502]
    assert [unknown.status_code, wrong.status_code, not_json.status_code] == [400, 400, 400]
    assert "error_rate" in wrong.json()["detail"]


async def test_faults_never_touch_the_control_routes(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    sandbox_of(sandbox_app).faults.fail_next = [500, 500]
    sandbox_of(sandbox_app).faults.rate_limit_next = 5

    control = [
        (await api.get(path)).status_code for path in ("/_sandbox", "/_sandbox/faults", "/_sandbox/requests")
    ]

    assert control == [200, 200, 200]
    assert sandbox_of(sandbox_app).faults.rate_limit_next == 5


async def test_the_request_log_shows_what_reached_the_provider(api: httpx.AsyncClient) -> None:
    await api.put("/_sandbox/faults", json={"fail_next": [500]})
    await api.post(
        "/v1/companies/me/customers.json",
        json={"first_name": "Ann", "email": "a@example.com"},
        headers=basic(),
    )
    await api.post(
        "/v1/companies/me/customers.json",
        json={"first_name": "Ann", "email": "a@example.com"},
        headers=basic(),
    )
    await api.get("/v1/companies/me/customers.json?page=2", headers=basic())

    log = (await api.get("/_sandbox/requests")).json()
    last = (await api.get("/_sandbox/requests?limit=1")).json()
    cleared = await api.delete("/_sandbox/requests")

    assert [(e["method"], e["path"], e["query"], e["status"], e["fault"]) for e in log] == [
        ("POST", "/v1/companies/me/customers.json", "", 500, "fail_next"),
        ("POST", "/v1/companies/me/customers.json", "", 201, None),
        ("GET", "/v1/companies/me/customers.json", "page=2", 200, None),
    ]
    assert last == log[-1:]
    assert cleared.status_code == 204
    assert (await api.get("/_sandbox/requests")).json() == []


async def test_reset_over_http_regenerates_and_clears(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    sandbox = sandbox_of(sandbox_app)
    await api.post(
        "/v1/companies/me/customers.json",
        json={"first_name": "Ann", "email": "a@example.com"},
        headers=basic(),
    )
    sandbox.faults.fail_next = [500]

    small = await api.post("/_sandbox/reset", json={"seed": 7, "profile": "small"})
    bad_profile = await api.post("/_sandbox/reset", json={"profile": "huge"})
    back = await api.post("/_sandbox/reset")

    assert small.status_code == 200
    assert (small.json()["seed"], small.json()["profile"], small.json()["counts"]["customers"]) == (
        7,
        "small",
        40,
    )
    assert bad_profile.status_code == 400
    assert back.json()["counts"]["customers"] == 40
    assert sandbox.faults.fail_next == []
    assert sandbox.requests.as_json() == []
    assert {c["client_id"] for c in back.json()["clients"]} == {
        "kounta-sandbox-client",
        "kounta-sandbox-client-2",
    }
