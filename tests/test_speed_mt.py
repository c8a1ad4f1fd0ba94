"""The mt family's fast paths against straightforward reference implementations kept here.

Each test compares a faster path with the code it replaced (copied below as it was, or in
tests/reference_impls.py when it was the package's own until the fast path replaced it), on
varied inputs: real-news-like prose, Unicode, empty text, very long tokens, random mixes.
"""
from __future__ import annotations

import hashlib
import random

import pytest

import reference_impls
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
        assert mt_lexicon.bigram_key(a, b) == _bigram_key_reference(a, b), (a, b)
    # Keys computed one after another share no state (each from a fresh copy).
    assert [mt_spinswap.word_key.__wrapped__(w) for w in ("x", "x", "y")] == list(map(_word_key_reference, "xxy"))


def test_hash_keys_refuse_what_the_reference_refuses():
    with pytest.raises(UnicodeEncodeError):
        _word_key_reference("\ud800")
    with pytest.raises(UnicodeEncodeError):
        mt_spinswap.word_key.__wrapped__("\ud800")
    with pytest.raises(UnicodeEncodeError):
        mt_lexicon.bigram_key("a", "\udfff")


# --- swap in context: one SwapScore per candidate, built without the dataclass __init__ ---------
def _best_reference(table, i, start, end, word, left, right):
    """mt_spinswap._best as it was: a SwapScore per better expected word."""
    S = mt_spinswap
    wk = _word_key_reference(word)
    exp = table.subs.get(wk)
    if not exp or (left is None and right is None):
        return None
    uw = table.unigrams.get(wk, 0)
    best = None
    for ek in exp:
        ue = table.unigrams.get(ek, 0)
        if ue == 0:
            continue
        total, sides = 0.0, []
        if left is not None:
            lr, ce, cw = S._side(table, left, _pair_key_reference(left, ek, True), _pair_key_reference(left, wk, True), ue, uw)
            total += lr
            sides.append((lr, "left", left, ce, cw))
        if right is not None:
            lr, ce, cw = S._side(table, right, _pair_key_reference(right, ek, False), _pair_key_reference(right, wk, False), ue, uw)
            total += lr
            sides.append((lr, "right", right, ce, cw))
        lr_s, side, ctx, ce, cw = max(sides, key=lambda s: (s[3] > 0 and s[4] == 0, s[0]))
        if best is None or total > best.score:
            best = S.SwapScore(i, start, end, word, ek, total, side, ctx, ce, cw)
    return best


def _token_scores_reference(text, table):
    tokens = mt_spinswap.context_tokens(text)
    out = []
    for i, t in enumerate(tokens):
        left = tokens[i - 1].word if t.joined else None
        right = tokens[i + 1].word if i + 1 < len(tokens) and tokens[i + 1].joined else None
        b = _best_reference(table, i, t.start, t.end, t.word, left, right)
        if b is not None:
            out.append(b)
    return out


def _swap_texts() -> list[str]:
    """Prose holding many of the table's substitutes next to varied neighbours."""
    table = mt_spinswap.current_table()
    subs = [w for w in (mt_spinswap.expected_spelling(k) for k in table.subs) if w][:400]
    rng = random.Random(11)
    fillers = ["the", "a", "of", "inflation", "rate", "speed", "area", "region", "at", "least", "said", "new",
               "Officials", "market", "price", "growth", ",", ".", "\n", "’s", "don’t"]
    out = list(PROSE)
    for _ in range(150):
        words = [rng.choice(subs) if rng.random() < 0.4 else rng.choice(fillers) for _ in range(rng.randint(1, 60))]
        out.append("".join(w if w in ",." else rng.choice([" ", " ", "  ", "\t", "\u00a0", "    "]) + w for w in words))
    return out


def _same_scores(got, want) -> bool:
    return (got == want and [repr(s) for s in got] == [repr(s) for s in want]
            and [vars(s) for s in got] == [vars(s) for s in want]
            and [s.score.hex() for s in got] == [s.score.hex() for s in want])


def test_swap_scores_equal_the_former_per_token_best(monkeypatch):
    table = mt_spinswap.current_table()
    texts = _swap_texts()
    n = 0
    for text in texts:
        want = _token_scores_reference(text, table)
        n += len(want)
        assert _same_scores(mt_spinswap.token_scores(text, table), want), text
        assert _same_scores(mt_spinswap.token_scores(text, table, mt_spinswap.context_tokens(text)), want), text
    assert n > 500  # the texts do exercise the scores
    # Again with a tiny in-context store: entries dropped and made again.
    monkeypatch.setattr(mt_spinswap, "_IN_CONTEXT", [None, {}])
    monkeypatch.setattr(mt_spinswap, "_IN_CONTEXT_MAX", 3)
    for text in texts[:60]:
        assert _same_scores(mt_spinswap.token_scores(text, table), _token_scores_reference(text, table)), text


def test_swap_scores_of_min_score_are_the_scores_that_reach_it():
    """The extractor asks for the scores of at least MIN_TOKEN_SCORE only: the same SwapScores as
    filtering every score, and the same hits and document values as from every score."""
    from scorer.text import word_index

    table = mt_spinswap.current_table()
    m = mt_spinswap.MIN_TOKEN_SCORE
    n = 0
    for text in _swap_texts():
        every = _token_scores_reference(text, table)
        kept = [s for s in every if s.score >= m]
        n += len(kept)
        folded = [w.lower().replace("’", "'") for w in word_index(text).words]
        for got in (mt_spinswap.token_scores(text, table, min_score=m),
                    mt_spinswap.token_scores(text, table, folded=folded, min_score=m),
                    mt_spinswap.token_scores(text, table, mt_spinswap.context_tokens(text), min_score=m)):
            assert _same_scores(got, kept), text
            assert mt_spinswap.spinswap_hits(text, table, got) == mt_spinswap.spinswap_hits(text, table, every)
            assert (mt_spinswap.spinswap_values(text, table, None, got)
                    == mt_spinswap.spinswap_values(text, table, None, every))
    assert n >= 5  # some scores do reach it (10 of ~1,000 candidates: most hits)


def test_swap_score_of_equals_the_dataclass_constructor():
    values = (3, 10, 15, "speed", 12345, 2.75, "left", "inflation", 4, 0)
    a, b = mt_spinswap.SwapScore(*values), mt_spinswap.SwapScore.of(*values)
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b) and vars(a) == vars(b)
    assert list(vars(a)) == list(vars(b)) and a.to_dict() == b.to_dict() and type(b) is mt_spinswap.SwapScore
    with pytest.raises(AttributeError):  # still frozen (dataclasses.FrozenInstanceError)
        b.score = 0.0


# --- function-word profile: shapes from the whitespace runs ---------------------------------------
_SHAPE_PIECES = ["The", "the", "THE", "It’s", "it's", "Paris", "paris", "ǅemal", "Éric", "3", "3rd", "3.5", "1,000",
                 ".", "!", "?", '"', "“", "”", "«", "»", "—", "–", ",", "(", ")", ":", ";", "However", "of", "Of",
                 "Ⅻ", "²", "x", "I", "A", "co-founder", "don’t", "rock‘n‘roll", "_", "__init__", "中文", "e.g.",
                 "U.S.", "-", "'", "’", "‘", "A380", "x" * 40, "Ab" * 20]
_SPACES = [" ", " ", " ", "", "", "\n", "\t", "\u00a0", "\x1c", "\u2028", "\u3000", "  \n "]


def _shape_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_SHAPE_PIECES) + rng.choice(_SPACES) for _ in range(rng.randint(0, 40)))
            for _ in range(n)]


def test_text_shapes_equal_shaping_the_token_strings(monkeypatch):
    from scorer.features import mt_ngram as mn
    from scorer.features import mt_profile as mp
    from scorer.memo import BoundedCache

    def via_runs(text):  # the extractor's path: the runs memoised with the n-gram entries
        return mp.shapes_of_runs(mn.profile_shapes(mn.text_runs(text)))

    texts = PROSE + _shape_texts(5, 3000) + ["\n".join(PROSE)]
    for text in texts:
        want = reference_impls.shape_words(reference_impls.token_strings(text))
        assert mp.text_shapes(text) == want, text
        assert via_runs(text) == want, text
    # Tiny caches: runs and tokens dropped and made again, runs of 5+ characters never kept.
    monkeypatch.setattr(mn, "_RUNS", BoundedCache(mn._run_entries, 8, 4))
    monkeypatch.setattr(mn, "_TOKENS", BoundedCache(mn._token_entry, 8, 4))
    monkeypatch.setattr(mp, "_SHAPES", BoundedCache(mp._token_shape, 8, 4))
    for text in texts[:500]:
        assert via_runs(text) == reference_impls.shape_words(reference_impls.token_strings(text)), text
    assert len(mn._RUNS) <= 8 and all(len(k) <= 4 for k in mn._RUNS)


def test_profile_score_from_shape_ids_equals_scoring_the_shape_strings(monkeypatch):
    """The extractor's function-word score (packed shape ids, placeholders resolved in numpy)
    equals fwngram_score of the stream of strings to the bit: with the shipped table, with
    tables over random shapes (odd-class tokens such as "Ⅻ" and "²" included, which have no
    fixed id: the strings path), and with tiny run caches."""
    from scorer.features import mt_ngram as mn
    from scorer.features import mt_profile as mp
    from scorer.memo import BoundedCache

    texts = PROSE + _shape_texts(7, 2000) + ["\n".join(PROSE), "Ⅻ Ⅻ² ½ The. Paris “Yes” " * 8]
    streams = [mp.shapes_of_runs(mn.profile_shapes(mn.text_runs(t))) for t in texts]
    rng = random.Random(8)
    vocab = sorted({x for st in streams for x in st})
    tables = [mp.load_fwngram(), {}]
    for with_other in (False, True):
        words = [x for x in vocab if with_other or x in mp._SHAPE_ID]
        table = {}
        for _ in range(400):
            key = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
            table[key] = rng.choice([rng.uniform(-3, 3), 0.0, -0.0, 1e-300])
        tables.append(table)
    assert any(x not in mp._SHAPE_ID for x in vocab)  # the strings path is exercised
    for table in tables:
        for text, stream in zip(texts, streams):
            runs = mn.text_runs(text)
            flat = [x for line in runs for x in line]
            got = mp.fwngram_score_of_ids(b"".join(r[3] for r in flat), lambda: stream, table)
            want = mp.fwngram_score(stream, table)
            assert (got is None and want is None) or got.hex() == want.hex(), text
    for text, stream in zip(texts, streams):
        want = mp.fwngram_score(stream)
        got = mn.profile_score(mn.text_runs(text))
        assert (got is None and want is None) or got.hex() == want.hex(), text
    monkeypatch.setattr(mn, "_RUNS", BoundedCache(mn._run_entries, 8, 4))
    for text, stream in zip(texts[:300], streams):
        want = mp.fwngram_score(stream)
        got = mn.profile_score(mn.text_runs(text))
        assert (got is None and want is None) or got.hex() == want.hex(), text


def test_text_cells_from_the_shared_runs_equal_the_cells_of_sentence_tokens(monkeypatch):
    """text_cells given the runs the extractor read (keyed by the runs as written, straightened
    inside) equals the cells of sentence_tokens, quotes and odd whitespace included."""
    from scorer.features import mt_ngram as mn
    from scorer.memo import BoundedCache

    texts = PROSE + _shape_texts(6, 2000) + ["\n".join(PROSE), "“Quoted,” he said. ‘Yes’ — «non»!\nrock‘n‘roll’s"]
    for size in (None, 8):
        if size:
            monkeypatch.setattr(mn, "_RUNS", BoundedCache(mn._run_entries, size, 4))
            monkeypatch.setattr(mn, "_TOKENS", BoundedCache(mn._token_entry, size, 4))
        for text in texts[: None if size is None else 400]:
            want = mn.doc_cells(mn.sentence_tokens(text))
            for got in (mn.text_cells(text, mn.text_runs(text)), mn.text_cells(text)):
                assert got.uni.tolist() == want.uni.tolist() and got.bi.tolist() == want.bi.tolist(), text
                assert got.sent.tolist() == want.sent.tolist(), text


def _run_entries_reference(run):
    """mt_ngram._run_entries before the letters and marked-word ways: every run read whole."""
    from scorer.features import mt_artifacts as ma
    from scorer.features import mt_ngram as mn
    from scorer.features import mt_profile as mp

    s = run if run.isascii() else mn._straighten(run)
    if s.isalnum():
        entries = (mn._token_entry(s),)
    else:
        entries = tuple(map(mn._token_entry, mn._TOK_RE.findall(s)))
    shapes = tuple(map(mp._token_shape, mp._TOK_RE.findall(run)))
    return entries, shapes, b"".join(e[4] for e in entries), mp.shape_ids(shapes), run, ma.run_flags(run)


def test_runs_of_letters_and_marked_words_equal_reading_the_run_whole(monkeypatch):
    """A run of letters, and letters with marks stuck on (put together from the parts' runs),
    give the entries, shapes, records and ids of reading the whole run, also when the parts'
    runs are dropped from a tiny cache meanwhile."""
    from scorer.features import mt_ngram as mn
    from scorer.memo import BoundedCache

    marks = list(mn._MARKS) + ["", "", "_", "'s", "’s", "3", "²", "Ⅻ", "-x", "’t", "..", "“(", ".”", "),"]
    cores = ["said", "The", "AP", "x", "Ünïcödé", "中文", "ǅemal", "ſ", "İstanbul", "don’t", "co-founder", "e.g",
             "A380", "3rd", "", "rock‘n‘roll", "ab" * 20]
    rng = random.Random(11)
    runs = {a + c + b for a in marks for c in cores for b in marks[:12]}
    runs |= {"".join(rng.choice(marks) + rng.choice(cores) + rng.choice(marks) for _ in range(rng.randint(1, 3)))
             for _ in range(3000)}
    runs = sorted(r for r in runs if r and not any(ch.isspace() for ch in r))
    assert sum(1 for r in runs if mn._marked_word(r)) > 1000
    for size in (None, 8):
        if size:
            monkeypatch.setattr(mn, "_RUNS", BoundedCache(mn._run_entries, size, 4))
        for run in runs:
            assert mn._run_entries(run) == _run_entries_reference(run), run
            assert mn._RUNS[run] == _run_entries_reference(run), run


def test_a_run_of_letters_is_one_profile_token():
    """What _run_shapes relies on: every character str.isalpha() accepts is one the word pattern
    starts and continues with (and no letter is whitespace)."""
    import re

    from scorer.features import mt_profile as mp

    for c in map(chr, range(0x110000)):
        if c.isalpha():
            assert mp._TOK_RE.findall(c + c) == [c + c] and not c.isspace(), hex(ord(c))
    assert re.fullmatch(r"[^\W\d_]", "x")


# --- tortured bigrams: every pair hashed ------------------------------------------------------------
def _tortured_bigram_hits_reference(text: str) -> list:
    """A loop over every adjacent pair of lower-case words, hashed by the former call."""
    from scorer.text import WORD_RE

    bigrams = mt_lexicon.load_table()["bigrams"]
    ms = list(WORD_RE.finditer(text))
    out = []
    for m1, m2 in zip(ms, ms[1:]):
        w1, w2 = m1.group(), m2.group()
        if w1.islower() and w2.islower() and _bigram_key_reference(w1, w2) in bigrams \
                and m2.start() - m1.end() == 1 and text[m1.end()] == " ":
            out.append(mt_lexicon.Hit(m1.start(), m2.end(), "tortured_bigram",
                                      "word pair that synonym spinners produce (Problematic Paper Screener statistics)"))
    return out


def test_tortured_bigram_hits_equal_hashing_every_pair():
    texts = PROSE + [
        "counterfeit consciousness and profound learning, profound  learning, profound-learning",
        "Profound learning. profound learning\nprofound learning, profound\u00a0learning",
    ]
    texts += [" ".join(_random_words(s, 50)) for s in range(30)]
    found = 0
    for t in texts + texts:  # the second time, the pairs are in the memo (_pair_flags)
        got = mt_lexicon.tortured_bigram_hits(t)
        assert got == _tortured_bigram_hits_reference(t), t
        found += len(got)
    assert found  # the texts do hold pairs of the table


def test_tortured_pair_memo_is_bounded_and_per_table(monkeypatch):
    from scorer.memo import BoundedCache

    table = mt_lexicon.load_table()
    bigrams = table["bigrams"]
    texts = ["counterfeit consciousness and profound learning, profound learning " + "x" * 45 + " learning"]
    texts += [" ".join(_random_words(s, 50)) for s in range(10)]
    # A tiny memo: pairs dropped and made again, pairs of over 4 characters never kept.
    monkeypatch.setattr(mt_lexicon, "_PAIRS_IN",
                        [bigrams, BoundedCache(lambda p: mt_lexicon._pair_key(p) in bigrams, 8, 4)])
    for t in texts * 2:
        assert mt_lexicon.tortured_bigram_hits(t) == _tortured_bigram_hits_reference(t), t
    assert len(mt_lexicon._PAIRS_IN[1]) <= 8 and all(len(k) <= 4 for k in mt_lexicon._PAIRS_IN[1])
    # Another table: its own memo, not the answers kept for the shipped one.
    one = dict(table, bigrams=frozenset({mt_lexicon.bigram_key("profound", "learning")}))
    t = texts[0]
    assert [h.start for h in mt_lexicon.tortured_bigram_hits(t)] == [h.start for h in _tortured_bigram_hits_reference(t)]
    assert len(mt_lexicon.tortured_bigram_hits(t, one)) == 2
    assert mt_lexicon.tortured_bigram_hits(t) == _tortured_bigram_hits_reference(t)  # the shipped table again
    assert all(mt_lexicon._pair_key(f"{a} {b}") == _bigram_key_reference(a, b)
               for a, b in zip(WORDS, WORDS[1:]) if "\ud800" not in a + b)


# --- Zipf values through the bounded memo -----------------------------------------------------------
def test_zipf_memo_equals_word_freq(monkeypatch):
    from scorer.features import mt_words, word_freq

    words = WORDS + _random_words(3, 2000) + [w.lower() for t in PROSE for w in t.split()] + ["the", "of", "x" * 33]
    want = [word_freq.zipf(w).hex() for w in words]
    assert [mt_words.zipf(w).hex() for w in words] == want
    assert [z.hex() for z in map(mt_words.ZIPF.__getitem__, words)] == want
    monkeypatch.setattr(mt_words.ZIPF, "_max_keys", 16)  # cleared many times over
    mt_words.ZIPF.clear()
    assert [mt_words.zipf(w).hex() for w in words * 2] == want * 2
    assert len(mt_words.ZIPF) <= 16 and all(len(k) <= 32 for k in mt_words.ZIPF)
    mt_words.ZIPF.clear()


# --- per-word facts: one memoised row per distinct word ----------------------------------------
def _word_texts() -> list[str]:
    return PROSE + [" ".join(_random_words(s, 80)) for s in range(20)] + [
        "Don’t DON'T don't It’s Ǆemal ǅemal İstanbul ıi ſtreet Σίσυφος ΣΊΣΥΦΟΣ co-Founder ﬁnance Ⅻ",
        " ".join(["x" * 33, "Y" * 40, "the", "The", "THE", "of", "Of"])]


def test_word_columns_equal_the_per_word_expressions(monkeypatch):
    from scorer.features import mt_words
    from scorer.memo import BoundedCache
    from scorer.text import word_index

    fw = mt_words.FUNCTION_WORDS
    for size in (None, 8):
        if size:  # a tiny memo: rows dropped and made again, long words never kept
            monkeypatch.setattr(mt_words, "WORD_FACTS", BoundedCache(mt_words._word_facts, size, 4))
        for text in _word_texts():
            ws = word_index(text).words
            cols = mt_words.word_columns(ws)
            folded = [w.lower().replace("’", "'") for w in ws]
            assert list(cols.folded) == folded
            assert [z.hex() for z in cols.zipfs] == [mt_words.zipf(w).hex() for w in folded]
            assert list(cols.function_word) == [w in fw for w in folded]
            assert list(cols.upper) == [w[0].isupper() for w in ws]
            assert list(cols.lower) == [w.islower() for w in ws]
            assert list(cols.content) == [w.islower() and w.isalpha() and w not in fw for w in ws]
            assert all(type(x) is bool for c in cols[2:] for x in c)
    assert mt_words.word_columns(()) == mt_words.WordColumns((), (), (), (), (), ())


def test_capitalised_mid_sentence_equals_testing_every_word():
    from scorer.features import mt
    from scorer.features.mt_words import word_columns
    from scorer.text import word_index

    for text in _word_texts() + ["A. B? C! “D” (E) [F] G\n H:  I\t( J"]:
        idx = word_index(text)
        want = [w[0].isupper() and not mt._opens_sentence(text, s) for w, s in zip(idx.words, idx.starts)]
        assert mt._capitalised_mid_sentence(text, idx, word_columns(idx.words).upper) == want, text


def test_tortured_bigram_hits_from_the_columns_equal_those_without():
    from scorer.features.mt_words import word_columns
    from scorer.text import word_index

    texts = _word_texts() + ["counterfeit consciousness and profound learning, Profound learning profound learning"]
    table = mt_lexicon.load_table()
    for content_pairs in (True, False):
        t = dict(table, content_pairs=content_pairs)
        for text in texts:
            cols = word_columns(word_index(text).words)
            assert mt_lexicon.tortured_bigram_hits(text, t, cols) == mt_lexicon.tortured_bigram_hits(text, t), text


def _spin_word_score_reference(words, table=None):
    """mt_lexicon.spin_word_score as it was: a Python step per word."""
    table = table or mt_lexicon.load_table()
    sw = table["spin_words"]
    total = 0.0
    first, light = {}, {}
    for i, w in enumerate(words):
        s = sw.get(w)
        if s:
            total += s
            shown = first if s >= mt_lexicon.SPIN_WORD_EVIDENCE_MIN else light
            if w not in shown:
                shown[w] = (s, i)
    top = sorted((first or light).values(), key=lambda t: (-t[0], t[1]))[:mt_lexicon.SPIN_WORD_EVIDENCE]
    return total, sorted((i, s) for s, i in top)


def test_spin_word_score_equals_a_step_per_word():
    table = mt_lexicon.load_table()
    listed = sorted(table["spin_words"])
    rng = random.Random(4)
    zero = dict(table, spin_words={**table["spin_words"], "zero": 0.0, "neg": -0.5})
    for k in range(200):
        words = [rng.choice(listed) if rng.random() < 0.3 else rng.choice(["the", "zero", "neg", "x", "rate"])
                 for _ in range(rng.randint(0, 80))]
        for t in (table, zero):
            got, want = mt_lexicon.spin_word_score(words, t), _spin_word_score_reference(words, t)
            assert got == want and got[0].hex() == want[0].hex()
            assert mt_lexicon.spin_word_score(tuple(words), t) == want


# --- regex scans replaced by str.find, byte deletion, or a literal-first pattern -----------------
def _spacing_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    pieces = list("aAé ß5٣²-%$€£¥₹,;'’s\n_.x") + ["and", "or ", "Meta ’s", "Meta' s", "AI -team", "$ 100", "É", "'s", " 's"]
    return PROSE + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(n)]


def _spacing_hits_reference(text: str) -> list:
    """mt_artifacts.spacing_hits as it was: every pattern scanned over the whole text."""
    from scorer.features import mt_artifacts as ma

    hits = []
    for m in ma._CURRENCY_RE.finditer(text):
        end = m.end()
        while end < len(text) and end - m.end() < 20 and (text[end].isdigit() or text[end] in ".,"):
            end += 1
        hits.append(ma.Hit(m.start(), end, "currency_space", "space between a currency sign and its amount (MT re-tokenisation)"))
    for m in ma._PERCENT_RE.finditer(text):
        hits.append(ma.Hit(m.start(), m.end(), "percent_space", "space before a percent sign"))
    for rx, kind, why in ((ma._HYPHEN_SPACE_RE, "hyphen_space", "space before the hyphen of a compound"),
                          (ma._HYPHEN_TRAIL_RE, "hyphen_space", "space after the hyphen of a compound")):
        for m in rx.finditer(text):
            s, e = ma._word_around(text, m.start(), m.end())
            hits.append(ma.Hit(s, e, kind, why))
    for m in ma._SPACE_PUNCT_RE.finditer(text):
        s, _ = ma._word_around(text, m.start(), m.start())
        hits.append(ma.Hit(s, m.end(), "space_before_punct", "space before punctuation"))
    for m in ma._APOS_RE.finditer(text):
        s, _ = ma._word_around(text, m.start(), m.start())
        hits.append(ma.Hit(s, m.end(), "broken_apostrophe", "possessive split around the apostrophe"))
    hits.sort(key=lambda h: h.start)
    return hits


def test_spacing_hits_equal_scanning_every_pattern():
    from scorer.features import mt_artifacts as ma

    found = 0
    for text in _spacing_texts(21, 20000):
        want = _spacing_hits_reference(text)
        assert ma.spacing_hits(text) == want, text
        assert [m.span() for m in ma._apostrophe_matches(text)] == [m.span() for m in ma._APOS_RE.finditer(text)], text
        found += sum(h.kind == "broken_apostrophe" for h in want)
    assert found > 100


def test_char_positions_equal_a_regex_scan():
    import re

    from scorer.features.mt_artifacts import char_positions

    for text in _spacing_texts(22, 3000):
        for chars in ("'’", "$€£¥₹", "s", "’"):
            assert char_positions(text, chars) == [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]


def test_nonlatin_letters_equal_scanning_the_whole_text():
    from scorer.features import mt_profile as mp

    every = "".join(map(chr, range(0x110000)))  # lone surrogates included
    for text in [every, every[::-1], every[::7]] + _spacing_texts(23, 2000) + _word_texts():
        assert mp.nonlatin_letters(text) == len(mp._NONLATIN_RE.findall(text))
    assert mp.non_ascii_chars(every) == "".join(c for c in every if ord(c) > 127)


def test_pronoun_pattern_equals_the_word_boundary_first_form():
    import re

    from scorer.features import mt

    plain = re.compile(r"\b(?:he|she|it)\s([a-z]{3,15})\b")
    rng = random.Random(24)
    pieces = ["he", "she", "it", "He", "the", "ashe", "shell", " ", "  ", "\n", "\t", "polish", "go", "x" * 16,
              "é", "_", "5", "-", "runs", "’", "he\u00a0walk", "it's"]
    texts = _word_texts() + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(20000)]
    found = 0
    for text in texts:
        want = [(m.span(), m.span(1)) for m in plain.finditer(text)]
        assert [(m.span(), m.span(1)) for m in mt._PRON_BARE_RE.finditer(text)] == want, text
        found += len(want)
    assert found > 1000


def test_calque_gate_equals_testing_every_calque():
    from scorer.features.mt_lexicon import _LETTER_RUNS, _calque_gate
    from scorer.text import fold_case

    gate = _calque_gate()
    words = sorted({w.decode() for ws in gate.words for w in ws})
    rng = random.Random(25)
    texts = _word_texts() + [" ".join(rng.choice(words + ["the", "X-ray", "é"]) for _ in range(rng.randint(0, 12)))
                             for _ in range(5000)]
    opened = 0
    for text in texts:
        folded = fold_case(text)
        runs = set(folded.encode("ascii", "replace").translate(_LETTER_RUNS).split())
        want = any(all(map(runs.__contains__, ws)) for ws in gate.words)
        assert gate.may_match(folded) == want, text
        opened += want
    assert 100 < opened < len(texts) - 100


def test_calque_hits_searching_the_candidates_only_equal_searching_all_calques():
    """calque_hits searches a text for the calques whose words it holds, by a pattern of those
    alone: the same matches as the pattern of every calque, on texts built from calques (whole,
    cased, hyphenated, glued, overlapping, with words of other calques) and prose."""
    from scorer.features import mt_lexicon as ml
    from scorer.text import fold_case

    full = ml._calque_re()
    gate = ml._calque_gate()
    calques = list(ml.CALQUES)
    words = sorted({w.decode() for ws in gate.words for w in ws})
    rng = random.Random(26)
    texts = list(PROSE)
    for _ in range(4000):
        bits = []
        for _ in range(rng.randint(1, 8)):
            c = rng.random()
            if c < 0.3:
                k = rng.choice(calques)
                bits.append(rng.choice([k, k.upper(), k.title(), k.replace(" ", "-"), k.replace(" ", "  ")]))
            elif c < 0.8:
                bits.append(rng.choice(words))
            else:
                bits.append(rng.choice(["the", "x-", "-", "é", "İ", "ſ", "said", ".", "a" * 3]))
        texts.append(rng.choice([" ", "", "-", "\n"]).join(bits))
    found = searched = 0
    for text in texts:
        want = [(m.span(), m.group()) for m in full.finditer(text)]
        folded = fold_case(text)
        may = gate.candidates(folded)
        assert gate.candidates(folded, ml.letter_runs(folded)) == may  # the runs shared with cohesive_count
        got = [(m.span(), m.group()) for m in ml._calques_re(may).finditer(text)] if may else []
        assert got == want, text
        assert [(h.start, h.end, h.reason) for h in ml.calque_hits(text)] == [
            (h.start, h.end, h.reason) for h in _calque_hits_full(text)], text
        assert ml.calque_hits(text, folded, ml.letter_runs(folded)) == ml.calque_hits(text), text
        found += len(want)
        searched += 0 < len(may) < len(calques)
    assert found > 1000 and searched > 1000


def _calque_hits_full(text):
    """calque_hits as before: the pattern of every calque, after the gate."""
    import re as re_

    from scorer.features import mt_lexicon as ml
    from scorer.features.mt_artifacts import Hit
    from scorer.text import fold_case

    if not ml._calque_gate().may_match(fold_case(text)):
        return []
    out = []
    for m in ml._calque_re().finditer(text):
        key = re_.sub(r"[ \-]", " ", m.group().lower())
        exp = ml.CALQUES.get(key) or next((v for k, v in ml.CALQUES.items() if k.replace("-", " ") == key), None)
        out.append(Hit(m.start(), m.end(), "calque", f"literal rendering of an idiom or spinner substitution (expected: '{exp}')"))
    return out


def test_casing_hits_from_whitespace_runs_equal_every_token_version(monkeypatch):
    """casing_hits reads a text's whitespace runs (each run's flags) and finds a picked run
    again by its text: the same hits as the every-token reference, whether it
    reads the runs itself or gets them memoised from mt_ngram.text_runs, with runs that recur
    inside longer runs ("AI" in "AIAI", "xAI", "AI-AI"), every kind of whitespace, shouted lines
    and a cache too small to keep them."""
    from test_speed_paths import CASING_TEXTS, _random_casing_text, _reference_casing_hits

    from scorer.features import mt_artifacts as ma
    from scorer.features import mt_ngram as mn
    from scorer.memo import BoundedCache

    rng = random.Random(31)
    spaces = [" ", " ", "\n", "\t", "\u3000", "\x1c", "\u2028", "\xa0", "\u200b", "  \n "]
    words = ["AI", "ai", "Ai", "AIAI", "xAI", "AI-AI", "AI.", "(AI)", "US", "us", "DeepSeek", "Deepseek", "deepseek",
             "iPhone", "Iphone", "iphone", "Openai", "said", "Dubai", "BIG", "Big", "X-ray", "é", "AIé", "@Openai",
             "github.com/Openai", "CEO", "Ceo", "ceo,", "NATO", "Nato"]
    texts = list(CASING_TEXTS) + [_random_casing_text(rng) for _ in range(1500)]
    texts += ["".join(rng.choice(words) + rng.choice(spaces) for _ in range(rng.randint(0, 30))) for _ in range(1500)]
    texts += ["AI" * 500 + " AI " + "xAI " * 100 + "AI", " AI", "AI ", "\tAI\n", "", "   "]
    # Many forms seen in some casing (acronyms, camel case), and lower-case variants of them in
    # and around other tokens ("9us", "x-us", "us.", "US-based", "bus"): both ways of finding
    # the runs that hold them.
    forms = ["US", "UK", "TV", "ABC", "NBA", "McCain", "iPad", "MacBook", "GoPro", "PhD", "XYZ", "QQ"]
    variants = [f(x) for x in forms for f in (str.lower, str.title, str.upper, lambda w: "9" + w.lower(),
                                                lambda w: "x-" + w.lower(), lambda w: w.lower() + ".",
                                                lambda w: w + "-based", lambda w: "b" + w.lower())]
    texts += [" ".join(rng.choice(forms + variants + ["said", "the", "bus"]) for _ in range(rng.randint(1, 60)))
              for _ in range(800)]
    flagged = 0
    for size, max_forms in ((None, None), (None, 0), (None, 1000), (8, None)):
        if size:  # runs dropped and made again, runs of 5+ characters never kept
            monkeypatch.setattr(mn, "_RUNS", BoundedCache(mn._run_entries, size, 4))
        if max_forms is not None:
            monkeypatch.setattr(ma, "_MAX_SEARCHED_FORMS", max_forms)
        for text in texts[: None if size is None else 600]:
            want = _reference_casing_hits(text)
            assert [(h.start, h.end, h.kind) for h in ma.casing_hits(text)] == want, ascii(text)
            got = ma.casing_hits(text, *mn.run_casings(mn.text_runs(text)))
            assert [(h.start, h.end, h.kind) for h in got] == want, ascii(text)
            assert got == ma.casing_hits(text)  # reasons too
            flagged += bool(want)
    assert flagged > 2000


def test_run_starts_find_each_picked_run():
    from scorer.features import mt_artifacts as ma

    text = "AIAI xAI AI-AI\tAI\u3000(AI) AI\nAIx AI"
    runs = text.split()
    picked = [r for r in runs if r == "AI"]
    assert list(ma._run_starts(text, picked)) == [i for i in range(len(text)) if text.startswith("AI", i)
                                                   and (i == 0 or text[i - 1].isspace())
                                                   and (i + 2 == len(text) or text[i + 2].isspace())]
    assert list(ma._run_starts(text, runs)) == [m.start() for m in __import__("re").finditer(r"\S+", text)]
    with pytest.raises(ValueError):
        list(ma._run_starts(text, ["AIAIAI"]))


def test_fold_case_keeps_what_the_case_insensitive_markers_see():
    """What counting the cohesive markers in fold_case(text) without re.I rests on, for every
    code point: one character folds to one; it folds to an ASCII letter exactly when re.I
    matches it with that letter; its word/non-word class is kept; only a space folds to one."""
    import re
    import string

    from scorer.text import fold_case

    word = re.compile(r"\w")
    any_letter = re.compile("[a-z]", re.I)  # under re.I, what some ASCII letter matches
    letters = {c: re.compile(c, re.I) for c in string.ascii_lowercase}
    for c in map(chr, range(0x110000)):
        f = fold_case(c)
        assert len(f) == 1, hex(ord(c))
        assert bool(word.match(c)) == bool(word.match(f)), hex(ord(c))
        assert (f == " ") == (c == " ")
        if any_letter.match(c) or f in letters:
            assert [a for a, rx in letters.items() if rx.fullmatch(c)] == [f], hex(ord(c))


def test_cohesive_count_in_the_folded_text_equals_the_case_insensitive_scan():
    from scorer.features import mt_lexicon as ml
    from scorer.features import mt_profile as mp
    from scorer.features.mt_words import COHESIVE_MARKERS
    from scorer.text import fold_case

    rng = random.Random(26)
    odd = {"s": "\u017fS", "k": "\u212aK", "i": "\u0130\u0131I"}
    phrases = []
    for m in COHESIVE_MARKERS:
        for _ in range(3):
            phrases.append("".join(rng.choice(odd.get(c, c.upper())) if rng.random() < 0.4 else c for c in m))
    pieces = phrases + ["-", "_", "5", "é", "Σ", "ΑΣ", "x", "\n", "  ", "'", "’", ",", "also-ran", "İndeed"]
    texts = PROSE + _word_texts() + ["".join(rng.choice(pieces + [" "] * 8) for _ in range(rng.randint(0, 30)))
                                     for _ in range(5000)]
    found = 0
    for text in texts:
        want = [m.span() for m in mp._COHESIVE_RE.finditer(text)]
        assert [m.span() for m in mp._COHESIVE_FOLDED_RE.finditer(fold_case(text))] == want, text
        assert mp.cohesive_count(text) == mp.cohesive_count(text, fold_case(text)) == len(want)
        # Only the markers whose words are all runs of a-z of the folded text (the gate shared with
        # the calques): the same matches.
        folded = fold_case(text)
        parts = ml.letter_runs(folded)
        may = mp._cohesive_gate().candidates(folded, parts)
        assert mp.cohesive_count(text, folded, parts) == len(want)
        if may:
            assert [m.span() for m in mp._cohesive_re(may).finditer(folded)] == want, text
        else:
            assert not want, text
        found += len(want)
    assert found > 2000
    assert mp._cohesive_re(tuple(COHESIVE_MARKERS)).pattern == mp._COHESIVE_FOLDED_RE.pattern


# --- n-gram cells from packed records: bigram CRCs continued by tables --------------------------
def test_continuation_tables_give_zlibs_crc():
    import zlib

    import numpy as np

    from scorer.features import mt_ngram as mn

    t = mn._continuations()
    rng = random.Random(27)
    for _ in range(3000):
        tail = bytes(rng.randrange(256) for _ in range(rng.randint(0, mn._MAX_TAIL)))
        s = rng.choice([0, 0xFFFFFFFF, 1 << 31, rng.getrandbits(32)])
        n = len(tail)
        p = int(t[n, 0, s & 255] ^ t[n, 1, s >> 8 & 255] ^ t[n, 2, s >> 16 & 255] ^ t[n, 3, s >> 24])
        assert zlib.crc32(tail, 0) ^ p == zlib.crc32(tail, s)
    assert t.dtype == np.uint32


def test_text_cells_from_records_equal_the_per_token_cells(monkeypatch):
    """Both paths of text_cells on the same runs, tokens of every length around the tables'
    limit (a longer one sends the whole text to the per-token path), sentence ends in a row."""
    from scorer.features import mt_ngram as mn
    from scorer.memo import BoundedCache

    rng = random.Random(28)
    pieces = ["a", "The", "rate", ".", "!", "?", ". .", "…", "3.5", "1,000", "“Q”", "don’t", "\n", "\n\n", "é" * 20]
    texts = PROSE + _shape_texts(7, 500) + [
        " ".join(rng.choice(pieces + ["x" * rng.randint(30, 45), "é" * rng.randint(15, 25)]) for _ in range(rng.randint(0, 40)))
        for _ in range(1500)]
    by_records = 0
    for size in (None, 8):
        if size:
            monkeypatch.setattr(mn, "_RUNS", BoundedCache(mn._run_entries, size, 4))
            monkeypatch.setattr(mn, "_TOKENS", BoundedCache(mn._token_entry, size, 4))
        for text in texts:
            runs = mn.text_runs(text)
            want = mn._cells_of_entries(mn._entries_per_line(runs))
            got = mn.text_cells(text, runs)
            for a, b in ((got.uni, want.uni), (got.bi, want.bi), (got.sent, want.sent)):
                assert a.dtype == b.dtype and a.tolist() == b.tolist(), text
            want_ref = mn.doc_cells(mn.sentence_tokens(text))
            assert got.bi.tolist() == want_ref.bi.tolist(), text
            by_records += all(len(t) < mn._MAX_TAIL for line in text.split("\n") for t in line.split())
    assert by_records > 1000


def test_nonwords_checking_the_candidates_token_equals_scanning_for_every_url(monkeypatch):
    """_nonwords looks for a URL cue in each candidate's own whitespace-delimited token instead
    of collecting every _URLISH_RE match of the text: the same non-words, on texts mixing
    unknown words with URLs, handles, odd whitespace (no-break space, \x1c, U+2028) and long
    tokens."""
    import re as re_

    from scorer.features import mt
    from scorer.features.mt_words import word_columns, zipf
    from scorer.text import word_index

    def reference(text, idx, word_list, caps, zipfs):
        spans = [m.span() for m in mt._URLISH_RE.finditer(text)]
        out = []
        for i, z in enumerate(zipfs):
            s, e, orig, w = idx.starts[i], idx.ends[i], idx.words[i], word_list[i]
            if z > 0 or caps[i] or not orig.islower() or len(w) < 3:
                continue
            parts = re_.split(r"[-'’]", w)
            if len(parts) > 1 and all(zipf(p) > 0 or len(p) <= 2 for p in parts):
                continue
            if any(a <= s < b for a, b in spans):
                continue
            out.append((s, e))
        return out

    rng = random.Random(30)
    pieces = ["qwzx", "blorf", "the", "said", "https://", "http://", "www.", "@", ".com", ".org", ".net", "/", "x",
              "grzl-tech", "Zorg", ".", ",", "é", "zzq" * 30]
    seps = [" ", " ", "", "\n", "\u00a0", "\x1c", "\u2028", "\t", "  "]
    texts = PROSE + ["".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(0, 30))) for _ in range(6000)]
    found = skipped = 0
    for text in texts:
        idx = word_index(text)
        cols = word_columns(idx.words)
        caps = mt._capitalised_mid_sentence(text, idx, cols.upper)
        want = reference(text, idx, cols.folded, caps, cols.zipfs)
        got = [(h.start, h.end) for h in mt._nonwords(text, idx, cols.folded, caps, cols.zipfs)]
        assert got == want, ascii(text)
        found += len(want)
        skipped += len(reference(text.replace("@", " ").replace(".", " ").replace("/", " "), idx, cols.folded, caps, cols.zipfs)) > len(want)
    assert found > 1000 and skipped > 300


def test_urlish_pattern_matches_only_texts_holding_a_cue():
    """What the non-word check's gate rests on: every _URLISH_RE match holds one of _URL_CUES."""
    from scorer.features import mt

    rng = random.Random(29)
    pieces = ["http", "://", "https", "www", ".", "@", "com", "org", "net", "x", " ", "\n", "é", "/", ":"]
    for text in PROSE + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(20000)]:
        spans = [m.group() for m in mt._URLISH_RE.finditer(text)]
        assert all(any(c in g for c in mt._URL_CUES) for g in spans), text
        if spans:
            assert any(map(text.__contains__, mt._URL_CUES))



def test_np_vdot_of_float_vectors_equals_dot_and_matmul_to_the_bit():
    """What sentence_logits relies on: np.vdot of two 1-d float64 slices (not complex: no
    conjugate) calls the dtype's dot function as np.dot and ``@`` do, for every length (BLAS
    kernels unroll by 4, 8, 16, ...) and start offset (alignment)."""
    import numpy as np

    rng = np.random.default_rng(7)
    w, x = rng.normal(size=3000) * 10.0 ** rng.uniform(-3, 3, 3000), rng.normal(size=3000)
    for n in [*range(0, 140), 255, 256, 257, 1000, 2047]:
        for a in range(4):
            b = int(rng.integers(0, 4))
            u, v = w[a:a + n], x[b:b + n]
            got = np.vdot(u, v)
            assert type(got) is np.float64
            assert float(got).hex() == float(np.dot(u, v)).hex() == float(u @ v).hex(), (n, a, b)
