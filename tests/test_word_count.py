"""The report's word count (``text.word_count``): script-aware, and WORD_RE's count on English."""
from pathlib import Path

import pytest

from scorer.text import WORD_RE, word_count, word_index

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize("text", [
    "Meta’s co-founder said “don’t” — the café’s résumé, naïve as it was, cost $100m.",
    "The U.S. and the U.K. agreed on Tuesday (12 June) to talk again in July.",
    "Ελλάδα and Россия are named here, with Ærø and Łódź.",
    "",
    "123 456 — !!!",
    "Great news ❤️ today 👍🏽",  # an emoji's variation selector is a combining mark, and no word
])
def test_text_without_marks_or_cjk_keeps_the_feature_count(text):
    assert word_count(text) == len(WORD_RE.findall(text)) == len(word_index(text).words)


def test_seeds_keep_the_feature_count():
    assert SEEDS, "seeds/ is part of the repository"
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        assert word_count(text) == len(word_index(text).words), p.name


def test_indic_word_is_not_split_at_its_vowel_signs():
    hindi = "भारत सरकार ने मंगलवार को नई योजना की घोषणा की"  # ten words, counted by hand
    assert len(WORD_RE.findall(hindi)) > 10  # what the features' regex sees: pieces
    assert word_count(hindi) == 10


def test_decomposed_accents_stay_inside_their_word():
    decomposed = "cafe\u0301 re\u0301sume\u0301 nai\u0308ve"
    assert word_count(decomposed) == 3


def test_chinese_and_japanese_count_a_character_a_word():
    japanese = "政府は火曜日、新しい計画を発表した。"  # 16 kanji and kana, 2 punctuation marks
    assert word_count(japanese) == 16
    chinese = "政府周二宣布了一项新计划，旨在改善市民生活。"
    assert word_count(chinese) == 20
    assert word_count("Tokyo (東京) is big") == 5


def test_korean_is_spaced_and_counted_by_spaces():
    assert word_count("정부는 화요일 새로운 계획을 발표했다") == 5


def test_thai_keeps_the_rough_feature_count():
    thai = "รัฐบาลประกาศแผนใหม่เมื่อวันอังคาร"
    assert word_count(thai) == len(WORD_RE.findall(thai)) > 1


def test_a_chinese_article_is_not_a_short_text():
    from scorer.ingest import parse_bytes
    from scorer.scoring import Scorer

    body = "政府周二宣布了一项新计划，旨在改善市民生活。官员表示，第一阶段将于明年春天开始。" * 8
    art = parse_bytes(body.encode("utf-8"), name="zh.txt", path="zh.txt")
    rep = Scorer().score_article(art, path="zh.txt")
    assert rep.word_count == 8 * len("政府周二宣布了一项新计划旨在改善市民生活官员表示第一阶段将于明年春天开始")
    assert "short_text" not in [c["code"] if isinstance(c, dict) else c for c in
                                [c.get("code") for c in rep.to_dict().get("caveats", [])]]
