#!/usr/bin/env bash
# The main job: install, migrate, load demo data once, print demo tokens and the demo staff
# accounts, and serve on the embedded SQLite default (SIJILL_DATABASE_URL overrides it).
# GraphiQL: /graphql; the staff console: /console.
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
# People sign in to the console with a password: one demo account per role, made once, all with
# the demo password below (a development register only; never on a real one).
demo_password=${SIJILL_DEMO_PASSWORD:-sijill-demo-counter}
existing=$("$sijill" account list | cut -f1)
for who in "clerk PAR demo-clerk" "officer PAR demo-officer" "auditor BRU demo-auditor" \
           "admin RBA demo-admin"; do
  set -- $who
  if ! grep -qx "$3" <<<"$existing"; then
    printf '%s\n' "$demo_password" |
      "$sijill" account create --role "$1" --mission "$2" --name "$3" --password-stdin >/dev/null
  fi
done
echo "staff console: http://${HOST:-127.0.0.1}:${PORT:-8000}/console — sign in as demo-clerk,"
echo "  demo-officer, demo-auditor or demo-admin with the password $demo_password"
exec "$sijill" serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
