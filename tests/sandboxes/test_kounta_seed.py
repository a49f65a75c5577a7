"""The seed: same seed, same data; realistic volumes per profile; closures that add up."""

from __future__ import annotations

from collections import defaultdict

import httpx
import pytest

from junction.sandboxes.kounta import PROFILES
from junction.sandboxes.kounta.models import KountaState
from junction.sandboxes.kounta.seed import generate
from tests.sandboxes.support import NOW, basic, client_for, kounta, walk


async def snapshot(seed: int) -> list[object]:
    async with client_for(kounta(seed=seed)) as api:
        return [
            await walk(api, "/v1/companies/me/customers.json", basic()),
            (await api.get("/v1/companies/me/orders.json?page=40", headers=basic())).json(),
            (await api.get("/v1/companies/me/reconciliations.json?page=3", headers=basic())).json(),
            (await api.get("/v1/companies/me/products.json", headers=basic())).json(),
        ]


async def test_the_same_seed_gives_the_same_data() -> None:
    first, again, other = await snapshot(11), await snapshot(11), await snapshot(12)

    assert first == again
    assert first[0] != other[0]
    assert first[1] != other[1]


def test_generation_is_repeatable_at_the_object_level() -> None:
    assert generate(3, "default", NOW) == generate(3, "default", NOW)


@pytest.mark.parametrize("profile", ["small", "default", "large"])
def test_profile_volumes(profile: str) -> None:
    state = generate(5678, profile, NOW)
    wanted = PROFILES[profile]
    low, high = wanted.orders_per_site_day

    assert len(state.sites) == wanted.sites
    assert len(state.customers) == wanted.customers
    assert len(state.products) >= 40
    assert len(state.categories) == 6
    assert (len(state.taxes), len(state.payment_methods)) == (3, 4)
    assert (
        wanted.days * wanted.sites * low <= len(state.orders) <= (wanted.days + 1) * wanted.sites * high * 2
    )
    assert len({c.mobile for c in state.customers.values() if c.mobile}) == len(
        [c for c in state.customers.values() if c.mobile]
    )
    assert all(c.email or c.phone or c.mobile for c in state.customers.values())
    if profile == "large":
        assert len(state.orders) > 20_000


def test_closures_add_up_every_completed_sale_before_today() -> None:
    state: KountaState = generate(99, "default", NOW)
    paid: dict[tuple[object, ...], int] = defaultdict(int)
    for order in state.orders.values():
        if order.status == "COMPLETE" and not order.deleted and order.created_at.date() < NOW.date():
            site = state.sites[order.site_id]
            till = order.register_id if site.register_level_reconciliation else None
            for payment in order.payments:
                paid[(order.created_at.date(), order.site_id, till, payment.method_id)] += (
                    payment.amount_cents
                )

    recorded = {
        (r.trading_date, r.site_id, r.register_id, t.method_id): t.recorded_cents
        for r in state.reconciliations.values()
        for t in r.takings
    }

    assert recorded == paid


async def test_the_sandbox_index_describes_the_credentials() -> None:
    async with client_for(kounta("small")) as api:
        index = (await api.get("/_sandbox")).json()
        me = await api.get("/v1/companies/me.json", headers=basic())

    assert index["provider"] == "kounta"
    assert index["today"] == NOW.date().isoformat()
    assert index["clients"][0] == {
        "client_id": "kounta-sandbox-client",
        "client_secret": "kounta-sandbox-secret",
        "name": "Junction Sandbox App",
    }
    assert me.status_code == httpx.codes.OK
