"""Every unified operation Junction serves, one key each. Manifests declare capabilities with
these keys, the catalog's `operations_coverage` lists them, and the routers are built from them."""

from __future__ import annotations

from dataclasses import dataclass

from junction.unified.common import Vertical


@dataclass(frozen=True)
class Operation:
    key: str
    method: str
    path: str
    operation_id: str
    summary: str
    writes: bool = False

    @property
    def vertical(self) -> Vertical:
        return Vertical(self.key.split(".", 1)[0])


OPERATIONS: dict[str, Operation] = {
    op.key: op
    for op in (
        Operation("pos.orders.list", "GET", "/orders", "pos_get_orders", "Get orders"),
        Operation("pos.orders.get", "GET", "/orders/{order_id}", "pos_get_order", "Get one order"),
        # The reference's operation id for this one really is "pos_update_pos_customer".
        Operation(
            "pos.orders.update",
            "PATCH",
            "/orders/{order_id}",
            "pos_update_pos_customer",
            "Update order",
            writes=True,
        ),
        Operation("pos.sales.get", "GET", "/sales", "pos_get_sales", "Get sales"),
        Operation("pos.payments.list", "GET", "/payments", "pos_get_payments", "Get payments"),
        Operation(
            "pos.payment_methods.list",
            "GET",
            "/payment-methods",
            "pos_get_payments_methods",
            "Get payment methods (POS)",
        ),
        Operation("pos.customers.list", "GET", "/customers", "pos_get_customers", "Get customers"),
        Operation(
            "pos.customers.get",
            "GET",
            "/customers/{customer_id}",
            "pos_get_customer",
            "Get one customer",
        ),
        Operation(
            "pos.customers.create",
            "POST",
            "/customers",
            "pos_create_pos_customer",
            "Create one customer",
            writes=True,
        ),
        Operation("pos.products.list", "GET", "/products", "pos_get_products", "Get products"),
        Operation(
            "pos.product_categories.list",
            "GET",
            "/product-categories",
            "pos_get_product_categories",
            "Get product categories",
        ),
        Operation(
            "pos.accounting_categories.list",
            "GET",
            "/accounting-categories",
            "pos_get_accounting_categories",
            "Get accounting categories",
        ),
        Operation("pos.tax_rates.list", "GET", "/tax-rates", "pos_get_taxes", "Get tax rates (POS)"),
        Operation("pos.locations.list", "GET", "/locations", "pos_get_locations", "Get locations"),
        Operation(
            "pos.closures.get",
            "GET",
            "/closures/{date}",
            "pos_get_closure",
            "Get closure info for a specific day",
        ),
        Operation("pos.objectives.list", "GET", "/objectives", "pos_get_objectives", "Get objectives"),
        Operation("pos.modifiers.list", "GET", "/modifiers", "pos_get_modifiers", "Get Modifiers"),
        Operation(
            "pos.report.get",
            "GET",
            "/report",
            "pos_get_report",
            "Get report for a specific date (E-reporting)",
        ),
    )
}


def operations_of(vertical: Vertical) -> list[Operation]:
    return [op for op in OPERATIONS.values() if op.vertical == vertical]
