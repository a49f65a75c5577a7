"""The Tryton connector's ledger operations against a real Tryton 8.2 (a copy of the template,
started for this module): analytic plans, outstanding items, the FEC, miscellaneous operations,
balances, bank accounts and statements, attachments, contacts."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from junction.connectors._framework.errors import ObjectNotFound, ProviderRejectedInput
from junction.connectors._framework.testing import Harness
from junction.sandboxes.tryton.server import RunningTryton
from junction.unified import accounting as a
from junction.unified.common import PageRequest, VatCodeType
from tests.support.tryton import new_client, tryton_harness

DAY = dt.date(2025, 6, 10)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
async def harness(tryton: RunningTryton) -> AsyncIterator[Harness]:
    async with tryton_harness(tryton, DAY) as harness:
        yield harness


async def sale_vat(harness: Harness) -> str:
    codes = await harness.call("accounting.vat_codes.list", a.FolderQuery(), PageRequest(size=100))
    return str(next(c.id for c in codes.items if c.rate == 20 and c.type == VatCodeType.sale))


def line_fields(vat: str) -> dict[str, Any]:
    return {
        "description": "Prestation",
        "unit_price": 100,
        "quantity": 1,
        "untaxed_amount": 100,
        "tax_rate": 20,
        "tax_amount": 20,
        "total": 120,
        "account_number": "706",
        "tax_code": vat,
    }


def invoice_fields(client_id: str, day: dt.date) -> dict[str, Any]:
    return {
        "invoice_type": a.InvoiceType.customer_invoice,
        "currency": "EUR",
        "untaxed_amount": 100,
        "tax_amount": 20,
        "total": 120,
        "invoice_date": day,
        "due_date": day + dt.timedelta(days=30),
        "partner_id": client_id,
    }


async def invoice_120(harness: Harness, client_id: str, day: dt.date = DAY) -> a.Invoice:
    """A posted customer invoice of 100.00 + 20 % VAT."""
    line = a.InvoiceLineCreate(**line_fields(await sale_vat(harness)))
    item = a.InvoiceCreate(**invoice_fields(client_id, day), lines=[line])
    invoice: a.Invoice = await harness.call("accounting.invoices.create", item, a.InvoiceCreateOptions())
    return invoice


async def pay(harness: Harness, invoice_id: str, amount: float) -> None:
    methods = await harness.call("accounting.payment_methods.list", a.FolderQuery(), PageRequest())
    payment = a.InvoicePaymentCreate(
        date=DAY,
        payment_method_id=str(methods.items[0].id),
        currency="EUR",
        items=[a.InvoicePaymentShare(invoice_id=invoice_id, amount=amount)],
    )
    await harness.call("accounting.invoice_payments.create", payment, a.FolderQuery())


async def open_items_of(harness: Harness, partner_id: str) -> list[a.Outstanding]:
    query = a.OutstandingQuery(type=a.OutstandingType.client, unposted_allowed=False)
    found = []
    number = 1
    while True:
        page = await harness.call("accounting.outstandings.list", query, PageRequest(page=number, size=100))
        found += [item for item in page.items if item.partner_id == partner_id]
        if number * 100 >= page.total:
            return found
        number += 1


async def misc_journal(harness: Harness) -> str:
    journals = await harness.call("accounting.journals.list", a.FolderQuery(), PageRequest(size=100))
    return str(next(j.id for j in journals.items if j.code == "MISC"))


def misc_line(amount: float, account: str, **extra: Any) -> a.MiscellaneousOperationLine:
    kind = extra.pop("type", a.MiscellaneousOperationLineType.general_account)
    return a.MiscellaneousOperationLine(amount=amount, type=kind, account_number=account, **extra)


async def test_an_outstanding_shrinks_with_a_partial_payment_and_goes_when_paid(harness: Harness) -> None:
    client = await new_client(harness)
    invoice = await invoice_120(harness, str(client.id))

    before = await open_items_of(harness, str(client.id))
    await pay(harness, str(invoice.id), 50)
    halfway = await open_items_of(harness, str(client.id))
    await pay(harness, str(invoice.id), 70)
    after = await open_items_of(harness, str(client.id))

    assert [(o.amount, o.open_amount, o.number) for o in before] == [(120.0, 120.0, invoice.invoice_number)]
    assert before[0].due_date == DAY + dt.timedelta(days=30)
    assert before[0].original_document is not None
    assert before[0].original_document.id == invoice.id
    assert [(o.amount, o.open_amount) for o in halfway] == [(120.0, 70.0)]
    assert after == []


async def test_a_fec_export_of_a_day_is_balanced_and_shows_the_invoice_accounts(harness: Harness) -> None:
    # A day of its own, in another fiscal year: Tryton numbers invoices in date order per year.
    day = dt.date(2027, 3, 12)
    client = await new_client(harness)
    invoice = await invoice_120(harness, str(client.id), day)

    rows = await harness.call("accounting.fec.export", a.FecQuery(date_from=day, date_to=day))

    assert {r.CompteNum: (r.Debit, r.Credit) for r in rows} == {
        "4111": (120.0, 0.0),
        "44571": (0.0, 20.0),
        "706": (0.0, 100.0),
    }
    assert sum(r.Debit for r in rows) == sum(r.Credit for r in rows)
    assert {r.PieceRef for r in rows} == {invoice.invoice_number}
    assert {r.JournalCode for r in rows} == {"REV"}
    assert [r.CompAuxLib for r in rows if r.CompteNum == "4111"] == [client.name]
    assert all(r.EcritureDate == day and r.ValidDate is not None and r.Idevise == "EUR" for r in rows)


async def test_an_analytic_account_created_under_a_plan_is_listed_under_it(harness: Harness) -> None:
    plans = await harness.call("accounting.analytic_plans.list", a.FolderQuery(), PageRequest())
    projects = next(p for p in plans.items if p.name == "Projets")
    code = secrets.token_hex(3).upper()

    created = await harness.call(
        "accounting.analytic_accounts.create_multi_plans",
        projects.id,
        a.AnalyticAccountCreate(code=code, name="Chantier Nantes", currency="EUR"),
        a.FolderQuery(),
    )
    renamed = await harness.call(
        "accounting.analytic_accounts.update_multi_plans",
        created.id,
        projects.id,
        a.AnalyticAccountUpdate(name="Chantier Nantes Est"),
        a.FolderQuery(),
    )
    every = await harness.call(
        "accounting.analytic_accounts.list_multi_plans", a.FolderQuery(), PageRequest(size=100)
    )
    default_plan = await harness.call("accounting.analytic_accounts.list", a.FolderQuery(), PageRequest())

    assert [p.name for p in plans.items] == ["Départements", "Projets"]
    assert (created.analytic_plan, created.code, created.currency) == (projects.id, code, "EUR")
    assert (renamed.name, renamed.active) == ("Chantier Nantes Est", True)
    assert {(x.id, x.analytic_plan) for x in every.items} >= {(created.id, projects.id)}
    assert {x.name for x in default_plan.items} >= {"Ventes", "Production"}
    assert created.id not in {x.id for x in default_plan.items}
    with pytest.raises(ObjectNotFound):
        await harness.call("accounting.analytic_accounts.get", created.id, a.FolderQuery())


async def test_an_invoice_spread_over_two_plans_keeps_its_distribution_in_the_books(harness: Harness) -> None:
    plans = await harness.call("accounting.analytic_plans.list", a.FolderQuery(), PageRequest())
    departments, projects = (
        next(p.id for p in plans.items if p.name == n) for n in ("Départements", "Projets")
    )
    accounts = await harness.call("accounting.analytic_accounts.list", a.FolderQuery(), PageRequest())
    sales = next(x for x in accounts.items if x.name == "Ventes")
    project = await harness.call(
        "accounting.analytic_accounts.create_multi_plans",
        projects,
        a.AnalyticAccountCreate(code=secrets.token_hex(3).upper(), name="Projet X", currency="EUR"),
        a.FolderQuery(),
    )

    def on(plan: str, *shares: tuple[str, float]) -> a.AnalyticDistribution:
        details = [a.AnalyticDistributionDetail(analytic_account=x, percentage=p) for x, p in shares]
        return a.AnalyticDistribution(analytic_plan=plan, analytic_accounts=details)

    client = await new_client(harness)
    fields = line_fields(await sale_vat(harness))
    # An analytic account can be given by its code as well as by its id.
    line = a.InvoiceLineCreateMultiPlans(
        **fields,
        analytic_distribution=[on(departments, (sales.id, 100)), on(projects, (project.code or "", 100))],
    )
    item = a.InvoiceCreateMultiPlans(**invoice_fields(str(client.id), DAY), lines=[line])
    split = a.InvoiceLineCreateMultiPlans(
        **fields, analytic_distribution=[on(departments, (sales.id, 60), (sales.id, 40))]
    )

    invoice = await harness.call("accounting.invoices.create_multi_plans", item, a.InvoiceCreateOptions())
    entries = await harness.call(
        "accounting.journal_entries.list_multi_plans",
        a.JournalEntryQuery(unposted_allowed=False, partner_id=str(client.id)),
        PageRequest(),
    )

    expected = [on(departments, (sales.id, 100)), on(projects, (project.id, 100))]
    assert invoice.lines[0].analytic_distribution == expected
    (entry,) = entries.items
    revenue = next(i for i in entry.items or [] if i.account_number == "706")
    receivable = next(i for i in entry.items or [] if i.account_number == "4111")
    assert revenue.analytic_distribution == expected
    assert receivable.analytic_distribution == []
    fetched = await harness.call("accounting.journal_entries.get", entry.id, a.FolderQuery())
    assert [i.analytic_distribution for i in fetched.items or []] == [
        i.analytic_distribution for i in entry.items or []
    ]
    with pytest.raises(ProviderRejectedInput, match="one analytic account per plan"):
        await harness.call(
            "accounting.invoices.create_multi_plans",
            item.model_copy(update={"lines": [split]}),
            a.InvoiceCreateOptions(),
        )


async def test_a_miscellaneous_operation_round_trips(harness: Harness) -> None:
    journal = await misc_journal(harness)
    suppliers = await harness.call("accounting.suppliers.list", a.PartnerQuery(), PageRequest(size=1))
    supplier_id = str(suppliers.items[0].id)
    analytic = await harness.call("accounting.analytic_accounts.list", a.FolderQuery(), PageRequest(size=1))
    number = f"OD-{secrets.token_hex(3)}"
    item = a.MiscellaneousOperationCreate(
        operation_number=number,
        currency="EUR",
        operation_date=DAY,
        journal_id=journal,
        status=a.MiscellaneousOperationStatusIn.draft,
        lines=[
            misc_line(-80, "6061", description="Électricité juin", analytic_account=analytic.items[0].id),
            misc_line(
                80,
                "4011",
                type=a.MiscellaneousOperationLineType.supplier_account,
                partner_id=supplier_id,
                description="EDF",
            ),
        ],
    )

    created = await harness.call("accounting.miscellaneous_operations.create", item, a.FolderQuery())
    fetched = await harness.call("accounting.miscellaneous_operations.get", created.id, a.FolderQuery())
    listed = await harness.call(
        "accounting.miscellaneous_operations.list",
        a.MiscellaneousOperationQuery(date_from=DAY, date_to=DAY, journal_ids=[journal]),
        PageRequest(size=100),
    )

    assert fetched == created
    assert (created.operation_number, created.status, created.journal_id) == (
        number,
        a.MiscellaneousOperationStatusOut.draft,
        journal,
    )
    assert [
        (x.amount, x.type, x.account_number, x.partner_id, x.analytic_account) for x in created.lines
    ] == [
        (-80.0, a.MiscellaneousOperationLineType.general_account, "6061", None, analytic.items[0].id),
        (80.0, a.MiscellaneousOperationLineType.supplier_account, "4011", supplier_id, None),
    ]
    assert created.id in {x.id for x in listed.items}


async def test_an_unbalanced_or_misdirected_miscellaneous_operation_is_refused(harness: Harness) -> None:
    journal = await misc_journal(harness)
    unbalanced = a.MiscellaneousOperationCreate(
        currency="EUR",
        operation_date=DAY,
        journal_id=journal,
        lines=[misc_line(-80, "6061"), misc_line(70, "5121")],
    )
    not_a_client_account = unbalanced.model_copy(
        update={
            "lines": [
                misc_line(-80, "6061"),
                misc_line(80, "706", type=a.MiscellaneousOperationLineType.customer_account, partner_id="1"),
            ]
        }
    )
    revenue = await harness.call("accounting.journals.list", a.FolderQuery(), PageRequest(size=100))
    wrong_journal = unbalanced.model_copy(
        update={
            "journal_id": next(j.id for j in revenue.items if j.code == "REV"),
            "lines": [misc_line(-80, "6061"), misc_line(80, "5121")],
        }
    )

    with pytest.raises(ProviderRejectedInput, match="not balanced"):
        await harness.call("accounting.miscellaneous_operations.create", unbalanced, a.FolderQuery())
    with pytest.raises(ProviderRejectedInput, match="not a client or supplier account"):
        await harness.call(
            "accounting.miscellaneous_operations.create", not_a_client_account, a.FolderQuery()
        )
    with pytest.raises(ProviderRejectedInput, match="miscellaneous operations"):
        await harness.call("accounting.miscellaneous_operations.create", wrong_journal, a.FolderQuery())


async def test_balances_add_up_the_posted_lines_of_the_accounts_and_the_period(harness: Harness) -> None:
    journal = await misc_journal(harness)
    for day, amount in ((dt.date(2026, 1, 20), 30), (dt.date(2026, 2, 15), 40)):
        item = a.MiscellaneousOperationCreate(
            currency="EUR",
            operation_date=day,
            journal_id=journal,
            lines=[misc_line(-amount, "6063"), misc_line(amount, "5121")],
        )
        await harness.call("accounting.miscellaneous_operations.create", item, a.FolderQuery())
    draft = item.model_copy(update={"status": a.MiscellaneousOperationStatusIn.draft})
    await harness.call("accounting.miscellaneous_operations.create", draft, a.FolderQuery())

    found = await harness.call(
        "accounting.accounts.balances",
        a.AccountBalanceFilter(accounts=["6063"], start="202602", end="202602"),
        a.FolderQuery(),
        PageRequest(),
    )

    (balance,) = [b for b in found.items if b.account_number == "6063"]
    assert (balance.debit, balance.credit, balance.balance) == (70.0, 0.0, 70.0)
    assert (balance.period_debit, balance.period_credit, balance.period_balance) == (40.0, 0.0, 40.0)
    assert all(b.account_number.startswith("6063") for b in found.items)


async def test_a_new_bank_account_takes_statements_and_settles_an_invoice(harness: Harness) -> None:
    iban = "FR1420041010050500013M02606"
    created = await harness.call(
        "accounting.bank_accounts.create",
        a.BankAccountCreate(
            code="BNPX", currency="EUR", account_name="Compte courant BNP", iban=iban, bank_name="BNP Paribas"
        ),
        a.FolderQuery(),
    )
    client = await new_client(harness)
    invoice = await invoice_120(harness, str(client.id))
    statement = await harness.call(
        "accounting.bank_transactions.create",
        a.BankStatementCreate(
            bank_statement_date=DAY,
            bank_account_id=created.id,
            currency="EUR",
            external_bank_statement_id="2025061001",
            items=[
                a.BankTransactionCreate(
                    amount=-12.5, description="Frais de tenue", general_ledger_account="6278"
                ),
                a.BankTransactionCreate(amount=99, description="Virement inconnu"),
            ],
        ),
        a.FolderQuery(),
    )
    entry = await harness.call(
        "accounting.financial_entries.create",
        a.FinancialEntryCreate(
            date=DAY,
            journal_id=created.journal_id or "",
            currency="EUR",
            number=f"FE-{secrets.token_hex(3)}",
            items=[
                a.FinancialEntryLine(
                    account_type=a.EntryLineType.customer_account,
                    account=str(client.id),
                    amount=120,
                    automated_matching_number=invoice.invoice_number,
                )
            ],
        ),
        a.FinancialEntryOptions(),
    )
    settled = await harness.call(
        "accounting.invoices.get", invoice.id, a.InvoiceOptions(include_payments=True)
    )
    listed = await harness.call("accounting.bank_accounts.list", a.FolderQuery(), PageRequest())

    assert (created.iban, created.bank_name, created.code) == (iban, "BNP Paribas", "BNPX")
    assert (created.ledger_account or "").startswith("5121")
    assert created.ledger_account != "5121"  # an account of its own
    assert created.id in {b.id for b in listed.items}
    assert [t.amount for t in statement.items] == [-12.5, 99.0]
    assert all(t.id for t in statement.items)
    assert entry.items[0].counterpart_account == created.ledger_account
    assert settled.status == a.InvoiceStatusOut.paid
    assert [p.journal_id for p in settled.payments or []] == [created.journal_id]
    with pytest.raises(ProviderRejectedInput):
        await harness.call(  # Tryton refuses an IBAN that is already some account's
            "accounting.bank_accounts.create",
            a.BankAccountCreate(code="BNPY", currency="EUR", iban=iban, bank_name="BNP Paribas"),
            a.FolderQuery(),
        )


async def test_a_pdf_attached_to_an_invoice_is_read_back_and_replaced_only_when_asked(
    harness: Harness,
) -> None:
    client = await new_client(harness)
    invoice = await invoice_120(harness, str(client.id))
    first = a.AttachmentCreate(base64_string=base64.b64encode(PDF).decode(), name="facture")
    second = a.AttachmentCreate(base64_string=base64.b64encode(PDF + b"%v2\n").decode())
    query = a.AttachmentQuery(type=a.DocumentType.invoice, document_id=str(invoice.id))

    await harness.call("accounting.attachments.add", invoice.id, first, a.AttachmentOptions())
    attached = await harness.call("accounting.attachments.list", query, PageRequest())
    with pytest.raises(ProviderRejectedInput, match="overwrite_existing"):
        await harness.call("accounting.attachments.add", invoice.id, second, a.AttachmentOptions())
    await harness.call(
        "accounting.attachments.add", invoice.id, second, a.AttachmentOptions(overwrite_existing=True)
    )
    replaced = await harness.call("accounting.attachments.list", query, PageRequest())

    assert [base64.b64decode(x.base64_string) for x in attached.items] == [PDF]
    assert [base64.b64decode(x.base64_string) for x in replaced.items] == [PDF + b"%v2\n"]


async def test_the_contacts_of_a_client_are_its_named_contact_mechanisms(
    harness: Harness, tryton: RunningTryton
) -> None:
    client = await new_client(harness)
    credentials = tryton.credentials
    company = int(credentials["company_id"])
    context = base64.urlsafe_b64encode(json.dumps({"company": company, "companies": [company]}).encode())
    async with httpx.AsyncClient(
        base_url=tryton.url,
        headers={"Authorization": f"Bearer {credentials['api_key']}", "X-Tryton-Context": context.decode()},
        timeout=30,
    ) as rest:
        for kind, value, name in (
            ("email", "marie@example.fr", "Marie Curie"),
            ("mobile", "+33 6 12 34 56 78", "Marie Curie"),
            ("phone", "+33 2 40 00 00 00", None),
        ):
            response = await rest.post(
                f"/{credentials['database']}/rest/model/party.contact_mechanism",
                json={"party": int(str(client.id)), "type": kind, "value": value, "name": name},
            )
            response.raise_for_status()

    contacts = await harness.call(
        "accounting.contacts.list",
        a.ContactQuery(partner_type=a.PartnerType.client, partner_id=str(client.id)),
        PageRequest(),
    )

    assert [(c.name, c.email, c.mobile) for c in contacts.items] == [
        ("Marie Curie", "marie@example.fr", "+33 6 12 34 56 78")
    ]
    with pytest.raises(ObjectNotFound):
        await harness.call(
            "accounting.contacts.list",
            a.ContactQuery(partner_type=a.PartnerType.supplier, partner_id=str(client.id)),
            PageRequest(),
        )
