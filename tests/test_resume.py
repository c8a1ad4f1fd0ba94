"""`spinscore batch --resume`: a killed run continues where it stopped; nothing scored twice,
nothing lost; edited files are re-scored; a partial last line is repaired."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from scorer.cli import main

GOOD = ("The city council approved a new budget on Tuesday, the mayor's office said.\n\n"
        "Council member Rosa Lindqvist said the plan would add two libraries.\n")


def _folder(root, n):
    d = root / "in"
    d.mkdir()
    for i in range(n):
        (d / f"{i:04d}.txt").write_text(GOOD.replace("Tuesday", f"day {i}"))
    return d


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_killed_batch_resumes_to_exactly_one_row_per_file(tmp_path):
    n = 120
    d = _folder(tmp_path, n)
    out = tmp_path / "r.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "scorer", "batch", str(d), "--out", str(out)],
                            stderr=subprocess.PIPE)
    deadline = time.time() + 90
    while time.time() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 10):
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    written = out.read_bytes().count(b"\n")
    assert 10 <= written < n, "the kill must land half-way for this test to mean anything"

    rc = main(["batch", str(d), "--out", str(out), "--resume", "--jobs", "2"])
    assert rc == 0
    rows = _rows(out)
    counts = Counter(r["path"] for r in rows)
    assert sorted(counts) == sorted(str(p) for p in d.iterdir())
    assert set(counts.values()) == {1}
    # the resumed output is exactly what one uninterrupted run writes
    fresh = tmp_path / "fresh.jsonl"
    assert main(["batch", str(d), "--out", str(fresh)]) == 0
    assert out.read_bytes() == fresh.read_bytes()


def test_resume_skips_done_rescores_edited_and_new(tmp_path, capsys):
    d = _folder(tmp_path, 4)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 0
    before = {r["path"]: r for r in _rows(out)}
    capsys.readouterr()

    edited = d / "0001.txt"
    edited.write_text(GOOD.replace("Tuesday", "Friday"))
    (d / "0009.txt").write_text(GOOD.replace("Tuesday", "Sunday"))
    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "2 row(s): 2 ok, 0 error(s)" in err and "3 skipped" in err

    after = _rows(out)
    assert Counter(r["path"] for r in after) == Counter(str(p) for p in d.iterdir())
    by_path = {r["path"]: r for r in after}
    assert by_path[str(edited)]["sha256"] != before[str(edited)]["sha256"]
    from scorer.batch_clusters import FIELDS

    for p in ("0000.txt", "0002.txt", "0003.txt"):
        # kept as scored; only the copy-cluster fields follow the batch's new composition
        assert {k: v for k, v in by_path[str(d / p)].items() if k not in FIELDS} == \
            {k: v for k, v in before[str(d / p)].items() if k not in FIELDS}
        assert by_path[str(d / p)]["cluster_size"] == len(after)  # one template: all copies

    # nothing left to do: a second resume writes nothing and changes nothing
    snapshot = out.read_bytes()
    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 0
    assert "0 row(s)" in capsys.readouterr().err and out.read_bytes() == snapshot


def test_resume_repairs_a_partial_last_line(tmp_path, capsys):
    d = _folder(tmp_path, 3)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 0
    whole = out.read_bytes()
    lines = whole.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:2]) + lines[2][: len(lines[2]) // 2])  # killed mid-write
    capsys.readouterr()

    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "cut off a partial last line" in err and "1 row(s): 1 ok" in err
    assert out.read_bytes() == whole


def test_resume_keeps_error_rows_and_their_exit_code(tmp_path, capsys):
    d = _folder(tmp_path, 2)
    (d / "empty.txt").write_bytes(b"   ")
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 1
    empty = next(r for r in _rows(out) if r["path"].endswith("empty.txt"))
    assert empty["status"] == "error" and empty["sha256"]  # read, so it carries its hash
    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 1  # still an error row
    assert len(_rows(out)) == 3
    assert "3 skipped" in capsys.readouterr().err


def test_resume_without_output_starts_fresh_and_refuses_foreign_files(tmp_path, capsys):
    d = _folder(tmp_path, 2)
    out = tmp_path / "new.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 0
    assert len(_rows(out)) == 2
    foreign = tmp_path / "notes.jsonl"
    foreign.write_text("hello\nworld\n")
    assert main(["batch", str(d), "--out", str(foreign), "--resume"]) == 2
    assert "line 1 is not a JSON row" in capsys.readouterr().err
    assert foreign.read_text() == "hello\nworld\n"


def test_resume_refuses_csv(tmp_path, capsys):
    d = _folder(tmp_path, 1)
    out = tmp_path / "r.csv"
    out.write_text("x\n")
    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 2
    assert "--resume needs a JSONL output" in capsys.readouterr().err
    assert out.read_text() == "x\n"


def test_without_resume_the_output_is_overwritten(tmp_path):
    d = _folder(tmp_path, 2)
    out = tmp_path / "r.jsonl"
    out.write_text('{"path": "old", "sha256": null}\n')
    assert main(["batch", str(d), "--out", str(out)]) == 0
    assert [r["path"] for r in _rows(out)] == sorted(str(p) for p in d.iterdir())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_resume_with_html_report_covers_the_whole_output(tmp_path, jobs):
    d = _folder(tmp_path, 3)
    out, html = tmp_path / "r.jsonl", tmp_path / "r.html"
    assert main(["batch", str(d), "--out", str(out)]) == 0
    out.write_bytes(b"".join(out.read_bytes().splitlines(keepends=True)[:1]))
    assert main(["batch", str(d), "--out", str(out), "--resume", "--html", str(html), "--jobs", jobs]) == 0
    page = html.read_text(encoding="utf-8")
    for name in ("0000.txt", "0001.txt", "0002.txt"):
        assert name in page


def test_retry_failed_rescores_run_failures_once_and_keeps_input_errors(tmp_path, capsys, monkeypatch):
    d = _folder(tmp_path, 3)
    (d / "empty.txt").write_bytes(b"   ")
    out = tmp_path / "r.jsonl"
    monkeypatch.setenv("SPINSCORE_TEST_FAULTS", "die=0001.txt")  # a worker dies on this file
    assert main(["batch", str(d), "--out", str(out), "--no-clusters"]) == 1
    codes = {r["path"].rsplit("/", 1)[-1]: r["error_code"] for r in _rows(out)}
    assert codes == {"0000.txt": None, "0001.txt": "worker_died", "0002.txt": None, "empty.txt": "empty"}
    monkeypatch.delenv("SPINSCORE_TEST_FAULTS")
    capsys.readouterr()
    # Plain --resume keeps the failed row; --retry-failed scores that input again.
    assert main(["batch", str(d), "--out", str(out), "--no-clusters", "--resume"]) == 1
    assert len(_rows(out)) == 4
    assert main(["batch", str(d), "--out", str(out), "--no-clusters", "--resume", "--retry-failed"]) == 1
    err = capsys.readouterr().err
    assert "retrying 1 failed row(s)" in err and "1 row(s): 1 ok" in err
    rows = _rows(out)
    assert Counter(r["path"] for r in rows) == Counter({r["path"]: 1 for r in rows}) and len(rows) == 4
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_name["0001.txt"]["status"] == "ok" and by_name["empty.txt"]["error_code"] == "empty"


def test_an_interrupted_retry_leaves_one_row_per_file_after_the_next_resume(tmp_path):
    """A retried row appended after its failed row (the retry run was killed before it tidied
    up): the next --resume, with or without --retry-failed, keeps only the later row."""
    d = _folder(tmp_path, 2)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-clusters"]) == 0
    rows = _rows(out)
    failed = dict(rows[1], status="error", error_code="timeout", error="took too long", score=None)
    lines = [json.dumps(rows[0]), json.dumps(failed), json.dumps(rows[1])]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["batch", str(d), "--out", str(out), "--no-clusters", "--resume"]) == 0
    assert _rows(out) == rows


def test_retry_failed_needs_resume(tmp_path, capsys):
    d = _folder(tmp_path, 1)
    assert main(["batch", str(d), "--out", str(tmp_path / "r.jsonl"), "--retry-failed"]) == 2
    assert "--retry-failed works with --resume" in capsys.readouterr().err
