"""ai_style evaluation gate on the corpora (skips when ../shared/data is absent).

Re-runs the held-out evaluation (no cross-corpus part, to stay under 90 s) and pins minimums a
few points under what we measured; the measured value is in each comment. Do not lower a
minimum to make a change pass: find out what regressed.
"""
from __future__ import annotations

from collections import Counter
import re

import pytest

from scorer.corpora.ai import load_llmfake, load_sheepdog, load_xsum
from scorer.features.ai_style import AiStyle
from scorer.ingest import load_article
from scorer.model import facet_model_path, load_optional


@pytest.fixture(scope="module")
def metrics(shared_data):
    from scorer.training import ai_style as T

    return T.evaluate(shared_data, cross=False, tfidf=False)


def test_loaders_pair_and_clean(shared_data):
    xs = list(load_xsum(shared_data))
    kinds = Counter(d.kind for d in xs)
    assert kinds["llm"] >= 440 and kinds["human"] >= 150
    # every LLM doc shares its story with a human doc
    human_stories = {d.story for d in xs if d.kind == "human"}
    assert all(d.story in human_stories for d in xs if d.kind == "llm")
    lf = list(load_llmfake(shared_data))
    assert not any(d.kind == "llm" and d.text in {h.text for h in lf if h.story == d.story and h.kind == "human"}
                   for d in lf[:400])
    assert Counter(d.kind for d in lf)["llm"] == 323 + 323 + 268  # identical pairs dropped
    sd = list(load_sheepdog(shared_data))
    assert Counter(d.source for d in sd)["sheepdog_sensational"] >= 340
    # the formatting leak is gone: glued sentences and curly quotes are rare on both sides
    for kind in ("human", "llm"):
        texts = [d.text for d in xs if d.kind == kind]
        glued = sum(bool(re.search(r"[a-z]\.[A-Z][a-z]", t)) for t in texts) / len(texts)
        curly = sum(("“" in t or "’" in t) for t in texts) / len(texts)
        assert glued < 0.05 and curly == 0, kind


def test_heldout_auroc_gate(metrics):
    a = metrics["auroc"]
    # Re-pinned when near copies left the headline (see the next test) and the hashed n-gram
    # model joined the facet. Before: all 0.922, llmfake 0.889, sheepdog 0.969 (copies kept).
    assert a["all"] >= 0.95  # measured 0.971 (TF-IDF+LR baseline 0.975)
    assert a["sheepdog"] >= 0.97  # measured 0.984
    assert a["llmfake"] >= 0.96  # measured 0.987
    assert a["xsum/gpt-4"] >= 0.97  # measured 0.987
    assert a["xsum/gpt-3.5-turbo"] >= 0.98  # measured 0.996
    assert a["xsum/davinci"] >= 0.50  # measured 0.586: davinci continuations read like BBC copy


def test_near_copies_are_few_and_still_reported(metrics):
    """LLM docs that are mostly their human original leave the headline, not the report."""
    nc = metrics["split"]["near_copies_left_out"]
    assert 120 <= nc["train"] + nc["test"] <= 260  # measured 91 + 94 = 185 of ~2,900 LLM docs
    w = metrics["auroc_with_near_copies"]
    assert w["all"] >= 0.90  # measured 0.920 (0.922 before this change, on the same docs)
    assert w["llmfake"] >= 0.83  # measured 0.866: a near copy is human text, read as human


def test_length_and_punctuation_do_not_carry_it(metrics):
    assert metrics["length_only"]["all"] <= 0.68  # measured 0.647
    assert metrics["spacing_only"]["all"] <= 0.65  # measured 0.606 (leak removed by the loader)
    assert metrics["auroc"]["all"] - metrics["punctuation_only"]["all"] >= 0.10  # 0.971 vs 0.840


def test_false_alarm_gate(metrics):
    fa = metrics["false_alarm_rate_at_0.5"]
    assert fa["heldout_human"] <= 0.05  # measured 0.0258 (goal 0.05)
    assert fa["llmfake"] <= 0.05  # measured 0.011
    assert fa["wmt_human"] <= 0.10  # measured 0.048 (WMT21 human news, 83 held-out docs)
    assert metrics["detection_rate_at_0.5"] >= 0.84  # measured 0.873 (0.788 before)


def test_seeds_show_evidence_and_the_original_reads_human(seed_paths):
    if len(seed_paths) < 4:
        pytest.skip("seeds not present")
    x = AiStyle()
    m = load_optional(facet_model_path("ai_style"))
    by = {p.name[:3]: p for p in seed_paths}
    for sid in ("001", "003"):
        r = x.extract(load_article(by[sid]))
        kinds = {e.feature for e in r.evidence}
        assert len(kinds) >= 4, (sid, kinds)
    r2 = x.extract(load_article(by["002"]))
    assert m is not None and x.risk(r2, m) < 0.5
