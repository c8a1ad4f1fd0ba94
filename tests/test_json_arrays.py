"""A .json file holding an array of posts (the WordPress REST list endpoint's answer) is one row
per post in a batch, keyed FILE#1, FILE#2, ...; every other .json file keeps its one row."""
from __future__ import annotations

import json

from scorer.cli import main
from scorer.dumps import array_records

PARAS = ("The city council approved a new budget on Tuesday, the mayor's office said in a statement. "
         "Councillor Rosa Lindqvist said the plan would add two libraries and extend bus routes. "
         "The vote was seven to two after a three-hour debate that ran late into the evening.")


def _post(i: int, **extra) -> dict:
    return {"id": i, "date": f"2025-06-2{i % 10}T10:00:00", "link": f"https://wp.example.com/p/{i}",
            "title": {"rendered": f"Budget story {i}"},
            "content": {"rendered": f"<p>{PARAS}</p><p>Item {i} of the agenda passed as well.</p>"}, **extra}


def _batch(folder, out, *extra) -> tuple[int, list[dict]]:
    code = main(["batch", str(folder), "--out", str(out), "--no-progress", "--no-clusters", *extra])
    return code, [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]


def test_an_array_of_posts_is_a_row_per_post_each_as_its_own_file(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    posts = [_post(1), _post(2), _post(3)]
    (d / "posts.json").write_text(json.dumps(posts), encoding="utf-8")
    (d / "single.json").write_text(json.dumps(posts[1]), encoding="utf-8")
    (d / "one.json").write_text(json.dumps([posts[2]]), encoding="utf-8")  # an array of one post: that post
    (d / "cut.json").write_text(json.dumps(posts)[:-40], encoding="utf-8")  # not JSON: one error row
    (d / "mixed.json").write_text(json.dumps([posts[0], "x"]), encoding="utf-8")  # not all posts: one row
    code, rows = _batch(d, tmp_path / "r.jsonl")
    assert code == 1
    by = {r["path"].rsplit("/", 1)[-1]: r for r in rows}
    assert sorted(by) == ["cut.json", "mixed.json", "one.json", "posts.json#1", "posts.json#2", "posts.json#3",
                          "single.json"]
    assert [by[f"posts.json#{k}"]["title"] for k in (1, 2, 3)] == ["Budget story 1", "Budget story 2", "Budget story 3"]
    # An item is read exactly as a .json file of that post.
    for field in ("score", "facets", "reasons", "title", "date", "url", "word_count", "source_format"):
        assert by["posts.json#2"][field] == by["single.json"][field], field
    assert by["one.json"]["status"] == "ok" and by["one.json"]["title"] == "Budget story 3"
    assert by["cut.json"]["error_code"] == "malformed_json"
    assert by["mixed.json"]["error_code"] == "no_text" and "batch" not in by["mixed.json"]["error"]


def test_resume_scores_only_new_or_changed_posts(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    f = d / "posts.json"
    f.write_text(json.dumps([_post(1), _post(2)]), encoding="utf-8")
    out = tmp_path / "r.jsonl"
    _, first = _batch(d, out)
    f.write_text(json.dumps([_post(1), _post(2, title={"rendered": "Budget story two, corrected"}), _post(3)]),
                 encoding="utf-8")
    _, resumed = _batch(d, out, "--resume")
    paths = [r["path"] for r in resumed]
    assert sorted(paths) == sorted(f"{f}#{k}" for k in (1, 2, 3)) and len(set(paths)) == 3
    by = {r["path"]: r for r in resumed}
    assert by[f"{f}#1"] == first[0]  # unchanged: its row kept, not scored again
    assert by[f"{f}#2"]["title"] == "Budget story two, corrected"


def test_score_of_an_array_says_how_to_score_its_posts(tmp_path, capsys):
    f = tmp_path / "posts.json"
    f.write_text(json.dumps([_post(1), _post(2)]), encoding="utf-8")
    main(["score", str(f), "--format", "json"])
    row = json.loads(capsys.readouterr().out)
    row = row[0] if isinstance(row, list) else row
    assert row["status"] == "error" and "spinscore batch" in row["error"]


def test_only_local_json_arrays_of_two_or_more_objects_are_split(tmp_path):
    big = tmp_path / "big.json"
    big.write_text(json.dumps([_post(1), _post(2)]), encoding="utf-8")
    assert [p.path for p in array_records(str(big), max_bytes=10**6)] == [f"{big}#1", f"{big}#2"]
    assert array_records(str(big), max_bytes=100) is None  # over the limit: its one too_large row
    other = tmp_path / "posts.txt"
    other.write_text(json.dumps([_post(1), _post(2)]), encoding="utf-8")
    assert array_records(str(other), max_bytes=10**6) is None  # not .json: read as one text
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert array_records(str(deep), max_bytes=10**6) is None  # too deep: the worker says so
    assert array_records("https://example.com/posts.json", max_bytes=10**6) is None
