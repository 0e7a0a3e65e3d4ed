#!/usr/bin/env bash
# Quick-start command 2: set up, then run every check and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export PATH="$PWD/.venv/bin:$PATH"
# The suite must not silently skip PostgreSQL or Chromium here: they were just installed.
export FLEET_TEST_REQUIRE_POSTGRES=1 KIOSK_TEST_REQUIRE_CHROMIUM=1 KIOSK_TEST_REQUIRE_XVFB=1

echo "==> ruff";          ruff check .
                          ruff format --check .
echo "==> mypy (strict)"; mypy kiosk fleet hardware content tests benchmarks scripts
echo "==> import-linter"; lint-imports
# One worker per core (-n auto); each starts its own PostgreSQL, fleets and Chromium.
echo "==> pytest";        pytest -n auto "$@"
