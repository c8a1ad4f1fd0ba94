"""Language identification's fast paths give exactly what langdetect gives, to the last bit.

The trials read their random draws ahead in blocks (``language._Draws``) and gather their rows
by numpy; the n-grams of new words are built as integer codes all at once
(``language._words_ngrams``); the plainly-English screen finds its words and capitals in one
regex scan (``language._ascii_words``). Each is compared here with langdetect's own code or
with the form it replaced, on texts in many scripts and on cases built to reach the rare
branches (a trial longer than one block of batches, a matrix restart between blocks).
"""
from __future__ import annotations

import random
import re

import numpy as np
import pytest
from langdetect import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from scorer import language
from test_speed_paths import TEXTS

# Words meant to reach every branch of the capital-word rule and of the n-gram buffer.
TRICKY_WORDS = ["a", "A", "AB", "ABC", "aBC", "AbC", "ABc", "ÉCOLE", "Éa", "İstanbul", "ß", "ǅungla",
                "中国", "ひらがな", "Ǆ", "x" * 40, "Москва", "МОСКВА", "ΣΊΣΥΦΟΣ", "\u212a", "ﬁ"]


def _texts():
    rng = random.Random(11)
    joined = " ".join(TEXTS)
    yield from TEXTS
    yield " ".join(TRICKY_WORDS)
    yield " ".join(TRICKY_WORDS) + " "
    for _ in range(120):
        i = rng.randrange(len(joined))
        yield joined[i:i + rng.randint(1, 1500)]


def _reference_probabilities(text: str):
    DetectorFactory.seed = 0
    det = language._reference_factory().create()
    det.append(text)
    return [(x.lang, x.prob) for x in det.get_probabilities()]


def _probabilities(text: str):
    return [(x.lang, x.prob) for x in language._probabilities(text)]


def _both(fn, text):
    try:
        return fn(text)
    except LangDetectException:  # no feature in the text: detect_language's "undetermined"
        return "raised"


@pytest.mark.parametrize("text", list(_texts()))
def test_probabilities_are_langdetects_to_the_bit(text):
    assert _both(_probabilities, text) == _both(_reference_probabilities, text)


def test_bulk_draws_are_the_generators():
    """_Draws gives random.Random's gauss and choice sequence (what _bulk_draws_ok checks once)."""
    assert language._bulk_draws_ok()
    assert language._draws_match(random.Random)

    class Shifted(random.Random):  # another generator: the check must notice
        def getrandbits(self, k):
            return super().getrandbits(k) ^ 1

    assert not language._draws_match(Shifted)


def test_stepwise_trials_equal_bulk_trials(monkeypatch):
    """The fallback for another generator (one draw at a time) gives the same probabilities."""
    bulk = [_both(_probabilities, t) for t in _texts()]
    monkeypatch.setattr(language, "_BULK_OK", [False])
    assert [_both(_probabilities, t) for t in _texts()] == bulk


def test_trials_over_many_small_layouts_and_matrix_restarts(monkeypatch):
    """A trial longer than one layout of batches goes on in the next one; a matrix restart
    between two blocks of draws makes the rows be looked up again."""
    want = [_both(_reference_probabilities, t) for t in list(_texts())[:60]]
    monkeypatch.setattr(language, "_LAYOUTS", {first: language._layout(first, 1) for first in (True, False)})
    monkeypatch.setattr(language._Draws, "_BLOCK", 8)
    monkeypatch.setattr(language, "_MAX_ROWS", 40)
    monkeypatch.setattr(language, "_store", {"mat": np.empty((0, 0)), "used": 0,
                                             "rowmap": np.empty(0, dtype=np.int64)})
    assert [_both(_probabilities, t) for t in list(_texts())[:60]] == want


def test_words_ngrams_are_langdetects():
    """Each word's n-grams, with and without a space after it, are those langdetect lists."""
    prof = language._profiles()
    factory = language._reference_factory()
    normed = ["".join(map(language.NGram.normalize, w)) for w in TRICKY_WORDS]
    normed = [w for w in normed if w and " " not in w]
    for trailing in (True, False):
        got = language._words_ngrams(normed, trailing, prof)
        for k, word in enumerate(normed):
            det = factory.create()
            # langdetect reads each word of the text after a space; the last one may have none.
            det.text = " " + word + (" " if trailing or k < len(normed) - 1 else "")
            assert list(got[k]) == language._lookup(det._extract_ngrams(), prof.codes), (word, trailing)


def test_ascii_words_equal_the_two_regex_scans():
    rng = random.Random(4)
    letters = "aZ ,.'-\n" + language._LOWERS_TO_ASCII + "éÉ\u2019\udc80\u212aſ[`"
    samples = TEXTS + ["İstanbul and İzmir", "ABC def Ghi", "", "   ", "x", "Kelvin \u212aB", "a\udc80B"]
    samples += ["".join(rng.choice(letters) for _ in range(rng.randint(0, 60))) for _ in range(400)]
    for s in samples:
        if language._NOT_LATIN_RE.search(s):  # refused before: "K" (Kelvin) lowers to "k"
            continue
        words, capitalised = language._ascii_words(s)
        assert [w.decode() for w in words] == language._ASCII_WORD_RE.findall(s.lower()), s
        assert capitalised == len(language._CAPITAL_WORD_RE.findall(s)), s


def test_only_one_character_lowers_to_ascii_among_those_the_screen_lets_through():
    """_ascii_words lowers the words found rather than the text: exact unless a character the
    screen lets through (not _NOT_LATIN_RE) lowers to an ASCII letter."""
    through = [chr(c) for c in range(0x80, 0x110000)
               if not language._NOT_LATIN_RE.match(chr(c)) and not 0xd800 <= c < 0xe000]
    assert [c for c in through if re.search("[A-Za-z]", c.lower())] == [language._LOWERS_TO_ASCII]
