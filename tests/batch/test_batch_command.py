"""`origin-rules decide --batch`, run as a subprocess the way provincial centres run it."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from origin_rules import parse_applicant
from origin_rules.batch import INPUT_COLUMNS, OUTPUT_COLUMNS, applicant_to_row

PY = ["--engine", "python"]
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def batch(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "origin_rules.cli", "decide", "--batch", *PY, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=ENV,
        cwd=cwd,
        check=False,
    )


def jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def csv_input(path: Path, applicants: list[dict[str, Any]], *, bom: bool = True) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, INPUT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for data in applicants:
        writer.writerow(applicant_to_row(parse_applicant(data)))
    path.write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def mixed(tmp_path: Path, applicants: list[dict[str, Any]], bad_json: str) -> Path:
    """Valid records with a blank line, bad JSON and bad facts among them."""
    lines = [json.dumps(a, ensure_ascii=False) for a in applicants[:10]]
    wrong = {**applicants[0], "enrollment": "2018/09/01"}
    lines[3:3] = ["", bad_json, json.dumps(wrong, ensure_ascii=False)]
    return jsonl(tmp_path / "mixed.jsonl", lines)


def test_every_record_gives_one_line_in_order_and_bad_input_exits_2(mixed: Path) -> None:
    done = batch(str(mixed))
    assert done.returncode == 2, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 12  # 13 lines, one of them blank
    assert [o["error"]["kind"] for o in out if "error" in o] == ["invalid_json", "invalid_facts"]
    errors = [o for o in out if "error" in o]
    assert [(e["line"], e["position"]) for e in errors] == [(5, 3), (6, 4)]
    assert errors[1]["error"]["fields"][0]["path"] == "enrollment"
    assert errors[1]["error"]["fields"][0]["value"] == "2018/09/01"
    assert f"{mixed}:6: enrollment" in done.stderr
    decided = [o["applicant_id"] for o in out if "error" not in o]
    valid = []
    for line in mixed.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        if data.get("enrollment") != "2018/09/01":
            valid.append(data["applicant_id"])
    assert decided == valid


def test_decisions_are_those_of_decide_jsonl(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    path = jsonl(tmp_path / "a.jsonl", [json.dumps(a, ensure_ascii=False) for a in applicants])
    single = subprocess.run(
        [sys.executable, "-m", "origin_rules.cli", "decide", "--jsonl", *PY, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENV,
        check=False,
    )
    done = batch(str(path), "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stdout == single.stdout
    assert done.stderr == ""


def test_two_workers_write_the_same_output_as_one(mixed: Path, tmp_path: Path) -> None:
    one = batch(str(mixed), "-o", str(tmp_path / "one.jsonl"), "--quiet")
    two = batch(
        str(mixed), "-o", str(tmp_path / "two.jsonl"), "--quiet", "--workers", "2",
        "--chunk-size", "2",
    )  # fmt: skip
    assert (one.returncode, two.returncode) == (2, 2)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_csv_input_with_a_bom_decides_as_its_json(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    as_json = jsonl(tmp_path / "a.jsonl", [json.dumps(a, ensure_ascii=False) for a in applicants])
    as_csv = csv_input(tmp_path / "a.csv", applicants, bom=True)
    from_json, from_csv = batch(str(as_json), "--quiet"), batch(str(as_csv), "--quiet")
    assert from_csv.returncode == 0, from_csv.stderr
    assert from_csv.stdout == from_json.stdout


def test_csv_output_has_one_row_per_record_with_its_line(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    path = csv_input(tmp_path / "a.csv", applicants[:5])
    done = batch(str(path), "--format", "csv", "--quiet")
    assert done.returncode == 0
    rows = list(csv.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(OUTPUT_COLUMNS)
    assert [r["line"] for r in rows] == ["2", "3", "4", "5", "6"]
    assert [r["applicant_id"] for r in rows] == [a["applicant_id"] for a in applicants[:5]]
    assert all(r["outcome"] and not r["error"] for r in rows)


def test_bad_csv_cells_name_their_column_and_line(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    path = csv_input(tmp_path / "a.csv", applicants[:3], bom=False)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("cohort")] = "June 2022"
    cells[header.index("hukou")] = "[{not json"
    bad = io.StringIO()
    csv.writer(bad, lineterminator="").writerow(cells)
    lines[2] = bad.getvalue()
    lines.append("a,b")  # too few cells
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    done = batch(str(path), "--format", "csv", "--quiet")
    assert done.returncode == 2
    rows = list(csv.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff"))))
    assert len(rows) == 4
    assert [r["outcome"] for r in rows] == ["determined", "error", "determined", "error"]
    assert rows[1]["line"] == "3"
    assert "cohort [column cohort]" in rows[1]["error"] and "'June 2022'" in rows[1]["error"]
    assert "hukou [column hukou]: not a JSON array" in rows[1]["error"]
    assert rows[3]["line"] == "5" and "found 2" in rows[3]["error"]


def test_an_unknown_csv_column_stops_before_any_record(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("cohort,degree,category,enrollment,hukuo\n", encoding="utf-8")
    done = batch(str(path))
    assert done.returncode == 2
    assert "unknown column(s) 'hukuo'" in done.stderr
    assert done.stdout == ""


def test_summary_counts_are_the_outcomes_written(mixed: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    done = batch(str(mixed), "--summary", str(summary))
    out = [json.loads(line) for line in done.stdout.splitlines()]
    counted = json.loads(summary.read_text(encoding="utf-8"))
    outcomes: dict[str, int] = {}
    rules: dict[str, int] = {}
    for o in out:
        if "error" not in o:
            outcomes[o["outcome"]] = outcomes.get(o["outcome"], 0) + 1
            rules[o["decided_by"]] = rules.get(o["decided_by"], 0) + 1
    assert counted["records"] == len(out) == 12
    assert counted["errors"] == 2
    assert counted["outcomes"] == dict(sorted(outcomes.items()))
    assert counted["decided_by"] == dict(sorted(rules.items()))
    assert f"{len(out)} records" in done.stderr and "errors: 2" in done.stderr


def test_progress_is_quiet_when_stderr_is_not_a_terminal(mixed: Path) -> None:
    done = batch(str(mixed))
    assert "\r" not in done.stderr


def test_progress_shows_on_a_terminal(tmp_path: Path, applicants: list[dict[str, Any]]) -> None:
    path = jsonl(tmp_path / "a.jsonl", [json.dumps(a) for a in applicants])
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "origin_rules.cli", "decide", "--batch", *PY, str(path)],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env=ENV,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(main)
    assert b"\r" in seen and b"records," in seen


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_run_leaves_whole_lines(
    tmp_path: Path, applicants: list[dict[str, Any]], stop: signal.Signals
) -> None:
    lines = [json.dumps(applicants[i % len(applicants)]) for i in range(20_000)]
    path = jsonl(tmp_path / "big.jsonl", lines)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "origin_rules.cli", "decide", "--batch", *PY, str(path),
            "-o", str(out), "--chunk-size", "20", "--workers", "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )  # fmt: skip
    partial = tmp_path / "out.jsonl.partial"  # where the lines are until all are written
    deadline = time.monotonic() + 120
    while (not partial.exists() or partial.stat().st_size < 50_000) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + stop, stderr
    assert not out.exists()  # only ever a complete output
    data = partial.read_bytes()
    assert data.endswith(b"\n")
    written = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert 0 < len(written) < len(lines)
    assert [w["applicant_id"] for w in written] == [
        json.loads(line)["applicant_id"] for line in lines[: len(written)]
    ]
    assert f"stopped by {stop.name}" in stderr.decode("utf-8")


def test_batch_takes_one_input_and_its_own_output_formats(mixed: Path) -> None:
    two = batch(str(mixed), str(mixed))
    assert two.returncode == 2 and "--batch reads one input" in two.stderr
    text = batch(str(mixed), "--format", "text")
    assert text.returncode == 2 and "--format text: --batch writes jsonl or csv" in text.stderr
    workers = batch(str(mixed), "--workers", "0")
    assert workers.returncode == 2 and "--workers: expected at least 1, got 0" in workers.stderr
    alone = subprocess.run(
        [sys.executable, "-m", "origin_rules.cli", "decide", *PY, "--verdict-only", str(mixed)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=ENV,
        check=False,
    )
    assert alone.returncode == 2 and "--verdict-only: only with --batch" in alone.stderr
    assert not alone.stdout


def test_verdict_only_writes_the_verdicts_outcomes_in_the_same_rows(
    mixed: Path, tmp_path: Path
) -> None:
    full, fast = tmp_path / "full.csv", tmp_path / "fast.csv"
    batch(str(mixed), "--format", "csv", "-o", str(full), "--quiet")
    result = batch(str(mixed), "--format", "csv", "-o", str(fast), "--quiet", "--verdict-only")
    assert result.returncode == 2  # the mixed input holds malformed records
    full_rows = list(csv.DictReader(io.StringIO(full.read_text(encoding="utf-8-sig"))))
    fast_rows = list(csv.DictReader(io.StringIO(fast.read_text(encoding="utf-8-sig"))))
    assert len(fast_rows) == len(full_rows) > 0
    for a, b in zip(full_rows, fast_rows, strict=True):
        # Everything but the interpretations relied on, which a verdict does not work out.
        assert {k: v for k, v in a.items() if k != "interpretations"} == {
            k: v for k, v in b.items() if k != "interpretations"
        }
        assert b["interpretations"] == ""
