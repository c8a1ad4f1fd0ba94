"""Copy clusters in batch output: rows get cluster fields after the whole-batch pass."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scorer.clusters import FINGERPRINT_VERSION

ORIGINAL = (
    "The Harbour Authority of Port Calder approved a 42 million euro dredging plan on Tuesday, "
    "its chair Ingrid Salo told reporters. The work will deepen the Calder channel to 14 metres "
    "so that container ships from Rotterdam and Gdansk can dock at the Vesta terminal. Salo said "
    "the Nordic Investment Bank would lend 30 million euros and the city of Calder would cover the "
    "rest. Fishermen from the Salmi cooperative protested outside the town hall, saying the "
    "dredging would disturb spawning grounds near Kallo island. Work is due to start in March."
)
# The same story told again in other words (an LLM-style rewrite): the names and figures stay.
REWRITE = (
    "In a significant move for regional trade, Port Calder's Harbour Authority has given the green "
    "light to a dredging project worth 42 million euros. Chair Ingrid Salo explained that deepening "
    "the Calder channel to 14 metres will allow vessels arriving from Rotterdam and Gdansk to berth "
    "at the Vesta terminal. Financing comes largely from the Nordic Investment Bank, which is lending "
    "30 million euros, while the city of Calder pays the remainder. Not everyone is pleased: members "
    "of the Salmi cooperative demonstrated at the town hall over fears for spawning grounds near "
    "Kallo island. The project is slated to begin in March."
)
UNRELATED = (
    "A violin made in Cremona in 1714 sold for 9 million dollars at an auction in Geneva, the "
    "auction house Varga and Sons said on Friday. The instrument, known as the Lady Amherst, had "
    "belonged to the Ostrava Philharmonic since 1962. Its buyer, a foundation based in Lugano, said "
    "the violin would be lent to young soloists. Experts from the Paris conservatoire examined the "
    "varnish before the sale and confirmed its age."
)


def _write(folder: Path, name: str, text: str, date: str) -> None:
    (folder / name).write_text(json.dumps({"title": name, "date": date, "text": text}), encoding="utf-8")


def _batch(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scorer", "batch", str(folder), "--out", str(out),
                           "--no-progress", *extra], capture_output=True, text=True, timeout=300)


def _rows(out: Path) -> dict:
    return {Path(r["path"]).name: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    _write(d, "a_rewrite.json", REWRITE, "2024-05-09")
    _write(d, "b_original.json", ORIGINAL, "2024-05-07")
    _write(d, "c_unrelated.json", UNRELATED, "2024-05-08")
    return d


def test_rewrites_share_a_cluster_and_the_earliest_is_the_original(folder, tmp_path):
    out = tmp_path / "rows.jsonl"
    res = _batch(folder, out, "--jobs", "2")
    assert res.returncode == 0, res.stderr
    rows = _rows(out)
    a, b, c = rows["a_rewrite.json"], rows["b_original.json"], rows["c_unrelated.json"]
    assert a["cluster_id"] == b["cluster_id"] != c["cluster_id"]
    assert a["cluster_size"] == b["cluster_size"] == 2 and c["cluster_size"] == 1
    assert a["cluster_original"] == b["cluster_original"] == b["path"]  # earlier date wins
    assert b["is_original"] is True and a["is_original"] is False
    assert 0 < a["cluster_similarity"] < 1 and b["cluster_similarity"] == 1.0
    assert "copy clusters: 2 article(s)" in res.stderr


def test_resume_clusters_the_whole_output(folder, tmp_path):
    out = tmp_path / "rows.jsonl"
    moved = tmp_path / "a_rewrite.json"
    (folder / "a_rewrite.json").rename(moved)
    assert _batch(folder, out).returncode == 0
    assert {r["cluster_size"] for r in _rows(out).values()} == {1}
    moved.rename(folder / "a_rewrite.json")  # a new file arrives; the old rows are kept
    res = _batch(folder, out, "--resume")
    assert res.returncode == 0, res.stderr
    rows = _rows(out)
    assert len(rows) == 3
    assert rows["a_rewrite.json"]["cluster_id"] == rows["b_original.json"]["cluster_id"]


def test_csv_output_carries_cluster_columns(folder, tmp_path):
    out = tmp_path / "rows.csv"
    assert _batch(folder, out).returncode == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    assert rows["a_rewrite.json"]["cluster_id"] == rows["b_original.json"]["cluster_id"]
    assert rows["c_unrelated.json"]["cluster_size"] == "1"
    assert json.loads(rows["b_original.json"]["fingerprint"])["v"] == FINGERPRINT_VERSION


def test_no_clusters_leaves_rows_as_before(folder, tmp_path):
    out = tmp_path / "rows.jsonl"
    assert _batch(folder, out, "--no-clusters").returncode == 0
    for r in _rows(out).values():
        assert "cluster_id" not in r and "fingerprint" not in r


def test_error_rows_stand_alone(folder, tmp_path):
    (folder / "d_empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    res = _batch(folder, out)
    assert res.returncode == 1
    row = _rows(out)["d_empty.txt"]
    assert row["status"] == "error" and row["cluster_size"] == 1 and row["is_original"] is True
    assert "fingerprint" not in row


def test_notebook_frame_has_the_cluster_columns(folder, tmp_path):
    pytest.importorskip("pandas")
    from scorer.frame import to_frame

    out = tmp_path / "rows.jsonl"
    assert _batch(folder, out).returncode == 0
    df = to_frame(out).set_index("path")
    a, b = str(folder / "a_rewrite.json"), str(folder / "b_original.json")
    assert df.loc[a, "cluster_id"] == df.loc[b, "cluster_id"]
    assert df.loc[a, "cluster_original"] == b and not df.loc[a, "is_original"]
    assert df["cluster_size"].max() == 2


def test_damaged_fingerprints_and_empty_outputs(tmp_path):
    from scorer.batch_clusters import annotate

    out = tmp_path / "rows.jsonl"
    rows = [{"path": "a", "status": "ok", "fingerprint": {"v": 1, "text": "!!"}},  # damaged
            {"path": "b", "status": "ok", "fingerprint": {"v": 99}},  # another version
            {"path": "b", "status": "ok"}]  # the same path twice stays two articles
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert annotate(out) == {"rows": 3, "clusters": 3, "in_copy_clusters": 0, "unclustered": 3}
    got = _rows_list(out)
    assert [r["cluster_size"] for r in got] == [1, 1, 1] and got[2]["cluster_original"] == "b#1"
    empty = tmp_path / "rows.csv"
    empty.write_text("schema_version,path,cluster_id\n", encoding="utf-8")
    annotate(empty)
    assert empty.read_text(encoding="utf-8").splitlines() == ["schema_version,path,cluster_id"]


def _rows_list(out: Path) -> list:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_large_batches_cluster_in_a_fresh_process_with_the_same_result(folder, tmp_path, monkeypatch):
    from scorer import batch_clusters

    out = tmp_path / "rows.jsonl"
    assert _batch(folder, out).returncode == 0  # rows with fingerprints (and clusters: redone below)
    here, fresh = tmp_path / "here.jsonl", tmp_path / "fresh.jsonl"
    here.write_bytes(out.read_bytes())
    fresh.write_bytes(out.read_bytes())
    assert batch_clusters.annotate_batch(here, 3) == batch_clusters.annotate(out)  # in process
    monkeypatch.setattr(batch_clusters, "FRESH_PROCESS_ROWS", 1)
    assert batch_clusters.annotate_batch(fresh, 3)["in_copy_clusters"] == 2
    assert fresh.read_bytes() == here.read_bytes() == out.read_bytes()
    assert _rows(fresh)["a_rewrite.json"]["cluster_original"].endswith("b_original.json")


def _dumped_again(line: str, info: dict) -> str:
    row = json.loads(line)
    row.update(info)
    return json.dumps(row, ensure_ascii=False) + "\n"


def test_annotated_line_equals_parsing_and_dumping_the_row():
    from scorer.batch import finalise_row
    from scorer.batch_clusters import FIELDS, annotated_line

    infos = [{"cluster_id": "c0123456789ab", "cluster_size": 3, "cluster_original": "dir/ünï \"q\"\\x.txt#1",
              "is_original": False, "cluster_similarity": 0.1234},
             {"cluster_id": "cffffffffffff", "cluster_size": 1, "cluster_original": "a", "is_original": True,
              "cluster_similarity": 1.0},
             {f: None for f in FIELDS}]
    rows = [{"path": "a.txt", "status": "ok", "title": "Ünïcode “quotes” \u2028 and \"escapes\"\n", "score": 81.5,
             "facets": {"mt": 0.25, "x": None}, "fingerprint": {"v": 2, "text": "AAAA", "ns": 3}},
            {"path": "b.txt", "status": "error", "error": 'cluster_id": null}', "score": float("nan")},
            {"path": "c", "title": ', "cluster_similarity": null}'}]
    lines = [json.dumps(finalise_row(dict(r)), ensure_ascii=False) + "\n" for r in rows]  # as a batch writes them
    lines += [lines[0].rstrip("\n") + "\r\n", lines[1].rstrip("\n"),  # other line ends
              json.dumps(rows[0]) + "\n",  # no cluster fields: appended
              json.dumps({**rows[2], **infos[0]}, ensure_ascii=False) + "\n",  # already annotated (a resumed run)
              json.dumps({**{f: None for f in FIELDS}, **rows[0]}, ensure_ascii=False) + "\n"]  # fields first
    for line in lines:
        for info in infos:
            assert annotated_line(line, info) == _dumped_again(line, info), (line, info)



def test_cluster_fields_reads_what_decoding_the_whole_row_gives():
    """The cluster pass reads five values of each row without decoding the rest: on rows whose
    strings hold the very key texts it looks for, and on rows it must decode whole, it gives
    what json.loads gives."""
    from scorer.batch import finalise_row
    from scorer.batch_clusters import FIELDS, cluster_fields

    tricky = ', "status": "error", "date": "1999-01-01", "score": 0.0, "fingerprint": {"v": 9}'
    rows = [{"schema_version": "1.7", "path": f"dir/{tricky}\\.txt", "status": "ok", "title": tricky,
             "date": "2024-05-07", "score": 81.5, "evidence": [{"snippet": '"fingerprint": {"x": 1}'}],
             "fingerprint": {"v": 2, "text": "AAAA", "ents": "", "ns": 3, "ne": 0}},
            {"schema_version": "1.7", "path": "ünï “q”", "status": "ok", "title": None, "date": None,
             "score": None, "fingerprint": {"v": 2, "text": "", "ents": "BB==", "ns": 0, "ne": 1}},
            {"schema_version": "1.7", "path": "e.txt", "status": "error", "error": tricky, "score": None},
            {"schema_version": "1.7", "path": "n.txt", "status": "ok", "score": 12.0}]  # scored --no-clusters
    lines = [json.dumps(finalise_row(dict(r)), ensure_ascii=False) + "\n" for r in rows]
    lines += [json.dumps({**rows[0], **{f: "x" for f in FIELDS}}) + "\n",  # already clustered
              json.dumps({"path": "p", "status": "ok", "fingerprint": {"v": 2}}) + "\n"]  # not ours
    for line in lines:
        whole = json.loads(line)
        got = cluster_fields(line)
        assert {k: got.get(k) for k in ("path", "status", "date", "score", "fingerprint")} == \
            {k: whole.get(k) for k in ("path", "status", "date", "score", "fingerprint")}, line
    # The rows a batch writes before clustering (ok, with a fingerprint) take the short way.
    assert [len(cluster_fields(line)) for line in lines[:2]] == [5, 5]

# One site's template left in every article's body: a cookie banner, a share bar, an author box,
# a comment form, the copyright line. The boilerplate facet flags each of these lines.
_SITE_HEAD = (
    "Skip to content\n"
    "We use cookies to improve your experience on our website. By continuing to browse the Daily "
    "Harbour Courier you agree to our Privacy Policy and Cookie Policy. Accept All Cookies\n")
_SITE_TAIL = (
    "\nRelated posts\nHarbour Council Approves New Parking Rules For Summer Season\n"
    "About the author: Jane Whitfield is a senior reporter at the Daily Harbour Courier covering "
    "local politics, business and the environment.\n"
    "Share this article on Facebook, Twitter and LinkedIn.\n"
    "Subscribe to our newsletter for the latest news from Port Harbour delivered to your inbox every morning.\n"
    "Leave a Reply\nYour email address will not be published. Required fields are marked *\n"
    "Copyright 2024 Daily Harbour Courier Media Group Ltd. All rights reserved.\n"
    "Terms of Use | Privacy Policy | Cookie Settings | Advertise With Us | Careers\n")


_OTHER_STORY = (
    "The regional hospital in Morvik will close its maternity ward for six weeks from 3 July, its "
    "director Lars Eikeland said, because four of its eleven midwives are on leave. Expectant "
    "mothers will be sent to Tromsdal, 90 kilometres away, and the county will pay for taxis. Local "
    "councillor Sigrid Hauge called the closure a scandal and asked the health minister to step in."
)


def test_a_sites_template_in_the_body_does_not_link_its_different_articles(tmp_path):
    """Different stories from one site, each with the site's furniture left in the text: the
    furniture the boilerplate facet strips is not part of the fingerprint, so they stay apart
    (they formed one cluster when the fingerprint read the whole body). A copy of one story,
    with the same furniture, still joins it."""
    d = tmp_path / "in"
    d.mkdir()
    for name, text in (("a.txt", ORIGINAL), ("b.txt", _OTHER_STORY), ("c.txt", UNRELATED),
                       ("d.txt", ORIGINAL.replace("Tuesday", "Wednesday"))):
        (d / name).write_text(_SITE_HEAD + text + "\n" + _SITE_TAIL, encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    res = _batch(d, out)
    assert res.returncode == 0, res.stderr
    rows = _rows(out)
    assert rows["a.txt"]["cluster_id"] == rows["d.txt"]["cluster_id"]  # a copy: one cluster
    assert rows["a.txt"]["cluster_size"] == 2
    assert rows["b.txt"]["cluster_size"] == rows["c.txt"]["cluster_size"] == 1


def test_rows_resumed_without_fingerprints_are_counted_as_unclustered(folder, tmp_path):
    """An output scored with --no-clusters and then resumed with clusters: its earlier rows have
    no fingerprint and stand alone, so the pass counts them (``unclustered``) for the run to say
    the clusters are incomplete, instead of only "0 article(s) in clusters" over copies."""
    from scorer.batch_clusters import annotate

    out = tmp_path / "rows.jsonl"
    moved = tmp_path / "a_rewrite.json"
    (folder / "a_rewrite.json").rename(moved)
    assert _batch(folder, out, "--no-clusters").returncode == 0
    moved.rename(folder / "a_rewrite.json")
    res = _batch(folder, out, "--resume")
    assert res.returncode == 0, res.stderr
    assert "2 ok row(s) have no fingerprint" in res.stderr  # the run says its clusters are incomplete
    rows = _rows(out)
    assert rows["a_rewrite.json"]["cluster_size"] == 1 and "fingerprint" not in rows["b_original.json"]
    assert annotate(out)["unclustered"] == 2  # b_original and c_unrelated: never compared


def test_a_resumed_output_picks_the_same_original_as_a_fresh_run(tmp_path):
    """Verbatim copies without a date tie on every rule (same text, same score); the last
    tie-break is the path, so the file that arrives after a run (listed last in the resumed
    output, first in a fresh walk) gives the same original and cluster id either way."""
    d = tmp_path / "in"
    d.mkdir()
    for name in ("b_site.txt", "c_site.txt"):
        (d / name).write_text(ORIGINAL, encoding="utf-8")
    resumed = tmp_path / "resumed.jsonl"
    assert _batch(d, resumed).returncode == 0
    (d / "a_site.txt").write_text(ORIGINAL, encoding="utf-8")
    res = _batch(d, resumed, "--resume")
    assert res.returncode == 0, res.stderr
    assert [Path(r["path"]).name for r in _rows_list(resumed)] == ["b_site.txt", "c_site.txt", "a_site.txt"]
    fresh = tmp_path / "fresh.jsonl"
    assert _batch(d, fresh).returncode == 0
    cluster = {k: {f: r[f] for f in ("cluster_id", "cluster_original", "is_original", "cluster_size")}
               for k, r in _rows(resumed).items()}
    assert cluster == {k: {f: r[f] for f in ("cluster_id", "cluster_original", "is_original", "cluster_size")}
                       for k, r in _rows(fresh).items()}
    assert {Path(c["cluster_original"]).name for c in cluster.values()} == {"a_site.txt"}


def test_a_no_clusters_run_leaves_later_rows_their_cluster_fields(tmp_path):
    """--no-clusters is one run's setting: rows finalised in this process after it (a library
    caller's next run, the next in-process batch of the test suite) still get cluster fields."""
    from scorer.batch import finalise_row
    from scorer.batch_clusters import FIELDS
    from scorer.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The council met on Tuesday and approved the budget, officials said.",
                                           encoding="utf-8")
    main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "r.jsonl"), "--no-progress", "--no-clusters",
          "--timeout", "0"])
    assert all(f in finalise_row({"path": "x", "status": "ok"}) for f in FIELDS)
