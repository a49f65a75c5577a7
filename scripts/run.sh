#!/usr/bin/env bash
# Installs the locked dependencies and runs Junction on the embedded default (`junction demo`):
# sandboxes mounted, a real Tryton beside it, a demo account and consumers printed on start; SQLite and keys in
# JUNCTION_DATA_DIR (default ~/.local/share/junction), migrations applied, nothing else to start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/uv.sh sync --frozen --no-dev --quiet
# A real Tryton for the Accounting and Invoicing consumer: its own environment and template
# database, built once (about a minute), then reused.
scripts/uv.sh run --frozen --no-dev junction sandbox tryton --prepare
exec scripts/uv.sh run --frozen --no-dev junction demo --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
