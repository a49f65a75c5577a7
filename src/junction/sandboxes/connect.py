"""How a connector connects to its sandbox: the credentials of a sandbox connection, and the
OAuth2 dance against the sandbox's own authorize and token endpoints. Used by the conformance
suite and by `junction demo`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

from junction.connectors.kounta.manifest import KOUNTA_INTEGRATION_ID


@dataclass(frozen=True)
class SandboxConnection:
    connector: str
    sandbox: str
    integration_id: int
    client_id: str
    client_secret: str

    def basic_credentials(self, base_url: str) -> dict[str, str]:
        return {"client_id": self.client_id, "client_secret": self.client_secret, "base_url": base_url}

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
}
