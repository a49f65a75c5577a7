"""Kounta's OAuth 2.0 endpoints (https://apidoc.kounta.com/authentication/).

- `GET /authorize?client_id&redirect_uri&state&response_type=code` is a login and consent page at
  Kounta. The sandbox shows nothing: consent is granted at once and the browser goes straight
  back to `redirect_uri` with `code` and `state` (or, for `response_type=token`, the token in the
  fragment).
- `POST /v1/token` (also `/v1/token.json`), form-encoded: `authorization_code`, `refresh_token`
  (rotating: each refresh token works once) and `client_credentials` (the app's own company,
  no refresh token). Client credentials come in the form or as HTTP Basic."""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from junction.sandboxes._kit import GrantError, IssuedTokens, Sandbox
from junction.sandboxes.kounta.models import ClientApplication, KountaState

TOKEN_PATHS = frozenset({"/v1/token", "/v1/token.json"})
AUTHORIZE_PATH = "/authorize"


def oauth_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def token_body(tokens: IssuedTokens) -> dict[str, object]:
    body: dict[str, object] = {
        "access_token": tokens.access_token,
        "expires_in": tokens.expires_in,
        "token_type": "Bearer",
    }
    if tokens.refresh_token is not None:
        body["refresh_token"] = tokens.refresh_token
    return body


def with_params(uri: str, params: Mapping[str, str], *, fragment: bool = False) -> str:
    parts = urlsplit(uri)
    if fragment:
        return urlunsplit(parts._replace(fragment=urlencode(params)))
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *params.items()])
    return urlunsplit(parts._replace(query=query))


class KountaOAuth:
    def __init__(self, sandbox: Sandbox[KountaState], clients: Mapping[str, ClientApplication]) -> None:
        self.sandbox = sandbox
        self.clients = clients

    async def authorize(self, request: Request) -> Response:
        query = request.query_params
        client = self.clients.get(query.get("client_id", ""))
        if client is None:
            return oauth_error(400, "invalid_client", "Unknown client_id")
        redirect_uri = query.get("redirect_uri", "")
        parts = urlsplit(redirect_uri)
        # The sandbox takes any http(s) redirect_uri: its users cannot register one with Kounta.
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return oauth_error(400, "invalid_request", "redirect_uri must be an absolute http or https URL")
        state = query.get("state")
        response_type = query.get("response_type", "code")
        if not state:
            return self.back(
                redirect_uri, {"error": "invalid_request", "error_description": "state is required"}
            )
        if response_type == "code":
            code = self.sandbox.tokens.issue_code(client.client_id, redirect_uri, client.company_id)
            return self.back(redirect_uri, {"code": code, "state": state})
        if response_type == "token":
            tokens = self.sandbox.tokens.issue(
                client.client_id, client.company_id, self.sandbox.faults, with_refresh=False
            )
            params = {
                "access_token": tokens.access_token,
                "token_type": "Bearer",
                "expires_in": str(tokens.expires_in),
                "state": state,
            }
            return RedirectResponse(with_params(redirect_uri, params, fragment=True), status_code=302)
        return self.back(
            redirect_uri,
            {
                "error": "unsupported_response_type",
                "error_description": "response_type must be code",
                "state": state,
            },
        )

    @staticmethod
    def back(redirect_uri: str, params: Mapping[str, str]) -> Response:
        return RedirectResponse(with_params(redirect_uri, params), status_code=302)

    async def token(self, request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            return oauth_error(
                400, "invalid_request", "The token request must be application/x-www-form-urlencoded"
            )
        form = dict(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))
        client, basic = self.token_client(request.headers.get("authorization"), form)
        if client is None:
            # RFC 6749 §5.2: 401 when the client authenticated with the Authorization header.
            return oauth_error(401 if basic else 400, "invalid_client", "The client credentials are invalid")
        grant_type = form.get("grant_type", "")
        faults = self.sandbox.faults
        tokens = self.sandbox.tokens
        try:
            if grant_type == "authorization_code":
                if not form.get("code"):
                    return oauth_error(400, "invalid_request", "Missing parameter: code is required")
                issued = tokens.redeem_code(form["code"], client.client_id, form.get("redirect_uri"), faults)
            elif grant_type == "refresh_token":
                if not form.get("refresh_token"):
                    return oauth_error(400, "invalid_request", "Missing parameter: refresh_token is required")
                issued = tokens.rotate(form["refresh_token"], client.client_id, faults)
            elif grant_type == "client_credentials":
                issued = tokens.issue(client.client_id, client.company_id, faults, with_refresh=False)
            else:
                return oauth_error(400, "unsupported_grant_type", "grant_type is not supported")
        except GrantError as exc:
            return oauth_error(400, exc.error, exc.description)
        return JSONResponse(token_body(issued), headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    def token_client(
        self, header: str | None, form: Mapping[str, str]
    ) -> tuple[ClientApplication | None, bool]:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        basic = False
        scheme, _, credentials = (header or "").partition(" ")
        if scheme.lower() == "basic":
            basic = True
            try:
                client_id, _, secret = (
                    base64.b64decode(credentials.strip(), validate=True).decode().partition(":")
                )
            except (binascii.Error, UnicodeDecodeError):
                return None, basic
        client = self.clients.get(client_id)
        if client is None or not hmac.compare_digest(client.client_secret.encode(), secret.encode()):
            return None, basic
        return client, basic
