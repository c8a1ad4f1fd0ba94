"""HTML to text with offsets: WordPress fragments, full pages (via trafilatura), visible text.

WordPress ``content.rendered`` is a fragment, and trafilatura's metadata and boilerplate logic
are wrong on fragments, so fragments are walked here block by block. Full pages go through
trafilatura for the main text and metadata.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from .page_meta import page_metadata

BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "h1", "h2",
    "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "figure",
    "figcaption", "dl", "dt", "dd", "hr", "form", "address", "details", "summary",
}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}
MAX_DEPTH = 400  # deeper trees are hostile or broken; the rest of the branch is ignored
# The widgets WordPress plugins append to a post's ``content.rendered`` (what the REST API and a
# feed serve): share and like buttons, related-post lists, in-content ad slots. They are the
# site's, not the article's, and by their class they are known for certain: a fragment drops
# them before its walk (fragment_to_text), as trafilatura leaves them out of a page. Read as text, Jetpack's "Share this:
# Twitter Facebook" under an honest WordPress post took it from 71 to 3.5 (boilerplate risk 1.0).
# Furniture a plugin does not mark (a typed "Source link", a pasted consent text) is still read.
# Class names of well-known plugins, written from their markup: Jetpack, AddToAny, Social Warfare,
# ShareThis, Shareaholic, Sassy Social Share, Simple Social Buttons, the block editor's social
# links, YARPP, Contextual Related Posts, Related Posts for WP, Ad Inserter, AdSense.
WIDGET_CLASSES = frozenset({
    "sharedaddy", "sd-sharing", "sd-like", "jp-relatedposts", "jp-post-flair", "jetpack-likes-widget-wrapper",
    "wp-block-jetpack-sharing-buttons", "wp-block-jetpack-related-posts", "wordads-ad-wrapper",
    "addtoany_share_save_container", "addtoany_content", "a2a_kit",
    "swp_social_panel", "swp-hidden-panel-wrap", "sharethis-inline-share-buttons", "shareaholic-canvas",
    "heateor_sss_sharing_container", "heateor_sss_horizontal_sharing", "simplesocialbuttons",
    "wp-block-social-links", "yarpp-related", "crp_related", "rp4wp-related-posts", "code-block", "adsbygoogle",
})


@dataclass(frozen=True)
class Link:
    """An anchor: its target and the span of its text in the produced text."""

    href: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"href": self.href, "text": self.text, "start": self.start, "end": self.end}


class _Buf(list):
    """The output strings and their total length, so an offset costs O(1), not a re-sum of
    everything so far (quadratic on a page of 100,000 small elements)."""

    n = 0

    def append(self, s: str) -> None:
        super().append(s)
        self.n += len(s)


def _walk(el, out: _Buf, links: list[tuple[str, int, int]], depth: int) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.lower()
    if tag in SKIP_TAGS or depth > MAX_DEPTH or isinstance(el, lxml.etree._Comment):
        return
    block = tag in BLOCK_TAGS
    if block:
        out.append("\n\n")
    if tag == "br":
        out.append("\n")
    start = out.n
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out, links, depth + 1)
        if child.tail:
            out.append(child.tail)
    if tag == "a" and el.get("href"):
        end = out.n
        links.append((el.get("href").strip(), start, end))
    if block:
        out.append("\n\n")


def _normalise_ws(raw: str) -> tuple[str, list[int]]:
    """Collapse runs of spaces, keep paragraph breaks; return the text and an old->new map.

    ``mapping[i]`` is the offset in the new text of raw character ``i``; whitespace maps to the
    next kept character, so a span (s, e) of raw maps to (mapping[s], mapping[e]).
    """
    out: list[str] = []
    n = 0
    mapping: list[int | None] = [None] * (len(raw) + 1)
    pending_space = False
    pending_break = 0
    for i, ch in enumerate(raw):
        if ch == "\n":
            pending_break += 1
        elif ch.isspace():
            pending_space = True
        else:
            if n:
                sep = "\n\n" if pending_break >= 2 else "\n" if pending_break else " " if pending_space else ""
                out.append(sep)
                n += len(sep)
            pending_space, pending_break = False, 0
            out.append(ch)
            mapping[i] = n
            n += 1
    nxt = n
    for i in range(len(raw), -1, -1):  # whitespace takes the position of the next kept char
        if mapping[i] is None:
            mapping[i] = nxt
        else:
            nxt = mapping[i]
    return "".join(out), mapping  # type: ignore[return-value]


# Runs of whitespace that _ws_sep changes: a lone space is replaced by itself, so it is not
# matched (most runs are one space: a Python call each was most of visible_text's time). A
# match starts at a run's first character and takes all of it, as "\s+" did.
_WS_RUN_RE = re.compile(r"\s{2,}|[^\S ]")


def _ws_sep(m: re.Match) -> str:
    breaks = m.group().count("\n")
    return "\n\n" if breaks >= 2 else "\n" if breaks else " "


def _collapse_ws(raw: str) -> str:
    r"""``_normalise_ws(raw)[0]`` without the offset map, by regex instead of a character loop:
    the same leading/trailing whitespace dropped (``\s`` and ``str.strip`` both use
    ``str.isspace``) and each inner run of whitespace replaced by the same separator."""
    return _WS_RUN_RE.sub(_ws_sep, raw.strip())


def fragment_to_text(fragment: str) -> tuple[str, list[Link]]:
    """Text of an HTML fragment, one paragraph per block element, with its links."""
    if not fragment.strip():
        return "", []
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError, AssertionError):
        # AssertionError: lxml's "too many bodies" on a fragment such as "<!DOCTYPE html><script>"
        return "", []
    # Plugins' widgets out first (their tails, the text after them, stay); the walk itself is
    # the page's visible-text walk too, which keeps everything.
    for el in [el for el in root.iter() if isinstance(el.tag, str) and el.get("class")
               and not WIDGET_CLASSES.isdisjoint(el.get("class").split())]:
        if el.getparent() is not None:
            el.drop_tree()
    out = _Buf()
    raw_links: list[tuple[str, int, int]] = []
    _walk(root, out, raw_links, 0)
    raw = "".join(out)
    text, mapping = _normalise_ws(raw)
    links = []
    for href, s, e in raw_links:
        ns, ne = mapping[s], mapping[e]
        # trim whitespace the map may include at the end
        while ne > ns and text[ne - 1].isspace():
            ne -= 1
        links.append(Link(href=href, text=text[ns:ne], start=ns, end=ne))
    return text, links


# The last page parsed, shared by everything that reads the page's tree without changing it
# (visible_text, page_links, the boilerplate family's page statistics): each parsed it anew.
# Pages above _SHARED_MAX_CHARS are parsed per use, so the kept tree stays small.
_SHARED_MAX_CHARS = 1_000_000
_shared: list = [(None, None)]  # one (html, root or the parse error) pair, replaced whole


# An XML declaration, as XHTML pages open ("<?xml version='1.0' encoding='utf-8'?>").
_XML_DECL_RE = re.compile(r"\s*<\?xml\b[^>]*>")


def _document(html: str) -> lxml.html.HtmlElement:
    """``lxml.html.document_fromstring(html)``, also for a page that opens with an XML
    declaration naming its encoding: lxml refuses such a str (ValueError), which left an XHTML
    page without visible text, page links or furniture blocks. The text is decoded already,
    so the declaration says nothing more and is dropped."""
    try:
        return lxml.html.document_fromstring(html)
    except ValueError:
        decl = _XML_DECL_RE.match(html)
        if decl is None:
            raise
        return lxml.html.document_fromstring(html[decl.end():])


def parsed_page(html: str) -> lxml.html.HtmlElement:
    """``lxml.html.document_fromstring(html)``, parsed once per page; raises as it does. The
    tree must not be changed (trafilatura, which changes its tree, parses its own)."""
    if len(html) > _SHARED_MAX_CHARS:
        return _document(html)
    page, root = _shared[0]
    if page is not html and page != html:
        try:
            root = _document(html)
        except (lxml.etree.ParserError, ValueError) as exc:
            root = exc
        _shared[0] = (html, root)
    if isinstance(root, Exception):
        raise root
    return root


def _names(tags) -> str:
    """An XSLT pattern matching these tags as ``_walk`` does: it compares ``tag.lower()``, and the
    parser gives element names in ASCII lower case, so the only other spelling that lowers to
    one of these names is a KELVIN SIGN for a "k" (the one non-ASCII character ``str.lower``
    maps to ASCII; the parser keeps it in a name)."""
    names = set(tags) | {t.replace("k", "\u212a") for t in tags if "k" in t}
    return "|".join(sorted(names))


# ``_walk`` as an XSLT stylesheet, run in C by libxslt: the page's raw visible text without a
# Python call per element (0.38 ms against 1.1 ms for ``_walk`` on the 181 real benchmark pages).
# Same string as ``_walk`` of the body (else the root): blocks wrapped in "\n\n", "\n" before a
# <br>'s content, skipped tags and comments dropped with their content but not their tails (the
# built-in text template copies every text node, and a tail is the text node after an element),
# a processing instruction's text kept, and elements deeper than MAX_DEPTH below the walk's
# start dropped (``d`` is ``_walk``'s depth: the parser stops nesting at 255 levels, but the
# limit is kept so the two cannot differ whatever the tree).
_VISIBLE_XSLT = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:choose>
 <xsl:when test="*/body"><xsl:apply-templates select="*/body[1]"><xsl:with-param name="d" select="0"/></xsl:apply-templates></xsl:when>
 <xsl:otherwise><xsl:apply-templates select="*"><xsl:with-param name="d" select="0"/></xsl:apply-templates></xsl:otherwise>
</xsl:choose></xsl:template>
<xsl:template match="{_names(SKIP_TAGS)}"/>
<xsl:template match="*"><xsl:param name="d"/><xsl:if test="$d &lt;= {MAX_DEPTH}">
 <xsl:apply-templates><xsl:with-param name="d" select="$d + 1"/></xsl:apply-templates></xsl:if></xsl:template>
<xsl:template match="{_names(BLOCK_TAGS)}"><xsl:param name="d"/><xsl:if test="$d &lt;= {MAX_DEPTH}">
 <xsl:text>&#10;&#10;</xsl:text><xsl:apply-templates><xsl:with-param name="d" select="$d + 1"/></xsl:apply-templates><xsl:text>&#10;&#10;</xsl:text></xsl:if></xsl:template>
<xsl:template match="br"><xsl:param name="d"/><xsl:if test="$d &lt;= {MAX_DEPTH}">
 <xsl:text>&#10;</xsl:text><xsl:apply-templates><xsl:with-param name="d" select="$d + 1"/></xsl:apply-templates></xsl:if></xsl:template>
<xsl:template match="processing-instruction()"><xsl:param name="d"/><xsl:if test="$d &lt;= {MAX_DEPTH}">
 <xsl:value-of select="."/></xsl:if></xsl:template>
</xsl:stylesheet>"""


@functools.lru_cache(maxsize=1)
def _visible_transform() -> lxml.etree.XSLT:
    """The stylesheet, compiled on first use (plain text never needs it)."""
    # The stylesheet reads nothing but the page it is given; no file or network access either
    # way, whatever a page holds.
    return lxml.etree.XSLT(lxml.etree.XML(_VISIBLE_XSLT), access_control=lxml.etree.XSLTAccessControl.DENY_ALL)


def _raw_visible_text(root) -> str:
    """``"".join`` of ``_walk`` over the body of a parsed page's root (else the root itself)."""
    return str(_visible_transform()(root))


def visible_text(html: str) -> str:
    """All text a reader sees on the page (template included), one block per paragraph."""
    try:
        root = parsed_page(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    return _collapse_ws(_raw_visible_text(root))


def page_links(html: str) -> list[tuple[str, str]]:
    """(href, anchor text) of every link on a page."""
    try:
        root = parsed_page(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    out = []
    for a in root.iter("a"):
        href = a.get("href")
        if href:
            # split/join: re.sub(r"\s+", " ", s).strip() in C (``\s``, str.split and str.strip
            # all use str.isspace)
            out.append((href.strip(), " ".join(a.text_content().split())))
    return out


@dataclass(frozen=True)
class PageText:
    body: str
    title: str | None
    date: str | None
    url: str | None
    author: str | None


def _trafilatura_tree(html: str):
    """The page parsed once as trafilatura parses it (``load_html``), for both extractions and
    the metadata; the string itself when that fails, so trafilatura fails as it did.

    ``extract`` copies a tree it is given before changing it (``bare_extraction``); a copy costs
    ~0.4 ms where a parse costs ~1.4 ms on the 181 benchmark pages, and each of the two or three
    calls parsed the string anew. Same body and metadata on all 181 pages (also the training
    corpus's HTML documents)."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except (TypeError, ValueError):  # inside extract these made it return None: let it
        return html
    return html if tree is None else tree


def extract_page(html: str, fast: bool = False) -> PageText:
    """Main text and metadata of a full HTML page, via trafilatura (the metadata through
    :func:`scorer.page_meta.page_metadata`: only the fields the report reads).

    trafilatura's precision mode leaves less page furniture in the body (on the 181-page
    article-extraction benchmark: shingle F1 0.964 vs 0.960 for its default), but on a few
    pages it keeps only a fragment (a teaser, a caption). When the precise body is short we
    also run the default mode and keep it if it is more than twice as long.
    Benchmark with both rules: 0.969 (``scorer.training.boilerplate.evaluate``).

    ``fast`` (``--fast-html``, off by default) runs trafilatura without its fallback extractors
    (readability-lxml, jusText) and without htmldate's extensive date search. On the 181
    benchmark pages: extraction 15.7 -> 9.7 ms a page, shingle F1 0.969 -> 0.968, metadata
    6.3 -> 5.2 ms, and no date found on 2 pages that had one. Off by default because the
    shipped models were measured on the full extraction and a missing date silences the
    date checks; for crawls where throughput matters more, reports say it was used (the
    ``fast_html`` caveat).
    """
    import trafilatura  # deferred: costs ~0.3 s to import and plain text never needs it

    opts = dict(output_format="txt", include_comments=False, include_tables=True,
                deduplicate=False, with_metadata=False)
    short_body_chars = 1500  # below this a precision-mode body may be a fragment
    page = _trafilatura_tree(html)
    body = trafilatura.extract(page, favor_precision=True, fast=fast, **opts) or ""
    if len(body) < short_body_chars:
        fallback = trafilatura.extract(page, fast=fast, **opts) or ""
        if len(body) < 0.5 * len(fallback):
            body = fallback
    try:
        # Last: it may change the tree it is given (the extractions above work on copies).
        meta = page_metadata(page, extensive=not fast)
    except Exception:  # noqa: BLE001 - metadata is best effort; htmldate asserts on some broken trees
        meta = None
    title = date = url = author = None
    if meta is not None:
        title, date, url, author = meta.title, meta.date, meta.url, meta.author
    return PageText(body=body, title=title, date=date, url=url, author=author)
