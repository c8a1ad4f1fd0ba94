"""LLM-rewrite fingerprints: chatbot residue, assistant structure, learned vocabulary, rhythm.

What it looks for is *machine* habits, not unusual English: simple words, article or
preposition slips and short sentences are what many human reporters write, and none of the
features below rewards them (the tests hold non-native paragraphs to a low score).

- Residue ("As an AI language model", "Certainly! Here is a rewritten version"): unedited
  assistant output. Near-certain, so :meth:`AiStyle.risk` floors the facet at 0.95.
- Structure: numbered section headings / list form, FAQ tails, "In conclusion"/"As X unfolds"
  closers, currency conversions in brackets, empty hedges, emoji, rhetorical questions,
  generic calls to explore more, stock connectives and ", highlighting …" tails.
- Vocabulary: a compact table of words and word pairs with log-odds weights learned from human
  vs LLM news (training split only; see :mod:`scorer.features.ai_style_vocab`).
- Rhythm: sentence-length variation, repeated sentence openings, lexical surprise (wordfreq).
- Wording in context: a hashed word uni+bigram model (:mod:`scorer.features.ai_style_ngram`)
  gives a document logit and one per sentence; the sentences that read most like LLM text
  are evidence, each with the n-grams that weigh most in it.
"""
from __future__ import annotations

import re
import statistics
from typing import Optional

from ..article import Article
from ..text import WordIndex, fold_case, sentence_lengths, sentence_word_ranges, sentences, unmarked, word_index
from . import ai_style_lexicon as lex
from . import ai_style_ngram as ngram
from .ai_style_vocab import VocabTable, shipped_table, top_terms_of, vocab_text, weigh_text
from .base import (FLOOR, LOG_ODDS, Evidence, Extractor, FeatureResult, FeatureSpec, RiskRule, finite, per_1000,
                   pstdev_of_ints, register, risk_with_rules)
from .word_freq import zipf_1e9_list

N = "ai_style."
RESIDUE_FLOOR = 0.95
# Assistant formatting the corpora cannot teach (their texts carry no headings, lists or
# emoji): each kind present adds STRUCTURE_LOGIT to the model's log-odds, at most
# MAX_STRUCTURE_KINDS kinds. Set by hand, documented in AiStyle.risk; thresholds per kind.
STRUCTURE_KINDS = {
    N + "numbered_headings": 2.0,  # two or more numbered section headings
    N + "list_item_share": 0.15,  # listicle: >= 15 % of paragraphs are list items
    N + "faq_tail": 2.0,  # a FAQ heading or two question-and-answer paragraphs near the end
    N + "explore_call_count": 1.0,  # "Explore more insights", "Read on to uncover"
    N + "currency_conversion_count": 1.0,  # "$100 million (€94 million)"
    N + "emoji_per_1000": 3.0,  # emoji in running news prose
}
STRUCTURE_LOGIT = 1.0
MAX_STRUCTURE_KINDS = 3
# Features the facet model leaves out: residue and the structure kinds above (never or almost
# never seen in the training corpora, so any learned weight would be noise).
NOT_LEARNED = frozenset({N + "residue_count", *STRUCTURE_KINDS})


# How a facet reason names each structure kind (details.ai_style.risk_rules, the reason's message).
STRUCTURE_LABELS = {
    N + "numbered_headings": "numbered section headings",
    N + "list_item_share": "list form",
    N + "faq_tail": "a FAQ tail",
    N + "explore_call_count": "calls to explore more",
    N + "currency_conversion_count": "bracketed currency conversions",
    N + "emoji_per_1000": "emoji",
}


def structure_kinds(values: dict) -> list[str]:
    """The structure kinds at or above their threshold, in a fixed order."""
    return [k for k, th in STRUCTURE_KINDS.items() if (values.get(k) or 0) >= th]

_SPECS = (
    FeatureSpec(N + "residue_count", "chatbot residue phrases ('As an AI language model', 'Certainly! Here is…')", True, 1),
    FeatureSpec(N + "numbered_headings", "short numbered/markdown section-heading lines", False, 1),
    FeatureSpec(N + "list_item_share", "share of paragraphs that are bullet or numbered list items (0 below three items)", False, 1),
    FeatureSpec(N + "faq_tail", "question-then-answer paragraphs in the second half, plus FAQ headings", True, 1),
    FeatureSpec(N + "closer_count", "wrap-up closers ('In conclusion', 'As the story unfolds', 'remains to be seen')", True, 1),
    FeatureSpec(N + "currency_conversion_count", "amounts converted to another currency in brackets ('$100 million (€94 million)')", False, 1),
    FeatureSpec(N + "hedge_per_1000", "empty hedges ('not explicitly stated', 'several factors at play') per 1,000 words", True, 1),
    FeatureSpec(N + "emoji_per_1000", "emoji per 1,000 words", False, 1),
    FeatureSpec(N + "rhetorical_question_per_1000", "questions outside quotation marks per 1,000 words", False, 1),
    FeatureSpec(N + "explore_call_count", "generic calls to explore more ('Read on to', 'Explore more insights')", True, 1),
    FeatureSpec(N + "connective_opener_share", "share of sentences opening with a stock connective ('Additionally,')", True, 1),
    FeatureSpec(N + "ing_tail_per_1000", "', highlighting/underscoring …' participle tails per 1,000 words", True, 1),
    FeatureSpec(N + "vocab_llm", "learned wording over-used by LLM rewrites: log-odds weights summed per 100 words", True, 1),
    FeatureSpec(N + "vocab_human", "learned wording typical of human news (said, told…): |log-odds| summed per 100 words", True, -1),
    FeatureSpec(N + "sentence_length_cv", "coefficient of variation of sentence length (low = monotone rhythm)", False, -1),
    FeatureSpec(N + "opening_repeat_share", "share of sentences whose first two words repeat an earlier opening", False, 1),
    FeatureSpec(N + "mean_zipf", "mean wordfreq Zipf frequency of lowercase words (high = low surprise)", True, 1),
    FeatureSpec(N + "rare_word_share", "share of lowercase words with Zipf frequency < 3 (surprising words)", True, -1),
    FeatureSpec(N + "ngram_logit", "hashed word uni+bigram model: log-odds that the wording is an LLM's (names and numbers folded)", True, 1),
    FeatureSpec(N + "ngram_sentence_q75", "upper quartile of the n-gram model's per-sentence log-odds", True, 1,
                evidence_from=(N + "ngram_logit",)),
    FeatureSpec(N + "ngram_llm_sentence_share", "share of sentences (5+ words) the n-gram model reads as LLM-written", True, 1,
                evidence_from=(N + "ngram_logit",)),
)
NGRAM_FEATURES = (N + "ngram_logit", N + "ngram_sentence_q75", N + "ngram_llm_sentence_share")
# Sentence evidence: at most this many sentences, each at or above this sentence log-odds, and
# only when the document as a whole leans LLM (on a human-reading article a few LLM-ish
# sentences explain nothing).
NGRAM_EVIDENCE_SENTENCES = 3
NGRAM_EVIDENCE_MIN_LOGIT = 1.0

_QUOTE_CHARS = "\"“”«»"
_MAX_SPANS = 4


def _cv(xs: list[int]) -> Optional[float]:
    if len(xs) < 3:
        return None
    mu = statistics.fmean(xs)
    return pstdev_of_ints(xs) / mu if mu else None


def _opening(idx: WordIndex, start: int, end: int, first: Optional[int] = None) -> tuple[str, str]:
    """The first two words of a sentence of two or more words, lowercased. ``first``: the index
    in ``idx.words`` of its first word as :func:`~scorer.text.sentence_word_ranges` gives it
    (-1 when a word crosses the sentence's edge), cached per text; found by ``span_range``'s
    bisections when not given."""
    i = idx.span_range(start, end)[0] if first is None else first
    a, b = idx.words[i:i + 2] if i >= 0 else idx.words_in(start, end)[:2]
    return a.lower(), b.lower()


class AiStyle(Extractor):
    """``vocab`` / ``ngram`` override the shipped tables (training scores folds with their own).

    ``ngram=False`` leaves the n-gram features out (None, not applicable): training computes
    them itself, out of fold.
    """

    name = "ai_style"
    specs = _SPECS
    order = 40

    def __init__(self, vocab: Optional[VocabTable] = None, ngram: "ngram.NgramModel | bool | None" = None) -> None:
        self._vocab = vocab
        self._ngram = ngram

    @property
    def vocab(self) -> Optional[VocabTable]:
        return self._vocab if self._vocab is not None else shipped_table()

    @property
    def ngram(self) -> Optional[ngram.NgramModel]:
        if self._ngram is False:
            return None
        return self._ngram if self._ngram is not None else ngram.shipped_model()

    # -- helpers --------------------------------------------------------------------------
    def _lines(self, article: Article) -> list[tuple[int, int]]:
        text = article.content
        out = []
        for p in article.paragraphs:
            seg = text[p.start:p.end]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append((p.start + lead, p.start + len(seg.rstrip())))
        return out

    def extract(self, article: Article) -> FeatureResult:
        body, text = article.body, article.content
        ev: list[Evidence] = []
        v: dict[str, Optional[float]] = {}
        na: dict[str, str] = {}
        # Undetermined language (very short texts) is read as English: the English phrase
        # patterns simply do not match other languages, and residue must not slip through.
        english = article.language in ("en", None)
        idx = word_index(text)  # shared with the other families: the same content, one scan
        n = len(idx.words)

        folded = fold_case(text)

        def hits(rx: re.Pattern, feature: str, reason: str, limit: int = _MAX_SPANS, scan: str = text,
                 where: Optional[list[int]] = None) -> int:
            """Matches of ``rx`` in ``scan`` (``text``, or a copy whose characters ``where`` places in it)."""
            gate = lex.GATES.get(rx)
            if gate is not None and not gate.may_match(folded if scan is text else fold_case(scan)):
                return 0  # none of the literals a match needs: rx cannot match
            k = 0
            for m in rx.finditer(scan):
                if k < limit:
                    s, e = m.span() if where is None else (where[m.start()], where[m.end() - 1] + 1)
                    ev.append(Evidence.at(feature, body, s, e, reason))
                k += 1
            return k

        # --- residue ----------------------------------------------------------------------
        if english:
            # Read without the accents of Latin letters: an accent on one letter ("lánguage")
            # must not hide residue (text.unmarked); the spans are the text's own.
            plain, where = unmarked(text)
            v[N + "residue_count"] = float(hits(lex.RESIDUE_RE, N + "residue_count",
                                                "chatbot residue: an assistant talking about itself or to its user",
                                                scan=plain, where=where))
        # --- structure (lines) --------------------------------------------------------------
        lines = self._lines(article)
        n_head = n_list = 0
        faq = 0
        for i, (s, e) in enumerate(lines):
            line = text[s:e]
            nw = idx.count_in(s, e)
            if lex.NUMBERED_HEADING_RE.match(line) and nw <= 12 and line[-1] not in ".!;,":
                # A Markdown file's "# Headline" on its first line is its title, not a section:
                # counted, one subhead made a human Markdown story "assistant structure".
                if not (i == 0 and line.startswith("#")):
                    n_head += 1
                    if n_head <= _MAX_SPANS:
                        ev.append(Evidence.at(N + "numbered_headings", body, s, e,
                                              "numbered section heading in a news story"))
            elif lex.LIST_ITEM_RE.match(line) and not lex.EMPHASIS_LINE_RE.match(line):
                n_list += 1
                if n_list <= 2:
                    ev.append(Evidence.at(N + "list_item_share", body, s, e, "list item: listicle form"))
            if english and nw <= 6 and lex.FAQ_HEADING_RE.search(line):
                faq += 2
                ev.append(Evidence.at(N + "faq_tail", body, s, e, "FAQ / takeaways heading"))
            elif english and i >= len(lines) / 2 and lex.QUESTION_OPENER_RE.match(line):
                q = line.find("?")
                if 0 < q < 200 and not any(c in line[:q] for c in _QUOTE_CHARS):
                    answered = q < len(line) - 20 or (i + 1 < len(lines) and "?" not in text[lines[i + 1][0]:lines[i + 1][1]])
                    if answered:
                        faq += 1
                        if faq <= _MAX_SPANS:
                            ev.append(Evidence.at(N + "faq_tail", body, s, s + q + 1, "question-and-answer tail"))
        v[N + "numbered_headings"] = float(n_head)
        # Fewer than three items is a stray dash or a numbered sentence, not list form.
        v[N + "list_item_share"] = n_list / len(lines) if n_list >= 3 else 0.0
        if english:
            v[N + "faq_tail"] = float(faq)
            v[N + "closer_count"] = float(hits(lex.CLOSER_RE, N + "closer_count", "stock wrap-up closer"))
            v[N + "hedge_per_1000"] = per_1000(hits(lex.HEDGE_RE, N + "hedge_per_1000", "empty hedge: uncertainty without content"), n)
            v[N + "explore_call_count"] = float(hits(lex.EXPLORE_RE, N + "explore_call_count", "generic call to explore more"))
            v[N + "ing_tail_per_1000"] = per_1000(hits(lex.ING_TAIL_RE, N + "ing_tail_per_1000", "', highlighting …'-style participle tail"), n)
        v[N + "currency_conversion_count"] = float(hits(lex.CURRENCY_CONV_RE, N + "currency_conversion_count",
                                                        "amount converted to another currency in brackets"))
        emoji = 0
        if not text.isascii() and lex.EMOJI_POSSIBLE_RE.search(text):  # else no character can match
            emoji = hits(lex.EMOJI_RE, N + "emoji_per_1000", "emoji in a news story", 3)
        v[N + "emoji_per_1000"] = per_1000(emoji, n)

        # --- sentences ------------------------------------------------------------------------
        sents = sentences(text)
        lens, openings, n_q, n_conn = [], [], 0, 0
        seen_open: set[tuple[str, str]] = set()
        rep = 0
        # Word counts per sentence, and each sentence's range of words in the index, are shared
        # with readability and mt (computed once per text): the opening's words are read from
        # the range, not searched for again (two bisections per sentence).
        for (s, e), nw, (i, _) in zip(sents, sentence_lengths(text), sentence_word_ranges(text)):
            if not nw:
                continue
            lens.append(nw)
            if text.find("?", s, e) >= 0:  # only then can the sentence end with one
                seg = text[s:e].rstrip()
                if seg.endswith("?") and not any(c in seg for c in _QUOTE_CHARS):
                    n_q += 1
                    if n_q <= 3:
                        ev.append(Evidence.at(N + "rhetorical_question_per_1000", body, s, s + len(seg), "question put to the reader"))
            if english and lex.CONNECTIVE_RE.match(text, s):
                n_conn += 1
                if n_conn <= 3:
                    m = lex.CONNECTIVE_RE.match(text, s)
                    ev.append(Evidence.at(N + "connective_opener_share", body, m.start(), m.end(), "stock connective opening a sentence"))
            if nw >= 3:
                key = _opening(idx, s, e, i)
                rep += key in seen_open
                seen_open.add(key)
                openings.append(key)
        v[N + "rhetorical_question_per_1000"] = per_1000(n_q, n)
        v[N + "sentence_length_cv"] = _cv(lens)
        v[N + "opening_repeat_share"] = rep / len(openings) if len(openings) >= 4 else None
        if english:
            v[N + "connective_opener_share"] = n_conn / len(lens) if lens else 0.0

        # --- vocabulary and surprise ------------------------------------------------------------
        if english:
            vt = vocab_text(text)
            unigrams = vt.unigrams
            table = self.vocab
            if table is not None:
                weighed = weigh_text(vt, n, table)
                v[N + "vocab_llm"] = weighed.llm
                v[N + "vocab_human"] = weighed.human
                # Word evidence only when the wording leans LLM overall: on an article whose
                # vocabulary reads human, a few "despite"s explain nothing. Only then are the
                # terms' spans needed.
                for w, t in (top_terms_of(vt, weighed) if weighed.llm > weighed.human else ()):
                    ev.append(Evidence.at(N + "vocab_llm", body, t.start, t.end,
                                          f"wording over-used by LLM rewrites (log-odds {w:+.2f})"))
            else:
                na[N + "vocab_llm"] = na[N + "vocab_human"] = "no vocabulary table (run training)"
            zs = zipf_1e9_list(unigrams)  # log10(f * 1e9) of each word, 0.0 when unknown
            v[N + "mean_zipf"] = statistics.fmean(zs) if len(zs) >= 20 else None
            v[N + "rare_word_share"] = sum(map((3.0).__gt__, zs)) / len(zs) if len(zs) >= 20 else None
            nm = self.ngram
            if nm is not None:
                doc, per = ngram.score_cells(ngram.text_cells(text, sents), nm)
                v.update({N + k: x for k, x in ngram.summarise(doc, per).items()})
                if doc is not None and doc > 0:
                    best = sorted((p for p in per if p[1] >= NGRAM_EVIDENCE_MIN_LOGIT),
                                  key=lambda p: (-p[1], p[0]))[:NGRAM_EVIDENCE_SENTENCES]
                    for k, logit in sorted(best):
                        s0, e0 = ngram.first_token_start(text, *sents[k]), sents[k][1]
                        while e0 > s0 and text[e0 - 1].isspace():
                            e0 -= 1
                        tokens = ngram.sentence_norms(text, [sents[k]])[0]  # only shown sentences need them
                        words = ", ".join(f"'{g}'" for g, _ in ngram.top_ngrams(tokens, nm))
                        ev.append(Evidence.at(N + "ngram_logit", body, s0, e0,
                                              f"this sentence reads like LLM text (n-gram log-odds {logit:+.2f}"
                                              + (f"; weighs most: {words})" if words else ")")))
            else:
                for k in NGRAM_FEATURES:
                    na[k] = "no n-gram model (run training)" if self._ngram is not False else "computed by training"
        else:
            for spec in self.specs:
                if spec.english_only:
                    v[spec.name] = None
                    na[spec.name] = f"English-only feature; article language is {article.language!r}"
        for spec in self.specs:
            v.setdefault(spec.name, None)
        details = {"sentences": len(lens), "lines": len(lines)}
        return FeatureResult(values={k: finite(x) for k, x in v.items()}, evidence=ev,
                             not_applicable=na, details=details)

    def risk(self, result: FeatureResult, model) -> Optional[float]:
        """Calibrated model probability, plus two documented priors the corpora cannot teach.

        1. Assistant structure (numbered section headings, list form, FAQ tails, calls to
           "explore more", bracketed currency conversions, emoji): the training texts are
           unformatted on both sides, so no weight can be learned. Each kind present adds
           ``STRUCTURE_LOGIT`` (1.0, i.e. odds x 2.7) to the model's log-odds before
           calibration, at most ``MAX_STRUCTURE_KINDS`` kinds. One kind alone moves a clearly
           human article little (0.10 -> 0.23); three together, as content-farm rewrites
           show them, move an undecided one to ~0.95. Each kind has evidence spans.
        2. Chatbot residue ("As an AI language model", "as of my last knowledge update",
           "I cannot fulfill this request", "Certainly! Here is a rewritten version") is an
           assistant speaking to its user: no newsroom prints it except when quoting it, and
           those rare quoted cases show in the evidence span for a reader to dismiss. The
           facet is floored at ``RESIDUE_FLOOR`` (0.95).
        """
        rules = self.risk_rules(result)
        if model is None:
            return RESIDUE_FLOOR if any(r.kind == FLOOR for r in rules) else None
        return risk_with_rules(model, result.values, rules)

    def risk_rules(self, result: FeatureResult) -> list[RiskRule]:
        """Residue's floor first (proof that nobody edited the text), then the structure kinds
        that count (the first ``MAX_STRUCTURE_KINDS`` in :data:`STRUCTURE_KINDS` order; more
        kinds add nothing)."""
        v = result.values
        rules = [RiskRule((k,), LOG_ODDS, STRUCTURE_LOGIT, f"assistant structure ({STRUCTURE_LABELS[k]}): "
                          f"{STRUCTURE_LOGIT:+.1f} log-odds") for k in structure_kinds(v)[:MAX_STRUCTURE_KINDS]]
        if (v.get(N + "residue_count") or 0) > 0:
            rules.insert(0, RiskRule((N + "residue_count",), FLOOR, RESIDUE_FLOOR,
                                     f"chatbot residue holds it at {RESIDUE_FLOOR:.2f} or more"))
        return rules


register(AiStyle())
