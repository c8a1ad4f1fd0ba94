"""Under ``language.MIN_LETTERS`` letters the language is undetermined, not langdetect's guess.

langdetect states a guess on a word or two with full confidence ("x" was Somali at 1.00); a
crawl's stub pages ("Loading…", "Page not found") then carried a random language code. The
rule sits in the sample check both the fast detector and langdetect's own code go through, so
the two still agree (``tests/test_languages.py`` compares them on the corpora).
"""
from __future__ import annotations

import pytest

from scorer import language
from scorer.language import MIN_LETTERS, detect_language, detect_language_exact, detect_language_reference

FEW = ["x", "Loading…", "Page not found", "東京の天気", "El tiempo en Madrid hoy", "OK", "Menu", "12:45 pm — Mon"]


def _letters(s: str) -> int:
    return sum(ch.isalpha() for ch in s)


@pytest.mark.parametrize("text", FEW)
def test_a_few_letters_are_undetermined(text):
    assert _letters(text) < MIN_LETTERS
    assert detect_language(text) == (None, 0.0)
    assert detect_language_exact(text) == (None, 0.0)
    assert detect_language_reference(text) == (None, 0.0)


def test_these_samples_were_guessed_with_confidence_before():
    """The rule is what makes the samples above undetermined: langdetect's own answer on
    most of them is a language, stated with confidence."""
    guessed = [language._probabilities(t)[0] for t in FEW if _letters(t) > 0]
    assert sum(p.prob >= 0.9 for p in guessed) >= len(guessed) // 2


def test_letters_are_counted_not_characters():
    """Padding with digits, spaces and punctuation adds no letter."""
    text = "x " + "1234567890 !? " * 20
    assert len(text) > 4 * MIN_LETTERS
    assert detect_language(text) == (None, 0.0)


def test_at_the_threshold_langdetect_answers():
    """``MIN_LETTERS`` letters of plain text in one language are read (the rule stops at the
    threshold; it does not swallow short sentences)."""
    for text, lang in [("Wetter in Berlin heute und morgen", "de"), ("Городской совет объявил", "ru"),
                       ("La policía detuvo a dos hombres", "es")]:
        assert MIN_LETTERS <= _letters(text) < MIN_LETTERS + 10
        assert detect_language(text)[0] == lang


def test_few_letters_after_a_long_run_of_signs_are_still_counted():
    """The count is not cut short by a long text: letters anywhere in the sample count."""
    text = "— " * 100 + "The city council said on Monday it would build new clinics in the north."
    assert detect_language(text)[0] == "en"


def test_a_stub_page_reports_no_language(tmp_path):
    from scorer.scoring import Scorer

    rep = Scorer(use_model=False).score_text("Loading…").to_dict()
    assert rep["language"] is None and rep["language_confidence"] == 0.0
    assert "too_short" in [c["code"] for c in rep["caveats"]]
