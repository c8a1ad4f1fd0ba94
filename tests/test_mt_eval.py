"""Data-dependent checks for the mt family: loaders, spinner, false alarms, evaluation gate."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorer.corpora import spin, wmt
from scorer.features.mt import MachineTranslation

REPO = Path(__file__).resolve().parent.parent


def test_wmt_loaders_share_story_ids(shared_data):
    docs = list(wmt.load_xx_en(shared_data, files=wmt.XX_EN_FILES[:1]))
    stories = {}
    for d in docs:
        stories.setdefault(d.story, set()).add(d.kind)
    assert len(stories) == 116
    assert all(kinds == {"human", "mt"} for kinds in stories.values())
    assert any(d.meta["commercial"] for d in docs) and any(not d.meta["commercial"] for d in docs)
    seg = [d for d in wmt.load_segments(shared_data, pairs=["de-en"])]
    by_story = {}
    for d in seg:
        by_story.setdefault(d.story, []).append(d.meta["system"])
    assert all(len(v) == 7 for v in by_story.values())  # 2 refs + 5 Online-* per line range
    native = list(wmt.load_native_english(shared_data, domains={"news"}))
    assert len(native) >= 120 and all(d.meta["native"] and d.kind == "human" for d in native)


def test_spinner_is_deterministic_and_changes_text(shared_data):
    pairs = spin.load_pairs(shared_data)
    assert len(pairs) > 5000
    text = "Researchers used big data and machine learning to study heart disease and speech recognition."
    a, n = spin.spin_text(text, pairs, seed=3)
    b, _ = spin.spin_text(text, pairs, seed=3)
    assert a == b and n >= 2 and a != text


def test_no_spacing_false_alarms_on_native_news(shared_data):
    """Goal from the issue: zero spacing hits on native English news."""
    ext = MachineTranslation()
    from scorer.training.mt import to_article_raw

    spacing = casing = words = 0
    for d in wmt.load_native_english(shared_data, domains={"news"}):
        r = ext.extract(to_article_raw(d.text))
        k = r.details["hits_by_kind"]
        words += r.details["words"]
        spacing += sum(k.get(x, 0) for x in ("currency_space", "percent_space", "hyphen_space",
                                             "space_before_punct", "broken_apostrophe"))
        casing += sum(k.get(x, 0) for x in ("brand_case", "inconsistent_case", "lost_inner_capital"))
    assert spacing == 0
    assert 1000 * casing / words < 0.2  # measured 0.16 (6 hits in 37.5k words, 2 documents)


def test_seed_000_and_002(seeds_dir):
    from scorer.ingest import load_article

    s0 = seeds_dir / "000_406ec7b0fca02697.txt"
    s2 = seeds_dir / "002_e0444446a155daab.txt"
    if not s0.exists():
        s0 = REPO.parent / "shared" / "seeds" / s0.name
        s2 = REPO.parent / "shared" / "seeds" / s2.name
    if not s0.exists():
        pytest.skip("seeds not available")
    ext = MachineTranslation()
    k0 = ext.extract(load_article(s0)).details["hits_by_kind"]
    assert k0.get("currency_space", 0) >= 1 and k0.get("hyphen_space", 0) >= 1
    assert k0.get("brand_case", 0) >= 1 and k0.get("calque", 0) + k0.get("tortured_bigram", 0) >= 2
    k2 = ext.extract(load_article(s2)).details["hits_by_kind"]
    assert not any(k in k2 for k in ("currency_space", "hyphen_space", "space_before_punct", "brand_case",
                                     "inconsistent_case", "calque"))


def test_shipped_model_metrics_present():
    m = json.loads((REPO / "models" / "facet_mt.json").read_text())
    assert m["name"] == "mt" and m["calibration"]["method"] == "platt"
    assert m["manifest"] and all(len(x["sha256"]) == 64 for x in m["manifest"])
    assert m["metrics"]["heldout_auroc_human_vs_mt"] >= 0.78


def test_evaluation_gate(shared_data):
    """Re-runs a fast subset of the held-out evaluation (ru, de + native English) and pins minimums."""
    from scorer.training.mt import evaluate

    m = evaluate(shared_data, quick=True)
    assert m["heldout_auroc_human_vs_mt"] >= GATE["heldout"]
    assert m["lolo"]["de"]["auroc"] >= GATE["lolo_de"]
    assert m["heldout_auroc_human_vs_spun_heldout_pairs"] >= GATE["spun"]
    assert m["false_alarms"]["native_news"]["spacing_per_1000"] == 0


# Pinned a few points under what the quick evaluation (ru, de, native en) measured:
# heldout 0.8009, LOLO de (trained on ru + native only) 0.5879, spun with held-out pairs 0.6406.
GATE = {"heldout": 0.77, "lolo_de": 0.55, "spun": 0.60}
