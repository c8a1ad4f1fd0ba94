"""A shallow gradient-boosted tree ensemble stored as plain JSON (no pickle).

Chosen for the reliability score because unreliability is an OR of defects (machine
translation OR LLM rewriting OR injected boilerplate OR invented references): a linear model
must add every facet's noise on human text, trees can let the strongest signal decide. On the
held-out split it is clearly better than logistic regression (numbers in models/metrics.json).

Explanations stay exact and local: each tree's prediction is split along the path the article
takes (Saabas attribution): at every split the change of the node's expected value is credited
to the split feature, so ``bias + sum(contributions) == decision`` for every article. Each
node's expected value is the count-weighted mean of the leaves below it.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from .errors import ModelError
from .linmodel import apply_calibration, check_features, fit_calibration

FORMAT = "spinscore-trees/1"
_TREE_KEYS = ("feature", "threshold", "left", "right", "missing_left", "leaf", "value")


@dataclass
class TreeModel:
    name: str
    features: list[str]
    baseline: float
    trees: list[dict[str, list]]
    calibration: dict[str, Any] = field(default_factory=lambda: {"method": "none"})
    positive_class: str = "risk"
    metrics: dict[str, Any] = field(default_factory=dict)
    manifest: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # The trees as :meth:`_compiled` lays them out for the walk, and the list they came from.
    _layout: Optional[list[tuple]] = field(default=None, init=False, repr=False, compare=False)
    _layout_of: Optional[list] = field(default=None, init=False, repr=False, compare=False)

    def _vector(self, values: Mapping[str, Optional[float]]) -> list[float]:
        out = []
        for name in self.features:
            v = values.get(name)
            out.append(float(v) if v is not None and math.isfinite(float(v)) else math.nan)
        return out

    def _compiled(self) -> list[tuple]:
        """Per tree: its root value, its arrays, and per node the change of expected value on
        the way to its left and to its right child (``value[child] - value[node]``: the same
        subtraction the walk did at every split of every article, done once). Rebuilt when
        ``trees`` is replaced; trees are not edited in place once a model is built."""
        if self._layout_of is not self.trees:
            layout = []
            for t in self.trees:
                value, left, right = t["value"], t["left"], t["right"]
                inner = [i for i, is_leaf in enumerate(t["leaf"]) if not is_leaf]
                d_left, d_right = [0.0] * len(value), [0.0] * len(value)
                for i in inner:
                    d_left[i], d_right[i] = value[left[i]] - value[i], value[right[i]] - value[i]
                layout.append((value[0], t["feature"], t["threshold"], left, right, t["missing_left"], t["leaf"],
                               d_left, d_right))
            self._layout, self._layout_of = layout, self.trees
        return self._layout

    def _walk(self, x: list[float], contrib: Optional[list[float]]) -> float:
        total = self.baseline
        for root, feature, threshold, left, right, missing_left, leaf, d_left, d_right in self._compiled():
            node = 0
            total += root
            while not leaf[node]:
                f = feature[node]
                v = x[f]
                # v != v: NaN (x holds floats), which goes the way the tree learned for missing.
                if (missing_left[node] if v != v else v <= threshold[node]):
                    d, node = d_left[node], left[node]
                else:
                    d, node = d_right[node], right[node]
                if contrib is not None:
                    contrib[f] += d
                total += d
        return total

    def decision(self, values: Mapping[str, Optional[float]]) -> float:
        return self._walk(self._vector(values), None)

    def contributions(self, values: Mapping[str, Optional[float]]) -> dict[str, float]:
        """Per-feature log-odds contributions towards the positive class (they sum, with the
        model's bias, to the decision value)."""
        contrib = [0.0] * len(self.features)
        self._walk(self._vector(values), contrib)
        return dict(zip(self.features, contrib))

    @property
    def bias(self) -> float:
        return self.baseline + sum(t["value"][0] for t in self.trees)

    def predict_proba(self, values: Mapping[str, Optional[float]]) -> float:
        return round(apply_calibration(self.calibration, self.decision(values)), 6)

    def explain(self, values: Mapping[str, Optional[float]]) -> tuple[float, dict[str, float]]:
        """``(predict_proba, contributions)`` from one walk of the trees (the scorer needs both;
        ``_walk`` sums the decision identically with or without collecting contributions)."""
        contrib = [0.0] * len(self.features)
        total = self._walk(self._vector(values), contrib)
        return round(apply_calibration(self.calibration, total), 6), dict(zip(self.features, contrib))

    def check_features(self, available: Sequence[str], source: str = "") -> None:
        check_features(self.name, self.features, available, source)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form. Features and trees are copies: editing the dict (as the tamper tests
        do) must not change the model it came from."""
        return {"format": FORMAT, "name": self.name, "positive_class": self.positive_class,
                "features": list(self.features), "baseline": self.baseline, "calibration": dict(self.calibration),
                "trees": [{k: list(t[k]) for k in _TREE_KEYS} for t in self.trees],
                "metrics": self.metrics, "manifest": self.manifest, "meta": self.meta}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "<dict>") -> "TreeModel":
        if not isinstance(d, Mapping) or d.get("format") != FORMAT:
            raise ModelError(f"{source}: not a spinscore tree model (format {FORMAT!r} expected)")
        try:
            m = cls(name=str(d["name"]), features=list(d["features"]), baseline=float(d["baseline"]),
                    trees=[{k: list(t[k]) for k in _TREE_KEYS} for t in d["trees"]],
                    calibration=dict(d.get("calibration") or {"method": "none"}),
                    positive_class=str(d.get("positive_class", "risk")),
                    metrics=dict(d.get("metrics") or {}), manifest=list(d.get("manifest") or []),
                    meta=dict(d.get("meta") or {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{source}: model file is incomplete or corrupt ({exc!r})") from None
        n = len(m.features)
        for i, t in enumerate(m.trees):
            size = len(t["leaf"])
            if any(len(t[k]) != size for k in _TREE_KEYS) or size == 0:
                raise ModelError(f"{source}: tree {i} has arrays of different lengths")
            for node in range(size):
                if not t["leaf"][node] and not (0 <= t["feature"][node] < n
                                                and 0 < t["left"][node] < size and 0 < t["right"][node] < size):
                    raise ModelError(f"{source}: tree {i} node {node} points outside the model")
        return m

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":")) + "\n")


def _export_tree(predictor_nodes) -> dict[str, list]:
    """sklearn's TreePredictor nodes -> JSON arrays, with expected values per node."""
    nodes = predictor_nodes
    size = len(nodes)
    leaf = [bool(n["is_leaf"]) for n in nodes]
    count = [int(n["count"]) for n in nodes]
    expected = [0.0] * size

    def ev(i: int) -> tuple[float, int]:
        if leaf[i]:
            expected[i] = float(nodes[i]["value"])
            return expected[i] * count[i], count[i]
        ls, lc = ev(int(nodes[i]["left"]))
        rs, rc = ev(int(nodes[i]["right"]))
        expected[i] = (ls + rs) / (lc + rc) if lc + rc else 0.0
        return ls + rs, lc + rc

    ev(0)
    return {
        "feature": [int(n["feature_idx"]) for n in nodes],
        "threshold": [float(n["num_threshold"]) for n in nodes],
        "left": [int(n["left"]) for n in nodes],
        "right": [int(n["right"]) for n in nodes],
        "missing_left": [bool(n["missing_go_to_left"]) for n in nodes],
        "leaf": leaf,
        "value": [round(v, 10) for v in expected],
    }


def fit_trees(X, y, features: Sequence[str], *, name: str, positive_class: str = "risk",
              groups=None, max_depth: int = 3, max_iter: int = 300, learning_rate: float = 0.05,
              calibration: str = "platt", cv: int = 5, seed: int = 0,
              monotonic: Optional[Sequence[int]] = None) -> TreeModel:
    """Fit a shallow HistGradientBoosting ensemble and calibrate on out-of-fold decisions.

    ``monotonic``: per feature +1 (the decision may only rise with it), -1, or 0 (free)."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    leaf = int(max(1, min(20, len(y) // 20)))  # tiny fixture corpora still get splits

    def fit(Xs, ys):
        """Fit on the columns that vary: a column with fewer than two distinct values (e.g. an
        HTML-only feature on a text corpus) can never be split on, and sklearn's binning
        rejects it. Returns the estimator and the column indices it saw."""
        cols = [j for j in range(Xs.shape[1]) if len(np.unique(Xs[np.isfinite(Xs[:, j]), j])) >= 2]
        est = HistGradientBoostingClassifier(
            max_depth=max_depth, max_iter=max_iter, learning_rate=learning_rate,
            l2_regularization=1.0, min_samples_leaf=leaf, class_weight="balanced",
            early_stopping=False, random_state=seed,
            monotonic_cst=[int(monotonic[j]) for j in cols] if monotonic is not None else None)
        return est.fit(Xs[:, cols], ys), cols

    oof = np.zeros(len(y))
    cv = min(cv, len(set(groups)) if groups is not None else int(np.bincount(y).min()))
    splits = (GroupKFold(n_splits=cv).split(X, y, groups) if groups is not None
              else StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed).split(X, y))
    for tr, te in splits:
        est, cols = fit(X[tr], y[tr])
        oof[te] = est.decision_function(X[te][:, cols])
    final, cols = fit(X, y)
    trees = []
    for pred in final._predictors:
        t = _export_tree(pred[0].nodes)
        t["feature"] = [cols[f] if not is_leaf else 0 for f, is_leaf in zip(t["feature"], t["leaf"])]
        trees.append(t)
    model = TreeModel(name=name, features=list(features), baseline=float(final._baseline_prediction.ravel()[0]),
                      trees=trees, calibration=fit_calibration(oof, y, calibration),
                      positive_class=positive_class)
    # The JSON evaluator must reproduce sklearn exactly.
    check = final.decision_function(X[:50][:, cols])
    mine = [model.decision(dict(zip(features, row))) for row in X[:50]]
    if not np.allclose(check, mine, atol=1e-6):
        raise AssertionError("exported trees do not reproduce the fitted model")
    return model
