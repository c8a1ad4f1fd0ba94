"""The JSON tree ensemble: exact reproduction of sklearn, exact local explanations."""
import json
import math
import random

import numpy as np
import pytest

from scorer.errors import ModelError
from scorer.model import load_model
from scorer.treemodel import TreeModel, fit_trees

NAMES = ["signal", "other", "noise", "empty"]


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(1)
    n = 600
    X = np.c_[rng.normal(size=n), rng.normal(size=n), rng.normal(size=n), np.full(n, np.nan)]
    X[::5, 1] = np.nan  # missing values take the learned direction
    y = ((X[:, 0] > 0.3) | (np.nan_to_num(X[:, 1]) > 1.2)).astype(int)  # an OR of two signals
    groups = np.arange(n) // 3
    return fit_trees(X, y, NAMES, name="t", groups=groups, max_iter=60), X, y


def test_contributions_sum_to_decision(fitted):
    model, X, _ = fitted
    for row in X[:40]:
        values = dict(zip(NAMES, row.tolist()))
        contrib = model.contributions(values)
        assert model.bias + sum(contrib.values()) == pytest.approx(model.decision(values), abs=1e-9)
        assert contrib["empty"] == 0.0


def test_learns_the_or_and_ranks_the_right_feature(fitted):
    model, _, _ = fitted
    hit = {"signal": 2.0, "other": 0.0, "noise": 0.0}
    clean = {"signal": -1.0, "other": -1.0, "noise": 0.0}
    assert model.predict_proba(hit) > 0.8 > 0.2 > model.predict_proba(clean)
    contrib = model.contributions(hit)
    assert max(contrib, key=contrib.get) == "signal"
    assert model.predict_proba({"signal": -1.0, "other": 3.0}) > 0.7  # the other branch of the OR


def test_json_round_trip_predicts_identically(fitted, tmp_path):
    model, X, _ = fitted
    model.save(tmp_path / "m.json")
    loaded = load_model(tmp_path / "m.json")
    assert isinstance(loaded, TreeModel)
    for row in X[:100]:
        values = dict(zip(NAMES, row.tolist()))
        assert loaded.predict_proba(values) == model.predict_proba(values)
        assert loaded.contributions(values) == model.contributions(values)


def test_tampered_tree_is_refused(fitted, tmp_path):
    model, _, _ = fitted
    d = model.to_dict()
    first_split = d["trees"][0]["leaf"].index(False)
    d["trees"][0]["left"][first_split] = 10_000
    (tmp_path / "bad.json").write_text(json.dumps(d))
    with pytest.raises(ModelError, match="points outside the model"):
        load_model(tmp_path / "bad.json")
    d = model.to_dict()
    d["trees"][0]["value"] = d["trees"][0]["value"][:-1]
    (tmp_path / "bad2.json").write_text(json.dumps(d))
    with pytest.raises(ModelError, match="arrays of different lengths"):
        load_model(tmp_path / "bad2.json")


def test_explain_is_predict_proba_and_contributions_in_one(fitted):
    model, X, _ = fitted
    for row in X[:40]:
        values = dict(zip(NAMES, row.tolist()))
        assert model.explain(values) == (model.predict_proba(values), model.contributions(values))


def test_monotone_constraints_hold_and_attributions_follow():
    """x0 raises the risk only in its middle range (a bump); constrained +1, the fitted decision
    never falls as x0 rises, and no path credits a low x0 with a positive contribution."""
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, size=(600, 2))
    y = ((np.abs(X[:, 0] - 0.5) < 0.2) | (X[:, 1] > 0.8)).astype(int)
    free = fit_trees(X, y, ["x0", "x1"], name="free", groups=None, max_iter=60)
    mono = fit_trees(X, y, ["x0", "x1"], name="mono", groups=None, max_iter=60, monotonic=[1, 0])
    grid = np.linspace(0, 1, 41)
    for x1 in (0.1, 0.5, 0.9):
        d_mono = [mono.decision({"x0": v, "x1": x1}) for v in grid]
        assert all(b >= a - 1e-9 for a, b in zip(d_mono, d_mono[1:]))
    d_free = [free.decision({"x0": v, "x1": 0.1}) for v in grid]
    assert any(b < a - 1e-3 for a, b in zip(d_free, d_free[1:]))  # the bump: the test can fail
    assert mono.contributions({"x0": 0.0, "x1": 0.5})["x0"] <= 1e-9


def _reference_walk(model, x, contrib):
    """The walk as it was: both children's values looked up and subtracted at every split."""
    total = model.baseline
    for t in model.trees:
        node = 0
        value = t["value"]
        total += value[0]
        while not t["leaf"][node]:
            f = t["feature"][node]
            v = x[f]
            if math.isnan(v):
                child = t["left"][node] if t["missing_left"][node] else t["right"][node]
            else:
                child = t["left"][node] if v <= t["threshold"][node] else t["right"][node]
            if contrib is not None:
                contrib[f] += value[child] - value[node]
            total += value[child] - value[node]
            node = child
    return total


def test_walk_with_precomputed_steps_equals_the_reference_walk():
    from scorer.model import load_model, reliability_model_path

    model = load_model(reliability_model_path())
    rng = random.Random(5)
    cuts: dict[int, list] = {}  # the thresholds each input is split at: values exactly on one test "<="
    for t in model.trees:
        for f, c, is_leaf in zip(t["feature"], t["threshold"], t["leaf"]):
            if not is_leaf:
                cuts.setdefault(f, []).append(c)
    for _ in range(300):
        values = {}
        for f in model.features:
            r = rng.random()
            values[f] = (None if r < 0.1 else math.nan if r < 0.15 else math.inf if r < 0.17
                         else rng.choice(cuts.get(model.features.index(f), [0.0])) if r < 0.5
                         else rng.choice([0.0, 1.0, rng.uniform(-1, 1), rng.uniform(0, 100), rng.expovariate(1)]))
        x = model._vector(values)
        ref = [0.0] * len(x)
        total, ours = model._walk(x, True)
        # Bit for bit (hex), also the sign of zeros: all trees step together, sums in tree order.
        assert total.hex() == _reference_walk(model, x, ref).hex() == model._walk(x, False)[0].hex()
        assert [c.hex() for c in ours] == [c.hex() for c in ref]
    # A model whose trees are replaced walks the new trees.
    other = TreeModel.from_dict(model.to_dict())
    other._walk(x, False)
    other.trees = [dict(t, value=[v + 1.0 for v in t["value"]]) for t in other.trees]
    assert other._walk(x, False)[0] == _reference_walk(other, x, None)


def test_tree_with_a_cycle_is_refused(fitted):
    d = fitted[0].to_dict()
    t = d["trees"][0]
    inner = t["leaf"].index(False)
    child = t["left"][inner]
    t["leaf"][child] = False
    t["left"][child] = t["right"][child] = child  # points at itself
    t["feature"][child] = 0
    with pytest.raises(ModelError):
        TreeModel.from_dict(d).decision({})


def test_an_infinite_split_threshold_is_exported_finite_and_splits_the_same():
    """A split that sends every value left and missing values right has threshold +inf in
    sklearn; written as JSON "Infinity" the loader refused the model (a retrain produced one).
    Exported as the largest float it is valid JSON and sends every finite value the same way."""
    import sys

    from scorer.treemodel import _export_tree

    nodes = [{"is_leaf": False, "count": 4, "value": 0.0, "feature_idx": 0, "num_threshold": float("inf"),
              "left": 1, "right": 2, "missing_go_to_left": False},
             {"is_leaf": True, "count": 3, "value": -1.0, "feature_idx": 0, "num_threshold": 0.0,
              "left": 0, "right": 0, "missing_go_to_left": False},
             {"is_leaf": True, "count": 1, "value": 2.0, "feature_idx": 0, "num_threshold": 0.0,
              "left": 0, "right": 0, "missing_go_to_left": False}]
    tree = _export_tree(nodes)
    assert tree["threshold"][0] == sys.float_info.max
    text = json.dumps(tree)
    assert "Infinity" not in text and json.loads(text)["threshold"][0] == sys.float_info.max
    for v in (-1e300, 0.0, 1e300):  # every finite value goes left, as with +inf
        assert (v <= tree["threshold"][0]) == (v <= float("inf"))
    nodes[0]["num_threshold"] = float("-inf")
    assert _export_tree(nodes)["threshold"][0] == -sys.float_info.max


def test_vector_fast_path_is_the_reference():
    """_vector's plain-float fast path reads every kind of value as the reference loop does."""
    model = TreeModel(name="t", features=["a", "b", "c"], baseline=0.0, trees=[])
    odd = [0.0, -0.0, 1.5, 1e308, 5e-324, math.inf, -math.inf, math.nan, None, 3, True, np.float64(2.5),
           np.float64(math.inf), np.float32(0.5), 10 ** 20]

    def ref(values):
        return [float(v) if v is not None and math.isfinite(float(v)) else math.nan
                for v in map(values.get, model.features)]

    rng = random.Random(8)
    for _ in range(2000):
        values = {k: rng.choice(odd) for k in model.features if rng.random() < 0.9}
        got, want = model._vector(values), ref(values)
        assert [type(x) for x in got] == [type(x) for x in want]
        assert [x.hex() for x in got] == [x.hex() for x in want]
