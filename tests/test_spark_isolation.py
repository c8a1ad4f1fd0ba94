"""A record that crashes the process scoring it must not fail a Spark job.

Before, a partition scored its records in the Spark Python worker itself: a segfault in C code
or the out-of-memory killer took the worker down, Spark failed the task, retried it on the same
record until it gave up, and failed the job: one page lost a crawl. Now each partition scores in
a worker process of its own (``scorer.spark._isolated``: the batch's pool), so that record gets a
``worker_died`` row, the worker is replaced and the task goes on, as in ``spinscore batch``.

The crashes are real (``os._exit``, SIGSEGV, a catastrophic regex in C), injected in the worker
process by the batch's test hook (``SPINSCORE_TEST_FAULTS``, read only by worker processes).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'spinscore[spark]')")

from scorer import spark as sp  # noqa: E402
from scorer.batch import FAULTS_ENV  # noqa: E402
from scorer.features.base import feature_names  # noqa: E402
from test_warc import HTML_IDS, write_warc  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
HAVE_JAVA = bool(os.environ.get("JAVA_HOME") or shutil.which("java"))
if HAVE_JAVA:
    import test_spark  # noqa: E402

    spark = test_spark.spark  # its local[2] session fixture, found by pytest under this name

TEXT = ("The city council approved a new budget on Tuesday, the mayor's office said in a statement. "
        "Council member Rosa Lindqvist said the plan would add two libraries and extend bus routes.\n\n") * 3
HTML = ("<!doctype html><html><head><title>Library reopens</title></head><body><article>"
        "<h1>Library reopens after repairs</h1><p>The central library in Aldmoor reopened on Saturday "
        "after eight months of roof repairs, the county council said. Chief librarian Maya Sorensen said "
        "visitors could again borrow books from all three floors.</p></article></body></html>")


def _rows(out) -> list[dict]:
    cols = sp.columns(feature_names())
    return [dict(zip(cols, r)) for r in out]


def test_a_crashing_row_gets_an_error_row_and_the_partition_goes_on(monkeypatch):
    monkeypatch.setenv(FAULTS_ENV, "die=b;segv=c;spin=d")
    table = [{"id": k, "text": TEXT} for k in "abcde"] + [{"id": "f", "text": None}, {"id": "g", "text": TEXT}]
    rows = _rows(sp.score_text_partition(table, text_col="text", id_col="id", features=feature_names(),
                                         timeout=3))
    assert [(r["path"], r["status"], r["error_code"]) for r in rows] == [
        ("a", "ok", None), ("b", "error", "worker_died"), ("c", "error", "worker_died"),
        ("d", "error", "timeout"), ("e", "ok", None), ("f", "error", "empty"), ("g", "ok", None)]
    assert "exit status 70" in rows[1]["error"] and "SIGSEGV" in rows[2]["error"]
    assert "scoring this record died" in rows[1]["error"] and "the task went on" in rows[1]["error"]
    # The catastrophic regex runs in C, where SIGALRM never fires: only killing the worker stops it.
    assert "per-record timeout of 3 s" in rows[3]["error"]
    # Scored in the worker as in this process: the same row.
    assert rows[0] == rows[4] | {"path": "a"} and json.loads(rows[0]["fingerprint"])["ns"] > 0


def test_rows_scored_in_a_worker_equal_rows_scored_in_process():
    table = [{"id": "t", "text": TEXT, "url": "https://news.example.com/a"}, {"id": "h", "text": HTML},
             {"id": "n", "text": None}, {"id": "big", "text": "x" * 1200}]
    kw = dict(text_col="text", id_col="id", features=feature_names(), meta_cols={"url": "url"},
              settings=sp.ScorerSettings(max_bytes=1000))
    isolated = list(sp.score_text_partition(table, **kw, isolate=True))
    in_process = list(sp.score_text_partition(table, **kw, isolate=False))
    assert isolated == in_process
    assert [r["error_code"] for r in _rows(isolated)] == [None, None, "empty", "too_large"]


def test_a_crashing_archive_record_gets_an_error_row_and_the_archive_goes_on(tmp_path, monkeypatch):
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)  # three HTML responses among a request, an image and a redirect
    monkeypatch.setenv(FAULTS_ENV, f"segv=crawl.warc.gz#{HTML_IDS[1]}")
    rows = _rows(sp.score_warc_partition([str(archive), str(tmp_path / "missing.warc.gz")],
                                         features=feature_names(), timeout=60))
    assert [(r["path"].rsplit("/", 1)[-1], r["error_code"]) for r in rows] == [
        (f"crawl.warc.gz#{HTML_IDS[0]}", None), (f"crawl.warc.gz#{HTML_IDS[1]}", "worker_died"),
        (f"crawl.warc.gz#{HTML_IDS[2]}", None), ("missing.warc.gz", "unreadable")]
    assert rows[1]["sha256"]  # the record's, as the batch's row of a lost record


@pytest.mark.skipif(not HAVE_JAVA, reason="no Java runtime: Spark cannot start")
def test_a_spark_job_with_a_crashing_record_completes(spark, tmp_path):
    """End to end on local[2], as spark-submit runs the module: the record whose scoring kills
    its process gets a worker_died row and every other row is written; the job exits 0."""
    table = tmp_path / "in.jsonl"
    table.write_text("".join(json.dumps({"id": k, "text": TEXT}) + "\n" for k in ("s1", "s2", "s3", "s4")))
    out = tmp_path / "out.parquet"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
               **{FAULTS_ENV: "die=s2"})
    proc = subprocess.run([sys.executable, str(REPO / "scorer" / "spark.py"), "--master", "local[2]",
                           "--input", str(table), "--output", str(out), "--partitions", "2"],
                          capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {r["path"]: r.asDict() for r in spark.read.parquet(str(out)).collect()}
    assert sorted(rows) == ["s1", "s2", "s3", "s4"]
    assert rows["s2"]["error_code"] == "worker_died" and "exit status 70" in rows["s2"]["error"]
    assert all(rows[k]["status"] == "ok" for k in ("s1", "s3", "s4"))


def test_archive_rows_scored_in_a_worker_equal_rows_scored_in_process(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    paths = [str(archive), str(tmp_path / "missing.warc.gz")]
    isolated = list(sp.score_warc_partition(paths, features=feature_names(), timeout=60, isolate=True))
    in_process = list(sp.score_warc_partition(paths, features=feature_names(), timeout=60, isolate=False))
    assert isolated == in_process
    assert [r["error_code"] for r in _rows(isolated)] == [None, None, None, "unreadable"]
