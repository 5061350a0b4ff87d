"""The forms staff file: form 1 (附表1, 生源信息修改申请表) from change requests and
annex 2 (附件2, 少干计划毕业生信息汇总表) from graduate records, as CSV (UTF-8 with a
byte-order mark) or XLSX (needs the `forms` extra: openpyxl).

    from origin_rules.forms import change_form, minority_summary, write_csv, write_xlsx
    form = change_form(requests)              # decides each request; rows for form 1
    write_xlsx(form.table, "附表1.xlsx")
    summary = minority_summary(records)       # rows, and the problems to settle
    summary.problems                          # e.g. no agreement (定向协议书) uploaded
"""

from origin_rules.forms.change_form import ChangeForm, Skipped, change_form
from origin_rules.forms.minority_summary import MinorityProblem, MinoritySummary, minority_summary
from origin_rules.forms.tables import Table
from origin_rules.forms.writers import (
    FormsUnavailableError,
    csv_bytes,
    write_csv,
    write_xlsx,
    xlsx_bytes,
)

__all__ = [
    "ChangeForm",
    "FormsUnavailableError",
    "MinorityProblem",
    "MinoritySummary",
    "Skipped",
    "Table",
    "change_form",
    "csv_bytes",
    "minority_summary",
    "write_csv",
    "write_xlsx",
    "xlsx_bytes",
]
