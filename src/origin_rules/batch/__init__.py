"""Deciding many applicants: streaming, in order, one result per input record.

    from origin_rules.batch import decide_many, read_jsonl
    with open("applicants.jsonl", "rb") as f:
        for result in decide_many(read_jsonl(f), engine="python", workers=2):
            ...  # a Decision, or a RecordError naming the line and each field problem

The command is `origin-rules decide --batch INPUT` (see docs/integrators.md, "Batches");
`origin_rules.batch.dask` maps the same decisions over Dask bags and dataframes.
"""

from origin_rules.batch.csv_layout import INPUT_COLUMNS, OUTPUT_COLUMNS, applicant_to_row
from origin_rules.batch.readers import HeaderError, read_csv, read_jsonl
from origin_rules.batch.records import FieldProblem, RecordError, SourceRecord
from origin_rules.batch.run import BatchOptions, decide_many

__all__ = [
    "INPUT_COLUMNS",
    "OUTPUT_COLUMNS",
    "BatchOptions",
    "FieldProblem",
    "HeaderError",
    "RecordError",
    "SourceRecord",
    "applicant_to_row",
    "decide_many",
    "read_csv",
    "read_jsonl",
]
