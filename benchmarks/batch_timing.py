"""Part 2 of `targets.py`: `origin-rules decide --batch` over many applicants.

Writes the applicants as JSON Lines (benchmarks/engines.py's generator), runs the
command in a child process with a given number of workers and CSV output, and samples
the resident memory of the whole process tree (the command and its workers) every
0.1 s with psutil, when it is installed.
"""

from __future__ import annotations

import contextlib
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from engines import _one


def write_jsonl(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps(_one(rng, i), ensure_ascii=False, separators=(",", ":")))
            out.write("\n")


def _tree_rss(pid: int, stop: threading.Event, peak: list[int]) -> None:
    """Sample the resident memory of the process and its workers every 0.1 s: peak[0]
    is the largest sum over the tree, peak[1] the largest single process."""
    try:
        import psutil
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
        while not stop.is_set():
            sizes = []
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    sizes.append(p.memory_info().rss)
            peak[0] = max(peak[0], sum(sizes))
            peak[1] = max(peak[1], max(sizes, default=0))
            stop.wait(0.1)
    except psutil.Error:
        return


def batch(
    path: Path, n: int, workers: int, engine: str, verdict_only: bool = False
) -> tuple[float, float | None, float | None]:
    """(seconds, peak RSS of the process tree in MB, of its largest process in MB); the
    memory figures need psutil (None without it)."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable,
            "-m",
            "origin_rules.cli",
            "decide",
            "--batch",
            str(path),
            "--engine",
            engine,
            "--workers",
            str(workers),
            "--format",
            "csv",
            "-o",
            str(Path(tmp) / "out.csv"),
            "--quiet",
            "--summary",
            str(Path(tmp) / "summary.json"),
            *(["--verdict-only"] if verdict_only else []),
        ]
        started = time.perf_counter()
        process = subprocess.Popen(command)
        stop, peak = threading.Event(), [0, 0]
        sampler = threading.Thread(target=_tree_rss, args=(process.pid, stop, peak))
        sampler.start()
        process.wait()
        elapsed = time.perf_counter() - started
        stop.set()
        sampler.join()
        summary = json.loads((Path(tmp) / "summary.json").read_text(encoding="utf-8"))
        if process.returncode not in (0, 1) or summary["records"] != n:
            raise SystemExit(f"batch failed: exit {process.returncode}, summary {summary}")
    if not peak[0]:
        return elapsed, None, None
    return elapsed, peak[0] / 2**20, peak[1] / 2**20
