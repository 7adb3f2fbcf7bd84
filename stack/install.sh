#!/usr/bin/env bash
# Install what the project needs and is missing: Debian packages, the Python venv, Solr's jars.
# Re-running is cheap: each step is skipped when its result is already there and up to date.
set -euo pipefail
source "$(dirname "$0")/env.sh"

APT_PACKAGES=(postgresql redis-server libpq-dev libmagic1 chromium fonts-thai-tlwg curl)
command -v java >/dev/null || APT_PACKAGES+=(default-jdk-headless)
command -v mvn >/dev/null || APT_PACKAGES+=(maven)
command -v npm >/dev/null || APT_PACKAGES+=(npm)

pick_python() {
  for py in python3.11 /usr/bin/python3.11 python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  return 1
}
PYTHON=$(pick_python || true)
[ -n "$PYTHON" ] || APT_PACKAGES+=(python3.11 python3.11-venv python3.11-dev)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Debian packages: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$DGPLAN_VAR/log/apt.log" 2>&1 || die "apt-get could not install ${missing[*]} (see $DGPLAN_VAR/log/apt.log)"
  # Debian starts its own PostgreSQL and Redis on the default ports; ours run from var/ instead.
  for svc in postgresql redis-server; do
    if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then $SUDO systemctl stop "$svc" || true; fi
    if command -v service >/dev/null; then $SUDO service "$svc" stop >/dev/null 2>&1 || true; fi
  done
  PYTHON=${PYTHON:-$(pick_python)}
fi
command -v java >/dev/null || die "Java is missing and could not be installed; install a JDK 17 and retry"

stamp=$DGPLAN_VENV/.dgplan-stamp
want=$(cat "$DGPLAN_ROOT"/requirements*.txt "$DGPLAN_ROOT/dev-requirements.txt" "$DGPLAN_ROOT/pyproject.toml" | sha256sum | cut -c1-16)
if [ ! -x "$DGPLAN_VENV/bin/python" ]; then
  say "Python: creating the virtual environment in $DGPLAN_VENV"
  "$PYTHON" -m venv "$DGPLAN_VENV"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "Python: installing CKAN 2.11, ckanext-scheming, PyThaiNLP and test tools (several minutes the first time)"
  {
    "$DGPLAN_VENV/bin/pip" install -q --upgrade pip setuptools wheel &&
    "$DGPLAN_VENV/bin/pip" install -q -r "$DGPLAN_ROOT/requirements-ckan.txt" -r "$DGPLAN_ROOT/requirements.txt" \
      -r "$DGPLAN_ROOT/dev-requirements.txt" &&
    "$DGPLAN_VENV/bin/pip" install -q --no-deps -e "$DGPLAN_ROOT"
  } >"$DGPLAN_VAR/log/pip.log" 2>&1 || die "pip install failed (see $DGPLAN_VAR/log/pip.log)"
  echo "$want" >"$stamp"
fi

# axe-core (npm registry) for the browser tests' accessibility checks.
browser=$DGPLAN_ROOT/tests/browser
if [ ! -f "$browser/node_modules/axe-core/axe.min.js" ] || [ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
  say "axe-core: installing for the browser tests"
  npm ci --prefix "$browser" --no-audit --no-fund >"$DGPLAN_VAR/log/npm.log" 2>&1 \
    || die "npm ci for tests/browser failed (see $DGPLAN_VAR/log/npm.log)"
fi

"$DGPLAN_ROOT/stack/solr.sh" build
