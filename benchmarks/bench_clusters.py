"""Clustering speed and memory at scale, on synthetic fingerprints (no corpus needed).

    python benchmarks/bench_clusters.py --n 100000

Fingerprints are made directly (random MinHash values for unrelated articles; groups of copies
share most of their values and all their figures, as rewrites do), so the figure is the cost of ClusterIndex.add +
assignment alone. Also times fingerprint() on ~3 KB generated texts. Peak memory is the process's
maximum RSS growth while clustering (resource.getrusage).
"""
from __future__ import annotations

import argparse
import random
import resource
import time

import numpy as np

from scorer import clusters as C


def synthetic(n: int, copies: float, seed: int = 0):
    rng = np.random.default_rng(seed)
    text = rng.integers(0, 2**32 - 1, size=(n, C.TEXT_PERMS), dtype=np.uint32)
    ents = rng.integers(0, 2**32 - 1, size=(n, C.ENTITY_PERMS), dtype=np.uint32)
    # Every group of 5 consecutive articles among the first `copies` share 80 % of their values.
    m = int(n * copies) // 5 * 5
    for g in range(0, m, 5):
        mask = rng.random((4, C.TEXT_PERMS)) < 0.8
        text[g + 1:g + 5][mask] = np.broadcast_to(text[g], (4, C.TEXT_PERMS))[mask]
        mask = rng.random((4, C.ENTITY_PERMS)) < 0.8
        ents[g + 1:g + 5][mask] = np.broadcast_to(ents[g], (4, C.ENTITY_PERMS))[mask]
    # Figures: 8 per article (the number check's bottom-k sketch, ascending), kept by its copies.
    nums = np.sort(rng.integers(0, 2**32 - 2, size=(n, C.NUMBER_SKETCH), dtype=np.uint32), axis=1)
    nums[:, 8:] = 0xFFFFFFFF
    for g in range(0, m, 5):
        nums[g + 1:g + 5] = nums[g]
    return text, ents, nums, m


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--copies", type=float, default=0.2, help="fraction of articles in copy groups of 5")
    args = ap.parse_args()

    words = ("council harbour budget minister river station market election school hospital "
             "police weather ferry museum festival").split()
    rng = random.Random(1)
    texts = [" ".join(rng.choice(words).capitalize() if rng.random() < 0.1 else rng.choice(words)
                      for _ in range(500)) for _ in range(200)]
    t = time.perf_counter()
    for s in texts:
        C.fingerprint(s)
    print(f"fingerprint(): {1000 * (time.perf_counter() - t) / len(texts):.2f} ms per ~3 KB article")

    text, ents, nums, m = synthetic(args.n, args.copies)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    ix = C.ClusterIndex()
    for k in range(args.n):
        ix.add(f"crawl/page{k:07d}.html", C.Fingerprint(text[k], ents[k], 300, 30, nums[k], 8),
               "2025-06-01" if k % 3 else None, float(k % 100))
    t1 = time.perf_counter()
    clusters = ix.assignment()  # what `spinscore batch` uses (arrays, not a dict of objects)
    t2 = time.perf_counter()
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    multi = int((clusters.size > 1).sum())
    grouped_ok = sum(1 for k in range(0, m, 5) if clusters.size[k] == 5)
    print(f"{args.n:,} fingerprints: add {t1 - t0:.1f} s, assign {t2 - t1:.1f} s, "
          f"peak memory growth {peak:.0f} MB")
    print(f"{multi:,} articles in multi-member clusters; {grouped_ok:,} of {m // 5:,} planted groups "
          f"recovered whole")


if __name__ == "__main__":
    main()
