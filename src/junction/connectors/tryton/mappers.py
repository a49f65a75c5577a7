"""Tryton records to unified accounting models. Pure functions: no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from junction.connectors.tryton import types as t
from junction.unified import accounting as a
from junction.unified.common import VatCodeScope, VatCodeType

CENT = Decimal("0.01")

# Tryton's journal types (account/journal.py) and what the contract calls them.
JOURNAL_TYPES: dict[str, a.JournalType] = {
    "revenue": a.JournalType.customer_invoice,
    "expense": a.JournalType.supplier_invoice,
    "cash": a.JournalType.financial_operation,
    "statement": a.JournalType.financial_operation,
    "general": a.JournalType.miscellaneous_operation,
    "situation": a.JournalType.miscellaneous_operation,
}
JOURNAL_CREATE_TYPES: dict[a.JournalCreateType, str] = {
    a.JournalCreateType.customer_invoice: "revenue",
    a.JournalCreateType.customer_refund: "revenue",
    a.JournalCreateType.supplier_invoice: "expense",
    a.JournalCreateType.supplier_refund: "expense",
    a.JournalCreateType.bank: "cash",
    a.JournalCreateType.cash: "cash",
    a.JournalCreateType.miscellaneous_operation: "general",
}
INVOICE_STATES: dict[str, a.InvoiceStatusOut] = {
    "draft": a.InvoiceStatusOut.draft,
    "validated": a.InvoiceStatusOut.draft,
    "posted": a.InvoiceStatusOut.posted,
    "paid": a.InvoiceStatusOut.paid,
    "cancelled": a.InvoiceStatusOut.cancelled,
}
TAX_KINDS: dict[str, VatCodeType] = {
    "sale": VatCodeType.sale,
    "purchase": VatCodeType.purchase,
    "both": VatCodeType.both,
}


def money(value: Decimal | float | int | None) -> float:
    return float(Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP))


# --- parties ---


def contact_value(party: t.Party, *kinds: str) -> str | None:
    for mechanism in party.contact_mechanisms:
        if mechanism.type in kinds and mechanism.value:
            return mechanism.value
    return None


def identifier(party: t.Party, vat: bool) -> str | None:
    for ident in party.identifiers:
        is_vat = (ident.type or "").endswith("_vat")
        if is_vat == vat and ident.code:
            return ident.code
    return None


def address_out(address: t.Address) -> a.AddressOut:
    return a.AddressOut(
        address_type=a.AddressType.main,
        name=address.party_name,
        number=address.building_number,
        street=address.street,
        city=address.city,
        postal_code=address.postal_code,
        country=address.country.code if address.country else None,
    )


def partner_fields(party: t.Party, account: t.Coded | None) -> dict[str, object]:
    return {
        "id": str(party.id),
        "external_reference": party.code,
        "name": party.name,
        "is_company": True,
        "phone": contact_value(party, "phone"),
        "mobile": contact_value(party, "mobile"),
        "email": contact_value(party, "email"),
        "website": contact_value(party, "website"),
        "language": party.lang.code if party.lang else None,
        "vat": identifier(party, vat=True),
        "company_number": identifier(party, vat=False),
        "active": party.active,
        "account_number": account.code if account else None,
        "last_updated_on": aware(party.write_date or party.create_date),
        "addresses": [address_out(address) for address in party.addresses if address.active is not False],
    }


def to_client(party: t.Party, default_account: str | None) -> a.Client:
    fields = partner_fields(party, party.account_receivable)
    fields["account_number"] = fields["account_number"] or default_account
    return a.Client.model_validate(fields)


def to_supplier(party: t.Party, default_account: str | None) -> a.Supplier:
    fields = partner_fields(party, party.account_payable)
    fields["account_number"] = fields["account_number"] or default_account
    return a.Supplier.model_validate(fields)


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """Tryton stores naive UTC timestamps."""
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


# --- taxes ---


def active_on(tax: t.Tax, day: dt.date) -> bool:
    return (tax.start_date is None or tax.start_date <= day) and (tax.end_date is None or day <= tax.end_date)


def effective_rate(tax: t.Tax, day: dt.date) -> Decimal:
    """A tax's rate on a day. French taxes are often a parent of type "none" whose dated
    children carry the rate (20 % since 2014, 19.6 % before): the children valid that day count."""
    if tax.type == "percentage":
        return tax.rate or Decimal(0)
    return sum((effective_rate(child, day) for child in tax.childs if active_on(child, day)), Decimal(0))


def payable_account(tax: t.Tax, day: dt.date) -> str | None:
    if tax.invoice_account is not None:
        return tax.invoice_account.code
    for child in tax.childs:
        if active_on(child, day) and child.invoice_account is not None:
            return child.invoice_account.code
    return None


def to_vat_code(tax: t.Tax, today: dt.date) -> a.VatCode:
    kind = TAX_KINDS.get((tax.group.kind if tax.group else None) or "", VatCodeType.unknown)
    account = payable_account(tax, today)
    reverse_charged = any(child.rate is not None and child.rate < 0 for child in tax.childs)
    return a.VatCode(
        id=str(tax.id),
        code=str(tax.id),
        label=tax.name,
        active=tax.active,
        rate=float(effective_rate(tax, today) * 100),
        type=kind,
        scope=VatCodeScope.unknown,
        deductible_account=account if kind == VatCodeType.purchase else None,
        payable_account=account if kind != VatCodeType.purchase else None,
        reversed=reverse_charged,
    )


# --- invoices ---


def is_refund(invoice: t.Invoice) -> bool:
    return invoice.total_amount < 0


def refund_sign(invoice: t.Invoice) -> Decimal:
    """A credit note is a Tryton invoice with negative quantities; the contract shows refunds
    with positive amounts and says "refund" in their type."""
    return Decimal(-1) if is_refund(invoice) else Decimal(1)


def invoice_type(invoice: t.Invoice) -> a.InvoiceType:
    refund = is_refund(invoice)
    if invoice.type == "out":
        return a.InvoiceType.customer_refund if refund else a.InvoiceType.customer_invoice
    return a.InvoiceType.supplier_refund if refund else a.InvoiceType.supplier_invoice


def invoice_line(
    line: t.InvoiceLine, number: int, rates: dict[int, Decimal], sign: Decimal = Decimal(1)
) -> a.InvoiceLine:
    rate = sum((rates.get(tax.id, Decimal(0)) for tax in line.taxes), Decimal(0))
    untaxed = sign * Decimal(line.amount)
    tax_amount = (untaxed * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return a.InvoiceLine(
        line_number=number,
        description=line.description or "",
        unit_price=money(line.unit_price),
        quantity=float(sign * Decimal(str(line.quantity or 0))),
        unit_of_measure=line.unit.name if line.unit else None,
        untaxed_amount=money(untaxed),
        tax_rate=float(rate * 100),
        tax_amount=money(tax_amount),
        total=money(untaxed + tax_amount),
        account_number=line.account.code if line.account else None,
        tax_code=str(line.taxes[0].id) if line.taxes else None,
    )


def due_dates(invoice: t.Invoice) -> list[a.InvoiceDueDate]:
    sign = (-1 if invoice.type == "in" else 1) * refund_sign(invoice)
    return [
        a.InvoiceDueDate(due_date=line.maturity_date, amount=money(sign * (line.debit - line.credit)))
        for line in invoice.lines_to_pay
        if line.maturity_date is not None
    ]


def payment(line: t.PaymentLine, invoice: t.Invoice, currency: str) -> a.Payment:
    amount = (line.credit - line.debit) if invoice.type == "out" else (line.debit - line.credit)
    amount *= refund_sign(invoice)
    journal = line.move.journal if line.move else None
    return a.Payment(
        id=str(line.id),
        name=(line.move.number if line.move else None) or line.description or str(line.id),
        currency=currency,
        amount=money(amount),
        dedicated_amount=money(amount),
        payment_date=line.date or invoice.invoice_date or dt.date(1970, 1, 1),
        journal_type=a.JournalType.financial_operation,
        journal_id=str(journal.id) if journal else "",
        journal_name=(journal.name if journal else None) or "",
        reconciled=line.reconciliation is not None,
        communication=line.description,
        matching_number=line.reconciliation.number if line.reconciliation else None,
    )


def to_invoice(
    invoice: t.Invoice,
    *,
    rates: dict[int, Decimal],
    with_lines: bool,
    with_payments: bool,
    partner: a.Partner | None,
    main_currency: str,
) -> a.Invoice:
    invoice_day = invoice.invoice_date or invoice.accounting_date or dt.date(1970, 1, 1)
    dues = due_dates(invoice)
    currency = invoice.currency.code
    sign = refund_sign(invoice)
    return a.Invoice(
        id=str(invoice.id),
        invoice_type=invoice_type(invoice),
        invoice_number=invoice.number,
        reference=invoice.reference,
        customer_memo=invoice.description,
        currency=currency,
        untaxed_amount=money(sign * invoice.untaxed_amount),
        tax_amount=money(sign * invoice.tax_amount),
        total=money(sign * invoice.total_amount),
        invoice_date=invoice_day,
        due_date=min((d.due_date for d in dues), default=invoice_day),
        journal_id=str(invoice.journal.id) if invoice.journal else None,
        payment_term_id=str(invoice.payment_term.id) if invoice.payment_term else None,
        partner_id=str(invoice.party.id),
        partner=partner,
        status=INVOICE_STATES.get(invoice.state, a.InvoiceStatusOut.draft),
        last_updated_on=aware(invoice.write_date or invoice.create_date),
        due_dates=dues,
        lines=[invoice_line(line, n, rates, sign) for n, line in enumerate(lines_of(invoice), 1)]
        if with_lines
        else [],
        payments=[payment(line, invoice, currency) for line in invoice.payment_lines]
        if with_payments
        else None,
        accounting_info=a.AccountingInfo(
            main_currency=main_currency,
            main_currency_total=money(sign * invoice.total_amount),
            account_number=invoice.account.code if invoice.account else None,
        ),
    )


def lines_of(invoice: t.Invoice) -> Iterable[t.InvoiceLine]:
    return (line for line in invoice.lines if line.type == "line")


# --- journals, accounts, moves ---


def to_journal(journal: t.Journal) -> a.Journal:
    return a.Journal(
        id=str(journal.id),
        code=journal.code,
        name=journal.name,
        journal_type=JOURNAL_TYPES.get(journal.type, a.JournalType.unknown),
        blocked=not journal.active,
    )


def account_type(account: t.Account) -> a.AccountType:
    """Tryton's account types are the chart's own (the French chart's balance-sheet headings),
    with flags for receivable, payable, revenue and expense; bank, cash and VAT accounts are told
    by their number in the French chart (512, 53, 445)."""
    code = account.code or ""
    kind = account.type
    if kind is not None and kind.receivable:
        return a.AccountType.receivable
    if kind is not None and kind.payable:
        return a.AccountType.payable
    if code.startswith("512"):
        return a.AccountType.bank
    if code.startswith("53"):
        return a.AccountType.cash
    if code.startswith("445"):
        return a.AccountType.vat
    if kind is not None and kind.revenue:
        return a.AccountType.income
    if kind is not None and kind.expense:
        return a.AccountType.expense
    return a.AccountType.other


def to_account(account: t.Account) -> a.Account:
    return a.Account(
        number=account.code or str(account.id),
        name=account.name,
        active=account.active and not account.closed,
        type=account_type(account),
    )


def to_journal_entry(move: t.Move, currency: str) -> a.JournalEntry:
    return a.JournalEntry(
        id=str(move.id),
        journal_id=str(move.journal.id),
        journal_name=move.journal.name,
        name=move.number,
        reference=move.description,
        date=move.date,
        posted=move.state == "posted",
        due_date=min((line.maturity_date for line in move.lines if line.maturity_date), default=None),
        items=[journal_item(line, currency) for line in move.lines],
    )


def journal_item(line: t.MoveLine, currency: str) -> a.JournalItem:
    return a.JournalItem(
        id=str(line.id),
        account_number=line.account.code or str(line.account.id),
        account_name=line.account.name or "",
        partner_id=str(line.party.id) if line.party else None,
        partner_name=line.party.name if line.party else None,
        description=line.description,
        debit=money(line.debit),
        credit=money(line.credit),
        currency=currency,
        matching_numbers=[line.reconciliation.number]
        if line.reconciliation and line.reconciliation.number
        else [],
    )


def to_book_year(year: t.FiscalYear) -> a.BookYear:
    return a.BookYear(name=year.name, start=year.start_date, end=year.end_date, closed=year.state != "open")


# --- analytic plans and accounts, distributions ---

HUNDRED = Decimal(100)


def to_analytic_plan(root: t.AnalyticAccount) -> a.AnalyticPlan:
    return a.AnalyticPlan(id=str(root.id), name=root.name, active=root.active, parent_id=None)


def analytic_fields(account: t.AnalyticAccount) -> dict[str, object]:
    """Tryton's balance is credit minus debit; the contract's is debit minus credit."""
    return {
        "id": str(account.id),
        "active": account.active,
        "code": account.code,
        "name": account.name,
        "currency": account.currency.code if account.currency else None,
        "debit": money(account.debit),
        "credit": money(account.credit),
        "balance": money(account.debit - account.credit),
    }


def to_analytic_account(account: t.AnalyticAccount) -> a.AnalyticAccount:
    return a.AnalyticAccount.model_validate(analytic_fields(account))


def to_analytic_account_multi(account: t.AnalyticAccount) -> a.AnalyticAccountMultiPlans:
    return a.AnalyticAccountMultiPlans.model_validate(
        {**analytic_fields(account), "analytic_plan": str(account.root or account.id)}
    )


def entries_distribution(entries: Iterable[t.AnalyticEntry]) -> list[a.AnalyticDistribution]:
    """An invoice line's analytic entries: one account per plan (root), all of the line."""
    return [
        a.AnalyticDistribution(
            analytic_plan=str(entry.root.id),
            analytic_accounts=[
                a.AnalyticDistributionDetail(analytic_account=str(entry.account.id), percentage=100)
            ],
        )
        for entry in entries
        if entry.account is not None
    ]


def lines_distribution(line: t.AnalyticMoveLine) -> list[a.AnalyticDistribution]:
    """A move line's analytic lines grouped by plan: each account's share of the line, in %."""
    amount = line.debit - line.credit
    plans: dict[int, dict[int, Decimal]] = {}
    for analytic in line.analytic_lines:
        shares = plans.setdefault(analytic.account.root or 0, {})
        shares[analytic.account.id] = shares.get(analytic.account.id, Decimal(0)) + (
            analytic.debit - analytic.credit
        )
    return [
        a.AnalyticDistribution(
            analytic_plan=str(root),
            analytic_accounts=[
                a.AnalyticDistributionDetail(
                    analytic_account=str(account),
                    percentage=float((share / amount * HUNDRED).quantize(CENT)) if amount else 0.0,
                )
                for account, share in shares.items()
            ],
        )
        for root, shares in plans.items()
    ]


def to_invoice_multi(invoice: a.Invoice, analytic: t.AnalyticInvoice) -> a.InvoiceMultiPlans:
    """The mono-plan invoice with each line's analytic distribution instead of one account."""
    lines = [line for line in analytic.lines if line.type == "line"]
    fields = invoice.model_dump(exclude={"lines"})
    fields["lines"] = [
        a.InvoiceLineMultiPlans.model_validate(
            {
                **line.model_dump(exclude={"analytic_account"}),
                "analytic_distribution": entries_distribution(entries.analytic_accounts),
            }
        )
        for line, entries in zip(invoice.lines, lines, strict=False)
    ]
    return a.InvoiceMultiPlans.model_validate(fields)


def to_journal_entry_multi(entry: a.JournalEntry, analytic: t.AnalyticMove) -> a.JournalEntryMultiPlans:
    fields = entry.model_dump(exclude={"items"})
    fields["items"] = [
        a.JournalItemMultiPlans.model_validate(
            {
                **item.model_dump(exclude={"analytic_account", "analytic_account_name"}),
                "analytic_distribution": lines_distribution(line),
            }
        )
        for item, line in zip(entry.items or [], analytic.lines, strict=False)
    ]
    return a.JournalEntryMultiPlans.model_validate(fields)


# --- outstanding items ---

INVOICE_JOURNAL_TYPES: dict[a.InvoiceType, a.JournalType] = {
    a.InvoiceType.customer_invoice: a.JournalType.customer_invoice,
    a.InvoiceType.customer_refund: a.JournalType.customer_refund,
    a.InvoiceType.supplier_invoice: a.JournalType.supplier_invoice,
    a.InvoiceType.supplier_refund: a.JournalType.supplier_refund,
}


def origin_id(origin: str | None, model: str) -> int | None:
    """(`account.invoice,12`, `account.invoice`) -> 12: the record of that model a move comes
    from (an invoice, a statement), if it comes from one."""
    kind, _, record = (origin or "").partition(",")
    return int(record) if kind == model and record.isdigit() else None


def invoice_id_of(origin: str | None) -> int | None:
    return origin_id(origin, "account.invoice")


def open_amounts(invoice: t.OpenInvoice) -> dict[int, Decimal]:
    """What is left to pay of each unreconciled installment of an invoice, in the sign of its
    line (debit positive). Tryton knows only the invoice's whole `amount_to_pay`: the payments
    linked to the invoice settle its installments earliest first."""
    installments = sorted(
        (line for line in invoice.lines_to_pay if line.reconciliation is None),
        key=lambda line: (line.maturity_date or dt.date.max, line.id),
    )
    due = sum((line.debit - line.credit for line in installments), Decimal(0))
    to_pay = invoice.amount_to_pay if invoice.type == "out" else -invoice.amount_to_pay
    paid = due - to_pay
    found = {}
    for line in installments:
        amount = line.debit - line.credit
        settled = max(min(paid, amount), Decimal(0)) if amount > 0 else min(max(paid, amount), Decimal(0))
        found[line.id] = amount - settled
        paid -= settled
    return found


def open_invoice_type(invoice: t.OpenInvoice) -> a.InvoiceType:
    refund = invoice.total_amount < 0
    if invoice.type == "out":
        return a.InvoiceType.customer_refund if refund else a.InvoiceType.customer_invoice
    return a.InvoiceType.supplier_refund if refund else a.InvoiceType.supplier_invoice


def to_outstanding(
    line: t.LedgerLine,
    kind: a.OutstandingType,
    *,
    currency: str,
    invoice: t.OpenInvoice | None,
    open_amount: Decimal | None,
) -> a.Outstanding:
    """An unreconciled receivable (payable) line. Amounts are what the client owes (what is owed
    to the supplier): a payment not yet matched is negative."""
    sign = Decimal(1) if kind == a.OutstandingType.client else Decimal(-1)
    amount = (line.debit - line.credit) * sign
    still_open = (open_amount if open_amount is not None else line.debit - line.credit) * sign
    rate = Decimal(1)
    if line.second_currency is not None and line.amount_second_currency:
        rate = abs((line.debit - line.credit) / line.amount_second_currency)
        currency = line.second_currency.code
        amount = (amount / rate).quantize(CENT)
        still_open = (still_open / rate).quantize(CENT)
    move = line.move
    journal_type = JOURNAL_TYPES.get(move.journal.type or "", a.JournalType.unknown)
    original = None
    if invoice is not None:
        journal_type = INVOICE_JOURNAL_TYPES[open_invoice_type(invoice)]
        original = a.OriginalDocument(
            id=str(invoice.id),
            number=invoice.number,
            journal_id=str(move.journal.id),
            journal_type=journal_type,
            date=invoice.invoice_date or move.date,
            due_date=line.maturity_date,
            reference=invoice.reference,
        )
    return a.Outstanding(
        id=str(line.id),
        number=(invoice.number if invoice else None) or move.number,
        journal_id=str(move.journal.id),
        journal_type=journal_type,
        date=move.date,
        due_date=line.maturity_date,
        due_dates=[a.OutstandingDueDate(due_date=line.maturity_date, amount=money(still_open))]
        if line.maturity_date
        else [],
        currency=currency,
        currency_exchange_rate=float(rate),
        amount=money(amount),
        open_amount=money(still_open),
        partner_id=str(line.party.id) if line.party else "",
        account_number=line.account.code or str(line.account.id),
        reference=(invoice.reference if invoice else None) or move.description or line.description,
        matching_numbers=[],
        payment_communication=(invoice.customer_payment_reference or invoice.supplier_payment_reference)
        if invoice
        else None,
        posted=move.state == "posted",
        original_document=original,
    )


# --- FEC ---


def to_fec_entry(line: t.LedgerLine, *, currency: str, piece: tuple[str, dt.date] | None) -> a.FecEntry:
    """One FEC row (article A47 A-1 of the LPF). The piece is the document the move books when
    there is one (an invoice's number and date, a statement's name and date), else the move's
    description (or number) and date."""
    move = line.move
    number = move.number or str(move.id)
    piece_ref, piece_date = piece or ((move.description or number), move.date)
    amount = line.debit + line.credit
    if line.second_currency is not None and line.amount_second_currency is not None:
        amount, currency = abs(line.amount_second_currency), line.second_currency.code
    return a.FecEntry(
        JournalCode=move.journal.code or str(move.journal.id),
        JournalLib=move.journal.name or "",
        EcritureNum=number,
        EcritureDate=move.date,
        CompteNum=line.account.code or str(line.account.id),
        CompteLib=line.account.name or "",
        CompAuxNum=(line.party.code or str(line.party.id)) if line.party else "",
        CompAuxLib=(line.party.name or "") if line.party else "",
        PieceRef=piece_ref,
        PieceDate=piece_date,
        Debit=money(line.debit),
        Credit=money(line.credit),
        EcritureLet=(line.reconciliation.number or "") if line.reconciliation else "",
        DateLet=line.reconciliation.date if line.reconciliation else None,
        ValidDate=move.post_date,
        Montantdevise=money(amount),
        Idevise=currency,
    )


# --- miscellaneous operations ---

MISC_STATES: dict[str, a.MiscellaneousOperationStatusOut] = {
    "draft": a.MiscellaneousOperationStatusOut.draft,
    "posted": a.MiscellaneousOperationStatusOut.posted,
}


def misc_line_type(account: t.MiscAccount) -> a.MiscellaneousOperationLineType:
    kind = account.type
    if kind is not None and kind.receivable:
        return a.MiscellaneousOperationLineType.customer_account
    if kind is not None and kind.payable:
        return a.MiscellaneousOperationLineType.supplier_account
    return a.MiscellaneousOperationLineType.general_account


def to_misc_operation(move: t.MiscMove, currency: str) -> a.MiscellaneousOperation:
    """The operation's number is the one it was given, kept as the move's description (Tryton
    numbers the move itself when it posts it), else Tryton's number. Amounts are positive for a
    credit; lines in the order they were written."""
    return a.MiscellaneousOperation(
        id=str(move.id),
        operation_number=move.description or move.number,
        currency=currency,
        currency_exchange_rate=1,
        operation_date=move.date,
        journal_id=str(move.journal.id),
        status=MISC_STATES.get(move.state, a.MiscellaneousOperationStatusOut.draft),
        lines=[
            a.MiscellaneousOperationLine(
                line_number=number,
                description=line.description,
                amount=money(line.credit - line.debit),
                type=misc_line_type(line.account),
                account_number=line.account.code or str(line.account.id),
                partner_id=str(line.party) if line.party else None,
                analytic_account=str(line.analytic_lines[0].account)
                if line.analytic_lines and line.analytic_lines[0].account
                else None,
            )
            for number, line in enumerate(sorted(move.lines, key=lambda x: x.id), 1)
        ],
    )


# --- bank accounts ---


def to_bank_account(journal: t.BankJournal, unallocated: str | None) -> a.BankAccount:
    numbers = journal.bank_account.numbers if journal.bank_account else []
    iban = next((n.number_compact or n.number for n in numbers if n.type == "iban"), None)
    other = next((n.number for n in numbers if n.type != "iban"), None)
    bank = journal.bank_account.bank if journal.bank_account else None
    return a.BankAccount(
        id=str(journal.id),
        code=journal.journal.code if journal.journal else None,
        currency=journal.currency.code if journal.currency else None,
        account_name=journal.name,
        account_number=other or iban,
        iban=iban,
        bank_name=bank.party.name if bank and bank.party else None,
        journal_id=str(journal.journal.id) if journal.journal else None,
        ledger_account=journal.account.code if journal.account else None,
        unallocated_account=unallocated,
    )


# --- contacts ---


def to_contacts(mechanisms: Iterable[t.ContactMechanism]) -> list[a.Contact]:
    """A party's contact persons: its contact mechanisms that carry a name, one contact per name
    (its email, phone and mobile together); the contact's id is its first mechanism's."""
    contacts: dict[str, a.Contact] = {}
    for mechanism in mechanisms:
        name = (mechanism.name or "").strip()
        if not name:
            continue
        contact = contacts.setdefault(name, a.Contact(id=str(mechanism.id), name=name))
        field = {"email": "email", "phone": "phone", "mobile": "mobile"}.get(mechanism.type)
        if field is not None and getattr(contact, field) is None:
            setattr(contact, field, mechanism.value)
    return list(contacts.values())
