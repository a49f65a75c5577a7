"""Fill a freshly initialised Tryton database with what an accountant sets up on day one.

Run by the Tryton virtual environment's interpreter (`python provision.py CONFIG DATABASE OUT`),
never imported by Junction: Tryton is GPL and lives in its own process. It uses Tryton's client
library (proteus) and the set-up helpers the modules ship for their own tests.

Writes OUT, a JSON file with what a connection needs: the REST key and the company id."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sys
from typing import Any

import pycountry
from proteus import Model, config
from trytond.modules.account.tests.tools import create_chart, create_fiscalyear, get_accounts
from trytond.modules.account_invoice.tests.tools import set_fiscalyear_invoice_sequences
from trytond.modules.company.tests.tools import create_company, get_company

# Fiscal years the sandbox accepts entries in: the demo and the tests date their entries in
# these years, and Tryton refuses a move outside any open period.
FIRST_YEAR = 2024
LAST_YEAR = 2027


def main(config_file: str, database: str, out: str) -> None:
    config.set_trytond(database, config_file=config_file)
    set_up_countries()
    set_up_company()
    company = get_company()
    set_up_chart(company)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        set_up_fiscal_year(company, year)
    set_up_payment_terms()
    set_up_bank_and_statement_journal(company)
    set_up_analytic_plans(company)
    set_up_employee(company)
    seed_parties()
    key = issue_rest_key()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"database": database, "key": key, "company": company.id}, handle)


def set_up_countries() -> None:
    """Tryton ships no countries (its import script also fetches subdivisions, which take
    minutes): addresses need them, subdivisions are not used."""
    country_model = Model.get("country.country")
    country_model.save(
        [
            country_model(name=c.name, code=c.alpha_2, code3=c.alpha_3, code_numeric=c.numeric)
            for c in pycountry.countries
        ]
    )


def set_up_company() -> None:
    party_model = Model.get("party.party")
    party = party_model(name="Junction Demo SAS")
    party.save()
    create_company(party=party, currency="EUR")
    user_model = Model.get("res.user")
    admin = user_model.find([("login", "=", "admin")])[0]
    company = get_company()
    admin.companies.append(company)
    admin.company = company
    admin.save()


def set_up_chart(company: Any) -> None:
    """The French chart (plan comptable général) with its VAT rates."""
    create_chart(company, chart="account_fr.root")
    accounts = get_accounts(company)
    # The French chart leaves the category defaults to the user: products without an account
    # category take these on invoices.
    configuration = Model.get("account.configuration")(1)
    configuration.default_category_account_revenue = accounts["revenue"]
    configuration.default_category_account_expense = accounts["expense"]
    configuration.save()


def set_up_fiscal_year(company: Any, year: int) -> None:
    fiscal_year = create_fiscalyear(company, (dt.date(year, 1, 1), dt.date(year, 12, 31)))
    fiscal_year.name = str(year)
    set_fiscalyear_invoice_sequences(fiscal_year)
    fiscal_year.click("create_period")


def set_up_payment_terms() -> None:
    term_model = Model.get("account.invoice.payment_term")
    cash = term_model(name="Comptant")
    cash.lines.new(type="remainder")
    cash.save()
    thirty = term_model(name="30 jours")
    line = thirty.lines.new(type="remainder")
    line.relativedeltas.new(days=30)
    thirty.save()


def set_up_bank_and_statement_journal(company: Any) -> None:
    party_model = Model.get("party.party")
    bank_party = party_model(name="Banque Populaire")
    bank_party.save()
    bank = Model.get("bank")(party=bank_party, bic="CCBPFRPPXXX")
    bank.save()
    account = Model.get("bank.account")(bank=bank, currency=company.currency)
    account.owners.append(party_model(company.party.id))
    account.numbers.new(type="iban", number="FR7630001007941234567890185")
    account.save()

    ledger = Model.get("account.account")
    bank_ledger = ledger.find([("code", "=", "5121"), ("company", "=", company.id)])
    journal = Model.get("account.statement.journal")(
        name="Banque Populaire",
        journal=Model.get("account.journal").find([("type", "=", "statement")])[0],
        currency=company.currency,
        company=company,
        validation="amount",
        bank_account=account,
        account=bank_ledger[0] if bank_ledger else get_accounts(company)["cash"],
    )
    journal.save()


def set_up_analytic_plans(company: Any) -> None:
    account_model = Model.get("analytic_account.account")
    for name in ("Départements", "Projets"):
        root = account_model(name=name, type="root", company=company)
        root.save()
    departments = account_model.find([("name", "=", "Départements")])[0]
    for name in ("Ventes", "Production"):
        account_model(name=name, type="normal", root=departments, parent=departments).save()


def set_up_employee(company: Any) -> None:
    party = Model.get("party.party")(name="Camille Martin")
    party.save()
    Model.get("company.employee")(party=party, company=company).save()


# Tryton has one party model for everybody; Junction tells clients from suppliers by these
# categories (docs/connectors/tryton.md). The seed gives the lists several pages.
CLIENT_CATEGORY = "Clients"
SUPPLIER_CATEGORY = "Fournisseurs"
SEED_CLIENTS = 120
SEED_SUPPLIERS = 30
CITIES = ("Paris", "Lyon", "Lille", "Nantes", "Bordeaux", "Toulouse")


def seed_parties() -> None:
    category_model = Model.get("party.category")
    party_model = Model.get("party.party")
    parties = []
    for name, count in ((CLIENT_CATEGORY, SEED_CLIENTS), (SUPPLIER_CATEGORY, SEED_SUPPLIERS)):
        category = category_model(name=name)
        category.save()
        for number in range(1, count + 1):
            label = "Client" if name == CLIENT_CATEGORY else "Fournisseur"
            party = party_model(name=f"{label} {number:03d}")
            party.categories.append(category_model(category.id))
            address = party.addresses[0] if party.addresses else party.addresses.new()
            address.street = f"{number} rue de la République"
            address.postal_code = f"{75000 + number}"
            address.city = CITIES[number % len(CITIES)]
            party.contact_mechanisms.new(type="email", value=f"{label.lower()}{number:03d}@example.fr")
            parties.append(party)
    party_model.save(parties)


def issue_rest_key() -> str:
    user = Model.get("res.user").find([("login", "=", "admin")])[0]
    key = secrets.token_hex(32)
    application = Model.get("res.user.application")(user=user, application="rest", key=key)
    application.save()
    return key


if __name__ == "__main__":
    main(*sys.argv[1:4])
