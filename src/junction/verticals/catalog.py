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
        Operation("pms.orders.list", "GET", "/orders", "pms_get_orders", "Get orders (PMS)"),
        Operation("pms.invoices.list", "GET", "/invoices", "pms_get_invoices", "Get invoices (PMS)"),
        Operation("pms.customers.list", "GET", "/customers", "pms_get_customers", "Get customers (PMS)"),
        Operation(
            "pms.customers.get",
            "GET",
            "/customers/{customer_id}",
            "pms_get_customer",
            "Get one customer (PMS)",
        ),
        Operation("pms.locations.list", "GET", "/locations", "pms_get_locations", "Get locations (PMS)"),
        Operation("pms.payments.list", "GET", "/payments", "pms_get_payments", "Get payments (PMS)"),
        Operation(
            "pms.payment_methods.list",
            "GET",
            "/payment-methods",
            "pms_get_payments_methods",
            "Get payment methods (PMS)",
        ),
        Operation(
            "pms.accounting_categories.list",
            "GET",
            "/accounting-categories",
            "pms_get_accounting_categories",
            "Get accounting categories (PMS)",
        ),
        Operation(
            "pms.closures.get",
            "GET",
            "/closures/{date}",
            "pms_get_closure",
            "Get closure info for a specific day (PMS)",
        ),
        Operation("pms.taxes.list", "GET", "/taxes", "pms_get_taxes", "Get tax rates (PMS)"),
        Operation(
            "pms.accounting_transactions.list",
            "GET",
            "/accounting-transactions",
            "pms_get_accounting_transactions",
            "Get the accounting transactions (PMS)",
        ),
        # eCommerce
        Operation(
            "commerce.customers.list", "GET", "/customers", "ecommerce_get_customers", "Get all customers"
        ),
        Operation(
            "commerce.customers.get",
            "GET",
            "/customers/{customer_id}",
            "ecommerce_get_customer",
            "Get one specific customer",
        ),
        Operation("commerce.products.list", "GET", "/products", "ecommerce_get_products", "Get all products"),
        Operation(
            "commerce.products.get",
            "GET",
            "/products/{product_id}",
            "ecommerce_get_product",
            "Get one specific product",
        ),
        Operation(
            "commerce.variants.get",
            "GET",
            "/variants/{variant_id}",
            "ecommerce_get_variant",
            "Get one specific product variant",
        ),
        Operation(
            "commerce.variants.set_quantity",
            "POST",
            "/variants/set_quantity/{variant_id}",
            "ecommerce_update_variant_quantity",
            "Update available quantity",
            writes=True,
        ),
        Operation(
            "commerce.locations.list", "GET", "/locations", "ecommerce_get_locations", "Get all locations"
        ),
        Operation("commerce.orders.list", "GET", "/orders", "ecommerce_get_orders", "Get all orders"),
        Operation(
            "commerce.orders.create",
            "POST",
            "/orders",
            "ecommerce_create_order",
            "Create an order",
            writes=True,
        ),
        Operation(
            "commerce.orders.get",
            "GET",
            "/orders/{order_id}",
            "ecommerce_get_order",
            "Get one specific order",
        ),
        Operation(
            "commerce.payment_methods.list",
            "GET",
            "/payment-methods",
            "ecommerce_get_payments_methods",
            "Get all payment methods",
        ),
        Operation(
            "commerce.product_categories.list",
            "GET",
            "/product-categories",
            "ecommerce_get_product_categories",
            "Get all product categories",
        ),
        Operation("commerce.taxes.list", "GET", "/taxes", "ecommerce_get_taxes", "Get all tax rates"),
        Operation(
            "commerce.countries.list", "GET", "/countries", "ecommerce_get_countries", "Get all countries"
        ),
    )
}


def operations_of(vertical: Vertical) -> list[Operation]:
    return [op for op in OPERATIONS.values() if op.vertical == vertical]
