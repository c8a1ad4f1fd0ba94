"""Pages that are not an article: home pages, section fronts, tag, category and author pages,
search results, paginated archives.

A crawl is full of them, and trafilatura extracts from such a page what looks most like main
text: the teasers of the stories it lists (one sentence each, a "Read more", a date). Scored as
an article, a section front got 78 "likely reliable"; such a verdict is about no article, and
ranking a site by its listing pages ranks it by text that is not news.

:func:`detect` reads the extracted body against the page's markup. A *headline link* is a link
of three words or more inside, or around, an ``h1``-``h4`` (or classed "title"/"headline"), that
leads to another page (not "#entry-3" of a live blog). A *teaser* is the largest block of the
page that holds one headline link and no other, if under :data:`TEASER_MAX_WORDS` words: the
unit a listing is made of (headline, a sentence, a date, "Read more"). A page is a listing when

* at least :data:`TEASER_SHARE` of the body's non-space characters are teaser text, from at least
  :data:`MIN_TEASERS` teasers whose headlines stay on the site, and the page does not call itself
  an article (``og:type`` article, a schema.org Article type, WordPress's ``single`` body class):
  a gift guide or a "10 best" list is an article of short items whose headlines lead to shops; or
* the page says it is a listing (its URL path or search query, WordPress's listing body classes,
  a schema.org CollectionPage, SearchResultsPage or ItemList) and :data:`MARKED_TEASER_SHARE` of
  the body is teaser text from :data:`MIN_TEASERS` teasers (then of any length: a blog's home
  page may show whole posts), or a "Read more" line repeats :data:`MIN_READ_MORE` times.

The markers alone never fire it: a story's URL can hold "/section/", and a site can mark every
page ``og:type=website``. An article's own headline links to itself from a block that holds the
whole article (too long to be a teaser), and "related stories" teasers are a small part of the
extracted body when trafilatura keeps them at all: on the 181 real news pages of the
article-extraction benchmark, the corpora's only HTML, the detector fires on none (the largest
teaser share is 0.17; ``tests/test_page_kind.py`` measures it where the corpora are present).

Only HTML pages are judged: plain text, Markdown and JSON records have no markup to tell a list
of teasers from a list in an article.

What it changes: a caveat (``not_an_article``), and the signals with the body spans that
triggered them under ``details.page_kind``. The score and verdict stay. Why: they are fields of
the report contract that tools outside the project read as numbers for every ``ok`` row; a
detector's false alarm would silently delete a real article's verdict where a caveat only asks
the reader to look; and the score of such a page still says what its teaser text reads like.
A reader or a tool that ranks sites should set aside the rows with this caveat (the ``caveats``
column of the CSV holds ``not_an_article``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

import lxml.etree

from .text import lines, snippet

TEASER_MAX_WORDS = 120  # a teaser: headline, a sentence or two, a byline, a date, "Read more"
MIN_TEASERS = 3  # teasers the body must draw on: a single related-story box is not a listing
TEASER_SHARE = 0.5  # share of the body's non-space characters in teasers, without a listing marker
MARKED_TEASER_SHARE = 0.3  # ... with one (a listing URL, body class or schema.org type)
MIN_READ_MORE = 3  # "Read more" / "Continue reading" lines: a listing's, with a listing marker
MAX_SPANS = 12  # body spans kept as evidence
_TEASER = "teaser of a story the page lists"
_READ_MORE = "a listing's 'Read more' line"
_HEADINGS = ("h1", "h2", "h3", "h4")

# URL paths of listings: WordPress and most CMSs' taxonomy and pagination paths, date archives,
# search pages; the site's root is its home page.
_LISTING_PATH_RE = re.compile(
    r"/(?:tag|tags|category|categories|topic|topics|section|sections|author|authors|archive|archives|"
    r"search)(?:/[^/]+)?/?$|/page/\d+/?$|/(?:19|20)\d\d(?:/\d\d){0,2}/?$", re.I)
_LISTING_QUERY_RE = re.compile(r"(?:^|&)(?:s|q|query|search|keywords?)=", re.I)  # not "page=": articles use it
# WordPress's body classes (body_class()) of a listing, and of a post or page.
_LISTING_BODY_CLASSES = frozenset({"archive", "category", "tag", "search", "search-results", "home", "blog",
                                   "paged", "author", "date"})
_ARTICLE_BODY_CLASSES = frozenset({"single", "single-post", "page"})
_LISTING_SCHEMA_RE = re.compile(r'"@type"\s*:\s*"(CollectionPage|SearchResultsPage|ItemList)"')
_ARTICLE_SCHEMA_RE = re.compile(r'"@type"\s*:\s*\[?\s*"((?:News|Blog|Report|Analysis|Opinion|Scholarly|Tech)?'
                                r'(?:Article|Posting)|ReportageNewsArticle)"')
_HEADLINE_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:title|headline|heading)(?:$|[\s_-])", re.I)
_CLASSED_LINKS = lxml.etree.XPath("//a[@class or ../@class]")  # in the order of the page
_READ_MORE_RE = re.compile(r"\W*(?:read more|continue reading|read the full (?:story|article)|more)\W*", re.I)


@dataclass(frozen=True)
class PageKind:
    """A page judged not to be an article, with why: ``signals`` (name -> value) and ``spans``
    ((start, end, snippet, reason) in the body; the snippet as an evidence span's, shortened past
    240 characters: a blog home's whole posts are one span each)."""

    signals: dict = field(default_factory=dict)
    spans: tuple = ()

    @property
    def examples(self) -> list[str]:
        """Teaser snippets to quote, those of a sentence first (a bare "2 hours ago" says little)."""
        teasers = [t for _, _, t, why in self.spans if why == _TEASER]
        return sorted(teasers, key=lambda t: len(_words(t)) < 4)

    def to_dict(self) -> dict:
        return {"kind": "listing", "signals": self.signals,
                "spans": [{"start": s, "end": e, "snippet": t, "reason": w} for s, e, t, w in self.spans]}


def _words(s: str) -> list[str]:
    return s.split()


def _nonspace(s: str) -> int:
    return len("".join(s.split()))


def _split(url: str):
    """``urlsplit(url)``; None for an address it refuses ("http://[::1": ValueError), which a
    page's canonical link or a record's URL may be."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _host(url: str) -> str:
    parts = _split(url)
    host = ((parts.hostname if parts else None) or "").lower()
    return host[4:] if host.startswith("www.") else host


def _leads_elsewhere(href: str, url: Optional[str]) -> bool:
    """A link to another page: not "#entry-3" of this one (a live blog's entry headings)."""
    target, _, _ = href.partition("#")
    return bool(target.strip()) and (url is None or target.rstrip("/") != url.partition("#")[0].rstrip("/"))


def _headline_links(root, url: Optional[str]) -> list:
    """Links of three words or more inside, or around, an h1-h4, or classed as a title or
    headline, that lead to another page: the headlines of the stories a listing lists."""
    found = []
    for h in root.iter(*_HEADINGS):
        found.extend(h.iter("a"))
        parent = h.getparent()  # <a href><h3>...</h3></a>, maybe through a span or div
        while parent is not None and parent.tag in ("span", "div", "strong", "b"):
            parent = parent.getparent()
        if parent is not None and parent.tag == "a":
            found.append(parent)
    # A headline styled by class, not marked up as a heading: of the links XPath finds with a
    # class of their own or their parent's (a loop over every link of a page took twice as long;
    # XPath testing the words in the classes, with translate() for the case, four times).
    for a in _CLASSED_LINKS(root):
        parent = a.getparent()
        classes = (a.get("class") or "") + " " + ((parent.get("class") or "") if parent is not None else "")
        if _HEADLINE_CLASS_RE.search(classes):
            found.append(a)
    out, seen = [], set()  # seen holds the elements, so each node keeps one proxy (and id)
    for a in found:
        href = a.get("href") or ""
        if a not in seen and _leads_elsewhere(href, url) and len(_words(a.text_content())) >= 3:
            seen.add(a)
            out.append(a)
    return out


def _teasers(links: list, max_words: Optional[int]) -> list[tuple[str, str]]:
    """(text, href) of each teaser (see the module docstring), whitespace collapsed; every block
    of one headline link, whatever its length, when ``max_words`` is None."""
    # element -> headline links under it. Keyed by the element itself, not id(): lxml makes a
    # new proxy object for a node whenever none is alive, so an id() can be reused by another.
    count: dict = {}
    for a in links:
        el = a
        while el is not None:
            count[el] = count.get(el, 0) + 1
            el = el.getparent()
    out = []
    for a in links:
        block, parent = a, a.getparent()
        while parent is not None and count.get(parent, 0) == 1:
            block, parent = parent, parent.getparent()
        text = " ".join(block.text_content().split())
        if max_words is None or len(_words(text)) <= max_words:
            out.append((text, a.get("href").strip()))
    return out


def _marks(root, url: Optional[str], html: str) -> tuple[dict, list[str]]:
    """What the page says it is: the marks of a listing (URL path or search query, body class,
    schema.org type: name -> value) and those of an article."""
    listing: dict = {}
    parts = _split(url) if url else None
    if parts is not None:
        if _LISTING_PATH_RE.search(parts.path) or _LISTING_QUERY_RE.search(parts.query) \
                or parts.path in ("", "/"):
            listing["listing_url"] = url[:300]
    body = root.find("body")
    classes = set((body.get("class") or "").split()) if body is not None else set()
    article = [f"body class {c}" for c in sorted(classes & _ARTICLE_BODY_CLASSES)]
    if classes & _LISTING_BODY_CLASSES and not article:
        listing["body_class"] = " ".join(sorted(classes & _LISTING_BODY_CLASSES))
    # schema.org types are declared in JSON-LD scripts: searched there, not in the whole page
    # (two scans of ~100 KB of markup took ~1 ms a real page).
    ld = "\n".join(el.text or "" for el in root.iter("script") if "ld+json" in (el.get("type") or "").lower())
    m = _LISTING_SCHEMA_RE.search(ld)
    if m:
        listing["schema_type"] = m.group(1)
    elif (m := _ARTICLE_SCHEMA_RE.search(ld)) is not None:
        article.append(f"schema.org {m.group(1)}")
    og = next((el.get("content") or "" for el in root.iter("meta") if el.get("property") == "og:type"), "")
    if og.strip().lower() == "article":
        article.append("og:type article")
    return listing, article


def detect(body: str, html: Optional[str], url: Optional[str] = None) -> Optional[PageKind]:
    """The evidence that an HTML page whose extracted text is ``body`` (and whose address is
    ``url``, when known) is a listing, not an article; None when it reads as an article (or
    there is no markup to judge)."""
    if not html or not body.strip():
        return None
    from .htmltext import parsed_page

    try:
        root = parsed_page(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    markers, article = _marks(root, url, html)
    links = _headline_links(root, url)
    if len(links) < MIN_TEASERS and not markers:
        return None
    # A page that says it is a listing may show whole posts (a blog's home page): its blocks of
    # one headline link count whatever their length.
    teasers = _teasers(links, None if markers else TEASER_MAX_WORDS)
    host = _host(url) if url else None
    spans, used, read_more, teaser_chars = [], set(), 0, 0
    for s, e in lines(body):
        line = " ".join(body[s:e].split())
        if _READ_MORE_RE.fullmatch(line):
            read_more += 1
            spans.append((s, e, snippet(body, s, e), _READ_MORE))
            continue
        if len(_words(line)) < 3:
            continue
        # a line found in several teasers (a repeated "2 hours ago") counts for one not yet counted
        found = [i for i, (t, _) in enumerate(teasers) if line in t]
        if found:
            used.add(next((i for i in found if i not in used), found[0]))
            teaser_chars += _nonspace(line)
            spans.append((s, e, snippet(body, s, e), _TEASER))
    share = teaser_chars / max(1, _nonspace(body))
    # headlines that stay on the site (relative, or this page's host): a listing's own stories
    on_site = sum(1 for i in used if host is None or _host(teasers[i][1]) in ("", host))
    if markers:
        listing = (len(used) >= MIN_TEASERS and share >= MARKED_TEASER_SHARE) or read_more >= MIN_READ_MORE
    else:
        listing = not article and on_site >= MIN_TEASERS and share >= TEASER_SHARE
    if not listing:
        return None
    signals = {"teasers_in_body": len(used), "teaser_share": round(share, 3), "read_more_lines": read_more,
               "headline_links_on_page": len(links), **markers}
    if article:
        signals["article_marks"] = "; ".join(article)  # outweighed by the page's listing marks
    return PageKind(signals=signals, spans=tuple(spans[:MAX_SPANS]))
