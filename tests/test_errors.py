from collections.abc import Callable

import httpx
import pytest

from junction.app import create_app
from junction.config import Settings
from junction.connectors._framework.registry import ConnectorRegistry
from junction.runtime import Runtime
from tests.factories import create_tenant


async def test_unknown_route_is_404_in_the_error_body(client: httpx.AsyncClient) -> None:
    response = await client.get("/no/such/route")

    assert response.status_code == 404
    assert response.json() == {
        "status": "error",
        "message": "This route does not exist",
        "error_code": "ERROR_ROUTE_NOT_FOUND",
        "detail": "",
    }


async def test_wrong_method_is_405_in_the_error_body(client: httpx.AsyncClient) -> None:
    response = await client.put("/consumers")

    assert response.status_code == 405
    assert response.json()["error_code"] == "ERROR_METHOD_NOT_ALLOWED"


async def test_validation_errors_never_echo_the_input(client: httpx.AsyncClient, runtime: Runtime) -> None:
    tenant = await create_tenant(runtime, client)

    response = await client.post(
        "/token", json={**tenant.auth_item, "accountId": "not-a-uuid-" + tenant.client_secret}
    )

    assert response.status_code == 422
    assert tenant.client_secret not in response.text
    assert response.json()["detail"][0]["loc"] == ["body", "accountId"]


async def test_an_unexpected_exception_is_a_generic_500_with_a_request_id(
    settings: Settings, registry: ConnectorRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(settings, registry)

    def explode() -> Callable[[], None]:
        raise RuntimeError("database password is hunter2")

    app.add_api_route("/explode", explode, include_in_schema=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        response = await c.get("/explode")

    assert response.status_code == 500
    body = response.json()
    assert body["status"] == "error"
    assert body["error_code"] == "ERROR_INTERNAL"
    assert "hunter2" not in response.text
    assert response.headers["x-request-id"] in body["detail"]
    logged = capsys.readouterr().err
    assert "request.failed" in logged
    assert response.headers["x-request-id"] in logged
