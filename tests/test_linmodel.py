"""The JSON model format: round trip, missing features, calibration, corrupt files."""
import json
import math
import random

import numpy as np
import pytest

from scorer.errors import ModelError
from scorer.linmodel import LinearModel, fit_linear


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    n = 400
    x1 = rng.normal(size=n)
    x2 = rng.normal(size=n)
    y = (x1 + 0.5 * x2 + rng.normal(scale=0.5, size=n) > 0).astype(int)
    return np.c_[x1, x2, rng.normal(size=n)], y


@pytest.mark.parametrize("calibration", ["platt", "isotonic", "none"])
def test_fit_save_load_predict_identically(data, tmp_path, calibration):
    X, y = data
    m = fit_linear(X, y, ["a", "b", "noise"], name="t", calibration=calibration)
    m.save(tmp_path / "m.json")
    m2 = LinearModel.load(tmp_path / "m.json")
    for row in X[:50]:
        values = dict(zip(["a", "b", "noise"], row.tolist()))
        assert m.predict_proba(values) == m2.predict_proba(values)
    probs = [m.predict_proba(dict(zip(["a", "b", "noise"], r))) for r in X]
    assert all(0.0 <= p <= 1.0 for p in probs)
    # learned the signal: positives get higher probabilities
    assert np.mean([p for p, t in zip(probs, y) if t]) > np.mean([p for p, t in zip(probs, y) if not t]) + 0.3


def test_contributions_sign_and_missing_feature_is_neutral(data):
    X, y = data
    m = fit_linear(X, y, ["a", "b", "noise"], name="t")
    high = m.contributions({"a": 3.0, "b": 0.0, "noise": 0.0})
    assert high["a"] > 0 and abs(high["a"]) > abs(high["noise"])
    assert m.contributions({"a": None, "b": float("nan")})["a"] == 0.0
    assert m.contributions({})["b"] == 0.0


def test_nan_in_training_is_imputed_with_mean():
    X = np.array([[1.0, np.nan], [2.0, 1.0], [3.0, np.nan], [4.0, 3.0]] * 10)
    y = np.array([0, 0, 1, 1] * 10)
    m = fit_linear(X, y, ["x", "sometimes"], name="t", calibration="none")
    assert m.mean[1] == pytest.approx(2.0)
    assert all(math.isfinite(c) for c in m.coef)


@pytest.mark.parametrize("content,message", [
    ('{"format": "spinscore-linear/1", "name": "x"', "unreadable or truncated"),
    ('{"format": "pickle"}', "not a spinscore linear model"),
    ('{"format": "spinscore-linear/1", "name": "x", "features": ["a"], "mean": [0], "scale": [1], "coef": [1, 2], "intercept": 0}',
     "do not match its 1 features"),
    ('{"format": "spinscore-linear/1", "name": "x", "features": ["a"], "mean": [0], "scale": [1]}', "incomplete or corrupt"),
])
def test_bad_model_files_name_the_file(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(ModelError, match=message) as info:
        LinearModel.load(p)
    assert "bad.json" in str(info.value)


def test_missing_file_and_feature_mismatch(tmp_path):
    with pytest.raises(ModelError, match="model file not found"):
        LinearModel.load(tmp_path / "none.json")
    m = LinearModel(name="x", features=["fam.a", "fam.gone"], mean=[0, 0], scale=[1, 1], coef=[1, 1], intercept=0)
    with pytest.raises(ModelError, match="fam.gone"):
        m.check_features(["fam.a"])


def test_model_json_is_plain_data(data, tmp_path):
    X, y = data
    fit_linear(X, y, ["a", "b", "noise"], name="t").save(tmp_path / "m.json")
    d = json.loads((tmp_path / "m.json").read_text())
    assert d["format"] == "spinscore-linear/1" and d["features"] == ["a", "b", "noise"]


def test_explain_is_predict_proba_and_contributions_in_one(data):
    X, y = data
    m = fit_linear(X, y, ["a", "b", "noise"], name="t")
    for r in X[:30]:
        values = dict(zip(["a", "b", "noise"], r))
        assert m.explain(values) == (m.predict_proba(values), m.contributions(values))


_ODD_VALUES = [0.0, -0.0, 1.5, -2.25, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan, None, 3, 0, True, False,
               np.float64(2.5), np.float64(math.nan), np.float32(0.5), 10 ** 20]


def test_contributions_fast_path_is_the_reference_loop():
    """The plain-float fast path of contributions gives the reference loop's floats, bit for
    bit, for every kind of value (floats finite or not, None, ints, bools, numpy floats)."""
    m = LinearModel(name="t", features=["a", "b", "c"], mean=[0.5, -1.0, 0.0], scale=[2.0, 0.0, 0.3],
                    coef=[1.25, -0.75, 3.0], intercept=0.1)

    def ref(values):
        out = {}
        for name, mu, sd, c in zip(m.features, m.mean, m.scale, m.coef):
            v = values.get(name)
            if v is None or (isinstance(v, float) and not math.isfinite(v)):
                out[name] = c * 0.0
            else:
                out[name] = c * ((float(v) - mu) / sd if sd else 0.0)
        return out

    rng = random.Random(3)
    for _ in range(2000):
        values = {k: rng.choice(_ODD_VALUES) for k in ("a", "b", "c") if rng.random() < 0.9}
        got, want = m.contributions(values), ref(values)
        assert list(got) == list(want)
        assert [math.copysign(1, x) for x in got.values()] == [math.copysign(1, x) for x in want.values()]
        assert list(map(repr, got.values())) == list(map(repr, want.values()))
