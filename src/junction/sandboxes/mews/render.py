"""The sandbox's objects as Mews' Connector API writes them (operations/*.md response samples):
PascalCase keys, UTC times with a `Z`, amounts as `{Currency, NetValue, GrossValue, TaxValues,
Breakdown}` in units (not cents)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from junction.sandboxes.mews.models import (
    CURRENCY,
    ENTERPRISE_TZ,
    AccountingCategory,
    Address,
    Bill,
    Company,
    Customer,
    MewsState,
    OrderItem,
    Payment,
    Reservation,
    Resource,
    Service,
)

Json = dict[str, Any]


def utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def units(cents: int) -> float:
    return round(cents / 100, 2)


def amount(gross_cents: int, net_cents: int, tax_code: str | None) -> Json:
    tax = units(gross_cents - net_cents)
    return {
        "Currency": CURRENCY,
        "NetValue": units(net_cents),
        "GrossValue": units(gross_cents),
        "TaxValues": [] if tax_code is None else [{"Code": tax_code, "Value": tax}],
        "Breakdown": {"Items": [{"TaxRateCode": tax_code, "NetValue": units(net_cents), "TaxValue": tax}]},
    }


def address(value: Address | None) -> Json | None:
    if value is None:
        return None
    return {
        "Id": value.id,
        "Line1": value.line1,
        "Line2": value.line2,
        "City": value.city,
        "PostalCode": value.postal_code,
        "CountryCode": value.country_code,
        "CountrySubdivisionCode": None,
        "Latitude": None,
        "Longitude": None,
    }


def configuration(state: MewsState) -> Json:
    e = state.enterprise
    return {
        "NowUtc": utc(state.now),
        "Enterprise": {
            "Id": e.id,
            "ChainId": e.chain_id,
            "ExternalIdentifier": None,
            "HoldingKey": None,
            "ChainName": "Aurore Hotels",
            "CreatedUtc": utc(e.created_utc),
            "UpdatedUtc": utc(e.created_utc),
            "Name": e.name,
            "TimeZoneIdentifier": ENTERPRISE_TZ,
            "LegalEnvironmentCode": "BE",
            "AccommodationEnvironmentCode": "BE",
            "AccountingEnvironmentCode": "BE",
            "TaxEnvironmentCode": "BE",
            "DefaultLanguageCode": "en-US",
            "EditableHistoryInterval": "P0M2DT0H0M0S",
            "WebsiteUrl": e.website,
            "Email": e.email,
            "Phone": e.phone,
            "LogoImageId": None,
            "CoverImageId": None,
            "Pricing": "Gross",
            "TaxPrecision": None,
            "AddressId": e.address.id,
            "Address": address(e.address),
            "GroupNames": [],
            "Subscription": {"TaxIdentifier": "BE0123456749"},
            "Currencies": [{"Currency": CURRENCY, "IsDefault": True, "IsEnabled": True}],
            "AccountingConfiguration": None,
            "IsPortfolio": False,
        },
        "Service": None,
        "PaymentCardStorage": None,
        "IsIdentityDocumentNumberRequired": False,
    }


def taxations(state: MewsState) -> Json:
    return {
        "Taxations": [{"Code": code, "Name": name, "LocalName": name} for code, name in state.taxations],
        "TaxRates": [
            {
                "Code": r.code,
                "TaxationCode": r.taxation_code,
                "Value": r.rate,
                "ValidityInvervalsUtc": [],
                "Strategy": {"Discriminator": "Relative", "Value": {"Value": r.rate}},
            }
            for r in state.tax_rates
        ],
    }


def accounting_category(state: MewsState, c: AccountingCategory) -> Json:
    return {
        "Id": c.id,
        "EnterpriseId": state.enterprise.id,
        "IsActive": True,
        "Name": c.name,
        "Code": c.code,
        "ExternalCode": c.code,
        "LedgerAccountCode": c.ledger_account_code,
        "PostingAccountCode": c.posting_account_code,
        "CostCenterCode": None,
        "Classification": c.classification,
        "CreatedUtc": utc(c.created_utc),
        "UpdatedUtc": utc(c.created_utc),
    }


def service(state: MewsState, s: Service) -> Json:
    return {
        "Id": s.id,
        "EnterpriseId": state.enterprise.id,
        "IsActive": True,
        "Name": s.name,
        "Names": {"en-US": s.name},
        "Ordering": s.ordering,
        "Data": {"Discriminator": s.discriminator, "Value": {}},
        "ExternalIdentifier": None,
        "CreatedUtc": utc(s.created_utc),
        "UpdatedUtc": utc(s.created_utc),
    }


def resource(state: MewsState, r: Resource) -> Json:
    return {
        "Id": r.id,
        "EnterpriseId": state.enterprise.id,
        "IsActive": True,
        "Name": r.name,
        "ParentResourceId": None,
        "State": "Inspected",
        "Descriptions": {"en-US": r.category},
        "Data": {"Discriminator": "Space", "Value": {"FloorNumber": str(r.floor), "LocationNotes": None}},
        "ExternalIdentifier": None,
        "CreatedUtc": utc(r.created_utc),
        "UpdatedUtc": utc(r.created_utc),
    }


def customer(state: MewsState, c: Customer) -> Json:
    return {
        "Id": c.id,
        "ChainId": state.enterprise.chain_id,
        "Number": c.number,
        "Title": c.title,
        "Sex": c.sex,
        "FirstName": c.first_name,
        "LastName": c.last_name,
        "SecondLastName": None,
        "NationalityCode": c.nationality_code,
        "PreferredLanguageCode": c.language_code,
        "LanguageCode": c.language_code,
        "BirthDate": c.birth_date,
        "BirthPlace": None,
        "Occupation": None,
        "Email": c.email,
        "HasOtaEmail": False,
        "Phone": c.phone,
        "TaxIdentificationNumber": None,
        "LoyaltyCode": c.loyalty_code,
        "AccountingCode": c.accounting_code,
        "BillingCode": None,
        "Notes": "",
        "CarRegistrationNumber": None,
        "DietaryRequirements": None,
        "CreatedUtc": utc(c.created_utc),
        "UpdatedUtc": utc(c.updated_utc),
        "Passport": None,
        "IdentityCard": None,
        "Visa": None,
        "DriversLicense": None,
        "Address": address(c.address),
        "AddressId": c.address.id if c.address else None,
        "Classifications": list(c.classifications),
        "Options": [],
        "ItalianDestinationCode": None,
        "ItalianFiscalCode": None,
        "CompanyId": c.company_id,
        "MergeTargetId": None,
        "ActivityState": "Active",
        "IsActive": True,
        "PreferredSpaceFeatures": [],
        "CreatorProfileId": state.enterprise.id,
        "UpdaterProfileId": state.enterprise.id,
    }


def company(state: MewsState, c: Company) -> Json:
    return {
        "Id": c.id,
        "ChainId": state.enterprise.chain_id,
        "Name": c.name,
        "MotherCompanyId": None,
        "InvoicingEmail": None,
        "WebsiteUrl": None,
        "InvoiceDueInterval": "P0Y0M30DT0H0M0S",
        "NchClassifications": {"Corporate": True},
        "Options": {"Invoiceable": True, "AddFeesToInvoices": False},
        "Number": c.number,
        "Identifier": None,
        "TaxIdentifier": c.tax_identifier,
        "AdditionalTaxIdentifier": None,
        "BillingCode": None,
        "AccountingCode": c.accounting_code,
        "AddressId": c.address.id,
        "Address": address(c.address),
        "Notes": None,
        "IsActive": True,
        "CreatedUtc": utc(c.created_utc),
        "UpdatedUtc": utc(c.created_utc),
    }


def reservation(state: MewsState, r: Reservation) -> Json:
    return {
        "Id": r.id,
        "ServiceId": r.service_id,
        "AccountId": r.account_id,
        "AccountType": "Customer",
        "CreatorProfileId": state.enterprise.id,
        "UpdaterProfileId": state.enterprise.id,
        "BookerId": r.account_id,
        "Number": r.number,
        "State": r.state,
        "Origin": r.origin,
        "CommanderOrigin": None,
        "OriginDetails": None,
        "CreatedUtc": utc(r.created_utc),
        "UpdatedUtc": utc(r.updated_utc),
        "CancelledUtc": utc(r.updated_utc) if r.state == "Canceled" else None,
        "VoucherId": None,
        "BusinessSegmentId": None,
        "Options": {"OwnerCheckedIn": r.state in ("Started", "Processed")},
        "RateId": None,
        "CreditCardId": None,
        "GroupId": None,
        "RequestedResourceCategoryId": None,
        "AssignedResourceId": r.resource_id,
        "AssignedResourceLocked": False,
        "ChannelNumber": None,
        "ChannelManagerNumber": None,
        "CancellationReason": None,
        "ReleasedUtc": None,
        "StartUtc": utc(r.start_utc),
        "EndUtc": utc(r.end_utc),
        "ScheduledStartUtc": utc(r.start_utc),
        "ScheduledEndUtc": utc(r.end_utc),
        "ActualStartUtc": utc(r.start_utc) if r.state in ("Started", "Processed") else None,
        "ActualEndUtc": utc(r.end_utc) if r.state == "Processed" else None,
        "Purpose": "Leisure",
        "QrCodeData": None,
        "PersonCounts": [{"AgeCategoryId": state.enterprise.id, "Count": r.adults}],
    }


def order_item(state: MewsState, i: OrderItem) -> Json:
    return {
        "Id": i.id,
        "EnterpriseId": state.enterprise.id,
        "AccountId": i.account_id,
        "AccountType": "Customer",
        "Notes": i.name,
        "ServiceId": i.service_id,
        "ServiceOrderId": i.service_order_id,
        "BillId": i.bill_id,
        "AccountingCategoryId": i.accounting_category_id,
        "UnitCount": i.unit_count,
        "UnitAmount": amount(i.unit_gross_cents, i.unit_net_cents, i.tax_code),
        "Amount": amount(i.gross_cents, i.net_cents, i.tax_code),
        "OriginalAmount": amount(i.gross_cents, i.net_cents, i.tax_code),
        "RevenueType": "Service" if i.type == "SpaceOrder" else "Additional",
        "CreatorProfileId": state.enterprise.id,
        "UpdaterProfileId": state.enterprise.id,
        "CreatedUtc": utc(i.created_utc),
        "UpdatedUtc": utc(i.closed_utc or i.created_utc),
        "ConsumedUtc": utc(i.consumed_utc),
        "CanceledUtc": utc(i.canceled_utc),
        "ClosedUtc": utc(i.closed_utc),
        "StartUtc": utc(i.consumed_utc),
        "AccountingState": i.accounting_state,
        "Type": i.type,
        "Options": {"CanceledWithReservation": False},
        "Data": {"Discriminator": "Product", "Value": {"ProductId": None, "AgeCategoryId": None}}
        if i.type == "ProductOrder"
        else None,
    }


def payment(state: MewsState, p: Payment) -> Json:
    # Mews books a payment as a negative amount on the guest's account.
    data: Json | None
    if p.type == "CreditCardPayment":
        data = {
            "Discriminator": "CreditCard",
            "CreditCard": {"CreditCardId": None, "Transaction": None},
            "Invoice": None,
            "External": None,
        }
    elif p.type == "ExternalPayment":
        data = {
            "Discriminator": "External",
            "CreditCard": None,
            "Invoice": None,
            "External": {"Type": "BankTransfer"},
        }
    else:
        data = None
    return {
        "Id": p.id,
        "EnterpriseId": state.enterprise.id,
        "AccountId": p.account_id,
        "AccountType": "Customer",
        "BillId": p.bill_id,
        "ReservationId": p.reservation_id,
        "AccountingCategoryId": p.accounting_category_id,
        "Amount": amount(-p.gross_cents, -p.gross_cents, None),
        "OriginalAmount": amount(-p.gross_cents, -p.gross_cents, None),
        "Notes": f"Card ending {p.card_last_digits}" if p.card_last_digits else None,
        "SettlementId": None,
        "ConsumedUtc": utc(p.charged_utc),
        "ClosedUtc": utc(p.closed_utc),
        "ChargedUtc": utc(p.charged_utc),
        "CreatedUtc": utc(p.created_utc),
        "UpdatedUtc": utc(p.closed_utc or p.created_utc),
        "SettlementUtc": None,
        "AccountingState": "Closed" if p.closed_utc else "Open",
        "State": p.state,
        "Identifier": None,
        "Type": p.type,
        "Kind": "Payment",
        "Data": data,
    }


def bill(state: MewsState, b: Bill, owner: Json | None) -> Json:
    return {
        "Id": b.id,
        "Name": f"Bill {b.number}",
        "EnterpriseId": state.enterprise.id,
        "AccountId": b.account_id,
        "AccountType": b.account_type,
        "CustomerId": b.account_id if b.account_type == "Customer" else None,
        "CompanyId": b.account_id if b.account_type == "Company" else None,
        "AssociatedAccountIds": [b.account_id],
        "CounterId": None,
        "State": b.state,
        "Type": b.type,
        "Number": b.number,
        "VariableSymbol": None,
        "CreatedUtc": utc(b.created_utc),
        "IssuedUtc": utc(b.issued_utc),
        "PaidUtc": utc(b.issued_utc),
        "TaxedUtc": utc(b.issued_utc),
        "LastReminderDateUtc": None,
        "UpdatedUtc": utc(b.issued_utc or b.created_utc),
        "DueUtc": utc(b.due_utc),
        "PurchaseOrderNumber": None,
        "Notes": None,
        "Options": {"DisplayCustomer": True, "DisplayTaxation": True, "TrackReceivable": True},
        "AssigneeData": owner,
        "CorrectionState": "Bill",
        "CorrectionType": None,
        "CorrectedBillId": None,
    }
