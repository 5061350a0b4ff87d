"""`decide_many`: many applicants in, one result each out, in order, with flat memory.

Records are decided in chunks. With one worker the chunks are decided in this process;
with more, by a pool of worker processes (spawned, so it works the same on every OS),
each of which compiles the engine and loads the division registry once, when it starts.
At most a few chunks per worker are in flight at any time and results are taken in
submission order, so memory does not grow with the input and the order is kept.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, Literal, TypeVar, overload

from origin_rules.batch.parse import to_applicant
from origin_rules.batch.records import PayloadKind, RecordError, SourceRecord
from origin_rules.batch.rows import DecisionRow, decide_row
from origin_rules.batch.writers import Encoded
from origin_rules.decide import decide_origin
from origin_rules.decision import Decision
from origin_rules.divisions.registry import default_registry
from origin_rules.engines import check_engine, engine_for
from origin_rules.errors import InvalidOptionError
from origin_rules.facts import Applicant
from origin_rules.ruleset.bundled import bundled_readings, bundled_rulesets
from origin_rules.verdict import Verdict, decide_verdict

T = TypeVar("T")
Result = Decision | Verdict | DecisionRow | RecordError
Item = Applicant | Mapping[str, Any] | str | bytes | SourceRecord
# Applied to each result where it is decided (in the worker): what travels back.
Encode = Callable[[SourceRecord, int, Result], T]

DEFAULT_CHUNK_SIZE = 200
IN_FLIGHT_PER_WORKER = 3


@dataclass(frozen=True)
class BatchOptions:
    """The options every record of a batch is decided with (see `decide_origin`)."""

    engine: str = "durable"
    decision_date: date | None = None
    interpretations: tuple[tuple[str, str], ...] = ()
    verdict_only: bool = False  # a Verdict per record instead of the explained Decision
    # A `DecisionRow` per record instead of the Decision: the values of a CSV row only
    # (set by the command for CSV output; the row is the one the Decision would give).
    row_only: bool = False


@overload
def decide_many(
    applicants: Iterable[Item],
    *,
    engine: str = ...,
    decision_date: date | None = ...,
    interpretations: Mapping[str, str] | None = ...,
    workers: int = ...,
    chunk_size: int = ...,
    verdict_only: Literal[False] = ...,
) -> Iterator[Decision | RecordError]: ...


@overload
def decide_many(
    applicants: Iterable[Item],
    *,
    engine: str = ...,
    decision_date: date | None = ...,
    interpretations: Mapping[str, str] | None = ...,
    workers: int = ...,
    chunk_size: int = ...,
    verdict_only: Literal[True],
) -> Iterator[Verdict | RecordError]: ...


def decide_many(
    applicants: Iterable[Item],
    *,
    engine: str = "durable",
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    verdict_only: bool = False,
) -> Iterator[Decision | RecordError] | Iterator[Verdict | RecordError]:
    """Decide every applicant, yielding one result per input item, in input order.

    Each item is an `Applicant`, a mapping of its fields, its JSON text (str or bytes),
    or a `SourceRecord` from `read_jsonl` / `read_csv`. A record that cannot be decided
    (invalid JSON, malformed facts, an unreadable CSV cell) yields a `RecordError` in its
    place, naming its position, its line where known, and each problem with its field
    path; nothing is raised for it and nothing is skipped.

    The input is read lazily, `chunk_size` records at a time, so an input of any length
    runs in flat memory. `workers` > 1 decides chunks in that many processes; the
    results are the same as with one. The options are checked before anything is read:
    an unknown engine or interpretation raises `InvalidOptionError` at the call.
    `verdict_only=True` yields a `Verdict` (`decide_verdict`) instead of each explained
    `Decision`: several times faster, for screening; explain the records it flags.
    """
    options = BatchOptions(
        engine,
        decision_date,
        tuple(sorted((interpretations or {}).items())),
        verdict_only,
    )
    check_options(options)
    check_sizes(workers, chunk_size)
    # The overloads say which kind of result each call yields; the run yields either.
    results: Iterator[Any] = decide_encoded(applicants, options, workers, chunk_size, keep_result)
    return results


def keep_result(record: SourceRecord, position: int, result: Result) -> Result:
    return result


def check_options(options: BatchOptions) -> None:
    """Raise `InvalidOptionError` for an engine or interpretation no bundled ruleset has."""
    check_engine(options.engine)
    declared = bundled_readings()
    for interp_id, reading in options.interpretations:
        if reading not in declared.get(interp_id, ()):
            raise InvalidOptionError(
                f"interpretations.{interp_id}: {reading!r} is not a reading the bundled "
                f"rulesets declare ({ {k: sorted(v) for k, v in sorted(declared.items())} })"
            )


def check_sizes(workers: int, chunk_size: int) -> None:
    if workers < 1:
        raise InvalidOptionError(f"workers: expected at least 1, got {workers}")
    if chunk_size < 1:
        raise InvalidOptionError(f"chunk_size: expected at least 1, got {chunk_size}")


def decide_encoded(
    items: Iterable[Item],
    options: BatchOptions,
    workers: int,
    chunk_size: int,
    encode: Encode[T],
    *,
    skip: int = 0,
) -> Generator[T, None, None]:
    """The generic batch: `encode` turns each result into what is yielded (in the worker,
    when there is a pool). Close the generator to stop early: the pool is ended. The
    first `skip` items are read but not decided (a resumed run): the others keep their
    positions."""
    check_sizes(workers, chunk_size)
    chunks = _chunks(items, chunk_size, skip)
    if workers == 1:
        _warm_up(options)
        for start, chunk in chunks:
            yield from decide_chunk(start, chunk, options, encode)
        return
    yield from _in_pool(chunks, options, workers, encode)


def _chunks(
    items: Iterable[Item], size: int, skip: int = 0
) -> Iterator[tuple[int, list[SourceRecord]]]:
    iterator = iter(items)
    start = sum(1 for _ in islice(iterator, skip))
    while chunk := [as_source(item) for item in islice(iterator, size)]:
        yield start, chunk
        start += len(chunk)


def as_source(item: Item) -> SourceRecord:
    if isinstance(item, SourceRecord):
        return item
    if isinstance(item, Applicant):
        return SourceRecord(None, "applicant", item)
    if isinstance(item, str | bytes):
        return SourceRecord(None, "json", item)
    return SourceRecord(None, "mapping", item)


def decide_chunk(
    start: int, chunk: list[SourceRecord], options: BatchOptions, encode: Encode[T]
) -> list[T]:
    """Decide one chunk whose first record is at `start`; one encoded result each."""
    readings = dict(options.interpretations)
    out: list[T] = []
    for offset, record in enumerate(chunk):
        position = start + offset
        applicant = to_applicant(position, record)
        result: Result
        if isinstance(applicant, RecordError):
            result = applicant
        else:
            try:
                decide = (
                    decide_verdict
                    if options.verdict_only
                    else decide_row
                    if options.row_only
                    else decide_origin
                )
                result = decide(
                    applicant,
                    decision_date=options.decision_date,
                    interpretations=readings,
                    engine=options.engine,
                )
            except InvalidOptionError as exc:
                # A reading another bundled ruleset declares, but not the applicant's.
                result = RecordError(
                    position=position, line=record.line, kind="invalid_option", message=str(exc)
                )
        out.append(encode(record, position, result))
    return out


def _warm_up(options: BatchOptions) -> None:
    """Compile the engine and read the division data before the first record, so the
    first chunk is not slow and an engine that cannot run fails once, here."""
    for ruleset in bundled_rulesets().values():
        engine_for(ruleset, options.engine)
    default_registry().full_name("110000", date(2000, 1, 1))


# --- the process pool -------------------------------------------------------------------

_worker_options: BatchOptions | None = None
_worker_encode: Any = None


def _init_worker(options: BatchOptions, encode: Encode[Any], parent: int) -> None:
    global _worker_options, _worker_encode
    # Ctrl-C goes to the whole process group: the parent decides when to stop, and the
    # workers must not die half-way through a chunk with a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_options, _worker_encode = options, encode
    # The parent's pid comes from the parent: a worker still importing when its parent
    # was killed would otherwise take its new parent's pid for the parent's and outlive it.
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _warm_up(options)


def _exit_with_parent(parent: int, every: float = 0.5) -> None:
    """A worker whose parent died (SIGKILL, a crash) is re-parented: it exits then, not
    holding its chunk, the pool's pipes and the resource tracker alive for ever."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


# What crosses between the processes is plain tuples where it can be: a dataclass is
# pickled as its class and a dict of its fields, a tuple in C; for a chunk of records in
# and of encoded lines out that is about 5 against 1.5 microseconds a record, most of it
# in the parent, which reads, forwards and writes for every worker.
_Row = tuple[int | None, PayloadKind, Any]  # a SourceRecord's fields


def _work(start: int, rows: list[_Row]) -> tuple[bool, list[Any]]:
    """Decide one chunk in a worker: (True, each `Encoded` as its fields) when every
    result is an `Encoded` (the command's lines), else (False, the results)."""
    assert _worker_options is not None
    chunk = [SourceRecord(*row) for row in rows]
    results = decide_chunk(start, chunk, _worker_options, _worker_encode)
    if all(type(r) is Encoded for r in results):
        return True, [r.fields() for r in results]
    return False, results


def _unpack(done: Future[tuple[bool, list[Any]]]) -> list[Any]:
    packed, results = done.result()
    return [Encoded(*r) for r in results] if packed else results


def _in_pool(
    chunks: Iterator[tuple[int, list[SourceRecord]]],
    options: BatchOptions,
    workers: int,
    encode: Encode[T],
) -> Iterator[T]:
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(options, encode, os.getpid()),
    )
    finished = False
    try:
        # Pool.map would read the whole input ahead; a bounded queue of pending chunks,
        # taken in order, keeps memory flat and the output in input order.
        pending: deque[Future[tuple[bool, list[Any]]]] = deque()
        limit = workers * IN_FLIGHT_PER_WORKER
        for start, chunk in chunks:
            rows = [(r.line, r.kind, r.payload) for r in chunk]
            pending.append(pool.submit(_work, start, rows))
            if len(pending) >= limit:
                yield from _unpack(pending.popleft())
        while pending:
            yield from _unpack(pending.popleft())
        finished = True
    finally:
        # When the caller stops early (or a chunk failed), the chunks not started are
        # dropped and those running are let finish: the workers then exit cleanly.
        pool.shutdown(wait=True, cancel_futures=not finished)
