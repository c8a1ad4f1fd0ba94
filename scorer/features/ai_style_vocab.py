"""The learned vocabulary of LLM news rewrites: tokenising, the shipped table, scoring.

The table (``scorer/data/ai_style_vocab.json``) maps lowercase words and word pairs to a
log-odds weight (positive: over-used by LLM rewrites; negative: typical of human news). It is
learned from the training split only by :func:`scorer.training.ai_style.build_vocab_table`.

Only lowercase word occurrences (or a capitalised word opening a sentence) are terms, so names
("Trump", "Gaza") never enter the table: the vocabulary says how a story is told, not what
it is about.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, compress, count
from operator import not_
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, NamedTuple, Optional

VOCAB_PATH = Path(__file__).resolve().parent.parent / "data" / "ai_style_vocab.json"
FORMAT = "spinscore-ai-style-vocab/1"

_APOS_PAIRS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'))
_APOS = str.maketrans(dict(_APOS_PAIRS))
_TOKEN_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+|-[A-Za-z]+){0,3}")
# Split on tokens (kept by the group): gap, token, gap, token, ..., gap, in one C-level pass
# with the tokens of _TOKEN_RE.finditer. Its quantifiers are possessive (Python 3.11+): nothing
# after one can fail, so the engine never backtracks into it and the greedy and possessive forms
# match the same, and the possessive one saves no backtracking state per step (with
# ai_style_ngram's tokens, ~0.04 ms an article off the family). Python 3.10 compiles the greedy form.
try:
    _SPLIT_RE = re.compile(r"([A-Za-z]++(?:'[a-z]++|-[A-Za-z]++){0,3}+)")
except re.error:  # Python 3.10: no possessive quantifiers
    _SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")


class Term(NamedTuple):
    """A term and its span. A named tuple, not a frozen dataclass: an article has ~1,000 of
    them, and building frozen dataclasses was half of this family's time."""

    term: str  # "word" or "word word"
    start: int
    end: int


def terms(text: str) -> list[Term]:
    """Lowercase unigram and adjacent-bigram terms with their spans in ``text``.

    A token is a term when it is all lowercase, or capitalised at a sentence start (after
    . ! ? : a quote or a line start). Bigrams join two terms separated by one space only.
    """
    return list(map(Term._make, _term_spans(text)))


def _term_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """:func:`terms` as plain tuples, lazily."""
    prev: Optional[tuple[str, int, int]] = None
    text = text.translate(_APOS)  # one char for one char: offsets unchanged
    for m in _TOKEN_RE.finditer(text):
        w = m.group()
        s, e = m.span()
        ok = w.islower()
        if not ok and w[0].isupper() and (len(w) == 1 or w[1:].islower()):
            k = s - 1
            while k >= 0 and text[k] in " \t\"'(":
                k -= 1
            ok = k < 0 or text[k] in ".!?:\n"
        if not ok:
            prev = None
            continue
        lw = w.lower()
        yield lw, s, e
        if prev is not None and text[prev[2]:s] == " ":
            yield prev[0] + " " + lw, prev[1], e
        prev = (lw, s, e)


class VocabText(NamedTuple):
    """A text split for the vocabulary: its tokens as term strings (or None), without building
    spans (spans are needed only for the few terms shown as evidence) or word pairs (only the
    pairs a table holds are looked up: :func:`weigh_text`), the unigram terms (they feed
    word-frequency features), and the split itself, from which :func:`top_terms_of` finds the
    few spans evidence needs."""

    parts: list[str]  # gap, token, gap, …, gap (_SPLIT_RE.split of the apostrophe-normalised text)
    unigrams: list[str]  # the terms without a space, in order
    tokens: list[Optional[str]]  # per token of ``parts`` (parts[2k+1]): its unigram term, or None if it is none

    @property
    def terms(self) -> list[str]:
        """``[t.term for t in terms(text)]``: each unigram term, and after it the pair it closes
        (both tokens terms, one space between them)."""
        out: list[str] = []
        prev: Optional[str] = None
        for gap, w in zip(self.parts[::2], self.tokens):
            if w is not None:
                out.append(w)
                if prev is not None and gap == " ":
                    out.append(prev + " " + w)
            prev = w
        return out


def _split(text: str) -> list[str]:
    for a, b in _APOS_PAIRS:  # text.translate(_APOS), faster as C-level replaces
        text = text.replace(a, b)
    return _SPLIT_RE.split(text)


def vocab_text(text: str) -> VocabText:
    """:class:`VocabText` of ``text``: the unigram terms, token by token, in one pass.

    Most tokens are lowercase, hence terms as they are: only the others (found by C-level
    maps, ~1 token in 6 in news) are looked at in Python, where the loop over every token
    with its bigram strings was the family's largest cost (~0.27 ms an article)."""
    parts = _split(text)
    words: list[Optional[str]] = parts[1::2]
    bad = []
    for i in compress(count(), map(not_, map(str.islower, words))):
        # As terms(): a capitalised token is a term when, past spaces, quotes and brackets, the
        # gap before it ends a sentence or a line; the text's start counts as a line start.
        w = words[i]
        g = (parts[2 * i] if i else "\n" + parts[0]).rstrip(" \t\"'(")
        if g and g[-1] in ".!?:\n" and w[0].isupper() and (len(w) == 1 or w[1:].islower()):
            words[i] = w.lower()
        else:
            bad.append(i)
    if not bad:
        return VocabText(parts, words, words)
    for i in bad:
        words[i] = None
    return VocabText(parts, list(filter(None, words)), words)


# --- first occurrences from the split text ----------------------------------------------------------
# In ``parts`` tokens sit at odd indices; a gap holds no ASCII letter (every one starts or
# continues a token), so ``parts.index(word)`` of a term's word finds a token. A term occurs
# as a token equal to it (lowercase: always a term) or capitalised where a sentence opens; a
# bigram "a b" as tokens a (or A opening a sentence), " ", b (a capitalised second word after
# one space opens nothing, so it is never a term there).
def _opens_sentence(parts: list[str], p: int) -> bool:
    """Whether the capitalised token ``parts[p]`` is a term (vocab_text's test of its gap)."""
    g = (parts[p - 1] if p > 1 else "\n" + parts[0]).rstrip(" \t\"'(")
    return bool(g) and g[-1] in ".!?:\n"


def _first_tokens(parts: list[str], term: str) -> Optional[tuple[int, int]]:
    """Indices in ``parts`` of the first and last token of ``term``'s first occurrence."""
    if " " not in term:
        try:
            p = parts.index(term, 1)
        except ValueError:
            p = len(parts)
        cap, q = term.capitalize(), 1
        while True:  # a capitalised occurrence opening a sentence before it
            try:
                q = parts.index(cap, q, p)
            except ValueError:
                break
            if _opens_sentence(parts, q):
                return q, q
            q += 2
        return (p, p) if p < len(parts) else None
    a, b = term.split(" ")
    cap, p = a.capitalize(), 3
    while True:
        try:
            p = parts.index(b, p)
        except ValueError:
            return None
        if parts[p - 1] == " " and (parts[p - 2] == a or (parts[p - 2] == cap and _opens_sentence(parts, p - 2))):
            return p - 2, p
        p += 2


def first_terms_in(parts: list[str], wanted: Collection[str]) -> dict[str, Term]:
    """The first occurrence in :func:`terms` of each of the ``wanted`` terms that occurs, from
    :attr:`VocabText.parts`: a few C-level list searches per wanted term instead of reading
    every term up to the last one found (~130 -> ~30 µs; that reading is the reference in
    tests/reference_impls.py)."""
    offsets = [0, *accumulate(map(len, parts))]  # parts[p] starts at offsets[p]
    first: dict[str, Term] = {}
    for term in wanted:
        found = _first_tokens(parts, term)
        if found is not None:
            first[term] = Term(term, offsets[found[0]], offsets[found[1] + 1])
    return first


@dataclass(frozen=True)
class VocabTable:
    weights: dict[str, float]
    meta: dict

    @classmethod
    def from_dict(cls, d: dict) -> "VocabTable":
        if d.get("format") != FORMAT:
            raise ValueError(f"not an ai_style vocabulary table (format {FORMAT!r} expected)")
        return cls(weights={str(k): float(v) for k, v in d["weights"].items()}, meta=dict(d.get("meta") or {}))

    def to_dict(self) -> dict:
        return {"format": FORMAT, "meta": self.meta,
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())}}

    @cached_property
    def lookup(self) -> dict:
        """The table's terms keyed as :func:`weigh_text` meets them: a word by itself, a pair
        "a b" by the (a, " ", b) of its two tokens and the gap between them, so a text's pairs
        are looked up as tuples zip builds in C instead of strings joined one by one (a tuple
        of a non-term token, None, or of another gap is no key). Made once per table (a
        table's weights are not changed once it is made)."""
        out: dict = {}
        for k in self.weights:
            a, sp, b = k.partition(" ")
            out[(a, sp, b) if sp else k] = k
        return out


@lru_cache(maxsize=1)
def shipped_table() -> Optional[VocabTable]:
    """The table shipped in ``scorer/data``; None before the first training run."""
    if not VOCAB_PATH.exists():
        return None
    return VocabTable.from_dict(json.loads(VOCAB_PATH.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class VocabScore:
    llm: float  # sum over LLM-typical terms (weight > 0) of weight x strength
    human: float  # sum over human-news-typical terms of |weight| x strength
    top: list[tuple[float, Term]]  # strongest LLM-typical hits (weight, first occurrence), for evidence


def strength(count: int, n_words: int) -> float:
    """How strongly a term is present: 10 * sqrt(occurrences / words).

    The square root damps repetition (one word used five times is not five times the
    evidence) and dividing by the length keeps long and short articles comparable.
    """
    return 10.0 * (count / n_words) ** 0.5 if n_words else 0.0


# Evidence shows only clearly LLM-typical terms (about the top 3 % of positive weights); the
# score itself uses every term in the table.
EVIDENCE_MIN_WEIGHT = 0.2


def _weigh(counts: dict[str, int], n_words: int, w: dict[str, float]) -> tuple[float, float, list[tuple[float, float, str]]]:
    """LLM and human sums over the table's terms (in first-occurrence order: the float sums
    depend on it), and the LLM-typical (strength x weight, weight, term) for evidence."""
    llm = human = 0.0
    pos: list[tuple[float, float, str]] = []
    for term, c in counts.items():
        wt = w[term]
        x = wt * strength(c, n_words)
        if x > 0:
            llm += x
            pos.append((x, wt, term))
        else:
            human -= x
    return llm, human, pos


class Weighed(NamedTuple):
    llm: float  # as VocabScore
    human: float
    pos: list[tuple[float, float, str]]  # LLM-typical (strength x weight, weight, term), first-occurrence order


def weigh_terms(term_list: Iterable[str], n_words: int, table: VocabTable) -> Weighed:
    """:func:`score_terms` from term strings (:attr:`VocabText.terms`): the sums, and what
    :func:`top_terms_of` needs for evidence."""
    w = table.weights
    # Counted in C (Counter), keys in first-occurrence order as _weigh needs.
    return Weighed(*_weigh(Counter(filter(w.__contains__, term_list)), n_words, w))


def weigh_text(vt: VocabText, n_words: int, table: VocabTable) -> Weighed:
    """``weigh_terms(vt.terms, n_words, table)`` without building the term list: every token
    (None where it is no term) and, after it, the (previous token, gap, token) that closes a
    pair, in text order, counted in C where :attr:`VocabTable.lookup` holds them (its keys:
    a pair whose tokens are both terms with one space between them, as a bigram term is)."""
    keys = table.lookup
    tokens = vt.tokens
    seq: list = [None] * (2 * len(tokens))
    seq[::2] = tokens
    seq[3::2] = zip(tokens, vt.parts[2:-1:2], tokens[1:])  # the gap before token k is parts[2k]
    # Each key found is replaced by its term (the table's own string: its hash is cached, so
    # counting those costs less than counting the tuples), in first-occurrence order as _weigh needs.
    return Weighed(*_weigh(Counter(filter(None, map(keys.get, seq))), n_words, table.weights))


def top_terms_of(vt: VocabText, weighed: Weighed, keep: int = 6) -> list[tuple[float, Term]]:
    """``score_terms(terms(text), ..).top`` for the text ``vt`` was made from, given
    :func:`weigh_terms` of its term strings: spans are looked up only for the terms that can be
    shown, in its split (:func:`first_terms_in`)."""
    return _top(weighed.pos, lambda wanted: first_terms_in(vt.parts, set(wanted)), keep)


def _top(pos: list[tuple[float, float, str]], first_of: Callable[[list[str]], dict[str, Term]],
         keep: int) -> list[tuple[float, Term]]:
    """Evidence: the most LLM-typical terms by weight (ties: first in the text), leaving out
    bare function words. ``first_of(terms)`` gives those terms' first occurrences."""
    from .ai_style_lexicon import FUNCTION_WORDS

    if keep <= 0:
        return []
    shown = [(wt, term) for _, wt, term in pos
             if wt >= EVIDENCE_MIN_WEIGHT and not all(p in FUNCTION_WORDS for p in term.split())]
    if len(shown) > keep:  # none lighter than the keep-th heaviest can be shown: no span needed
        cut = sorted((wt for wt, _ in shown), reverse=True)[keep - 1]
        shown = [h for h in shown if h[0] >= cut]
    first = first_of([term for _, term in shown])
    shown.sort(key=lambda h: (-h[0], first[h[1]].start))  # stable: equal keys keep first-occurrence order
    return [(wt, first[term]) for wt, term in shown[:keep]]


def score_terms(ts: Iterable[Term], n_words: int, table: VocabTable, keep: int = 6) -> VocabScore:
    w = table.weights
    counts: dict[str, int] = {}
    first: dict[str, Term] = {}
    for t in ts:
        if t.term in w:
            counts[t.term] = counts.get(t.term, 0) + 1
            first.setdefault(t.term, t)
    llm, human, pos = _weigh(counts, n_words, w)
    return VocabScore(llm=llm, human=human, top=_top(pos, lambda wanted: first, keep))
