"""The Invoicing vertical on Tryton: what maps where is in docs/connectors/tryton.md.

- Contacts are parties, any party but the company's own; customers and suppliers are told by the
  party categories the Accounting side files them under, prospects by an open opportunity.
- Products are variants (`product.product`) of a `product.template`; a product's VAT is the one
  of its accounting category (`account_category`), created per tax when needed.
- Invoices are `account.invoice` (credit notes: negative totals, shown positive here); they are
  written as in Accounting: a draft with every field the desktop client's on_change would fill,
  its total checked, then posted, and deleted when Tryton refuses a step.
- Payments are bank statements in a statement journal (Invoicing's payment methods and bank
  accounts both), read back as the move lines that pay an invoice.

Not done, and why (the manifest's `unsupported`):
- documents.upload: Tryton cannot read a PDF into an invoice (its document_incoming modules are
  not part of this server) and a draft invoice needs a party and an address a bare PDF does not
  give; an attachment (`ir.attachment`) must hang on an existing record.
- payments.update: a posted statement cannot be cancelled or edited in Tryton (draft ->
  validated -> posted only): a recorded payment is corrected by another statement line."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from junction.connectors._framework.base import operation
from junction.connectors._framework.errors import ObjectNotFound, ProviderRejectedInput
from junction.connectors.tryton import invoicing_mappers as im
from junction.connectors.tryton import mappers
from junction.connectors.tryton import types as t
from junction.connectors.tryton.books import (
    CLIENT_CATEGORY,
    SUPPLIER_CATEGORY,
    TrytonBooks,
    identifier_values,
    many2one_id,
    mechanism_values,
    page,
    parse,
)
from junction.connectors.tryton.client import Record, check
from junction.unified import invoicing as i
from junction.unified.common import Page, PageRequest, PaymentStatus, VatCodeType

CUSTOMER_TYPES = frozenset({i.InvoiceType.customer_invoice, i.InvoiceType.customer_refund})
REFUND_TYPES = frozenset({i.InvoiceType.customer_refund, i.InvoiceType.supplier_refund})
# The price digits of Tryton's invoice lines (account_invoice: `price_digits`, 4 by default).
PRICE_QUANTUM = Decimal("0.0001")
RATE_TOLERANCE = Decimal("0.001")
PDF_TYPE = "application/pdf"


class TrytonInvoicing(TrytonBooks):
    # --- contacts ---

    async def _company_party(self) -> int:
        return int((await self.company())["party"]["id"])

    async def _prospects(self, party_ids: Sequence[int] | None = None) -> set[int]:
        """The parties with an open opportunity (a lead or an opportunity not yet converted)."""
        domain: list[Any] = [
            ("company", "=", await self.company_id()),
            ("state", "in", list(im.OPEN_OPPORTUNITY_STATES)),
            ("party", "!=", None),
        ]
        if party_ids is not None:
            domain.append(("party", "in", list(party_ids)))
        records = await self.tryton.search_all("sale.opportunity", domain, ["party"])
        return {party for r in records if (party := many2one_id(r.get("party"))) is not None}

    async def _contact_domain(self, contact_type: i.ContactType) -> list[Any]:
        domain: list[Any] = [("id", "!=", await self._company_party())]
        if contact_type == i.ContactType.customer:
            domain.append(("categories", "=", await self.category_id(CLIENT_CATEGORY)))
        elif contact_type == i.ContactType.supplier:
            domain.append(("categories", "=", await self.category_id(SUPPLIER_CATEGORY)))
        elif contact_type == i.ContactType.prospect:
            clients = await self.category_id(CLIENT_CATEGORY)
            domain.append(("id", "in", sorted(await self._prospects())))
            domain.append(("categories", "not where", [("id", "=", clients)]))
        return domain

    async def _to_contacts(self, parties: list[t.Contact]) -> list[i.Contact]:
        prospects = await self._prospects([p.id for p in parties]) if parties else set()
        receivable = await self._default_account_code("default_account_receivable")
        payable = await self._default_account_code("default_account_payable")
        return [
            im.to_contact(p, prospect=p.id in prospects, receivable=receivable, payable=payable)
            for p in parties
        ]

    @operation("invoicing.contacts.list")
    async def invoicing_list_contacts(
        self, query: i.ContactQuery, page_request: PageRequest
    ) -> Page[i.Contact]:
        await self._configuration_codes()
        domain = await self._contact_domain(query.contact_type)
        parties, total = await self._search_page(t.Contact, "party.party", domain, page_request)
        return page(await self._to_contacts(parties), total, page_request)

    @operation("invoicing.contacts.get")
    async def invoicing_get_contact(self, contact_id: str) -> i.Contact:
        await self._configuration_codes()
        record_id = self.numeric_id(contact_id, "contact")
        found = parse(
            t.Contact, await self.tryton.search_all("party.party", [("id", "=", record_id)], t.Contact.FIELDS)
        )
        if not found:
            raise ObjectNotFound("contact", contact_id)
        return (await self._to_contacts(found))[0]

    @operation("invoicing.contacts.create")
    async def invoicing_create_contact(self, item: i.ContactCreate) -> i.Contact:
        """A party, filed under "Clients" and/or "Fournisseurs" as the flags say (a contact
        given no flag at all is a customer). A prospect is a party with an open opportunity, so
        `is_prospect` alone files it under nothing. Tryton's party has no first/last name, birth
        date, gender, currency, comment or parent company: those are not kept."""
        name = item.company_name or " ".join(n for n in (item.first_name, item.last_name) if n)
        if not name.strip():
            raise ProviderRejectedInput("A contact needs company_name, or first_name and last_name")
        categories = []
        if item.is_customer or (item.is_customer is None and not item.is_supplier and not item.is_prospect):
            categories.append(await self.category_id(CLIENT_CATEGORY))
        if item.is_supplier:
            categories.append(await self.category_id(SUPPLIER_CATEGORY))
        addresses = item.addresses or []
        values: dict[str, Any] = {
            "name": name.strip(),
            # The desktop client gives a new party one empty address: an invoice needs one.
            "addresses": [["create", [await self._contact_address(a) for a in addresses] or [{}]]],
        }
        if categories:
            values["categories"] = [["add", categories]]
        mechanisms = mechanism_values(item.email, item.phone, item.mobile)
        if mechanisms:
            values["contact_mechanisms"] = [["create", mechanisms]]
        identifiers = identifier_values(item.vat, item.company_number)
        if identifiers:
            values["identifiers"] = [["create", identifiers]]
        if item.language:
            values["lang"] = await self._lang_id(item.language)
        if item.customer_account_number:
            values["account_receivable"] = await self.account_id(item.customer_account_number)
        if item.supplier_account_number:
            values["account_payable"] = await self.account_id(item.supplier_account_number)
        party_id = await self.tryton.create("party.party", values)
        await self._address_mechanisms(party_id, addresses)
        return await self.invoicing_get_contact(str(party_id))

    async def _contact_address(self, address: i.AddressCreate) -> dict[str, Any]:
        values = await self._address_values(address)
        if address.box:
            # A structured field: the street must be structured too (see `_address_values`).
            if "street_unstructured" in values:
                values["street_name"] = values.pop("street_unstructured")
            values["unit_number"] = address.box
        values["invoice"] = address.address_type == i.AddressType.invoice
        values["delivery"] = address.address_type == i.AddressType.delivery
        return values

    async def _address_mechanisms(self, party_id: int, addresses: list[i.AddressCreate]) -> None:
        """An address's own phone and email: mechanisms linked to the address, written once the
        addresses exist (a nested create cannot point at an address being created)."""
        wanted = [(a, mechanism_values(a.email, a.phone, a.mobile)) for a in addresses]
        if not any(mechanisms for _, mechanisms in wanted):
            return
        record = await self.tryton.read("party.party", party_id, ["addresses"])
        for address_id, (_, mechanisms) in zip(record.get("addresses") or [], wanted, strict=False):
            for mechanism in mechanisms:
                await self.tryton.create(
                    "party.contact_mechanism",
                    {**mechanism, "party": party_id, "address": many2one_id(address_id)},
                )

    async def _lang_id(self, code: str) -> int:
        return await self._one_id(
            "ir.lang", [("code", "=", code)], f"Tryton does not know the language {code!r}"
        )

    # --- products ---

    @operation("invoicing.products.list")
    async def invoicing_list_products(self, page_request: PageRequest) -> Page[i.Product]:
        products, total = await self._search_page(t.Product, "product.product", [], page_request)
        currency = await self.company_currency()
        return page([im.to_product(p, currency) for p in products], total, page_request)

    @operation("invoicing.products.get")
    async def invoicing_get_product(self, product_id: str) -> i.Product:
        record_id = self.numeric_id(product_id, "product")
        record = await self.tryton.read("product.product", record_id, t.Product.FIELDS)
        return im.to_product(parse(t.Product, [record])[0], await self.company_currency())

    @operation("invoicing.products.create")
    async def invoicing_create_product(self, item: i.ProductCreate) -> i.Product:
        """A service (a product of type "goods" needs stock locations to be sold) with one
        variant. Its VAT is its accounting category's: `tax_id` picks (or makes) the category that
        carries exactly that tax; its revenue and expense accounts are the configuration's."""
        currency = await self.company_currency()
        if item.currency and item.currency.upper() != currency:
            raise ProviderRejectedInput(f"Tryton prices products in the company's currency, {currency}")
        variant: dict[str, Any] = {"suffix_code": item.code, "description": item.description}
        if item.cost is not None:
            variant["cost_price"] = Decimal(str(item.cost))
        template: dict[str, Any] = {
            "name": item.name,
            "type": "service",
            "default_uom": await self._uom_id(item.unit or "Unit"),
            "products": [["create", [{k: v for k, v in variant.items() if v is not None}]]],
        }
        if item.unit_price is not None:
            template["list_price"] = Decimal(str(item.unit_price))
        if item.category:
            template["categories"] = [["add", [await self._product_category(item.category)]]]
        if item.tax_id:
            template["account_category"] = await self._tax_category(self.numeric_id(item.tax_id, "tax"))
        template_id = await self.tryton.create("product.template", template)
        created = await self.tryton.read("product.template", template_id, ["products"])
        variants = created.get("products") or []
        if not variants:
            raise ProviderRejectedInput("Tryton created the product without a variant")
        return await self.invoicing_get_product(str(many2one_id(variants[0])))

    async def _uom_id(self, name: str) -> int:
        async def load() -> int:
            found = await self.tryton.search_all(
                "product.uom", ["OR", ("name", "ilike", name), ("symbol", "=", name)], ["name"]
            )
            if not found:
                raise ProviderRejectedInput(f"Tryton has no unit of measure {name!r}")
            return int(found[0]["id"])

        return int(await self._cached(f"uom:{name.lower()}", load))

    async def _product_category(self, name: str) -> int:
        found = await self.tryton.search_all(
            "product.category", [("name", "=", name), ("accounting", "=", False)], ["id"]
        )
        if found:
            return int(found[0]["id"])
        return await self.tryton.create("product.category", {"name": name})

    async def _tax_category(self, tax_id: int) -> int:
        """The accounting category whose only tax is this one (customer side for a sale tax,
        supplier side for a purchase tax), created under the tax's name when there is none."""
        tax = await self.tryton.read("account.tax", tax_id, ["name", "group.kind"])
        group = tax.get("group")
        side = (
            "supplier_taxes"
            if isinstance(group, dict) and group.get("kind") == "purchase"
            else "customer_taxes"
        )
        found = await self.tryton.search_all(
            "product.category",
            [("accounting", "=", True), (side, "=", tax_id)],
            ["customer_taxes", "supplier_taxes"],
        )
        for category in found:
            if category.get(side) == [tax_id]:
                return int(category["id"])
        return await self.tryton.create(
            "product.category", {"name": tax["name"], "accounting": True, side: [["add", [tax_id]]]}
        )

    # --- taxes ---

    async def _top_level_taxes(self) -> list[t.Tax]:
        async def load() -> list[t.Tax]:
            return await self._taxes([("parent", "=", None), ("company", "=", await self.company_id())])

        taxes: list[t.Tax] = await self._cached("top_level_taxes", load)
        return taxes

    @operation("invoicing.taxes.list")
    async def invoicing_list_taxes(self, page_request: PageRequest) -> Page[i.Tax]:
        # As Accounting's VAT codes: the top-level taxes (children are a parent's dated rates).
        domain = [("parent", "=", None), ("company", "=", await self.company_id())]
        taxes, total = await self._search_page(t.Tax, "account.tax", domain, page_request)
        today = dt.date.today()
        return page([im.to_tax(tax, today) for tax in taxes], total, page_request)

    @operation("invoicing.taxes.get")
    async def invoicing_get_tax(self, tax_id: str) -> i.Tax:
        record = await self.tryton.read("account.tax", self.numeric_id(tax_id, "tax"), t.Tax.FIELDS)
        return im.to_tax(parse(t.Tax, [record])[0], dt.date.today())

    # --- invoices ---

    def _invoicing_fields(self, with_lines: bool, with_analytic: bool) -> list[str]:
        fields = list(t.InvoicingInvoice.FIELDS)
        if with_lines:
            fields += [f"lines.{f}" for f in t.PRODUCT_LINE_FIELDS]
            if with_analytic:
                fields += [f"lines.{f}" for f in t.ANALYTIC_LINE_FIELDS]
        return fields

    async def _to_invoicing_invoices(self, records: Sequence[Record], *, with_lines: bool) -> list[i.Invoice]:
        invoices = parse(t.InvoicingInvoice, records)
        rates: dict[int, Decimal] = {}
        if with_lines:
            tax_ids = {tax.id for invoice in invoices for line in invoice.lines for tax in line.taxes}
            day = max((x.invoice_date for x in invoices if x.invoice_date), default=dt.date.today())
            rates = await self._rates(tax_ids, day)
        currency = await self.company_currency()
        return [
            im.to_invoice(x, rates=rates, with_lines=with_lines, company_currency=currency) for x in invoices
        ]

    async def _invoicing_domain(self, query: i.InvoiceQuery) -> list[Any]:
        domain: list[Any] = [("company", "=", await self.company_id())]
        if query.invoice_type != i.InvoiceType.all:
            domain.append(("type", "=", "out" if query.invoice_type in CUSTOMER_TYPES else "in"))
            # A credit note is an invoice with a negative total in Tryton.
            domain.append(("total_amount", "<" if query.invoice_type in REFUND_TYPES else ">=", 0))
        if query.date_from is not None:
            domain.append(("invoice_date", ">=", query.date_from))
        if query.date_to is not None:
            domain.append(("invoice_date", "<=", query.date_to))
        if query.payment_status == PaymentStatus.paid:
            domain.append(("state", "=", "paid"))
        elif query.payment_status == PaymentStatus.unpaid:
            domain.append(("state", "=", "posted"))
        if query.updated_after is not None:
            moment = query.updated_after.astimezone(dt.UTC).replace(tzinfo=None)
            domain.append(["OR", ("write_date", ">=", moment), ("create_date", ">=", moment)])
        return domain

    @operation("invoicing.invoices.list")
    async def invoicing_list_invoices(
        self, query: i.InvoiceQuery, page_request: PageRequest
    ) -> Page[i.Invoice]:
        # The lines come in the same search, but their VAT rates cost another call: only on demand.
        with_lines = query.include_invoice_lines or query.include_analytic_accounts
        records, total = await self.tryton.search(
            "account.invoice",
            await self._invoicing_domain(query),
            self._invoicing_fields(with_lines, query.include_analytic_accounts),
            offset=page_request.offset,
            limit=page_request.size,
            order=[("invoice_date", "ASC"), ("id", "ASC")],
        )
        return page(await self._to_invoicing_invoices(records, with_lines=with_lines), total, page_request)

    @operation("invoicing.invoices.get")
    async def invoicing_get_invoice(self, invoice_id: str, options: i.InvoiceOptions) -> i.InvoiceWithPdf:
        invoice = await self._invoice(invoice_id, with_analytic=options.include_analytic_accounts)
        pdf = await self._invoice_pdf(int(invoice.id)) if options.include_pdf else None
        return i.InvoiceWithPdf(**invoice.model_dump(), pdf=pdf)

    async def _invoice(self, invoice_id: str, *, with_analytic: bool = False) -> i.Invoice:
        record_id = self.numeric_id(invoice_id, "invoice")
        record = await self.tryton.read(
            "account.invoice", record_id, self._invoicing_fields(True, with_analytic)
        )
        (invoice,) = await self._to_invoicing_invoices([record], with_lines=True)
        return invoice

    async def _invoice_pdf(self, invoice_id: int) -> str | None:
        """Tryton renders its invoice report as an OpenDocument file; it converts it to PDF only
        when the report is set to PDF and LibreOffice is on the server (trytond/report/report.py,
        `convert`). Anything but a PDF is not what `pdf` promises: it is left empty then."""
        database = self.context.credentials.get("database") or ""
        response = await self.context.http.request(
            "GET", f"/{database}/rest/report/account.invoice/{invoice_id}"
        )
        check(response, "account.invoice", invoice_id)
        if response.headers.get("content-type", "").split(";")[0].strip() != PDF_TYPE:
            return None
        return base64.b64encode(response.content).decode()

    @operation("invoicing.invoices.create")
    async def invoicing_create_invoice(self, item: i.InvoiceCreate) -> i.Invoice:
        if item.status in (i.InvoiceStatus.paid, i.InvoiceStatus.cancelled):
            raise ProviderRejectedInput(
                "Tryton creates an invoice as a draft or posts it: record its payment with a payment"
            )
        if not item.partner_id:
            raise ProviderRejectedInput("partner_id is required: Tryton invoices a party")
        if not item.lines:
            raise ProviderRejectedInput("An invoice needs at least one line in Tryton")
        customer = item.invoice_type in (
            i.CreateInvoiceType.customer_invoice,
            i.CreateInvoiceType.customer_refund,
        )
        kind = "out" if customer else "in"
        refund = item.invoice_type in (
            i.CreateInvoiceType.customer_refund,
            i.CreateInvoiceType.supplier_refund,
        )
        party = self.numeric_id(item.partner_id, "contact")
        header = {
            "type": kind,
            "company": await self.company_id(),
            "currency": await self.currency_id(item.currency),
            "party": party,
        }
        lines = [await self._line_values(line, header, item.invoice_date, refund) for line in item.lines]
        journal = item.journal_ref.id if item.journal_ref and item.journal_ref.id else None
        receivable = "default_account_receivable" if customer else "default_account_payable"
        values: dict[str, Any] = {
            **header,
            "invoice_address": await self.party_address_id(party),
            "account": await self._party_account(party, receivable),
            "journal": self.numeric_id(journal, "journal")
            if journal
            else await self.journal_of_type("revenue" if customer else "expense"),
            "invoice_date": item.invoice_date,
            # Tryton numbers customer invoices itself: a given number is kept as the reference.
            "reference": (item.reference or item.invoice_number)
            if customer
            else (item.invoice_number or item.reference),
            "description": item.customer_memo,
            # Without a payment term Tryton makes the whole amount due on this date.
            "payment_term_date": item.due_date,
            # A customer invoice's payment reference is computed by Tryton from its number.
            "supplier_payment_reference": None if customer else item.payment_communication,
            "lines": [["create", lines]],
        }
        invoice_id = await self.tryton.create(
            "account.invoice", {k: v for k, v in values.items() if v is not None}
        )
        await self._undo_on_failure(
            "account.invoice", invoice_id, lambda: self._check_total(invoice_id, item.total)
        )
        if item.status == i.InvoiceStatus.posted:
            await self._undo_on_failure(
                "account.invoice", invoice_id, lambda: self.tryton.call("account.invoice", "post", invoice_id)
            )
        return await self._invoice(str(invoice_id))

    async def _line_values(
        self, line: i.InvoiceLineCreate, header: dict[str, Any], day: dt.date, refund: bool
    ) -> dict[str, Any]:
        """An invoice line as the desktop client fills it: its account (the given one, else the
        product's category's, else the configuration's default), its taxes (the given tax, else
        a tax of the given rate, else the product's) and, for a product, its unit."""
        customer = header["type"] == "out"
        product = await self._line_product(line)
        category = product.get("template", {}).get("account_category") if product else None
        if line.account_number:
            account = await self.account_id(line.account_number)
        else:
            own = many2one_id((category or {}).get("account_revenue" if customer else "account_expense"))
            account = own or await self.default_account(
                "default_category_account_revenue" if customer else "default_category_account_expense"
            )
        product_taxes = list((category or {}).get("customer_taxes" if customer else "supplier_taxes") or [])
        if line.tax_id:
            taxes = [self.numeric_id(line.tax_id, "tax")]
        elif line.tax_rate is not None:
            taxes = await self._taxes_of_rate(Decimal(str(line.tax_rate)), customer, day, product_taxes)
        else:
            taxes = product_taxes
        quantity = Decimal(str(line.quantity))
        price = Decimal(str(line.unit_price))
        if line.discount_amount and quantity:
            # Tryton's base invoice has no discount: the line is priced net of it.
            price = ((price * quantity - Decimal(str(line.discount_amount))) / quantity).quantize(
                PRICE_QUANTUM
            )
        values: dict[str, Any] = {
            "type": "line",
            "description": line.description or line.product_name or (product or {}).get("rec_name") or "-",
            "quantity": float(-quantity if refund else quantity),
            "unit_price": price,
            "account": account,
            "taxes": [["add", taxes]],
            "company": header["company"],
            "currency": header["currency"],
            "invoice_type": header["type"],
            "party": header["party"],
        }
        if product:
            values["product"] = product["id"]
            uom = product.get("template", {}).get("default_uom")
            values["unit"] = (
                await self._uom_id(line.unit_of_measure) if line.unit_of_measure else many2one_id(uom)
            )
        elif line.unit_of_measure:
            values["unit"] = await self._uom_id(line.unit_of_measure)
        return values

    async def _line_product(self, line: i.InvoiceLineCreate) -> Record | None:
        fields = [
            "rec_name",
            "template.default_uom",
            "template.account_category.account_revenue",
            "template.account_category.account_expense",
            "template.account_category.customer_taxes",
            "template.account_category.supplier_taxes",
        ]
        if line.product_id:
            return await self.tryton.read(
                "product.product", self.numeric_id(line.product_id, "product"), fields
            )
        if line.product_code:
            found = await self.tryton.search_all(
                "product.product", [("code", "=", line.product_code)], fields
            )
            if not found:
                raise ProviderRejectedInput(f"Tryton has no product with the code {line.product_code!r}")
            return found[0]
        return None

    async def _taxes_of_rate(
        self, rate: Decimal, customer: bool, day: dt.date, product_taxes: list[int]
    ) -> list[int]:
        """A line given a rate and no tax: the product's taxes when they make that rate, else
        the first sale (purchase) tax of that rate on the invoice's day; none for 0 % when there
        is no such tax."""
        taxes = await self._top_level_taxes()
        if product_taxes:
            own = sum((mappers.effective_rate(x, day) for x in taxes if x.id in product_taxes), Decimal(0))
            if abs(own * 100 - rate) < RATE_TOLERANCE:
                return product_taxes
        kinds = {VatCodeType.sale if customer else VatCodeType.purchase, VatCodeType.both}
        for tax in taxes:
            matches = abs(mappers.effective_rate(tax, day) * 100 - rate) < RATE_TOLERANCE
            if matches and tax.active and im.tax_kind(tax) in kinds:
                return [tax.id]
        if rate == 0:
            return []
        side = "sale" if customer else "purchase"
        raise ProviderRejectedInput(f"Tryton has no {side} tax of {rate} % on {day.isoformat()}: give tax_id")

    # --- opportunities ---

    @operation("invoicing.opportunities.list")
    async def invoicing_list_opportunities(self, page_request: PageRequest) -> Page[i.Opportunity]:
        domain = [("company", "=", await self.company_id())]
        found, total = await self._search_page(t.Opportunity, "sale.opportunity", domain, page_request)
        return page([im.to_opportunity(o) for o in found], total, page_request)

    @operation("invoicing.opportunities.get")
    async def invoicing_get_opportunity(self, opportunity_id: str) -> i.Opportunity:
        record_id = self.numeric_id(opportunity_id, "opportunity")
        record = await self.tryton.read("sale.opportunity", record_id, t.Opportunity.FIELDS)
        return im.to_opportunity(parse(t.Opportunity, [record])[0])

    # --- payments ---

    async def _payments(self, lines: list[t.InvoicePaymentLine]) -> list[i.Payment]:
        """The payments, with the statement journal each was recorded in (its origin is a
        statement line; REST cannot read through a Reference field, so a second search)."""
        origins = {}
        for line in lines:
            model, _, record_id = (line.origin or "").partition(",")
            if model == "account.statement.line" and record_id.isdigit():
                origins[line.id] = int(record_id)
        statements: dict[int, t.PaymentStatementLine] = {}
        if origins:
            records = await self.tryton.search_all(
                "account.statement.line",
                [("id", "in", sorted(set(origins.values())))],
                t.PaymentStatementLine.FIELDS,
            )
            statements = {r.id: r for r in parse(t.PaymentStatementLine, records)}
        currency = await self.company_currency()
        return [
            im.to_payment(line, currency, statements.get(origins[line.id]) if line.id in origins else None)
            for line in lines
        ]

    @operation("invoicing.payments.list")
    async def invoicing_list_payments(
        self, query: i.PaymentQuery, page_request: PageRequest
    ) -> Page[i.Payment]:
        """Every move line that pays an invoice (a statement line, or Tryton's "pay" wizard)."""
        domain: list[Any] = [("invoice_payment", "!=", None), ("move.company", "=", await self.company_id())]
        if query.date_from is not None:
            domain.append(("date", ">=", query.date_from))
        if query.date_to is not None:
            domain.append(("date", "<=", query.date_to))
        records, total = await self.tryton.search(
            "account.move.line",
            domain,
            t.InvoicePaymentLine.FIELDS,
            offset=page_request.offset,
            limit=page_request.size,
            order=[("date", "ASC"), ("id", "ASC")],
        )
        return page(await self._payments(parse(t.InvoicePaymentLine, records)), total, page_request)

    @operation("invoicing.payments.create")
    async def invoicing_create_payment(self, item: i.PaymentCreate) -> i.Payment:
        """As Accounting's invoice payments: a statement line related to the invoice, posted.
        Without a payment method, the first statement journal in the invoice's currency."""
        invoice_id = self.numeric_id(item.invoice_id, "invoice")
        invoice = await self.tryton.read("account.invoice", invoice_id, ["number", "currency.code"])
        currency = invoice["currency"]["code"]
        if item.currency.upper() != currency:
            raise ProviderRejectedInput(f"The invoice is in {currency}: pay it in {currency}")
        if item.payment_method_id:
            journal = self.numeric_id(item.payment_method_id, "payment_method")
        else:
            journal = await self._statement_journal(currency)
        statement_id = await self._pay_by_statement(
            journal,
            item.date,
            [(invoice_id, Decimal(str(item.amount)))],
            name=item.description or f"Junction {item.date.isoformat()}",
            number=invoice.get("number") or "1",
            description=item.description,
        )
        statement_lines = await self.tryton.search_all(
            "account.statement.line", [("statement", "=", statement_id)], ["id"]
        )
        origins = [f"account.statement.line,{r['id']}" for r in statement_lines]
        records = await self.tryton.search_all(
            "account.move.line",
            [("origin", "in", origins), ("invoice_payment", "=", invoice_id)],
            t.InvoicePaymentLine.FIELDS,
        )
        payments = await self._payments(parse(t.InvoicePaymentLine, records))
        if not payments:
            raise ProviderRejectedInput("Tryton posted the statement but booked no payment of the invoice")
        return payments[0]

    async def _statement_journal(self, currency: str) -> int:
        found = await self.tryton.search_all(
            "account.statement.journal",
            [("company", "=", await self.company_id()), ("currency.code", "=", currency)],
            ["id"],
        )
        if not found:
            raise ProviderRejectedInput(
                f"Tryton has no statement journal in {currency} to record a payment in"
            )
        return int(found[0]["id"])

    # --- payment methods, bank accounts, bank transactions ---

    async def _statement_journals(self, page_request: PageRequest) -> tuple[list[t.StatementJournal], int]:
        domain = [("company", "=", await self.company_id())]
        return await self._search_page(t.StatementJournal, "account.statement.journal", domain, page_request)

    @operation("invoicing.payment_methods.list")
    async def invoicing_list_payment_methods(self, page_request: PageRequest) -> Page[i.PaymentMethod]:
        journals, total = await self._statement_journals(page_request)
        return page([im.to_payment_method(j) for j in journals], total, page_request)

    @operation("invoicing.bank_accounts.list")
    async def invoicing_list_bank_accounts(self, page_request: PageRequest) -> Page[i.BankAccount]:
        journals, total = await self._statement_journals(page_request)
        return page([im.to_bank_account(j) for j in journals], total, page_request)

    @operation("invoicing.bank_transactions.list")
    async def invoicing_list_bank_transactions(
        self, query: i.BankTransactionQuery, page_request: PageRequest
    ) -> Page[i.BankTransaction]:
        """The lines of the bank account's (statement journal's) statements; a posted
        statement's lines are done, a draft or validated one's still draft."""
        journal = self.numeric_id(query.bank_account_id, "bank_account")
        domain: list[Any] = [("statement.journal", "=", journal), ("statement.state", "!=", "cancelled")]
        if query.date_from is not None:
            domain.append(("date", ">=", query.date_from))
        if query.date_to is not None:
            domain.append(("date", "<=", query.date_to))
        if query.status == i.BankTransactionStatus.done:
            domain.append(("statement.state", "=", "posted"))
        elif query.status == i.BankTransactionStatus.draft:
            domain.append(("statement.state", "in", ["draft", "validated"]))
        records, total = await self.tryton.search(
            "account.statement.line",
            domain,
            t.StatementLine.FIELDS,
            offset=page_request.offset,
            limit=page_request.size,
            order=[("date", "ASC"), ("id", "ASC")],
        )
        lines = parse(t.StatementLine, records)
        return page([im.to_bank_transaction(line) for line in lines], total, page_request)
