"""Invented references, made on purpose: the synthetic positives of the citations facet.

No public corpus pairs news articles with the fabricated reference lists that content farms and
pasted LLM answers carry, so we make them: take a human article and add numbered markers and a
reference list whose URLs look plausible but are broken the way invented ones are (one shared
date, an entity named before it existed, privacy/terms pages, markers without references,
outlet URL shapes that do not exist, slugs about something else, "Source link" with nothing
behind it). The same generator also makes *clean* references (distinct dates before the
article, valid outlet shapes, slugs taken from the sentence they support): negatives, so that a
model cannot learn "has references = risk".

Everything is deterministic given the seed. This is synthetic data: results measured on it say
how well the checks find the defects we inject, not how often real farms make them.

Also here: loaders for the human news texts we inject into (AEB bodies, XSum originals,
PolitiFact/GossipCop originals) and for the 1,520 real article URLs (the false-alarm set).
"""
from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator, Optional

from ..text import WORD_RE, sentences
from .base import Doc, data_dir, require
from .ai import story_id  # one story id per original text across every loader

DEFECT_KINDS = ("shared_date", "anachronism", "future_dated", "non_source", "dangling_markers",
                "off_pattern", "slug_mismatch", "dangling_attribution", "llm_mix")
ALL_KINDS = ("clean",) + DEFECT_KINDS

_STOP = frozenset("""a an the and or but of to in on at by for with from as is are was were be been
being it its this that these those into over after before about than then there their they them
he she his her we our you your i not no has have had do does did said says say also more most just
will would can could should may might which who what when where while during""".split())
_SECTIONS = ("world", "business", "technology", "politics", "science", "health", "us", "europe")
_MON = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_GENERIC_SITES = ("dailynewsroundup.com", "techinsightdaily.net", "globalreportwire.com",
                  "thenewsbeacon.org", "marketpulsetoday.com")
# Unrelated topics for slug-mismatch references (words we wrote; no corpus text).
_UNRELATED = ("quarterly-earnings-beat-estimates-retail-chain", "heatwave-grips-southern-europe-tourists",
              "central-bank-holds-interest-rates-steady", "football-club-signs-striker-record-fee",
              "new-smartphone-battery-life-review", "city-council-approves-bike-lane-plan",
              "wildfire-smoke-air-quality-warning", "streaming-service-raises-subscription-prices",
              "vaccine-trial-enrolls-first-volunteers", "airline-cancels-flights-after-strike")
_NON_SOURCES = ("https://www.{d}/privacy-policy/", "https://www.{d}/legal/terms-of-service/",
                "https://gdpr.eu/art-{n}/", "https://www.{d}/", "https://www.{d}/cookie-policy",
                "https://gdpr-info.eu/art-{n}-gdpr/", "https://www.{d}/about/privacy/")
_ANACHRONISMS = (("chatgpt", date(2022, 11, 30)), ("meta", date(2021, 10, 28)),
                 ("gpt-4", date(2023, 3, 14)), ("deepseek-r1", date(2025, 1, 20)),
                 ("covid-19", date(2020, 2, 11)), ("midjourney", date(2022, 7, 12)),
                 ("mpox", date(2022, 11, 28)), ("openai", date(2015, 12, 11)))
# A farm's trace of the original it scraped. Not "Read more" or "Read the full article here." (which
# this tuple held until reliability-11): the features no longer read a link label as an
# attribution (scorer.features.citations), so such a document would be an honest text labelled
# invented. As many entries as before, so every document draws the same random numbers.
_DANGLING = ("Source link", "Original article", "Read also:", "Source", "Original source")


@dataclass
class Injected:
    text: str
    kind: str
    published: str
    urls: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "published": self.published, "urls": self.urls}


def _rng(seed: int | str) -> random.Random:
    return random.Random(int(hashlib.sha256(str(seed).encode()).hexdigest()[:12], 16))


def story_date(story: str) -> date:
    """A deterministic publication date for a story (2018-2025): every version shares it."""
    r = _rng("date:" + story)
    return date(2018, 1, 1) + timedelta(days=r.randrange(0, 2700))


def _slug_from(sentence: str, r: random.Random, k: int = 6) -> str:
    words = [w.lower().replace("’", "").replace("'", "") for w in WORD_RE.findall(sentence)]
    words = [w for w in words if w not in _STOP and len(w) > 2]
    if len(words) < 3:
        words = words + ["report", "update", "latest"]
    start = r.randrange(0, max(1, len(words) - k + 1))
    return "-".join(words[start:start + k])


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _digits(r: random.Random, n: int) -> str:
    return str(r.randrange(10 ** (n - 1), 10 ** n))


def outlet_url(r: random.Random, slug: str, d: date, broken: bool = False) -> str:
    """A URL in a real outlet's shape (or, ``broken``, in a shape that outlet never uses)."""
    sec = r.choice(_SECTIONS)
    y, m, dd = d.year, d.month, d.day
    good = [
        f"https://www.nytimes.com/{y}/{m:02d}/{dd:02d}/{sec}/{slug}.html",
        f"https://www.theguardian.com/{sec}/{y}/{_MON[m - 1]}/{dd:02d}/{slug}",
        f"https://www.reuters.com/{sec}/{slug}-{y}-{m:02d}-{dd:02d}/",
        f"https://www.cnbc.com/{y}/{m:02d}/{dd:02d}/{slug}.html",
        f"https://www.theverge.com/{y}/{m}/{dd}/{_digits(r, 8)}/{slug}",
        f"https://www.washingtonpost.com/{sec}/{y}/{m:02d}/{dd:02d}/{slug}/",
        f"https://www.bloomberg.com/news/articles/{y}-{m:02d}-{dd:02d}/{slug}",
        f"https://techcrunch.com/{y}/{m:02d}/{dd:02d}/{slug}/",
        f"https://www.{r.choice(_GENERIC_SITES)}/{y}/{m:02d}/{dd:02d}/{slug}/",
    ]
    bad = [
        f"https://www.bbc.com/news/{sec}/{slug}",
        f"https://www.wsj.com/articles/{slug}",
        f"https://www.nytimes.com/{sec}/{slug}",
        f"https://www.theguardian.com/{sec}/{y}/{m:02d}/{dd:02d}/{slug}",
        f"https://www.bloomberg.com/news/articles/{slug}",
        f"https://apnews.com/{y}/{m:02d}/{dd:02d}/{slug}",
        f"https://www.cnbc.com/{sec}/{slug}/",
        f"https://www.reuters.com/article/{slug}",
    ]
    return r.choice(bad if broken else good)


def _without_anachronism(url: str, slug: str, d: date, r: random.Random, broken: bool) -> str:
    """``url``, or the same reference with the slug words that name something newer than its
    date dropped. A slug taken from a 2021 sentence about COVID-19 on a URL dated 2019 is an
    anachronism: an impossible reference, not a sound one. Only the ``anachronism`` kind may
    make those; without this, 2 % of the *clean* (human, label reliable) documents carried one
    and the citations facet rightly read them at ~1.0. The entity table is the checker's own
    (:mod:`scorer.features.citations_tables`): what it calls impossible, sound references avoid."""
    from ..features.citations_tables import entities_in
    from ..features.citations_urls import parse_url

    info = parse_url(url)
    if info.date is None:
        return url
    newer = [e for e in entities_in(list(info.tokens)) if info.date.last_day < e.first]
    if not newer:
        return url
    drop = {t for e in newer for t in e.tokens}
    kept = "-".join(w for w in slug.split("-") if not (set(re.findall(r"[a-z0-9]+", w)) & drop))
    return outlet_url(r, kept or "report-update-latest", d, broken)


def _candidates(text: str) -> list[tuple[int, int]]:
    out = []
    for s, e in sentences(text):
        seg = text[s:e].rstrip()
        if len(WORD_RE.findall(seg)) >= 8 and seg[-1:] in ".!?\"”":
            out.append((s, s + len(seg)))
    return out


def _format_list(r: random.Random, urls: list[tuple[int, str]]) -> str:
    style = r.randrange(4)
    if style == 0:
        return "References:\n" + "\n".join(f"[{n}] {u}" for n, u in urls)
    if style == 1:
        return "Sources:\n" + "\n".join(f"{n}. {u}" for n, u in urls)
    if style == 2:
        return " ".join(f"[{n}] {u}" for n, u in urls)
    return "\n".join(f"[{n}]: {u}" for n, u in urls)


def inject_references(text: str, kind: str, seed: int | str = 0, published: Optional[date] = None) -> Injected:
    """``text`` with invented references of one ``kind`` (see ``ALL_KINDS``), deterministically."""
    if kind not in ALL_KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(ALL_KINDS)}")
    r = _rng(f"{seed}:{kind}")
    pub = published or story_date(str(seed))
    text = text.rstrip()
    if kind == "dangling_attribution":
        return _dangling(text, r, pub)
    cands = _candidates(text)
    if len(cands) < 2:
        cands = [(0, len(text))]
    k = min(len(cands), r.randint(3, 7))
    chosen = sorted(r.sample(cands, k))
    n_refs = k
    # Dates: distinct, before the article (clean); defects below bend them.
    offs = r.sample(range(2, 700), n_refs)
    dates = [pub - timedelta(days=o) for o in offs]
    if kind in ("shared_date", "llm_mix"):
        one = pub - timedelta(days=r.randrange(1, 900))
        dates = [one] * n_refs
    if kind == "future_dated":
        for i in r.sample(range(n_refs), max(1, n_refs // 2)):
            dates[i] = pub + timedelta(days=r.randrange(3, 400))
    slugs = [_slug_from(text[s:e], r) for s, e in chosen]
    broken = [False] * n_refs
    if kind == "slug_mismatch":
        for i in r.sample(range(n_refs), max(2, n_refs // 2 + 1) if n_refs > 1 else 1):
            slugs[i] = r.choice(_UNRELATED)
    if kind == "off_pattern":
        for i in r.sample(range(n_refs), max(1, n_refs // 2)):
            broken[i] = True
    if kind == "anachronism":
        name, first = r.choice(_ANACHRONISMS)
        for i in r.sample(range(n_refs), max(1, n_refs // 3)):
            dates[i] = first - timedelta(days=r.randrange(30, 900))
            slugs[i] = name + "-" + slugs[i]
    urls = [outlet_url(r, sl, d, br) for sl, d, br in zip(slugs, dates, broken)]
    if kind != "anachronism":
        urls = [_without_anachronism(u, sl, d, r, br) for u, sl, d, br in zip(urls, slugs, dates, broken)]
    if kind in ("non_source", "llm_mix"):
        dom = r.choice(("example-news.com", "techdaily.net", "facebook.com", "google.com", "meta.com"))
        for i in r.sample(range(n_refs), min(n_refs, r.randint(1, 3))):
            urls[i] = r.choice(_NON_SOURCES).format(d=dom, n=r.randint(5, 99))
    labels = list(range(1, n_refs + 1))
    cite = [[lab] for lab in labels]
    listed = list(zip(labels, urls))
    if kind in ("dangling_markers", "llm_mix"):
        extra = r.randint(1, 3)
        for j in range(extra):  # markers pointing past the list
            cite[r.randrange(n_refs)].append(n_refs + 1 + j)
        if kind == "dangling_markers" and n_refs > 3:
            listed = listed[:-1]  # and the last reference dropped
    # Insert markers from the end so earlier offsets stay valid.
    out = text
    for (s, e), labs in sorted(zip(chosen, cite), reverse=True):
        mark = "".join(f"[{x}]" for x in labs)
        end = e
        while end > s and out[end - 1] in ".!?\"”":
            end -= 1
        out = out[:end] + " " + mark + out[end:]
    out = out + "\n\n" + _format_list(r, listed) + "\n"
    return Injected(out, kind, pub.isoformat(), [u for _, u in listed])


def _dangling(text: str, r: random.Random, pub: date) -> Injected:
    out = text
    if r.random() < 0.5:
        cands = _candidates(out)
        if cands:
            s, e = r.choice(cands)
            out = out[:s] + r.choice(("According to reports, ", "According to sources, ", "Reports suggest that ")) \
                + out[s].lower() + out[s + 1:]
    out = out + "\n\n" + r.choice(_DANGLING) + "\n"
    return Injected(out, "dangling_attribution", pub.isoformat(), [])


# --- human texts to inject into -------------------------------------------------------------
def load_human_news(data: Optional[Path] = None, *, max_per_source: Optional[int] = None) -> Iterator[Doc]:
    """Human-written English news bodies: AEB ground truth, XSum originals, PolitiFact and
    GossipCop originals (rows where the LLM text equals the original are dropped upstream of
    nothing: only the human side is read here). Story id = one per original text."""
    d = data_dir(data)
    aeb = json.loads(require(d / "boilerplate" / "aeb_ground-truth.json").read_text(encoding="utf-8"))
    for i, (key, rec) in enumerate(sorted(aeb.items())):
        if max_per_source and i >= max_per_source:
            break
        body = rec.get("articleBody") or ""
        if len(body) > 300:
            # Story id = the benchmark page id, as in scorer.corpora.aeb (one split for all).
            yield Doc(text=body, kind="human", source="aeb", story=key, url=rec.get("url"))
    seen: set[str] = set()
    n = 0
    for name in ("gpt-4", "gpt-3.5-turbo", "davinci"):
        p = d / "ai" / f"fastdetectgpt_xsum_{name}.raw_data.json"
        if not p.exists():
            continue
        for t in json.loads(p.read_text(encoding="utf-8")).get("original", []):
            if t in seen or len(t) < 300:
                continue
            seen.add(t)
            n += 1
            if max_per_source and n > max_per_source:
                break
            # XSum runs sentences together ("word.The"): restore the space the markers need.
            yield Doc(text=re.sub(r"([a-z])\.([A-Z])", r"\1. \2", t), kind="human", source="xsum",
                      story=story_id("xsum", t))
    for name, src in (("politifact_rewrite", "politifact"), ("gossipcop_rewrite", "gossipcop")):
        p = d / "ai" / f"llmfake_synthetic-gpt-3.5-turbo_{name}_generation_processed.csv"
        if not p.exists():
            continue
        with open(p, newline="", encoding="utf-8") as fh:
            n = 0
            for row in csv.DictReader(fh):
                t = row.get("news_text") or ""
                if len(t) < 300 or t in seen:
                    continue
                seen.add(t)
                n += 1
                if max_per_source and n > max_per_source:
                    break
                yield Doc(text=t, kind="human", source=src, story=story_id(src, t))


def load_invented_refs(data: Optional[Path] = None, *, kinds: tuple[str, ...] = DEFECT_KINDS,
                       max_per_source: Optional[int] = None, seed: int = 0) -> Iterator[Doc]:
    """Human news with invented references injected: one Doc per (story, kind), kind
    ``invented_refs`` (``meta['defect']`` says which), sharing the original's story id."""
    for doc in load_human_news(data, max_per_source=max_per_source):
        for kind in kinds:
            inj = inject_references(doc.text, kind, seed=f"{seed}:{doc.story}", published=story_date(doc.story))
            yield Doc(text=inj.text, kind="human" if kind == "clean" else "invented_refs",
                      source=doc.source + "+refs", story=doc.story, published=inj.published,
                      meta={"defect": kind, "urls": inj.urls})


def load_real_urls(data: Optional[Path] = None) -> list[dict]:
    """The real article URLs (unique, whitespace trimmed) with their gold date when known."""
    p = require(data_dir(data) / "citations" / "real_news_urls_from_benchmarks.tsv")
    out: dict[str, dict] = {}
    with open(p, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            raw = row.get("url") or ""
            if not raw or raw in out:
                continue
            out[raw] = {"url": raw, "url_stripped": raw.strip(), "gold_date": row.get("gold_pub_date") or None,
                        "domain": row.get("domain")}
    return list(out.values())
