"""Kounta's API as a client sees it: content negotiation, paging, customers (lookups, privacy,
validation), orders (path and query filters), reconciliations (date grammar, totals), catalogue."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import httpx
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.routing import Mount

from junction.app import create_app
from junction.config import Settings
from junction.connectors._framework.registry import ConnectorRegistry
from junction.sandboxes.kounta import COMPANY_ID
from tests.sandboxes.support import BASE, JSON, NOW, SECOND, basic, client_for, kounta, sandbox_of, walk

CUSTOMERS = "/v1/companies/me/customers.json"


async def test_format_comes_from_the_suffix_or_the_accept_header(api: httpx.AsyncClient) -> None:
    auth = {"Authorization": basic()["Authorization"]}

    suffix = await api.get("/v1/companies/me.json", headers=auth)
    accept = await api.get("/v1/companies/me", headers={**auth, "Accept": "application/json"})
    neither = await api.get("/v1/companies/me", headers={**auth, "Accept": ""})
    anything = await api.get("/v1/companies/me", headers={**auth, "Accept": "*/*"})
    xml = await api.get("/v1/companies/me.xml", headers=auth)

    assert (suffix.status_code, accept.status_code) == (200, 200)
    assert (neither.status_code, anything.status_code, xml.status_code) == (406, 406, 406)
    assert neither.json()["error"] == "not_acceptable"


async def test_writes_must_send_json(api: httpx.AsyncClient) -> None:
    form = await api.post(CUSTOMERS, data={"first_name": "Ann", "email": "ann@example.com"}, headers=basic())
    broken = await api.post(
        CUSTOMERS, content=b"{not json", headers={**basic(), "Content-Type": "application/json"}
    )

    assert form.status_code == 400
    assert broken.status_code == 400


async def test_walking_x_next_page_reaches_every_customer(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    seeded = len(sandbox_of(sandbox_app).state.customers)
    first = await api.get(CUSTOMERS, headers=basic())

    customers = await walk(api, CUSTOMERS, basic())

    assert len(first.json()) == 25
    assert first.headers["x-pages"] == str(-(-seeded // 25))
    assert first.headers["x-next-page"] == f"{BASE}{CUSTOMERS}?page=1"
    assert len(customers) == seeded == 350
    assert len({c["id"] for c in customers}) == seeded
    assert set(customers[0]) == {
        "id",
        "id_str",
        "company_id",
        "first_name",
        "last_name",
        "primary_email_address",
        "image",
    }


async def test_x_page_header_and_last_page(api: httpx.AsyncClient) -> None:
    by_header = await api.get(CUSTOMERS, headers={**basic(), "X-Page": "1"})
    by_query = await api.get(CUSTOMERS + "?page=1", headers=basic())
    last = await api.get(CUSTOMERS + "?page=13", headers=basic())
    beyond = await api.get(CUSTOMERS + "?page=99", headers=basic())

    assert by_header.json() == by_query.json()
    assert "x-next-page" not in last.headers
    assert len(last.json()) == 350 - 13 * 25
    assert beyond.json() == []


async def test_absolute_urls_carry_the_mount_point() -> None:
    outer = Starlette(routes=[Mount("/sandboxes/kounta", app=kounta("small"))])
    async with client_for(outer, "https://junction.example") as api:
        page = await api.get("/sandboxes/kounta" + CUSTOMERS, headers=basic())
        created = await api.post(
            "/sandboxes/kounta" + CUSTOMERS,
            json={"first_name": "Ann", "email": "ann@example.com"},
            headers=basic(),
        )

    assert page.headers["x-next-page"] == f"https://junction.example/sandboxes/kounta{CUSTOMERS}?page=1"
    assert created.headers["location"].startswith(
        f"https://junction.example/sandboxes/kounta/v1/companies/{COMPANY_ID}/customers/"
    )


async def test_junction_serve_mounts_the_sandbox(client: httpx.AsyncClient) -> None:
    response = await client.get("/sandboxes/kounta" + CUSTOMERS, headers=basic())

    assert response.status_code == 200
    assert response.headers["x-next-page"].startswith("http://junction.test/sandboxes/kounta/v1/")


def test_the_sandboxes_setting_turns_the_mount_off(settings: Settings, registry: ConnectorRegistry) -> None:
    def mounted(app: FastAPI) -> bool:
        return any(isinstance(r, Mount) and r.path == "/sandboxes/kounta" for r in app.routes)

    with_sandboxes = create_app(settings.model_copy(update={"sandboxes": True}), registry)
    mount = next(r for r in with_sandboxes.routes if isinstance(r, Mount) and r.path == "/sandboxes/kounta")
    embedded = settings.effective_database_url.startswith("sqlite")

    assert mounted(with_sandboxes)
    assert not mounted(create_app(settings.model_copy(update={"sandboxes": False}), registry))
    # The sandbox credentials are public: on a server, webhooks must not reach its private network.
    assert sandbox_of(mount.app).webhooks.targets == ("loopback" if embedded else "public")


async def test_lookups_redirect_to_the_customer_or_answer_404(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    state = sandbox_of(sandbox_app).state
    someone = next(c for c in state.customers.values() if c.mobile and c.email and c.phone)
    record = f"{BASE}/v1/companies/{COMPANY_ID}/customers/{someone.id}.json"
    assert someone.mobile
    assert someone.email
    assert someone.phone

    by_email = await api.get(CUSTOMERS, params={"email": someone.email.upper()}, headers=basic())
    by_mobile = await api.get(CUSTOMERS, params={"mobile": someone.mobile.replace(" ", "")}, headers=basic())
    by_name = await api.get(
        CUSTOMERS,
        params={"first_name": someone.first_name, "last_name": someone.last_name, "phone": someone.phone},
        headers=basic(),
    )
    missing = await api.get(CUSTOMERS, params={"email": "nobody@example.invalid"}, headers=basic())
    partial = await api.get(CUSTOMERS, params={"first_name": someone.first_name}, headers=basic())

    assert [r.status_code for r in (by_email, by_mobile, by_name)] == [302, 302, 302]
    assert {r.headers["location"] for r in (by_email, by_mobile, by_name)} == {record}
    assert missing.status_code == 404
    assert partial.status_code == 400
    followed = await api.get(record, headers=basic())
    assert followed.json()["email"] == someone.email


async def test_reference_id_is_private_to_each_client_application(api: httpx.AsyncClient) -> None:
    household = await api.get(CUSTOMERS, params={"reference_id": "crm-household-1"}, headers=basic())
    second_app = basic(SECOND.client_id, SECOND.client_secret)
    unseen = await api.get(CUSTOMERS, params={"reference_id": "crm-household-1"}, headers=second_app)
    customer_id = household.json()[0]["id"]

    mine = await api.put(
        f"/v1/companies/me/customers/{customer_id}.json", json={"reference_id": "b-1"}, headers=second_app
    )
    as_first = await api.get(f"/v1/companies/me/customers/{customer_id}.json", headers=basic())
    as_second = await api.get(f"/v1/companies/me/customers/{customer_id}.json", headers=second_app)

    assert household.status_code == 200
    assert len(household.json()) == 2
    assert unseen.status_code == 200
    assert unseen.json() == []
    assert mine.status_code == 200
    assert as_first.json()["reference_id"] == "crm-household-1"
    assert as_second.json()["reference_id"] == "b-1"
    assert (await api.get(CUSTOMERS, params={"reference_id": "nothing"}, headers=basic())).json() == []


async def test_create_needs_first_name_and_a_contact(api: httpx.AsyncClient) -> None:
    no_name = await api.post(CUSTOMERS, json={"email": "a@example.com"}, headers=basic())
    no_contact = await api.post(CUSTOMERS, json={"first_name": "Ann"}, headers=basic())
    unknown_field = await api.post(
        CUSTOMERS, json={"first_name": "Ann", "email": "a@example.com", "vip": 1}, headers=basic()
    )
    bad_country = await api.post(
        CUSTOMERS,
        json={"first_name": "Ann", "email": "a@example.com", "primary_address": {"country": "Australia"}},
        headers=basic(),
    )

    assert [r.status_code for r in (no_name, no_contact, unknown_field, bad_country)] == [400] * 4
    assert "vip" in unknown_field.json()["error_description"]


async def test_create_answers_201_with_location(api: httpx.AsyncClient) -> None:
    created = await api.post(
        CUSTOMERS,
        json={
            "first_name": "Ann",
            "last_name": "Lee",
            "mobile": "0491 570 006",
            "tags": ["Online"],
            "accepts_marketing": True,
            "reference_id": "shop-9",
            "primary_address": {"lines": ["1 Test St"], "city": "Brisbane", "zone": "QLD", "country": "AU"},
        },
        headers=basic(),
    )
    record = await api.get(created.headers["location"], headers=basic())

    assert created.status_code == 201
    assert created.content == b""
    assert record.status_code == 200
    body = record.json()
    assert (body["first_name"], body["mobile"], body["reference_id"]) == ("Ann", "0491 570 006", "shop-9")
    assert body["primary_address"]["city"] == "Brisbane"
    assert body["id_str"] == str(body["id"])


async def test_mobile_is_unique_within_the_company(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    state = sandbox_of(sandbox_app).state
    taken = next(c for c in state.customers.values() if c.mobile)
    other = next(c for c in state.customers.values() if c.id != taken.id)
    assert taken.mobile

    on_create = await api.post(
        CUSTOMERS, json={"first_name": "Ann", "mobile": "+61" + taken.mobile[1:]}, headers=basic()
    )
    on_update = await api.put(
        f"/v1/companies/me/customers/{other.id}.json", json={"mobile": taken.mobile}, headers=basic()
    )
    own = await api.put(
        f"/v1/companies/me/customers/{taken.id}.json", json={"mobile": taken.mobile}, headers=basic()
    )

    assert on_create.status_code == 400
    assert on_update.status_code == 400
    assert own.status_code == 200


async def test_update_takes_only_the_documented_fields(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    customer = next(iter(sandbox_of(sandbox_app).state.customers.values()))
    url = f"/v1/companies/me/customers/{customer.id}.json"

    updated = await api.put(url, json={"last_name": "Nguyen-Smith", "tags": ["VIP"]}, headers=basic())
    refused = await api.put(url, json={"description": "new", "company_id": 1}, headers=basic())

    assert updated.status_code == 200
    assert (updated.json()["last_name"], updated.json()["tags"]) == ("Nguyen-Smith", ["VIP"])
    assert refused.status_code == 400
    assert "company_id" in refused.json()["error_description"]


async def test_customer_timestamps_are_the_current_time(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    sandbox = sandbox_of(sandbox_app)
    sandbox.clock = lambda: NOW.timestamp() + 3600
    customer = next(iter(sandbox.state.customers.values()))

    body = (await api.get(f"/v1/companies/me/customers/{customer.id}.json", headers=basic())).json()

    assert body["created_at"] == body["updated_at"] == (NOW + timedelta(hours=1)).isoformat()


async def test_order_path_filters_combine(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    state = sandbox_of(sandbox_app).state
    site_id = list(state.sites)[1]
    register_id = next(r.id for r in state.registers.values() if r.site_id == site_id)
    customer_id = next(
        o.customer_id for o in state.orders.values() if o.customer_id and o.status == "COMPLETE"
    )

    complete = await walk(api, "/v1/companies/me/orders/complete.json", basic())
    at_site = await walk(api, f"/v1/companies/me/sites/{site_id}/orders/complete.json", basic())
    till = await walk(api, f"/v1/companies/me/sites/{site_id}/registers/{register_id}/orders.json", basic())
    relation_after = await walk(api, f"/v1/companies/me/orders/registers/{register_id}.json", basic())
    of_customer = await walk(api, f"/v1/companies/me/customers/{customer_id}/orders.json", basic())
    in_progress = await walk(api, "/v1/companies/me/orders/submitted/on_hold.json", basic())
    discounted = await walk(api, "/v1/companies/me/orders/discounted.json", basic())
    deleted = await walk(api, "/v1/companies/me/orders/deleted.json", basic())
    accounts = await walk(api, "/v1/companies/me/orders/pending/accounts.json", basic())

    expected_complete = [o.id for o in state.orders.values() if o.status == "COMPLETE" and not o.deleted]
    assert [o["id"] for o in complete] == expected_complete
    assert at_site
    assert {o["site_id"] for o in at_site} == {site_id}
    assert till
    assert {o["register_id"] for o in till} == {register_id}
    assert relation_after == till
    assert of_customer
    assert {o["customer"]["id"] for o in of_customer} == {customer_id}
    assert {o["status"] for o in in_progress} == {"SUBMITTED", "ON_HOLD"}
    assert discounted
    assert all(any(line["price_variation"] < 1 for line in o["lines"]) for o in discounted)
    assert deleted
    assert not {o["id"] for o in deleted} & {o["id"] for o in complete}
    assert accounts
    assert all(o["status"] == "PENDING" and o["paid"] < o["total"] and o["customer"] for o in accounts)


async def test_order_query_filters(api: httpx.AsyncClient) -> None:
    day = (NOW - timedelta(days=10)).date().isoformat()
    url = "/v1/companies/me/orders/complete.json"

    since = await walk(api, f"{url}?created_gte={day}", basic())
    before = await walk(api, f"{url}?created_lt={day}", basic())
    on_day = await walk(api, f"{url}?created={day}", basic())
    everything = await walk(api, url, basic())
    cheap = await walk(api, f"{url}?value_lt=10&created_gte={day}", basic())
    band = await walk(api, f"{url}?value_gte=20&value_lt=30.5", basic())
    invalid = await api.get(f"{url}?created_gte=yesterday", headers=basic())

    assert len(since) + len(before) == len(everything)
    assert on_day
    assert all(o["created_at"].startswith(day) for o in on_day)
    assert all(o["created_at"][:10] >= day for o in since)
    assert cheap
    assert all(o["total"] < 10 for o in cheap)
    assert band
    assert all(20 <= o["total"] < 30.5 for o in band)
    assert invalid.status_code == 400


async def test_unknown_order_filters_and_ids_are_404(api: httpx.AsyncClient) -> None:
    bad_flag = await api.get("/v1/companies/me/orders/shipped.json", headers=basic())
    bad_site = await api.get("/v1/companies/me/sites/1/orders.json", headers=basic())
    bad_order = await api.get("/v1/companies/me/orders/1.json", headers=basic())

    assert [r.status_code for r in (bad_flag, bad_site, bad_order)] == [404, 404, 404]


async def test_create_an_order_and_attach_a_customer(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    state = sandbox_of(sandbox_app).state
    site_id = next(iter(state.sites))
    product = next(p for p in state.products.values() if p.code == "COF-FW")
    customer_id = next(iter(state.customers))

    created = await api.post(
        "/v1/companies/me/orders.json",
        json={
            "site_id": site_id,
            "status": "SUBMITTED",
            "lines": [{"product_id": product.id, "quantity": 2}],
        },
        headers=basic(),
    )
    order = (await api.get(created.headers["location"], headers=basic())).json()
    attached = await api.put(
        f"/v1/companies/me/orders/{order['id']}.json", json={"customer_id": customer_id}, headers=basic()
    )
    fetched = await api.get(f"/v1/companies/me/orders/{order['id']}.json", headers=basic())

    assert created.status_code == 201
    assert order["status"] == "SUBMITTED"
    assert order["total"] == 9.6
    assert round(order["lines"][0]["unit_price"] + order["lines"][0]["unit_tax"], 2) == 4.8
    assert attached.status_code == 200
    assert fetched.json()["customer"]["id"] == customer_id


async def test_reconciliation_takings_add_up_the_days_sales(
    api: httpx.AsyncClient, sandbox_app: Starlette
) -> None:
    state = sandbox_of(sandbox_app).state
    day = (NOW - timedelta(days=5)).date().isoformat()
    closures = await walk(api, f"/v1/companies/me/reconciliations/{day}.json", basic())

    assert {c["reconciliation_level"] for c in closures} == {"site", "register"}
    for closure in closures:
        till = closure["register"]
        scope = f"registers/{till['id']}" if till else f"sites/{closure['site']['id']}"
        sales = await walk(api, f"/v1/companies/me/{scope}/orders/complete.json?created={day}", basic())
        by_method: dict[int, float] = defaultdict(float)
        for sale in sales:
            for payment in sale["payments"]:
                by_method[payment["method"]["id"]] += payment["amount"]
        takings = {t["payment_method"]["id"]: t["takings"]["recorded"] for t in closure["reconciliations"]}
        assert sales
        assert takings == {method: round(amount, 2) for method, amount in by_method.items()}
        net = sum(a["net"] + a["tax"] for a in closure["income_accounts"][0]["amounts"])
        assert round(net, 2) == round(sum(s["total"] for s in sales), 2)
    assert len(closures) == len(state.sites) + 1  # the second site closes its two tills one by one


async def test_reconciliation_date_grammar(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    state = sandbox_of(sandbox_app).state
    site_id = next(iter(state.sites))
    till_id = next(r.id for r in state.registers.values() if r.site_id == list(state.sites)[1])
    since = (NOW - timedelta(days=7)).date().isoformat()
    base = "/v1/companies/me"

    everything = await walk(api, f"{base}/reconciliations.json", basic())
    recent = await walk(api, f"{base}/reconciliations/since/{since}.json", basic())
    unprocessed = await walk(api, f"{base}/reconciliations/unprocessed.json", basic())
    site_recent = await walk(
        api, f"{base}/sites/{site_id}/reconciliations/unprocessed/since/{since}.json", basic()
    )
    till = await walk(api, f"{base}/registers/{till_id}/reconciliations.json", basic())
    wrong_order = await api.get(f"{base}/reconciliations/since/{since}/unprocessed.json", headers=basic())
    bad_day = await api.get(f"{base}/reconciliations/2026-02-31.json", headers=basic())
    one = await api.get(f"{base}/reconciliations/{everything[0]['id_str']}.json", headers=basic())

    assert len(everything) == len(state.reconciliations)
    assert recent
    assert all(r["created_at"][:10] >= since for r in recent)
    assert unprocessed
    assert not any(r["processed"] for r in unprocessed)
    assert len(unprocessed) < len(everything)
    assert site_recent
    assert {r["site"]["id"] for r in site_recent} == {site_id}
    assert till
    assert {r["register"]["id"] for r in till} == {till_id}
    assert wrong_order.status_code == 404
    assert bad_day.status_code == 400
    assert one.json() == everything[0]
    assert everything[0]["id"] > 2**53


async def test_mark_a_reconciliation_processed(api: httpx.AsyncClient) -> None:
    pending = (await api.get("/v1/companies/me/reconciliations/unprocessed.json", headers=basic())).json()
    url = f"/v1/companies/me/reconciliations/{pending[0]['id']}.json"

    done = await api.put(url, json={"processed": True}, headers=basic())
    refused = await api.put(url, json={"number": 1}, headers=basic())
    still = (await api.get("/v1/companies/me/reconciliations/unprocessed.json", headers=basic())).json()

    assert done.json()["processed"] is True
    assert refused.status_code == 400
    assert pending[0]["id"] not in {r["id"] for r in still}


async def test_catalogue(api: httpx.AsyncClient, sandbox_app: Starlette) -> None:
    state = sandbox_of(sandbox_app).state
    banana = next(p for p in state.products.values() if p.code == "BAK-BB")
    first_site, second_site = list(state.sites)

    products = await walk(api, "/v1/companies/me/products.json", basic())
    product = (await api.get(f"/v1/companies/me/products/{banana.id}.json", headers=basic())).json()
    categories = (
        await api.get(f"/v1/companies/me/products/{banana.id}/categories.json", headers=basic())
    ).json()
    in_category = await walk(api, f"/v1/companies/me/categories/{categories[0]['id']}/products.json", basic())
    first_menu = await walk(api, f"/v1/companies/me/sites/{first_site}/products.json", basic())
    second_menu = await walk(api, f"/v1/companies/me/sites/{second_site}/products.json", basic())
    taxes = (await api.get("/v1/companies/me/taxes.json", headers=basic())).json()
    methods = (await api.get("/v1/companies/me/payment_methods.json", headers=basic())).json()
    base_prices = (await api.get("/v1/companies/me/price_lists/base.json", headers=basic())).json()
    status = (await api.get(f"/v1/companies/me/sites/{first_site}/status.json", headers=basic())).json()

    assert len(products) == len(state.products) >= 40
    assert "unit_price" not in products[0]
    assert (product["unit_price"], product["taxes"][0]["code"]) == (5.91, "GST")
    assert {c["name"] for c in categories} == {"Cakes & Bakery", "Breakfast"}
    assert banana.id in {p["id"] for p in in_category}
    assert len(first_menu) < len(second_menu)
    assert {t["code"]: t["rate"] for t in taxes} == {"GST": 0.1, "FRE": 0.0, "N-T": 0.0}
    assert [m["name"] for m in methods] == ["Cash", "EFTPOS", "Credit Card", "Gift Voucher"]
    assert base_prices["parent_id"] is None
    assert len(base_prices["products"]) == len(state.products)
    assert status["status"] == "online"


async def test_sites_registers_and_company(api: httpx.AsyncClient) -> None:
    company = (await api.get("/v1/companies/me.json", headers=basic())).json()
    sites = (await api.get("/v1/companies/me/sites.json", headers=basic())).json()
    registers = (await api.get("/v1/companies/me/registers.json", headers=basic())).json()
    register = (
        await api.get(f"/v1/companies/me/registers/{registers[0]['id']}.json", headers=basic())
    ).json()
    statuses = (await api.get("/v1/sites_status.json", headers=basic())).json()

    assert (company["currency"], company["timezone"]["name"]) == ("AUD", "Australia/Brisbane")
    assert company["sites"]["count"] == len(sites) == 2
    assert company["registers"]["count"] == len(registers) == 3
    assert register["site"]["id"] == registers[0]["site_id"]
    assert len(statuses) == 2
    assert {s["postal_address"]["zone"] for s in sites} == {"QLD"}


async def test_webhooks_belong_to_their_client_application(api: httpx.AsyncClient) -> None:
    second = basic(SECOND.client_id, SECOND.client_secret)
    hooks = "/v1/companies/me/webhooks.json"
    created = await api.post(
        hooks,
        json={
            "topic": "orders/completed",
            "address": "https://example.com/h",
            "format": "json",
            "filter": {"site_ids": [823]},
        },
        headers=basic(),
    )
    location = created.headers["location"]

    mine = (await api.get(hooks, headers=basic())).json()
    theirs = (await api.get(hooks, headers=second)).json()
    hidden = await api.get(location, headers=second)
    updated = await api.put(location, json={"address": "https://example.com/new"}, headers=basic())
    dotted = await api.post(
        hooks, json={"topic": "orders.completed", "address": "https://example.com/h"}, headers=basic()
    )
    reserved = await api.post(
        hooks,
        json={
            "topic": "customers/created",
            "address": "https://example.com/h",
            "headers": {"X-Kounta-Sig": "x"},
        },
        headers=basic(),
    )
    deleted = await api.delete(location, headers=basic())

    assert created.status_code == 201
    assert [h["topic"] for h in mine] == ["orders/completed"]
    assert theirs == []
    assert hidden.status_code == 404
    assert (updated.json()["address"], updated.json()["topic"]) == (
        "https://example.com/new",
        "orders/completed",
    )
    assert updated.json()["filter"] == {"site_ids": [823]}
    assert dotted.status_code == 400
    assert reserved.status_code == 400
    assert deleted.status_code == 204
    assert (await api.get(hooks, headers=basic())).json() == []


async def test_json_accept_header_without_suffix_keeps_locations_plain(api: httpx.AsyncClient) -> None:
    created = await api.post(
        "/v1/companies/me/customers", json={"first_name": "Bo", "phone": "07 3000 0000"}, headers=basic()
    )

    assert created.status_code == 201
    assert not created.headers["location"].endswith(".json")
    assert (await api.get(created.headers["location"], headers=JSON | basic())).status_code == 200
