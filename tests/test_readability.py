import math

import pytest

from scorer.features.readability import Readability, mtld
from scorer.ingest import parse_text

SIMPLE = ("The dog ran. The cat sat. The sun was hot. We went home. It was fun. "
          "The bus was late. Mum was glad. We ate rice.")
DENSE = ("Notwithstanding considerable institutional reluctance, the parliamentary appropriations "
         "committee ultimately authorised comprehensive infrastructural modernisation expenditures, "
         "characterising the intergovernmental negotiations as extraordinarily constructive.")


def feats(text):
    return Readability().extract(parse_text(text)).values


def test_easy_text_reads_easier_than_dense_text():
    easy, hard = feats(SIMPLE), feats(DENSE)
    assert easy["readability.flesch_reading_ease"] > hard["readability.flesch_reading_ease"] + 40
    assert easy["readability.flesch_kincaid_grade"] < hard["readability.flesch_kincaid_grade"]
    assert easy["readability.long_word_share"] < hard["readability.long_word_share"]


def test_sentence_length_statistics():
    v = feats("One two three four. One two three four. One two three four. One two three four.")
    assert v["readability.sentence_length_mean"] == 4.0
    assert v["readability.sentence_length_cv"] == 0.0
    v2 = feats("One. One two three four five six seven eight nine ten eleven twelve. Two words.")
    assert v2["readability.sentence_length_cv"] > 0.5


def test_mtld_rewards_diverse_vocabulary():
    repetitive = ("the cat and the dog and the cat " * 10).split()
    diverse = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
               "november oscar papa quebec romeo sierra tango uniform victor whiskey").split()
    assert mtld(diverse) > mtld(repetitive)
    assert math.isnan(mtld(["too", "short"]))


def test_punctuation_and_capitals_profile():
    v = feats("WOW! Is this REAL? NASA said yes! The BBC agreed, the team said.")
    assert v["readability.exclaim_question_per_1000"] > 100
    assert v["readability.allcaps_word_share"] > 0.2


@pytest.mark.parametrize("text,lang", [
    ("Le gouvernement a annoncé lundi de nouvelles règles pour la construction de logements sociaux.", "fr"),
    ("Die Regierung hat am Montag neue Regeln für den sozialen Wohnungsbau angekündigt.", "de"),
])
def test_english_only_features_null_for_other_languages(text, lang):
    from scorer.scoring import Scorer

    report = Scorer(use_model=False).score_text(text)
    assert report.language == lang
    assert report.features["readability.flesch_reading_ease"] is None
    assert "English-only" in report.not_applicable["readability.flesch_reading_ease"]
    assert report.features["readability.sentence_length_mean"] is not None


@pytest.mark.parametrize("text", [
    "The unprecedented reorganisation of intergovernmental responsibilities was controversial today.",
    "DON'T stop: it's the co-op's e-mail, they'd've known, said O'Neill of the unbelievable idea.",
    # Lowering "İ" adds a combining dot that textstat's stripping then removes: "İdea" lowered is
    # not "idea" (CMU: 3 syllables), so gunning_fog reads it word by word as textstat does.
    "The İdea of İowa was discussed today by the members of the committee in İtaly.",
])
def test_textstat_indices_read_polysyllables_off_the_syllable_counts(text):
    """textstat_indices reads gunning_fog's and smog's 3+ syllable words off the token counts
    (ASCII text) instead of counting each word again: textstat's own values."""
    import textstat

    from scorer.features.readability import textstat_indices

    ours = textstat_indices(text)
    assert ours["gunning_fog"] == textstat.gunning_fog(text)
    assert ours["smog_index"] == textstat.smog_index(text)
    assert ours["dale_chall"] == textstat.dale_chall_readability_score(text)


def test_hyphenation_points_are_pyphens():
    """The prefix-pruned hyphenation gives pyphen's number of points on every kind of word."""
    import random

    import pyphen

    from scorer.features.readability import _hyphenation_points

    ref = pyphen.Pyphen(lang="en_US")
    assert all(isinstance(v, int) for _, values in ref.hd.patterns.values() for v in values)
    words = ["", "a", "ab", "abc", "hyphenation", "unconstitutionally", "supercalifragilisticexpialidocious",
             "deepseek", "zelenskyy", "McDonald's", "İstanbul", "straße", "naïve", "co-operate", "e.g",
             ".", "..", "x" * 300, "httpswwwexamplecomnews20230508some_long_slug", "123abc", "ÆSIR", "ﬁnancial"]
    rng = random.Random(3)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCZ.'-_0123é\u0130\u0131ſ"
    words += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(3000)]
    words += (SIMPLE + " " + DENSE).lower().split()
    for w in words:
        assert _hyphenation_points(w) == len(ref.positions(w)), w
