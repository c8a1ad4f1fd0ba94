"""A compact hashed word n-gram model of machine-translation wording.

Word unigrams and bigrams (lower-cased, digits folded, per sentence) are hashed with CRC-32
into ``BUCKETS`` cells; a logistic regression over sublinear, L2-normalised cell counts, fitted
on train-side stories only (:func:`scorer.training.mt.fit_ngram_model`), separates human
translations from commercial MT *of the same stories*, so topic words cancel and what is left
is how MT words things (the most frequent rendering of every word, literal word order). Each
document gets the model's logit, and each sentence one too (share and upper quartile).

We tried generative alternatives first: a pair of hashed trigram language models (human vs MT)
and the perplexity of a native-English trigram model. On a source language neither saw, both
stayed at AUROC 0.43-0.62, below this discriminative model (0.64-0.82, see the training report).

Storage: weights quantised to int8 with one scale, zlib-compressed and base64-encoded in
``scorer/data/mt_ngram.json``; only hash cells and weights, no n-gram text. Deterministic (CRC-32,
not Python's salted ``hash``) and ~1 ms per article.
"""
from __future__ import annotations

import json
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

import numpy as np

from .base import TableSlot
from . import mt_profile
from .mt_artifacts import run_flags
from .mt_profile import fwngram_score_of_ids, run_shapes, shape_id_bytes, shape_ids, shapes_of_runs
from ..memo import BoundedCache
from .hashed_weights import (START, crc_entry, crc_shifts, decode, encode, entry_cells, positive_share, token_cells,
                             unique_counts, upper_quartile, weighted_cells)
from .hashed_weights import top_ngrams as shared_top_ngrams

DATA = Path(__file__).resolve().parent.parent / "data" / "mt_ngram.json"
BUCKETS = 1 << 19
MIN_SENT_TOKENS = 4  # shorter sentences (headlines, bylines) get no sentence score
_TOK_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[^\w\s]")
_SENT_END = frozenset(".!?")
_NUM_RE = re.compile(r"\d")
_QUOTE_PAIRS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("«", '"'), ("»", '"'))
_QUOTES = str.maketrans(dict(_QUOTE_PAIRS))
_MASK = BUCKETS - 1  # BUCKETS is a power of two: x % BUCKETS == x & _MASK


def sentence_tokens(text: str) -> list[list[str]]:
    """Lower-cased tokens per sentence (numbers -> '0'); line breaks also end a sentence.

    The first list of :func:`sentence_tokens_spans`, without match objects or offsets (for
    training; the extractor goes straight to cells, :func:`text_cells`)."""
    out: list[list[str]] = []
    for line in _straighten(text).split("\n"):
        cur: list[str] = []
        for t in _TOK_RE.findall(line):
            t = t.lower()
            if not t.isalpha() and _NUM_RE.search(t):  # letters are never digits: skip the search
                t = "0"
            cur.append(t)
            if t in _SENT_END and len(cur) > 1:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
    return out


def _straighten(text: str) -> str:
    """``text.translate(_QUOTES)``: six C-level replaces are faster than a per-character
    translate table, and give the same string (single characters to single characters, no
    replacement is another's source)."""
    for a, b in _QUOTE_PAIRS:
        text = text.replace(a, b)
    return text


def sentence_tokens_spans(text: str) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """:func:`sentence_tokens` and each sentence's span in ``text`` (first token's start to last
    token's end), for evidence. Quote straightening maps one character to one, so offsets hold."""
    out: list[list[str]] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.translate(_QUOTES).split("\n"):
        _line_sentences(line, pos, out, spans)
        pos += len(line) + 1
    return out, spans


def _line_sentences(line: str, pos: int, out: list[list[str]], spans: list[tuple[int, int]],
                    upto: Optional[int] = None) -> None:
    """Appends the tokens and spans of one straightened line's sentences (the line starts at
    ``pos`` in the text): :func:`sentence_tokens_spans` line by line. With ``upto``, stops once
    ``out`` holds that many sentences (the rest of the line is not needed)."""
    cur: list[str] = []
    start = end = 0
    for m in _TOK_RE.finditer(line):
        t = m.group().lower().replace("’", "'")
        if _NUM_RE.search(t):
            t = "0"
        if not cur:
            start = pos + m.start()
        cur.append(t)
        end = pos + m.end()
        if t in _SENT_END and len(cur) > 1:
            out.append(cur)
            spans.append((start, end))
            cur = []
            if len(out) == upto:
                return
    if cur:
        out.append(cur)
        spans.append((start, end))


def sentences_at(text: str, ks: Iterable[int]) -> tuple[dict[int, list[str]], dict[int, tuple[int, int]]]:
    """The tokens and span of sentences ``ks`` only, as :func:`sentence_tokens_spans` gives
    them (~0.33 ms an article): how many sentences each line holds comes from the cached runs
    (:func:`_line_entries`), and only the lines holding a wanted sentence are scanned token by
    token, up to the last one wanted (evidence shows at most a few sentences)."""
    want = set(ks)
    lines, per_line = _line_entries(text)
    opens = _sentence_opens(per_line, list(chain.from_iterable(per_line)))
    sents: dict[int, list[str]] = {}
    spans: dict[int, tuple[int, int]] = {}
    first = t = pos = 0  # index of the line's first sentence, of its first token, its offset
    for line, entries in zip(lines, per_line):
        n = opens.count(1, t, t + len(entries))
        here = want.intersection(range(first, first + n))
        if here:
            got, at = [], []
            _line_sentences(line, pos, got, at, max(here) - first + 1)
            for k, (toks, span) in enumerate(zip(got, at), first):
                if k in want:
                    sents[k], spans[k] = toks, span
        first, t, pos = first + n, t + len(entries), pos + len(line) + 1
    return sents, spans


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) % BUCKETS


@dataclass
class DocCells:
    """Hashed cells of every token of a document: the unigram and the bigram ending there."""

    uni: np.ndarray
    bi: np.ndarray
    sent: np.ndarray  # sentence index of each token


def doc_cells(sents: Sequence[Sequence[str]]) -> DocCells:
    uni, bi = token_cells(sents, _MASK)
    sid = np.repeat(np.arange(len(sents), dtype=np.int64), [len(s) for s in sents])
    return DocCells(np.asarray(uni, dtype=np.int64), np.asarray(bi, dtype=np.int64), sid)


# The extractor's path to the cells (:func:`text_cells`): what a token, or a run of text between
# whitespace, contributes does not depend on the article, so it is worked out once per distinct
# one and looked up in C. Bounds per cache: 2^16 keys (cleared when full) of at most 32
# characters (longer ones are worked out each time): ~26 MB together with a full _RUNS (each run
# also keeps its profile shapes; tracemalloc over 4,000 news articles). 2^15 keys cleared twice
# as often: on a stream of articles seen once that lost the gain.
_CACHE_MAX = 1 << 16
_CACHE_KEY_MAX = 32
_Entry = tuple[int, int, bytes, bool, bytes]

# A token's entry packed for numpy: its unigram CRC, the CRC state a bigram starting with it
# continues from, the CRC-32 of its bigram tail (" w") from 0 and that tail's length (255: at
# least 255), and whether it is a sentence end. text_cells joins the records of a text's runs
# in C and reads them as one array instead of making a Python int per token.
_RECORD = np.dtype([("uni", "<u4"), ("state", "<u4"), ("tail_crc", "<u4"), ("tail_len", "u1"), ("end", "u1")])
_pack_record = struct.Struct("<IIIBB").pack
assert _RECORD.itemsize == struct.calcsize("<IIIBB")
# Bigram tails up to this many bytes have their continuation tables (:func:`_continuations`);
# a text holding a longer one (a token of 40+ characters: rare) takes the per-token path.
_MAX_TAIL = 40


def _continuations() -> np.ndarray:
    """Tables by which a bigram's CRC is found without hashing its tail again.

    CRC-32 is linear: for bytes B of length L, ``crc32(B, s) == crc32(B, 0) ^ P_L(s)``, P_L a
    linear map of the 32-bit start ``s`` over GF(2) (the register shifted through L zero
    bytes). ``T[L, j, b]`` is P_L of byte value ``b`` at byte ``j`` of ``s``, so
    ``P_L(s) = T[L, 0, s & 255] ^ T[L, 1, s >> 8 & 255] ^ T[L, 2, s >> 16 & 255] ^ T[L, 3, s >> 24]``
    (:func:`.hashed_weights.crc_shifts`, which the ai_style cells read too)."""
    return crc_shifts()[:_MAX_TAIL + 1]


@lru_cache(maxsize=1)
def _flat_continuations() -> tuple[np.ndarray, ...]:
    """:func:`_continuations` as four contiguous tables, one per byte position ``j`` of the
    state: ``T_j[L * 256 + b] == T[L, j, b]``."""
    t = _continuations()
    return tuple(np.ascontiguousarray(t[:, j, :]).reshape(-1) for j in range(4))


def _token_entry(token: str) -> _Entry:
    """A token as the regex finds it in straightened text -> the :func:`.hashed_weights.crc_entry`
    of ``w``, the token normalised as :func:`sentence_tokens` does it, whether ``w`` is a
    '.', '!' or '?', and the same packed as one :data:`_RECORD` (for :func:`text_cells`)."""
    w = token.lower()
    if not w.isalpha() and _NUM_RE.search(w):
        w = "0"
    uni, state, tail = crc_entry(w)
    end = w in _SENT_END
    return uni, state, tail, end, _pack_record(uni, state, zlib.crc32(tail), min(len(tail), 255), end)


_TOKENS = BoundedCache(_token_entry, _CACHE_MAX, _CACHE_KEY_MAX)


def _run_entries(run: str) -> _RunEntries:
    """What a run of the text as written (between whitespace) contributes: the entries of its
    tokens once straightened, and the function-word profile's shapes of its tokens
    (:func:`.mt_profile.run_shapes`: the extractor's other reading of the same runs, kept
    alongside so that a run is looked up once for both), with their packed records and ids.

    Straightening maps one character to one, none of them whitespace (nor ASCII), so the
    straightened text's runs are the runs straightened. No token holds whitespace, nor does the
    pattern look around, so a line's tokens are its runs' tokens. A run of letters and digits
    is one token (all word characters, none an underscore), found without the regex.

    Real news meets ~50 new runs an article, half of them a word with marks stuck to it ("said,",
    "(AP)", "end.”"): those are put together from the runs of their parts (:func:`_marked_word`),
    which are mostly known already, and a run of letters takes the shortest way."""
    if run.isalpha():  # one token for both readings; no letter is straightened
        entry, shape = _TOKENS[run], mt_profile._SHAPES[run]
        return (entry,), (shape,), entry[4], shape_id_bytes(shape), run, run_flags(run)
    parts = _marked_word(run)
    if parts:
        got = list(map(_RUNS.__getitem__, parts))
        return (tuple(chain.from_iterable(map(_CELL_ENTRIES, got))), tuple(chain.from_iterable(map(_PROFILE_SHAPES, got))),
                b"".join(map(_RECORDS, got)), b"".join(map(_SHAPE_IDS, got)), run, run_flags(run))
    s = run if run.isascii() else _straighten(run)
    if s.isalnum():
        entries = (_TOKENS[s],)
    else:
        entries = tuple(map(_TOKENS.__getitem__, _TOK_RE.findall(s)))
    shapes = run_shapes(run)
    return entries, shapes, b"".join(map(itemgetter(4), entries)), shape_ids(shapes), run, run_flags(run)


# Marks that stick to words in running text. None is a letter, a digit, an underscore or
# whitespace, so each is a token of its own in the n-gram reading ([^\w\s]) and one or none in
# the profile's (its listed marks), wherever it stands.
_MARKS = ",.;:!?()[]\"'“”‘’«»—–-…"


def _marked_word(run: str) -> tuple[str, ...]:
    """(marks before, letters, marks after) of a run that is letters with marks (:data:`_MARKS`)
    on one side or both, without the empty ends; () for any other run.

    Its tokens in either reading are those of the three parts read apart: the letters are one
    token (a word pattern takes every letter, and stops at a mark: a mark after the letters could
    only join them, as "’" or "-", when more letters follow), and each mark stands alone. So the
    run's entries, shapes, records and ids are the parts' joined."""
    rest = run.lstrip(_MARKS)
    word = rest.rstrip(_MARKS)
    if word == run or not word.isalpha():
        return ()
    return tuple(x for x in (run[:len(run) - len(rest)], word, rest[len(word):]) if x)


_RUNS = BoundedCache(_run_entries, _CACHE_MAX, _CACHE_KEY_MAX)
# entries, profile shapes, records, profile shape ids, the run itself, its casing flags
# (.mt_artifacts.run_flags: the run and a small int, no more memory than two references)
_RunEntries = tuple[tuple[_Entry, ...], tuple[str, ...], bytes, bytes, str, int]
_CELL_ENTRIES, _PROFILE_SHAPES, _RECORDS, _SHAPE_IDS = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)
_RUN, _CASING_FLAGS = itemgetter(4), itemgetter(5)


def text_runs(text: str) -> list[list[_RunEntries]]:
    """For each line of ``text`` (split at "\n"), what each of its whitespace runs contributes
    (:data:`_RUNS`): :func:`text_cells` and :func:`profile_shapes` read the same runs."""
    return [list(map(_RUNS.__getitem__, line.split())) for line in text.split("\n")]


def run_casings(runs: list[list[_RunEntries]]) -> tuple[list[str], bytes]:
    """The runs of :func:`text_runs` in text order (``text.split()``) and their casing flags, a
    byte each: the ``runs`` and ``flags`` of :func:`.mt_artifacts.casing_hits`."""
    flat = list(chain.from_iterable(runs))
    return list(map(_RUN, flat)), bytes(map(_CASING_FLAGS, flat))


def profile_shapes(runs: list[list[_RunEntries]]) -> Iterator[tuple[str, ...]]:
    """The profile shapes of every run of :func:`text_runs`, in text order (for
    :func:`.mt_profile.shapes_of_runs`)."""
    return map(_PROFILE_SHAPES, chain.from_iterable(runs))


def profile_score(runs: list[list[_RunEntries]]) -> Optional[float]:
    """:func:`.mt_profile.fwngram_score` of the function-word stream of the runs of
    :func:`text_runs`, from their packed shape ids (:func:`.mt_profile.fwngram_score_of_ids`)."""
    flat = list(chain.from_iterable(runs))
    return fwngram_score_of_ids(b"".join(map(_SHAPE_IDS, flat)),
                                lambda: shapes_of_runs(map(_PROFILE_SHAPES, flat)))


def _entries_per_line(runs: list[list[_RunEntries]]) -> list[list[_Entry]]:
    """Each line's token entries, from what :func:`text_runs` found for its whitespace runs."""
    return [list(chain.from_iterable(map(_CELL_ENTRIES, line))) for line in runs]


def _line_entries(text: str) -> tuple[list[str], list[list[_Entry]]]:
    """The straightened text's lines and each line's token entries, from its whitespace runs."""
    return _straighten(text).split("\n"), _entries_per_line(text_runs(text))


def _sentence_opens(per_line: list[list[_Entry]], entries: list[_Entry]) -> bytearray:
    """opens[k] == 1 where token k (of ``entries``, the lines' entries in a row) opens a sentence;
    one byte more than there are tokens.

    A line's first token does, and the token after a '.', '!' or '?' that closes a sentence:
    one that does not open its own (a sentence ends there only with 2+ tokens). Terminators in
    order, so a run of them alternates as in sentence_tokens' loop ('. . .' -> '. .', '.'); one
    ending a line marks the next line's first token, which opens a sentence anyway."""
    opens = bytearray(len(entries) + 1)
    k = 0
    for ws in per_line:
        if ws:
            opens[k] = 1
            k += len(ws)
    for p in compress(range(len(entries)), map(itemgetter(3), entries)):
        if not opens[p]:
            opens[p + 1] = 1
    return opens


def text_cells(text: str, runs: Optional[list[list[_RunEntries]]] = None) -> DocCells:
    """``doc_cells(sentence_tokens(text))`` without a Python step per token: each line's tokens
    from its whitespace runs (:data:`_RUNS`; ``runs``: :func:`text_runs` of the text, when the
    caller has it), sentence starts from the few '.', '!' and '?', and the cells by numpy over
    the runs' packed records (:func:`_cells_of_records`). Per token that beats the regex scan
    and the loop of :func:`sentence_tokens` (~0.23 -> 0.14 -> 0.07 ms on 3 KB); on articles seen
    for the first time the cache misses eat much of it."""
    runs = text_runs(text) if runs is None else runs
    lines = [b"".join(map(_RECORDS, line)) for line in runs]  # each line's token records
    records = np.frombuffer(b"".join(lines), dtype=_RECORD)
    if len(records) and records["tail_len"].max() <= _MAX_TAIL:
        return _cells_of_records(records, lines)
    return _cells_of_entries(_entries_per_line(runs))  # no token, or one of 40+ characters


def _cells_of_records(records: np.ndarray, lines: list[bytes]) -> DocCells:
    """:func:`_cells_of_entries` of the same tokens given as records (``lines``: each line's
    records joined; ``records``: all of them), each bigram's CRC from its tail's CRC and the
    state it continues (:func:`_continuations`) instead of hashing the tail again."""
    n = len(records)
    opens = bytearray(n + 1)  # as _sentence_opens: a line's first token, then after each end
    k, size = 0, _RECORD.itemsize
    for line in lines:
        if line:
            opens[k] = 1
            k += len(line) // size
    for p in np.flatnonzero(records["end"]).tolist():
        if not opens[p]:
            opens[p + 1] = 1
    opened = np.frombuffer(opens, dtype=np.uint8, count=n)
    states = np.empty(n, dtype=np.uint32)  # what each token's bigram continues
    states[0] = START
    states[1:] = records["state"][:-1]
    states[np.frombuffer(opens, dtype=bool, count=n)] = START  # the same 0/1 bytes read as bools
    # The four byte tables of each tail length, looked up by one flat index each (``take`` of
    # L * 256 + byte in a contiguous table per byte position) instead of a two-array index into
    # the 3-d table: the same entries, fewer and cheaper numpy steps.
    t0, t1, t2, t3 = _flat_continuations()
    row = records["tail_len"].astype(np.intp) << 8
    b = states.astype("<u4", copy=False).view(np.uint8)  # each state's bytes, lowest first
    bi = (records["tail_crc"] ^ t0.take(row + b[0::4]) ^ t1.take(row + b[1::4])
          ^ t2.take(row + b[2::4]) ^ t3.take(row + b[3::4]))
    uni = records["uni"].astype(np.int64) & _MASK
    sid = np.cumsum(opened, dtype=np.int64) - 1
    return DocCells(uni, bi.astype(np.int64) & _MASK, sid)


def _cells_of_entries(per_line: list[list[_Entry]]) -> DocCells:
    """The cells of the tokens of each line given by their entries (the per-token path)."""
    entries = list(chain.from_iterable(per_line))
    n = len(entries)
    opens = _sentence_opens(per_line, entries)
    uni, bi = entry_cells(entries, compress(range(n), opens), _MASK)
    sid = np.cumsum(np.frombuffer(opens, dtype=np.uint8, count=n), dtype=np.int64) - 1
    return DocCells(uni, bi, sid)


def doc_vector(cells: DocCells, mask: Optional[np.ndarray] = None) -> tuple[np.ndarray, np.ndarray]:
    """Unique uni+bigram cells and their sublinear, L2-normalised weights (one document or sentence)."""
    if mask is None:
        return weighted_cells(np.concatenate([cells.uni, cells.bi]))
    return weighted_cells(np.concatenate([cells.uni[mask], cells.bi[mask]]))


@dataclass
class HashedLinear:
    weights: np.ndarray  # BUCKETS floats
    bias: float

    def score(self, cells: DocCells, mask: Optional[np.ndarray | slice] = None) -> float:
        u, v = doc_vector(cells, mask)
        return float(self.weights[u] @ v + self.bias)

    def quantised(self) -> "HashedLinear":
        """The model as shipped (int8 weights): training scores what the extractor will compute."""
        s, scale = encode(self.weights)
        return HashedLinear(decode(s, scale), self.bias)


@lru_cache(maxsize=2)
def load_model(path: Optional[str] = None) -> Optional[HashedLinear]:
    # DATA read at call time, not bound as a default: scorer.training.tables points it at a
    # trained output's table (and clears this cache).
    p = Path(path) if path is not None else Path(DATA)
    if not p.exists():
        return None
    d = json.loads(p.read_text(encoding="utf-8"))
    if d.get("buckets") != BUCKETS:
        return None
    return HashedLinear(decode(d["weights"], float(d["scale"])), float(d["bias"]))


MODEL = TableSlot(load_model)  # training puts in fold models (or None)


def current_model() -> Optional[HashedLinear]:
    return MODEL.current()


def sentence_logits(cells: DocCells, model: HashedLinear) -> list[tuple[int, float]]:
    """(sentence index, logit) for every sentence of ``MIN_SENT_TOKENS``+ tokens.

    Each logit is ``model.score`` of the sentence's own cells, computed with the very same
    floating-point operations (so the same bits), but with the per-sentence ``np.unique``,
    log, gather, sum of squares, square root and division done once for the whole document:
    cells keyed by (sentence, cell) sort into one group per sentence, in the order
    ``np.unique`` of the sentence alone gives. Only the dot product stays per sentence (BLAS:
    its rounding depends on the vector's length and alignment).
    """
    n = np.bincount(cells.sent)
    keys = np.concatenate([cells.sent * BUCKETS + cells.uni, cells.sent * BUCKETS + cells.bi])
    u, c = unique_counts(keys)
    v = 1.0 + np.log(c)  # as weighted_cells, element by element
    w = model.weights[u % BUCKETS]
    sid = u // BUCKETS
    bounds = np.searchsorted(sid, np.arange(len(n) + 1))
    # Group k (sentence k's unique cells) is u[bounds[k]:bounds[k + 1]]. Its sum of squares as
    # weighted_cells' ``(v * v).sum()`` gives it: that reduction starts from add's identity 0.0
    # and adds the pairwise sum of the whole slice (one inner-loop call: the slice is
    # contiguous, nothing is buffered), while reduceat copies a segment's first element and adds
    # the pairwise sum of the rest in one inner-loop call. So each group gets a 0.0 in front and
    # reduceat runs the very same additions (tests/test_speed_paths.py checks it on segments of
    # every length up to past numpy's buffer size).
    padded = np.zeros(len(u) + len(n))
    padded[np.arange(1, len(u) + 1) + sid] = v * v
    norms = np.sqrt(np.add.reduceat(padded, bounds[:-1] + np.arange(len(n))))
    # Every group holds at least one cell of weight >= 1, so no norm of a scored sentence is 0;
    # the division is element by element, as v[a:b] / norm per sentence.
    x = v / norms[sid]
    bounds = bounds.tolist()
    bias, dot = model.bias, np.vdot
    # np.vdot of two 1-d float arrays runs the very loop ``@`` does for them (the dtype's dot
    # function: BLAS ddot over the same pointers and strides), with less call overhead than
    # ``@`` or np.dot (~0.7 against ~1.1 µs a sentence; tests/test_speed_mt.py holds the three
    # equal to the bit); adding the bias to the Python float is the same double addition.
    return [(k, float(dot(w[bounds[k]:bounds[k + 1]], x[bounds[k]:bounds[k + 1]])) + bias)
            for k in np.flatnonzero(n >= MIN_SENT_TOKENS).tolist()]


def top_ngrams(sent: Sequence[str], model: HashedLinear, keep: int = 3) -> list[tuple[str, float]]:
    """The sentence's own words and word pairs with the largest positive (MT) weights, for the
    reason a reader sees; pure numbers and punctuation are left out (they explain nothing)."""
    def shown(w: str) -> bool:
        return w.isalpha() or "'" in w

    return shared_top_ngrams(sent, lambda key: float(model.weights[_h(key)]), shown,
                             lambda p, w: shown(p) and shown(w), keep)


def ngram_scores(cells: DocCells, model: Optional[HashedLinear] = None, use_current: bool = True,
                 per_sentence: Optional[list] = None) -> dict[str, Optional[float]]:
    """Document logit, and the upper quartile / positive share of sentence logits; None without a
    model. ``per_sentence``, when given, receives the (index, logit) pairs (for evidence)."""
    model = model if model is not None or not use_current else current_model()
    empty = {"ngram_logit": None, "ngram_sentence_q75": None, "ngram_mt_sentence_share": None}
    if model is None or len(cells.uni) == 0:
        return empty
    out = dict(empty)
    out["ngram_logit"] = model.score(cells)
    scored = sentence_logits(cells, model)
    if per_sentence is not None:
        per_sentence.extend(scored)
    per_sent = [x for _, x in scored]
    if per_sent:
        out["ngram_sentence_q75"] = upper_quartile(per_sent)
        out["ngram_mt_sentence_share"] = positive_share(per_sent)
    return out
