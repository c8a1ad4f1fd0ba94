"""Copy clusters for a finished batch output: the second, whole-batch pass.

Which articles rewrite one another is only known once every article is scored, so a batch
streams its rows as usual (each ok row carries its compact ``fingerprint``, computed in the
worker, and null cluster fields) and, when the run completes, this pass reads the output
back, clusters the fingerprints (:class:`scorer.clusters.ClusterIndex`) and rewrites the file
with every row's ``cluster_id``, ``cluster_size``, ``cluster_original`` (the path of the likely
original: earliest date, then highest score), ``is_original`` and ``cluster_similarity``.

Why a rewrite and not a side file: outside tools read one row per article; a cluster id they
must join from elsewhere is a cluster id they will not see. The rewrite is a streaming copy
and an atomic replace, so the output is a valid, complete file at every moment. A run that
is interrupted leaves null cluster fields; ``--resume`` completes the run and then this pass
covers the whole output (earlier rows keep their fingerprints, so nothing is re-read).

Memory: the index holds ~0.95 KB of signatures per article and clustering needs ~1.5 KB per
article at its peak (see ``benchmarks/bench_clusters.py``) — the one part of a batch that grows
with its size, hence :func:`annotate_batch`'s fresh process for large batches and
``--no-clusters`` for unbounded streams.
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .clusters import ClusterIndex, fingerprint
from .csv_cells import guarded_row, unguarded_row

FIELDS = ("cluster_id", "cluster_size", "cluster_original", "is_original", "cluster_similarity")


def report_row(report, with_fingerprint: bool = True) -> dict:
    """A report as a row, with the copy-cluster ``fingerprint`` of an ok article (computed where
    the text is: the batch worker, the Spark executor)."""
    row = report.to_dict()
    if report.ok and with_fingerprint:
        row["fingerprint"] = fingerprint(report).to_dict()
    return row


def empty_fields(row: dict) -> dict:
    """Null cluster fields (the row is written before its batch is complete)."""
    for f in FIELDS:
        row.setdefault(f, None)
    return row


def row_line(row: dict) -> str:
    """``row`` as its JSONL line (no newline): the one encoding of every JSONL output (the batch
    writer, the rows workers send encoded, this pass), so that they agree byte for byte."""
    return json.dumps(row, ensure_ascii=False)


def _lines(out: Path) -> Iterator[str]:
    """The non-blank lines of a JSONL output."""
    with open(out, encoding="utf-8", newline="") as fh:
        yield from (line for line in fh if line.strip())


def _rows(out: Path, is_csv: bool) -> Iterator[dict]:
    if not is_csv:
        yield from map(cluster_fields, _lines(out))
        return
    with open(out, encoding="utf-8", newline="") as fh:
        yield from map(unguarded_row, csv.DictReader(fh))


# How a row written before clustering ends: its cluster fields last (``empty_fields`` adds them
# to a finished row), all null, as :func:`row_line` spells them.
_NULL_TAIL = "".join(f', "{f}": null' for f in FIELDS) + "}"


_DECODER = json.JSONDecoder()
_FINGERPRINT_KEY = '"fingerprint": '
_HEAD = '{"schema_version": '
_INDEXED = ("path", "status", "date", "score")


def cluster_fields(line: str) -> dict:
    """What the cluster index reads of one JSONL row (``path``, ``status``, ``date``, ``score``,
    ``fingerprint``), decoding only those values when the row is one spinscore wrote and has
    not clustered yet (:func:`row_line`, null cluster fields last, its fingerprint just before
    them); any other line is decoded whole. Why: a row is ~7 KB of evidence, decoding all of it
    was a third of the cluster pass, which runs after the scoring in the batch's own process
    (0.17 of ~0.55 s for 3,000 articles), where nothing runs in parallel with it.

    Safe to find the keys by text: inside a JSON string a quote is always escaped, so
    ``, "status": `` can only be the top-level key, and the keys before ``date`` and ``score``
    hold no object; the fingerprint is the last key before the null tail. The values are read by
    the same decoder as :func:`json.loads`."""
    body = line.rstrip("\r\n")
    if body.startswith(_HEAD) and body.endswith(_NULL_TAIL):
        at = body.rfind(_FINGERPRINT_KEY)
        if at > 0:
            try:
                fp, end = _DECODER.raw_decode(body, at + len(_FINGERPRINT_KEY))
                if end == len(body) - len(_NULL_TAIL) and isinstance(fp, dict):
                    row = {"fingerprint": fp}
                    for key in _INDEXED:
                        start = body.index(f', "{key}": ') + len(key) + 6
                        row[key] = _DECODER.raw_decode(body, start)[0]
                    return row
            except ValueError:  # a key missing, a value not JSON: read the row whole
                pass
    return json.loads(line)


def annotated_line(line: str, info: dict) -> str:
    """``line`` (one JSONL row) with its cluster fields set to ``info``, as the JSONL line
    :func:`row_line` gives for the updated row. A row spinscore wrote (:func:`row_line`:
    parsing and dumping it again gives it back) that ends with null
    cluster fields keeps its text up to them: only its tail is written anew, without parsing and
    encoding the ~8 KB row again. Any other line is parsed, updated and dumped."""
    body = line.rstrip("\r\n")
    if body.endswith(_NULL_TAIL) and list(info) == list(FIELDS):
        tail = "".join(f', "{f}": {json.dumps(info[f], ensure_ascii=False)}' for f in FIELDS)
        return body[: -len(_NULL_TAIL)] + tail + "}\n"
    row = json.loads(line)
    row.update(info)
    return row_line(row) + "\n"


def _num(v) -> Optional[float]:
    try:
        return float(v) if v not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _fingerprint(row: dict, fingerprint_json: bool):
    fp = row.get("fingerprint")
    if fingerprint_json and isinstance(fp, str) and fp:
        fp = json.loads(fp)
    return fp if isinstance(fp, dict) and row.get("status") == "ok" else None


def index_rows(rows: Iterable[dict], fingerprint_json: bool = False,
               unread: Optional[list] = None) -> ClusterIndex:
    """A :class:`~scorer.clusters.ClusterIndex` of output rows (``path``, ``status``, ``date``,
    ``score``, ``fingerprint``), in their order: the one way a batch output and the Spark job's
    rows are clustered. Keys are the paths; a path given twice stays two articles
    (``path#1``). ``fingerprint_json``: the fingerprints are JSON strings (a CSV column, a
    Parquet column). A damaged or foreign fingerprint leaves its article standing alone.
    ``unread``: when given, the keys of ok rows that stand alone for that reason (no
    fingerprint: scored with ``--no-clusters``; damaged; an older version) are appended to it."""
    index = ClusterIndex()
    seen: dict[str, int] = {}
    for row in rows:
        path = str(row.get("path"))
        n = seen.get(path, 0)
        seen[path] = n + 1
        key = path if n == 0 else f"{path}#{n}"
        try:
            fp = _fingerprint(row, fingerprint_json)
            index.add(key, fp, row.get("date") or None, _num(row.get("score")))
        except (ValueError, KeyError, TypeError):
            fp = None
            index.add(key, None, row.get("date") or None, _num(row.get("score")))
        if fp is None and unread is not None and row.get("status") == "ok":
            unread.append(key)
    return index


# The file annotate writes beside the output before its atomic replace (a run stopped in the
# pass leaves it; batch.run_outputs keeps the folder walk from scoring it).
TEMP_SUFFIX = ".clusters-tmp"


def annotate(out: str | os.PathLike) -> dict:
    """Cluster the rows of a finished JSONL or CSV batch output and rewrite it with the cluster
    fields. Returns counts: rows, clusters, articles in a cluster of two or more, and
    ``unclustered``: ok rows without a usable fingerprint, each a cluster of one whatever it
    copies (an output scored with ``--no-clusters`` or by an older release and then resumed),
    so that the caller can say the clusters are incomplete rather than that there are none."""
    out = Path(out)
    is_csv = out.suffix.lower() == ".csv"
    unread: list = []
    index = index_rows(_rows(out, is_csv), fingerprint_json=is_csv, unread=unread)
    clusters = index.assignment()
    tmp = out.with_name(out.name + TEMP_SUFFIX)
    with open(tmp, "w", encoding="utf-8", newline="") as dst:
        # zip stops at the rows that were read: a file that grew since is not ours to annotate.
        if is_csv:
            with open(out, encoding="utf-8", newline="") as fh:
                header = next(csv.reader(fh), None)
            if header:  # the header is written even when there is no row
                writer = csv.DictWriter(dst, fieldnames=header, extrasaction="ignore")
                writer.writeheader()
                for k, row in zip(range(len(index)), _rows(out, is_csv)):
                    row.update(clusters.info(k).to_dict())
                    writer.writerow(guarded_row(row))
        else:
            for k, line in zip(range(len(index)), _lines(out)):
                dst.write(annotated_line(line, clusters.info(k).to_dict()))
    os.replace(tmp, out)
    return {"rows": len(index), "clusters": len(set(clusters.labels.tolist())),
            "in_copy_clusters": int((clusters.size >= 2).sum()), "unclustered": len(unread)}


# Above this many rows the cluster pass runs in a fresh process: the batch's own process holds
# the loaded models and tables (~230 MB), and the index adds ~1.5 KB per article at its peak
# (benchmarks/bench_clusters.py), so 100k articles clustered in place would peak near 400 MB.
# A fresh process starts at ~40 MB. Small batches stay in place: starting Python and numpy
# again costs ~0.2 s.
FRESH_PROCESS_ROWS = 20_000


def annotate_batch(out: str | os.PathLike, rows: int) -> dict:
    """:func:`annotate` ``out``, which holds about ``rows`` rows, in this process or a fresh one."""
    if rows < FRESH_PROCESS_ROWS:
        return annotate(out)
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(1) as pool:
        return pool.apply(annotate, (str(out),))

