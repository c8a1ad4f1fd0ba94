"""Tortured phrases: our news-calque lexicon plus statistics derived from the PPS lists.

``scorer/data/mt_tortured.json`` (built by :func:`scorer.training.mt.build_tortured_table`)
holds no phrase text: word pairs that the Problematic Paper Screener lists show spinners
produce, stored as 40-bit hashes, and a per-word "spinner preference" score (how much more
often a word appears as a spinner's substitute than its everyday frequency predicts).
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from itertools import compress, count, islice
from operator import and_, not_
from pathlib import Path
from typing import Iterable, NamedTuple, Optional, Sequence

from ..memo import BoundedCache
from ..text import fold_case, gated, word_index
from .base import TableSlot
from .mt_artifacts import Hit
from .mt_words import CALQUES, FUNCTION_WORDS, WordColumns, zipf

DATA = Path(__file__).resolve().parent.parent / "data" / "mt_tortured.json"


# A fresh hasher, copied instead of built: the same state as ``blake2b(digest_size=5)``,
# without parsing the arguments for each pair (~500 -> ~300 ns a key).
_PAIR_HASHER = hashlib.blake2b(digest_size=5).copy


def bigram_key(w1: str, w2: str) -> int:
    """Stable 40-bit hash of a lower-case word pair (the table stores only these):
    ``int.from_bytes(blake2b(f"{w1} {w2}".encode(), digest_size=5).digest(), "big")``."""
    return _pair_key(f"{w1} {w2}")


def _pair_key(pair: str) -> int:
    """:func:`bigram_key` of the pair given as its string ``f"{w1} {w2}"`` (the extractor's
    memo, :func:`_pair_flags`, is keyed by that string)."""
    h = _PAIR_HASHER()
    h.update(pair.encode())
    return int.from_bytes(h.digest(), "big")


# Whether the table holds a word pair, per pair string ("w1 w2"), for the table's pair set last
# used (by identity: tables are built once and never changed in place). A pair seen before costs
# one C-level dict lookup instead of a blake2b key (~1.5 us). On real news most pairs of an
# article are new, and a miss costs the key plus ~0.3 us: the lru_cache this once was (a Python
# call per pair, ~7 MB for 2^15 pairs) cost more than hashing again; a BoundedCache of strings of
# at most 40 characters does not (measured on generated and real news, see the commit). Bounded as
# every per-word memo: 2^15 pairs (~4 MB full).
_PAIRS_IN: list = [None, None]  # [the table's pair keys, BoundedCache(pair string -> bool)]


def _pair_flags(bigrams: frozenset) -> BoundedCache:
    if _PAIRS_IN[0] is not bigrams:
        _PAIRS_IN[:] = [bigrams, BoundedCache(lambda pair: _pair_key(pair) in bigrams, 1 << 15, 40)]
    return _PAIRS_IN[1]


@lru_cache(maxsize=4)
def _load_shipped(path: str) -> dict:
    p = Path(path)
    if not p.exists():
        return {"bigrams": frozenset(), "spin_words": {}, "content_pairs": False}
    return _table(json.loads(p.read_text(encoding="utf-8")))


def _table(d: dict) -> dict:
    """The run-time form of a table. ``content_pairs``: the table says each of its pairs is of
    two alphabetic words, neither in ``FUNCTION_WORDS`` (``build_tortured_table`` filters them
    so and writes the flag); a table without it has every lower-case pair looked up."""
    return {"bigrams": frozenset(d.get("bigrams", [])), "spin_words": dict(d.get("spin_words", {})),
            "content_pairs": bool(d.get("content_pairs", False))}


TABLE = TableSlot(lambda: _load_shipped(str(DATA)))  # evaluation puts in tables from held-out-free pairs


def use_table(table: dict):
    """Context manager: extract with ``table`` instead of the shipped one (evaluation only)."""
    return TABLE.use(_table(table))


def load_table() -> dict:
    return TABLE.current()


@lru_cache(maxsize=1)
def _calque_re() -> re.Pattern:
    return _calques_re(tuple(CALQUES))


@lru_cache(maxsize=256)
def _calques_re(calques: tuple[str, ...]) -> re.Pattern:
    """The pattern of ``calques`` (keys of CALQUES), alternatives in :func:`_calque_re`'s order."""
    keys = sorted(calques, key=_CALQUE_ORDER.__getitem__)
    # Literal alternation: no nested quantifiers. Spaces inside keys match one space or hyphen.
    alts = "|".join(re.escape(k).replace(r"\ ", r"[ \-]") for k in keys)
    # Gated on the phrases' first letters (scorer.text.gated): same matches, far fewer tries.
    firsts = "".join(sorted({k[0] for k in keys}))
    return gated(f"[{re.escape(firsts)}]", r"(?<![\w-])(?:" + alts + r")(?![\w-])", re.I)


# Each calque's place among the alternatives: longest first, ties in CALQUES' order (a stable sort).
_CALQUE_ORDER = {k: i for i, k in enumerate(sorted(CALQUES, key=len, reverse=True))}


# Every byte but a-z -> space: the runs of ASCII lower-case letters of a folded text, split in C.
_LETTER_RUNS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


class CalqueGate(NamedTuple):
    """The calques' words (each calque's rarest word first): a text in which no calque has all
    of its words, each as a whole run of letters, cannot match any (nearly every article).

    Why that is a necessary condition: a calque's words are ASCII lower-case and the regex
    puts a space, hyphen, apostrophe or non-word character (or the text's edge) on each side
    of every one of them. ``fold_case`` maps every character re.I matches with an ASCII letter
    to that letter (tested over every code point) and no separator to a letter, so in the
    folded text each word is a whole run of a-z. One set of runs replaces a substring search
    of the text per calque."""

    words: tuple[tuple[bytes, ...], ...]
    firsts: frozenset[bytes]  # each calque's first (rarest) word
    keys: tuple[str, ...]  # the calques, in the order of ``words``

    def may_match(self, folded: str) -> bool:
        """False only when no calque can match the text ``folded`` = ``fold_case(text)``."""
        return bool(self.candidates(folded))

    def candidates(self, folded: str, parts: Optional[set[bytes]] = None) -> tuple[str, ...]:
        """The calques (keys of CALQUES) that may match the text ``folded`` = ``fold_case(text)``,
        in CALQUES' order: those with all of their words in it; a calque left out cannot match.
        ``parts``: :func:`letter_runs` of ``folded``, when the caller has them.

        The calques whose rarest word is a run of the text are found by one C-level
        intersection; only then are their other words looked for (the same answer as testing
        every calque's words, for far fewer tests: most texts hold none of the rarest words)."""
        runs = letter_runs(folded) if parts is None else parts
        found = self.firsts.intersection(runs)  # a set: one lookup per first word
        if not found:
            return ()
        return tuple(k for k, ws in zip(self.keys, self.words) if ws[0] in found and all(map(runs.__contains__, ws)))


def letter_runs(folded: str) -> set[bytes]:
    """The set of runs of ASCII lower-case letters of a folded text (a non-ASCII character is
    "?", then a space, as every other byte but a-z): split in C. Read by the calque gate and
    the cohesive markers' (:func:`.mt_profile.cohesive_count`)."""
    return set(folded.encode("ascii", "replace").translate(_LETTER_RUNS).split())


def phrase_gate(phrases: Iterable[str], separators: str = r"[ \-']") -> CalqueGate:
    """The :class:`CalqueGate` of ``phrases`` (ASCII lower case): each phrase's words split at
    ``separators``, rarest first (wordfreq), ties by spelling."""
    phrases = tuple(phrases)
    words = tuple(tuple(w.encode() for w in sorted(re.split(separators, k), key=lambda w: (zipf(w), w)))
                  for k in phrases)
    return CalqueGate(words, frozenset(ws[0] for ws in words), phrases)


@lru_cache(maxsize=1)
def _calque_gate() -> CalqueGate:
    return phrase_gate(CALQUES)


def calque_hits(text: str, folded: Optional[str] = None, parts: Optional[set[bytes]] = None) -> list[Hit]:
    """Calques (:data:`.mt_words.CALQUES`) in ``text``; ``folded``: ``fold_case(text)``, and
    ``parts``: :func:`letter_runs` of it, when the caller has them."""
    may = _calque_gate().candidates(fold_case(text) if folded is None else folded, parts)
    if not may:
        return []
    out = []
    # Only the calques that may match are searched for (in a 12 KB text holding the words of
    # one, the pattern of all ~70 took ~1.4 ms): at each place the first alternative of the
    # full pattern that matches is one of them, and comes first among them, so the same matches.
    for m in _calques_re(may).finditer(text):
        key = re.sub(r"[ \-]", " ", m.group().lower())
        exp = CALQUES.get(key) or next((v for k, v in CALQUES.items() if k.replace("-", " ") == key), None)
        out.append(Hit(m.start(), m.end(), "calque",
                       f"literal rendering of an idiom or spinner substitution (expected: '{exp}')"))
    return out


def tortured_bigram_hits(text: str, table: Optional[dict] = None, columns: Optional[WordColumns] = None) -> list[Hit]:
    """Adjacent lower-case word pairs whose hash is in the PPS-derived table.

    The pairs of lower-case words are picked, hashed and looked up by C-level maps (a Python
    step per word was most of this function's time); only the few pairs found in the table
    are checked for a single space between them. ``columns``: :func:`.mt_words.word_columns`
    of ``word_index(text).words``, when the caller has them (the per-word tests come from
    there instead of being made again)."""
    table = table or load_table()
    bigrams = table["bigrams"]
    if not bigrams:
        return []
    idx = word_index(text)  # WORD_RE: the same words as [^\W\d_]+(?:[-'’][^\W\d_]+)*
    ws, starts, ends = idx.words, idx.starts, idx.ends
    if table.get("content_pairs"):
        # Pairs the table cannot hold are not hashed: a word with a hyphen or apostrophe, or a
        # function word ("of the", "in a": ~80 % of the lower-case pairs of news). Same hits,
        # but for a pair the old way found by a 40-bit hash collision alone (~7,000 keys).
        if columns is not None:
            lower = columns.content
        else:
            fw = FUNCTION_WORDS.__contains__
            lower = list(map(and_, map(and_, map(str.islower, ws), map(str.isalpha, ws)), map(not_, map(fw, ws))))
    else:
        lower = columns.lower if columns is not None else list(map(str.islower, ws))
    both = list(map(and_, lower, islice(lower, 1, None)))  # pair i: words i and i + 1
    # Each pair as the string its key hashes ("w1 w2", joined in C), looked up in a memo of
    # whether the table holds it (:func:`_pair_flags`): one C-level map for the pairs seen before.
    pairs = map(" ".join, zip(compress(ws, both), compress(islice(ws, 1, None), both)))
    out = []
    for i in compress(compress(count(), both), map(_pair_flags(bigrams).__getitem__, pairs)):
        if starts[i + 1] - ends[i] == 1 and text[ends[i]] == " ":
            out.append(Hit(starts[i], ends[i + 1], "tortured_bigram",
                           "word pair that synonym spinners produce (Problematic Paper Screener statistics)"))
    return out


SPIN_WORD_EVIDENCE = 5  # spans shown for spin_word_score: its heaviest distinct words
SPIN_WORD_EVIDENCE_MIN = 0.3  # lighter words add to the score; shown only when no heavier word occurs


def spin_word_score(words: Sequence[str], table: Optional[dict] = None) -> tuple[float, list[tuple[int, float]]]:
    """Sum of spinner-preference scores over lower-case words, and (index, score) of the
    ``SPIN_WORD_EVIDENCE`` distinct words that weigh most (first occurrence, in text order),
    among those of at least ``SPIN_WORD_EVIDENCE_MIN`` (or among all, when no word reaches it):
    the spans a reader checks the score by."""
    table = table or load_table()
    sw = table["spin_words"]
    total = 0.0
    first: dict[str, tuple[float, int]] = {}  # heavy words: the evidence
    light: dict[str, tuple[float, int]] = {}
    scores = list(map(sw.get, words))  # looked up in C; the loop sees the few listed words
    for i in compress(count(), scores):  # the words with a score (not None, not 0.0)
        s, w = scores[i], words[i]
        total += s
        shown = first if s >= SPIN_WORD_EVIDENCE_MIN else light
        if w not in shown:
            shown[w] = (s, i)
    # Only light words: show them anyway. A score the reader cannot check is worth little, and one
    # light word in a short text can still be what moves it (a brief with "evacuation").
    top = sorted((first or light).values(), key=lambda t: (-t[0], t[1]))[:SPIN_WORD_EVIDENCE]
    return total, sorted((i, s) for s, i in top)
