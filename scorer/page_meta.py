"""A page's title, author, URL and date, as ``trafilatura.extract_metadata`` finds them.

The report reads four of the metadata fields. ``extract_metadata`` goes on, after the date, to
the site name, categories, tags and licence: 2.0 of its 4.6 ms on a real news page (the 181
benchmark pages), about 5 % of scoring one. None of those steps changes the tree or the four
fields before the final trim, so :func:`page_metadata` runs its steps up to the date and then
the same trim (``Document.clean_and_trim``) on the four fields.

This follows trafilatura's own code, so it is used only with the releases it was checked
against (:data:`CHECKED`: ``extract_metadata`` up to the date, ``set_date_params`` and
``Document.clean_and_trim`` read in the sources of 2.0.0, 2.1.0, 2.2.0 and 2.3.1, the same steps
for the default arguments used here); any other falls back to ``extract_metadata`` itself.
``tests/test_page_meta.py`` compares both on every HTML page of the corpora and on pages
written to reach each branch.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

CHECKED = ("2.0.", "2.1.", "2.2.", "2.3.")  # trafilatura releases (prefixes) checked
# The latest date htmldate may accept. trafilatura's own setting is the day of the run in the
# machine's time zone, so one page gave a date on one machine or day and none on another (a
# Tokyo page dated the 28th, scored in New York on the 27th). A fixed bound keeps the same input
# giving the same row everywhere; on the 181 real benchmark pages it changes no date. It is the
# last day a URL date is read as one (citations_urls._valid).
LATEST_PAGE_DATE = "2099-12-31"


def date_params(extensive: bool) -> dict:
    """trafilatura's date settings (``set_date_params``) with :data:`LATEST_PAGE_DATE`."""
    from trafilatura.settings import set_date_params

    return {**set_date_params(extensive), "max_date": LATEST_PAGE_DATE}


def without_link_targets(tree: Any) -> Any:
    """``tree`` (changed in place) without the ``href`` of its ``<a>`` and ``<area>`` links.

    htmldate's search of the free text runs its date patterns over the serialised page,
    attributes included, so a link to another page dated the page: ``<a href="/tag/1995/">``
    gave an honest 2024 story the date 1995-01-01, ``/archive/2019/`` 2019-01-01, a related
    story's ``/2019/05/12/slug`` that day. Those URLs are other pages' (a tag, an archive, a
    cited story), no evidence of this page's date. The page's own URL (passed in, or its
    ``<link rel="canonical">``), its meta tags, JSON-LD, ``og:image`` and visible text are
    kept; so is a link's text and title (a date written on the page)."""
    for el in tree.iter("a", "area"):
        if "href" in el.attrib:
            del el.attrib["href"]
    return tree


@dataclass(frozen=True)
class PageMeta:
    title: Optional[str]
    author: Optional[str]
    url: Optional[str]
    date: Optional[str]


def page_metadata(tree: Any, extensive: bool = True) -> Optional[PageMeta]:
    """The four fields of ``trafilatura.extract_metadata(tree, extensive=extensive)`` (None
    where it returns an empty document for an unparsable page). May change ``tree``, as
    ``extract_metadata`` does."""
    import trafilatura

    if not trafilatura.__version__.startswith(CHECKED):
        return _full(tree, extensive)
    from htmldate import find_date
    from trafilatura.metadata import (examine_meta, extract_author, extract_meta_json, extract_title,
                                      extract_url)
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    # extract_metadata with default_url=None, date_config=date_params(...), author_blacklist=None:
    # its steps up to the date, in its order (each may read what the one before left in the tree).
    date_config = date_params(extensive)
    tree = load_html(tree)
    if tree is None:
        return PageMeta(None, None, None, None)
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - as extract_metadata: bugs in trafilatura's json_metadata.py
        pass
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, None)
    date_config["url"] = metadata.url
    found = Document(title=metadata.title, author=metadata.author, url=metadata.url,
                     date=find_date(without_link_targets(tree), **date_config))
    found.clean_and_trim()
    return PageMeta(found.title, found.author, found.url, found.date)


def _full(tree: Any, extensive: bool) -> PageMeta:
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(tree)
    if tree is None:
        return PageMeta(None, None, None, None)
    # The four fields read no <a href> but the date (categories and tags do, not read here).
    meta = trafilatura.extract_metadata(without_link_targets(tree), date_config=date_params(extensive),
                                        extensive=extensive)
    return PageMeta(meta.title, meta.author, meta.url, meta.date)


def structured_date(html: str, url: Optional[str]) -> Optional[str]:
    """The date htmldate finds without its extensive search (meta tags, JSON-LD, the URL, time
    and date-classed elements), or None. What the extensive search adds comes from the page's
    free text: the earliest date anywhere on it, which may be a cited story's URL, a sidebar
    item's date, or the 1 January of a copyright year or of any year named in the prose."""
    from htmldate import find_date
    from htmldate.utils import load_html

    params = date_params(False)
    params["url"] = url
    try:
        tree = load_html(html)
        return None if tree is None else find_date(without_link_targets(tree), **params)
    except Exception:  # noqa: BLE001 - as extract_page: htmldate asserts on some broken trees
        return None


# Where a page declares its last update, most specific first: schema.org's dateModified of the
# article (JSON-LD, microdata), then the Open Graph / Dublin Core meta tags.
_MODIFIED_META = ("article:modified_time", "og:updated_time", "article:modified", "datemodified",
                  "dcterms.modified", "dc.date.modified", "last-modified", "lastmod")
_ARTICLE_TYPES = ("Article", "BlogPosting", "LiveBlogPosting", "Report", "Posting")


def _json_ld_objects(scripts: list) -> list[dict]:
    import json

    out: list[dict] = []
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(out) < 200:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
    return out


def _types(obj: dict) -> list[str]:
    t = obj.get("@type")
    return [x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def page_modified(root: Any) -> tuple[Optional[str], bool]:
    """(the raw last-update value a page declares in its structured data, or None; whether it
    declares itself a live blog). Read, in order: the ``dateModified`` of a JSON-LD article
    (NewsArticle, BlogPosting, LiveBlogPosting, ...), of any other JSON-LD object (a WebPage),
    an ``itemprop="dateModified"`` element, then the meta tags of :data:`_MODIFIED_META`. Only
    the page's own structured data: no free-text search (a sidebar's "updated" belongs to
    another story). ``root``: an lxml tree of the page (not changed)."""
    scripts, tags = [], []  # one walk over the tree
    for el in root.iter("script", "meta", "time"):
        (scripts if el.tag == "script" else tags).append(el)
    objects = _json_ld_objects(scripts)
    live = any("LiveBlogPosting" in _types(o) for o in objects)
    article = [o for o in objects if any(t.endswith(_ARTICLE_TYPES) for t in _types(o))]
    for group in (article, objects):
        for o in group:
            value = o.get("dateModified")
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, str) and value.strip():
                return value.strip(), live
    for el in tags:
        if (el.get("itemprop") or "").strip() == "dateModified":
            value = el.get("content") or el.get("datetime") or (el.text_content() if el.tag == "time" else "")
            if value and value.strip():
                return value.strip(), live
    found: dict[str, str] = {}
    for el in tags:
        if el.tag != "meta":
            continue
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key in _MODIFIED_META and value:
            found.setdefault(key, value)
    return next((found[k] for k in _MODIFIED_META if k in found), None), live
