"""A standardised logistic-regression model stored as plain JSON (no pickle).

Used for every facet model and for the reliability score: features in a fixed order, the
scaler's mean and scale, coefficients, intercept, and a calibration map fitted on out-of-fold
predictions. Loading is a JSON parse; predicting is a dot product. Missing features (None/NaN,
e.g. English-only features on a French article) are imputed with the training mean, which is
a contribution of exactly zero.
"""
from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from .errors import ModelError

FORMAT = "spinscore-linear/1"


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def apply_calibration(cal: Mapping[str, Any], logit: float) -> float:
    """Map a raw decision value (log-odds) to a calibrated probability."""
    method = cal.get("method", "none")
    if method == "platt":
        return _sigmoid(cal["a"] * logit + cal["b"])
    raw = _sigmoid(logit)
    if method == "isotonic":
        xs, ys = cal["x"], cal["y"]
        if raw <= xs[0]:
            return ys[0]
        if raw >= xs[-1]:
            return ys[-1]
        lo, hi = 0, len(xs) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if xs[mid] <= raw:
                lo = mid
            else:
                hi = mid
        x0, x1, y0, y1 = xs[lo], xs[hi], ys[lo], ys[hi]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
    return raw


def fit_calibration(oof_logits, y, method: str = "platt") -> dict[str, Any]:
    """Fit a calibration map on out-of-fold decision values."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    oof = np.asarray(oof_logits, dtype=float)
    if method == "platt":
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof.reshape(-1, 1), y)
        a = float(platt.coef_[0, 0])
        if a <= 0:
            # Out-of-fold scores no better than chance (tiny data): a calibration map would
            # invert or flatten the ranking. Keep the raw probabilities instead.
            return {"method": "none", "note": "platt slope <= 0 on out-of-fold scores"}
        return {"method": "platt", "a": a, "b": float(platt.intercept_[0])}
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        raw = 1 / (1 + np.exp(-oof))
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y)
        return {"method": "isotonic", "x": [float(v) for v in iso.X_thresholds_],
                "y": [float(v) for v in iso.y_thresholds_]}
    return {"method": "none"}


@dataclass
class LinearModel:
    name: str
    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    # {"method": "platt", "a": float, "b": float}: p = sigmoid(a * logit + b)
    # {"method": "isotonic", "x": [...], "y": [...]}: p = interp(raw_p, x, y)
    # {"method": "none"}
    calibration: dict[str, Any] = field(default_factory=lambda: {"method": "none"})
    positive_class: str = "risk"  # what P(y=1) means, e.g. "machine-translated"
    metrics: dict[str, Any] = field(default_factory=dict)
    manifest: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    # --- prediction -------------------------------------------------------------------------
    def standardise(self, values: Mapping[str, Optional[float]]) -> list[float]:
        z = []
        for name, mu, sd in zip(self.features, self.mean, self.scale):
            v = values.get(name)
            if v is None or (isinstance(v, float) and not math.isfinite(v)):
                z.append(0.0)
            else:
                z.append((float(v) - mu) / sd if sd else 0.0)
        return z

    def contributions(self, values: Mapping[str, Optional[float]]) -> dict[str, float]:
        """coef × standardised value per feature: positive pushes towards the positive class.
        (:meth:`standardise` and the product in one loop: the same operations, no list between.)"""
        get = values.get
        out = {}
        for name, mu, sd, c in zip(self.features, self.mean, self.scale, self.coef):
            v = get(name)
            if v.__class__ is float:
                # The usual value (extractors give plain floats): ``v - v == 0.0`` is
                # math.isfinite(v) (inf - inf and nan - nan are nan), and float(v) is v, with no
                # isinstance/isfinite/float calls (~1/3 of the loop's time).
                out[name] = c * ((v - mu) / sd if sd else 0.0) if v - v == 0.0 else c * 0.0
            elif v is None or (isinstance(v, float) and not math.isfinite(v)):
                out[name] = c * 0.0
            else:
                out[name] = c * ((float(v) - mu) / sd if sd else 0.0)
        return out

    def decision(self, values: Mapping[str, Optional[float]]) -> float:
        return self.intercept + sum(self.contributions(values).values())

    def calibrate(self, logit: float) -> float:
        return apply_calibration(self.calibration, logit)

    def predict_proba(self, values: Mapping[str, Optional[float]]) -> float:
        return round(self.calibrate(self.decision(values)), 6)

    def explain(self, values: Mapping[str, Optional[float]]) -> tuple[float, dict[str, float]]:
        """``(predict_proba, contributions)`` from one standardisation (the scorer needs both;
        :class:`~scorer.treemodel.TreeModel` has the same method)."""
        contrib = self.contributions(values)
        return round(self.calibrate(self.intercept + sum(contrib.values())), 6), contrib

    # --- (de)serialisation ------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "name": self.name, "positive_class": self.positive_class,
            # copies: editing the dict must not change the model it came from
            "features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
            "coef": list(self.coef), "intercept": self.intercept, "calibration": dict(self.calibration),
            "metrics": self.metrics, "manifest": self.manifest, "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "<dict>") -> "LinearModel":
        if not isinstance(d, Mapping) or d.get("format") != FORMAT:
            raise ModelError(f"{source}: not a spinscore linear model (format {FORMAT!r} expected)")
        try:
            m = cls(
                name=str(d["name"]), features=list(d["features"]),
                mean=[float(x) for x in d["mean"]], scale=[float(x) for x in d["scale"]],
                coef=[float(x) for x in d["coef"]], intercept=float(d["intercept"]),
                calibration=dict(d.get("calibration") or {"method": "none"}),
                positive_class=str(d.get("positive_class", "risk")),
                metrics=dict(d.get("metrics") or {}), manifest=list(d.get("manifest") or []),
                meta=dict(d.get("meta") or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{source}: model file is incomplete or corrupt ({exc!r})") from None
        n = len(m.features)
        if not (len(m.mean) == len(m.scale) == len(m.coef) == n):
            raise ModelError(f"{source}: model arrays do not match its {n} features")
        if not all(math.isfinite(x) for x in [*m.mean, *m.scale, *m.coef, m.intercept]):
            raise ModelError(f"{source}: model holds non-finite numbers")
        return m

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1, sort_keys=False) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> "LinearModel":
        return cls.from_dict(read_model_json(path), source=str(path))

    def check_features(self, available: Sequence[str], source: str = "") -> None:
        check_features(self.name, self.features, available, source)


def read_model_json(path: str | Path) -> Any:
    """The parsed JSON of a model file; a missing or broken file is a ModelError naming it."""
    p = Path(path)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"model file not found: {p}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"model file {p} is unreadable or truncated: {exc}") from None


def check_features(name: str, features: Sequence[str], available: Sequence[str], source: str = "") -> None:
    """Raise a clear error when the code no longer computes a feature a model uses."""
    have = set(available)
    missing = [f for f in features if f not in have]
    if missing:
        raise ModelError(
            f"{source or name}: model uses features this version does not compute: "
            f"{', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}; retrain with `spinscore train`"
        )


def fit_linear(
    X, y, features: Sequence[str], *, name: str, positive_class: str = "risk", C: float = 1.0,
    calibration: str = "platt", groups=None, cv: int = 5, seed: int = 0,
) -> LinearModel:
    """Fit scaler + balanced logistic regression, and calibrate on out-of-fold predictions.

    ``X`` may hold NaN for missing features: they are imputed with the column mean (standardised
    value 0), exactly as :meth:`LinearModel.standardise` does at prediction time. ``groups``
    (e.g. story ids) keeps all versions of one story in the same fold for calibration.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    with warnings.catch_warnings():  # an all-missing column is expected (mean -> 0 below)
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(np.where(np.isfinite(X), X, np.nan), axis=0)
    mean = np.where(np.isfinite(mean), mean, 0.0)
    Xf = np.where(np.isfinite(X), X, mean)
    scale = Xf.std(axis=0)
    scale = np.where(scale > 1e-12, scale, 1.0)
    Z = (Xf - mean) / scale

    def _lr():
        return LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed)

    # Out-of-fold logits for calibration.
    oof = np.zeros(len(y))
    if groups is not None:
        splitter = GroupKFold(n_splits=min(cv, len(set(groups))))
        splits = splitter.split(Z, y, groups)
    else:
        splitter = StratifiedKFold(n_splits=min(cv, int(np.bincount(y).min())), shuffle=True, random_state=seed)
        splits = splitter.split(Z, y)
    for tr, te in splits:
        if len(set(y[tr])) < 2:
            oof[te] = 0.0
            continue
        oof[te] = _lr().fit(Z[tr], y[tr]).decision_function(Z[te])
    final = _lr().fit(Z, y)
    cal = fit_calibration(oof, y, calibration)
    return LinearModel(
        name=name, features=list(features), mean=[float(v) for v in mean],
        scale=[float(v) for v in scale], coef=[float(v) for v in final.coef_[0]],
        intercept=float(final.intercept_[0]), calibration=cal, positive_class=positive_class,
    )
