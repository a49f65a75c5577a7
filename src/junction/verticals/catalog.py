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
    )
}


def operations_of(vertical: Vertical) -> list[Operation]:
    return [op for op in OPERATIONS.values() if op.vertical == vertical]
