"""The official, unmodified SDK (chift 0.6.17) against a real Junction server, configured by its
base URL alone."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import chift
import httpx
import pytest
from chift.api.client import ChiftClient
from chift.api.exceptions import ChiftException

from tests.compat.conftest import AccountCredentials, Server, parse_credentials
from tests.support.connectors import OTHER_POS_ID, SAMPLE_ACCOUNTING_ID, SAMPLE_POS_ID


def unique(prefix: str) -> str:
    return f"{prefix} {secrets.token_hex(4)}"


def new_consumer(**fields: Any) -> Any:
    return chift.Consumer.create({"name": unique("Le Petit Bistro"), **fields})


def connect_sample_pos(consumer: Any, api_key: str, shop_name: str = "Bistro") -> Any:
    return consumer.Connection.create(
        {
            "integrationid": SAMPLE_POS_ID,
            "name": "Till",
            "credentials": [{"key": "api_key", "value": api_key}, {"key": "shop_name", "value": shop_name}],
        }
    )


def test_consumer_lifecycle(sdk: AccountCredentials) -> None:
    reference = f"crm-{secrets.token_hex(4)}"
    created = new_consumer(
        email="owner@bistro.example",
        internal_reference=reference,
        redirect_url="https://app.example.com/done",
    )
    consumer_id = str(created.consumerid)
    assert created.email == "owner@bistro.example"
    assert created.internal_reference == reference
    assert created.redirect_url == "https://app.example.com/done"
    assert created.created_on is not None

    assert consumer_id in {str(c.consumerid) for c in chift.Consumer.all()}
    fetched = chift.Consumer.get(consumer_id)
    assert (fetched.name, fetched.email) == (created.name, created.email)
    found = ChiftClient().get("/consumers", params={"internal_reference": reference})
    assert [c["consumerid"] for c in found] == [consumer_id]

    updated = ChiftClient().patch(f"/consumers/{consumer_id}", data={"name": "Le Grand Bistro"})
    assert updated["name"] == "Le Grand Bistro"
    assert updated["internal_reference"] == reference
    assert chift.Consumer.get(consumer_id).name == "Le Grand Bistro"

    assert ChiftClient().delete(f"/consumers/{consumer_id}") is True
    with pytest.raises(ChiftException) as caught:
        chift.Consumer.get(consumer_id)
    assert caught.value.error_code == "ERROR_CONSUMER_NOT_FOUND"
    assert consumer_id not in {str(c.consumerid) for c in chift.Consumer.all()}


def test_consumers_of_another_account_are_invisible(sdk: AccountCredentials, server: Server) -> None:
    mine = new_consumer()
    other = server.create_account("Another Software")
    client = server.client(other)
    assert str(mine.consumerid) not in {str(c.consumerid) for c in chift.Consumer.all(client=client)}
    with pytest.raises(ChiftException) as caught:
        chift.Consumer.get(str(mine.consumerid), client=client)
    assert caught.value.error_code == "ERROR_CONSUMER_NOT_FOUND"


def test_integration_catalog(sdk: AccountCredentials, server: Server) -> None:
    catalog = {i.integrationid: i for i in chift.Integration.all()}

    sample = catalog[SAMPLE_POS_ID]
    assert sample.name == "Sample POS"
    assert sample.api.value == "Point of Sale"
    assert sample.status.value == "active"
    assert [(c.name, c.optional) for c in sample.credentials] == [
        ("api_key", False),
        ("shop_name", False),
        ("region", True),
    ]
    assert catalog[OTHER_POS_ID].name == "Other POS"
    accounting = catalog[SAMPLE_ACCOUNTING_ID]
    assert (accounting.api.value, accounting.status.value) == ("Accounting", "inactive")

    # The logo is a public image a browser can show from the catalog's URL.
    logo = httpx.get(sample.logo_url, timeout=10)
    assert logo.status_code == 200
    assert logo.headers["content-type"].startswith("image/svg+xml")
    assert sample.logo_url.startswith(server.base_url)


def test_connection_with_credentials(sdk: AccountCredentials, server: Server) -> None:
    consumer = new_consumer()
    link = connect_sample_pos(consumer, server.provider_key, shop_name="Bistro Centre")
    assert link.url.startswith(f"{server.base_url}/")

    [connection] = consumer.Connection.all()
    assert str(connection.connectionid) == str(link.connectionid)
    assert connection.name == "Till"
    assert (connection.integrationid, connection.integration) == (SAMPLE_POS_ID, "Sample POS")
    assert connection.api == "Point of Sale"
    assert connection.status.value == "active"
    assert connection.data == {"shop_name": "Bistro Centre"}
    assert consumer.Connection.get(str(connection.connectionid)) == connection

    with pytest.raises(ChiftException) as caught:
        connect_sample_pos(consumer, server.provider_key)
    assert caught.value.error_code == "ERROR_CONNECTION_ALREADY_EXISTS"

    assert consumer.Connection.delete(str(connection.connectionid)) is True
    assert consumer.Connection.all() == []


def test_connection_without_credentials_gets_a_link(sdk: AccountCredentials, server: Server) -> None:
    consumer = new_consumer()

    link = consumer.Connection.create({"integrationid": SAMPLE_POS_ID, "name": "Till"})
    assert link.url.startswith(f"{server.base_url}/connect/")
    assert f"integrationid={SAMPLE_POS_ID}" in link.url
    # Let the end user pick the software: no integration named at all.
    assert consumer.Connection.create({}).url.startswith(f"{server.base_url}/connect/")
    # Nothing is connected until the end user goes through the page.
    assert consumer.Connection.all() == []


def test_missing_credential_is_refused(sdk: AccountCredentials) -> None:
    consumer = new_consumer()
    with pytest.raises(ChiftException) as caught:
        consumer.Connection.create(
            {"integrationid": SAMPLE_POS_ID, "credentials": [{"key": "api_key", "value": "k"}]}
        )
    assert caught.value.error_code == "ERROR_MISSING_CREDENTIALS"
    assert "shop_name" in str(caught.value.detail)
    assert consumer.Connection.all() == []


def test_deleting_a_consumer_removes_its_connections(sdk: AccountCredentials, server: Server) -> None:
    consumer = new_consumer()
    connect_sample_pos(consumer, server.provider_key)
    assert ChiftClient().delete(f"/consumers/{consumer.consumerid}") is True
    with pytest.raises(ChiftException) as caught:
        consumer.Connection.all()
    assert caught.value.error_code == "ERROR_CONSUMER_NOT_FOUND"


@pytest.mark.parametrize(
    ("setting", "wrong_value"),
    [
        ("client_secret", "not-the-secret"),
        ("client_id", "jn_000000000000000000000000"),
        ("account_id", str(uuid.UUID(int=1))),
    ],
)
def test_wrong_credentials_raise(
    sdk: AccountCredentials, monkeypatch: pytest.MonkeyPatch, setting: str, wrong_value: str
) -> None:
    monkeypatch.setattr(chift, setting, wrong_value)
    with pytest.raises(ChiftException) as caught:
        chift.Consumer.all()
    # The SDK raises a failed POST /token itself, from its auth hook, with the status and body in
    # the message and no error_code: a 401 on /token can never reach the error_code path.
    message = str(caught.value.message)
    assert message.startswith("Error while authenticating '401'")
    assert "ERROR_INVALID_CREDENTIALS" in message
    assert caught.value.error_code == ""
    assert sdk.client_secret not in message


def test_token_stops_working_after_rotate_secret(server: Server) -> None:
    """The one path where the SDK carries an error_code for a 401: a token it holds is refused."""
    credentials = server.create_account("Rotating Software")
    client = server.client(credentials)
    assert chift.Consumer.all(client=client) == []

    rotated = parse_credentials(server.cli("accounts", "rotate-secret", credentials.account_id, "--json"))
    assert rotated.client_secret != credentials.client_secret
    with pytest.raises(ChiftException) as caught:
        chift.Consumer.all(client=client)  # reuses the token issued before the rotation
    assert caught.value.error_code == "ERROR_UNAUTHORIZED"

    with pytest.raises(ChiftException, match="Error while authenticating '401'"):
        chift.Consumer.all(client=server.client(credentials))
    assert chift.Consumer.all(client=server.client(rotated)) == []


def test_pos_customers_across_pages(sdk: AccountCredentials, server: Server) -> None:
    consumer = new_consumer()
    connect_sample_pos(consumer, server.provider_key)

    customers = consumer.pos.Customer.all()
    assert len(customers) == server.seeded_customers
    assert [c.id for c in customers] == [f"c{n:04d}" for n in range(1, server.seeded_customers + 1)]
    assert (customers[0].name, customers[0].email) == ("Given1 Family1", "customer1@example.com")
    assert len(consumer.pos.Customer.all(limit=50)) == 50

    # What the SDK's loop stops on: an exact total on every page, the last one short.
    last = ChiftClient().get(
        f"/consumers/{consumer.consumerid}/pos/customers", params={"page": 3, "size": 100}
    )
    assert (last["total"], last["page"], last["size"], len(last["items"])) == (
        server.seeded_customers,
        3,
        100,
        server.seeded_customers - 200,
    )

    assert consumer.pos.Customer.get("c0042").name == "Given42 Family42"
    with pytest.raises(ChiftException) as caught:
        consumer.pos.Customer.get("nobody")
    assert caught.value.error_code == "ERROR_CUSTOMER_NOT_FOUND"

    created = consumer.pos.Customer.create(
        {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
    )
    assert created.name == "Ada Lovelace"
    assert consumer.pos.Customer.get(created.id).email == "ada@example.com"


def test_unsupported_operation_and_choosing_a_connection(sdk: AccountCredentials, server: Server) -> None:
    consumer = new_consumer()
    connect_sample_pos(consumer, server.provider_key)
    other = consumer.Connection.create(
        {"integrationid": OTHER_POS_ID, "name": "Other till", "credentials": []}
    )

    # Two points of sale: the SDK must say which one, here through the consumer's connectionid.
    with pytest.raises(ChiftException) as caught:
        consumer.pos.Customer.all(limit=1)
    assert caught.value.error_code == "ERROR_MULTIPLE_CONNECTIONS"

    consumer.connectionid = str(other.connectionid)
    with pytest.raises(ChiftException) as caught:
        consumer.pos.Customer.create(
            {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
        )
    assert caught.value.error_code == "ERROR_OPERATION_NOT_SUPPORTED"
    assert caught.value.message == "The resource POST - customers is not supported by Other POS"

    [sample] = [c for c in consumer.Connection.all() if c.integrationid == SAMPLE_POS_ID]
    consumer.connectionid = str(sample.connectionid)
    assert [c.id for c in consumer.pos.Customer.all(limit=1)] == ["c0001"]
