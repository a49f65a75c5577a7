"""The Accounting vertical on Tryton: what maps where is in docs/connectors/tryton.md.

Writes that Tryton does in two steps (create a draft, then press its "post" button) are undone
when the second step fails: the draft is deleted, so a refused entry leaves nothing behind and
the error carries Tryton's own message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from junction.connectors._framework.base import operation
from junction.connectors._framework.errors import (
    ObjectNotFound,
    ProviderRejectedInput,
)
from junction.connectors.tryton import mappers
from junction.connectors.tryton import types as t
from junction.connectors.tryton.books import (
    CENT_TOLERANCE,
    CLIENT_CATEGORY,
    PARENT_ACCOUNT_FIELDS,
    SUPPLIER_CATEGORY,
    TrytonBooks,
    identifier_values,
    mechanism_values,
    page,
    parse,
)
from junction.unified import accounting as a
from junction.unified.common import Page, PageRequest


class TrytonAccounting(TrytonBooks):
    # --- folders and book years ---

    @operation("accounting.folders.list")
    async def list_folders(self) -> list[a.Folder]:
        return [await self._folder()]

    @operation("accounting.folders.get")
    async def get_folder(self, folder_id: str) -> a.Folder:
        if folder_id != str(await self.company_id()):
            raise ObjectNotFound("folder", folder_id)
        return await self._folder()

    async def _folder(self) -> a.Folder:
        company = await self.company()
        party = company["party"]
        identifiers = party.get("identifiers") or []
        vat = next((i["code"] for i in identifiers if str(i.get("type", "")).endswith("_vat")), None)
        number = next((i["code"] for i in identifiers if not str(i.get("type", "")).endswith("_vat")), None)
        addresses = [
            a.FolderAddress(
                street=address.get("street"),
                postal_code=address.get("postal_code"),
                city=address.get("city"),
                country=(address.get("country") or {}).get("code"),
            )
            for address in party.get("addresses") or []
        ]
        return a.Folder(
            id=str(company["id"]),
            name=party["name"],
            vat=vat,
            company_number=number,
            main_currency=company["currency"]["code"],
            addresses=addresses,
        )

    @operation("accounting.bookyears.list")
    async def list_bookyears(self, query: a.FolderQuery, page_request: PageRequest) -> Page[a.BookYear]:
        domain = [("company", "=", await self.company_id())]
        years, total = await self._search_page(t.FiscalYear, "account.fiscalyear", domain, page_request)
        return page([mappers.to_book_year(y) for y in years], total, page_request)

    # --- clients and suppliers ---

    async def _partner_domain(self, category: str, query: a.PartnerQuery | None) -> list[Any]:
        domain: list[Any] = [("categories", "=", await self.category_id(category))]
        if query is not None and query.search:
            domain.append(
                ["OR", ("name", "ilike", f"%{query.search}%"), ("code", "ilike", f"%{query.search}%")]
            )
        if query is not None and query.updated_after is not None:
            moment = query.updated_after.astimezone(dt.UTC).replace(tzinfo=None)
            domain.append(["OR", ("write_date", ">=", moment), ("create_date", ">=", moment)])
        return domain

    async def _list_partners(
        self, category: str, query: a.PartnerQuery, page_request: PageRequest
    ) -> tuple[list[t.Party], int]:
        await self._configuration_codes()
        domain = await self._partner_domain(category, query)
        return await self._search_page(t.Party, "party.party", domain, page_request)

    async def _party(self, party_id: str, category: str, thing: str) -> t.Party:
        await self._configuration_codes()
        record_id = self.numeric_id(party_id, thing)
        domain = [("id", "=", record_id), ("categories", "=", await self.category_id(category))]
        found = parse(t.Party, await self.tryton.search_all("party.party", domain, t.Party.FIELDS))
        if not found:
            raise ObjectNotFound(thing, party_id)
        return found[0]

    @operation("accounting.clients.list")
    async def list_clients(self, query: a.PartnerQuery, page_request: PageRequest) -> Page[a.Client]:
        parties, total = await self._list_partners(CLIENT_CATEGORY, query, page_request)
        default = await self._default_account_code("default_account_receivable")
        return page([mappers.to_client(p, default) for p in parties], total, page_request)

    @operation("accounting.clients.get")
    async def get_client(self, client_id: str, query: a.FolderQuery) -> a.Client:
        party = await self._party(client_id, CLIENT_CATEGORY, "client")
        return mappers.to_client(party, await self._default_account_code("default_account_receivable"))

    @operation("accounting.clients.create")
    async def create_client(self, item: a.ClientCreate, options: a.PartnerCreateOptions) -> a.Client:
        party_id = await self._create_party(item, CLIENT_CATEGORY)
        return await self.get_client(str(party_id), a.FolderQuery())

    @operation("accounting.clients.update")
    async def update_client(self, client_id: str, item: a.ClientUpdate, query: a.FolderQuery) -> a.Client:
        party = await self._party(client_id, CLIENT_CATEGORY, "client")
        await self._update_party(party, item)
        return await self.get_client(client_id, query)

    @operation("accounting.suppliers.list")
    async def list_suppliers(self, query: a.PartnerQuery, page_request: PageRequest) -> Page[a.Supplier]:
        parties, total = await self._list_partners(SUPPLIER_CATEGORY, query, page_request)
        default = await self._default_account_code("default_account_payable")
        return page([mappers.to_supplier(p, default) for p in parties], total, page_request)

    @operation("accounting.suppliers.get")
    async def get_supplier(self, supplier_id: str, query: a.FolderQuery) -> a.Supplier:
        party = await self._party(supplier_id, SUPPLIER_CATEGORY, "supplier")
        return mappers.to_supplier(party, await self._default_account_code("default_account_payable"))

    @operation("accounting.suppliers.create")
    async def create_supplier(self, item: a.SupplierCreate, options: a.PartnerCreateOptions) -> a.Supplier:
        party_id = await self._create_party(item, SUPPLIER_CATEGORY)
        return await self.get_supplier(str(party_id), a.FolderQuery())

    @operation("accounting.suppliers.update")
    async def update_supplier(
        self, supplier_id: str, item: a.SupplierUpdate, query: a.FolderQuery
    ) -> a.Supplier:
        party = await self._party(supplier_id, SUPPLIER_CATEGORY, "supplier")
        await self._update_party(party, item)
        return await self.get_supplier(supplier_id, query)

    async def _create_party(self, item: a.ClientCreate | a.SupplierCreate, category: str) -> int:
        values: dict[str, Any] = {
            "name": item.name,
            "categories": [["add", [await self.category_id(category)]]],
            "addresses": [["create", [await self._address_values(address) for address in item.addresses]]],
            "contact_mechanisms": [["create", self._mechanisms(item)]],
        }
        if item.external_reference:
            values["code"] = item.external_reference
        identifiers = self._identifiers(item)
        if identifiers:
            values["identifiers"] = [["create", identifiers]]
        if item.active is False:
            values["active"] = False
        return await self.tryton.create("party.party", values)

    async def _update_party(self, party: t.Party, item: a.ClientUpdate | a.SupplierUpdate) -> None:
        values: dict[str, Any] = {}
        if item.name:
            values["name"] = item.name
        if item.external_reference is not None:
            values["code"] = item.external_reference or None
        if item.active is not None and item.active != party.active:
            values["active"] = item.active
        mechanisms = [
            m
            for m in self._mechanisms(item)
            if not any(
                existing.type == m["type"] and existing.value == m["value"]
                for existing in party.contact_mechanisms
            )
        ]
        if mechanisms:
            values["contact_mechanisms"] = [["create", mechanisms]]
        known = {(i.type, i.code) for i in party.identifiers}
        identifiers = [i for i in self._identifiers(item) if (i["type"], i["code"]) not in known]
        if identifiers:
            values["identifiers"] = [["create", identifiers]]
        if item.addresses:
            values["addresses"] = [
                ["create", [await self._address_values(address) for address in item.addresses]]
            ]
        if values:
            await self.tryton.update("party.party", party.id, values)

    @staticmethod
    def _mechanisms(
        item: a.ClientCreate | a.SupplierCreate | a.ClientUpdate | a.SupplierUpdate,
    ) -> list[dict[str, str]]:
        return mechanism_values(item.email, item.phone, item.mobile, item.website)

    @staticmethod
    def _identifiers(
        item: a.ClientCreate | a.SupplierCreate | a.ClientUpdate | a.SupplierUpdate,
    ) -> list[dict[str, str]]:
        return identifier_values(item.vat, item.company_number)

    # --- taxes ---

    @operation("accounting.vat_codes.list")
    async def list_vat_codes(self, query: a.FolderQuery, page_request: PageRequest) -> Page[a.VatCode]:
        # The codes an invoice line can carry: Tryton's top-level taxes (children are the dated
        # rates of a parent, or the two halves of a reverse charge).
        domain = [("parent", "=", None), ("company", "=", await self.company_id())]
        records, total = await self.tryton.search(
            "account.tax", domain, t.Tax.FIELDS, offset=page_request.offset, limit=page_request.size
        )
        today = dt.date.today()
        return page([mappers.to_vat_code(tax, today) for tax in parse(t.Tax, records)], total, page_request)

    # --- invoices ---

    @operation("accounting.invoices.list")
    async def list_invoices(self, query: a.InvoiceQuery, page_request: PageRequest) -> Page[a.Invoice]:
        fields = self._invoice_fields(query.include_invoice_lines, query.include_payments)
        records, total = await self.tryton.search(
            "account.invoice",
            self._invoice_domain(query),
            fields,
            offset=page_request.offset,
            limit=page_request.size,
            order=[("invoice_date", "ASC"), ("id", "ASC")],
        )
        items = await self._to_invoices(
            records,
            with_lines=query.include_invoice_lines,
            with_payments=query.include_payments,
            with_partner=query.include_partner_info,
        )
        return page(items, total, page_request)

    @operation("accounting.invoices.get")
    async def get_invoice(self, invoice_id: str, options: a.InvoiceOptions) -> a.Invoice:
        # One invoice is read whole: its lines always, payments and partner when asked.
        record_id = self.numeric_id(invoice_id, "invoice")
        fields = self._invoice_fields(True, options.include_payments)
        record = await self.tryton.read("account.invoice", record_id, fields)
        (invoice,) = await self._to_invoices(
            [record],
            with_lines=True,
            with_payments=options.include_payments,
            with_partner=options.include_partner_info,
        )
        return invoice

    @operation("accounting.invoices.create")
    async def create_invoice(self, item: a.InvoiceCreate, options: a.InvoiceCreateOptions) -> a.Invoice:
        invoice_id = await self._create_invoice(item, [[] for _ in item.lines])
        return await self.get_invoice(str(invoice_id), a.InvoiceOptions())

    # --- payments ---

    @operation("accounting.invoice_payments.list")
    async def list_invoice_payments(
        self, invoice_id: str, query: a.FolderQuery, page_request: PageRequest
    ) -> Page[a.Payment]:
        record_id = self.numeric_id(invoice_id, "invoice")
        record = await self.tryton.read("account.invoice", record_id, self._invoice_fields(False, True))
        invoice = parse(t.Invoice, [record])[0]
        payments = [mappers.payment(line, invoice, invoice.currency.code) for line in invoice.payment_lines]
        chosen = payments[page_request.offset : page_request.offset + page_request.size]
        return page(chosen, len(payments), page_request)

    @operation("accounting.invoice_payments.create")
    async def create_invoice_payment(self, item: a.InvoicePaymentCreate, query: a.FolderQuery) -> None:
        """A payment is a bank statement in the payment method's statement journal, one line per
        invoice, related to it: posting the statement books the payment and reconciles the invoice
        (partly or fully), exactly as a Tryton user records a bank payment."""
        journal = self.numeric_id(item.payment_method_id, "payment_method")
        shares = [
            (self.numeric_id(share.invoice_id, "invoice"), Decimal(str(share.amount))) for share in item.items
        ]
        await self._pay_by_statement(
            journal,
            item.date,
            shares,
            name=item.number or item.reference or f"Junction {item.date.isoformat()}",
            number=item.number or "1",
            description=item.reference or item.number,
        )

    @operation("accounting.payment_methods.list")
    async def list_payment_methods(
        self, query: a.FolderQuery, page_request: PageRequest
    ) -> Page[a.PaymentMethod]:
        records, total = await self.tryton.search(
            "account.statement.journal", [], ["name"], offset=page_request.offset, limit=page_request.size
        )
        return page(
            [a.PaymentMethod(id=str(r["id"]), name=r.get("name")) for r in records], total, page_request
        )

    @operation("accounting.payment_terms.list")
    async def list_payment_terms(
        self, query: a.FolderQuery, page_request: PageRequest
    ) -> Page[a.PaymentTerm]:
        records, total = await self.tryton.search(
            "account.invoice.payment_term", [], ["name"], offset=page_request.offset, limit=page_request.size
        )
        return page(
            [a.PaymentTerm(id=str(r["id"]), name=r.get("name")) for r in records], total, page_request
        )

    # --- journals ---

    @operation("accounting.journals.list")
    async def list_journals(self, query: a.FolderQuery, page_request: PageRequest) -> Page[a.Journal]:
        journals, total = await self._search_page(t.Journal, "account.journal", [], page_request)
        return page([mappers.to_journal(j) for j in journals], total, page_request)

    @operation("accounting.journals.create")
    async def create_journal(self, item: a.JournalCreate, query: a.FolderQuery) -> a.Journal:
        values = {
            "name": item.name,
            "code": item.code,
            "type": mappers.JOURNAL_CREATE_TYPES[item.journal_type],
        }
        journal_id = await self.tryton.create("account.journal", values)
        record = await self.tryton.read("account.journal", journal_id, t.Journal.FIELDS)
        return mappers.to_journal(parse(t.Journal, [record])[0])

    # --- chart of accounts ---

    @operation("accounting.accounts.list")
    async def list_accounts(self, query: a.AccountQuery, page_request: PageRequest) -> Page[a.Account]:
        # The accounts entries can be booked on: with a type, not a view of the chart.
        domain: list[Any] = [("company", "=", await self.company_id()), ("type", "!=", None)]
        if query.classes:
            domain.append(["OR", *(("code", "like", f"{c}%") for c in query.classes)])
        records = await self.tryton.search_all(
            "account.account", domain, t.Account.FIELDS, order=[("code", "ASC")]
        )
        accounts = [mappers.to_account(account) for account in parse(t.Account, records)]
        if query.type is not None:
            accounts = [x for x in accounts if x.type is not None and x.type.value == query.type.value]
        chosen = accounts[page_request.offset : page_request.offset + page_request.size]
        return page(chosen, len(accounts), page_request)

    @operation("accounting.accounts.create")
    async def create_account(self, item: a.AccountCreate, query: a.FolderQuery) -> a.Account:
        """A ledger account under the chart's closest account: the one whose number is the
        longest prefix of the new number, whose type it takes (PCG numbering)."""
        company = await self.company_id()
        prefixes = [item.number[:n] for n in range(len(item.number) - 1, 0, -1)]
        parents = await self.tryton.search_all(
            "account.account", [("company", "=", company), ("code", "in", prefixes)], PARENT_ACCOUNT_FIELDS
        )
        if not parents:
            raise ProviderRejectedInput(f"No account of the chart is a parent of {item.number!r}")
        parent = max(parents, key=lambda p: len(p.get("code") or ""))
        values = await self.ledger_account_values(item.name, item.number, parent)
        account_id = await self.tryton.create("account.account", values)
        record = await self.tryton.read("account.account", account_id, t.Account.FIELDS)
        return mappers.to_account(parse(t.Account, [record])[0])

    # --- journal entries ---

    @operation("accounting.journal_entries.list")
    async def list_journal_entries(
        self, query: a.JournalEntryQuery, page_request: PageRequest
    ) -> Page[a.JournalEntry]:
        moves, total = await self._search_page(t.Move, "account.move", self._move_domain(query), page_request)
        currency = await self.company_currency()
        return page([mappers.to_journal_entry(move, currency) for move in moves], total, page_request)

    @operation("accounting.journal_entries.get")
    async def get_journal_entry(
        self, journal_entry_id: str, query: a.FolderQuery
    ) -> a.JournalEntryMultiPlans:
        # The multi-plan shape: each item with its analytic lines grouped by plan.
        record = await self.tryton.read(
            "account.move",
            self.numeric_id(journal_entry_id, "journal_entry"),
            [*t.Move.FIELDS, *t.AnalyticMove.FIELDS],
        )
        entry = mappers.to_journal_entry(parse(t.Move, [record])[0], await self.company_currency())
        return mappers.to_journal_entry_multi(entry, parse(t.AnalyticMove, [record])[0])

    @operation("accounting.journal_entries.create")
    async def create_journal_entry(
        self, item: a.JournalEntryCreate, options: a.JournalEntryOptions
    ) -> a.JournalEntryMultiPlans:
        self._check_balanced(item)
        company = await self.company_id()
        lines = [await self._move_line(line) for line in item.items]
        values = {
            "journal": self.numeric_id(item.journal_id, "journal"),
            "company": company,
            "date": item.date,
            "period": await self.period_id(item.date),
            "description": item.reference or item.number,
            "lines": [["create", lines]],
        }
        move_id = await self.tryton.create("account.move", values)
        if item.posted is not False:
            await self._undo_on_failure(
                "account.move", move_id, lambda: self.tryton.call("account.move", "post", move_id)
            )
        return await self.get_journal_entry(str(move_id), a.FolderQuery())

    @staticmethod
    def _check_balanced(item: a.JournalEntryCreate) -> None:
        """Tryton refuses to post an unbalanced move on PostgreSQL, but on SQLite its check
        compares a number with a text parameter and lets it through: Junction checks first."""
        debit = sum((Decimal(str(line.debit)) for line in item.items), Decimal(0))
        credit = sum((Decimal(str(line.credit)) for line in item.items), Decimal(0))
        if abs(debit - credit) >= CENT_TOLERANCE:
            raise ProviderRejectedInput(
                f"The entry is not balanced: debit {debit} and credit {credit} differ"
            )

    async def _move_line(self, line: a.JournalEntryLineCreate) -> dict[str, Any]:
        values: dict[str, Any] = {
            "debit": Decimal(str(line.debit)),
            "credit": Decimal(str(line.credit)),
            "description": line.description,
        }
        code = line.force_general_account or line.account or ""
        if line.account_type in (a.EntryLineType.customer_account, a.EntryLineType.supplier_account):
            party = self.numeric_id(line.account or "", "partner")
            values["party"] = party
            default = (
                "default_account_receivable"
                if line.account_type == a.EntryLineType.customer_account
                else "default_account_payable"
            )
            values["account"] = (
                await self.account_id(line.force_general_account)
                if line.force_general_account
                else await self._party_account(party, default)
            )
        else:
            values["account"] = await self.account_id(code)
        return {k: v for k, v in values.items() if v is not None}

    # --- employees ---

    @operation("accounting.employees.list")
    async def list_employees(self, query: a.FolderQuery, page_request: PageRequest) -> Page[a.Employee]:
        records, total = await self.tryton.search(
            "company.employee",
            [("company", "=", await self.company_id())],
            ["party.name", "active"],
            offset=page_request.offset,
            limit=page_request.size,
        )
        items = [
            a.Employee(id=str(r["id"]), name=r["party"]["name"], active=r.get("active", True))
            for r in records
        ]
        return page(items, total, page_request)
