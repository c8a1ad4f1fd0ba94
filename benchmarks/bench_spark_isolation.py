"""What scoring a Spark partition in a worker process of its own costs (no Spark needed).

    python benchmarks/bench_spark_isolation.py [--n 600]

Runs ``scorer.spark.score_text_partition`` over the same generated texts (bench_batch's corpus)
with ``isolate=True`` (the default: the batch's pool, one forked worker) and ``isolate=False``
(in the Python worker itself), after a warm-up partition each, and prints wall time per record
and per partition, and the parent's CPU (the worker's CPU is the scoring, as in process).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import random  # noqa: E402

from bench_batch import article  # noqa: E402
from scorer import spark as sp  # noqa: E402
from scorer.features.base import feature_names  # noqa: E402


def run(texts: list[str], isolate: bool) -> tuple[float, float]:
    rows = [{"id": f"r{k}", "text": t} for k, t in enumerate(texts)]
    t0, c0 = time.perf_counter(), time.process_time()
    out = list(sp.score_text_partition(rows, text_col="text", id_col="id", features=feature_names(),
                                       timeout=60, isolate=isolate))
    assert len(out) == len(rows)
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600)
    args = ap.parse_args()
    rng = random.Random(0)
    texts = ["\n\n".join(article(rng)) for _ in range(args.n)]
    for isolate in (False, True):
        run(texts[:5], isolate)  # warm: tables loaded, and the fork path exercised once
        wall, cpu = run(texts, isolate)
        one, _ = run(texts[:1], isolate)
        print(f"isolate={isolate!s:5}  {1000 * wall / len(texts):6.2f} ms a record over {len(texts)} "
              f"(this process's CPU {1000 * cpu / len(texts):5.2f} ms a record); a one-record partition "
              f"{1000 * one:6.1f} ms")


if __name__ == "__main__":
    main()
