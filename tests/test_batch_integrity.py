"""Batch output integrity across --resume: every input once in the output, nothing scored twice,
nothing lost, in the cases a folder or an archive changes shape between the runs."""
from __future__ import annotations

import json
from collections import Counter

from scorer.cli import main
from test_warc import _page, write_warc


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _batch(folder, out, *extra) -> int:
    return main(["batch", str(folder), "--out", str(out), "--no-progress", "--no-clusters", *extra])


def test_records_sharing_a_record_id_keep_their_rows_on_resume(tmp_path):
    """Three HTML records under one WARC-Record-ID give three rows ``a.warc.gz#<id>``. A resume
    (nothing to do, or after a kill that kept only the first row) must keep them all: each
    record's row used to make the others' stale, and the resume removed every one."""
    d = tmp_path / "in"
    d.mkdir()
    write_warc(d / "a.warc.gz", records=[
        ("urn:uuid:same", "response", f"https://news.example.com/{k}", "text/html", "200 OK",
         _page(f"Story {k} of the council vote"), "2025-06-14T08:00:01Z") for k in range(3)])
    out = tmp_path / "r.jsonl"
    assert _batch(d, out) == 0
    whole = out.read_bytes()
    assert len(_rows(out)) == 3

    assert _batch(d, out, "--resume") == 0  # nothing to do
    assert out.read_bytes() == whole

    out.write_bytes(whole.splitlines(keepends=True)[0])  # killed after the first row
    assert _batch(d, out, "--resume") == 0
    assert out.read_bytes() == whole
