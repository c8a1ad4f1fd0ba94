"""scorer.training.reasons_eval: the counting behind "do the reasons name the defect?"."""
from types import SimpleNamespace

from scorer.corpora.base import Doc
from scorer.training import reasons_eval

BODY = ("The council approved the new harbour budget on Tuesday after a long debate. "
        "Fishermen said the repairs were overdue and welcomed the plan.")


class FakeScorer:
    """Scores each article by a rule the test controls: ``plan[text] = (score, facets)``; a text
    with injected furniture (not in the plan) gets the plan of its original plus 'boilerplate'
    when ``see_padding`` is on."""

    def __init__(self, plan, see_padding=True):
        self.plan, self.see_padding, self.seen = plan, see_padding, []

    def score_article(self, art):
        self.seen.append(art.body)
        for text, (score, facets) in self.plan.items():
            if art.body.strip() == text:
                break
            if text.split(".")[0] in art.body:  # the padded copy of this text
                facets = facets + (("boilerplate",) if self.see_padding else ())
                break
        else:
            raise AssertionError("unplanned text")
        return SimpleNamespace(ok=True, score=score,
                               reasons=[SimpleNamespace(facet=f) for f in facets])


def _doc(text, kind, story):
    return Doc(text=text, kind=kind, source="t", story=story)


def test_counts_flagged_articles_and_both_defects():
    llm = "An LLM text about the harbour. " + BODY
    mt = "A translated text about the harbour. " + BODY
    spun = "A spun text about the harbour. " + BODY
    plan = {llm: (12.0, ("ai_style", "mt", "citations")),   # flagged, defect named
            mt: (30.0, ("citations", "ai_style", "readability")),  # flagged, defect missing
            spun: (60.0, ("mt",)),                          # not flagged: not in the first figure
            BODY: (90.0, ())}
    docs = [_doc(llm, "llm", "a"), _doc(mt, "mt", "b"), _doc(spun, "spun", "c"), _doc(BODY, "human", "d")]
    m = reasons_eval.evaluate(FakeScorer(plan), docs)
    assert m["defect_in_top3"]["all"] == {"n": 2, "share": 0.5}
    assert m["defect_in_top3"]["llm"]["share"] == 1.0 and m["defect_in_top3"]["mt"]["share"] == 0.0
    assert "spun" not in m["defect_in_top3"]
    # padded copies: only spun names both; the llm copy has boilerplate fourth (outside the top
    # three) and the mt copy misses its own defect
    assert m["two_defects_in_top3"]["all"] == {"n": 3, "share": round(1 / 3, 4)}
    assert m["two_defects_in_top3"]["spun"]["share"] == 1.0 and m["two_defects_in_top3"]["llm"]["share"] == 0.0
    # the boilerplate facet must actually be named: a scorer that never names it scores 0
    m2 = reasons_eval.evaluate(FakeScorer(plan, see_padding=False), docs)
    assert m2["two_defects_in_top3"]["all"]["share"] == 0.0


def test_padding_is_seeded_per_story():
    llm = "An LLM text about the harbour. " + BODY
    plan = {llm: (12.0, ("ai_style",))}
    a, b = FakeScorer(plan), FakeScorer(plan)
    reasons_eval.evaluate(a, [_doc(llm, "llm", "s1")])
    reasons_eval.evaluate(b, [_doc(llm, "llm", "s1")])
    assert a.seen == b.seen and len(a.seen) == 2 and a.seen[1] != a.seen[0]
    assert len(a.seen[1]) > len(a.seen[0])

