"""`origin-rules decide --batch`: a file of applicants in, one output line per record out.

Output file (`-o FILE`): the run writes whole lines to `FILE.partial` and renames it to
`FILE` when every record is written, so `FILE` is only ever a complete output (an
existing one is replaced only then); an output that is the input (the same file, also
through a link) is refused before anything is written.

Stopping: SIGINT (Ctrl-C) and SIGTERM are caught; the batch stops after the record it
is writing, flushes the complete lines it has, prints the summary and exits 130 / 143.
The lines written so far (the decisions of a prefix of the input, every line whole)
stay in `FILE.partial` (to stdout: are written); `--resume` continues them, as it does
after a SIGKILL or a crash: it skips the records already written and appends the rest,
with their own line numbers and positions, so a resumed output is byte for byte the
output of an uninterrupted run.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import functools
import json
import os
import signal
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO, TextIO

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
    if args.workers < 1:
        raise Fatal(f"--workers: expected at least 1, got {args.workers}")
    if args.chunk_size < 1:
        raise Fatal(f"--chunk-size: expected at least 1, got {args.chunk_size}")
    if args.resume and args.output in (None, STDIN):
        raise Fatal("--resume continues an output file: give it with -o FILE")
    workers = _capped_workers(args.workers)
    try:
        check_options(options)
    except InvalidOptionError as exc:
        raise Fatal(str(exc)) from None
    name: str = args.files[0]
    input_format = args.input_format or ("csv" if name.lower().endswith(".csv") else "jsonl")
    output_format = args.format or "jsonl"
    if output_format == "csv" and not options.verdict_only:
        # A CSV row holds no trace, text or hash: each record is decided only that far.
        options = dataclasses.replace(options, row_only=True)

    with contextlib.ExitStack() as stack:
        source = _open_input(name, stack)
        shown = "<stdin>" if name == STDIN else name
        records = read_csv(source) if input_format == "csv" else read_jsonl(source)
        try:
            first = next(records, None)  # a CSV header that does not fit stops here
        except HeaderError as exc:
            raise Fatal(f"{shown}: {exc}") from None
        if args.summary is not None:
            _refuse_input(source, [Path(args.summary)], "--summary")
        output = _Output(
            args.output, source, resume=args.resume, csv_output=output_format == "csv", stack=stack
        )
        sink = LineSink(output.fd)
        done = output.lines
        if output_format == "csv":
            if done == 0:
                sink.write(csv_header(bom=not args.no_bom))
            done = max(done - 1, 0)
        encode: Any = (
            functools.partial(encode_csv, shown, raw=args.csv_raw)
            if output_format == "csv"
            else functools.partial(encode_jsonl, shown)
        )
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
                _prepend(first, records), options, workers, args.chunk_size, encode, skip=done
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
        if stop.signal is None:
            output.complete()
        else:
            summary.interrupted = signal.Signals(stop.signal).name
            if output.work is not None:
                summary.kept_in = str(output.work)
        if not args.quiet:
            for line in summary.lines():
                print(f"origin-rules decide: {line}" if line[0] != " " else line, file=sys.stderr)
        if args.summary:
            Path(args.summary).write_text(
                json.dumps(summary.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
    if stop.signal is not None:
        return 128 + stop.signal
    if summary.errors or output.kept_errors:
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


class _Output:
    """Where the lines go: stdout, or `FILE.partial` renamed to `FILE` at the end.
    `lines` is how many whole lines an output being resumed holds already."""

    def __init__(
        self,
        out: str | None,
        source: BinaryIO,
        *,
        resume: bool,
        csv_output: bool,
        stack: contextlib.ExitStack,
    ) -> None:
        self.lines = 0
        self.kept_errors = 0  # error records among the lines kept by --resume
        self.path: Path | None = None
        self.work: Path | None = None
        self.fd: int | TextIO
        if out is None or out == STDIN:  # -o -: stdout, as for every command
            self.fd = _stdout()
            return
        self.path = Path(out)
        self.work = self.path.with_name(self.path.name + ".partial")
        _refuse_input(source, [self.path, self.work], "-o")
        try:
            if resume:
                if not self.work.exists() and self.path.exists():
                    os.replace(self.path, self.work)  # continued in place, renamed back at the end
                fd = os.open(self.work, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
                self.lines = _whole_lines(fd)
                self.kept_errors = _error_lines(self.work, csv_output)
            else:
                fd = os.open(self.work, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise Fatal(
                f"-o {out}: {self.work} exists: a run writing {out} was stopped. Continue it "
                "with --resume, or delete it to start again"
            ) from None
        except OSError as exc:
            raise Fatal(f"-o {out}: cannot write: {exc.strerror or exc}") from None
        self.fd = fd
        stack.callback(self._close)

    def complete(self) -> None:
        """Every record is written: the output takes its name (replacing an old one)."""
        if self.work is None or self.path is None:
            return
        assert isinstance(self.fd, int)
        os.fsync(self.fd)
        os.replace(self.work, self.path)

    def _close(self) -> None:
        assert isinstance(self.fd, int)
        os.close(self.fd)


def _stdout() -> int | TextIO:
    try:
        sys.stdout.flush()
        return sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return sys.stdout  # no descriptor (captured in-process): write the stream


def _refuse_input(source: BinaryIO, paths: list[Path], option: str) -> None:
    """Refuse to write over the input: the same file by any name (a link, a hard link,
    stdin redirected from it)."""
    try:
        given = os.fstat(source.fileno())
    except (OSError, ValueError, AttributeError):
        return
    for path in paths:
        try:
            target = os.stat(path)
        except OSError:
            continue
        if (target.st_dev, target.st_ino) == (given.st_dev, given.st_ino):
            raise Fatal(f"{option} {path}: that is the input; write the output to another file")


def _whole_lines(fd: int) -> int:
    """The whole lines of an output being resumed; a last line cut off mid-way (a SIGKILL
    during a write) is removed, so the record is written again, whole."""
    size = os.fstat(fd).st_size
    count = 0
    last_end = 0
    offset = 0
    while offset < size:
        block = os.pread(fd, 1 << 20, offset)
        if not block:
            break
        count += block.count(b"\n")
        end = block.rfind(b"\n")
        if end >= 0:
            last_end = offset + end + 1
        offset += len(block)
    if last_end < size:
        os.ftruncate(fd, last_end)
    return count


def _error_lines(path: Path, csv_output: bool) -> int:
    """The error records among the lines a resumed run keeps: they count towards its
    exit code, as they would have in the run that wrote them."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        if csv_output:
            rows = csv.DictReader(f)
            return sum(1 for row in rows if row.get("outcome") == "error")
        return sum(1 for line in f if line.startswith('{"error":'))


def _capped_workers(asked: int) -> int:
    """More workers than CPUs only adds processes that wait: capped, with a warning."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    if asked > cpus:
        print(
            f"origin-rules decide: --workers {asked}: using {cpus}, the CPUs this process may "
            "use (more would only wait)",
            file=sys.stderr,
        )
        return cpus
    return asked


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
