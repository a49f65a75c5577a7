"""`junction sandbox sourcehub` as a user runs it: a separate process answering real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx

from tests.sandboxes.test_kounta_cli import free_port, wait_until_up


def test_sandbox_command_serves_sourcehub_over_http() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "junction", "sandbox", "sourcehub", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--profile", "small"],
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(url, process)
        customers = httpx.get(
            f"{url}/customers", headers={"Authorization": "Bearer sh_live_sandbox_key"}, timeout=10
        )
        index = httpx.get(f"{url}/_sandbox", timeout=10).json()
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)

    assert customers.status_code == 200
    assert customers.json()["data"]["pagination"]["total"] == 12
    assert (index["provider"], index["profile"]) == ("sourcehub", "small")
    assert f"sourcehub sandbox on {url}" in stderr
