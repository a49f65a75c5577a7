"""Signed, expiring tokens: bearer access tokens and connect-page links."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import jwt

ALGORITHM = "HS256"
ACCESS = "access"
CONNECT = "connect"


@dataclass(frozen=True)
class AccessClaims:
    account_id: UUID
    token_version: int


@dataclass(frozen=True)
class ConnectClaims:
    account_id: UUID
    consumer_id: UUID
    connection_id: UUID | None
    expires_on: int


class TokenInvalid(Exception):
    pass


def issue(key: str, kind: str, lifetime: int, claims: dict[str, Any]) -> tuple[str, int]:
    expires_on = int(time.time()) + lifetime
    payload = {**claims, "typ": kind, "exp": expires_on}
    return jwt.encode(payload, key, algorithm=ALGORITHM), expires_on


def decode(key: str, kind: str, token: str) -> dict[str, Any]:
    try:
        payload: dict[str, Any] = jwt.decode(
            token, key, algorithms=[ALGORITHM], options={"require": ["exp", "typ"]}
        )
    except jwt.PyJWTError as exc:
        raise TokenInvalid(str(exc)) from exc
    if payload.get("typ") != kind:
        raise TokenInvalid("wrong token type")
    return payload


def issue_access(key: str, lifetime: int, account_id: UUID, token_version: int) -> tuple[str, int]:
    return issue(key, ACCESS, lifetime, {"sub": str(account_id), "ver": token_version})


def read_access(key: str, token: str) -> AccessClaims:
    payload = decode(key, ACCESS, token)
    try:
        return AccessClaims(UUID(payload["sub"]), int(payload["ver"]))
    except (KeyError, ValueError) as exc:
        raise TokenInvalid("malformed claims") from exc


def issue_connect(
    key: str, lifetime: int, account_id: UUID, consumer_id: UUID, connection_id: UUID | None
) -> tuple[str, int]:
    claims = {"acc": str(account_id), "sub": str(consumer_id)}
    if connection_id is not None:
        claims["cnx"] = str(connection_id)
    return issue(key, CONNECT, lifetime, claims)


def read_connect(key: str, token: str) -> ConnectClaims:
    payload = decode(key, CONNECT, token)
    try:
        connection = payload.get("cnx")
        return ConnectClaims(
            UUID(payload["acc"]),
            UUID(payload["sub"]),
            UUID(connection) if connection else None,
            int(payload["exp"]),
        )
    except (KeyError, ValueError) as exc:
        raise TokenInvalid("malformed claims") from exc
