"""Readability and style statistics: textstat's formulas plus what textstat lacks.

textstat's formulas count English syllables, so they are English-only. Sentence/paragraph
rhythm and the punctuation/capitalisation profile are computed for every language.
"""
from __future__ import annotations

import re
import statistics

import textstat

from ..article import Article
from ..text import WORD_RE, sentences
from .base import Extractor, FeatureResult, FeatureSpec, finite, per_1000, register

N = "readability."
_SPECS = (
    FeatureSpec(N + "flesch_reading_ease", "Flesch reading ease (higher = easier)", True),
    FeatureSpec(N + "flesch_kincaid_grade", "Flesch–Kincaid grade level", True),
    FeatureSpec(N + "gunning_fog", "Gunning fog index", True),
    FeatureSpec(N + "smog_index", "SMOG index", True),
    FeatureSpec(N + "coleman_liau_index", "Coleman–Liau index", True),
    FeatureSpec(N + "dale_chall", "Dale–Chall readability score", True),
    FeatureSpec(N + "sentence_length_mean", "mean words per sentence"),
    FeatureSpec(N + "sentence_length_cv", "coefficient of variation of sentence length (burstiness)"),
    FeatureSpec(N + "paragraph_length_cv", "coefficient of variation of paragraph length in words"),
    FeatureSpec(N + "mtld", "measure of textual lexical diversity (length-robust)", True),
    FeatureSpec(N + "long_word_share", "share of words with 7+ letters", True),
    FeatureSpec(N + "comma_per_sentence", "commas per sentence"),
    FeatureSpec(N + "punct_per_1000", "punctuation marks per 1,000 words"),
    FeatureSpec(N + "exclaim_question_per_1000", "'!' and '?' per 1,000 words"),
    FeatureSpec(N + "quote_per_1000", "quotation marks per 1,000 words"),
    FeatureSpec(N + "capitalised_word_share", "share of words starting with a capital"),
    FeatureSpec(N + "allcaps_word_share", "share of words in capitals (2+ letters)"),
    FeatureSpec(N + "word_count", "words in the article body (log scale in models)"),
)

_PUNCT_RE = re.compile(r"[.,;:!?…—–\-()\"“”‘’']")
_QUOTE_RE = re.compile(r"[\"“”«»]")
_MTLD_TTR = 0.72


def _mtld_pass(tokens: list[str]) -> float:
    factors, types, count = 0.0, set(), 0
    for tok in tokens:
        count += 1
        types.add(tok)
        if len(types) / count <= _MTLD_TTR:
            factors += 1
            types, count = set(), 0
    if count:
        ttr = len(types) / count
        factors += (1 - ttr) / (1 - _MTLD_TTR)
    return len(tokens) / factors if factors else float(len(tokens))


def mtld(tokens: list[str]) -> float:
    """McCarthy & Jarvis (2010) MTLD, mean of a forward and a backward pass."""
    if len(tokens) < 10:
        return float("nan")
    return (_mtld_pass(tokens) + _mtld_pass(tokens[::-1])) / 2


def _cv(xs: list[int]) -> float:
    if len(xs) < 2:
        return float("nan")
    mu = statistics.fmean(xs)
    return statistics.pstdev(xs) / mu if mu else float("nan")


class Readability(Extractor):
    name = "readability"
    specs = _SPECS
    order = 20

    def extract(self, article: Article) -> FeatureResult:
        text = article.content
        words = [m.group() for m in WORD_RE.finditer(text)]
        n = len(words)
        sent_lens = [len(WORD_RE.findall(text[s:e])) for s, e in sentences(text)]
        sent_lens = [k for k in sent_lens if k]
        para_lens = [len(WORD_RE.findall(text[p.start:p.end])) for p in article.paragraphs]
        para_lens = [k for k in para_lens if k]
        v: dict[str, float | None] = {}
        english = article.is_english
        # textstat on the prose only: one string with paragraphs as separate lines.
        prose = "\n".join(text[p.start:p.end] for p in article.paragraphs if text[p.start:p.end].strip())
        if english and n:
            v[N + "flesch_reading_ease"] = textstat.flesch_reading_ease(prose)
            v[N + "flesch_kincaid_grade"] = textstat.flesch_kincaid_grade(prose)
            v[N + "gunning_fog"] = textstat.gunning_fog(prose)
            v[N + "smog_index"] = textstat.smog_index(prose)
            v[N + "coleman_liau_index"] = textstat.coleman_liau_index(prose)
            v[N + "dale_chall"] = textstat.dale_chall_readability_score(prose)
            v[N + "mtld"] = mtld([w.lower() for w in words])
            v[N + "long_word_share"] = sum(len(w) >= 7 for w in words) / n
        v[N + "sentence_length_mean"] = statistics.fmean(sent_lens) if sent_lens else 0.0
        v[N + "sentence_length_cv"] = _cv(sent_lens)
        v[N + "paragraph_length_cv"] = _cv(para_lens)
        nsent = max(len(sent_lens), 1)
        v[N + "comma_per_sentence"] = text.count(",") / nsent
        v[N + "punct_per_1000"] = per_1000(len(_PUNCT_RE.findall(text)), n)
        v[N + "exclaim_question_per_1000"] = per_1000(text.count("!") + text.count("?"), n)
        v[N + "quote_per_1000"] = per_1000(len(_QUOTE_RE.findall(text)), n)
        v[N + "capitalised_word_share"] = sum(w[0].isupper() for w in words) / n if n else 0.0
        v[N + "allcaps_word_share"] = sum(len(w) > 1 and w.isupper() for w in words) / n if n else 0.0
        v[N + "word_count"] = float(n)
        # Readability is a profile, not a defect in itself: no spans to point at. The model
        # decides what a profile means; reasons for this family cite the numbers.
        return FeatureResult(values={k: finite(x) for k, x in v.items()})


register(Readability())
