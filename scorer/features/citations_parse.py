"""Parsing citations out of an article: in-text markers, reference lists, inline links.

What counts as a reference:
* a numbered entry: ``[3] https://…`` (also several on one line, as LLM answers paste them),
  ``3. Title – https://…`` / ``3) …`` lines, Markdown footnotes ``[^3]: https://…``;
* any line with a URL under a "References"/"Sources"/"Citations"/"Notes" heading;
* a bare URL or a Markdown link ``[text](https://…)`` in the prose;
* an HTML anchor (``article.meta["links"]``: href + the span of its text in the body).
Markers are ``[1]``, ``[2][3]``, ``[1, 4]``, ``[2–5]``, superscript digits after a word, and
``(Source: X)`` parentheses.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from ..text import LiteralGate, fold_case
from .citations_urls import UrlInfo, find_urls, parse_url

_HEADING_RE = re.compile(
    r"^[ \t#*]*(?:references|sources|citations|notes|bibliography|works cited|sources and references|"
    r"footnotes|further reading)[ \t*]*:?[ \t]*$", re.I | re.M)
# A text without any heading word ("references", "notes", ...) has no such heading: the
# multi-line scan (~15 µs on 3 KB, the engine tries "^" at every position) is skipped.
_HEADING_GATE = LiteralGate.of([_HEADING_RE.pattern], _HEADING_RE.flags)
_DEF_RE = re.compile(r"\[\^?(\d{1,3})\][ \t]*:?[ \t]*(?=https?://|www\.)", re.I)
_NUM_LINE_RE = re.compile(r"^[ \t]*(?:\[(\d{1,3})\]|\^?(\d{1,3})[.)])[ \t]+", re.M)
# "[n] " at the start of a line followed by at least three words: a bibliographic entry.
# (Whitespace-separated tokens, not a lazy scan: that was quadratic on a long line.)
_TEXT_ENTRY_RE = re.compile(r"^[ \t]*\[(\d{1,3})\][ \t]+(?=[^\W\d_]\S*[ \t]+\S+[ \t]+\S)", re.M)
# "n." / "n)" (and Wikipedia's "n. ^") then a word: a numbered entry without URL (see parse_citations).
_NUM_TEXT_ENTRY_RE = re.compile(r"^[ \t]*(\d{1,3})[.)][ \t]+(?:\^[ \t]*)?(?=[^\W\d_]|[\"“'‘])", re.M)
_MARKER_RE = re.compile(r"\[(\d{1,3}(?:[ \t]*[,;–\-][ \t]*\d{1,3}){0,8})\]")
# Superscript markers after a word or punctuation. The first superscript comes before the
# lookbehind that checks what precedes it ("X(?<=LX)" for "(?<=L)X": the same spans), so the
# engine skips to superscripts instead of trying the lookbehind at every position.
_SUPER_RE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰](?<=[A-Za-z.,;:)\"”’][¹²³⁴⁵⁶⁷⁸⁹⁰])[¹²³⁴⁵⁶⁷⁸⁹⁰]{0,2}")
_SUPER_MAP = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_SOURCE_PAREN_RE = re.compile(r"\((?:source|sources|via)[ \t]*:[ \t]*([^()\n]{1,120})\)", re.I)
_MD_LINK_RE = re.compile(r"\[([^\[\]\n]{1,300})\]\((https?://[^\s()]{1,2000})\)")


@dataclass
class Reference:
    url: str
    start: int  # span in the body that shows the reference (URL text, or anchor text)
    end: int
    origin: str  # "list" | "inline" | "markdown" | "anchor"
    info: UrlInfo
    label: Optional[int] = None
    cited_in: list[tuple[int, int]] = field(default_factory=list)  # sentence spans that cite it

    def to_dict(self) -> dict:
        return {"label": self.label, "url": self.url, "start": self.start, "end": self.end,
                "origin": self.origin, **self.info.to_dict()}


@dataclass(frozen=True)
class Marker:
    labels: tuple[int, ...]
    start: int
    end: int


@dataclass
class Citations:
    references: list[Reference]
    markers: list[Marker]
    source_parens: list[tuple[int, int, str]]
    list_start: Optional[int]  # where the reference section/list starts (None: no list)
    # Labels of "[n] Author, Title. Journal 2015" lines: references without a URL. A marker
    # citing one is not dangling (the checks on URLs have nothing to read in them).
    text_entries: frozenset = frozenset()

    @property
    def list_refs(self) -> list[Reference]:
        return [r for r in self.references if r.origin == "list"]


def _expand(spec: str) -> tuple[int, ...]:
    """The reference numbers of a bracket ("1, 3-5" -> 1, 3, 4, 5), or () when the bracket is
    not a citation: numbered references start at 1 and a marker lists them in increasing order,
    so "[0,0]" or "[1,1]" (coordinates, scores, matrix indices in a human ru-en report) is not
    one."""
    out: list[int] = []
    for part in re.split(r"[ \t]*[,;][ \t]*", spec.strip()):
        rng = re.split(r"[ \t]*[–\-][ \t]*", part)
        if len(rng) == 2 and rng[0].isdigit() and rng[1].isdigit():
            a, b = int(rng[0]), int(rng[1])
            if 0 < b - a <= 20:
                out.extend(range(a, b + 1))
                continue
        out.extend(int(x) for x in rng if x.isdigit())
    if any(b <= a for a, b in zip(out, out[1:])) or (out and out[0] < 1):
        return ()
    return tuple(out)


class SentenceIndex:
    """Maps a character offset to the sentence that holds it."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def at(self, pos: int) -> Optional[tuple[int, int]]:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1] + 1:
            return self.spans[i]
        return None

    def before(self, pos: int) -> Optional[tuple[int, int]]:
        i = bisect.bisect_right(self.starts, pos) - 2
        return self.spans[i] if i >= 0 else None


def _anchor_span(body: str, link: dict) -> Optional[tuple[int, int]]:
    s, e, text = link.get("start"), link.get("end"), (link.get("text") or "").strip()
    if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(body):
        if not text or body[s:e].strip() == text or text in body[s:e]:
            return s, e
    if text:  # offsets drifted (body stripped after conversion): look near the given place
        guess = s if isinstance(s, int) else 0
        lo = max(0, guess - 200)
        k = body.find(text, lo, min(len(body), guess + len(text) + 200))
        if k < 0:
            k = body.find(text)
        if k >= 0:
            return k, k + len(text)
    return None


def parse_citations(body: str, links: Optional[list] = None) -> Citations:
    refs: list[Reference] = []
    # Characters inside URL spans already used. Was a list of spans scanned for every URL:
    # quadratic on 1 MB of "[1] https://…" lines (a minute); a mark per character is O(1).
    taken = bytearray(len(body) + 1)

    def is_taken(x: int) -> bool:
        return 0 <= x < len(taken) and bool(taken[x])

    def add(url: str, s: int, e: int, origin: str, label: Optional[int] = None) -> None:
        refs.append(Reference(url=url, start=s, end=e, origin=origin, info=parse_url(url), label=label))
        taken[max(0, s):max(0, e)] = b"\x01" * max(0, min(e, len(taken)) - max(0, s))

    heading = None
    for m in _HEADING_RE.finditer(body) if _HEADING_GATE.may_match(fold_case(body)) else ():
        heading = m  # the last such heading: reference sections come at the end
    list_start: Optional[int] = heading.start() if heading else None

    # 1. "[n] URL" definitions anywhere (several may share a line).
    defs = list(_DEF_RE.finditer(body))  # read again for the markers below
    for m in defs:
        urls = find_urls(body, m.end(), min(len(body), m.end() + 2100))
        if urls and urls[0][0] == m.end():
            s, e, u = urls[0]
            add(u, s, e, "list", int(m.group(1)))
            list_start = m.start() if list_start is None else min(list_start, m.start())
    # 2. numbered lines with a URL ("3. Title. https://…").
    num_lines = list(_NUM_LINE_RE.finditer(body))  # read again for the markers below
    for m in num_lines:
        line_end = body.find("\n", m.end())
        line_end = len(body) if line_end < 0 else line_end
        if line_end - m.start() > 600:
            continue
        for s, e, u in find_urls(body, m.end(), line_end):
            if not is_taken(s):
                add(u, s, e, "list", int(m.group(1) or m.group(2)))
                list_start = m.start() if list_start is None else min(list_start, m.start())
            break
    # 3. Markdown links, then every other URL: in a reference section they are list entries.
    for m in _MD_LINK_RE.finditer(body):
        s, e = m.span(2)
        if not is_taken(s):
            origin = "list" if heading is not None and s > heading.start() else "markdown"
            add(m.group(2), s, e, origin)
    for s, e, u in find_urls(body):
        if is_taken(s):
            continue
        origin = "list" if heading is not None and s > heading.start() else "inline"
        add(u, s, e, origin)
    # 4. HTML anchors carried over from WordPress/JSON content.
    for link in links or []:
        href = link.get("href") if isinstance(link, dict) else None
        if not isinstance(href, str) or not re.match(r"https?://", href, re.I):
            continue
        span = _anchor_span(body, link)
        if span is None or is_taken(span[0]):
            continue
        add(href, span[0], span[1], "anchor")

    # Markers: not the labels of list entries themselves.
    in_def = bytearray(len(body) + 1)
    for m in defs:
        in_def[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    line_label_starts = set()
    for m in num_lines:
        if m.group(1):
            line_label_starts.add(body.find("[", m.start()))
    markers: list[Marker] = []
    for m in _MARKER_RE.finditer(body):
        if in_def[m.start()] or m.start() in line_label_starts:
            continue
        if body[m.end():m.end() + 1] == "(":  # a Markdown link text "[12](…)"
            continue
        labels = _expand(m.group(1))
        if labels:
            markers.append(Marker(labels, m.start(), m.end()))
    for m in (() if body.isascii() else _SUPER_RE.finditer(body)):  # superscripts are not ASCII
        labels = (int(m.group().translate(_SUPER_MAP)),)
        markers.append(Marker(labels, m.start(), m.end()))
    markers.sort(key=lambda mk: mk.start)
    parens = [(m.start(), m.end(), m.group(1).strip()) for m in _SOURCE_PAREN_RE.finditer(body)]
    refs.sort(key=lambda r: r.start)
    with_url = {r.label for r in refs if r.label is not None}
    # Every entry holds a "[" (most news holds none: the scan of every line start is skipped).
    entries = frozenset(int(m.group(1)) for m in (_TEXT_ENTRY_RE.finditer(body) if "[" in body else ()))
    if heading is not None:
        # Under a "References" heading, "1. Smith J (2019) …" / "2. ^ "Title". BBC News." lines
        # are entries too (a science story's or a Wikipedia page's list, no URL): their markers
        # were read as dangling. Not before the heading, where "1." lists are the story's own.
        entries |= {int(m.group(1)) for m in _NUM_TEXT_ENTRY_RE.finditer(body, heading.end())}
    entries = frozenset(entries) - with_url
    return Citations(references=refs, markers=markers, source_parens=parens, list_start=list_start,
                     text_entries=entries)
