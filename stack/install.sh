#!/usr/bin/env bash
# Install what the project needs and is missing: Debian packages, the Python venv, Solr's jars.
# Re-running is cheap: each step is skipped when its result is already there and up to date.
set -euo pipefail
source "$(dirname "$0")/env.sh"

# nginx: the balancer of DGPLAN_APP_SERVERS=2 and the Solr entry of DGPLAN_SOLR_MODE=cloud (stack/balancer.sh).
APT_PACKAGES=(postgresql redis-server libpq-dev libmagic1 chromium fonts-thai-tlwg curl nginx)
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
  # Debian starts its own PostgreSQL, Redis and nginx on the default ports; ours run from var/ instead.
  for svc in postgresql redis-server nginx; do
    if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then $SUDO systemctl stop "$svc" || true; fi
    if command -v service >/dev/null; then $SUDO service "$svc" stop >/dev/null 2>&1 || true; fi
  done
  PYTHON=${PYTHON:-$(pick_python)}
fi
command -v java >/dev/null || die "Java is missing and could not be installed; install a JDK 17 and retry"

stamp=$DGPLAN_VENV/.dgplan-stamp
want=$( {
  cat "$DGPLAN_ROOT"/requirements*.txt "$DGPLAN_ROOT/dev-requirements.txt" "$DGPLAN_ROOT/pyproject.toml"
  # Only another release than the pinned one enters the stamp: the default venv's stamp stays valid.
  [ "$DGPLAN_CKAN_VERSION" = "$DGPLAN_CKAN_DEFAULT" ] || echo "ckan $DGPLAN_CKAN_VERSION"
} | sha256sum | cut -c1-16)
if [ ! -x "$DGPLAN_VENV/bin/python" ]; then
  say "Python: creating the virtual environment in $DGPLAN_VENV"
  "$PYTHON" -m venv "$DGPLAN_VENV"
fi
# other_ckan: CKAN $DGPLAN_CKAN_VERSION with its own pins first, then the project's requirements less
# the packages CKAN already pinned: its pins win (2.12.0 pins requests 2.34.2 where we pin 2.33.0).
other_ckan() {
  local ours=$DGPLAN_VENV/dgplan-requirements.txt
  sed "s/^ckan\[requirements\]==.*/ckan[requirements]==$DGPLAN_CKAN_VERSION/" "$DGPLAN_ROOT/requirements-ckan.txt" \
    >"$DGPLAN_VENV/requirements-ckan.txt"
  "$DGPLAN_VENV/bin/pip" install -q -r "$DGPLAN_VENV/requirements-ckan.txt" &&
  "$DGPLAN_VENV/bin/python" - "$DGPLAN_ROOT/requirements.txt" "$DGPLAN_ROOT/dev-requirements.txt" >"$ours" <<'PY' &&
import re
import sys
from importlib import metadata

for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
        try:
            if name and metadata.version(name.group(1)):
                continue
        except metadata.PackageNotFoundError:
            pass
        print(line, end="")
PY
  "$DGPLAN_VENV/bin/pip" install -q -r "$ours"
}
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "Python: installing CKAN $DGPLAN_CKAN_VERSION, ckanext-scheming, PyThaiNLP and test tools in $DGPLAN_VENV (several minutes the first time)"
  {
    "$DGPLAN_VENV/bin/pip" install -q --upgrade pip setuptools wheel &&
    if [ "$DGPLAN_CKAN_VERSION" = "$DGPLAN_CKAN_DEFAULT" ]; then
      "$DGPLAN_VENV/bin/pip" install -q -r "$DGPLAN_ROOT/requirements-ckan.txt" -r "$DGPLAN_ROOT/requirements.txt" \
        -r "$DGPLAN_ROOT/dev-requirements.txt"
    else
      other_ckan
    fi &&
    "$DGPLAN_VENV/bin/pip" install -q --no-deps -e "$DGPLAN_ROOT" &&
    # ckanext-xloader without its dependency metadata, whose pins conflict with CKAN's (see the file).
    "$DGPLAN_VENV/bin/pip" install -q --no-deps -r "$DGPLAN_ROOT/requirements-xloader.txt"
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
