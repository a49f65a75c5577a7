"""Where a webhook may be sent. A target on a private or loopback address would let anyone with an
account make Junction call inside its own network (SSRF), so such targets are refused unless
JUNCTION_WEBHOOK_PRIVATE_TARGETS allows them ("loopback" on the embedded default, for local
development; "none" on PostgreSQL).

Checked twice: when an endpoint is saved (literal addresses and `localhost`), and at every attempt,
after resolving the name. The attempt then connects to the address that was checked (the URL's
host becomes that address, with the name kept in `Host` and in TLS's SNI and certificate check),
so a name that resolves differently a moment later (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from junction.config import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """A checked destination: the URL to connect to, and the name it stands for."""

    url: str
    host_header: str
    server_name: str | None


def _address(host: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_loopback_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def _allowed(address: IPAddress, policy: str) -> bool:
    if address.is_global and not address.is_multicast:
        return True
    if policy == "all":
        return True
    return policy == "loopback" and address.is_loopback


def _refusal(host: str, policy: str) -> str:
    allowed = {"none": "public addresses only", "loopback": "public and loopback addresses"}.get(
        policy, "any address"
    )
    return (
        f"{host} is a private, loopback or reserved address; this server sends webhooks to "
        f"{allowed} (JUNCTION_WEBHOOK_PRIVATE_TARGETS)"
    )


def check_url(url: str, settings: Settings) -> str:
    """What can be judged without resolving the name. Returns the lower-cased host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("the url must be an absolute http or https URL")
    if parts.username or parts.password:
        raise TargetRefused("the url must not carry credentials")
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError as exc:
        raise TargetRefused("the url's port is not valid") from exc
    host = parts.hostname.lower().rstrip(".")
    allowed_hosts = settings.webhook_allowed_host_names
    if allowed_hosts and host not in allowed_hosts:
        raise TargetRefused(f"{host} is not among JUNCTION_WEBHOOK_ALLOWED_HOSTS")
    policy = settings.effective_webhook_private_targets
    address = _address(host)
    if address is not None and not _allowed(address, policy):
        raise TargetRefused(_refusal(host, policy))
    if _is_loopback_name(host) and policy == "none":
        raise TargetRefused(_refusal(host, policy))
    return host


async def resolve(url: str, settings: Settings) -> Target:
    """Check the URL, resolve its name, check every address, and pin the first one."""
    host = check_url(url, settings)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _address(host)
    if address is None:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise TargetRefused(f"{host} could not be resolved") from exc
        addresses = [a for a in (_address(str(info[4][0])) for info in infos) if a is not None]
        if not addresses:
            raise TargetRefused(f"{host} could not be resolved")
        policy = settings.effective_webhook_private_targets
        for candidate in addresses:
            # One private answer is enough to refuse: the name could pick it on the next lookup.
            if not _allowed(candidate, policy):
                raise TargetRefused(_refusal(f"{host} ({candidate})", policy))
        address = addresses[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    return Target(pinned, host_header, host if parts.scheme == "https" and _address(host) is None else None)
