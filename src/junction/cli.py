"""The `junction` command line."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from junction import __version__
from junction.account.service import AccountNotFound, IssuedCredentials, account_service
from junction.config import Settings, get_settings
from junction.connectors._framework.registry import registry
from junction.db import unit_of_work
from junction.kit.keyring import KeyRing
from junction.logging import configure_logging
from junction.migrate import upgrade_to_head
from junction.models import AccountStatus
from junction.runtime import Runtime

T = TypeVar("T")

app = typer.Typer(help="Junction: one API over your customers' business software.", no_args_is_help=True)
accounts = typer.Typer(
    help="Create and manage accounts (the software companies using Junction).", no_args_is_help=True
)
keys = typer.Typer(help="Manage the keys that encrypt secrets at rest.", no_args_is_help=True)
app.add_typer(accounts, name="accounts")
app.add_typer(keys, name="keys")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"junction {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Junction: one API over your customers' business software."""


def _with_session(action: Callable[[Runtime, AsyncSession], Awaitable[T]]) -> T:
    """Migrate, then run one unit of work against the configured database."""
    settings = get_settings()

    async def run() -> T:
        runtime = Runtime.build(settings, registry)
        await upgrade_to_head(settings.effective_database_url)
        try:
            async with unit_of_work(runtime.sessionmaker) as session:
                return await action(runtime, session)
        finally:
            await runtime.engine.dispose()

    return asyncio.run(run())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Run the API. With no configuration: SQLite in JUNCTION_DATA_DIR, keys generated there,
    migrations applied."""
    import uvicorn

    from junction.app import create_app

    settings = get_settings()
    configure_logging(settings.log_json, settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(upgrade_to_head(settings.effective_database_url))
    store = "PostgreSQL" if settings.effective_database_url.startswith("postgresql") else "SQLite"
    typer.echo(
        f"Junction {__version__} on http://{host}:{port} ({store}, data in {settings.data_dir})",
        err=True,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False)


@app.command()
def migrate() -> None:
    """Apply the database migrations (serve does this too)."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(upgrade_to_head(settings.effective_database_url))
    typer.echo("database is up to date")


def _print_credentials(issued: IssuedCredentials, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(issued.as_json()))
        return
    for label, value in issued.as_json().items():
        typer.echo(f"{label:13} {value}")
    typer.echo("The clientSecret is shown once: store it now.", err=True)


@accounts.command("create")
def accounts_create(
    name: Annotated[str, typer.Argument(help="The account's name.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print clientId, clientSecret, accountId as JSON.")
    ] = False,
) -> None:
    """Create an account and print its credentials (the secret is shown only once)."""
    _print_credentials(_with_session(lambda _rt, s: account_service.create(s, name)), as_json)


@accounts.command("list")
def accounts_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List accounts (never their secrets)."""

    async def rows(_runtime: Runtime, session: AsyncSession) -> list[dict[str, str]]:
        return [
            {
                "accountId": str(a.id),
                "clientId": a.client_id,
                "name": a.name,
                "status": a.status,
                "created_on": a.created_on.isoformat(),
            }
            for a in await account_service.list(session)
        ]

    listed = _with_session(rows)
    if as_json:
        typer.echo(json.dumps(listed))
        return
    for row in listed:
        typer.echo(f"{row['accountId']}  {row['clientId']}  {row['status']:8}  {row['name']}")


def _account_ref_failed(ref: str) -> typer.Exit:
    typer.echo(f"no account with id or clientId {ref!r}", err=True)
    return typer.Exit(code=1)


@accounts.command("rotate-secret")
def accounts_rotate_secret(
    ref: Annotated[str, typer.Argument(help="accountId or clientId.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Issue a new clientSecret; the old one and every token issued with it stop working."""
    try:
        issued = _with_session(lambda _rt, s: account_service.rotate_secret(s, ref))
    except AccountNotFound:
        raise _account_ref_failed(ref) from None
    _print_credentials(issued, as_json)


@accounts.command("disable")
def accounts_disable(ref: Annotated[str, typer.Argument(help="accountId or clientId.")]) -> None:
    """Disable an account: its tokens stop working and no new ones are issued."""
    _set_status(ref, AccountStatus.disabled)


@accounts.command("enable")
def accounts_enable(ref: Annotated[str, typer.Argument(help="accountId or clientId.")]) -> None:
    """Enable a disabled account again."""
    _set_status(ref, AccountStatus.active)


def _set_status(ref: str, status: AccountStatus) -> None:
    try:
        account = _with_session(lambda _rt, s: account_service.set_status(s, ref, status))
    except AccountNotFound:
        raise _account_ref_failed(ref) from None
    typer.echo(f"account {account.id} is {status}")


@keys.command("rotate")
def keys_rotate(
    prune: Annotated[
        bool, typer.Option(help="Forget the older keys once every secret is re-encrypted.")
    ] = False,
) -> None:
    """Make a new key the primary one and re-encrypt every stored secret with it. With keys from
    JUNCTION_SECRET_KEYS, put the new key first there; this re-encrypts under it."""
    from junction.connection.service import connection_service

    settings: Settings = get_settings()

    async def rotate(runtime: Runtime, session: AsyncSession) -> int:
        ring: KeyRing = runtime.keyring
        if ring.path is not None:
            ring = ring.with_new_primary()
            ring.save()
        count = await connection_service.reencrypt_all(session, ring)
        if prune and ring.path is not None:
            ring.without_old_keys().save()
        return count

    count = _with_session(rotate)
    source = "JUNCTION_SECRET_KEYS" if settings.secret_keys else str(settings.data_dir / "keys.json")
    typer.echo(f"re-encrypted {count} connection secrets under the primary key ({source})")
