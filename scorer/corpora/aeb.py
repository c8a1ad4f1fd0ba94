"""The article-extraction benchmark (scrapinghub, MIT): 181 news pages and their true bodies.

``boilerplate/aeb_html_part{1,2}.tar`` hold ``html/<sha256>.html.gz``; ``aeb_ground-truth.json``
maps each sha to ``{"articleBody", "url"}``. The tar files are read in memory (nothing is
unpacked to disk). Besides the pages this module builds two derived sets:

* :func:`labelled_paragraphs` — every paragraph of a page's *visible text* labelled content or
  boilerplate by whether it belongs to the true body (the plain-text line classifier learns from
  and is evaluated on this; the page is the split group).
* :func:`injected_docs` — the true body of each page as a ``human`` document, and the same body
  with realistic boilerplate injected *inside* it (the page's own furniture lines plus
  hand-written dump furniture) as a ``boilerplate`` document. Deterministic for a seed; the
  boilerplate facet and the reliability model (issue 7) train on it.
"""
from __future__ import annotations

import gzip
import json
import random
import re
import tarfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from .split import side
from .base import DataMissing, Doc, data_dir, require

SOURCE = "aeb"
_TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id (sha256 of the page), URL, raw HTML and the true body."""

    id: str
    url: str
    html: str
    body: str

    def to_dict(self) -> dict:
        return {"id": self.id, "url": self.url, "html_chars": len(self.html), "body_chars": len(self.body)}


def _folder(data: Optional[Path]) -> Path:
    return Path(data_dir(data)) / "boilerplate"


@lru_cache(maxsize=2)
def _load_pages(folder: str) -> tuple[Page, ...]:
    base = Path(folder)
    truth = json.loads(require(base / "aeb_ground-truth.json").read_text(encoding="utf-8"))
    html_by_id: dict[str, str] = {}
    for part in sorted(base.glob("aeb_html_part*.tar")):
        with tarfile.open(part) as tar:
            for member in tar:
                if not member.isfile() or not member.name.endswith(".html.gz"):
                    continue
                fh = tar.extractfile(member)
                if fh is None:
                    continue
                sha = Path(member.name).name.split(".")[0]
                # The benchmark reads the pages as UTF-8; so do we (same input, same score).
                html_by_id[sha] = gzip.decompress(fh.read()).decode("utf-8", errors="replace")
    pages = []
    for sha in sorted(truth):
        if sha in html_by_id:
            rec = truth[sha]
            pages.append(Page(id=sha, url=rec.get("url") or "", html=html_by_id[sha],
                              body=rec.get("articleBody") or ""))
    if not pages:
        # The ground truth without its HTML tars (a partial download) gave no page, and training
        # ended in a numpy traceback ("need at least one array to concatenate").
        raise DataMissing(f"no page of {base / 'aeb_ground-truth.json'} ({len(truth)} listed) has its HTML in "
                          f"{base}/aeb_html_part*.tar ({len(html_by_id)} page(s) found there) "
                          "(see README, 'Retraining', for where to get it)")
    return tuple(pages)


def pages(data: Optional[Path] = None) -> list[Page]:
    """All benchmark pages whose HTML is present, sorted by id."""
    return list(_load_pages(str(_folder(data))))


def split_of(page_id: str) -> str:
    """'train' or 'test': the project-wide story split (scorer.corpora.split), keyed on the
    page id, so the reliability evaluation's held-out pages are unseen by every model."""
    return "train" if side(page_id) == "train" else "test"


# --- labelled paragraphs of the visible page text --------------------------------------------

def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


def _shingles(tokens: list[str], n: int = 3) -> set[tuple[str, ...]]:
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


@dataclass(frozen=True)
class LabelledPara:
    text: str
    is_boilerplate: bool
    index: int  # position among the page's paragraphs
    overlap: float  # share of the paragraph's shingles found in the true body


def label_paragraphs(paragraphs: list[str], body: str) -> list[LabelledPara]:
    """Label each paragraph by the share of its word 3-grams present in the true body.

    A paragraph is content when at least half its shingles are in the body (short lines: all
    tokens present in order as one shingle). Robust to whitespace and punctuation differences
    between the visible text and the benchmark's body.
    """
    body_tokens = _tokens(body)
    body_sh = _shingles(body_tokens)
    body_words = set(body_tokens)
    out = []
    for i, p in enumerate(paragraphs):
        toks = _tokens(p)
        if not toks:
            continue
        if len(toks) < 3:
            # Short lines ("Advertisement", a heading of two words): content only when the
            # body has the same words adjacently.
            joined = " ".join(toks)
            ov = 1.0 if re.search(r"(?:^| )" + re.escape(joined) + r"(?: |$)", " ".join(body_tokens)) else 0.0
            if ov and len(toks) == 1 and toks[0] not in body_words:
                ov = 0.0
        else:
            sh = _shingles(toks)
            ov = len(sh & body_sh) / len(sh)
        out.append(LabelledPara(text=p, is_boilerplate=ov < 0.5, index=i, overlap=round(ov, 3)))
    # Short lines ("Stock Car", "News") can match body words by chance; outside the stretch of
    # the page between the first and last long matched paragraph they are furniture.
    anchors = [k for k, lp in enumerate(out) if lp.overlap >= 0.8 and len(_tokens(lp.text)) >= 8]
    if anchors:
        lo, hi = anchors[0], anchors[-1]
        out = [
            lp if lo <= k <= hi or lp.is_boilerplate or len(_tokens(lp.text)) >= 8
            else LabelledPara(text=lp.text, is_boilerplate=True, index=lp.index, overlap=lp.overlap)
            for k, lp in enumerate(out)
        ]
    return out


def labelled_paragraphs(data: Optional[Path] = None) -> Iterator[tuple[Page, list[LabelledPara]]]:
    """(page, labelled paragraphs of its visible text) for every page."""
    from ..htmltext import visible_text

    for page in pages(data):
        text = visible_text(page.html)
        paras = [ln.strip() for ln in text.split("\n") if ln.strip()]
        yield page, label_paragraphs(paras, page.body)


# --- human bodies and boilerplate-injected versions -------------------------------------------

# Hand-written furniture of scraped dumps, by kind. Written for this project (not taken from
# any corpus); {site} and {topic} are filled in per document so no string repeats verbatim.
_SITES = ("Daily Ledger", "NewsWire Hub", "The Morning Post", "TechPulse", "Global Digest",
          "City Chronicle", "Market Watchers", "Viral Trends Today")
_TOPICS = ("energy", "football", "housing", "elections", "health", "technology", "travel", "music")
_INJECT = {
    "consent": (
        "We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.",
        "This website uses cookies. Accept all cookies or manage your preferences in the settings.",
        "We and our partners store and access information on your device, such as cookies, and process personal data for personalised ads and content measurement.",
        "You can withdraw your consent at any time via the privacy settings link in the footer of our website.",
        "Accept All Cookies",
        "Your data will be processed in accordance with our Privacy Policy and may be transferred to third countries.",
    ),
    "comment_form": (
        "Leave a Reply Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Post Comment",
        "You must be logged in to post a comment.",
        "Comments are closed.",
        "Leave a comment",
    ),
    "share": (
        "Share this: Facebook Twitter WhatsApp Email",
        "Share on Facebook",
        "Subscribe to our newsletter to get the latest {topic} news delivered to your inbox.",
        "Sign up for the {site} newsletter",
        "Follow us on Twitter, Facebook and Instagram for more updates.",
        "Like this: Like Loading...",
    ),
    "navigation": (
        "Skip to content", "Home", "Menu", "Read also:", "Latest", "Next Post", "Previous Article",
        "Home » {topic} » News", "Search for:", "Trending Now", "Back to top",
    ),
    "related": (
        "Related Posts", "Popular posts from this blog", "You may also like", "More from {site}",
        "Recommended for you", "Related Articles",
    ),
    "cta": (
        "Click here to read the full story.",
        "Don't miss out! Subscribe now for exclusive {topic} updates.",
        "Download our app for breaking news alerts.",
        "Read more at {site}",
        "👉 Click here to find out more!",
    ),
    "source_link": ("Source link", "Source: {site}", "Originally published on {site}"),
    "emoji": ("🔥🔥 Trending: the biggest {topic} stories this week 🔥🔥", "✅ Follow for more ✅ 👇👇"),
    "author_box": (
        "About the author: our staff writer covers {topic} for {site}. View all posts by this author.",
        "Posted by admin",
    ),
    "copyright": (
        "© 2024 {site}. All rights reserved.",
        "Copyright © {site} 2023. All Rights Reserved.",
    ),
}
_RELATED_TITLES = (
    "Ten things to know about {topic} this week",
    "Why {topic} prices keep climbing",
    "The {topic} trend everyone is talking about",
    "How {site} readers reacted to the {topic} news",
)


def _fill(s: str, rng: random.Random) -> str:
    return s.format(site=rng.choice(_SITES), topic=rng.choice(_TOPICS))


def _furniture(page_paras: list[LabelledPara], rng: random.Random, k: int) -> list[str]:
    """k boilerplate blocks: real furniture lines of the page and hand-written dump furniture."""
    real = [p.text for p in page_paras if p.is_boilerplate and 2 <= len(p.text) <= 300]
    blocks: list[str] = []
    for _ in range(k):
        if real and rng.random() < 0.4:
            i = rng.randrange(len(real))
            blocks.append("\n".join(real[i:i + rng.randint(1, 3)]))
            continue
        kind = rng.choice(sorted(_INJECT))
        lines = [_fill(rng.choice(_INJECT[kind]), rng) for _ in range(rng.randint(1, 2))]
        if kind == "related":
            lines += [_fill(t, rng) for t in rng.sample(_RELATED_TITLES, rng.randint(2, 3))]
        blocks.append("\n".join(dict.fromkeys(lines)))
    return blocks


def furniture_blocks(rng: random.Random, k: int) -> list[str]:
    """k blocks of the hand-written dump furniture only (for articles that are not AEB pages)."""
    return _furniture([], rng, k)


def inject_boilerplate(body: str, furniture: list[str], rng: random.Random) -> str:
    """Insert furniture blocks at the start, the end and between paragraphs of ``body``."""
    paras = [p for p in body.split("\n") if p.strip()]
    for block in furniture:
        where = rng.random()
        if where < 0.3:
            paras.insert(0, block)
        elif where < 0.7:
            paras.append(block)
        else:
            paras.insert(rng.randint(1, max(1, len(paras) - 1)), block)
    return "\n\n".join(paras)


def injected_docs(data: Optional[Path] = None, seed: int = 0, min_words: int = 60) -> Iterator[Doc]:
    """For every page: its true body (``human``) and a dump of it with injected furniture
    (``boilerplate``). Both share ``story`` = page id, so a split keeps them together.
    """
    for page, paras in labelled_paragraphs(data):
        if len(page.body.split()) < min_words:
            continue
        rng = random.Random(f"{seed}:{page.id}")
        yield Doc(text=page.body, kind="human", source=SOURCE, story=page.id, url=page.url,
                  meta={"split": split_of(page.id)})
        k = rng.randint(1, 5)
        text = inject_boilerplate(page.body, _furniture(paras, rng, k), rng)
        yield Doc(text=text, kind="boilerplate", source=SOURCE + "_injected", story=page.id,
                  url=page.url, meta={"split": split_of(page.id), "blocks": k})


# --- human bodies with the ordinary metadata of a news page --------------------------------------

# Written for this project (not taken from any corpus): bylines, copyright and syndication
# notices, ad markers, a newsletter or follow plug, a timestamp, a photo credit, as real news pages
# carry them and a copy, a feed or a scrape keeps them. Names from many newsrooms; outlets invented
# or well known. A body with them is still a human article (kind ``human``): the facet and the
# reliability model must learn that these lines are not padding.
_NEWS_NAMES = (
    "Jane Mwangi", "Otieno Ouma", "Wanjiru Kamau", "Farida Akter", "Tanvir Hossain", "Kim Min-jun",
    "Park Ji-yeon", "Chinedu Okafor", "Aisha Bello", "Maria Santos", "Jose Reyes", "Ana Paula Ferreira",
    "Joao Carvalho", "Priya Raman", "Arjun Mehta", "Nguyen Thi Lan", "Siti Rahmawati", "Ahmed Hassan",
    "Leila Nasser", "Olga Petrova", "Tomasz Nowak", "Sarah Thompson", "David Okonkwo", "Mei Lin",
    "Hiroshi Tanaka", "Carlos Mendoza", "Fatima Zahra", "Kwame Mensah", "Ingrid Larsen", "Tom Baker",
    "Lucia Fernandez", "Rashid Khan", "Grace Atieno", "Emeka Eze", "Rosa Villanueva", "Daniel Cohen",
)
_NEWS_OUTLETS = (
    "Reuters", "The Associated Press", "AFP", "Nation Media Group", "The Daily Star", "The Korea Herald",
    "Rappler", "Folha de S.Paulo", "The Hindu", "Dawn", "Punch", "The Straits Times", "Coastal Gazette",
    "Lakeside Courier", "Metro Evening News", "Northern Tribune", "Harbour Weekly", "The Valley Times",
)
_NEWS_ROLES = ("Staff Writer", "Business Reporter", "Correspondent", "Senior Reporter", "Political Editor")
_NEWS_DESKS = ("business", "politics", "world", "morning", "weekly", "climate", "sports", "city")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_NEWS_META = {
    "byline": (
        "By {name}", "BY {NAME}", "Written by {name}", "By {name}, {outlet}", "By {name} and {name2}",
        "{name}, {role}", "By {name} | {outlet}", "{name} | {city}", "By {NAME}\n{outlet}",
        "Reporting by {name}; Editing by {name2}",
    ),
    "copyright": (
        "Copyright {year} {outlet}. All rights reserved.", "© {year} {outlet}. All rights reserved.",
        "(c) {year} {outlet}", "Copyright {year} The Associated Press. All rights reserved. This material "
        "may not be published, broadcast, rewritten or redistributed.", "© {outlet} {year}",
        "{outlet} contributed to this report.",
    ),
    "ad_marker": ("Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
                  "Story continues below", "Article continues below"),
    "plug": (
        "Sign up for our {desk} newsletter.", "Subscribe to our {desk} newsletter for the latest news.",
        "Get the {desk} briefing delivered to your inbox.", "Follow {name} on X: @{handle}",
        "Follow us on Facebook and X for more {desk} news.",
    ),
    "timestamp": (
        "Updated: {month} {day}, {year} {hour}:{minute} p.m.", "Published {month} {day}, {year}",
        "Last updated {day} {month} {year}", "First published on {month} {day}, {year}",
        "{month} {day}, {year}",
    ),
    "photo_credit": ("Photo: {outlet}", "(Photo by {name}/{outlet})", "File photo: {outlet}",
                     "Photograph: {name}/{outlet}", "Image credit: {outlet}"),
}
_NEWS_CITIES = ("Nairobi", "Dhaka", "Seoul", "Lagos", "Manila", "Sao Paulo", "Karachi", "Jakarta", "London")


def _meta_line(kind: str, rng: random.Random) -> str:
    name, name2 = rng.sample(_NEWS_NAMES, 2)
    return rng.choice(_NEWS_META[kind]).format(
        name=name, NAME=name.upper(), name2=name2, outlet=rng.choice(_NEWS_OUTLETS),
        role=rng.choice(_NEWS_ROLES), city=rng.choice(_NEWS_CITIES), desk=rng.choice(_NEWS_DESKS),
        handle=name.split()[0].lower() + name.split()[-1].lower()[:4], year=rng.randint(2015, 2025),
        month=rng.choice(_MONTHS), day=rng.randint(1, 28), hour=rng.randint(1, 12),
        minute=f"{rng.randint(0, 59):02d}")


def with_news_metadata(body: str, rng: random.Random) -> tuple[str, list[str]]:
    """``body`` with one to three lines of ordinary news metadata of different types where a news
    page puts them (a byline or timestamp on top, an ad marker between paragraphs, a copyright line
    or a plug at the end ...), in the body's own paragraph separator; and the types added."""
    sep = "\n\n" if "\n\n" in body.strip() else "\n"
    paras = body.strip().split(sep)
    kinds = rng.sample(sorted(_NEWS_META), rng.randint(1, 3))
    if len(paras) < 3 and "ad_marker" in kinds:
        kinds.remove("ad_marker")
    kinds = kinds or ["byline"]
    top, bottom = [], []
    for kind in sorted(kinds):
        line = _meta_line(kind, rng)
        if kind == "ad_marker":
            paras.insert(rng.randint(1, len(paras) - 1), line)
        elif kind in ("copyright", "plug") or (kind == "byline" and rng.random() < 0.3):
            bottom.append(line)
        elif kind == "photo_credit" and rng.random() < 0.5:
            paras.insert(1, line)
        else:
            top.append(line)
    return sep.join(top + paras + bottom), sorted(kinds)


def _human_variant_docs(data: Optional[Path], seed: int, min_words: int, salt: str, make, key: str
                        ) -> Iterator[Doc]:
    """For every page that :func:`injected_docs` keeps: ``make(body, rng)`` of its true body (the
    text and what was added, under ``meta[key]``), a ``human`` document with the page's story id
    (so it lies on its page's side of the split), source ``aeb_<salt>``, its random draws seeded
    by ``salt`` and the page. Not part of :func:`injected_docs`, which the mt facet reads too."""
    for page in pages(data):
        if len(page.body.split()) < min_words:
            continue
        rng = random.Random(f"{seed}:{salt}:{page.id}")
        text, added = make(page.body, rng)
        yield Doc(text=text, kind="human", source=f"{SOURCE}_{salt}", story=page.id, url=page.url,
                  meta={"split": split_of(page.id), key: added, "base_source": SOURCE})


def news_meta_docs(data: Optional[Path] = None, seed: int = 0, min_words: int = 60) -> Iterator[Doc]:
    """Every kept page's true body with ordinary news metadata (:func:`with_news_metadata`), a
    ``human`` document (:func:`_human_variant_docs`)."""
    return _human_variant_docs(data, seed, min_words, "meta", with_news_metadata, "news_meta")


# --- human bodies with incidental page chrome ----------------------------------------------------

# Written for this project (not taken from any corpus): the chrome an article copied from a
# browser, a feed or a crawl carries (boilerplate_lines.PAGE_CHROME_TYPES): share buttons and runs
# of them, a comments heading or count, navigation and breadcrumbs, reading aids, a link label, a
# lone related/trending heading, an app plug. A body with them is still a human article (kind
# ``human``): the facet and the reliability model must learn that these lines are not padding.
# Where a page puts them: navigation and reading aids on top, the rest below the text.
_CHROME_TOP = {
    "navigation": ("Skip to content", "Skip to main content", "Search", "Sign in", "Home > {Desk}",
                   "Home » {Desk} » {City}", "Home / {Desk} / {City}", "Skip to content\nSearch"),
    "reading_aid": ("Loading...", "Listen to this article", "{m} min read", "Reading time: {m} minutes",
                    "Listen to this story", "{m} min read\nListen to this article"),
    "consent_button": ("Accept cookies", "Accept all", "Accept all cookies", "Cookie settings\nAccept all",
                       "Reject all\nAccept all"),
}
_CHROME_END = {
    "share": ("Share", "Share this article", "Share this story", "Share on Facebook", "Tweet", "Email", "Print",
              "Share\nTweet\nEmail", "Facebook\nTwitter\nWhatsApp\nEmail", "Share\nTweet\nPin it\nEmail\nPrint",
              "Facebook Twitter WhatsApp Email", "Share this story: Facebook · LinkedIn · Email",
              "Tweet | Email | Print", "Facebook / Twitter / Telegram / Copy link", "Copy link"),
    "comments": ("Comments", "0 Comments", "{n} comments", "Leave a comment", "Leave a Reply", "No comments yet",
                 "Join the discussion"),
    "navigation": ("Next article", "Previous article", "Next story", "Back to top", "Previous article\nNext article",
                   "Privacy Policy", "Terms of Service", "Contact us", "About us", "Privacy Policy\nTerms of Use\nContact us"),
    "subscribe": ("Subscribe", "Subscribe now", "Click here to subscribe"),
    "link_label": ("Read more", "Continue reading", "Read the full story", "Read the full article"),
    "related_heading": ("Related", "Related stories", "Related Articles", "Most read", "Most popular", "Trending now",
                        "More from {Desk}", "Recommended for you", "You may also like", "Top stories",
                        "Latest news", "Editor's picks"),
    "app_plug": ("Download our app", "Download our app for breaking news alerts.", "Download the app"),
}


def _chrome_block(pool: dict, rng: random.Random, k: int) -> tuple[list[str], list[str]]:
    """Up to ``k`` chrome lines from ``pool`` (their types, in order, with them)."""
    lines: list[str] = []
    types: list[str] = []
    for _ in range(k):
        t = rng.choice(sorted(pool))
        text = rng.choice(pool[t]).format(Desk=rng.choice(_NEWS_DESKS).title(), City=rng.choice(_NEWS_CITIES),
                                          m=rng.randint(2, 12), n=rng.randint(1, 240))
        if len(lines) + text.count("\n") + 1 > 5:
            break
        lines += text.split("\n")
        types.append(t)
    return lines, types


def with_page_chrome(body: str, rng: random.Random) -> tuple[str, list[str]]:
    """``body`` with incidental page chrome where a page puts it: a block on top (navigation,
    reading aids), a block below the text (share buttons, a comments heading, a link label, a lone
    related heading, an app plug), or both; at most five lines a block, as the facet's allowance
    takes them (boilerplate_lines.CHROME_MAX_BLOCKS, CHROME_BLOCK_LINES). In the body's own
    paragraph separator; and the chrome types added."""
    sep = "\n\n" if "\n\n" in body.strip() else "\n"
    paras = body.strip().split(sep)
    where = rng.choice(("top", "end", "end", "both"))
    top: list[str] = []
    bottom: list[str] = []
    types: list[str] = []
    if where in ("top", "both"):
        top, t = _chrome_block(_CHROME_TOP, rng, rng.randint(1, 2))
        types += t
    if where in ("end", "both"):
        bottom, t = _chrome_block(_CHROME_END, rng, rng.randint(1, 3))
        types += t
    # A bar's lines are one block: joined by a line break, whatever the body's separator.
    return sep.join((["\n".join(top)] if top else []) + paras + (["\n".join(bottom)] if bottom else [])), \
        sorted(set(types))


def page_chrome_docs(data: Optional[Path] = None, seed: int = 0, min_words: int = 60) -> Iterator[Doc]:
    """Every kept page's true body with incidental page chrome (:func:`with_page_chrome`), a
    ``human`` document (:func:`_human_variant_docs`)."""
    return _human_variant_docs(data, seed, min_words, "chrome", with_page_chrome, "page_chrome")


def html_docs(data: Optional[Path] = None) -> Iterator[Doc]:
    """Every page as a raw-HTML ``human`` document (fmt="html")."""
    for page in pages(data):
        yield Doc(text=page.html, kind="human", source=SOURCE + "_html", story=page.id, fmt="html",
                  url=page.url, meta={"split": split_of(page.id), "true_body": page.body})
