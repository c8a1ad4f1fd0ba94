"""HTML renderings of report rows: one renderer, two doors.

The same functions render a report row (the dict written to JSONL, see README "Report schema")
for the notebook (``Report._repr_html_``, :class:`ReportView`, :func:`side_by_side`) and for the
self-contained batch page (``spinscore batch DIR --out rows.jsonl --html report.html`` and
``spinscore report rows.jsonl --html report.html``).

Decisions
---------
* **Escaping.** Everything that comes from an article (title, path, snippets, reasons, body,
  error text, cluster ids) goes through :func:`html.escape` before it reaches markup; nothing
  from a row is ever placed in markup unescaped. The batch page embeds its data as JSON inside
  ``<script type="application/json">`` (never executed) with ``<``, ``>``, ``&``, U+2028 and
  U+2029 written as ``\\uXXXX`` escapes, so no string can close the element. The page's own
  script is allowed by a Content-Security-Policy hash; any other script (and any network
  request) is refused by the browser even if an escaping bug slipped through.
* **Where the body comes from.** Evidence spans are offsets into the article body, which a
  JSONL row does not carry by default. The renderer takes ``row["body"]`` when present
  (``Report.to_dict(include_body=True)``, as ``Report._repr_html_`` does); otherwise it re-reads
  the file at ``row["path"]`` (as given, then relative to each folder in ``base``) through the
  normal ingestion (in ``--fast-html`` mode when the row's caveats say it was scored so), and
  uses it **only if the bytes' SHA-256 equals the row's ``sha256``**.
  Rows therefore stay small on disk, ``spinscore report`` works on any existing batch, and a
  file that changed or vanished since scoring gives a panel without highlights (with a note)
  rather than wrong highlights. Stdin rows (``-``) are never re-read.
* **Overlapping spans** are split at every span boundary into non-overlapping segments; each
  segment is one ``<mark>`` carrying all covering reasons (``title``: shown on hover, read as
  the accessible description, and shown by a CSS pop-up on keyboard focus; ``data-n`` numbers
  the covering items of the evidence list, printed after the mark).
* **10,000 rows.** The batch page keeps one pre-rendered table row and panel per article in the
  JSON data; the script shows one page of them at a time (default 100 rows and their panels),
  so the DOM stays small whatever the batch size; the data comes in ``<script>`` blocks of at
  most ``DATA_BLOCK_CHARS`` (a browser holds no longer string). Above ``COMPRESS_OVER`` rows each
  panel's HTML (the same markup) is shipped deflated and base64-encoded, and the browser inflates
  only the panels on screen with its built-in ``DecompressionStream``: about 4x smaller files.
  Small reports stay plain text (greppable, any browser). Long bodies are cut at ``max_body_chars``.
* **Determinism.** No timestamps or randomness: the same rows give byte-identical HTML.
* Missing scores or facets (no model installed yet) show as "n/a", never as 0.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from .report import BANDS, FACETS, verdict_for
from .sites import Rollup, SiteStats
from .text import BIDI_ESCAPES

MAX_BODY_CHARS = 200_000  # per article on the batch page; the notebook shows the whole body
PAGE_SIZE = 100
COMPRESS_OVER = 200  # rows; larger batch pages ship their panels deflated (see module docstring)
# Characters of row data in one <script> block of the batch page; the rows go on in the next. A
# browser's longest string is about 2**29 characters (Chromium): past it the one block's
# textContent came back empty, and a batch of ~70,000 articles (fewer long ones) gave a blank page.
DATA_BLOCK_CHARS = 64 << 20
FACET_LABELS = {"readability": "readability", "mt": "machine translation", "citations": "citations",
                "boilerplate": "boilerplate", "ai_style": "AI style"}
BAND_KEYS = {"likely reliable": "reliable", "mixed": "mixed", "likely unreliable": "unreliable"}
BAND_ORDER = ("unreliable", "mixed", "reliable", "unscored", "error")
BAND_LABELS = {"reliable": "likely reliable", "mixed": "mixed", "unreliable": "likely unreliable",
               "unscored": "not scored", "error": "error"}

esc = html.escape  # quote=True by default: safe in text and in double-quoted attributes


# ---- small helpers -----------------------------------------------------------------------------
def _num(x: Any) -> Optional[float]:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return float(x) if math.isfinite(x) else None


def _str(x: Any) -> str:
    return "" if x is None else str(x)


def _as_row(obj: Any) -> dict:
    """A report row from a dict or a :class:`~scorer.report.Report` (body included)."""
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "to_dict"):
        return obj.to_dict(include_body=True)
    raise TypeError(f"expected a report row (dict) or a Report, got {type(obj).__name__}")


def facet_of(feature: str) -> str:
    fam = _str(feature).split(".", 1)[0]
    return fam if fam in FACETS else "other"


def band_of(row: dict) -> str:
    """``reliable`` / ``mixed`` / ``unreliable`` / ``unscored`` / ``error``."""
    if row.get("status") != "ok":
        return "error"
    verdict = row.get("verdict") or verdict_for(_num(row.get("score")))
    return BAND_KEYS.get(_str(verdict), "unscored")


def _fmt(x: Optional[float], nd: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{nd}f}"


# Bidi embeddings, overrides and isolates (U+202A-E, U+2066-9) in a path are shown as their
# escapes: an override runs on to the end of the table cell or of the meta line, so a file
# "invoice<U+202E>fdp.exe" showed as "invoiceexe.pdf". (An article's own words keep them, in
# a <bdi> where the report's text follows: see _meta and _evidence_list.)
def _path(row: dict) -> str:
    return _str(row.get("path")).translate(BIDI_ESCAPES)


def _stable_id(row: dict) -> str:
    key = f"{_str(row.get('path'))}\0{_str(row.get('sha256'))}".encode("utf-8", "surrogatepass")
    return "ss" + hashlib.sha1(key).hexdigest()[:10]


# ---- the body ----------------------------------------------------------------------------------
def body_for(row: dict, base: Sequence[str | os.PathLike] = ()) -> Optional[str]:
    """The article body the row's offsets refer to, or None (see module docstring)."""
    body = row.get("body")
    if isinstance(body, str):
        return body
    path = _str(row.get("path"))
    if row.get("status") != "ok" or not path or path == "-":
        return None
    from . import errors
    from .ingest import parse_bytes, read_bytes

    names = [path]
    if "\\" in path:  # perhaps a non-UTF-8 name, escaped in the row: try its bytes too
        from .batch import undisplay_path

        names.append(undisplay_path(path))
    candidates: list[Path] = []
    for n in names:
        candidates += [Path(n)] if os.path.isabs(n) else [Path(n)] + [Path(b) / n for b in base]
    for cand in candidates:
        if not cand.is_file():
            continue
        try:
            data = read_bytes(cand, max_bytes=1 << 30)
        except errors.SpinscoreError:
            continue
        want = row.get("sha256")
        if want and hashlib.sha256(data).hexdigest() != want:
            continue  # changed since scoring: its offsets would point at the wrong text
        try:
            return parse_bytes(data, name=path, path=path, fast_html=_read_fast(row)).body
        except errors.SpinscoreError:
            return None
    return None


def _has_caveat(row: dict, code: str) -> bool:
    """Whether the row carries the caveat ``code`` (rows are read back from files: any shape)."""
    caveats = row.get("caveats")
    return isinstance(caveats, list) and any(isinstance(c, dict) and c.get("code") == code for c in caveats)


def _read_fast(row: dict) -> bool:
    """Whether the row's page was read with ``--fast-html`` (its ``fast_html`` caveat): the fast
    extraction can give another body (list lines joined, other blocks kept), and the row's
    offsets point into the body it was scored from, not the default one."""
    return _has_caveat(row, "fast_html")


def _spans(evidence: list, limit: int) -> list[tuple[int, int, int]]:
    """Valid (start, end, evidence index) spans clipped to ``limit``."""
    out = []
    for i, ev in enumerate(evidence):
        s, e = ev.get("start"), ev.get("end")
        if isinstance(s, bool) or isinstance(e, bool) or not isinstance(s, int) or not isinstance(e, int):
            continue
        s, e = max(0, s), min(limit, e)
        if s < e:
            out.append((s, e, i))
    return out


def segments(length: int, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, tuple[int, ...]]]:
    """Split ``[0, length)`` at every span boundary: (start, end, covering evidence indices)."""
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for s, e, i in spans:
        starts.setdefault(s, []).append(i)
        ends.setdefault(e, []).append(i)
    active: set[int] = set()
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        out.append((a, b, tuple(sorted(active))))
    return out


def highlight(body: str, evidence: list) -> str:
    """The escaped body with each evidence segment in a ``<mark>`` carrying its reasons.

    ``title`` (hover, and the accessible description) lists every covering reason; ``data-n``
    numbers the covering evidence items (printed after the mark, matching the evidence list).
    """
    parts = []
    for a, b, cover in segments(len(body), _spans(evidence, len(body))):
        text = esc(body[a:b])
        if not cover:
            parts.append(text)
            continue
        facets = sorted({facet_of(evidence[i].get("feature")) for i in cover})
        tips = []
        for i in cover:
            line = f"{facet_of(evidence[i].get('feature'))}: {_str(evidence[i].get('reason'))}"
            if line not in tips:
                tips.append(line)
        cls = f"f-{facets[0]}" + (" multi" if len(facets) > 1 else "")
        nums = ",".join(str(i + 1) for i in cover)
        parts.append(f'<mark class="{cls}" tabindex="0" title="{esc(chr(10).join(tips))}" '
                     f'data-n="{nums}">{text}</mark>')
    return "".join(parts)


# ---- one report --------------------------------------------------------------------------------
def _gauge(row: dict) -> str:
    score, band = _num(row.get("score")), band_of(row)
    if score is None:
        why = ("not scored" if row.get("status") != "ok" else "too short to score" if _has_caveat(row, "too_short")
               else "no reliability model installed")
        return (f'<div class="gauge"><span class="gnum na">n/a</span><span class="glabel">{esc(why)}</span>'
                f'<span class="gbar" aria-hidden="true"><span class="gfill" style="width:0%"></span></span></div>')
    pct = max(0.0, min(100.0, score))
    ticks = "".join(f'<span class="gtick" style="left:{floor:g}%"></span>' for floor, _ in BANDS if floor > 0)
    return (f'<div class="gauge"><span class="gnum b-{band}">{score:.1f}</span>'
            f'<span class="glabel">/ 100 · {esc(BAND_LABELS[band])}</span>'
            f'<span class="gbar" role="meter" aria-label="reliability score" aria-valuemin="0" '
            f'aria-valuemax="100" aria-valuenow="{score:.1f}"><span class="gfill b-{band}" '
            f'style="width:{pct:.1f}%"></span>{ticks}</span></div>')


def _facet_bars(row: dict) -> str:
    facets = row.get("facets") or {}
    counts: dict[str, int] = {}
    for ev in row.get("evidence") or []:
        f = facet_of(ev.get("feature"))
        counts[f] = counts.get(f, 0) + 1
    out = ['<div class="facets">']
    for f in FACETS:
        v = _num(facets.get(f))
        width = 0.0 if v is None else max(0.0, min(1.0, v)) * 100
        n = counts.get(f, 0)
        out.append(f'<div class="facet"><span class="fname"><span class="sw f-{f}"></span>{esc(FACET_LABELS[f])}</span>'
                   f'<span class="fbar" title="risk {_fmt(v)}"><span class="ffill" style="width:{width:.0f}%"></span></span>'
                   f'<span class="fval{" na" if v is None else ""}">{_fmt(v)}</span>'
                   f'<span class="fcount">{n} span{"" if n == 1 else "s"}</span></div>')
    out.append("</div>")
    return "".join(out)


def _reasons(row: dict) -> str:
    reasons = row.get("reasons") or []
    if not reasons:
        return '<p class="reasons none">No reasons: no feature lowered the score by more than about a point.</p>'
    items = []
    for r in reasons:
        c = _num(r.get("contribution"))
        n = len(r.get("evidence") or [])
        items.append(f'<li><span class="sw f-{facet_of(r.get("facet") or r.get("feature"))}"></span>'
                     f'{esc(_str(r.get("message")))} <code>{esc(_str(r.get("feature")))}</code>'
                     f'<span class="contrib">{"" if c is None else f"{c:+.2f}"}</span>'
                     f'<span class="fcount">{n} span{"" if n == 1 else "s"}</span></li>')
    return '<ol class="reasons">' + "".join(items) + "</ol>"


def _evidence_list(evidence: list) -> str:
    if not evidence:
        return ""
    items = []
    for ev in evidence:
        items.append(f'<li><i class="sw f-{facet_of(ev.get("feature"))}"></i>'
                     f'<code>{esc(_str(ev.get("feature")))}</code> '
                     f'<span class="off">{esc(_str(ev.get("start")))}–{esc(_str(ev.get("end")))}</span> '
                     f'“<bdi>{esc(_str(ev.get("snippet")))}</bdi>” — <bdi>{esc(_str(ev.get("reason")))}</bdi></li>')
    return (f'<details class="evidence"><summary>Evidence: {len(evidence)} span'
            f'{"" if len(evidence) == 1 else "s"}</summary><ol>{"".join(items)}</ol></details>')


def _meta(row: dict) -> str:
    """Each value in a <bdi>: a right-to-left name (or an override in a URL) otherwise took the
    " · " and the date after it into its run, and the line read in another order."""
    bits = [f'<bdi class="path">{esc(_path(row))}</bdi>']
    for key, label in (("date", ""), ("date_modified", "updated "), ("language", "language "),
                       ("source_format", ""), ("word_count", ""), ("cluster_id", "cluster ")):
        v = row.get(key)
        if key == "date_modified" and v == row.get("date"):
            continue  # an update on the day of publication says nothing more
        if v is not None and v != "":
            suffix = " words" if key == "word_count" else ""
            bits.append(f"<span>{esc(label)}<bdi>{esc(_str(v))}</bdi>{suffix}</span>")
    url = _str(row.get("url"))
    if url:
        bits.append(f'<bdi class="url">{esc(url)}</bdi>')  # shown, never linked: no navigation
    return '<p class="meta">' + " · ".join(bits) + "</p>"


def _legend() -> str:
    return ('<p class="legend">' + " ".join(
        f'<span class="sw f-{f}"></span>{esc(FACET_LABELS[f])}' for f in FACETS) + "</p>")


def _caveats(row: dict) -> str:
    """The report's caveats (short text, not English): how far to trust the score."""
    items = [c for c in (row.get("caveats") or []) if isinstance(c, dict)]
    return "".join(f'<p class="note caveat" data-code="{esc(_str(c.get("code")))}"><b>Caveat:</b> '
                   f'{esc(_str(c.get("message")))}</p>' for c in items)


def render_panel(row: dict, body: Optional[str], *, prefix: str, heading: str = "",
                 max_body_chars: Optional[int] = None) -> str:
    """One article: heading, meta, gauge, facet bars, reasons, highlighted text, evidence."""
    title = _str(row.get("title")) or os.path.basename(_path(row)) or "(untitled)"
    out = [f'<section class="panel" id="{prefix}" tabindex="-1" aria-labelledby="{prefix}-h">',
           f'<h2 id="{prefix}-h">{esc(heading)}{esc(title)}</h2>', _meta(row)]
    if row.get("status") != "ok":
        out.append(f'<p class="error"><b>error ({esc(_str(row.get("error_code")))})</b>: '
                   f'{esc(_str(row.get("error")))}</p></section>')
        return "".join(out)
    evidence = [e for e in (row.get("evidence") or []) if isinstance(e, dict)]
    out += [_gauge(row), _caveats(row), _facet_bars(row), "<h3>Top reasons</h3>", _reasons(row)]
    if body is None:
        out.append(f'<p class="note">Article text not available ({_no_body_why(row)}): evidence is '
                   'listed without highlights.</p>')
    else:
        note = ""
        if max_body_chars is not None and len(body) > max_body_chars:
            body = body[:max_body_chars]
            note = (f'<p class="note">Text shortened to its first {max_body_chars:,} characters; '
                    "spans past the cut are listed below.</p>")
        out += ["<h3>Text</h3>", _legend(), note,
                f'<div class="body">{highlight(body, evidence)}</div>']
    out.append(_evidence_list(evidence))
    out.append("</section>")
    return "".join(out)


def _no_body_why(row: dict) -> str:
    """Why :func:`body_for` found no text, as the row's path tells: every row of a web archive or
    a dump said its file was "missing or changed since scoring", which it was not."""
    path = _str(row.get("path"))
    if path == "-":
        return "read from stdin, which cannot be read again"
    from .dumps import is_dump
    from .warc import is_warc

    head = path
    while "#" in head:  # ARCHIVE#RECORD-ID, DUMP#LINE, ARRAY.json#ITEM
        head = head.rsplit("#", 1)[0]
        if is_warc(head) or is_dump(head) or head.lower().endswith(".json"):
            return "a record of a web archive, a JSON Lines dump or a JSON array, which the report does not re-read"
    return "not in the row, and the file is missing or changed since scoring"


def render_report(report: Any, *, body: Optional[str] = None, base: Sequence[str | os.PathLike] = (),
                  standalone: bool = True, prefix: Optional[str] = None,
                  max_body_chars: Optional[int] = None) -> str:
    """HTML for one report (a row dict or a Report): the notebook's ``_repr_html_``.

    ``standalone`` adds the scoped stylesheet so the fragment renders on its own.
    """
    row = _as_row(report)
    if body is None:
        body = body_for(row, base)
    panel = render_panel(row, body, prefix=prefix or _stable_id(row), max_body_chars=max_body_chars)
    style = f"<style>{REPORT_CSS}</style>" if standalone else ""
    return f'{style}<div class="spinscore">{panel}</div>'


class ReportView:
    """A report row that displays itself as HTML in a notebook."""

    def __init__(self, report: Any, *, base: Sequence[str | os.PathLike] = ()):
        self.row, self.base = _as_row(report), base

    def _repr_html_(self) -> str:
        return render_report(self.row, base=self.base)


class SideBySide:
    def __init__(self, reports: Sequence[Any], base: Sequence[str | os.PathLike] = ()):
        self.rows, self.base = [_as_row(r) for r in reports], base

    def _repr_html_(self) -> str:
        if not self.rows:  # a batch whose every row failed has no first and last to compare
            return f'<style>{REPORT_CSS}</style><div class="spinscore"><p class="note">No scored article to show.</p></div>'
        cols = "".join(f'<div class="col">{render_report(r, base=self.base, standalone=False, prefix=f"{_stable_id(r)}-{i}")}</div>'
                       for i, r in enumerate(self.rows))
        return f'<style>{REPORT_CSS}</style><div class="spinscore-sbs">{cols}</div>'


def side_by_side(*reports: Any, base: Sequence[str | os.PathLike] = ()) -> SideBySide:
    """Two (or more) reports next to each other, for a notebook."""
    return SideBySide(reports, base)


# ---- the batch page ----------------------------------------------------------------------------
def _table_row(i: int, row: dict, prefix: str, with_cluster: bool) -> str:
    band, score = band_of(row), _num(row.get("score"))
    verdict = BAND_LABELS[band]
    cells = [f'<td class="num">{i + 1}</td>',
             f'<td class="num score">{_fmt(score, 1)}</td>',
             f'<td><span class="badge b-{band}">{esc(verdict)}</span></td>']
    facets = row.get("facets") or {}
    for f in FACETS:
        v = _num(facets.get(f))
        width = 0 if v is None else round(max(0.0, min(1.0, v)) * 100)
        cells.append(f'<td class="num fc{" na" if v is None else ""}"><span class="mini" style="width:{width}%"></span>{_fmt(v)}</td>')
    title = _str(row.get("title")) or "(untitled)"
    path = _path(row)
    cells.append(f'<td class="title"><a href="#{prefix}">{esc(title)}</a></td>')
    cells.append(f'<td class="file" title="{esc(path)}">{esc(path)}</td>')
    if with_cluster:
        cells.append(f'<td class="cluster">{esc(_str(row.get("cluster_id")))}</td>')
    return f'<tr data-i="{i}" tabindex="-1">{"".join(cells)}</tr>'


class PageBuilder:
    """Builds the self-contained batch page row by row (so a batch can stream into it).

    >>> b = PageBuilder(); b.add(row); ...; b.write("report.html")
    """

    def __init__(self, *, title: str = "spinscore report", base: Sequence[str | os.PathLike] = (),
                 page_size: int = PAGE_SIZE, max_body_chars: Optional[int] = MAX_BODY_CHARS,
                 compress: Optional[bool] = None):
        self.title, self.base = title, tuple(base)
        self.page_size, self.max_body_chars = max(1, page_size), max_body_chars
        self.compress = compress  # None: only above COMPRESS_OVER rows
        self.rows: list[dict] = []  # slim rows: sort keys, search text, rendered HTML
        self.sites = Rollup(worst=0)  # the per-site section (scorer.sites)

    def add(self, report: Any) -> None:
        row = _as_row(report)
        self.sites.add(row)
        i = len(self.rows)
        facets = row.get("facets") or {}
        band = band_of(row)
        cluster = row.get("cluster_id")
        title, path = _str(row.get("title")), _str(row.get("path"))
        self.rows.append({
            "band": band, "cluster": None if cluster is None else _str(cluster),
            "keys": [_num(row.get("score")), BAND_ORDER.index(band),
                     *(_num(facets.get(f)) for f in FACETS), title.lower(), path.lower(),
                     None if cluster is None else _str(cluster).lower()],
            "q": " ".join([title, path, BAND_LABELS[band], _str(cluster),
                           _str(row.get("error_code"))]).lower(),
            "tr": lambda with_cluster, i=i, row=_slim(row): _table_row(i, row, f"a{i}", with_cluster),
            # held deflated until the page is written, so a big batch stays small in memory
            "panel": zlib.compress(render_panel(row, body_for(row, self.base), prefix=f"a{i}",
                                                heading=f"{i + 1}. ", max_body_chars=self.max_body_chars
                                                ).encode("utf-8"), 6),
        })

    def tee(self, writer):
        """A writer that writes each row to ``writer`` and adds it here (for ``batch --html``)."""
        return _Tee(writer, self)

    def html(self) -> str:
        return "".join(self._chunks())

    def write(self, path: str | os.PathLike) -> Path:
        p = Path(path)
        with open(p, "w", encoding="utf-8") as fh:
            for chunk in self._chunks():
                fh.write(chunk)
        return p

    def _chunks(self) -> Iterator[str]:
        """The page in pieces, its data block a row at a time: the text ``script_json(data)``
        gives for the whole, never built whole. A batch of 20,000 articles makes a page of about
        150 MB, which built as one string (and its copies: the JSON, each escape pass, the page,
        its UTF-8 bytes) took near 1 GB more memory to write."""
        with_cluster = any(r["cluster"] is not None for r in self.rows)
        packed = len(self.rows) > COMPRESS_OVER if self.compress is None else self.compress
        unpack = ((lambda z: base64.b64encode(z).decode("ascii")) if packed
                  else (lambda z: zlib.decompress(z).decode("utf-8")))
        head, tail = _page(self.title, len(self.rows), self._summary() + sites_section(self.sites.sites()),
                           with_cluster)
        yield head
        # "rows" sorts last of the keys (script_json sorts them): cut its empty list open
        yield script_json({"pageSize": self.page_size, "packed": packed, "rows": []})[:-2]
        close, sep, size = "]}", "", 0  # the first block is that object, the next ones lists
        for r in self.rows:
            text = script_json({"b": r["band"], "k": r["keys"] if with_cluster else r["keys"][:-1], "q": r["q"],
                                "tr": r["tr"](with_cluster), "pn": unpack(r["panel"])})
            if size and size + len(text) > DATA_BLOCK_CHARS:
                yield close + '</script>\n<script type="application/json" class="spinscore-more">['
                close, sep, size = "]", "", 0
            yield sep + text
            sep, size = ",", size + len(text) + 1
        yield close + tail

    def _summary(self) -> str:
        counts = {b: 0 for b in BAND_ORDER}
        for r in self.rows:
            counts[r["band"]] += 1
        buttons = [f'<button type="button" class="bandbtn" data-band="" aria-pressed="true">all '
                   f'<b>{len(self.rows)}</b></button>']
        for b in ("reliable", "mixed", "unreliable", "unscored", "error"):
            buttons.append(f'<button type="button" class="bandbtn" data-band="{b}" aria-pressed="false">'
                           f'<span class="badge b-{b}">{esc(BAND_LABELS[b])}</span> <b>{counts[b]}</b></button>')
        return '<div class="summary" role="group" aria-label="filter by verdict">' + "".join(buttons) + "</div>"


SITES_SHOWN = 100


def sites_section(stats: list[SiteStats], shown: int = SITES_SHOWN) -> str:
    """The collapsed "Sites" section of the batch page (:mod:`scorer.sites`); empty when no row
    has a URL (a folder of plain files: one "site" of nothing would say nothing)."""
    if not any(s.site is not None for s in stats):
        return ""

    def pct(x: Optional[float]) -> str:
        return "–" if x is None else f"{100 * x:.0f}%"

    trs = []
    for st in stats[:shown]:
        d = st.to_dict()
        lo, hi = d["unreliable_share_ci95"]
        share = f"{pct(d['unreliable_share'])} ({pct(lo)}–{pct(hi)})" if d["scored"] else "–"
        median = "–" if d["score_median"] is None else f"{d['score_median']:.1f}"
        drivers = ", ".join(f"{k} {n}" for k, n in d["unreliable_drivers"].items()) or "–"
        trs.append(f'<tr><td>{esc(d["site"] or "(no URL)")}</td><td class="num">{d["articles"]}</td>'
                   f'<td class="num">{median}</td><td class="num">{share}</td>'
                   f'<td class="num">{pct(d["original_elsewhere_share"])}</td><td>{esc(drivers)}</td></tr>')
    more = (f" The first {shown} of {len(stats)} are shown; <code>spinscore sites</code> lists them all."
            if len(stats) > shown else "")
    return (f'<details class="sites"><summary>Sites: {len(stats)}</summary>'
            '<table class="sitetable" aria-label="sites"><thead><tr><th scope="col">site</th>'
            '<th scope="col">articles</th><th scope="col">median score</th>'
            '<th scope="col">likely unreliable (95% interval)</th>'
            '<th scope="col">cluster original elsewhere</th><th scope="col">unreliable mostly for</th>'
            f'</tr></thead><tbody>{"".join(trs)}</tbody></table>'
            '<p class="sub">Ranked by the lower end of the interval, so a site with few articles does not '
            'outrank one with many on a lucky share. No site verdict: nothing site-level was available to '
            f'validate one against. A cluster also holds independent reports of one event.{more}</p></details>')


def _slim(row: dict) -> dict:
    """What a table row needs (the full row with its features is not kept per article)."""
    return {k: row.get(k) for k in ("status", "score", "verdict", "facets", "title", "path", "cluster_id")}


class _Tee:
    def __init__(self, writer, builder: PageBuilder):
        self.writer, self.builder = writer, builder

    def write(self, row: dict) -> None:
        self.writer.write(row)
        self.builder.add(row)


def render_page(rows: Iterable[Any], **options) -> str:
    """The self-contained batch page for ``rows`` (dicts or Reports). Options: see PageBuilder."""
    b = PageBuilder(**options)
    for r in rows:
        b.add(r)
    return b.html()


def read_rows(path: str | os.PathLike) -> list[dict]:
    """Report rows from a batch JSONL file (a JSON list is accepted too)."""
    return list(iter_rows(path))


def iter_rows(path: str | os.PathLike) -> Iterator[dict]:
    """The rows of :func:`read_rows` one at a time (a JSON list is read whole). A file's lines
    break at "\\n" or "\\r" alone, never at the U+2028, U+2029 or U+0085 (which str.splitlines
    breaks at) a batch writes unescaped inside a title or a snippet (ensure_ascii=False)."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if line.lstrip().startswith("["):
                yield from (_report_row(row, f"item {k}") for k, row in enumerate(json.loads(line + fh.read()), 1))
                return
            try:
                row = json.loads(line)
            except ValueError as exc:  # its "line 1 column 26" is of the line, not of the file
                raise ValueError(f"line {n}: {exc}") from None
            yield _report_row(row, f"line {n}")


def _report_row(row: Any, where: str) -> dict:
    """``row`` if it is a report row (an object with a ``status``), else a ValueError naming
    ``where``: a line that was no object ended `spinscore report` with a TypeError traceback,
    and an article dump given for the rows made a page of "error" rows without a word."""
    if not isinstance(row, dict) or "status" not in row:
        raise ValueError(f"{where} is not a report row (a JSON object with a status)")
    return row


def write_report(rows_or_jsonl: Any, out: str | os.PathLike, **options) -> Path:
    """Write the batch page for rows or for a JSONL path (its folder is searched for the files)."""
    if isinstance(rows_or_jsonl, (str, os.PathLike)):
        src = Path(rows_or_jsonl)
        options.setdefault("base", (src.resolve().parent,))
        rows_or_jsonl = iter_rows(src)  # a full row (features, evidence) is ~16 kB: never all held
    b = PageBuilder(**options)
    for r in rows_or_jsonl:
        b.add(r)
    return b.write(out)


def script_json(data: Any) -> str:
    """JSON text that is safe inside a ``<script>`` element (cannot close it or open a comment)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, rep)
    return text


class BatchView:
    """The batch page inside a sandboxed iframe: the sortable, filterable table in a notebook."""

    def __init__(self, rows: Iterable[Any], *, height: int = 640, **options):
        self.page = render_page(rows, **options)
        self.height = height

    def _repr_html_(self) -> str:
        return (f'<iframe sandbox="allow-scripts" srcdoc="{esc(self.page)}" title="spinscore batch report" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ccc"></iframe>')


def _page(title: str, n: int, summary: str, with_cluster: bool) -> tuple[str, str]:
    """The page of ``n`` rows around its data block: (before it, after it)."""
    heads = [("#", None), ("score", 0), ("verdict", 1)] + [(f, 2 + k) for k, f in enumerate(FACETS)] + \
            [("title", 7), ("file", 8)] + ([("cluster", 9)] if with_cluster else [])
    ths = "".join(f'<th scope="col">{esc(h)}</th>' if k is None else
                  f'<th scope="col" aria-sort="none"><button type="button" data-key="{k}">{esc(h)}</button></th>'
                  for h, k in heads)
    script_hash = base64.b64encode(hashlib.sha256(PAGE_JS.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp, quote=False)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{esc(title)}</title>
<style>{REPORT_CSS}{PAGE_CSS}</style>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<p class="sub">{n} article{"" if n == 1 else "s"} · reliability score 0–100 (higher = more reliable) · facets are risks in [0, 1] (0 = clean)</p>
{summary}
<div class="controls">
<label>Filter <input id="filter" type="search" placeholder="title, file, verdict…" aria-describedby="keys-help"></label>
<label>Rows per page <select id="pagesize"><option>25</option><option>50</option><option>100</option><option>250</option><option>1000</option></select></label>
<button type="button" id="prev">‹ previous</button> <span id="pageinfo" aria-live="polite"></span> <button type="button" id="next">next ›</button>
<button type="button" id="helpbtn" aria-expanded="false" aria-controls="keys-help">keys</button>
</div>
<p id="keys-help" hidden>Keys: <kbd>/</kbd> filter · <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> move in the table · <kbd>Enter</kbd> open the article · <kbd>t</kbd> or <kbd>Esc</kbd> back to the table · <kbd>n</kbd>/<kbd>p</kbd> next/previous page · <kbd>Tab</kbd> through highlights shows their reasons.</p>
<noscript><p class="note">The table needs JavaScript (inline, no network).</p></noscript>
<p class="printnote">Printed: the current page of the table and its articles.</p>
</header>
<main>
<table id="table" aria-label="articles">
<thead><tr>{ths}</tr></thead>
<tbody id="rows"></tbody>
</table>
<div class="spinscore" id="panels"></div>
</main>
<script type="application/json" id="spinscore-data">""", f"""</script>
<script>{PAGE_JS}</script>
</body>
</html>
"""


REPORT_CSS = """
.spinscore{color:#1d1d1f;background:#fff;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.spinscore .panel{border:1px solid #d0d4d9;border-radius:6px;padding:12px 16px;margin:12px 0}
.spinscore .panel:focus{outline:3px solid #4c6ef5}
.spinscore h2{font-size:1.15em;margin:0 0 4px}
.spinscore h3{font-size:.95em;margin:12px 0 4px;color:#495057}
.spinscore .meta{color:#5c636a;font-size:.85em;margin:0 0 8px;word-break:break-all}
.spinscore .error{color:#a61e1e}
.spinscore .note{color:#5c636a;font-style:italic}
.spinscore .gauge{display:flex;align-items:center;gap:8px;margin:6px 0}
.spinscore .gnum{font-size:1.8em;font-weight:700;min-width:2.6em}
.spinscore .gnum.na{color:#868e96}
.spinscore .glabel{color:#495057;min-width:11em}
.spinscore .gbar{position:relative;flex:0 0 260px;height:12px;background:#eceff1;border-radius:6px;overflow:hidden}
.spinscore .gfill{display:block;height:100%}
.spinscore .gtick{position:absolute;top:0;bottom:0;width:2px;background:#fff}
.spinscore .b-reliable{color:#2b8a3e}.spinscore .gfill.b-reliable{background:#2b8a3e}
.spinscore .b-mixed{color:#b35c00}.spinscore .gfill.b-mixed{background:#e67700}
.spinscore .b-unreliable{color:#c92a2a}.spinscore .gfill.b-unreliable{background:#c92a2a}
.spinscore .facets{display:grid;grid-template-columns:max-content;gap:2px;margin:6px 0}
.spinscore .facet{display:flex;align-items:center;gap:8px}
.spinscore .fname{min-width:11em}
.spinscore .fbar{display:inline-block;width:160px;height:9px;background:#eceff1;border-radius:4px;overflow:hidden}
.spinscore .ffill{display:block;height:100%;background:#495057}
.spinscore .fval{min-width:2.6em;text-align:right;font-variant-numeric:tabular-nums}
.spinscore .na{color:#868e96}
.spinscore .fcount,.spinscore .contrib,.spinscore .off{color:#5c636a;font-size:.85em;margin-left:6px}
.spinscore ol.reasons{margin:0;padding-left:1.6em}
.spinscore .sw{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:4px;vertical-align:-1px;border:1px solid #adb5bd}
.spinscore .legend{font-size:.85em;color:#495057;margin:0 0 4px}
.spinscore .legend .sw{margin-left:8px}
.spinscore .body{white-space:pre-wrap;word-wrap:break-word;max-width:52em;border-left:3px solid #e9ecef;padding-left:10px}
.spinscore .body mark{position:relative;color:inherit;padding:0 1px;border-radius:2px;border-bottom:2px solid #868e96;cursor:help}
.spinscore .body mark:focus{outline:2px solid #4c6ef5}
.spinscore .body mark:focus::after{content:attr(title);position:absolute;left:0;top:1.6em;z-index:5;min-width:16em;max-width:28em;white-space:pre-line;background:#212529;color:#fff;font-size:.85em;padding:4px 8px;border-radius:4px}
.spinscore .body mark.multi{outline:1px dashed #212529}
.spinscore .f-readability{background:#d0ebff;border-color:#1c7ed6}
.spinscore .f-mt{background:#ffe8cc;border-color:#e8590c}
.spinscore .f-citations{background:#d3f9d8;border-color:#2f9e44}
.spinscore .f-boilerplate{background:#e9ecef;border-color:#495057}
.spinscore .f-ai_style{background:#f3d9fa;border-color:#ae3ec9}
.spinscore .f-other{background:#fff3bf;border-color:#f08c00}
.spinscore details.evidence{margin-top:8px;font-size:.9em}
.spinscore details.evidence ol{padding-left:2.4em}
.spinscore code{font-size:.85em;color:#495057}
.spinscore-sbs{display:flex;gap:12px;align-items:flex-start}
.spinscore-sbs .col{flex:1 1 0;min-width:0}
@media print{.spinscore .body mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.spinscore .body mark::after{content:" [" attr(data-n) "]";font-size:.7em;vertical-align:super}
.spinscore .panel{break-inside:auto;border:0;border-top:1px solid #999}}
"""

PAGE_CSS = """
body{margin:0;padding:0 20px 40px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fff}
header{padding:8px 0;border-bottom:1px solid #dee2e6}
h1{font-size:1.3em;margin:0}
.sub{margin:2px 0 6px;color:#5c636a;font-size:.9em}
.summary{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:6px}
details.sites{margin:4px 0 8px}details.sites summary{cursor:pointer;font-weight:600}
details.sites table{width:auto;margin-top:4px}
.summary button,.controls button{font:inherit;padding:2px 8px;border:1px solid #adb5bd;border-radius:4px;background:#f8f9fa;cursor:pointer}
.summary button[aria-pressed="true"]{background:#dbe4ff;border-color:#4c6ef5}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center}
.controls input{font:inherit;width:18em}
.badge{font-weight:600}
.b-unscored,.b-error{color:#5c636a}.b-error{color:#a61e1e}
table{border-collapse:collapse;width:100%;margin-top:8px;font-size:.92em}
th,td{padding:3px 6px;border-bottom:1px solid #e9ecef;text-align:left;vertical-align:top}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort="ascending"] button::after{content:" ▲"}
th[aria-sort="descending"] button::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.fc{position:relative}
td.fc .mini{position:absolute;left:0;bottom:1px;height:3px;background:#868e96}
td.na{color:#868e96}
td.file{max-width:22em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:#5c636a}
tbody tr:hover{background:#f8f9fa}
tbody tr.sel{background:#edf2ff}
tbody tr:focus{outline:2px solid #4c6ef5;outline-offset:-2px}
kbd{border:1px solid #adb5bd;border-radius:3px;padding:0 3px;font-size:.85em}
.printnote{display:none}
@media print{.controls,.summary button[data-band=""],#keys-help{display:none}
.printnote{display:block;color:#5c636a}.summary button{border:0;background:none}
td.file{white-space:normal}a{color:inherit;text-decoration:none}}
"""

PAGE_JS = """
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("spinscore-data").textContent);
  document.querySelectorAll("script.spinscore-more").forEach(function (s) {  // a big batch's further rows
    D.rows = D.rows.concat(JSON.parse(s.textContent));
  });
  var all = D.rows, view = all.slice(), page = 0, size = D.pageSize;
  var sortKey = null, sortDir = 1, band = "", query = "", sel = 0;
  var $ = function (id) { return document.getElementById(id); };
  var tbody = $("rows"), panels = $("panels"), filter = $("filter"), sizeSel = $("pagesize");
  all.forEach(function (r, i) { r.i = i; });
  function cmp(a, b) {
    var x = a.k[sortKey], y = b.k[sortKey];
    if (x === y) return a.i - b.i;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sortDir;
  }
  function apply() {
    view = all.filter(function (r) {
      return (!band || r.b === band) && (!query || r.q.indexOf(query) !== -1);
    });
    if (sortKey !== null) view.sort(cmp);
    page = 0; render();
  }
  function pages() { return Math.max(1, Math.ceil(view.length / size)); }
  function render() {
    if (page >= pages()) page = pages() - 1;
    var a = page * size, slice = view.slice(a, a + size);
    var hadFocus = tbody.contains(document.activeElement);
    tbody.innerHTML = slice.map(function (r) { return r.tr; }).join("");
    showPanels(slice);
    $("pageinfo").textContent = view.length ?
      "rows " + (a + 1) + "–" + (a + slice.length) + " of " + view.length + " · page " + (page + 1) + " of " + pages() :
      "no rows match";
    $("prev").disabled = page === 0;
    $("next").disabled = page >= pages() - 1;
    select(0, hadFocus);
  }
  var ticket = 0;
  function inflate(r) {  // packed pages: base64 of deflated panel HTML, unpacked on demand
    if (r.html !== undefined) return Promise.resolve(r.html);
    var bin = atob(r.pn), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text().then(function (t) { r.html = t; return t; });
  }
  function showPanels(slice) {
    var mine = ++ticket;
    if (!D.packed) { panels.innerHTML = slice.map(function (r) { return r.pn; }).join(""); return; }
    if (typeof DecompressionStream === "undefined") {
      panels.innerHTML = '<p class="note">This browser cannot unpack the article panels (it lacks DecompressionStream).</p>';
      return;
    }
    panels.setAttribute("aria-busy", "true");
    Promise.all(slice.map(inflate)).then(function (hs) {
      if (mine !== ticket) return;
      panels.innerHTML = hs.join("");
      panels.removeAttribute("aria-busy");
    });
  }
  function rowsNow() { return tbody.querySelectorAll("tr"); }
  function select(i, focus) {
    var trs = rowsNow();
    if (!trs.length) return;
    sel = Math.max(0, Math.min(trs.length - 1, i));
    for (var k = 0; k < trs.length; k++) {
      trs[k].tabIndex = k === sel ? 0 : -1;
      trs[k].classList.toggle("sel", k === sel);
    }
    if (focus) trs[sel].focus();
  }
  function openPanel(i) {
    var tr = rowsNow()[i];
    if (!tr) return;
    var p = document.getElementById("a" + tr.getAttribute("data-i"));
    if (p) { p.scrollIntoView(); p.focus(); }
  }
  function goPage(d) {
    var n = page + d;
    if (n >= 0 && n < pages()) { page = n; render(); select(0, true); }
  }
  document.querySelectorAll("th button").forEach(function (b) {
    b.addEventListener("click", function () {
      var k = +b.getAttribute("data-key");
      sortDir = sortKey === k ? -sortDir : 1; sortKey = k;
      document.querySelectorAll("th[aria-sort]").forEach(function (th) { th.setAttribute("aria-sort", "none"); });
      b.parentNode.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      apply();
    });
  });
  document.querySelectorAll(".bandbtn").forEach(function (b) {
    b.addEventListener("click", function () {
      band = b.getAttribute("data-band");
      document.querySelectorAll(".bandbtn").forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
      apply();
    });
  });
  var timer = null;
  function onFilter() { query = filter.value.trim().toLowerCase(); apply(); }
  filter.addEventListener("input", function () {
    clearTimeout(timer);
    if (all.length > 2000) timer = setTimeout(onFilter, 150); else onFilter();
  });
  sizeSel.value = String(size);
  if (sizeSel.value !== String(size)) { var o = document.createElement("option"); o.textContent = String(size); sizeSel.appendChild(o); sizeSel.value = String(size); }
  sizeSel.addEventListener("change", function () { size = +sizeSel.value; page = 0; render(); });
  $("prev").addEventListener("click", function () { goPage(-1); });
  $("next").addEventListener("click", function () { goPage(1); });
  $("helpbtn").addEventListener("click", function () {
    var h = $("keys-help"); h.hidden = !h.hidden; this.setAttribute("aria-expanded", String(!h.hidden));
  });
  tbody.addEventListener("click", function (e) {
    var tr = e.target.closest("tr");
    if (tr) select(Array.prototype.indexOf.call(rowsNow(), tr), false);
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") {
      if (e.key === "Escape") { t.blur(); select(sel, true); }
      return;
    }
    if (tag === "BUTTON" && (e.key === "Enter" || e.key === " ")) return;
    var inTable = !!(t.closest && t.closest("#table"));
    switch (e.key) {
      case "/": e.preventDefault(); filter.focus(); break;
      case "j": select(sel + 1, true); break;
      case "k": select(sel - 1, true); break;
      case "ArrowDown": if (inTable) { e.preventDefault(); select(sel + 1, true); } break;
      case "ArrowUp": if (inTable) { e.preventDefault(); select(sel - 1, true); } break;
      case "Enter": case "o": if (inTable) { e.preventDefault(); openPanel(sel); } break;
      case "n": goPage(1); break;
      case "p": goPage(-1); break;
      case "t": case "Escape": select(sel, true); break;
    }
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  render();
})();
"""
