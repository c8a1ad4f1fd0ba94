"""The ai_style fast paths of this file's era give exactly what the code they replace gives.

Each is compared with the plain form (kept in the package where training or another model
still uses it, else here) on texts written to hit its edges, on random mixes, and on the training
corpus when it is on this machine (``corpus_texts``). Speed itself is measured
in benchmarks/, never asserted here.
"""
from __future__ import annotations

import random
import zlib

import numpy as np
import pytest

from scorer.features import ai_style_ngram as ang
from scorer.features import hashed_weights as hw
from scorer.text import sentences

@pytest.fixture(scope="module")
def corpus_texts(corpus_by_hash) -> list[str]:
    """Every 7th document of the training corpus, in a fixed order (as tests/test_speed_as.py)."""
    from scorer.ingest import parse_text

    return [parse_text(d.text, name="x.html").content if d.fmt == "html" else d.text for d in corpus_by_hash[::7]]


# --- n-gram cells from packed word fields (CRC shift tables) -----------------------------------------
WORDS = ["a", "the", "<N>", "0", "00,000", "it's", "Él", "日本", "ж" * 16, "x" * 40, "q" * 129, "q" * 130,
         "é" * 64, "日" * 43, "日" * 44, "z" * 300, "\U0001F600", ""]


@pytest.mark.parametrize("mask", [ang._MASK, (1 << 19) - 1, (1 << 27) - 1, 1])
def test_packed_cells_equal_entry_cells(mask):
    """zlib.crc32(tail, state) through the shift tables, to the bit, for every tail length the
    tables hold and past it (those go to zlib), at several masks (the mt model's is 2^19)."""
    rng = random.Random(5)
    words = WORDS + ["".join(rng.choice("ab日é’") for _ in range(k)) for k in range(1, 60)]
    for _ in range(200):
        toks = [rng.choice(words) for _ in range(rng.randint(0, 80))]
        openings = sorted({0, *rng.sample(range(len(toks)), min(len(toks), rng.randint(0, 8)))}) if toks else []
        entries = [hw.crc_entry(w) for w in toks]
        want = hw.entry_cells(entries, openings, mask)
        fields = hw.PackedWords(mask, 4, 32)
        ids = fields.ids(lambda w: w)
        fields.reserve(len(toks))
        got = fields.cells(np.fromiter(map(ids.__getitem__, toks), dtype=np.int64, count=len(toks)),
                           np.array(openings, dtype=np.int64))
        for a, b in zip(want, got):
            assert a.dtype == b.dtype and np.array_equal(a, b), toks


def test_shift_table_is_the_crc_of_zero_bytes():
    table = hw.crc_shift_table(0xFFFFFFFF)
    rng = random.Random(9)
    for n in (0, 1, 2, 7, 64, hw.SHIFT_MAX_TAIL):
        for _ in range(50):
            v = rng.getrandbits(32)
            got = 0
            for k in range(4):
                got ^= int(table[1024 * n + 256 * k + ((v >> 8 * k) & 255)])
            assert got == zlib.crc32(b"\0" * n, v) ^ zlib.crc32(b"\0" * n)


def test_packed_words_bounds():
    """Ids start again only between texts (reserve), keys stay short, a long word's id is fresh."""
    fields = hw.PackedWords((1 << 18) - 1, 8, 4)
    ids = fields.ids(str.lower)
    fields.reserve(3)
    assert [ids["a"], ids["bb"], ids["a"], ids["toolong"], ids["toolong"]] == [0, 1, 0, 2, 3]
    assert set(ids) == {"a", "bb"}
    fields.reserve(5)  # 4 used + 5 > 8: start again
    assert fields.used == 0 and not ids
    fields.reserve(20)  # larger than the capacity: arrays as large, for that text
    assert len(fields.packed) >= 20
    fields.clear()
    assert len(fields.packed) == 8


# --- n-gram tokens: the ASCII pattern where it finds the same tokens ------------------------------------
def _tok_texts() -> list[str]:
    rng = random.Random(17)
    pieces = ["a", "B", "ab", "9", "_", "'", "’", "‘", "“", "”", "—", "–", "…", "€", "\u00a0", "\u2003", " ", "\n",
              ".", ",", "x’y", "it's", "o'", "'o", "é", "ß", "İ", "ſ", "\u0301", "²", "Ⅻ", "٣", "日", "\U0001F600"]
    texts = ["", "a", "’", "don’t stop 'n’ go", "Ünïcode and plain", "x" * 3000]
    safe = [p for p in pieces if not any(c.isalnum() and not c.isascii() for c in p)] + ["\u0301"]
    for ps in (pieces, safe):  # with non-ASCII letters or digits somewhere, and without
        texts += ["".join(rng.choice(ps) for _ in range(rng.randint(1, 80))) for _ in range(3000)]
    return texts


def _check_token_re(texts: list[str]) -> int:
    n = 0
    for t in texts:
        rx = ang._token_re(t)
        for s, e in [(0, len(t)), *sentences(t)]:
            assert rx.findall(t, s, e) == ang._TOK_RE.findall(t, s, e), t[:200]
        n += rx is ang._ASCII_TOK_RE
    return n


def test_ascii_token_pattern_where_chosen():
    assert _check_token_re(_tok_texts()) > 3000


def test_ascii_token_pattern_next_to_every_non_alnum_code_point():
    """Every non-ASCII character that is not alphanumeric, between and inside ASCII words: the
    ASCII pattern is chosen and finds what the Unicode one finds."""
    chars = [chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000 and not chr(c).isalnum()]
    for i in range(0, len(chars), 4000):
        block = chars[i:i + 4000]
        for joiner in ("{}", "a{}b", "a'{}", "{}'b", "a’b{}9"):
            text = " ".join(joiner.format(c) for c in block)
            assert ang._token_re(text) is ang._ASCII_TOK_RE
            assert ang._ASCII_TOK_RE.findall(text) == ang._TOK_RE.findall(text)


def test_token_re_on_the_corpus(corpus_texts):
    assert _check_token_re(corpus_texts) > 100


# --- residue: the hinted gate never closes on a text the pattern matches ---------------------------------
import re  # noqa: E402

from scorer.features import ai_style_lexicon as lex  # noqa: E402
from scorer.text import fold_case  # noqa: E402

RESIDUE_PHRASES = [
    "as an AI language model", "AS AN ARTIFICIAL\nINTELLIGENCE  assistant", "as a ai model", "aſ an AI model",
    "As a large language model", "as of my last knowledge update", "As\u00a0of\u00a0my training cutoff",
    "as of my latest knowledge cut-off", "my knowledge cutoff", "My knowledge cut-off", "I cannot fulfill this request",
    "I can’t comply with your request", "i am unable to help with that request", "I do not have access to real-time data",
    "I don’t have real-time information", "I'm sorry, but I can't", "I’m sorry, but I cannot", "Certainly! Here is a",
    "  Sure, here's the", "Of course. Here is your", "\tAbsolutely!\nHere’s an", "CERTAINLY! HERE IS THE",
    "here is a rewritten version", "Here’s the polished article", "Regenerate response", "regenerate\u2003response",
    "As an Aİ model", "İ cannot fulfil this request", "as an aı assistant",
    "as of my last update in 2023", "As of my most recent update in\nOctober 2024", "my training data runs through",
    "Here's a news article based on the information provided", "Here is the seo-friendly article you asked for",
    "here’s your press release about the launch as requested", "[Insert date here]", "[insert  name]", "[Your Name]",
    "[your email address]", "[Link to source]", "Meta description:", "  SEO title:", "Focus keyphrases:",
]
RESIDUE_NEAR = ["here", "sure", "as", "model", "an", "ai", "of", "my", "!", ",", ".", " ", "\n", "Here", "Sure!", "course",
                "language", "a", "i", "the", "is", "'s", "’s", "training", "knowledge", "cutoff", "\u00a0",
                "update", "in", "2023", "[", "]", "insert", "your", "name", "link to", "meta", "description", ":",
                "seo", "focus", "article", "based on the information", "provided", "you requested", "("]


def _residue_texts() -> list[str]:
    rng = random.Random(29)
    texts = list(RESIDUE_PHRASES)
    texts += [rng.choice(["", "Intro. ", "x\n", "It said: "]) + p + rng.choice(["", " text.", "\n"]) for p in RESIDUE_PHRASES for _ in range(5)]
    texts += [" ".join(rng.choice(RESIDUE_NEAR) for _ in range(rng.randint(1, 30))) for _ in range(5000)]
    texts += ["".join(rng.choice(RESIDUE_NEAR) for _ in range(rng.randint(1, 30))) for _ in range(5000)]
    return texts


def _check_residue_gate(texts: list[str]) -> int:
    gate = lex.GATES[lex.RESIDUE_RE]
    alternatives = [re.compile(lex._loose(alt), re.I | re.M) for alt, _ in lex._RESIDUE]
    n = 0
    for t in texts:
        folded = fold_case(t)
        for rx, (literal, hint) in zip(alternatives, gate.alternatives):
            if rx.search(t):
                assert literal.may_match(folded) and (hint is None or hint.search(folded)), t[:200]
                n += 1
        if lex.RESIDUE_RE.search(t):
            assert gate.may_match(folded), t[:200]
    return n


def test_residue_gate_opens_on_every_match():
    assert all(lex.RESIDUE_RE.search(p) for p in RESIDUE_PHRASES)
    assert _check_residue_gate(_residue_texts()) > 150


def test_residue_gate_on_the_corpus(corpus_texts):
    _check_residue_gate(corpus_texts)
    gate = lex.GATES[lex.RESIDUE_RE]
    opened = sum(gate.may_match(fold_case(t)) for t in corpus_texts)
    assert opened < len(corpus_texts) / 5  # the point of the hints (the literal gate alone: ~3 in 10)


# --- n-gram evidence: the weights of a sentence's n-grams looked up at once ---------------------------------
def _top_ngrams_reference(sent, model, keep=3):
    """ai_style_ngram.top_ngrams as it was: hashed_weights.top_ngrams, one weight at a time."""
    from scorer.features.ai_style_lexicon import FUNCTION_WORDS

    def readable(w):
        return w != ang.NAME and not ang._DIGIT_RE.search(w)

    return hw.top_ngrams(sent, lambda key: float(model.weights[ang._h(key)]),
                         lambda w: readable(w) and w not in FUNCTION_WORDS,
                         lambda p, w: readable(p) and readable(w) and not (p in FUNCTION_WORDS and w in FUNCTION_WORDS),
                         keep)


def _check_top_ngrams(texts, model) -> int:
    n = 0
    for t in texts:
        for sent in ang.sentence_norms(t):
            for keep in (0, 1, 3, 50):
                assert ang.top_ngrams(sent, model, keep) == _top_ngrams_reference(sent, model, keep), sent
            n += bool(sent)
    return n


def test_top_ngrams_equal_the_one_at_a_time_form():
    rng = random.Random(31)
    words = ["the", "a", "to", "amid", "significant", "pivotal", "<N>", "0", "00", "x0", "it's", "of", "and", "said",
             "underscores", "landscape", "commitment", "foster", "é", "日本"]
    sents = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 40))) + "." for _ in range(1500)]
    shipped = ang.shipped_model()
    w = np.random.default_rng(4).normal(size=ang.BUCKETS)
    w[::3] = 0.0
    for model in (shipped, ang.NgramModel(w, 0.0, {})):
        assert _check_top_ngrams(sents + ["", "The Pivotal plan, Mayor Ruiz said, is “bold”. It’s 3rd."], model) > 1000


def test_top_ngrams_on_the_corpus(corpus_texts):
    assert _check_top_ngrams(corpus_texts[::5], ang.shipped_model()) > 1000


def test_residue_hints_read_folded_text_as_the_pattern_reads_text():
    """The hints match the folded text where the pattern matched the text: the characters they
    use fold to themselves under re.I (letters: scorer.text's own exhaustive test) and every
    whitespace character \\s matches is left as it is by fold_case."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    spaces = re.findall(r"\s", every)
    assert fold_case("".join(spaces)) == "".join(spaces)
    for _, hint in lex.GATES[lex.RESIDUE_RE].alternatives:
        if hint is not None:
            assert hint.pattern.isascii() and hint.pattern == hint.pattern.lower() and not hint.flags & re.I
    assert lex.GATES[lex.RESIDUE_RE].terms  # the alternatives' literal terms, for tests/test_speed_paths.py


# --- n-gram weights gathered from the int8 copy (NgramModel.weights_at) ------------------------------
def _bits_of(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a, dtype=np.float64).view(np.int64).tobytes()


def test_weights_at_equals_the_float_weights():
    """The shipped model and a quantised one carry their int8 copy, and every cell gathered
    from it is the float weight to the bit; a model without one, or whose weights were
    replaced since, gathers the float weights."""
    rng = np.random.default_rng(5)
    w = rng.normal(size=ang.BUCKETS)
    w[rng.random(ang.BUCKETS) < 0.3] = 0.0
    every = np.arange(ang.BUCKETS, dtype=np.int64)
    some = rng.integers(0, ang.BUCKETS, size=5000)
    for model in (ang.shipped_model(), ang.NgramModel(w, 0.1, {}).quantised(),
                  ang.NgramModel.from_dict(ang.NgramModel(-w, 0.0, {}).to_dict())):
        assert model.int8 is not None and model.int8[0] is model.weights
        for cells in (every, some, some[:0]):
            assert _bits_of(model.weights_at(cells)) == _bits_of(model.weights[cells])
    plain = ang.NgramModel(w, 0.1, {})
    assert plain.int8 is None and _bits_of(plain.weights_at(some)) == _bits_of(w[some])
    replaced = ang.NgramModel(w, 0.1, {}).quantised()
    replaced.weights = w  # not what the int8 copy holds: the float weights are read
    assert _bits_of(replaced.weights_at(some)) == _bits_of(w[some])


# --- sentence openings from the cached sentence word ranges (AiStyle.extract) --------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scorer.features.ai_style import _opening  # noqa: E402
from scorer.text import sentence_lengths, sentence_word_ranges, word_index  # noqa: E402


def _check_openings(text: str) -> int:
    """extract's opening key, _opening from the sentence's cached word range, is the one found by
    span_range's bisections, and the sentence's first two words (words_in, the regex)."""
    idx, n = word_index(text), 0
    for (s, e), nw, (i, _) in zip(sentences(text), sentence_lengths(text), sentence_word_ranges(text)):
        if nw >= 3:
            key = _opening(idx, s, e, i)
            assert key == _opening(idx, s, e) == tuple(w.lower() for w in idx.words_in(s, e)[:2]), (text[:200], s, e)
            n += 1
    return n


_PIECES = ["The", "the", "don't", "Don’t", "O'Neil", "‘quoted’", "“Said”", "café", "Élan", "日本", "x-y-z",
           "42", "3.5", "Mr.", "U.S.", "e.g.", "!", "?", ".", "…", ",", "'", "’", "\n", "\n\n", "  ", " ", "-", "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(min_size=1, max_size=6)), max_size=80))
def test_sentence_openings_from_the_ranges_on_generated_text(pieces):
    _check_openings(" ".join(pieces))
    _check_openings("".join(pieces))


def test_sentence_openings_from_the_ranges_on_the_corpus(corpus_texts):
    assert sum(map(_check_openings, corpus_texts)) > 10000
