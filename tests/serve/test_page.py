"""The staff page in a real headless browser: Debian's chromium driven through
chromedriver by selenium, against the service run for real (conftest's `service`).

Where chromium, chromedriver or selenium is missing the tests skip, saying which,
unless `CI` is set: in CI a missing browser is a failure (`.ci/run` installs it).
A screenshot of the decided 番禺 example is kept in test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Service

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ARTIFACTS = ROOT / "test-artifacts"
WAIT_SECONDS = 30

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1600,1300",
)


def _missing() -> str | None:
    """What is missing to run the browser, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return "chromium is not installed (apt-get install chromium chromium-driver)"
    if not shutil.which("chromedriver"):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the browser tests cannot run: {missing}")
        pytest.skip(f"no headless browser: {missing}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    profile = tempfile.mkdtemp(prefix="origin-rules-chromium-")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(
        options=options, service=DriverService(executable_path=shutil.which("chromedriver"))
    )
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait_for(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_SECONDS).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _type(scope: Any, name: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    field = scope.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


def _choose(scope: Any, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(scope.find_element(By.NAME, name)).select_by_value(value)


def _fill_in(driver: Any, facts: dict[str, Any]) -> None:
    """Type one graduate's facts into the form, as staff would: the hukou table grows a
    row per record with the add-row button."""
    from selenium.webdriver.common.by import By

    _type(driver, "applicant_id", facts["applicant_id"])
    _type(driver, "cohort_year", str(facts["cohort"]["year"]))
    _type(driver, "cohort_month", str(facts["cohort"]["month"]))
    _choose(driver, "degree", facts["degree"])
    _choose(driver, "category", facts["category"])
    _type(driver, "enrollment", facts["enrollment"])
    _type(driver, "gaokao_date", facts["gaokao"]["date"])
    _type(driver, "gaokao_province", facts["gaokao"]["province"])
    for i, record in enumerate(facts["hukou"]):
        rows = driver.find_elements(By.CSS_SELECTOR, "#hukou-table tbody tr")
        if i >= len(rows):
            driver.find_element(By.CSS_SELECTOR, "button.add-row[data-table=hukou]").click()
            rows = driver.find_elements(By.CSS_SELECTOR, "#hukou-table tbody tr")
        row = rows[i]
        _choose(row, "hukou_holder", record["holder"])
        _choose(row, "hukou_kind", record["kind"])
        _type(row, "hukou_code", record["place"]["code"])
        _type(row, "hukou_name", record["place"].get("name", ""))
        _type(row, "hukou_township", record["place"].get("township", ""))
        _type(row, "hukou_start", record["start"])
        if "end" in record:
            _type(row, "hukou_end", record["end"])


def _screenshot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return path


def test_the_panyu_example_typed_in_is_decided_with_its_timeline(
    browser: Any, service: Service
) -> None:
    from selenium.webdriver.common.by import By

    facts = json.loads((EXAMPLES / "bachelor-panyu.json").read_text(encoding="utf-8"))
    browser.get(service.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    _fill_in(browser, facts)
    browser.find_element(By.ID, "decide").click()
    report = _wait_for(browser, "iframe#report")
    # The form's facts, as the library read them, are the example's own.
    pasted = browser.find_element(By.ID, "applicant-json").get_attribute("value")
    assert json.loads(pasted) == facts
    assert (
        browser.find_element(By.ID, "download_report")
        .get_attribute("href")
        .startswith("data:text/html;base64,")
    )
    decision_url = browser.find_element(By.ID, "download_json").get_attribute("href")
    assert decision_url.startswith("data:application/json;base64,")
    shot = _screenshot(browser, "page-panyu.png")
    assert shot.stat().st_size > 10_000

    browser.switch_to.frame(report)
    try:
        conclusion = browser.find_element(By.CSS_SELECTOR, "section.conclusion")
        assert "outcome-determined" in conclusion.get_attribute("class").split()
        assert browser.find_element(By.CSS_SELECTOR, ".conclusion .origin .name").text == (
            "广东省广州市番禺区"
        )
        assert browser.find_element(By.CSS_SELECTOR, ".conclusion .origin .code").text == "440113"
        bars = browser.find_elements(By.CSS_SELECTOR, "svg.timeline-svg rect.hukou-bar")
        assert len(bars) == len(facts["hukou"]) == 2
        assert bars[0].get_attribute("data-holder") == "family"
        assert bars[1].get_attribute("data-holder") == "student"
    finally:
        browser.switch_to.default_content()


def test_a_file_of_three_applicants_gives_three_rows(
    browser: Any, service: Service, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    names = ("bachelor-panyu.json", "bachelor-haidian.json", "hong-kong-student.json")
    lines = [
        json.dumps(json.loads((EXAMPLES / n).read_text(encoding="utf-8")), ensure_ascii=False)
        for n in names
    ]
    upload = tmp_path / "three.jsonl"
    upload.write_text("\n".join(lines) + "\n", encoding="utf-8")
    browser.get(service.url + "/")
    browser.find_element(By.ID, "file-input").send_keys(str(upload))
    browser.find_element(By.ID, "decide-file").click()
    _wait_for(browser, "#batch-table")
    rows = browser.find_elements(By.CSS_SELECTOR, "#batch-table tbody tr")
    assert len(rows) == 3
    ids = [r.find_elements(By.TAG_NAME, "td")[2].text for r in rows]
    assert ids == [json.loads(line)["applicant_id"] for line in lines]
    first = [td.text for td in rows[0].find_elements(By.TAG_NAME, "td")]
    assert first[3:5] == ["determined", "440113"]
    csv_url = browser.find_element(By.ID, "download_csv").get_attribute("href")
    assert csv_url.startswith("data:text/csv;base64,")
    assert browser.find_element(By.ID, "download_xlsx").get_attribute("download") == (
        "three-decisions.xlsx"
    )


def test_the_english_switch(browser: Any, service: Service) -> None:
    from selenium.webdriver.common.by import By

    browser.get(service.url + "/")
    browser.find_element(By.ID, "lang-switch").click()
    _wait_for(browser, "html[lang=en]")
    assert browser.find_element(By.ID, "decide").text == "Decide"
    assert browser.find_element(By.CSS_SELECTOR, "#hukou-table th").text == "Whose"
    switch = browser.find_element(By.ID, "lang-switch")
    assert switch.text == "中文"
    assert switch.get_attribute("href").endswith("/?lang=zh")


def test_a_malformed_entry_is_named_with_its_field(browser: Any, service: Service) -> None:
    from selenium.webdriver.common.by import By

    facts = json.loads((EXAMPLES / "bachelor-panyu.json").read_text(encoding="utf-8"))
    facts["hukou"][1]["start"] = "2018-13-05"  # no 13th month
    browser.get(service.url + "/")
    _fill_in(browser, facts)
    browser.find_element(By.ID, "decide").click()
    errors = _wait_for(browser, "#errors")
    items = errors.find_elements(By.CSS_SELECTOR, "li")
    assert [li.get_attribute("data-path") for li in items] == ["hukou.1.start"]
    assert "户籍记录 第2行 · 起始日期" in items[0].text
    assert "2018-13-05" in items[0].text
    marked = browser.find_elements(By.CSS_SELECTOR, "input.invalid")
    assert [m.get_attribute("data-path") for m in marked] == ["hukou.1.start"]
    assert marked[0].get_attribute("value") == "2018-13-05"  # kept for staff to correct
    assert not browser.find_elements(By.ID, "report")


def test_an_id_number_in_an_error_is_masked(browser: Any, service: Service) -> None:
    from selenium.webdriver.common.by import By

    facts = json.loads((EXAMPLES / "bachelor-panyu.json").read_text(encoding="utf-8"))
    number = "44011320000101123X"
    facts["identity_document"] = {"kind": "no_such_document", "number": number}
    facts["identity_document"]["number"] = int(number[:-1])  # a number, not a string
    browser.get(service.url + "/")
    _type(browser, "applicant_json", json.dumps(facts, ensure_ascii=False))
    browser.find_element(By.ID, "decide-json").click()
    errors = _wait_for(browser, "#errors")
    paths = [li.get_attribute("data-path") for li in errors.find_elements(By.CSS_SELECTOR, "li")]
    assert "identity_document.number" in paths
    assert "identity_document.kind" in paths
    assert number[:-1] not in errors.text
    assert number[:-1] not in browser.page_source.split("<textarea")[0]


def test_the_english_switch_keeps_the_decision_shown(browser: Any, service: Service) -> None:
    from selenium.webdriver.common.by import By

    facts = (EXAMPLES / "bachelor-panyu.json").read_text(encoding="utf-8")
    browser.get(service.url + "/")
    _type(browser, "applicant_json", json.dumps(json.loads(facts), ensure_ascii=False))
    browser.find_element(By.ID, "decide-json").click()
    _wait_for(browser, "iframe#report")
    browser.find_element(By.ID, "lang-switch").click()
    _wait_for(browser, "html[lang=en]")
    browser.switch_to.frame(_wait_for(browser, "iframe#report"))
    try:
        outcome = browser.find_element(By.CSS_SELECTOR, ".conclusion .outcome").text
        assert outcome == "Origin determined" and not re.search(r"[\u4e00-\u9fff]", outcome)
        assert browser.find_element(By.CSS_SELECTOR, ".conclusion .origin .code").text == "440113"
    finally:
        browser.switch_to.default_content()
