"""Deterministic seed data for the Mews sandbox: one Brussels hotel (an enterprise with its
accommodation and restaurant services, 48 rooms, accounting categories, Belgian VAT and the city
tax), its guests and their companies, about three months of reservations with their order items
(nights, breakfasts, city tax, extras), and for every stay that ended its closed bill and payment.

Same (seed, profile, now) -> the same data, field for field: everything comes from one
`random.Random(seed)` in a fixed order; `now` anchors the stays (default: the real now)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from junction.sandboxes._kit.sandbox import seeded_random
from junction.sandboxes.mews.models import (
    AccountingCategory,
    Address,
    Bill,
    Company,
    Customer,
    Enterprise,
    MewsState,
    OrderItem,
    Payment,
    Reservation,
    Resource,
    Service,
    TaxRate,
)

# The sandbox's published tokens (Mews' demo environment publishes its own the same way).
CLIENT_TOKEN = "mews-sandbox-client-token"  # noqa: S105 - public sandbox credentials
ACCESS_TOKEN = "mews-sandbox-access-token"  # noqa: S105 - public sandbox credentials


@dataclass(frozen=True)
class Profile:
    customers: int
    companies: int
    rooms: int
    days_back: int
    days_ahead: int
    arrivals_per_day: tuple[int, int]


PROFILES: dict[str, Profile] = {
    "small": Profile(
        customers=40, companies=3, rooms=12, days_back=14, days_ahead=7, arrivals_per_day=(1, 3)
    ),
    "default": Profile(
        customers=320, companies=12, rooms=48, days_back=80, days_ahead=12, arrivals_per_day=(3, 7)
    ),
    "large": Profile(
        customers=3000, companies=60, rooms=140, days_back=85, days_ahead=30, arrivals_per_day=(14, 24)
    ),
}

FIRST_NAMES = (
    "Emma",
    "Louis",
    "Olivia",
    "Lucas",
    "Louise",
    "Noah",
    "Mila",
    "Arthur",
    "Alice",
    "Jules",
    "Sofia",
    "Victor",
    "Lena",
    "Adam",
    "Nora",
    "Liam",
    "Charlotte",
    "Hugo",
    "Elise",
    "Finn",
    "Anna",
    "Thomas",
    "Julia",
    "Matteo",
    "Sarah",
    "David",
    "Ines",
    "Jan",
    "Marie",
    "Pieter",
)
LAST_NAMES = (
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Simon",
    "Laurent",
    "Leroy",
    "Schmidt",
    "Muller",
    "Rossi",
    "Smith",
    "Brown",
    "Garcia",
    "Novak",
    "Jansen",
    "Van Damme",
    "Lefebvre",
)
NATIONALITIES = (
    ("BE", "nl-BE"),
    ("BE", "fr-BE"),
    ("FR", "fr-FR"),
    ("NL", "nl-NL"),
    ("DE", "de-DE"),
    ("GB", "en-GB"),
    ("US", "en-US"),
    ("IT", "it-IT"),
)
CITIES = (
    ("Brussels", "1000", "BE"),
    ("Antwerp", "2000", "BE"),
    ("Ghent", "9000", "BE"),
    ("Paris", "75003", "FR"),
    ("Lille", "59000", "FR"),
    ("Amsterdam", "1012", "NL"),
    ("Cologne", "50667", "DE"),
    ("London", "EC1A 1BB", "GB"),
    ("Milan", "20121", "IT"),
)
STREETS = (
    "Rue Haute",
    "Avenue Louise",
    "Kerkstraat",
    "Grand Rue",
    "Main Street",
    "Hauptstrasse",
    "Via Roma",
    "Keizersgracht",
    "Boulevard Anspach",
)
COMPANY_NAMES = (
    "Acme Consulting",
    "Brabant Logistics",
    "Northwind Traders",
    "Delta Pharma",
    "Meridian Events",
    "Flanders Tech",
    "Solvane Chemicals",
    "Orion Bank",
    "Atelier Lumière",
    "Van Hoof Bouw",
    "EuroAudit",
    "Blue Harbour Media",
    "Nordlicht GmbH",
    "Castello Foods",
)
ROOM_CATEGORIES = (("Single", 9500), ("Double", 12900), ("Superior Double", 15900), ("Junior Suite", 21900))
# Belgian VAT as Mews codes it ("BE-2019-..."), and the zero rate the city tax carries.
TAX_RATES = (("BE-2019-R1", 0.06), ("BE-2019-R2", 0.12), ("BE-2019-S", 0.21), ("BE-2019-Z", 0.0))
CITY_TAX_CENTS = 424  # per adult and night


def default_now() -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0)


def generate(seed: int, profile_name: str, now: datetime | None = None) -> MewsState:
    return _Seeder(seeded_random(seed), PROFILES[profile_name], now or default_now()).build()


@dataclass
class _Stay:
    """What every order item of one reservation shares."""

    guest_id: str
    reservation_id: str
    bill_id: str | None
    created: datetime
    closed: datetime | None
    default_service: Service
    items: list[OrderItem]


class _Seeder:
    def __init__(self, rng: random.Random, profile: Profile, now: datetime) -> None:
        self.rates: dict[str, float] = {}
        self.categories: dict[str, AccountingCategory] = {}
        self.rng = rng
        self.profile = profile
        self.now = now

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def address(self) -> Address:
        city, postal, country = self.rng.choice(CITIES)
        street = f"{self.rng.choice(STREETS)} {self.rng.randint(1, 240)}"
        line2 = f"Box {self.rng.randint(1, 40)}" if self.rng.random() < 0.2 else None
        return Address(self.uid(), street, city, postal, country, line2)

    def build(self) -> MewsState:
        rng, now = self.rng, self.now
        opened = now - timedelta(days=730)
        enterprise = Enterprise(
            id=self.uid(),
            chain_id=self.uid(),
            name="Hotel Aurore Brussels",
            created_utc=opened,
            address=Address(self.uid(), "Rue du Marché aux Herbes 61", "Brussels", "1000", "BE"),
            email="frontdesk@hotel-aurore.example",
            phone="+32 2 512 00 00",
            website="https://hotel-aurore.example",
        )
        rates = [TaxRate(code, "BE", rate) for code, rate in TAX_RATES]
        categories = [
            AccountingCategory(self.uid(), name, code, ledger, posting, classification, opened)
            for name, code, ledger, posting, classification in (
                ("Accommodation", "ACC", "700100", "411000", "Accommodation"),
                ("Breakfast", "BRK", "700200", "411000", "FoodAndBeverage"),
                ("Restaurant & bar", "FNB", "700300", "411000", "FoodAndBeverage"),
                ("City tax", "CTX", "453100", "411000", "Taxes"),
                ("Card payments", "PCC", "580100", "411000", "Payments"),
                ("Cash", "PCA", "570000", "411000", "Payments"),
                ("Bank transfers", "PBT", "550000", "411000", "Payments"),
            )
        ]
        by_code = {c.code: c for c in categories}
        stay = Service(self.uid(), "Accommodation", "Bookable", 0, opened)
        restaurant = Service(self.uid(), "Restaurant", "Additional", 1, opened)
        rooms = []
        for number in range(self.profile.rooms):
            floor = 1 + number // 12
            category = ROOM_CATEGORIES[min(number * len(ROOM_CATEGORIES) // self.profile.rooms, 3)][0]
            rooms.append(Resource(self.uid(), f"{floor}{number % 12 + 1:02d}", floor, category, opened))
        companies = [
            Company(
                id=self.uid(),
                name=COMPANY_NAMES[i % len(COMPANY_NAMES)],
                number=1000 + i,
                tax_identifier=f"BE0{rng.randint(100000000, 999999999)}",
                accounting_code=f"4110{i:02d}",
                address=self.address(),
                created_utc=opened + timedelta(days=rng.randint(0, 300)),
            )
            for i in range(self.profile.companies)
        ]
        customers = [self.customer(i, opened, companies) for i in range(self.profile.customers)]
        state = MewsState(
            now=now,
            enterprise=enterprise,
            taxations=[("BE", "Belgian VAT")],
            tax_rates=rates,
            accounting_categories=categories,
            services=[stay, restaurant],
            resources=rooms,
            companies=companies,
            customers=customers,
            reservations=[],
            order_items=[],
            payments=[],
            bills=[],
        )
        self.stays(state, stay, restaurant, by_code)
        return state

    def item(
        self,
        stay: _Stay,
        kind: str,
        name: str,
        unit: int,
        count: int,
        tax: str,
        category: str,
        at: datetime,
        service: Service | None = None,
    ) -> None:
        stay.items.append(
            OrderItem(
                id=self.uid(),
                account_id=stay.guest_id,
                service_id=(service or stay.default_service).id,
                service_order_id=stay.reservation_id,
                bill_id=stay.bill_id,
                accounting_category_id=self.categories[category].id,
                unit_count=count,
                unit_gross_cents=unit,
                tax_code=tax,
                tax_rate=self.rates[tax],
                type=kind,
                name=name,
                created_utc=stay.created,
                consumed_utc=at,
                closed_utc=stay.closed,
            )
        )

    def customer(self, i: int, opened: datetime, companies: list[Company]) -> Customer:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        nationality, language = rng.choice(NATIONALITIES)
        sex = rng.choice(("Male", "Female", None))
        created = opened + timedelta(
            minutes=rng.randint(0, int((self.now - opened).total_seconds() // 60) - 1440)
        )
        slug = f"{first}.{last}".lower().replace(" ", "")
        return Customer(
            id=self.uid(),
            number=str(100000 + i),
            title={"Male": "Mister", "Female": "Misses", None: None}[sex],
            sex=sex,
            first_name=first,
            last_name=last,
            nationality_code=nationality,
            language_code=language,
            birth_date=f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.7
            else None,
            email=f"{slug}{i}@example.com",
            phone=f"+32 4{rng.randint(70, 99)} " + " ".join(str(rng.randint(10, 99)) for _ in range(3)),
            loyalty_code=f"AUR{rng.randint(10000, 99999)}" if rng.random() < 0.3 else None,
            accounting_code=f"4100{i:04d}",
            address=self.address() if rng.random() < 0.85 else None,
            company_id=rng.choice(companies).id if companies and rng.random() < 0.2 else None,
            classifications=["Returning"] if rng.random() < 0.25 else [],
            created_utc=created,
            updated_utc=created + timedelta(days=rng.randint(0, 30)),
        )

    def stays(
        self,
        state: MewsState,
        stay: Service,
        restaurant: Service,
        categories: dict[str, AccountingCategory],
    ) -> None:
        rng, now = self.rng, self.now
        self.rates = {r.code: r.rate for r in state.tax_rates}
        self.categories = categories
        today = now.date()
        bill_number = 0
        for offset in range(-self.profile.days_back, self.profile.days_ahead + 1):
            day = today + timedelta(days=offset)
            for _ in range(rng.randint(*self.profile.arrivals_per_day)):
                guest = rng.choice(state.customers)
                room = rng.choice(state.resources)
                nights = rng.choice((1, 1, 2, 2, 3, 4))
                adults = rng.choice((1, 2, 2))
                start = datetime.combine(day, time(13, 0), UTC)
                end = datetime.combine(day + timedelta(days=nights), time(10, 0), UTC)
                created = min(start - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 1439)), now)
                canceled = rng.random() < 0.05
                if canceled:
                    status = "Canceled"
                elif end <= now:
                    status = "Processed"
                elif start <= now:
                    status = "Started"
                else:
                    status = "Confirmed"
                reservation = Reservation(
                    id=self.uid(),
                    number=str(20000 + len(state.reservations)),
                    service_id=stay.id,
                    account_id=guest.id,
                    resource_id=room.id,
                    state=status,
                    start_utc=start,
                    end_utc=end,
                    adults=adults,
                    origin=rng.choice(("Connector", "Distributor", "Commander")),
                    created_utc=created,
                    updated_utc=min(end, now) if not canceled else created,
                )
                state.reservations.append(reservation)
                if canceled:
                    continue
                closed = end if status == "Processed" else None
                bill_id = self.uid() if closed else None
                price = dict(ROOM_CATEGORIES)[room.category] + rng.choice((-1000, 0, 0, 1500))
                items: list[OrderItem] = []
                ctx = _Stay(guest.id, reservation.id, bill_id, created, closed, stay, items)

                for night in range(nights):
                    at = start + timedelta(days=night)
                    self.item(
                        ctx, "SpaceOrder", f"{room.category} room, night", price, 1, "BE-2019-R1", "ACC", at
                    )
                    self.item(ctx, "CityTax", "City tax", CITY_TAX_CENTS, adults, "BE-2019-Z", "CTX", at)
                    self.item(
                        ctx,
                        "ProductOrder",
                        "Breakfast",
                        1850,
                        adults,
                        "BE-2019-R2",
                        "BRK",
                        at + timedelta(hours=18),
                        restaurant,
                    )
                    if rng.random() < 0.3:
                        self.item(
                            ctx,
                            "CustomItem",
                            rng.choice(("Dinner", "Bar", "Minibar")),
                            rng.choice((900, 2400, 4800)),
                            1,
                            "BE-2019-S",
                            "FNB",
                            at + timedelta(hours=7),
                            restaurant,
                        )
                state.order_items.extend(items)
                if closed is None or bill_id is None:
                    continue
                bill_number += 1
                company = guest.company_id
                state.bills.append(
                    Bill(
                        id=bill_id,
                        number=f"{closed.year}-{bill_number:05d}",
                        account_id=company or guest.id,
                        account_type="Company" if company else "Customer",
                        reservation_id=reservation.id,
                        state="Closed",
                        type="Invoice" if company or rng.random() < 0.4 else "Receipt",
                        created_utc=start,
                        issued_utc=closed,
                        due_utc=closed + timedelta(days=30) if company else closed,
                    )
                )
                kind = rng.choices(("CreditCardPayment", "CashPayment", "ExternalPayment"), (65, 20, 15))[0]
                category_code = {"CreditCardPayment": "PCC", "CashPayment": "PCA", "ExternalPayment": "PBT"}[
                    kind
                ]
                state.payments.append(
                    Payment(
                        id=self.uid(),
                        account_id=guest.id,
                        bill_id=bill_id,
                        reservation_id=reservation.id,
                        accounting_category_id=categories[category_code].id,
                        gross_cents=sum(i.gross_cents for i in items),
                        type=kind,
                        card_last_digits=f"{rng.randint(0, 9999):04d}"
                        if kind == "CreditCardPayment"
                        else None,
                        created_utc=closed - timedelta(minutes=5),
                        charged_utc=closed - timedelta(minutes=5),
                        closed_utc=closed,
                    )
                )
