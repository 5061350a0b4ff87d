"""A strict reading of the HTML reports: what a printed report, and a browser without a
network, can rely on. Import it as `from html_check import check_page`.

`check_page(text)` parses a page with the standard library's `html.parser` and raises
`MalformedReport` on the first thing a report must not have: a tag closed out of order
or never closed, an end tag with no start, a second <html>, <head> or <body>, a
duplicated id, a script, an event-handler attribute, anything fetched (a `src`, a link
that is not to a fragment of this page, a fragment that names no id, an http(s) or
protocol-relative URL anywhere, a CSS `url()` or `@import` of anything but a fragment).
Each <svg> is also read as XML (xml.etree), so the drawing is well formed as SVG too.
What it found (the articles, their SVGs, bars and rows) comes back as a `Page`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# SVG elements written self-closing (<rect .../>): html.parser reports them as such.
ONCE = ("html", "head", "body")
URL = re.compile(r"(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)")


class MalformedReport(AssertionError):
    pass


@dataclass
class Article:
    classes: str
    svgs: int = 0
    hukou_bars: list[dict[str, str]] = field(default_factory=list)
    record_rows: list[str] = field(default_factory=list)  # their ids
    checklist_items: int = 0


@dataclass
class Page:
    doctype: bool = False
    title: str = ""
    articles: list[Article] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    fragments: list[str] = field(default_factory=list)
    svg_sources: list[str] = field(default_factory=list)


class _Strict(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.seen: dict[str, int] = {}
        self.in_title = False
        self.in_style = False
        self.checklists = 0

    def fail(self, message: str) -> None:
        line, column = self.getpos()
        raise MalformedReport(f"line {line}, column {column}: {message}")

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html":
            self.fail(f"unexpected declaration {decl!r}")
        self.page.doctype = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "title" and "svg" not in self.stack:
            self.in_title = True
        if tag == "style":
            self.in_style = True
        values = dict(attrs)
        classes = values.get("class") or ""
        if tag == "article":
            self.page.articles.append(Article(classes))
        article = self.page.articles[-1] if self.page.articles else None
        if tag == "svg" and article is not None:
            article.svgs += 1
        if tag == "tr" and "record" in classes.split() and article is not None:
            article.record_rows.append(values.get("id") or "")
        if tag == "ul" and "checklist" in classes.split():
            self.checklists += 1
        if tag == "li" and self.checklists and self.stack[-2:-1] == ["ul"] and article:
            article.checklist_items += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag in VOID:
            return
        if "svg" not in self.stack:
            self.fail(f"<{tag}/> outside an <svg>: HTML has no self-closing {tag}")

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ONCE:
            self.seen[tag] = self.seen.get(tag, 0) + 1
            if self.seen[tag] > 1:
                self.fail(f"a second <{tag}>")
        if tag in ("script", "iframe", "object", "embed", "img", "link", "base"):
            self.fail(f"<{tag}> in a self-contained report")
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.fail(f"<{tag}> repeats an attribute: {names}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.fail(f"<{tag} {name}>: an event handler")
            if name in ("src", "srcset", "action", "formaction", "xlink:href"):
                self.fail(f"<{tag} {name}={value!r}>: something to fetch")
            if name == "href":
                if not value.startswith("#"):
                    self.fail(f"<{tag} href={value!r}>: a link off the page")
                self.page.fragments.append(value[1:])
            if URL.search(value):
                self.fail(f"<{tag} {name}={value!r}>: a URL")
            for target in CSS_URL.findall(value):
                if not target.startswith("#"):
                    self.fail(f"<{tag} {name}>: url({target}) is not a fragment")
            if name == "id":
                if value in self.page.ids:
                    self.fail(f"id {value!r} twice")
                self.page.ids.add(value)
        if tag == "rect":
            values = {k: v or "" for k, v in attrs}
            if "hukou-bar" in values.get("class", "").split() and self.page.articles:
                self.page.articles[-1].hukou_bars.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.fail(f"</{tag}>: a void element has no end tag")
        if not self.stack:
            self.fail(f"</{tag}> with nothing open")
        if self.stack[-1] != tag:
            self.fail(f"</{tag}> closes <{self.stack[-1]}> (open: {self.stack})")
        self.stack.pop()
        if tag == "title":
            self.in_title = False
        if tag == "style":
            self.in_style = False
        if tag == "ul" and self.checklists:
            self.checklists = max(0, self.checklists - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
        if URL.search(data) and not self.in_style:
            self.fail(f"a URL in the text: {data.strip()[:80]!r}")
        if self.in_style:
            if "@import" in data:
                self.fail("@import in the stylesheet")
            for target in CSS_URL.findall(data):
                if not target.startswith("#"):
                    self.fail(f"url({target}) in the stylesheet")
            if URL.search(data):
                self.fail("a URL in the stylesheet")


def check_page(text: str) -> Page:
    """The page read strictly (see the module's text); raises `MalformedReport`."""
    parser = _Strict()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise MalformedReport(f"never closed: {parser.stack}")
    page = parser.page
    if not page.doctype:
        raise MalformedReport("no <!DOCTYPE html>")
    for tag in ONCE:
        if parser.seen.get(tag) != 1:
            raise MalformedReport(f"<{tag}> missing")
    for fragment in page.fragments:
        if fragment not in page.ids:
            raise MalformedReport(f"a link to #{fragment}, which no element has as its id")
    for source in re.findall(r"<svg\b.*?</svg>", text, flags=re.DOTALL):
        try:
            ET.fromstring(source)
        except ET.ParseError as exc:
            raise MalformedReport(f"an <svg> that is not well-formed XML: {exc}") from None
        page.svg_sources.append(source)
    return page
