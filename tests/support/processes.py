"""Junction processes for tests that need several: `junction serve` and `junction worker`, each
with its own log file, on 127.0.0.1 only, stopped (or killed) by the test that started them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


def junction_command() -> list[str]:
    script = Path(sys.executable).with_name("junction")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "junction"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def base_environment(extra: dict[str, str]) -> dict[str, str]:
    """The test's environment without the developer's own Junction settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
    env.update(
        {
            "JUNCTION_EXTRA_CONNECTORS": "tests.support.connectors",
            "PYTHONPATH": os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH")) if p),
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*junction_command(), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"junction {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class Process:
    name: str
    args: list[str]
    env: dict[str, str]
    log_path: Path
    port: int | None = None
    popen: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Process:
        self._log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            [*junction_command(), *self.args], env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        return self

    def wait_until_answering(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        with httpx.Client(base_url=self.base_url, timeout=2.0) as client:
            while time.monotonic() < deadline:
                assert self.popen is not None
                if self.popen.poll() is not None:
                    raise AssertionError(f"{self.name} exited with {self.popen.returncode}:\n{self.tail()}")
                try:
                    if client.get("/openapi.json").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        raise AssertionError(f"{self.name} did not answer within {STARTUP_TIMEOUT}s:\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no graceful shutdown."""
        assert self.popen is not None
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=STOP_TIMEOUT)
        self._close_log()

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            self._close_log()
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=STOP_TIMEOUT)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def serve(name: str, env: dict[str, str], logs: Path, port: int | None = None) -> Process:
    port = port or free_port()
    args = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    return Process(name, args, env, logs / f"{name}.log", port).start()


def worker(name: str, env: dict[str, str], logs: Path, threads: int = 4) -> Process:
    return Process(name, ["worker", "--threads", str(threads)], env, logs / f"{name}.log").start()
