"""Language identification: langdetect, seeded so the same text always gets the same answer.

langdetect's own code spends most of its time in Python loops that rebuild strings one
character at a time (``Detector.append``, ``NGram.add_char``): about 3 ms of the ~20 ms an
article costs. :func:`detect_language` runs the same algorithm on langdetect's own profiles and
random generator, in the same order, so its answer *and* probability are bit-for-bit those of
``langdetect.detect_langs`` over a factory whose profiles were loaded in sorted order (see
"the profiles" below; ``tests/test_speed_paths.py`` compares both on texts in many scripts,
``benchmarks/check_identical.py`` on the corpus). What changed is how the work is done:

* the profiles are read from langdetect's files into numpy arrays (~3 MB instead of the
  ~58 MB of langdetect's dict of lists and its n-gram strings), each probability computed as
  langdetect computes it (``tests/test_language_profiles.py`` compares every value);
* the character clean-up is a regex instead of a per-character loop;
* every character is normalised once per distinct character (a translation table), and the
  n-grams of a word are computed once per distinct word (an n-gram only ever spans one word
  plus its surrounding spaces, so a word's n-grams do not depend on its neighbours), those of
  a text's new words all at once, as integer codes built from their code points;
* the probability updates between two convergence checks (1, then 5 at a time) are one
  numpy product down the rows ``prob, weight + q1, weight + q2, ...``: a multiply-reduce
  along axis 0 multiplies row after row, element by element, in the same order and with the
  same IEEE operations as langdetect's loop; the normalisation sums in Python, left to right,
  as langdetect does (numpy's pairwise sum could differ in the last bit);
* the random draws (an alpha per trial, then n-grams) are computed ahead from blocks of the
  generator's outputs, as CPython's ``random`` computes them one at a time (checked once at
  run time: :func:`_bulk_draws_ok`), and a trial's rows are gathered by one numpy call per
  dozen batches (``tests/test_lang_speed.py`` compares the probabilities with langdetect's
  to the bit).

The reference implementation stays available as :func:`detect_language_reference`.
"""
from __future__ import annotations

import json
import os
import random
import re
from itertools import accumulate, chain, compress
from operator import sub
from typing import NamedTuple

import numpy as np
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.language import Language
from langdetect.utils.lang_profile import LangProfile
from langdetect.utils.ngram import NGram

from .text import lines

# langdetect samples n-grams at random; without a fixed seed two runs can disagree.
DetectorFactory.seed = 0

_MAX_CHARS = 1500  # plenty for a stable guess on news prose; langdetect cost grows with length
# Under this confidence the first _MAX_CHARS did not settle the language (news that opens with
# a quote in another language: one of langdetect's seven trials or more read it otherwise), so a
# longer text is asked again over langdetect's own sample, its max_text_length (10,000).
_UNSURE = 0.9
_LONG_CHARS = 10_000
_SPACES_RE = re.compile(" {2,}")
_FROM_U0300_RE = re.compile("[\u0300-\U0010ffff]")
_LATIN_RE = re.compile("[A-z]")  # langdetect's "A" <= ch <= "z": letters and the six signs between
# Characters normalised so far (ord -> normalised char), and words' n-grams so far. Both are
# pure functions of their key; the word cache is bounded so a long batch cannot grow it forever.
_NORM: dict[int, str] = {}
_WORD_NGRAMS: dict[str | tuple[str, bool], tuple[int, ...]] = {}
_WORD_CACHE_MAX = 8_000  # ~6 MB at most (a word, its key and its tuple of n-gram ids: ~0.8 KB)


# --- the profiles ----------------------------------------------------------------------------------
# langdetect keeps them as a dict n-gram -> Python list of 55 floats (87,598 lists, ~52 MB, most
# of the entries zeros; plus ~6 MB of n-gram strings). A text needs the rows of the few thousand
# n-grams it meets, so here they are numpy arrays, ~3 MB in all: the n-grams as sorted integer
# codes (an n-gram's row id is its position; looked up by binary search, a text's new words at
# once) and the non-zero (language, probability) pairs of every row in CSR form (184,129
# pairs). _rows_of rebuilds the dense rows a text needs from them. (A dict n-gram -> row id
# would be ~12 MB: 87,598 str keys, int values and the table.)
#
# Languages are in sorted file-name order. langdetect's load_profile takes os.listdir's order,
# which depends on the file system (here: pl, gu, zh-tw, ...); the order is the order of the
# probabilities _normalize_prob sums left to right (the last bits of the sum) and of equal
# probabilities in the final sort, so a fixed order is what gives the same answer on every
# machine. detect_language_reference uses a langdetect factory loaded in the same order.


class Profiles(NamedTuple):
    langlist: list[str]  # profile names ("en", "zh-cn"), in sorted file-name order
    codes: np.ndarray  # _codes of the n-grams langdetect knows, sorted (uint64); row id = position
    indptr: np.ndarray  # row r's pairs are [indptr[r], indptr[r + 1])
    langs: np.ndarray  # language index of each pair (uint8)
    probs: np.ndarray  # probability of each pair (float64), as langdetect's add_profile computes it


_PROFILES: list = [None]


def _profile_paths() -> list[str]:
    """The files ``DetectorFactory.load_profile`` reads (not dot-files, files only), sorted."""
    names = sorted(n for n in os.listdir(PROFILES_DIRECTORY) if not n.startswith("."))
    return [p for p in (os.path.join(PROFILES_DIRECTORY, n) for n in names) if os.path.isfile(p)]


def _read_profile(path: str) -> LangProfile:
    with open(path, encoding="utf-8") as f:
        return LangProfile(**json.load(f))


def _profiles() -> Profiles:
    """langdetect's profiles, compact (loaded once, ~70 ms; langdetect's init_factory: ~230 ms)."""
    if _PROFILES[0] is None:
        _PROFILES[0] = _load_profiles(_profile_paths())
    return _PROFILES[0]


def _codes(grams: list[str]) -> np.ndarray:
    """Each n-gram of 1-3 characters as one uint64: its code points, 21 bits each, the first
    lowest. One-to-one on strings without NUL (a shorter n-gram leaves the high fields 0), and
    normalised text has none (NGram.normalize maps every ASCII control character to a space)."""
    cp = np.array(grams, dtype="<U3").view(np.uint32).reshape(-1, 3).astype(np.uint64)
    return cp[:, 0] | (cp[:, 1] << np.uint64(21)) | (cp[:, 2] << np.uint64(42))


def _find(grams: list[str], codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each n-gram's row id (meaningless when unknown) and whether langdetect knows it."""
    return _find_codes(_codes(grams), codes)


def _find_codes(c: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each n-gram code's row id (meaningless when unknown) and whether langdetect knows it."""
    pos = np.minimum(np.searchsorted(codes, c), len(codes) - 1)
    return pos, codes[pos] == c


def _lookup(grams: list[str], codes: np.ndarray) -> list[int]:
    """The row id of each n-gram, -1 for those langdetect does not know."""
    pos, known = _find(grams, codes)
    return np.where(known, pos, -1).tolist()


def _load_profiles(paths: list[str]) -> Profiles:
    """What ``DetectorFactory.add_profile`` builds from these files, one language after another,
    as sparse rows: for each n-gram of 1 <= len <= 3 characters of each profile, its probability
    ``1.0 * freq / n_words[len - 1]`` (the int count and the int total are both exact as float64,
    < 2**53, so numpy's division of the two is Python's, bit for bit). langdetect also gives any
    other key of a profile a row, of zeros; the files hold none, and they could never be met:
    the n-grams of a text have 1 to 3 characters."""
    langlist: list[str] = []
    grams, langs, probs = [], [], []
    for li, path in enumerate(paths):
        profile = _read_profile(path)
        if profile.name in langlist:  # add_profile refuses it too
            raise LangDetectException(ErrorCode.DuplicateLangError, f"Duplicate language profile: {profile.name}")
        langlist.append(profile.name)
        if "\0" in "".join(profile.freq):  # _codes would not tell "a\0" from "a"
            raise LangDetectException(ErrorCode.FormatError, f"NUL in an n-gram of {profile.name}")
        words = [w for w in profile.freq if 1 <= len(w) <= 3]
        counts = np.array([profile.freq[w] for w in words], dtype=np.float64)
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        grams.append(_codes(words))
        langs.append(np.full(len(words), li, dtype=np.uint8))
        probs.append(counts / np.array(profile.n_words, dtype=np.float64)[lengths - 1])
    code = np.concatenate(grams)
    # By n-gram; stable, so that a row's pairs stay in language order.
    order = np.argsort(code, kind="stable")
    code = code[order]
    first = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))  # each row's first pair
    indptr = np.append(first, len(code))
    return Profiles(langlist, code[first], indptr, np.concatenate(langs)[order], np.concatenate(probs)[order])


def _dense_rows(profiles: Profiles, ids, out: np.ndarray) -> None:
    """Write the rows ``ids`` into ``out`` (one row each): zeros, then each row's pairs."""
    out.fill(0.0)
    ids = np.asarray(ids, dtype=np.int64)
    starts = profiles.indptr[ids]
    counts = profiles.indptr[ids + 1] - starts
    # The positions of every pair of every row: each row's start, plus 0, 1, ... within it.
    first = np.cumsum(counts) - counts  # where each row's pairs begin in the flat list
    flat = np.arange(int(counts.sum())) - np.repeat(first - starts, counts)
    out[np.repeat(np.arange(len(ids)), counts), profiles.langs[flat]] = profiles.probs[flat]


def _factory_without_ngrams() -> DetectorFactory:
    """A langdetect factory with the language list but no n-grams: what a ``Detector`` of it
    reads (langlist, seed) for its parameters and generator, without langdetect's 52 MB map
    (``init_factory``, which ``detect_langs`` calls, loads that map)."""
    factory = DetectorFactory()
    factory.langlist = list(_profiles().langlist)
    return factory


_REFERENCE: list = [None]


def _reference_factory() -> DetectorFactory:
    """langdetect's own factory, its profiles added by its own ``add_profile`` in sorted order
    (``load_profile`` with the listing sorted): the reference's. Loaded on first use (tests)."""
    if _REFERENCE[0] is None:
        factory = DetectorFactory()
        paths = _profile_paths()
        for index, path in enumerate(paths):
            factory.add_profile(_read_profile(path), index, len(paths))
        _REFERENCE[0] = factory
    return _REFERENCE[0]


def _append(text: str, max_len: int) -> str:
    """``Detector.append``: drop URLs and e-mails, Vietnamese normalisation, truncate, and
    collapse runs of spaces (the loop kept a space only when the previous one was not)."""
    # Each step only when the text holds what every match needs: "://" for a URL, "@" for an
    # e-mail, a combining mark for Vietnamese, two spaces for a run (the e-mail pattern alone
    # tried up to 64 characters from every letter of a text without "@").
    if "://" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    if any(mark in text for mark in NGram.DMARK_CLASS):
        text = NGram.normalize_vi(text)
    text = text[:max_len]
    return _SPACES_RE.sub(" ", text) if "  " in text else text


def _cleaning(text: str) -> str:
    """``Detector.cleaning_text``: drop Latin letters from text written mostly in another script.

    Counted by regex, not per character. langdetect skips "Latin Extended Additional"
    characters in the non-Latin count by comparing ``unicode_block(ch)`` (an int) with the
    block's name (a str): never equal, so every character from U+0300 on counts, here too."""
    if text.isascii():
        return text
    non_latin_count = len(_FROM_U0300_RE.findall(text))
    if non_latin_count and not _latin_reaches(text, non_latin_count):
        return _LATIN_RE.sub("", text)
    return text


# Latin letters by English frequency: a few C-level counts usually settle _latin_reaches.
_FREQUENT_LATIN = "etaoinsrhl"


def _latin_reaches(text: str, non_latin_count: int) -> bool:
    """``len(_LATIN_RE.findall(text)) * 2 >= non_latin_count``. English with a few curly quotes
    or dashes (most news) passes on the counts of its commonest letters, a lower bound of the
    Latin count, without listing every Latin character (~0.06 ms per article)."""
    n = 0
    for ch in _FREQUENT_LATIN:
        n += text.count(ch)
        if n * 2 >= non_latin_count:
            return True
    return len(_LATIN_RE.findall(text)) * 2 >= non_latin_count


class _Flags(dict):
    """ord -> "\x01" if the character is a capital else "\x00", made on first sight: a
    translation table that turns a text into its capital mask in C (np.isin over the text's
    code points took ~70 µs). Bounded by the characters that exist, as ``_NORM`` is."""

    def __missing__(self, o: int) -> str:
        flag = self[o] = "\x01" if chr(o).isupper() else "\x00"
        return flag


_UPPER_FLAGS = _Flags()


def _words_ngrams(words: list[str], trailing_last: bool, profiles: Profiles) -> list[tuple[int, ...]]:
    """The row ids of the n-grams langdetect's ``NGram`` offers for each word (already
    normalised, no space in it) that langdetect knows, in order. Every word is followed by a
    space but the last, unless ``trailing_last``.

    ``NGram`` resets its buffer to " " after every space, so the characters fed for a word are
    " " + word (+ " "); at each one after the first it offers the last 1, 2 and 3 characters of
    a buffer of at most 3 (not the lone " "), unless it and the one before are capitals (a
    capital word). All the words' n-grams are built at once as integer codes (:func:`_codes`)
    from their code points, not one string at a time (~10 µs a word in Python)."""
    text = " " + "  ".join(words) + (" " if trailing_last else "")
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2  # " " + word + " "
    if not trailing_last:
        sizes[-1] -= 1
    starts = np.cumsum(sizes) - sizes  # where each word's leading space is
    at = np.arange(len(cp))
    local = at - np.repeat(starts, sizes)  # position within " word "
    upper = np.frombuffer(text.translate(_UPPER_FLAGS).encode("latin-1"), dtype=bool)
    p = at[local >= 1]  # the positions that offer n-grams
    shift = np.uint64(21)
    codes = np.empty((len(p), 3), dtype=np.uint64)
    codes[:, 0] = cp[p]
    codes[:, 1] = cp[p - 1] | (cp[p] << shift)
    codes[:, 2] = cp[p - 2] | (cp[p - 1] << shift) | (cp[p] << (shift + shift))
    offered = np.empty((len(p), 3), dtype=bool)
    offered[:, 0] = cp[p] != 32  # " " alone is never offered
    offered[:, 1] = True
    offered[:, 2] = local[p] >= 2  # a trigram needs 3 characters of " word "
    offered &= ~(upper[p] & upper[p - 1])[:, None]
    word_of = np.repeat(np.repeat(np.arange(len(words)), sizes - 1), 3)[offered.ravel()]
    pos, known = _find_codes(codes[offered], profiles.codes)
    ids = pos[known].tolist()
    ends = np.cumsum(np.bincount(word_of[known], minlength=len(words))).tolist()
    return [tuple(ids[start:end]) for start, end in zip([0] + ends[:-1], ends)]


def _extract_ngrams(text: str, profiles: Profiles) -> list[int]:
    """The row ids of the n-grams langdetect's ``_extract_ngrams`` lists for ``text``, in order."""
    table = _NORM
    for ch in set(text):
        o = ord(ch)
        if o not in table:
            table[o] = NGram.normalize(ch)
    words = text.translate(table).split(" ")
    last = words.pop()  # the only word without a space after it ("" when the text ends with one)
    words = [w for w in words if w]
    cache = _WORD_NGRAMS
    if len(cache) > _WORD_CACHE_MAX:
        cache.clear()
    new = [w for w in dict.fromkeys(words) if w not in cache]
    # The last word is cached under (word, False): a word followed by a space under itself.
    last_key = (last, False)
    last_new = bool(last) and last_key not in cache
    if new or last_new:  # the n-grams of all the words not seen before, looked up at once
        grams = _words_ngrams(new + [last] if last_new else new, not last_new, profiles)
        if last_new:
            cache[last_key] = grams.pop()
        cache.update(zip(new, grams))
    result = list(chain.from_iterable(map(cache.__getitem__, words)))
    if last:
        result.extend(cache[last_key])
    return result


# n-gram (row id) -> row of the probability matrix (-1: none yet), filled as n-grams are first
# drawn. Bounded: English news uses a few thousand of langdetect's 87,598 n-grams; past _MAX_ROWS
# (8.8 MB) it restarts. A numpy array, so that a text's draws find their rows in one indexing.
_MAX_ROWS = 20_000
_store: dict = {"mat": np.empty((0, 0)), "used": 0, "rowmap": np.empty(0, dtype=np.int64)}


def _matrix_rows(ids: np.ndarray, profiles: Profiles) -> np.ndarray:
    """The row of ``_store["mat"]`` of each n-gram of ``ids`` (row ids), built for those met for
    the first time. After a restart the rows returned before no longer hold: callers ask again
    for everything they need (see :class:`_Draws`)."""
    n_lang = len(profiles.langlist)
    rowmap = _store["rowmap"]
    if len(rowmap) != len(profiles.codes):
        rowmap = _store["rowmap"] = np.full(len(profiles.codes), -1, dtype=np.int64)
        _store["used"] = 0
    rows = rowmap[ids]
    if rows.min(initial=0) >= 0:
        return rows
    new = np.unique(ids[rows < 0])  # rows are found by n-gram: the order they are added in does not matter
    mat, used = _store["mat"], _store["used"]
    if mat.shape[1] != n_lang or used + len(new) > _MAX_ROWS:
        rowmap.fill(-1)
        new = np.unique(ids)
        mat, used = np.empty((max(1024, len(new)), n_lang)), 0
    if used + len(new) > mat.shape[0]:  # grow by doubling: amortised, not a copy per text
        # ... but not past the budget (16,384 rows would double to 32,768: 14 MB, not 8.8).
        grown = np.empty((max(min(2 * mat.shape[0], _MAX_ROWS), used + len(new)), n_lang))
        grown[:used] = mat[:used]
        mat = grown
    _dense_rows(profiles, new, mat[used:used + len(new)])
    rowmap[new] = np.arange(used, used + len(new))
    _store["mat"], _store["used"] = mat, used + len(new)
    return rowmap[ids]


_DETECTOR: list = [None]


def _detector() -> Detector:
    """A langdetect Detector, for its parameters (n_trial, alpha, max_text_length are set by its
    ``__init__``, the others are class attributes) and its generator (re-seeded before each
    use). Kept: building one seeds a fresh ``random.Random`` from the OS (~10 µs a text)."""
    if _DETECTOR[0] is None:
        _DETECTOR[0] = Detector(_factory_without_ngrams())
    return _DETECTOR[0]


def _probabilities(text: str) -> list[Language]:
    """``detect_langs(text)`` with langdetect's profiles (compact, sorted order) and seed."""
    profiles = _profiles()
    det = _detector()
    text = _cleaning(_append(text, det.max_text_length))
    ngrams = _extract_ngrams(text, profiles)
    if not ngrams:
        raise LangDetectException(0, "No features in text.")
    rnd = det.random
    rnd.seed(DetectorFactory.seed)  # as a new Detector would be seeded (its factory's seed)
    if _bulk_draws_ok():
        langprob = _trials_bulk(det, ngrams, profiles, _Draws(rnd, len(ngrams)))
    else:
        langprob = _trials_stepwise(det, ngrams, profiles, rnd)
    result = [Language(lang, p) for lang, p in zip(profiles.langlist, langprob.tolist()) if p > det.PROB_THRESHOLD]
    result.sort(reverse=True)
    return result


# --- langdetect's trials ---------------------------------------------------------------------------
# Each of the n_trial trials draws an alpha (gauss), then n-grams at random (random.choice), and
# multiplies the probabilities by each drawn n-gram's row plus a weight; after the first draw
# and after every 5 more it normalises (Python's left-to-right sum) and stops once a language
# passes CONV_THRESHOLD. A multiply-reduce along axis 0 of the rows ``prob, weight + r1, ...,
# weight + rk`` multiplies row after row, element by element, in langdetect's order, so one
# numpy call does the k updates with the same IEEE operations.


def _trials_stepwise(det: Detector, ngrams: list[int], profiles: Profiles, rnd) -> np.ndarray:
    """The trials drawing from the generator one n-gram at a time, as langdetect does (used
    where :func:`_bulk_draws_ok` finds the generator other than CPython's)."""
    rows = _matrix_rows(np.array(ngrams, dtype=np.int64), profiles).tolist()
    mat = _store["mat"]
    n_lang = mat.shape[1]
    langprob = np.zeros(n_lang)
    buf = np.empty((6, n_lang))  # row 0: prob; rows 1..5: weight + the drawn n-grams' rows
    # random.choice(ngrams) is ngrams[_randbelow(len(ngrams))]: the same draws, without the call.
    randbelow, n_grams = rnd._randbelow, len(rows)
    prob = buf[0]
    for _ in range(det.n_trial):
        prob.fill(1.0 / n_lang)
        alpha = det.alpha + rnd.gauss(0.0, 1.0) * det.ALPHA_WIDTH
        weight = alpha / det.BASE_FREQ
        i = 0  # updates so far; langdetect checks convergence after update 0, 5, 10, ...
        while True:
            k = 1 if i == 0 else 5
            picked = [rows[randbelow(n_grams)] for _ in range(k)]
            block = buf[1:k + 1]
            mat.take(picked, axis=0, out=block)
            block += weight
            product = np.multiply.reduce(buf[:k + 1], axis=0)
            i += k
            # _normalize_prob: Python's left-to-right sum, then the division and the maximum
            # (dividing by a positive number keeps the order: the largest quotient is the
            # largest element's, so it is taken before dividing, in Python).
            values = product.tolist()
            sump = sum(values)
            np.divide(product, sump, out=prob)
            if max(values) / sump > det.CONV_THRESHOLD or i - 1 >= det.ITERATION_LIMIT:
                break
        langprob += prob / det.n_trial
    return langprob


class _Draws:
    """The random numbers of langdetect's trials, computed ahead from blocks of the generator's
    outputs (drawing them one call at a time cost ~2 µs a draw, ~450 draws a text).

    CPython's Mersenne Twister serves ``random()`` and ``choice`` from its 32-bit outputs, one
    after another: ``random()`` takes two, a and b, and returns ((a >> 5) * 2**26 + (b >> 6)) /
    2**53; ``choice`` over n items takes one, shifted right by 32 - n.bit_length(), and again
    while that is not under n. ``getrandbits(32 * m)`` returns the next m outputs, the first in
    its lowest bits. :func:`_bulk_draws_ok` checks all of this against ``random.Random`` once.
    Reading past what the trials use is harmless: the generator is seeded again for each text."""

    _BLOCK = 512  # outputs read at first (the seven trials of a typical text take ~350)

    def __init__(self, rnd, n: int):
        self._rnd, self._n = rnd, n
        self._shift = np.uint32(32 - n.bit_length())
        self.gauss_next = None  # Random.gauss keeps its second normal deviate here
        self._out = np.empty(0, dtype=np.uint32)
        self._accepted = np.empty(0, dtype=np.int64)  # positions of the outputs choice accepts
        self.choices = np.empty(0, dtype=np.uint32)  # the index each of those gives
        self._pos = 0  # the next output not read yet
        self._read(self._BLOCK)

    def _read(self, m: int) -> None:
        new = np.frombuffer(self._rnd.getrandbits(32 * m).to_bytes(4 * m, "little"), dtype="<u4")
        shifted = new >> self._shift
        accepted = np.flatnonzero(shifted < self._n)
        self._accepted = np.concatenate((self._accepted, len(self._out) + accepted))
        self.choices = np.concatenate((self.choices, shifted[accepted]))
        self._out = np.concatenate((self._out, new))

    def random(self) -> float:
        """``Random.random()`` (what ``Random.gauss`` calls)."""
        if self._pos + 2 > len(self._out):
            self._read(max(self._BLOCK, len(self._out)))
        a, b = self._out[self._pos:self._pos + 2].tolist()
        self._pos += 2
        return ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0)

    def gauss(self) -> float:
        """``Random.gauss(0.0, 1.0)``: the library's own code, reading :meth:`random`."""
        return random.Random.gauss(self, 0.0, 1.0)

    def next_choice(self, m: int) -> int:
        """Where the next choice is in :attr:`choices`, after reading ahead so that ``m`` more
        are there."""
        j = int(np.searchsorted(self._accepted, self._pos))
        while len(self._accepted) - j < m:
            self._read(max(self._BLOCK, len(self._out)))
        return j

    def advance(self, m: int) -> None:
        """Consume the next ``m`` choices (``m`` >= 1)."""
        self._pos = int(self._accepted[self.next_choice(m) + m - 1]) + 1


class _DrawnRows:
    """The matrix rows of the n-grams :class:`_Draws` picks from a text's n-grams: looked up
    once per block of draws, again in full when the matrix restarted (the old rows no longer
    hold: :func:`_matrix_rows`)."""

    def __init__(self, draws: _Draws, ngrams: list[int], profiles: Profiles):
        self._draws, self._ngrams, self._profiles = draws, ngrams, profiles
        self._rows = np.empty(0, dtype=np.int64)
        self.mat = _store["mat"]

    def next(self, m: int) -> np.ndarray:
        """The rows of the next ``m`` draws (not consumed), in :attr:`mat`."""
        j = self._draws.next_choice(m)
        choices = self._draws.choices
        if len(self._rows) < len(choices):
            ids = np.fromiter(map(self._ngrams.__getitem__, choices.tolist()), dtype=np.int64, count=len(choices))
            self._rows = _matrix_rows(ids, self._profiles)
            self.mat = _store["mat"]
        return self._rows[j:j + m]


class _Layout(NamedTuple):
    """Where a run of batches of draws goes in a trial's work matrix (see :func:`_layout`)."""

    places: np.ndarray  # the row of each draw
    n_rows: int
    batches: tuple[tuple[int, int, int], ...]  # (first row, end row, draws) of each batch


def _layout(first: bool, batches: int) -> _Layout:
    """Each batch is a probability slot followed by its draws' rows (1 draw in a trial's first
    batch, 5 in the others), and a last slot receives the final normalised probabilities: so
    one multiply-reduce over ``work[start:end]`` is one batch, its result written at ``end``."""
    places, schedule, row = [], [], 0
    for b in range(batches):
        k = 1 if first and b == 0 else 5
        places.extend(range(row + 1, row + 1 + k))
        schedule.append((row, row + k + 1, k))
        row += k + 1
    return _Layout(np.array(places, dtype=np.int64), row + 1, tuple(schedule))


_BATCHES = 12  # batches laid out at a time (a trial of a typical text takes ~9)
_LAYOUTS = {first: _layout(first, _BATCHES) for first in (True, False)}


def _trials_bulk(det: Detector, ngrams: list[int], profiles: Profiles, draws: _Draws) -> np.ndarray:
    """The trials of :func:`_trials_stepwise`, their draws read ahead (:class:`_Draws`) and each
    trial's rows gathered by a few numpy calls: what is left per batch is the reduce, the sum,
    the maximum and the division."""
    rows = _DrawnRows(draws, ngrams, profiles)
    n_lang = len(profiles.langlist)
    langprob = np.zeros(n_lang)
    for _ in range(det.n_trial):
        alpha = det.alpha + draws.gauss() * det.ALPHA_WIDTH
        langprob += _trial(det, rows, draws, alpha / det.BASE_FREQ, n_lang) / det.n_trial
    return langprob


def _trial(det: Detector, rows: _DrawnRows, draws: _Draws, weight: float, n_lang: int) -> np.ndarray:
    """One trial's final probabilities, ``_BATCHES`` batches of draws at a time."""
    prob = np.full(n_lang, 1.0 / n_lang)
    threshold, last = det.CONV_THRESHOLD, det.ITERATION_LIMIT + 1
    i = 0  # updates so far; langdetect checks convergence after update 0, 5, 10, ...
    while True:
        layout = _LAYOUTS[i == 0]
        index = np.zeros(layout.n_rows, dtype=np.int64)  # the slots' rows are overwritten before use
        index[layout.places] = rows.next(len(layout.places))
        work = rows.mat.take(index, axis=0)
        work += weight
        work[0] = prob
        start_i = i
        for start, end, k in layout.batches:
            product = np.multiply.reduce(work[start:end], axis=0)
            i += k
            values = product.tolist()
            sump = sum(values)  # _normalize_prob: Python's left-to-right sum
            prob = np.divide(product, sump, out=work[end])
            if max(values) / sump > threshold or i >= last:
                draws.advance(i - start_i)
                return prob
        draws.advance(i - start_i)


_BULK_OK: list = []


def _bulk_draws_ok() -> bool:
    """Whether :class:`_Draws` gives ``random.Random``'s own gauss and choice sequence (checked
    once, on both in turn over lists of several lengths)."""
    if not _BULK_OK:
        _BULK_OK.append(_draws_match(random.Random))
    return _BULK_OK[0]


def _draws_match(generator) -> bool:
    try:
        for n in (1, 2, 3, 5, 64, 1000, 4097, 70_001):
            ref, mine = generator(), generator()
            ref.seed(0)
            mine.seed(0)
            draws = _Draws(mine, n)
            for m in (1, 37, 5, 400, 2, 900):
                want = (ref.gauss(0.0, 1.0), [ref._randbelow(n) for _ in range(m)])
                got = draws.gauss()
                j = draws.next_choice(m)
                if want != (got, draws.choices[j:j + m].tolist()):
                    return False
                draws.advance(m)
    except Exception:  # another implementation's generator: the stepwise trials
        return False
    return True


def _answer(langs: list) -> tuple[str | None, float]:
    if not langs:
        return None, 0.0
    best = langs[0]
    lang = best.lang.split("-")[0]  # zh-cn -> zh
    return lang, round(float(best.prob), 4)


# --- plainly English: langdetect's answer known without running it -------------------------------
# English words that are rare as words of the other Latin-script languages langdetect knows
# ("a", "in", "on", "is", "was", "an", "for", "by", "die", "also", "over", "will", "her", "he",
# "at", "as", "so" are left out: each is a common word of one of them).
_ENGLISH_FUNCTION_WORDS = frozenset("""
    the and of to that with from this these those which who whom whose what their they them there
    would could should been have has were are it its she him his you your we our but not than then
    when where while about after into said says such only other some any each being does did can
    may might because if
""".split())
_ASCII_WORD_RE = re.compile(r"[A-Za-z]+")
_CAPITAL_WORD_RE = re.compile(r"(?<![A-Za-z])[A-Z]")
# Anything but ASCII, Latin-1, Latin Extended-A, general punctuation and currency signs.
_NOT_LATIN_RE = re.compile("[^\x00-\u017f\u2000-\u206f\u20a0-\u20cf]")
_LATIN_LETTER_EXTRA_RE = re.compile("[\u00c0-\u017f]")  # é, ã, č...: a few names, not a language
_EN_MIN_WORDS = 150
_EN_WINDOW, _EN_WINDOW_MIN = 30, 3
_EN_MIN_DISTINCT = 10
_EN_MAX_EXTRA_LETTERS = 3


# The one character _plainly_english lets through whose lower case holds an ASCII letter
# ("İ".lower() is "i" + U+0307): lowering the words found would then differ from finding the
# words of the lowered text (tests/test_lang_speed.py checks every character it lets through).
_LOWERS_TO_ASCII = "\u0130"
_ENGLISH_FUNCTION_BYTES = frozenset(w.encode() for w in _ENGLISH_FUNCTION_WORDS)
# Byte tables: an ASCII letter, lowered, or a space (every byte of a longer UTF-8 sequence is
# >= 0x80, so no piece of another character is a letter); and "U", "l" or a space by case.
_IS_LETTER = {c for c in range(256) if chr(c).isascii() and chr(c).isalpha()}
_LOWER_LETTERS = bytes(ord(chr(c).lower()) if c in _IS_LETTER else 32 for c in range(256))
_CASES = bytes(ord("U") if c in _IS_LETTER and chr(c).isupper() else ord("l") if c in _IS_LETTER else 32
               for c in range(256))


def _ascii_words(sample: str) -> tuple[list[bytes], int]:
    """For a ``sample`` without ``_NOT_LATIN_RE`` characters (what :func:`_plainly_english`
    reads): ``_ASCII_WORD_RE.findall(sample.lower())`` (as bytes) and how many of them start with a
    capital in ``sample`` (``_CAPITAL_WORD_RE``'s matches: a capital not after an ASCII letter
    starts a run of ASCII letters), by byte translations of the UTF-8 text and a split, in C
    (two regex scans took ~65 µs on 1,500 characters)."""
    raw = sample.encode("utf-8", "surrogatepass")
    capitalised = (b" " + raw.translate(_CASES)).count(b" U")
    if _LOWERS_TO_ASCII in sample:
        return [w.encode() for w in _ASCII_WORD_RE.findall(sample.lower())], capitalised
    return raw.translate(_LOWER_LETTERS).split(), capitalised


def _plainly_english(sample: str) -> bool:
    """True when ``sample`` (the text langdetect would see) is long English prose throughout.

    The rule, every part required:

    * no character outside ASCII, Latin-1, Latin Extended-A, general punctuation and currency
      signs, and at most 3 letters from U+00C0-U+017F (a name such as João, not a language);
    * at least 150 words (runs of ASCII letters), at most 40 % of them capitalised (not a list
      of names);
    * at least 20 % of the words, and 10 distinct ones, from ``_ENGLISH_FUNCTION_WORDS``;
    * at least 3 of them in every 30 consecutive words, so a foreign passage of 30 words or more
      anywhere in the sample (code-switching) turns the fast path off.

    Measured (langdetect's answer, not this rule, is the truth; ``tests/test_speed_paths.py``
    keeps a sample of it): of the 10,546 distinct 1,500-character samples of every text we have
    (training corpus with HTML pages as ingested, mt.assemble and extra_contrast samples,
    ai.load_all), 6,353 take the fast path and langdetect says ("en", 1.0) on all of them; their
    lowest probability before rounding is 0.9999928 (1.0 needs >= 0.99995). On 87,000 stress
    texts (random slices; English with a foreign passage of 3-1,500 characters from WMT hr/is/
    ru/uk, non-English corpus documents and 30 other languages at its start, middle or end;
    lists of names and scores; 1-25 word snippets) 6,576 take it, again all ("en", 1.0).
    The margin: with 130 words instead of 150, or 2 function words per 30 instead of 3, a few
    stress texts (English of 100-150 words holding a 20-30 word foreign sentence) take the path
    where langdetect says ("en", 0.8571), so neither is loosened.
    """
    if not sample.isascii() and (_NOT_LATIN_RE.search(sample)
                                 or len(_LATIN_LETTER_EXTRA_RE.findall(sample)) > _EN_MAX_EXTRA_LETTERS):
        return False
    words, capitalised = _ascii_words(sample)
    n = len(words)
    # Shares in integers (exact at the bounds): over 40 % capitalised, under 20 % function words.
    if n < _EN_MIN_WORDS or 5 * capitalised > 2 * n:
        return False
    flags = list(map(_ENGLISH_FUNCTION_BYTES.__contains__, words))  # C-level, not a comprehension
    hits = list(accumulate(flags, initial=0))  # hits[i]: function words among the first i words
    if 5 * hits[-1] < n or min(map(sub, hits[_EN_WINDOW:], hits[:-_EN_WINDOW])) < _EN_WINDOW_MIN:
        return False
    return len(set(compress(words, flags))) >= _EN_MIN_DISTINCT


def detect_language(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, probability), or (None, 0.0) when nothing can be said.

    Long plain English prose (:func:`_plainly_english`: most news articles) is answered
    ("en", 1.0) without running langdetect: that is langdetect's rounded answer on every such
    text we have (~0.05 ms instead of ~0.7 ms).
    langdetect raises on text without letters; that is "undetermined", not an error.
    """
    if _plainly_english(text[:_MAX_CHARS]):
        return "en", 1.0
    return detect_language_exact(text)


def _settled(text: str, detect) -> tuple[str | None, float]:
    """``detect``'s settled answer for ``text`` (see :func:`_settled_and_first`)."""
    return _settled_and_first(text, detect)[0]


def _settled_and_first(text: str, detect) -> tuple[tuple[str | None, float], tuple[str | None, float]]:
    """The settled answer and the first sample's. ``detect`` over the first ``_MAX_CHARS`` characters; when that leaves it unsure (under
    ``_UNSURE``) and the text is longer, over the first ``_LONG_CHARS`` instead. The first
    1,500 characters of an English article that quotes someone in German near its top can be
    half German: read as German, the text lost every English-only feature (an LLM rewrite with
    chatbot residue and two German quotes scored 90.6; 1.6 read as English, as the longer
    sample reads it). The longer answer is kept unless it is undetermined. On the 4,405 corpus
    texts the first sample was unsure of 2 and the longer one changed 1: a Portuguese page of
    NASCAR standings, "en" 0.5714 -> "pt" 0.8571."""
    answer = detect(text[:_MAX_CHARS])
    if answer[1] < _UNSURE and len(text) > _MAX_CHARS:
        longer = detect(text[:_LONG_CHARS])
        if longer[0] is not None:
            return longer, answer
    return answer, answer


def detect_language_exact(text: str) -> tuple[str | None, float]:
    """:func:`detect_language` without the English fast path: langdetect's algorithm, always."""
    return _settled(text, _detect_sample)


# Georgian and Armenian letters: no language langdetect knows is written in them. Its Estonian
# profile holds 7 Georgian and 2 Armenian letters as noise (probability under 3.5e-5; every letter
# of a profile's own script is over 1e-4, except rare Hangul, CJK and Latin ones), so langdetect
# read any Georgian or Armenian text as Estonian with confidence 1.0. Such text is undetermined,
# as Amharic, Sinhala or Khmer text is (langdetect knows none of their n-grams).
_UNKNOWN_SCRIPT_RE = re.compile("[\u0531-\u0587\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f\ufb13-\ufb17]")


# Fewer letters than this and langdetect's answer is a guess it states with confidence: on the
# first 1-8 words of the 314 held-out human English articles (2,512 snippets), it said "en" for
# 48 % of those under 10 letters, 62 % at 10-14 and 78 % at 15-19 (86 % at 20-24, 91 % above),
# and 261 of the wrong answers under 20 letters had a confidence of 0.9 or more. "x" was Somali (1.00),
# "Loading…" Tagalog, "東京の天気" Korean. Such a sample is undetermined (None, 0.0), whatever
# its script. Chosen from those rates, not fitted; it only reaches texts shorter than one
# sentence (no score is given under 20 words, see caveats.MIN_SCORED_WORDS) and the
# English-only checks do not run on them.
MIN_LETTERS = 20


def _undeterminable(sample: str) -> bool:
    """True when ``sample`` has fewer than :data:`MIN_LETTERS` letters, or when half its letters
    or more are Georgian or Armenian (a name or a quote in them inside other text leaves the
    rest to langdetect)."""
    if len(sample) < MIN_LETTERS:
        return True
    unknown = () if sample.isascii() else _UNKNOWN_SCRIPT_RE.findall(sample)
    if not unknown:  # the usual case: letters counted only up to MIN_LETTERS
        return not _has_letters(sample, MIN_LETTERS)
    letters = sum(ch.isalpha() for ch in sample)
    return letters < MIN_LETTERS or 2 * sum(map(str.isalpha, unknown)) >= letters


def _has_letters(sample: str, n: int) -> bool:
    """Whether ``sample`` holds at least ``n`` letters (counting stops there)."""
    for ch in sample:
        if ch.isalpha():
            n -= 1
            if n <= 0:
                return True
    return False


def _detect_sample(sample: str) -> tuple[str | None, float]:
    if _undeterminable(sample):
        return None, 0.0
    try:
        langs = _probabilities(sample)
    except LangDetectException:
        return None, 0.0
    return _answer(langs)


def detect_language_reference(text: str) -> tuple[str | None, float]:
    """:func:`detect_language` through langdetect's own (slow) code: the reference in tests."""
    return _settled(text, _reference_sample)


def _reference_sample(sample: str) -> tuple[str | None, float]:
    if _undeterminable(sample):
        return None, 0.0
    try:
        # Set per call: a Detector seeds its generator with DetectorFactory.seed (None would
        # seed it from the OS), which other code may have changed since.
        DetectorFactory.seed = 0
        # detect_langs(sample), over profiles loaded in our (sorted) order.
        det = _reference_factory().create()
        det.append(sample)
        langs = det.get_probabilities()
    except LangDetectException:
        return None, 0.0
    return _answer(langs)


# --- the language of most of a text ----------------------------------------------------------------
# langdetect reads a text's start. A start in another language than the rest (a foreign
# paragraph put first, a long quote at the top) decided the whole text: ~1,800 characters of
# Spanish news put before an English machine-translated article made it "es", switched off every
# English-only check and turned 2.7 "likely unreliable" into 90.6 "likely reliable". So when the
# start is not plainly and surely English, the text is cut where it switches between English-like
# and other lines, and the language of most of its characters is taken.
_MIX_PIECE = 400  # a line longer than twice this (text without line breaks) is cut into pieces
_MIX_SHORT = 80  # a shorter line (a heading, a byline) goes with the line before it
_MIX_MAX_RUNS = 32  # langdetect runs at most this many times on a text (a bilingual page alternating
# paragraph by paragraph has more runs: it is then read in ~16 blocks of whole lines)
_MIX_NOTABLE = 0.2  # a language other than the text's over this share of it is worth saying


class LanguageMix(NamedTuple):
    """The language of most of a text, and what else it is written in.

    ``language``, ``confidence``: as :func:`detect_language` gives them. ``shares``: each
    language's share of the characters of the text's runs (``None``: runs langdetect could not
    read), largest first; empty when the text was not read in runs. ``foreign``: the (start,
    end, language) of each stretch in one other (known) language than ``language``."""

    language: str | None
    confidence: float
    shares: tuple[tuple[str | None, float], ...] = ()
    foreign: tuple[tuple[int, int, str], ...] = ()

    def notable(self) -> list[tuple[str, float]]:
        """The other languages holding at least ``_MIX_NOTABLE`` of the text, largest first."""
        return [(lang, share) for lang, share in self.shares
                if lang is not None and lang != self.language and share >= _MIX_NOTABLE]


def _lines(text: str, limit: int) -> list[tuple[int, int]]:
    """The spans of the non-blank lines of ``text``, stripped; a line over twice ``limit``
    characters (a text without line breaks) cut into pieces of ``limit`` or a little more, each
    at the first space past ``limit`` characters."""
    out = []
    for s, e in lines(text):
        while e - s > 2 * limit:
            cut = text.find(" ", s + limit, s + 2 * limit)
            cut = cut if cut > s else s + limit
            out.append((s, cut))
            s = cut + 1 if text[cut:cut + 1] == " " else cut
        if s < e:
            out.append((s, e))
    return out


def _english_like(sample: str) -> bool:
    """A cheap screen: at least 3 of ``_ENGLISH_FUNCTION_WORDS`` and a tenth of the words. English
    prose has a fifth or more; Spanish, German, Russian... none or next to none."""
    words = _ASCII_WORD_RE.findall(sample.lower())
    hits = sum(w in _ENGLISH_FUNCTION_WORDS for w in words)
    return hits >= 3 and 10 * hits >= len(words)


def _runs(text: str) -> list[tuple[int, int]] | None:
    """The text cut where it switches between English-like lines (:func:`_english_like`) and
    others, a short line going with the line before it (the first ones with the first long one);
    ``None`` when no line is English-like (the usual non-English article: nothing there could
    outvote its start where it matters, the English-only checks)."""
    lines = _lines(text, _MIX_PIECE)
    flags = [_english_like(text[s:e]) if e - s >= _MIX_SHORT else None for s, e in lines]
    if not any(flags):
        return None
    last = next(f for f in flags if f is not None)
    runs: list[list[int]] = []
    for (s, e), flag in zip(lines, flags):
        flag = last if flag is None else flag
        if runs and flag == last:
            runs[-1][1] = e
        else:
            runs.append([s, e])
        last = flag
    return [(s, e) for s, e in runs]


def _blocks(text: str, n: int) -> list[tuple[int, int]]:
    """About ``n`` runs of whole lines of equal length (a text that switches too often)."""
    size = max(_MIX_PIECE, len(text) // n)
    out: list[tuple[int, int]] = []
    start = None
    for s, e in _lines(text, size):
        start = s if start is None else start
        if e - start >= size:
            out.append((start, e))
            start = None
    if start is not None:
        out.append((start, len(text.rstrip())))
    return out


def language_mix(text: str) -> LanguageMix:
    """The language of most of ``text``: :func:`detect_language`'s answer unless its first sample
    was not surely English and runs holding most of the text's characters say otherwise.

    Plainly English text (the fast path) and a sure English start are answered as
    :func:`detect_language` answers them, with nothing else read: that is most news, and its cost
    stays the same. So is a text no longer than the first sample, or without an English-like
    line (:func:`_runs`). Otherwise each run of lines is read by :func:`detect_language` (its
    first 1,500 characters), and each language's share is its runs' characters over all runs'
    characters. A language holding more than half of them that is not the answer becomes the
    answer, with langdetect's confidence over its runs (when langdetect agrees there; otherwise
    the answer is left as it was). Undetermined runs count in the whole, so a text mostly in a
    script no profile covers is not called English because its English lines are the only ones
    langdetect could read."""
    if _plainly_english(text[:_MAX_CHARS]):
        return LanguageMix("en", 1.0)
    answer, first = _settled_and_first(text, _detect_sample)
    if (first[0] == "en" and first[1] >= _UNSURE) or len(text) <= _MAX_CHARS:
        return LanguageMix(*answer)
    spans = _runs(text)
    if spans is None:
        return LanguageMix(*answer)
    if len(spans) > _MIX_MAX_RUNS:
        spans = _blocks(text, _MIX_MAX_RUNS // 2)
    runs = [(s, e, detect_language(text[s:e])[0]) for s, e in spans]
    total = sum(e - s for s, e, _ in runs)
    chars: dict[str | None, int] = {}
    for s, e, lang in runs:
        chars[lang] = chars.get(lang, 0) + e - s
    # Largest first; ties by name (None last) so the order never depends on the runs' order.
    ranked = sorted(chars.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
    shares = tuple((lang, round(n / total, 4)) for lang, n in ranked)
    top, top_chars = ranked[0]
    if top is not None and top != answer[0] and 2 * top_chars > total:
        own = detect_language("\n".join(text[s:e] for s, e, lang in runs if lang == top))
        if own[0] == top:
            answer = own
    foreign: list[tuple[int, int, str]] = []
    before = None  # the language of the run before: a stretch of one foreign language goes on
    for s, e, lang in runs:
        if lang is not None and lang != answer[0]:
            if lang == before:
                foreign[-1] = (foreign[-1][0], e, lang)
            else:
                foreign.append((s, e, lang))
        before = lang
    return LanguageMix(answer[0], answer[1], shares, tuple(foreign))
