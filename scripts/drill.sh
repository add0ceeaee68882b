#!/usr/bin/env bash
# Run a fault drill (or all): scripts/drill.sh NAME|all [--size small|full]
# Drills: kill-postgres, kill-follower, kill-server-sqlite, soak, fuzz (bench/drills/).
# Each starts its own throwaway PostgreSQL where it needs one, sends traffic to 127.0.0.1 only,
# stops by itself, prints its figures and a JSON line, and exits 1 when a guarantee fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || scripts/install.sh dev >&2
exec .venv/bin/python -m bench.drills.run "$@"
