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
from functools import lru_cache
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


# --- the same cells with the per-token work in numpy ------------------------------------------------
# A CRC-32 is linear over GF(2) in its starting state: zlib.crc32(d, v) == shift_L(v) ^ zlib.crc32(d)
# for any d of L bytes, shift_L being what L more bytes do to a state (linear: a byte-wise table).
# So a bigram's cell, crc32(" w", crc32("2|v")), is shift_L(state of v) ^ crc32(" w") with
# L = len(" w"): per word two numbers, per token a few table lookups done by numpy for all
# tokens at once, instead of one zlib call per token (tests/test_ai_style_speed.py holds it to
# entry_cells, to the bit).
# Tails up to this many bytes (words of up to 63 bytes) use the tables; longer ones, rare in prose,
# go to zlib. Kept small, and the tables as uint32, so that they stay in the CPU's cache (~260 KB).
SHIFT_MAX_TAIL = 64
_SHIFTS: dict[int, np.ndarray] = {}


@lru_cache(maxsize=1)
def crc_shifts() -> np.ndarray:
    """``S[L, k, b] == shift_L(b << 8 * k)`` for L <= :data:`SHIFT_MAX_TAIL`: shift_L(v) is the XOR
    over the four bytes of v of their entries. Shared by this module's cells and
    :mod:`.mt_ngram`'s (its bigram continuations)."""
    one = np.array([zlib.crc32(b"\0", n) ^ zlib.crc32(b"\0") for n in range(256)], dtype=np.int64)
    cur = (np.arange(256, dtype=np.int64)[None, :] << np.array([0, 8, 16, 24], dtype=np.int64)[:, None]).ravel()
    rows = [cur]
    for _ in range(SHIFT_MAX_TAIL):
        cur = one[cur & 255] ^ (cur >> 8)  # one more zero byte
        rows.append(cur)
    return np.concatenate(rows).astype(np.uint32).reshape(SHIFT_MAX_TAIL + 1, 4, 256)


def crc_shift_table(mask: int) -> np.ndarray:
    """``T[1024 * L + 256 * k + b] == shift_L(b << 8 * k) & mask`` (:func:`crc_shifts`, flat and
    masked; built once per mask)."""
    table = _SHIFTS.get(mask)
    if table is None:
        table = _SHIFTS[mask] = (crc_shifts() & np.uint32(mask)).reshape(-1)
    return table


def packed_cells(packed: np.ndarray, states: np.ndarray, openings: np.ndarray, mask: int,
                 long_tail: Callable[[int], bytes]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`entry_cells` from every token's packed fields (int64 arrays in text order: ``packed``
    = unigram cell | tail cell << bits | tail length << 2 * bits, the length 0 for a tail too
    long for the shift tables, and ``states``, the CRC-32 of "2|w" that the bigram after the
    word continues), ``openings`` the indices of the tokens that open a sentence; ``long_tail(k)``
    gives token k's tail bytes where they were too long to pack (rare: a very long word)."""
    bits = mask.bit_length()
    n = len(packed)
    prev = np.empty(n, dtype=np.int64)  # the state each token's bigram continues
    prev[1:] = states[:-1]
    prev[openings] = START
    length = packed >> (2 * bits)
    at = (length << 10)[None, :] + _BYTE_OFFSETS[:, None] + ((prev[None, :] >> _BYTE_SHIFTS[:, None]) & 255)
    bi = np.bitwise_xor.reduce(crc_shift_table(mask)[at], axis=0).astype(np.int64) ^ ((packed >> bits) & mask)
    for k in np.flatnonzero(length == 0).tolist():
        bi[k] = zlib.crc32(long_tail(k), int(prev[k])) & mask
    return packed & mask, bi


_BYTE_SHIFTS = np.array([0, 8, 16, 24], dtype=np.int64)
_BYTE_OFFSETS = np.array([0, 256, 512, 768], dtype=np.int64)


class PackedWords:
    """Each distinct word's :class:`PackedWord` fields in two numpy arrays, under a small id that
    :meth:`ids` maps look up (one C-level dict lookup per token; numpy then gathers both fields
    for all tokens at once). Bounded: every map is cleared and the ids start again when a text
    would not fit (:meth:`reserve`, called before each text, so never during one), and words
    longer than ``max_key_len`` get a fresh id each time, never a key."""

    def __init__(self, mask: int, capacity: int, max_key_len: int) -> None:
        if mask.bit_length() > 27:  # two cells and a length (8 bits) must fit in an int64
            raise ValueError("at most 2^27 cells")
        self.mask = mask
        self.capacity = capacity
        self.max_key_len = max_key_len
        self.packed = np.zeros(capacity, dtype=np.int64)
        self.state = np.zeros(capacity, dtype=np.int64)
        self.long_tails: dict[int, bytes] = {}  # id -> tail bytes, for words too long to pack
        self.used = 0
        self._pending: list[str] = []  # the (normalised) words of the last ids given, fields not yet filled
        self._maps: list[WordIds] = []

    def ids(self, norm: Callable[[str], str]) -> "WordIds":
        """A map word -> id of ``crc_entry(norm(word))``'s fields (one per normalisation)."""
        m = WordIds(self, norm)
        self._maps.append(m)
        return m

    def reserve(self, n: int) -> None:
        """Room for ``n`` more ids (a text's lookups): else every map starts again."""
        if self.used + n > len(self.packed):
            self.clear(n)

    def clear(self, n: int = 0) -> None:
        """Forget every id; room for ``n`` (a text of more tokens than the capacity gets arrays
        as large, for it alone)."""
        for m in self._maps:
            m.clear()
        self.long_tails.clear()
        self._pending.clear()
        self.used = 0
        size = max(self.capacity, n)
        if size != len(self.packed):
            self.packed = np.zeros(size, dtype=np.int64)
            self.state = np.zeros(size, dtype=np.int64)

    def _fill(self) -> None:
        """The fields of the ids given since the last call (:class:`WordIds` queues their words):
        all of a text's new words at once, by C-level maps and numpy, not a Python loop and
        two numpy assignments per word (real news brings ~30 new words an article)."""
        words, self._pending = self._pending, []
        mask, bits, crc = self.mask, self.mask.bit_length(), zlib.crc32
        start = self.used - len(words)
        bs = list(map(str.encode, words))
        tails = list(map(b" ".__add__, bs))
        n = np.fromiter(map(len, tails), dtype=np.int64, count=len(words))
        if n.max() > SHIFT_MAX_TAIL:  # too long for the shift tables: length 0, tail kept
            for k in np.flatnonzero(n > SHIFT_MAX_TAIL).tolist():
                self.long_tails[start + k] = tails[k]
            n[n > SHIFT_MAX_TAIL] = 0
        u = np.fromiter(map(crc, map(b"1|".__add__, bs)), dtype=np.int64, count=len(words))
        t = np.fromiter(map(crc, tails), dtype=np.int64, count=len(words))
        self.packed[start:self.used] = (u & mask) | ((t & mask) << bits) | (n << 2 * bits)
        self.state[start:self.used] = np.fromiter(map(crc, map(b"2|".__add__, bs)), dtype=np.int64, count=len(words))

    def cells(self, ids: np.ndarray, openings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:func:`entry_cells` of the tokens whose ids are ``ids`` (text order)."""
        if self._pending:
            self._fill()
        return packed_cells(self.packed[ids], self.state[ids], openings, self.mask,
                            lambda k: self.long_tails[int(ids[k])])


class WordIds(dict):
    """word -> its id in a :class:`PackedWords`, made on a miss."""

    def __init__(self, fields: PackedWords, norm: Callable[[str], str]) -> None:
        super().__init__()
        self._fields = fields
        self._norm = norm

    def __missing__(self, word: str) -> int:
        f = self._fields
        i = f.used
        f.used = i + 1
        f._pending.append(self._norm(word))  # its fields: PackedWords._fill, before they are read
        if len(word) <= f.max_key_len:
            self[word] = i
        return i


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


def stored_int8(s: str) -> np.ndarray:
    """The int8 weights :func:`encode` stored in ``s``."""
    return np.frombuffer(zlib.decompress(base64.b64decode(s)), dtype=np.int8)


def dequantise(q: np.ndarray, scale: float) -> np.ndarray:
    """The float weights of int8 weights ``q`` (or of any gather of them: element by element,
    so ``dequantise(q[cells], scale)`` is ``dequantise(q, scale)[cells]`` to the bit)."""
    return q.astype(np.float64) * scale


def decode(s: str, scale: float) -> np.ndarray:
    return dequantise(stored_int8(s), scale)


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
