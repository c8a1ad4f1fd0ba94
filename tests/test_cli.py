"""The CLI end to end: in-process for speed, plus one real subprocess for the console script."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from scorer.cli import main

GOOD = ("The city council approved a new budget on Tuesday, the mayor's office said.\n\n"
        "Council member Rosa Lindqvist said the plan would add two libraries.\n")


@pytest.fixture
def mixed_folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (d / "huge.txt").write_bytes(b"word " * 1_300_000)  # 6.5 MB
    (d / "latin1.txt").write_bytes("Les habitants de Montréal ont célébré la fête, a déclaré le maire.".encode("latin-1"))
    (d / "good.txt").write_text(GOOD)
    return d


def test_batch_input_named_twice_gets_one_row(tmp_path, capsys):
    """A file the listing names twice (in two spellings, one through a symbolic link), or that
    the folder walk found already, is scored once: one row, not a copy cluster of itself."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD)
    (d / "b.txt").write_text(GOOD.replace("budget", "plan for parks") + "Other news followed.\n")
    other = tmp_path / "other.txt"
    other.write_text(GOOD.replace("Tuesday", "Friday"))
    (tmp_path / "link.txt").symlink_to(d / "a.txt")
    listing = tmp_path / "paths.txt"
    listing.write_text(f"{d / 'a.txt'}\n{other}\n{tmp_path}/in/../in/b.txt\n{tmp_path / 'link.txt'}\n{other}\n")
    out = tmp_path / "rows.jsonl"
    assert main(["batch", str(d), "--input-list", str(listing), "--out", str(out), "--no-progress"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["path"] for r in rows] == [str(d / "a.txt"), str(d / "b.txt"), str(other)]
    assert "4 input(s) named again" in capsys.readouterr().err  # a.txt twice, b.txt, other.txt

    listing.write_text(f"{other}\n{other}\n")  # a listing alone
    assert main(["batch", "--input-list", str(listing), "--out", str(out), "--no-progress"]) == 0
    assert [json.loads(line)["path"] for line in out.read_text().splitlines()] == [str(other)]


def test_batch_mixed_folder_one_row_per_file(mixed_folder, tmp_path, capsys):
    out = tmp_path / "rows.jsonl"
    rc = main(["batch", str(mixed_folder), "--out", str(out)])
    assert rc == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 5
    by_name = {os.path.basename(r["path"]): r for r in rows}
    assert {n for n, r in by_name.items() if r["status"] == "error"} == {"empty.txt", "binary.bin", "huge.txt"}
    assert by_name["empty.txt"]["error_code"] == "empty"
    assert by_name["binary.bin"]["error_code"] == "binary"
    assert by_name["huge.txt"]["error_code"] == "too_large"
    assert by_name["latin1.txt"]["encoding"] == "cp1252" and by_name["latin1.txt"]["status"] == "ok"
    assert "5 row(s): 2 ok, 3 error(s)" in capsys.readouterr().err


def test_batch_seeds_ok_and_byte_identical(seeds_dir, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["batch", str(seeds_dir), "--out", str(a)]) == 0
    assert main(["batch", str(seeds_dir), "--out", str(b), "--jobs", "2"]) == 0
    assert a.read_bytes() == b.read_bytes()
    rows = [json.loads(line) for line in a.read_text().splitlines()]
    assert [r["status"] for r in rows] == ["ok"] * 5
    wp = next(r for r in rows if r["path"].endswith("002_e0444446a155daab.txt"))
    assert wp["date"] == "2025-06-13" and "&#8216;" not in wp["title"]


def test_jobs_auto_uses_the_usable_cpus_and_zero_is_refused(monkeypatch, capsys):
    from scorer import cli

    monkeypatch.setattr(cli.os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    args = cli.build_parser().parse_args(["batch", "d", "--out", "o.jsonl", "--jobs", "auto"])
    assert args.jobs == 3
    monkeypatch.delattr(cli.os, "sched_getaffinity", raising=False)  # macOS: no affinity call
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 4)
    assert cli.build_parser().parse_args(["batch", "d", "--out", "o", "--jobs", "AUTO"]).jobs == 4
    for bad in ("0", "-2", "two", "1.5"):
        with pytest.raises(SystemExit) as exc:
            cli.build_parser().parse_args(["batch", "d", "--out", "o", "--jobs", bad])
        assert exc.value.code == 2
        assert "at least 1 or 'auto'" in capsys.readouterr().err


REQUIRED = {"path", "status", "error", "title", "date", "url", "language", "score", "verdict",
            "facets", "features", "reasons", "schema_version"}


def test_row_contract(seeds_dir, tmp_path):
    out = tmp_path / "r.jsonl"
    main(["batch", str(seeds_dir), "--out", str(out)])
    for line in out.read_text().splitlines():
        row = json.loads(line)
        assert REQUIRED <= set(row)
        assert set(row["facets"]) == {"readability", "mt", "citations", "boilerplate", "ai_style"}
        for v in row["facets"].values():
            assert v is None or 0.0 <= v <= 1.0
        for reason in row["reasons"]:
            for ev in reason["evidence"]:
                assert {"start", "end", "snippet", "reason", "feature"} <= set(ev)


def test_batch_csv_output(seeds_dir, tmp_path):
    out = tmp_path / "r.csv"
    assert main(["batch", str(seeds_dir), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 5 and "facet.mt" in rows[0] and "readability.flesch_reading_ease" in rows[0]


def test_batch_include_exclude_hidden_symlinks(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(GOOD)
    (d / "sub" / "b.html").write_text("<html><body><p>" + GOOD + "</p></body></html>")
    (d / ".hidden.txt").write_text(GOOD)
    (d / "link.txt").symlink_to(d / "a.txt")  # a second name of a.txt
    (tmp_path / "outside.txt").write_text(GOOD.replace("Tuesday", "Friday"))
    (d / "sub" / "away.txt").symlink_to(tmp_path / "outside.txt")  # the only name inside
    out = tmp_path / "r.jsonl"

    def names(*extra):
        main(["batch", str(d), "--out", str(out), *extra])
        return [os.path.relpath(json.loads(x)["path"], d) for x in out.read_text().splitlines()]

    assert names() == ["a.txt", "sub/b.html"]
    assert names("--include", "*.html") == ["sub/b.html"]
    assert names("--exclude", "sub/*") == ["a.txt"]
    # Followed, a file reached by two names is scored once, under the first name in walk order.
    assert names("--hidden", "--follow-symlinks") == [".hidden.txt", "a.txt", "sub/away.txt", "sub/b.html"]
    assert names("--follow-symlinks", "--exclude", "a.txt") == ["link.txt", "sub/away.txt", "sub/b.html"]


def test_score_formats(seeds_dir, capsys):
    seed = str(seeds_dir / "000_406ec7b0fca02697.txt")
    assert main(["score", seed, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    assert main(["score", seed, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("schema_version,path,status")
    assert main(["score", seed]) == 0
    assert "score:" in capsys.readouterr().out


def test_score_missing_file_exit_1(tmp_path, capsys):
    assert main(["score", str(tmp_path / "nope.txt")]) == 1
    assert "no such file" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["batch", str(tmp_path)])  # --out missing
    assert info.value.code == 2
    assert main(["batch", str(tmp_path / "missing"), "--out", str(tmp_path / "r.jsonl")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_bad_model_file_is_a_clear_error(tmp_path, seeds_dir, capsys):
    (tmp_path / "reliability.json").write_text('{"format": "spinscore-linear/1", "name": "x"')
    rc = main(["score", str(seeds_dir / "000_406ec7b0fca02697.txt"), "--models", str(tmp_path)])
    assert rc == 2
    err = capsys.readouterr().err
    assert "reliability.json" in err and "truncated" in err


def test_console_script_and_stdin():
    proc = subprocess.run([sys.executable, "-m", "scorer", "score", "-", "--format", "json"],
                          input=GOOD.encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["path"] == "-"
    assert b"Traceback" not in proc.stderr


def test_interrupted_batch_leaves_valid_jsonl(tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(1500):
        (d / f"{i:04d}.txt").write_text(GOOD.replace("Tuesday", f"day {i}"))
    out = tmp_path / "r.jsonl"
    # A shell running us in the background ignores SIGINT, and children inherit that: restore
    # the default so the child Python installs its KeyboardInterrupt handler.
    proc = subprocess.Popen([sys.executable, "-m", "scorer", "batch", str(d), "--out", str(out)],
                            stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or out.stat().st_size < 2000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    lines = out.read_text().splitlines()
    assert 0 < len(lines) < 1500
    for line in lines:
        json.loads(line)  # every line is a whole row


def test_fast_html_flag_for_score_and_batch(tmp_path, capsys, news_page):
    """--fast-html reaches the scorer in both commands: the HTML page's report says it was read
    in fast mode, the text file's does not, and without the flag neither does."""
    from scorer.batch import load_scorer
    from scorer.scoring import ScorerSettings

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.html").write_text(news_page)
    (d / "b.txt").write_text("The city council voted on Tuesday to extend the night bus service, the mayor said. " * 30)
    capsys.readouterr()
    assert main(["score", str(d / "a.html"), "--format", "json", "--fast-html"]) == 0
    assert [c["code"] for c in json.loads(capsys.readouterr().out)["caveats"]] == ["fast_html"]
    try:
        for extra, want in ((["--fast-html"], [["fast_html"], []]), ([], [[], []])):
            out = tmp_path / f"rows{len(extra)}.jsonl"
            assert main(["batch", str(d), "--out", str(out), "--no-progress", *extra]) == 0
            rows = [json.loads(line) for line in out.read_text().splitlines()]
            assert [[c["code"] for c in r["caveats"]] for r in rows] == want
    finally:
        load_scorer(ScorerSettings())


def test_progress_line_counts_and_rate():
    """The terminal's progress line: rows so far, ok and errors, and the rate since the start."""
    import io
    import re

    from scorer.batch import Progress, Summary

    stream = io.StringIO()
    progress = Progress(True, stream=stream)
    progress.start -= 2.0  # two seconds ago
    progress.update(Summary(total=10, ok=9, errors=1), force=True)
    m = re.fullmatch(r"\r10 scored, 9 ok, 1 error\(s\), ([\d.]+) articles/s ", stream.getvalue())
    assert m and 4.0 <= float(m.group(1)) <= 5.0
    silent = io.StringIO()
    Progress(False, stream=silent).update(Summary(total=10), force=True)
    assert silent.getvalue() == ""


def test_score_table_escapes_terminal_control_characters(tmp_path, capsys):
    """An article's own words reach the terminal in the table: a JSON title (or a snippet, or
    a file name) holding "\\x1b[2J" cleared the user's screen, an OSC sequence could retitle
    the window, a C1 CSI ("\\x9b") act as ESC [. They are shown escaped; a line break in a
    title becomes a space. Ingestion already drops C0 controls and line breaks from a title (as
    from the body), so the table escapes the C1 one left, and the file name's ESC."""
    import unicodedata

    from scorer.features.base import Evidence
    from scorer.render_text import format_report
    from scorer.report import Reason, Report

    title = "Breaking\x1b[2J\x1b]0;pwned\x07 news\nsecond \x9b31m line"
    f = tmp_path / "a\x1b[2J.json"
    f.write_text(json.dumps({"title": title, "text": GOOD * 3}))
    assert main(["score", str(f)]) == 0
    out = capsys.readouterr().out
    assert not [c for c in out if unicodedata.category(c) == "Cc" and c != "\n"]
    assert "title:    Breaking[2J]0;pwned news second \\x9b31m line" in out
    assert "a\\x1b[2J.json" in out
    assert main(["score", str(f), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Breaking[2J]0;pwned news second \x9b31m line"

    ev = Evidence("mt.x", 0, 9, "bad\x1b[2Jspan", "why\x1b[0m")
    r = Report(path="p", status="ok", reasons=[Reason("mt.x", "mt", 1.0, 1.0, "msg\x9b2J", (ev,))])
    text = format_report(r)
    assert "“bad\\x1b[2Jspan” — why\\x1b[0m" in text and "msg\\x9b2J" in text
    assert "\x1b" not in text and "\x9b" not in text
    err = format_report(Report.failed("q\x1b[2J", "unreadable", "no such file: q\x1b[2J"))
    assert "\x1b" not in err and "q\\x1b[2J" in err


@pytest.mark.parametrize("bad", ["-1", "-3", "two"])
def test_score_negative_top_is_a_usage_error(tmp_path, bad, capsys):
    """--top -1 reached a slice: it silently dropped the article's last reason from every
    output format, and -3 all of them (the table then said no feature lowered the score)."""
    f = tmp_path / "a.txt"
    f.write_text(GOOD)
    with pytest.raises(SystemExit) as exc:
        main(["score", str(f), "--top", bad])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--top" in err and "no limit" not in err  # 0 shows none: it is no "no limit"


def test_score_top_zero_does_not_claim_the_article_has_no_reasons(tmp_path, capsys):
    """--top 0 asks for no reasons; the table said "none (no feature lowered the score...)",
    a claim about the article, of an article it scored "likely unreliable"."""
    f = tmp_path / "a.txt"
    f.write_text(GOOD + "\nIn conclusion, it is important to note that we delve into the rich tapestry.\n")
    assert main(["score", str(f)]) == 0
    assert "  reasons:\n   1. " in capsys.readouterr().out
    assert main(["score", str(f), "--top", "0"]) == 0
    out = capsys.readouterr().out
    assert "reasons:  not shown (--top 0)" in out and "no feature lowered" not in out


def test_evaluate_json_that_cannot_be_written_is_refused_before_the_evaluation(tmp_path, monkeypatch, capsys):
    """`spinscore evaluate --json missing/m.json` evaluated for minutes, printed the figures,
    then ended with a FileNotFoundError traceback (exit 1): refused first, one line, exit 2."""
    import scorer.training.mt as mt

    ran = []
    monkeypatch.setattr(mt, "evaluate", lambda data: ran.append(data) or {"x": 1})
    monkeypatch.setattr(mt, "format_report", lambda metrics: "report")
    assert main(["evaluate", "mt", "--data", str(tmp_path), "--json", str(tmp_path / "no" / "m.json")]) == 2
    assert ran == [] and "cannot write" in capsys.readouterr().err
    assert main(["evaluate", "mt", "--data", str(tmp_path), "--json", str(tmp_path / "m.json")]) == 0
    assert json.loads((tmp_path / "m.json").read_text()) == {"x": 1}


def test_train_and_evaluate_with_a_damaged_corpus_or_a_file_as_out(tmp_path, capsys):
    """A corpus file cut short (an interrupted download) ended `evaluate` and `train` with a
    JSONDecodeError or XML ParseError traceback, exit 1, naming neither the file nor the
    folder; `train --out FILE` with a FileExistsError traceback. One line each, exit 2."""
    data = tmp_path / "data"
    (data / "boilerplate").mkdir(parents=True)
    (data / "mt").mkdir()
    (data / "boilerplate" / "aeb_ground-truth.json").write_text('{"a": ')
    (data / "mt" / "wmt21_newstest_ru-en_all.xml").write_text("<x")
    capsys.readouterr()
    for argv in (["evaluate", "boilerplate", "--data", str(data)],
                 ["evaluate", "reliability", "--data", str(data)],
                 ["train", "--data", str(data), "--out", str(tmp_path / "models"), "--only", "boilerplate"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        last = err.splitlines()[-1]
        assert "Traceback" not in err and last.startswith("spinscore: error: "), err
        assert f"a corpus file under {data} is damaged or incomplete" in last
    assert "corpora/aeb.py" in err
    (tmp_path / "file").write_text("x")
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "file")]) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["0", "-5", "5MB"])
def test_max_bytes_below_one_is_a_usage_error(tmp_path, bad, capsys):
    """--max-bytes 0 (read as "no limit", as --max-chars 0 and --timeout 0 are) or a negative
    number made every file a too_large row, exit 1: a whole batch of error rows."""
    f = tmp_path / "a.txt"
    f.write_text(GOOD)
    for argv in (["score", str(f)], ["batch", str(tmp_path), "--out", str(tmp_path / "r.jsonl")]):
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--max-bytes", bad])
        assert exc.value.code == 2
        assert "--max-bytes" in capsys.readouterr().err
    assert not (tmp_path / "r.jsonl").exists()


def test_score_stdin_named_twice_is_a_usage_error():
    """`spinscore score - -` scored stdin, then gave a second row "empty file" (exit 1) for the
    same input: stdin is read once. Refused, one line, exit 2."""
    proc = subprocess.run([sys.executable, "-m", "scorer", "score", "-", "-"],
                          input=GOOD.encode(), capture_output=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().strip() == "spinscore: error: - (stdin) is named more than once; it can be read only once"


def test_score_to_an_output_that_cannot_encode_the_article(tmp_path):
    """Windows writes a redirected stdout in its ANSI code page (cp1252), some locales in Latin-1:
    an article in Arabic ended `spinscore score` with a UnicodeEncodeError traceback, exit 1,
    after scoring it. The JSON is the same value (in \\u escapes), the CSV the batch's UTF-8
    bytes, the table shows what cannot be encoded as escapes."""
    f = tmp_path / "ar.json"
    f.write_text(json.dumps({"title": "عنوان الخبر", "text": "قال المسؤولون يوم الثلاثاء إن المجلس وافق على الميزانية. " * 20},
                            ensure_ascii=False), encoding="utf-8")

    def run(fmt, encoding):
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        proc = subprocess.run([sys.executable, "-m", "scorer", "score", str(f), "--format", fmt],
                              capture_output=True, timeout=120, env=env)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        return proc.stdout

    assert json.loads(run("json", "cp1252")) == json.loads(run("json", "utf-8"))
    assert run("csv", "cp1252") == run("csv", "utf-8")
    assert "title:    \\u0639\\u0646\\u0648" in run("table", "latin-1").decode("latin-1")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_score_prints_each_file_as_it_is_scored(tmp_path, monkeypatch, fmt):
    """`spinscore score *.html` held every report (and its article's text) until the last file
    was scored: nothing on screen for minutes, memory growing with each file, and a Ctrl-C lost
    all of it. Each report is written when its file is scored; the bytes are as before."""
    import io

    from scorer.scoring import Scorer

    files = []
    for name in ("a.txt", "b.txt", "c.txt"):
        files.append(tmp_path / name)
        files[-1].write_text(GOOD.replace("Tuesday", name))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    seen = []
    score_file = Scorer.score_file

    def spy(self, path):
        seen.append(out.getvalue())
        if str(path).endswith("c.txt"):
            raise KeyboardInterrupt
        return score_file(self, path)

    monkeypatch.setattr(Scorer, "score_file", spy)
    assert main(["score", *map(str, files), "--format", fmt]) == 130
    assert seen[0] == "" and str(files[0]) in seen[1] and str(files[1]) in seen[2]
    if fmt == "json":
        assert seen[2].startswith("[\n  {\n") and json.loads(seen[2] + "\n]")[1]["path"] == str(files[1])
    monkeypatch.setattr(Scorer, "score_file", score_file)
    for n in (1, 3):  # byte for byte what the whole list printed at the end
        out.seek(0)
        out.truncate()
        assert main(["score", *map(str, files[:n]), "--format", fmt]) == 0
        if fmt == "json":
            rows = [Scorer().score_file(f).to_dict() for f in files[:n]]
            assert out.getvalue() == json.dumps(rows[0] if n == 1 else rows, ensure_ascii=False, indent=2) + "\n"
