"""`origin-rules decide --batch`: a file of applicants in, one output line per record out.

Stopping: SIGINT (Ctrl-C) and SIGTERM are caught; the batch stops after the record it
is writing, flushes the complete lines it has, prints the summary and exits 130 / 143.
The output then holds the decisions of a prefix of the input, every line whole.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import signal
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import BinaryIO, TextIO

from origin_rules.batch.readers import HeaderError, read_csv, read_jsonl
from origin_rules.batch.records import SourceRecord
from origin_rules.batch.run import BatchOptions, check_options, decide_encoded
from origin_rules.batch.summary import Progress, Summary
from origin_rules.batch.writers import Encoded, LineSink, csv_header, encode_csv, encode_jsonl
from origin_rules.cli.common import EXIT_BAD_INPUT, EXIT_FAIL_ON, EXIT_OK, Fatal
from origin_rules.errors import InvalidOptionError

STDIN = "-"


class _Stop:
    """Set by SIGINT / SIGTERM: the batch stops between two records."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.signal = signum


def run_batch(args: argparse.Namespace, options: BatchOptions) -> int:
    if len(args.files) != 1:
        raise Fatal(f"--batch reads one input (a file, or - for stdin), got {len(args.files)}")
    if args.output is not None:
        raise Fatal("--batch writes --output-format jsonl or csv; --output is for single runs")
    if args.workers < 1:
        raise Fatal(f"--workers: expected at least 1, got {args.workers}")
    if args.chunk_size < 1:
        raise Fatal(f"--chunk-size: expected at least 1, got {args.chunk_size}")
    try:
        check_options(options)
    except InvalidOptionError as exc:
        raise Fatal(str(exc)) from None
    name: str = args.files[0]
    input_format = args.input_format or ("csv" if name.lower().endswith(".csv") else "jsonl")
    output_format = args.output_format

    with contextlib.ExitStack() as stack:
        source = _open_input(name, stack)
        shown = "<stdin>" if name == STDIN else name
        records = read_csv(source) if input_format == "csv" else read_jsonl(source)
        try:
            first = next(records, None)  # a CSV header that does not fit stops here
        except HeaderError as exc:
            raise Fatal(f"{shown}: {exc}") from None
        sink = LineSink(_open_output(args.out, stack))
        if output_format == "csv":
            sink.write(csv_header())
        encode = functools.partial(encode_csv if output_format == "csv" else encode_jsonl, shown)
        summary = Summary()
        progress = Progress(
            sys.stderr,
            enabled=not args.quiet and sys.stderr.isatty(),
            total_bytes=_size(source),
            position=source.tell if source.seekable() else None,
        )
        stop = _Stop()
        previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            results = decide_encoded(
                _prepend(first, records), options, args.workers, args.chunk_size, encode
            )
            with contextlib.closing(results):
                for encoded in results:
                    sink.write(encoded.text)
                    summary.add(encoded)
                    if encoded.error is not None and not args.quiet:
                        _report(shown, encoded, progress)
                    progress.update(summary)
                    if stop.signal is not None:
                        break
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
            sink.flush()
            progress.close()
        summary.finish()
        if stop.signal is not None:
            summary.interrupted = signal.Signals(stop.signal).name
        if not args.quiet:
            for line in summary.lines():
                print(f"origin-rules decide: {line}" if line[0] != " " else line, file=sys.stderr)
        if args.summary:
            Path(args.summary).write_text(
                json.dumps(summary.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
    if stop.signal is not None:
        return 128 + stop.signal
    if summary.errors:
        return EXIT_BAD_INPUT
    if args.fail_on == "review" and set(summary.outcomes) - {"determined"}:
        return EXIT_FAIL_ON
    return EXIT_OK


def _prepend(first: SourceRecord | None, rest: Iterator[SourceRecord]) -> Iterator[SourceRecord]:
    if first is not None:
        yield first
        yield from rest


def _open_input(name: str, stack: contextlib.ExitStack) -> BinaryIO:
    if name == STDIN:
        return sys.stdin.buffer
    try:
        return stack.enter_context(open(name, "rb"))
    except OSError as exc:
        raise Fatal(f"{name}: cannot read: {exc.strerror or exc}") from None


def _open_output(out: str | None, stack: contextlib.ExitStack) -> int | TextIO:
    if out is None:
        try:
            sys.stdout.flush()
            return sys.stdout.fileno()
        except (AttributeError, OSError, ValueError):
            return sys.stdout  # no descriptor (captured in-process): write the stream
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except OSError as exc:
        raise Fatal(f"-o {out}: cannot write: {exc.strerror or exc}") from None
    stack.callback(os.close, fd)
    return fd


def _size(source: BinaryIO) -> int | None:
    try:
        info = os.fstat(source.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _report(file: str, encoded: Encoded, progress: Progress) -> None:
    if progress.enabled:
        sys.stderr.write("\r")
    where = f"{file}:{encoded.line}" if encoded.line is not None else f"{file}[{encoded.position}]"
    for problem in encoded.problems:
        print(f"{where}: {problem}", file=sys.stderr)
