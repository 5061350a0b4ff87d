"""The decisions CSV (`decide --batch --format csv`) starts with a UTF-8 byte-order mark,
as the forms and diff CSV do: without it, Excel in a Chinese locale reads the file in
the locale's code page and garbles every Chinese name. `--no-bom` leaves it out."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path
from typing import Any

from cli_helpers import run_cli

from origin_rules.batch.csv_layout import OUTPUT_COLUMNS
from origin_rules.batch.writers import csv_header
from origin_rules.cli import examples_folder

BOM = codecs.BOM_UTF8


def source(tmp_path: Path, applicants: list[dict[str, Any]]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in applicants))
    return path


def batch_csv(*args: str) -> Any:
    return run_cli("decide", "--batch", "--engine", "python", "--format", "csv", "--quiet", *args)


def test_the_header_carries_the_mark_unless_asked_not_to() -> None:
    assert csv_header().startswith("\ufeff")
    assert csv_header(bom=False) == csv_header().removeprefix("\ufeff")
    assert next(csv.reader([csv_header(bom=False)])) == list(OUTPUT_COLUMNS)


def test_the_decisions_csv_starts_with_one_mark(
    tmp_path: Path, applicants: list[dict[str, Any]]
) -> None:
    path = source(tmp_path, applicants[:5])
    out = tmp_path / "decisions.csv"
    assert batch_csv(str(path), "-o", str(out)).returncode == 0
    data = out.read_bytes()
    assert data.startswith(BOM) and data.count(BOM) == 1
    # What a spreadsheet program reads: the Chinese names whole.
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(OUTPUT_COLUMNS)
    assert len(rows) == 5 and all(r["origin_name"] for r in rows if r["origin_code"])
    shown = batch_csv(str(path))
    assert shown.stdout.startswith("\ufeff")
    assert shown.stdout.encode("utf-8") == data


def test_no_bom_leaves_the_mark_out(tmp_path: Path, applicants: list[dict[str, Any]]) -> None:
    path = source(tmp_path, applicants[:3])
    out = tmp_path / "decisions.csv"
    assert batch_csv(str(path), "-o", str(out), "--no-bom").returncode == 0
    data = out.read_bytes()
    assert not data.startswith(BOM)
    assert data.decode("utf-8").splitlines()[0] == ",".join(OUTPUT_COLUMNS)


def test_a_resumed_csv_keeps_one_mark(tmp_path: Path, applicants: list[dict[str, Any]]) -> None:
    path = source(tmp_path, applicants[:6])
    reference, out = tmp_path / "reference.csv", tmp_path / "out.csv"
    assert batch_csv(str(path), "-o", str(reference)).returncode == 0
    first_rows = reference.read_bytes().splitlines(keepends=True)[:3]  # header and 2 rows
    (tmp_path / "out.csv.partial").write_bytes(b"".join(first_rows))
    assert batch_csv(str(path), "-o", str(out), "--resume").returncode == 0
    assert out.read_bytes() == reference.read_bytes()
    assert out.read_bytes().count(BOM) == 1


def test_the_forms_csv_takes_no_bom_too(tmp_path: Path) -> None:
    request = examples_folder() / "changes" / "origin-parents-moved.json"
    marked, plain = tmp_path / "marked.csv", tmp_path / "plain.csv"
    base = ["forms", "change-form", str(request), "--engine", "python", "--format", "csv"]
    for result in (run_cli(*base, "-o", str(marked)), run_cli(*base, "-o", str(plain), "--no-bom")):
        assert result.returncode == 0, result.stderr
    assert marked.read_bytes() == BOM + plain.read_bytes()
    assert not plain.read_bytes().startswith(BOM)
