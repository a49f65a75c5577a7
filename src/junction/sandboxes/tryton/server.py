"""A real Tryton server on this machine, for tests, the demo and `junction sandbox tryton`.

Tryton (GPL) never enters Junction's process: it is installed in its own virtual environment
(`<home>/venv-<hash>`), its database is prepared once into a template (`<home>/template-<hash>`:
modules activated, French chart of accounts, fiscal years, a REST key) and every server runs on a
copy of that template, on loopback. The hashes cover the pins and the provisioning script, so a
change to either builds afresh. See ADR 0015."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).parent
REQUIREMENTS = HERE / "requirements.txt"
PROVISION = HERE / "provision.py"
DATABASE = "junction"
MODULES = (
    "account_invoice",
    "account_statement",
    "account_fr",
    "analytic_invoice",
    "sale_opportunity",
    "bank",
)
ADMIN_PASSWORD = "admin"  # noqa: S105 - the sandbox's local administrator, loopback only
STARTUP_TIMEOUT_SECONDS = 60.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class TrytonUnavailable(RuntimeError):
    """Tryton is not installed or its template not built; the message says which command does it."""


def tryton_home() -> Path:
    configured = os.environ.get("JUNCTION_TRYTON_HOME")
    return Path(configured) if configured else Path.home() / ".cache" / "junction" / "tryton"


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class TrytonInstall:
    home: Path

    @property
    def venv(self) -> Path:
        return self.home / f"venv-{_digest(REQUIREMENTS.read_bytes())}"

    @property
    def template(self) -> Path:
        parts = (REQUIREMENTS.read_bytes(), PROVISION.read_bytes(), " ".join(MODULES).encode())
        return self.home / f"template-{_digest(*parts)}"

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name

    @property
    def installed(self) -> bool:
        return (self.venv / "installed").exists()

    @property
    def prepared(self) -> bool:
        return (self.template / "connection.json").exists()

    def install(self) -> None:
        """Create the virtual environment and install the pinned packages (idempotent)."""
        if self.installed:
            return
        self.home.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.venv, ignore_errors=True)
        try:
            _run([_base_python(), "-m", "venv", str(self.venv)])
            pip = [str(self.bin("python")), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)]
            _run(pip)
        except (OSError, subprocess.CalledProcessError):
            shutil.rmtree(self.venv, ignore_errors=True)
            raise
        # Written last: a venv whose install was interrupted is rebuilt, not trusted.
        (self.venv / "installed").touch()

    def prepare(self) -> None:
        """Build the template database once: modules, chart, fiscal years, REST key."""
        if self.prepared:
            return
        if not self.installed:
            self.install()
        building = Path(tempfile.mkdtemp(prefix="template-", dir=self.home))
        try:
            config = write_config(building, building, port=0)
            (building / f"{DATABASE}.sqlite").touch()  # trytond-admin needs the file to exist
            password_file = building / "admin-password"
            password_file.write_text(ADMIN_PASSWORD)
            env = {**os.environ, "TRYTONPASSFILE": str(password_file)}
            admin = [str(self.bin("trytond-admin")), "-c", str(config), "-d", DATABASE, "--all"]
            admin += ["--email", "admin@example.com", "--activate-dependencies", "-u", *MODULES]
            _run(admin, env=env, stdout=subprocess.DEVNULL)
            provision = [str(self.bin("python")), str(PROVISION), str(config), DATABASE]
            _run([*provision, str(building / "connection.json")], env=env)
            password_file.unlink()
            config.unlink()
            shutil.rmtree(self.template, ignore_errors=True)
            building.rename(self.template)
        finally:
            shutil.rmtree(building, ignore_errors=True)

    def working_directory(self, data_dir: Path) -> Path:
        """Where a long-lived server (the demo's, `junction sandbox tryton`) keeps its database:
        one per template, so a newer template (other pins or set-up) starts afresh."""
        return data_dir / "tryton" / self.template.name

    def require_template(self) -> None:
        if not self.prepared:
            raise TrytonUnavailable(
                "Tryton is not prepared on this machine: run `junction sandbox tryton --prepare` "
                "(make test does it)"
            )


def _run(command: list[str], **options: Any) -> None:
    subprocess.run(command, check=True, **options)  # noqa: S603 - our own venv's programs, fixed arguments


def _base_python() -> str:
    """The interpreter the Tryton environment is made from: ours, outside our own venv."""
    return getattr(sys, "_base_executable", sys.executable)


def write_config(directory: Path, database_dir: Path, *, port: int) -> Path:
    config = directory / "trytond.conf"
    config.write_text(
        f"[database]\nuri = sqlite://\npath = {database_dir}\n[web]\nlisten = 127.0.0.1:{port}\n"
    )
    return config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class RunningTryton:
    url: str
    database: str
    key: str
    company: int
    directory: Path

    @property
    def credentials(self) -> dict[str, str]:
        """A Junction connection's credentials for this server."""
        return {
            "base_url": self.url,
            "database": self.database,
            "api_key": self.key,
            "company_id": str(self.company),
        }


@contextmanager
def run_tryton(
    install: TrytonInstall | None = None, *, port: int | None = None, directory: Path | None = None
) -> Iterator[RunningTryton]:
    """Start trytond on a copy of the template (in `directory`, else a temporary one) and stop it
    on exit. A given directory that already holds a database keeps it (the demo's data survives
    restarts)."""
    install = install or TrytonInstall(tryton_home())
    install.require_template()
    owned = directory is None
    workdir = Path(tempfile.mkdtemp(prefix="tryton-")) if directory is None else directory
    workdir.mkdir(parents=True, exist_ok=True)
    database_file = workdir / f"{DATABASE}.sqlite"
    if not database_file.exists():
        shutil.copyfile(install.template / f"{DATABASE}.sqlite", database_file)
    connection = json.loads((install.template / "connection.json").read_text())
    port = port or free_port()
    config = write_config(workdir, workdir, port=port)
    log = (workdir / "trytond.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 - our own venv's trytond, fixed arguments
        [str(install.bin("trytond")), "-c", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    server = RunningTryton(
        url=f"http://127.0.0.1:{port}",
        database=connection["database"],
        key=connection["key"],
        company=int(connection["company"]),
        directory=workdir,
    )
    try:
        _wait_until_ready(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        if owned:
            shutil.rmtree(workdir, ignore_errors=True)


def _die_with_parent() -> None:
    """Linux: trytond gets SIGTERM when the process that started it dies, however it dies
    (uvicorn re-raises SIGTERM after its shutdown, which skips our own clean-up)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_until_ready(server: RunningTryton, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    url = f"{server.url}/{server.database}/rest/model/company.company"
    headers = {"Authorization": f"Bearer {server.key}"}
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (server.directory / "trytond.log").read_text(errors="replace")[-2000:]
            raise TrytonUnavailable(f"trytond stopped while starting:\n{log}")
        try:
            if httpx.get(url, headers=headers, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TrytonUnavailable("trytond did not answer in time")
