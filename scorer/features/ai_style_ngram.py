"""A compact hashed word n-gram model of LLM news wording, scored per document and per sentence.

Word unigrams and bigrams (a sentence-start marker makes "<s> additionally" an opening pattern)
are hashed with CRC-32 into ``BUCKETS`` cells; a logistic regression over sublinear,
L2-normalised cell counts, fitted on train-side stories only
(:func:`scorer.training.ai_style.fit_ngram_model`), separates human news from LLM rewrites
*of the same stories*, so topic words mostly cancel and what is left is how an LLM words a
story. Names are folded to one token (``<N>``: a capitalised word that does not open a
sentence, or an all-caps word) and digits to ``0``, so the model keys on wording, not on who or
what a story is about; curly quotes are straightened (a formatting leak of the corpora).

Each document gets the model's logit; each sentence one too (its own cells, same weights),
which gives two rhythm-free summaries (upper quartile, share of LLM-leaning sentences) and
the evidence: the sentences that read most like LLM text, with the n-grams that weigh most in
them, so a reader can check the reason.

Storage: weights quantised to int8 with one scale, zlib-compressed and base64-encoded in
``scorer/data/ai_style_ngram.json``; only hash cells and weights, no n-gram text from the
corpora. Deterministic (CRC-32, not Python's salted ``hash``).
"""
from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..text import non_ascii, sentences
from .hashed_weights import (PackedWords, dequantise, encode, positive_share, stored_int8, token_cells,
                             unique_counts, upper_quartile, weighted_cells)

DATA = Path(__file__).resolve().parent.parent / "data" / "ai_style_ngram.json"
FORMAT = "spinscore-ai-style-ngram/1"
BUCKETS = 1 << 18
MIN_SENT_TOKENS = 5  # shorter sentences (headlines, bylines, "He said.") get no sentence score
NAME = "<N>"
# Possessive (Python 3.11+), as ai_style_vocab's split: the same tokens as the greedy
# r"[^\W_]+(?:['’][^\W_]+)?" (nothing after a quantifier can fail), with less work per step.
try:
    _TOK_RE = re.compile(r"[^\W_]++(?:['’][^\W_]++)?+")
except re.error:  # Python 3.10: no possessive quantifiers
    _TOK_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# The same tokens where the text holds no non-ASCII letter or digit (most English news: its
# non-ASCII characters are quotes and dashes): [^\W_] then only meets ASCII letters and digits,
# and an ASCII class is a bitmap test where [^\W_] asks Unicode's tables per character
# (~0.1 -> ~0.07 ms an article).
try:
    _ASCII_TOK_RE = re.compile(r"[a-zA-Z0-9]++(?:['’][a-zA-Z0-9]++)?+")
except re.error:  # Python 3.10
    _ASCII_TOK_RE = re.compile(r"[a-zA-Z0-9]+(?:['’][a-zA-Z0-9]+)?")
_DIGIT_RE = re.compile(r"\d")
_MASK = BUCKETS - 1  # BUCKETS is a power of two


@dataclass(frozen=True)
class Token:
    norm: str  # normalised form: lowercase word, "0"-folded number, or NAME
    start: int
    end: int


def _norm(word: str, sentence_start: bool) -> str:
    if word.isalpha() and word.islower():  # the common case, first
        return word
    if _DIGIT_RE.search(word):
        return _DIGIT_RE.sub("0", word.lower())
    if word[0].isupper():
        # A capitalised word inside a sentence, or any all-caps word, is a name or acronym:
        # folded, so "Trump" or "NATO" never carry weight (the topic is not the style).
        if not sentence_start or (len(word) > 1 and word.isupper()):
            return NAME
    return word.lower().replace("’", "'")


def sentence_norms(text: str, spans: Optional[Sequence[tuple[int, int]]] = None) -> list[list[str]]:
    """Normalised tokens per sentence (``scorer.text.sentences`` spans, or ``spans``).

    One list per span, empty ones included, so list index = sentence index. No offsets (see
    :func:`sentence_tokens`); the extractor itself goes straight to cells (:func:`text_cells`)
    and normalises only the few sentences shown as evidence.
    """
    out: list[list[str]] = []
    for s, e in (spans if spans is not None else sentences(text)):
        ws = _TOK_RE.findall(text, s, e)
        out.append([w if (w.isalpha() and w.islower()) else _norm(w, i == 0) for i, w in enumerate(ws)])
    return out


def sentence_tokens(text: str, spans: Optional[Sequence[tuple[int, int]]] = None) -> list[list[Token]]:
    """As :func:`sentence_norms`, with each token's offsets into ``text``."""
    out: list[list[Token]] = []
    for s, e in (spans if spans is not None else sentences(text)):
        cur: list[Token] = []
        for m in _TOK_RE.finditer(text, s, e):
            cur.append(Token(_norm(m.group(), not cur), m.start(), m.end()))
        out.append(cur)
    return out


def first_token_start(text: str, start: int, end: int) -> int:
    m = _TOK_RE.search(text, start, end)
    return m.start() if m else start


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & _MASK


@dataclass
class DocCells:
    """Per token: the hashed unigram cell and the cell of the bigram ending there."""

    uni: np.ndarray
    bi: np.ndarray
    first: np.ndarray  # token index where each sentence starts (len = sentences + 1)


def doc_cells(sents: Sequence[Sequence[str]]) -> DocCells:
    """Cells of normalised token lists (:func:`sentence_norms`); a bigram never crosses sentences."""
    uni, bi = token_cells(sents, _MASK)
    first = np.zeros(len(sents) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in sents], out=first[1:])
    return DocCells(np.asarray(uni, dtype=np.int64), np.asarray(bi, dtype=np.int64), first)


# What a word contributes (hashed_weights.crc_entry of its norm, packed) does not depend on the
# article, so it is worked out once per distinct one and kept under a small id
# (hashed_weights.PackedWords); a text's ids are looked up in C (``np.fromiter(map(ids.__getitem__,
# ..))``) and numpy computes every token's cells from them at once. Bounds: 2^16 ids for both
# maps (the two former caches held 2^15 keys each; all forgotten when a text would not fit),
# keys of at most 32 characters (longer ones, rare in prose, are worked out each time): a few
# MB on news text, ~10 MB however odd the input.
# Tokens come from one findall per sentence, not from a cache of whitespace runs: runs repeat
# far less than words, so on a stream of real articles ~16 % of runs missed such a cache and
# each miss (a Python-level __missing__) cost more than the scan saved: 0.29-0.33 ms per
# article against 0.22 for findall (0.13 vs 0.17 only on the generated benchmark's small
# vocabulary, which flatters every cache).
_CACHE_MAX = 1 << 16
_CACHE_KEY_MAX = 32
_WORDS = PackedWords(_MASK, _CACHE_MAX, _CACHE_KEY_MAX)
_INNER = _WORDS.ids(lambda w: _norm(w, False))  # a word inside a sentence
_OPENING = _WORDS.ids(lambda w: _norm(w, True))  # a sentence's first word


def _token_re(text: str) -> re.Pattern:
    """:data:`_TOK_RE`, or :data:`_ASCII_TOK_RE` where it finds the same tokens in ``text``."""
    # The non-ASCII characters from text.non_ascii (bytes deleted in C, ~3 us on 3 KB) rather than
    # a regex scan of every character (~9 us).
    if text.isascii() or not any(map(str.isalnum, non_ascii(text))):
        return _ASCII_TOK_RE
    return _TOK_RE


def text_cells(text: str, spans: Sequence[tuple[int, int]]) -> DocCells:
    """``doc_cells(sentence_norms(text, spans))``, without building the norms: the tokens of
    every sentence, their ids in :data:`_INNER` (:data:`_OPENING` for a sentence's first word),
    then the cells of all tokens at once (the hot path)."""
    findall = _token_re(text).findall
    per = [findall(text, s, e) for s, e in spans]
    n = sum(map(len, per))
    _WORDS.reserve(n + len(per))
    ids = np.fromiter(map(_INNER.__getitem__, chain.from_iterable(per)), dtype=np.int64, count=n)
    first = np.zeros(len(per) + 1, dtype=np.int64)
    np.cumsum(list(map(len, per)), out=first[1:])
    opening = [k for k, ws in zip(first.tolist(), per) if ws]  # token index of each sentence's first word
    if opening:
        ids[opening] = list(map(_OPENING.__getitem__, [ws[0] for ws in per if ws]))
    uni, bi = _WORDS.cells(ids, np.array(opening, dtype=np.int64))
    return DocCells(uni, bi, first)


def cell_vector(uni: np.ndarray, bi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique cells and their sublinear (1 + log count), L2-normalised weights."""
    return weighted_cells(np.concatenate([uni, bi]))


@dataclass
class NgramModel:
    weights: np.ndarray  # BUCKETS floats
    bias: float
    meta: dict
    # The weights as stored, (weights, int8 array, scale) with weights == dequantise(int8, scale)
    # (made so by :func:`_stored`), or None (a model fitted and not quantised).
    int8: Optional[tuple[np.ndarray, np.ndarray, float]] = field(default=None, repr=False, compare=False)

    def weights_at(self, cells: np.ndarray) -> np.ndarray:
        """``self.weights[cells]``: the same floats, gathered from the int8 copy when there is
        one. A document's ~1,000 cells are random places in the table; the float64 table (2 MB)
        does not stay in the CPU's cache between articles, the int8 one (256 KB) does (with the
        scale applied after the gather, ~0.05 ms an article off the family in a full run)."""
        stored = self.int8
        if stored is None or stored[0] is not self.weights:  # none, or weights replaced since
            return self.weights[cells]
        return dequantise(stored[1][cells], stored[2])

    def score(self, uni: np.ndarray, bi: np.ndarray) -> float:
        u, v = cell_vector(uni, bi)
        return float(self.weights[u] @ v + self.bias)

    def quantised(self) -> "NgramModel":
        """The model as shipped (int8 weights): training scores what the extractor computes."""
        s, scale = encode(self.weights)
        return _stored(s, scale, self.bias, self.meta)

    def to_dict(self) -> dict:
        s, scale = encode(self.weights)
        return {"format": FORMAT, "buckets": BUCKETS, "bias": round(self.bias, 6), "scale": scale,
                "meta": self.meta, "weights": s}

    @classmethod
    def from_dict(cls, d: dict) -> "NgramModel":
        if d.get("format") != FORMAT or d.get("buckets") != BUCKETS:
            raise ValueError(f"not an ai_style n-gram model ({FORMAT!r}, {BUCKETS} buckets expected)")
        return _stored(d["weights"], float(d["scale"]), float(d["bias"]), dict(d.get("meta") or {}))


def _stored(s: str, scale: float, bias: float, meta: dict) -> NgramModel:
    """The model of weights stored as :func:`hashed_weights.encode` gives them: the weights
    ``decode`` makes, from one decompression, with their int8 copy for
    :meth:`NgramModel.weights_at` (both through ``dequantise``, element by element: the same
    floats to the bit)."""
    q = stored_int8(s)
    weights = dequantise(q, scale)
    return NgramModel(weights, bias, meta, (weights, q, scale))


@lru_cache(maxsize=1)
def shipped_model() -> Optional[NgramModel]:
    """The model shipped in ``scorer/data``; None before the first training run."""
    if not DATA.exists():
        return None
    return NgramModel.from_dict(json.loads(DATA.read_text(encoding="utf-8")))


@dataclass
class SentenceScore:
    index: int
    logit: float
    tokens: list[str]  # normalised
    top: list[tuple[str, float]]  # the n-grams that push this sentence most towards LLM


@dataclass
class NgramScores:
    logit: Optional[float]
    sentence_q75: Optional[float]
    llm_sentence_share: Optional[float]
    sentences: list[SentenceScore]

    def values(self) -> dict[str, Optional[float]]:
        return {"ngram_logit": self.logit, "ngram_sentence_q75": self.sentence_q75,
                "ngram_llm_sentence_share": self.llm_sentence_share}


def score_cells(cells: DocCells, model: NgramModel) -> tuple[Optional[float], list[tuple[int, float]]]:
    """Document logit and (sentence index, logit) for sentences of ``MIN_SENT_TOKENS``+ tokens.

    Every sentence is scored in one pass: cells are keyed by (sentence, cell), so one sort
    gives each sentence's counts; the result equals scoring each sentence alone. The keys are
    sorted cell first (cell * sentences + sentence): runs of equal keys are the sentences'
    counts, runs of equal cells the document's, so one sort serves both (it was one
    ``np.unique`` each), and each sentence still meets its cells in increasing order, the
    order its sums were always added in (tests/test_speed_as.py holds it to the two-sort form, to the bit).
    """
    if len(cells.uni) == 0:
        return None, []
    lens = np.diff(cells.first)
    ns = len(lens)
    sid = np.repeat(np.arange(ns, dtype=np.int64), lens)
    keys = np.concatenate([cells.uni * ns + sid, cells.bi * ns + sid])
    u, c = unique_counts(keys)  # (cell, sentence) pairs, cell-major
    cell, s_of = u // ns, u % ns
    # The document: per distinct cell, its count over all sentences (model.score of the text).
    first = np.flatnonzero(np.concatenate(([True], cell[1:] != cell[:-1])))
    dv = 1.0 + np.log(np.add.reduceat(c, first))
    dnorm = float(np.sqrt((dv * dv).sum()))
    w = model.weights_at(cell)  # model.weights[cell], one gather for the document and the sentences
    doc = float(w[first] @ (dv / dnorm if dnorm else dv) + model.bias)
    v = 1.0 + np.log(c)
    norm = np.sqrt(np.bincount(s_of, v * v, minlength=ns))
    dot = np.bincount(s_of, w * v, minlength=ns)
    ok = np.flatnonzero(lens >= MIN_SENT_TOKENS)
    return doc, list(zip(ok.tolist(), (dot[ok] / norm[ok] + model.bias).tolist()))


def summarise(doc: Optional[float], per: Sequence[tuple[int, float]]) -> dict[str, Optional[float]]:
    """The three feature values (same in training and at run time)."""
    if not per:
        return {"ngram_logit": doc, "ngram_sentence_q75": None, "ngram_llm_sentence_share": None}
    lg = [x for _, x in per]
    return {"ngram_logit": doc, "ngram_sentence_q75": upper_quartile(lg),
            "ngram_llm_sentence_share": positive_share(lg)}


def score(sents: Sequence[Sequence[str]], model: NgramModel, explain: bool = False) -> NgramScores:
    """Document logit and sentence logits; ``explain`` names each sentence's top n-grams."""
    doc, per = score_cells(doc_cells(sents), model)
    v = summarise(doc, per)
    out = NgramScores(v["ngram_logit"], v["ngram_sentence_q75"], v["ngram_llm_sentence_share"],
                      [SentenceScore(k, x, list(sents[k]), []) for k, x in per])
    if explain:
        for p in out.sentences:
            p.top = top_ngrams(p.tokens, model)
    return out


def top_ngrams(sent: Sequence[str], model: NgramModel, keep: int = 3) -> list[tuple[str, float]]:
    """The sentence's own words and word pairs with the largest positive (LLM) weights.

    Names the n-grams in the reader's text (never corpus text): "amid", "a significant".
    Not shown, though they count in the score: words or pairs holding a folded name or number
    (they would read as "<N>"), and bare function words or pairs of them ("a", "to the"),
    which explain nothing to a reader.

    hashed_weights.top_ngrams with these rules, its weights looked up all at once (one numpy
    gather, not one scalar index per n-gram): the result is sorted by (weight, n-gram), so
    the order they were looked up in cannot show (tests/test_ai_style_speed.py compares).
    """
    from .ai_style_lexicon import FUNCTION_WORDS

    readable = [w != NAME and not _DIGIT_RE.search(w) for w in sent]
    keys: dict[str, str] = {}  # shown n-gram -> its cell key
    for i, w in enumerate(sent):
        if readable[i]:
            if w not in FUNCTION_WORDS:
                keys.setdefault(w, "1|" + w)
            if i and readable[i - 1] and not (sent[i - 1] in FUNCTION_WORDS and w in FUNCTION_WORDS):
                pair = f"{sent[i - 1]} {w}"
                keys.setdefault(pair, "2|" + pair)
    cells = np.fromiter(map(_h, keys.values()), dtype=np.int64, count=len(keys))
    weights = model.weights[cells].tolist()
    return sorted(((g, x) for g, x in zip(keys, weights) if x > 0), key=lambda t: (-t[1], t[0]))[:keep]
