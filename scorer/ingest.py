"""Read any article: bytes -> decoded text -> detected format -> :class:`Article`.

Ingestion never scores. Every failure is a :class:`~scorer.errors.InputError` with its own
message; nothing here lets a raw exception escape for a bad file.
"""
from __future__ import annotations

import codecs
import functools
import html as html_lib
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.etree

from . import errors, page_dates, page_stub
from .article import Article, Paragraph, credible_update
from .htmltext import extract_page, fragment_to_text, page_links, parsed_page, visible_text
from .language import language_mix
from .page_dates import iso_date
from .page_meta import page_modified, structured_date
from .text import fold_evasions, fold_trace, snippet, split_paragraphs

DEFAULT_MAX_BYTES = 5_000_000
MAX_JSON_DEPTH = 64
_SNIFF = 8192
_TEXT_KEYS = ("text", "content", "body", "article", "articleBody", "maintext")
_TITLE_KEYS = ("title", "headline", "name")
# publishedAt: NewsAPI and GNews; publish_date: newspaper3k/4k; published_date: many scrapers.
_DATE_KEYS = ("date", "published", "date_publish", "datePublished", "published_at", "pubDate",
              "publishedAt", "publish_date", "published_date")
_URL_KEYS = ("url", "link", "source_url", "canonical_url")
# The metadata fields a JSON object may carry, by the names looked for in order: also the
# columns a table of articles is read with (scorer.spark).
METADATA_KEYS = {"title": _TITLE_KEYS, "date": _DATE_KEYS, "url": _URL_KEYS}
# A JSON article's last update: schema.org's name, WordPress's, and the snake-case spelling.
# Not "updated"/"updated_at": in a scraper's or database's dump those are often the row's own
# write time (the crawl's), which would excuse every reference up to the day of the crawl.
_MODIFIED_KEYS = ("dateModified", "date_modified", "modified")
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
# A comment ends at its first "-->" (tempered dot): ".*?" let a run of comments backtrack
# exponentially ("<!-- -->" x 22 took 0.3 s, x 40 forever). Every pattern that skips comments
# uses this one (with re.S).
_COMMENT = r"<!--(?:(?!-->).)*-->"
# An XML declaration may come among the comments: XHTML opens "<?xml ...?>" then its doctype,
# and only "<?xml ...?><html" was read as HTML (a page of long paragraphs, too few tags for the
# density test, was scored as plain text, markup and all). The two alternatives open
# differently, so the loop cannot backtrack.
_HTML_START_RE = re.compile(r"^\s*(?:(?:" + _COMMENT + r"|<\?xml[^>]*>)\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S)
_TAG_RE = re.compile(r"</?(?:p|div|span|a|br|li|ul|h[1-6]|body|head|meta|table|img|section|article)\b[^>]*>", re.I)
_MD_RE = re.compile(r"^(?:#{1,6} \S|\s*[-*+] \S.*|\s*\d+\. \S.*|.*\[[^\]]+\]\([^)\s]+\).*|.*\*\*[^*]+\*\*.*)$", re.M)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


# Control bytes other than tab, line feed, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _check_binary(data: bytes) -> None:
    head = data[:_SNIFF]
    if b"\x00" in head:
        raise errors.BinaryInput("binary content (NUL bytes); not a text, HTML or JSON article")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C, not per byte
    if head and controls / len(head) > 0.05:
        raise errors.BinaryInput(
            f"binary content ({controls} control bytes in the first {len(head)}); not an article"
        )


# Labels that browsers read as a superset (WHATWG Encoding Standard): a page served as
# "ISO-8859-1" or "US-ASCII" is cp1252 in practice (curly quotes, dashes and the euro sign sit in
# 0x80-0x9F, which Latin-1 reads as control characters). Applied to the HTTP charset and the HTML
# meta charset alike, as a browser does: a page that declares ISO-8859-1 and writes a curly quote
# as byte 0x93 shows a curly quote, where Latin-1 would give an invisible U+0093.
_WHATWG_SUPERSETS = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254",
                     "iso8859-11": "cp874", "tis-620": "cp874", "gb2312": "gbk"}


def _decode_declared(data: bytes, label: str) -> Decoded | None:
    """``data`` decoded with the codec a declared charset ``label`` names (bad bytes replaced),
    or None when Python knows no such text codec (a bogus name, "base64", "idna", ...)."""
    try:
        codec = codecs.lookup(label).name
        codec = _WHATWG_SUPERSETS.get(codec, codec)
        return Decoded(data.decode(codec, errors="replace"), codec)
    except (LookupError, ValueError):
        # ValueError: a codec that is no charset ("idna" raises UnicodeError), a NUL in the name
        return None


def _declared_wide(data: bytes, http_charset: str | None) -> Decoded | None:
    """``data`` read as the UTF-16/UTF-32 its HTTP header declares, when it is valid in it. Such a
    page without a byte-order mark ("charset=utf-16le") is half NUL bytes: the binary check
    refused it before the header was read."""
    if not http_charset:
        return None
    try:
        codec = codecs.lookup(http_charset).name
    except (LookupError, ValueError):
        return None
    if not codec.startswith(("utf-16", "utf-32")):
        return None
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        return None


def decode(data: bytes, http_charset: str | None = None) -> Decoded:
    """Bytes to text; ``Decoded.encoding`` names the codec used. The first that applies:

    1. a byte-order mark (UTF-8, UTF-16); a UTF-16/32 ``http_charset`` the bytes are valid in;
    2. valid UTF-8 stays UTF-8, whatever is declared: servers often label UTF-8 pages
       ISO-8859-1, and non-ASCII bytes that happen to be valid UTF-8 are almost never another
       charset;
    3. ``http_charset`` (the charset of an HTTP Content-Type header, from a WARC record) when
       Python knows it, "ISO-8859-1"/"US-ASCII" read as cp1252 as browsers do; a UTF-8 label is
       skipped here, the bytes having just proved it false;
    4. the charset an HTML page declares in a ``<meta>`` tag (the same supersets);
    5. cp1252 (which also reads Latin-1 text).

    An unknown or bogus charset name falls through to the next step. Without ``http_charset``
    (plain files) this is steps 1, 2, 4, 5."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise errors.BinaryInput(f"UTF-16 byte-order mark but invalid UTF-16: {exc.reason}") from None
    wide = _declared_wide(data, http_charset)
    if wide is not None:
        return wide
    _check_binary(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if http_charset:
        dec = _decode_declared(data, http_charset)
        if dec is not None and not dec.encoding.startswith("utf-8"):
            return dec
    m = _META_CHARSET_RE.search(data[:4096])
    if m:
        dec = _decode_declared(data, m.group(1).decode("ascii", "ignore").lower())
        if dec is not None:
            return dec
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return Decoded(data.decode("latin-1"), "latin-1")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """Lone surrogates (from JSON "\\ud800" escapes, or a caller's str) become U+FFFD: they
    cannot be written as UTF-8, so a row holding one could not be saved."""
    return _SURROGATE_RE.sub("\ufffd", text)


def _scrub_json(obj: Any) -> Any:
    if isinstance(obj, str):
        return scrub_surrogates(obj)
    if isinstance(obj, list):
        return [_scrub_json(v) for v in obj]
    if isinstance(obj, dict):
        return {scrub_surrogates(k): _scrub_json(v) for k, v in obj.items()}
    return obj


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same characters as bytes: in UTF-8 each is its own single byte, and no byte of a longer
# sequence is below 0x80, so the UTF-8 text holds one of these bytes iff the text holds one.
_CONTROL_UTF8 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def normalise(text: str, unfolded: list[str] | None = None) -> str:
    """:func:`_unfolded` and the character tricks that hide a phrase from the checks undone
    (``fold_evasions``: zero-width characters inside Latin words, Cyrillic lookalikes in a Latin
    word, ...). ``unfolded``, when given, gets the text before that fold appended (the caller
    then knows whether the fold changed it, for the ``obfuscated_text`` caveat)."""
    text = _unfolded(text)
    if unfolded is not None:
        unfolded.append(text)
    return fold_evasions(text)


def _unfolded(text: str) -> str:
    """NFC, unified newlines, no NULs or other C0 controls but tab/newline, no lone surrogates.

    Each step runs only when the text needs it, found by a check in C: on a 174 KB page the
    surrogate and control regexes each scanned the text (~0.45 ms) and found nothing."""
    try:
        # Lone surrogates are the only code points UTF-8 cannot encode.
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        text = scrub_surrogates(text)
        data = text.encode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # "\r" and "\n" are not among them, so the bytes read before the newline step still tell.
    if len(data.translate(None, _CONTROL_UTF8)) != len(data):
        text = _CONTROL_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def _json_depth(obj: Any, limit: int) -> int:
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        cur, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(cur, dict):
            stack.extend((v, d + 1) for v in cur.values())
        elif isinstance(cur, list):
            stack.extend((v, d + 1) for v in cur)
    return deepest


def _rendered(v: Any) -> str | None:
    if isinstance(v, dict):
        v = v.get("rendered", v.get("raw"))
    return v if isinstance(v, str) else None


# A page's doctype or <html> tag behind something printed before it (a PHP notice, "<br />\n
# <b>Warning</b>: ... on line <b>12</b><br />", is common on crawled WordPress sites), with its
# body or its end further on. Such a page met only the density test, which a long <head> of
# scripts and styles fails: 16 of the 181 real benchmark pages, so prefixed, read as plain text.
_HTML_DOC_RE = re.compile(r"<!doctype\s+html\b|<html[\s>]", re.I)
_HTML_BODY_RE = re.compile(r"<body[\s>]|</html\s*>", re.I)


# An HTML fragment (a scraper's saved article body, a JSON text field) opens with a block
# element and closes one. Its paragraphs can be long enough that their tags fall under the
# density test: such a fragment was scored as plain text with its tags in the body.
_BLOCK_NAMES = r"(?:p|div|section|article|main|header|h[1-6]|ul|ol|table|blockquote|figure)"
_FRAGMENT_START_RE = re.compile(r"\s*(?:" + _COMMENT + r"\s*)*<" + _BLOCK_NAMES + r"[\s>]", re.I | re.S)
_BLOCK_END_RE = re.compile(r"</" + _BLOCK_NAMES + r"\s*>", re.I)


# An XML document that is not a page: a crawl folder holds feeds and sitemaps beside its pages.
# Read as plain text, markup and all, an RSS feed scored 93.5 "likely reliable".
_XML_ROOT_RE = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:" + _COMMENT + r"\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*>\s*)*"
                          r"<([A-Za-z_][\w.:\-]*)", re.S)
_XML_KINDS = {"rss": "an RSS feed", "feed": "an Atom feed", "rdf:rdf": "an RSS 1.0 (RDF) feed",
              "urlset": "a sitemap", "sitemapindex": "a sitemap index", "svg": "an SVG image",
              "opml": "an OPML outline"}


def _xml_kind(text: str) -> str | None:
    """What an XML document that is not a page is ("an RSS feed"), by its root element; None for
    anything else. Only text that opens with an XML declaration or one of those roots is looked
    at: a plain-text article opening with "<" and a word is not XML."""
    if not text.startswith("<"):
        return None
    m = _XML_ROOT_RE.match(text[:4096])
    if m is None:
        return None
    root = m[1].lower()
    declared = text.startswith("<?xml")
    kind = _XML_KINDS.get(root)
    if kind is not None and not declared and f"</{root}" not in text[-4096:].lower():
        return None  # "<Feed> The council ...": a text that opens with a bracketed word, not a document
    if kind is None and declared and root != "html":
        kind = f"an XML document (root element <{m[1]}>)"
    return kind


def _looks_html(text: str) -> bool:
    if _HTML_START_RE.match(text):
        return True
    if _HTML_DOC_RE.search(text, 0, 20000) and _HTML_BODY_RE.search(text):
        return True
    if _FRAGMENT_START_RE.match(text) and _BLOCK_END_RE.search(text, 0, 20000):
        return True
    tags = _TAG_RE.findall(text[:20000])
    return len(tags) >= 5 and sum(map(len, tags)) > 0.05 * min(len(text), 20000)


def _looks_markdown(text: str, suffix: str) -> bool:
    if suffix in (".md", ".markdown"):
        return True
    return len(_MD_RE.findall(text[:20000])) >= 3 and bool(re.search(r"^#{1,6} \S", text, re.M))


def headline(line: str) -> str:
    """A line as a title: stripped, without a Markdown heading's "#" marks."""
    return line.strip().lstrip("#").strip()


def _title_from_text(body: str) -> str | None:
    """First line, when it reads like a headline (short, no closing full stop)."""
    for line in body.split("\n"):
        line = headline(line)
        if not any(ch.isalpha() for ch in line):  # blank, or a rule ("---", "* * *"): no headline
            continue
        if len(line) <= 200 and not line.endswith((".", ",", ";")):
            return line
        return None
    return None


# A Jekyll/Hugo front matter block: "---" (YAML) or "+++" (TOML) on the first line, "key: value"
# or "key = value" lines, the same fence again. Bounded: a text opening with a "---" rule is
# not read to its end.
_FRONT_MATTER_RE = re.compile(r"\A(---|\+\+\+)[ \t]*\n((?:[^\n]*\n){0,200}?)\1[ \t]*(?:\n|\Z)")
_FRONT_KEY_RE = re.compile(r"^([A-Za-z_][\w.\-]*)[ \t]*[:=][ \t]*(.*?)[ \t]*$")
_YAML_BLOCK = frozenset({"|", ">", "|-", ">-", "|+", ">+"})  # the value is on the lines below
# "modified": the static-site generators' own names for a post's last update (Hugo lastmod,
# Jekyll last_modified_at, Hexo and Eleventy updated), written by the site, not by a crawler.
_FRONT_KEYS = {"title": _TITLE_KEYS, "published": (*_DATE_KEYS, "publishDate"), "url": _URL_KEYS,
               "modified": ("lastmod", "last_modified_at", "updated", *_MODIFIED_KEYS)}


def _front_matter(text: str) -> tuple[dict, str]:
    """(title/published/url/modified found, the text after the block) for a text opening with front
    matter; ({}, text) otherwise. Left in, the block was the article's first lines: its "---"
    the title, its "date:" line never the date."""
    m = _FRONT_MATTER_RE.match(text)
    lines = m[2].splitlines() if m else []
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), None)
    if first is None or not _FRONT_KEY_RE.match(first):
        return {}, text
    found = {}
    for line in lines:
        k = _FRONT_KEY_RE.match(line)  # top-level keys only: nested ones are indented
        if k and k[2] and k[2] not in _YAML_BLOCK:
            found.setdefault(k[1], k[2].strip("'\""))
    fields = {name: next((found[k] for k in keys if found.get(k)), None) for name, keys in _FRONT_KEYS.items()}
    fields["published"] = iso_date(fields["published"])
    fields["modified"] = iso_date(fields["modified"])
    if not re.match(r"https?://", fields["url"] or ""):  # a site-relative permalink names no site
        fields["url"] = None
    return fields, text[m.end():]


@dataclass
class _Parsed:
    body: str
    fmt: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    page_text: str | None = None
    html: str | None = None
    meta: dict | None = None
    modified: str | None = None  # the last update the structured data declares (YYYY-MM-DD)
    live: bool = False  # the page declares itself a live blog (JSON-LD LiveBlogPosting)


_FIELD_NAMES = (*_TEXT_KEYS, *_TITLE_KEYS, *_DATE_KEYS, *_URL_KEYS)


def _other_case_fields(obj: dict) -> dict:
    """The fields looked for that ``obj`` spells in another case ("Title", "Text", "URL", as
    spreadsheet exports and some scrapers write them), under the names looked for; a name
    ``obj`` has as written is left out (it wins). Without them such an object had no text."""
    lower: dict = {}
    for k, v in obj.items():
        lower.setdefault(str(k).lower(), v)
    return {k: lower[k.lower()] for k in _FIELD_NAMES if k not in obj and k.lower() in lower}


def is_post_array(obj: Any) -> bool:
    """Whether a JSON value is an array of two or more objects: what ``spinscore batch`` reads
    one row per item (:func:`scorer.dumps.array_records`) and a single-article read refuses."""
    return isinstance(obj, list) and len(obj) >= 2 and all(isinstance(x, dict) for x in obj)


def _parse_json(text: str) -> _Parsed:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise errors.MalformedJSON(
            f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise errors.MalformedJSON(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # an integer over Python's 4,300-digit conversion limit
        raise errors.MalformedJSON(f"unreadable JSON: {exc}") from None
    if _json_depth(obj, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise errors.MalformedJSON(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    obj = _scrub_json(obj)
    if isinstance(obj, list):
        # The WordPress REST list endpoint returns an array; one post is one article.
        if len(obj) == 1 and isinstance(obj[0], dict):
            obj = obj[0]
        else:
            raise errors.NoText(
                f"JSON array of {len(obj)} items; give one article (one JSON object) per file"
                + (" (`spinscore batch` scores an array of posts in a .json file one row per post)"
                   if is_post_array(obj) else "")
            )
    if not isinstance(obj, dict):
        raise errors.NoText(f"JSON {type(obj).__name__}, not an object with article text")

    content = obj.get("content")
    if isinstance(content, dict) and isinstance(_rendered(content), str):
        # WordPress REST API post: title/content/excerpt are {"rendered": html}.
        body, links = fragment_to_text(_rendered(content) or "")
        if not body.strip():
            body, links = fragment_to_text(_rendered(obj.get("excerpt")) or "")
        title_html = _rendered(obj.get("title")) or ""
        title = fragment_to_text(title_html)[0].strip() or None
        return _Parsed(
            body=body, fmt="wordpress_json", title=title,
            published=iso_date(obj.get("date")),  # local publication date, as the site shows it
            modified=iso_date(obj.get("modified")),  # local, as "date"; WordPress sets it on each edit
            url=obj.get("link") if isinstance(obj.get("link"), str) else None,
            meta={"links": [ln.to_dict() for ln in links], "wordpress_id": obj.get("id")},
        )
    fields = {**_other_case_fields(obj), **obj}
    for key in _TEXT_KEYS:
        val = fields.get(key)
        if isinstance(val, str) and val.strip():
            # The first name with a usable value: an empty title or a "0000-00-00" date under
            # the first name must not hide a good one under the next.
            title = next((fields[k] for k in _TITLE_KEYS if isinstance(fields.get(k), str) and fields[k].strip()), None)
            published = next(filter(None, (iso_date(fields.get(k)) for k in _DATE_KEYS)), None)
            url = next((fields[k] for k in _URL_KEYS if isinstance(fields.get(k), str) and fields[k].strip()), None)
            links: list = []
            body = val
            if _looks_html(val):
                body, link_objs = fragment_to_text(val)
                links = [ln.to_dict() for ln in link_objs]
            modified = next(filter(None, (iso_date(fields.get(k)) for k in _MODIFIED_KEYS)), None)
            return _Parsed(body=body, fmt="json", title=title, published=published, url=url,
                           meta={"links": links, "text_key": key}, modified=modified)
    keys = ", ".join(sorted(map(str, obj))[:12])
    raise errors.NoText(f"JSON object has no article text field (looked for {', '.join(_TEXT_KEYS)}; found: {keys})")


# <meta http-equiv="refresh" content="0; url=https://...">: a page that sends the reader on.
_REFRESH_RE = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*>""", re.I)
_REFRESH_TO_RE = re.compile(r"""content\s*=\s*["']?\s*(\d+)\s*[;,]\s*(?:url\s*=\s*)?["']?([^"'>\s]+)""", re.I)
_REDIRECT_MAX_DELAY = 10  # seconds: a live page that reloads itself every few minutes is an article
_REDIRECT_MAX_WORDS = 50


def _redirect_target(html: str, body: str) -> str | None:
    """Where a redirect page sends its reader: a meta refresh of a few seconds to a URL, on a
    page with next to no text of its own ("Redirecting..."); None for any other page. Scored,
    such a page got a "mixed" verdict for 34 characters that are no article."""
    tag = _REFRESH_RE.search(html, 0, 20000)
    to = _REFRESH_TO_RE.search(tag[0]) if tag else None
    if to is None or int(to[1]) > _REDIRECT_MAX_DELAY or len(body.split()) >= _REDIRECT_MAX_WORDS:
        return None
    return to[2]


# A numeric character reference to a C0 control other than tab, LF and CR ("&#27;", "&#x1B;"):
# XML 1.0 forbids those characters, and lxml, meeting one in trafilatura's tree, gave no text
# at all, so the whole page became a no_text row for one stray escape. They name no letter.
_C0_REF_RE = re.compile(r"&#(?:0*(?:[0-8]|1[124-9]|2[0-9]|3[01])|[xX]0*(?:[0-8]|[bBcCeEfF]|1[0-9a-fA-F]));")


def _parse_html(text: str, fast: bool = False) -> _Parsed:
    if "&#" in text:
        text = _C0_REF_RE.sub("", text)
    page = extract_page(text, fast=fast)
    target = _redirect_target(text, page.body or "")
    if target is not None:
        raise errors.NoText(f"a redirect page (meta refresh to {target[:200]}), not an article: nothing to score")
    body = page.body
    if not (body or "").strip() and not _HTML_DOC_RE.search(text) and not _HTML_BODY_RE.search(text):
        # A fragment (a saved article body: "<p>...</p>") too short for trafilatura, which
        # found no main text in it: read as a JSON text field's HTML is, block by block.
        body = fragment_to_text(text)[0]
    published = iso_date(page.date)
    page_text = visible_text(text)
    # The page's structured date: asked by up to three checks, computed at most once (~1-2 ms).
    structured = functools.cache(lambda: structured_date(text, page.url))
    if page_dates.year_only(page_text, published, structured, fast):
        published = None
    elif page_dates.off_the_story(page_text, page.title, body or "", published, structured, fast):
        published = page_dates.dateline(page_text, body or "")
    try:
        modified, live = page_modified(parsed_page(text))
    except (lxml.etree.ParserError, ValueError):  # as visible_text: no tree, no metadata
        modified, live = None, False
    return _Parsed(
        body=body, fmt="html", title=page.title, published=published, url=page.url,
        page_text=page_text, html=text, modified=iso_date(modified), live=live,
        meta={"page_links": [{"href": h, "text": t} for h, t in page_links(text)],
              "author": page.author, **({"fast_html": True} if fast else {}),
              **({"date_from_text": True} if page_dates.date_from_text(page.body, published, structured, fast) else {})},
    )


def _parse_format(text: str, name: str, fast_html: bool) -> _Parsed:
    """``text`` (normalised) read by its format: the body (entities unescaped in plain text and
    Markdown), title, date, URL and the format's extras."""
    suffix = Path(name).suffix.lower()
    stripped = text.lstrip()
    if stripped[:1] in "{[" or suffix == ".json":
        try:
            parsed = _parse_json(stripped)
        except errors.MalformedJSON:
            # "[Update] ..." or "{Sponsored}" can open a plain-text article; only text that
            # really reads as JSON (or a .json file) is reported as malformed.
            if suffix == ".json" or re.match(r'[{\[]\s*("|\{|\[|$)', stripped):
                raise
            parsed = _Parsed(body=text, fmt="text")
    elif suffix in (".html", ".htm", ".xhtml") or _looks_html(text):
        parsed = _parse_html(text, fast=fast_html)
    elif (kind := _xml_kind(stripped)) is not None:
        raise errors.NoText(f"{kind}, not an article page: nothing to score")
    else:
        fields, rest = _front_matter(text)
        parsed = _Parsed(body=rest, fmt="markdown" if _looks_markdown(rest, suffix) else "text", **fields)

    if parsed.fmt in ("text", "markdown"):
        # Dumps of scraped pages often keep entities ("&#8217;", "&amp;").
        parsed.body = html_lib.unescape(parsed.body)
    return parsed


_CONTEXT = 20  # characters each side that place a hidden word found in another reading
_MARKUP_BREAK_RE = re.compile(r"[<>\n\\]")


def _input_trace(unfolded: str) -> tuple[str, list]:
    """:func:`scorer.text.fold_trace` of the whole input before the fold (entities read): where the
    words hidden anywhere in it are, for the body's words and the title's alike."""
    return fold_trace(html_lib.unescape(unfolded) if "&" in unfolded else unfolded)


def _hidden_words(body: str, body_unfolded: str, unfolded: str | None, raw: tuple[str, list] | None,
                  parsed: _Parsed, name: str, fast_html: bool) -> list[list]:
    """The words of ``body`` that character tricks had hidden (``meta["hidden_words"]``, read by
    the report's ``obfuscated_text`` caveat): ``[start, end, kind, characters, snippet]`` each, as
    :func:`scorer.text.fold_trace` finds them (soft hyphens left out), in text order. Called only for a text a fold
    changed: the body's own fold, or the fold of the whole input before its format was read
    (``unfolded``: the input before it; ``raw``: its :func:`_input_trace`). Then the words
    hidden in the unfolded input are placed in ``body`` by their context (an HTML extraction drops zero-width characters: only the page shows
    them); a plain-text, Markdown or JSON input is also read again unfolded, cheaply, and its
    body's words placed by offset when the two bodies agree. An HTML page is not extracted again
    (that would double its cost on the ~1 page in 10 with a stray zero-width space)."""
    traced = [fold_trace(body_unfolded)]
    if unfolded is not None and raw is not None:
        # Only when a word of the input hid something (not a stray character between words).
        if any(f.kind != "soft_hyphen" for f in raw[1]):
            traced.append(raw)
            if parsed.fmt != "html":
                try:
                    traced = [fold_trace(_unfolded(_parse_format(unfolded, name, fast_html).body)), raw]
                except Exception:  # read again only to find the words: the body stands as read
                    pass
    found: dict[tuple[int, int, str], list] = {}
    for folded, folds in traced:
        lead = len(folded) - len(folded.lstrip("\n"))
        same = folded.strip("\n") == body
        hint = 0
        for f in folds:
            if f.kind == "soft_hyphen":
                continue  # a hyphenation hint a CMS puts in long words: hides nothing (caveats.py)
            if same:
                s, e = f.start - lead, f.end - lead
            else:
                # the context up to any markup, line break or escape, which a reading rewrites
                left = _MARKUP_BREAK_RE.split(folded[max(0, f.start - _CONTEXT):f.start])[-1]
                right = _MARKUP_BREAK_RE.split(folded[f.end:f.end + _CONTEXT])[0]
                if len(left) + len(right) < _CONTEXT // 2:
                    continue  # too little to place it: a common word could be found elsewhere
                at = body.find(left + folded[f.start:f.end] + right, hint)
                if at < 0:
                    continue  # not in the body read (a page's menu, a script)
                s, e = at + len(left), at + len(left) + f.end - f.start
                hint = s
            if 0 <= s and e <= len(body) and (s, e, f.kind) not in found:
                found[s, e, f.kind] = [s, e, f.kind, f.chars, snippet(body, s, e)]
    return [found[k] for k in sorted(found)]


def _hidden_title_words(title: str, given: str, raw: tuple[str, list] | None) -> list[list]:
    """The words of ``title`` (as read, folded) that character tricks had hidden,
    ``[start, end, kind, characters, snippet]`` each with offsets into ``title``
    (``meta["hidden_title_words"]``, the ``obfuscated_text`` caveat's ``title_spans``): in the
    title as its format gave it (``given``: a JSON field decoded from ``\\u`` escapes, an
    entity-escaped ``<title>``), and, when the fold changed the input (``raw``: the
    :func:`_input_trace` of the input before it), where the folded input holds the title as read (an HTML ``<title>``,
    ``og:title`` or ``h1``; one split by markup inside it, ``<h1>Ρfizer <em>recall</em></h1>``,
    is not found). Headlines are what a filter and a reader see first: "Ρfizer" with a Greek
    capital Rho was folded to "Pfizer" and reported nowhere, as the title is no part of the body."""
    found: dict[tuple[int, int, str], list] = {}
    own, folds = fold_trace(" ".join(_unfolded(html_lib.unescape(given)).split("\n")).strip())
    places = [(own, folds)] if own == title else []
    if raw is not None:
        places.append(raw)
    for folded, folds in places:
        folds = [f for f in folds if f.kind != "soft_hyphen"]  # hyphenation hints hide nothing
        at = folded.find(title) if folds else -1
        while at >= 0:
            for f in folds:
                if at <= f.start and f.end <= at + len(title):
                    s, e = f.start - at, f.end - at
                    found.setdefault((s, e, f.kind), [s, e, f.kind, f.chars, title[s:e]])
            at = folded.find(title, at + 1)
    return [found[k] for k in sorted(found)]


def parse_text(text: str, *, name: str = "", encoding: str = "utf-8", path: str | None = None,
               fast_html: bool = False) -> Article:
    """Build an :class:`Article` from already-decoded text, detecting its format. ``fast_html``:
    a full HTML page is extracted in trafilatura's fast mode (see :func:`extract_page`); the
    article's ``meta["fast_html"]`` then says so."""
    before: list[str] = []  # the input and the body before the fold of character tricks
    text = normalise(text, before)
    if not text.strip():
        raise errors.EmptyInput("empty file (only whitespace)")
    parsed = _parse_format(text, name, fast_html)
    body_folded = normalise(parsed.body, before)  # normalise's result is NFC already
    body = body_folded.strip("\n")
    if not body.strip():
        raise errors.NoText(f"no article text found in the {parsed.fmt} input")
    if not any(ch.isalpha() for ch in body):
        raise errors.NoLetters("no letters in the article text (numbers/symbols only)")
    unfolded, body_unfolded = before
    raw = _input_trace(unfolded) if unfolded != text else None  # read by both hidden-word searches
    hidden = (_hidden_words(body, body_unfolded, unfolded if unfolded != text else None, raw, parsed, name,
                            fast_html) if unfolded != text or body_folded != body_unfolded else [])
    title = parsed.title
    if title:
        # As the body is: a JSON or front-matter title kept ESC and other controls (the row
        # carried "\x1b[2J") and its own line breaks; a title is one line.
        title = " ".join(normalise(html_lib.unescape(title)).split("\n")).strip() or None
    hidden_title = _hidden_title_words(title, parsed.title, raw) if title else []
    if title is None and parsed.fmt in ("text", "markdown"):
        title = _title_from_text(body)  # the body's first line: its words are the body's spans
    stub = page_stub.detect(title, body, parsed.html if parsed.fmt == "html" else None)
    if stub is not None:  # a page served instead of the article: nothing to score (as a redirect)
        raise errors.NoText(stub.message())
    lang, conf, meta = _language(body, parsed.meta or {})
    # The page's last update: its structured data first, else an "Updated ..." line at the top
    # of the story (or above it on a page); either way credible only as credible_update says.
    line = (page_dates.update_line(body[:page_dates.UPDATE_LINE_CHARS])
            or page_dates.update_line(page_dates.above_the_story(parsed.page_text, body)))
    modified = credible_update(parsed.published, parsed.modified or line)
    if modified and (line or parsed.live):
        meta = {**meta, "update_declared": True}
    if hidden:
        meta = dict(meta, hidden_words=hidden)
    if hidden_title:
        meta = dict(meta, hidden_title_words=hidden_title)
    article = Article(
        body=body,
        title=title,
        paragraphs=tuple(Paragraph(s, e) for s, e in split_paragraphs(body)),
        source_format=parsed.fmt,
        encoding=encoding,
        published=parsed.published,
        date_modified=modified,
        url=parsed.url,
        language=lang,
        language_confidence=conf,
        page_text=parsed.page_text,
        html=parsed.html,
        path=path,
        meta=meta,
    )
    return article.without(_not_english(article))


def _not_english(article: Article) -> list[tuple[int, int]]:
    """The stretches of an English article written in another language, when they hold a
    notable share of it (``meta["language_mix"]``): left out of ``content``, so the writing is
    measured on the English part only.

    Why not the whole text: the English-only checks (the mt and ai_style facets, the per-1,000-
    word rates) read foreign prose as odd English. An honest English report under a long
    Spanish quote scored 84.6 read whole and 90.8 on its English part, as it does without the
    quote (README: no penalty for being non-native); a machine-translated article under a
    Spanish paragraph holding 26 % of it scored 3.8 whole and 2.7 on its English part, its score
    without the paragraph, while read whole every foreign paragraph added dilutes its evidence
    (with 48 % Spanish, another article's ai_style risk fell from 0.93 to 0.38). What reads
    ``content`` reads the English part: the mt, ai_style and readability families, the citation
    rates' word count and the report's ``word_count``; the body, the offsets and what reads
    ``body`` keep the whole text. Under the 20 % of a notable share nothing is left out."""
    mix = article.meta.get("language_mix")
    if article.language != "en" or not mix:
        return []
    return [(s, e) for s, e, _ in mix["foreign"]]


def _language(body: str, meta: dict) -> tuple[str | None, float, dict]:
    """The language of most of ``body`` (:func:`scorer.language.language_mix`) and its
    confidence; when another language holds a notable share of it, ``meta["language_mix"]``
    says which and where (the report's ``mixed_language`` caveat, :mod:`scorer.caveats`)."""
    mix = language_mix(body)
    if mix.notable():
        meta = dict(meta, language_mix={
            "shares": [[lang, share] for lang, share in mix.shares],
            "foreign": [[s, e, lang] for s, e, lang in mix.foreign]})
    return mix.language, mix.confidence, meta


def unreadable(path, exc: OSError) -> errors.Unreadable:
    """The user-facing error for a file the OS would not let us read."""
    if isinstance(exc, FileNotFoundError):
        return errors.Unreadable(f"no such file: {path}")
    if isinstance(exc, IsADirectoryError):
        return errors.Unreadable(f"{path} is a directory, not a file")
    if isinstance(exc, PermissionError):
        return errors.Unreadable(f"permission denied: {path}")
    return errors.Unreadable(f"cannot read {path}: {exc.strerror or exc}")


def read_bytes(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file (or stdin for ``-``) refusing anything over ``max_bytes`` before reading it."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise errors.TooLarge(f"stdin is over the size limit of {max_bytes:,} bytes")
        return data
    p = Path(path)
    try:
        st = p.stat()
        if p.is_dir():
            raise errors.Unreadable(f"{p} is a directory, not a file")
        if st.st_size > max_bytes:
            raise errors.TooLarge(
                f"file is {st.st_size:,} bytes, over the size limit of {max_bytes:,} bytes "
                "(raise it with --max-bytes)"
            )
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except errors.InputError:
        raise
    except OSError as exc:
        raise unreadable(p, exc) from None
    if len(data) > max_bytes:  # grew while we read it
        raise errors.TooLarge(f"file is over the size limit of {max_bytes:,} bytes")
    return data


def parse_bytes(data: bytes, *, name: str = "", path: str | None = None, fast_html: bool = False,
                http_charset: str | None = None) -> Article:
    """An :class:`Article` from raw bytes; ``http_charset``: the charset an HTTP header declared
    for them (see :func:`decode`)."""
    if not data.strip():
        raise errors.EmptyInput("empty file" if not data else "empty file (only whitespace)")
    dec = decode(data, http_charset)
    return parse_text(dec.text, name=name, encoding=dec.encoding, path=path, fast_html=fast_html)


def load_article(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Load one article from a path (``-`` reads stdin)."""
    data = read_bytes(path, max_bytes)
    return parse_bytes(data, name=str(path), path=str(path))
