"""Batches against hostile input and careless operators (issue 13): every malformed kind
among valid lines gives one output per input line, in order; the input is never the
output; a killed run leaves the old output alone and resumes to the same bytes; workers
die with their parent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

PY = ["--engine", "python"]
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}
NUMBER = "44011320000101008X"  # made up
MIDDLE = NUMBER[6:14]


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "origin_rules.cli", "decide", *PY, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=ENV,
        check=False,
    )


def malformed(valid: dict[str, Any]) -> list[tuple[str, bytes]]:
    """(what is wrong, the line) for every malformed kind of issue 13, and the error
    kind its output line must have."""

    def line(data: Any) -> bytes:
        return json.dumps(data, ensure_ascii=False).encode()

    record = valid["hukou"][0]
    work_year_1 = [{"place": {"code": "440113"}, "start": "2015-01-01", "end": "0001-01-01"}]
    return [
        ("nested 496 deep", line({**valid, "x": json.loads("[" * 496 + "]" * 496)})),
        ("nested 100,000 deep", b'{"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        ("gaokao on 0001-01-01", line({**valid, "gaokao": {**valid["gaokao"], "date": "0001-01-01"}})),
        ("work ending 0001-01-01", line({**valid, "work_before_enrollment": work_year_1})),
        ("document number as a string", line({**valid, "identity_document": NUMBER})),
        ("document number in a list", line({**valid, "identity_document": [NUMBER]})),
        ("unknown key in the document", line({**valid, "identity_document": {"nr": NUMBER}})),
        ("invalid JSON quoting a number", b'{"identity_document": {"number": "' + NUMBER.encode() + b'"}'),
        ("10,000 family records", line({**valid, "hukou": [record] * 10_000})),
        ("a 100,000-character place name", line({**valid, "hukou": [{**record, "place": {"code": "440113", "name": "x" * 100_000}}]})),
        ("not UTF-8", b"\xff\xfe{}"),
        ("a JSON array, not an object", b"[1, 2, 3]"),
    ]  # fmt: skip


@pytest.fixture
def valid(applicants: list[dict[str, Any]]) -> dict[str, Any]:
    return next(a for a in applicants if a.get("gaokao") and a.get("hukou"))


def test_every_malformed_kind_among_valid_lines_gives_one_output_per_line_in_order(
    tmp_path: Path, valid: dict[str, Any], applicants: list[dict[str, Any]]
) -> None:
    bad = malformed(valid)
    lines: list[bytes] = []
    expected: list[tuple[str, str]] = []  # ("ok", applicant id) or ("bad", what is wrong)
    for i, (what, text) in enumerate(bad):
        good = applicants[i % len(applicants)]
        # A valid record whose id holds every character str.splitlines breaks at.
        good = {**good, "applicant_id": f"ok-{i}\u2028\u2029\x85\x0c\x1e\x1c"}
        lines += [json.dumps(good, ensure_ascii=False).encode(), text]
        expected += [("ok", good["applicant_id"]), ("bad", what)]
    lines[0] = b"\xef\xbb\xbf" + lines[0]  # a byte-order mark before the first line
    lines.insert(3, b"   ")  # a blank line: counted, not a record
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    numbers = [n for n in range(1, len(lines) + 1) if n != 4]

    runs = {
        f"--batch --workers {w}": cli(
            "--batch", str(path), "--workers", str(w), "--chunk-size", "3"
        )
        for w in (1, 2)
    }
    runs["--jsonl"] = cli("--jsonl", str(path))
    outputs = {}
    for name, result in runs.items():
        assert result.returncode == 2, (name, result.stderr[-2000:])
        assert MIDDLE not in result.stdout + result.stderr, name
        # split("\n"), not splitlines(): a record's text holds U+2028 and the like.
        written = [json.loads(line) for line in result.stdout.split("\n")[:-1]]
        assert len(written) == len(expected), name
        for out, (kind, what), number in zip(written, expected, numbers, strict=True):
            if kind == "ok":
                assert "error" not in out, (name, out)
                assert out["applicant_id"] == what
                assert out["outcome"] in ("determined", "needs_review", "insufficient_facts")
            else:
                assert "error" in out, (name, what)
                assert out["line"] == number, (name, what)
                for field in out["error"].get("fields", []):
                    assert field["path"], (name, what)
        outputs[name] = result.stdout
    assert outputs["--batch --workers 1"] == outputs["--batch --workers 2"]


def test_the_output_may_not_be_the_input_by_any_name(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    path = tmp_path / "in.jsonl"
    content = "".join(json.dumps(a) + "\n" for a in applicants)
    path.write_text(content, encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(path)
    os.link(path, tmp_path / "hard.jsonl")
    for out in (
        path,
        tmp_path / "link.jsonl",
        tmp_path / "hard.jsonl",
        tmp_path / "." / "in.jsonl",
    ):
        result = cli("--batch", str(path), "-o", str(out))
        assert result.returncode == 2
        assert "that is the input" in result.stderr
        assert path.read_text(encoding="utf-8") == content
    assert not list(tmp_path.glob("*.partial"))


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_a_killed_run_keeps_the_old_output_stops_its_workers_and_resumes_to_the_same_bytes(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    lines = [
        json.dumps({**applicants[i % len(applicants)], "applicant_id": f"r-{i}"})
        for i in range(6_000)
    ]
    lines[100] = '{"broken": '  # an error line, resumed past like any other
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reference = tmp_path / "reference.jsonl"
    assert cli("--batch", str(path), "-o", str(reference), "--quiet").returncode == 2

    out = tmp_path / "out.jsonl"
    out.write_text("yesterday's complete output\n", encoding="utf-8")
    partial = tmp_path / "out.jsonl.partial"
    command = [sys.executable, "-m", "origin_rules.cli", "decide", "--batch", *PY, str(path)]
    options = ["-o", str(out), "--workers", "2", "--chunk-size", "10", "--quiet"]
    process = subprocess.Popen([*command, *options], env=ENV, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while (
        not partial.exists() or partial.stat().st_size < 200_000
    ) and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = children(process.pid)
    assert workers, "the pool had not started"
    process.kill()
    process.wait(timeout=60)
    # Workers look for their parent twice a second; a loaded machine may be slower.
    deadline = time.monotonic() + 60
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [p for p in workers if alive(p)]
    assert not survivors, f"workers {survivors} outlived their parent by 60 s"
    assert out.read_text(encoding="utf-8") == "yesterday's complete output\n"
    written = partial.read_bytes()
    assert 0 < written.count(b"\n") < len(lines)

    # A write cut off mid-line is dropped on resume and the record written again.
    with partial.open("ab") as f:
        f.write(b'{"applicant_id": "half a li')
    again = subprocess.run(
        [*command, *options, "--resume"], env=ENV, capture_output=True, check=False
    )
    assert again.returncode == 2, again.stderr  # the error line kept counts too
    assert not partial.exists()
    assert out.read_bytes() == reference.read_bytes()


def test_resume_refuses_stdout_and_a_fresh_run_refuses_a_stopped_ones_partial(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(applicants[0]) + "\n", encoding="utf-8")
    assert "give it with -o FILE" in cli("--batch", str(path), "--resume").stderr
    (tmp_path / "out.jsonl.partial").write_text("", encoding="utf-8")
    result = cli("--batch", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2
    assert "--resume" in result.stderr


def test_a_csv_output_resumes_without_a_second_header(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in applicants), encoding="utf-8")
    reference, out = tmp_path / "reference.csv", tmp_path / "out.csv"
    fmt = ["--format", "csv", "--quiet"]
    assert cli("--batch", str(path), "-o", str(reference), *fmt).returncode == 0
    head = reference.read_bytes().splitlines(keepends=True)[:4]  # the header and 3 rows
    (tmp_path / "out.csv.partial").write_bytes(b"".join(head))
    assert cli("--batch", str(path), "-o", str(out), *fmt, "--resume").returncode == 0
    assert out.read_bytes() == reference.read_bytes()


def test_more_workers_than_cpus_are_capped_with_a_warning(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(applicants[0]) + "\n", encoding="utf-8")
    result = cli("--batch", str(path), "--workers", "4096")
    assert result.returncode == 0, result.stderr
    assert "--workers 4096: using" in result.stderr


def test_a_worker_whose_parent_died_before_it_started_exits_too() -> None:
    # A spawned worker still importing when its parent is killed has already been
    # re-parented when its initializer runs: it must compare with the pid its parent
    # gave, not take the new parent's for the parent's and live on.
    not_the_parent = os.getppid()  # the worker's grandparent: not its parent
    code = (
        "import sys; from origin_rules.batch.run import BatchOptions, _init_worker; "
        f"_init_worker(BatchOptions(engine='python'), str, {not_the_parent}); "
        "import time; time.sleep(30); sys.exit(0)"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code], env=ENV, timeout=60, capture_output=True, text=True
    )
    assert result.stderr == ""  # it was started, and stopped by its own watchdog
    assert result.returncode == 1, "the worker outlived a parent that was not there"
    assert time.monotonic() - started < 25
