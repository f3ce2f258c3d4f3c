.PHONY: run test lint format messages bench
run:  ## set up and start satupintu with the demo MPPs on http://127.0.0.1:8000
	bash scripts/run.sh
test:  ## install test dependencies, lint, run the suite on SQLite and PostgreSQL
	bash scripts/test.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
messages:  ## refresh the id/en message catalogs after changing user-facing text
	cd satupintu && DEBUG=true ../.venv/bin/satupintu makemessages -l id -l en --no-obsolete
	.venv/bin/python scripts/fill_catalogs.py
	cd satupintu && DEBUG=true ../.venv/bin/satupintu compilemessages
bench:  ## queue benchmarks (HTTP load on SQLite and PostgreSQL, SSE fan-out) into docs/benchmarks.md
	bash scripts/bench.sh
