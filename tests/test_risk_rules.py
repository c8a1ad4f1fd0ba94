"""Rules outside the facet models (floors, added log-odds): the risk is built from them, a facet
reason shows their spans first and names them, and the report lists them."""
from __future__ import annotations

import math

import pytest

from scorer.features.ai_style import RESIDUE_FLOOR, STRUCTURE_LOGIT, AiStyle
from scorer.features.base import FLOOR, LOG_ODDS, FeatureResult, RiskRule, risk_with_rules
from scorer.features.citations import IMPOSSIBLE_DATE_FLOOR, Citations
from scorer.features.mt import FINGERPRINT_FEATURE, FINGERPRINT_KINDS, FLOOR_RISK
from scorer.scoring import Scorer

# Written for these tests: an unedited chatbot answer with a FAQ tail. Its residue sits after
# the opening sentence and the model alone reads it as mostly human (its risk is set by the
# floor), so only the rule puts the residue first.
CHATBOT = """Certainly! Here is a rewritten version of the article:

Port Authority Expands Its Night Shifts

In the realm of logistics, the port authority has taken a bold step by adding two night shifts at the container terminal. As of my last knowledge update, the terminal handled about 40,000 containers a month.

The move underscores the authority's commitment to staying at the forefront of regional trade. Industry experts believe this could reshape the competitive landscape.

Frequently Asked Questions

What are the new shifts? The terminal will now work from 10 p.m. to 6 a.m. on weekdays.

Why does this matter? It signals growing demand for faster cargo handling in the region.
"""

# A round trip through MT: spaced currency signs, a spaced hyphen, a miscased brand.
ROUND_TRIP = """Meta spends $ 100 million on Openai researchers

The company said on Monday that its AI -team would grow by a further 50 people this year, according to people familiar with the plan. Meta has offered packages worth $ 100 million to researchers from Openai and Google, the report said.

The group, which works on models that can plan and act, will be led by a former Google researcher. The company did not say how much the hiring would cost in total.
"""

PLAIN = """The city council voted on Tuesday to raise water rates by four percent from January, the first increase in six years.

"We had no choice," said deputy mayor Lena Ortiz, who oversees the budget. The utility says the money will pay for pipes laid in the 1950s, some of which burst last winter.

Opponents said the council should have cut other spending first. The vote was seven to four.
"""


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def _facet_reason(report, facet):
    got = [r for r in report.reasons if r.feature == "facet." + facet]
    assert got, f"no facet.{facet} reason in {[r.feature for r in report.reasons]}"
    return got[0]


def test_residue_leads_the_ai_style_reason_and_the_message_names_the_floor(scorer):
    rep = scorer.score_text(CHATBOT)
    model_alone = scorer.facet_models["ai_style"].predict_proba(
        {k: v for k, v in rep.features.items() if k.startswith("ai_style.")})
    assert model_alone < RESIDUE_FLOOR <= rep.facets["ai_style"]  # the floor set it
    reason = _facet_reason(rep, "ai_style")
    assert [e.feature for e in reason.evidence[:2]] == ["ai_style.residue_count"] * 2
    assert reason.evidence[0].snippet.startswith("Certainly! Here is")
    assert "chatbot residue holds it at 0.95 or more" in reason.message
    assert "assistant structure (a FAQ tail): +1.0 log-odds" in reason.message
    rules = rep.to_dict()["details"]["ai_style"]["risk_rules"]
    assert rules[0] == {"features": ["ai_style.residue_count"], "kind": "floor", "value": RESIDUE_FLOOR,
                        "note": "chatbot residue holds it at 0.95 or more"}
    assert [r["features"] for r in rules[1:]] == [["ai_style.faq_tail"]]


def test_an_mt_floor_shows_one_span_of_each_fingerprint_feature_first(scorer):
    rep = scorer.score_text(ROUND_TRIP)
    assert rep.facets["mt"] >= FLOOR_RISK
    rules = rep.details["mt"]["risk_rules"]
    assert len(rules) == 1 and rules[0]["kind"] == "floor" and rules[0]["value"] == FLOOR_RISK
    feats = rules[0]["features"]
    assert set(feats) == {"mt.currency_space_per_1000", "mt.hyphen_space_per_1000", "mt.casing_per_1000"}
    reason = _facet_reason(rep, "mt")
    # One of each in turn: the two "$ 100" spans do not crowd out the other kinds.
    assert len({e.feature for e in reason.evidence[:3]}) == 3
    assert {e.feature for e in reason.evidence[:3]} == set(feats)
    assert "kinds of machine fingerprint" in reason.message


def test_no_rule_no_risk_rules_and_the_plain_model_risk(scorer):
    rep = scorer.score_text(PLAIN)
    assert not any("risk_rules" in d for d in rep.details.values() if isinstance(d, dict))
    for r in rep.reasons:
        assert "holds it at" not in r.message and "log-odds)" not in r.message
    assert all(rep.facets[f] < 0.5 for f in ("mt", "ai_style", "citations"))


class _Stub:
    """A facet model with given contributions and a logistic calibration."""

    def __init__(self, contributions, intercept=0.0):
        self._c, self.intercept = contributions, intercept

    def contributions(self, values):
        return dict(self._c)

    def decision(self, values):
        return self.intercept + sum(self._c.values())

    def calibrate(self, z):
        return 1 / (1 + math.exp(-z))

    def predict_proba(self, values):
        return round(self.calibrate(self.decision(values)), 6)


def test_drivers_put_floors_first_and_rank_log_odds_rules_with_learned_weights(scorer):
    model = _Stub({"ai_style.a": 2.0, "ai_style.b": 0.5, "ai_style.c": -1.0})
    sc = Scorer(extractors=[AiStyle()], use_model=False)
    sc.facet_models = {"ai_style": model}
    res = FeatureResult(values={})
    rules = {"ai_style": [RiskRule(("ai_style.r", "ai_style.s"), FLOOR, 0.9, "floor"),
                          RiskRule(("ai_style.x",), LOG_ODDS, 1.0, "adds")]}
    tiers = sc._facet_drivers({"ai_style": res}, ["ai_style"], rules)["ai_style"]
    assert tiers == (("ai_style.r", "ai_style.s"), ("ai_style.a",), ("ai_style.x",), ("ai_style.b",))
    # Without rules: the learned features alone, strongest first (the order before rules).
    assert sc._facet_drivers({"ai_style": res}, ["ai_style"])["ai_style"] == (("ai_style.a",), ("ai_style.b",))


def test_a_floor_tier_interleaves_its_features_spans(scorer):
    from scorer.features.base import Evidence

    ev = [Evidence("citations.future_dated_count", 10, 20, "u1", "after"),
          Evidence("citations.future_dated_count", 30, 40, "u2", "after"),
          Evidence("citations.anachronism_count", 50, 60, "u3", "before"),
          Evidence("citations.slug_mismatch_share", 0, 5, "u4", "slug")]
    drivers = {"citations": (("citations.anachronism_count", "citations.future_dated_count"),)}
    got = [e.snippet for e in scorer._evidence_for("facet.citations", ev, drivers)]
    assert got == ["u3", "u1", "u2", "u4"]


def test_risk_is_the_rules_applied_to_the_model():
    model = _Stub({"f": -1.5})
    ai = AiStyle()
    for residue, faq, listed in [(0, 0, 0), (1, 0, 0), (0, 2, 0), (0, 2, 0.5), (2, 2, 0.5)]:
        res = FeatureResult(values={"ai_style.residue_count": float(residue), "ai_style.faq_tail": float(faq),
                                    "ai_style.list_item_share": listed})
        kinds = (faq >= 2) + (listed >= 0.15)
        want = round(model.calibrate(-1.5 + STRUCTURE_LOGIT * kinds), 6)
        want = max(want, RESIDUE_FLOOR) if residue else want
        assert ai.risk(res, model) == want == risk_with_rules(model, res.values, ai.risk_rules(res))
        assert [r.kind for r in ai.risk_rules(res)] == [FLOOR] * (residue > 0) + [LOG_ODDS] * kinds
    # More kinds than count add nothing, and the rules list only those that count.
    many = FeatureResult(values={"ai_style.numbered_headings": 3.0, "ai_style.list_item_share": 0.5,
                                 "ai_style.faq_tail": 2.0, "ai_style.emoji_per_1000": 9.0})
    assert len(AiStyle().risk_rules(many)) == 3
    assert AiStyle().risk(many, model) == round(model.calibrate(-1.5 + 3 * STRUCTURE_LOGIT), 6)


def test_citation_floor_names_what_set_it_off():
    cit = Citations()
    model = _Stub({"f": -4.0})
    none = FeatureResult(values={"citations.anachronism_count": 0.0, "citations.future_dated_count": 0.0})
    assert cit.risk_rules(none) == [] and cit.risk(none, model) == model.predict_proba({})
    both = FeatureResult(values={"citations.anachronism_count": 2.0, "citations.future_dated_count": 1.0})
    (rule,) = cit.risk_rules(both)
    assert rule.features == ("citations.anachronism_count", "citations.future_dated_count")
    assert rule.kind == FLOOR and rule.value == IMPOSSIBLE_DATE_FLOOR == cit.risk(both, model)
    assert rule.note.endswith("hold it at 0.80 or more")
    one = FeatureResult(values={"citations.future_dated_count": 1.0})
    assert cit.risk_rules(one)[0].note == "a reference dated after the article holds it at 0.80 or more"
    assert cit.risk(both, None) is None


def test_every_fingerprint_kind_names_a_feature_that_carries_its_spans():
    from scorer.features.mt import MachineTranslation

    names = set(MachineTranslation().feature_names)
    assert set(FINGERPRINT_FEATURE) == set(FINGERPRINT_KINDS)
    assert all("mt." + f in names for f in FINGERPRINT_FEATURE.values())


def test_without_a_reliability_model_the_facet_reasons_name_their_rules_too():
    sc = Scorer(use_model=False)
    rep = sc.score_text(CHATBOT)
    assert rep.score is None
    reason = _facet_reason(rep, "ai_style")
    assert reason.evidence[0].feature == "ai_style.residue_count"
    assert "chatbot residue holds it at 0.95 or more" in reason.message
    assert rep.details["ai_style"]["risk_rules"][0]["kind"] == "floor"
