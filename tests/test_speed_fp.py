"""The copy-cluster fingerprint's fast paths give exactly what the code they replaced gave.

Reference copies of the replaced code are kept here (the fingerprint with its per-word
``.lower()``, per-shingle ``.encode()`` and sorted/deduplicated hashes; ``entities`` with its
per-match name loop, headline blanking of every line and ``re.sub`` per number; the MinHash
that shifts every value) and compared with the module on varied texts: the repository's seeds,
prose with names, numbers, quotes and headline lines, NFKC-changing characters, case oddities
(final sigma, dotted capital I, title-case digraphs), combining marks, curly apostrophes,
empty and very short texts, and random strings over an alphabet of those. Speed is measured
outside the tests.
"""
from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from scorer import clusters as cl


# ---- the reference: the code as it was before the fast paths ---------------------------------
def _ref_h64(items) -> np.ndarray:
    return np.array(sorted({int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
                            for s in items}), dtype=np.uint64)


def _ref_minhash(hashes: np.ndarray, ab) -> np.ndarray:
    a, b = ab
    if hashes.size == 0:
        return np.full(a.size, cl._EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        v = (hashes[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
    return v.min(axis=0).astype(np.uint32)


_REF_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9}


def _ref_figures(text: str) -> set[str]:
    """The number check's figures, the plain way: each number's digits, or with a scale word
    after it ("14,3 billion") its value in decimal arithmetic (a last separator before one or
    two digits is a decimal mark)."""
    from decimal import Decimal

    t = unicodedata.normalize("NFKC", text)
    out = set()
    for m in cl._NUMBER_RE.finditer(t):
        word = re.match(r"[ \u00a0]?(\w+)", t[m.end():])
        scale = _REF_SCALES.get(word.group(1).lower()) if word else None
        if scale is not None:
            groups = re.split(r"[,.\u00a0 ]", m.group(0))
            if len(groups) > 1 and len(groups[-1]) in (1, 2):
                number = Decimal("".join(groups[:-1]) + "." + groups[-1])
            else:
                number = Decimal("".join(groups))
            digits = str(int(number.scaleb(scale)))
        else:
            digits = re.sub(r"\D", "", m.group(0)).lstrip("0")
        if len(digits) >= 2 and digits != "0":
            out.add("d:" + digits)
    return out


def _ref_number_sketch(numbers: set[str]) -> np.ndarray:
    """The figures' bottom-k sketch, the plain way: each figure's 64-bit BLAKE2b, its top 32 bits,
    the smallest NUMBER_SKETCH distinct ones ascending, the rest "no value"."""
    tops = sorted({min(int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little") >> 32,
                       0xFFFFFFFE) for s in numbers})[:cl.NUMBER_SKETCH]
    return np.array(tops + [0xFFFFFFFF] * (cl.NUMBER_SKETCH - len(tops)), dtype=np.uint32)


def _ref_blank_headline(m) -> str:
    line = m.group(0)
    return cl._LETTER_RE.sub("x", line) if cl._is_headline(line) else line


def _ref_entities(text: str) -> set[str]:
    t = unicodedata.normalize("NFKC", text)
    out: set[str] = set()
    names_from = re.compile(r"[^\n]+").sub(_ref_blank_headline, t)
    for m in cl._NAME_RE.finditer(names_from):
        parts = m.group(0).split()
        while parts and parts[0].lower() in cl._STOP_NAMES:
            parts.pop(0)
        if not parts:
            continue
        if len(parts) == 1:
            w = cl._name_part(parts[0])
            if w in cl._STOP_NAMES or len(w) < 2:
                continue
            if m.group(0) == parts[0] and cl._starts_sentence(t, m.start()) and not cl._is_marked(parts[0]):
                continue
        out.add("n:" + " ".join(cl._name_part(p) for p in parts))
        if len(parts) > 1:
            out.update("n:" + cl._name_part(p) for p in parts
                       if len(p) > 2 and p.lower() not in cl._STOP_NAMES and p.lower() not in cl._PARTICLES)
    for m in cl._NUMBER_RE.finditer(t):
        digits = re.sub(r"\D", "", m.group(0)).lstrip("0")
        if len(digits) >= 2:
            out.add("d:" + digits)
    for m in cl._QUOTE_RE.finditer(t):
        q = " ".join(cl.words(m.group(1)))
        if len(q.split()) >= 3:
            out.add("q:" + q)
    return out


def _ref_fingerprint(text: str) -> cl.Fingerprint:
    found = cl._WORD_RE.findall(text)
    t = unicodedata.normalize("NFKC", text)
    ws = [w.lower() for w in (found if t == text else cl._WORD_RE.findall(t))]
    sh = set(map(" ".join, zip(*(ws[i:] for i in range(3))))) if len(ws) >= 3 and len(found) >= cl.MIN_WORDS else set()
    ents = _ref_entities(text)
    numbers = _ref_figures(text)  # counted before too few anchors drop the set
    if len(ents) < cl.MIN_ENTITIES:
        ents = set()
    return cl.Fingerprint(text=_ref_minhash(_ref_h64(sh), cl._TEXT_AB), ents=_ref_minhash(_ref_h64(ents), cl._ENT_AB),
                          n_shingles=len(sh), n_entities=len(ents), nums=_ref_number_sketch(numbers),
                          n_numbers=len(numbers))


# ---- texts ------------------------------------------------------------------------------------
PROSE = [
    "Mark Zuckerberg's company, Meta Platforms, said on Tuesday it would spend $ 14.3 billion. "
    "\"We are building the future of connection,\" Zuckerberg told analysts. OpenAI and NASA "
    "declined to comment. The European Union's Thierry Breton said: 'Rules apply to all.' "
    "Ines Okafor of the Bank of England, Ludwig van Beethoven and Omar bin Laden were named. " * 3,
    "Key Moves In The AI Arena\nOpenAI Signs Deal With Microsoft\n\nThe deal, worth 10,000,000 dollars "
    "(or 1 000 000 000 yen, 0.5 % of 2024 revenue), was signed in Seattle by Satya Nadella.\n"
    "What Comes Next For Sam Altman\nAltman said “the partnership will last a decade or more” today.",
    "The fund, 20 thousand strong, raised $ 14.3 billion (14,3 billion; 1,500 million; 3.5bn) and 2 million "
    "more, 0.5 million of it in 2024; 12 billions, 7 bnx, 40thousand, 9 Thousand and 1.234.567 trillion.",
    "BREAKING: Stocks Fall As Fed Raises Rates\n\"Markets are nervous today,\" said Jerome Powell.\n"
    "In Frankfurt, the DAX fell 2.5%; in Tokyo, the Nikkei lost 1,234.56 points. Jose\u0301 Martí "
    "and Zoë Ünal of Ölüdeniz Holdings said “we expect a long winter for the markets” on Friday.",
    "O'Brien’s team beat McDonald's 3-2. D'Angelo scored; Al-Hilal's coach, Jorge Jesus, left. "
    "The ‘Big Four’ banks — HSBC, Barclays, Lloyds, NatWest — reported £ 12.1bn profits. "
    "Prime Minister Rishi Sunak met President Joe Biden at Camp David on 12 March 2024.",
    "ΟΔΥΣΣΕΥΣ ΚΑΙ ΠΗΝΕΛΟΠΗ. Ο Οδυσσεύς είπε ότι ο Σωκράτης ήταν σοφός ΣΑΣ ΟΣ. İstanbul'da İsmail "
    "İnönü ve Işıl Iğdır konuştu. ǅemal Ǉubljana ǈ Ǌovak. ＡＢＣ Ｎｅｗｓ reported １２３,４５６ "
    "viewers; the ﬁnal ﬂight of Ⅻ Apostles ① ② ③ sold ½ of ¹²³ seats in Ｔｏｋｙｏ today.",
    "Le président Emmanuel Macron a déclaré à l'Élysée que la France et l'Allemagne d'Olaf Scholz "
    "« soutiendront l'Ukraine aussi longtemps que nécessaire » selon Reuters et l'AFP lundi.",
    "日本の岸田文雄首相は東京で記者会見を開き、2024年度予算について説明した。 Fumio Kishida said so.",
    "", " ", "\n\n", "a", "A", "A.", "The", "Mr Smith", "1", "12", "007", "0,01", "ﬁ", "ς", "Σ", "İ",
    "\"short\"", "Word " * 19, "Word " * 20, "one two", "one two three", "ﬁ " * 25,
    "Cafe\u0301 Zu\u0308rich Jose\u0301 Martí", "Zuckerberg’s OpenAI’s Don’t ’s 's", "\u0301\u0308 \u0301",
    "ΣΑΣ σας ΣΟΦΟΣ ΟΔΥΣΣΕΥΣ'Σ Σ.Σ ΑΣ-ΑΣ ΑΣ_ΑΣ ΑΣ\u0301 ΑΣʰ ʰΣ ΑΣ\u00adΑ " * 4,
]


def _seeds() -> list[str]:
    root = Path(__file__).resolve().parent.parent / "seeds"
    return [p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt"))]


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = (list("ﬁﬂ①②Ｆｗ１２ςΣσİıIé\u0301\u0308\u00ad’‘“”\"'«».,!?:;\n\t  AaBbZz0123456789-_ʰǅΑΣ\u00a0")
              + ["Mark ", "Zuckerberg ", "the ", "The ", "OpenAI ", "NASA ", "van ", "de ", "Mr ", "said ",
                 "O’Brien’s ", "1,000 ", "14.3 ", "\"a quote that is long enough\" ", "Key Moves In The Arena\n"])
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 400))) for _ in range(n)]


ALL = PROSE + _seeds()


# ---- the tests --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ALL + ["\n".join(PROSE), " ".join(ALL)])
def test_fingerprint_and_entities_equal_the_reference(text):
    ref = _ref_fingerprint(text)
    got = cl.fingerprint(text)
    assert got == ref and got.to_dict() == ref.to_dict()
    assert cl.entities(text) == _ref_entities(text)
    assert cl._entities(unicodedata.normalize("NFKC", text)) == _ref_entities(text)


def test_fingerprint_equals_the_reference_on_random_text():
    for text in _random_texts(1500, 11):
        ref = _ref_fingerprint(text)
        got = cl.fingerprint(text)
        assert got.to_dict() == ref.to_dict() and got.n_shingles == ref.n_shingles, repr(text)
        assert cl.entities(text) == _ref_entities(text), repr(text)


def test_joined_lowercasing_equals_lowering_each_word():
    """fingerprint lowers the words joined by spaces: final sigma and the other case oddities
    must come out as when each word is lowered alone."""
    rng = random.Random(5)
    letters = list("ΣσςΑΟİIıiǅǄǆẞß\u0301\u0308\u0345ʰ'’_1aZ") + ["ΑΣ", "ΣΑ", "ΟΔΥΣΣΕΥΣ"]
    for _ in range(3000):
        text = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 12)))
        ws = cl._WORD_RE.findall(text)
        if not ws:
            continue
        want = [w.lower().encode("utf-8") for w in ws]
        assert " ".join(ws).lower().encode("utf-8").split(b" ") == want, repr(text)


def test_minhash_without_sort_equals_the_reference():
    rng = random.Random(3)
    for n in (0, 1, 2, 5, 100, 1000):
        items = [f"w{rng.randrange(10 * n + 1)} {rng.random()}" for _ in range(n)]
        items += items[: n // 3]  # repeats: the sorted path removed them, the fast one keeps them
        for ab in (cl._TEXT_AB, cl._ENT_AB):
            fast = cl._minhash(cl._digests(s.encode("utf-8") for s in items), ab)
            assert fast.dtype == np.uint32 and np.array_equal(fast, _ref_minhash(_ref_h64(items), ab))
            assert np.array_equal(cl._minhash(_ref_h64(items), ab), _ref_minhash(_ref_h64(items), ab))


def test_number_digits_by_translate_equal_re_sub():
    rng = random.Random(9)
    chars = list("0123456789,. \u00a0") + ["٣", "१", "０", "𝟗"]
    for _ in range(5000):
        s = "".join(rng.choice(chars) for _ in range(rng.randint(1, 12)))
        for n in cl._NUMBER_RE.findall(s):
            assert n.translate(cl._NUMBER_SEPARATORS) == re.sub(r"\D", "", n), repr(n)


def test_name_anchor_memo_is_bounded():
    assert cl._NAME_ANCHORS._max_keys <= 1 << 15 and cl._NAME_ANCHORS._max_key_len <= 64
    long_name = "Aa " * 40
    cl._NAME_ANCHORS[long_name]
    assert long_name not in cl._NAME_ANCHORS


# ---- the fingerprint as of da669f6 (tests/reference_impls.py) ----------------------------------
# Its values are written into every batch row and compared across runs and resumed outputs:
# each later fast path must give them exactly, on every text of the training corpus and on
# generated text.
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_impls import entities_and_figures_v2, fingerprint_v2


def _same_as_v2(text: str) -> None:
    ref, got = fingerprint_v2(text), cl.fingerprint(text)
    assert got == ref and got.to_dict() == ref.to_dict(), repr(text[:200])
    t = unicodedata.normalize("NFKC", text)
    assert cl._entities_and_figures(t) == entities_and_figures_v2(t), repr(text[:200])


def test_fingerprint_equals_v2_on_the_corpus(corpus_docs):
    for d in corpus_docs:
        _same_as_v2(d.text)


@pytest.mark.parametrize("text", ALL + _random_texts(300, 17))
def test_fingerprint_equals_v2_on_prose_and_random_text(text):
    _same_as_v2(text)


def test_fingerprint_equals_v2_on_reports():
    """A report's body with its boilerplate lines blanked (``_report_content``)."""
    class FakeReport:
        body = PROSE[0] + "\nShare this article\n" + PROSE[1]
        details = {"boilerplate": {"page_chrome": [{"start": len(PROSE[0]) + 1, "end": len(PROSE[0]) + 19}]}}

    assert cl.fingerprint(FakeReport()) == fingerprint_v2(FakeReport())


_FP_PIECES = [
    # names, particles, possessives, acronyms, sentence starts
    "Mark ", "Zuckerberg", "Zuckerberg's ", "O’Brien’s ", "OpenAI ", "NASA ", "van ", "de ", "bin ", "Mr ", "The ",
    "the ", "said ", "Ines Okafor ", "Bank of England ", "McDonald's ", "Al-Hilal ", "İstanbul ", "Ölüdeniz ",
    # numbers with separators and scale words
    "1,000 ", "14.3 ", "14,3 ", "1 000 000 ", "1\u00a0234 ", "0.5 ", "007 ", "2024 ", "3.5bn ", " billion ",
    " million", " Thousand ", "trillion ", "bn ", "12", "9", ".", ",", " ",
    # quotes
    "\"", "“", "”", "„", "«", "»", "'", "‘", "’", "\"a quote that is long enough\" ",
    "“we expect a long winter for the markets” ", "« soutiendront l'Ukraine aussi longtemps »",
    # headline-case lines and line structure
    "Key Moves In The AI Arena\n", "What Comes Next For Sam Altman\n", "\n", "\n\n", "\t", ": ", "; ", "! ", "? ",
    # non-ASCII letters, case oddities, marks, NFKC-changing characters
    "é", "Σ", "ΟΔΥΣΣΕΥΣ ", "ς", "ǅ", "ß", "ẞ", "ı", "\u0301", "\u0308", "\u00ad", "ʰ", "_", "-", "—", "…",
    "ﬁ", "ﬂ", "ﬁnal ", "Ａ", "ｂ", "１２３", "４５６,７８９ ", "①", "½", "¹²³", "Ⅻ", "™", "\u00a0", "\u2009", "\u3000",
    "日本", "東京", "٣", "१", "𝟗", "😀", "\u200b", "\ufeff", "\x00", "\x1c", "\ud800", "\udcff",
]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_FP_PIECES), st.text(max_size=4)), max_size=120).map("".join))
def test_fingerprint_equals_v2_on_generated_text(text):
    _same_as_v2(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FP_PIECES), min_size=20, max_size=400).map("".join))
def test_fingerprint_equals_v2_on_long_generated_text(text):
    _same_as_v2(text)


_WORD_PIECES = _FP_PIECES + ["\u0130", "\u212a", "\u03a3\u0301", "\u1e9e", "\u2160", "\u24b6", "x\u0345"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORD_PIECES), st.text(max_size=3)), max_size=40).map("".join))
def test_word_bytes_equal_the_regex_words(text):
    ws = cl._WORD_RE.findall(text)
    assert cl._word_bytes(text)[0].split() == [w.encode("utf-8") for w in ws]
    assert cl._lowered_words(text) == [w.lower().encode("utf-8") for w in ws]


def test_word_bytes_with_many_distinct_non_word_characters():
    text = " ".join(f"w{i}{chr(0x2190 + i)}x" for i in range(3 * cl._MAX_REPLACED))
    assert cl._word_bytes(text)[0].split() == [w.encode() for w in cl._WORD_RE.findall(text)]


def test_ascii_word_bytes_table_is_the_regex():
    for c in range(256):
        word = c >= 128 or cl._WORD_RE.fullmatch(chr(c))
        assert cl._ASCII_WORD_BYTES[c] == (c if word else 0x20), c
