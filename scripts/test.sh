#!/usr/bin/env bash
# The whole test suite from a fresh machine: installs uv and the locked dependencies, checks lint,
# format and types, runs pytest on SQLite, then again on a throwaway PostgreSQL server (installed
# with apt when missing). Before pytest it prepares Tryton (its own virtual environment and a
# template database), which the Accounting and Invoicing tests run for real.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=scripts/uv.sh
pg_port=${JUNCTION_TEST_PG_PORT:-54329}

$uv sync --frozen --quiet
$uv run --frozen ruff check src tests bench
$uv run --frozen ruff format --check src tests bench
$uv run --frozen mypy

echo "== Tryton: its own environment and template database (once per machine and version)"
$uv run --frozen junction sandbox tryton --prepare

echo "== pytest on SQLite"
$uv run --frozen pytest "$@"

echo "== pytest on PostgreSQL"
pg_url=$(scripts/postgres.sh start "$pg_port")
trap 'scripts/postgres.sh stop "$pg_port"' EXIT
JUNCTION_TEST_DATABASE_URL=$pg_url $uv run --frozen pytest "$@"
