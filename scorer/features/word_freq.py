"""wordfreq's English "best" list, held as a few numpy arrays instead of Python objects.

Why. Three features read wordfreq's English list (321,180 words in 800 frequency buckets):
``mt_words.zipf``, ``ai_style``'s mean Zipf / rare-word share and ``mt_spinswap``'s spelling
index. They used to hold it three times over as Python objects: wordfreq's own
``get_frequency_dict`` and ``get_frequency_list`` (both cached forever with ``lru_cache``:
~21 MB of str objects plus a ~15 MB dict), ai_style's ``{word: log10(f * 1e9)}`` (~15 MB: one
more dict, a new float per word) and the spelling index ``word_key(w) -> w`` (~15 MB), ~66 MB
of a ~255 MB scorer (tracemalloc after scoring the seeds). Here they take ~7 MB: each word's
UTF-8 bytes once, in sorted fixed-width arrays, one per byte length (2.3 MB; one array padded
to the longest word, 34 bytes, would be 10.9 MB), its bucket as ``uint16`` (0.6 MB), a dict of
the ~29k common words (2.6 MB, see Speed) and the spelling index (1.5 MB). Peak RSS of
``spinscore batch seeds --jobs 1``: ~258 MB before, ~200 MB after. numpy buffers carry no
reference counts, so forked batch workers keep sharing their pages.

Exactness. wordfreq's ``get_frequency_dict`` gives every word of bucket ``i`` the frequency
``cB_to_freq(-i) = 10 ** (-i / 100)``; a consumer's float is a function of that frequency alone.
So each consumer's float is computed ONCE PER BUCKET with the consumer's own former expression
(the same operations on the same double, hence the same bits), and a word's value is that
bucket's entry. The two Zipf expressions in use are not interchangeable: ``log10(f) + 9.0`` and
``log10(f * 1e9)`` differ in the last bit in 42 of the 800 buckets, so both tables are kept.
A word is found by its UTF-8 bytes among the words of its byte length: UTF-8 is injective on
strings without lone surrogates, and no vocabulary word has one (msgpack decoded them as UTF-8)
or a NUL byte (checked at the build: numpy's fixed-width bytes treat NULs as padding, so a query
holding one is unknown without a search). ``tests/test_word_freq.py`` checks every word and
every key against the former dicts built from wordfreq.

Speed. One ``searchsorted`` over a document's ~1,000 words costs 5-10x the dict lookups it
was to replace (measured: ~80-380 us against ~10-30 us an article; encoding the words, building
the query array and comparing 34-byte strings), so the common words (Zipf >= :data:`HOT_MIN_ZIPF`,
29,269 words, ~85% of a news article's words) stay in a dict of their ``log10(f * 1e9)``
floats, shared objects, one per bucket; only the rest (rare words, names, numbers: ~2-10
distinct words an article) are searched, one by one (~1 us each). ai_style's lookups of an
article cost ~17 us instead of ~10 (generated news), ~30 instead of ~12 (real news).
``mt_words.zipf`` keeps its own bounded memo on top (``mt_words.ZIPF``); its misses try the dict first.

The list is read from the installed wordfreq package at run time (never copied into this
repository: data licence), once, lazily, and without importing ``wordfreq`` itself: that import
costs ~5.5 MB and ~0.1 s (it pulls in ``langcodes``, ``ftfy`` and ``regex``, which scoring does
not otherwise load) for a two-line reader, :func:`_read_pack`, whose output the tests compare
with ``wordfreq.read_cBpack``'s.
"""
from __future__ import annotations

import gzip
import importlib.util
import math
from bisect import bisect_right
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Callable, NamedTuple, Optional

import numpy as np

HOT_MIN_ZIPF = 3.0
"""Words of a bucket with ``log10(f) + 9.0 >= HOT_MIN_ZIPF`` are kept in a dict (speed only:
any threshold gives the same values). 3.0: 29,269 words, 2.6 MB; 3.5 would halve the dict and
double the searches an article needs (~+10 us on real news); 2.5 doubles it for ~2 us less."""

KEY_INDEX_MIN_ZIPF = 2.0
"""The lowest Zipf a :class:`KeyIndex` may ask for: the dict order of the words at or above it
is kept (384 KB), the order the former ``setdefault`` loop saw them in."""


def bucket_freq(index: int) -> float:
    """The frequency ``wordfreq.get_frequency_dict`` gives the words of bucket ``index``:
    ``cB_to_freq(-index)``, which is ``10 ** (cB / 100)``."""
    return 10 ** (-index / 100)


# One float per bucket for each consumer, with that consumer's former expression (see the
# module docstring): the value of a word is the entry of its bucket.
def _zipf_of_freq(f: float) -> float:
    # mt_words.zipf: ``f = _freq().get(word); return math.log10(f) + 9.0 if f else 0.0``
    return math.log10(f) + 9.0 if f else 0.0


def _zipf_1e9_of_freq(f: float) -> float:
    # ai_style: ``{w: math.log10(f * 1e9) for w, f in ... if f > 0}`` read with ``.get(w, 0.0)``
    return math.log10(f * 1e9) if f > 0 else 0.0


def _key_eligible(f: float, min_zipf: float) -> bool:
    # mt_spinswap._spelling_index: ``if f > 0 and math.log10(f) + 9.0 >= min_zipf``
    return f > 0 and math.log10(f) + 9.0 >= min_zipf


def _pack_path() -> Path:
    """The file ``wordfreq.get_frequency_list("en", "best")`` reads: ``large_en`` when wordfreq
    ships it, else ``small_en`` (``available_languages("best")``)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordfreq is not installed")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    for name in ("large_en.msgpack.gz", "small_en.msgpack.gz"):
        if (data / name).is_file():
            return data / name
    raise FileNotFoundError(f"no English word list in {data}")


def _read_pack(path: Path) -> list[list[str]]:
    """``wordfreq.read_cBpack(path)``: the buckets of words, bucket ``i`` at -i centibels."""
    import msgpack

    with gzip.open(path, "rb") as f:
        data = msgpack.load(f, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"Unexpected header: {header!r}")
    del data[0]
    return data


class Tables(NamedTuple):
    groups: tuple  # groups[L]: (words of L UTF-8 bytes, sorted, S{max(L, 1)}; their buckets, uint16) or None
    starts: list  # starts[L]: index of groups[L]'s first word in the concatenation of all groups
    miss: int  # the "bucket" of an unknown word: the number of buckets, the extra last entry below
    zipf: list  # per bucket, then 0.0 for ``miss``: ``log10(f) + 9.0``
    zipf_1e9: list  # per bucket, then 0.0 for ``miss``: ``log10(f * 1e9)``
    hot: dict  # common word -> its zipf_1e9 float (an entry of ``zipf_1e9``)
    zipf_of_1e9: dict  # zipf_1e9 float of a hot bucket -> that bucket's zipf float
    key_order: np.ndarray  # global indices of the words with Zipf >= KEY_INDEX_MIN_ZIPF, in dict order


def build(pack: list[list[str]]) -> Tables:
    """The tables of a cBpack's buckets (``pack[i]``: the words at -i centibels).

    ``get_frequency_dict`` sets ``freqs[word]`` bucket after bucket, so a word listed in two
    buckets (none is today) would keep the LAST bucket's frequency at the FIRST one's place in
    the dict's order: both are reproduced."""
    n_buckets = len(pack)
    if not 0 < n_buckets < 1 << 16:
        raise ValueError(f"{n_buckets} buckets")
    sizes = [len(b) for b in pack]
    n = sum(sizes)
    if not n:
        raise ValueError("no words")
    # All words as one UTF-8 buffer, NUL-separated: the arrays are cut from it without a Python
    # object per word (a bytes object each would be 13 MB more at the peak).
    buf = np.frombuffer("\0".join([w for b in pack for w in b]).encode(), np.uint8)
    sep = np.flatnonzero(buf == 0)
    if len(sep) != n - 1:
        raise ValueError("a word holds a NUL character")  # fixed-width bytes would lose it
    start = np.concatenate(([0], sep + 1))
    lens = np.concatenate((sep, [len(buf)])) - start
    del sep
    bucket = np.repeat(np.arange(n_buckets, dtype=np.uint16), sizes)

    freqs = [bucket_freq(i) for i in range(n_buckets)]
    zipf = [_zipf_of_freq(f) for f in freqs] + [0.0]
    zipf_1e9 = [_zipf_1e9_of_freq(f) for f in freqs] + [0.0]
    is_hot = np.array([f > 0 and z >= HOT_MIN_ZIPF for f, z in zip(freqs, zipf[:-1])])
    is_keyed = np.array([_key_eligible(f, KEY_INDEX_MIN_ZIPF) for f in freqs])

    groups: list = []
    starts: list[int] = []
    hot: dict[str, float] = {}
    keyed_first: list[np.ndarray] = []  # pack position of each keyed word's first listing
    keyed_global: list[np.ndarray] = []
    g0 = 0
    for L in range(int(lens.max()) + 1):
        starts.append(g0)
        pos = np.flatnonzero(lens == L)  # pack positions, ascending
        if not len(pos):
            groups.append(None)
            continue
        if L:
            words = buf[start[pos, None] + np.arange(L)].view(f"S{L}").ravel()
        else:
            words = np.zeros(len(pos), "S1")  # the empty word (wordfreq has none)
        order = np.argsort(words, kind="stable")  # a repeated word's listings stay in pack order
        words, pos = words[order], pos[order]
        same = words[1:] == words[:-1]
        if same.any():
            first = pos[np.concatenate(([True], ~same))]
            last = np.concatenate((~same, [True]))
            words, pos = words[last], pos[last]
        else:
            first = pos
        b = bucket[pos]
        groups.append((words, b))
        keep = is_hot[b]
        hot.update(zip(map(bytes.decode, words[keep].tolist()), map(zipf_1e9.__getitem__, b[keep].tolist())))
        keep = is_keyed[b]
        keyed_first.append(first[keep])
        keyed_global.append(g0 + np.flatnonzero(keep))
        g0 += len(words)
    first = np.concatenate(keyed_first)
    key_order = np.concatenate(keyed_global)[np.argsort(first, kind="stable")].astype(np.int32)
    hot_buckets = np.flatnonzero(is_hot).tolist()
    zipf_of_1e9 = {zipf_1e9[i]: zipf[i] for i in hot_buckets}
    if len(zipf_of_1e9) != len(hot_buckets):  # cannot happen: the floats are ~0.01 apart
        raise AssertionError("two buckets share a log10(f * 1e9) value")
    return Tables(tuple(groups), starts, n_buckets, zipf, zipf_1e9, hot, zipf_of_1e9, key_order)


@lru_cache(maxsize=1)
def tables() -> Tables:
    """Built on first use (~0.1 s); the word lists are freed, only the arrays stay."""
    pack = _read_pack(_pack_path())
    t = build(pack)
    del pack
    return t


def _bucket(t: Tables, word: str) -> int:
    """``word``'s bucket, ``t.miss`` when the list does not hold it."""
    try:
        e = word.encode()
    except UnicodeEncodeError:  # a lone surrogate: not a vocabulary word
        return t.miss
    # Longer than any word (numpy would cut it to the array's width), or holding a NUL (numpy
    # drops trailing ones: "the\0" would find "the"; the bytes comparison below would still
    # refuse it, this keeps the exactness independent of that detail).
    if len(e) >= len(t.groups) or b"\0" in e:
        return t.miss
    g = t.groups[len(e)]
    if g is None:
        return t.miss
    words, buckets = g
    i = int(words.searchsorted(e))
    if i < len(words) and words[i] == e:
        return int(buckets[i])
    return t.miss


def zipf(word: str) -> float:
    """``math.log10(f) + 9.0`` for ``word``'s wordfreq frequency ``f``, 0.0 when unknown."""
    t = tables()
    z = t.hot.get(word)
    if z is not None:
        return t.zipf_of_1e9[z]
    return t.zipf[_bucket(t, word)]


_UNSEEN = float("nan")
"""Marks the words :func:`zipf_1e9_list` has still to search. ``in`` and ``list.index`` match
it by identity only (NaN equals nothing, not even itself), and compare float to float quickly:
``None`` as the marker made each element's comparison a slow mixed-type one (~3 us more an
article)."""


def zipf_1e9_list(words: list[str]) -> list[float]:
    """``math.log10(f * 1e9)`` for each word's wordfreq frequency ``f``, 0.0 when unknown:
    ``list(map(table.get, words, repeat(0.0)))`` over the former full table."""
    t = tables()
    zs = list(map(t.hot.get, words, repeat(_UNSEEN)))
    if _UNSEEN in zs:
        z1e9, memo = t.zipf_1e9, {}
        find = zs.index
        i = find(_UNSEEN)
        while True:
            w = words[i]
            z = memo.get(w)
            if z is None:
                z = memo[w] = z1e9[_bucket(t, w)]
            zs[i] = z
            try:
                i = find(_UNSEEN, i + 1)
            except ValueError:
                return zs
    return zs


def _word_at(t: Tables, g: int) -> str:
    """The word at index ``g`` of the concatenated groups."""
    # The last group starting at or before g: an empty group shares its start with the next
    # one, and the last group is never empty, so this one holds g.
    L = bisect_right(t.starts, g) - 1
    return t.groups[L][0][g - t.starts[L]].decode()


class KeyIndex:
    """``key_fn(word) -> word`` over the words with Zipf (``log10(f) + 9.0``) >= ``min_zipf``;
    when two words share a key, the first in ``get_frequency_dict`` order (buckets ascending,
    each in list order) wins, as with ``out.setdefault(key_fn(w), w)``. Keys must fit in 64 bits.

    Stored as sorted ``uint64`` keys and ``int32`` indices into the word arrays (~1 MB for 96k
    words) instead of a dict of ints and strings (~15 MB)."""

    def __init__(self, key_fn: Callable[[str], int], min_zipf: float = KEY_INDEX_MIN_ZIPF):
        if min_zipf < KEY_INDEX_MIN_ZIPF:
            raise ValueError(f"min_zipf below {KEY_INDEX_MIN_ZIPF} (the dict order is kept from there)")
        t = self._t = tables()
        sel = t.key_order
        if min_zipf != KEY_INDEX_MIN_ZIPF:
            ok = np.array([_key_eligible(bucket_freq(i), min_zipf) for i in range(t.miss)])
            sel = sel[ok[np.concatenate([g[1] for g in t.groups if g is not None])[sel]]]
        words: list = [None] * len(sel)
        for L, g in enumerate(t.groups):  # decode group by group, C-speed, then in dict order
            if g is None:
                continue
            at = np.flatnonzero((sel >= t.starts[L]) & (sel < t.starts[L] + len(g[0])))
            for k, w in zip(at.tolist(), g[0][sel[at] - t.starts[L]].tolist()):
                words[k] = w
        keys = np.array([key_fn(w.decode()) for w in words], dtype=np.uint64)
        del words
        self._keys, first = np.unique(keys, return_index=True)  # index of each key's FIRST word
        self._index = sel[first].astype(np.int32)

    def __len__(self) -> int:
        return len(self._keys)

    def get(self, key: int) -> Optional[str]:
        if not 0 <= key < 1 << 64:
            return None
        i = int(self._keys.searchsorted(np.uint64(key)))
        if i < len(self._keys) and int(self._keys[i]) == key:
            return _word_at(self._t, int(self._index[i]))
        return None
