"""Metrics shared by the evaluation commands (kept tiny and dependency-light)."""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np


def auroc(y: Sequence[int], p: Sequence[float]) -> Optional[float]:
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y)
    if len(set(y.tolist())) < 2:
        return None
    return round(float(roc_auc_score(y, p)), 4)


def brier(y, p) -> float:
    y, p = np.asarray(y, float), np.asarray(p, float)
    return round(float(np.mean((p - y) ** 2)), 4)


def accuracy(y, p, threshold: float = 0.5) -> float:
    y, p = np.asarray(y), np.asarray(p)
    return round(float(np.mean((p >= threshold).astype(int) == y)), 4)


def reliability_table(y, p, bins: int = 10) -> list[dict]:
    """Mean predicted probability vs observed frequency per probability bin."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    out = []
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if m.any():
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()),
                        "mean_predicted": round(float(p[m].mean()), 3),
                        "observed": round(float(y[m].mean()), 3)})
    return out
