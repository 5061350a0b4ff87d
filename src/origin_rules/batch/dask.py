"""The batch beyond one machine: decisions mapped over Dask bags and dataframes.

Needs the `dask` extra (`pip install 'origin-rules[dask]'`: dask[bag,dataframe],
distributed, pyarrow). Each partition is decided by `decide_many` in whichever Dask
worker holds it, so the engine is compiled and the division data read once per worker
process; the results are those of the serial run, in the same order.

    from dask.distributed import Client
    from origin_rules.batch.dask import decide_jsonl, decide_parquet

    client = Client("scheduler:8786")            # or LocalCluster(...)
    decide_jsonl(["part-0.jsonl", "part-1.jsonl"], engine="python").to_textfiles("out/*.jsonl")
    decide_parquet("applicants.parquet").to_parquet("decisions.parquet")

- `decide_jsonl(paths)`: a bag of JSON-ready records, one per input record, in order:
  the decision (`Decision.model_dump(mode="json")`), or the error record
  (`{"error", "file", "line", "position"}`) exactly as `origin-rules decide --batch`
  writes them. Each file is one partition, so line numbers and positions are those of
  the file: split a large input into several files to spread it over the workers.
- `decide_bag(bag)`: the same over any bag of applicants (Applicant, mappings, JSON
  text); positions are then counted within each partition.
- `decide_parquet(path)`: a dataframe of the decisions, one row per input row, with the
  columns of `OUTPUT_COLUMNS`; the input has the columns of the CSV layout
  (`origin_rules.batch.csv_layout`: text columns, lists as JSON text). `position` is
  the row's position in the whole dataset; `line` is empty.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, cast

import dask.bag as db
import dask.dataframe as dd
import pandas as pd

from origin_rules.batch.csv_layout import OUTPUT_COLUMNS, decision_row, error_row
from origin_rules.batch.records import RecordError, SourceRecord
from origin_rules.batch.rows import DecisionRow
from origin_rules.batch.run import (
    BatchOptions,
    Item,
    Result,
    check_options,
    decide_encoded,
    keep_result,
)

__all__ = ["decide_bag", "decide_jsonl", "decide_parquet"]


def _options(
    engine: str, decision_date: date | None, interpretations: Mapping[str, str] | None
) -> BatchOptions:
    options = BatchOptions(engine, decision_date, tuple(sorted((interpretations or {}).items())))
    check_options(options)  # here, before any task is sent
    return options


def _as_json(result: Result, file: str | None) -> dict[str, Any]:
    if isinstance(result, RecordError):
        return result.as_record(file)
    if isinstance(result, DecisionRow):  # options here never ask for rows only
        raise TypeError("a JSON record needs the whole decision, not its CSV row")
    return result.model_dump(mode="json")


def _decide_partition(
    items: Iterable[Item], options: BatchOptions, file: str | None = None
) -> list[dict[str, Any]]:
    results = decide_encoded(items, options, 1, 500, keep_result)
    return [_as_json(result, file) for result in results]


def decide_bag(
    bag: db.Bag,
    *,
    engine: str = "durable",
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
) -> db.Bag:
    """Decide every applicant of a bag: one JSON-ready record per item, in order."""
    options = _options(engine, decision_date, interpretations)
    return cast("db.Bag", bag.map_partitions(_decide_partition, options))  # type: ignore[no-untyped-call]


def _jsonl_partition(lines: Iterable[tuple[str, str]], options: BatchOptions) -> list[Any]:
    records: list[SourceRecord] = []
    file: str | None = None
    for number, (text, path) in enumerate(lines, start=1):
        file = path
        if number == 1:
            text = text.removeprefix("\ufeff")
        if text.strip():  # blank lines are not records, and line ends are cut, as in read_jsonl
            records.append(SourceRecord(number, "json", text.removesuffix("\n").removesuffix("\r")))
    return _decide_partition(records, options, file)


def decide_jsonl(
    paths: str | Sequence[str],
    *,
    engine: str = "durable",
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
) -> db.Bag:
    """Decide JSON Lines files (paths or a glob, local or any fsspec URL), one partition
    per file: a bag of the records `origin-rules decide --batch` would write."""
    options = _options(engine, decision_date, interpretations)
    lines = db.read_text(paths, blocksize=None, include_path=True, encoding="utf-8")  # type: ignore[no-untyped-call]
    return cast("db.Bag", lines.map_partitions(_jsonl_partition, options))


def _rows_partition(frame: pd.DataFrame, offsets: Sequence[int], options: BatchOptions,
                    partition_info: dict[str, Any] | None = None) -> pd.DataFrame:  # fmt: skip
    start = offsets[partition_info["number"]] if partition_info else 0
    records = [
        SourceRecord(None, "csv_row", {k: ("" if v is None else str(v)) for k, v in row.items()})
        for row in frame.to_dict(orient="records")
    ]
    rows = []
    only_rows = dataclasses.replace(options, row_only=True)  # a row needs no trace or text
    for offset, result in enumerate(decide_encoded(records, only_rows, 1, 500, keep_result)):
        position = start + offset
        if isinstance(result, RecordError):
            rows.append(error_row(None, position, result.kind, result.problems()))
        else:
            rows.append(decision_row(None, position, result))
    return pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS), dtype=object)


def decide_parquet(
    path: str | Sequence[str],
    *,
    engine: str = "durable",
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
) -> dd.DataFrame:
    """Decide the applicants of a Parquet dataset in the CSV layout: a dataframe with
    one row of `OUTPUT_COLUMNS` per input row, in order."""
    options = _options(engine, decision_date, interpretations)
    frame = dd.read_parquet(path)
    # Positions count rows across partitions: one cheap pass for each partition's length.
    lengths = frame.map_partitions(len).compute()
    offsets = [0]
    for length in list(lengths)[:-1]:
        offsets.append(offsets[-1] + int(length))
    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
    return cast("dd.DataFrame", frame.map_partitions(_rows_partition, offsets, options, meta=meta))
