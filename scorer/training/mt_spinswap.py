"""Build the swap-in-context table (:mod:`scorer.features.mt_spinswap`) from PPS pairs and
train-side reference news, and cross-fit its features for the ``mt`` facet model.

What is learned, and from what:

* the substitution map — which words a spinner writes in place of which expected words — from
  the word-aligned PPS pairs (:func:`scorer.corpora.spin.word_substitutions`), stored as word
  hashes only;
* the reference counts — how often each of those words occurs, and with which left and right
  neighbours — from train-side native English and human translations (samples with
  ``not s.test`` and ``kind`` in native|human), stored as hashed (neighbour, word) keys with
  counts. No text of the corpora or of the PPS lists is kept.

The counts are a learned table, so a training document must not be scored by counts that saw
its own story (a spun training document would meet its original's collocations):
:func:`crossfit_values` rebuilds the counts without each GroupKFold fold's stories, exactly as
``scorer.training.mt.crossfit_ngram`` does for the n-gram model.

Run: ``python -m scorer.training.mt_spinswap --data DIR --out /tmp/exp_spun/mt_spinswap.json``.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

from ..corpora import spin as spin_corpus
from ..features.mt_spinswap import SpinSwapTable, context_tokens, pair_key, spinswap_values, token_scores, word_key

REF_KINDS = ("native", "human")
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
MIN_PAIR_COUNT = 2  # substitutions aligned in at least this many PPS pairs (see substitution_map)


def substitution_map(pairs: Iterable[spin_corpus.Pair], min_count: int = MIN_PAIR_COUNT) -> dict[str, set[str]]:
    """Written (substitute) word -> expected words it replaces, from word-aligned PPS pairs.

    A substitution seen in one pair only is often an alignment accident of two phrases that
    differ in more than one word ("is" for "human"); function words are never substitutes."""
    from ..features.mt_words import FUNCTION_WORDS

    out: dict[str, set[str]] = {}
    for e, ts in spin_corpus.word_substitutions(pairs).items():
        for t, n in ts.items():
            if n >= min_count and t != e and t not in FUNCTION_WORDS and len(t) >= 3:
                out.setdefault(t, set()).add(e)
    return out


def doc_counts(text: str, targets: frozenset[str]) -> tuple[Counter, Counter]:
    """Counts of target words and of (neighbour, target, neighbour-is-left) triples in one
    text. Kept as words while training (hashed by :func:`make_table`) so the table can drop
    pairs that cannot change a score."""
    uni: Counter = Counter()
    bi: Counter = Counter()
    toks = context_tokens(text.translate(_STRAIGHTEN))
    for i, t in enumerate(toks):
        if t.word not in targets:
            continue
        uni[t.word] += 1
        if t.joined:
            bi[(toks[i - 1].word, t.word, True)] += 1
        if i + 1 < len(toks) and toks[i + 1].joined:
            bi[(toks[i + 1].word, t.word, False)] += 1
    return uni, bi


def make_table(sub_map: dict[str, set[str]], uni: Counter, bi: Counter, ref_words: int,
               prune: bool = True) -> SpinSwapTable:
    """Hashed table from summed counts.

    ``prune``: a pair whose target is only ever an *expected* word, seen fewer times than the
    feature needs for evidence of a swap (``MIN_CONTEXT``, ``MIN_FUNCTION_CONTEXT``), can never
    make a side positive; it only makes a side slightly negative when the written word's pair is
    absent too. It is dropped (that side then reads 0). Pairs of substitute words are all kept:
    one reference use of a substitute next to a neighbour is what clears it there. The
    thresholds are read from the feature module at build time: rebuild after changing them."""
    from ..features import mt_spinswap as F
    from ..features.mt_words import FUNCTION_WORDS

    written = set(sub_map)
    bigrams = {}
    for (ctx, t, left), c in bi.items():
        if c <= 0:
            continue
        if prune and t not in written and c < (F.MIN_FUNCTION_CONTEXT if ctx in FUNCTION_WORDS else F.MIN_CONTEXT):
            continue
        bigrams[pair_key(ctx, word_key(t), left)] = c
    subs = {word_key(w): tuple(sorted(word_key(e) for e in es)) for w, es in sub_map.items()}
    return SpinSwapTable(subs=subs, unigrams={word_key(w): c for w, c in uni.items() if c > 0},
                         bigrams=bigrams, ref_words=ref_words,
                         meta={"about": "swap-in-context statistics (scorer.features.mt_spinswap): hashed "
                                        "substitute->expected word map derived from Problematic Paper Screener "
                                        "pairs, and hashed (neighbour, word) counts from train-side reference "
                                        "news; built by scorer.training.mt_spinswap"
                                        + (f"; expected-word pairs below {F.MIN_CONTEXT} (content neighbour) / "
                                           f"{F.MIN_FUNCTION_CONTEXT} (function word) dropped" if prune else "")})


class RefCounts:
    """Per-document counts of the reference texts, so a table without some stories is a
    subtraction, not a recount."""

    def __init__(self, pairs, ref: list[tuple[str, str]], min_count: int = MIN_PAIR_COUNT):
        self.sub_map = substitution_map(pairs, min_count)
        self.targets = frozenset(self.sub_map) | frozenset(e for es in self.sub_map.values() for e in es)
        self.groups = [g for g, _ in ref]
        self.per_doc = [doc_counts(t, self.targets) for _, t in ref]
        self.words = [len(t.split()) for _, t in ref]
        self.uni: Counter = Counter()
        self.bi: Counter = Counter()
        for u, b in self.per_doc:
            self.uni.update(u)
            self.bi.update(b)

    def table(self, without_groups: Optional[set] = None, prune: bool = True) -> SpinSwapTable:
        if not without_groups:
            return make_table(self.sub_map, self.uni, self.bi, sum(self.words), prune)
        uni, bi, words = Counter(self.uni), Counter(self.bi), sum(self.words)
        for g, (u, b), n in zip(self.groups, self.per_doc, self.words):
            if g in without_groups:
                uni.subtract(u)
                bi.subtract(b)
                words -= n
        return make_table(self.sub_map, uni, bi, words, prune)


def reference(samples) -> list[tuple[str, str]]:
    """(story, text) of the train-side reference news: native English and human translations."""
    return [(s.group, s.doc.text) for s in samples if not s.test and s.kind in REF_KINDS]


def values_for(texts: list[str], table: SpinSwapTable) -> list[dict]:
    out = []
    for t in texts:
        t = t.translate(_STRAIGHTEN)  # the extractor's own scan, as at run time
        out.append({"mt." + k: v for k, v in spinswap_values(t, table, None, token_scores(t, table)).items()})
    return out


def crossfit_values(samples, idx: list[int], counts: RefCounts, folds: int = 5,
                    exclude: frozenset | set = frozenset()) -> dict[int, dict]:
    """Feature values of each training doc from counts that never saw its story (GroupKFold by
    story over ``idx``, as ``crossfit_ngram``); reference stories in ``exclude`` (outside the
    training set, e.g. a held-out language) never count."""
    from sklearn.model_selection import GroupKFold

    out: dict[int, dict] = {}
    groups = [samples[i].group for i in idx]
    for _, te in GroupKFold(n_splits=folds).split(idx, groups=groups):
        held = {groups[j] for j in te} | set(exclude)
        table = counts.table(without_groups=held)
        docs = [idx[j] for j in te]
        for i, v in zip(docs, values_for([samples[i].doc.text for i in docs], table)):
            out[i] = v
    return out


def write_table(table: SpinSwapTable, path: Path) -> int:
    """Write the table as compact JSON; returns its size in bytes."""
    from .tables import write_text

    write_text(path, json.dumps(table.to_dict(), separators=(",", ":")))
    return path.stat().st_size


def main(argv: list[str]) -> int:
    import argparse

    from ..corpora.base import data_dir
    from . import mt as T

    ap = argparse.ArgumentParser(prog="python -m scorer.training.mt_spinswap")
    ap.add_argument("--data", default=None)
    ap.add_argument("--out", default="/tmp/exp_spun/mt_spinswap.json")
    a = ap.parse_args(argv)
    data = data_dir(a.data)
    pairs = spin_corpus.load_pairs(data)
    samples = T.assemble(data, with_spun=False, spin_pairs=pairs)
    size = write_table(RefCounts(pairs, reference(samples)).table(), Path(a.out))
    print(f"wrote {a.out} ({size / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
