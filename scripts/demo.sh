#!/usr/bin/env bash
# Quick-start command 1: set up, then run the demo (fleet on SQLite + one kiosk with fake hardware).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh demo
exec .venv/bin/python scripts/demo.py "$@"
