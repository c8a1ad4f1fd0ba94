"""scorer.features.word_freq against the dicts it replaced, built here from wordfreq itself.

Every word of wordfreq's English list and every key of the spelling index is compared, bit for
bit, with the former code (kept below as the reference); so are words the list does not hold
(including the ones a fixed-width bytes array could mistake for a listed word) and, on small
made-up lists, the cases today's list does not have (a word in two buckets, the empty word).
"""
from __future__ import annotations

import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import wordfreq

from scorer.features import mt_words
from scorer.features import word_freq as W
from scorer.features.mt_spinswap import expected_spelling, word_key


# --- the former code, verbatim but for names ----------------------------------------------------
def old_mt_zipf(d: dict, word: str) -> float:  # mt_words.zipf
    f = d.get(word)
    return math.log10(f) + 9.0 if f else 0.0


def old_ai_table(d: dict) -> dict:  # ai_style._zipf_table, read with .get(w, 0.0)
    return {w: math.log10(f * 1e9) for w, f in d.items() if f > 0}


def old_spelling_index(d: dict, key_fn=word_key, min_zipf: float = 2.0) -> dict:  # mt_spinswap
    out: dict = {}
    for w, f in d.items():
        if f > 0 and math.log10(f) + 9.0 >= min_zipf:
            out.setdefault(key_fn(w), w)
    return out


def frequency_dict(pack: list) -> dict:  # wordfreq.get_frequency_dict over a given pack
    freqs = {}
    for index, bucket in enumerate(pack):
        freq = wordfreq.cB_to_freq(-index)
        for word in bucket:
            freqs[word] = freq
    return freqs


def bits(xs) -> list:
    """Floats as their exact bits (``==`` would pass 0.0 for -0.0); anything else as is."""
    return [x.hex() if isinstance(x, float) else x for x in xs]


# --- fixtures -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def freq() -> dict:
    return wordfreq.get_frequency_dict("en", "best")


@pytest.fixture(scope="module")
def ai_table(freq) -> dict:
    return old_ai_table(freq)


@pytest.fixture(scope="module")
def unknown_queries(freq) -> list:
    """Strings the list does not hold, each kind of miss the lookup has a branch for."""
    rng = random.Random(7)
    words = list(freq)
    longest = max(words, key=lambda w: len(w.encode()))
    sample = rng.sample(words, 2000)
    q = ["", "\0", "\ud800", "the\ud800", "the\0", "\0the", "the\0\0", "a" * 35, "a" * 200,
         longest + "s", longest + "\0", longest[:-1] + "\0", "the" + " ", " the", "THE", "The",
         "zzé", "日本語テストです", "ｔｈｅ", "naïvetéqq", "😀😀x"]
    q += ["".join(rng.choice("abcdefghijklmnopqrstuvwxyzé'-") for _ in range(rng.randint(1, 40)))
          for _ in range(3000)]
    # one byte more, one less, one changed: neighbours of listed words in the sorted arrays
    q += [w + "q" for w in sample] + [w + "\0" for w in sample[:200]] + [w[:-1] for w in sample]
    q += [w[:-1] + chr(ord(w[-1]) + 1) for w in sample]
    q = [w for w in q if w not in freq]
    assert len(q) > 6000 and longest + "s" in q and "" in q and "\0" in q
    return q


# --- every word, both Zipf expressions ----------------------------------------------------------
def test_every_listed_word_gets_the_former_floats_bit_for_bit(freq, ai_table):
    words = list(freq)
    assert len(words) > 300_000
    old = [old_mt_zipf(freq, w) for w in words]
    assert bits(map(W.zipf, words)) == bits(old)
    assert bits(map(mt_words.zipf, words)) == bits(old)
    assert bits(W.zipf_1e9_list(words)) == bits([ai_table.get(w, 0.0) for w in words])
    # the two expressions are not interchangeable: both tables are needed
    assert sum(a != b for a, b in zip(W.zipf_1e9_list(words), old)) > 0


def test_words_not_listed_are_unknown(freq, ai_table, unknown_queries):
    q = unknown_queries
    assert [W.zipf(w) for w in q] == [0.0] * len(q)
    assert [old_mt_zipf(freq, w) for w in q] == [0.0] * len(q)
    assert W.zipf_1e9_list(q) == [ai_table.get(w, 0.0) for w in q] == [0.0] * len(q)


@pytest.mark.parametrize("hot_min_zipf", [10.0, 0.0])
def test_values_do_not_depend_on_which_words_the_dict_holds(monkeypatch, freq, ai_table, unknown_queries,
                                                           hot_min_zipf):
    """Every word through the search only (10.0: no word in the dict), then every word through
    the dict only: the buckets where the two Zipf expressions differ are all common ones, so the
    default split alone would not tell the searched path's tables apart."""
    monkeypatch.setattr(W, "HOT_MIN_ZIPF", hot_min_zipf)
    t = W.build(W._read_pack(W._pack_path()))
    assert len(t.hot) == (0 if hot_min_zipf > 9 else len(freq))
    monkeypatch.setattr(W, "tables", lambda: t)
    words = list(freq) + unknown_queries[:500]
    assert bits(map(W.zipf, words)) == bits([old_mt_zipf(freq, w) for w in words])
    assert bits(W.zipf_1e9_list(words)) == bits([ai_table.get(w, 0.0) for w in words])


def test_a_document_mixing_listed_and_unknown_words(freq, ai_table, unknown_queries):
    rng = random.Random(3)
    words = list(freq)
    for n in (0, 1, 5, 300, 3000):
        doc = [rng.choice(words) if rng.random() < 0.8 else rng.choice(unknown_queries) for _ in range(n)]
        doc += doc[: n // 3]  # repeats, hot and not
        assert bits(W.zipf_1e9_list(doc)) == bits([ai_table.get(w, 0.0) for w in doc])
        assert bits(map(W.zipf, doc)) == bits([old_mt_zipf(freq, w) for w in doc])
    common = [w for w in words[:500]]
    assert bits(W.zipf_1e9_list(common)) == bits([ai_table[w] for w in common])  # all in the dict


# --- the spelling index ---------------------------------------------------------------------------
def test_spelling_index_agrees_with_the_former_dict(freq):
    old = old_spelling_index(freq)
    new = W.KeyIndex(word_key)
    assert len(new) == len(old) > 90_000
    assert all(new.get(k) == w for k, w in old.items())
    assert all(expected_spelling(k) == w for k, w in list(old.items())[::97])
    rng = random.Random(5)
    absent = [k for k in (rng.getrandbits(40) for _ in range(20_000)) if k not in old]
    absent += [k for k in (0, 1, (1 << 40) - 1, 1 << 40, (1 << 64) - 1, 1 << 64, -1, 1 << 80) if k not in old]
    absent += [max(old) + 1, min(old) - 1]
    assert len(absent) > 19_000
    assert [new.get(k) for k in absent] == [None] * len(absent)
    assert [expected_spelling(k) for k in absent[:500]] == [None] * 500


@pytest.mark.parametrize("key_fn", [len, lambda w: word_key(w) % 997, lambda w: 0])
def test_first_word_in_dict_order_wins_a_shared_key(freq, key_fn):
    old = old_spelling_index(freq, key_fn)
    new = W.KeyIndex(key_fn)
    assert len(new) == len(old)
    assert {k: new.get(k) for k in old} == old


def test_other_thresholds(freq):
    old = old_spelling_index(freq, len, 3.5)
    assert {k: W.KeyIndex(len, 3.5).get(k) for k in old} == old
    with pytest.raises(ValueError):
        W.KeyIndex(len, 1.5)


# --- reading, and cases today's list lacks ------------------------------------------------------
def test_reads_the_file_wordfreq_reads():
    path = W._pack_path()
    assert str(path) == wordfreq.available_languages("best")["en"]
    assert W._read_pack(path) == wordfreq.read_cBpack(str(path))
    assert [W.bucket_freq(i) for i in range(800)] == [wordfreq.cB_to_freq(-i) for i in range(800)]


def made_up_pack() -> list:
    pack: list = [[] for _ in range(800)]
    pack[5] = ["dup", "só"]  # "dup" listed first here, and again (colder) at 30 and 650
    pack[10] = ["", "x", "xy"]  # the empty word
    pack[30] = ["dup", "y", "ß", "é"]
    pack[100] = ["b", "a", "x\u00e9"]  # a bucket out of alphabetical order
    pack[650] = ["dup", "rare", "zz", "twice"]  # Zipf 2.5: not in the common-word dict
    pack[750] = ["twice", "long" * 10]  # Zipf 1.5: no key
    return pack


@pytest.fixture
def made_up(monkeypatch):
    pack = made_up_pack()
    t = W.build(pack)
    monkeypatch.setattr(W, "tables", lambda: t)
    return pack, t


def test_made_up_list_repeated_and_empty_words(made_up):
    pack, t = made_up
    d = frequency_dict(pack)
    queries = list(d) + ["", "q", "dupe", "du", "longlong", "x\0", "xé\0", "ß\0", "zzz"]
    assert bits(map(W.zipf, queries)) == bits(old_mt_zipf(d, w) for w in queries)
    ai = old_ai_table(d)
    assert bits(W.zipf_1e9_list(queries)) == bits([ai.get(w, 0.0) for w in queries])
    assert "dup" not in t.hot and "twice" not in t.hot and "y" in t.hot  # the LAST listing counts
    for key_fn in (len, lambda w: 0, lambda w: len(w) % 2, word_key):
        old = old_spelling_index(d, key_fn)
        assert {k: W.KeyIndex(key_fn).get(k) for k in old} == old
    assert W.KeyIndex(lambda w: 0).get(0) == "dup"  # its FIRST listing is first in the dict
    assert W.KeyIndex(word_key).get(word_key("twice")) is None  # its last listing has Zipf 1.5


def test_a_nul_inside_a_word_is_refused():
    with pytest.raises(ValueError):
        W.build([["a\0b"]])


# --- what it costs ---------------------------------------------------------------------------------
def test_tables_stay_small_and_leave_wordfreq_unloaded():
    """The point of the module: a few MB, and no wordfreq import (its caches stay empty)."""
    code = """
import gc, sys, tracemalloc
import msgpack
from scorer.features import word_freq as W
from scorer.features.mt_spinswap import expected_spelling, word_key
tracemalloc.start()
W.zipf("the"); W.zipf_1e9_list(["the", "qqqzz"]); expected_spelling(word_key("rate"))
gc.collect()
print(tracemalloc.get_traced_memory()[0], "wordfreq" in sys.modules)
"""
    repo = str(Path(W.__file__).resolve().parents[2])  # this tree, not an installed copy
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([repo, os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=repo, env=env).stdout.split()
    assert out[1] == "False"
    assert int(out[0]) < 10e6, f"{int(out[0]) / 1e6:.1f} MB traced (7.2 MB when written)"
