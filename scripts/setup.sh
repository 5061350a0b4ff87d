# Shared by scripts/demo.sh and scripts/test.sh (sourced, from the repository root):
# defines `setup`, which makes .venv with $PYTHON and installs origin-rules into it.
# shellcheck shell=bash

PYTHON="${PYTHON:-python3}"
VENV=.venv

setup() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    if [[ "$PYTHON" == */* && -e "$PYTHON" ]]; then
      echo "error: PYTHON=$PYTHON does not run: it is not an executable file." >&2
    else
      echo "error: no Python interpreter '$PYTHON' on PATH." >&2
    fi
    echo "       Set PYTHON to a working Python 3.11+, e.g. PYTHON=python3.12 bash $0" >&2
    exit 2
  fi
  # First whether it runs at all (a file that is not executable, a broken interpreter,
  # something else called python): only then is its version worth asking.
  local ran
  if ! ran="$("$PYTHON" -c 'import sys; print(sys.version_info[0])' 2>&1)" || [ "$ran" != 3 ]; then
    echo "error: PYTHON=$PYTHON does not run as a Python 3 interpreter:" >&2
    echo "${ran:-(no output)}" | head -n 5 | sed 's/^/       /' >&2
    echo "       Set PYTHON to a working Python 3.11+, e.g. PYTHON=python3.12 bash $0" >&2
    exit 2
  fi
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: origin-rules needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)." >&2
    echo "       Set PYTHON to a newer interpreter, e.g. PYTHON=python3.12 bash $0" >&2
    exit 2
  fi
  local want have
  want="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  if [ -x "$VENV/bin/python" ]; then
    have="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    if [ "$have" != "$want" ]; then
      echo "error: $VENV has Python $have, but PYTHON=$PYTHON is Python $want." >&2
      echo "       Remove it (rm -rf $VENV) to rebuild it with $PYTHON, or unset PYTHON." >&2
      exit 2
    fi
  else
    echo "==> creating $VENV with $PYTHON (Python $want)"
    "$PYTHON" -m venv "$VENV"
  fi
  if "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 13))' \
     && ! "$VENV/bin/python" -c 'import durable' 2>/dev/null; then
    # durable-rules 2.0.28 calls PyEval_CallObject, which Python 3.13 removed: build it
    # from source (needs gcc) with the call mapped to its replacement.
    echo "==> building durable-rules 2.0.28 for Python $want (gcc)"
    CPPFLAGS='-DPyEval_CallObject=PyObject_CallObject' "$VENV/bin/python" -m pip install \
      --quiet --no-cache-dir --no-binary durable-rules durable-rules==2.0.28
  fi
  echo "==> installing origin-rules (editable) with its dev tools into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
}
# ----------------------------------------------------------------------------------------
