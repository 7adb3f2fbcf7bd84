#!/usr/bin/env bash
# Several CKAN app servers behind nginx (DGPLAN_APP_SERVERS=2 or more): gunicorn processes on the
# ports after DGPLAN_CKAN_PORT (5001, 5002, ...), each with DGPLAN_WORKERS workers and the same
# ckan.ini, so the same PostgreSQL, Redis, Solr, storage path and secrets; nginx listens on
# DGPLAN_CKAN_PORT and spreads requests over them. What they share and why that is enough on one
# machine (and what several machines need instead): README, Operating.
#
# usage: stack/appservers.sh start|stop|status
# Environment: CKAN_INI (the repo's ckan.ini), DGPLAN_APP_SERVERS (2), DGPLAN_WORKERS (3),
# DGPLAN_CKAN_PORT (5000), DGPLAN_VAR.
set -euo pipefail
source "$(dirname "$0")/env.sh"

CKAN_INI=${CKAN_INI:-$DGPLAN_ROOT/ckan.ini}
N=${DGPLAN_APP_SERVERS:-2}
((N >= 2)) || N=2
BAL_DIR="$DGPLAN_VAR/balancer"
BAL_PID="$DGPLAN_VAR/run/balancer-nginx.pid"

app_port() { echo $((DGPLAN_CKAN_PORT + $1)); }
app_pid() { echo "$DGPLAN_VAR/run/gunicorn-$1.pid"; }
answers() { curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$1/api/3/action/status_show" 2>/dev/null; }

start_app() {
  local i=$1 port pidf
  port="$(app_port "$i")"; pidf="$(app_pid "$i")"
  pid_alive "$pidf" && return 0
  port_open "$port" && die "port $port (app server $i) is already in use"
  say "CKAN app server $i: gunicorn ($DGPLAN_WORKERS workers) on 127.0.0.1:$port"
  CKAN_INI=$CKAN_INI "$DGPLAN_VENV/bin/gunicorn" --chdir "$DGPLAN_ROOT" --workers "$DGPLAN_WORKERS" \
    --bind "127.0.0.1:$port" --timeout 120 --daemon --pid "$pidf" \
    --error-logfile "$DGPLAN_VAR/log/gunicorn-$i.log" --access-logfile "$DGPLAN_VAR/log/access-$i.log" \
    stack.wsgi:application
}

# nginx's workers run as the user running this script (as root nginx would pick "nobody", who may
# not reach the temporary files of a request body under DGPLAN_VAR).
nginx_user() { [ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);" || true; }

start_balancer() {
  if pid_alive "$BAL_PID"; then
    nginx -q -p "$BAL_DIR" -c "$BAL_DIR/nginx.conf" -s reload
    return 0
  fi
  port_open "$DGPLAN_CKAN_PORT" && die "port $DGPLAN_CKAN_PORT (the balancer) is already in use; stop it or set DGPLAN_CKAN_PORT"
  mkdir -p "$BAL_DIR"
  local servers="" i
  for ((i = 1; i <= N; i++)); do servers+="    server 127.0.0.1:$(app_port "$i") max_fails=2 fail_timeout=10s;"$'\n'; done
  # Round robin with no stickiness: any app server can answer any request, the session being a
  # signed cookie and everything else in PostgreSQL, Redis, Solr and the storage path. A request
  # is sent to the other server only when the first could not be reached or timed out before
  # answering and only if it is idempotent (nginx's default): a POST is never sent twice.
  cat >"$BAL_DIR/nginx.conf" <<EOF
worker_processes 1;
$(nginx_user)
pid $BAL_PID;
error_log $DGPLAN_VAR/log/balancer-error.log warn;
events { worker_connections 1024; }
http {
  access_log $DGPLAN_VAR/log/balancer-access.log;
  client_body_temp_path $BAL_DIR/body;
  proxy_temp_path $BAL_DIR/proxy;
  fastcgi_temp_path $BAL_DIR/fastcgi;
  uwsgi_temp_path $BAL_DIR/uwsgi;
  scgi_temp_path $BAL_DIR/scgi;
  # CKAN refuses uploads over ckan.max_resource_size itself, with its own message.
  client_max_body_size 0;
  upstream ckan_apps {
$servers    keepalive 32;
  }
  server {
    listen 127.0.0.1:$DGPLAN_CKAN_PORT;
    location / {
      proxy_pass http://ckan_apps;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
      proxy_next_upstream error timeout;
    }
  }
}
EOF
  say "Balancer: nginx on http://127.0.0.1:$DGPLAN_CKAN_PORT -> $N app servers"
  nginx -q -p "$BAL_DIR" -c "$BAL_DIR/nginx.conf" || die "nginx did not start (see $DGPLAN_VAR/log/balancer-error.log)"
}

cmd_start() {
  command -v nginx >/dev/null || die "nginx not found (stack/install.sh installs it)"
  local i
  for ((i = 1; i <= N; i++)); do start_app "$i"; done
  for ((i = 1; i <= N; i++)); do
    wait_for 90 "app server $i" answers "$(app_port "$i")" ||
      die "app server $i did not answer on $(app_port "$i") within 90 s (see $DGPLAN_VAR/log/gunicorn-$i.log)"
  done
  start_balancer
  wait_for 20 balancer answers "$DGPLAN_CKAN_PORT" || die "the balancer on $DGPLAN_CKAN_PORT does not answer"
}

cmd_stop() {
  if pid_alive "$BAL_PID"; then
    nginx -q -p "$BAL_DIR" -c "$BAL_DIR/nginx.conf" -s quit 2>/dev/null || kill "$(cat "$BAL_PID")" 2>/dev/null || true
    echo "balancer: stopped"
  fi
  rm -f "$BAL_PID"
  local f pid
  for f in "$DGPLAN_VAR"/run/gunicorn-*.pid; do
    [ -e "$f" ] || continue
    if pid_alive "$f"; then
      pid="$(cat "$f")"; kill "$pid" 2>/dev/null || true
      wait_for 20 stop bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
      echo "app server ${f##*/gunicorn-}: stopped" | sed 's/\.pid//'
    fi
    rm -f "$f"
  done
}

cmd_status() {
  local i
  for ((i = 1; i <= N; i++)); do
    if pid_alive "$(app_pid "$i")" && answers "$(app_port "$i")"; then echo "app server $i: up (port $(app_port "$i"))"
    else echo "app server $i: down (port $(app_port "$i"))"; fi
  done
  if pid_alive "$BAL_PID" && answers "$DGPLAN_CKAN_PORT"; then echo "ckan: up (balancer, port $DGPLAN_CKAN_PORT, $N app servers)"
  else echo "ckan: down (balancer, port $DGPLAN_CKAN_PORT)"; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
