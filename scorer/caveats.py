"""Caveats: what a reader should know before acting on one report's score, and why.

A score is only as good as the evidence the article gives it. Eight conditions are known to
weaken it or to narrow what it describes; a report carries a caveat for each that applies
(``Report.caveats``, field ``caveats`` of the report contract, schema 1.2; ``fast_html`` since
1.3, ``truncated`` since 1.4, ``record_truncated`` since 1.5; ``mixed_language`` and its
``spans``, the one caveat key beside ``code`` and ``message``, are new):

* ``short_text``: under ``SHORT_TEXT_WORDS`` words. The facets' n-gram averages and per-1,000-word
  rates are noisier on a short text, so it is ranked less well and human ones fall under 40 more
  often. The message quotes the reliability model's own held-out figures for texts of about that
  length (``held_out.short_texts`` in its metrics, :mod:`scorer.training.short_eval`), so the
  figures always describe the model that produced the score.
* ``not_english``: the article is not English, or its language could not be determined: the mt
  and ai_style facets (and every English-only feature) do not apply; the score rests on the
  facets that do.
* ``mixed_language``: a notable share of the text (20 % or more) is in another language than the
  one it was read as, the language of most of its characters (:func:`scorer.language.language_mix`).
  The message gives each language's share; ``spans`` lists the foreign stretches. An English
  article's English-only checks read its English part only (:func:`scorer.ingest._not_english`).
* ``fast_html``: an HTML page read with ``--fast-html`` (trafilatura's fast mode,
  :func:`scorer.htmltext.extract_page`): a little less of the text found, and now and then the
  page's date missed.
* ``truncated``: a text longer than the scorer's ``max_chars`` (``--max-chars``, default
  500,000 characters; :data:`scorer.scoring.MAX_ANALYSED_CHARS`) was analysed up to a paragraph
  break before the limit: the score, the evidence and the word count describe that part.
* ``record_truncated``: a web-archive record the crawler stored only in part (its
  ``WARC-Truncated`` header: Common Crawl keeps the first 1 MiB of a page, and cuts a fetch
  that takes too long): the page's end, where sources, references and boilerplate often sit,
  may be missing from what was scored. Added by :func:`scorer.warc.score_page`.
* ``not_an_article``: an HTML page that lists stories (home, section, tag, search, archive
  page) rather than telling one (:mod:`scorer.page_kind`): its score describes teaser text.
* ``obfuscated_text`` (new, with ``spans``: the words, ``start``, ``end``, ``kind``, ``snippet``):
  words written with characters that hide them from text filters, which ingestion read as the
  plain words (:func:`scorer.text.fold_evasions`, ``Article.meta["hidden_words"]``): Cyrillic or
  Greek letters that look Latin, invisible characters inside a word, mathematical or fullwidth
  letters. Honest news hides no letters inside its words, so it is a sign the text was doctored
  to slip past filters; but it is **no score input**: the models were not trained on it (their
  corpora hold almost none), and a stray character of an honest text must not move a verdict.
  To keep honest text quiet it is reported only when :data:`HIDDEN_WORDS_MIN` distinct words
  were hidden, or a hidden word is part of a phrase the checks found (chatbot residue, a stock
  hedge or closer, a miscased brand: :data:`PHRASE_FEATURES`): a writer's keyboard slip (one
  Cyrillic letter in "WHO", seen in a human translation of the corpora) stays quiet, a doctored
  residue line does not. Soft hyphens inside words are never counted: CMSs put them in long
  words as hyphenation hints.

Caveats never change the score or the verdict: they say how far to trust them.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections import Counter
from typing import Any, Iterable, Mapping, Optional

SHORT_TEXT_WORDS = 200  # under this, a report carries the short_text caveat
_CUT_PREFIX = "words_"  # held_out.short_texts keys: "words_90" = held-out articles cut to ~90 words
# Measured on the 181 pages of the article-extraction benchmark (scorer.htmltext.extract_page).
FAST_HTML_MESSAGE = (
    "HTML extracted in fast mode (--fast-html): trafilatura without its fallback extractors and "
    "without the extensive date search. On benchmark pages the text extracted matched nearly as "
    "well (shingle F1 0.968 vs 0.969) but the page's date was missed on about 1 in 100, which "
    "silences the date checks.")


@dataclass(frozen=True)
class Caveat:
    code: str  # "short_text" | "not_english" | "mixed_language" | "obfuscated_text" | "fast_html" | "truncated" | "record_truncated" | "not_an_article"
    message: str
    # mixed_language: the stretches in another language, (start, end, language); obfuscated_text:
    # the words, (start, end, kind, snippet) (offsets into the body, as evidence spans; tuples, so
    # a Caveat stays hashable); written as dicts with the keys of _SPAN_KEYS under a "spans" key
    # only when there are some.
    spans: tuple[tuple, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.spans:
            keys = _SPAN_KEYS.get(self.code, _SPAN_KEYS["mixed_language"])
            out["spans"] = [dict(zip(keys, span)) for span in self.spans]
        return out


_SPAN_KEYS = {"mixed_language": ("start", "end", "language"),
              "obfuscated_text": ("start", "end", "kind", "snippet")}


def mixed_language(language: Optional[str], mix: Mapping[str, Any],
                   analysed_chars: Optional[int] = None) -> Optional[Caveat]:
    """The caveat of a text a notable share of which is in another language than ``language``
    (``Article.meta["language_mix"]``, :func:`scorer.ingest._language`): the languages and their
    shares of the text, and the foreign stretches (those in the analysed part) as spans."""
    shares = [(lang, share) for lang, share in mix.get("shares") or [] if lang is not None]
    others = [(lang, share) for lang, share in shares if lang != language]
    if not others:
        return None
    limit = analysed_chars if analysed_chars is not None else float("inf")
    spans = tuple((s, min(e, limit), lang) for s, e, lang in mix.get("foreign") or [] if s < limit)
    listed = _join([f"{_pct(share)} {lang}" for lang, share in shares])
    if language == "en":
        what = ("read as English, the language of most of it; the English-only features and the "
                "mt and ai_style facets read its English part only, and the word count counts that part")
    else:
        what = (f"read as {language or 'undetermined'}, the language of most of it; "
                "the English-only features do not apply to any of it")
    return Caveat("mixed_language", f"Mixed languages ({listed} of the text): {what}.", spans)


# obfuscated_text: how many distinct hidden words make the caveat on their own, and the checks
# whose phrase a single hidden word inside it is enough for (a fold un-hid what they found).
HIDDEN_WORDS_MIN = 3
PHRASE_FEATURES = frozenset({
    "ai_style.residue_count", "ai_style.hedge_per_1000", "ai_style.closer_count",
    "ai_style.explore_call_count", "mt.casing_per_1000", "mt.tortured_per_1000"})
_KIND_WORDS = {"lookalike": "Cyrillic or Greek letters that look Latin",
               "invisible": "invisible characters inside them",
               "math": "mathematical letters", "fullwidth": "fullwidth letters"}


def obfuscated_text(hidden: Iterable, evidence: Iterable = (),
                    analysed_chars: Optional[int] = None) -> Optional[Caveat]:
    """The caveat of a text whose words were hidden from text filters (``hidden``:
    ``Article.meta["hidden_words"]``, ``[start, end, kind, characters, snippet]`` each, see
    :func:`scorer.ingest._hidden_words`), when :data:`HIDDEN_WORDS_MIN` distinct words were, or
    one was inside the ``evidence`` span of a :data:`PHRASE_FEATURES` check. Soft hyphens are
    no evidence (hyphenation hints); words past ``analysed_chars`` were not analysed."""
    limit = analysed_chars if analysed_chars is not None else float("inf")
    kinds: dict[tuple[int, int], list[str]] = {}
    shown: dict[tuple[int, int], str] = {}
    for s, e, kind, _chars, snip in hidden:
        if kind in _KIND_WORDS and e <= limit:
            kinds.setdefault((s, e), []).append(kind)
            shown[s, e] = snip
    if not kinds:
        return None
    phrases = sorted({(ev.start, ev.end) for ev in evidence if ev.feature in PHRASE_FEATURES
                      and any(ev.start <= s and e <= ev.end for s, e in kinds)})
    if len({w.lower() for w in shown.values()}) < HIDDEN_WORDS_MIN and not phrases:
        return None
    by_kind = Counter(k for ks in kinds.values() for k in ks)
    listed = _join([f"{n} with {_KIND_WORDS[k]}" for k, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))])
    words = len(kinds)
    found = ""
    if phrases:
        quoted = [next(ev.snippet for ev in evidence if (ev.start, ev.end) == p) for p in phrases[:2]]
        found = (f"; {'it is' if words == 1 else 'some are'} part of what the checks found (" +
                 ", ".join(f"'{q if len(q) <= 60 else q[:59] + '…'}'" for q in quoted) + ")")
    first = [f"@{s}-{e} '{shown[s, e]}'" for s, e in sorted(kinds)[:3]] + (["…"] if words > 3 else [])
    return Caveat("obfuscated_text", (
        f"Obfuscated text: {words} word{'s' if words != 1 else ''} written with characters that hide "
        f"{'them' if words != 1 else 'it'} from text filters ({listed}: {', '.join(first)}), read here "
        f"as the plain word{'s' if words != 1 else ''}{found}. Honest news hides no letters inside its words: a "
        f"sign the text was doctored to slip past filters (a keyboard that switched script, or a "
        f"pasted post in styled letters, can explain a few). Not a score input: the score is as "
        f"without this caveat. Every such word is in the caveat's spans."),
        tuple((s, e, "+".join(ks), shown[s, e]) for (s, e), ks in sorted(kinds.items())))


def record_truncated(reason: str) -> Caveat:
    """The caveat of a WARC record whose ``WARC-Truncated`` header gives ``reason`` ("length",
    "time", "disconnect", "unspecified", as the WARC standard lists them)."""
    why = {"length": "it was over the crawler's size limit", "time": "its fetch took too long",
           "disconnect": "the server disconnected"}.get(reason.lower(), f"WARC-Truncated: {reason[:40]}")
    return Caveat("record_truncated", (
        f"The crawler stored only the first part of this page ({why}): its end, where sources, "
        f"references and page boilerplate often sit, may be missing from what was scored."))


_MARKER_WORDS = {"listing_url": "its URL", "body_class": "its body class", "schema_type": "its schema.org type"}


def not_an_article(signals: Mapping[str, Any], quoted: list[str]) -> Caveat:
    """The caveat of an HTML page :func:`scorer.page_kind.detect` found to be a listing (a home,
    section, tag, search or archive page), from its ``signals`` and a few body spans ``quoted``.
    The spans with their offsets are in the report's ``details.page_kind``."""
    why = []
    if signals.get("teasers_in_body"):  # a page known by its "Read more" lines may have none
        why.append(f"{signals['teasers_in_body']} of the stories it lists make "
                   f"{100 * signals.get('teaser_share', 0.0):.0f} % of the text scored")
    if signals.get("read_more_lines"):
        why.append(f"'Read more' {signals['read_more_lines']} times")
    marks = [f"{word} ({str(signals[k])[:80]})" for k, word in _MARKER_WORDS.items() if signals.get(k)]
    if marks:
        why.append("marked a listing by " + _join(marks))
    shown = "; ".join(f"'{q if len(q) <= 60 else q[:59] + '…'}'" for q in quoted[:2])
    return Caveat("not_an_article", (
        f"Not an article: this page lists stories (a home, section, tag, search or archive page): "
        f"{'; '.join(why)}" + (f" (e.g. {shown})" if shown else "") + ". The score describes the "
        "teaser text the extraction found, not an article: it is no verdict on one. Spans under "
        "details.page_kind."))


def codes(row: Mapping[str, Any]) -> str:
    """A report row's caveat codes, "; "-separated ("short_text; not_english"): the flat form of
    the CSV column and ``scorer.to_frame``; the messages stay in the rows."""
    return "; ".join(c.get("code", "") for c in row.get("caveats") or [] if isinstance(c, dict))


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _pct(x: Optional[float]) -> str:
    return "?" if x is None else f"{100 * x:.1f} %"


class CaveatRules:
    """The caveats of one model: built once per :class:`~scorer.scoring.Scorer` from the
    reliability model's metrics (``None``: no model, or one without short-text figures; the
    messages then say so without numbers)."""

    def __init__(self, metrics: Optional[Mapping[str, Any]]):
        held = (metrics or {}).get("held_out") or {}
        short = held.get("short_texts") or {}
        whole = short.get("whole")
        # words measured -> what was measured there; a text is told the nearest length's figures
        self._short: dict[int, str] = {}
        for key, cut in short.items():
            if key.startswith(_CUT_PREFIX) and cut and whole:
                self._short[int(key[len(_CUT_PREFIX):])] = (
                    f"held out, texts cut to ~{key[len(_CUT_PREFIX):]} words were ranked less well "
                    f"(AUROC {cut['auroc']:.2f}; {whole['auroc']:.2f} for the same articles whole) and "
                    f"{_pct(cut['human_score_below_40'])} of human ones scored under 40 "
                    f"({_pct(whole['human_score_below_40'])} whole)")

    def for_article(self, word_count: Optional[int], language: Optional[str],
                    facets: Mapping[str, Optional[float]], fast_html: bool = False,
                    truncated_from: Optional[int] = None, analysed_chars: Optional[int] = None,
                    language_mix: Optional[Mapping[str, Any]] = None,
                    hidden_words: Optional[Iterable] = None, evidence: Iterable = ()) -> list[Caveat]:
        out: list[Caveat] = []
        if word_count is not None and word_count < SHORT_TEXT_WORDS:
            nearest = min(self._short, key=lambda n: (abs(n - word_count), -n), default=None)  # ties: longer
            measured = self._short.get(nearest)
            out.append(Caveat("short_text", (
                f"Short text ({word_count} words): less evidence than a whole article, so the score is "
                f"less certain" + (f"; {measured}" if measured else "") + ". Read the reasons before acting on it.")))
        if language != "en":
            off = [f for f in ("mt", "ai_style") if facets.get(f) is None]
            if off:
                on = [f for f, v in facets.items() if v is not None and f != "readability"]
                what = f"Not English ({language})" if language else "Language not determined"
                out.append(Caveat("not_english", (
                    f"{what}: the {' and '.join(off)} facets and the English-only features "
                    f"do not apply; the score rests on {_join(on) if on else 'no facet'}.")))
        if language_mix:
            mixed = mixed_language(language, language_mix, analysed_chars)
            out.extend([mixed] if mixed else [])
        if hidden_words:
            hidden = obfuscated_text(hidden_words, evidence, analysed_chars)
            out.extend([hidden] if hidden else [])
        if fast_html:
            out.append(Caveat("fast_html", FAST_HTML_MESSAGE))
        if truncated_from is not None:
            out.append(Caveat("truncated", (
                f"Long text: only its first {analysed_chars or 0:,} of {truncated_from:,} characters were "
                f"analysed (cut at a paragraph break before the --max-chars limit, which keeps memory "
                f"bounded); the score, the evidence and the word count describe that part.")))
        return out
