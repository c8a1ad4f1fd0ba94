"""``scorer.spark.add_clusters`` at scale on a local Spark: time and driver memory, by hand.

    PYTHONPATH=. python benchmarks/bench_spark_clusters.py --n 200000
    PYTHONPATH=/path/to/another/tree python benchmarks/bench_spark_clusters.py --n 200000 --data DIR

Rows are synthetic (no scoring: the figure is the clustering alone): ``bench_clusters.synthetic``
fingerprints (unrelated articles plus groups of 5 copies), as the JSON the scorer writes, with
paths, dates and scores, written once to Parquet (``--data``, reused when it exists, so two trees
can be compared on the same rows). Then ``add_clusters`` of the rows read back and a Parquet
write of the result, as ``python -m scorer.spark --clusters`` does. Reported: wall time, the
driver's Python peak RSS growth (``ru_maxrss``; in local mode the executors' Python workers are
other processes, so this is the driver alone) and the JVM's peak RSS (driver and executors
together in local mode: an upper bound on the driver JVM). Which ``scorer`` runs is whatever
PYTHONPATH names; the executors inherit it.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path


def _rows(n: int, copies: float):
    from bench_clusters import synthetic

    from scorer.clusters import Fingerprint

    text, ents, _ = synthetic(n, copies)
    for k in range(n):
        fp = Fingerprint(text[k], ents[k], 300, 30).to_dict()
        yield (f"crawl/page{k:07d}.html", "ok", "2025-06-01" if k % 3 else None, float(k % 100),
               json.dumps(fp, separators=(",", ":")))


def _jvm_peak(pid: int, stop: threading.Event, out: list) -> None:
    """Peak VmHWM of the JVM (Linux), read until ``stop``."""
    while not stop.wait(0.5):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    out.append(int(line.split()[1]) // 1024)
        except OSError:
            return


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--copies", type=float, default=0.2, help="fraction of rows in copy groups of 5")
    ap.add_argument("--data", default=None, help="Parquet folder of the rows (made when missing)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--driver-memory", default="4g")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(args.master).appName("bench-spark-clusters")
             .config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", args.driver_memory)
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    data = args.data or os.path.join(tempfile.gettempdir(), f"spinscore-bench-{args.n}-{args.copies}.parquet")
    if not os.path.exists(data):
        schema = "path string, status string, date string, score double, fingerprint string"
        rows = spark.sparkContext.parallelize(list(_rows(args.n, args.copies)), 8)
        spark.createDataFrame(rows, schema).write.parquet(data)
        print(f"wrote {args.n:,} rows to {data}; run again to measure (a fresh driver)")
        spark.stop()
        return

    from scorer import spark as sp

    jvm = spark.sparkContext._gateway.jvm.java.lang.ProcessHandle.current().pid()
    peaks: list = []
    stop = threading.Event()
    watcher = threading.Thread(target=_jvm_peak, args=(jvm, stop, peaks), daemon=True)
    watcher.start()
    df = spark.read.parquet(data)
    df.count()  # the read itself is not the clustering's
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    out = os.path.join(tempfile.mkdtemp(), "clustered.parquet")
    sp.add_clusters(df).write.parquet(out)
    wall = time.perf_counter() - t0
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    stop.set()
    back = spark.read.parquet(out)
    multi = back.where("cluster_size > 1").count()
    print(f"{sp.__file__}: {args.n:,} rows, {df.rdd.getNumPartitions()} input partitions: add_clusters + write "
          f"{wall:.1f} s; driver Python peak RSS growth {grown:.0f} MB; JVM peak RSS {max(peaks or [0]):,} MB "
          f"(driver + executors); {multi:,} rows in multi-member clusters")
    spark.stop()


if __name__ == "__main__":
    main()
