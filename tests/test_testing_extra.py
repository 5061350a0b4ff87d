"""`import origin_rules.testing` where hypothesis is not installed says which extra to
install, instead of a bare ModuleNotFoundError from deep inside the strategies."""

from __future__ import annotations

import subprocess
import sys

# Runs in a fresh interpreter in which `import hypothesis` fails as it does where the
# package is not installed.
BLOCKED = """
import sys

class NoHypothesis:
    def find_spec(self, name, path=None, target=None):
        if name == "hypothesis" or name.startswith("hypothesis."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoHypothesis())
import origin_rules.testing
"""


def test_without_hypothesis_the_message_names_the_testing_extra() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCKED],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: origin_rules.testing needs hypothesis"), done.stderr
    assert "pip install 'origin-rules[testing]'" in last


def test_with_hypothesis_the_strategies_import() -> None:
    import origin_rules.testing

    assert callable(origin_rules.testing.applicants)
