"""Kounta's JSON shapes, from the state. Field names follow the public fixtures of Kounta clients
(TandaHQ/Kounta, elliotchance/kounta-python, albimcleod/gokounta) as summarised in providers.md;
lists answer abridged records where those fixtures show abridged records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from junction.sandboxes.kounta.models import (
    Address,
    Category,
    Company,
    Customer,
    KountaState,
    Order,
    PaymentMethod,
    PriceList,
    Product,
    Reconciliation,
    Register,
    Site,
    Staff,
    Tax,
    Webhook,
)

Json = dict[str, Any]


def money(cents: int) -> float:
    return round(cents / 100, 2)


def when(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def with_id(object_id: int, body: Json) -> Json:
    # Kounta sends id_str beside 64-bit ids; the sandbox sends it on every top-level object.
    return {"id": object_id, "id_str": str(object_id), **body}


def address(value: Address | None) -> Json | None:
    if value is None:
        return None
    return {
        "id": value.id,
        "lines": list(value.lines),
        "city": value.city,
        "zone": value.zone,
        "postal_code": value.postal_code,
        "country": value.country,
    }


def staff_ref(member: Staff | None) -> Json | None:
    if member is None:
        return None
    return {"id": member.id, "first_name": member.first_name, "last_name": member.last_name}


def company(state: KountaState) -> Json:
    c: Company = state.company
    contact = state.staff[c.contact_staff_id]
    latest_site = max(s.updated_at for s in state.sites.values())
    return with_id(
        c.id,
        {
            "name": c.name,
            "business_number": c.business_number,
            "contact_staff_member": {**(staff_ref(contact) or {}), "email": contact.email},
            "image": None,
            "website": c.website,
            "currency": "AUD",
            "timezone": {"offset": "+10:00", "name": "Australia/Brisbane"},
            "shipping_address": None,
            "postal_address": address(c.postal_address),
            "addresses": {"count": 1, "updated_at": when(c.updated_at)},
            "sites": {"count": len(state.sites), "updated_at": when(latest_site)},
            "registers": {
                "count": len(state.registers),
                "limit": c.register_limit,
                "updated_at": when(latest_site),
            },
            "created_at": when(c.created_at),
            "updated_at": when(c.updated_at),
        },
    )


def site(state: KountaState, s: Site) -> Json:
    price_list = state.price_lists.get(s.price_list_id)
    return with_id(
        s.id,
        {
            "company_id": state.company.id,
            "name": s.name,
            "code": s.code,
            "business_number": s.business_number,
            "contact_person": staff_ref(state.staff.get(state.company.contact_staff_id)),
            "shipping_address": address(s.address),
            "postal_address": address(s.address),
            "email": s.email,
            "mobile": None,
            "phone": s.phone,
            "fax": None,
            "location": {"latitude": s.latitude, "longitude": s.longitude},
            "image": None,
            "website": state.company.website,
            "register_level_reconciliation": s.register_level_reconciliation,
            "price_list": {"id": price_list.id, "name": price_list.name} if price_list else None,
            "created_at": when(s.created_at),
            "updated_at": when(s.updated_at),
        },
    )


def site_brief(s: Site) -> Json:
    return with_id(s.id, {"name": s.name, "code": s.code})


def site_status(s: Site) -> Json:
    return {"site_id": s.id, "status": "online" if s.online else "offline", "online_ordering": "online"}


def register(state: KountaState, r: Register, *, full: bool, with_site: bool = True) -> Json:
    if not full:
        body: Json = {"code": r.code, "name": r.name}
        if with_site:
            body["site_id"] = r.site_id
        return with_id(r.id, body)
    s = state.sites[r.site_id]
    return with_id(
        r.id,
        {
            "company_id": state.company.id,
            "code": r.code,
            "name": r.name,
            "site": {"id": s.id, "name": s.name, "code": s.code},
            "current_staff_member": staff_ref(state.staff.get(r.current_staff_id or 0)),
            "sale_prefix": r.sale_prefix,
            "return_prefix": r.return_prefix,
            "assigned_to_device": r.current_staff_id is not None,
        },
    )


def staff(state: KountaState, member: Staff) -> Json:
    return with_id(
        member.id,
        {
            "company_id": state.company.id,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "sites": [site_brief(state.sites[i]) for i in member.site_ids],
        },
    )


def tax(state: KountaState, t: Tax) -> Json:
    return with_id(t.id, {"company_id": state.company.id, "code": t.code, "name": t.name, "rate": t.rate})


def tax_ref(t: Tax) -> Json:
    return {"id": t.id, "code": t.code, "name": t.name, "rate": t.rate}


def payment_method(m: PaymentMethod) -> Json:
    return with_id(m.id, {"name": m.name, "ledger_code": m.ledger_code})


def category(state: KountaState, c: Category) -> Json:
    return with_id(
        c.id,
        {
            "company_id": state.company.id,
            "name": c.name,
            "description": c.description,
            "image": None,
            "products": {"count": len(c.product_ids), "updated_at": when(c.updated_at)},
        },
    )


def product(state: KountaState, p: Product, *, full: bool) -> Json:
    body: Json = {
        "company_id": state.company.id,
        "name": p.name,
        "code": p.code,
        "barcode": p.barcode,
        "description": p.description,
        "image": None,
        "tags": list(p.tags),
    }
    if full:
        t = state.taxes[p.tax_id]
        unit = round(p.price_cents / (1 + t.rate))
        body.update(
            {
                "unit_price": money(unit),
                "cost_price": money(p.cost_cents),
                "stock": p.stock,
                "taxes": [tax_ref(t)],
                "sites": [site_brief(state.sites[i]) for i in p.site_ids],
            }
        )
    return with_id(p.id, body)


def price_list(state: KountaState, pl: PriceList, *, full: bool) -> Json:
    body: Json = {"name": pl.name, "parent_id": pl.parent_id}
    if full:
        body["products"] = [
            {"id": pid, "name": state.products[pid].name, "unit_price": money(cents)}
            for pid, cents in pl.prices.items()
        ]
    return with_id(pl.id, body)


def customer(state: KountaState, c: Customer, client_id: str, now: datetime) -> Json:
    """The full record as one client application sees it: its own reference_id only, and
    created_at/updated_at set to the current time, as Kounta documents ("this data is
    unavailable")."""
    emails = [c.email] if c.email else []
    stamp = when(now)
    return with_id(
        c.id,
        {
            "company_id": state.company.id,
            "people_id": c.people_id,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "email": c.email,
            "primary_email_address": c.email,
            "email_addresses": emails,
            "description": c.description,
            "phone": c.phone,
            "mobile": c.mobile,
            "fax": None,
            "primary_address": address(c.primary_address),
            "postal_address": address(c.primary_address),
            "shipping_address": address(c.shipping_address),
            "addresses": {
                "count": len([a for a in (c.primary_address, c.shipping_address) if a is not None]),
                "updated_at": stamp,
            },
            "image": c.image,
            "tags": list(c.tags),
            "reference_id": state.reference_ids.get((client_id, c.id), ""),
            "accepts_marketing": c.accepts_marketing,
            "created_at": stamp,
            "updated_at": stamp,
        },
    )


def customer_brief(state: KountaState, c: Customer) -> Json:
    return with_id(
        c.id,
        {
            "company_id": state.company.id,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "primary_email_address": c.email,
            "image": c.image,
        },
    )


def customer_addresses(c: Customer) -> list[Json]:
    return [a for a in (address(c.primary_address), address(c.shipping_address)) if a is not None]


def order(state: KountaState, o: Order) -> Json:
    buyer = state.customers.get(o.customer_id) if o.customer_id is not None else None
    return with_id(
        o.id,
        {
            "company_id": state.company.id,
            "status": o.status,
            "notes": o.notes,
            "customer": (
                {
                    "id": buyer.id,
                    "first_name": buyer.first_name,
                    "last_name": buyer.last_name,
                    "email": buyer.email,
                    "image": buyer.image,
                }
                if buyer is not None
                else None
            ),
            "site_id": o.site_id,
            "register_id": o.register_id,
            "sale_number": o.sale_number,
            "lines": [
                {
                    "id": line.id,
                    "number": line.number,
                    "product": {"id": line.product_id, "name": line.product_name},
                    "quantity": line.quantity,
                    "notes": line.notes,
                    "price_variation": line.price_variation,
                    "unit_price": money(line.unit_price_cents),
                    "unit_tax": money(line.unit_tax_cents),
                    "line_total_ex_tax": money(line.total_ex_tax_cents),
                    "line_total_tax": money(line.total_tax_cents),
                    "modifiers": [],
                }
                for line in o.lines
            ],
            "payments": [
                {
                    "id": p.id,
                    "method": {"id": p.method_id, "name": state.payment_methods[p.method_id].name},
                    "amount": money(p.amount_cents),
                    "ref": p.ref,
                    "created_at": when(p.created_at),
                }
                for p in o.payments
            ],
            "price_variation": 1.0,
            "total": money(o.total_cents),
            "total_tax": money(o.tax_cents),
            "paid": money(o.paid_cents),
            "callback_uri": o.callback_uri,
            "placed_at": when(o.placed_at),
            "fulfil_at": when(o.fulfil_at),
            "created_at": when(o.created_at),
            "updated_at": when(o.updated_at),
        },
    )


def reconciliation(state: KountaState, r: Reconciliation) -> Json:
    s = state.sites[r.site_id]
    till = state.registers.get(r.register_id) if r.register_id is not None else None
    return with_id(
        r.id,
        {
            "number": r.number,
            "processed": r.processed,
            "reconciliation_level": r.level,
            "register": {"id": till.id, "code": till.code, "name": till.name} if till else None,
            "site": {"id": s.id, "name": s.name, "code": s.code},
            "staff_member": staff_ref(state.staff.get(r.staff_id)),
            "income_accounts": [
                {
                    "ledger_code": "200",
                    "amounts": [
                        {"tax_id": a.tax_id, "net": money(a.net_cents), "tax": money(a.tax_cents)}
                        for a in r.income
                    ],
                }
            ],
            "reconciliations": [
                {
                    "payment_method": payment_method(state.payment_methods[t.method_id]),
                    "takings": {"recorded": money(t.recorded_cents), "counted": money(t.counted_cents)},
                    "adjustments": {"cash_in": money(t.cash_in_cents), "cash_out": money(t.cash_out_cents)},
                }
                for t in r.takings
            ],
            "created_at": when(r.created_at),
            "updated_at": when(r.updated_at),
        },
    )


def webhook(w: Webhook) -> Json:
    return with_id(
        w.id,
        {
            "topic": w.topic,
            "address": w.address,
            "format": w.format,
            "headers": dict(w.headers),
            "filter": dict(w.filter),
            "created_at": when(w.created_at),
            "updated_at": when(w.updated_at),
        },
    )
