"""Where webhooks may go, and how they are signed: no network, known vectors."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from standardwebhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from junction.config import Settings
from junction.webhook.signing import chift_signature, new_signing_secret, signature_headers
from junction.webhook.targets import TargetRefused, check_url, resolve

BODY = b'{"accountid":"a","event":"account.connection.created","created":1700000000,"data":{}}'


def settings(**fields: object) -> Settings:
    return Settings(data_dir=Path("unused"), **fields)  # type: ignore[arg-type]


def test_the_embedded_default_allows_loopback_targets_and_postgresql_refuses_them() -> None:
    embedded = settings()
    at_scale = settings(database_url="postgresql://db.example/junction")
    assert embedded.effective_webhook_private_targets == "loopback"
    assert at_scale.effective_webhook_private_targets == "none"
    check_url("http://127.0.0.1:8080/hook", embedded)
    with pytest.raises(TargetRefused, match="JUNCTION_WEBHOOK_PRIVATE_TARGETS"):
        check_url("http://127.0.0.1:8080/hook", at_scale)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost/hook",
        "http://api.localhost/hook",
        "http://10.1.2.3/hook",
        "http://172.16.0.1/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://[::1]/hook",
        "http://[fd00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
    ],
)
def test_private_and_loopback_addresses_are_refused_by_default_at_scale(url: str) -> None:
    with pytest.raises(TargetRefused):
        check_url(url, settings(webhook_private_targets="none"))


def test_loopback_is_allowed_on_its_own_and_private_ranges_only_with_all() -> None:
    loopback = settings(webhook_private_targets="loopback")
    check_url("http://[::1]:9000/hook", loopback)
    with pytest.raises(TargetRefused):
        check_url("http://10.0.0.8/hook", loopback)
    check_url("http://10.0.0.8/hook", settings(webhook_private_targets="all"))
    check_url("https://8.8.8.8/hook", settings(webhook_private_targets="none"))


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "example.com/hook", "http://user:pw@example.com/x", "http:///nohost"]
)
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(TargetRefused):
        check_url(url, settings())


def test_an_allow_list_limits_targets_to_the_hosts_named() -> None:
    listed = settings(webhook_allowed_hosts="hooks.example.com, 127.0.0.1")
    check_url("https://hooks.example.com/x", listed)
    with pytest.raises(TargetRefused, match="JUNCTION_WEBHOOK_ALLOWED_HOSTS"):
        check_url("https://other.example.com/x", listed)


async def test_a_name_is_checked_after_resolution_and_the_checked_address_is_the_one_used() -> None:
    # `localhost` resolves locally: refused when loopback is not allowed, pinned when it is.
    with pytest.raises(TargetRefused):
        await resolve("http://localhost:8080/hook?x=1", settings(webhook_private_targets="none"))
    target = await resolve("http://localhost:8080/hook?x=1", settings(webhook_private_targets="loopback"))
    assert target.url in ("http://127.0.0.1:8080/hook?x=1", "http://[::1]:8080/hook?x=1")
    assert target.host_header == "localhost:8080"


def test_the_contract_signature_is_the_hex_hmac_of_the_exact_body() -> None:
    secret = "my-signing-secret"
    expected = hmac.new(secret.encode(), BODY, hashlib.sha256).hexdigest()
    assert chift_signature(secret, BODY) == expected
    assert chift_signature(secret, BODY + b" ") != expected


@pytest.mark.parametrize("secret", ["plain-secret-from-the-contract", new_signing_secret()])
def test_standard_webhooks_libraries_verify_deliveries(secret: str) -> None:
    now = int(time.time())
    headers = signature_headers(secret, "msg_abc", now, BODY)
    key: str | bytes = secret if secret.startswith("whsec_") else secret.encode()
    assert StandardWebhook(key).verify(BODY, headers) == {
        "accountid": "a",
        "event": "account.connection.created",
        "created": 1700000000,
        "data": {},
    }
    # The same secret, written the Standard Webhooks way.
    if not secret.startswith("whsec_"):
        whsec = "whsec_" + base64.b64encode(secret.encode()).decode()
        StandardWebhook(whsec).verify(BODY, headers)


def test_tampered_or_stale_deliveries_do_not_verify() -> None:
    secret = "s3cret"
    verifier = StandardWebhook(secret.encode())
    headers = signature_headers(secret, "msg_abc", int(time.time()), BODY)
    with pytest.raises(WebhookVerificationError):
        verifier.verify(BODY.replace(b'"a"', b'"b"'), headers)
    with pytest.raises(WebhookVerificationError):
        verifier.verify(BODY, {**headers, "webhook-id": "msg_other"})
    with pytest.raises(WebhookVerificationError):
        StandardWebhook(b"another-secret").verify(BODY, headers)
    stale = signature_headers(secret, "msg_abc", int(time.time()) - 600, BODY)
    with pytest.raises(WebhookVerificationError, match="too old"):
        verifier.verify(BODY, stale)
    assert chift_signature(secret, BODY.replace(b'"a"', b'"b"')) != headers["X-Chift-Signature"]


def test_a_known_vector_from_the_standard_webhooks_specification() -> None:
    # The example of https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    stamp = 1614265330
    headers = signature_headers(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", stamp, body)
    assert headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert datetime.fromtimestamp(stamp, UTC).year == 2021


def test_the_default_retry_schedule_spans_about_a_day() -> None:
    delays = settings().webhook_retry_delays
    assert 20 * 3600 <= sum(delays) <= 30 * 3600
    assert list(delays) == sorted(delays)
