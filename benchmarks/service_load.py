"""A bounded load run of `origin-rules serve` over loopback, beside the in-process rate.

    python benchmarks/service_load.py [--requests 600] [--concurrency 8] [--workers 2]
                                      [--batch-records 2000] [--seed 2022]

Starts the service (`--workers` processes, durable engine, no decision log) on a free
loopback port and waits for /healthz; then, with `--concurrency` requests in flight
(httpx, asyncio, one client), sends `--requests` POSTs of generated applicants
(benchmarks/engines.py's generator) to /v1/verdicts and to /v1/decisions, and prints
requests per second and the p50 and p99 latency of each; then one POST of
`--batch-records` applicants as JSON Lines to /v1/decisions:batch, in records per
second. Beside each: the same calls in this process, one core (`decide_verdict`,
`decide_origin`, `decide_many`). Every answer is checked (status 200, one line per
record). The load generator runs on the same machine as the service and takes a share
of its cores: on a 2-core machine the figures are a floor, not a capacity.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
from engines import generate

from origin_rules import decide_many, decide_origin, decide_verdict

SRC = Path(__file__).resolve().parents[1] / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "origin_rules.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the service exited with {process.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the service did not answer /healthz within 120 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def _load(url: str, bodies: Sequence[bytes], concurrency: int) -> tuple[float, list[float]]:
    """(seconds for all, each request's latency in seconds)."""
    latencies: list[float] = []
    queue = list(reversed(bodies))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def worker() -> None:
            while queue:
                body = queue.pop()
                started = time.perf_counter()
                r = await client.post(url, content=body)
                latencies.append(time.perf_counter() - started)
                if r.status_code != 200:
                    raise SystemExit(f"{url}: {r.status_code} {r.text[:200]}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


def _in_process(call: Callable[[Any], object], items: Sequence[Any]) -> float:
    # Warm: the first call loads the ruleset and compiles the engine, which the service's
    # workers have done before their first timed request too.
    call(items[0])
    started = time.perf_counter()
    for item in items:
        call(item)
    return len(items) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-records", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()

    applicants = generate(max(args.requests, args.batch_records), args.seed)
    as_json = [a.model_dump(mode="json") for a in applicants]
    bodies = [json.dumps(a, ensure_ascii=False).encode() for a in as_json]
    print(
        f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
        f"service: {args.workers} workers, durable engine; load: {args.concurrency} in "
        f"flight, on the same machine"
    )

    process, url = start(args.workers)
    try:
        # A short warm-up: each worker's first requests are slower.
        asyncio.run(_load(url + "/v1/verdicts", bodies[:50], args.concurrency))
        rows = []
        for path, call in (("/v1/verdicts", decide_verdict), ("/v1/decisions", decide_origin)):
            sent = bodies[: args.requests]
            seconds, latencies = asyncio.run(_load(url + path, sent, args.concurrency))
            local = _in_process(call, as_json[: min(args.requests, 300)])
            rows.append(
                f"POST {path:<16} {len(sent) / seconds:8.1f} req/s   p50 "
                f"{_percentile(latencies, 50) * 1000:6.1f} ms   p99 "
                f"{_percentile(latencies, 99) * 1000:6.1f} ms   in-process, 1 core: "
                f"{local:8.1f} /s"
            )
        batch = b"".join(b + b"\n" for b in bodies[: args.batch_records])
        started = time.perf_counter()
        with httpx.Client(timeout=600) as client:
            r = client.post(url + "/v1/decisions:batch", content=batch)
        seconds = time.perf_counter() - started
        lines = r.text.count("\n")
        if r.status_code != 200 or lines != args.batch_records:
            raise SystemExit(f"batch: {r.status_code}, {lines} lines for {args.batch_records}")
        local_started = time.perf_counter()
        decided = sum(1 for _ in decide_many(as_json[: args.batch_records]))
        local = decided / (time.perf_counter() - local_started)
        rows.append(
            f"POST /v1/decisions:batch {args.batch_records / seconds:8.1f} records/s "
            f"({args.batch_records} in one request)   in-process decide_many, 1 core: "
            f"{local:8.1f} /s"
        )
    finally:
        stop(process)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
