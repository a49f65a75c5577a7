"""Mews' payloads as its Connector API documents them (operations/*.md), only the fields Junction
reads. Unknown fields are ignored: Mews adds fields without notice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class MewsModel(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class MewsAddress(MewsModel):
    id: str | None = Field(None, alias="Id")
    line1: str | None = Field(None, alias="Line1")
    line2: str | None = Field(None, alias="Line2")
    city: str | None = Field(None, alias="City")
    postal_code: str | None = Field(None, alias="PostalCode")
    country_code: str | None = Field(None, alias="CountryCode")


class MewsEnterprise(MewsModel):
    id: str = Field(alias="Id")
    name: str = Field(alias="Name")
    created_utc: datetime = Field(alias="CreatedUtc")
    time_zone: str = Field("UTC", alias="TimeZoneIdentifier")
    address: MewsAddress | None = Field(None, alias="Address")
    currencies: list[dict[str, Any]] = Field(default_factory=list, alias="Currencies")

    @property
    def currency(self) -> str | None:
        default = next((c for c in self.currencies if c.get("IsDefault")), None)
        return str(default["Currency"]) if default else None


class MewsConfiguration(MewsModel):
    now_utc: datetime = Field(alias="NowUtc")
    enterprise: MewsEnterprise = Field(alias="Enterprise")


class MewsTaxRate(MewsModel):
    code: str = Field(alias="Code")
    taxation_code: str | None = Field(None, alias="TaxationCode")
    value: float | None = Field(None, alias="Value")
    strategy: dict[str, Any] | None = Field(None, alias="Strategy")

    @property
    def rate(self) -> float | None:
        """The relative rate (0.21), from the strategy when it is relative, else the legacy Value."""
        if self.strategy and self.strategy.get("Discriminator") == "Relative":
            value = (self.strategy.get("Value") or {}).get("Value")
            if isinstance(value, int | float):
                return float(value)
        return self.value


class MewsTaxation(MewsModel):
    code: str = Field(alias="Code")
    name: str | None = Field(None, alias="Name")


class MewsTaxations(MewsModel):
    taxations: list[MewsTaxation] = Field(default_factory=list, alias="Taxations")
    tax_rates: list[MewsTaxRate] = Field(default_factory=list, alias="TaxRates")


class MewsAccountingCategory(MewsModel):
    id: str = Field(alias="Id")
    name: str = Field(alias="Name")
    code: str | None = Field(None, alias="Code")
    ledger_account_code: str | None = Field(None, alias="LedgerAccountCode")
    posting_account_code: str | None = Field(None, alias="PostingAccountCode")
    classification: str | None = Field(None, alias="Classification")
    is_active: bool = Field(True, alias="IsActive")


class MewsService(MewsModel):
    id: str = Field(alias="Id")
    name: str = Field(alias="Name")
    is_active: bool = Field(True, alias="IsActive")


class MewsResource(MewsModel):
    id: str = Field(alias="Id")
    name: str = Field(alias="Name")


class MewsCustomer(MewsModel):
    id: str = Field(alias="Id")
    number: str | None = Field(None, alias="Number")
    first_name: str | None = Field(None, alias="FirstName")
    last_name: str | None = Field(None, alias="LastName")
    email: str | None = Field(None, alias="Email")
    phone: str | None = Field(None, alias="Phone")
    accounting_code: str | None = Field(None, alias="AccountingCode")
    created_utc: datetime | None = Field(None, alias="CreatedUtc")
    address: MewsAddress | None = Field(None, alias="Address")
    company_id: str | None = Field(None, alias="CompanyId")


class MewsCompany(MewsModel):
    id: str = Field(alias="Id")
    name: str = Field(alias="Name")
    accounting_code: str | None = Field(None, alias="AccountingCode")
    address: MewsAddress | None = Field(None, alias="Address")


class MewsPersonCount(MewsModel):
    count: int = Field(0, alias="Count")


class MewsReservation(MewsModel):
    id: str = Field(alias="Id")
    service_id: str | None = Field(None, alias="ServiceId")
    account_id: str | None = Field(None, alias="AccountId")
    number: str | None = Field(None, alias="Number")
    state: str | None = Field(None, alias="State")
    origin: str | None = Field(None, alias="Origin")
    created_utc: datetime | None = Field(None, alias="CreatedUtc")
    start_utc: datetime | None = Field(None, alias="ScheduledStartUtc")
    end_utc: datetime | None = Field(None, alias="ScheduledEndUtc")
    resource_id: str | None = Field(None, alias="AssignedResourceId")
    person_counts: list[MewsPersonCount] = Field(default_factory=list, alias="PersonCounts")


class MewsTaxValue(MewsModel):
    code: str | None = Field(None, alias="Code")
    value: float = Field(0.0, alias="Value")


class MewsAmount(MewsModel):
    currency: str | None = Field(None, alias="Currency")
    net_value: float = Field(0.0, alias="NetValue")
    gross_value: float = Field(0.0, alias="GrossValue")
    tax_values: list[MewsTaxValue] = Field(default_factory=list, alias="TaxValues")

    @property
    def tax(self) -> float:
        return sum(t.value for t in self.tax_values)


class MewsOrderItem(MewsModel):
    id: str = Field(alias="Id")
    account_id: str | None = Field(None, alias="AccountId")
    account_type: str | None = Field(None, alias="AccountType")
    service_id: str | None = Field(None, alias="ServiceId")
    service_order_id: str | None = Field(None, alias="ServiceOrderId")
    bill_id: str | None = Field(None, alias="BillId")
    accounting_category_id: str | None = Field(None, alias="AccountingCategoryId")
    notes: str | None = Field(None, alias="Notes")
    unit_count: float = Field(1, alias="UnitCount")
    unit_amount: MewsAmount = Field(default_factory=MewsAmount, alias="UnitAmount")
    amount: MewsAmount = Field(default_factory=MewsAmount, alias="Amount")
    created_utc: datetime = Field(alias="CreatedUtc")
    consumed_utc: datetime | None = Field(None, alias="ConsumedUtc")
    closed_utc: datetime | None = Field(None, alias="ClosedUtc")
    canceled_utc: datetime | None = Field(None, alias="CanceledUtc")
    accounting_state: str | None = Field(None, alias="AccountingState")
    type: str | None = Field(None, alias="Type")
    data: dict[str, Any] | None = Field(None, alias="Data")


class MewsPayment(MewsModel):
    id: str = Field(alias="Id")
    account_id: str | None = Field(None, alias="AccountId")
    account_type: str | None = Field(None, alias="AccountType")
    bill_id: str | None = Field(None, alias="BillId")
    reservation_id: str | None = Field(None, alias="ReservationId")
    accounting_category_id: str | None = Field(None, alias="AccountingCategoryId")
    amount: MewsAmount = Field(default_factory=MewsAmount, alias="Amount")
    notes: str | None = Field(None, alias="Notes")
    created_utc: datetime = Field(alias="CreatedUtc")
    charged_utc: datetime | None = Field(None, alias="ChargedUtc")
    closed_utc: datetime | None = Field(None, alias="ClosedUtc")
    accounting_state: str | None = Field(None, alias="AccountingState")
    state: str | None = Field(None, alias="State")
    type: str | None = Field(None, alias="Type")


class MewsAssignee(MewsModel):
    discriminator: str | None = Field(None, alias="Discriminator")
    value: dict[str, Any] | None = Field(None, alias="Value")


class MewsBill(MewsModel):
    id: str = Field(alias="Id")
    account_id: str | None = Field(None, alias="AccountId")
    account_type: str | None = Field(None, alias="AccountType")
    state: str | None = Field(None, alias="State")
    type: str | None = Field(None, alias="Type")
    number: str | None = Field(None, alias="Number")
    created_utc: datetime | None = Field(None, alias="CreatedUtc")
    issued_utc: datetime | None = Field(None, alias="IssuedUtc")
    assignee: MewsAssignee | None = Field(None, alias="AssigneeData")
