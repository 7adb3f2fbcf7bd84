# Settings shared by the stack scripts. Every value can be overridden from the environment.
# shellcheck shell=bash
DGPLAN_ROOT=${DGPLAN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
DGPLAN_VAR=${DGPLAN_VAR:-$DGPLAN_ROOT/var}
# The CKAN release installed and tested: requirements-ckan.txt's pin unless DGPLAN_CKAN_VERSION names
# another one, which then gets a virtual environment of its own so that the default one stays as it is.
DGPLAN_CKAN_DEFAULT=$(sed -n 's/^ckan\[requirements\]==//p' "$DGPLAN_ROOT/requirements-ckan.txt")
DGPLAN_CKAN_VERSION=${DGPLAN_CKAN_VERSION:-$DGPLAN_CKAN_DEFAULT}
if [ "$DGPLAN_CKAN_VERSION" = "$DGPLAN_CKAN_DEFAULT" ]; then
  DGPLAN_VENV=${DGPLAN_VENV:-$DGPLAN_ROOT/.venv}
else
  DGPLAN_VENV=${DGPLAN_VENV:-$DGPLAN_ROOT/.venv-$DGPLAN_CKAN_VERSION}
fi
DGPLAN_HOST=127.0.0.1
DGPLAN_PG_PORT=${DGPLAN_PG_PORT:-5432}
DGPLAN_PG_USER=${DGPLAN_PG_USER:-ckan}
DGPLAN_PG_PASSWORD=${DGPLAN_PG_PASSWORD:-ckan_pass}
DGPLAN_DS_RO_USER=${DGPLAN_DS_RO_USER:-datastore_ro}
DGPLAN_DS_RO_PASSWORD=${DGPLAN_DS_RO_PASSWORD:-datastore_pass}
DGPLAN_REDIS_PORT=${DGPLAN_REDIS_PORT:-6379}
DGPLAN_SOLR_PORT=${DGPLAN_SOLR_PORT:-8983}
# single: one Solr JVM with one core per use (stack/solr.sh); cloud: ZooKeeper, two Solr nodes and a
# 2 x 2 collection behind an nginx entry on DGPLAN_SOLR_PORT (stack/solrcloud.sh). README: Operating.
DGPLAN_SOLR_MODE=${DGPLAN_SOLR_MODE:-single}
case "$DGPLAN_SOLR_MODE" in
  single) DGPLAN_SOLR_SCRIPT=solr.sh ;;
  cloud) DGPLAN_SOLR_SCRIPT=solrcloud.sh ;;
  *) printf 'ERROR: DGPLAN_SOLR_MODE must be single or cloud, not %s\n' "$DGPLAN_SOLR_MODE" >&2; exit 2 ;;
esac
# How many CKAN app servers (gunicorn) serve the portal; from 2, nginx balances them on
# DGPLAN_CKAN_PORT and they listen on the ports after it (stack/appservers.sh).
DGPLAN_APP_SERVERS=${DGPLAN_APP_SERVERS:-1}
DGPLAN_CKAN_PORT=${DGPLAN_CKAN_PORT:-5000}
DGPLAN_WORKERS=${DGPLAN_WORKERS:-3}
DGPLAN_ADMIN_USER=${DGPLAN_ADMIN_USER:-admin}
DGPLAN_ADMIN_EMAIL=${DGPLAN_ADMIN_EMAIL:-admin@example.org}
DGPLAN_PG_BIN=${DGPLAN_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
export DGPLAN_ROOT DGPLAN_VAR DGPLAN_VENV DGPLAN_HOST DGPLAN_PG_PORT DGPLAN_PG_USER DGPLAN_PG_PASSWORD \
  DGPLAN_CKAN_VERSION DGPLAN_CKAN_DEFAULT DGPLAN_DS_RO_USER DGPLAN_DS_RO_PASSWORD DGPLAN_REDIS_PORT DGPLAN_SOLR_PORT DGPLAN_CKAN_PORT \
  DGPLAN_SOLR_MODE DGPLAN_SOLR_SCRIPT DGPLAN_APP_SERVERS \
  DGPLAN_WORKERS DGPLAN_ADMIN_USER DGPLAN_ADMIN_EMAIL DGPLAN_PG_BIN

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive FILE: true when FILE names a running process.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND once a second until it succeeds.
wait_for() {
  local limit=$1 what=$2; shift 2
  local i
  for ((i = 0; i < limit; i++)); do
    "$@" && return 0
    sleep 1
  done
  return 1
}

mkdir -p "$DGPLAN_VAR/log" "$DGPLAN_VAR/run"
