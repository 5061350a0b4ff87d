"""The staff page over plain HTTP (no browser): what the form sends becomes the
library's facts, uploads of each kind, the downloads, and a page that loads nothing
from elsewhere. The browser tests are test_page.py."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import httpx
from openpyxl import load_workbook

from origin_rules.batch.csv_layout import INPUT_COLUMNS, OUTPUT_COLUMNS, applicant_to_row
from origin_rules.facts import parse_applicant

from .conftest import Service

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FORM = {"content-type": "application/x-www-form-urlencoded"}
THREE = ("bachelor-panyu.json", "bachelor-haidian.json", "hong-kong-student.json")


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def _form_of(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """The fields the page's form sends for these facts (one hukou row per record)."""
    fields = [
        ("applicant_id", facts.get("applicant_id", "")),
        ("cohort_year", str(facts["cohort"]["year"])),
        ("cohort_month", str(facts["cohort"]["month"])),
        ("degree", facts["degree"]),
        ("category", facts["category"]),
        ("programme", ""),
        ("enrollment", facts["enrollment"]),
        ("gaokao_date", facts["gaokao"]["date"]),
        ("gaokao_province", facts["gaokao"]["province"]),
        ("decision_date", ""),
    ]
    for record in facts["hukou"]:
        place = record["place"]
        fields += [
            ("hukou_holder", record["holder"]),
            ("hukou_kind", record["kind"]),
            ("hukou_code", place["code"]),
            ("hukou_name", place.get("name", "")),
            ("hukou_township", place.get("township", "")),
            ("hukou_start", record["start"]),
            ("hukou_end", record.get("end", "")),
            ("hukou_end_reason", ""),
            ("hukou_cancellation_reason", ""),
        ]
    return fields


def _post(client: httpx.Client, path: str, fields: Any) -> httpx.Response:
    from urllib.parse import urlencode

    return client.post(path, content=urlencode(fields), headers=FORM)


def _upload(client: httpx.Client, name: str, content: bytes) -> httpx.Response:
    encoded = base64.b64encode(content).decode("ascii")
    return _post(client, "/page/file", {"file_name": name, "file_base64": encoded})


def _download(page: str, key: str) -> bytes:
    found = re.search(rf'id="{key}" download="[^"]*" href="data:[^;]+;base64,([^"]+)"', page)
    assert found, f"no {key} link"
    return base64.b64decode(found.group(1))


def _textarea(page: str) -> str:
    found = re.search(r'<textarea name="applicant_json"[^>]*>(.*?)</textarea>', page, re.S)
    assert found
    return html.unescape(found.group(1))


def _batch_rows(page: str) -> list[str]:
    body = page.split('<table id="batch-table">')[1].split("</table>")[0]
    return re.findall(r"<tr class=\"[^\"]*\">", body)


def test_the_form_sends_the_example_as_the_library_reads_it(client: httpx.Client) -> None:
    facts = _example("bachelor-panyu.json")
    answer = _post(client, "/page/decide", _form_of(facts))
    assert answer.status_code == 200
    assert json.loads(_textarea(answer.text)) == facts
    decision = json.loads(_download(answer.text, "download_json"))
    api = client.post("/v1/decisions", json=facts).json()
    for key in ("outcome", "origin", "decided_by", "input_hash"):
        assert decision[key] == api[key]
    report = _download(answer.text, "download_report").decode("utf-8")
    assert report.startswith("<!DOCTYPE html>")
    assert report.count('class="hukou-bar') == 2


def test_the_page_loads_nothing_from_elsewhere_and_is_not_in_the_api(
    client: httpx.Client,
) -> None:
    for lang in ("zh", "en"):
        page = client.get("/", params={"lang": lang})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text)
        assert "<link" not in page.text and "<script src" not in page.text
        assert "@import" not in page.text and "url(http" not in page.text
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p == "/" or p.startswith("/page")]


def test_a_csv_file_gives_a_row_per_record_and_csv_and_xlsx(client: httpx.Client) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=INPUT_COLUMNS)
    writer.writeheader()
    for name in THREE:
        writer.writerow(applicant_to_row(parse_applicant(_example(name))))
    writer.writerow({**applicant_to_row(parse_applicant(_example(THREE[0]))), "cohort": "June"})
    answer = _upload(client, "graduates.csv", out.getvalue().encode("utf-8"))
    assert answer.status_code == 200
    assert len(_batch_rows(answer.text)) == 4
    assert "共 4 条：判定 3 条，出错 1 条。" in answer.text
    rows = list(csv.reader(io.StringIO(_download(answer.text, "download_csv").decode("utf-8-sig"))))
    assert tuple(rows[0]) == OUTPUT_COLUMNS
    assert [r[3] for r in rows[1:]] == ["determined", "determined", "determined", "error"]
    assert "cohort" in rows[4][-1]
    book = load_workbook(io.BytesIO(_download(answer.text, "download_xlsx")))
    sheet = book.worksheets[0]
    assert sheet.max_row == 5
    assert sheet.cell(row=2, column=5).value == "440113"


def test_a_json_array_and_json_lines(client: httpx.Client) -> None:
    facts = [_example(name) for name in THREE]
    as_array = json.dumps(facts, ensure_ascii=False).encode("utf-8")
    answer = _upload(client, "graduates.json", as_array)
    assert answer.status_code == 200
    assert len(_batch_rows(answer.text)) == 3
    lines = "\n".join(json.dumps(f, ensure_ascii=False) for f in facts) + "\n{not json\n"
    answer = _upload(client, "graduates.jsonl", lines.encode("utf-8"))
    assert len(_batch_rows(answer.text)) == 4
    assert "invalid_json" in answer.text


def test_a_file_that_cannot_be_read_is_named(client: httpx.Client) -> None:
    answer = _upload(client, "graduates.csv", b"cohort,degree,category,enrollment,colour\n")
    assert answer.status_code == 422
    assert 'id="file-error"' in answer.text
    assert "unknown column(s) &#39;colour&#39;" in answer.text
    answer = _upload(client, "graduates.json", b"[{")
    assert answer.status_code == 422 and "not JSON" in answer.text
    answer = _post(client, "/page/file", {"file_name": "x.jsonl", "file_base64": "%%%"})
    assert answer.status_code == 422 and "did not arrive whole" in answer.text


def test_facts_beyond_the_form_are_not_laid_out_in_it(client: httpx.Client) -> None:
    facts = _example("bachelor-panyu.json")
    facts["earlier_gaokao"] = [{"date": "2017-06-07", "province": "440000"}]
    answer = _post(client, "/page/decide", {"applicant_json": json.dumps(facts)})
    assert answer.status_code == 200
    assert 'id="not-in-form"' in answer.text and "<code>earlier_gaokao</code>" in answer.text
    assert 'name="hukou_code" value=""' in answer.text  # the form left empty
    assert json.loads(_textarea(answer.text)) == json.loads(json.dumps(facts))


def test_malformed_facts_are_listed_by_field_and_logged_nowhere(service: Service) -> None:
    facts = _example("bachelor-panyu.json")
    number = "440113200001011234"
    facts["identity_document"] = {"kind": "mainland_resident_id", "number": int(number)}
    facts["enrollment"] = "2018-9-1"
    with service.client() as client:
        answer = _post(client, "/page/decide", {"applicant_json": json.dumps(facts)})
    assert answer.status_code == 422
    errors = answer.text.split('id="errors"')[1].split("</div>")[0]
    assert re.findall(r'data-path="([^"]+)"', errors) == [
        "enrollment",
        "identity_document.number",
    ]
    assert "入学日期" in errors
    assert number not in errors
    assert number not in service.log_text()


def test_a_page_decision_is_in_the_decision_log(service: Service) -> None:
    facts = _example("bachelor-haidian.json")
    with service.client() as client:
        assert _post(client, "/page/decide", _form_of(facts)).status_code == 200
    entries = [json.loads(line) for line in service.decision_log.read_text().splitlines()]
    assert any(e.get("endpoint") == "page" for e in entries)
