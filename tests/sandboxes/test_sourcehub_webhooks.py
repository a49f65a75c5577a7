"""SourceHub webhooks: a JSON POST per event to the URL of the key's mode, signed (an assumption
of this sandbox, see its README) and retried while the receiver fails."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator

import pytest

from junction.sandboxes.sourcehub import SIGNATURE_HEADER
from tests.sandboxes.support import Receiver, client_for, serve_in_thread
from tests.sandboxes.test_sourcehub_api import LIVE_KEY, TEST_KEY, sourcehub


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    receiver = Receiver(statuses=[500])
    with serve_in_thread(receiver.app()) as url:
        yield receiver, url


async def test_a_new_order_is_posted_signed_to_the_modes_url_and_retried(
    receiver: tuple[Receiver, str],
) -> None:
    hooks, url = receiver
    app = sourcehub()
    async with client_for(app) as api:
        configured = await api.put(
            "/_sandbox/webhooks",
            json={"test_url": f"{url}/test", "live_url": f"{url}/live", "secret": "s3cret"},
        )
        await api.post(
            "/orders/create",
            json={"customer_id": 1, "products": [{"product_id": 1, "quantity": 1}]},
            headers=TEST_KEY,
        )
        received = await hooks.wait_for(2)
        await api.post(
            "/orders/create",
            json={"customer_id": 2, "products": [{"product_id": 1, "quantity": 1}]},
            headers=LIVE_KEY,
        )
        received = await hooks.wait_for(3)
    await app.state.sandbox.webhooks.aclose()

    assert configured.status_code == 200
    first, retried, live = received
    assert first.path == retried.path == "/test"
    assert first.body == retried.body
    event = json.loads(first.body)
    assert event["event"] == "order.new"
    assert event["data"]["customer"]["id"] == 1
    expected = hmac.new(b"s3cret", first.body, hashlib.sha256).hexdigest()
    assert first.headers[SIGNATURE_HEADER.lower()] == expected
    assert live.path == "/live"
