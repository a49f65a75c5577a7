"""Deterministic SourceHub data: an Indian B2B distributor's masters (states, cities, areas,
postal codes, sales agents, categories, products with pack pricings), its customers and their
sales orders. The same seed and profile always give the same data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from junction.sandboxes._kit import seeded_random

PROFILES = {"default": (120, 130, 3), "small": (12, 8, 2)}
# (state id, code, name, [(city id, code, name, [(area, postal code)])])
GEOGRAPHY: tuple[tuple[int, str, str, tuple[tuple[int, str, str, tuple[tuple[str, str], ...]], ...]], ...] = (
    (
        1,
        "K001",
        "Karnataka",
        (
            (1, "BEN1", "Bengaluru", (("BTM", "560076"), ("J P Nagar", "560078"), ("Indiranagar", "560038"))),
            (2, "MYS1", "Mysuru", (("Vijayanagar", "570017"), ("Kuvempunagar", "570023"))),
        ),
    ),
    (
        2,
        "M001",
        "Maharashtra",
        (
            (3, "MUM1", "Mumbai", (("Andheri", "400053"), ("Dadar", "400014"))),
            (4, "PUN1", "Pune", (("Kothrud", "411038"), ("Hadapsar", "411028"))),
        ),
    ),
    (3, "T001", "Tamil Nadu", ((5, "CHE1", "Chennai", (("T Nagar", "600017"), ("Adyar", "600020"))),)),
    (
        4,
        "W001",
        "West Bengal",
        ((6, "KOL1", "Kolkata", (("Salt Lake", "700091"), ("Tarakeswar", "712410"))),),
    ),
)
FIRST_NAMES = ("Amit", "Prasanth", "Kavya", "Rahul", "Sneha", "Arjun", "Meera", "Vikram", "Anjali", "Rohan")
LAST_NAMES = ("De", "Iyer", "Sharma", "Patil", "Reddy", "Nair", "Gupta", "Das", "Kulkarni", "Menon")
TRADES = ("Retail", "Traders", "Enterprises", "Stores", "Distributors", "Mart", "Agencies")
CATEGORIES = ((1, "Beverages"), (2, "Snacks"), (3, "Personal care"), (4, "Household"))
MEASUREMENTS = ((1, "Piece"), (2, "Kg"), (3, "Litre"))
PRODUCT_NAMES = (
    "Mango juice",
    "Masala chips",
    "Herbal soap",
    "Dish wash gel",
    "Lemon drink",
    "Roasted peanuts",
    "Coconut oil",
    "Floor cleaner",
    "Ginger biscuits",
    "Tooth paste",
)
GST_RATES = (5.0, 12.0, 18.0)
PACKS = (12, 18, 24)
SALES_AGENTS = (
    (1, "Ravi Kumar", "9845000001"),
    (2, "Pooja Shah", "9845000002"),
    (3, "Imran Ali", "9845000003"),
)
GSTIN_STATE = {1: "29", 2: "27", 3: "33", 4: "19"}


@dataclass
class Area:
    id: int
    name: str
    area_code: str
    city: dict[str, Any]


@dataclass
class PostalCode:
    id: int
    code: str
    area_id: int


@dataclass
class Customer:
    id: int
    contact_person_name: str
    company_name: str
    email: str
    contactperson_number: str
    company_phone: str
    gst_treatment: str
    gstin: str
    customer_code: str
    status: str
    approval: str
    addressline1: str
    addressline2: str
    area_id: int
    postalcode_id: int
    salesagent_id: int
    created_at: dt.datetime


@dataclass
class Product:
    id: int
    name: str
    sku: str
    hsn_code: str
    description: str
    price_per_unit: float
    maximum_retail_price: float
    weight: float
    vol: float
    gst_percent: float
    measurementtype_id: int
    productcategory_id: int
    # (pricing id, pack size, price of the pack)
    pricings: list[tuple[int, int, float]]
    updated_at: dt.datetime


@dataclass
class OrderLine:
    product_id: int
    quantity: int
    price: float


@dataclass
class Order:
    id: int
    order_no: str
    customer_id: int
    date: dt.date
    lines: list[OrderLine]
    discount_amount: float = 0.0
    return_total_amount: float = 0.0


@dataclass
class SourceHubState:
    today: dt.date
    areas: dict[int, Area] = field(default_factory=dict)
    postal_codes: dict[int, PostalCode] = field(default_factory=dict)
    customers: dict[int, Customer] = field(default_factory=dict)
    products: dict[int, Product] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    # Webhook URLs per mode ("test", "live"), set on the dashboard (here: the control API).
    webhook_urls: dict[str, str] = field(default_factory=dict)
    webhook_secret: str = "sourcehub-sandbox-webhook-secret"  # noqa: S105 - a public sandbox value

    def next_id(self, table: dict[int, Any]) -> int:
        return max(table, default=0) + 1


def generate(seed: int, profile: str, today: dt.date | None = None) -> SourceHubState:
    customers, products, orders_each = PROFILES[profile]
    rng = seeded_random(seed)
    state = SourceHubState(today=today or dt.date.today())
    area_id = 100
    for state_id, state_code, state_name, cities in GEOGRAPHY:
        for city_id, city_code, city_name, areas in cities:
            city = {
                "id": city_id,
                "name": city_name,
                "code": city_code,
                "state": {"id": state_id, "code": state_code, "name": state_name},
            }
            for area_name, postal in areas:
                area_id += 1
                state.areas[area_id] = Area(area_id, area_name, f"A{area_id}", city)
                code_id = len(state.postal_codes) + 1
                state.postal_codes[code_id] = PostalCode(code_id, postal, area_id)
    for number in range(1, products + 1):
        name = PRODUCT_NAMES[(number - 1) % len(PRODUCT_NAMES)]
        unit = round(rng.uniform(10, 250), 2)
        gst = rng.choice(GST_RATES)
        pricings = [
            (number * 10 + i, pack, round(unit * pack * (1 - 0.01 * i), 2)) for i, pack in enumerate(PACKS)
        ]
        state.products[number] = Product(
            id=number,
            name=f"{name} {number}",
            sku=f"SKU-{number:05d}",
            hsn_code=str(rng.choice((2202, 2008, 3401, 3402))),
            description=f"{name}, pack sizes {', '.join(str(p) for p in PACKS)}",
            price_per_unit=unit,
            maximum_retail_price=round(unit * 1.2, 2),
            weight=round(rng.uniform(0.1, 2.0), 2),
            vol=round(rng.uniform(0.1, 1.5), 2),
            gst_percent=gst,
            measurementtype_id=rng.choice(MEASUREMENTS)[0],
            productcategory_id=CATEGORIES[(number - 1) % len(CATEGORIES)][0],
            pricings=pricings,
            updated_at=dt.datetime.combine(state.today - dt.timedelta(days=rng.randint(0, 120)), dt.time(10)),
        )
    area_ids = sorted(state.areas)
    for number in range(1, customers + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        area = state.areas[rng.choice(area_ids)]
        code = next(p for p in state.postal_codes.values() if p.area_id == area.id)
        registered = rng.random() < 0.5
        state_id = int(area.city["state"]["id"])
        phone = f"9{rng.randint(100000000, 999999999)}"
        state.customers[number] = Customer(
            id=number,
            contact_person_name=f"{first} {last}",
            company_name=f"{last} {rng.choice(TRADES)} {number}",
            email=f"{first.lower()}.{last.lower()}{number}@example.in" if rng.random() < 0.8 else "",
            contactperson_number=phone,
            company_phone=phone,
            gst_treatment="Registered" if registered else "Unregistered",
            gstin=f"{GSTIN_STATE[state_id]}ABCDE{number:04d}F1Z5" if registered else "",
            customer_code=str(1639300000 + number * 37),
            status="Active" if rng.random() < 0.95 else "Inactive",
            approval="accepted",
            addressline1=f"{rng.randint(1, 300)}, {area.name} main road",
            addressline2="",
            area_id=area.id,
            postalcode_id=code.id,
            salesagent_id=rng.choice(SALES_AGENTS)[0],
            created_at=dt.datetime.combine(
                state.today - dt.timedelta(days=rng.randint(100, 400)), dt.time(9)
            ),
        )
    order_id = 5000
    for customer in state.customers.values():
        for _ in range(rng.randint(0, orders_each * 2)):
            order_id += 1
            lines = [
                OrderLine(pid, rng.randint(1, 10), state.products[pid].price_per_unit)
                for pid in sorted(rng.sample(sorted(state.products), k=rng.randint(1, 3)))
            ]
            state.orders[order_id] = Order(
                id=order_id,
                order_no=f"SO{order_id}",
                customer_id=customer.id,
                date=state.today - dt.timedelta(days=rng.randint(0, 90)),
                lines=lines,
                discount_amount=float(rng.choice((0, 0, 10, 25))),
            )
    return state
