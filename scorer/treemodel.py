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
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

import numpy as np

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
    _layout: Optional["_Layout"] = field(default=None, init=False, repr=False, compare=False)
    _layout_of: Optional[list] = field(default=None, init=False, repr=False, compare=False)

    def _vector(self, values: Mapping[str, Optional[float]]) -> list[float]:
        out = []
        nan = math.nan
        for v in map(values.get, self.features):
            if v.__class__ is float:  # the usual value: v - v == 0.0 is isfinite(v), float(v) is v
                out.append(v if v - v == 0.0 else nan)
            else:
                out.append(float(v) if v is not None and math.isfinite(float(v)) else nan)
        return out

    def _compiled(self) -> "_Layout":
        """The trees as flat numpy arrays for :meth:`_walk`. Rebuilt when ``trees`` is replaced;
        trees are not edited in place once a model is built."""
        if self._layout_of is not self.trees:
            self._layout, self._layout_of = _Layout.of(self.trees), self.trees
        return self._layout

    def _walk(self, x: list[float], explain: bool) -> tuple[float, Optional[list[float]]]:
        """The decision for ``x`` and, if ``explain``, each feature's summed changes of expected
        value along the paths (Saabas attribution).

        All trees step down one level at a time together (a model is a few hundred trees of
        depth <= 3: three rounds of array lookups instead of ~900 Python steps). The sums are
        exactly those of walking tree after tree: ``np.add.accumulate`` and ``np.bincount`` add
        strictly left to right, over the steps in tree-major order (tested bit for bit against
        a plain walk in tests/test_treemodel.py)."""
        lay = self._compiled()
        xv = np.array(x, dtype=np.float64)
        # Every node's way at once (leaves' are never read): NaN (a missing value) goes the way
        # the tree learned for missing. Then each level is one lookup per tree: a leaf is its
        # own child, so a tree that stopped stays on its leaf and that step is off.
        v = xv[lay.feature]
        go = np.where(v != v, lay.missing_left, v <= lay.threshold).astype(np.intp)
        # Column 0: each tree's root value, then its steps; row-major order is tree after tree.
        # The roots' "feature" is an extra bin past the model's, so one bincount over the same
        # selection credits the steps (each bin adds its own weights in order) and drops it.
        d = np.empty((len(lay.roots), lay.depth + 1))
        f = np.full(d.shape, len(self.features), dtype=np.intp)
        on = np.zeros(d.shape, dtype=bool)
        d[:, 0], on[:, 0] = lay.root_value, True
        node = lay.roots
        for s in range(1, lay.depth + 1):
            child = lay.child[node, go[node]]
            step = on[:, s]
            np.not_equal(child, node, out=step)
            if not step.any():
                break
            d[:, s] = lay.d_in[child]
            f[:, s] = lay.feature[node]
            node = child
        taken = d[on]
        total = float(np.add.accumulate(np.concatenate(([self.baseline], taken)))[-1])
        if not explain:
            return total, None
        contrib = np.bincount(f[on], weights=taken, minlength=len(self.features) + 1)
        return total, contrib[:-1].tolist()

    def decision(self, values: Mapping[str, Optional[float]]) -> float:
        return self._walk(self._vector(values), False)[0]

    def contributions(self, values: Mapping[str, Optional[float]]) -> dict[str, float]:
        """Per-feature log-odds contributions towards the positive class (they sum, with the
        model's bias, to the decision value)."""
        return dict(zip(self.features, self._walk(self._vector(values), True)[1]))

    @property
    def bias(self) -> float:
        return self.baseline + sum(t["value"][0] for t in self.trees)

    def predict_proba(self, values: Mapping[str, Optional[float]]) -> float:
        return round(apply_calibration(self.calibration, self.decision(values)), 6)

    def explain(self, values: Mapping[str, Optional[float]]) -> tuple[float, dict[str, float]]:
        """``(predict_proba, contributions)`` from one walk of the trees (the scorer needs both;
        ``_walk`` sums the decision identically with or without collecting contributions)."""
        total, contrib = self._walk(self._vector(values), True)
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
        # An infinite threshold (a split that sends every value one way and missing values the
        # other) as the largest finite float: the same way for every finite value, and JSON a
        # strict reader takes (the loader refuses non-finite numbers).
        "threshold": [min(max(float(n["num_threshold"]), -sys.float_info.max), sys.float_info.max) for n in nodes],
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


@dataclass(frozen=True)
class _Layout:
    """Every tree's nodes in one flat array per field (tree ``t``'s node ``i`` at
    ``roots[t] + i``; children indices already offset). ``d_left``/``d_right``: the change of
    expected value on the way to each child (``value[child] - value[node]``, the subtraction the
    walk would do at every split, done once)."""
    roots: np.ndarray
    root_value: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    missing_left: np.ndarray
    leaf: np.ndarray
    d_left: np.ndarray
    d_right: np.ndarray
    depth: int
    # child[i] = (right, left) of node i (a leaf: itself, twice), indexed by the way it goes.
    child: np.ndarray = None
    # d_in[i]: the change of expected value on the way into node i from its parent (its entry of
    # the parent's d_left or d_right; 0.0 for roots, never read).
    d_in: np.ndarray = None

    @classmethod
    def of(cls, trees: Sequence[Mapping[str, list]]) -> "_Layout":
        roots, cols = [], {k: [] for k in ("feature", "threshold", "left", "right", "missing_left", "leaf",
                                            "d_left", "d_right")}
        depth = 0
        for t in trees:
            base = sum(len(c) for c in cols["leaf"])
            roots.append(base)
            value, left, right, leaf = t["value"], t["left"], t["right"], t["leaf"]
            n = len(value)
            cols["feature"].append([f if not lf else 0 for f, lf in zip(t["feature"], leaf)])
            cols["threshold"].append([float(v) for v in t["threshold"]])
            cols["left"].append([base + left[i] if not leaf[i] else base + i for i in range(n)])
            cols["right"].append([base + right[i] if not leaf[i] else base + i for i in range(n)])
            cols["missing_left"].append([bool(v) for v in t["missing_left"]])
            cols["leaf"].append([bool(v) for v in leaf])
            cols["d_left"].append([value[left[i]] - value[i] if not leaf[i] else 0.0 for i in range(n)])
            cols["d_right"].append([value[right[i]] - value[i] if not leaf[i] else 0.0 for i in range(n)])
            depth = max(depth, _depth(left, right, leaf))
        flat = {k: [v for c in cs for v in c] for k, cs in cols.items()}
        left_of, right_of = np.array(flat["left"], dtype=np.intp), np.array(flat["right"], dtype=np.intp)
        inner = ~np.array(flat["leaf"], dtype=bool)
        d_in = np.zeros(len(left_of))
        d_in[left_of[inner]] = np.array(flat["d_left"], dtype=np.float64)[inner]
        d_in[right_of[inner]] = np.array(flat["d_right"], dtype=np.float64)[inner]
        return cls(roots=np.array(roots, dtype=np.intp),
                   root_value=np.array([float(t["value"][0]) for t in trees], dtype=np.float64),
                   feature=np.array(flat["feature"], dtype=np.intp),
                   threshold=np.array(flat["threshold"], dtype=np.float64),
                   left=np.array(flat["left"], dtype=np.intp), right=np.array(flat["right"], dtype=np.intp),
                   missing_left=np.array(flat["missing_left"], dtype=bool), leaf=np.array(flat["leaf"], dtype=bool),
                   d_left=np.array(flat["d_left"], dtype=np.float64),
                   d_right=np.array(flat["d_right"], dtype=np.float64), depth=depth,
                   child=np.column_stack([right_of, left_of]), d_in=d_in)


def _depth(left: list[int], right: list[int], leaf: list[bool]) -> int:
    """Splits on the longest path from the root (iterative, so a corrupt tree cannot recurse)."""
    best, stack = 0, [(0, 0)]
    while stack:
        i, d = stack.pop()
        if d > len(leaf):  # from_dict checks that children are in range, not that there is no cycle
            raise ModelError("a tree of the model has a cycle")
        if leaf[i]:
            best = max(best, d)
            continue
        stack.extend(((left[i], d + 1), (right[i], d + 1)))
    return best
