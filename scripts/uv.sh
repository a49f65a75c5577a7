#!/usr/bin/env bash
# Runs uv, installing it from PyPI first when the machine has none.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then
  exec uv "$@"
fi
if ! python3 -m uv --version >/dev/null 2>&1; then
  echo "installing uv (pip)" >&2
  python3 -m pip install --quiet --disable-pip-version-check uv >&2
fi
exec python3 -m uv "$@"
