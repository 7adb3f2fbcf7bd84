#!/usr/bin/env bash
# `make lint`: ruff on the Python code, mypy on ckanext/ (settings in pyproject.toml).
set -euo pipefail
source "$(dirname "$0")/env.sh"

# The tools live apart from the project's venv: CKAN pins an older mypy there (see lint-requirements.txt).
LINT_VENV=${DGPLAN_LINT_VENV:-$DGPLAN_ROOT/.venv-lint}
stamp=$LINT_VENV/.dgplan-stamp
want=$(sha256sum <"$DGPLAN_ROOT/lint-requirements.txt" | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "Python: installing ruff and mypy in $LINT_VENV"
  {
    { [ -x "$LINT_VENV/bin/python" ] || "$DGPLAN_VENV/bin/python" -m venv "$LINT_VENV"; } &&
    "$LINT_VENV/bin/pip" install -q -r "$DGPLAN_ROOT/lint-requirements.txt"
  } >"$DGPLAN_VAR/log/pip-lint.log" 2>&1 || die "installing the lint tools failed (see $DGPLAN_VAR/log/pip-lint.log)"
  echo "$want" >"$stamp"
fi

cd "$DGPLAN_ROOT"
status=0
say "ruff check (ckanext tests bench stack)"
"$LINT_VENV/bin/ruff" check ckanext tests bench stack || status=1
say "mypy (ckanext)"
"$LINT_VENV/bin/mypy" --python-executable "$DGPLAN_VENV/bin/python" || status=1
exit $status
