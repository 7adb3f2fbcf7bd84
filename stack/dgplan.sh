#!/usr/bin/env bash
# The project's commands: serve | test | lint | stop | status | reset | install. See README.md.
set -euo pipefail
source "$(dirname "$0")/env.sh"

CKAN_INI=${CKAN_INI:-$DGPLAN_ROOT/ckan.ini}
CKAN=$DGPLAN_VENV/bin/ckan
GUNICORN_PID=$DGPLAN_VAR/run/gunicorn.pid
WORKER_PID=$DGPLAN_VAR/run/worker.pid
# The open-data quality jobs' own worker (ckanext.dgplan.quality.queue), so that a long run never
# holds up xloader's loads or the search index retries on the default queue (README: quality indicator).
QUALITY_WORKER_PID=$DGPLAN_VAR/run/worker-quality.pid
# ckanext-harvest's consumers of its gather and fetch queues on Redis (README: Harvesting).
GATHER_PID=$DGPLAN_VAR/run/harvest-gather.pid
FETCH_PID=$DGPLAN_VAR/run/harvest-fetch.pid
STACK=$DGPLAN_ROOT/stack

services_up() {
  "$STACK/postgres.sh" start
  "$STACK/postgres.sh" init
  "$STACK/redis.sh" start
  "$STACK/$DGPLAN_SOLR_SCRIPT" start
}

render_ini() {
  "$DGPLAN_VENV/bin/python" "$STACK/render_ini.py" "$STACK/ckan.ini.template" "$CKAN_INI"
}

# ensure_admin: a sysadmin whose API token is written to var/admin.token (password printed once if generated).
ensure_admin() {
  local pwfile=$DGPLAN_VAR/admin.password
  if ! "$CKAN" -c "$CKAN_INI" user show "$DGPLAN_ADMIN_USER" 2>>"$DGPLAN_VAR/log/admin.log" | grep -q "name=$DGPLAN_ADMIN_USER"; then
    local pw=${DGPLAN_ADMIN_PASSWORD:-}
    if [ -z "$pw" ]; then pw=$("$DGPLAN_VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))'); fi
    # The password goes through the 0600 file and stdin: an argument would show in `ps` to every local user.
    ( umask 077; printf '%s\n' "$pw" >"$pwfile" )
    "$DGPLAN_VENV/bin/python" "$STACK/add_user.py" "$CKAN_INI" "$DGPLAN_ADMIN_USER" "$DGPLAN_ADMIN_EMAIL" <"$pwfile" \
      >/dev/null 2>>"$DGPLAN_VAR/log/admin.log" || die "creating the sysadmin '$DGPLAN_ADMIN_USER' failed (see $DGPLAN_VAR/log/admin.log)"
    say "Created sysadmin '$DGPLAN_ADMIN_USER' with password: $pw (also in $pwfile)"
  fi
  "$CKAN" -c "$CKAN_INI" sysadmin add "$DGPLAN_ADMIN_USER" >>"$DGPLAN_VAR/log/admin.log" 2>&1 || true
  if [ ! -s "$DGPLAN_VAR/admin.token" ]; then
    ( umask 077; "$CKAN" -c "$CKAN_INI" user token add "$DGPLAN_ADMIN_USER" dgplan-setup 2>>"$DGPLAN_VAR/log/admin.log" | tail -n 1 | tr -d '[:space:]' >"$DGPLAN_VAR/admin.token" )
    say "API token for '$DGPLAN_ADMIN_USER' written to $DGPLAN_VAR/admin.token"
  fi
}

# ensure_xloader_token: ckanext-xloader's API token (the sysadmin's, like admin.token) in var/xloader.token;
# ckan.ini is rendered again so that the portal and the jobs worker read it.
ensure_xloader_token() {
  if [ ! -s "$DGPLAN_VAR/xloader.token" ]; then
    ( umask 077; "$CKAN" -c "$CKAN_INI" user token add "$DGPLAN_ADMIN_USER" xloader 2>>"$DGPLAN_VAR/log/admin.log" | tail -n 1 | tr -d '[:space:]' >"$DGPLAN_VAR/xloader.token" )
    [ -s "$DGPLAN_VAR/xloader.token" ] || die "creating ckanext-xloader's API token failed (see $DGPLAN_VAR/log/admin.log)"
    say "API token for ckanext-xloader written to $DGPLAN_VAR/xloader.token"
  fi
  render_ini
}

portal_ready() {
  curl -fs -o /dev/null "http://127.0.0.1:$DGPLAN_CKAN_PORT/api/3/action/status_show" 2>/dev/null
}

start_portal() {
  if ((DGPLAN_APP_SERVERS > 1)); then
    CKAN_INI=$CKAN_INI "$STACK/appservers.sh" start
  elif pid_alive "$GUNICORN_PID"; then
    say "Reloading the portal's workers"
    kill -HUP "$(cat "$GUNICORN_PID")"
  else
    port_open "$DGPLAN_CKAN_PORT" && die "port $DGPLAN_CKAN_PORT is already in use by another program; stop it or set DGPLAN_CKAN_PORT"
    say "CKAN: starting gunicorn ($DGPLAN_WORKERS workers) on http://127.0.0.1:$DGPLAN_CKAN_PORT"
    CKAN_INI=$CKAN_INI "$DGPLAN_VENV/bin/gunicorn" --chdir "$DGPLAN_ROOT" --workers "$DGPLAN_WORKERS" \
      --bind "127.0.0.1:$DGPLAN_CKAN_PORT" --timeout 120 --daemon --pid "$GUNICORN_PID" \
      --error-logfile "$DGPLAN_VAR/log/gunicorn.log" --access-logfile "$DGPLAN_VAR/log/access.log" stack.wsgi:application
  fi
  if ! pid_alive "$WORKER_PID"; then
    nohup "$CKAN" -c "$CKAN_INI" dgplan worker >"$DGPLAN_VAR/log/worker.log" 2>&1 &
    echo $! >"$WORKER_PID"
  fi
  if ! pid_alive "$QUALITY_WORKER_PID"; then
    nohup "$CKAN" -c "$CKAN_INI" dgplan worker --quality >"$DGPLAN_VAR/log/worker-quality.log" 2>&1 &
    echo $! >"$QUALITY_WORKER_PID"
  fi
  if ! pid_alive "$GATHER_PID"; then
    nohup "$CKAN" -c "$CKAN_INI" harvester gather-consumer >"$DGPLAN_VAR/log/harvest-gather.log" 2>&1 &
    echo $! >"$GATHER_PID"
  fi
  if ! pid_alive "$FETCH_PID"; then
    nohup "$CKAN" -c "$CKAN_INI" harvester fetch-consumer >"$DGPLAN_VAR/log/harvest-fetch.log" 2>&1 &
    echo $! >"$FETCH_PID"
  fi
  wait_for 90 "CKAN" portal_ready || die "CKAN did not answer on port $DGPLAN_CKAN_PORT within 90 s (see $DGPLAN_VAR/log/gunicorn.log)"
}

stop_portal() {
  CKAN_INI=$CKAN_INI "$STACK/appservers.sh" stop
  for f in "$GUNICORN_PID" "$WORKER_PID" "$QUALITY_WORKER_PID" "$GATHER_PID" "$FETCH_PID"; do
    if pid_alive "$f"; then
      kill "$(cat "$f")" 2>/dev/null || true
      wait_for 20 stop bash -c "! kill -0 $(cat "$f") 2>/dev/null" || kill -9 "$(cat "$f")" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}

cmd_serve() {
  "$STACK/install.sh"
  services_up
  render_ini
  say "Database: creating or upgrading the CKAN tables"
  "$CKAN" -c "$CKAN_INI" db upgrade >"$DGPLAN_VAR/log/db.log" 2>&1 || die "ckan db upgrade failed (see $DGPLAN_VAR/log/db.log)"
  "$STACK/postgres.sh" datastore-permissions "$CKAN_INI"
  # Datasets tagged before a renumbering of the plan's codes keep their meaning (once per site).
  "$CKAN" -c "$CKAN_INI" dgplan plan migrate >"$DGPLAN_VAR/log/plan-migrate.log" 2>&1 || die "migrating the plan codes of the datasets failed (see $DGPLAN_VAR/log/plan-migrate.log)"
  ensure_admin
  ensure_xloader_token
  say "Demo data: loading the plan's KPIs and budgets, and the data.go.th records (idempotent)"
  "$CKAN" -c "$CKAN_INI" dgplan seed load >"$DGPLAN_VAR/log/seed.log" 2>&1 || die "loading the plan's seed data failed (see $DGPLAN_VAR/log/seed.log)"
  "$CKAN" -c "$CKAN_INI" dgplan demo load >"$DGPLAN_VAR/log/demo.log" 2>&1 || die "loading demo data failed (see $DGPLAN_VAR/log/demo.log)"
  start_portal
  say "Portal ready: http://127.0.0.1:$DGPLAN_CKAN_PORT  (sysadmin: $DGPLAN_ADMIN_USER, token in $DGPLAN_VAR/admin.token)"
}

# The part of the suite that the whole run repeats against SolrCloud (README: The suite against cloud
# mode): Thai search, the Solr-down faults, search hardening and the app servers. The SolrCloud fault
# tests start a cluster of their own in the first pass already.
CLOUD_SUBSET=(tests/integration/test_search.py tests/integration/test_faults.py
  tests/integration/test_hardening_search.py tests/integration/test_app_servers.py)

cmd_test() {
  "$STACK/install.sh"
  # The whole suite (no pytest arguments, as CI runs it) starts with the linters; a subset does not.
  local whole=0
  [ $# -eq 0 ] && whole=1
  if ((whole)); then
    "$STACK/lint.sh" || die "make lint found problems (listed above); the tests did not run"
  fi
  # Two runs at once would share the test databases and Solr core; the second waits for the first.
  # The whole run's cloud pass runs inside it and holds the same lock already.
  if [ "${DGPLAN_TEST_LOCK_HELD:-}" != 1 ]; then
    exec 9>"$DGPLAN_VAR/test.lock"
    flock 9
  fi
  # Services this run starts are stopped again at the end; ones already running are left alone.
  STARTED=""
  "$STACK/postgres.sh" status | grep -q ": up" || STARTED+=" postgres"
  "$STACK/redis.sh" status | grep -q ": up" || STARTED+=" redis"
  "$STACK/$DGPLAN_SOLR_SCRIPT" status | grep -q "^solr: up" || STARTED+=" ${DGPLAN_SOLR_SCRIPT%.sh}"
  trap 'for s in $STARTED; do "$STACK/$s.sh" stop >/dev/null 2>&1 || true; done' EXIT
  services_up
  # test.ini carries the default ports; CKAN reads these variables over it, so DGPLAN_* overrides reach the tests.
  local pg="postgresql://$DGPLAN_PG_USER:$DGPLAN_PG_PASSWORD@127.0.0.1:$DGPLAN_PG_PORT"
  export CKAN_SQLALCHEMY_URL="$pg/ckan_test"
  export CKAN_DATASTORE_WRITE_URL="$pg/datastore_test"
  export CKAN_DATASTORE_READ_URL="postgresql://$DGPLAN_DS_RO_USER:$DGPLAN_DS_RO_PASSWORD@127.0.0.1:$DGPLAN_PG_PORT/datastore_test"
  export CKAN_SOLR_URL="http://127.0.0.1:$DGPLAN_SOLR_PORT/solr/ckan_test"
  export CKAN_REDIS_URL="redis://127.0.0.1:$DGPLAN_REDIS_PORT/1"
  export CKAN_STORAGE_PATH="$DGPLAN_VAR/test-storage"
  say "Database: preparing the test databases"
  "$CKAN" -c "$DGPLAN_ROOT/test.ini" db upgrade >"$DGPLAN_VAR/log/db-test.log" 2>&1 || die "ckan db upgrade on the test database failed (see $DGPLAN_VAR/log/db-test.log)"
  "$STACK/postgres.sh" datastore-permissions "$DGPLAN_ROOT/test.ini"
  say "Tests: pytest --ckan-ini=test.ini (Solr: $DGPLAN_SOLR_MODE)"
  cd "$DGPLAN_ROOT"
  local rc=0
  "$DGPLAN_VENV/bin/python" -m pytest --ckan-ini=test.ini "$@" || rc=$?
  if ((whole)) && [ "$DGPLAN_SOLR_MODE" = single ] && [ "${DGPLAN_TEST_CLOUD:-1}" = 1 ]; then
    # On ports of its own beside the single core (entry +20, nodes +21 and +22, ZooKeeper +23), so a
    # portal served on the default ports keeps running; the cluster is stopped again at the end.
    local entry=$((DGPLAN_SOLR_PORT + 20))
    say "Tests: the cloud-mode subset against a 2 x 2 SolrCloud collection (DGPLAN_TEST_CLOUD=0 skips it)"
    DGPLAN_TEST_LOCK_HELD=1 DGPLAN_SOLR_MODE=cloud DGPLAN_SOLR_PORT=$entry DGPLAN_ZK_PORT=$((entry + 3)) \
      DGPLAN_SOLR_NODE_PORTS="$((entry + 1)) $((entry + 2))" "$STACK/dgplan.sh" test "${CLOUD_SUBSET[@]}" || rc=$?
  fi
  return "$rc"
}

cmd_bench() {
  "$STACK/install.sh"
  services_up
  cd "$DGPLAN_ROOT"
  "$DGPLAN_VENV/bin/python" bench/thai_search.py "$@"
}

cmd_stop() {
  stop_portal
  "$STACK/$DGPLAN_SOLR_SCRIPT" stop
  "$STACK/redis.sh" stop
  "$STACK/postgres.sh" stop
}

cmd_status() {
  "$STACK/postgres.sh" status
  "$STACK/redis.sh" status
  "$STACK/$DGPLAN_SOLR_SCRIPT" status
  if ((DGPLAN_APP_SERVERS > 1)); then "$STACK/appservers.sh" status
  elif pid_alive "$GUNICORN_PID" && portal_ready; then echo "ckan: up (port $DGPLAN_CKAN_PORT)"; else echo "ckan: down (port $DGPLAN_CKAN_PORT)"; fi
  if pid_alive "$WORKER_PID"; then echo "jobs worker: up"; else echo "jobs worker: down"; fi
  if pid_alive "$QUALITY_WORKER_PID"; then echo "quality jobs worker: up"; else echo "quality jobs worker: down"; fi
  if pid_alive "$GATHER_PID" && pid_alive "$FETCH_PID"; then echo "harvest consumers: up"; else echo "harvest consumers: down"; fi
  echo "logs: $DGPLAN_VAR/log/ckan.log (CKAN and dgplan, errors with tracebacks; rotated at 10 MB), gunicorn.log, access.log, worker.log, worker-quality.log"
}

cmd_reset() {
  if [ "${DGPLAN_RESET_CONFIRM:-}" != yes ]; then
    [ -t 0 ] || die "reset deletes all local data in $DGPLAN_VAR; run with DGPLAN_RESET_CONFIRM=yes to confirm"
    read -r -p "Delete all local data in $DGPLAN_VAR (databases, Solr indexes, uploads)? [y/N] " answer
    [ "$answer" = y ] || [ "$answer" = Y ] || { echo "Nothing deleted."; return 0; }
  fi
  cmd_stop
  rm -rf "$DGPLAN_VAR" "$CKAN_INI"
  say "Local data deleted; 'make serve' starts afresh"
}

case "${1:-}" in
  install) "$STACK/install.sh" ;;
  serve) cmd_serve ;;
  test) shift; cmd_test "$@" ;;
  lint) "$STACK/install.sh"; "$STACK/lint.sh" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  bench) shift; cmd_bench "$@" ;;
  *) echo "usage: $0 install|serve|test [pytest args]|lint|bench [args]|stop|status|reset" >&2; exit 2 ;;
esac
