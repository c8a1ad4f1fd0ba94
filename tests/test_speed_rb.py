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


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: f"len{len(t)}")
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

@pytest.mark.parametrize("text", TEXTS, ids=lambda t: f"len{len(t)}")
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


# --- boilerplate: cue searches narrowed to the alternatives that can match ----------------------

_CUE_BITS = sorted({lit for gate in (bl._PHRASE_ANY, bl._SENTENCE_CUES_ANY) for term in gate.terms
                    for clause in term for lit in clause})
_CUE_SENTENCES = [
    "We use cookies to personalise content. You can withdraw your consent at any time via the link in the footer.",
    "Art. 6 (1) (a) GDPR applies; the cookie IDs build usage profiles. This website uses cookies.",
    "By continuing to browse you agree to our privacy policy and the use of cookies.",
    "Your email address will not be published. Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Share this article on Facebook. Sign up for our free newsletter, delivered straight to your inbox!",
    "Click here to read the full story here. Don't miss out. Subscribe now. Limited time offer.",
    "© 2024 Example Media. All rights reserved. Copyright 1999 Someone. (c) 2010",
    "Originally published on The Conversation. Source link",
    "View all posts by Jane Doe. About the author: Jane writes about art (and part (2) of it).",
    "The party will start (1) the campaign at any time in the footer of part 3 (b).",
    "Necessary cookies are absolutely essential for the website to function properly.",
    "Analytics cookies are used to understand how visitors interact. Opt-out of these cookies.",
    "WE USE COOKİES; ALL RIGHTS REſERVED; Manage your cookie preferences; tracking link",
    # two alternatives of the share cues match here, differently: the first in order must win
    "Sign up for our free newsletters today, or sign up to the daily newsletter.",
]


def _cue_lines() -> list[str]:
    rng = random.Random(7)
    out = list(_CUE_SENTENCES) + [" ".join(_CUE_SENTENCES)] + _ARTICLE.split("\n")
    for _ in range(400):
        parts = [rng.choice(_CUE_BITS) if rng.random() < 0.5 else rng.choice(_ARTICLE.split(" "))
                 for _ in range(rng.randint(1, 30))]
        sep = rng.choice([" ", "", ". ", " (1) ", " 6 (2) (b) "])
        line = sep.join(parts)
        out.append(line.upper() if rng.random() < 0.2 else line)
    out.append("x" * 3000 + " we use cookies " + "y" * 3000)
    out.append(("privacy policy " * 200) + "footer")
    return out


CUE_LINES = _cue_lines()


def _span(m):
    return None if m is None else (m.span(), m.group())


@pytest.mark.parametrize("rx", list(bl._GATE_OF), ids=lambda rx: rx.pattern[:30])
def test_narrowed_search_is_the_patterns_search(rx):
    for line in CUE_LINES:
        assert _span(bl._search(rx, line)) == _span(rx.search(line)), (rx.pattern[:40], line)


def test_narrowing_keeps_alternatives_in_pattern_order():
    for rx, alts in bl._ALTERNATIVES_OF.items():
        assert "|".join(a for a, _ in alts) == rx.pattern
    # the narrowed pattern really is used on a line holding one alternative's literals
    rx = bl._CONSENT_STRONG
    line = "x" * 50 + " at any time"
    kept = tuple(i for i, (_, g) in enumerate(bl._ALTERNATIVES_OF[rx]) if g.may_match(line))
    assert 0 < len(kept) < len(bl._ALTERNATIVES_OF[rx])
    assert bl._narrowed(rx, kept).search(line).group() == "at any time"


def _ref_sentence_flags(line: str, offset: int, p: float) -> list:
    """classify_lines' sentence loop as it was, with every search done without a gate."""
    from scorer.text import sentences

    flags = []
    for ss, se in sentences(line):
        sent = line[ss:se]
        strong, weak = len(bl._CONSENT_STRONG.findall(sent)), len(bl._CONSENT_WEAK.findall(sent))
        if strong >= 2 or (strong >= 1 and weak >= 1):
            m = bl._CONSENT_STRONG.search(sent)
            flags.append(bl.Flag(offset + ss, offset + se, "consent", "sentence", m.group() if m else "", p))
        else:
            m = bl._PHRASE_RE["comment_form"].search(sent)
            if m:
                flags.append(bl.Flag(offset + ss, offset + se, "comment_form", "sentence", m.group(), p))
    return flags


def test_sentence_flags_are_the_sentence_loops():
    found = 0
    for i, line in enumerate(CUE_LINES):
        got = bl._sentence_flags(line, i, 0.25)
        assert got == _ref_sentence_flags(line, i, 0.25), line
        found += len(got)
    assert found > 10  # the inputs do exercise both kinds


def _looks_outside_its_match(items) -> bool:
    """A parsed pattern holds an anchor, a lookaround or a word boundary (a match found in a
    piece of a text could then not be one in the text)."""
    from scorer.text import _sre_parse

    def nested(av):  # the sub-patterns of a group, a branch or a repeat
        if isinstance(av, _sre_parse.SubPattern):
            yield av
        elif isinstance(av, (list, tuple)):
            for x in av:
                yield from nested(x)

    return any(op in (_sre_parse.AT, _sre_parse.ASSERT, _sre_parse.ASSERT_NOT)
               or any(map(_looks_outside_its_match, nested(av))) for op, av in items)


def test_sentence_cues_match_in_the_line_where_they_match_in_a_sentence():
    """_sentence_flags searches the whole line before cutting it into sentences."""
    from scorer.text import _sre_parse

    for rx in (bl._CONSENT_STRONG, bl._COMMENT_FORM_RE):
        assert not _looks_outside_its_match(_sre_parse.parse(rx.pattern, rx.flags))
    assert _looks_outside_its_match(_sre_parse.parse(r"a(?:b|\bc)", 0))  # the check sees inside groups
    assert _looks_outside_its_match(_sre_parse.parse(r"x(?<!y)", 0))
    assert _looks_outside_its_match(_sre_parse.parse(r"(?:ab?|c){2}$", 0))
    assert not _looks_outside_its_match(_sre_parse.parse(r"(?:ab?|c\(\d\)){2}", 0))


# --- readability: quotation marks counted with str.count ---------------------------------------

@pytest.mark.parametrize("text", TEXTS[:60], ids=lambda t: f"len{len(t)}")
def test_quote_count_is_the_class_count(text):
    assert sum(map(text.count, rd._QUOTES)) == len(re.findall(r"[\"“”«»]", text))


# --- readability: textstat's per-token counts from one packed lookup per token -----------------

def _ref_token_counts(lowered: list[str]) -> tuple[int, int, int, int]:
    """Syllables by textstat's rule (CMU, else pyphen points + 1), easy words, polysyllables."""
    import pyphen

    cmu, easy = rd._cmu_syllables(), rd._easy_words()
    hyph = pyphen.Pyphen(lang="en_US")
    syl = [cmu[t] if t in cmu else len(hyph.positions(t)) + 1 for t in lowered]
    return (sum(syl), sum(t in easy for t in lowered), sum(s >= 3 for s in syl),
            sum(s >= 3 and t not in easy for s, t in zip(syl, lowered)))


def _token_lists() -> list[list[str]]:
    out = [rd._ts_strip_punct(t).lower().split() for t in TEXTS[:120]]
    out.append("the a about abandonment unbelievable internationalization supercalifragilistic "
               "nairobi odhiambo chowdhury don't they'd x xx antidisestablishmentarianism".split())
    out.append(["a" * 70, "b" * 300, "easy", "hard"])  # longer than the memo's key bound
    return [t for t in out if t]


@pytest.mark.parametrize("lowered", _token_lists(), ids=lambda t: f"{len(t)}tokens")
def test_token_counts_are_textstats(lowered):
    assert rd._token_counts(lowered) == _ref_token_counts(lowered)


@pytest.mark.parametrize("lowered", ["the unbelievable internationalization of a cat".split() * 4,
                                     ["the"] * 24,  # every token easy: a chunk of 8 would carry
                                     ["internationalization"] * 24])  # every token 3+ syllables, not easy
def test_token_counts_sum_in_chunks_before_a_field_could_carry(monkeypatch, lowered):
    ref = _ref_token_counts(lowered)
    monkeypatch.setattr(rd, "_TS_MASK", 7)  # 24 tokens > 7: one packed sum would carry; chunks of 7 do not
    assert rd._token_counts(lowered) == ref


# --- boilerplate: text-level shortcuts ----------------------------------------------------------

from scorer.features import boilerplate as bp  # noqa: E402


@pytest.mark.parametrize("text", TEXTS + CUE_LINES, ids=lambda t: f"len{len(t)}")
def test_nonspace_is_the_split_count(text):
    assert bp._nonspace(text) == sum(map(len, text.split()))


def test_nonspace_whitespace_sets_are_isspace():
    spaces = [c for c in ALL_CHARS if c.isspace()]
    assert sorted(map(chr, bp._ASCII_SPACE)) == [c for c in spaces if c.isascii()]
    assert bp._NON_ASCII_SPACE_RE.findall(ALL_CHARS) == [c for c in spaces if not c.isascii()]
    for start in range(0, len(ALL_CHARS), 65536):
        chunk = ALL_CHARS[start:start + 65536]
        assert bp._nonspace(chunk) == sum(map(len, chunk.split())), hex(start)


_EMOJI_TEXTS = ["Great news 🎉🎉", "sunny ☀ today", "arrows ↔ ↕ ⇄", "star ⭐", "up ⬆", "just ↓ below", "™ © ®",
                "“quoted” — dash … ellipsis € 20", "ÀÉÎ ñ", "日本語のテキスト", "\U0001faff", "\U0001fb00", "\u27bf\u27c0"]


@pytest.mark.parametrize("text", TEXTS + _EMOJI_TEXTS, ids=lambda t: f"len{len(t)}")
def test_emoji_free_is_the_pictograph_search(text):
    assert bl._emoji_free(text) == (bl._EMOJI_RE.search(text) is None)


def test_emoji_free_on_every_code_point():
    for start in range(0, len(ALL_CHARS), 512):
        chunk = ALL_CHARS[start:start + 512]
        assert bl._emoji_free(chunk) == (bl._EMOJI_RE.search(chunk) is None), hex(start)


@pytest.mark.parametrize("text", TEXTS + CUE_LINES + [_ARTICLE.replace("-", " ").replace("'", " ")],
                         ids=lambda t: f"len{len(t)}")
def test_line_words_of_a_plain_text_are_the_lines_words(text):
    from scorer.text import lines, word_index

    idx = word_index(text)
    plain = "-" not in text and bl._TWO_MARKS_RE.search(text) is None
    for s, e in lines(text):
        ref = bl._WORD_RE.findall(text[s:e])
        assert bl._line_words(idx, s, e) == ref
        if plain:
            assert bl._line_words(idx, s, e, True) == ref


def test_url_feature_is_the_url_search():
    lines = [ln for ln in _lines_for_url() if ln.strip()]
    rows = bl.line_features(lines)
    col = bl.FEATURES.index("has_url")
    assert [r[col] for r in rows] == [1.0 if bl._URL_RE.search(ln) else 0.0 for ln in lines]
    assert any(r[col] for r in rows) and not all(r[col] for r in rows)


def _lines_for_url() -> list[str]:
    return ["see https://example.com", "HTTP://EXAMPLE.COM", "Www.Example.org now", "wWw.x", "ftp://x.y",
            "http:/ not", "www example", "ſ://x", "HTTPſ://example.com", "no url here", "http://", "www."] + \
        [ln for t in TEXTS[:50] for ln in t.split("\n")]


def test_first_literals_in_are_the_literals_in_the_text():
    texts = [bl.fold_case(t) for t in TEXTS + CUE_LINES] + [" ".join(bl._FIRST_LITERALS)]
    for folded in texts:
        assert bl._first_literals_in(folded) == {lit for lit in bl._FIRST_LITERALS if lit in folded}


# --- readability: pyphen's points by a walk of the pattern trie ----------------------------------

def _ref_hyphenation_points(word: str) -> int:
    """readability._hyphenation_points before the trie: each substring from a position looked up
    in the set of pattern prefixes, then in pyphen's patterns."""
    hyphenator = rd._pyphen()
    patterns, maxlen = hyphenator.hd.patterns, hyphenator.hd.maxlen
    prefixes = _ref_prefixes()
    pointed = "." + word.lower() + "."
    n = len(pointed)
    refs = [0] * (n + 1)
    for i in range(n - 1):
        for j in range(i + 1, min(i + maxlen, n) + 1):
            piece = pointed[i:j]
            if piece not in prefixes:
                break
            pattern = patterns.get(piece)
            if pattern is not None:
                k, values = pattern
                k += i
                for value in values:
                    if k > n:
                        break
                    if value > refs[k]:
                        refs[k] = value
                    k += 1
    lo, hi = hyphenator.left + 1, len(word) - hyphenator.right + 1
    return sum(1 for i in range(max(lo, 0), min(hi, n) + 1) if refs[i] % 2)


_REF_PREFIXES: list = []


def _ref_prefixes() -> frozenset:
    if not _REF_PREFIXES:
        patterns = rd._pyphen().hd.patterns
        _REF_PREFIXES.append(frozenset(key[:i] for key in patterns for i in range(1, len(key) + 1)))
    return _REF_PREFIXES[0]


def _hyphenation_words() -> list[str]:
    rng = random.Random(21)
    words = ["", "a", "ab", "abc", ".", "..", "...", "hyphenation", "unconstitutionally", "x" * 300,
             "supercalifragilisticexpialidocious", "zelenskyy", "mcdonald's", "İstanbul", "ẞtraße", "ǅemal",
             "ΣΟΦΟΣ", "naïve", "ﬁnancial", "co-operate", "e.g", "123abc", ".ab.", "a.b", "selfgoverning"]
    alphabet = "abcdefghijklmnopqrstuvwxyz.'-_0123é\u0130\u0131ſ"
    words += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(3000)]
    words += [w for t in TEXTS for w in rd._ts_strip_punct(t).lower().split()]
    return words


def test_hyphenation_trie_holds_every_pattern():
    """The trie spells exactly pyphen's patterns and their prefixes; each node packs the maximum
    value at each position over the patterns its path spells or begins with (thermometer codes
    in fields of ``width`` bits), and no value lies past its pattern's end (so none past the word)."""
    trie, _, width, _ = rd._hyphen_tables()
    patterns = rd._pyphen().hd.patterns
    assert width == 1 + max(v for _, values in patterns.values() for v in values)
    found = {}

    def walk(node, path):
        for ch, child in node.items():
            if ch:
                assert len(ch) == 1
                found[path + ch] = child[""]
                walk(child, path + ch)

    walk(trie, "")
    assert trie[""] == 0
    assert set(found) == _ref_prefixes()
    for key, packed in found.items():
        best: dict[int, int] = {}
        for j in range(1, len(key) + 1):
            if key[:j] in patterns:
                k, values = patterns[key[:j]]
                assert k + len(values) <= j + 1
                for d, v in enumerate(values):
                    best[k + d] = max(best.get(k + d, 0), v)
        want = 0
        for pos, v in best.items():
            want |= ((1 << v) - 1) << (pos * width)
        assert packed == want, key


def test_hyphenation_points_are_the_prefix_walks():
    words = _hyphenation_words()
    assert len(words) > 5000
    for w in words:
        assert rd._hyphenation_points(w) == _ref_hyphenation_points(w), w


@pytest.fixture(scope="module")
def corpus_texts(corpus_by_hash) -> list[str]:
    """Every 7th document of the training corpus (its text as the corpus holds it), in a fixed order."""
    return [d.text for d in corpus_by_hash[::7]]


def test_hyphenation_points_on_the_corpus(corpus_texts):
    """Every distinct token of every 7th corpus text missing from the CMU dictionary."""
    cmu = rd._cmu_syllables()
    words = {w for t in corpus_texts for w in rd._ts_strip_punct(t).lower().split() if w not in cmu}
    assert len(words) > 5000
    for w in sorted(words):
        assert rd._hyphenation_points(w) == _ref_hyphenation_points(w), w


# --- readability: words in capitals ------------------------------------------------------------

def _ref_allcaps_words(words) -> int:
    """readability's count as it was: the words of 2+ letters, then those in capitals."""
    from itertools import compress

    return sum(map(str.isupper, compress(words, map((1).__lt__, map(len, words)))))


def _word_tuples() -> list[tuple[str, ...]]:
    from scorer.text import word_index

    rng = random.Random(17)
    pool = ["I", "A", "a", "i", "AB", "Ab", "aB", "NATO", "U", "ǅ", "ǅA", "Ǆ", "ǆ", "İ", "İI", "ß", "ẞ", "ΣΣ", "Σ", "ς",
            "Ⅻ", "ⅫⅫ", "²", "²A", "A²", "ǅemal", "ﬁ", "ＡＢ", "Ａ", "x" * 40, "X" * 40, "O'NEILL", "CO-OP", "Co-Op"]
    out = [(), ("I",), ("A", "B"), tuple(pool)]
    out += [tuple(rng.choice(pool) for _ in range(rng.randint(1, 60))) for _ in range(2000)]
    out += [word_index(t).words for t in TEXTS]
    return out


def test_allcaps_words_is_the_two_letter_count():
    tuples = _word_tuples()
    assert sum(_ref_allcaps_words(w) for w in tuples) > 5000
    for words in tuples:
        assert rd._allcaps_words(words) == _ref_allcaps_words(words), words[:20]


def test_allcaps_words_on_the_corpus(corpus_texts):
    from scorer.text import word_index

    total = 0
    for t in corpus_texts:
        words = word_index(t).words
        want = _ref_allcaps_words(words)
        assert rd._allcaps_words(words) == want, t[:200]
        total += want
    assert total > 1000


# --- boilerplate: classify_lines builds only the feature rows it reads -------------------------
_FURNITURE = ["Skip to content", "Menu", "Home", "Related posts", "Read also:", "Share this:", "Facebook",
              "Twitter", "Leave a Reply", "Source link", "© 2024 Example Media. All rights reserved.",
              "Privacy Policy | Cookie Policy", "Subscribe now", "Comments", "Sign in", "Tags:",
              "We use cookies to improve your experience. You can withdraw your consent at any time.",
              "Your email address will not be published. Required fields are marked *",
              "Previous article", "Next article", "Latest news", "Trending now"]
_HEADLINES = ["Council approves new budget", "Port traffic rises again", "Ten things to know today",
              "Why the bridge was closed", "Mayor says plan is on track", "Local team wins the cup!"]


def _documents() -> list[str]:
    """Articles with furniture at their edges and in their middle, related-post blocks, runs of
    short lines and whole pages of furniture (page mode), one line per paragraph."""
    rng = random.Random(21)
    prose = [ln for ln in _ARTICLE.split("\n") if ln] + [s for s in _CUE_SENTENCES if len(s) > 60]
    docs = []
    for _ in range(250):
        lines = []
        for _ in range(rng.choice([1, 3, 8, 15, 25, 40])):
            r = rng.random()
            if r < 0.45:
                lines.append(rng.choice(prose))
            elif r < 0.7:
                lines.append(rng.choice(_FURNITURE))
            elif r < 0.85:
                lines.append(rng.choice(_HEADLINES))
            else:
                lines.append(rng.choice(CUE_LINES)[:rng.choice([40, 200, 2000])])
        docs.append("\n".join(lines))
    # whole pages: menus, sidebars and footers around a short text
    for _ in range(30):
        lines = [rng.choice(_FURNITURE + _HEADLINES) for _ in range(rng.randint(20, 45))]
        lines.insert(rng.randrange(len(lines)), rng.choice(prose))
        docs.append("\n".join(lines))
    return docs + TEXTS[:80] + ["\n".join(CUE_LINES[:60])]


def test_classify_lines_is_the_eager_classification():
    """The flags (spans, kinds, cues and probabilities to the last bit) of every line's row
    built first, on documents that reach every way a probability is read."""
    from reference_impls import classify_lines_eager

    hows = set()
    page_mode = 0
    for doc in _documents():
        for threshold in (None, 0.0, 0.3):
            got = bl.classify_lines(doc, threshold=threshold)
            assert got == classify_lines_eager(doc, threshold=threshold)
            assert [repr(f.proba) for f in got] == [repr(f.proba) for f in classify_lines_eager(doc, threshold=threshold)]
            hows |= {f.how for f in got}
        page_mode += sum(f.how == "model" for f in bl.classify_lines(doc)) >= 15
    assert hows == {"cue", "phrase", "model", "block", "sentence"}  # every kind of flag was reached
    assert page_mode  # and whole pages


def test_stopword_columns_are_each_lines_share():
    """line_features counts a line's stopword share only where a row reads it (its own row, its
    neighbours'): each column still holds the share of that line."""
    def share(line: str) -> float:
        ws = bl._WORD_RE.findall(line)
        return sum(w.lower() in bl._STOP for w in ws) / len(ws) if ws else 0.0

    own, prev, nxt = (bl.FEATURES.index(f) for f in ("stop_share", "prev_stop", "next_stop"))
    for doc in _documents()[:120]:
        lines = [ln for ln in doc.split("\n") if ln.strip()]
        rows = bl.line_features(lines)
        shares = [0.0, *map(share, lines), 0.0]
        assert [r[own] for r in rows] == shares[1:-1]
        assert [r[prev] for r in rows] == shares[:-2]
        assert [r[nxt] for r in rows] == shares[2:]


# --- boilerplate: the line trim by str.lstrip / str.rstrip --------------------------------------

def _ref_trim(line: str) -> str:
    """The trim as it was: the leading run by a regex sub, the trailing one char by char."""
    line = re.sub(r"^[\s\-–—*•·●▪►»>|:#]+", "", line, count=1)
    end = len(line)
    while end and re.match(r"[\s\-–—*•·●▪►»>|:.!…]", line[end - 1]):
        end -= 1
    return line[:end]


def test_trim_char_sets_are_the_classes():
    lead_class = re.compile(bl._LEAD_TRIM_RE.pattern[1:-1])  # "^[...]+": its class
    assert sorted(bl._LEAD_TRIM_CHARS) == lead_class.findall(ALL_CHARS)
    assert sorted(bl._TAIL_TRIM_CHARS) == bl._TAIL_TRIM_CHAR_RE.findall(ALL_CHARS)


@pytest.mark.parametrize("text", TEXTS + CUE_LINES + ["  - Share this!!! ", "--...", "•\u2003» x :|.", "x…!\u3000"],
                         ids=lambda t: f"len{len(t)}")
def test_trim_is_the_regex_trim(text):
    for line in [text, *text.split("\n")]:
        assert bl._trim(line) == _ref_trim(line)


@pytest.mark.parametrize("text", TEXTS + CUE_LINES, ids=lambda t: f"len{len(t)}")
def test_cut_by_first_literal_is_the_scan_of_every_term(text):
    from scorer.text import LiteralGate, fold_case

    for part in [text, *text.split("\n")]:
        folded = fold_case(part)
        present = bl._first_literals_in(folded)
        for gate in (bl._PHRASE_ANY, bl._SENTENCE_CUES_ANY):
            ref = LiteralGate(tuple(
                term for term in gate.terms
                if not present.isdisjoint(term[0]) and all(any(map(folded.__contains__, c)) for c in term[1:])))
            assert bl._cut(gate, folded, present) == ref


def test_bullets_without_a_digit_are_trimmed_anyway():
    # _cue runs _BULLET_RE only on a line starting with a decimal digit: any other bullet it
    # removes, _trim removes too. Every first character, before a few tails.
    for tail in ("x", " x", "  Share", "\u2003- x", ""):
        for c in ALL_CHARS[:0x3100]:
            for s in (c + tail, c * 3 + tail, c + " " + c + tail):
                s = s.strip()
                if not s[:1].isdecimal():
                    assert bl._trim(bl._BULLET_RE.sub("", s)) == bl._trim(s), repr(s)
