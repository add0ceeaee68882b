#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL cluster on a loopback port, as the postgres user.
# Usage: scripts/pg.sh start|stop [DATADIR] [PORT]   — `start` prints the database URL last.
set -euo pipefail
action=${1:-start}
datadir=${2:-/tmp/sijill-pg}
port=${3:-54329}

pgbin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pgbin=$d; done
if [ -z "$pgbin" ]; then
  echo "PostgreSQL server binaries not found; installing Debian's postgresql package" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  else
    echo "run as root or install postgresql (initdb, pg_ctl) first" >&2; exit 1
  fi
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pgbin=$d; done
fi

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ ! -s "$datadir/PG_VERSION" ]; then
      mkdir -p "$datadir"
      [ "$(id -u)" -eq 0 ] && chown postgres: "$datadir"
      as_pg "$pgbin/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if as_pg "$pgbin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
      port=$(sed -n 4p "$datadir/postmaster.pid")  # already running: report its port
    else
      # Another server on the port (a developer's own cluster): take a free one instead.
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        echo "port in use; PostgreSQL for the tests takes $port" >&2
      fi
      if ! as_pg "$pgbin/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
          -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=on -c max_connections=200" start >/dev/null; then
        echo "PostgreSQL did not start; its log:" >&2
        tail -20 "$datadir/server.log" >&2
        exit 1
      fi
    fi
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$pgbin/pg_ctl" -D "$datadir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [DATADIR] [PORT]" >&2; exit 2 ;;
esac
