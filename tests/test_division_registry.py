"""The division registry on the shipped data (issue 3, "Done when")."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from origin_rules.divisions import (
    COUNTY_LEVEL_CITIES_WITHOUT_DISTRICTS,
    DivisionLevel,
    Divisions,
)
from origin_rules.divisions import registry as registry_module
from origin_rules.divisions.registry import (
    DivisionDataError,
    DivisionRegistry,
    default_registry,
)

YEAR_END_2021 = date(2021, 12, 31)
MID_2022 = date(2022, 6, 30)
DECIDED = date(2021, 10, 10)  # the decision date the examples use


@pytest.fixture(scope="module")
def reg() -> DivisionRegistry:
    return default_registry()


def test_it_is_a_divisions_implementation(reg: DivisionRegistry) -> None:
    divisions: Divisions = reg
    assert divisions.level("440113", YEAR_END_2021) is DivisionLevel.COUNTY
    assert default_registry() is reg


# -- counts -----------------------------------------------------------------------------


def test_county_level_units_in_force_at_the_end_of_2021(reg: DivisionRegistry) -> None:
    codes = reg.county_codes(YEAR_END_2021)
    assert len(codes) == 2847
    assert codes >= COUNTY_LEVEL_CITIES_WITHOUT_DISTRICTS
    assert len(codes - COUNTY_LEVEL_CITIES_WITHOUT_DISTRICTS) == 2843
    # province-direct units count as county level; the regions do not
    assert {"469002", "659001", "419001", "429021"} <= codes
    assert not {"810000", "820000", "710000", "830000"} & codes


def test_no_county_level_code_changed_in_the_first_half_of_2022(reg: DivisionRegistry) -> None:
    # 2022-06-30 is described by the 2022 list; it has the 2021 list's county codes.
    assert reg.county_codes(MID_2022) == reg.county_codes(YEAR_END_2021)


# -- full names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "full_name"),
    [
        ("110108", "北京市海淀区"),
        ("500103", "重庆市渝中区"),
        ("469002", "海南省琼海市"),
        ("659001", "新疆维吾尔自治区石河子市"),
        ("440113", "广东省广州市番禺区"),
        ("441900", "广东省东莞市"),
        ("440100", "广东省广州市"),
        ("440000", "广东省"),
        ("810000", "香港特别行政区"),
        ("820000", "澳门特别行政区"),
        ("710000", "台湾省"),
    ],
)
def test_full_names(reg: DivisionRegistry, code: str, full_name: str) -> None:
    assert reg.full_name(code, YEAR_END_2021) == full_name


def test_levels(reg: DivisionRegistry) -> None:
    assert reg.level("441900", YEAR_END_2021) is DivisionLevel.COUNTY
    assert reg.level("469002", YEAR_END_2021) is DivisionLevel.COUNTY
    assert reg.level("440100", YEAR_END_2021) is DivisionLevel.PREFECTURE
    assert reg.level("810000", YEAR_END_2021) is DivisionLevel.PROVINCE


# -- successors -------------------------------------------------------------------------


def test_laiwu_districts_resolve_to_jinan(reg: DivisionRegistry) -> None:
    # 莱芜市 was merged into 济南 (国函〔2018〕163号, in the 2018 list). Both districts
    # went over whole: 钢城区 under its name with a new code (a move to another
    # prefecture), 莱城区 as 莱芜区 (a new name under a new code that no other county
    # went into). Each has exactly one successor by a certain change: succeeded.
    laicheng = reg.resolve("371202", date(2015, 6, 1), DECIDED)
    assert laicheng.status == "succeeded"
    (successor,) = laicheng.successors
    assert (successor.code, successor.full_name) == ("370116", "山东省济南市莱芜区")
    assert (successor.year, successor.kind) == (2018, "rename")
    assert successor.document == "国函〔2018〕163号"

    gangcheng = reg.resolve("371203", date(2015, 6, 1), DECIDED)
    assert gangcheng.status == "succeeded"
    (successor,) = gangcheng.successors
    assert (successor.code, successor.full_name) == ("370117", "山东省济南市钢城区")
    assert (successor.year, successor.kind) == (2018, "reparent")


@pytest.mark.parametrize("on", [DECIDED, YEAR_END_2021, MID_2022, date(2025, 3, 1)])
def test_jianggan_never_resolves_silently(reg: DivisionRegistry, on: date) -> None:
    # 江干区 was abolished in 2021: part went to 上城区, part to the new 钱塘区.
    resolution = reg.resolve("330104", date(2018, 6, 1), on)
    assert resolution.status == "uncertain"
    candidates = {s.code for s in resolution.successors}
    assert {"330102", "330114"} <= candidates
    assert all(s.year == 2021 and s.document == "国函〔2021〕29号" for s in resolution.successors)


def test_a_code_abolished_in_the_decision_year_is_not_in_force(reg: DivisionRegistry) -> None:
    # On 2021-03-01 江干区 may still have existed (the change date is not in the lists),
    # so a record then is not an unknown code, but it is not in force at the year's end.
    assert reg.exists("330104", date(2021, 3, 1))
    assert not reg.in_force("330104", date(2021, 3, 1))
    assert not reg.exists("330104", YEAR_END_2021)
    assert reg.resolve("330104", date(2021, 3, 1), DECIDED).status == "uncertain"


def test_panyu_is_unchanged(reg: DivisionRegistry) -> None:
    # 番禺's towns moved to 南沙 (2005, 2012) but the county code stayed.
    for recorded in (date(2001, 3, 1), date(2006, 1, 1), date(2013, 1, 1)):
        assert reg.resolve("440113", recorded, DECIDED).status == "in_force"
    assert reg.name("440113", date(2005, 6, 1)) == "番禺区"
    assert reg.full_name("440113", DECIDED) == "广东省广州市番禺区"


def test_milin_is_still_a_county_in_mid_2022(reg: DivisionRegistry) -> None:
    # 米林县 has been 540422 since 林芝地区 became 林芝市 (2015); before, it was 542623
    # (542624 was 墨脱县). It became 米林市 540481 in 2023.
    assert reg.name("540422", MID_2022) == "米林县"
    assert reg.full_name("540422", MID_2022) == "西藏自治区林芝市米林县"
    assert "540422" in reg.county_codes(MID_2022)
    assert reg.resolve("540422", date(2016, 1, 1), MID_2022).status == "in_force"
    old = reg.resolve("542623", date(2012, 6, 1), MID_2022)
    assert old.status == "succeeded"
    assert [(s.code, s.kind, s.year) for s in old.successors] == [("540422", "recode", 2015)]
    assert reg.name("542624", date(2012, 6, 1)) == "墨脱县"
    later = reg.resolve("540422", date(2016, 1, 1), date(2024, 6, 30))
    assert later.status == "uncertain"  # an upgrade (县→市) is never taken as certain
    assert [(s.code, s.kind, s.year) for s in later.successors] == [("540481", "upgrade", 2023)]


def test_chongchuan_recode_is_succeeded(reg: DivisionRegistry) -> None:
    resolution = reg.resolve("320602", date(2015, 6, 1), DECIDED)
    assert resolution.status == "succeeded"
    assert [(s.code, s.kind, s.year) for s in resolution.successors] == [("320613", "recode", 2020)]
    # 港闸区 went into the same 崇川区: a merge, so staff decide.
    merged = reg.resolve("320611", date(2015, 6, 1), DECIDED)
    assert merged.status == "uncertain"
    assert [s.code for s in merged.successors] == ["320613"]


def test_xingtai_qiaodong_renamed_under_its_code(reg: DivisionRegistry) -> None:
    resolution = reg.resolve("130502", date(2015, 6, 1), DECIDED)
    assert resolution.status == "in_force"
    assert resolution.successors == ()
    assert reg.name("130502", date(2019, 6, 30)) == "桥东区"
    assert reg.name("130502", DECIDED) == "襄都区"
    assert reg.full_name("130502", DECIDED) == "河北省邢台市襄都区"
    assert reg.name_matches("130502", "桥东区", date(2019, 6, 30)) is True
    assert reg.name_matches("130502", "桥东区", YEAR_END_2021) is False
    # the rename's approval, from the history
    renames = [s for p in reg.history("130502") for s in p.successors]
    assert [(s.code, s.kind, s.year, s.document) for s in renames] == [
        ("130502", "rename", 2020, "国函〔2020〕78号")
    ]


def test_an_upgrade_is_uncertain(reg: DivisionRegistry) -> None:
    resolution = reg.resolve("513425", date(2016, 1, 1), MID_2022)  # 会理县 → 会理市
    assert resolution.status == "uncertain"
    assert [(s.code, s.kind, s.document) for s in resolution.successors] == [
        ("513402", "upgrade", "民函〔2021〕5号")
    ]


def test_reparented_county_is_succeeded(reg: DivisionRegistry) -> None:
    resolution = reg.resolve("220381", date(2016, 1, 1), MID_2022)  # 公主岭 四平 → 长春
    assert resolution.status == "succeeded"
    assert [(s.code, s.full_name, s.kind) for s in resolution.successors] == [
        ("220184", "吉林省长春市公主岭市", "reparent")
    ]


def test_a_code_that_did_not_exist_when_recorded_is_unknown(reg: DivisionRegistry) -> None:
    # 钱塘区 330114 was created in 2021
    assert reg.resolve("330114", date(2019, 6, 1), DECIDED).status == "unknown_code"
    assert reg.resolve("999999", date(2019, 6, 1), DECIDED).status == "unknown_code"


# -- Hong Kong, Macau, Taiwan, and the 830000 trap ---------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [("810000", "香港特别行政区"), ("820000", "澳门特别行政区"), ("710000", "台湾省")],
)
def test_regions_exist_at_province_level(reg: DivisionRegistry, code: str, name: str) -> None:
    for on in (date(1995, 1, 1), YEAR_END_2021, date(2030, 1, 1)):
        assert reg.exists(code, on)
        assert reg.full_name(code, on) == name
        assert reg.resolve(code, on, DECIDED).status == "in_force"
    assert reg.level(code, DECIDED) is DivisionLevel.PROVINCE
    assert reg.name_matches(code, name, DECIDED) is True
    assert reg.find(name, DECIDED) == [code]


def test_830000_is_not_a_division(reg: DivisionRegistry) -> None:
    assert not reg.exists("830000", YEAR_END_2021)
    assert reg.full_name("830000", YEAR_END_2021) is None
    assert reg.name_matches("830000", "台湾", YEAR_END_2021) is None
    resolution = reg.resolve("830000", date(2019, 1, 1), DECIDED)
    assert resolution.status == "unknown_code"
    assert resolution.successors == ()


# -- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("番禺区", True),
        ("番禺", True),
        ("广州市番禺区", True),
        ("广东省广州市番禺区", True),
        (" 番禺区 ", True),
        ("天河区", False),
        ("广州市天河区", False),
    ],
)
def test_name_matches(reg: DivisionRegistry, name: str, matches: bool) -> None:
    assert reg.name_matches("440113", name, YEAR_END_2021) is matches


def test_name_matches_cannot_tell_for_a_code_that_is_not_a_division(
    reg: DivisionRegistry,
) -> None:
    assert reg.name_matches("330114", "钱塘区", date(2019, 6, 1)) is None


def test_find(reg: DivisionRegistry) -> None:
    assert "440113" in reg.find("番禺区", YEAR_END_2021)
    assert reg.find("广东省广州市番禺区", YEAR_END_2021) == ["440113"]
    assert reg.find("北京市海淀区", YEAR_END_2021) == ["110108"]
    assert len(reg.find("鼓楼区", YEAR_END_2021)) > 1  # several cities have one
    assert reg.find("江干区", YEAR_END_2021) == []
    assert reg.find("江干区", date(2019, 6, 1)) == ["330104"]
    assert reg.find("", YEAR_END_2021) == []


def test_dates_after_the_latest_list_use_it(reg: DivisionRegistry) -> None:
    later = date(reg.last_year + 3, 5, 1)
    assert reg.county_codes(later) == reg.county_codes(date(reg.last_year, 12, 31))
    assert reg.name("440113", later) == "番禺区"


def test_history(reg: DivisionRegistry) -> None:
    periods = reg.history("371202")
    assert periods[-1].name == "莱城区"
    assert periods[-1].last_year == 2017
    assert [s.code for s in periods[-1].successors] == ["370116"]
    assert reg.history("830000") == []


# -- loading ----------------------------------------------------------------------------


def test_importing_the_package_reads_no_division_data() -> None:
    script = """
import sys
opened = []
def hook(event, args):
    if event == "open" and "divisions/data" in str(args[0]).replace("\\\\", "/"):
        opened.append(str(args[0]))
sys.addaudithook(hook)
import origin_rules
import origin_rules.divisions.registry as registry
from origin_rules.divisions.registry import default_registry
shared = default_registry()
assert registry.data_files_read == 0, registry.data_files_read
assert not shared.loaded
assert opened == [], opened
from datetime import date
assert shared.exists("440113", date(2021, 12, 31))
assert registry.data_files_read == 1
assert opened, "the data was read through another path than expected"
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_data_is_read_once_under_concurrent_first_queries() -> None:
    fresh = DivisionRegistry()
    before = registry_module.data_files_read
    barrier = threading.Barrier(8)
    results: list[bool] = []

    def query() -> None:
        barrier.wait()
        results.append(fresh.exists("440113", YEAR_END_2021))

    threads = [threading.Thread(target=query) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 8
    assert registry_module.data_files_read == before + 1


def test_a_missing_data_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = DivisionRegistry(tmp_path)
    with pytest.raises(DivisionDataError, match=r"missing: .*divisions\.csv"):
        broken.exists("440113", YEAR_END_2021)


def test_a_corrupt_data_file_is_a_clear_error(tmp_path: Path) -> None:
    shipped = Path(registry_module.__file__).parent / "data"
    for name in ("divisions.csv", "successors.csv"):
        (tmp_path / name).write_bytes((shipped / name).read_bytes())
    with (tmp_path / "successors.csv").open("a", encoding="utf-8") as f:
        f.write("330104,2020,330102\n")
    with pytest.raises(DivisionDataError, match=r"successors\.csv:\d+: expected 6 fields"):
        DivisionRegistry(tmp_path).exists("440113", YEAR_END_2021)

    (tmp_path / "divisions.csv").write_text("code,name\n440113,番禺区\n", encoding="utf-8")
    with pytest.raises(DivisionDataError, match=r"divisions\.csv:1: expected the columns"):
        DivisionRegistry(tmp_path).exists("440113", YEAR_END_2021)


def test_a_township_settles_a_split_when_exactly_one_candidate_has_it() -> None:
    registry = DivisionRegistry()
    on = date(2021, 10, 10)
    candidates = ["330102", "330113", "330114"]  # where 江干区 went in 2021
    assert registry.settle(candidates, "下沙街道", on) == "330114"
    assert registry.settle(candidates, " 彭埠街道 ", on) == "330102"
    # 石桥街道 lies in 拱墅区 330105, none of the candidates: nothing is settled.
    assert registry.settle(candidates, "石桥街道", on) is None
    assert registry.settle([], "下沙街道", on) is None
