"""`origin-rules test CASES_DIR`: a university's own YAML policy cases, run as the
library runs its own (origin_rules.cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from origin_rules.cli import main

CASE = """\
- name: {name}
  facts:
    cohort: {{year: 2022, month: 6}}
    degree: bachelor
    category: mainland
    hukou:
      - {{holder: family, kind: family_household, place: {{code: "440113"}}, start: 2000-03-15}}
    gaokao: {{date: 2018-06-07, province: "440000"}}
    enrollment: 2018-09-01
  expected:
    outcome: determined
    origin: "{origin}"
{extra}"""


def _cases(tmp_path: Path, *cases: str, file: str = "ours") -> Path:
    folder = tmp_path / "cases" / "guide-2022"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{file}.yaml").write_text("".join(cases), encoding="utf-8")
    return tmp_path / "cases"


def _case(name: str, origin: str = "440113", extra: str = "") -> str:
    return CASE.format(name=name, origin=origin, extra=extra)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["test", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_passing_cases_are_listed_by_name_on_both_engines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _cases(tmp_path, _case("family registered since 2000"))
    code, out, _ = _run(capsys, str(root))
    assert code == 0
    assert out.splitlines() == [
        "PASS  guide-2022/ours::family registered since 2000 [python]",
        "PASS  guide-2022/ours::family registered since 2000 [durable]",
        "2 passed, 0 failed, 0 xfailed, 0 xpassed (1 case(s) x 2 engine(s))",
    ]
    # One ruleset's folder works as well as the folder of folders.
    code, out, _ = _run(capsys, str(root / "guide-2022"), "--engine", "python")
    assert code == 0
    assert "[durable]" not in out and "[python]" in out


def test_a_failing_case_says_what_differs_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _cases(tmp_path, _case("right"), _case("wrong origin", origin="440106"))
    code, out, _ = _run(capsys, str(root), "--engine", "python")
    assert code == 1
    assert "FAIL  guide-2022/ours::wrong origin [python]" in out
    assert "      origin: expected '440106', got '440113'" in out
    assert "PASS  guide-2022/ours::right [python]" in out
    assert out.splitlines()[-1].startswith("1 passed, 1 failed")


def test_xfail_cases_fail_as_expected_and_an_unexpected_pass_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _cases(
        tmp_path,
        _case("believed wrong", origin="440106", extra="  xfail: the origin is disputed\n"),
    )
    assert _run(capsys, str(root), "--engine", "python")[0] == 0
    root = _cases(tmp_path, _case("now right", extra="  xfail: the origin is disputed\n"))
    code, out, _ = _run(capsys, str(root), "--engine", "python")
    assert code == 1
    assert "XPASS guide-2022/ours::now right [python]" in out


def test_k_selects_cases_by_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _cases(tmp_path, _case("first one"), _case("second one", origin="440106"))
    code, out, _ = _run(capsys, str(root), "--engine", "python", "-k", "FIRST")
    assert code == 0
    assert "second one" not in out
    code, _, err = _run(capsys, str(root), "-k", "third")
    assert code == 2
    assert "-k third: no case of 2 matches" in err


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("- name: broken\n  facts: {cohort: [\n", "guide-2022/ours.yaml: not valid YAML"),
        (
            _case("misspelt key", extra="  expect: {}\n"),
            "guide-2022/ours.yaml: 'misspelt key': unknown key 'expect'",
        ),
        (
            _case("bad facts").replace("degree: bachelor", "degree: bachelour"),
            "guide-2022/ours.yaml: 'bad facts'.facts: not a valid applicant",
        ),
        (_case("twice") + _case("twice"), "guide-2022/ours.yaml: two cases are named 'twice'"),
    ],
    ids=["yaml", "unknown key", "facts", "duplicate name"],
)
def test_a_malformed_case_file_names_the_file_and_the_case_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, named: str
) -> None:
    root = _cases(tmp_path, text)
    code, out, err = _run(capsys, str(root))
    assert code == 2
    assert named in err
    assert not out


def test_a_folder_with_no_cases_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, str(tmp_path))
    assert code == 2
    assert "no case files" in err
    code, _, err = _run(capsys, str(tmp_path / "missing"))
    assert code == 2
    assert "not a folder" in err
