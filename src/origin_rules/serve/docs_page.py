"""`/docs`: the API for people, as one self-contained page drawn from the OpenAPI
document (no script, no style sheet or font from elsewhere: the service often runs
where there is no outside network, and FastAPI's Swagger UI loads from a CDN)."""

from __future__ import annotations

import html
import json
from typing import Any

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#222}
h2{border-bottom:1px solid #ccc;margin-top:2rem}
.op{border:1px solid #ddd;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
.method{font-weight:bold;display:inline-block;min-width:4rem}
code{background:#f4f4f4;padding:0 .2rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
"""


def docs_page(doc: dict[str, Any]) -> str:
    info = doc.get("info", {})
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(info.get('title', 'API'))} API</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_e(info.get('title', 'API'))} {_e(info.get('version', ''))}</h1>",
        f"<p>{_e(info.get('description', ''))}</p>",
        '<p>The machine-readable document: <a href="/openapi.json"><code>/openapi.json'
        "</code></a> (OpenAPI 3; load it into any OpenAPI tool).</p>",
        "<h2>Endpoints</h2>",
    ]
    for path, methods in doc.get("paths", {}).items():
        for method, op in methods.items():
            parts.append(_operation(path, method, op))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    rows = [
        f'<div class="op"><span class="method">{_e(method.upper())}</span> <code>{_e(path)}</code>',
        f"<p>{_e(op.get('summary', ''))}</p>",
    ]
    params = op.get("parameters", [])
    if params:
        rows.append("<table><tr><th>query</th><th>type</th><th>default</th><th></th></tr>")
        for p in params:
            schema = p.get("schema", {})
            rows.append(
                f"<tr><td><code>{_e(p.get('name', ''))}</code></td>"
                f"<td>{_e(_type(schema))}</td>"
                f"<td>{_e(json.dumps(schema['default'], ensure_ascii=False)) if 'default' in schema else ''}</td>"
                f"<td>{_e(p.get('description', ''))}</td></tr>"
            )
        rows.append("</table>")
    body = op.get("requestBody", {}).get("content", {})
    for media, spec in body.items():
        ref = spec.get("schema", {}).get("$ref", "")
        rows.append(f"<p>Body: <code>{_e(media)}</code> {_e(ref.rsplit('/', 1)[-1])}</p>")
    codes = ", ".join(sorted(op.get("responses", {})))
    rows.append(f"<p>Answers: {_e(codes)}</p></div>")
    return "\n".join(rows)


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(_type(s) for s in schema[key])
    if schema.get("type") == "array":
        return f"{_type(schema.get('items', {}))}, repeatable"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return str(schema.get("format", schema.get("type", "")))


def _e(text: object) -> str:
    return html.escape(str(text))
