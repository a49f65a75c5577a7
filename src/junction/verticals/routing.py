"""Which of a consumer's connections serves a unified call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from junction.connectors._framework.registry import CatalogEntry, ConnectorRegistry
from junction.errors import (
    AmbiguousConnection,
    BadRequest,
    ConnectionInactive,
    ConnectionNotFound,
    NoActiveConnection,
)
from junction.models import Connection, ConnectionStatus
from junction.unified.common import Vertical


@dataclass(frozen=True)
class Route:
    connection: Connection
    entry: CatalogEntry


def choose_connection(
    registry: ConnectorRegistry,
    vertical: Vertical,
    connections: Sequence[Connection],
    connection_header: str | None,
    integration_header: str | None,
) -> Route:
    serving = [
        Route(c, entry)
        for c in connections
        if (entry := registry.entry(c.integration_id)) is not None and entry.integration.vertical == vertical
    ]
    if connection_header:
        route = _named_by_connection(connections, serving, connection_header, vertical)
    elif integration_header:
        route = _named_by_integration(serving, integration_header, vertical)
    else:
        route = _the_only_active(serving, vertical)
    if route.connection.status != ConnectionStatus.active:
        raise ConnectionInactive(
            f"The connection {route.connection.id} is inactive; the end user must reconnect it"
        )
    return route


def _named_by_connection(
    connections: Sequence[Connection], serving: list[Route], header: str, vertical: Vertical
) -> Route:
    try:
        wanted = UUID(header)
    except ValueError as exc:
        raise BadRequest("The specified connectionid is not valid", detail="x-chift-connectionid") from exc
    route = next((r for r in serving if r.connection.id == wanted), None)
    if route is not None:
        return route
    if any(c.id == wanted for c in connections):
        raise BadRequest(f"The connection {wanted} does not serve the {vertical.api} API")
    raise ConnectionNotFound()


def _named_by_integration(serving: list[Route], header: str, vertical: Vertical) -> Route:
    try:
        wanted = int(header)
    except ValueError as exc:
        raise BadRequest("The specified integrationid is not valid", detail="x-chift-integrationid") from exc
    route = next((r for r in serving if r.connection.integration_id == wanted), None)
    if route is None:
        raise NoActiveConnection(f"The consumer has no {vertical.api} connection to integration {wanted}")
    return route


def _the_only_active(serving: list[Route], vertical: Vertical) -> Route:
    active = [r for r in serving if r.connection.status == ConnectionStatus.active]
    if len(active) == 1:
        return active[0]
    if len(active) > 1:
        raise AmbiguousConnection(
            f"The consumer has {len(active)} active {vertical.api} connections; "
            "name one with the x-chift-connectionid or x-chift-integrationid header",
            detail=[str(r.connection.id) for r in active],
        )
    if serving:
        raise ConnectionInactive(
            f"The consumer's {vertical.api} connection is inactive; the end user must reconnect it"
        )
    raise NoActiveConnection(f"The consumer has no active {vertical.api} connection")
