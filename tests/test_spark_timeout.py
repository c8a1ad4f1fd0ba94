"""The Spark job's per-record time limit (--timeout, the batch's default): a record whose scoring
runs over it gets a ``timeout`` row and the task goes on with the next record, where one endless
record hung its task (Spark retried it, then failed the job). The limit itself is tested in this
process; one end-to-end run on local[2] with a limit every record exceeds."""
from __future__ import annotations

import os
import shutil
import signal
import time

import pytest

pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'spinscore[spark]')")

from scorer import spark as sp  # noqa: E402
from scorer.batch import DEFAULT_TIMEOUT  # noqa: E402
from scorer.features.base import feature_names  # noqa: E402

HAVE_JAVA = bool(os.environ.get("JAVA_HOME") or shutil.which("java"))
if HAVE_JAVA:
    import test_spark  # noqa: E402

    _write_warc = test_spark._write_warc
    spark = test_spark.spark  # its local[2] session fixture, found by pytest under this name

TEXT = ("The city council approved a new budget on Tuesday, the mayor's office said in a statement. "
        "Council member Rosa Lindqvist said the plan would add two libraries and extend bus routes.\n\n") * 3


def _quiet() -> bool:
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_within_stops_a_slow_call_and_leaves_no_timer_behind():
    t0 = time.monotonic()
    with pytest.raises(sp.RecordTimeout):
        sp.within(0.05, lambda: time.sleep(10))
    assert time.monotonic() - t0 < 2 and _quiet()
    assert sp.within(5, lambda: 42) == 42 and _quiet()
    assert sp.within(0, lambda: 7) == 7 and _quiet()  # 0: no limit, no signal touched


def test_within_is_not_swallowed_by_except_exception_and_bare_excepts():
    def stubborn():
        caught = 0
        while True:
            try:
                time.sleep(10)
            except Exception:  # noqa: BLE001 - what library code does: RecordTimeout is no Exception
                pass
            except BaseException:  # a bare except swallows it once: the alarm comes again
                caught += 1
                if caught > 3:
                    raise

    t0 = time.monotonic()
    with pytest.raises(sp.RecordTimeout):
        sp.within(0.05, stubborn)
    assert time.monotonic() - t0 < 2 and _quiet()


def test_a_partition_gives_a_timeout_row_per_slow_record_and_goes_on():
    cols = sp.columns(feature_names())
    rows = [dict(zip(cols, r)) for r in sp.score_text_partition(
        [{"id": "a", "text": TEXT}, {"id": "b", "text": None}, {"id": "c", "text": TEXT}],
        text_col="text", id_col="id", features=feature_names(), timeout=1e-4)]
    assert [(r["path"], r["status"], r["error_code"]) for r in rows] == [
        ("a", "error", "timeout"), ("b", "error", "empty"), ("c", "error", "timeout")]
    assert "per-record timeout of 0.0001 s" in rows[0]["error"] and "--timeout" in rows[0]["error"]
    (row,) = sp.score_text_partition([{"id": "a", "text": TEXT}], text_col="text", id_col="id",
                                     features=feature_names(), timeout=60)
    assert dict(zip(cols, row))["status"] == "ok" and _quiet()


def test_the_entry_point_takes_the_batchs_default_and_refuses_a_bad_limit(capsys):
    import inspect

    assert inspect.signature(sp.score_warcs).parameters["timeout"].default == DEFAULT_TIMEOUT
    assert inspect.signature(sp.score_texts).parameters["timeout"].default == DEFAULT_TIMEOUT
    for bad in ("-1", "nan", "inf", "soon"):
        with pytest.raises(SystemExit):
            sp.main(["--input", "x.warc.gz", "--output", "o.parquet", "--timeout", bad])
        assert "--timeout" in capsys.readouterr().err


@pytest.mark.skipif(not HAVE_JAVA, reason="no Java runtime: Spark cannot start")
def test_score_warcs_on_spark_gives_timeout_rows(spark, tmp_path):
    """On local[2]: every record over a limit of 1 ms gets a timeout row, none is lost, and the
    job does not fail; under the batch's limit the same record scores."""
    archive = tmp_path / "crawl.warc.gz"
    _write_warc(archive)
    rows = [r.asDict() for r in sp.score_warcs(spark, [str(archive)], timeout=0.001).collect()]
    assert [(r["path"], r["status"], r["error_code"]) for r in rows] == [
        (f"{archive}#urn:uuid:rec-0", "error", "timeout")]
    assert rows[0]["sha256"]  # the record's, as the batch's timeout row of a record
    rows = [r.asDict() for r in sp.score_warcs(spark, [str(archive)]).collect()]
    assert [r["status"] for r in rows] == ["ok"]
