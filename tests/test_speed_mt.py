"""The mt family's fast paths against straightforward reference implementations kept here.

Each test compares a faster path with the code it replaced (copied below as it was), on
varied inputs: real-news-like prose, Unicode, empty text, very long tokens, random mixes.
"""
from __future__ import annotations

import hashlib
import random

import pytest

from scorer.features import mt_lexicon, mt_spinswap

PROSE = [
    "",
    "The central bank said on Monday that the inflation rate would ease, officials told reporters.",
    "“We have waited a long time for this,” said Amina Odhiambo, who has lived in Nairobi for 3 decades.",
    "Meta’s AI -team said Openai and DeepSeek/Deepseek were rivals; the $ 100 deal fell through.",
    "Counterfeit consciousness and profound learning: the lion's portion of colossal information.",
    "Ünïcödé wörds, 中文字符, ελληνικά, русский текст, and İstanbul’s ſtreet — mixed.",
    "don't can’t it's co-founder well-known state-of-the-art e-mail x-ray",
    "a" * 5000 + " " + "b" * 300,
]
WORDS = ["", "a", "the", "inflation", "speed", "don't", "don’t", "co-founder", "Ünïcödé", "中文",
         "ſ", "İ", "x" * 1000, "rate\u00a0", "#ff", "1e9"]


def _random_words(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyz'’-éü中 "
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(n)]


# --- blake2b keys: a copied fresh hasher instead of one built per key --------------------------
def _word_key_reference(w: str) -> int:
    return int.from_bytes(hashlib.blake2b(w.encode(), digest_size=5, person=b"spinswap").digest(), "big")


def _pair_key_reference(ctx: str, wk: int, left: bool) -> int:
    s = f"{ctx} #{wk:x}" if left else f"#{wk:x} {ctx}"
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=5, person=b"spinswap").digest(), "big")


def _bigram_key_reference(w1: str, w2: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{w1} {w2}".encode(), digest_size=5).digest(), "big")


def test_hash_keys_equal_hashing_with_fresh_parameters():
    words = WORDS + _random_words(1, 3000) + [w for t in PROSE for w in t.split()]
    for a, b in zip(words, words[1:] + words[:1]):
        # __wrapped__: the functions themselves, not values their caches kept from other tests
        wk = mt_spinswap.word_key.__wrapped__(a)
        assert wk == _word_key_reference(a), a
        assert mt_spinswap.word_key(a) == wk
        for left in (True, False):
            assert mt_spinswap.pair_key.__wrapped__(b, wk, left) == _pair_key_reference(b, wk, left)
        assert mt_lexicon.bigram_key.__wrapped__(a, b) == _bigram_key_reference(a, b), (a, b)
    # Keys computed one after another share no state (each from a fresh copy).
    assert [mt_spinswap.word_key.__wrapped__(w) for w in ("x", "x", "y")] == list(map(_word_key_reference, "xxy"))


def test_hash_keys_refuse_what_the_reference_refuses():
    with pytest.raises(UnicodeEncodeError):
        _word_key_reference("\ud800")
    with pytest.raises(UnicodeEncodeError):
        mt_spinswap.word_key.__wrapped__("\ud800")
    with pytest.raises(UnicodeEncodeError):
        mt_lexicon.bigram_key.__wrapped__("a", "\udfff")
