"""The Dask mapping gives the serial run's results, on a local cluster of two worker
processes (the `dask` extra; CI installs it with `dev`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag", reason="the dask extra is not installed")
pytest.importorskip("distributed", reason="the dask extra is not installed")
pytest.importorskip("pyarrow", reason="the dask extra (pyarrow) is not installed")

import pandas as pd
from distributed import Client, LocalCluster

from origin_rules import parse_applicant
from origin_rules.batch import (
    INPUT_COLUMNS,
    OUTPUT_COLUMNS,
    RecordError,
    SourceRecord,
    applicant_to_row,
    decide_many,
    read_jsonl,
)
from origin_rules.batch.csv_layout import decision_row, error_row
from origin_rules.batch.dask import decide_jsonl, decide_parquet


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,  # type: ignore[no-untyped-call]
    ):
        yield c


@pytest.fixture(scope="module")
def population(applicants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A few hundred applicants: the examples many times over under distinct ids."""
    return [
        {**applicants[i % len(applicants)], "applicant_id": f"dask-{i:04d}"} for i in range(300)
    ]


def _serial(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as f:
        return [
            r.as_record(str(path)) if isinstance(r, RecordError) else r.model_dump(mode="json")
            for r in decide_many(read_jsonl(f), engine="python")
        ]


def test_jsonl_on_two_workers_equals_the_serial_run(
    client: Client, tmp_path: Path, population: list[dict[str, Any]], bad_json: str
) -> None:
    paths = []
    for part in range(2):
        lines = [json.dumps(a, ensure_ascii=False) for a in population[part::2]]
        lines[7:7] = ["", bad_json]
        path = tmp_path / f"part-{part}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    bag = decide_jsonl([str(p) for p in paths], engine="python")
    distributed_run = bag.compute()  # type: ignore[no-untyped-call]
    serial = [record for path in paths for record in _serial(path)]
    assert len(distributed_run) == len(population) + 2
    assert distributed_run == serial


def test_parquet_on_two_workers_equals_the_serial_run(
    client: Client, tmp_path: Path, population: list[dict[str, Any]]
) -> None:
    rows = [applicant_to_row(parse_applicant(a)) for a in population]
    rows[5]["cohort"] = "June"  # a cell that cannot be read keeps its row, as an error
    frame = pd.DataFrame(rows, columns=list(INPUT_COLUMNS))
    path = tmp_path / "applicants.parquet"
    frame.to_parquet(path, row_group_size=50)
    import dask.dataframe as dd

    dd.from_pandas(frame, npartitions=3).to_parquet(tmp_path / "parts")  # type: ignore[no-untyped-call]
    for source in (str(path), str(tmp_path / "parts")):
        result = decide_parquet(source, engine="python").compute()  # type: ignore[no-untyped-call]
        assert list(result.columns) == list(OUTPUT_COLUMNS)
        records = [SourceRecord(None, "csv_row", row) for row in rows]
        expected = [
            error_row(None, i, r.kind, r.problems())
            if isinstance(r, RecordError)
            else decision_row(None, i, r)
            for i, r in enumerate(decide_many(records, engine="python"))
        ]
        assert result.values.tolist() == expected
        assert result["outcome"].tolist()[5] == "error"
