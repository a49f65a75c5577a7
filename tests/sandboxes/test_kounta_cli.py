"""`junction sandbox kounta` as a user runs it: a separate process answering real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from tests.sandboxes.support import basic

STARTUP_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the sandbox exited: {process.communicate()[1]}")
        try:
            httpx.get(f"{url}/_sandbox/faults", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the sandbox did not start in time")


def test_sandbox_command_serves_kounta_over_http() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "junction",
            "sandbox",
            "kounta",
            "--port",
            str(port),
            "--seed",
            "7",
            "--profile",
            "small",
        ],
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(url, process)
        company = httpx.get(f"{url}/v1/companies/me.json", headers=basic(), timeout=10)
        index = httpx.get(f"{url}/_sandbox", timeout=10).json()
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)

    assert company.status_code == 200
    assert company.json()["id"] == 5678
    assert (index["seed"], index["profile"]) == (7, "small")
    assert f"kounta sandbox on {url}" in stderr


def test_unknown_sandbox_or_profile_is_refused() -> None:
    unknown = subprocess.run(
        [sys.executable, "-m", "junction", "sandbox", "nowhere"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    bad_profile = subprocess.run(
        [sys.executable, "-m", "junction", "sandbox", "kounta", "--profile", "huge"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert unknown.returncode == 2
    assert "kounta" in unknown.stderr
    assert bad_profile.returncode == 2
