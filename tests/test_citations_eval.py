"""Data-dependent checks for the citations facet: the evaluation gate and the acceptance seeds.

Minimums sit a few points under what we measured; the measured values are in the comments
(full run: `python -m scorer.training.citations --out models/`; fast subset: `--fast`).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from scorer.features.citations import Citations
from scorer.training.citations import evaluate, url_false_alarms

F = "citations."


@pytest.fixture(scope="module")
def fast_metrics(shared_data):
    # 40 stories per source (~150 stories, ~750 rows): a subset of the full evaluation.
    return evaluate(shared_data, max_per_source=40)


def test_url_checks_false_alarms_on_real_urls(shared_data):
    u = url_false_alarms(shared_data)
    assert u["n_urls"] == 1520
    # measured: malformed 0.0007 (1 URL with an inner space), off-pattern 0.0000, either 0.0007
    assert u["malformed_or_off_pattern_rate"] <= 0.01
    assert u["off_pattern_rate"] <= 0.005
    # measured: 0 of 75 real URLs dated after their gold publication date; no anachronism
    assert u["dated_after_gold_date"] == 0
    assert u["anachronism_rate"] <= 0.002


def test_heldout_gate(fast_metrics):
    m = fast_metrics
    # fast subset measured: AUROC 0.987, plain 0.000, clean 0.000, every kind listed >= 0.87
    # (full run: AUROC 0.987, plain-human false alarms 0.015, clean references 0.020; before the
    # source-line feature and the clean generator fix: 0.986, 0.031, 0.031)
    assert m["auroc"] >= 0.93
    assert m["false_alarm_plain_human@0.5"] <= 0.10
    assert m["false_alarm_clean_refs@0.5"] <= 0.12
    for kind in ("future_dated", "non_source", "llm_mix", "shared_date", "slug_mismatch"):
        assert m["per_kind"][kind]["flag_rate@0.5"] >= 0.8, kind


def _seeds(shared_data: Path) -> Path:
    d = shared_data.parent / "seeds"
    if not d.is_dir():
        pytest.skip("seed articles not found next to the corpora")
    return d


def test_seed_004_invented_references(shared_data):
    from scorer.ingest import load_article

    p = next(_seeds(shared_data).glob("004_*.txt"))
    r = Citations().extract(load_article(p))
    by = {}
    for e in r.evidence:
        by.setdefault(e.feature.split(".")[1], []).append(e)
    assert r.values[F + "shared_date_share"] == 1.0 and len(by["shared_date_share"]) >= 4
    assert r.values[F + "anachronism_count"] >= 1 and "Meta" in by["anachronism_count"][0].reason
    non = " ".join(e.snippet for e in by["non_source_share"])
    assert "privacy" in non and "gdpr.eu" in non
    assert any(e.snippet.startswith("Read also") for e in by["unsupported_attribution_per_1000"])


def test_seed_002_gets_credit_and_no_citation_risk(shared_data):
    from scorer.ingest import load_article
    from scorer.model import facet_model_path, load_optional

    p = next(_seeds(shared_data).glob("002_*.txt"))
    r = Citations().extract(load_article(p))
    assert r.values[F + "named_attribution_per_1000"] > 0
    defects = [k for k, v in r.values.items()
               if v and k.endswith(("_share", "_count")) and "outlet" not in k]
    assert defects == []
    model = load_optional(facet_model_path("citations"))
    if model is not None:
        assert Citations().risk(r, model) < 0.2  # measured 0.05
