"""docs/service.md shows requests to the service as `curl` commands with what they
print; each is run here against the running service and must print what is shown.

A command is `$ curl ... URL` (with `-X METHOD`, `--data-binary @FILE` or `-d 'TEXT'`),
optionally piped to `python3 -m json.tool --no-ensure-ascii`; FILE is a repository path,
or a file the page shows in a block headed `<!-- file: NAME -->`. After a change the
shown outputs are rewritten with ORIGIN_RULES_UPDATE_GOLDEN=1 (as tests/test_golden.py):
read the diff before committing it."""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import Service

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "service.md"
UPDATE = os.environ.get("ORIGIN_RULES_UPDATE_GOLDEN") == "1"
PRETTY = "python3 -m json.tool --no-ensure-ascii"
FILE_BLOCK = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```\n", re.S)
CONSOLE = re.compile(r"```console\n\$ (curl [^\n]*)\n(.*?)```\n", re.S)


@dataclass(frozen=True)
class Shown:
    command: str
    output: str
    span: tuple[int, int]  # of the output in the page


def _page() -> str:
    return DOC.read_text(encoding="utf-8")


def _shown(page: str) -> list[Shown]:
    return [Shown(m[1], m[2], m.span(2)) for m in CONSOLE.finditer(page)]


def run(command: str, service: Service, files: dict[str, str]) -> str:
    """What the command prints, run against `service`."""
    curl, _, pipe = command.partition(" | ")
    assert pipe in ("", PRETTY), f"unsupported pipe: {pipe}"
    args = shlex.split(curl)[1:]
    method, body, url = "GET", b"", ""
    while args:
        arg = args.pop(0)
        if arg == "-s":
            continue
        if arg == "-X":
            method = args.pop(0)
        elif arg in ("-d", "--data-binary"):
            data = args.pop(0)
            if data.startswith("@"):
                name = data[1:]
                body = files[name].encode() if name in files else (ROOT / name).read_bytes()
            else:
                body = data.encode()
            method = "POST" if method == "GET" else method
        else:
            assert not url, f"unexpected argument {arg!r} in {command!r}"
            url = arg
    parts = urlsplit(url)
    target = service.url + parts.path + (f"?{parts.query}" if parts.query else "")
    response = httpx.request(method, target, content=body, timeout=60)
    if pipe:
        return json.dumps(response.json(), ensure_ascii=False, indent=4) + "\n"
    return response.text if response.text.endswith("\n") else response.text + "\n"


def test_the_page_shows_requests_and_their_outputs() -> None:
    shown = _shown(_page())
    assert len(shown) >= 5
    assert any("/v1/decisions:batch" in s.command for s in shown)
    assert any("format=text" in s.command for s in shown)


def test_every_shown_output_is_what_the_service_gives(service: Service) -> None:
    page = _page()
    files = {name: text for name, text in FILE_BLOCK.findall(page)}
    stale: list[str] = []
    updated = page
    for shown in reversed(_shown(page)):  # from the end: spans stay valid
        got = run(shown.command, service, files)
        if got != shown.output:
            stale.append(shown.command)
            start, end = shown.span
            updated = updated[:start] + got + updated[end:]
    if stale and UPDATE:
        DOC.write_text(updated, encoding="utf-8")
        pytest.skip(f"rewrote {len(stale)} output(s) in {DOC.name}: check the diff")
    assert not stale, f"outputs no longer what the service gives: {stale}"
