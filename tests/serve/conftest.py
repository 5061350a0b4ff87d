"""The service run for real: `origin-rules serve` in a subprocess on a free loopback
port, started once per test process and stopped at its end, called over HTTP with
httpx. Its log (stdout and stderr) and decision log are kept in files the tests read."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import origin_rules

SRC = Path(origin_rules.__file__).resolve().parents[1]
BATCH_LIMIT_MB = 1  # small, so the batch's 413 is reached with a small body
STARTUP_SECONDS = 60.0


@dataclass(frozen=True)
class Service:
    url: str
    log: Path  # stdout and stderr of the server
    decision_log: Path
    process: subprocess.Popen[bytes]

    def client(self, timeout: float = 30.0) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=timeout)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8") + self.decision_log.read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_service(folder: Path, *extra: str) -> Service:
    port = free_port()
    log = folder / "server.log"
    decision_log = folder / "decisions.jsonl"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "origin_rules.cli",
                "serve",
                "--port",
                str(port),
                "--decision-log",
                str(decision_log),
                "--batch-limit-mb",
                str(BATCH_LIMIT_MB),
                *extra,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    service = Service(f"http://127.0.0.1:{port}", log, decision_log, process)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited ({process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(service.url + "/healthz", timeout=2).status_code == 200:
                return service
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            stop_service(service)
            raise RuntimeError(f"the service did not answer /healthz:\n{log.read_text()}")
        time.sleep(0.2)


def stop_service(service: Service) -> None:
    service.process.send_signal(signal.SIGTERM)
    try:
        service.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        service.process.kill()
        service.process.wait()


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    running = start_service(tmp_path_factory.mktemp("service"))
    try:
        yield running
    finally:
        stop_service(running)


@pytest.fixture
def client(service: Service) -> Iterator[httpx.Client]:
    with service.client() as c:
        yield c
