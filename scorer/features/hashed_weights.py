"""What the two hashed n-gram models (:mod:`.mt_ngram`, :mod:`.ai_style_ngram`) share: the
document vector of hashed cells and the compact storage of their weights.

* :func:`weighted_cells` — unique cells with sublinear counts (1 + log n), L2-normalised: the
  usual text-classification weighting, so long and short articles score on one scale.
* :func:`encode` / :func:`decode` — weights quantised to int8 with one scale, zlib-compressed,
  base64 in JSON: a 2^19-cell model ships in well under 1 MB and holds no n-gram text.
"""
from __future__ import annotations

import base64
import zlib

import numpy as np


def weighted_cells(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique cells and their sublinear, L2-normalised weights."""
    u, n = np.unique(cells, return_counts=True)
    v = 1.0 + np.log(n)
    norm = float(np.sqrt((v * v).sum()))
    return u, (v / norm if norm else v)


def encode(w: np.ndarray) -> tuple[str, float]:
    """int8 weights + one scale, zlib + base64."""
    scale = float(np.abs(w).max()) / 127.0 or 1.0
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return base64.b64encode(zlib.compress(q.tobytes(), 9)).decode("ascii"), scale


def decode(s: str, scale: float) -> np.ndarray:
    return np.frombuffer(zlib.decompress(base64.b64decode(s)), dtype=np.int8).astype(np.float64) * scale
