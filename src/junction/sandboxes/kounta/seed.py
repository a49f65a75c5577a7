"""Deterministic seed data for the Kounta sandbox: a Brisbane cafe group with its sites, tills,
menu, customers, ~90 days of sales and the daily closures (reconciliations) that add them up.

Same (seed, profile, now) -> the same data, field for field. Everything is drawn from one
`random.Random(seed)` in a fixed order; `now` anchors "the last 90 days" (default: the real now)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from junction.sandboxes._kit.sandbox import seeded_random
from junction.sandboxes.kounta.models import (
    COMPANY_TZ,
    Address,
    Category,
    Company,
    Customer,
    IdSequence,
    IncomeAmount,
    KountaState,
    Order,
    OrderLine,
    Payment,
    PaymentMethod,
    PriceList,
    Product,
    Reconciliation,
    Register,
    Site,
    Staff,
    Takings,
    Tax,
)

COMPANY_ID = 5678
PRIMARY_CLIENT_ID = "kounta-sandbox-client"


@dataclass(frozen=True)
class Profile:
    sites: int
    customers: int
    days: int
    orders_per_site_day: tuple[int, int]


PROFILES: dict[str, Profile] = {
    "small": Profile(sites=1, customers=40, days=14, orders_per_site_day=(4, 8)),
    "default": Profile(sites=2, customers=350, days=90, orders_per_site_day=(12, 20)),
    "large": Profile(sites=5, customers=5000, days=90, orders_per_site_day=(55, 85)),
}

# (name, code, street line, suburb, postcode, latitude, longitude)
SITES = (
    ("Paddington", "PAD", "186 Given Terrace", "Paddington", "4064", -27.4598, 152.9999),
    ("West End", "WE", "74 Boundary Street", "West End", "4101", -27.4817, 153.0107),
    ("New Farm", "NF", "700 Brunswick Street", "New Farm", "4005", -27.4679, 153.0467),
    ("Fortitude Valley", "FV", "15 James Street", "Fortitude Valley", "4006", -27.4570, 153.0407),
    ("South Bank", "SB", "30 Little Stanley Street", "South Brisbane", "4101", -27.4806, 153.0233),
)

# (code, name, rate)
TAXES = (("GST", "Goods & Services Tax", 0.1), ("FRE", "GST Free", 0.0), ("N-T", "No Tax", 0.0))

# (name, ledger_code, weight in sales)
PAYMENT_METHODS = (
    ("Cash", "090", 20),
    ("EFTPOS", "091", 45),
    ("Credit Card", "092", 30),
    ("Gift Voucher", "093", 5),
)

# category -> (description, weight in sales, products: (name, code, price in cents, tax code))
MENU: dict[str, tuple[str, int, tuple[tuple[str, str, int, str], ...]]] = {
    "Coffee": (
        "Espresso coffee, single origin batch brew and cold brew",
        45,
        (
            ("Flat White", "COF-FW", 480, "GST"),
            ("Caffe Latte", "COF-LA", 480, "GST"),
            ("Cappuccino", "COF-CA", 480, "GST"),
            ("Long Black", "COF-LB", 430, "GST"),
            ("Short Black", "COF-SB", 380, "GST"),
            ("Piccolo", "COF-PI", 420, "GST"),
            ("Mocha", "COF-MO", 530, "GST"),
            ("Batch Brew", "COF-BB", 450, "GST"),
            ("Iced Latte", "COF-IL", 650, "GST"),
            ("Cold Brew", "COF-CB", 600, "GST"),
        ),
    ),
    "Other Drinks": (
        "Tea, chai, chocolate, juices and soft drinks",
        12,
        (
            ("Chai Latte", "DRK-CL", 500, "GST"),
            ("Hot Chocolate", "DRK-HC", 500, "GST"),
            ("English Breakfast Tea", "DRK-EB", 450, "GST"),
            ("Peppermint Tea", "DRK-PT", 450, "GST"),
            ("Fresh Orange Juice", "DRK-OJ", 750, "GST"),
            ("Lemon Lime & Bitters", "DRK-LB", 550, "GST"),
            ("Kombucha", "DRK-KO", 600, "GST"),
            ("Sparkling Water", "DRK-SW", 400, "GST"),
            ("Banana Smoothie", "DRK-BS", 900, "GST"),
        ),
    ),
    "Breakfast": (
        "Served until 11:30",
        15,
        (
            ("Smashed Avo on Sourdough", "BRK-SA", 1950, "GST"),
            ("Eggs Benedict", "BRK-EB", 2200, "GST"),
            ("Big Breakfast", "BRK-BB", 2600, "GST"),
            ("Bacon & Egg Roll", "BRK-BE", 1250, "GST"),
            ("Acai Bowl", "BRK-AC", 1750, "GST"),
            ("Bircher Muesli", "BRK-BM", 1400, "GST"),
            ("Raisin Toast", "BRK-RT", 700, "GST"),
        ),
    ),
    "Lunch": (
        "From 11:30",
        10,
        (
            ("Chicken Caesar Salad", "LUN-CC", 2100, "GST"),
            ("Ham, Cheese & Tomato Toastie", "LUN-HT", 1150, "GST"),
            ("Reuben Sandwich", "LUN-RS", 1700, "GST"),
            ("Pumpkin Soup", "LUN-PS", 1450, "GST"),
            ("Fish Tacos", "LUN-FT", 2200, "GST"),
            ("Wagyu Burger", "LUN-WB", 2400, "GST"),
        ),
    ),
    "Cakes & Bakery": (
        "Baked in-house every morning",
        15,
        (
            ("Almond Croissant", "BAK-AC", 650, "GST"),
            ("Butter Croissant", "BAK-BC", 500, "GST"),
            ("Banana Bread", "BAK-BB", 650, "GST"),
            ("Lamington", "BAK-LA", 550, "GST"),
            ("Caramel Slice", "BAK-CS", 600, "GST"),
            ("Raspberry Friand", "BAK-RF", 550, "GST"),
            ("Anzac Biscuit", "BAK-AN", 350, "GST"),
            ("Carrot Cake", "BAK-CC", 750, "GST"),
        ),
    ),
    "Retail": (
        "Beans, bread and gifts to take home",
        3,
        (
            ("House Blend Beans 250g", "RET-HB", 1800, "FRE"),
            ("Sourdough Loaf", "RET-SL", 950, "FRE"),
            ("KeepCup 12oz", "RET-KC", 2200, "GST"),
            ("Gift Voucher $50", "RET-GV", 5000, "N-T"),
        ),
    ),
}
# Lunch specials only the bigger kitchens (every site but the first) cook.
KITCHEN_ONLY = frozenset({"LUN-FT", "LUN-WB"})

FIRST_NAMES = (
    "Olivia",
    "Charlotte",
    "Amelia",
    "Isla",
    "Mia",
    "Ava",
    "Grace",
    "Chloe",
    "Matilda",
    "Ella",
    "Sophie",
    "Zoe",
    "Ruby",
    "Harper",
    "Lily",
    "Evie",
    "Sienna",
    "Willow",
    "Hannah",
    "Jessica",
    "Emily",
    "Sarah",
    "Lauren",
    "Megan",
    "Kate",
    "Priya",
    "Mei",
    "Aroha",
    "Leilani",
    "Niamh",
    "Oliver",
    "Noah",
    "Jack",
    "William",
    "Leo",
    "Lucas",
    "Thomas",
    "Henry",
    "Charlie",
    "James",
    "Liam",
    "Ethan",
    "Harrison",
    "Cooper",
    "Lachlan",
    "Hamish",
    "Angus",
    "Riley",
    "Mason",
    "Archie",
    "Ben",
    "Sam",
    "Josh",
    "Matt",
    "Daniel",
    "Tom",
    "Nathan",
    "Ravi",
    "Hiroshi",
    "Minh",
)
LAST_NAMES = (
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Wilson",
    "Taylor",
    "Johnson",
    "White",
    "Martin",
    "Anderson",
    "Thompson",
    "Nguyen",
    "Thomas",
    "Walker",
    "Harris",
    "Lee",
    "Ryan",
    "Robinson",
    "Kelly",
    "King",
    "Davis",
    "Wright",
    "Evans",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "Mitchell",
    "Campbell",
    "Murphy",
    "O'Brien",
    "Young",
    "Scott",
    "Edwards",
    "Baker",
    "Stewart",
    "Turner",
    "Morris",
    "Cooper",
    "Hughes",
    "Murray",
    "McDonald",
    "Fraser",
    "Chen",
    "Wang",
    "Tran",
    "Russo",
    "Papadopoulos",
    "Kowalski",
    "Singh",
    "MacKenzie",
    "Sullivan",
    "Byrne",
    "Kennedy",
    "Fitzgerald",
)
STREETS = (
    ("Latrobe Terrace", "Paddington", "4064"),
    ("Boundary Street", "West End", "4101"),
    ("Merthyr Road", "New Farm", "4005"),
    ("Brunswick Street", "Fortitude Valley", "4006"),
    ("Waterworks Road", "Ashgrove", "4060"),
    ("Oxford Street", "Bulimba", "4171"),
    ("Racecourse Road", "Hamilton", "4007"),
    ("Logan Road", "Woolloongabba", "4102"),
    ("Kedron Brook Road", "Wilston", "4051"),
    ("Hawken Drive", "St Lucia", "4067"),
    ("Stanley Road", "Camp Hill", "4152"),
    ("Sandgate Road", "Clayfield", "4011"),
)
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
CUSTOMER_TAGS = (("Regular",), ("Loyalty",), ("VIP",), ("Staff",), ("Loyalty", "Regular"))
CUSTOMER_NOTES = (
    "Oat flat white, extra hot",
    "Allergic to tree nuts",
    "Brings a KeepCup",
    "Orders for the office on Fridays",
    "Prefers the window table",
)
LINE_NOTES = ("Oat milk", "Extra shot", "Takeaway", "Soy milk", "No sugar", "Extra hot", "Gluten free bread")
STAFF_NAMES = (
    ("Alex", "Lee"),
    ("Jordan", "Nguyen"),
    ("Sam", "Taylor"),
    ("Casey", "Martin"),
    ("Riley", "Chen"),
    ("Jamie", "Walker"),
    ("Morgan", "Kelly"),
    ("Taylor", "Brown"),
    ("Quinn", "Murphy"),
    ("Drew", "Patel"),
    ("Jesse", "Wright"),
    ("Hayden", "Scott"),
    ("Kai", "Robinson"),
    ("Bailey", "Evans"),
    ("Reese", "Hall"),
)

RECONCILIATION_ID_START = 9_007_199_254_741_000  # above 2**53: clients must use id_str
OPENING = time(6, 0)
TRADING_MINUTES = 9 * 60
OPEN_ORDER_STATUSES = ("SUBMITTED", "ON_HOLD", "PENDING", "ACCEPTED")
CASH_FLOAT_CENTS = 20000
PROCESSED_AFTER_DAYS = 3


def default_now() -> datetime:
    return datetime.now(COMPANY_TZ).replace(microsecond=0)


def ex_tax(price_cents: int, rate: float) -> int:
    return round(price_cents / (1 + rate))


def generate(seed: int, profile_name: str, now: datetime | None = None) -> KountaState:
    profile = PROFILES[profile_name]
    now = (now or default_now()).astimezone(COMPANY_TZ).replace(microsecond=0)
    return _Seeder(seeded_random(seed), profile, now).build()


class _Seeder:
    def __init__(self, rng: random.Random, profile: Profile, now: datetime) -> None:
        self.rng = rng
        self.profile = profile
        self.now = now
        self.today = now.date()
        self.ids = {
            "address": IdSequence(198_100),
            "site": IdSequence(823),
            "register": IdSequence(9091),
            "staff": IdSequence(732_840),
            "tax": IdSequence(829),
            "payment_method": IdSequence(1),
            "category": IdSequence(8263),
            "product": IdSequence(7302),
            "price_list": IdSequence(201),
            "customer": IdSequence(389_427),
            "people": IdSequence(701_892),
            "order": IdSequence(93_824_701),
            "line": IdSequence(37_864_193_203),
            "payment": IdSequence(19_230_990),
            "reconciliation": IdSequence(RECONCILIATION_ID_START),
            "webhook": IdSequence(537),
        }

    def next_id(self, kind: str) -> int:
        return self.ids[kind].next()

    def address(self, line: str, city: str, postcode: str) -> Address:
        return Address(self.next_id("address"), [line], city, "QLD", postcode, "AU")

    def build(self) -> KountaState:
        created = datetime.combine(self.today - timedelta(days=3 * 365), time(9, 0), COMPANY_TZ)
        owner = Staff(self.next_id("staff"), "Mia", "Russo", "mia@tinshedcoffee.example", [])
        sites = self.build_sites(created)
        owner.site_ids = list(sites)
        staff = {owner.id: owner, **self.build_staff(sites)}
        registers = self.build_registers(sites, staff)
        taxes = {t.id: t for t in (Tax(self.next_id("tax"), code, name, rate) for code, name, rate in TAXES)}
        methods = {
            m.id: m
            for m in (
                PaymentMethod(self.next_id("payment_method"), name, ledger)
                for name, ledger, _ in PAYMENT_METHODS
            )
        }
        categories, products = self.build_menu(sites, taxes, created)
        price_lists = self.build_price_lists(products, taxes)
        for site in sites.values():
            site.price_list_id = next(iter(price_lists))
        company = Company(
            id=COMPANY_ID,
            name="Tin Shed Coffee Co. Pty Ltd",
            business_number="12 345 678 901",
            contact_staff_id=owner.id,
            website="https://tinshedcoffee.example",
            postal_address=self.address("PO Box 1042", "Paddington", "4064"),
            created_at=created,
            updated_at=created + timedelta(days=400),
            register_limit=max(5, len(registers) + 2),
        )
        customers = self.build_customers()
        state = KountaState(
            company=company,
            sites=sites,
            registers=registers,
            staff=staff,
            taxes=taxes,
            payment_methods=methods,
            categories=categories,
            products=products,
            price_lists=price_lists,
            customers=customers,
            orders={},
            reconciliations={},
            now=self.now,
            ids=self.ids,
        )
        for customer in customers.values():
            state.index_customer(customer)
        self.seed_reference_ids(state)
        self.build_orders(state)
        self.build_reconciliations(state)
        return state

    def build_sites(self, created: datetime) -> dict[int, Site]:
        sites: dict[int, Site] = {}
        for index, (name, code, line, suburb, postcode, lat, lon) in enumerate(SITES[: self.profile.sites]):
            site = Site(
                id=self.next_id("site"),
                name=name,
                code=code,
                business_number="12 345 678 901",
                email=f"{code.lower()}@tinshedcoffee.example",
                phone=f"07 3{self.rng.randrange(100, 999)} {self.rng.randrange(1000, 9999)}",
                address=self.address(line, suburb, postcode),
                latitude=lat,
                longitude=lon,
                # The second site closes its tills one by one; the others close the whole site.
                register_level_reconciliation=index == 1,
                price_list_id=0,
                online=True,
                created_at=created + timedelta(days=30 * index),
                updated_at=created + timedelta(days=30 * index + 200),
            )
            sites[site.id] = site
        return sites

    def build_staff(self, sites: dict[int, Site]) -> dict[int, Staff]:
        staff: dict[int, Staff] = {}
        names = iter(STAFF_NAMES)
        for site in sites.values():
            for _ in range(3):
                first, last = next(names)
                member = Staff(
                    self.next_id("staff"),
                    first,
                    last,
                    f"{first.lower()}.{last.lower()}@tinshedcoffee.example",
                    [site.id],
                )
                staff[member.id] = member
        return staff

    def build_registers(self, sites: dict[int, Site], staff: dict[int, Staff]) -> dict[int, Register]:
        registers: dict[int, Register] = {}
        for index, site in enumerate(sites.values()):
            site_staff = [s.id for s in staff.values() if s.site_ids == [site.id]]
            names = ("Front Counter",) if index == 0 else ("Front Counter", "Coffee Bar")
            for number, name in enumerate(names, start=1):
                register = Register(
                    id=self.next_id("register"),
                    site_id=site.id,
                    code=f"T{number}",
                    name=name,
                    sale_prefix=f"{site.code}{number}-",
                    return_prefix=f"R{site.code}{number}-",
                    current_staff_id=site_staff[number - 1] if site_staff else None,
                    next_sale_number=1001,
                )
                registers[register.id] = register
        return registers

    def build_menu(
        self, sites: dict[int, Site], taxes: dict[int, Tax], created: datetime
    ) -> tuple[dict[int, Category], dict[int, Product]]:
        tax_by_code = {t.code: t.id for t in taxes.values()}
        site_ids = list(sites)
        categories: dict[int, Category] = {}
        products: dict[int, Product] = {}
        for category_name, (description, _weight, items) in MENU.items():
            category = Category(self.next_id("category"), category_name, description, [], created)
            categories[category.id] = category
            for name, code, price, tax_code in items:
                retail = code.startswith("RET-")
                product = Product(
                    id=self.next_id("product"),
                    name=name,
                    code=code,
                    barcode=f"93{self.rng.randrange(10**10, 10**11)}" if retail else None,
                    description=f"{name} - {description.lower()}",
                    tags=["Retail"] if retail else [category_name],
                    price_cents=price,
                    cost_cents=round(price * self.rng.uniform(0.22, 0.38)),
                    tax_id=tax_by_code[tax_code],
                    category_ids=[category.id],
                    site_ids=site_ids[1:] if code in KITCHEN_ONLY else list(site_ids),
                    stock=self.rng.randrange(12, 60) if retail else None,
                )
                products[product.id] = product
                category.product_ids.append(product.id)
        # Banana bread sits on the breakfast menu too: products may have several categories.
        banana = next(p for p in products.values() if p.code == "BAK-BB")
        breakfast = next(c for c in categories.values() if c.name == "Breakfast")
        banana.category_ids.append(breakfast.id)
        breakfast.product_ids.append(banana.id)
        return categories, products

    def build_price_lists(self, products: dict[int, Product], taxes: dict[int, Tax]) -> dict[int, PriceList]:
        base = PriceList(
            self.next_id("price_list"),
            "Standard Prices",
            None,
            {p.id: ex_tax(p.price_cents, taxes[p.tax_id].rate) for p in products.values()},
        )
        staff = PriceList(
            self.next_id("price_list"),
            "Staff Prices",
            base.id,
            {p.id: base.prices[p.id] // 2 for p in products.values() if p.code.startswith("COF-")},
        )
        return {base.id: base, staff.id: staff}

    def build_customers(self) -> dict[int, Customer]:
        rng = self.rng
        customers: dict[int, Customer] = {}
        emails: set[str] = set()
        mobiles: set[str] = set()
        oldest = datetime.combine(self.today - timedelta(days=2 * 365), time(7, 0), COMPANY_TZ)
        for _ in range(self.profile.customers):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            roll = rng.random()
            has_email = roll < 0.85
            has_mobile = roll > 0.10 and rng.random() < 0.85
            has_phone = rng.random() < 0.2 or not (has_email or has_mobile)
            email = self.unique_email(first, last, emails) if has_email else None
            mobile = self.unique_mobile(mobiles) if has_mobile else None
            phone = f"07 3{rng.randrange(100, 999)} {rng.randrange(1000, 9999)}" if has_phone else None
            address = None
            if rng.random() < 0.5:
                street, suburb, postcode = rng.choice(STREETS)
                address = self.address(f"{rng.randrange(1, 240)} {street}", suburb, postcode)
            since = oldest + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
            customer = Customer(
                id=self.next_id("customer"),
                people_id=self.next_id("people"),
                first_name=first,
                last_name=last,
                email=email,
                phone=phone,
                mobile=mobile,
                description=rng.choice(CUSTOMER_NOTES) if rng.random() < 0.08 else None,
                tags=list(rng.choice(CUSTOMER_TAGS)) if rng.random() < 0.35 else [],
                image=None,
                accepts_marketing=rng.random() < 0.4,
                primary_address=address,
                shipping_address=None,
                created_at=since,
                updated_at=since + timedelta(days=rng.randrange(0, 60)),
            )
            customers[customer.id] = customer
        return customers

    def unique_email(self, first: str, last: str, taken: set[str]) -> str:
        local = f"{first}.{last}".lower().replace("'", "")
        domain = self.rng.choice(EMAIL_DOMAINS)
        candidate = f"{local}@{domain}"
        for n in range(2, 10_000):
            if candidate not in taken:
                break
            candidate = f"{local}{n}@{domain}"
        taken.add(candidate)
        return candidate

    def unique_mobile(self, taken: set[str]) -> str:
        number = ""
        for _ in range(1000):
            number = f"04{self.rng.randrange(10, 99)}{self.rng.randrange(100000, 999999)}"
            if number not in taken:
                break
        taken.add(number)
        return f"{number[:4]} {number[4:7]} {number[7:]}"

    def seed_reference_ids(self, state: KountaState) -> None:
        """The primary sandbox app has already linked some customers to its own CRM; a family
        shares one reference, so a reference_id lookup can answer several customers."""
        ids = list(state.customers)
        for customer_id in ids:
            if self.rng.random() < 0.15:
                state.reference_ids[(PRIMARY_CLIENT_ID, customer_id)] = f"crm-{customer_id - 389_000:05d}"
        if len(ids) >= 4:
            for customer_id in ids[2:4]:
                state.reference_ids[(PRIMARY_CLIENT_ID, customer_id)] = "crm-household-1"

    def build_orders(self, state: KountaState) -> None:
        rng = self.rng
        site_menus = {
            site_id: [
                [p for p in (state.products[pid] for pid in c.product_ids) if site_id in p.site_ids]
                for c in state.categories.values()
            ]
            for site_id in state.sites
        }
        category_weights = [MENU[c.name][1] for c in state.categories.values()]
        category_cum = _cumulative(category_weights)
        registers_by_site: dict[int, list[Register]] = defaultdict(list)
        for register in state.registers.values():
            registers_by_site[register.site_id].append(register)
        staff_by_site = {
            site_id: [s.id for s in state.staff.values() if s.site_ids == [site_id]]
            for site_id in state.sites
        }
        method_ids = list(state.payment_methods)
        method_cum = _cumulative([w for _, _, w in PAYMENT_METHODS])
        customers = list(state.customers)
        low, high = self.profile.orders_per_site_day
        for offset in range(self.profile.days, -1, -1):
            day = self.today - timedelta(days=offset)
            day_start = datetime.combine(day, OPENING, COMPANY_TZ)
            weekend = day.weekday() >= 5
            schedule: list[tuple[int, int]] = []
            for site_id in state.sites:
                count = rng.randint(low, high)
                if weekend:
                    count += count // 3
                schedule.extend(
                    (int(rng.triangular(0, TRADING_MINUTES * 60, 9000)), site_id) for _ in range(count)
                )
            schedule.sort()
            for seconds, site_id in schedule:
                created = day_start + timedelta(seconds=seconds)
                if created > self.now:
                    break
                order = self.sale(
                    state,
                    created,
                    site_id,
                    rng.choice(registers_by_site[site_id]),
                    rng.choice(staff_by_site[site_id]) if staff_by_site[site_id] else None,
                    customers[int(len(customers) * rng.random() ** 2)]
                    if customers and rng.random() < 0.3
                    else None,
                    site_menus[site_id],
                    category_cum,
                    method_ids,
                    method_cum,
                )
                self.settle_history(order, customers)
                state.orders[order.id] = order
        self.open_orders(state, site_menus, category_cum, registers_by_site, customers)

    def sale(
        self,
        state: KountaState,
        created: datetime,
        site_id: int,
        register: Register,
        staff_id: int | None,
        customer_id: int | None,
        menu: list[list[Product]],
        category_cum: list[float],
        method_ids: list[int],
        method_cum: list[float],
    ) -> Order:
        rng = self.rng
        lines: list[OrderLine] = []
        for number in range(1, rng.choices((1, 2, 3, 4), (45, 35, 15, 5))[0] + 1):
            choices: list[Product] = []
            for _ in range(len(menu)):
                choices = menu[rng.choices(range(len(menu)), cum_weights=category_cum)[0]]
                if choices:
                    break
            if not choices:
                continue
            product = rng.choice(choices)
            rate = state.taxes[product.tax_id].rate
            unit = ex_tax(product.price_cents, rate)
            roll = rng.random()
            lines.append(
                OrderLine(
                    id=self.next_id("line"),
                    number=number,
                    product_id=product.id,
                    product_name=product.name,
                    quantity=1 if roll < 0.8 else (2 if roll < 0.97 else 3),
                    notes=rng.choice(LINE_NOTES) if rng.random() < 0.12 else "",
                    price_variation=0.9 if rng.random() < 0.04 else 1.0,
                    unit_price_cents=unit,
                    unit_tax_cents=product.price_cents - unit,
                    tax_id=product.tax_id,
                )
            )
        order = Order(
            id=self.next_id("order") + rng.randrange(0, 3),
            status="COMPLETE",
            notes="",
            site_id=site_id,
            register_id=register.id,
            staff_id=staff_id,
            customer_id=customer_id,
            lines=lines,
            payments=[],
            sale_number=f"{register.sale_prefix}{register.next_sale_number}",
            created_at=created,
            updated_at=created + timedelta(minutes=rng.randrange(1, 4)),
            placed_at=created,
        )
        register.next_sale_number += 1
        # Ids jump a little (other companies share the sequence) but never go backwards.
        self.ids["order"].next_value = order.id + 1
        order.payments = self.payments(order, method_ids, method_cum)
        return order

    def payments(self, order: Order, method_ids: list[int], method_cum: list[float]) -> list[Payment]:
        rng = self.rng
        total = order.total_cents
        paid_at = order.updated_at
        if rng.random() < 0.03 and total > 1000:
            cash = (total // 2) // 500 * 500 or 500
            return [
                Payment(self.next_id("payment"), method_ids[0], cash, None, paid_at),
                Payment(self.next_id("payment"), method_ids[1], total - cash, self.card_ref(), paid_at),
            ]
        method = method_ids[rng.choices(range(len(method_ids)), cum_weights=method_cum)[0]]
        ref = None if method == method_ids[0] else self.card_ref()
        return [Payment(self.next_id("payment"), method, total, ref, paid_at)]

    def card_ref(self) -> str:
        return f"{self.rng.randrange(10**5, 10**6)}"

    def settle_history(self, order: Order, customers: Sequence[int]) -> None:
        """A few past orders did not end as plain sales: refused, deleted, or left on account."""
        roll = self.rng.random()
        if roll < 0.01:
            order.status = "REJECTED"
            order.payments = []
        elif roll < 0.02:
            order.deleted = True
        elif roll < 0.025 and customers:
            order.status = "PENDING"
            order.notes = "On account"
            order.payments = []
            if order.customer_id is None:
                order.customer_id = self.rng.choice(customers)

    def open_orders(
        self,
        state: KountaState,
        site_menus: dict[int, list[list[Product]]],
        category_cum: list[float],
        registers_by_site: dict[int, list[Register]],
        customers: list[int],
    ) -> None:
        """Online pre-orders waiting at the tills right now, in every in-progress status."""
        method_ids = list(state.payment_methods)
        card_only = [0.0, 0.0, 1.0, 1.0]
        for site_id in state.sites:
            for index, status in enumerate(OPEN_ORDER_STATUSES):
                created = self.now - timedelta(minutes=40 - 9 * index, seconds=self.rng.randrange(60))
                order = self.sale(
                    state,
                    created,
                    site_id,
                    registers_by_site[site_id][0],
                    None,
                    self.rng.choice(customers) if customers else None,
                    site_menus[site_id],
                    category_cum,
                    method_ids,
                    card_only,
                )
                order.status = status
                order.notes = "Online order"
                order.updated_at = created
                order.fulfil_at = created + timedelta(minutes=25)
                if status in ("ON_HOLD", "PENDING"):
                    order.payments = []
                state.orders[order.id] = order

    def build_reconciliations(self, state: KountaState) -> None:
        """One closure per site and trading day (per till where the site reconciles registers),
        for every day before today, adding up exactly that day's completed sales."""
        sales: dict[tuple[date, int, int | None], list[Order]] = defaultdict(list)
        for order in state.orders.values():
            if order.status != "COMPLETE" or order.deleted:
                continue
            site = state.sites[order.site_id]
            register_id = order.register_id if site.register_level_reconciliation else None
            sales[(order.created_at.date(), order.site_id, register_id)].append(order)
        numbers: dict[tuple[int, int | None], int] = defaultdict(lambda: 26)
        for key in sorted(sales, key=lambda k: (k[0], k[1], k[2] or 0)):
            day, site_id, register_id = key
            if day >= self.today:
                continue
            numbers[(site_id, register_id)] += 1
            close_reconciliation(
                state,
                self.rng,
                day,
                site_id,
                register_id,
                sales[key],
                number=numbers[(site_id, register_id)],
                closed_at=datetime.combine(day, time(15, 30), COMPANY_TZ)
                + timedelta(minutes=self.rng.randrange(0, 40)),
                processed=(self.today - day).days > PROCESSED_AFTER_DAYS,
            )


def close_reconciliation(
    state: KountaState,
    rng: random.Random,
    day: date,
    site_id: int,
    register_id: int | None,
    orders: Sequence[Order],
    *,
    number: int,
    closed_at: datetime,
    processed: bool,
) -> Reconciliation:
    """The closure of one till (or site) for one day: income per tax and takings per payment
    method, recorded = the sum of the day's completed-order payments by that method."""
    income: dict[int, list[int]] = {}
    recorded: dict[int, int] = {}
    for order in orders:
        for line in order.lines:
            amounts = income.setdefault(line.tax_id, [0, 0])
            amounts[0] += line.total_ex_tax_cents
            amounts[1] += line.total_tax_cents
        for payment in order.payments:
            recorded[payment.method_id] = recorded.get(payment.method_id, 0) + payment.amount_cents
    cash_id = next(iter(state.payment_methods))
    takings = []
    for method_id in sorted(recorded):
        cash = method_id == cash_id
        takings.append(
            Takings(
                method_id=method_id,
                recorded_cents=recorded[method_id],
                counted_cents=recorded[method_id]
                + (rng.choice((0, 0, 0, -5, -10, 5, 20, -50)) if cash else 0),
                cash_in_cents=CASH_FLOAT_CENTS if cash else 0,
                cash_out_cents=rng.choice((0, 0, 4540, 1250)) if cash else 0,
            )
        )
    site_staff = [s.id for s in state.staff.values() if site_id in s.site_ids]
    reconciliation = Reconciliation(
        id=state.next_id("reconciliation"),
        number=number,
        processed=processed,
        level="register" if register_id is not None else "site",
        site_id=site_id,
        register_id=register_id,
        staff_id=rng.choice(site_staff),
        trading_date=day,
        income=[IncomeAmount(tax_id, net, tax) for tax_id, (net, tax) in sorted(income.items())],
        takings=takings,
        created_at=closed_at,
        updated_at=closed_at,
    )
    state.reconciliations[reconciliation.id] = reconciliation
    return reconciliation


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return out
