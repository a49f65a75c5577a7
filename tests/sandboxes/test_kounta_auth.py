"""Kounta's two ways in: Basic client credentials and OAuth 2.0 (code, refresh with rotation,
client_credentials), and the documented expired-token answer."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette

from junction.sandboxes.kounta import COMPANY_ID, KountaOptions
from tests.sandboxes.support import PRIMARY, SECOND, basic, bearer, client_for, kounta, sandbox_of

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
REDIRECT = "https://app.example.com/kounta/callback?tenant=7"


async def authorize(api: httpx.AsyncClient, client_id: str = PRIMARY.client_id, state: str = "s-42") -> str:
    response = await api.get(
        "/authorize",
        params={"client_id": client_id, "redirect_uri": REDIRECT, "state": state, "response_type": "code"},
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    query = parse_qs(location.query)
    assert (
        f"{location.scheme}://{location.netloc}{location.path}" == "https://app.example.com/kounta/callback"
    )
    assert query["state"] == [state]
    assert query["tenant"] == ["7"]
    return query["code"][0]


async def exchange(api: httpx.AsyncClient, data: dict[str, str], path: str = "/v1/token") -> httpx.Response:
    return await api.post(path, data=data, headers=FORM)


async def tokens_by_code(api: httpx.AsyncClient) -> dict[str, Any]:
    code = await authorize(api)
    response = await exchange(
        api,
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": PRIMARY.client_id,
            "client_secret": PRIMARY.client_secret,
            "redirect_uri": REDIRECT,
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_basic_credentials_reach_the_own_company(api: httpx.AsyncClient) -> None:
    response = await api.get("/v1/companies/me.json", headers=basic())

    assert response.status_code == 200
    assert response.json()["id"] == COMPANY_ID
    assert response.json()["id_str"] == str(COMPANY_ID)


async def test_wrong_or_missing_credentials_are_401(api: httpx.AsyncClient) -> None:
    wrong_secret = await api.get("/v1/companies/me.json", headers=basic(PRIMARY.client_id, "nope"))
    unknown_client = await api.get("/v1/companies/me.json", headers=basic("someone", PRIMARY.client_secret))
    unknown_token = await api.get("/v1/companies/me.json", headers=bearer("not-a-token"))
    missing = await api.get("/v1/companies/me.json")

    assert [r.status_code for r in (wrong_secret, unknown_client, unknown_token, missing)] == [401] * 4
    assert wrong_secret.json()["error"] == "invalid_client"
    assert unknown_token.json() == {
        "error": "invalid_token",
        "error_description": "The access token provided is invalid",
    }


async def test_another_company_id_is_not_found(api: httpx.AsyncClient) -> None:
    response = await api.get("/v1/companies/1234/customers.json", headers=basic())

    assert response.status_code == 404


async def test_authorization_code_gives_a_bearer_token_for_the_company(api: httpx.AsyncClient) -> None:
    tokens = await tokens_by_code(api)

    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert tokens["refresh_token"]
    company = await api.get(f"/v1/companies/{COMPANY_ID}.json", headers=bearer(tokens["access_token"]))
    assert company.status_code == 200
    assert company.json()["name"] == "Tin Shed Coffee Co. Pty Ltd"


async def test_a_code_works_once_and_only_for_its_client(api: httpx.AsyncClient) -> None:
    code = await authorize(api)
    stolen = await exchange(
        api,
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": SECOND.client_id,
            "client_secret": SECOND.client_secret,
        },
    )
    again = await exchange(
        api,
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": PRIMARY.client_id,
            "client_secret": PRIMARY.client_secret,
        },
    )

    assert stolen.status_code == 400
    assert stolen.json()["error"] == "invalid_grant"
    assert again.status_code == 400


async def test_refresh_rotates_the_refresh_token(api: httpx.AsyncClient) -> None:
    first = await tokens_by_code(api)
    refreshed = await exchange(
        api,
        {
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": PRIMARY.client_id,
            "client_secret": PRIMARY.client_secret,
            "redirect_uri": REDIRECT,
        },
        path="/v1/token.json",
    )
    reused = await exchange(
        api,
        {
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": PRIMARY.client_id,
            "client_secret": PRIMARY.client_secret,
        },
    )

    assert refreshed.status_code == 200, refreshed.text
    second = refreshed.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    me = await api.get("/v1/companies/me.json", headers=bearer(second["access_token"]))
    assert me.status_code == 200


async def test_client_credentials_with_basic_header_and_no_refresh_token(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/v1/token",
        data={"grant_type": "client_credentials"},
        headers={**FORM, "Authorization": basic()["Authorization"]},
    )

    assert response.status_code == 200
    assert "refresh_token" not in response.json()
    me = await api.get("/v1/companies/me.json", headers=bearer(response.json()["access_token"]))
    assert me.json()["id"] == COMPANY_ID


async def test_token_endpoint_refusals(api: httpx.AsyncClient) -> None:
    as_json = await api.post("/v1/token", json={"grant_type": "client_credentials"})
    bad_secret = await exchange(
        api, {"grant_type": "client_credentials", "client_id": PRIMARY.client_id, "client_secret": "x"}
    )
    bad_grant = await exchange(
        api,
        {"grant_type": "password", "client_id": PRIMARY.client_id, "client_secret": PRIMARY.client_secret},
    )

    assert as_json.status_code == 400
    assert bad_secret.status_code == 400
    assert bad_secret.json()["error"] == "invalid_client"
    assert bad_grant.json()["error"] == "unsupported_grant_type"


async def test_authorize_needs_state_and_a_known_client(api: httpx.AsyncClient) -> None:
    no_state = await api.get("/authorize", params={"client_id": PRIMARY.client_id, "redirect_uri": REDIRECT})
    unknown = await api.get("/authorize", params={"client_id": "x", "redirect_uri": REDIRECT, "state": "s"})

    assert no_state.status_code == 302
    assert parse_qs(urlsplit(no_state.headers["location"]).query)["error"] == ["invalid_request"]
    assert unknown.status_code == 400


async def test_expired_token_answers_the_documented_error_and_refresh_recovers(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    tokens = await tokens_by_code(api)
    sandbox_of(sandbox_app).faults.expire_all_tokens()

    expired = await api.get("/v1/companies/me.json", headers=bearer(tokens["access_token"]))
    refreshed = await exchange(
        api,
        {
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": PRIMARY.client_id,
            "client_secret": PRIMARY.client_secret,
        },
    )
    after = await api.get("/v1/companies/me.json", headers=bearer(refreshed.json()["access_token"]))

    assert expired.status_code == 401
    assert expired.json() == {
        "error": "invalid_grant",
        "error_description": "The access token provided has expired",
    }
    assert after.status_code == 200


async def test_expiry_over_http_and_the_message_style_option() -> None:
    app = kounta("small", options=KountaOptions(expiry_status=400, expiry_style="message"))
    async with client_for(app) as api:
        token = (
            await api.post(
                "/v1/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": PRIMARY.client_id,
                    "client_secret": PRIMARY.client_secret,
                },
                headers=FORM,
            )
        ).json()["access_token"]
        expire = await api.post("/_sandbox/tokens/expire")
        expired = await api.get("/v1/companies/me.json", headers=bearer(token))

    assert expire.status_code == 200
    assert expired.status_code == 400
    assert expired.json() == {"message": "The access token provided has expired"}


async def test_implicit_grant_puts_the_token_in_the_fragment(api: httpx.AsyncClient) -> None:
    response = await api.get(
        "/authorize",
        params={
            "client_id": PRIMARY.client_id,
            "redirect_uri": REDIRECT,
            "state": "s",
            "response_type": "token",
        },
    )

    fragment = parse_qs(urlsplit(response.headers["location"]).fragment)
    assert fragment["token_type"] == ["Bearer"]
    me = await api.get("/v1/companies/me.json", headers=bearer(fragment["access_token"][0]))
    assert me.status_code == 200
