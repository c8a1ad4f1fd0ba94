"""The evaluation's interval estimate: story-level bootstrap of the AUROC."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score

from scorer.training.evalmetrics import _rank_auroc, auroc_ci


def _toy(n_stories: int = 60, copies: int = 8, seed: int = 3):
    """Stories with one human text and ``copies`` defective versions whose scores move together
    (the versions of one story are not independent draws)."""
    rng = np.random.default_rng(seed)
    y, p, g = [], [], []
    for s in range(n_stories):
        story_shift = rng.normal(0, 1.5)
        y.append(0), p.append(rng.normal(0, 1.0)), g.append(f"s{s}")
        for _ in range(copies):
            y.append(1), p.append(1.0 + story_shift + rng.normal(0, 0.1)), g.append(f"s{s}")
    return np.array(y), np.array(p), np.array(g)


def test_rank_auroc_matches_sklearn_with_ties():
    y = np.array([0, 0, 1, 1, 0, 1, 1, 0])
    p = np.array([0.1, 0.4, 0.4, 0.8, 0.4, 0.9, 0.2, 0.2])
    assert abs(_rank_auroc(y, p) - roc_auc_score(y, p)) < 1e-12


def test_interval_contains_the_estimate_and_is_reproducible():
    y, p, g = _toy()
    ci = auroc_ci(y, p, g, n_boot=300)
    assert ci == auroc_ci(y, p, g, n_boot=300)
    assert ci[0] < roc_auc_score(y, p) < ci[1]


def test_resampling_stories_gives_a_wider_interval_than_resampling_documents():
    """Versions of one story share its shift: treating them as independent understates the
    uncertainty, which is why the evaluation resamples stories."""
    y, p, g = _toy()
    by_story = auroc_ci(y, p, g, n_boot=400)
    by_doc = auroc_ci(y, p, np.arange(len(y)), n_boot=400)
    assert by_story[1] - by_story[0] > 1.3 * (by_doc[1] - by_doc[0])


def test_perfect_separation_and_one_class():
    y = np.array([0, 0, 1, 1])
    assert auroc_ci(y, np.array([0.1, 0.2, 0.8, 0.9]), np.array(["a", "b", "c", "d"]), n_boot=50) == [1.0, 1.0]
    assert auroc_ci(np.zeros(4), np.arange(4.0), np.arange(4)) is None


def test_detection_at_false_alarm_never_exceeds_the_rate_even_with_ties():
    from scorer.training.evalmetrics import detection_at_false_alarm

    neg = [0.1] * 90 + [0.5] * 5 + [0.9] * 5  # 100 negatives, a tie block at 0.5
    pos = [0.2, 0.6, 0.95, 0.95]
    out = detection_at_false_alarm(neg, pos, rates=(0.05, 0.10, 0.02))
    # 5 %: the five 0.9s may be above the threshold (0.5): positives above 0.5 -> 3 of 4
    assert out["0.05"] == {"false_alarm": 0.05, "detected": 0.75, "threshold": 0.5}
    # 10 %: all ten above 0.1 are allowed: 0.2, 0.6, 0.95, 0.95 are above 0.1
    assert out["0.1"] == {"false_alarm": 0.1, "detected": 1.0, "threshold": 0.1}
    # 2 %: two of the 0.9 tie block would have to be split: the threshold stays at 0.9
    assert out["0.02"] == {"false_alarm": 0.0, "detected": 0.5, "threshold": 0.9}
    assert detection_at_false_alarm([], pos) == {}
