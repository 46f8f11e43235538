#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on loopback and run the database tests against it.
# Used by .ci/run and `make test-postgres`. The cluster lives in a temp dir and is
# stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=${PGPORT_TESTS:-54329}
data=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
run_as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$data"
cleanup() { run_as_postgres "$bindir/pg_ctl" -D "$data/db" -m fast stop >/dev/null 2>&1 || true; rm -rf "$data"; }
trap cleanup EXIT
run_as_postgres "$bindir/initdb" -D "$data/db" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_as_postgres "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >/dev/null
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U gongkai gongkai
export DATABASE_URL="postgres://gongkai@127.0.0.1:$port/gongkai"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
.venv/bin/python -m pytest -m "not browser" "$@" tests/gongkai_web
