"""Boilerplate: page furniture that survived inside the article body (runs first).

Scraped dumps and republished posts keep what the scraper did not know to drop: "Skip to
content", cookie banners (sometimes paraphrased by an LLM into sentences), comment forms,
share bars, "Source link", related-post lists, calls to action. Every line of the body is
classified (:mod:`.boilerplate_lines`: a cue lexicon plus a learned line model); the flagged
spans are returned in ``strip`` so later extractors read ``Article.content`` without them.

For HTML pages the body is already trafilatura's main text, so the page template (menus,
footers) never reaches it; page-level numbers (template share, link density, furniture blocks)
are reported for context only and are *not* risk features: every real outlet has a template.
"""
from __future__ import annotations

import re
from collections import Counter

from ..article import Article
from ..text import lines, word_index
from .base import Evidence, Extractor, FeatureResult, FeatureSpec, finite, per_1000, register
from .boilerplate_lines import Flag, classify_lines

N = "boilerplate."
# Kind -> the feature its evidence counts toward.
GROUP = {
    "consent": "consent", "comment_form": "comment_form", "share": "share_cta", "cta": "share_cta",
    "source_link": "share_cta", "emoji": "share_cta", "navigation": "nav_related",
    "related": "nav_related", "author_box": "byline_copyright", "copyright": "byline_copyright",
    "other": "model_lines",
}
# The totals below count the lines of every kind: their evidence is every kind's spans.
_KIND_FEATURES = tuple(N + g for g in dict.fromkeys(GROUP.values()))
_SPECS = (
    FeatureSpec(N + "share", "share of the body's characters judged page furniture", risk_direction=1,
                evidence_from=_KIND_FEATURES),
    FeatureSpec(N + "flags_per_1000", "furniture lines/sentences per 1,000 words", risk_direction=1,
                evidence_from=_KIND_FEATURES),
    FeatureSpec(N + "cue_lines", "lines that are (or carry) a furniture cue", risk_direction=1,
                evidence_from=_KIND_FEATURES),
    FeatureSpec(N + "kinds", "distinct kinds of furniture found", risk_direction=1, evidence_from=_KIND_FEATURES),
    FeatureSpec(N + "consent", "cookie/GDPR/consent lines or sentences (also woven into prose)", risk_direction=1),
    FeatureSpec(N + "comment_form", "comment-form lines ('Leave a Reply', 'Your email address ...')", risk_direction=1),
    FeatureSpec(N + "share_cta", "share/subscribe, calls to action, 'Source link', emoji lines", risk_direction=1),
    FeatureSpec(N + "nav_related", "navigation and related-post lines", risk_direction=1),
    FeatureSpec(N + "byline_copyright", "author boxes ('About the author', 'Posted by admin') and repeated "
                "bylines or copyright lines", risk_direction=1),
    FeatureSpec(N + "model_lines", "lines only the learned line model flags (edge/cue zones)", risk_direction=1),
    FeatureSpec(N + "tail_flagged", "share of the last 5 lines flagged (scrapers leave footers)", risk_direction=1,
                evidence_from=_KIND_FEATURES),
    # Page context (HTML only): normal for real outlets, reported but not used for the risk.
    FeatureSpec(N + "page_template_share", "HTML: share of visible page text outside the main text"),
    FeatureSpec(N + "page_link_density", "HTML: share of visible page text inside links"),
    FeatureSpec(N + "page_furniture_blocks", "HTML: nav/footer/aside/form and consent/share/comment/related blocks"),
)
RISK_FEATURES = tuple(s.name for s in _SPECS if not s.name.startswith(N + "page_"))

# On an HTML page the body is the main text *we* extracted (trafilatura): a "Comments" heading,
# a share bar, an author box or a related-posts list left in it is our extractor's miss, not
# something the publisher padded the article with, so it is stripped and listed in the details
# but does not count as risk. What a farm puts inside the post itself still counts there:
# a bare "Source link", calls to action, and consent text (often woven into prose by an LLM).
# Measured on the shared split when this was decided: 1.5 % of human HTML pages had read as
# padded (boilerplate risk ≥ 0.5) from one "Comments" line; the padded articles of the corpus
# are text, so their detection could not change.
HTML_COUNTED_KINDS = frozenset({"source_link", "cta", "consent"})

# A source line that names its origin ("Source: Reuters", "Originally published on Live
# Science.", "This article first appeared in The Conversation") is a credit, on every format:
# stripped from the prose like other furniture, listed in the details, but not padding. Wire
# copy and syndication carry such lines on honest sites (two of the benchmark's Live Science
# pages scored 26 and 44 for that line alone, a "Source: Reuters" line took a short report from
# 61 to 9). The scraper's own residue is the bare line with nothing named: "Source link".
_BARE_SOURCE_RE = re.compile(r"\W*(?:source link|original source|sources?)\W*", re.I)


def _names_its_origin(body: str, f) -> bool:
    # The cue as matched: a "Source\u00a0link" or "Ｓｏｕｒｃｅ ｌｉｎｋ" line is read plain there.
    return f.kind == "source_link" and not _BARE_SOURCE_RE.fullmatch(f.cue or body[f.start:f.end])


_FURNITURE_ATTR_RE = re.compile(r"cookie|consent|gdpr|share|social|comment|related|newsletter|subscribe|promo",
                                re.I)
_MAX_EVIDENCE = 40


# The characters str.isspace() accepts (str.split() splits on exactly these), ASCII and not
# (tests/test_speed_rb.py checks both sets over every code point).
_ASCII_SPACE = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
_NON_ASCII_SPACE_RE = re.compile("[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def _nonspace(s: str) -> int:
    """``sum(map(len, s.split()))``, the characters that are not whitespace, without splitting
    (~35 µs on 3 KB): the ASCII whitespace is deleted from the UTF-8 bytes in one C pass (no
    byte of a longer character is ASCII), the rest found by a scan for its few characters."""
    if s.isascii():
        return len(s.encode("ascii").translate(None, _ASCII_SPACE))
    raw = s.encode("utf-8", "surrogatepass")
    ascii_space = len(raw) - len(raw.translate(None, _ASCII_SPACE))
    return len(s) - ascii_space - len(_NON_ASCII_SPACE_RE.findall(s))


def page_stats(article: Article) -> dict:
    """Template share, link density and furniture block counts of an HTML page."""
    out: dict = {}
    page = article.page_text or ""
    vis = _nonspace(page)
    if vis:
        out["template_share"] = max(0.0, 1.0 - _nonspace(article.body) / vis)
    links = article.meta.get("page_links") or []
    if vis:
        out["link_density"] = min(1.0, sum(_nonspace(l.get("text", "")) for l in links) / vis)
    blocks: Counter = Counter()
    if article.html:
        import lxml.etree

        from ..htmltext import parsed_page

        try:
            root = parsed_page(article.html)  # the tree ingestion parsed, when it was this page
            for el in root.iter("nav", "footer", "aside", "form"):
                blocks[el.tag] += 1
            for el in root.iter("div", "section", "ul", "aside"):
                attrs = (el.get("class") or "") + " " + (el.get("id") or "")
                m = _FURNITURE_ATTR_RE.search(attrs)
                if m:
                    blocks[m.group().lower()] += 1
        except (ValueError, lxml.etree.ParserError):
            pass
    out["blocks"] = dict(sorted(blocks.items()))
    return out


def _reason(f: Flag) -> str:
    label = f.kind.replace("_", " ")
    if f.how == "cue":
        return f"{label}: the line is furniture ('{f.cue}')"
    if f.how == "phrase":
        return f"{label}: short line with the cue '{f.cue}'"
    if f.how == "sentence":
        return f"{label}: banner/comment-form wording inside prose ('{f.cue}')"
    if f.how == "block":
        return "related-post list: headline under a 'related'/'read also' header"
    return f"furniture by the line model (p={f.proba:.2f}) at the text's edge or next to furniture"


class Boilerplate(Extractor):
    name = "boilerplate"
    specs = _SPECS
    order = 10

    def extract(self, article: Article) -> FeatureResult:
        body = article.body
        spans = lines(body)
        stripped = classify_lines(body, spans)
        html = article.source_format == "html"
        # Ordinary news metadata (a byline, a copyright notice, an ad marker, one newsletter plug,
        # an "Updated ..." line, a photo credit: boilerplate_lines.NEWS_META_TYPES) is stripped
        # from the prose and listed in the details ("news_metadata") but counts toward no feature:
        # real news pages carry these lines, and a single "By Jane Mwangi" above a clean Nairobi
        # business report took its boilerplate risk from 0.08 to 0.78 and its score from 74 to 39
        # (a copyright line below it: 19). Nothing else a text carries is counted differently.
        # Incidental page chrome within its allowance (a share bar, a "Comments" heading, "Skip to
        # content", "Read more", "5 min read", a lone "Related posts" heading: see
        # boilerplate_lines.PAGE_CHROME_TYPES) is treated the same way and listed as
        # "page_chrome": one "Share this article" line under the same Nairobi report took it from
        # 71 to 3.5. Chrome beyond the allowance, and all of a farm's padding (consent text,
        # "Source link", related blocks with titles, comment forms, author boxes, calls to
        # action, emoji bait), counts as before. On an HTML page a chrome line of a kind that does
        # not count there is extraction residue as before; "page_chrome" lists what the allowance
        # took out of the count.
        credits, flags, news_meta, chrome = [], [], [], []
        for f in stripped:
            counted_here = not html or f.kind in HTML_COUNTED_KINDS  # else HTML extraction residue
            if f.news_meta:
                news_meta.append(f)
            elif f.chrome and counted_here:
                chrome.append(f)
            elif _names_its_origin(body, f):
                credits.append(f)
            elif counted_here:
                flags.append(f)
        # classify_lines read the lines' words off the body's shared index (scorer.text.word_index,
        # cached): with nothing stripped the body is the content every later family indexes
        # (otherwise they index the content: two entries, as the cache holds for two articles).
        idx = word_index(body)
        n_words = len(idx.words)
        flagged_chars = sum(_nonspace(body[f.start:f.end]) for f in flags)
        # With nothing flagged the share is 0.0 whatever the total: not counted (~15 µs).
        total = _nonspace(body) if flags else 0
        tail = spans[-5:]
        aside = news_meta + chrome
        if aside:
            # The totals are those of the text without its metadata and chrome lines: adding a
            # byline, a copyright line or a share button to a padded text dilutes none of its rates.
            n_words -= sum(idx.count_in(f.start, f.end) for f in aside)
            total -= sum(_nonspace(body[f.start:f.end]) for f in aside) if flags else 0
            aside_lines = {(f.start, f.end) for f in aside}
            tail = [sp for sp in spans if sp not in aside_lines][-5:]
        by_group = Counter(GROUP[f.kind] for f in flags)
        by_kind = Counter(f.kind for f in flags)
        tail_hit = sum(1 for s, e in tail if any(f.start <= s and e <= f.end for f in flags))
        v: dict[str, float | None] = {
            N + "share": flagged_chars / total if total else 0.0,
            N + "flags_per_1000": per_1000(len(flags), n_words),
            N + "cue_lines": float(sum(f.how in ("cue", "phrase") for f in flags)),
            N + "kinds": float(len(by_kind)),
            N + "tail_flagged": tail_hit / len(tail) if tail else 0.0,
        }
        for g in ("consent", "comment_form", "share_cta", "nav_related", "byline_copyright", "model_lines"):
            v[N + g] = float(by_group.get(g, 0))
        not_applicable: dict[str, str] = {}
        details: dict = {"counts": dict(sorted(by_kind.items())), "lines": len(spans),
                         "flagged": [f.to_dict() for f in flags[:200]]}
        residue = [f.to_dict() for f in stripped
                   if f.kind not in HTML_COUNTED_KINDS and not f.news_meta][:200] if html else []
        if residue:
            details["extraction_residue"] = residue
        if credits:
            details["credited_source"] = [f.to_dict() for f in credits[:200]]
        if news_meta:
            details["news_metadata"] = [f.to_dict() for f in news_meta[:200]]
        if chrome:
            details["page_chrome"] = [{**f.to_dict(), "type": f.chrome, "snippet": body[f.start:f.end][:120]}
                                      for f in chrome[:200]]
        if html and article.page_text is not None:
            ps = page_stats(article)
            v[N + "page_template_share"] = ps.get("template_share")
            v[N + "page_link_density"] = ps.get("link_density")
            v[N + "page_furniture_blocks"] = float(sum(ps.get("blocks", {}).values()))
            details["page"] = ps
        else:
            for k in ("page_template_share", "page_link_density", "page_furniture_blocks"):
                not_applicable[N + k] = "not an HTML page"
        evidence = [
            Evidence.at(N + GROUP[f.kind], body, f.start, f.end, _reason(f))
            for f in flags[:_MAX_EVIDENCE]
        ]
        return FeatureResult(
            values={k: finite(x) if x is not None else None for k, x in v.items()},
            evidence=evidence,
            strip=[(f.start, f.end) for f in stripped],
            not_applicable=not_applicable,
            details=details,
        )



register(Boilerplate())
