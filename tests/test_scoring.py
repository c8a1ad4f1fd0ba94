"""The pipeline: evidence offsets, language handling, titles, robustness to extractor bugs."""
from __future__ import annotations

import json

import pytest

from scorer.features.base import Extractor, FeatureResult, FeatureSpec
from scorer.ingest import parse_text
from scorer.scoring import Scorer


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def test_every_evidence_span_points_at_its_snippet(scorer, seed_paths):
    for path in seed_paths:
        report = scorer.score_file(path)
        assert report.ok
        body = report.body
        for ev in report.evidence:
            assert 0 <= ev.start <= ev.end <= len(body)
            exact = body[ev.start:ev.end]
            assert ev.snippet == exact or (ev.snippet.endswith("…") and exact.startswith(ev.snippet[:-1]))
        for reason in report.reasons:
            assert reason.evidence == tuple(e for e in reason.evidence if e in report.evidence)


def test_same_input_same_json(scorer, seed_paths):
    a = [json.dumps(scorer.score_file(p).to_dict()) for p in seed_paths]
    b = [json.dumps(Scorer().score_file(p).to_dict()) for p in seed_paths]
    assert a == b


def test_non_english_article_gets_no_english_risk(scorer):
    text = ("Le conseil municipal de Lyon a voté mardi une hausse de quatre pour cent des tarifs de "
            "l'eau. « Nous n'avions pas le choix », a déclaré l'adjointe aux finances. Les travaux "
            "sur le réseau commenceront au printemps, selon la mairie.")
    report = scorer.score_text(text)
    assert report.language == "fr"
    assert report.facets["mt"] is None and report.facets["ai_style"] is None
    assert all(not e.feature.startswith(("mt.", "ai_style.")) for e in report.evidence)


def test_furniture_first_line_is_not_the_title(scorer):
    text = ("Skip to content\n\nHarbour ferry fares to rise in April\n\nThe harbour authority said on "
            "Monday that ferry fares would rise by 5% in April to pay for new boats.\n")
    assert parse_text(text).title == "Skip to content"  # ingestion cannot know yet
    report = scorer.score_text(text)
    flagged = {(e.start, e.end) for e in report.evidence if e.feature.startswith("boilerplate.")}
    assert flagged == {(0, 15)}  # the skip link only: the headline and the prose are kept
    assert report.title == "Harbour ferry fares to rise in April"


class _Broken(Extractor):
    name = "broken"
    specs = (FeatureSpec("broken.x", "always fails"),)

    def extract(self, article):
        raise ZeroDivisionError("boom")


def test_extractor_bug_becomes_an_error_report_not_a_crash(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("The council met on Monday and approved the budget, officials said.")
    report = Scorer(extractors=[_Broken()], use_model=False).score_file(p)
    assert report.status == "error" and report.error_code == "internal"
    assert report.error == "internal error in the broken extractor: ZeroDivisionError: boom"


class _Fixed(Extractor):
    name = "fixed"
    specs = (FeatureSpec("fixed.value", "a constant", english_only=True),)

    def extract(self, article):
        return FeatureResult(values={"fixed.value": 1.0})


def test_english_only_features_are_nulled_with_reason():
    sc = Scorer(extractors=[_Fixed()], use_model=False)
    de = sc.score_text("Der Stadtrat hat am Montag den Haushalt für das kommende Jahr beschlossen.")
    en = sc.score_text("The city council approved next year's budget on Monday, officials said.")
    assert de.features["fixed.value"] is None and "English-only" in de.not_applicable["fixed.value"]
    assert en.features["fixed.value"] == 1.0
