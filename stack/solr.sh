#!/usr/bin/env bash
# Local Apache Solr 9.10.1 for ckanext-dgplan, assembled from Maven Central
# artifacts (stack/solr/pom.xml) and served by Solr's JettySolrRunner
# (stack/solr/src/main/java/dgplan/SolrLauncher.java) on 127.0.0.1 only.
#
# usage: stack/solr.sh build|start|stop|restart|status|url CORE
#
# Cores (each with its own conf/ and data/ under $DGPLAN_VAR/solr/):
#   ckan         demo portal               (CKAN's schema.xml, unchanged)
#   ckan_test    test suite                (CKAN's schema.xml, unchanged)
#   ckan_harvest_test the harvest test's source portal (CKAN's schema.xml, unchanged)
#   bench_stock  benchmark baseline        (CKAN's schema.xml, unchanged)
#   bench_dgplan benchmark, ckanext-dgplan (CKAN's schema.xml, unchanged)
#   bench_thai   benchmark, Thai-aware     (CKAN's schema.xml with the text /
#                text_general tokenizers switched to solr.ThaiTokenizerFactory)
#   bench_ref    benchmark, ckanext-dgplan at an earlier revision (--ref)
# conf/ is refreshed from the installed CKAN on every start; data/ is never
# deleted by this script.
#
# Environment (defaults): DGPLAN_ROOT (repo root), DGPLAN_VAR ($DGPLAN_ROOT/var),
# DGPLAN_VENV ($DGPLAN_ROOT/.venv), DGPLAN_SOLR_PORT (8983),
# DGPLAN_SOLR_HOST (127.0.0.1, used in URLs; the server always binds 127.0.0.1),
# DGPLAN_SOLR_TIMEOUT (120 s), DGPLAN_SOLR_HEAP (1g).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DGPLAN_ROOT="${DGPLAN_ROOT:-$(cd "$SCRIPT_DIR/.." && pwd)}"
DGPLAN_VAR="${DGPLAN_VAR:-$DGPLAN_ROOT/var}"
DGPLAN_VENV="${DGPLAN_VENV:-$DGPLAN_ROOT/.venv}"
PORT="${DGPLAN_SOLR_PORT:-8983}"
HOST="${DGPLAN_SOLR_HOST:-127.0.0.1}"
TIMEOUT="${DGPLAN_SOLR_TIMEOUT:-120}"
HEAP="${DGPLAN_SOLR_HEAP:-1g}"

SOLR_VERSION=9.10.1
SRC="$SCRIPT_DIR/solr"
TARGET="$SRC/target"
JAR="$TARGET/dgplan-solr.jar"
STAMP="$TARGET/.dgplan-build-ok"
SOLR_HOME="$DGPLAN_VAR/solr"
LOG_DIR="$DGPLAN_VAR/log"
RUN_DIR="$DGPLAN_VAR/run"
PID_FILE="$RUN_DIR/solr.pid"
LOG_FILE="$LOG_DIR/solr.log"
CONSOLE_LOG="$LOG_DIR/solr-console.log"
BUILD_LOG="$LOG_DIR/solr-build.log"
CORES=(ckan ckan_test ckan_harvest_test bench_stock bench_thai bench_dgplan bench_ref)
BASE="http://$HOST:$PORT/solr"

die() { echo "ERROR: $*" >&2; exit 1; }

# Paths shown relative to the repo root when they are inside it.
show() { case "$1" in "$DGPLAN_ROOT"/*) echo "${1#"$DGPLAN_ROOT"/}" ;; *) echo "$1" ;; esac; }

need_java() {
  command -v java >/dev/null 2>&1 ||
    die "java not found; Solr needs a Java 17+ runtime (Debian: apt-get install openjdk-17-jdk-headless maven)"
}

# ---------------------------------------------------------------- build
needs_build() {
  [[ -f "$JAR" && -f "$STAMP" ]] || return 0
  compgen -G "$TARGET/lib/solr-core-*.jar" >/dev/null || return 0
  [[ -n "$(find "$SRC/pom.xml" "$SRC/src" -newer "$STAMP" -print -quit)" ]] && return 0
  return 1
}

cmd_build() {
  need_java
  needs_build || return 0
  command -v mvn >/dev/null 2>&1 ||
    die "Maven (mvn) not found; it is needed once to fetch Solr $SOLR_VERSION (Debian: apt-get install maven)"
  mkdir -p "$LOG_DIR"
  echo "Solr: resolving Solr $SOLR_VERSION from Maven Central (first run only, ~85 MB)…"
  rm -f "$STAMP"
  if ! (cd "$SRC" && mvn -B -q package) >"$BUILD_LOG" 2>&1 ||
     ! compgen -G "$TARGET/lib/solr-core-*.jar" >/dev/null; then
    die "Maven could not resolve Solr $SOLR_VERSION (see $(show "$BUILD_LOG")); check access to Maven Central and retry"
  fi
  touch "$STAMP"
}

# ---------------------------------------------------------------- helpers
launcher_pid() {  # pid from the pid file if it is our launcher for this Solr home (any port)
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "dgplan.SolrLauncher $SOLR_HOME " || return 1
  echo "$pid"
}

our_pid() {  # pid of our Solr for this home on $PORT, or fails
  local pid
  pid="$(launcher_pid)" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "dgplan.SolrLauncher $SOLR_HOME $PORT " || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

core_ok() {
  curl -fsS --max-time 5 "http://127.0.0.1:$PORT/solr/$1/admin/ping?wt=json" 2>/dev/null |
    grep -q '"status":"OK"'
}

all_cores_ok() { local c; for c in "${CORES[@]}"; do core_ok "$c" || return 1; done; }

loaded_cores() {  # comma-separated names of the cores Solr has loaded
  curl -fsS --max-time 5 "http://127.0.0.1:$PORT/solr/admin/cores?action=STATUS&indexInfo=false&wt=json" 2>/dev/null |
    grep -o '"name":"[^"]*"' | sed 's/"name":"\(.*\)"/\1/' | sort | paste -sd, - | sed 's/,/, /g'
}

missing_cores() {  # names in CORES that an answering Solr does not have at all (false if it does not answer)
  local loaded c missing=()
  loaded="$(loaded_cores)"
  [[ -n "$loaded" ]] || return 1
  for c in "${CORES[@]}"; do
    [[ ", $loaded, " == *", $c, "* ]] || missing+=("$c")
  done
  ((${#missing[@]})) || return 1
  echo "${missing[*]}"
}

ckan_schema() {
  local py="$DGPLAN_VENV/bin/python" schema
  [[ -x "$py" ]] || die "no Python venv at $(show "$DGPLAN_VENV") (CKAN's schema.xml comes from the installed ckan package); install it first"
  schema="$("$py" -c 'import ckan,os;print(os.path.join(os.path.dirname(ckan.__file__),"config","solr","schema.xml"))' 2>/dev/null)" ||
    die "ckan is not installed in $(show "$DGPLAN_VENV"); its Solr schema.xml is needed"
  [[ -f "$schema" ]] || die "CKAN's Solr schema not found at $schema"
  echo "$schema"
}

# CKAN's schema.xml with the whitespace tokenizer of the `text` and `text_general`
# field types (title, notes, text, res_name, … and the catch-all `text`) replaced by
# Lucene's dictionary-based Thai word segmenter. `text_ngram` is left alone.
thai_schema() {  # $1 = CKAN schema.xml, $2 = output
  "$DGPLAN_VENV/bin/python" - "$1" "$2" <<'PY'
import re, sys
src, dst = sys.argv[1], sys.argv[2]
xml = open(src, encoding="utf-8").read()
count = 0
def fix(m):
    global count
    block, n = re.subn(r'solr\.WhitespaceTokenizerFactory', 'solr.ThaiTokenizerFactory', m.group(0))
    count += n
    return block
xml = re.sub(r'<fieldType\s+name="(?:text|text_general)"[^>]*>.*?</fieldType>', fix, xml, flags=re.S)
if count == 0:
    sys.exit("no WhitespaceTokenizerFactory found in the text/text_general field types of " + src)
note = ("<!-- bench_thai: generated by stack/solr.sh from %s; the text and text_general "
        "tokenizers use solr.ThaiTokenizerFactory (%d replaced). -->\n" % (src, count))
xml = re.sub(r'(<schema\b)', note + r'\1', xml, count=1)
open(dst, "w", encoding="utf-8").write(xml)
PY
}

prepare_home() {
  local schema core conf
  schema="$(ckan_schema)"
  mkdir -p "$SOLR_HOME"
  cp "$SRC/home/solr.xml" "$SOLR_HOME/solr.xml"
  for core in "${CORES[@]}"; do
    conf="$SOLR_HOME/$core/conf"
    mkdir -p "$conf" "$SOLR_HOME/$core/data"
    cp "$SRC/home/conf/"* "$conf/"
    if [[ "$core" == bench_thai ]]; then
      thai_schema "$schema" "$conf/schema.xml.new" || die "could not derive the Thai schema for bench_thai from $schema"
      mv "$conf/schema.xml.new" "$conf/schema.xml"
    else
      cp "$schema" "$conf/schema.xml"
    fi
    [[ -f "$SOLR_HOME/$core/core.properties" ]] ||
      printf 'name=%s\nconfig=solrconfig.xml\nschema=schema.xml\ndataDir=data\n' "$core" \
        >"$SOLR_HOME/$core/core.properties"
  done
}

# ---------------------------------------------------------------- commands
cmd_start() {
  need_java
  command -v curl >/dev/null 2>&1 || die "curl not found (needed to check that Solr is up)"
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  exec 9>"$RUN_DIR/solr.lock"
  flock -w "$((TIMEOUT + 60))" 9 || die "another 'solr.sh' is still busy (lock $(show "$RUN_DIR/solr.lock"))"

  local pid missing
  if pid="$(our_pid)" && missing="$(missing_cores)"; then
    # Started before a core was added to CORES: Solr only creates cores when it starts.
    echo "solr: running (pid $pid) without core(s) $missing; restarting it to create them"
    stop_pid "$pid"
  fi
  if pid="$(our_pid)"; then
    if all_cores_ok; then
      echo "solr: already up (port $PORT, pid $pid)"
      return 0
    fi
    echo "solr: pid $pid is running but not answering yet; waiting…"
  elif pid="$(launcher_pid)"; then
    die "the Solr of $(show "$SOLR_HOME") already runs with another port (pid $pid); run 'stack/solr.sh stop' with its DGPLAN_SOLR_PORT first"
  else
    rm -f "$PID_FILE"
    if port_open; then
      die "port $PORT is already in use by another program; set DGPLAN_SOLR_PORT or stop it"
    fi
    cmd_build
    prepare_home
    local t0=$SECONDS
    echo "solr: starting Solr $SOLR_VERSION on 127.0.0.1:$PORT (log: $(show "$LOG_FILE"))"
    nohup java -Xms256m "-Xmx$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
      -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Duser.timezone=UTC \
      "-Dsolr.log.dir=$LOG_DIR" "-Dlog4j2.configurationFile=$SRC/log4j2.xml" \
      "-Dsolr.solr.home=$SOLR_HOME" -Dsolr.lock.type=native \
      -cp "$JAR:$TARGET/lib/*" dgplan.SolrLauncher "$SOLR_HOME" "$PORT" \
      >>"$CONSOLE_LOG" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$PID_FILE"
  fi

  local deadline=$((SECONDS + TIMEOUT)) start=$SECONDS
  until all_cores_ok; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      die "Solr exited during startup; see $(show "$LOG_FILE") and $(show "$CONSOLE_LOG")"
    fi
    if ((SECONDS >= deadline)); then
      stop_pid "$pid" >/dev/null
      die "Solr did not answer on port $PORT within ${TIMEOUT}s and was stopped; see $(show "$LOG_FILE")"
    fi
    sleep 0.5
  done
  echo "solr: up (port $PORT, cores: $(loaded_cores)) in $((SECONDS - start))s"
}

stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "solr: still running after 15s; killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PID_FILE"
}

cmd_stop() {
  local pid
  if pid="$(launcher_pid)"; then
    stop_pid "$pid"
    echo "solr: stopped (pid $pid)"
  else
    rm -f "$PID_FILE"
    echo "solr: not running (port $PORT)"
  fi
}

cmd_status() {
  local cores
  if cores="$(loaded_cores)" && [[ -n "$cores" ]]; then
    echo "solr: up (port $PORT, cores: $cores)"
  else
    echo "solr: down (port $PORT)"
  fi
}

case "${1:-}" in
  build) cmd_build ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  url)
    [[ -n "${2:-}" ]] || die "usage: $0 url CORE"
    echo "$BASE/$2" ;;
  *)
    echo "usage: $0 build|start|stop|restart|status|url CORE" >&2
    exit 2 ;;
esac
