#!/usr/bin/env bash
# Redis from Debian's packages, bound to 127.0.0.1, data in var/redis.
# Usage: stack/redis.sh start|stop|status
set -euo pipefail
source "$(dirname "$0")/env.sh"

PIDFILE=$DGPLAN_VAR/run/redis.pid

start() {
  command -v redis-server >/dev/null || die "redis-server not found; run 'make install' (installs Debian's redis-server)"
  if pid_alive "$PIDFILE"; then say "Redis already running on port $DGPLAN_REDIS_PORT"; return 0; fi
  if port_open "$DGPLAN_REDIS_PORT"; then
    die "port $DGPLAN_REDIS_PORT is already in use by another program; stop it or set DGPLAN_REDIS_PORT"
  fi
  mkdir -p "$DGPLAN_VAR/redis"
  say "Redis: starting on 127.0.0.1:$DGPLAN_REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$DGPLAN_REDIS_PORT" --daemonize yes --pidfile "$PIDFILE" \
    --dir "$DGPLAN_VAR/redis" --logfile "$DGPLAN_VAR/log/redis.log" --save "" --appendonly no >/dev/null
  wait_for 15 redis port_open "$DGPLAN_REDIS_PORT" || die "Redis did not start within 15 s (see $DGPLAN_VAR/log/redis.log)"
}

stop() {
  if pid_alive "$PIDFILE"; then
    kill "$(cat "$PIDFILE")"
    wait_for 10 "redis stop" bash -c "! kill -0 $(cat "$PIDFILE") 2>/dev/null" || true
    rm -f "$PIDFILE"
    say "Redis stopped"
  fi
}

status() {
  if pid_alive "$PIDFILE"; then echo "redis: up (port $DGPLAN_REDIS_PORT)"; else echo "redis: down (port $DGPLAN_REDIS_PORT)"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
