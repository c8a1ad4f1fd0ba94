"""Swap in context: a synonym-spun word sits where news would put the word it replaced.

A spinner replaces "rate" by "speed" whatever the neighbours, so a spun text says "inflation
speed" where news writes "inflation rate". For each word that the Problematic Paper Screener
(PPS) pairs list as a substitute for some expected word, this module compares how often
reference news puts the *expected* word next to the same neighbours with how often it puts the
word actually written there:

    P(ctx | x) = (c(ctx, x) + M * p(ctx)) / (c(x) + M)        (x = e or w)
    side log-ratio = log P(ctx | e) - log P(ctx | w)

for the left and the right neighbour (``ctx``), summed, best expected word ``e``; ``p(ctx)`` is
the neighbour's everyday frequency (wordfreq), the prior a word with few reference counts falls
back to. Conditional rates, not raw counts: "the speed" is as normal as "the rate". A side with
no reference count either way says nothing (0). A positive token score reads "news writes e
here, not w"; a negative one reads "w is natural here".

The table (built by :mod:`scorer.training.mt_spinswap` from train-side reference news and the
PPS pairs) holds no text: 40-bit hashes of words and of word pairs with counts. The expected
word's spelling, needed for the evidence reason, is recovered from wordfreq's vocabulary by
hashing it (:func:`expected_spelling`); a word wordfreq does not know is shown as "its usual
counterpart".

Pure functions: text + table -> hits with offsets and values; the ``mt`` extractor
(:mod:`.mt`) reads :func:`current_table`.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from itertools import compress, count
from pathlib import Path
from typing import Optional, Sequence

from ..memo import BoundedCache
from ..text import word_index
from .base import TableSlot
from .mt_artifacts import Hit
from .mt_words import FUNCTION_WORDS
from .word_freq import KeyIndex

PRIOR_WEIGHT = 10.0  # M: pseudo-count weight of the neighbour's everyday frequency
MIN_PRIOR = 1e-7  # p(ctx) floor for words wordfreq does not know
MIN_CONTEXT = 3  # reference count of (content neighbour, expected word) needed for evidence of a swap
MIN_FUNCTION_CONTEXT = 25  # the same when the neighbour is a function word
HIT_SCORE = 2.5  # token score (nats) at which a swap is reported as a hit with evidence
SCORE_CLIP = 4.0  # one token moves the document sum at most this much
MIN_TOKEN_SCORE = 1.0  # tokens below this add nothing to the document sum
# A hit scores at least HIT_SCORE, so the scores below MIN_TOKEN_SCORE are neither hits nor summed:
# the extractor leaves them out (token_scores' min_score).
assert HIT_SCORE >= MIN_TOKEN_SCORE
_GAP_RE = re.compile(r"[ \t\u00a0]{1,3}")  # neighbours: words separated by spaces only


# A fresh spinswap hasher, copied instead of built: the same state as ``blake2b(digest_size=5,
# person=b"spinswap")`` (copying an unused hasher copies its parameter block), without parsing
# the keyword arguments again (~500 -> ~300 ns a key; the keys of new words and pairs are
# computed for every article).
_SPINSWAP_HASHER = hashlib.blake2b(digest_size=5, person=b"spinswap").copy


@lru_cache(maxsize=1 << 15)  # bounded: ~4 MB full (2^17 held ~15 MB on a stream of real news)
def word_key(w: str) -> int:
    """Stable 40-bit hash of a lower-case word (the table stores only these):
    ``int.from_bytes(blake2b(w.encode(), digest_size=5, person=b"spinswap").digest(), "big")``."""
    h = _SPINSWAP_HASHER()
    h.update(w.encode())
    return int.from_bytes(h.digest(), "big")


@dataclass(frozen=True)
class SpinSwapTable:
    """Hashed reference statistics. ``subs``: substitute word -> expected words it replaces;
    ``unigrams``/``bigrams``: reference-news counts of target words and of pairs holding one."""

    subs: dict[int, tuple[int, ...]]
    unigrams: dict[int, int]
    bigrams: dict[int, int]
    ref_words: int = 0
    meta: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        # The pair counts are most of the table: packed (sorted keys as varint deltas, counts as
        # varints, zlib, base64), ~2.5x smaller than JSON pairs of integers.
        return {"version": 2, "ref_words": self.ref_words, **self.meta,
                "subs": sorted([k, sorted(v)] for k, v in self.subs.items()),
                "unigrams": sorted([k, c] for k, c in self.unigrams.items()),
                "bigrams_packed": pack_counts(self.bigrams)}

    @classmethod
    def from_dict(cls, d: dict) -> "SpinSwapTable":
        return cls(subs={int(k): tuple(v) for k, v in d.get("subs", [])},
                   unigrams={int(k): int(c) for k, c in d.get("unigrams", [])},
                   bigrams=unpack_counts(d["bigrams_packed"]), ref_words=int(d.get("ref_words", 0)),
                   meta={k: d[k] for k in ("about",) if k in d})


def _varint(n: int, out: bytearray) -> None:
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def pack_counts(counts: dict[int, int]) -> str:
    """{key: count} (non-negative ints) -> base64(zlib(varint(key delta), varint(count), ...))."""
    import base64
    import zlib

    buf = bytearray()
    prev = 0
    for k in sorted(counts):
        _varint(k - prev, buf)
        _varint(counts[k], buf)
        prev = k
    return base64.b64encode(zlib.compress(bytes(buf), 9)).decode("ascii")


def unpack_counts(packed: str) -> dict[int, int]:
    import base64
    import zlib

    data = zlib.decompress(base64.b64decode(packed))
    out: dict[int, int] = {}
    vals: list[int] = []
    n = shift = 0
    for b in data:
        n |= (b & 0x7F) << shift
        if b & 0x80:
            shift += 7
            continue
        vals.append(n)
        n = shift = 0
    key = 0
    for i in range(0, len(vals) - 1, 2):
        key += vals[i]
        out[key] = vals[i + 1]
    return out


EMPTY = SpinSwapTable({}, {}, {})


DATA = Path(__file__).resolve().parent.parent / "data" / "mt_spinswap.json"


@lru_cache(maxsize=4)
def load_table(path: str) -> SpinSwapTable:
    p = Path(path)
    if not p.exists():
        return EMPTY
    return SpinSwapTable.from_dict(json.loads(p.read_text(encoding="utf-8")))


TABLE = TableSlot(lambda: load_table(str(DATA)))  # training and evaluation score folds with their own


def current_table() -> SpinSwapTable:
    """The table the extractor uses: one put in by training, else the shipped one."""
    return TABLE.current()


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str  # lower case, straight apostrophe
    joined: bool  # separated from the previous token by spaces only (a neighbour)


def context_tokens(text: str) -> list[Token]:
    """Words of ``text`` (``scorer.text.WORD_RE``), lower-cased, each marked with whether the
    previous word is its neighbour: punctuation or a line break between them cuts the context,
    since "rate. Speed" says nothing about "rate speed"."""
    idx = word_index(text)
    out: list[Token] = []
    prev_end = None
    for s, e, w in zip(idx.starts, idx.ends, idx.words):
        joined = prev_end is not None and _GAP_RE.fullmatch(text, prev_end, s) is not None
        out.append(Token(s, e, w.lower().replace("’", "'"), joined))
        prev_end = e
    return out


@dataclass(frozen=True)
class SwapScore:
    """One candidate token: its score against the best expected word and the counts behind it."""

    index: int  # token index
    start: int
    end: int
    word: str
    expected_key: int
    score: float
    side: str  # "left" | "right": the side with the stronger evidence for the expected word
    context: str  # the neighbour on that side (from the article)
    count_expected: int  # reference count of (context, expected) in that order
    count_written: int  # reference count of (context, written)

    @classmethod
    def of(cls, *values) -> "SwapScore":
        """``SwapScore(*values)`` (all ten fields, in order) without the frozen dataclass's
        ``__init__``, which sets each field through ``object.__setattr__`` (~1.4 -> ~0.5 µs; one
        per candidate token of every article). The same instance: the same fields in the same
        ``__dict__`` order, so equal, hashed and shown alike."""
        obj = object.__new__(cls)
        vars(obj).update(zip(_SWAP_FIELDS, values))
        return obj

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "word": self.word, "score": round(self.score, 4),
                "side": self.side, "context": self.context, "count_expected": self.count_expected,
                "count_written": self.count_written}


_SWAP_FIELDS = tuple(f.name for f in fields(SwapScore))


@lru_cache(maxsize=1 << 16)
def _prior(ctx: str) -> float:
    from .mt_words import zipf

    z = zipf(ctx)
    return max(MIN_PRIOR, 10 ** (z - 9.0)) if z else MIN_PRIOR


def _side(table: SpinSwapTable, ctx: str, pair_e: int, pair_w: int, ue: int, uw: int) -> tuple[float, int, int]:
    ce, cw = table.bigrams.get(pair_e, 0), table.bigrams.get(pair_w, 0)
    if ce + cw == 0:
        return 0.0, 0, 0
    m = PRIOR_WEIGHT * _prior(ctx)
    lr = math.log((ce + m) / (ue + PRIOR_WEIGHT)) - math.log((cw + m) / (uw + PRIOR_WEIGHT))
    if lr > 0 and (cw > 0 or ce < (MIN_FUNCTION_CONTEXT if ctx in FUNCTION_WORDS else MIN_CONTEXT)):
        # Evidence *for* a swap needs a collocation news repeats, next to a pair news never
        # writes. One "region since" in the reference made "area since" look spun, and "the
        # removal" (6) made "the evacuation" in a Manila flood story a hit. Function words set
        # grammar, not collocation, so they count only when the expected pair is very common
        # ("at least" for "at slightest"). And a written pair that reference news does use
        # ("the center", 22 times) is English, however much likelier "the middle" is: summing
        # such margins pushed eight held-out Russian->English human translations over 0.5.
        return 0.0, ce, cw
    return lr, ce, cw


def token_scores(text: str, table: SpinSwapTable, tokens: Optional[list[Token]] = None,
                 folded: Optional[Sequence[str]] = None, min_score: Optional[float] = None) -> list[SwapScore]:
    """Score every token the table lists as a spinner substitute (see the module docstring).

    ``tokens`` scores a :func:`context_tokens` list word by word: the reference the scan that
    runs otherwise (:func:`_scores_of_candidates`) is tested against. ``folded``: the words of
    ``word_index(text)`` already folded as :func:`_folded` does (the mt extractor has them).
    ``min_score``: only the scores of at least this, ``[s for s in scores if s.score >= min_score]``
    (the mt extractor asks for ``MIN_TOKEN_SCORE``: all that :func:`spinswap_hits` and
    :func:`spinswap_values` read; ~1 % of the candidates of news, so the other ~99 % are never
    built as :class:`SwapScore`)."""
    if not table.subs:
        return []
    if tokens is None:
        return _scores_of_candidates(text, table, folded, min_score)
    out: list[SwapScore] = []
    for i, t in enumerate(tokens):
        left = tokens[i - 1].word if t.joined else None
        right = tokens[i + 1].word if i + 1 < len(tokens) and tokens[i + 1].joined else None
        best = _best(table, i, t.start, t.end, t.word, left, right)
        if best is not None and (min_score is None or best.score >= min_score):
            out.append(best)
    return out


def _scores_of_candidates(text: str, table: SpinSwapTable, folded: Optional[Sequence[str]] = None,
                          min_score: Optional[float] = None) -> list[SwapScore]:
    """:func:`token_scores` without a :class:`Token` per word: only the few words the table
    lists as substitutes (~5 % of an article) get their neighbours looked at. The same
    neighbours, in the same order, as :func:`context_tokens` gives (tested)."""
    idx = word_index(text)
    starts, ends = idx.starts, idx.ends
    if folded is None:
        folded = list(map(_folded, idx.words))
    # The candidates' indices in one C-level pass (whether a word is a substitute is memoised
    # per table): a Python loop over every word was most of this function's time.
    candidates = compress(count(), map(_substitute_flags(table).__getitem__, folded))
    out: list[SwapScore] = []
    last = len(folded) - 1
    for i in candidates:
        left = (folded[i - 1] if i > 0 and _GAP_RE.fullmatch(text, ends[i - 1], starts[i]) is not None
                else None)
        right = (folded[i + 1] if i < last and _GAP_RE.fullmatch(text, ends[i], starts[i + 1]) is not None
                 else None)
        part = _part_in_context(table, folded[i], left, right)
        if part is not None and (min_score is None or part[1] >= min_score):  # part[1]: the score
            out.append(SwapScore.of(i, starts[i], ends[i], folded[i], *part))
    return out


# Whether a folded word is one of the table's substitutes, per distinct word, for the table last
# used (by identity, as _IN_CONTEXT below): one dict lookup per word instead of word_key's
# lru_cache and the table's dict (~0.1 µs -> ~0.03 µs a word). Bounded as the other word memos.
_SUBSTITUTES: list = [None, None]  # [table, BoundedCache(folded word -> bool)]


def _substitute_flags(table: SpinSwapTable) -> BoundedCache:
    if _SUBSTITUTES[0] is not table:
        subs = table.subs
        _SUBSTITUTES[:] = [table, BoundedCache(lambda w: word_key(w) in subs, 1 << 16, 32)]
    return _SUBSTITUTES[1]


# A candidate's score depends on the table, the word and its two neighbours only: kept per
# (word, left, right) for the table last used (by identity: tables are built once and never
# changed in place), since contexts recur within and across articles ("the area of"). The
# table and its store are held together, so a store always belongs to its table. Bounded:
# cleared when full, and replaced when another table comes in.
_IN_CONTEXT: list = [None, {}]  # [table, {(word, left, right): score part or None}]
_IN_CONTEXT_MAX = 1 << 14


def _part_in_context(table: SpinSwapTable, word: str, left: Optional[str], right: Optional[str]) -> Optional[tuple]:
    """:func:`_best_part`, looked up per (word, left, right) once per table."""
    if _IN_CONTEXT[0] is not table:
        _IN_CONTEXT[:] = [table, {}]
    store = _IN_CONTEXT[1]
    key = (word, left, right)
    if key in store:
        part = store[key]
    else:
        part = _best_part(table, word, left, right)
        if len(store) >= _IN_CONTEXT_MAX:
            store.clear()
        store[key] = part
    return part


def _folded(w: str) -> str:
    return w.lower().replace("’", "'")


def _best(table: SpinSwapTable, i: int, start: int, end: int, word: str, left: Optional[str],
          right: Optional[str]) -> Optional[SwapScore]:
    """The token's score against its best expected word, or None (not a substitute, no
    neighbour, no expected word the reference knows)."""
    part = _best_part(table, word, left, right)
    return None if part is None else SwapScore(i, start, end, word, *part)


def _best_part(table: SpinSwapTable, word: str, left: Optional[str], right: Optional[str]) -> Optional[tuple]:
    """What :func:`_best` gives but the token's place: (expected_key, score, side, context,
    count_expected, count_written), or None. A tuple per better expected word, one
    :class:`SwapScore` at the end (building a frozen dataclass costs ~1.4 µs)."""
    wk = word_key(word)
    exp = table.subs.get(wk)
    if not exp or (left is None and right is None):
        return None
    uw = table.unigrams.get(wk, 0)
    best = None
    for ek in exp:
        ue = table.unigrams.get(ek, 0)
        if ue == 0:
            continue
        total, sides = 0.0, []
        if left is not None:
            lr, ce, cw = _side(table, left, pair_key(left, ek, True), pair_key(left, wk, True), ue, uw)
            total += lr
            sides.append((lr, "left", left, ce, cw))
        if right is not None:
            lr, ce, cw = _side(table, right, pair_key(right, ek, False), pair_key(right, wk, False), ue, uw)
            total += lr
            sides.append((lr, "right", right, ce, cw))
        lr_s, side, ctx, ce, cw = max(sides, key=lambda s: (s[3] > 0 and s[4] == 0, s[0]))
        if best is None or total > best[1]:
            best = (ek, total, side, ctx, ce, cw)
    return best


@lru_cache(maxsize=1 << 15)  # bounded, as word_key
def pair_key(ctx: str, wk: int, left: bool) -> int:
    """40-bit key of the ordered pair (context word, target word given by its ``word_key``):
    ``left`` when the context word comes first. Keyed on the target's hash so that an expected
    word, which the table never stores as text, can be looked up."""
    h = _SPINSWAP_HASHER()
    h.update((f"{ctx} #{wk:x}" if left else f"#{wk:x} {ctx}").encode())
    return int.from_bytes(h.digest(), "big")


def is_hit(s: SwapScore) -> bool:
    return s.score >= HIT_SCORE and s.count_expected > 0 and s.count_written == 0


def _times(n: int) -> str:
    return "never" if n == 0 else ("once" if n == 1 else f"{n} times")


def spinswap_hits(text: str, table: SpinSwapTable, scores: Optional[list[SwapScore]] = None) -> list[Hit]:
    """Hits (offsets of the substituted word) for tokens scoring at least ``HIT_SCORE`` whose
    expected pair occurs in reference news and whose written pair never does."""
    out = []
    for s in scores if scores is not None else token_scores(text, table):
        if not is_hit(s):
            continue
        e = expected_spelling(s.expected_key) or "its usual counterpart"
        shown_e = f"{s.context} {e}" if s.side == "left" else f"{e} {s.context}"
        shown_w = f"{s.context} {s.word}" if s.side == "left" else f"{s.word} {s.context}"
        out.append(Hit(s.start, s.end, "spin_swap",
                       f"'{s.word}' where news writes '{e}' ('{shown_e}' occurs {_times(s.count_expected)} "
                       f"in reference news, '{shown_w}' {_times(s.count_written)})"))
    return out


def spinswap_values(text: str, table: SpinSwapTable, n_words: Optional[int] = None,
                    scores: Optional[list[SwapScore]] = None) -> dict[str, float]:
    """Document features: hits per 1,000 words, and the summed token log-ratios of at least
    ``MIN_TOKEN_SCORE`` (each clipped at ``SCORE_CLIP``) per 1,000 words. Only clear positives
    are summed: a substitute used naturally ("the speed of the car") says nothing about the
    other words (the signed sum measured far weaker), and small margins ("the area" vs "the
    region", 0.7) added up in short non-native stories from Dhaka and Nairobi until they moved
    the facet. Both 0.0 for a text without candidates, so they are never missing."""
    sc = scores if scores is not None else token_scores(text, table)
    n = n_words if n_words is not None else len(word_index(text).words)
    if not n:
        return {"spinswap_per_1000": 0.0, "spinswap_logratio": 0.0}
    hits = sum(map(is_hit, sc))
    total = sum(min(SCORE_CLIP, s.score) for s in sc if s.score >= MIN_TOKEN_SCORE)
    return {"spinswap_per_1000": 1000.0 * hits / n, "spinswap_logratio": 1000.0 * total / n}


@lru_cache(maxsize=1)
def _spelling_index(min_zipf: float = 2.0) -> KeyIndex:
    """word_key -> word over wordfreq's English vocabulary (Zipf >= ``min_zipf``; the first word
    in wordfreq's order wins a shared key): how an expected word's hash becomes readable without
    shipping the word. Sorted keys in numpy arrays (~1 MB), not a dict of 96k ints and strings
    (~15 MB): see :mod:`.word_freq`. ``word_key`` uncached: its cache is for the words of
    articles, which 96k vocabulary words would only flush (and fill: ~5 MB)."""
    return KeyIndex(word_key.__wrapped__, min_zipf)


def expected_spelling(key: int) -> Optional[str]:
    return _spelling_index().get(key)
