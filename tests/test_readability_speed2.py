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


# --- sentences: trimmed lines and folded marks, each scanned by a pattern with a literal start ---

from scorer import text as text_mod  # noqa: E402


def _ref_sentences(text: str) -> tuple:
    """scorer.text._sentences_cached as it was: lines(), _SENT_END_RE per line on the text as
    written, the next sentence start found by a loop over the spaces."""
    spans = []
    for ls, le in text_mod.lines(text):
        start = ls
        for m in text_mod._SENT_END_RE.finditer(text, ls, le):
            end = m.end()
            if text[m.start()] == "." and m.end() - m.start() == 1 and text_mod._is_abbrev(text, m.start() + 1):
                continue
            k = end
            while k < le and text[k].isspace():
                k += 1
            if k < le and not (text[k].isupper() or text[k].isdigit() or text[k] in "\"'“‘(["):
                continue
            if end > start:
                spans.append((start, end))
            start = k
        if start < le:
            spans.append((start, le))
    return tuple(spans)


_SENTENCE_PIECES = (list(".!?… \n\t\r\"'”’“‘)]([aZ1²٣ΣİJ") + ["...", "?!", "U.S.", "Mr.", "e.g.", "…”", "\u2028", "\xa0",
                    "\u3000", "\x85", "\x1c", " Dr. Smith", " J. R. R.", "approx.", "etc.)", "No. 5", "word"])


def _sentence_texts() -> list[str]:
    rng = random.Random(29)
    texts = list(TEXTS) + ["", " ", "\n", "a.", "A. B", " . ", "x!  \n  Y", "end.  ", "end.\u2028", "Stop... Go. "
                           + "." * 2000 + "a", "a" + " " * 3000 + "b.  C", "x" + " " * 3000]
    texts += ["".join(rng.choice(_SENTENCE_PIECES) for _ in range(rng.randint(0, 40))) for _ in range(6000)]
    return texts


SENTENCE_TEXTS = _sentence_texts()


def test_trimmed_lines_are_lines():
    whitespace = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    for t in SENTENCE_TEXTS + [whitespace, "a" + whitespace + "b", whitespace.replace("\n", "") + "x\n" + whitespace]:
        assert [m.span() for m in text_mod._TRIMMED_LINE_RE.finditer(t)] == text_mod.lines(t), repr(t)


def test_folded_sentence_ends_are_the_marks_sentence_ends():
    found = 0
    for t in SENTENCE_TEXTS:
        folded = text_mod._folded_marks(t)
        assert len(folded) == len(t)
        for ls, le in text_mod.lines(t):
            got = list(text_mod._SENT_END_FOLDED_RE.finditer(folded, ls, le))
            assert [m.span() for m in got] == [m.span() for m in text_mod._SENT_END_RE.finditer(t, ls, le)], repr(t)
            for m in got:  # the next non-space character of the line is always captured
                k = m.end()
                while t[k].isspace():
                    k += 1
                assert m.start(1) == k < le, repr(t)
                assert m[1] == folded[k] and (m[1] == t[k] or t[k] in "!?…"), repr(t)
            found += len(got)
    assert found > 5000


def test_sentences_are_the_line_loop():
    for t in SENTENCE_TEXTS:
        assert text_mod._sentences_cached.__wrapped__(t) == _ref_sentences(t), repr(t)


def test_sentences_on_the_corpus(corpus_by_hash):
    for d in corpus_by_hash[::5]:
        assert text_mod._sentences_cached.__wrapped__(d.text) == _ref_sentences(d.text)


def test_folded_sentence_ends_stay_linear_on_runs_of_marks():
    line = "…" * 100_000 + "!?" * 100_000 + "a"
    assert list(text_mod._SENT_END_FOLDED_RE.finditer(text_mod._folded_marks(line))) == []
    assert text_mod.sentences("Stop... Go. " + "?" * 200_000 + "a")[0] == (0, 7)
    assert text_mod.lines("x" + " \t" * 200_000 + "\n" + "y" + " " * 200_000) == [(0, 1), (400_002, 400_003)]


# --- word counts of many spans in one loop ------------------------------------------------------

def test_span_word_counts_are_count_in():
    rng = random.Random(31)
    for t in SENTENCE_TEXTS[:3000] + [t * 3 for t in TEXTS[:50]]:
        idx = word_index(t)
        spans = list(text_mod._sentences_cached(t)) + [(p, q) for p, q in text_mod.lines(t)]
        cuts = sorted(rng.randint(0, len(t)) for _ in range(6))  # spans that cut words in half
        spans += list(zip(cuts, cuts[1:])) + [(0, len(t)), (len(t), len(t))]
        assert text_mod.span_word_counts(idx, spans) == tuple(idx.count_in(s, e) for s, e in spans), repr(t)
        assert text_mod.sentence_lengths(t) == tuple(idx.count_in(s, e) for s, e in text_mod.sentences(t))


# --- readability: per-word and per-character counts in C ----------------------------------------

import sys  # noqa: E402

ALL_CHARS = "".join(map(chr, range(sys.maxunicode + 1)))


def test_punct_sets_are_the_punct_class():
    got = {c for c in ALL_CHARS if (c.isascii() and ord(c) in rd._PUNCT_ASCII) or c in rd._PUNCT_NON_ASCII}
    assert got == set(rd._PUNCT_RE.findall(ALL_CHARS))
    assert all(not c.isascii() for c in rd._PUNCT_NON_ASCII)


@pytest.mark.parametrize("text", TEXTS + SENTENCE_TEXTS[-300:] + [ALL_CHARS[i:i + 5000] for i in range(0, len(ALL_CHARS), 5000)],
                         ids=lambda t: f"len{len(t)}")
def test_punct_count_is_the_class_count(text):
    assert rd.char_count(text, rd._PUNCT_ASCII, rd._PUNCT_NON_ASCII.__contains__) == len(rd._PUNCT_RE.findall(text))


def _words_tuples() -> list[tuple[str, ...]]:
    rng = random.Random(41)
    pool = ["a", "A", "abcdef", "abcdefg", "Abcdefgh", "ÉCOLE", "école", "ǅemal", "İstanbul", "ΣΟΦΟΣ", "σοφός", "Ⅻ",
            "ﬁnancial", "x" * 255, "X" * 256, "y" * 1000, "\ud800ab", "Zz", "日本語", "ß", "ẞ"]
    out = [(), ("A",), ("a",), tuple(pool)]
    out += [tuple(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(1000)]
    return out + [word_index(t).words for t in TEXTS + SENTENCE_TEXTS[-300:]]


def test_long_words_are_the_length_comparison():
    for words in _words_tuples():
        assert rd._long_words(words) == sum(1 for w in words if len(w) >= 7), words[:10]


def test_capitalised_words_are_the_first_letter_test():
    texts = TEXTS + SENTENCE_TEXTS[-300:] + [" ".join(w) for w in _words_tuples()]
    texts += ["\ud800Ab \udfffcd", "ǅemal Ǆ ǆ İi ΣΣ Ⅻ ⅻ", ALL_CHARS[:70000].replace("\n", " ")]
    for t in texts:
        idx = word_index(t)
        assert rd._capitalised_words(idx) == sum(w[0].isupper() for w in idx.words), repr(t[:200])


def test_ascii_upper_bytes_are_isupper():
    assert {chr(b) for b in rd._ASCII_UPPER} == {c for c in map(chr, range(128)) if c.isupper()}


# --- textstat's sentence fragments found with "!" and "?" written "." -------------------------------

def test_folded_fragments_are_textstats_fragments():
    rng = random.Random(43)
    pieces = list(".!?… \n\t'’\"-aZ1_") + ["it's", "'tis", "x'", "word", "U.S.", "!?", "...", "'ve", "\u2028", "ΣΣ"]
    texts = TEXTS + SENTENCE_TEXTS + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for t in texts:
        want = rd._TS_SENTENCE_RE.findall(t)
        folded = t.replace("!", ".").replace("?", ".")
        got = rd._TS_SENTENCE_FOLDED_RE.findall(folded)
        assert [m.span() for m in rd._TS_SENTENCE_FOLDED_RE.finditer(folded)] == \
            [m.span() for m in rd._TS_SENTENCE_RE.finditer(t)], repr(t)
        assert rd._short_fragments(got) == rd._short_fragments(want), repr(t)
        for g, w in zip(got, want):  # each fragment alone too
            assert rd._short_fragments([g]) == rd._short_fragments([w]), repr(w)


# --- gunning fog's difficult words read off the token counts when nothing changes on re-stripping ---

def _ref_difficult_words(lowered: list[str], easy) -> int:
    """The word-by-word count: each lowered word stripped and lowered again, as textstat does."""
    return sum(1 for lw in lowered if lw not in easy and rd._ts_syllables(lw) >= 3)


def _difficult_texts() -> list[str]:
    rng = random.Random(47)
    pool = ["İstanbul", "İİİ", "ΣΟΦΟΣ", "ΑΣ'", "don't", "DON'T", "rock'n'roll", "São", "Paulo", "naïve", "ǅemal", "ﬁnancial",
            "unbelievable", "internationalization", "ẞTRAẞE", "Ⅻ", "ⅻ", "ı", "ſ", "K", "Å", "'tis", "'Tis", "x'", "'ve",
            "ΐ", "ﬃ", "“quoted”", "—", "…", "日本語", "Привет", "мир", "\u0345", "\u1e9e", "\u2126", "\u212b"]
    out = TEXTS + [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    chars = "".join(c for c in ALL_CHARS if not 0xD800 <= ord(c) <= 0xDFFF)
    out += [" ".join(chars[i:i + 3000][j:j + 7] for j in range(0, 3000, 7)) for i in range(0, len(chars), 3000)]
    return out


def test_difficult_words_are_the_word_by_word_count():
    easy = rd._easy_words()
    fast = 0
    for t in _difficult_texts():
        stripped = rd._ts_strip_punct(t)
        low = stripped.lower()
        lowered = low.split()
        hard_poly = rd._token_counts(lowered)[3]
        assert rd._difficult_words(stripped, low, lowered, hard_poly, easy) == _ref_difficult_words(lowered, easy), t[:100]
        fast += not stripped.isascii() and rd._settled(low)
    assert fast > 500  # the non-ASCII shortcut was taken


def test_lowering_a_lowered_character_keeps_it():
    """_settled reads ``others.lower() == others`` as each character being its own lower case."""
    for c in ALL_CHARS:
        low = c.lower()
        assert low.lower() == low, hex(ord(c))
