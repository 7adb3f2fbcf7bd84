#!/usr/bin/env bash
# SolrCloud for ckanext-dgplan (DGPLAN_SOLR_MODE=cloud): a ZooKeeper server, two Solr 9.10.1 nodes
# in cloud mode (each its own JVM: stack/solr/src/main/java/dgplan/SolrLauncher.java, the launcher
# of the single core, with -DzkHost), CKAN's configset uploaded to ZooKeeper, collections of
# 2 shards x 2 replicas, and an nginx entry in front of both nodes on DGPLAN_SOLR_PORT, so that
# CKAN's solr_url (http://127.0.0.1:$DGPLAN_SOLR_PORT/solr/<collection>) is the same as with the
# single core and a query still finds a node when one is down. Everything binds 127.0.0.1.
#
# usage: stack/solrcloud.sh start|stop|status|kill-node N|start-node N|url COLLECTION
#
# Environment (defaults): DGPLAN_VAR (repo's var/), DGPLAN_SOLR_PORT (8983: the nginx entry),
# DGPLAN_SOLR_NODE_PORTS ("PORT+1 PORT+2"), DGPLAN_ZK_PORT (2181), DGPLAN_SOLR_COLLECTIONS
# ("ckan ckan_test"), DGPLAN_SOLR_NODE_HEAP (512m), DGPLAN_SOLR_SOFT_COMMIT_MS (1000),
# DGPLAN_SOLR_TIMEOUT (180 s).
#
# The jars are the single core's (stack/solr.sh build: Maven Central's solr-core 9.10.1 and
# org.apache.zookeeper:zookeeper 3.9.4, which also provides the ZooKeeper server run here).
# kill-node N sends SIGKILL to node N (a crash, for fault drills); start-node N brings it back and
# waits until every replica is active again.
set -euo pipefail
source "$(dirname "$0")/env.sh"

STACK="$DGPLAN_ROOT/stack"
SRC="$STACK/solr"
TARGET="$SRC/target"
JAR="$TARGET/dgplan-solr.jar"
ENTRY_PORT="$DGPLAN_SOLR_PORT"
read -r -a NODE_PORTS <<<"${DGPLAN_SOLR_NODE_PORTS:-$((ENTRY_PORT + 1)) $((ENTRY_PORT + 2))}"
ZK_PORT="${DGPLAN_ZK_PORT:-2181}"
read -r -a COLLECTIONS <<<"${DGPLAN_SOLR_COLLECTIONS:-ckan ckan_test}"
HEAP="${DGPLAN_SOLR_NODE_HEAP:-512m}"
SOFT_COMMIT_MS="${DGPLAN_SOLR_SOFT_COMMIT_MS:-1000}"
TIMEOUT="${DGPLAN_SOLR_TIMEOUT:-180}"
SHARDS=2
REPLICAS=2
CONFIGSET=ckan

HOME_DIR="$DGPLAN_VAR/solrcloud"
RUN_DIR="$DGPLAN_VAR/run"
LOG_DIR="$DGPLAN_VAR/log/solrcloud"
ZK_PID="$RUN_DIR/zookeeper.pid"
ENTRY_PID="$RUN_DIR/solr-entry-nginx.pid"

node_pid_file() { echo "$RUN_DIR/solr-node$1.pid"; }
node_port() { echo "${NODE_PORTS[$(($1 - 1))]}"; }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
api() { curl -fsS --max-time 30 "http://127.0.0.1:$1/solr/admin/$2"; }

zk_ok() { [[ "$( (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" && printf ruok >&3 && timeout 2 cat <&3) 2>/dev/null)" == imok ]]; }

start_zookeeper() {
  if alive "$ZK_PID" && zk_ok; then return 0; fi
  port_open "$ZK_PORT" && die "port $ZK_PORT is already in use; set DGPLAN_ZK_PORT"
  mkdir -p "$HOME_DIR/zookeeper/data" "$LOG_DIR/zookeeper"
  # Standalone ZooKeeper (one server: enough on one machine; a quorum of 3 on three machines).
  cat >"$HOME_DIR/zookeeper/zoo.cfg" <<EOF
tickTime=1000
dataDir=$HOME_DIR/zookeeper/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=100
minSessionTimeout=2000
maxSessionTimeout=20000
admin.enableServer=false
4lw.commands.whitelist=ruok,mntr,srvr
autopurge.purgeInterval=1
EOF
  say "ZooKeeper: starting on 127.0.0.1:$ZK_PORT"
  nohup java -Xms32m -Xmx128m -XX:+UseSerialGC -Djava.awt.headless=true \
    "-Dsolr.log.dir=$LOG_DIR/zookeeper" "-Dlog4j2.configurationFile=$SRC/log4j2.xml" \
    -cp "$TARGET/lib/*" org.apache.zookeeper.server.ZooKeeperServerMain "$HOME_DIR/zookeeper/zoo.cfg" \
    >>"$LOG_DIR/zookeeper/console.log" 2>&1 </dev/null 8>&- &
  echo $! >"$ZK_PID"
  wait_for 60 ZooKeeper zk_ok || die "ZooKeeper did not answer on $ZK_PORT (see $LOG_DIR/zookeeper/)"
}

node_ok() { api "$(node_port "$1")" "info/system?wt=json" 2>/dev/null | grep -q '"zkHost"'; }

start_node() {  # $1 = 1 or 2
  local n=$1 port home pidf
  port="$(node_port "$n")"; home="$HOME_DIR/node$n"; pidf="$(node_pid_file "$n")"
  if alive "$pidf"; then return 0; fi
  port_open "$port" && die "port $port (Solr node $n) is already in use; set DGPLAN_SOLR_NODE_PORTS"
  mkdir -p "$home" "$LOG_DIR/node$n"
  cp "$SRC/cloud/solr.xml" "$home/solr.xml"
  say "Solr node $n: starting in cloud mode on 127.0.0.1:$port (heap $HEAP)"
  nohup java -Xms128m "-Xmx$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Duser.timezone=UTC \
    "-Dsolr.log.dir=$LOG_DIR/node$n" "-Dlog4j2.configurationFile=$SRC/log4j2.xml" \
    "-Dsolr.solr.home=$home" -Dsolr.lock.type=native "-DzkHost=127.0.0.1:$ZK_PORT" "-DhostPort=$port" \
    "-Dsolr.autoSoftCommit.maxTime=$SOFT_COMMIT_MS" \
    -cp "$JAR:$TARGET/lib/*" dgplan.SolrLauncher "$home" "$port" \
    >>"$LOG_DIR/node$n/console.log" 2>&1 </dev/null 8>&- &
  echo $! >"$pidf"
}

wait_nodes() {
  local n
  for n in "$@"; do
    wait_for "$TIMEOUT" "Solr node $n" node_ok "$n" ||
      die "Solr node $n did not answer on $(node_port "$n") within ${TIMEOUT}s (see $LOG_DIR/node$n/solr.log)"
  done
}

# CKAN's schema.xml with _version_ as a long: the update log (needed by SolrCloud) reads it as one.
configset_zip() {
  local out=$1 schema
  schema="$("$DGPLAN_VENV/bin/python" -c 'import ckan,os;print(os.path.join(os.path.dirname(ckan.__file__),"config","solr","schema.xml"))')"
  "$DGPLAN_VENV/bin/python" - "$schema" "$SRC/cloud/conf" "$out" <<'PY'
import pathlib, re, sys, zipfile
schema, conf, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
xml = schema.read_text(encoding="utf-8")
xml, n = re.subn(r'<field name="_version_" type="string"([^>]*)/>',
                 r'<field name="_version_" type="plong" docValues="true"\1/>', xml)
if n != 1:
    sys.exit(f"_version_ not found as a string field in {schema}")
with zipfile.ZipFile(out, "w") as z:
    z.writestr("schema.xml", xml)
    for f in sorted(conf.iterdir()):
        z.write(f, f.name)
PY
}

upload_configset() {
  local port zip
  port="$(node_port 1)"; zip="$HOME_DIR/configset-$CONFIGSET.zip"
  configset_zip "$zip"
  curl -fsS --max-time 60 -X POST -H 'Content-Type: application/octet-stream' --data-binary "@$zip" \
    "http://127.0.0.1:$port/solr/admin/configs?action=UPLOAD&name=$CONFIGSET&overwrite=true&cleanup=true&wt=json" \
    >/dev/null || die "uploading the configset '$CONFIGSET' to ZooKeeper failed (see $LOG_DIR/node1/solr.log)"
}

collection_exists() { api "$(node_port 1)" "collections?action=LIST&wt=json" | grep -q "\"$1\""; }

create_collections() {
  local c port
  port="$(node_port 1)"
  for c in "${COLLECTIONS[@]}"; do
    if collection_exists "$c"; then
      # A configset uploaded again is read by the collection's cores only after a reload.
      api "$port" "collections?action=RELOAD&name=$c&wt=json" >/dev/null || die "reloading collection $c failed"
    else
      say "SolrCloud: creating collection $c ($SHARDS shards x $REPLICAS replicas)"
      curl -fsS --max-time "$TIMEOUT" "http://127.0.0.1:$port/solr/admin/collections?action=CREATE&name=$c&numShards=$SHARDS&replicationFactor=$REPLICAS&collection.configName=$CONFIGSET&waitForFinalState=true&wt=json" \
        >/dev/null || die "creating collection $c failed (see $LOG_DIR/node1/solr.log)"
    fi
  done
}

# Every replica of every collection active on a live node.
all_active() {
  api "$(node_port 1)" "collections?action=CLUSTERSTATUS&wt=json" 2>/dev/null | "$DGPLAN_VENV/bin/python" -c '
import json, sys
want = sys.argv[1].split()
c = json.load(sys.stdin)["cluster"]
live = set(c.get("live_nodes", []))
ok = all(name in c["collections"] for name in want) and all(
    r["state"] == "active" and r["node_name"] in live
    for name in want for s in c["collections"][name]["shards"].values() for r in s["replicas"].values())
sys.exit(0 if ok else 1)' "${COLLECTIONS[*]}" 2>/dev/null  # no answer yet (node starting): not active
}

entry_ok() { curl -fsS --max-time 5 "http://127.0.0.1:$ENTRY_PORT/solr/${COLLECTIONS[0]}/select?q=*:*&rows=0&wt=json" >/dev/null 2>&1; }

# nginx's workers run as the user running this script (as root nginx would pick "nobody", who may
# not reach the temporary files of a request body under DGPLAN_VAR).
nginx_user() { [ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);" || true; }

start_entry() {
  if alive "$ENTRY_PID" && entry_ok; then return 0; fi
  port_open "$ENTRY_PORT" && die "port $ENTRY_PORT (the Solr entry) is already in use; set DGPLAN_SOLR_PORT"
  mkdir -p "$HOME_DIR/entry" "$LOG_DIR"
  local servers="" p
  for p in "${NODE_PORTS[@]}"; do servers+="    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"$'\n'; done
  # A request refused by a node that is down goes to the other one: Solr updates are idempotent
  # (same id, same document), so a POST may be sent again too.
  cat >"$HOME_DIR/entry/nginx.conf" <<EOF
worker_processes 1;
$(nginx_user)
pid $ENTRY_PID;
error_log $LOG_DIR/entry-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $HOME_DIR/entry/body;
  proxy_temp_path $HOME_DIR/entry/proxy;
  fastcgi_temp_path $HOME_DIR/entry/fastcgi;
  uwsgi_temp_path $HOME_DIR/entry/uwsgi;
  scgi_temp_path $HOME_DIR/entry/scgi;
  client_max_body_size 0;
  upstream solr_nodes {
$servers    keepalive 16;
  }
  server {
    listen 127.0.0.1:$ENTRY_PORT;
    location /solr/ {
      proxy_pass http://solr_nodes;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
      proxy_next_upstream error timeout http_502 http_503 http_504 non_idempotent;
      proxy_next_upstream_tries 2;
    }
  }
}
EOF
  say "SolrCloud: nginx entry on 127.0.0.1:$ENTRY_PORT -> nodes ${NODE_PORTS[*]}"
  nginx -q -p "$HOME_DIR/entry" -c "$HOME_DIR/entry/nginx.conf" 8>&- || die "nginx (Solr entry) did not start (see $LOG_DIR/entry-error.log)"
  wait_for 20 entry entry_ok || die "the Solr entry on $ENTRY_PORT does not answer"
}

stop_pidfile() {  # $1 pid file, $2 name
  local pid i
  alive "$1" || { rm -f "$1"; return 0; }
  pid="$(cat "$1")"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$1"
  echo "$2: stopped (pid $pid)"
}

cmd_start() {
  command -v java >/dev/null || die "java not found (stack/install.sh installs it)"
  command -v nginx >/dev/null || die "nginx not found (stack/install.sh installs it)"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  # The servers started below must not inherit the lock's descriptor (8>&-), or it would stay held.
  exec 8>"$RUN_DIR/solrcloud.lock"
  flock -w "$((TIMEOUT * 2))" 8 || die "another solrcloud.sh is busy"
  "$STACK/solr.sh" build
  local t0=$SECONDS
  start_zookeeper
  start_node 1
  start_node 2
  wait_nodes 1 2
  upload_configset
  create_collections
  wait_for "$TIMEOUT" replicas all_active || die "not every replica became active within ${TIMEOUT}s"
  start_entry
  echo "solrcloud: up in $((SECONDS - t0))s (ZooKeeper $ZK_PORT, nodes ${NODE_PORTS[*]}, entry $ENTRY_PORT, collections ${COLLECTIONS[*]})"
}

cmd_stop() {
  if alive "$ENTRY_PID"; then
    nginx -q -p "$HOME_DIR/entry" -c "$HOME_DIR/entry/nginx.conf" -s quit 2>/dev/null || kill "$(cat "$ENTRY_PID")"
    sleep 0.5; echo "solr entry: stopped"
  fi
  rm -f "$ENTRY_PID"
  stop_pidfile "$(node_pid_file 2)" "solr node 2"
  stop_pidfile "$(node_pid_file 1)" "solr node 1"
  stop_pidfile "$ZK_PID" zookeeper
}

cmd_status() {
  local n
  if alive "$ZK_PID" && zk_ok; then echo "zookeeper: up (port $ZK_PORT)"; else echo "zookeeper: down (port $ZK_PORT)"; fi
  for n in 1 2; do
    if alive "$(node_pid_file "$n")" && node_ok "$n"; then echo "solr node $n: up (port $(node_port "$n"))"
    else echo "solr node $n: down (port $(node_port "$n"))"; fi
  done
  if all_active; then echo "solr: up (cloud, port $ENTRY_PORT, collections ${COLLECTIONS[*]}: every replica active)"
  elif entry_ok; then echo "solr: up (cloud, port $ENTRY_PORT, degraded: some replica not active)"
  else echo "solr: down (cloud, port $ENTRY_PORT)"; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  kill-node)
    [[ "${2:-}" =~ ^[12]$ ]] || die "usage: $0 kill-node 1|2"
    pidf="$(node_pid_file "$2")"
    alive "$pidf" || die "Solr node $2 is not running"
    kill -KILL "$(cat "$pidf")"; rm -f "$pidf"; echo "solr node $2: killed" ;;
  start-node)
    [[ "${2:-}" =~ ^[12]$ ]] || die "usage: $0 start-node 1|2"
    start_node "$2"; wait_nodes "$2"
    wait_for "$TIMEOUT" replicas all_active || die "node $2 is up but not every replica recovered within ${TIMEOUT}s"
    echo "solr node $2: up, every replica active" ;;
  url)
    [[ -n "${2:-}" ]] || die "usage: $0 url COLLECTION"
    echo "http://127.0.0.1:$ENTRY_PORT/solr/$2" ;;
  *) echo "usage: $0 start|stop|restart|status|kill-node N|start-node N|url COLLECTION" >&2; exit 2 ;;
esac
