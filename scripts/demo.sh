#!/usr/bin/env bash
# Set up everything a fresh machine needs, then decide every example in examples/ and
# explain each decision (in Chinese; `bash scripts/demo.sh --lang en` for English).
#
#   bash scripts/demo.sh
#   PYTHON=python3.12 bash scripts/demo.sh        # choose the interpreter (default python3)
#   bash scripts/demo.sh --lang en --engine python  # extra arguments go to `origin-rules demo`
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

setup >&2
echo >&2
exec "$VENV/bin/origin-rules" demo "$@"
