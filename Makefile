.DEFAULT_GOAL := help
.PHONY: help run test lint format typecheck pytest bench bench-kounta bench-tryton

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: ## Install and run Junction on the embedded default (SQLite, http://127.0.0.1:8000)
	scripts/run.sh

test: ## Install everything and run the whole suite: lint, types, pytest on SQLite and PostgreSQL
	scripts/test.sh

lint: ## ruff check and format check
	scripts/uv.sh run ruff check src tests bench
	scripts/uv.sh run ruff format --check src tests bench

format: ## Format the code
	scripts/uv.sh run ruff format src tests bench
	scripts/uv.sh run ruff check --fix src tests bench

typecheck: ## mypy, strict
	scripts/uv.sh run mypy

pytest: ## pytest on SQLite only (fast loop)
	scripts/uv.sh run pytest

bench: ## Run the benchmarks (see bench/README.md)
	scripts/uv.sh run python bench/platform.py

bench-kounta: ## Kounta overhead: a unified call against the same provider calls made directly
	scripts/uv.sh run python bench/kounta_overhead.py

bench-tryton: ## Tryton: 1,000 invoices created and read through Junction, against the same REST calls made directly
	scripts/uv.sh run python bench/tryton_invoices.py
