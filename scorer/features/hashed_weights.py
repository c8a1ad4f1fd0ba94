"""What the two hashed n-gram models (:mod:`.mt_ngram`, :mod:`.ai_style_ngram`) share: the
document vector of hashed cells and the compact storage of their weights.

* :func:`weighted_cells` — unique cells with sublinear counts (1 + log n), L2-normalised: the
  usual text-classification weighting, so long and short articles score on one scale.
* :func:`encode` / :func:`decode` — weights quantised to int8 with one scale, zlib-compressed,
  base64 in JSON: a 2^19-cell model ships in well under 1 MB and holds no n-gram text.
* :func:`top_ngrams` — the words and word pairs of one sentence that weigh most, for the
  reason a reader sees (each model says which n-grams are worth showing).
"""
from __future__ import annotations

import base64
import zlib
from typing import Callable, Sequence

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


def top_ngrams(sent: Sequence[str], weight: Callable[[str], float], show_word: Callable[[str], bool],
               show_pair: Callable[[str, str], bool], keep: int = 3) -> list[tuple[str, float]]:
    """The sentence's own unigrams (cell key ``1|w``) and bigrams (``2|v w``) with the largest
    positive weights, strongest first (ties by text); ``show_word``/``show_pair`` leave out
    what would explain nothing to a reader (they still count in the score)."""
    seen: dict[str, float] = {}
    prev = None
    for w in sent:
        if show_word(w):
            seen.setdefault(w, weight("1|" + w))
        if prev is not None and show_pair(prev, w):
            seen.setdefault(f"{prev} {w}", weight(f"2|{prev} {w}"))
        prev = w
    return sorted(((g, x) for g, x in seen.items() if x > 0), key=lambda t: (-t[1], t[0]))[:keep]
