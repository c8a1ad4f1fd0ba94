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


PARAS = ("The city council approved a new budget on Tuesday, the mayor's office said in a statement. "
         "Councillor Rosa Lindqvist said the plan would add two libraries and extend bus routes.")


def _dump_line(i: int) -> str:
    return json.dumps({"title": f"Council story {i}", "text": f"{PARAS} Item {i} of the agenda, {i * 7} votes."})


def test_a_line_taken_out_of_a_dump_leaves_no_row_of_its_old_last_line(tmp_path):
    """A dump's rows are keyed ``FILE#LINE``: a line taken out shifts the lines after it. The
    resume re-scores the shifted lines, and the row of the old last line (a line number the
    dump no longer has) must go too, or that article has two rows (and is a copy of itself)."""
    d = tmp_path / "in"
    d.mkdir()
    dump = d / "news.jsonl"
    dump.write_text("".join(_dump_line(i) + "\n" for i in range(6)), encoding="utf-8")
    out = tmp_path / "r.jsonl"
    assert _batch(d, out) == 0
    dump.write_text("".join(_dump_line(i) + "\n" for i in range(6) if i != 2), encoding="utf-8")
    assert _batch(d, out, "--resume") == 0
    rows = _rows(out)
    assert sorted(r["path"] for r in rows) == [f"{dump}#{n}" for n in range(1, 6)]
    assert Counter(r["title"] for r in rows) == Counter(f"Council story {i}" for i in (0, 1, 3, 4, 5))
    fresh = tmp_path / "fresh.jsonl"
    assert _batch(d, fresh) == 0
    assert sorted(_rows(fresh), key=lambda r: r["path"]) == sorted(rows, key=lambda r: r["path"])


def test_a_record_taken_out_of_a_warc_loses_its_row_and_a_damaged_read_keeps_them(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    recs = [(f"urn:uuid:r{k}", "response", f"https://news.example.com/{k}", "text/html", "200 OK",
             _page(f"Story {k} of the council vote"), "2025-06-14T08:00:01Z") for k in range(3)]
    arch = d / "a.warc.gz"
    write_warc(arch, records=recs)
    out = tmp_path / "r.jsonl"
    assert _batch(d, out) == 0
    write_warc(arch, records=recs[:2])  # the archive rewritten without its last record
    assert _batch(d, out, "--resume") == 0
    assert [r["path"] for r in _rows(out)] == [f"{arch}#urn:uuid:r{k}" for k in range(2)]
    # An archive cut short (read up to the damage) says nothing of the records after it: kept.
    write_warc(arch, records=recs)
    assert _batch(d, out, "--resume") == 0
    whole = arch.read_bytes()
    arch.write_bytes(whole[: len(whole) * 2 // 3])
    assert _batch(d, out, "--resume") == 1
    paths = [r["path"] for r in _rows(out)]
    assert all(f"{arch}#urn:uuid:r{k}" in paths for k in range(3)), paths


def test_resume_with_dir_spelled_otherwise_is_refused_before_scoring_twice(tmp_path, monkeypatch, capsys):
    """Rows are keyed by the path as given: a resume given ``/abs/in`` (or a link to the folder)
    after a run given ``in`` held none of its inputs, scored every one again and wrote each
    twice. It is refused, the output untouched; ``./in/`` is the same spelling and resumes."""
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"{i}.txt").write_text(f"{PARAS} Item {i} of the agenda.\n", encoding="utf-8")
    write_warc(d / "z.warc.gz", records=[
        ("urn:uuid:r1", "response", "https://news.example.com/1", "text/html", "200 OK",
         _page("Story of the council vote"), "2025-06-14T08:00:01Z")])
    (tmp_path / "link").symlink_to(d)
    out = tmp_path / "r.jsonl"
    assert _batch("in", out) == 0
    whole = out.read_bytes()
    capsys.readouterr()
    for other in (str(d), "link"):
        for jobs in ("1", "2"):
            assert _batch(other, out, "--resume", "--jobs", jobs) == 2
            err = capsys.readouterr().err
            assert "the output holds this input as in/0.txt" in err and "Give DIR as the first run did" in err
            assert out.read_bytes() == whole
    # An archive first in the walk: its record is looked up the same way.
    for i in range(3):
        (d / f"{i}.txt").unlink()
    assert _batch("in", out) == 0
    assert _batch(str(d), out, "--resume") == 2
    assert f"as in/z.warc.gz#urn:uuid:r1, this run names it {d}/z.warc.gz#urn:uuid:r1" in capsys.readouterr().err
    assert _batch("./in/", out, "--resume") == 0
    assert len(_rows(out)) == 1


def test_a_temporary_file_left_beside_an_output_in_the_folder_is_not_scored(tmp_path):
    """A run stopped in its last passes (stale rows dropped, copy clusters written: each a copy
    and an atomic replace) leaves ``rows.jsonl.resume-tmp`` or ``.clusters-tmp`` beside the
    output. With ``--out`` inside the folder, the next run scored it as an article."""
    d = tmp_path / "in"
    d.mkdir()
    for i in range(2):
        (d / f"{i}.txt").write_text(f"{PARAS} Item {i} of the agenda.\n", encoding="utf-8")
    out = d / "rows.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 0
    whole = out.read_bytes()
    for suffix in (".resume-tmp", ".clusters-tmp"):
        (d / f"rows.jsonl{suffix}").write_bytes(whole[: len(whole) // 2])
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--resume"]) == 0
    assert out.read_bytes() == whole
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 0
    assert sorted(r["path"] for r in _rows(out)) == [str(d / "0.txt"), str(d / "1.txt")]


def test_ctrl_c_outside_the_scoring_loop_is_one_line_and_exit_130(tmp_path, monkeypatch, capsys):
    """A Ctrl-C while the models load (or in the resume and cluster passes) ends the run with
    exit 130 and one line saying how to complete it, not a KeyboardInterrupt traceback; the
    output a previous run wrote is left as it was."""
    import scorer.batch

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("The council voted on Tuesday to close the harbour road for repairs.",
                             encoding="utf-8")
    out = tmp_path / "r.jsonl"
    out.write_text("", encoding="utf-8")

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(scorer.batch, "load_scorer", interrupted)
    assert _batch(d, out, "--resume") == 130
    err = capsys.readouterr().err
    assert err.strip() == "spinscore: interrupted; run it again with --resume to complete the output"
    assert out.read_text(encoding="utf-8") == ""
