"""Hand-written tables the citations family checks URLs against.

Three tables, all written by us (nothing copied from a corpus):

* ``ENTITY_FIRST_DATES``: when a name first existed. A URL dated before that day cannot be a real
  article about it (an invented reference). Dates are deliberately the *earliest* public use of
  the name, so that the check errs towards silence. To extend, add an :class:`Entity` row (or call
  :func:`add_entity` at run time): ``tokens`` are the lower-case slug words that spell the name
  (all must appear, in order, adjacent); ``context`` is an optional set of slug words of which at
  least one must also appear, for names that are ordinary words too ("llama", "gemini");
  ``unless_next`` lists words that, right after the name, mean something else ("meta-analysis").
* ``OUTLET_PATTERNS``: the article-URL shapes of major outlets (path regexes). A URL on that
  outlet that looks like an article (a long slug or a date) but matches none of them is
  off-pattern: the typical shape of a reference an LLM made up ("bbc.com/news/technology/<slug>"
  without the numeric id every BBC story has). Patterns are permissive on purpose; we measured
  them against 1,520 real article URLs (see ``scorer/training/citations.py``).
* ``WELL_KNOWN_OUTLETS``: a short default list of established news organisations. A user can load
  a full domain-ratings table instead (``SPINSCORE_DOMAIN_RATINGS`` or :func:`load_domain_ratings`).
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional


@dataclass(frozen=True)
class Entity:
    name: str  # how the reason names it
    tokens: tuple[str, ...]
    first: date
    note: str
    context: frozenset[str] = frozenset()
    unless_next: frozenset[str] = frozenset()
    # A numbered successor is talked about before it exists ("OpenAI isn't training GPT-5",
    # The Verge, 2023-04-14): from ``rumoured`` on, a URL dated before ``first`` is no
    # anachronism when its words speculate (SPECULATION); before ``rumoured`` it always is.
    rumoured: Optional[date] = None

    def did_not_exist(self, day: date, tokens: frozenset[str]) -> bool:
        """Whether a URL dated ``day`` whose slug words are ``tokens`` cannot have named this."""
        if day >= self.first:
            return False
        return self.rumoured is None or day < self.rumoured or not (SPECULATION & tokens)

    def to_dict(self) -> dict:
        return {"name": self.name, "tokens": list(self.tokens), "first": self.first.isoformat(),
                "note": self.note, "context": sorted(self.context), "unless_next": sorted(self.unless_next),
                "rumoured": self.rumoured.isoformat() if self.rumoured else None}


# Slug words of a story about a thing not yet out: rumours, leaks, expectations. Words a story
# sentence often holds ("will", "could", "new", "training") are left out: an invented
# reference's slug is cut from the sentence it supports, and would pass as speculation (one
# held-out invented reference, "gpt-4-...-reported-training" dated 2022, did with "training").
SPECULATION = frozenset({"rumor", "rumors", "rumored", "rumour", "rumours", "rumoured", "leak", "leaks",
                         "leaked", "speculation", "speculate", "speculates", "hype", "prediction",
                         "predictions", "upcoming", "reportedly", "isnt", "whats", "expected",
                         "successor", "sequel", "teases", "teased", "hints", "hinted", "preview", "previews"})


_AI = frozenset({"ai", "model", "models", "llm", "chatbot", "openai", "meta", "google", "anthropic",
                 "microsoft", "generative", "artificial", "intelligence", "language"})

ENTITY_FIRST_DATES: list[Entity] = [
    Entity("Meta (Facebook's parent company)", ("meta",), date(2021, 10, 28),
           "Facebook Inc. renamed itself Meta Platforms on 2021-10-28",
           # "meta" is also a prefix (meta-analysis, meta-programming): require company context.
           context=frozenset({"facebook", "zuckerberg", "instagram", "whatsapp", "ai", "metaverse",
                              "oculus", "quest", "threads", "llama", "superintelligence", "messenger"}),
           unless_next=frozenset({"analysis", "analyses", "data", "tag", "tags", "description",
                                  "review", "study", "learning", "material", "materials", "ethics",
                                  "programming", "model", "narrative"})),
    Entity("Meta Platforms", ("meta", "platforms"), date(2021, 10, 28), "renamed 2021-10-28"),
    Entity("ChatGPT", ("chatgpt",), date(2022, 11, 30), "released 2022-11-30"),
    # A numbered successor is named in the press from its predecessor's release on ("OpenAI
    # isn't training GPT-5", The Verge, 2023-04-14; GPT-4 rumours from 2020): before its own
    # release, a URL that speculates about it is real reporting (see Entity.rumoured).
    Entity("GPT-4", ("gpt", "4"), date(2023, 3, 14), "announced 2023-03-14; rumoured from GPT-3's release, 2020-05-28",
           rumoured=date(2020, 5, 28)),
    Entity("GPT-4", ("gpt4",), date(2023, 3, 14), "announced 2023-03-14; rumoured from GPT-3's release, 2020-05-28",
           rumoured=date(2020, 5, 28)),
    Entity("GPT-4o", ("gpt", "4o"), date(2024, 5, 13), "announced 2024-05-13"),
    Entity("GPT-5", ("gpt", "5"), date(2025, 8, 7), "released 2025-08-07; rumoured from GPT-4's release, 2023-03-14",
           rumoured=date(2023, 3, 14)),
    Entity("LLaMA", ("llama",), date(2023, 2, 24), "Meta's LLaMA announced 2023-02-24", context=_AI),
    Entity("DeepSeek", ("deepseek",), date(2023, 7, 17), "company founded 2023-07-17"),
    Entity("DeepSeek-R1", ("deepseek", "r1"), date(2025, 1, 20), "released 2025-01-20; R1-Lite preview 2024-11-20",
           unless_next=frozenset({"lite"}), rumoured=date(2024, 11, 20)),
    Entity("Bard (Google)", ("bard",), date(2023, 2, 6), "announced 2023-02-06",
           context=frozenset({"google", "ai", "chatbot"})),
    Entity("Gemini (Google AI)", ("gemini",), date(2023, 5, 10), "announced at I/O 2023-05-10",
           context=frozenset({"google", "ai", "chatbot", "deepmind", "model"})),
    Entity("Claude (Anthropic)", ("claude",), date(2023, 1, 1), "reported in closed beta from January 2023",
           context=frozenset({"anthropic", "ai", "chatbot"})),
    Entity("Anthropic (AI company)", ("anthropic",), date(2021, 1, 1), "founded 2021",
           context=frozenset({"ai", "claude", "openai"})),
    Entity("Midjourney", ("midjourney",), date(2022, 7, 12), "open beta 2022-07-12"),
    Entity("Stable Diffusion", ("stable", "diffusion"), date(2022, 8, 22), "released 2022-08-22"),
    Entity("Sora (OpenAI)", ("sora",), date(2024, 2, 15), "announced 2024-02-15",
           context=frozenset({"openai", "ai", "video"})),
    Entity("Grok (xAI)", ("grok",), date(2023, 11, 4), "announced 2023-11-04",
           context=frozenset({"xai", "musk", "ai", "chatbot"})),
    # "XAI" is also explainable AI (DARPA's XAI programme, 2017): Musk's company needs its context.
    Entity("xAI", ("xai",), date(2023, 7, 12), "announced 2023-07-12",
           context=frozenset({"musk", "elon", "grok", "twitter", "tesla", "spacex"})),
    Entity("GitHub Copilot", ("copilot",), date(2021, 6, 29), "announced 2021-06-29",
           context=frozenset({"github", "microsoft", "ai"})),
    Entity("OpenAI", ("openai",), date(2015, 12, 11), "founded 2015-12-11"),
    Entity("COVID-19", ("covid",), date(2020, 2, 11), "disease named 2020-02-11"),
    Entity("COVID-19", ("covid19",), date(2020, 2, 11), "disease named 2020-02-11"),
    Entity("SARS-CoV-2", ("sars", "cov", "2"), date(2020, 2, 11), "virus named 2020-02-11"),
    Entity("Omicron variant", ("omicron",), date(2021, 11, 26), "named by WHO 2021-11-26",
           context=frozenset({"variant", "covid", "coronavirus", "cases", "booster", "vaccine"})),
    Entity("mpox", ("mpox",), date(2022, 11, 28), "renamed by WHO 2022-11-28"),
    Entity("Brexit", ("brexit",), date(2012, 5, 15), "word first used in 2012"),
    # Only with "meta": Twitter launched "threads" of tweets in 2017 and Instagram a "Threads"
    # messaging app in 2019, both reported under those words.
    Entity("Threads (Meta app)", ("threads",), date(2023, 7, 3), "listed in the App Store 2023-07-03; launched 2023-07-05",
           context=frozenset({"meta"})),
    Entity("Vision Pro", ("vision", "pro"), date(2023, 6, 5), "announced 2023-06-05",
           context=frozenset({"apple", "headset"})),
    Entity("Bitcoin", ("bitcoin",), date(2008, 10, 31), "white paper 2008-10-31"),
]


def add_entity(entity: Entity) -> None:
    """Extend the first-dates table at run time (e.g. from a user's own list)."""
    ENTITY_FIRST_DATES.append(entity)


def entities_in(tokens: list[str]) -> list[Entity]:
    """Entities whose name appears in a URL's slug words (all tokens lower-case)."""
    found: list[Entity] = []
    tokset = set(tokens)
    for ent in ENTITY_FIRST_DATES:
        if ent.tokens and ent.tokens[0] not in tokset:  # cannot occur: no scan of every position
            continue
        k = len(ent.tokens)
        for i in range(len(tokens) - k + 1):
            if tuple(tokens[i:i + k]) != ent.tokens:
                continue
            nxt = tokens[i + k] if i + k < len(tokens) else ""
            if nxt in ent.unless_next:
                continue
            if ent.context and not (ent.context & (tokset - set(ent.tokens))):
                continue
            found.append(ent)
            break
    return found


# --- outlet URL shapes ---------------------------------------------------------------------
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_SLUG = r"[^/\s]+"  # any path segment (unicode slugs are common)
_D8 = r"\d{4}/\d{2}/\d{2}"
_DL = r"\d{4}/\d{1,2}/\d{1,2}"


@dataclass(frozen=True)
class OutletPattern:
    domain: str  # registrable domain
    patterns: tuple[str, ...]  # article-path regexes (fullmatch on the lower-cased path)
    example: str  # a well-formed article URL shape, for the reason text
    hosts: tuple[str, ...] = ("", "www")  # subdomains the patterns apply to

    def compiled(self) -> list[re.Pattern]:
        return [re.compile(p) for p in self.patterns]


OUTLET_PATTERNS: list[OutletPattern] = [
    OutletPattern("nytimes.com", (
        rf"/{_D8}/(?:{_SLUG}/)+{_SLUG}\.html", rf"/(?:interactive|live)/{_DL}/.*",
        rf"/article/{_SLUG}\.html", r"/athletic/\d+/.*", r"/(?:video|wirecutter|games|section|by|topic|column|spotlight|recipes?)/.*",
        r"/\d{4}/\d{2}/\d{2}/.*\.html",
    ), "nytimes.com/YYYY/MM/DD/section/slug.html"),
    OutletPattern("theguardian.com", (
        rf"/(?:{_SLUG}/)+\d{{4}}/{_MON}/\d{{2}}/{_SLUG}/?",
        r"/(?:{s}/)*(?:p|profile|info|help|about|index|series|tone|crosswords|us|uk|au|international)(?:/.*)?".format(s=_SLUG),
        rf"/(?:{_SLUG}/)*{_SLUG}/(?:gallery|video|audio|live|ng-interactive|interactive)/.*",
    ), "theguardian.com/section/YYYY/mon/DD/slug"),
    OutletPattern("reuters.com", (
        rf"/(?:{_SLUG}/)+{_SLUG}-\d{{4}}-\d{{2}}-\d{{2}}/?",
        rf"/article/(?:{_SLUG}/)*{_SLUG}-?id[a-z0-9]{{8,}}/?", r"/article/id[a-z0-9]{8,}/?",
        r"/(?:graphics|investigates|markets/companies|markets/quote|companies|video|pictures|world/reuters-next|authors|plus|sustainability/boards-policy-regulation)/.*",
    ), "reuters.com/section/slug-YYYY-MM-DD/"),
    OutletPattern("bbc.com", (
        rf"/(?:news|sport|newsround)/(?:{_SLUG}/)*{_SLUG}-\d{{6,9}}/?", r"/(?:news|sport)/(?:{s}/)*articles/c[a-z0-9]{{8,14}}o?/?".format(s=_SLUG),
        r"/(?:news|sport|newsround)/(?:.*/)?\d{6,9}/?", rf"/(?:future|worklife|travel|culture|reel|earth|innovation|business|arts)/(?:article|story|video)/(?:\d{{8}}-)?{_SLUG}/?",
        r"/(?:news|sport)/(?:live|av|videos)/.*", r"/(?:programmes|sounds|iplayer|weather|food|bitesize|ideas|worldservice|[a-z]+/articles)/.*",
        r"/(?:ukrainian|russian|arabic|persian|mundo|hindi|urdu|portuguese|afrique|turkce|swahili|[a-z]+)/(?:[a-z\-]+-)?\d{6,9}/?",
        r"/(?:ukrainian|russian|arabic|persian|mundo|hindi|urdu|portuguese|afrique|turkce|swahili|[a-z]+)/articles/c[a-z0-9]{8,14}o?/?",
    ), "bbc.com/news/section-12345678 or bbc.com/news/articles/c…o"),
    OutletPattern("cnbc.com", (
        rf"/(?:video/)?{_D8}/{_SLUG}\.html", r"/(?:quotes|select|id|video|live-tv|amp|pro|investingclub)/.*",
    ), "cnbc.com/YYYY/MM/DD/slug.html"),
    OutletPattern("theverge.com", (
        rf"/{_DL}/\d{{5,}}/{_SLUG}/?", rf"/(?:{_SLUG}/)?\d{{5,}}/{_SLUG}/?", r"/(?:e|c|authors|users|features|videos|reviews|entertainment)/.*",
    ), "theverge.com/YYYY/M/D/12345678/slug"),
    OutletPattern("wsj.com", (
        rf"/articles/{_SLUG}-(?:\d{{6,}}|[0-9a-f]{{8}})/?", r"/articles/sb\d+/?", rf"/(?:{_SLUG}/)+{_SLUG}-[0-9a-f]{{8}}/?",
        r"/(?:livecoverage|video|market-data|news/author|podcasts|graphics|story|buyside|coupons|opinion/.*-[0-9a-f]{8})/.*",
    ), "wsj.com/articles/slug-12345678901 or wsj.com/section/slug-1a2b3c4d"),
    OutletPattern("washingtonpost.com", (
        rf"/(?:.*/)?{_D8}/.*", r"/(?:video|graphics|people|podcasts|games|wp-srv|opinions/interactive)/.*",
    ), "washingtonpost.com/section/YYYY/MM/DD/slug/"),
    OutletPattern("bloomberg.com", (
        rf"/(?:news|opinion)/(?:articles|features|newsletters|videos|audio|storythreads|live-blog)/\d{{4}}-\d{{2}}-\d{{2}}/{_SLUG}/?",
        rf"/news/\d{{4}}-\d{{2}}-\d{{2}}/{_SLUG}(?:\.html)?", r"/graphics/.*", r"/(?:quote|profile|billionaires|features|press-releases|company|professional|markets|news/terminal)/.*",
    ), "bloomberg.com/news/articles/YYYY-MM-DD/slug"),
    OutletPattern("apnews.com", (
        rf"/article/(?:{_SLUG}-)?[0-9a-f]{{32}}/?", r"/[0-9a-f]{32}/?", rf"/(?:{_SLUG}/)?[0-9a-f]{{32}}/?",
        r"/(?:hub|video|live|projects|press-release|author|photo-gallery|ap-photos|buyline)/.*",
        rf"/article/{_SLUG}/?",
    ), "apnews.com/article/slug-<32 hex>"),
    OutletPattern("techcrunch.com", (
        rf"/{_D8}/{_SLUG}/?", r"/(?:tag|category|author|events|video|podcast|sponsor)/.*",
    ), "techcrunch.com/YYYY/MM/DD/slug/"),
    OutletPattern("technologyreview.com", (
        rf"/{_D8}/\d{{4,}}/{_SLUG}/?", rf"/s/\d+/{_SLUG}/?", r"/(?:topic|author|magazines|supertopic|newsletters|podcasts|video)/.*",
    ), "technologyreview.com/YYYY/MM/DD/1234567/slug/"),
    OutletPattern("wired.com", (
        rf"/story/{_SLUG}/?", rf"/\d{{4}}/\d{{2}}/{_SLUG}/?", r"/(?:gallery|video|review|category|tag|author|about|newsletter|podcast)/.*",
    ), "wired.com/story/slug/"),
]
OUTLET_PATTERNS_BY_DOMAIN = {p.domain: p for p in OUTLET_PATTERNS}
# Same organisation, other registrable domains.
OUTLET_PATTERNS_BY_DOMAIN["bbc.co.uk"] = OUTLET_PATTERNS_BY_DOMAIN["bbc.com"]
OUTLET_PATTERNS_BY_DOMAIN["guardian.co.uk"] = OUTLET_PATTERNS_BY_DOMAIN["theguardian.com"]


# --- outlet quality -------------------------------------------------------------------------
# A short list we wrote ourselves of long-established news organisations, wire services and
# public broadcasters. It only says "well known"; it grades nobody. A real ratings table
# (domain,pc1 in [0,1]) can replace it, see load_domain_ratings().
WELL_KNOWN_OUTLETS = frozenset({
    "reuters.com", "apnews.com", "afp.com", "bbc.com", "bbc.co.uk", "npr.org", "pbs.org",
    "nytimes.com", "washingtonpost.com", "wsj.com", "ft.com", "economist.com", "bloomberg.com",
    "theguardian.com", "latimes.com", "usatoday.com", "cnn.com", "cnbc.com", "nbcnews.com",
    "cbsnews.com", "abcnews.go.com", "go.com", "politico.com", "axios.com", "theatlantic.com",
    "newyorker.com", "propublica.org", "aljazeera.com", "dw.com", "france24.com", "lemonde.fr",
    "spiegel.de", "zeit.de", "elpais.com", "nhk.or.jp", "scmp.com", "thehindu.com", "abc.net.au",
    "cbc.ca", "theglobeandmail.com", "irishtimes.com", "independent.co.uk", "telegraph.co.uk",
    "thetimes.co.uk", "nature.com", "science.org", "sciencemag.org", "technologyreview.com",
    "wired.com", "theverge.com", "arstechnica.com", "techcrunch.com", "time.com", "forbes.com",
    "businessinsider.com", "vox.com", "nation.africa", "thedailystar.net", "koreaherald.com",
    "straitstimes.com", "japantimes.co.jp", "bnnbloomberg.ca", "euronews.com", "rfi.fr",
})
WELL_KNOWN_RATING = 0.9  # what a listed outlet counts as when no ratings table is loaded

RATINGS_ENV = "SPINSCORE_DOMAIN_RATINGS"


def load_domain_ratings(path: str | os.PathLike) -> dict[str, float]:
    """Read a ``domain,pc1`` CSV (e.g. Lin et al. 2023) into {registrable domain: rating in [0,1]}.

    Extra columns are ignored; rows with an unreadable rating are skipped. ``www.`` is dropped.
    """
    out: dict[str, float] = {}
    with open(Path(path), newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "domain" not in reader.fieldnames or "pc1" not in reader.fieldnames:
            raise ValueError(f"{path}: a domain-ratings table needs the columns 'domain' and 'pc1'")
        for row in reader:
            dom = (row.get("domain") or "").strip().lower()
            if dom.startswith("www."):
                dom = dom[4:]
            try:
                val = float(row.get("pc1") or "")
            except ValueError:
                continue
            if dom and 0.0 <= val <= 1.0:
                out[dom] = val
    return out


_RATINGS_CACHE: dict[str, dict[str, float]] = {}


def domain_ratings(path: Optional[str | os.PathLike] = None) -> Optional[dict[str, float]]:
    """The ratings table from ``path`` or $SPINSCORE_DOMAIN_RATINGS (cached), else None."""
    p = path or os.environ.get(RATINGS_ENV)
    if not p:
        return None
    key = str(p)
    if key not in _RATINGS_CACHE:
        _RATINGS_CACHE[key] = load_domain_ratings(key)
    return _RATINGS_CACHE[key]


def outlet_rating(domain: str, ratings: Optional[dict[str, float]]) -> Optional[float]:
    """A domain's rating: from the loaded table when given, else the default list, else None."""
    if ratings is not None:
        return ratings.get(domain)
    return WELL_KNOWN_RATING if domain in WELL_KNOWN_OUTLETS else None
