"""The `junction` command line."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from junction import __version__
from junction.account.service import AccountNotFound, IssuedCredentials, account_service
from junction.config import Settings, get_settings
from junction.connectors import load_connectors
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
    for line in _background_notes(settings):
        typer.echo(line, err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False)


def _background_notes(settings: Settings) -> list[str]:
    from junction.worker.queue import JobQueue

    queue = JobQueue(settings)
    if settings.effective_jobs_in_process:
        notes = [f"Jobs: consumed in this process ({queue.describe()})"]
    else:
        notes = [f"Jobs: enqueued only ({queue.describe()}); run `junction worker` to consume them"]
    targets = settings.effective_webhook_private_targets
    if targets == "loopback":
        notes.append(
            "Webhooks: targets on loopback addresses (127.0.0.1, localhost) are allowed, for local "
            "development; set JUNCTION_WEBHOOK_PRIVATE_TARGETS=none in production"
        )
    elif targets == "all":
        notes.append(
            "Webhooks: targets on private and loopback addresses are allowed "
            "(JUNCTION_WEBHOOK_PRIVATE_TARGETS=all)"
        )
    return notes


@app.command()
def worker(
    threads: Annotated[
        int | None, typer.Option(help="Jobs run at once (default JUNCTION_JOBS_THREADS).", min=1, max=64)
    ] = None,
    periodic: Annotated[
        bool, typer.Option(help="Also start the periodic jobs (sweeps, issue closing, retention).")
    ] = True,
) -> None:
    """Consume background jobs (webhook deliveries, provider webhooks, periodic work) until
    SIGTERM (finish the jobs in hand) or SIGINT. Run as many as needed, on any machines sharing the
    database; the API processes then only enqueue (JUNCTION_JOBS_IN_PROCESS=false, the default on
    PostgreSQL)."""
    from junction.connectors import load_connectors
    from junction.worker.runner import run_worker

    settings = get_settings()
    configure_logging(settings.log_json, settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(upgrade_to_head(settings.effective_database_url))
    load_connectors(registry, settings)
    count = threads or settings.jobs_threads
    typer.echo(f"Junction {__version__} worker: {count} threads", err=True)
    for line in _background_notes(settings)[1:]:
        typer.echo(line, err=True)
    run_worker(settings, registry, count, periodic)


@app.command()
def migrate() -> None:
    """Apply the database migrations (serve does this too)."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(upgrade_to_head(settings.effective_database_url))
    typer.echo("database is up to date")


@app.command()
def sandbox(
    name: Annotated[str, typer.Argument(help="The provider: kounta, mews, sourcehub or tryton.")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8100,
    seed: Annotated[int | None, typer.Option(help="Seed of the generated data.")] = None,
    profile: Annotated[str, typer.Option(help="Data volume: small, default or large.")] = "default",
    prepare: Annotated[
        bool, typer.Option("--prepare", help="tryton: install it and build its template, then exit.")
    ] = False,
) -> None:
    """Serve one provider sandbox alone: the provider's API emulated in memory, with seeded data,
    fault injection and control routes under /_sandbox (no database). `tryton` is the real
    Tryton instead: installed in its own environment on first use, run on loopback with its
    database in the data directory, behind the same fault and control routes."""
    import uvicorn

    from junction.sandboxes import DEFAULT_SEEDS, SANDBOXES, UnknownProfile

    if name == "tryton":
        _tryton_sandbox(host, port, prepare_only=prepare)
        return
    if name not in SANDBOXES:
        choices = ", ".join([*SANDBOXES, "tryton"])
        typer.echo(f"no sandbox named {name!r}; choose one of: {choices}", err=True)
        raise typer.Exit(code=2)
    try:
        asgi = SANDBOXES[name](
            DEFAULT_SEEDS[name] if seed is None else seed, profile, None, webhook_targets="any"
        )
    except UnknownProfile:
        typer.echo(f"no profile named {profile!r}; choose small, default or large", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"{name} sandbox on http://{host}:{port} (credentials: GET /_sandbox)", err=True)
    uvicorn.run(asgi, host=host, port=port, log_level="warning", access_log=False)


def _tryton_sandbox(host: str, port: int, *, prepare_only: bool) -> None:
    import uvicorn

    from junction.sandboxes.tryton.proxy import create_tryton_proxy
    from junction.sandboxes.tryton.server import TrytonInstall, run_tryton, tryton_home

    install = TrytonInstall(tryton_home())
    if not install.prepared:
        typer.echo(f"preparing Tryton in {install.home} (about a minute, once)", err=True)
        install.prepare()
    if prepare_only:
        typer.echo(f"Tryton is ready: {install.template}", err=True)
        return
    settings = get_settings()
    with run_tryton(install, directory=install.working_directory(settings.data_dir)) as tryton:
        url = f"http://{host}:{port}"
        typer.echo(f"Tryton on {tryton.url}, with fault injection in front on {url} (GET /_sandbox)")
        typer.echo("connect a consumer with these credentials:")
        typer.echo(json.dumps({**tryton.credentials, "base_url": url}, indent=2))
        proxy = create_tryton_proxy(tryton.url)
        uvicorn.run(proxy, host=host, port=port, log_level="warning", access_log=False)


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


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    json_out: Annotated[
        Path | None,
        typer.Option("--json-out", help="Once ready, write url, credentials and consumer ids here."),
    ] = None,
) -> None:
    """Serve Junction with its sandboxes, a demo account and one demo consumer connected to each
    sandbox integration (idempotent: the same ids every run, a new clientSecret each time)."""
    import uvicorn

    from junction.app import create_app
    from junction.demo import instructions, prepare_demo

    settings = get_settings()
    configure_logging(settings.log_json, settings.log_level)
    url = settings.public_url.rstrip("/") if settings.public_url else f"http://{host}:{port}"
    load_connectors(registry, settings)
    with _demo_tryton(settings) as tryton:
        setup = _with_session(lambda runtime, session: prepare_demo(runtime, session, url, tryton))
        config = uvicorn.Config(
            create_app(settings), host=host, port=port, log_level="warning", access_log=False
        )

        class AnnouncingServer(uvicorn.Server):
            async def startup(self, sockets: list[socket.socket] | None = None) -> None:
                await super().startup(sockets)
                if self.started:
                    typer.echo(instructions(setup))
                    if json_out is not None:
                        setup.write(json_out)

        asyncio.run(AnnouncingServer(config).serve())


@contextmanager
def _demo_tryton(settings: Settings) -> Iterator[dict[str, str] | None]:
    """A real Tryton beside the demo when it is prepared on this machine (make run prepares it),
    its database kept in the data directory between runs."""
    from junction.sandboxes.tryton.server import TrytonInstall, run_tryton, tryton_home

    install = TrytonInstall(tryton_home())
    if not install.prepared:
        typer.echo(
            "Tryton is not prepared: the demo runs without it (see: junction sandbox tryton --prepare)",
            err=True,
        )
        yield None
        return
    with run_tryton(install, directory=install.working_directory(settings.data_dir)) as tryton:
        yield tryton.credentials
