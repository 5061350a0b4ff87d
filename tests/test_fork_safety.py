"""A process that forks while other threads decide (a server that preloads the library
and forks its workers) gets a child that decides: the engines' locks and the durable
engine's state are not inherited mid-decision (issue 13, item 9)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

from origin_rules import decide_origin
from origin_rules.cli import examples_folder

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _child_exit_code(pid: int, seconds: float) -> int | None:
    """The child's exit code, or None if it had not exited in time (then it is killed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_children_forked_while_eight_threads_decide_each_decide(engine: str) -> None:
    applicant = json.loads((examples_folder() / "bachelor-panyu.json").read_text("utf-8"))
    expected = decide_origin(applicant, engine=engine)
    stop = threading.Event()

    def decide_until_stopped() -> None:
        while not stop.is_set():
            decide_origin(applicant, engine=engine)

    threads = [threading.Thread(target=decide_until_stopped) for _ in range(8)]
    for thread in threads:
        thread.start()
    codes = []
    try:
        for _ in range(6):
            time.sleep(0.005)
            pid = os.fork()
            if pid == 0:  # the child: decide once, and say whether it matched
                try:
                    same = decide_origin(applicant, engine=engine) == expected
                    os._exit(0 if same else 1)
                except BaseException:
                    os._exit(2)
            codes.append(_child_exit_code(pid, 20))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert codes == [0] * 6  # None: the child hung
