"""What the two hashed n-gram models (:mod:`.mt_ngram`, :mod:`.ai_style_ngram`) share: the
document vector of hashed cells and the compact storage of their weights.

* :func:`token_cells` — the CRC-32 cells of every token's unigram and bigram (keys ``1|w`` and
  ``2|v w``, the same in both models; only the number of cells differs).
* :class:`~scorer.memo.BoundedCache` (from :mod:`scorer.memo`) keeps what a word or a run of
  text contributes (it does not depend on the article).
* :func:`crc_entry` / :func:`entry_cells` — the same cells from each word's CRCs, worked out
  once per distinct word (the extractors' path; :func:`token_cells` is training's).
* :func:`unique_counts` — ``np.unique(.., return_counts=True)`` of integer cells, with less overhead.
* :func:`weighted_cells` — unique cells with sublinear counts (1 + log n), L2-normalised: the
  usual text-classification weighting, so long and short articles score on one scale.
* :func:`encode` / :func:`decode` — weights quantised to int8 with one scale, zlib-compressed,
  base64 in JSON: a 2^19-cell model ships in well under 1 MB and holds no n-gram text.
* :func:`top_ngrams` — the words and word pairs of one sentence that weigh most, for the
  reason a reader sees (each model says which n-grams are worth showing).
* :func:`upper_quartile` / :func:`positive_share` — the two summaries of the sentence logits,
  as numpy's ``quantile(.., 0.75)`` and ``mean(.. > 0)`` compute them.
"""
from __future__ import annotations

import base64
import math
import zlib
from operator import itemgetter
from typing import Callable, Iterable, Sequence

import numpy as np

from ..memo import BoundedCache


START = zlib.crc32(b"2|<s>")  # the CRC state a sentence's first bigram continues from


def crc_entry(w: str) -> tuple[int, int, bytes]:
    """What a (normalised) word contributes to the cells: the CRC-32 of "1|w", the CRC-32 of
    "2|w" (the state a bigram starting with w continues from) and the bytes " w" that continue
    it. zlib.crc32(b, crc32(a)) == crc32(a + b), so a bigram's cell costs one CRC of the short
    tail instead of building and encoding "2|v w". Both models key their cells so."""
    b = w.encode("utf-8")
    return zlib.crc32(b"1|" + b), zlib.crc32(b"2|" + b), b" " + b


# token_cells' memo (training's path): bounded, as every per-word cache here.
_WORD_CRCS = BoundedCache(crc_entry, 1 << 15, 32)


def entry_cells(entries: Sequence[tuple], openings: Iterable[int], mask: int) -> tuple[np.ndarray, np.ndarray]:
    """The unigram and bigram cells (int64, ``& mask``) of tokens given in text order by their
    :func:`crc_entry` (its three fields first; more are ignored), ``openings`` the indices of
    the tokens that open a sentence (their bigram continues :data:`START`): :func:`token_cells`
    with the per-token work done by C-level maps."""
    states = [START, *map(itemgetter(1), entries)]  # states[k]: what token k's bigram continues
    for k in openings:
        states[k] = START
    n = len(entries)
    uni = np.fromiter(map(itemgetter(0), entries), dtype=np.int64, count=n)
    bi = np.fromiter(map(zlib.crc32, map(itemgetter(2), entries), states), dtype=np.int64, count=n)
    return uni & mask, bi & mask


def token_cells(sents: Sequence[Sequence[str]], mask: int) -> tuple[list[int], list[int]]:
    """For every token of every sentence, in order: the cell of its unigram
    (``crc32("1|w") & mask``) and of the bigram ending at it (``crc32("2|v w") & mask``, with
    ``v = "<s>"`` for a sentence's first word)."""
    uni: list[int] = []
    bi: list[int] = []
    crc, entry = zlib.crc32, _WORD_CRCS.__getitem__
    for sent in sents:
        state = START
        for w in sent:
            u, nxt, tail = entry(w)
            uni.append(u & mask)
            bi.append(crc(tail, state) & mask)
            state = nxt
    return uni, bi


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_counts=True)`` of a 1-d integer array, the same arrays, in
    about 7 µs instead of 12 on a document's ~1,200 cells: one sort, run starts from one
    comparison, no ``np.diff``/``np.append`` wrappers (the fixed overhead is most of the cost
    at this size)."""
    a = np.sort(values)
    starts = np.empty(len(a) + 1, dtype=bool)  # each run's first element, and one past the end
    starts[0] = starts[-1] = True
    np.not_equal(a[1:], a[:-1], out=starts[1:-1])
    idx = np.flatnonzero(starts)
    return a[idx[:-1]], idx[1:] - idx[:-1]


def weighted_cells(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique cells and their sublinear, L2-normalised weights."""
    u, n = unique_counts(cells)
    v = 1.0 + np.log(n)
    norm = float(np.sqrt((v * v).sum()))
    return u, (v / norm if norm else v)


def upper_quartile(values: Sequence[float]) -> float:
    """``float(np.quantile(values, 0.75))`` of a non-empty list, to the bit, without numpy's
    ~30 µs of fixed overhead (a model's sentence logits: a few dozen floats, per article).
    numpy's "linear" method step for step: virtual index ``(n - 1) * q``, its floor and the
    next index (both the last when the index reaches it), and ``_lerp``'s two formulas.
    Sorting gives the order statistics numpy's partition does, except that -0.0 and 0.0 tie
    (either may come first) and NaN sorts apart: lists holding a zero or a non-finite value
    go to numpy itself."""
    if 0.0 in values or not all(map(math.isfinite, values)):
        return float(np.quantile(values, 0.75))
    ordered = sorted(values)
    n, q = len(ordered), 0.75
    virtual = (n - 1) * q
    if virtual >= n - 1:
        lo = hi = -1
    else:
        lo = math.floor(virtual)
        hi = lo + 1
    gamma = virtual - lo
    a, b = ordered[lo], ordered[hi]
    diff = b - a
    return b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma


def positive_share(values: Sequence[float]) -> float:
    """``float(np.mean(np.asarray(values) > 0))`` of a non-empty list: an integer count over
    the length, one rounding either way."""
    return sum(x > 0 for x in values) / len(values)


def encode(w: np.ndarray) -> tuple[str, float]:
    """int8 weights + one scale, zlib + base64."""
    scale = float(np.abs(w).max()) / 127.0 or 1.0
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return base64.b64encode(zlib.compress(q.tobytes(), 9)).decode("ascii"), scale


def decode(s: str, scale: float) -> np.ndarray:
    return np.frombuffer(zlib.decompress(base64.b64decode(s)), dtype=np.int8).astype(np.float64) * scale


def top_ngrams(sent: Sequence[str], weight: Callable[[str], float], show_word: Callable[[str], bool],
               show_pair: Callable[[str, str], bool], keep: int = 3) -> list[tuple[str, float]]:
    """The sentence's own unigrams (cell key ``1|w``) and bigrams (``2|v w``) with the largest
    positive weights, strongest first (ties by text); ``show_word``/``show_pair`` leave out
    what would explain nothing to a reader (they still count in the score)."""
    seen: dict[str, float] = {}
    prev = None
    for w in sent:
        if show_word(w):
            seen.setdefault(w, weight("1|" + w))
        if prev is not None and show_pair(prev, w):
            seen.setdefault(f"{prev} {w}", weight(f"2|{prev} {w}"))
        prev = w
    return sorted(((g, x) for g, x in seen.items() if x > 0), key=lambda t: (-t[1], t[0]))[:keep]
