"""Machine-translation and synonym-spinner artifacts: the ``mt`` facet.

Three kinds of signal, all English-only (a French article is not "badly translated" for
being French, so every feature is null for other languages and the facet risk is null):

* near-certain surface artifacts with evidence spans — spacing ("$ 100", "AI -team"), the
  casing of names ("Openai", "DeepSeek"/"Deepseek"), tortured phrases and calques, non-words,
  sentences in another language, a light agreement check ("he polish");
* swap in context (:mod:`.mt_spinswap`, ``scorer/data/mt_spinswap.json``): a spinner's substitute
  where reference news puts the word it replaced ("quantity of" where news writes "number of");
* a translationese profile — function-word n-gram log-odds (a compact model shipped in
  ``scorer/data/mt_fwngram.json``), word-frequency profile, lexical variety, contractions,
  cohesive markers;
* a hashed word n-gram model of MT wording (:mod:`.mt_ngram`, ``scorer/data/mt_ngram.json``);
* the calibrated facet risk comes from the learned model ``models/facet_mt.json``, with a
  documented floor when near-certain fingerprints are dense (:meth:`MachineTranslation.risk`).

Helpers: :mod:`.mt_artifacts` (spacing, casing), :mod:`.mt_lexicon` (tortured phrases),
:mod:`.mt_spinswap` (swap in context),
:mod:`.mt_profile` (profile), :mod:`.mt_words` (our word lists, wordfreq).
"""
from __future__ import annotations

import re
import statistics
from itertools import accumulate, compress, count
from typing import Mapping, Optional, Sequence

from ..article import Article
from ..text import WordIndex, fold_case, letter_count, sentence_lengths, sentence_word_ranges, sentences, word_index
from .base import (FLOOR, Evidence, Extractor, FeatureResult, FeatureSpec, RiskRule, finite, per_1000, pstdev_of_ints,
                   register, risk_with_rules)
from .mt_artifacts import Hit, casing_hits, spacing_hits
from .mt_ngram import (current_model, ngram_scores, profile_score, run_casings, sentences_at, text_cells, text_runs,
                       top_ngrams)
from .mt_lexicon import calque_hits, letter_runs, spin_word_score, tortured_bigram_hits
from .mt_spinswap import current_table as spinswap_table
from .mt_spinswap import MIN_TOKEN_SCORE as SWAP_MIN_SCORE
from .mt_spinswap import spinswap_hits, spinswap_values
from .mt_spinswap import token_scores as swap_scores
from .mt_profile import cohesive_count, contraction_count, mattr, nonlatin_letters, word_profile
from .mt_words import FUNCTION_WORDS, word_columns, zipf

N = "mt."
_SPECS = (
    FeatureSpec(N + "spacing_per_1000", "spacing artifacts per 1,000 words: '$ 100', 'AI -team', 'word ,'", True, 1),
    FeatureSpec(N + "currency_space_per_1000", "space between currency sign and amount, per 1,000 words", True, 1),
    FeatureSpec(N + "hyphen_space_per_1000", "space before/after a compound's hyphen, per 1,000 words", True, 1),
    FeatureSpec(N + "casing_per_1000", "names in a casing no publisher uses, per 1,000 words", True, 1),
    FeatureSpec(N + "tortured_per_1000", "tortured phrases and calques beyond the first, per 1,000 words", True, 1),
    FeatureSpec(N + "spin_word_score", "spinner-preferred words (PPS statistics), score per 1,000 words (short texts shrunk towards 0)", True, 1),
    FeatureSpec(N + "spinswap_per_1000", "spinner substitutes where reference news writes the word they replace, per 1,000 words", True, 1),
    FeatureSpec(N + "spinswap_logratio", "summed swap-in-context log-ratios (each >= 1.0, clipped at 4), per 1,000 words", True, 1,
                evidence_from=(N + "spinswap_per_1000",)),
    FeatureSpec(N + "nonword_per_1000", "lower-case words unknown to wordfreq, per 1,000 words", True, 1),
    FeatureSpec(N + "rare_word_share", "share of content words that are rare (Zipf < 3)", True, 0),
    FeatureSpec(N + "mean_word_zipf", "mean Zipf frequency of content words (MT prefers common words)", True, 1),
    FeatureSpec(N + "common_word_share", "share of content words that are very common (Zipf >= 5)", True, 1),
    FeatureSpec(N + "foreign_per_1000", "sentences in another language, per 1,000 words", True, 1),
    FeatureSpec(N + "nonlatin_share", "share of letters outside the Latin script", True, 1,
                evidence_from=(N + "foreign_per_1000",)),
    FeatureSpec(N + "agreement_per_1000", "'he/she/it' + bare verb slips, per 1,000 words", True, 1),
    FeatureSpec(N + "fwngram_logodds", "function-word n-gram log-odds, machine vs human translation", True, 1),
    FeatureSpec(N + "function_word_share", "share of tokens that are function words", True, 0),
    FeatureSpec(N + "mattr", "moving-average type-token ratio (100-word window)", True, -1),
    FeatureSpec(N + "contractions_per_1000", "contractions (don't, it's) per 1,000 words", True, -1),
    FeatureSpec(N + "cohesive_per_1000", "cohesive markers (however, in addition) per 1,000 words", True, 0),
    FeatureSpec(N + "sentence_length_cv", "coefficient of variation of sentence length", True, -1),
    FeatureSpec(N + "ngram_logit", "hashed word n-gram model logit, commercial MT vs human translation", True, 1),
    FeatureSpec(N + "ngram_sentence_q75", "upper-quartile sentence logit of the hashed n-gram model", True, 1,
                evidence_from=(N + "ngram_logit",)),
    FeatureSpec(N + "ngram_mt_sentence_share", "share of sentences the hashed n-gram model calls MT", True, 1,
                evidence_from=(N + "ngram_logit",)),
    FeatureSpec(N + "fingerprint_kinds", "distinct kinds of near-certain machine fingerprints present", True, 1,
                evidence_from=tuple(N + f for f in ("currency_space_per_1000", "hyphen_space_per_1000",
                                                    "casing_per_1000", "tortured_per_1000"))),
)
# Near-certain machine fingerprints: measured at ~0 per 1,000 words on native English news
# (held-out WMT English originals, AEB news pages, XSum/PolitiFact/GossipCop human texts;
# see scorer.training.mt.fingerprint_rates). Spaced "%" and spaced punctuation are left out:
# French-trained typists write them by hand.
FINGERPRINT_KINDS = ("currency_space", "hyphen_space", "brand_case", "lost_inner_capital", "calque",
                     "tortured_bigram")
# The feature whose evidence spans hold each kind's hits (MachineTranslation.extract).
FINGERPRINT_FEATURE = {"currency_space": "currency_space_per_1000", "hyphen_space": "hyphen_space_per_1000",
                       "brand_case": "casing_per_1000", "lost_inner_capital": "casing_per_1000",
                       "calque": "tortured_per_1000", "tortured_bigram": "tortured_per_1000"}
FLOOR_MIN_KINDS = 2  # distinct fingerprint kinds needed for the floor
FLOOR_MIN_HITS = 3  # and at least this many fingerprint hits in all
FLOOR_RISK = 0.9

# A whole whitespace-delimited token holding a URL cue. The lookbehind starts a match only at a
# token's start (where every match started anyway): without it a 1 MB token without a cue was
# rescanned from each of its characters (quadratic).
_URLISH_RE = re.compile(r"(?<!\S)\S*?(?:https?://|www\.|@|\.com|\.org|\.net)\S*")
# Every match of _URLISH_RE holds one of these: a text with none has no URL-ish token, found by a
# few substring searches instead of the pattern's scan (~0.1 ms of 3 KB: it starts at every token).
_URL_CUES = ("http://", "https://", "www.", "@", ".com", ".org", ".net")
# "\b(?:he|she|it)\s([a-z]{3,15})\b" with each pronoun's \b checked behind it: the same matches,
# but a pattern that opens with literals lets the engine skip to an "h", "s" or "i" instead of
# trying every word boundary (tests/test_speed_mt.py compares the two).
_PRON_BARE_RE = re.compile(r"(?:she(?<=\bshe)|he(?<=\bhe)|it(?<=\bit))\s([a-z]{3,15})\b")
_SENT_STARTS = ".!?\"“”:\n"
MAX_EVIDENCE = 40  # per article; rates count everything (but TORTURED_FREE_HITS)
# Tortured phrases and calques not counted in mt.tortured_per_1000. Measured with the facet
# model retrained (held-out, scorer.training.mt): false alarms on native English 3.6 % -> 3.0 %,
# on human translations 6.9 % -> 6.6 %, human vs spun AUROC 0.870 -> 0.868 (spun text has many
# hits, so the rate still carries it).
TORTURED_FREE_HITS = 1
# mt.spin_word_score is a rate with a prior: the spinner-word weight per 1,000 words, as if each
# text had this many more words of weight 0 (a posterior mean with its prior at 0). A long text's
# rate barely moves; a short one's cannot rest on one word. Without it one light word
# ("evacuation", 0.035) in an 89-word brief read as 0.39 per 1,000, above the combiner's splits
# at 0.26-0.38, and was the top reason of a human text scored under 40. 150 words: a brief's
# length, and where held-out human articles stop being "short" in the evaluation.
SPIN_PRIOR_WORDS = 150
NGRAM_EVIDENCE_SENTENCES = 3  # sentences shown for the n-gram model's score
NGRAM_EVIDENCE_MIN_LOGIT = 1.0  # a sentence must lean this clearly towards MT to be shown


def _opens_sentence(text: str, start: int) -> bool:
    """True when only spaces, tabs and opening brackets separate ``start`` from the text's start
    or from a sentence end (``_SENT_STARTS``)."""
    k = start - 1
    while k >= 0 and text[k] in " \t([":
        k -= 1
    return k < 0 or text[k] in _SENT_STARTS


def _capitalised_mid_sentence(text: str, idx: WordIndex, upper: Sequence[bool]) -> list[bool]:
    """For each word, whether it starts with a capital and does not open a sentence (a name):
    the look back runs for the capitalised words only (``upper``: each word's first character
    is upper case)."""
    caps = [False] * len(upper)
    starts = idx.starts
    for i in compress(count(), upper):
        caps[i] = not _opens_sentence(text, starts[i])
    return caps


def _nonwords(text: str, idx: WordIndex, word_list: list[str], caps: list[bool], zipfs: list[float]) -> list[Hit]:
    """Lower-case words wordfreq does not know (names, numbers and URLs excluded).

    ``zipfs``: each word's Zipf value. Only words wordfreq does not know (a few an article)
    can be non-words: they are picked out in one C-level pass, then tested like the rest."""
    cues = None  # whether the text holds a URL cue, found on the first candidate only
    token = (0, 0, False)  # the whitespace-delimited token of the last candidate looked at: start, end, URL-ish
    out = []
    for i in compress(count(), map((0.0).__ge__, zipfs)):  # zipf(w) <= 0
        s, e, orig, w, cap = idx.starts[i], idx.ends[i], idx.words[i], word_list[i], caps[i]
        if cap or not orig.islower() or len(w) < 3:
            continue
        parts = re.split(r"[-'’]", w)
        if len(parts) > 1 and all(zipf(p) > 0 or len(p) <= 2 for p in parts):
            continue  # a fresh compound of known words ("AI-superintelligent") is not a non-word
        if cues is None:
            cues = any(map(text.__contains__, _URL_CUES))
        if cues:
            if s >= token[1]:
                token = _token_around(text, s, token[1])
            if token[2]:
                continue
        out.append(Hit(s, e, "nonword", f"'{orig}' is not an English word (wordfreq)"))
    return out


_NON_SPACE_RE = re.compile(r"\S*")


def _token_around(text: str, s: int, lo: int) -> tuple[int, int, bool]:
    """The whitespace-delimited token holding the non-space character at ``s`` (no token starts
    before ``lo``): its start, its end, and whether it holds a URL cue, i.e. whether
    _URLISH_RE matches it. Each match of that pattern is a whole token holding a cue (it starts
    at a token's start, ends at its end), so "``s`` lies in a match" is this token's answer,
    found without scanning the whole text (~180 us on 3 KB, on the ~15 % of real texts with a
    cue and a candidate). Scanned back only to ``lo`` (the previous candidate's token end):
    linear in the text over all candidates, however long a token."""
    a = s
    while a > lo and not text[a - 1].isspace():  # str.isspace is the \s of a str pattern
        a -= 1
    b = _NON_SPACE_RE.match(text, s).end()
    token = text[a:b]
    return a, b, any(map(token.__contains__, _URL_CUES))


def _agreement(text: str) -> list[Hit]:
    """'he polish': third-person pronoun followed by a bare verb whose -s form is common."""
    out = []
    for m in _PRON_BARE_RE.finditer(text):
        w = m.group(1)
        if (w in FUNCTION_WORDS or w.endswith(("s", "ed", "ing", "ly")) or zipf(w) < 3.0):
            continue
        third = w + ("es" if w.endswith(("sh", "ch", "x", "z", "o")) else "s")
        if zipf(third) >= 2.5 and zipf(third) > zipf(w) - 2.0 and zipf(w + "ed") >= 2.5:
            out.append(Hit(m.start(), m.end(), "agreement", f"'{m.group()}': expected '{third}' after a singular subject"))
    return out


def _foreign_sentences(text: str, idx: WordIndex, function_word: list[bool]) -> list[Hit]:
    """Sentences of 6+ words with almost no English function words or known English words.

    ``function_word``: whether each of the extractor's lowered words is a function word, summed
    per sentence instead of lowering and testing each sentence's words again. The lowered words
    straighten "’", which changes no function-word test (the function words holding an
    apostrophe start with it; a word starts with a letter)."""
    out = []
    # Function words up to each word (ints: True adds as 1), so a sentence's count is a difference.
    upto = [0, *accumulate(function_word)]
    for (s, e), (i, j) in zip(sentences(text), sentence_word_ranges(text)):
        if i >= 0:
            n_words, n_function = j - i, upto[j] - upto[i]
        else:
            ws = [w.lower() for w in idx.words_in(s, e)]
            n_words, n_function = len(ws), sum(map(FUNCTION_WORDS.__contains__, ws))
        if n_words < 6:
            continue
        if n_function / n_words >= 0.05:  # English prose (~40% function words): no need to look up every word
            continue
        written = idx.words_in(s, e)
        if 2 * sum(w[:1].isupper() for w in written) > len(written):
            # Mostly capitalised: a list of names ("Goalkeepers: Emiliano Martínez, Gerónimo
            # Rulli, ..."), which no dictionary knows in any language. Read as a foreign sentence,
            # a squad list in a human match report scored 80 instead of 91, six names alone 18.
            continue
        ws = [w.lower() for w in written]  # as written: wordfreq knows "don’t" apart
        known = sum(zipf(w) >= 3.0 for w in ws) / len(ws)
        if known < 0.5:
            out.append(Hit(s, e, "foreign", "sentence not in English"))
    return out


def fingerprint_summary(hits_by_kind: dict[str, int]) -> dict:
    kinds = sorted(k for k in FINGERPRINT_KINDS if hits_by_kind.get(k))
    return {"kinds": len(kinds), "hits": sum(hits_by_kind.get(k, 0) for k in kinds), "which": kinds}


def floor_applies(fp: Optional[dict]) -> bool:
    return bool(fp) and fp["kinds"] >= FLOOR_MIN_KINDS and fp["hits"] >= FLOOR_MIN_HITS


def apply_floor(p: float, fp: Optional[dict]) -> float:
    return max(p, FLOOR_RISK) if floor_applies(fp) else p


def _ngram_evidence_picks(doc_logit: Optional[float], per_sentence: list[tuple[int, float]],
                          room: int) -> list[tuple[int, float]]:
    """The (sentence, logit) pairs :func:`_ngram_evidence` shows, strongest first."""
    if current_model() is None or doc_logit is None or doc_logit <= 0 or room <= 0:
        return []
    best = sorted((t for t in per_sentence if t[1] >= NGRAM_EVIDENCE_MIN_LOGIT), key=lambda t: (-t[1], t[0]))
    return best[:min(room, NGRAM_EVIDENCE_SENTENCES)]


def _ngram_evidence(body: str, doc_logit: Optional[float], per_sentence: list[tuple[int, float]],
                    sents: Mapping[int, list[str]] | Sequence[list[str]],
                    spans: Mapping[int, tuple[int, int]] | Sequence[tuple[int, int]], room: int) -> list[Evidence]:
    """The sentences the n-gram model reads most as MT, each with the n-grams that weigh most
    in it: the spans behind ``mt.ngram_logit`` (a learned score a reader could not check
    otherwise). Only when the article as a whole leans MT (on a human-reading article a few
    MT-ish sentences explain nothing), at most ``NGRAM_EVIDENCE_SENTENCES`` sentences at or
    above ``NGRAM_EVIDENCE_MIN_LOGIT``. ``sents``/``spans`` are indexed by sentence: every
    sentence's (:func:`.mt_ngram.sentence_tokens_spans`) or the shown ones' (:func:`.mt_ngram.sentences_at`)."""
    model = current_model()
    out = []
    for k, logit in _ngram_evidence_picks(doc_logit, per_sentence, room):
        words = ", ".join(f"'{g}'" for g, _ in top_ngrams(sents[k], model))
        s, e = spans[k]
        out.append(Evidence.at(N + "ngram_logit", body, s, e,
                               f"this sentence reads like machine translation (n-gram log-odds {logit:+.1f}"
                               + (f"; weighs most: {words})" if words else ")")))
    return out


class MachineTranslation(Extractor):
    name = "mt"
    specs = _SPECS
    order = 40

    def extract(self, article: Article) -> FeatureResult:
        if not article.is_english:
            reason = f"English-only features; article language is {article.language or 'undetermined'}"
            return FeatureResult(values={s.name: None for s in self.specs},
                                 not_applicable={s.name: reason for s in self.specs},
                                 details={"applicable": False})
        text = article.content
        idx = word_index(text)  # shared with the other families: the same content, one scan
        cols = word_columns(idx.words)  # each word's facts, memoised per distinct word
        words = cols.folded
        caps = _capitalised_mid_sentence(text, idx, cols.upper)
        n = len(words)
        spacing = spacing_hits(text)
        runs = text_runs(text)  # whitespace runs, read once for casing, the profile shapes and the n-gram cells
        casing = casing_hits(text, *run_casings(runs))
        folded_text = fold_case(text)  # for the calque gate and the cohesive markers
        letter_parts = letter_runs(folded_text)  # the same two: which phrases may occur
        tortured = calque_hits(text, folded_text, letter_parts) + tortured_bigram_hits(text, columns=cols)
        swap_table = spinswap_table()
        # Only the scores spinswap_hits and spinswap_values read (>= MIN_TOKEN_SCORE): the same
        # hits and values, without a SwapScore for each of the ~30 candidates of an article.
        swap_sc = swap_scores(text, swap_table, folded=words, min_score=SWAP_MIN_SCORE)
        swaps = spinswap_hits(text, swap_table, swap_sc)
        zipfs = cols.zipfs  # every word's Zipf value, once, for non-words and the profile
        nonword = _nonwords(text, idx, words, caps, zipfs)
        agree = _agreement(text)
        function_word = cols.function_word  # for three features below
        foreign = _foreign_sentences(text, idx, function_word)

        v: dict[str, Optional[float]] = {}
        v[N + "spacing_per_1000"] = per_1000(len(spacing), n)
        v[N + "currency_space_per_1000"] = per_1000(sum(h.kind == "currency_space" for h in spacing), n)
        v[N + "hyphen_space_per_1000"] = per_1000(sum(h.kind == "hyphen_space" for h in spacing), n)
        v[N + "casing_per_1000"] = per_1000(len(casing), n)
        # The first hit is evidence (shown, and counted in fingerprint_kinds) but not a rate: one
        # ordinary pair from the screener's lists ("storage facility", "medical aid") in a
        # 130-word human translation read as 7.6 per 1,000 words and alone set its risk to 0.99.
        v[N + "tortured_per_1000"] = per_1000(max(0, len(tortured) - TORTURED_FREE_HITS), n)
        spin_total, spin_shown = spin_word_score(words)
        v[N + "spin_word_score"] = 1000.0 * spin_total / (n + SPIN_PRIOR_WORDS)
        for k, x in spinswap_values(text, swap_table, n, swap_sc).items():
            v[N + k] = x
        v[N + "nonword_per_1000"] = per_1000(len(nonword), n)
        prof = word_profile(words, caps, zipfs, function_word)
        v[N + "rare_word_share"] = prof["rare_share"]
        v[N + "mean_word_zipf"] = prof["mean_zipf"]
        v[N + "common_word_share"] = prof["common_share"]
        v[N + "foreign_per_1000"] = per_1000(len(foreign), n)
        letters = letter_count(text)
        v[N + "nonlatin_share"] = nonlatin_letters(text) / letters if letters else 0.0
        v[N + "agreement_per_1000"] = per_1000(len(agree), n)
        v[N + "fwngram_logodds"] = profile_score(runs)
        v[N + "function_word_share"] = sum(function_word) / n if n else 0.0
        v[N + "mattr"] = mattr(words)
        v[N + "contractions_per_1000"] = per_1000(contraction_count(text), n)
        v[N + "cohesive_per_1000"] = per_1000(cohesive_count(text, folded_text, letter_parts), n)
        lens = [k for k in sentence_lengths(text) if k]
        mu = statistics.fmean(lens) if lens else 0.0
        v[N + "sentence_length_cv"] = pstdev_of_ints(lens) / mu if len(lens) > 1 and mu else None

        per_sentence: list[tuple[int, float]] = []
        for k, x in ngram_scores(text_cells(text, runs), per_sentence=per_sentence).items():
            v[N + k] = x

        evidence: list[Evidence] = []
        feature_of = {**FINGERPRINT_FEATURE, "nonword": "nonword_per_1000", "agreement": "agreement_per_1000",
                      "foreign": "foreign_per_1000"}
        groups = [spacing, casing, tortured, swaps, agree, foreign, nonword]
        defaults = ["spacing_per_1000", "casing_per_1000", "tortured_per_1000", "spinswap_per_1000",
                    "agreement_per_1000", "foreign_per_1000", "nonword_per_1000"]
        for hits, default in zip(groups, defaults):
            for h in hits:
                if len(evidence) >= MAX_EVIDENCE:
                    break
                feat = N + feature_of.get(h.kind, default)
                evidence.append(Evidence.at(feat, article.body, h.start, h.end, h.reason))
        room = MAX_EVIDENCE - len(evidence)
        picks = _ngram_evidence_picks(v.get(N + "ngram_logit"), per_sentence, room)
        if picks:  # tokens and offsets only of the sentences shown
            evidence += _ngram_evidence(article.body, v.get(N + "ngram_logit"), per_sentence,
                                        *sentences_at(text, [k for k, _ in picks]), room)
        for i, weight in spin_shown[: MAX_EVIDENCE - len(evidence)]:
            evidence.append(Evidence.at(
                N + "spin_word_score", article.body, idx.starts[i], idx.ends[i],
                f"word synonym spinners put in place of a more usual one (Problematic Paper Screener "
                f"statistics; weight {weight:+.2f})"))
        counts: dict[str, int] = {}
        # spin_swap is counted but is not a fingerprint kind (FINGERPRINT_KINDS): ~6 % of held-out
        # native articles have one such hit, so it is evidence, not near-certainty.
        for h in spacing + casing + tortured + swaps + agree + foreign + nonword:
            counts[h.kind] = counts.get(h.kind, 0) + 1
        fp = fingerprint_summary(counts)
        v[N + "fingerprint_kinds"] = float(fp["kinds"])
        return FeatureResult(values={k: finite(x) for k, x in v.items()}, evidence=evidence,
                             details={"applicable": True, "hits_by_kind": counts, "words": n,
                                      "fingerprints": fp})

    def risk(self, result: FeatureResult, model) -> Optional[float]:
        """The model's calibrated probability, floored when fingerprints are dense; ``None`` when
        the facet does not apply.

        A non-English article has every feature null. Passing those nulls to the model would
        impute training means and return the base rate, i.e. risk for merely being non-English;
        the facet is instead reported as not applicable.

        Why a floor: the model learns from commercial MT (WMT Online-*), which almost never
        writes "$ 100", "AI -team", "Openai" or tortured phrases, so it cannot give those signs
        weight; round-trip and spinner farms produce them in bulk. Two or more distinct kinds
        and three or more hits (each with an evidence span) are absent from every native-English
        document we measured, so such an article gets at least ``FLOOR_RISK``.
        """
        if model is None or not result.details.get("applicable", True):
            return None
        return risk_with_rules(model, result.values, self.risk_rules(result))

    def risk_rules(self, result: FeatureResult) -> list[RiskRule]:
        """The fingerprint floor of :meth:`risk` when it applies, naming the features whose
        spans hold the fingerprints (in :data:`FINGERPRINT_KINDS` order)."""
        fp = result.details.get("fingerprints")
        if not floor_applies(fp):
            return []
        feats = tuple(dict.fromkeys(N + FINGERPRINT_FEATURE[k] for k in FINGERPRINT_KINDS if k in fp["which"]))
        return [RiskRule(feats, FLOOR, FLOOR_RISK, f"{fp['kinds']} kinds of machine fingerprint "
                         f"({', '.join(fp['which'])}; {fp['hits']} hits) hold it at {FLOOR_RISK:.2f} or more")]


register(MachineTranslation())
