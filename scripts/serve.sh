#!/usr/bin/env bash
# The main job: install, migrate, load demo data once, print demo tokens, and serve the API
# on the embedded SQLite default (SIJILL_DATABASE_URL overrides it). GraphiQL: /graphql.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export SIJILL_DATABASE_URL=${SIJILL_DATABASE_URL:-sqlite:///sijill.db}
sijill=.venv/bin/sijill
"$sijill" migrate
"$sijill" demo --citizens "${SIJILL_DEMO_CITIZENS:-200}" --if-empty
echo "demo tokens (paste into GraphiQL's headers as {\"Authorization\": \"Bearer …\"}):"
for who in "clerk PAR demo-clerk-paris" "clerk MTL demo-clerk-montreal" "officer PAR demo-officer" \
           "auditor BRU demo-auditor" "admin RBA demo-admin"; do
  set -- $who
  echo "  $1 at $2: $("$sijill" token create --role "$1" --mission "$2" --name "$3" | tail -1 | awk '{print $NF}')"
done
exec "$sijill" serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
