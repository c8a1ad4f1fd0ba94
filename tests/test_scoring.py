"""The pipeline: evidence offsets, language handling, titles, robustness to extractor bugs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorer.features.base import Extractor, FeatureResult, FeatureSpec
from scorer.ingest import DEFAULT_MAX_BYTES, parse_text
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
    # The skip link only is stripped, as page chrome (listed, not counted: reliability-11); the
    # headline and the prose are kept.
    chrome = {(c["start"], c["end"]) for c in report.details["boilerplate"].get("page_chrome", [])}
    assert flagged == set() and chrome == {(0, 15)}
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


def test_facet_evidence_leads_with_what_raised_the_risk_and_leaves_out_credit(scorer):
    from scorer.features.base import Evidence

    ev = [Evidence("citations.named_attribution_per_1000", 0, 10, "said Mayor Ruiz", "named source (credit)"),
          Evidence("citations.slug_mismatch_share", 20, 30, "https://a/x", "slug shares no word"),
          Evidence("citations.anachronism_count", 40, 50, "https://b/y", "dated before the entity"),
          Evidence("citations.anachronism_count", 60, 70, "https://c/z", "dated before the entity"),
          Evidence("mt.spacing_per_1000", 80, 85, "$ 100", "currency space")]
    drivers = {"citations": (("citations.anachronism_count",),)}
    got = [(e.feature, e.start) for e in scorer._evidence_for("facet.citations", ev, drivers)]
    # the driver first (text order within it), then the family's other risk spans; no credit span
    assert got == [("citations.anachronism_count", 40), ("citations.anachronism_count", 60),
                   ("citations.slug_mismatch_share", 20)]
    # a family whose only spans are credit still shows them rather than nothing
    only_credit = [e for e in ev if e.feature.endswith("named_attribution_per_1000")]
    assert scorer._evidence_for("facet.citations", only_credit, drivers) == tuple(only_credit)


CITED_STORY = """City council votes to expand the tram network

The city council voted on Tuesday to extend the tram network by 12 kilometres, said Mayor Elena Ruiz
at a press conference after the vote [1]. "This line will connect the northern estates to the centre
for the first time," Ruiz told reporters.

Transport director Paul Okonkwo said construction would start next spring and last three years [2].
The project will cost 410 million euros, according to the council's budget office [3].

Opposition councillor Maria Lind said the plan ignored bus routes in the west of the city [4].

References:
[1] https://www.reuters.com/world/chatgpt-council-votes-tram-network-2016-03-02/
[2] https://www.theguardian.com/world/2015/mar/03/openai-gpt-4-tram-construction-spring
[3] https://www.cnbc.com/2014/03/04/tiktok-tram-budget-office-cost.html
[4] https://www.nytimes.com/2015/03/05/world/chatgpt-opposition-bus-routes.html
"""


def test_a_cited_story_shows_its_anachronisms_not_its_named_sources_as_citation_evidence(scorer):
    """References dated years before ChatGPT/TikTok existed, in a story that also names its
    sources (credit spans of the same family): the citations reason shows the URLs."""
    r = scorer.score_text(CITED_STORY, name="tram.txt")
    assert any(scorer._is_credit(e.feature) for e in r.evidence)  # the family has credit spans
    reason = next(x for x in r.reasons if x.feature == "facet.citations")
    assert reason.evidence and all(not scorer._is_credit(e.feature) for e in reason.evidence)
    assert reason.evidence[0].feature == "citations.anachronism_count"


def test_a_credit_feature_given_as_a_reason_says_it_was_low(scorer):
    """With monotone trees a credit feature (a named source, a dateline) can only push towards
    'unreliable' by being low; the reason's message says so instead of reading like a doubt."""
    from scorer.report import Reason

    reasons = scorer._model_reasons({"citations.named_attribution_per_1000": 0.0, "mt.spacing_per_1000": 2.0},
                                    [], {}, {"citations.named_attribution_per_1000": 0.4,
                                             "mt.spacing_per_1000": 0.3})
    by = {r.feature: r for r in reasons}
    assert isinstance(by["citations.named_attribution_per_1000"], Reason)
    assert by["citations.named_attribution_per_1000"].message.endswith("(less than reliable articles usually have)")
    assert "usually have" not in by["mt.spacing_per_1000"].message


def test_reasons_name_each_defect_that_moved_the_score_before_repeating_one(scorer):
    """Families that moved the score at least LEAD_FAMILY_SHARE as much as the strongest, or at
    least LEAD_FAMILY_MIN log-odds, come first, one feature each; a family that barely moved it
    does not jump the queue."""
    contrib = {"facet.boilerplate": 3.0, "boilerplate.kinds": 0.9, "boilerplate.flags_per_1000": 0.8,
               "facet.citations": 1.5, "mt.fingerprint_kinds": 0.7, "mt.tortured_per_1000": 0.5,
               "citations.named_attribution_per_1000": 0.05, "ai_style.vocab_llm": 0.1,
               "readability.word_count": -0.4}
    ranked = [f for _, f in scorer._rank_reasons(contrib)]
    assert ranked == ["facet.boilerplate", "facet.citations", "mt.fingerprint_kinds",
                      "boilerplate.kinds", "boilerplate.flags_per_1000"]
    # without the mt family's second feature its total (0.7) is under a quarter of 4.7, but
    # over LEAD_FAMILY_MIN: a second defect that clearly moved the score is still named early
    from scorer.scoring import LEAD_FAMILY_MIN

    del contrib["mt.tortured_per_1000"]
    ranked = [f for _, f in scorer._rank_reasons(contrib)]
    assert ranked[:3] == ["facet.boilerplate", "facet.citations", "mt.fingerprint_kinds"]
    # a family under both (ai_style: 0.1 < LEAD_FAMILY_MIN) waits behind stronger features
    contrib["mt.fingerprint_kinds"] = LEAD_FAMILY_MIN / 2
    ranked = [f for _, f in scorer._rank_reasons(contrib)]
    assert ranked[:3] == ["facet.boilerplate", "facet.citations", "boilerplate.kinds"]
    assert ranked.index("boilerplate.flags_per_1000") < ranked.index("mt.fingerprint_kinds")
    assert "readability.word_count" not in ranked  # only what moved towards "unreliable"
    # ... and moved it noticeably: a crumb is not a reason
    from scorer.scoring import MIN_REASON_CONTRIBUTION

    crumbs = {"facet.ai_style": MIN_REASON_CONTRIBUTION / 2, "mt.ngram_logit": MIN_REASON_CONTRIBUTION}
    assert [f for _, f in scorer._rank_reasons(crumbs)] == ["mt.ngram_logit"]


def _ev(feature: str, start: int):
    from scorer.features.base import Evidence

    return Evidence(feature=feature, start=start, end=start + 3, snippet="abc", reason="r")


def test_a_reason_shows_only_its_own_spans_or_those_it_is_computed_from(scorer):
    """"Spinner-preferred words" once came with the n-gram model's sentences (another feature of
    the same family); an aggregate shows the spans it counts, a feature with none shows none."""
    evidence = [_ev("mt.ngram_logit", 0), _ev("mt.casing_per_1000", 10), _ev("mt.casing_per_1000", 15),
                _ev("mt.tortured_per_1000", 20), _ev("mt.nonword_per_1000", 30)]
    inputs = {"mt.spin_word_score": 2.0, "mt.fingerprint_kinds": 2.0, "mt.ngram_mt_sentence_share": 0.6}
    contrib = {"mt.spin_word_score": 0.5, "mt.fingerprint_kinds": 0.4, "mt.ngram_mt_sentence_share": 0.3}
    by = {r.feature: r for r in scorer._model_reasons(inputs, evidence, {}, contrib)}
    # one span of each kind first, then the second of each
    assert [(e.feature, e.start) for e in by["mt.fingerprint_kinds"].evidence] == [
        ("mt.casing_per_1000", 10), ("mt.tortured_per_1000", 20), ("mt.casing_per_1000", 15)]
    assert [e.feature for e in by["mt.ngram_mt_sentence_share"].evidence] == ["mt.ngram_logit"]
    assert by["mt.spin_word_score"].evidence == ()
    assert by["mt.spin_word_score"].message.endswith("(measured over the whole text: no single span to show)")
    assert "no single span" not in by["mt.fingerprint_kinds"].message


def test_every_reason_span_belongs_to_the_reason(scorer):
    """On a text with several kinds of machine fingerprints, each reason's spans are its own
    feature's, those its spec names in ``evidence_from``, or (a facet) its family's."""
    text = ("Harbour Board Approves $ 40 million Ferry Plan\n\n"
            "The harbour board of Port Elwin approved on Tuesday a $ 40 million plan to replace its "
            "three oldest ferries, the chairman of the board said. The Chatgpt -generated summary "
            "of the plan was shared with the local -press. The malady of the old fleet is its "
            "profundity of repairs, and the cerebrum of the plan is a new boatyard. The board "
            "said that the counterfeit consciousness system would plan the timetables. Elwin "
            "residents have waited a long time for new boats, the chairman said.\n")
    report = scorer.score_text(text)
    assert report.reasons
    for reason in report.reasons:
        spec = scorer.specs.get(reason.feature)
        allowed = {reason.feature, *(spec.evidence_from if spec else ())}
        for e in reason.evidence:
            if reason.feature.startswith("facet."):
                assert e.feature.startswith(reason.facet + ".")
            else:
                assert e.feature in allowed, (reason.feature, e.feature)


def test_a_feature_that_does_not_apply_is_not_a_reason(scorer):
    """English-only features of a non-English article reach the trees as missing; whatever the
    missing branch contributes, "n/a" is not a reason a reader can check."""
    reasons = scorer._model_reasons({"mt.agreement_per_1000": None, "citations.dangling_marker_share": 0.5},
                                    [], {}, {"mt.agreement_per_1000": 0.7, "citations.dangling_marker_share": 0.2})
    assert [r.feature for r in reasons] == ["citations.dangling_marker_share"]
    text = ("Il consiglio comunale di Trieste ha approvato martedì il nuovo piano per il porto. "
            "«Era il momento di decidere», ha detto l'assessore ai trasporti. I lavori cominceranno "
            "in primavera e dureranno due anni, secondo il comune.")
    report = scorer.score_text(text)
    assert report.language == "it"
    assert all(r.value is not None for r in report.reasons)


def test_scorer_settings_build_the_scorer_they_describe_and_survive_pickling(tmp_path):
    """Batch workers (spawned ones unpickle it) and Spark executors build their scorer from one
    ScorerSettings value: every field must reach the Scorer, and the value must round-trip."""
    import pickle

    from scorer.model import default_models_dir
    from scorer.scoring import ScorerSettings

    s = ScorerSettings(models_dir=default_models_dir(), max_bytes=12_345, fast_html=True)
    sc = s.build()
    assert (sc.models_dir, sc.max_bytes, sc.fast_html) == (Path(default_models_dir()), 12_345, True)
    back = pickle.loads(pickle.dumps(s))
    assert back == s and hash(back) == hash(s) and back != ScorerSettings()
    d = ScorerSettings().build()  # the defaults are the Scorer's own
    assert (d.models_dir, d.max_bytes, d.fast_html) == (Scorer().models_dir, DEFAULT_MAX_BYTES, False)


def test_a_markdown_headline_is_the_title_without_its_marks(scorer):
    rep = scorer.score_text("# Harbour board approves night shifts\n\nThe harbour board on Tuesday approved two "
                            "night shifts at the container terminal, dock workers said. " * 3)
    assert rep.title == "Harbour board approves night shifts"
    md = scorer.score_bytes(("# Harbour board approves night shifts\n\n*By Amina Odhiambo*\n\nThe harbour board "
                             "approved two night shifts, dock workers said.\n").encode(), name="story.md")
    assert md.source_format == "markdown" and md.title == "Harbour board approves night shifts"
