"""The readability and boilerplate fast paths compute what the code they replaced computed.

Each fast path is compared with a straightforward reference implementation kept here (the
code as it was), on varied inputs: article-like text, every Unicode code point where a
character class is involved, empty text, very long tokens and runs of marks.
"""
from __future__ import annotations

import random
import re
import sys

import pytest

from scorer.features import boilerplate_lines as bl
from scorer.features import readability as rd
from scorer.text import word_char_count

# --- inputs ------------------------------------------------------------------------------------

_ARTICLE = (
    "The city council said on Monday that it would spend 12 million on new clinics.\n"
    "“We have waited a long time for this,” said Amina Odhiambo, who’s lived in Nairobi for decades.\n"
    "Critics said the plan—announced late—wouldn't help families; they'd rather see rent caps!\n"
    "- Share this: Facebook | Twitter | WhatsApp\n"
    "© 2024 Example Media. All rights reserved.\n"
    "Read more at https://example.com/news?id=42 or www.Example.org …\n"
    "The 'quoted' words, rock'n'roll and O'Neill's co-founder's e-mail (see p. 3) matter.\n"
    "ΟΔΟΣ ΣΟΦΟΣ İstanbul ıi ſtraße ǅemal Ⅻ ² ٣ 𝟘 — naïve café façade – «guillemets»\n"
    "\t \u00a0\u2003\u3000 tabs and odd spaces\u2028line\u2029para\x1cfs\x85nel\n"
)


def _unicode_soup(rng: random.Random, n: int) -> str:
    """Characters from every plane's interesting ranges, and ASCII, mixed with spaces."""
    pools = [range(0x20, 0x7F), range(0x80, 0x250), range(0x370, 0x400), range(0x2000, 0x2070),
             range(0x2150, 0x2190), range(0x3000, 0x3040), range(0xD800, 0xD810), range(0x1D7CE, 0x1D800),
             range(0x1F300, 0x1F320), range(0x600, 0x700), range(0x0, 0x20)]
    out = []
    for _ in range(n):
        pool = rng.choice(pools)
        out.append(chr(rng.choice(pool)))
        if rng.random() < 0.15:
            out.append(rng.choice(" \n\t'’"))
    return "".join(out)


def _texts() -> list[str]:
    rng = random.Random(14)
    texts = ["", " ", "'", "a", "x" * 5000, "'t 'tis don't rock'n'roll '' 've'll're", _ARTICLE,
             _ARTICLE * 3, _ARTICLE.upper(), _ARTICLE.lower(), "-" * 2000 + "x", "x" + "." * 2000 + "x",
             "İ" * 30 + " word", "Σ ΣΣ σς", "\ud800abc\udfff def"]
    texts += [_unicode_soup(rng, rng.randint(0, 400)) for _ in range(300)]
    # word salads of the article's own tokens
    tokens = _ARTICLE.split(" ")
    texts += [" ".join(rng.choice(tokens) for _ in range(rng.randint(1, 80))) for _ in range(200)]
    return texts


TEXTS = _texts()
ALL_CHARS = "".join(chr(c) for c in range(sys.maxunicode + 1))


# --- readability: textstat's punctuation stripping --------------------------------------------

def _ref_strip_punct(text: str) -> str:
    """textstat 0.7.8 remove_punctuation(text, rm_apostrophe=False), as the code was."""
    text = re.sub(r"\'(?!" + r"[tsd]|ve|ll|re" + ")", "", text)
    return re.sub(r"[^\w\s\']", "", text)


@pytest.mark.parametrize("text", TEXTS)
def test_strip_punct_is_textstats(text):
    assert rd._ts_strip_punct(text) == _ref_strip_punct(text)


def test_strip_punct_on_every_code_point():
    # every character alone and in a run (the byte deletion must never touch a multi-byte one)
    for start in range(0, len(ALL_CHARS), 4096):
        chunk = ALL_CHARS[start:start + 4096]
        assert rd._ts_strip_punct(chunk) == _ref_strip_punct(chunk), hex(start)


def test_strip_punct_ascii_table_is_the_regex():
    for c in map(chr, range(128)):
        assert (ord(c) in rd._TS_ASCII_PUNCT) == bool(re.match(r"[^\w\s\']", c)), repr(c)


# --- readability: the letter count read off the stripped words ---------------------------------

@pytest.mark.parametrize("text", TEXTS)
def test_letter_count_is_word_char_count(text):
    stripped = rd._ts_strip_punct(text)
    lowered = stripped.lower().split()
    assert rd._letter_count(text, stripped, lowered) == word_char_count(text)
    assert rd._letter_count(text, stripped, lowered) == len(re.sub(r"[^\w\s]", "", re.sub(r"\s", "", text)))


def test_lowering_never_adds_or_removes_whitespace():
    """n_words is read off the lowered words: lower() must keep every whitespace character and
    make none (so both texts split into as many words)."""
    for c in ALL_CHARS:
        low = c.lower()
        if c.isspace():
            assert low == c, repr(c)
        else:
            assert not any(ch.isspace() for ch in low), repr(c)


def test_str_split_and_regex_agree_on_whitespace():
    for c in ALL_CHARS:
        assert (c.split() == []) == bool(re.fullmatch(r"\s", c)), repr(c)


def _ref_textstat_counts(text: str) -> tuple[int, int]:
    words = _ref_strip_punct(text).split()
    letters = len(re.sub(r"[^\w\s]", "", re.sub(r"\s", "", text)))
    return len(words), letters


@pytest.mark.parametrize("text", TEXTS[:40])
def test_textstat_indices_word_and_letter_counts(text):
    """coleman_liau reads letters / words: compare it with the reference counts."""
    out = rd.textstat_indices(text)
    n_words, letters = _ref_textstat_counts(text)
    if not text:
        assert out["coleman_liau_index"] == 0.0
        return
    frags = re.findall(r"\b[^.!?]+[.!?]*", text)
    n_sent = max(1, len(frags) - sum(1 for f in frags if len(_ref_strip_punct(f).split()) <= 2))
    lpw = (letters / n_words if n_words else 0.0) * 100
    spw_cl = (n_sent / n_words if n_words else 0.0) * 100
    ref = 0.0 if lpw == 0 or spw_cl == 0 else 0.058 * lpw - 0.296 * spw_cl - 15.8
    assert out["coleman_liau_index"] == ref
