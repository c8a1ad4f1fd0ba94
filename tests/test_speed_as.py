"""The ai_style and citations fast paths give exactly what the plain code they replace gives.

Each rewritten regex, gate or loop is compared with its reference form (kept here, or in
tests/reference_impls.py when it was the package's own until the fast path replaced it) on texts
written here (names and titles, attribution verbs, Unicode, empty and very long inputs), on
random mixes of the pieces that matter, and on the training corpus when it is on this machine.
Speed itself is measured in benchmarks/, never asserted here.
"""
from __future__ import annotations

import random
import re

import numpy as np
import pytest

from scorer.features import citations as cit
from scorer.features import citations_urls as cu

# --- shared inputs -------------------------------------------------------------------------------
TEXTS = [
    "",
    "ok",
    "The city council said on Monday it would spend 40 million on new clinics over five years.",
    "“We have waited a long time,” said Amina Odhiambo, who has lived in Nairobi for decades.",
    "Mr. John Smith said the plan was late. Mrs Ana Ruiz, the clinic's director, told reporters so.",
    "Mrs. Mary Jones said it. Ms Lee added that. Dr. Who explained. Prof. X wrote. Sen. Kim said.",
    "Gov.\tTom Baker said, Rep. Sarah Nguyen said, Gen. Col. Capt. Sgt. Lt. Maj. Maria Lopez said.",
    "MrX said. Mrsmith said. Mr Smith, a man of many words, said nothing. Mr.Smith said.",
    "Board chair Amina Odhiambo said on Monday. according to Kwame Mensah, the board said.",
    "He said. She says. They told. It added. According to reports, officials said.",
    "O'Brien-Smith said. Jean-Luc Picard told. D'Angelo Russell added. McDonald said.",
    "unsaid Tom said. resaid Tom. saidTom. said  \t  Tom Baker Jones Smith said.",
    "Ana Ruiz, the director of the clinic in the northern district of the city, said yes.",
    "Ana Ruiz, " + "x" * 90 + ", said no. Ana Ruiz,, said. Ana Ruiz,\n, said.",
    "Çelik said. Émile Zola told. Tom Émile said. Zoë Baker said. İlker said. ſaid Tom.",
    "Line one said\nTom Baker said\n\nMary said",
    "Mr\nSmith said. Mr.\tSmith said. Mr . Smith said",
    "Ab" * 300 + " said",
    "A" + "b" * 60 + " said. " + "Tom " * 30 + "said.",
    "The company's CEO said. Its 'spokesman' said. The company’s chief said.",
]


def _random_texts(n: int, seed: int = 7) -> list[str]:
    """Random mixes of the pieces the patterns look at: titles, capitals, verbs, blanks, commas."""
    pieces = ["Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Gov", "Rep", "Gen", "Col", "Capt", "Sgt", "Lt",
              "Maj", "M", "Mx", ".", ",", " ", "  ", "\t", "\n", "said", "says", "told", "added",
              "explained", "wrote", "according to", "according", "Tom", "Baker", "Ana", "ruiz", "A",
              "O'Brien", "Jean-Luc", "x", "the", "He", "’s", "'s", "Émile", "ß", "İ", "_", "9", "(", "’",
              "reports", "sources", "studies show", "Source link", "Read more:", "https://e.com/a-b", "HTTP://",
              "hTtPs://", "www.", "WWW.", "ww.", "http:/", "h", "w", "read the full article here",
              "Click here to read", "ACCORDING TO", "sources say", "reports", "Studies have shown",
              "research shows", "ſtudies show", "ſources ſay", "claims", "experts", "Xsources say", "é"]
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) + rng.choice(["", " ", " ", ""]) for _ in range(rng.randint(1, 60)))
            for _ in range(n)]


RANDOM = _random_texts(3000)


@pytest.fixture(scope="module")
def corpus_texts(corpus_by_hash) -> list[str]:
    """Every 7th English-ish document of the training corpus, in a fixed order."""
    from scorer.ingest import parse_text

    docs = corpus_by_hash
    return [parse_text(d.text, name="x.html").content if d.fmt == "html" else d.text for d in docs[::7]]


# --- citations: named attribution -----------------------------------------------------------------
# The plain forms _SAID_NAME_RE and _NAME_SAID_RE were written as (citations._NAME unchanged).
REF_SAID_NAME_RE = re.compile(r"\b(?:said|says|told|added|explained|wrote|according to)[ \t]+(" + cit._NAME + ")")
REF_NAME_SAID_RE = re.compile(r"(" + cit._NAME + r")(?:,[^,\n]{1,80},)?[ \t]+(?:said|says|told|added)\b")


def _matches(rx: re.Pattern, text: str) -> list[tuple[int, int, int, int]]:
    return [(m.start(), m.end(), m.start(1), m.end(1)) for m in rx.finditer(text)]


def _check_named(texts: list[str]) -> int:
    found = 0
    for t in texts:
        for fast, ref in ((cit._SAID_NAME_RE, REF_SAID_NAME_RE), (cit._NAME_SAID_RE, REF_NAME_SAID_RE)):
            want = _matches(ref, t)
            assert _matches(fast, t) == want, t[:200]
            found += len(want)
    return found


def test_named_attribution_patterns_match_the_plain_ones():
    assert _check_named(TEXTS) > 20
    assert _check_named(RANDOM) > 500
    # Positions inside a text (pos/endpos) too: \b and the lookbehinds read the text before pos.
    for t in TEXTS + RANDOM[:300]:
        for k in range(0, len(t), 7):
            for fast, ref in ((cit._SAID_NAME_RE, REF_SAID_NAME_RE), (cit._NAME_SAID_RE, REF_NAME_SAID_RE)):
                assert [m.span() for m in fast.finditer(t, k)] == [m.span() for m in ref.finditer(t, k)]


def test_named_attribution_patterns_on_the_corpus(corpus_texts):
    assert _check_named(corpus_texts) > 500


def test_content_stems_matches_plain_re_sub():
    def ref(words):
        out = set()
        for w in words:
            w = re.sub(r"['’]s$", "", w)
            if len(w) >= 2 and w not in cit._STOP and not w.isdigit():
                out.add(cit._stem(w))
        return out

    cases = [["company's", "firm’s", "it's\n", "'s", "s", "boss's's", "o'sullivan", "James'", "’s\n", "x’s"],
             [w for t in TEXTS + RANDOM[:500] for w in t.split()]]
    for words in cases:
        assert cit._content_stems(words) == ref(words)


# --- citations: URLs --------------------------------------------
REF_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”‘’\[\]{}|\\^`]+", re.I)
URL_TEXTS = [
    "See https://example.com/a/b-c.html, and www.bbc.co.uk/news (or HTTP://X.ORG).",
    "hTTps://x.y/z?q=1 wWw.x.com WWW.Y.ORG/ http:// https:/x.com ww.x.com xwww.y.com",
    "[1] https://a.com/2021/01/02/story\n[2] https://b.org/x\n", "https://" + "a" * 5000,
    "Source link https://news.example.com/2020/05/05/some-story/ Read the full article here.",
    "According to reports, sources say, studies have shown, research shows, click here to read more.",
    "ACCORDING TO SOME EXPERTS. Studies Shown. ſtudies show. ſources ſays. Xsources say. _studies show",
    "read the full story here|click here to learn\nmore. reportsays. reports claim. sources indicates",
]


def test_url_pattern_matches_the_plain_one():
    def spans(rx, t, pos=0):
        return [m.span() for m in rx.finditer(t, pos)]

    n_url = 0
    for t in TEXTS + URL_TEXTS + RANDOM:
        want = spans(REF_URL_RE, t)
        assert spans(cu.URL_RE, t) == want, t[:200]
        n_url += len(want)
        for k in range(1, len(t), 11):  # from inside the text: the lookbehinds read before pos
            assert spans(cu.URL_RE, t, k) == spans(REF_URL_RE, t, k)
    assert n_url > 300


def test_url_pattern_on_the_corpus(corpus_texts):
    n = 0
    for t in corpus_texts:
        want = [m.span() for m in REF_URL_RE.finditer(t)]
        assert [m.span() for m in cu.URL_RE.finditer(t)] == want
        n += len(want)
    assert n > 100


# --- ai_style: vocabulary terms and their first spans ------------------------------------------------
import reference_impls  # noqa: E402
from scorer.features import ai_style_vocab as av  # noqa: E402

VOCAB_TEXTS = TEXTS + [
    "Additionally, the move highlights a significant shift. Additionally the move. additionally, "
    "It's a pivotal moment: Amid the crisis, amid calls. “Amid” (Amid) 'Amid' \"Amid\" [Amid]",
    "the the The the. The The\nThe the's The’s don't Don't DON'T co-founder Co-Founder A-B a-b-c-d-e",
    "A. B. a b a. A b\n\nI said I. I I i. x-Y x'y x'Yz O'Brien o'brien said o’brien",
    "  \n\tThe start. (The) \"The\" 'The' \t(The\n)The: The! The? The… The",
    "word" * 50 + " " + "Word" * 50 + " a " * 10 + "é the é The Ünter the über",
]


def _vocab_random(n: int, seed: int = 11) -> list[str]:
    words = ["the", "The", "THE", "significant", "Significant", "amid", "Amid", "a", "A", "I", "i",
             "it's", "It's", "it’s", "co-founder", "Co-founder", "x-Y", "don't", "O'Brien", "said",
             "delve", "Delve", "into", "Into", "landscape", "crucial", "moreover", "Moreover", "é", "42"]
    gaps = [" ", " ", " ", "  ", ". ", ", ", "\n", ".\n", ": ", "! ", "? ", " (", " \"", " '", "“", "’", "",
            "-", "'", "\t", "…", ".\t(", "—"]
    rng = random.Random(seed)
    return ["".join(rng.choice(gaps) + rng.choice(words) for _ in range(rng.randint(0, 80))) + rng.choice(gaps)
            for _ in range(n)]


VOCAB_RANDOM = _vocab_random(1500)


def _check_first_terms(texts: list[str]) -> int:
    n = 0
    for t in texts:
        vt = av.vocab_text(t)
        ts = [x.term for x in av.terms(t)]
        assert vt.terms == ts and vt.unigrams == [x for x in ts if " " not in x], t[:200]
        wanted = set(vt.terms)
        assert av.first_terms_in(vt.parts, wanted) == reference_impls.first_terms(t, wanted), t[:200]
        n += len(wanted)
    return n


def test_first_terms_from_the_split_equal_first_terms():
    assert _check_first_terms(VOCAB_TEXTS + TEXTS) > 100
    assert _check_first_terms(VOCAB_RANDOM) > 10000


def test_top_terms_of_equal_top_terms():
    table = av.shipped_table()
    assert table is not None
    shown = 0
    for t in VOCAB_TEXTS + VOCAB_RANDOM:
        vt = av.vocab_text(t)
        weighed = av.weigh_terms(vt.terms, 40, table)
        for keep in (1, 3, 6, 50):
            want = reference_impls.top_terms(t, weighed, keep)
            assert av.top_terms_of(vt, weighed, keep) == want
            shown += len(want)
    assert shown > 100


def test_first_terms_on_the_corpus(corpus_texts):
    assert _check_first_terms(corpus_texts) > 10000


# --- ai_style: n-gram cells and scores ---------------------------------------------------------------
from scorer.features import ai_style_ngram as ang  # noqa: E402
from scorer.text import sentences  # noqa: E402


def _bits(x):
    import struct

    return None if x is None else struct.pack("<d", x)


def score_cells_reference(cells, model):
    """ai_style_ngram.score_cells as first written: one np.unique for the document (model.score),
    one over (sentence, cell) keys, a scalar division per sentence."""
    if len(cells.uni) == 0:
        return None, []
    doc = model.score(cells.uni, cells.bi)
    lens = np.diff(cells.first)
    ns = len(lens)
    sid = np.repeat(np.arange(ns, dtype=np.int64), lens)
    u, c = np.unique(np.concatenate([sid * ang.BUCKETS + cells.uni, sid * ang.BUCKETS + cells.bi]), return_counts=True)
    s_of, cell = u // ang.BUCKETS, u % ang.BUCKETS
    v = 1.0 + np.log(c)
    norm = np.sqrt(np.bincount(s_of, v * v, minlength=ns))
    dot = np.bincount(s_of, model.weights[cell] * v, minlength=ns)
    ok = np.flatnonzero(lens >= ang.MIN_SENT_TOKENS)
    return doc, [(int(k), float(dot[k] / norm[k] + model.bias)) for k in ok]


def _check_scores(texts: list[str], model) -> int:
    n = 0
    for t in texts:
        cells = ang.text_cells(t, sentences(t))
        doc, per = ang.score_cells(cells, model)
        rdoc, rper = score_cells_reference(cells, model)
        assert _bits(doc) == _bits(rdoc), t[:200]
        assert [(k, _bits(x)) for k, x in per] == [(k, _bits(x)) for k, x in rper], t[:200]
        assert all(type(k) is int and type(x) is float for k, x in per)
        n += len(per)
    return n


def test_score_cells_equal_the_reference():
    model = ang.shipped_model()
    assert model is not None
    long_sentence = " ".join(["word"] * 3000) + ". " + "Short one. " * 5
    assert _check_scores(TEXTS + VOCAB_TEXTS + VOCAB_RANDOM[:500] + RANDOM[:500] + [long_sentence], model) > 1000
    # Other weights too (a model trained on a fold): random, some exactly zero.
    rng = np.random.default_rng(3)
    w = rng.normal(size=ang.BUCKETS)
    w[rng.random(ang.BUCKETS) < 0.3] = 0.0
    other = ang.NgramModel(w, -0.37, {})
    assert _check_scores(VOCAB_RANDOM[500:900] + TEXTS, other) > 500


def test_score_cells_on_the_corpus(corpus_texts):
    assert _check_scores(corpus_texts, ang.shipped_model()) > 10000


# --- citations: entities named in a URL ---------------------------------------------------------------
from scorer.features import citations_tables as ct  # noqa: E402


def _entities_in_reference(tokens):
    found = []
    tokset = set(tokens)
    for ent in ct.ENTITY_FIRST_DATES:
        k = len(ent.tokens)
        for i in range(len(tokens) - k + 1):
            if tuple(tokens[i:i + k]) != ent.tokens:
                continue
            nxt = tokens[i + k] if i + k < len(tokens) else ""
            if nxt in ent.unless_next:
                continue
            if ent.context and not (ent.context & (tokset - set(ent.tokens))):
                continue
            found.append(ent)
            break
    return found


def test_entities_in_equals_the_full_scan():
    names = sorted({t for e in ct.ENTITY_FIRST_DATES for t in e.tokens}
                   | {t for e in ct.ENTITY_FIRST_DATES for t in e.context | e.unless_next})
    rng = random.Random(5)
    pool = names + ["news", "2021", "the", "a", "story", "x"]
    cases = [[], ["x"], names, names[::-1]] + [[rng.choice(pool) for _ in range(rng.randint(0, 14))] for _ in range(4000)]
    hits = 0
    for tokens in cases:
        want = _entities_in_reference(tokens)
        assert ct.entities_in(tokens) == want, tokens
        hits += len(want)
    assert hits > 1000


# --- ai_style: possessive tokenising regexes ---------------------------------------------------------
# The greedy forms they replace (still the patterns Python 3.10 compiles).
REF_SPLIT_RE = re.compile(r"([A-Za-z]+(?:'[a-z]+|-[A-Za-z]+){0,3})")
REF_TOK_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _token_texts() -> list[str]:
    """Texts with every way a quantifier could be asked to give back: runs of apostrophes and
    hyphens between letters, capitals after them, more than three joins, digits, underscores,
    non-ASCII letters and marks, curly and straight quotes, empty and very long runs."""
    rng = random.Random(13)
    pieces = ["a", "B", "ab", "Ab", "AB", "'", "’", "-", "--", "''", "’’", "'s", "-x", "-X", "'T", "’s", "_", "9",
              "é", "É", "ß", "İ", "ſ", "\u0301", "²", "Ⅻ", "٣", " ", "\n", "\t", ".", "“", "”", "‘", "x" * 50]
    texts = ["", "a", "'", "a'b'c'd'e'f", "a-b-c-d-e-f", "a'B", "a-'b", "don't-stop'n'go-go", "x" * 5000,
             "rock'n'roll co-founder's well-to-do-ish O'Brien-Smith’s 1990's _a_ a_b a’’b a''b"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 120))) for _ in range(4000)]
    return texts + TEXTS + VOCAB_TEXTS + VOCAB_RANDOM + RANDOM[:1000]


def _check_token_regexes(texts: list[str]) -> int:
    n = 0
    for t in texts:
        ts = t.translate(av._APOS)
        assert av._SPLIT_RE.split(ts) == REF_SPLIT_RE.split(ts), t[:200]
        want = [m.span() for m in REF_TOK_RE.finditer(t)]
        assert [m.span() for m in ang._TOK_RE.finditer(t)] == want, t[:200]
        for s, e in sentences(t):  # text_cells' bounded scans
            assert ang._TOK_RE.findall(t, s, e) == REF_TOK_RE.findall(t, s, e), t[:200]
        n += len(want)
    return n


def test_possessive_token_regexes_match_the_greedy_ones():
    import sys

    if sys.version_info >= (3, 11):  # else both are the greedy form: nothing to compare
        assert "++" in av._SPLIT_RE.pattern and "++" in ang._TOK_RE.pattern
    assert _check_token_regexes(_token_texts()) > 100000


def test_possessive_token_regexes_on_every_code_point():
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for joiner in ("", "'", "’", "-", " "):
        text = joiner.join(chars[i:i + 3] for i in range(0, len(chars), 3))
        assert ang._TOK_RE.findall(text) == REF_TOK_RE.findall(text)
        assert av._SPLIT_RE.split(text) == REF_SPLIT_RE.split(text)


def test_possessive_token_regexes_on_the_corpus(corpus_texts):
    assert _check_token_regexes(corpus_texts) > 100000


def test_weigh_text_equals_weigh_terms_of_the_term_strings():
    """weigh_text counts (token, gap, token) tuples looked up in VocabTable.lookup instead of
    building every bigram string: the same sums and evidence candidates as weigh_terms of
    terms(text), with the shipped table and with tables whose keys no term can be (a pair
    across another gap, two spaces, a leading or trailing space, a capitalised word)."""
    rng = random.Random(5)
    words = ["the", "amid", "a", "i", "it's", "co-founder", "x-y", "don't", "said", "delve", "into",
             "The", "Amid", "", "x", "it'sx", "a-b", "y"]
    tables = [av.shipped_table()]
    for _ in range(12):
        ws = {}
        for _ in range(30):
            a, b = rng.choice(words), rng.choice(words)
            key = rng.choice([a, f"{a} {b}", f"{a}  {b}", f" {a}", f"{a} ", f"{a} {b} {a}", f"{a}-{b}", f"{a}'{b}"])
            ws[key] = rng.uniform(-1, 1)
        tables.append(av.VocabTable(ws, {}))
    found = 0
    for t in VOCAB_TEXTS + VOCAB_RANDOM:
        vt = av.vocab_text(t)
        ts = [x.term for x in av.terms(t)]
        for table in tables:
            for n in (0, 40):
                want = av.weigh_terms(ts, n, table)
                assert av.weigh_text(vt, n, table) == want, t[:200]
                found += len(want.pos)
    assert found > 10000
