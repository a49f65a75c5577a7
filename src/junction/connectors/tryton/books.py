"""What every Tryton operation needs before it can speak: the connection's HTTP client, its
company, and the lookups the desktop client's on_change logic would have done (default accounts,
the period of a date, a journal of a type, a tax, a currency). Tryton's REST API runs no on_change,
so the connector fills in these fields itself. Lookups are cached for the life of one connector
instance, that is one unified call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

import httpx
import structlog
from pydantic import ValidationError

from junction.connectors._framework.auth import HeaderAuth, TokenStore
from junction.connectors._framework.base import DEFAULT_TIMEOUT, Connector
from junction.connectors._framework.errors import (
    ObjectNotFound,
    ProviderError,
    ProviderMalformedResponse,
    ProviderRejectedInput,
)
from junction.connectors._framework.http import Authenticator
from junction.connectors.tryton import mappers
from junction.connectors.tryton import types as t
from junction.connectors.tryton.client import Domain, Record, TrytonClient, context_header
from junction.unified import accounting as a
from junction.unified.common import Page, PageRequest, PaymentStatus

# Tryton has one party model for everybody; Junction files clients and suppliers under these
# party categories (created on first use), the way a Tryton user would tag them.
log = structlog.get_logger(__name__)
PARENT_ACCOUNT_FIELDS = ("code", "type", "debit_type", "credit_type")
CLIENT_CATEGORY = "Clients"
SUPPLIER_CATEGORY = "Fournisseurs"
CENT_TOLERANCE = Decimal("0.01")
M = TypeVar("M", bound=t.TrytonRecord)
INVOICE_TYPES: dict[a.InvoiceType, str] = {
    a.InvoiceType.customer_invoice: "out",
    a.InvoiceType.customer_refund: "out",
    a.InvoiceType.supplier_invoice: "in",
    a.InvoiceType.supplier_refund: "in",
}
REFUNDS = frozenset({a.InvoiceType.customer_refund, a.InvoiceType.supplier_refund})


def parse(model: type[M], records: Sequence[Record]) -> list[M]:
    try:
        return [model.model_validate(record) for record in records]
    except ValidationError as exc:
        raise ProviderMalformedResponse(
            f"Tryton sent a {model.__name__.lower()} Junction could not read"
        ) from exc


def page(items: list[Any], total: int, request: PageRequest) -> Page[Any]:
    return Page(items=items, total=total, page=request.page, size=request.size)


class AddressFields(Protocol):
    """An address to write, from whichever vertical's model (Accounting and Invoicing share these
    fields)."""

    @property
    def street(self) -> str | None: ...
    @property
    def number(self) -> str | None: ...
    @property
    def postal_code(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...


def mechanism_values(
    email: str | None, phone: str | None, mobile: str | None, website: str | None = None
) -> list[dict[str, str]]:
    """A party's `contact_mechanisms` to create, one per value given."""
    pairs = (("email", email), ("phone", phone), ("mobile", mobile), ("website", website))
    return [{"type": kind, "value": value} for kind, value in pairs if value]


def identifier_values(vat: str | None, company_number: str | None) -> list[dict[str, str]]:
    """A party's `identifiers` to create: the VAT number, and a SIREN or SIRET (the French chart's
    company numbers, the ones party_siret validates)."""
    found = []
    if vat:
        found.append({"type": "eu_vat", "code": vat.replace(" ", "")})
    if company_number:
        digits = company_number.replace(" ", "")
        kind = {9: "fr_siren", 14: "fr_siret"}.get(len(digits))
        if kind is None:
            raise ProviderRejectedInput(
                "company_number must be a SIREN (9 digits) or a SIRET (14 digits) in Tryton"
            )
        found.append({"type": kind, "code": digits})
    return found


def many2one_id(value: Any) -> int | None:
    """A Many2One as Tryton returns it: an id, or a nested object when fields were asked."""
    if isinstance(value, dict):
        return int(value["id"])
    return int(value) if isinstance(value, int) else None


class TrytonBooks(Connector):
    """The base of the Tryton connector: connection, company and cached lookups."""

    @classmethod
    def build_http_client(cls, credentials: Mapping[str, str]) -> httpx.AsyncClient:
        company = credentials.get("company_id") or ""
        return httpx.AsyncClient(
            base_url=(credentials.get("base_url") or "").rstrip("/"),
            headers={
                "Accept": "application/json",
                "X-Tryton-Context": context_header(int(company) if company.isdigit() else None),
            },
            timeout=DEFAULT_TIMEOUT,
        )

    @classmethod
    def authenticator(
        cls, credentials: Mapping[str, str], tokens: TokenStore, client: httpx.AsyncClient
    ) -> Authenticator | None:
        # A user-application key validated in Tryton: static, a 401 is final.
        return HeaderAuth("Authorization", f"Bearer {credentials.get('api_key', '')}")

    @property
    def tryton(self) -> TrytonClient:
        client: TrytonClient | None = self.__dict__.get("_tryton")
        if client is None:
            client = TrytonClient(self.context.http, self.context.credentials.get("database") or "")
            self.__dict__["_tryton"] = client
        return client

    def _cache(self) -> dict[str, Any]:
        cache: dict[str, Any] = self.__dict__.setdefault("_lookups", {})
        return cache

    async def _cached(self, key: str, load: Any) -> Any:
        cache = self._cache()
        if key not in cache:
            cache[key] = await load()
        return cache[key]

    # --- company ---

    async def company_id(self) -> int:
        configured = self.context.credentials.get("company_id") or ""
        if configured.isdigit():
            return int(configured)

        async def first_company() -> int:
            companies = await self.tryton.search_all("company.company", [], ["id"])
            if not companies:
                raise ProviderRejectedInput("This Tryton database has no company")
            return int(companies[0]["id"])

        return int(await self._cached("company", first_company))

    async def company(self) -> Record:
        company_id = await self.company_id()
        fields = ["party.name", "party.identifiers.type", "party.identifiers.code", "currency.code"]
        fields += [f"party.addresses.{f}" for f in ("street", "postal_code", "city", "country.code")]
        return dict(
            await self._cached(
                "company_record", lambda: self.tryton.read("company.company", company_id, fields)
            )
        )

    async def company_currency(self) -> str:
        return str((await self.company())["currency"]["code"])

    async def configuration(self) -> Record:
        fields = [
            "default_account_receivable",
            "default_account_payable",
            "default_category_account_revenue",
            "default_category_account_expense",
        ]
        return dict(
            await self._cached("configuration", lambda: self.tryton.read("account.configuration", 1, fields))
        )

    async def default_account(self, name: str) -> int:
        value = (await self.configuration()).get(name)
        account = value["id"] if isinstance(value, dict) else value
        if not isinstance(account, int):
            raise ProviderRejectedInput(f"Tryton's accounting configuration has no {name.replace('_', ' ')}")
        return account

    async def _default_account_code(self, name: str) -> str | None:
        value = (await self.configuration()).get(name)
        return value.get("code") if isinstance(value, dict) else None

    async def _configuration_codes(self) -> None:
        """Read the default accounts with their codes (once per call)."""
        fields = [
            "default_account_receivable.code",
            "default_account_payable.code",
            "default_category_account_revenue.code",
            "default_category_account_expense.code",
        ]
        self._cache()["configuration"] = await self.tryton.read("account.configuration", 1, fields)

    # --- lookups by code ---

    async def _one_id(self, model: str, domain: Domain, missing: str) -> int:
        """The id of the first record of a search, cached for the call; `missing` is the error
        when there is none."""

        async def load() -> int:
            found = await self.tryton.search_all(model, domain, ["id"])
            if not found:
                raise ProviderRejectedInput(missing)
            return int(found[0]["id"])

        return int(await self._cached(f"{model}:{domain!r}", load))

    async def account_id(self, code: str) -> int:
        domain = [("code", "=", code), ("type", "!=", None), ("closed", "!=", True)]
        return await self._one_id(
            "account.account", domain, f"No ledger account {code!r} that entries can be booked on"
        )

    async def currency_id(self, code: str) -> int:
        domain = [("code", "=", code.upper())]
        return await self._one_id(
            "currency.currency", domain, f"The currency {code!r} is not set up in Tryton"
        )

    async def country_id(self, code: str) -> int | None:
        async def load() -> int | None:
            found = await self.tryton.search_all("country.country", [("code", "=", code.upper())], ["id"])
            return int(found[0]["id"]) if found else None

        value = await self._cached(f"country:{code.upper()}", load)
        return int(value) if value is not None else None

    async def period_id(self, day: dt.date) -> int:
        async def load() -> int:
            found = await self.tryton.search_all(
                "account.period",
                [
                    ("company", "=", await self.company_id()),
                    ("start_date", "<=", day),
                    ("end_date", ">=", day),
                    ("type", "=", "standard"),
                ],
                ["id", "state"],
            )
            if not found:
                raise ProviderRejectedInput(f"Tryton has no accounting period for {day.isoformat()}")
            if found[0].get("state") != "open":
                raise ProviderRejectedInput(f"The accounting period of {day.isoformat()} is closed")
            return int(found[0]["id"])

        return int(await self._cached(f"period:{day.isoformat()}", load))

    async def journal_of_type(self, kind: str) -> int:
        return await self._one_id(
            "account.journal", [("type", "=", kind)], f"Tryton has no journal of type {kind!r}"
        )

    async def category_id(self, name: str) -> int:
        async def load() -> int:
            found = await self.tryton.search_all("party.category", [("name", "=", name)], ["id"])
            if found:
                return int(found[0]["id"])
            return await self.tryton.create("party.category", {"name": name})

        return int(await self._cached(f"category:{name}", load))

    async def party_address_id(self, party_id: int) -> int:
        found = await self.tryton.search_all(
            "party.address", [("party", "=", party_id)], ["id"], order=[("sequence", "ASC"), ("id", "ASC")]
        )
        if not found:
            raise ProviderRejectedInput(f"The party {party_id} has no address to invoice")
        return int(found[0]["id"])

    async def ledger_account_values(self, name: str, code: str, parent: Record) -> dict[str, Any]:
        """A new ledger account under `parent` (read with PARENT_ACCOUNT_FIELDS), of its types:
        Tryton refuses an account under 512 without the parent's debit type."""
        values = {
            "name": name,
            "code": code,
            "company": await self.company_id(),
            "parent": parent["id"],
            "type": many2one_id(parent.get("type")),
            "debit_type": many2one_id(parent.get("debit_type")),
            "credit_type": many2one_id(parent.get("credit_type")),
        }
        return {k: v for k, v in values.items() if v is not None}

    @staticmethod
    def numeric_id(value: str, thing: str) -> int:
        if not value.isdigit():
            raise ObjectNotFound(thing, value)
        return int(value)

    # --- shared reads and writes ---

    async def _search_page(
        self,
        model: type[M],
        tryton_model: str,
        domain: Domain,
        request: PageRequest,
        fields: Sequence[str] | None = None,
    ) -> tuple[list[M], int]:
        records, total = await self.tryton.search(
            tryton_model, domain, fields or model.FIELDS, offset=request.offset, limit=request.size
        )
        return parse(model, records), total

    async def _undo_on_failure(self, model: str, record_id: int, step: Callable[[], Awaitable[Any]]) -> None:
        """Run the second step of a two-step write; when it fails, delete the draft first."""
        try:
            await step()
        except (ProviderError, httpx.TransportError):
            await self._delete_quietly([(model, record_id)])
            raise

    async def _delete_quietly(self, records: Sequence[tuple[str, int]]) -> None:
        """Undo what a failed write created, newest first. A record Tryton will not delete any
        more (the step that "failed" went through after all: a posted invoice) is left, logged:
        the caller's error is the one that counts."""
        for model, record_id in reversed(records):
            try:
                await self.tryton.delete(model, record_id)
            except (ProviderError, httpx.TransportError) as exc:
                log.warning("tryton.undo_failed", model=model, record_id=record_id, error=type(exc).__name__)

    async def _party_account(self, party: int, default_name: str) -> int:
        """The party's own receivable (payable) account, else the configuration's default: a
        party's own account is often empty in Tryton."""
        field = "account_receivable" if default_name == "default_account_receivable" else "account_payable"
        record = await self.tryton.read("party.party", party, [field])
        own = record.get(field)
        return (
            int(own["id"] if isinstance(own, dict) else own)
            if own
            else await self.default_account(default_name)
        )

    async def _check_total(self, invoice_id: int, total: float) -> None:
        """The books must say what the invoicing software said: Tryton computes the taxes
        itself, so a total that differs (another rate, another rounding) is refused, not booked."""
        record = await self.tryton.read("account.invoice", invoice_id, ["total_amount", "tax_amount"])
        computed = abs(Decimal(record["total_amount"]))
        expected = abs(Decimal(str(total)))
        if abs(computed - expected) > CENT_TOLERANCE:
            raise ProviderRejectedInput(
                f"Tryton computes a total of {computed} for this invoice, not {expected}: "
                "check the lines' VAT codes and amounts"
            )

    async def _address_values(self, address: AddressFields) -> dict[str, Any]:
        values: dict[str, Any] = {"postal_code": address.postal_code, "city": address.city}
        # Tryton formats the street from its structured fields as soon as one is set (party/
        # address.py, `on_change_with_street`): with a number, the street goes in `street_name`,
        # else an unstructured street would be hidden behind the number alone.
        if address.number:
            values.update(street_name=address.street, building_number=address.number)
        else:
            values["street_unstructured"] = address.street
        if address.name:
            values["party_name"] = address.name
        if address.country:
            country = await self.country_id(address.country)
            if country is None:
                raise ProviderRejectedInput(f"Tryton does not know the country {address.country!r}")
            values["country"] = country
        return {k: v for k, v in values.items() if v is not None}

    async def _pay_by_statement(
        self,
        journal: int,
        day: dt.date,
        shares: Sequence[tuple[int, Decimal]],
        *,
        name: str,
        number: str,
        description: str | None,
    ) -> int:
        """Pay invoices as a Tryton user records a bank payment: a statement in the payment
        method's statement journal, one line per invoice related to it, validated then posted.
        Posting books the payment and reconciles the invoice (partly or fully). Returns the
        statement's id; a statement Tryton refuses to validate or post is deleted."""
        lines = []
        total = Decimal(0)
        for invoice_id, paid in shares:
            invoice = await self.tryton.read(
                "account.invoice", invoice_id, ["type", "party", "account", "state", "total_amount"]
            )
            if invoice.get("state") != "posted":
                raise ProviderRejectedInput(f"The invoice {invoice_id} is not posted and unpaid")
            # Money comes in for a customer invoice and goes out for a supplier one; a credit
            # note (a negative total) the other way round.
            sign = 1 if invoice["type"] == "out" else -1
            if Decimal(invoice.get("total_amount") or 0) < 0:
                sign = -sign
            amount = paid * sign
            total += amount
            line = {
                "number": number,
                "date": day,
                "amount": amount,
                "party": many2one_id(invoice["party"]),
                "account": many2one_id(invoice["account"]),
                "related_to": f"account.invoice,{invoice_id}",
                "description": description,
            }
            lines.append({k: v for k, v in line.items() if v is not None})
        statement = {
            "name": name,
            "journal": journal,
            "company": await self.company_id(),
            "date": day,
            "total_amount": total,
            "lines": [["create", lines]],
        }
        statement_id = await self.tryton.create("account.statement", statement)

        async def validate_and_post() -> None:
            await self.tryton.call("account.statement", "validate_statement", statement_id)
            await self.tryton.call("account.statement", "post", statement_id)

        await self._undo_on_failure("account.statement", statement_id, validate_and_post)
        return statement_id

    # --- invoices and moves: shared by the mono- and multi-plan operations ---

    async def _taxes(self, domain: Domain) -> list[t.Tax]:
        return parse(t.Tax, await self.tryton.search_all("account.tax", domain, t.Tax.FIELDS))

    async def _rates(self, tax_ids: set[int], day: dt.date) -> dict[int, Decimal]:
        if not tax_ids:
            return {}
        taxes = await self._taxes([("id", "in", sorted(tax_ids)), ("active", "in", [True, False])])
        return {tax.id: mappers.effective_rate(tax, day) for tax in taxes}

    def _invoice_fields(self, with_lines: bool, with_payments: bool) -> list[str]:
        fields = list(t.Invoice.FIELDS)
        if with_lines:
            fields += [f"lines.{f}" for f in t.LINE_FIELDS]
        if with_payments:
            fields += [f"payment_lines.{f}" for f in t.PAYMENT_LINE_FIELDS]
        return fields

    async def _to_invoices(
        self, records: Sequence[Record], *, with_lines: bool, with_payments: bool, with_partner: bool
    ) -> list[a.Invoice]:
        invoices = parse(t.Invoice, records)
        tax_ids = {tax.id for invoice in invoices for line in invoice.lines for tax in line.taxes}
        day = max((i.invoice_date for i in invoices if i.invoice_date), default=dt.date.today())
        rates = await self._rates(tax_ids, day)
        partners = await self._partners({i.party.id for i in invoices}) if with_partner else {}
        main_currency = await self.company_currency()
        return [
            mappers.to_invoice(
                invoice,
                rates=rates,
                with_lines=with_lines,
                with_payments=with_payments,
                partner=partners.get(invoice.party.id),
                main_currency=main_currency,
            )
            for invoice in invoices
        ]

    async def _partners(self, party_ids: set[int]) -> dict[int, a.Partner]:
        await self._configuration_codes()
        records = await self.tryton.search_all(
            "party.party", [("id", "in", sorted(party_ids))], t.Party.FIELDS
        )
        partners = {}
        for party in parse(t.Party, records):
            fields = mappers.partner_fields(party, party.account_receivable or party.account_payable)
            partners[party.id] = a.Partner.model_validate(fields)
        return partners

    def _invoice_domain(self, query: a.InvoiceQuery) -> list[Any]:
        domain: list[Any] = [("type", "=", INVOICE_TYPES[query.invoice_type])]
        # A refund is an invoice with a negative total in Tryton.
        refund = query.invoice_type in REFUNDS
        domain.append(("total_amount", "<" if refund else ">=", 0))
        if query.date_from is not None:
            domain.append(("invoice_date", ">=", query.date_from))
        if query.date_to is not None:
            domain.append(("invoice_date", "<=", query.date_to))
        if query.journal_ids:
            domain.append(("journal", "in", [int(j) for j in query.journal_ids if j.isdigit()]))
        if query.payment_status == PaymentStatus.paid:
            domain.append(("state", "=", "paid"))
        elif query.payment_status == PaymentStatus.unpaid:
            domain.append(("state", "=", "posted"))
        if query.updated_after is not None:
            moment = query.updated_after.astimezone(dt.UTC).replace(tzinfo=None)
            domain.append(["OR", ("write_date", ">=", moment), ("create_date", ">=", moment)])
        return domain

    async def _create_invoice(
        self,
        item: a.InvoiceCreate | a.InvoiceCreateMultiPlans,
        analytic: Sequence[list[dict[str, int]]],
    ) -> int:
        """Book an invoice as the desktop client does: a draft with every field its on_change
        would fill, each line with its analytic entries (`analytic_account.entry`: one account per
        plan), its total checked against Tryton's, then posted unless a draft is asked; a draft
        Tryton refuses to check or post is deleted. Returns the invoice's id."""
        kind = INVOICE_TYPES[item.invoice_type]
        if not item.partner_id:
            raise ProviderRejectedInput("partner_id is required: Tryton books every invoice on a party")
        party = self.numeric_id(item.partner_id, "partner")
        sign = Decimal(-1) if item.invoice_type in REFUNDS else Decimal(1)
        currency = await self.currency_id(item.currency)
        company = await self.company_id()
        lines = [
            {
                **({"analytic_accounts": [["create", entries]]} if entries else {}),
                "type": "line",
                "description": line.description or "-",
                "quantity": float(sign * Decimal(str(line.quantity))),
                "unit_price": Decimal(str(line.unit_price)),
                "account": await self.account_id(line.account_number),
                "taxes": [["add", [self.numeric_id(line.tax_code, "vat_code")]]],
                "company": company,
                "currency": currency,
                "invoice_type": kind,
                "party": party,
            }
            for line, entries in zip(item.lines, analytic, strict=True)
        ]
        receivable = "default_account_receivable" if kind == "out" else "default_account_payable"
        values: dict[str, Any] = {
            "type": kind,
            "company": company,
            "currency": currency,
            "party": party,
            "invoice_address": await self.party_address_id(party),
            "account": await self._party_account(party, receivable),
            "journal": int(item.journal_id)
            if item.journal_id and item.journal_id.isdigit()
            else await self.journal_of_type("revenue" if kind == "out" else "expense"),
            "invoice_date": item.invoice_date,
            "reference": item.invoice_number or item.reference,
            "description": item.customer_memo,
            "lines": [["create", lines]],
        }
        if item.payment_term_id:
            values["payment_term"] = self.numeric_id(item.payment_term_id, "payment_term")
        else:
            # Without a payment term Tryton makes the whole amount due on this date.
            values["payment_term_date"] = item.due_date
        invoice_id = await self.tryton.create(
            "account.invoice", {k: v for k, v in values.items() if v is not None}
        )
        await self._undo_on_failure(
            "account.invoice", invoice_id, lambda: self._check_total(invoice_id, item.total)
        )
        if item.status != a.InvoiceStatusIn.draft:
            await self._undo_on_failure(
                "account.invoice", invoice_id, lambda: self.tryton.call("account.invoice", "post", invoice_id)
            )
        return invoice_id

    def _move_domain(self, query: a.JournalEntryQuery) -> list[Any]:
        domain: list[Any] = []
        if not query.unposted_allowed:
            domain.append(("state", "=", "posted"))
        if query.journal_id:
            domain.append(("journal", "=", self.numeric_id(query.journal_id, "journal")))
        if query.date_from is not None:
            domain.append(("date", ">=", query.date_from))
        if query.date_to is not None:
            domain.append(("date", "<=", query.date_to))
        if query.updated_after is not None:
            moment = query.updated_after.astimezone(dt.UTC).replace(tzinfo=None)
            domain.append(["OR", ("write_date", ">=", moment), ("create_date", ">=", moment)])
        if query.partner_id:
            domain.append(("lines.party", "=", self.numeric_id(query.partner_id, "partner")))
        return domain
