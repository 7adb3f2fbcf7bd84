#!/usr/bin/env bash
# PostgreSQL from Debian's packages, data in var/postgres, listening on 127.0.0.1 only.
# Usage: stack/postgres.sh start|stop|status|init
set -euo pipefail
source "$(dirname "$0")/env.sh"

PGDATA=$DGPLAN_VAR/postgres
SOCKDIR=$DGPLAN_VAR/run/pg
PGLOG=$DGPLAN_VAR/log/postgres.log

# PostgreSQL refuses to run as root, so as root the server runs as Debian's `postgres` user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_super() { as_pg "$DGPLAN_PG_BIN/psql" -h "$SOCKDIR" -p "$DGPLAN_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

running() { [ -f "$PGDATA/postmaster.pid" ] && as_pg "$DGPLAN_PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

start() {
  [ -x "$DGPLAN_PG_BIN/pg_ctl" ] || die "PostgreSQL server not found under /usr/lib/postgresql; run 'make install' (installs Debian's postgresql)"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "PostgreSQL: creating a cluster in $PGDATA"
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    as_pg "$DGPLAN_PG_BIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >"$DGPLAN_VAR/log/initdb.log" 2>&1 \
      || die "initdb failed (see $DGPLAN_VAR/log/initdb.log)"
    # Local socket/loopback trust is for the superuser only; CKAN's roles log in with passwords.
    cat >"$PGDATA/pg_hba.conf" <<HBA
local all postgres trust
local all all scram-sha-256
host  all postgres 127.0.0.1/32 reject
host  all all 127.0.0.1/32 scram-sha-256
HBA
  fi
  mkdir -p "$SOCKDIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$SOCKDIR" "$DGPLAN_VAR/log" && touch "$PGLOG" && chown postgres "$PGLOG"
  if running; then say "PostgreSQL already running on port $DGPLAN_PG_PORT"; return 0; fi
  if port_open "$DGPLAN_PG_PORT"; then
    die "port $DGPLAN_PG_PORT is already in use by another program; stop it or set DGPLAN_PG_PORT"
  fi
  say "PostgreSQL: starting on 127.0.0.1:$DGPLAN_PG_PORT"
  as_pg "$DGPLAN_PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $DGPLAN_PG_PORT -c unix_socket_directories=$SOCKDIR -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
    start >/dev/null || die "PostgreSQL did not start (see $PGLOG)"
}

stop() {
  if running; then
    as_pg "$DGPLAN_PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    say "PostgreSQL stopped"
  fi
}

status() {
  if running; then echo "postgres: up (port $DGPLAN_PG_PORT)"; else echo "postgres: down (port $DGPLAN_PG_PORT)"; fi
}

# ensure_role NAME PASSWORD
ensure_role() {
  if [ "$(psql_super -c "SELECT 1 FROM pg_roles WHERE rolname='$1'")" != 1 ]; then
    psql_super -c "CREATE ROLE \"$1\" LOGIN PASSWORD '$2'"
  else
    psql_super -c "ALTER ROLE \"$1\" LOGIN PASSWORD '$2'"
  fi
}

# ensure_db NAME OWNER
ensure_db() {
  if [ "$(psql_super -c "SELECT 1 FROM pg_database WHERE datname='$1'")" != 1 ]; then
    psql_super -c "CREATE DATABASE \"$1\" OWNER \"$2\" ENCODING 'UTF8' TEMPLATE template0"
  fi
}

# init: roles and the four databases (portal, DataStore, and a separate pair for the tests).
init() {
  running || start
  ensure_role "$DGPLAN_PG_USER" "$DGPLAN_PG_PASSWORD"
  ensure_role "$DGPLAN_DS_RO_USER" "$DGPLAN_DS_RO_PASSWORD"
  # ckan_harvest_test: the second portal of the harvest test (tests/integration/test_harvest.py).
  for db in ckan ckan_test ckan_harvest_test ckan_bench; do ensure_db "$db" "$DGPLAN_PG_USER"; done
  for db in datastore datastore_test; do ensure_db "$db" "$DGPLAN_PG_USER"; done
}

# datastore_permissions INI: apply the read-only role's grants that `ckan datastore set-permissions` prints.
datastore_permissions() {
  "$DGPLAN_VENV/bin/ckan" -c "$1" datastore set-permissions 2>/dev/null | psql_super >/dev/null
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  init) init ;;
  datastore-permissions) datastore_permissions "$2" ;;
  *) echo "usage: $0 start|stop|status|init|datastore-permissions INI" >&2; exit 2 ;;
esac
