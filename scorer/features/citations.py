"""Citation and attribution validity: do the references hold up, offline?

Content farms and LLM answers pasted as articles cite sources that look right and are not:
nine URLs all dated the same day, a URL about "ChatGPT" dated 2021, a privacy policy cited as
evidence, markers ``[7]`` with no reference 7, "Source link" with nothing behind it. Real
reporting mostly cites nobody by URL; it names people ("said Ana Ruiz, the clinic's director")
and carries a dateline. So:

* an article with no citations scores no defect (all shares are 0): absence is not a risk;
* defects are counted per reference, as shares of the references (or counts for near-certain
  signs: a URL dated after the article, an anachronism);
* named attribution and datelines are credit features (risk direction -1).

Parsing is in :mod:`.citations_parse`, URL checks in :mod:`.citations_urls`, the hand-written
tables (entity first dates, outlet URL shapes, well-known outlets) in :mod:`.citations_tables`.
Outlet quality uses ``SPINSCORE_DOMAIN_RATINGS`` (a ``domain,pc1`` CSV) when set, or the
``ratings_path`` argument of :class:`Citations`; else the short default list.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import Optional

from ..article import ZONE_SLACK, Article
from ..text import WORD_RE, LiteralGate, fold_case, gated, sentences, word_index
from .base import (FLOOR, Evidence, Extractor, FeatureResult, FeatureSpec, RiskRule, finite, per_1000, register,
                   risk_with_rules)
from .citations_parse import Citations as Parsed
from .citations_parse import Reference, SentenceIndex, parse_citations
from .citations_tables import domain_ratings, entities_in, outlet_rating
from .citations_urls import FIRST_URL_YEAR, off_pattern, parse_url

N = "citations."
# The risk of an article citing what cannot exist yet (see Citations.risk).
IMPOSSIBLE_DATE_FLOOR = 0.8
_SPECS = (
    FeatureSpec(N + "n_references", "references found (numbered entries, bare URLs, Markdown links, anchors)"),
    FeatureSpec(N + "n_markers", "in-text citation markers ([1], superscripts)"),
    FeatureSpec(N + "dangling_marker_share", "share of markers whose number has no reference", risk_direction=1),
    FeatureSpec(N + "uncited_reference_share", "share of numbered references no marker cites", risk_direction=1),
    FeatureSpec(N + "duplicate_reference_count", "the same URL listed under two numbers", risk_direction=1),
    FeatureSpec(N + "overloaded_reference_count", "one reference made to carry several unrelated claims", risk_direction=1),
    FeatureSpec(N + "malformed_url_share", "share of reference URLs that are not well formed", risk_direction=1),
    FeatureSpec(N + "off_pattern_share", "share of references breaking a major outlet's URL shape", risk_direction=1),
    FeatureSpec(N + "future_dated_count", "references whose URL date is after the article's date", risk_direction=1),
    FeatureSpec(N + "shared_date_share", "share of dated references on one and the same date (3+ dated)", risk_direction=1),
    FeatureSpec(N + "anachronism_count", "references dated before an entity they name existed", risk_direction=1),
    FeatureSpec(N + "non_source_share", "share of references that are privacy/terms/legal pages or bare home pages", risk_direction=1),
    FeatureSpec(N + "slug_mismatch_share", "share of references whose URL slug shares no word with the citing sentence", True, 1),
    FeatureSpec(N + "unsupported_attribution_per_1000", "'Source link', 'Read also:', 'according to reports' with nothing behind them", True, 1),
    FeatureSpec(N + "source_line_count", "lines that only say 'Source link', 'Source:', 'Read also:' with nothing behind them (spans under unsupported_attribution_per_1000)", True, 1),
    FeatureSpec(N + "named_attribution_per_1000", "named sources with said/told/according to (credit)", True, -1),
    FeatureSpec(N + "dateline", "1 when the story opens with a dateline (credit)", risk_direction=-1),
    FeatureSpec(N + "known_outlet_share", "share of references on rated / well-known outlets", risk_direction=-1),
    FeatureSpec(N + "outlet_rating_mean", "mean rating of the rated outlets cited (None when none)", risk_direction=-1),
)

# Words that carry no topic, for slug-vs-sentence comparison.
_STOP = frozenset("""a an the and or but of to in on at by for with from as is are was were be been
being it its this that these those into over after before about than then there their they them
he she his her we our you your i not no new how why what who when where which will would can could
should may might has have had do does did says said say also more most just via amp html htm php
index article articles news story stories www com org net http https""".split())
_NONWORD_MONTH = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december""".split())

# "Source link", "Read also:", … standing alone on a line; the farm's trace of a scraped original.
# Not the labels of a link to the story's own continuation ("Read more", "Continue reading",
# "Read the full story (here)"): a feed excerpt, a teaser or any page copied as text ends with
# one, the link lost, and it names no source, so it tells nothing about the article's sourcing.
# Read as one, a single "Read more" under an honest report took it from 71 to 1 (page chrome:
# the boilerplate facet's to judge; a listing's repeated "Read more": scorer.page_kind).
# Blanks include the no-break space, and a bracket, arrow or link emoji may wrap the line: a
# farm's "[Source link]", "Source\u00a0link →", "Source link 🔗" are the same trace. Every optional
# part starts with a character that is no blank: no two blank runs meet (a line of 1 MB of
# spaces would split between them in every way: quadratic).
_B = "[ \t\u00a0]"
_DANGLING_LINE_RE = re.compile(
    rf"^{_B}*(?:[\[(]{_B}*)?(?:source{_B}link|source|sources|original{_B}source|original{_B}article|original{_B}post|"
    rf"read{_B}also|see{_B}also|via){_B}*(?:[:.!…]+{_B}*)?(?:[\])]{_B}*)?(?:[→➜➔⟶⇒\U0001F517]{_B}*)?$", re.I | re.M)
# Gated (scorer.text.gated) on the phrases' first letters: same matches, far fewer tries
# (0.085 -> 0.05 ms on a 3 KB article).
# "Click here to read the full report" is no attribution either: a link's label, which names no
# source (one under an honest report took its citations risk from 0.03 to 0.3-0.5, and the report
# under 40 in 3 of 60 held-out human articles).
_DANGLING_PHRASE_RE = gated("[ras]",
    r"\b(?:according to (?:some |several |various |multiple |recent |media |news |unconfirmed )?(?:reports|sources|experts|studies)"
    r"|(?:reports|sources) (?:say|suggest|indicate|claim)s?"
    r"|studies (?:have )?show(?:n|s)?|research (?:has )?show(?:n|s))\b", re.I)
# Most news holds none of the phrases' literals ("according to" without "reports", "sources",
# "experts" or "studies"...): the scan of every word start is skipped.
_DANGLING_PHRASE_GATE = LiteralGate.of([_DANGLING_PHRASE_RE.pattern], _DANGLING_PHRASE_RE.flags)
_NAMED_AFTER_RE = re.compile(r"[ \t]+(?:in|by|from|on|at|of|published|cited)[ \t]+(?:the[ \t]+)?[A-Z]")
# A name word is at most 42 characters: unbounded, "AbAbAb…" (1 MB, no space) was quadratic, every
# capital restarting a scan to the end of the token.
_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Gov|Rep|Gen|Col|Capt|Sgt|Lt|Maj)\.?[ \t]+)?[A-Z][a-z][\w'’\-]{0,40}(?:[ \t]+[A-Z][a-z][\w'’\-]{0,40}){0,2}"
# Both are written so that every match starts with an alternative the regex engine can skip
# ahead to (a character class or literal first: no \b or optional group before it), instead of
# trying the whole pattern at every position of the text: the same matches, spans and groups
# (tests/test_speed_as.py compares them with the plain forms, kept there), ~150 -> ~75 µs on a
# 3 KB article.
# "\b(?:said|…|according to)": \b before a word character is "no word character before it", checked
# by a lookbehind after each verb.
_SAID_NAME_RE = re.compile(
    r"(?:" + "|".join(rf"{v}(?<!\w{v})" for v in ("said", "says", "told", "added", "explained", "wrote", "according to"))
    + r")[ \t]+(" + _NAME + ")")
# _NAME with its capital first: "[A-Z]", then either the rest of a title (the lookbehind tells
# which capital it follows: "M" + "rs" is "Mrs", tried in _NAME's order) with its dot, blanks
# and the next capital, or nothing; then "[a-z]…" as in _NAME.
_TITLE_REST = (r"(?:(?<=M)(?:r|rs|s|aj)|(?<=D)r|(?<=P)rof|(?<=S)(?:en|gt)|(?<=G)(?:ov|en)|(?<=R)ep"
               r"|(?<=C)(?:ol|apt)|(?<=L)t)")
_NAME_CAPITAL_FIRST = (r"[A-Z](?:" + _TITLE_REST + r"\.?[ \t]+[A-Z])?[a-z][\w'’\-]{0,40}"
                       r"(?:[ \t]+[A-Z][a-z][\w'’\-]{0,40}){0,2}")
_NAME_SAID_RE = re.compile(r"(" + _NAME_CAPITAL_FIRST + r")(?:,[^,\n]{1,80},)?[ \t]+(?:said|says|told|added)\b")
_NOT_NAMES = frozenset("""he she it they we i you this that there these those in on at but and or so
then the a an his her their its our my however meanwhile officials police experts reports sources
critics analysts people residents who which what when where one some many others""".split()) | _NONWORD_MONTH
_DATELINE_RE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’\- ]{1,30}[A-Z.](?:,[ \t]+[A-Z][A-Za-z.\- ]{1,25})?(?:,[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"
    r"[ \t]*(?:\([A-Z][A-Za-z&.\- ]{1,25}\)[ \t]*)?[—–\-]{1,2}[ \t]", re.M)
_MAX_EVIDENCE_PER_FEATURE = 12


def _stem(w: str) -> str:
    return w[:5]


# Words of a line that only points at a page ("Link to the website", "Tickets here").
_POINTER_STEMS = frozenset(_stem(w) for w in """link links website site page web online here click visit
book booking tickets ticket available find details information info""".split())
MIN_CLAIM_STEMS = 2  # content words (besides the site's name) a citing sentence needs to be judged


def _domain_words(domain: str) -> list[str]:
    """The name words of a host ("www.klook.com" -> ["klook"]): a sentence naming the site."""
    parts = [p for p in (domain or "").lower().split(".") if p and p != "www"]
    return parts[:-1] if len(parts) > 1 else parts


_POSSESSIVE_RE = re.compile(r"['’]s$")


def _content_stems(words: list[str]) -> set[str]:
    out = set()
    for w in words:
        if "'" in w or "’" in w:  # else nothing to cut (was re.sub on every word: ~20 µs an article)
            w = _POSSESSIVE_RE.sub("", w)
        if len(w) >= 2 and w not in _STOP and not w.isdigit():
            out.add(_stem(w))
    return out


def _parse_date(s: Optional[str]) -> Optional[date]:
    if not s:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


# An update this long after the first publication excuses later references only on a page that
# tells its reader it was updated or is live (see _update_date).
_UNDECLARED_UPDATE_SPAN = timedelta(days=366)


def _update_date(article: Article, published: Optional[date]) -> Optional[date]:
    """The page's last update as the future-dated check reads it, or None.

    A live blog, or a story updated after it first ran, honestly links stories published after
    its first date; the report's ``date`` stays the first publication (cluster originals and the
    date checks read it), and a reference dated on or before the last update (with the same
    day's slack) is not "after the article". ``Article.date_modified`` is already credible
    (:func:`scorer.article.credible_update`: not before the publication, not after the capture
    or the day of the run). A farm can still write any update date in between, so one more than
    a year after the publication counts only when the page also says so to its reader (an
    "Updated ..." line, a JSON-LD LiveBlogPosting: ``meta["update_declared"]``); a CMS's
    silent edit date years later (WordPress sets ``modified`` on any edit) does not excuse
    references from those years."""
    updated = _parse_date(article.date_modified)
    if published is None or updated is None or updated <= published:
        return None
    if updated - published > _UNDECLARED_UPDATE_SPAN and not article.meta.get("update_declared"):
        return None
    return updated


def _article_date(s: Optional[str]) -> Optional[date]:
    """The article's date as the future check reads it: None for one before the first year a URL
    date is read. Every dated URL would be "after" it, yet no article from before the web cites
    one: such a date is a placeholder ("1969-12-31", epoch 0 shown in New York), not the
    article's."""
    day = _parse_date(s)
    return day if day and day.year >= FIRST_URL_YEAR else None


# Words that name a legal page in the sentence linking it (see Citations._non_source).
_LEGAL_PAGE_WORDS = frozenset("""privacy policy policies cookie cookies terms conditions legal gdpr
regulation imprint impressum disclaimer agreement eula consent notice""".split())


def _names_the_page(body: str, s: int, e: int, r) -> bool:
    """Whether sentence ``body[s:e]`` names a legal page: a URL's own words left out (they spell
    the page: "…/privacy-policy"), an anchor's text kept (it is the sentence's words)."""
    inline = r.origin != "anchor" and s <= r.start < e
    said = body[s:r.start] + " " + body[r.end:e] if inline else body[s:e]
    return any(w.lower() in _LEGAL_PAGE_WORDS for w in WORD_RE.findall(said))


def _norm_url(u: str) -> str:
    u = re.sub(r"^https?://(?:www\.)?", "", u.lower())
    return u.rstrip("/")


class Citations(Extractor):
    name = "citations"
    specs = _SPECS
    order = 40

    def __init__(self, ratings_path: Optional[str] = None) -> None:
        self.ratings_path = ratings_path

    # ------------------------------------------------------------------------------------
    def extract(self, article: Article) -> FeatureResult:
        body = article.body
        ev: list[Evidence] = []
        counts: Counter = Counter()

        def hit(feature: str, start: int, end: int, reason: str) -> None:
            counts[feature] += 1
            if counts[feature] <= _MAX_EVIDENCE_PER_FEATURE:
                ev.append(Evidence.at(N + feature, body, start, end, reason))

        parsed = parse_citations(body, article.meta.get("links"))
        sents = SentenceIndex(sentences(body))
        own_url = parse_url(article.url) if article.url else None
        own = own_url.domain if own_url else None
        # Not references: links to the page's own site (navigation), and the page's own address
        # written in its text (a reprint notice's "This copy is for your personal use ...
        # https://www.barrons.com/articles/...", a printed page's URL line), which the slug check
        # read as a citation its sentence does not match: every Dow Jones article was "invented".
        own_path = own_url.path.rstrip("/") if own_url else ""
        refs = [r for r in parsed.references
                if not (own and r.info.domain == own
                        and (r.origin == "anchor" or (own_path and r.info.path.rstrip("/") == own_path)))]
        self._link_markers(parsed, refs, sents, body)
        # A page date htmldate found only in the free text may be a cited story's: it is shown
        # as the article's date, but not trusted to call a reference "after the article".
        published = None if article.meta.get("date_from_text") else _article_date(article.published)
        updated = _update_date(article, published)
        english = article.is_english or article.language is None
        n_words = len(word_index(article.content).words)  # shared with the other families

        v: dict[str, Optional[float]] = {}
        n_refs = len(refs)
        v[N + "n_references"] = float(n_refs)
        v[N + "n_markers"] = float(len(parsed.markers))
        v[N + "dangling_marker_share"] = self._consistency(parsed, refs, hit, v)
        v[N + "malformed_url_share"] = self._share(refs, lambda r: r.info.malformed, "malformed_url_share",
                                                    "malformed URL: {}", hit)
        v[N + "off_pattern_share"] = self._share(refs, lambda r: off_pattern(r.info), "off_pattern_share",
                                                  "URL {}", hit)
        v[N + "non_source_share"] = self._share(
            refs, lambda r: self._non_source(r, body), "non_source_share", "cited as a source but is a {}", hit)
        passed = self._dates(refs, published, updated, hit, v)
        v[N + "slug_mismatch_share"] = self._slug_mismatch(refs, body, hit, v) if english else None
        if english:
            lines, phrases = self._unsupported(body, parsed, refs, sents, hit)
            v[N + "unsupported_attribution_per_1000"] = per_1000(lines + phrases, n_words)
            # The lines apart: a "Source link" with nothing behind it is page residue of a copy,
            # while "according to experts" is vague sourcing that human news has too. One rate
            # for both taught the facet to read a single "studies show" as invented references.
            v[N + "source_line_count"] = float(lines)
            v[N + "named_attribution_per_1000"] = per_1000(self._named(article.content, hit), n_words)
        else:
            v[N + "unsupported_attribution_per_1000"] = None
            v[N + "source_line_count"] = None
            v[N + "named_attribution_per_1000"] = None
        m = _DATELINE_RE.search(article.content[:400])
        v[N + "dateline"] = 1.0 if m else 0.0
        if m:
            hit("dateline", m.start(), m.end(), "opens with a dateline (credit)")
        self._outlets(refs, v)
        not_applicable = {}
        if not english:
            for f in ("slug_mismatch_share", "unsupported_attribution_per_1000", "source_line_count",
                      "named_attribution_per_1000"):
                not_applicable[N + f] = f"English-only feature; article language is {article.language}"
        details = {"references": [r.to_dict() for r in refs[:50]],
                   "markers": len(parsed.markers), "hits": dict(counts),
                   "page_links": len(article.meta.get("page_links") or [])}
        if passed:  # references after the first publication that the page's update explains
            details["dated_after_publication_before_update"] = {
                "date_modified": updated.isoformat(), "references": passed[:10], "count": len(passed)}
        return FeatureResult(values={k: finite(x) for k, x in v.items()}, evidence=ev,
                             not_applicable=not_applicable, details=details)

    def risk(self, result: FeatureResult, model) -> Optional[float]:
        """Model probability, with a floor of ``IMPOSSIBLE_DATE_FLOOR`` (0.8) for a reference dated after the article itself
        or before an entity it names existed: no real article can carry such a URL, so whatever
        else the linear model weighs, the citations are invented."""
        if model is None:
            return None
        return risk_with_rules(model, result.values, self.risk_rules(result))

    def risk_rules(self, result: FeatureResult) -> list[RiskRule]:
        """The floor of :meth:`risk`, with the features that set it off (anachronisms first:
        a name that did not exist yet is the plainer proof)."""
        vals = result.values
        why = [(f, text) for f, text in ((N + "anachronism_count", "a URL dated before what it names existed"),
                                         (N + "future_dated_count", "a reference dated after the article"))
               if (vals.get(f) or 0) > 0]
        if not why:
            return []
        return [RiskRule(tuple(f for f, _ in why), FLOOR, IMPOSSIBLE_DATE_FLOOR,
                         f"{' and '.join(t for _, t in why)} hold{'s' if len(why) == 1 else ''} it at "
                         f"{IMPOSSIBLE_DATE_FLOOR:.2f} or more")]

    # ------------------------------------------------------------------------------------
    @staticmethod
    def _link_markers(parsed: Parsed, refs: list[Reference], sents: SentenceIndex, body: str) -> None:
        by_label: dict[int, list[Reference]] = {}
        for r in refs:
            if r.label is not None:
                by_label.setdefault(r.label, []).append(r)
        for mk in parsed.markers:
            span = sents.at(mk.start)
            if span is None:
                continue
            for lab in mk.labels:
                for r in by_label.get(lab, []):
                    if span not in r.cited_in:
                        r.cited_in.append(span)
        for r in refs:
            if r.origin in ("inline", "markdown", "anchor") and not r.cited_in:
                span = sents.at(r.start)
                alone = span and len(WORD_RE.findall(body[span[0]:r.start] + body[r.end:span[1]])) < 3
                if alone and r.origin == "anchor":
                    continue  # a credit line ("abcnews", "Source") under a repost cites no claim
                if alone:
                    span = sents.before(r.start)  # a URL alone on its line cites the sentence before
                if span:
                    r.cited_in.append(span)

    @staticmethod
    def _share(refs, check, feature, template, hit) -> float:
        if not refs:
            return 0.0
        bad = 0
        for r in refs:
            why = check(r)
            if why:
                bad += 1
                hit(feature, r.start, r.end, template.format(why))
        return bad / len(refs)

    @staticmethod
    def _non_source(r: Reference, body: str) -> Optional[str]:
        kind = r.info.non_source
        # A link to a home page inside prose ("the ministry's website") is navigation, not a
        # claim of evidence; a home page as a numbered reference is.
        if kind == "home page" and r.origin not in ("list",):
            return None
        # A policy linked from the sentence that talks about it ("Its privacy policy (https://…)
        # lets it share data, the regulator said") is the story's subject, not evidence passed off
        # as a source: news on privacy law links such pages. Flagged, it read as invented sources.
        if kind and r.origin != "list" and any(_names_the_page(body, s, e, r) for s, e in r.cited_in):
            return None
        return kind

    def _consistency(self, parsed: Parsed, refs, hit, v) -> float:
        labels = {r.label for r in refs if r.label is not None} | parsed.text_entries
        dangling = 0
        uses = 0
        for mk in parsed.markers:
            for lab in mk.labels:
                uses += 1
                if lab not in labels:
                    dangling += 1
                    hit("dangling_marker_share", mk.start, mk.end, f"marker [{lab}] has no reference {lab}")
        cited = {lab for mk in parsed.markers for lab in mk.labels}
        numbered = [r for r in refs if r.label is not None]
        uncited = 0
        if parsed.markers and numbered:
            for r in numbered:
                if r.label not in cited:
                    uncited += 1
                    hit("uncited_reference_share", r.start, r.end, f"reference [{r.label}] is never cited in the text")
        v[N + "uncited_reference_share"] = uncited / len(numbered) if numbered and parsed.markers else 0.0
        seen: dict[str, Reference] = {}
        dup = 0
        for r in refs:
            if r.origin != "list":
                continue
            key = _norm_url(r.url)
            if key in seen and seen[key].label != r.label:
                dup += 1
                hit("duplicate_reference_count", r.start, r.end,
                    f"same URL as reference [{seen[key].label}]")
            seen.setdefault(key, r)
        v[N + "duplicate_reference_count"] = float(dup)
        return dangling / uses if uses else 0.0

    def _dates(self, refs, published: Optional[date], updated: Optional[date], hit, v) -> list[str]:
        """The date checks; returns the URLs dated after the first publication that the page's
        last update (``updated``, :func:`_update_date`) lets pass."""
        future = anach = 0
        passed: list[str] = []
        dated = [r for r in refs if r.info.date is not None]
        # A URL's date is its outlet's local day, the article's may be another zone's (a news
        # API's UTC "publishedAt", a site abroad): the same hour is a day apart in two zones,
        # so only a URL dated two days or more after the article is one it cannot cite.
        first = published + ZONE_SLACK if published else None
        latest = max(first, updated + ZONE_SLACK) if first and updated else first
        for r in dated:
            d = r.info.date
            if latest and d.day > latest:
                future += 1
                also = f" and its last update {updated.isoformat()}" if updated else ""
                hit("future_dated_count", r.start, r.end,
                    f"URL dated {d.label()}, after the article's own date {published.isoformat()}{also}")
            elif first and d.day > first:
                passed.append(r.url)
            for ent in entities_in(list(r.info.tokens)):
                if ent.did_not_exist(d.last_day, frozenset(r.info.tokens)):
                    anach += 1
                    hit("anachronism_count", r.start, r.end,
                        f"URL dated {d.label()} names {ent.name}, which did not exist before {ent.first.isoformat()} ({ent.note})")
                    break
        v[N + "future_dated_count"] = float(future)
        v[N + "anachronism_count"] = float(anach)
        self._shared_date(dated, hit, v)
        return passed

    def _shared_date(self, dated, hit, v) -> None:
        day_dated = [r for r in dated if r.info.date.granularity == "day"]
        share = 0.0
        if len(day_dated) >= 3:
            common, k = Counter(r.info.date.day for r in day_dated).most_common(1)[0]
            doms = {r.info.domain for r in day_dated if r.info.date.day == common}
            # Only a cluster a reader can be shown counts: three or more references from two or
            # more sites on one day, most of those dated. Two of five on one day is ordinary
            # (a letter citing two stories of the same morning), and as a bare share with no
            # span it took a PolitiFact-checked fundraising letter's citations risk to 0.69.
            cluster = k / len(day_dated)
            if k >= 3 and cluster >= 0.6 and len(doms) >= 2:
                share = cluster
                for r in day_dated:
                    if r.info.date.day == common:
                        hit("shared_date_share", r.start, r.end,
                            f"{k} of {len(day_dated)} dated references share the date {common.isoformat()}")
        v[N + "shared_date_share"] = share

    def _slug_mismatch(self, refs, body, hit, v) -> float:
        checked = bad = overloaded = 0
        for r in refs:
            slug = _content_stems(list(r.info.slug_words))
            if len(slug) < 3 or not r.cited_in:
                continue
            site = _content_stems(_domain_words(r.info.domain))
            judged = misses = 0
            for s, e in r.cited_in:
                # "Link to KLOOK website – https://…", "Tickets: https://…": a line that points
                # at a site makes no claim a slug could contradict. Judged, such lines made a
                # human theatre page read as inventing its sources (1.0). The claim is what the
                # sentence says besides the URL, the site's name and pointing words.
                said = body[s:r.start] + " " + body[r.end:e] if s <= r.start < e else body[s:e]
                claim = _content_stems([w.lower() for w in WORD_RE.findall(said)]) - site - _POINTER_STEMS
                if len(claim) < MIN_CLAIM_STEMS:
                    continue
                judged += 1
                words = [w.lower() for w in WORD_RE.findall(body[s:e])]
                if r.origin == "anchor":
                    words += [w.lower() for w in WORD_RE.findall(body[r.start:r.end])]
                if not (slug & _content_stems(words)):
                    misses += 1
            if not judged:
                continue
            checked += 1
            if misses == judged:
                bad += 1
                hit("slug_mismatch_share", r.start, r.end,
                    "URL slug '" + "-".join(r.info.slug_words[:8]) + "' shares no word with the sentence citing it")
            if judged >= 3 and misses >= 2:
                overloaded += 1
                hit("overloaded_reference_count", r.start, r.end,
                    f"cited for {len(r.cited_in)} claims, {misses} of which share nothing with its URL")
        v[N + "overloaded_reference_count"] = float(overloaded)
        return bad / checked if checked else 0.0

    @staticmethod
    def _unsupported(body: str, parsed: Parsed, refs, sents: SentenceIndex, hit) -> tuple[int, int]:
        """(attribution lines, attribution phrases) with nothing behind them."""
        link_spans = [(r.start, r.end) for r in refs]
        marker_pos = [mk.start for mk in parsed.markers]
        lines = phrases = 0
        for m in _DANGLING_LINE_RE.finditer(body):
            s, e = m.start() + len(m.group()) - len(m.group().lstrip()), m.end()
            line_end = body.find("\n", e)
            after = body[e:len(body) if line_end < 0 else line_end]
            covered = any(a < e and s < b for a, b in link_spans)
            # A URL right after ("Source: https://…" on the next line) is something behind it.
            nxt = body[e:e + 300].lstrip()
            if covered or after.strip() or re.match(r"(?:https?://|www\.|\[\d)", nxt):
                continue
            if m.group().strip().lower().rstrip(":.!… ") in ("source", "sources") and parsed.list_start is not None \
                    and parsed.list_start <= s + 1:
                continue
            lines += 1
            # Labelled with the rate it has always fed (evidence labels are read by other tools);
            # source_line_count counts these same spans.
            hit("unsupported_attribution_per_1000", s, e, "attribution line with nothing behind it (no link, no source named)")
        for m in _DANGLING_PHRASE_RE.finditer(body) if _DANGLING_PHRASE_GATE.may_match(fold_case(body)) else ():
            span = sents.at(m.start()) or (m.start(), m.end())
            if _NAMED_AFTER_RE.match(body, m.end()):
                continue
            if any(span[0] <= p < span[1] for p in marker_pos) or any(span[0] <= a < span[1] for a, _ in link_spans):
                continue
            phrases += 1
            hit("unsupported_attribution_per_1000", m.start(), m.end(), f"'{m.group()}' with no source named or linked")
        return lines, phrases

    @staticmethod
    def _named(text: str, hit) -> int:
        seen: set[int] = set()
        n = 0
        for rx in (_SAID_NAME_RE, _NAME_SAID_RE):
            for m in rx.finditer(text):
                name = m.group(1)
                first = name.split()[0].rstrip(".").lower()
                if first in _NOT_NAMES or name.lower() in _NOT_NAMES:
                    continue
                key = m.start(1) // 40
                if key in seen:
                    continue
                seen.add(key)
                n += 1
                if n <= 5:
                    hit("named_attribution_per_1000", m.start(), m.end(), f"named source: {name} (credit)")
        return n

    def _outlets(self, refs, v) -> None:
        ratings = domain_ratings(self.ratings_path)
        external = [r for r in refs if r.info.domain]
        rated = [x for x in (outlet_rating(r.info.domain, ratings) for r in external) if x is not None]
        v[N + "known_outlet_share"] = len(rated) / len(external) if external else 0.0
        v[N + "outlet_rating_mean"] = sum(rated) / len(rated) if rated else None


register(Citations())
