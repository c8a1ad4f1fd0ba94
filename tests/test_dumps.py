"""JSON Lines dumps (scorer.dumps): one row per article line, in the batch, with --jobs and --resume."""
from __future__ import annotations

import gzip
import json

import pytest

from scorer.cli import main
from scorer.dumps import is_dump, iter_records

PARAS = ("The city council approved a new budget on Tuesday, the mayor's office said in a statement. "
         "Councillor Rosa Lindqvist said the plan would add two libraries and extend bus routes. "
         "The vote was seven to two after a three-hour debate that ran late into the evening.")


def _article(i: int, **extra) -> dict:
    return {"id": i, "title": f"Council story {i}", "url": f"https://news.example.com/{i}",
            "date": f"2025-06-1{i % 10}", "text": f"{PARAS} Item {i} of the agenda passed as well.", **extra}


def _lines(objs) -> str:
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs)


def _batch(folder, out, *extra) -> tuple[int, list[dict]]:
    code = main(["batch", str(folder), "--out", str(out), "--no-progress", "--no-clusters", *extra])
    return code, [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]


def test_one_row_per_line_with_its_fields(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    dump = d / "news.jsonl"
    dump.write_text(_lines([_article(1), "", "   ", "{not json", {"foo": 1}, _article(2)]), encoding="utf-8")
    code, rows = _batch(d, tmp_path / "r.jsonl")
    assert code == 1  # two lines failed
    assert [r["path"] for r in rows] == [f"{dump}#{n}" for n in (1, 4, 5, 6)]  # blank lines are no records
    assert [r["status"] for r in rows] == ["ok", "error", "error", "ok"]
    assert [r["error_code"] for r in rows[1:3]] == ["malformed_json", "no_text"]
    ok = [rows[0], rows[3]]
    assert [(r["title"], r["url"], r["date"]) for r in ok] == [
        ("Council story 1", "https://news.example.com/1", "2025-06-11"),
        ("Council story 2", "https://news.example.com/2", "2025-06-12")]
    assert all(r["source_format"] == "json" and r["word_count"] > 40 and r["score"] is not None for r in ok)


def test_a_line_scores_as_the_same_object_in_a_json_file(tmp_path):
    """A dump line is read exactly as a .json file of that object: same score, same evidence."""
    d = tmp_path / "in"
    d.mkdir()
    wp = {"id": 7, "date": "2025-06-20T10:00:00", "link": "https://wp.example.com/p/7",
          "title": {"rendered": "Budget passes"}, "content": {"rendered": f"<p>{PARAS}</p><p>{PARAS}</p>"}}
    (d / "dump.jsonl").write_text(_lines([wp]), encoding="utf-8")
    (d / "post.json").write_text(json.dumps(wp), encoding="utf-8")
    _, rows = _batch(d, tmp_path / "r.jsonl")
    by = {r["path"].rsplit("/", 1)[-1]: r for r in rows}
    line, whole = by["dump.jsonl#1"], by["post.json"]
    assert line["source_format"] == "wordpress_json"
    for field in ("score", "facets", "reasons", "title", "date", "url", "word_count", "sha256"):
        assert line[field] == whole[field], field


def test_gzip_dump_and_a_damaged_one(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    good = d / "a.ndjson.gz"
    good.write_bytes(gzip.compress(_lines([_article(1), _article(2)]).encode()))
    cut = d / "b.jsonl.gz"
    cut.write_bytes(gzip.compress(_lines([_article(3)] + [_article(i) for i in range(4, 40)]).encode())[:-400])
    code, rows = _batch(d, tmp_path / "r.jsonl")
    assert code == 1
    assert [r["path"] for r in rows[:2]] == [f"{good}#1", f"{good}#2"]
    assert all(r["status"] == "ok" for r in rows[:-1])
    assert rows[-2]["path"].startswith(f"{cut}#")  # the lines before the damage keep their rows
    assert (rows[-1]["path"], rows[-1]["error_code"]) == (str(cut), "malformed_dump")


def test_over_long_line_is_skipped_not_held(tmp_path):
    """A line over --max-bytes gets a too_large row and the lines after it are read as usual."""
    dump = tmp_path / "big.jsonl"
    huge = json.dumps(_article(2, text="word " * 60_000))
    dump.write_text(_lines([_article(1), huge, _article(3)]), encoding="utf-8")
    records = list(iter_records(str(dump), max_bytes=10_000))
    assert [(r.record_id, r.payload is None) for r in records] == [("1", False), ("2", True), ("3", False)]
    assert json.loads(records[2].payload)["id"] == 3
    code, rows = _batch(dump, tmp_path / "r.jsonl", "--max-bytes", "10000")
    assert [r["status"] for r in rows] == ["ok", "error", "ok"] and rows[1]["error_code"] == "too_large"


def test_a_line_of_exactly_max_bytes_fits(tmp_path):
    line = json.dumps(_article(1))
    dump = tmp_path / "d.jsonl"
    dump.write_bytes((line + "\r\n").encode())
    [rec] = iter_records(str(dump), max_bytes=len(line))
    assert rec.payload == line.encode()
    for end in (b"\r\n", b"\n", b""):
        dump.write_bytes(line.encode() + end)
        for limit in (len(line) - 1, len(line) - 2, len(line) - 3):  # over by one, two, three bytes
            [rec] = iter_records(str(dump), max_bytes=limit)
            assert rec.payload is None, (end, limit)


@pytest.mark.parametrize("content,code", [("", "no_text"), ("\n\n  \n", "no_text")])
def test_empty_dump_is_one_row(tmp_path, content, code):
    d = tmp_path / "in"
    d.mkdir()
    (d / "e.jsonl").write_text(content, encoding="utf-8")
    _, rows = _batch(d, tmp_path / "r.jsonl")
    assert [(r["path"], r["error_code"]) for r in rows] == [(str(d / "e.jsonl"), code)]


def test_an_earlier_output_in_the_folder_is_one_row(tmp_path):
    """spinscore's own output, left among the inputs, is not read as thousands of failed articles."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_text(_lines([_article(1), _article(2)]), encoding="utf-8")
    _, first = _batch(d, tmp_path / "first.jsonl")
    (d / "old_results.jsonl").write_text(_lines(first), encoding="utf-8")
    _, rows = _batch(d, tmp_path / "second.jsonl")
    assert [r["path"] for r in rows] == [f"{d / 'a.jsonl'}#1", f"{d / 'a.jsonl'}#2", str(d / "old_results.jsonl")]
    assert rows[-1]["error_code"] == "no_text" and "spinscore output" in rows[-1]["error"]


def test_jobs_and_resume_score_every_line_once(tmp_path):
    """--jobs 2 gives the rows of --jobs 1; a resumed run scores only the lines that are new or
    changed, and each line keeps exactly one row."""
    d = tmp_path / "in"
    d.mkdir()
    dump = d / "news.jsonl"
    dump.write_text(_lines([_article(i) for i in range(1, 7)]), encoding="utf-8")
    _, one = _batch(d, tmp_path / "one.jsonl")
    out = tmp_path / "two.jsonl"
    _, two = _batch(d, out, "--jobs", "2")
    assert two == one
    changed = _article(3, text=PARAS.replace("Tuesday", "Friday") + " A different item.")
    dump.write_text(_lines([_article(i) if i != 3 else changed for i in range(1, 7)] + [_article(7)]),
                    encoding="utf-8")
    _, resumed = _batch(d, out, "--resume")
    paths = [r["path"] for r in resumed]
    assert sorted(paths) == sorted(f"{dump}#{n}" for n in range(1, 8)) and len(set(paths)) == 7
    by = {r["path"]: r for r in resumed}
    assert by[f"{dump}#3"]["sha256"] != {r["path"]: r for r in one}[f"{dump}#3"]["sha256"]
    assert by[f"{dump}#1"] == one[0]  # untouched lines keep their rows


def test_is_dump():
    assert all(map(is_dump, ["a.jsonl", "A.JSONL.GZ", "x/b.ndjson", "b.ndjson.gz"]))
    assert not any(map(is_dump, ["a.json", "a.jsonl.bz2", "a.warc.gz", "jsonl"]))


@pytest.mark.parametrize("name", ["crawl.warc.gz", "news.jsonl", "cc.warc.wet.gz"])
def test_score_of_a_many_article_file_says_to_batch_it(tmp_path, capsys, name):
    """`spinscore score` reads one article; an archive or a dump gets an error that names the way."""
    f = tmp_path / name
    f.write_text(_lines([_article(1), _article(2)]), encoding="utf-8")
    assert main(["score", str(f)]) == 1
    out = capsys.readouterr().out
    assert "many_articles" in out and f"spinscore batch {f}" in out


def test_dump_named_by_url_in_a_listing(tmp_path):
    """--input-list may name a dump by URL: it is streamed like a remote archive, rows keyed URL#LINE."""
    import functools
    import http.server
    import threading

    served = tmp_path / "srv"
    served.mkdir()
    (served / "news.jsonl.gz").write_bytes(gzip.compress(_lines([_article(1), _article(2)]).encode()))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/news.jsonl.gz"
        listing = tmp_path / "list.txt"
        listing.write_text(url + "\n", encoding="utf-8")
        out = tmp_path / "r.jsonl"
        assert main(["batch", "--input-list", str(listing), "--out", str(out), "--no-progress", "--no-clusters"]) == 0
        rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert [(r["path"], r["status"], r["title"]) for r in rows] == [
        (f"{url}#1", "ok", "Council story 1"), (f"{url}#2", "ok", "Council story 2")]


def test_a_gzipped_dump_under_a_plain_name_is_read_as_gzip(tmp_path):
    """A dump saved gzipped under a plain .jsonl name (a download sent with Content-Encoding:
    gzip) was read line by line as compressed bytes: hundreds of "binary content" rows and no
    article."""
    d = tmp_path / "in"
    d.mkdir()
    dump = d / "a.jsonl"
    dump.write_bytes(gzip.compress(_lines([_article(i) for i in range(1, 31)]).encode()))
    code, rows = _batch(d, tmp_path / "r.jsonl")
    assert code == 0
    assert [r["path"] for r in rows] == [f"{dump}#{i}" for i in range(1, 31)]
    assert all(r["status"] == "ok" for r in rows) and rows[0]["url"] == "https://news.example.com/1"


def test_a_unix_time_date_reaches_the_row(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    dump = d / "a.jsonl"
    dump.write_text(_lines([_article(1, date=1749778440), _article(2, date=1749778440123)]), encoding="utf-8")
    code, rows = _batch(d, tmp_path / "r.jsonl")
    assert code == 0 and [r["date"] for r in rows] == ["2025-06-13", "2025-06-13"]
