"""`origin-rules demo`: the shipped examples, decided and explained."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from origin_rules.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    Fatal,
    Options,
    add_command,
    engine_option,
    engine_ready,
    lang_option,
)
from origin_rules.cli.records import (
    HtmlOutput,
    Record,
    decide_record,
    read_records,
    write_rendered,
)
from origin_rules.decision import Decision
from origin_rules.render.markdown import escape as md_escape

EXAMPLES = """\
Examples:
  origin-rules demo                  # every examples/*.json, explained in Chinese
  origin-rules demo --lang en        # the same in English
  origin-rules demo --format md > demo.md
  origin-rules demo --format html > demo.html   # one report per example, to print
  origin-rules demo --engine python  # with the pure-Python evaluator
"""


def examples_folder() -> Path:
    """The examples shipped at the top of a source checkout."""
    return Path(__file__).resolve().parents[3] / "examples"


def cmd_demo(args: argparse.Namespace) -> int:
    folder = Path(args.examples) if args.examples else examples_folder()
    if not folder.is_dir():
        raise Fatal(
            f"no examples folder at {folder}.\n"
            "`origin-rules demo` decides the examples shipped in a source checkout of the "
            "repository (examples/*.json); run it from there, pass --examples DIR, or decide "
            "your own files with `origin-rules decide FILE`."
        )
    files = sorted(folder.glob("*.json"))
    if not files:
        raise Fatal(f"no examples (*.json) in {folder}")
    engine_ready(args.engine)
    options = Options(args.engine, None, {})
    lang: str = args.lang
    bad_input = False
    out = sys.stdout
    intro = (
        f"生源地判定示例：{len(files)} 个文件，来自 {folder}（规则引擎：{args.engine}）"
        if lang == "zh"
        else f"Origin decisions for {len(files)} example file(s) in {folder} "
        f"(engine: {args.engine})"
    )
    fmt: str = args.format
    # The page's title says what the text's first line says.
    page = HtmlOutput(out, lang, intro, many=True)
    if fmt == "md":
        intro = f"# {md_escape(intro)}"
    if fmt != "html":
        out.write(intro + "\n\n")
    records = read_records([str(f) for f in files], jsonl=False)
    for number, record in enumerate(records):
        record = Record(
            Path(record.file).name, record.index, record.line, record.data, record.error
        )
        result = decide_record(record, options)
        bad_input |= not isinstance(result, Decision)
        if fmt == "html":
            page.add_decision(result, record)
        else:
            write_rendered(out, result, record, lang, fmt, True, first=number == 0)
    if fmt == "html":
        page.finish()
    return EXIT_BAD_INPUT if bad_input else EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = add_command(
        sub, "demo", "Decide every shipped example and explain each decision.", EXAMPLES, cmd_demo
    )
    lang_option(demo)
    engine_option(demo)
    demo.add_argument(
        "--format",
        choices=("text", "md", "html"),
        default="text",
        help="text (the default), md (Markdown) or html (one page of reports to print)",
    )
    demo.add_argument(
        "--examples",
        metavar="DIR",
        help="folder of *.json applicants (default: examples/ of the checkout)",
    )
