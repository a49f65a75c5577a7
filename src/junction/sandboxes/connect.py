"""How a connector connects to its sandbox: the credentials of a sandbox connection, and the
OAuth2 dance against the sandbox's own authorize and token endpoints. Used by the conformance
suite and by `junction demo`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import httpx

from junction.connectors.kounta.manifest import KOUNTA_INTEGRATION_ID
from junction.connectors.mews.manifest import MEWS_INTEGRATION_ID
from junction.connectors.sourcehub.manifest import SOURCEHUB_INTEGRATION_ID


@dataclass(frozen=True)
class SandboxConnection:
    connector: str
    sandbox: str
    integration_id: int
    client_id: str = ""
    client_secret: str = ""
    # A provider that connects with static credentials (an API key) rather than OAuth: the
    # connection's credentials, to which the sandbox's address is added. Empty for OAuth ones.
    static_credentials: Mapping[str, str] = field(default_factory=dict)

    def basic_credentials(self, base_url: str) -> dict[str, str]:
        if self.static_credentials:
            return {**self.static_credentials, "base_url": base_url}
        return {"client_id": self.client_id, "client_secret": self.client_secret, "base_url": base_url}

    async def credentials(self, base_url: str) -> dict[str, str]:
        """The credentials a test connects with: the static ones, else the OAuth2 dance."""
        if self.static_credentials:
            return self.basic_credentials(base_url)
        return await self.oauth_credentials(base_url)

    def refused_credentials(self, credentials: Mapping[str, str]) -> dict[str, str]:
        """The same connection with credentials the sandbox refuses."""
        if self.static_credentials:
            return {
                **credentials,
                **{name: f"wrong-{value}" for name, value in self.static_credentials.items()},
            }
        return {**credentials, "client_secret": "wrong", "access_token": "", "refresh_token": ""}

    async def oauth_credentials(self, base_url: str) -> dict[str, str]:
        """Authorize (the sandbox consents at once), then exchange the code for tokens."""
        redirect_uri = "http://127.0.0.1/callback"
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            authorized = await client.get(
                "/authorize",
                params={
                    "client_id": self.client_id,
                    "redirect_uri": redirect_uri,
                    "state": "conformance",
                    "response_type": "code",
                },
            )
            code = parse_qs(urlsplit(authorized.headers["location"]).query)["code"][0]
            issued = await client.post(
                "/v1/token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "redirect_uri": redirect_uri,
                },
            )
            issued.raise_for_status()
            tokens = issued.json()
        return {
            **self.basic_credentials(base_url),
            "access_token": tokens["access_token"],
            "refresh_token": tokens["refresh_token"],
        }


SANDBOX_CONNECTIONS: dict[str, SandboxConnection] = {
    "kounta": SandboxConnection(
        connector="kounta",
        sandbox="kounta",
        integration_id=KOUNTA_INTEGRATION_ID,
        client_id="kounta-sandbox-client",
        client_secret="kounta-sandbox-secret",  # noqa: S106 - the sandbox's published credentials
    ),
    "sourcehub": SandboxConnection(
        connector="sourcehub",
        sandbox="sourcehub",
        integration_id=SOURCEHUB_INTEGRATION_ID,
        static_credentials={"api_key": "sh_test_sandbox_key"},
    ),
    "mews": SandboxConnection(
        connector="mews",
        sandbox="mews",
        integration_id=MEWS_INTEGRATION_ID,
        # The Mews sandbox's published tokens (Mews' static tokens: no OAuth, nothing to refresh).
        static_credentials={
            "client_token": "mews-sandbox-client-token",
            "access_token": "mews-sandbox-access-token",
            "client": "Junction 1.0",
        },
    ),
}
