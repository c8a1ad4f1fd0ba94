"""Copy clusters on Spark, distributed: the cluster fields of ``spinscore batch`` for a DataFrame
of scored rows, without holding anything per article on the driver.

:func:`add_clusters` gives every row exactly what
``batch_clusters.index_rows(rows, fingerprint_json=True).assignment()`` gives it for the rows in
``df``'s order (field for field, floats bit-equal: ``tests/test_spark.py`` checks it row by row).
The batch holds every signature in one :class:`~scorer.clusters.ClusterIndex` (~1.5 KB an
article); a crawl of millions of pages does not fit one machine that way, and the driver least of
all. Here each step runs where its data is, and every numeric step is the batch's own code
(imported from :mod:`scorer.clusters`, never re-derived), applied to chunks of rows:

1. **Order and keys.** Row id = ``monotonically_increasing_id()`` on ``df`` persisted once (so
   it is scored once and numbered once): ascending row ids are ``df``'s order, which is all
   the batch's ``input order`` means. An article's key is its path, ``path#n`` for the n-th
   repeat in row-id order (a window over the path), as ``index_rows`` names them.
2. **Parse, band keys, sort keys** (executors). Chunks of rows go through ``index_rows`` itself
   (the same fingerprint parsing: a damaged fingerprint or an error row has no signature; the
   same date and score reading), and out of that chunk's index come each article's signatures,
   its ``N_BANDS`` LSH band keys (:meth:`~scorer.clusters.ClusterIndex.band_keys`, null for a
   signal the article lacks) and the keys of the original rule
   (:meth:`~scorer.clusters.ClusterIndex.original_order`). Band keys depend on the article
   alone, so chunking changes nothing.
3. **Buckets → candidate pairs.** A count over each (band, key) in the JVM drops the
   singleton buckets (most of them) before any list is built or Python sees a row; each
   remaining bucket's row ids are collected and paired by
   :func:`~scorer.clusters._bucket_pairs` (all pairs up to ``BUCKET_CAP`` members, else the
   ``BUCKET_WINDOW`` sliding window over ascending row id = input order), then pairs are made
   distinct: a pair of copies meets in most of the ``N_BANDS`` bands.
4. **Edges.** Each pair is joined to its two signatures and measured by
   :func:`~scorer.clusters._similarity` / :func:`~scorer.clusters._is_edge` with the default
   thresholds (with the batch's zeroing of a signal either side lacks), vectorised per chunk.
   The batch skips pairs already joined; that changes no component, so computing them all is
   the same partition. Each partition's edges are reduced to a forest of stars on the spot
   (:func:`~scorer.clusters._stars`: same connectivity, at most one edge per node it touches).
5. **Components** by alternating large-star / small-star rounds (Kiveris et al., "Connected
   Components in MapReduce and Beyond", 2014) in Spark SQL until the edges form stars, each
   centred on its component's smallest row id: the label. It converges in O(log² n) rounds;
   copy clusters need none or one (the partitions' stars already join most of them), a long
   chain about the log of its length (48 nodes numbered at random: 5). Each round is
   checkpointed (a reliable checkpoint when ``spark.sparkContext.setCheckpointDir`` was set,
   else a local one), so the plan does not grow with the rounds.
6. **Original** of each component: the smallest (undated, date, unscored, -score, key) in
   Spark's struct order, which is ``np.lexsort``'s over the same keys followed by the batch's
   least key of the ties: booleans false first, dates as the batch's 10-character strings and
   keys as strings (code point order both ways: UTF-8 bytes sort so), scores as doubles (both
   hold ``-0.0`` equal to ``0.0``; NaN never reaches it: an unscored row's key is 0.0).
   Size = members.
7. **Fields.** A member that is not its original is joined to its own and the original's
   signatures, and its similarity computed as the batch computes it; the row's five fields
   come from :meth:`~scorer.clusters.ClusterInfo.of` (the batch's ``1.0`` for an original, its
   rounding), joined back to ``df`` on the row id and ordered by it.

Driver memory: O(1) in the number of articles: the driver plans queries and runs the round
loop; per round it learns one boolean (are the edges stars yet). No row, pair or label is
ever collected; the one thing that passes through the driver is what Spark itself broadcasts
for a join with a small side, capped by ``spark.sql.autoBroadcastJoinThreshold`` (10 MB by
default), not by the crawl. Measured (``benchmarks/bench_spark_clusters.py``, synthetic
fingerprints, local[2], a busy 2-core machine): the driver's Python grows 31 MB for 50,000 rows
and 31 MB for 200,000 (the driver-side clustering this replaced: 85 and 280 MB); the price is
time, 30 s and 78 s against 9 s and 25 s, paid in shuffles that spread over a real cluster's
executors where the old way could not. Executor memory: one chunk (``CHUNK`` rows; ``BUCKET_CHUNK`` buckets) at a
time in Python, plus one partition's edges for the star reduction; the largest single object
is one LSH bucket's list of row ids (8 bytes a member: a bucket of a million identical pages
is 8 MB). The costs move to shuffles: each article's band keys (80 × 8 bytes) once, and its
signatures (~900 bytes) to each candidate pair it is in and, in a multi-member cluster, once
more with its original.

Import pyspark inside functions only: :mod:`scorer.spark` imports this module without it.
"""
from __future__ import annotations

import itertools
from typing import Iterable, Iterator

import numpy as np

from scorer.clusters import (ENTITY_PERMS, N_BANDS, NUMBER_SKETCH, TEXT_PERMS, ClusterInfo, _bucket_pairs,
                             _is_edge, _similarity, _stars)

ROW = "__spinscore_row"  # the row-id column while clustering (dropped from the output)
CHUNK = 4096  # rows an executor parses or measures at once
# Buckets paired at once: up to ~2,000 pairs a bucket (BUCKET_CAP members), so ~1M pairs.
BUCKET_CHUNK = 512
# Rounds of large-star/small-star before giving up. They converge in O(log² n) rounds, in
# practice a few (a 48-node chain numbered at random: 5); a cap turns a future bug that never
# converges into an error instead of a job that runs forever.
MAX_ROUNDS = 100
_SIG = ("ns", "ne", "nn", "text", "ents", "nums")  # an article's signature columns, as _side reads them
_SIG_TYPES = ("long", "long", "long", "binary", "binary", "binary")
_ARTICLES = (f"{ROW} long, undated boolean, published string, unscored boolean, negscore double, "
             "ns long, ne long, nn long, text binary, ents binary, nums binary, bands array<long>")


def _chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _sig_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()  # little-endian: executors of any byte order agree


def _side(rows: list, at: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The (text, anchors, sizes, number sketches) arrays :func:`scorer.clusters._similarity`
    takes, from the six signature columns (:data:`_SIG`) starting at position ``at`` of each row."""
    text = np.frombuffer(b"".join(r[at + 3] for r in rows), "<u4").reshape(-1, TEXT_PERMS)
    ents = np.frombuffer(b"".join(r[at + 4] for r in rows), "<u4").reshape(-1, ENTITY_PERMS)
    nums = np.frombuffer(b"".join(r[at + 5] for r in rows), "<u4").reshape(-1, NUMBER_SKETCH)
    sizes = np.array([(r[at], r[at + 1], r[at + 2]) for r in rows], dtype=np.float64).reshape(-1, 3)
    return text, ents, sizes, nums


# ---- executor side (mapPartitions bodies) -------------------------------------------------------
def _articles(rows: Iterable, chunk_rows: int = CHUNK) -> Iterator[tuple]:
    """One :data:`_ARTICLES` row per input row (row id, path, status, date, score, fingerprint):
    parsed by ``index_rows``, the batch's own reader, ``chunk_rows`` at a time (what comes out
    of a row depends on that row alone)."""
    from scorer.batch_clusters import index_rows

    for chunk in _chunks(rows, chunk_rows):
        index = index_rows((r.asDict() for r in chunk), fingerprint_json=True)
        text, ents, sizes, nums = index.signatures()
        negscore, unscored, published, undated = index.original_order()
        keys = np.zeros((len(chunk), N_BANDS), np.int64)
        has = np.zeros((len(chunk), N_BANDS), bool)
        for band, ids, band_keys in index.band_keys():
            keys[ids, band] = band_keys.view(np.int64)
            has[ids, band] = True
        for k, r in enumerate(chunk):
            bands = keys[k].tolist()
            if not has[k].all():  # a signal the article lacks: null keys (no bands at all: null)
                bands = [v if h else None for v, h in zip(bands, has[k].tolist())] if has[k].any() else None
            # str() of a "U10" element is the string np.lexsort compared (trailing NULs dropped).
            yield (r[ROW], bool(undated[k]), str(published[k]), bool(unscored[k]), float(negscore[k]),
                   int(sizes[k, 0]), int(sizes[k, 1]), int(sizes[k, 2]), _sig_bytes(text[k]), _sig_bytes(ents[k]),
                   _sig_bytes(nums[k]), bands)


def _pairs(buckets: Iterable) -> Iterator[tuple[int, int]]:
    """Candidate pairs (i < j) of buckets (each a row of its members' row ids), by the batch's
    pairing rule: the buckets of a chunk are numbered and paired in one call."""
    for chunk in _chunks(buckets, BUCKET_CHUNK):
        members = [r[0] for r in chunk]
        sizes = np.fromiter(map(len, members), np.int64, len(members))
        ids = np.fromiter(itertools.chain.from_iterable(members), np.int64, int(sizes.sum()))
        i, j = _bucket_pairs(np.repeat(np.arange(len(members)), sizes), ids)
        yield from zip(i.tolist(), j.tolist())


def _edges(rows: Iterable) -> Iterator[tuple[int, int]]:
    """Rows (i, j, i's signature columns, j's) → the partition's same-story edges as stars
    (hi, lo): each node but a local minimum points at the smallest node of its local component."""
    hi, lo = [], []
    for chunk in _chunks(rows):
        keep = _is_edge(*_similarity(_side(chunk, 2), _side(chunk, 2 + len(_SIG))))
        pairs = np.array([(r[0], r[1]) for r in chunk], dtype=np.int64)[keep]
        hi.append(pairs[:, 1])
        lo.append(pairs[:, 0])
    if hi:
        nodes, smallest = _stars(np.concatenate(hi), np.concatenate(lo))
        moved = nodes != smallest
        yield from zip(nodes[moved].tolist(), smallest[moved].tolist())


def _fields(rows: Iterable) -> Iterator[tuple]:
    """Rows (row id, size, original's row id, original's key, the row's signature columns and the
    original's: null for an original) → (row id, the five cluster fields)."""
    from scorer.batch_clusters import FIELDS

    for chunk in _chunks(rows):
        copies = [r for r in chunk if r[0] != r[2]]
        sims = iter(())
        if copies:
            tj, ej, *_ = _similarity(_side(copies, 4), _side(copies, 4 + len(_SIG)))
            sims = iter(np.maximum(tj, ej).tolist())
        for rid, size, orig, key, *_ in chunk:
            info = ClusterInfo.of(key, size, rid == orig, None if rid == orig else next(sims)).to_dict()
            yield (rid, *(info[f] for f in FIELDS))


# ---- driver side ------------------------------------------------------------------------------
def _checkpoint(df):
    """``df`` computed now, its plan cut: reliable when the job has a checkpoint folder."""
    if df.sparkSession.sparkContext.getCheckpointDir():
        return df.checkpoint(eager=True)
    return df.localCheckpoint(eager=True)


def _large_star(edges):
    """Each node u links its larger neighbours to the smallest of u and its neighbours."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("hi").alias("u"), F.col("lo").alias("v")).union(
        edges.select(F.col("lo").alias("u"), F.col("hi").alias("v")))
    least = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    # Repeats are left to _small_star's distinct: its minimum does not mind them.
    return both.where(F.col("v") > F.col("u")).join(least, "u").select(F.col("v").alias("hi"), F.col("m").alias("lo"))


def _small_star(edges):
    """Each node u links itself and its smaller neighbours to the smallest of them."""
    from pyspark.sql import functions as F

    least = edges.groupBy("hi").agg(F.min("lo").alias("m"))
    moved = (edges.join(least, "hi").where(F.col("lo") != F.col("m"))
             .select(F.col("lo").alias("hi"), F.col("m").alias("lo")))
    return moved.union(least.select("hi", F.col("m").alias("lo"))).distinct()


def _are_stars(edges) -> bool:
    """Whether every node has at most one edge to a smaller node and none has edges both to a
    smaller and a larger one: then each component is a star centred on its smallest node."""
    from pyspark.sql import functions as F

    ends = edges.select(F.col("hi").alias("n"), F.lit(1).alias("up"), F.lit(0).alias("down")).union(
        edges.select(F.col("lo").alias("n"), F.lit(0).alias("up"), F.lit(1).alias("down")))
    per_node = ends.groupBy("n").agg(F.sum("up").alias("up"), F.max("down").alias("down"))
    return per_node.where((F.col("up") > 1) | ((F.col("up") > 0) & (F.col("down") > 0))).isEmpty()


def components(edges):
    """``edges`` (hi, lo) as stars (hi, lo): lo is the smallest node of hi's component (every
    node of a component of two or more is a hi but that one). Large-star / small-star rounds,
    checkpointed; the driver holds one boolean a round."""
    edges = _checkpoint(edges)
    for _ in range(MAX_ROUNDS):
        if _are_stars(edges):
            return edges
        edges = _checkpoint(_small_star(_large_star(edges)))
    raise RuntimeError(f"copy clusters: the components did not converge in {MAX_ROUNDS} rounds")


def _keys(numbered):
    """(row id, key): the path, ``path#n`` for its n-th repeat in row-id order (as
    ``batch_clusters.index_rows`` names articles: ``str(path)``, so a null path is "None")."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    path = F.coalesce(F.col("path").cast("string"), F.lit("None"))
    n = F.row_number().over(Window.partitionBy(path).orderBy(ROW)) - 1
    return numbered.select(ROW, path.alias("path"), n.alias("n")).select(
        ROW, F.when(F.col("n") == 0, F.col("path")).otherwise(F.concat("path", F.lit("#"), F.col("n").cast("string")))
        .alias("key"))


def add_clusters(df):
    """``df`` with the five copy-cluster columns (``batch_clusters.FIELDS``), clustered in Spark
    as the module docstring says. Needs the ``fingerprint`` column (and ``path``, ``status``,
    ``date``, ``score``). The clustering runs now; the result joins the fields to ``df``
    (persisted) lazily, in ``df``'s row order."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from scorer.batch_clusters import FIELDS
    from scorer.spark import CLUSTER_TYPES

    if "fingerprint" not in df.columns:
        raise ValueError("copy clusters need the fingerprint column (drop --no-fingerprint)")
    spark = df.sparkSession
    numbered = df.withColumn(ROW, F.monotonically_increasing_id()).persist(StorageLevel.MEMORY_AND_DISK)
    arts = spark.createDataFrame(
        numbered.select(ROW, "path", "status", "date", "score", "fingerprint").rdd.mapPartitions(_articles),
        _ARTICLES).persist(StorageLevel.MEMORY_AND_DISK)

    def sig(name: str, suffix: str):
        return arts.select(F.col(ROW).alias(name), *(F.col(c).alias(c + suffix) for c in _SIG))

    # Singleton buckets (most) are dropped by a count over the bucket first: collecting a list
    # for each of them cost twice the time (measured, 4M band keys on local[2]).
    bucket = Window.partitionBy("band", "key")
    buckets = (arts.select(ROW, F.posexplode("bands").alias("band", "key")).where(F.col("key").isNotNull())
               .withColumn("size", F.count("*").over(bucket)).where(F.col("size") > 1)
               .groupBy("band", "key").agg(F.collect_list(ROW).alias("members")).select("members"))
    pairs = spark.createDataFrame(buckets.rdd.mapPartitions(_pairs), "i long, j long").distinct()
    measured = pairs.join(sig("i", "_i"), "i").join(sig("j", "_j"), "j").select(
        "i", "j", *(c + "_i" for c in _SIG), *(c + "_j" for c in _SIG))
    stars = components(spark.createDataFrame(measured.rdd.mapPartitions(_edges), "hi long, lo long"))

    # The original rule's last tie-break is the key (the batch's _least_key_of_ties): Spark
    # compares strings as UTF-8 bytes, which is Python's code-point order.
    keys = _keys(numbered)
    order = F.struct("undated", "published", "unscored", "negscore", "key", ROW)
    labels = arts.select(ROW, "undated", "published", "unscored", "negscore").join(keys, ROW).select(
        ROW, order.alias("order")).join(stars.withColumnRenamed("hi", ROW), ROW, "left").select(
        ROW, "order", F.coalesce("lo", ROW).alias("label"))
    originals = (labels.groupBy("label").agg(F.count("*").alias("size"), F.min("order").alias("o"))
                 .select("label", "size", F.col(f"o.{ROW}").alias("orig"), F.col("o.key").alias("key")))
    members = labels.select(ROW, "label").join(originals, "label").select(ROW, "size", "orig", "key")
    copies = (members.where(F.col(ROW) != F.col("orig")).join(sig(ROW, ""), ROW).join(sig("orig", "_o"), "orig")
              .select(ROW, "size", "orig", "key", *_SIG, *(c + "_o" for c in _SIG)))
    nulls = [F.lit(None).cast(t).alias(c + s) for s in ("", "_o") for c, t in zip(_SIG, _SIG_TYPES)]
    alone = members.where(F.col(ROW) == F.col("orig")).select(ROW, "size", "orig", "key", *nulls)
    schema = ", ".join([f"{ROW} long"] + [f"{f} {CLUSTER_TYPES[f]}" for f in FIELDS])
    fields = _checkpoint(spark.createDataFrame(copies.union(alone).rdd.mapPartitions(_fields), schema))
    arts.unpersist()
    return numbered.join(fields, ROW, "left").orderBy(ROW).drop(ROW)
