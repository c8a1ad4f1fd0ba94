"""The strongest-defect input of the reliability model, and how its credit reaches reasons."""
import math

import pytest

from scorer.combiner_inputs import (DEFECT_FACETS, STRONGEST, combined_inputs, credit_to_facets,
                                    strongest_facet)


def test_strongest_is_the_highest_defect_facet_and_ignores_readability():
    facets = {"readability": 0.99, "mt": 0.2, "ai_style": 0.7, "boilerplate": None, "citations": 0.1}
    assert strongest_facet(facets) == "ai_style"
    assert combined_inputs(facets) == {STRONGEST: 0.7}


def test_no_defect_facet_gives_a_missing_input():
    facets = {"readability": 0.4, **{f: None for f in DEFECT_FACETS}}
    assert strongest_facet(facets) is None
    assert combined_inputs(facets) == {STRONGEST: None}


def test_ties_go_to_the_first_facet_in_order():
    assert strongest_facet({"mt": 0.5, "ai_style": 0.5, "citations": 0.5}) == "mt"


def test_credit_moves_to_the_strongest_facet_and_keeps_the_sum():
    facets = {"mt": 0.9, "ai_style": 0.1, "boilerplate": 0.2, "citations": None}
    contrib = {"facet.mt": 0.5, "facet.ai_style": -0.1, STRONGEST: 1.25, "mt.casing_per_1000": 0.3}
    out = credit_to_facets(contrib, facets)
    assert STRONGEST not in out
    assert out["facet.mt"] == pytest.approx(1.75)
    assert math.fsum(out.values()) == pytest.approx(math.fsum(contrib.values()))


def test_credit_without_a_facet_keeps_the_share_under_its_own_name():
    contrib = {STRONGEST: -0.4, "readability.word_count": 0.1}
    assert credit_to_facets(contrib, {f: None for f in DEFECT_FACETS}) == contrib


def test_scorer_reasons_never_name_the_derived_input():
    from scorer.scoring import Scorer

    scorer = Scorer()
    if scorer.model is None or STRONGEST not in scorer.model.features:
        pytest.skip("the installed reliability model does not read the strongest-defect input")
    text = ("Our $ 100 million deal with Openai was announced on Monday , the company said . "
            "The Meta -team will hire engineers in a last pit effort. ") * 6
    rep = scorer.score_text(text)
    assert rep.reasons and all(r.feature != STRONGEST for r in rep.reasons)
    assert rep.reasons[0].feature == "facet.mt" or any(r.facet == "mt" for r in rep.reasons[:3])
