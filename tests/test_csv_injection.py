"""No CSV the library writes can run a formula in a spreadsheet (issue 13, item 11):
a cell starting with = + - @ or a tab gets an apostrophe before it in every CSV writer
(forms change-form, forms minority-summary, decide --batch --format csv);
--csv-raw writes the cells as they are."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_cli

from origin_rules.cli import examples_folder
from origin_rules.csv_cells import guarded
from origin_rules.forms.tables import Table
from origin_rules.forms.writers import csv_bytes

ATTACKS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("cell", ATTACKS)
def test_a_formula_start_is_guarded_and_other_text_is_not(cell: str) -> None:
    assert guarded(cell) == "'" + cell
    assert guarded("张三") == "张三"
    assert guarded("2022-0001") == "2022-0001"
    assert guarded(3) == 3


def test_the_forms_csv_writer_guards_every_cell_unless_raw() -> None:
    table = Table("表", (), ("姓名", "=header"), tuple((a, "ok") for a in ATTACKS), ())
    rows = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8-sig"))))
    assert rows[0] == ["姓名", "'=header"]
    assert [r[0] for r in rows[1:]] == ["'" + a for a in ATTACKS]
    raw = list(csv.reader(io.StringIO(csv_bytes(table, raw=True).decode("utf-8-sig"))))
    assert [r[0] for r in raw[1:]] == ATTACKS


def test_change_form_csv_from_the_command_line_guards_a_hostile_name(tmp_path: Path) -> None:
    request = json.loads((examples_folder() / "changes" / "name-change.json").read_text("utf-8"))
    request["record"]["department"] = "=cmd|' /C calc'!A0"
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    for extra, expected in (([], "'=cmd|' /C calc'!A0"), (["--csv-raw"], "=cmd|' /C calc'!A0")):
        out = tmp_path / "form.csv"
        result = run_cli("forms", "change-form", str(path), "-o", str(out), *extra)
        assert result.returncode == 0, result.stderr
        cells = [c for row in csv.reader(io.StringIO(out.read_text("utf-8-sig"))) for c in row]
        assert expected in cells
        assert not any(c.startswith("=") for c in cells) or extra


def test_batch_csv_output_guards_the_applicant_id_unless_raw(
    tmp_path: Path,
) -> None:
    data: dict[str, Any] = json.loads(
        (examples_folder() / "bachelor-panyu.json").read_text("utf-8")
    )
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({**data, "applicant_id": "=1+1"}) + "\n" + '{"applicant_id": "@x"\n',
        encoding="utf-8",
    )
    for extra, guard in (([], "'"), (["--csv-raw"], "")):
        result = run_cli(
            "decide", "--batch", str(path), "--engine", "python", "--format", "csv", *extra
        )
        rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
        assert rows[0]["applicant_id"] == guard + "=1+1"
        assert rows[1]["outcome"] == "error"
