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


def _rank_auroc(y: np.ndarray, p: np.ndarray) -> Optional[float]:
    """Mann-Whitney AUROC (ties count half), as roc_auc_score, without its per-call overhead."""
    from scipy.stats import rankdata

    pos = y == 1
    n1 = int(pos.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return None
    r = rankdata(p)
    return float((r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def auroc_ci(y, p, groups, n_boot: int = 1000, level: float = 0.95, seed: int = 0) -> Optional[list[float]]:
    """Percentile interval of the AUROC under a bootstrap of *groups* (source stories).

    Resampling documents would treat the MT outputs, spun and rewritten versions of one story
    as independent draws and give intervals that are too narrow: all versions of a story go in
    or out together, as in the split. Seeded, so the same data gives the same interval.
    """
    y, p, groups = np.asarray(y), np.asarray(p, float), np.asarray(groups)
    if len(set(y.tolist())) < 2:
        return None
    _, inverse = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(inverse == g) for g in range(inverse.max() + 1)]
    rng = np.random.default_rng(seed)
    stats = []
    for _ in range(n_boot):
        idx = np.concatenate([members[g] for g in rng.integers(0, len(members), len(members))])
        a = _rank_auroc(y[idx], p[idx])
        if a is not None:
            stats.append(a)
    if not stats:
        return None
    tail = (1.0 - level) / 2 * 100
    lo, hi = np.percentile(stats, [tail, 100 - tail])
    return [round(float(lo), 4), round(float(hi), 4)]


def ci_text(ci: Optional[Sequence[float]]) -> str:
    """How the evaluation reports print an :func:`auroc_ci` interval ("" when there is none)."""
    return f"95% CI {ci[0]:.3f}-{ci[1]:.3f}, stories resampled" if ci else ""


def detection_at_false_alarm(p_negative, p_positive, rates: Sequence[float] = (0.01, 0.02, 0.05, 0.10)) -> dict:
    """Share of positives flagged when the threshold is set so that at most ``rate`` of the
    negatives are flagged (flagged = score strictly above the threshold), for each rate.

    Why beside the AUROC: a user acts on the most confident verdicts, and two models with the
    same AUROC can differ there (one ranks the bulk better, the other the top). The threshold is
    the smallest negative score with no more than ``rate`` of the negatives above it, so ties
    never let the false-alarm share exceed the rate. ``threshold`` is that score (flagged: above
    it); for the reliability model's P(unreliable) p, "score below 100 × (1 − p)"."""
    neg = np.sort(np.asarray(p_negative, dtype=float))
    pos = np.asarray(p_positive, dtype=float)
    out = {}
    if not len(neg) or not len(pos):
        return out
    for rate in rates:
        allowed = int(np.floor(rate * len(neg) + 1e-9))  # negatives that may lie above the threshold
        thr = neg[len(neg) - 1 - allowed] if allowed < len(neg) else -np.inf
        out[f"{rate:g}"] = {"false_alarm": round(float(np.mean(neg > thr)), 4),
                            "detected": round(float(np.mean(pos > thr)), 4),
                            "threshold": None if thr == -np.inf else round(float(thr), 6)}
    return out
