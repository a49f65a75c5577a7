"""The rest of the Accounting vertical on Tryton: analytic plans and accounts, the multi-plan
reads and writes, outstanding items, the FEC, miscellaneous operations, balances, contacts, bank
accounts and statements, financial entries and attachments. What maps where is in
docs/connectors/tryton.md; each operation's docstring says it in one paragraph.

Not here, and why (the manifest's `unsupported`):
- schemes.list: Tryton has no reporting schemes (RGS, SBR) over its chart of accounts.
- entries.match, entries.match_multiple: Tryton's REST API cannot reconcile. Creating an
  `account.move.reconciliation` is refused ("You are not allowed to modify the field
  Reconciliation of Account Move Line"), `account.move.line.reconcile` is not in `__rpc__` (403)
  and the reconcile wizards are not reachable over REST. Payments related to an invoice
  (statements) are reconciled by Tryton itself.
- expenses.create: the server has no expense module (Tryton's are not part of the sandbox's)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal
from typing import Any

import httpx

from junction.connectors._framework.base import operation
from junction.connectors._framework.errors import ObjectNotFound, ProviderError, ProviderRejectedInput
from junction.connectors.tryton import mappers
from junction.connectors.tryton import types as t
from junction.connectors.tryton.books import (
    CENT_TOLERANCE,
    CLIENT_CATEGORY,
    PARENT_ACCOUNT_FIELDS,
    SUPPLIER_CATEGORY,
    TrytonBooks,
    many2one_id,
    page,
    parse,
)
from junction.connectors.tryton.client import Domain, Record
from junction.unified import accounting as a
from junction.unified.common import Page, PageRequest

# The French chart's suspense account ("Comptes d'attente"): where a bank transaction whose
# counterpart is not known yet is booked.
SUSPENSE_ACCOUNT = "471"
# The French chart's bank accounts: a new bank account gets its own ledger account under these.
BANK_LEDGER_PARENT = "5121"
FOREIGN_BANK_LEDGER_PARENT = "5124"
PDF_SUFFIX = ".pdf"
# Creates a record and remembers it, so that a later step Tryton refuses can undo it.
Make = Callable[[str, dict[str, Any]], Awaitable[int]]
PARTY_LINES = frozenset(
    {a.MiscellaneousOperationLineType.customer_account, a.MiscellaneousOperationLineType.supplier_account}
)


def _month(value: str, field: str) -> tuple[int, int]:
    if len(value) != 6 or not value.isdigit() or not 1 <= int(value[4:]) <= 12:
        raise ProviderRejectedInput(f"{field} must be a month written YYYYMM")
    return int(value[:4]), int(value[4:])


def _month_end(value: str, field: str) -> dt.date:
    year, month = _month(value, field)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _pdf_bytes(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProviderRejectedInput("The document is not valid base64") from exc


class TrytonLedger(TrytonBooks):
    # --- analytic plans and accounts ---

    async def _plans(self) -> list[t.AnalyticAccount]:
        """The company's analytic plans: Tryton's root analytic accounts, the first one (the
        oldest) being the default plan of the mono-plan operations."""

        async def load() -> list[t.AnalyticAccount]:
            domain = [
                ("type", "=", "root"),
                ("company", "=", await self.company_id()),
                ("active", "in", [True, False]),
            ]
            records = await self.tryton.search_all(
                "analytic_account.account", domain, t.AnalyticAccount.FIELDS
            )
            return parse(t.AnalyticAccount, records)

        plans: list[t.AnalyticAccount] = await self._cached("analytic_plans", load)
        return plans

    async def _plan_id(self, plan: str | None) -> int:
        """A plan given by id, or the default plan when none is given."""
        plans = await self._plans()
        if plan is None:
            active = [p for p in plans if p.active] or plans
            if not active:
                raise ProviderRejectedInput("Tryton has no analytic plan (a root analytic account)")
            return active[0].id
        found = next((p.id for p in plans if str(p.id) == plan), None)
        if found is None:
            raise ObjectNotFound("analytic_plan", plan)
        return found

    async def _analytic_accounts(self, plan: int) -> list[t.AnalyticAccount]:
        async def load() -> list[t.AnalyticAccount]:
            domain = [("root", "=", plan), ("type", "=", "normal"), ("active", "in", [True, False])]
            records = await self.tryton.search_all(
                "analytic_account.account", domain, t.AnalyticAccount.FIELDS
            )
            return parse(t.AnalyticAccount, records)

        accounts: list[t.AnalyticAccount] = await self._cached(f"analytic_accounts:{plan}", load)
        return accounts

    async def _analytic_account_id(self, plan: int, reference: str) -> int:
        """An analytic account of a plan, by its id or else by its code."""
        accounts = await self._analytic_accounts(plan)
        found = next((x.id for x in accounts if str(x.id) == reference), None)
        found = found or next((x.id for x in accounts if x.code and x.code == reference), None)
        if found is None:
            raise ProviderRejectedInput(f"The analytic plan {plan} has no analytic account {reference!r}")
        return found

    async def _analytic_account(self, account_id: str, plan: int) -> t.AnalyticAccount:
        record_id = self.numeric_id(account_id, "analytic_account")
        record = await self.tryton.read("analytic_account.account", record_id, t.AnalyticAccount.FIELDS)
        account = parse(t.AnalyticAccount, [record])[0]
        if account.type != "normal" or account.root != plan:
            raise ObjectNotFound("analytic_account", account_id)
        return account

    async def _list_analytic(
        self, plan: int | None, page_request: PageRequest
    ) -> tuple[list[t.AnalyticAccount], int]:
        domain: list[Any] = [
            ("type", "=", "normal"),
            ("company", "=", await self.company_id()),
            ("active", "in", [True, False]),
        ]
        if plan is not None:
            domain.append(("root", "=", plan))
        return await self._search_page(t.AnalyticAccount, "analytic_account.account", domain, page_request)

    async def _check_analytic_currency(self, currency: str | None) -> None:
        company_currency = await self.company_currency()
        if currency and currency.upper() != company_currency:
            raise ProviderRejectedInput(
                f"Tryton keeps analytic accounts in the company's currency "
                f"({company_currency}), not {currency}"
            )

    async def _create_analytic(self, plan: int, item: a.AnalyticAccountCreate) -> t.AnalyticAccount:
        await self._check_analytic_currency(item.currency)
        values: dict[str, Any] = {
            "name": item.name,
            "code": item.code,
            "company": await self.company_id(),
            "type": "normal",
            "root": plan,
            "parent": plan,
            # The desktop client leaves a new account in draft; one booked on from the API is in use.
            "state": "opened",
        }
        if item.active is False:
            values["active"] = False
        account_id = await self.tryton.create("analytic_account.account", values)
        return await self._analytic_account(str(account_id), plan)

    async def _update_analytic(
        self, account_id: str, plan: int, item: a.AnalyticAccountUpdate
    ) -> t.AnalyticAccount:
        """Only the fields the update names: an absent `active` does not reactivate an account."""
        account = await self._analytic_account(account_id, plan)
        given = item.model_fields_set
        await self._check_analytic_currency(item.currency if "currency" in given else None)
        values: dict[str, Any] = {}
        if "name" in given and item.name:
            values["name"] = item.name
        if "code" in given:
            values["code"] = item.code or None
        if "active" in given and item.active is not None:
            values["active"] = item.active
        if values:
            await self.tryton.update("analytic_account.account", account.id, values)
        return await self._analytic_account(account_id, plan)

    @operation("accounting.analytic_plans.list")
    async def list_analytic_plans(
        self, query: a.FolderQuery, page_request: PageRequest
    ) -> Page[a.AnalyticPlan]:
        """Analytic plans are Tryton's root analytic accounts (`analytic_account.account` of type
        "root"): each is an axis an invoice line is spread on."""
        domain = [
            ("type", "=", "root"),
            ("company", "=", await self.company_id()),
            ("active", "in", [True, False]),
        ]
        roots, total = await self._search_page(
            t.AnalyticAccount, "analytic_account.account", domain, page_request
        )
        return page([mappers.to_analytic_plan(root) for root in roots], total, page_request)

    @operation("accounting.analytic_accounts.list")
    async def list_analytic_accounts(
        self, query: a.FolderQuery, page_request: PageRequest
    ) -> Page[a.AnalyticAccount]:
        """The "normal" analytic accounts of the default plan (the oldest root); Tryton's balance
        (credit - debit) turned into the contract's (debit - credit)."""
        accounts, total = await self._list_analytic(await self._plan_id(None), page_request)
        return page([mappers.to_analytic_account(x) for x in accounts], total, page_request)

    @operation("accounting.analytic_accounts.list_multi_plans")
    async def list_analytic_accounts_multi_plans(
        self, query: a.FolderQuery, page_request: PageRequest
    ) -> Page[a.AnalyticAccountMultiPlans]:
        """The "normal" analytic accounts of every plan, each with its plan (its root's id)."""
        accounts, total = await self._list_analytic(None, page_request)
        return page([mappers.to_analytic_account_multi(x) for x in accounts], total, page_request)

    @operation("accounting.analytic_accounts.get")
    async def get_analytic_account(self, analytic_account_id: str, query: a.FolderQuery) -> a.AnalyticAccount:
        """An analytic account of the default plan, by id."""
        account = await self._analytic_account(analytic_account_id, await self._plan_id(None))
        return mappers.to_analytic_account(account)

    @operation("accounting.analytic_accounts.get_multi_plans")
    async def get_analytic_account_multi_plans(
        self, analytic_account_id: str, analytic_plan: str, query: a.FolderQuery
    ) -> a.AnalyticAccountMultiPlans:
        """An analytic account of the given plan (root id), by id."""
        account = await self._analytic_account(analytic_account_id, await self._plan_id(analytic_plan))
        return mappers.to_analytic_account_multi(account)

    @operation("accounting.analytic_accounts.create")
    async def create_analytic_account(
        self, item: a.AnalyticAccountCreate, query: a.FolderQuery
    ) -> a.AnalyticAccount:
        """A "normal" analytic account under the default plan (root and parent), opened."""
        account = await self._create_analytic(await self._plan_id(None), item)
        return mappers.to_analytic_account(account)

    @operation("accounting.analytic_accounts.create_multi_plans")
    async def create_analytic_account_multi_plans(
        self, analytic_plan: str, item: a.AnalyticAccountCreate, query: a.FolderQuery
    ) -> a.AnalyticAccountMultiPlans:
        """A "normal" analytic account under the given plan (root and parent), opened."""
        account = await self._create_analytic(await self._plan_id(analytic_plan), item)
        return mappers.to_analytic_account_multi(account)

    @operation("accounting.analytic_accounts.update")
    async def update_analytic_account(
        self, analytic_account_id: str, item: a.AnalyticAccountUpdate, query: a.FolderQuery
    ) -> a.AnalyticAccount:
        """Name, code and active of an analytic account of the default plan."""
        account = await self._update_analytic(analytic_account_id, await self._plan_id(None), item)
        return mappers.to_analytic_account(account)

    @operation("accounting.analytic_accounts.update_multi_plans")
    async def update_analytic_account_multi_plans(
        self,
        analytic_account_id: str,
        analytic_plan: str,
        item: a.AnalyticAccountUpdate,
        query: a.FolderQuery,
    ) -> a.AnalyticAccountMultiPlans:
        """Name, code and active of an analytic account of the given plan."""
        account = await self._update_analytic(analytic_account_id, await self._plan_id(analytic_plan), item)
        return mappers.to_analytic_account_multi(account)

    # --- invoices and journal entries over several analytic plans ---

    async def _to_invoices_multi(
        self, records: Sequence[Record], *, with_lines: bool, with_payments: bool, with_partner: bool
    ) -> list[a.InvoiceMultiPlans]:
        invoices = await self._to_invoices(
            records, with_lines=with_lines, with_payments=with_payments, with_partner=with_partner
        )
        analytic = parse(t.AnalyticInvoice, records)
        return [mappers.to_invoice_multi(x, entries) for x, entries in zip(invoices, analytic, strict=True)]

    def _invoice_fields_multi(self, with_lines: bool, with_payments: bool) -> list[str]:
        fields = self._invoice_fields(with_lines, with_payments)
        return [*fields, *t.AnalyticInvoice.FIELDS] if with_lines else fields

    @operation("accounting.invoices.list_multi_plans")
    async def list_invoices_multi_plans(
        self, query: a.InvoiceQuery, page_request: PageRequest
    ) -> Page[a.InvoiceMultiPlans]:
        """The mono-plan list, each line with its analytic entries (`analytic_accounts` of the
        invoice line, analytic_invoice): one account per plan, 100 % of the line."""
        records, total = await self.tryton.search(
            "account.invoice",
            self._invoice_domain(query),
            self._invoice_fields_multi(query.include_invoice_lines, query.include_payments),
            offset=page_request.offset,
            limit=page_request.size,
            order=[("invoice_date", "ASC"), ("id", "ASC")],
        )
        items = await self._to_invoices_multi(
            records,
            with_lines=query.include_invoice_lines,
            with_payments=query.include_payments,
            with_partner=query.include_partner_info,
        )
        return page(items, total, page_request)

    @operation("accounting.invoices.get_multi_plans")
    async def get_invoice_multi_plans(
        self, invoice_id: str, options: a.InvoiceOptions
    ) -> a.InvoiceMultiPlans:
        """The mono-plan invoice, each line with its analytic entries."""
        record_id = self.numeric_id(invoice_id, "invoice")
        fields = self._invoice_fields_multi(True, options.include_payments)
        record = await self.tryton.read("account.invoice", record_id, fields)
        (invoice,) = await self._to_invoices_multi(
            [record],
            with_lines=True,
            with_payments=options.include_payments,
            with_partner=options.include_partner_info,
        )
        return invoice

    @operation("accounting.invoices.create_multi_plans")
    async def create_invoice_multi_plans(
        self, item: a.InvoiceCreateMultiPlans, options: a.InvoiceCreateOptions
    ) -> a.InvoiceMultiPlans:
        """The mono-plan creation, each line's distribution written as its analytic entries. A
        Tryton invoice line carries one analytic account per plan: a distribution must give each
        plan one account at 100 %."""
        entries = [await self._analytic_entries(line.analytic_distribution or []) for line in item.lines]
        invoice_id = await self._create_invoice(item, entries)
        return await self.get_invoice_multi_plans(str(invoice_id), a.InvoiceOptions())

    async def _analytic_entries(
        self, distributions: Sequence[a.AnalyticDistribution]
    ) -> list[dict[str, int]]:
        entries: list[dict[str, int]] = []
        for distribution in distributions:
            plan = await self._plan_id(distribution.analytic_plan)
            shares = distribution.analytic_accounts
            if len(shares) != 1 or abs(shares[0].percentage - 100) > float(CENT_TOLERANCE):
                raise ProviderRejectedInput(
                    f"Tryton books an invoice line on one analytic account per plan: give plan "
                    f"{distribution.analytic_plan} one account at 100 %"
                )
            if any(entry["root"] == plan for entry in entries):
                raise ProviderRejectedInput(f"The analytic plan {distribution.analytic_plan} is given twice")
            entries.append(
                {"root": plan, "account": await self._analytic_account_id(plan, shares[0].analytic_account)}
            )
        return entries

    @operation("accounting.journal_entries.list_multi_plans")
    async def list_journal_entries_multi_plans(
        self, query: a.JournalEntryQuery, page_request: PageRequest
    ) -> Page[a.JournalEntryMultiPlans]:
        """The mono-plan list, each item with its analytic lines (`analytic_account.line`) grouped
        by plan: each account's share of the item in %."""
        records, total = await self.tryton.search(
            "account.move",
            self._move_domain(query),
            [*t.Move.FIELDS, *t.AnalyticMove.FIELDS],
            offset=page_request.offset,
            limit=page_request.size,
        )
        currency = await self.company_currency()
        moves = parse(t.Move, records)
        analytic = parse(t.AnalyticMove, records)
        items = [
            mappers.to_journal_entry_multi(mappers.to_journal_entry(move, currency), lines)
            for move, lines in zip(moves, analytic, strict=True)
        ]
        return page(items, total, page_request)

    # --- outstanding items ---

    @operation("accounting.outstandings.list")
    async def list_outstandings(
        self, query: a.OutstandingQuery, page_request: PageRequest
    ) -> Page[a.Outstanding]:
        """Open items: unreconciled move lines with a party on receivable (client) or payable
        (supplier) accounts, of posted moves unless unposted ones are allowed. A payment Tryton
        linked to an invoice is counted in that invoice's open amount (`amount_to_pay`), not
        listed on its own; the due date is the line's maturity date."""
        flag = "receivable" if query.type == a.OutstandingType.client else "payable"
        domain: list[Any] = [
            ("move.company", "=", await self.company_id()),
            (f"account.type.{flag}", "=", True),
            ("reconciliation", "=", None),
            ("party", "!=", None),
            ("invoice_payment", "=", None),
        ]
        if not query.unposted_allowed:
            domain.append(("move.state", "=", "posted"))
        lines, total = await self._search_page(t.LedgerLine, "account.move.line", domain, page_request)
        invoice_ids = sorted(
            {i for line in lines if (i := mappers.invoice_id_of(line.move.origin)) is not None}
        )
        invoices: dict[int, t.OpenInvoice] = {}
        open_amounts: dict[int, Decimal] = {}
        if invoice_ids:
            records = await self.tryton.search_all(
                "account.invoice", [("id", "in", invoice_ids)], t.OpenInvoice.FIELDS
            )
            for invoice in parse(t.OpenInvoice, records):
                invoices[invoice.id] = invoice
                open_amounts.update(mappers.open_amounts(invoice))
        currency = await self.company_currency()
        items = []
        for line in lines:
            items.append(
                mappers.to_outstanding(
                    line,
                    query.type,
                    currency=currency,
                    invoice=invoices.get(mappers.invoice_id_of(line.move.origin) or 0),
                    open_amount=open_amounts.get(line.id),
                )
            )
        return page(items, total, page_request)

    # --- FEC ---

    @operation("accounting.fec.export")
    async def export_fec(self, query: a.FecQuery) -> list[a.FecEntry]:
        """The French FEC, one row per line of the posted moves dated in the range, in date and
        move order: journal code and name, move number, account, party (code and name) on
        party lines, the piece (the invoice's number or the statement's name, and its date;
        else the move's description),
        the reconciliation's number and date, the post date as validation date, and the
        amount in the line's second currency when it has one."""
        domain = [
            ("move.company", "=", await self.company_id()),
            ("move.state", "=", "posted"),
            ("move.date", ">=", query.date_from),
            ("move.date", "<=", query.date_to),
        ]
        records = await self.tryton.search_all("account.move.line", domain, t.LedgerLine.FIELDS)
        lines = sorted(parse(t.LedgerLine, records), key=lambda x: (x.move.date, x.move.id, x.id))
        pieces = await self._pieces({line.move.origin for line in lines if line.move.origin})
        currency = await self.company_currency()
        return [
            mappers.to_fec_entry(line, currency=currency, piece=pieces.get(line.move.origin or ""))
            for line in lines
        ]

    async def _pieces(self, origins: set[str]) -> dict[str, tuple[str, dt.date]]:
        """The documents moves come from, as FEC pieces: an invoice's number and date, a
        statement's name and date."""
        pieces: dict[str, tuple[str, dt.date]] = {}
        sources = (
            ("account.invoice", "number", "invoice_date"),
            ("account.statement", "name", "date"),
        )
        for model, label, day in sources:
            ids = sorted({i for origin in origins if (i := mappers.origin_id(origin, model)) is not None})
            if not ids:
                continue
            for record in await self.tryton.search_all(model, [("id", "in", ids)], [label, day]):
                if record.get(label) and isinstance(record.get(day), dt.date):
                    pieces[f"{model},{record['id']}"] = (str(record[label]), record[day])
        return pieces

    # --- miscellaneous operations ---

    async def _misc_journal(self, journal_id: str | None) -> int:
        """The given journal, which must be a "general" one; without one, the only general
        journal (as the reference asks: an error when there are several)."""
        if journal_id:
            record_id = self.numeric_id(journal_id, "journal")
            record = await self.tryton.read("account.journal", record_id, ["type"])
            if record.get("type") != "general":
                raise ProviderRejectedInput(
                    f"The journal {journal_id} is not a journal of miscellaneous operations "
                    '(Tryton\'s type "general")'
                )
            return record_id
        found = await self.tryton.search_all("account.journal", [("type", "=", "general")], ["id"])
        if len(found) != 1:
            raise ProviderRejectedInput(
                "Tryton has no journal of miscellaneous operations"
                if not found
                else "Tryton has several journals of miscellaneous operations: give journal_id"
            )
        return int(found[0]["id"])

    async def _misc_move(self, operation_id: str) -> t.MiscMove:
        record = await self.tryton.read(
            "account.move", self.numeric_id(operation_id, "miscellaneous_operation"), t.MiscMove.FIELDS
        )
        move = parse(t.MiscMove, [record])[0]
        if move.journal.type != "general":
            raise ObjectNotFound("miscellaneous_operation", operation_id)
        return move

    @operation("accounting.miscellaneous_operations.create")
    async def create_miscellaneous_operation(
        self, item: a.MiscellaneousOperationCreate, query: a.FolderQuery
    ) -> a.MiscellaneousOperation:
        """An `account.move` in a "general" journal, one line per operation line (a positive
        amount is a credit, a negative one a debit; customer and supplier lines carry their
        party), an analytic account as the line's analytic line; checked balanced, then posted
        unless a draft is asked. The operation number is kept as the move's description: Tryton
        numbers the move itself when it posts it."""
        currency = await self.company_currency()
        if item.currency.upper() != currency:
            raise ProviderRejectedInput(
                f"Tryton books miscellaneous operations in {currency} here, not {item.currency}"
            )
        total = sum((Decimal(str(line.amount)) for line in item.lines), Decimal(0))
        if not item.lines or abs(total) >= CENT_TOLERANCE:
            raise ProviderRejectedInput(f"The operation is not balanced: its lines add up to {total}, not 0")
        journal = await self._misc_journal(item.journal_id)
        codes = sorted({line.account_number for line in item.lines})
        accounts = await self.tryton.search_all(
            "account.account",
            [("company", "=", await self.company_id()), ("code", "in", codes), ("type", "!=", None)],
            ["code", "party_required"],
        )
        party_required = {str(x["code"]): bool(x.get("party_required")) for x in accounts}
        lines = [
            await self._misc_line(line, item.operation_date, party_required)
            for line in sorted(item.lines, key=lambda x: x.line_number or 0)
        ]
        values = {
            "journal": journal,
            "company": await self.company_id(),
            "date": item.operation_date,
            "period": await self.period_id(item.operation_date),
            "description": item.operation_number,
            "lines": [["create", lines]],
        }
        move_id = await self.tryton.create("account.move", {k: v for k, v in values.items() if v is not None})
        if item.status != a.MiscellaneousOperationStatusIn.draft:
            await self._undo_on_failure(
                "account.move", move_id, lambda: self.tryton.call("account.move", "post", move_id)
            )
        return await self.get_miscellaneous_operation(str(move_id), a.FolderQuery())

    async def _misc_line(
        self, line: a.MiscellaneousOperationLine, day: dt.date, party_required: dict[str, bool]
    ) -> dict[str, Any]:
        amount = Decimal(str(line.amount))
        debit, credit = (-amount, Decimal(0)) if amount < 0 else (Decimal(0), amount)
        values: dict[str, Any] = {
            "account": await self.account_id(line.account_number),
            "debit": debit,
            "credit": credit,
            "description": line.description,
        }
        needs_party = party_required.get(line.account_number, False)
        if line.type in PARTY_LINES:
            if not line.partner_id:
                raise ProviderRejectedInput(f"A {line.type.value} line needs its partner_id")
            if not needs_party:
                raise ProviderRejectedInput(
                    f"The account {line.account_number} is not a client or supplier account in Tryton"
                )
        if needs_party:
            if not line.partner_id:
                raise ProviderRejectedInput(f"The account {line.account_number} needs a partner_id in Tryton")
            values["party"] = self.numeric_id(line.partner_id, "partner")
        if line.analytic_account:
            analytic = self.numeric_id(line.analytic_account, "analytic_account")
            values["analytic_lines"] = [
                ["create", [{"account": analytic, "debit": debit, "credit": credit, "date": day}]]
            ]
        return {k: v for k, v in values.items() if v is not None}

    @operation("accounting.miscellaneous_operations.list")
    async def list_miscellaneous_operations(
        self, query: a.MiscellaneousOperationQuery, page_request: PageRequest
    ) -> Page[a.MiscellaneousOperation]:
        """The moves of Tryton's "general" journals, by date and journal."""
        domain: list[Any] = [("company", "=", await self.company_id()), ("journal.type", "=", "general")]
        if query.date_from is not None:
            domain.append(("date", ">=", query.date_from))
        if query.date_to is not None:
            domain.append(("date", "<=", query.date_to))
        if query.journal_ids:
            domain.append(("journal", "in", [int(j) for j in query.journal_ids if j.isdigit()]))
        moves, total = await self._search_page(t.MiscMove, "account.move", domain, page_request)
        currency = await self.company_currency()
        return page([mappers.to_misc_operation(move, currency) for move in moves], total, page_request)

    @operation("accounting.miscellaneous_operations.get")
    async def get_miscellaneous_operation(
        self, operation_id: str, query: a.FolderQuery
    ) -> a.MiscellaneousOperation:
        """A move of a "general" journal; any other move is not a miscellaneous operation (404)."""
        move = await self._misc_move(operation_id)
        return mappers.to_misc_operation(move, await self.company_currency())

    # --- balances ---

    @operation("accounting.accounts.balances")
    async def account_balances(
        self, item: a.AccountBalanceFilter, query: a.FolderQuery, page_request: PageRequest
    ) -> Page[a.AccountBalance]:
        """Each ledger account whose number starts with one of the given numbers (a class such as
        "7", or a number), in number order: the sums of its posted move lines up to the end of
        the end month, and of those from the first day of the start month (all of them when no
        start is given). Summed here from the lines: Tryton's own account balances are per fiscal
        year and rely on closing entries the books may not have."""
        end = _month_end(item.end, "end")
        start = dt.date(*_month(item.start, "start"), 1) if item.start else None
        domain: list[Any] = [("company", "=", await self.company_id()), ("type", "!=", None)]
        prefixes = [p.strip() for p in item.accounts if p.strip()]
        if prefixes:
            domain.append(["OR", *(("code", "like", f"{p}%") for p in prefixes)])
        records, total = await self.tryton.search(
            "account.account",
            domain,
            ["code", "name"],
            offset=page_request.offset,
            limit=page_request.size,
            order=[("code", "ASC"), ("id", "ASC")],
        )
        accounts = parse(t.Coded, records)
        sums: dict[int, list[Decimal]] = {x.id: [Decimal(0)] * 4 for x in accounts}
        if accounts:
            lines = parse(
                t.BalanceLine,
                await self.tryton.search_all(
                    "account.move.line",
                    [
                        ("account", "in", sorted(sums)),
                        ("move.state", "=", "posted"),
                        ("move.date", "<=", end),
                    ],
                    ["account", "debit", "credit", "date"],
                ),
            )
            for line in lines:
                total_sums = sums[line.account]
                total_sums[0] += line.debit
                total_sums[1] += line.credit
                if start is None or line.date >= start:
                    total_sums[2] += line.debit
                    total_sums[3] += line.credit
        items = [
            a.AccountBalance(
                account_number=x.code or str(x.id),
                account_name=x.name,
                debit=mappers.money(sums[x.id][0]),
                credit=mappers.money(sums[x.id][1]),
                balance=mappers.money(sums[x.id][0] - sums[x.id][1]),
                period_debit=mappers.money(sums[x.id][2]),
                period_credit=mappers.money(sums[x.id][3]),
                period_balance=mappers.money(sums[x.id][2] - sums[x.id][3]),
            )
            for x in accounts
        ]
        return page(items, total, page_request)

    # --- contacts ---

    @operation("accounting.contacts.list")
    async def list_contacts(self, query: a.ContactQuery, page_request: PageRequest) -> Page[a.Contact]:
        """The contact persons of a client (supplier): the party's contact mechanisms that carry
        a name, one contact per name with its email, phone and mobile."""
        client = query.partner_type == a.PartnerType.client
        thing = "client" if client else "supplier"
        party_id = self.numeric_id(query.partner_id, thing)
        category = await self.category_id(CLIENT_CATEGORY if client else SUPPLIER_CATEGORY)
        found = await self.tryton.search_all(
            "party.party", [("id", "=", party_id), ("categories", "=", category)], ["id"]
        )
        if not found:
            raise ObjectNotFound(thing, query.partner_id)
        records = await self.tryton.search_all(
            "party.contact_mechanism",
            [("party", "=", party_id), ("name", "!=", None)],
            ["type", "value", "name"],
        )
        contacts = mappers.to_contacts(parse(t.ContactMechanism, records))
        chosen = contacts[page_request.offset : page_request.offset + page_request.size]
        return page(chosen, len(contacts), page_request)

    # --- bank accounts, statements, financial entries ---

    async def _suspense_account(self) -> str | None:
        async def load() -> str | None:
            found = await self.tryton.search_all(
                "account.account",
                [
                    ("company", "=", await self.company_id()),
                    ("code", "=", SUSPENSE_ACCOUNT),
                    ("type", "!=", None),
                ],
                ["id"],
            )
            return SUSPENSE_ACCOUNT if found else None

        value: str | None = await self._cached("suspense", load)
        return value

    async def _bank_journal(self, journal_id: int) -> t.BankJournal:
        record = await self.tryton.read("account.statement.journal", journal_id, t.BankJournal.FIELDS)
        return parse(t.BankJournal, [record])[0]

    @operation("accounting.bank_accounts.list")
    async def list_bank_accounts(
        self, query: a.FolderQuery, page_request: PageRequest
    ) -> Page[a.BankAccount]:
        """Statement journals (`account.statement.journal`): the bank account's id, its IBAN and
        bank from its `bank.account`, its code and journal from its "statement" journal, its
        ledger account; the suspense account 471 as the unallocated account."""
        domain = [("company", "=", await self.company_id())]
        journals, total = await self._search_page(
            t.BankJournal, "account.statement.journal", domain, page_request
        )
        suspense = await self._suspense_account()
        return page([mappers.to_bank_account(j, suspense) for j in journals], total, page_request)

    @operation("accounting.bank_accounts.create")
    async def create_bank_account(self, item: a.BankAccountCreate, query: a.FolderQuery) -> a.BankAccount:
        """A `bank.account` owned by the company (its bank found or created by name), its own
        ledger account under 5121 (5124 in a foreign currency), a "statement" journal coded
        `code`, and the statement journal tying them together. A step Tryton refuses undoes the
        ones before it."""
        if not item.iban and not item.account_number:
            raise ProviderRejectedInput("A bank account needs an iban or an account_number")
        currency = await self.currency_id(item.currency)
        company = await self.company()
        created: list[tuple[str, int]] = []

        async def make(model: str, values: dict[str, Any]) -> int:
            record_id = await self.tryton.create(model, values)
            created.append((model, record_id))
            return record_id

        name = item.account_name or f"{item.bank_name} {item.code}"
        numbers = []
        if item.iban:
            numbers.append({"type": "iban", "number": item.iban})
        if item.account_number and item.account_number.replace(" ", "") != (item.iban or "").replace(" ", ""):
            numbers.append({"type": "other", "number": item.account_number})
        try:
            bank = await self._bank_id(item.bank_name, make)
            bank_account = await make(
                "bank.account",
                {
                    "bank": bank,
                    "currency": currency,
                    "owners": [["add", [int(company["party"]["id"])]]],
                    "numbers": [["create", numbers]],
                },
            )
            ledger = await self._new_bank_ledger(
                name, item.currency.upper() != company["currency"]["code"], make
            )
            journal = await make("account.journal", {"name": name, "code": item.code, "type": "statement"})
            statement_journal = await make(
                "account.statement.journal",
                {
                    "name": name,
                    "journal": journal,
                    "currency": currency,
                    "company": int(company["id"]),
                    "validation": "amount",
                    "bank_account": bank_account,
                    "account": ledger,
                },
            )
        except (ProviderError, httpx.TransportError):
            await self._delete_quietly(created)
            raise
        return mappers.to_bank_account(
            await self._bank_journal(statement_journal), await self._suspense_account()
        )

    async def _bank_id(self, bank_name: str, make: Make) -> int:
        found = await self.tryton.search_all("bank", [("party.name", "=", bank_name)], ["id"])
        if found:
            return int(found[0]["id"])
        party = await make("party.party", {"name": bank_name})
        return int(await make("bank", {"party": party}))

    async def _new_bank_ledger(self, name: str, foreign: bool, make: Make) -> int:
        """A ledger account of its own for a new bank: the parent's number and the next free two
        digits (512101, 512102, ...), of the parent's types."""
        parent_code = FOREIGN_BANK_LEDGER_PARENT if foreign else BANK_LEDGER_PARENT
        company = await self.company_id()
        parents = await self.tryton.search_all(
            "account.account",
            [("company", "=", company), ("code", "=", parent_code)],
            PARENT_ACCOUNT_FIELDS,
        )
        if not parents:
            raise ProviderRejectedInput(
                f"Tryton's chart has no account {parent_code} to put a bank account under"
            )
        siblings = await self.tryton.search_all(
            "account.account", [("company", "=", company), ("code", "like", f"{parent_code}__")], ["code"]
        )
        used = {
            int(str(x["code"])[len(parent_code) :])
            for x in siblings
            if str(x["code"])[len(parent_code) :].isdigit()
        }
        number = next((n for n in range(1, 100) if n not in used), None)
        if number is None:
            raise ProviderRejectedInput(f"The accounts {parent_code}01 to {parent_code}99 are all taken")
        values = await self.ledger_account_values(name, f"{parent_code}{number:02d}", parents[0])
        return int(await make("account.account", values))

    async def _book_statement(
        self,
        journal: t.BankJournal,
        day: dt.date,
        name: str,
        lines: list[dict[str, Any]],
        *,
        opening_balance: float | None,
        post: bool,
    ) -> int:
        """A statement in a statement journal with these lines, filled for whichever validation
        the journal asks (amount, number of lines, balance), then validated (Tryton books its
        moves and reconciles lines related to an invoice) and posted when asked. A statement
        Tryton refuses is deleted."""
        total = sum((Decimal(line["amount"]) for line in lines), Decimal(0))
        values: dict[str, Any] = {
            "name": name,
            "journal": journal.id,
            "company": await self.company_id(),
            "date": day,
            "total_amount": total,
            "number_of_lines": len(lines),
            "lines": [["create", [{k: v for k, v in line.items() if v is not None} for line in lines]]],
        }
        if journal.validation == "balance":
            start = (
                Decimal(str(opening_balance))
                if opening_balance is not None
                else await self._last_balance(journal.id)
            )
            values.update(start_balance=start, end_balance=start + total)
        statement_id = await self.tryton.create("account.statement", values)

        async def validate_and_post() -> None:
            await self.tryton.call("account.statement", "validate_statement", statement_id)
            if post:
                await self.tryton.call("account.statement", "post", statement_id)

        await self._undo_on_failure("account.statement", statement_id, validate_and_post)
        return statement_id

    async def _last_balance(self, journal_id: int) -> Decimal:
        record = await self.tryton.read("account.statement.journal", journal_id, ["last_amount"])
        return Decimal(record.get("last_amount") or 0)

    async def _attach(self, resource: str, pdf: str, name: str) -> None:
        data = _pdf_bytes(pdf)
        filename = name if name.lower().endswith(PDF_SUFFIX) else f"{name}{PDF_SUFFIX}"
        await self.tryton.create(
            "ir.attachment", {"name": filename, "resource": resource, "type": "data", "data": data}
        )

    async def _counterpart(self, party: int, customer: bool) -> int:
        default = "default_account_receivable" if customer else "default_account_payable"
        return await self._party_account(party, default)

    @operation("accounting.bank_transactions.create")
    async def create_bank_transactions(
        self, item: a.BankStatementCreate, query: a.FolderQuery
    ) -> a.BankStatement:
        """A statement (`account.statement`) named after the external statement id, in the bank
        account's statement journal, one line per transaction: on the given ledger account, else
        on the customer's (supplier's) receivable (payable) account, else on the suspense account
        471. It is validated (Tryton books its draft moves) and left for the accountant to post;
        the PDF is attached to it."""
        journal = await self._bank_journal(self.numeric_id(item.bank_account_id, "bank_account"))
        if journal.currency is not None and item.currency.upper() != journal.currency.code:
            raise ProviderRejectedInput(
                f"The bank account {item.bank_account_id} is in {journal.currency.code}, not {item.currency}"
            )
        lines = [await self._transaction_line(x, item.bank_statement_date) for x in item.items]
        statement_id = await self._book_statement(
            journal,
            item.bank_statement_date,
            item.external_bank_statement_id,
            lines,
            opening_balance=item.opening_balance,
            post=False,
        )
        if item.pdf:
            await self._attach(
                f"account.statement,{statement_id}",
                item.pdf,
                item.pdf_name or item.external_bank_statement_id,
            )
        created = await self.tryton.search_all(
            "account.statement.line", [("statement", "=", statement_id)], ["id"], order=[("id", "ASC")]
        )
        return a.BankStatement(
            bank_statement_date=item.bank_statement_date,
            bank_account_id=item.bank_account_id,
            currency=item.currency,
            id=str(statement_id),
            external_bank_statement_id=item.external_bank_statement_id,
            items=[
                a.BankTransaction(**x.model_dump(), id=str(record["id"]))
                for x, record in zip(item.items, created, strict=False)
            ],
        )

    async def _transaction_line(self, transaction: a.BankTransactionCreate, day: dt.date) -> dict[str, Any]:
        if transaction.fee_amount or transaction.tax_amount:
            raise ProviderRejectedInput(
                "Tryton's statement lines carry one amount: give bank fees and taxes as lines of their own"
            )
        counterpart = transaction.counterpart
        party = None
        account = None
        kinds = (a.CounterpartType.customer, a.CounterpartType.supplier)
        if counterpart is not None and counterpart.id and counterpart.counterpart_type in kinds:
            party = self.numeric_id(counterpart.id, "partner")
            account = await self._counterpart(
                party, counterpart.counterpart_type == a.CounterpartType.customer
            )
        if transaction.general_ledger_account:
            account = await self.account_id(transaction.general_ledger_account)
        if account is None:
            suspense = await self._suspense_account()
            if suspense is None:
                raise ProviderRejectedInput("Give each transaction a general_ledger_account or a counterpart")
            account = await self.account_id(suspense)
        description = transaction.description or (counterpart.name if counterpart else None)
        return {
            "number": transaction.external_transaction_id,
            "date": day,
            "amount": Decimal(str(transaction.amount)),
            "party": party,
            "account": account,
            "description": description,
        }

    @operation("accounting.financial_entries.create")
    async def create_financial_entry(
        self, item: a.FinancialEntryCreate, options: a.FinancialEntryOptions
    ) -> a.FinancialEntry:
        """A bank (cash) entry is booked as Tryton users book one: a statement in the statement
        journal of the given "statement" journal (the one on `financial_counterpart_account`
        when several), one line per item (a positive amount is money in), validated and posted.
        A customer (supplier) line goes on the party's receivable (payable) account; with an
        `automated_matching_number` that is the number (or reference) of a posted invoice of
        that party, the line is related to the invoice and Tryton reconciles it."""
        journal = await self._statement_journal_of(
            item.journal_id, item.currency, options.financial_counterpart_account
        )
        lines = [await self._financial_line(x, item.date, item.number) for x in item.items]
        name = item.number or item.reference or f"Junction {item.date.isoformat()}"
        statement_id = await self._book_statement(
            journal, item.date, name, lines, opening_balance=None, post=True
        )
        if item.pdf:
            await self._attach(f"account.statement,{statement_id}", item.pdf, item.pdf_name or name)
        counterpart = journal.account.code if journal.account and journal.account.code else ""
        return a.FinancialEntry(
            date=item.date,
            journal_id=item.journal_id,
            currency=item.currency,
            currency_exchange_rate=item.currency_exchange_rate,
            reference=item.reference,
            id=str(statement_id),
            number=name,
            items=[
                a.FinancialEntryLineOut(**x.model_dump(), counterpart_account=counterpart) for x in item.items
            ],
        )

    async def _statement_journal_of(
        self, journal_id: str, currency: str, ledger: str | None
    ) -> t.BankJournal:
        record_id = self.numeric_id(journal_id, "journal")
        records = await self.tryton.search_all(
            "account.statement.journal", [("journal", "=", record_id)], t.BankJournal.FIELDS
        )
        journals = [
            j
            for j in parse(t.BankJournal, records)
            if j.currency is None or j.currency.code == currency.upper()
        ]
        if ledger:
            journals = [j for j in journals if j.account is not None and j.account.code == ledger]
        if not journals:
            raise ProviderRejectedInput(
                f"Tryton books bank and cash entries through a statement journal: the journal {journal_id} "
                f"has none in {currency}" + (f" on the account {ledger}" if ledger else "")
            )
        return journals[0]

    async def _financial_line(
        self, line: a.FinancialEntryLine, day: dt.date, number: str | None
    ) -> dict[str, Any]:
        if line.tax_info is not None:
            raise ProviderRejectedInput(
                "Tryton's statement lines carry no tax: book the VAT as a line of its own"
            )
        values: dict[str, Any] = {
            "number": number,
            "date": day,
            "amount": Decimal(str(line.amount)),
            "description": line.description,
        }
        if line.account_type == a.EntryLineType.general_account:
            values["account"] = await self.account_id(line.account)
            return values
        if line.account_type == a.EntryLineType.employee_account:
            raise ProviderRejectedInput(
                "Tryton's employees have no account of their own: use a general_account line"
            )
        customer = line.account_type == a.EntryLineType.customer_account
        party = self.numeric_id(line.account, "partner")
        values["party"] = party
        values["account"] = await self._counterpart(party, customer)
        if line.automated_matching_number:
            invoice = await self._open_invoice(party, customer, line.automated_matching_number)
            if invoice is not None:
                values["related_to"] = f"account.invoice,{invoice['id']}"
                values["account"] = many2one_id(invoice.get("account")) or values["account"]
        return values

    async def _open_invoice(self, party: int, customer: bool, number: str) -> Record | None:
        domain: Domain = [
            ("party", "=", party),
            ("type", "=", "out" if customer else "in"),
            ("state", "=", "posted"),
            ["OR", ("number", "=", number), ("reference", "=", number)],
        ]
        found = await self.tryton.search_all("account.invoice", domain, ["account"])
        return found[0] if found else None

    # --- attachments ---

    @operation("accounting.attachments.add")
    async def add_attachment(
        self, invoice_id: str, item: a.AttachmentCreate, options: a.AttachmentOptions
    ) -> None:
        """An `ir.attachment` on the invoice (`resource` "account.invoice,<id>"), named `name` or
        after the invoice's number. A PDF already attached is replaced with
        `overwrite_existing`, else the new one is refused."""
        record_id = self.numeric_id(invoice_id, "invoice")
        invoice = await self.tryton.read("account.invoice", record_id, ["number"])
        resource = f"account.invoice,{record_id}"
        existing = await self.tryton.search_all(
            "ir.attachment", [("resource", "=", resource), ("name", "ilike", f"%{PDF_SUFFIX}")], ["id"]
        )
        if existing and not options.overwrite_existing:
            raise ProviderRejectedInput(
                f"The invoice {invoice_id} already has a document: pass overwrite_existing to replace it"
            )
        data = _pdf_bytes(item.base64_string)
        for record in existing:
            await self.tryton.delete("ir.attachment", int(record["id"]))
        name = item.name or str(invoice.get("number") or f"invoice-{record_id}")
        filename = name if name.lower().endswith(PDF_SUFFIX) else f"{name}{PDF_SUFFIX}"
        await self.tryton.create(
            "ir.attachment", {"name": filename, "resource": resource, "type": "data", "data": data}
        )

    @operation("accounting.attachments.list")
    async def list_attachments(
        self, query: a.AttachmentQuery, page_request: PageRequest
    ) -> Page[a.Attachment]:
        """The files attached to an invoice (`account.invoice,<id>`) or a journal entry
        (`account.move,<id>`), base64-encoded."""
        model = "account.invoice" if query.type == a.DocumentType.invoice else "account.move"
        thing = "invoice" if query.type == a.DocumentType.invoice else "journal_entry"
        record_id = self.numeric_id(query.document_id, thing)
        await self.tryton.read(model, record_id, ["id"])  # 404 for a document that does not exist
        domain = [("resource", "=", f"{model},{record_id}"), ("type", "=", "data")]
        files, total = await self._search_page(t.AttachmentRecord, "ir.attachment", domain, page_request)
        items = [
            a.Attachment(id=str(x.id), base64_string=base64.b64encode(x.data or b"").decode()) for x in files
        ]
        return page(items, total, page_request)
