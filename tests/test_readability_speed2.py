"""Round-2 readability fast paths compute what the code they replaced computed.

Each fast path is compared with the code as it was (kept here) on varied inputs, including the
cases where the fast path hands over to the general one.
"""
from __future__ import annotations

import random

import pytest

from scorer.features import readability as rd
from scorer.text import word_index

from test_speed_rb import TEXTS


# --- MTLD: the ratio test read from a table of type counts ---------------------------------------

def _ref_mtld_pass(tokens: list[str]) -> float:
    """readability._mtld_pass as it was: the ratio divided at every token."""
    factors, types, count = 0.0, set(), 0
    for tok in tokens:
        count += 1
        types.add(tok)
        if len(types) / count <= rd._MTLD_TTR:
            factors += 1
            types, count = set(), 0
    if count:
        ttr = len(types) / count
        factors += (1 - ttr) / (1 - rd._MTLD_TTR)
    return len(tokens) / factors if factors else float(len(tokens))


def test_mtld_thresholds_are_the_ratio_test():
    table = rd._MTLD_THRESHOLDS
    assert len(table) == rd._MTLD_MAX_TABLE
    for count in range(1, len(table)):
        for types in range(count + 1):
            assert (types <= table[count]) == (types / count <= rd._MTLD_TTR), (types, count)


def _token_lists() -> list[list[str]]:
    rng = random.Random(5)
    out = [[], ["a"], ["a"] * 50, [str(i) for i in range(200)]]
    for size in (3, 8, 30, 300, 3000):  # vocabularies from tiny to all-new
        for n in (10, 37, 120, 700):
            out.append([str(rng.randrange(size)) for _ in range(n)])
    out += [list(map(str.lower, word_index(t).words)) for t in TEXTS]
    return [t for t in out]


@pytest.mark.parametrize("tokens", _token_lists(), ids=lambda t: f"{len(t)}tokens")
def test_mtld_pass_is_the_dividing_pass(tokens):
    for toks in (tokens, tokens[::-1]):
        got, want = rd._mtld_pass(toks), _ref_mtld_pass(toks)
        assert repr(got) == repr(want)
        assert repr(rd._mtld_pass_dividing(toks)) == repr(want)


def test_mtld_pass_past_the_table_divides():
    rng = random.Random(6)
    n = rd._MTLD_MAX_TABLE + 500
    for size in (50, 2000, 10 ** 6):  # the last one: segments longer than the table
        toks = [str(rng.randrange(size)) for _ in range(n)]
        assert repr(rd._mtld_pass(toks)) == repr(_ref_mtld_pass(toks))
    toks = [str(i) for i in range(n)]  # one segment of n counts, never closed
    assert repr(rd._mtld_pass(toks)) == repr(_ref_mtld_pass(toks))
