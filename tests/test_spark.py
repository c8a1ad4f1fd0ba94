"""scorer.spark on a local[2] Spark: a DataFrame of texts and a set of WARC files become Parquet
rows with the report columns; bad rows become error rows and never fail the job; executors score
exactly as the local Scorer does. Skips when pyspark or Java is missing."""
from __future__ import annotations

import gzip
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'spinscore[spark]')")
if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
    pytest.skip("no Java runtime (java not on PATH and JAVA_HOME unset): Spark cannot start",
                allow_module_level=True)

from scorer import spark as sp  # noqa: E402
from scorer.batch import csv_columns  # noqa: E402
from scorer.features.base import feature_names  # noqa: E402
from scorer.scoring import Scorer, ScorerSettings  # noqa: E402
from test_warc import HTML_IDS, write_wet  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

STORY = ("Harbour officials in Port Elgin said on Monday that the new ferry terminal will open in March, "
         "two months later than planned. The delay was caused by a shortage of steel, according to "
         "project manager Ines Okafor, who said the budget of 48 million dollars had not changed.\n\n"
         "Local businesses had hoped the terminal would bring more summer visitors. \"We will manage,\" "
         "said café owner Tom Reyes, whose shop faces the old pier. The council will review the schedule "
         "at its next meeting on 14 February.")
HTML = ("<!doctype html><html><head><title>Library reopens</title></head><body><article>"
        "<h1>Library reopens after repairs</h1><p>The central library in Aldmoor reopened on Saturday "
        "after eight months of roof repairs, the county council said. Chief librarian Maya Sorensen said "
        "visitors could again borrow books from all three floors.</p><p>The repairs cost 2.4 million "
        "pounds, paid from the county's maintenance fund, and finished a week ahead of schedule.</p>"
        "</article></body></html>")


@pytest.fixture(scope="module")
def spark():
    # Local executors are child processes of the JVM, which inherits this environment: make
    # them import this checkout of the package (not an older installed copy).
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([old] if old else []))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("spinscore-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g").getOrCreate())
    yield session
    session.stop()
    if old is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = old


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for n, (uri, ctype, payload) in enumerate([
            ("https://news.example.com/library", "text/html; charset=utf-8", HTML.encode()),
            ("https://news.example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(32)),
        ]):
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(payload)))],
                                    protocol="HTTP/1.1")
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                       warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:rec-{n}>",
                                                          "WARC-Date": "2025-03-01T10:00:00Z"})
            w.write_record(rec)


def test_columns_mirror_the_csv_writer():
    cols = sp.columns()
    assert cols[: len(csv_columns(feature_names()))] == csv_columns(feature_names())
    assert cols[-2:] == ["reasons_json", "fingerprint"]
    assert len(set(cols)) == len(cols)


def test_score_texts_rows_errors_and_parity(spark, tmp_path):
    df = spark.createDataFrame(
        [("good", STORY), ("html", HTML), ("null", None), ("blank", "   \n  "), ("digits", "1234 5678 ---")],
        "id string, text string").repartition(2)
    out = tmp_path / "texts.parquet"
    sp.score_texts(df).write.parquet(str(out))
    back = spark.read.parquet(str(out))
    assert back.columns == sp.columns()
    rows = {r["path"]: r.asDict() for r in back.collect()}
    assert sorted(rows) == ["blank", "digits", "good", "html", "null"]  # one row per input row
    assert rows["null"]["status"] == "error" and rows["null"]["error_code"] == "empty"
    assert rows["blank"]["status"] == "error" and rows["blank"]["error_code"] == "empty"
    assert rows["digits"]["status"] == "error" and rows["digits"]["error_code"] == "no_letters"
    assert rows["html"]["status"] == "ok" and rows["html"]["source_format"] == "html"
    assert rows["html"]["title"] == "Library reopens after repairs"

    # The executors score exactly as a local Scorer does.
    local = Scorer().score_text(STORY, path="good").to_dict()
    good = rows["good"]
    assert good["status"] == "ok"
    assert good["score"] == local["score"] and good["verdict"] == local["verdict"]
    for f, v in local["facets"].items():
        assert good[f"facet.{f}"] == v
    assert good["word_count"] == local["word_count"]
    assert good["caveats"] == "; ".join(c["code"] for c in local["caveats"]) == "short_text"  # a string column
    assert json.loads(good["reasons_json"]) == local["reasons"]
    fp = json.loads(good["fingerprint"])
    assert fp["ns"] > 0 and fp["ne"] > 0
    assert rows["null"]["fingerprint"] is None


def test_score_texts_reads_title_date_and_url_columns(spark):
    """A table's metadata columns (found by the JSON field names, or named) give each row its
    title, date and URL, as a local Scorer given them does; a struct column (a WordPress title
    read by Spark's JSON reader) is not a title; '' turns a column off."""
    import datetime as dt

    df = spark.createDataFrame(
        [("a", STORY, "Ferry terminal delayed", "https://news.example.com/ferry", dt.datetime(2025, 3, 2, 9, 30), ("x",)),
         ("b", STORY, None, None, None, ("y",))],
        "id string, text string, headline string, link string, published timestamp, title struct<rendered:string>")
    rows = {r["path"]: r.asDict() for r in sp.score_texts(df).collect()}
    known = {"title": "Ferry terminal delayed", "date": "2025-03-02", "url": "https://news.example.com/ferry"}
    assert (rows["a"]["title"], rows["a"]["date"], rows["a"]["url"]) == tuple(known.values())
    local = Scorer().score_text(STORY, path="a", known=known).to_dict()
    assert rows["a"]["score"] == local["score"] and json.loads(rows["a"]["reasons_json"]) == local["reasons"]
    bare = Scorer().score_text(STORY, path="b").to_dict()
    assert (rows["b"]["url"], rows["b"]["date"], rows["b"]["score"]) == (None, None, bare["score"])
    off = sp.score_texts(df, meta_cols={"url": "", "date": ""}).collect()
    assert {r["path"]: (r["url"], r["date"]) for r in off} == {"a": (None, None), "b": (None, None)}


def test_score_texts_missing_column_is_a_clear_error(spark):
    df = spark.createDataFrame([("a", "text")], "id string, body string")
    with pytest.raises(ValueError, match="no column 'text'"):
        sp.score_texts(df)


def test_score_warcs_records_and_corrupt_archive(spark, tmp_path):
    good = tmp_path / "crawl.warc.gz"
    _write_warc(good)
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"this is not a web archive at all\n" * 20)
    missing = tmp_path / "gone.warc.gz"
    wet = tmp_path / "crawl.warc.wet.gz"  # the same capture's text: not read a second time
    write_wet(wet)
    again = f"{tmp_path}/./crawl.warc.gz"  # the same archive named a second time: read once
    df = sp.score_warcs(spark, [str(wet), str(good), str(bad), str(missing), str(again)])
    collected = df.collect()
    rows = {r["path"]: r.asDict() for r in collected}
    assert len(collected) == len(rows)
    assert rows.pop(str(wet))["error_code"] == "duplicate_archive"
    page = rows[f"{good}#urn:uuid:rec-0"]
    assert page["status"] == "ok" and page["url"] == "https://news.example.com/library"
    assert page["date"] == "2025-03-01"  # the fetch date: the page gives none
    assert rows[str(bad)]["status"] == "error" and rows[str(bad)]["error_code"] == "malformed_warc"
    assert rows[str(missing)]["error_code"] == "unreadable"
    assert len(rows) == 3  # the PNG record is not an article


def test_entry_point_writes_parquet(spark, tmp_path):
    table = tmp_path / "in.jsonl"
    table.write_text(json.dumps({"id": "s1", "text": STORY}) + "\n" + json.dumps({"id": "s2", "text": None}) + "\n")
    out = tmp_path / "cli.parquet"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    # Run as spark-submit runs it: the module's file as a script.
    proc = subprocess.run([sys.executable, str(REPO / "scorer" / "spark.py"), "--master", "local[1]",
                           "--input", str(table), "--output", str(out), "--no-fingerprint"],
                          capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {r["path"]: r for r in spark.read.parquet(str(out)).collect()}
    assert rows["s1"]["status"] == "ok" and rows["s1"]["fingerprint"] is None
    assert rows["s2"]["error_code"] == "empty"


def test_entry_point_reads_dumps_line_by_line_as_the_batch(spark, tmp_path):
    """--dumps: every line of a JSON Lines dump (plain, gzipped, in a folder) is one article read
    as the batch reads it: WordPress posts and title/date/url fields, rows keyed FILE#LINE, bad
    lines and a damaged gzip stream as their own error rows; the same rows `spinscore batch`
    writes. Without --dumps the same .jsonl is a table (path = id column), as before."""
    from test_dumps import PARAS, _article, _lines

    folder = tmp_path / "in"
    folder.mkdir()
    wp = {"id": 7, "date": "2025-06-20T10:00:00", "link": "https://wp.example.com/p/7",
          "title": {"rendered": "Budget passes"}, "content": {"rendered": f"<p>{PARAS}</p><p>{PARAS}</p>"}}
    (folder / "a.jsonl").write_text(_lines([_article(1), "{not json", wp, {"foo": 1}]), encoding="utf-8")
    (folder / "b.ndjson.gz").write_bytes(gzip.compress(_lines([_article(2), _article(3)]).encode()))
    (folder / "c.jsonl.gz").write_bytes(gzip.compress(_lines([_article(i) for i in range(4, 40)]).encode())[:-400])
    batch_out = tmp_path / "rows.jsonl"
    proc = subprocess.run([sys.executable, "-m", "scorer", "batch", str(folder), "--out", str(batch_out),
                           "--no-progress", "--no-clusters"], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 1, proc.stderr[-2000:]
    batch = [json.loads(line) for line in batch_out.read_text(encoding="utf-8").splitlines()]

    out = tmp_path / "dumps.parquet"
    # The entry point in this process, on the test's session (a JVM start less each; CI time):
    # test_entry_point_writes_parquet runs it as spark-submit does.
    assert sp.main(["--dumps", "--input", str(folder), "--output", str(out), "--no-fingerprint"]) == 0
    rows = {r["path"]: r.asDict() for r in spark.read.parquet(str(out)).collect()}
    assert sorted(rows) == sorted(b["path"] for b in batch)  # one row per line, and the damaged stream's
    assert rows[f"{folder / 'a.jsonl'}#3"]["source_format"] == "wordpress_json"
    assert rows[f"{folder / 'a.jsonl'}#1"]["url"] == "https://news.example.com/1"
    assert rows[str(folder / "c.jsonl.gz")]["error_code"] == "malformed_dump"
    for b in batch:
        r = rows[b["path"]]
        for field in ("status", "error_code", "score", "verdict", "title", "date", "url", "word_count", "sha256"):
            assert r[field] == b[field], (b["path"], field)
        assert json.loads(r["reasons_json"]) == b["reasons"]
    if importlib.util.find_spec("pyarrow"):  # spinscore sites reads the job's folder as the batch's rows
        from scorer.sites import read_rows, rollup

        assert ([s.to_dict() for s in rollup(read_rows(out))]
                == [s.to_dict() for s in rollup(read_rows(batch_out))])

    table = tmp_path / "table.parquet"  # the same file without --dumps: Spark's table of texts
    assert sp.main(["--input", str(folder / "b.ndjson.gz"), "--output", str(table), "--no-fingerprint"]) == 0
    assert sorted(r["path"] for r in spark.read.parquet(str(table)).collect()) == ["2", "3"]


def test_entry_point_reads_a_listing_of_remote_archives(spark, tmp_path, warc_server):
    server = warc_server
    """As a Common Crawl job is run: a listing of archive paths relative to a prefix, read over
    HTTP by the executors (a server on the loopback interface stands in for
    data.commoncrawl.org). A missing archive is one error row; the job goes on."""
    listing = tmp_path / "warc.paths.gz"
    with gzip.open(listing, "wt", encoding="utf-8") as fh:
        fh.write("crawl.warc.gz\nmissing.warc.gz\n")
    out = tmp_path / "listed.parquet"
    assert sp.main(["--input-list", str(listing), "--input-prefix", server, "--output", str(out), "--clusters"]) == 0
    rows = {r["path"]: r.asDict() for r in spark.read.parquet(str(out)).collect()}
    assert sorted(rows) == sorted([f"{server}/crawl.warc.gz#{rid}" for rid in HTML_IDS] + [f"{server}/missing.warc.gz"])
    assert all(rows[f"{server}/crawl.warc.gz#{rid}"]["status"] == "ok" for rid in HTML_IDS)
    assert rows[f"{server}/missing.warc.gz"]["error_code"] == "unreadable"
    assert all(r["cluster_id"] and r["cluster_size"] >= 1 for r in rows.values())  # --clusters


def test_entry_point_refuses_a_remote_glob(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scorer.spark", "--master", "local[1]",
                           "--input", "s3a://bucket/crawl/*.warc.gz", "--output", str(tmp_path / "o.parquet")],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 2 and "--input-list" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "scorer.spark", "--input", str(tmp_path), "--clusters",
                           "--no-fingerprint", "--output", str(tmp_path / "o.parquet")],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 2 and "drop --no-fingerprint" in proc.stderr


def test_copy_clusters_on_spark_equal_the_batch(spark, tmp_path):
    """add_clusters / --clusters: the story and its rewrite share a cluster whose original is the
    earlier one, the unrelated story and the error row stand alone: the same cluster fields
    `spinscore batch` gives the same articles (same paths, same order)."""
    from test_batch_clusters import ORIGINAL, REWRITE, UNRELATED, _write

    folder = tmp_path / "in"
    folder.mkdir()
    docs = [("a_rewrite.json", REWRITE, "2024-05-09"), ("b_original.json", ORIGINAL, "2024-05-07"),
            ("c_unrelated.json", UNRELATED, "2024-05-08")]
    for name, text, date in docs:
        _write(folder, name, text, date)
    (folder / "d_empty.txt").write_text("   \n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    proc = subprocess.run([sys.executable, "-m", "scorer", "batch", str(folder), "--out", str(out), "--no-progress"],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 1, proc.stderr[-2000:]  # the empty file is an error row
    batch = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    texts = [(r["path"], (folder / Path(r["path"]).name).read_text(encoding="utf-8")) for r in batch]
    df = spark.createDataFrame(texts, "id string, text string").coalesce(1)
    rows = [r.asDict() for r in sp.add_clusters(sp.score_texts(df)).collect()]
    assert [r["path"] for r in rows] == [r["path"] for r in batch]  # one row each, in order
    fields = ("cluster_id", "cluster_size", "cluster_original", "is_original", "cluster_similarity")
    assert [[r[f] for f in fields] for r in rows] == [[b[f] for f in fields] for b in batch]
    by_name = {Path(r["path"]).name: r for r in rows}
    assert by_name["a_rewrite.json"]["cluster_id"] == by_name["b_original.json"]["cluster_id"]
    assert by_name["a_rewrite.json"]["cluster_original"].endswith("b_original.json")
    assert by_name["c_unrelated.json"]["cluster_size"] == 1 and by_name["d_empty.txt"]["cluster_size"] == 1
    assert sp.columns()[-2:] == ["reasons_json", "fingerprint"] and list(rows[0])[-5:] == list(fields)
    with pytest.raises(ValueError, match="fingerprint"):
        sp.add_clusters(sp.score_texts(df, with_fingerprint=True).drop("fingerprint"))


def test_partitions_pass_fast_html_to_their_scorer(news_page):
    """score_texts(..., fast_html=True) / --fast-html: the executors' scorer reads HTML in fast
    mode (its rows carry the fast_html caveat code); without it they do not. The caveat codes
    are a string column (they were typed as a double, so Parquet held null for every row)."""
    cols = sp.columns(feature_names())
    for fast, want in ((True, "fast_html"), (False, "")):
        (row,) = sp.score_text_partition([{"id": "p", "text": news_page}], text_col="text", id_col="id",
                                         features=feature_names(), settings=ScorerSettings(fast_html=fast))
        rec = dict(zip(cols, row))
        assert rec["status"] == "ok" and rec["caveats"] == want


def test_partitions_pass_max_chars_to_their_scorer():
    """score_texts(..., max_chars=N) / --max-chars: the executors' scorer cuts long texts (their
    rows carry the truncated caveat code); within the limit nothing is said."""
    cols = sp.columns(feature_names())
    text = "\n\n".join(f"The council met on Tuesday and voted on item {i} of the agenda, the mayor said." for i in range(80))
    for limit, want in ((2_000, "truncated"), (0, "")):
        (row,) = sp.score_text_partition([{"id": "p", "text": text}], text_col="text", id_col="id",
                                         features=feature_names(), settings=ScorerSettings(max_chars=limit))
        rec = dict(zip(cols, row))
        assert rec["status"] == "ok" and rec["caveats"] == want


# ---- distributed copy clusters: parity with the batch, row by row ------------------------------
_SYLLABLES = "ka lo ver tan mi sor del pa ren gu bri sta nol fe dor wik mun ta ser".split()


def _word(rng, cap: bool = False) -> str:
    w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return w.capitalize() if cap else w


def _prose(rng, sentences: int) -> str:
    """Generated news-like prose: each sentence has a two-word name (mid-sentence, so it counts as
    an anchor) and a figure of its own."""
    out = []
    for _ in range(sentences):
        ws = [_word(rng) for _ in range(12)]
        ws.insert(rng.randint(2, 9), f"{_word(rng, True)} {_word(rng, True)}")
        ws.insert(rng.randint(2, 10), f"{rng.randint(100, 99999):,}")
        out.append(" ".join(ws).capitalize() + ".")
    return " ".join(out)


def _edited(rng, text: str, rate: float = 0.05) -> str:
    """A copy with about ``rate`` of its plain words replaced."""
    return " ".join(_word(rng) if w.islower() and rng.random() < rate else w for w in text.split(" "))


def _fp_json(text: str) -> str:
    from scorer.clusters import fingerprint

    return json.dumps(fingerprint(text).to_dict(), separators=(",", ":"))


WINDOW_APART = 40


def _window_fingerprints(n: int = 80) -> list:
    """Fingerprints that only the sliding window keeps apart: all ``n`` (> BUCKET_CAP) share the
    values of text band 0, one bucket, and are random elsewhere, except that member k and
    k + WINDOW_APART share all values but one in each other band: the same story by their
    similarity, yet in no bucket together but the big one, where they are too far apart for the
    window to pair them."""
    import numpy as np

    from scorer.clusters import TEXT_PERMS, TEXT_ROWS, Fingerprint

    text = np.random.default_rng(7).integers(0, 2**32 - 1, size=(n, TEXT_PERMS), dtype=np.uint32)
    text[:, :TEXT_ROWS] = text[0, :TEXT_ROWS]
    shared = np.ones(TEXT_PERMS, bool)
    shared[TEXT_ROWS::TEXT_ROWS] = False
    text[WINDOW_APART:2 * WINDOW_APART, shared] = text[:WINDOW_APART, shared]
    ents = np.full(128, 0xFFFFFFFF, np.uint32)
    return [json.dumps(Fingerprint(t, ents, 300, 0).to_dict()) for t in text]


def _cluster_rows() -> list:
    """Rows (path, status, date, score, fingerprint) covering what the clustering decides."""
    import random

    from scorer.clusters import FINGERPRINT_VERSION

    rng = random.Random(11)
    rows = []

    def add(path, fp, date=None, score=None, status="ok"):
        rows.append((path, status, date, score, fp))

    nan = float("nan")
    # Copy clusters whose original the rule decides: earliest date (its first 10 characters;
    # undated and "" last), then highest score (None and NaN last; 0.0 and -0.0 equal), then order.
    for s, (dates, scores) in enumerate([
            ([None, "2024-05-09", "2024-05-07T10:00", "2024-05-07", "2024-05-07"], [90.0, 80.0, nan, 50.0, 60.0]),
            ([None, None, None, None], [None, 70.0, 70.0, nan]),
            (["2024-01-02"] * 3, [None, nan, None]),
            (["2024-5-9", "2024-05-10", "", "2024-05-10"], [0.0, -0.0, 99.0, 0.0]),
            ([None, "2023-12-31", None], [-5.0, None, 100.0])]):
        story = _prose(rng, 8)
        for c, (d, sc) in enumerate(zip(dates, scores)):
            add(f"story{s}/copy{c}.html", _fp_json(_edited(rng, story)), d, sc)
    # A chain: A~B and B~C share a third of their text (text Jaccard ~0.2, just over
    # TEXT_THRESHOLD) and its four figures, A and C nothing. Only the shared thirds have figures:
    # texts that share a third of their figures are no copies (the number check, which the
    # "figures/" rows below cover).
    thirds = [_prose(rng, 4) if c in (2, 4) else "".join(ch for ch in _prose(rng, 3) if not ch.isdigit())
              for c in range(7)]
    for c in range(3):
        add(f"chain/{c}.html", _fp_json("\n\n".join(thirds[2 * c:2 * c + 3])), f"2024-02-0{3 - c}", 10.0)
    template = _prose(rng, 5)  # 80 templated pages: buckets larger than BUCKET_CAP
    for k in range(80):
        add(f"tpl/{k}.html", _fp_json(f"{template} Lot {k + 1000} sold."), ["2024-03-01", None][k % 2],
            [None, float(k % 5), nan][k % 3])
    # Reports from one template, each with figures of its own: the number check keeps them apart
    # though their text links them; a copy of one keeps its figures and joins it. A fingerprint
    # written before the check (no "nums") gets no say from it; the names check (its figures are
    # anchors too) keeps it apart from another template's reports.
    for group, n in (("figures", 5), ("oldfig", 4)):
        frame = _prose(rng, 4)
        reports = [frame + "".join(f" Line {k} came to {rng.randint(100, 99999):,} units." for k in range(6))
                   for _ in range(n)]
        for k, rep in enumerate(reports[:4] if group == "figures" else reports[:3]):
            add(f"{group}/{k}.html", _fp_json(rep), f"2024-07-0{k + 1}", 50.0)
        if group == "figures":
            add("figures/copy.html", _fp_json(_edited(rng, reports[2])), "2024-07-09", 40.0)
        else:
            old_fp = {k: v for k, v in json.loads(_fp_json(reports[3])).items() if k not in ("nums", "nn")}
            add("oldfig/old.html", json.dumps(old_fp), "2024-07-10", 40.0)
    for k, fp in enumerate(_window_fingerprints()):
        add(f"window/{k}.html", fp, "2024-04-01", float(k))
    for k in range(30):  # unrelated stories, five paths given twice
        add(f"other/{k % 25}.html", _fp_json(_prose(rng, 7)), f"2024-06-{k % 28 + 1:02d}", float(k))
    dup = _prose(rng, 6)
    for k in range(3):  # a repeated path in a copy cluster: keys dup.html, dup.html#1, #2
        add("dup.html", _fp_json(_edited(rng, dup)), None if k == 0 else f"2024-01-0{3 - k}", 1.0)
    names = " ".join(f"{_word(rng, True)} {_word(rng, True)}" for _ in range(4))
    for k in range(3):  # too few words for a text signature: clustered by their anchors alone
        add(f"short/{k}.html", _fp_json(f"Said {names} and {_word(rng, True)} {_word(rng, True)} met."), None, float(k))
    other = " ".join(names.split(" ")[:4] + [f"{_word(rng, True)} {_word(rng, True)}" for _ in range(2)])
    add("short/other.html", _fp_json(f"Said {other} met."))  # half their anchors: compared, alone
    add("short/words.html", _fp_json("too few words here"))
    plain = _prose(rng, 6).lower().replace(",", "")  # no names or figures: no anchor signature
    for k in range(3):
        add(f"plain/{k}.html", _fp_json(_edited(rng, "".join(c for c in plain if not c.isdigit()), 0.02)), None, None)
    add("err/0.html", None, status="error")
    add("err/1.html", _fp_json(dup), "2020-01-01", 99.0, status="error")  # not ok: fingerprint unread
    add("bad/json.html", "{not json", "2020-01-01", 99.0)
    add("bad/version.html", json.dumps({"v": 1, "text": "", "ents": "", "ns": 1, "ne": 1}))
    add("bad/base64.html", json.dumps({"v": FINGERPRINT_VERSION, "text": "%%", "ents": "", "ns": 1, "ne": 1}))
    add(None, None, status="error")  # a null path is keyed "None", as str(None) in the batch
    add("None", _fp_json(dup))
    return rows


def test_distributed_clusters_equal_the_batch_row_by_row(spark):
    """add_clusters clusters in Spark (scorer.spark_clusters) and gives every row exactly the five
    fields index_rows(...).assignment() gives it over the rows in the same order: copy clusters,
    a chain, buckets over BUCKET_CAP paired in the sliding window, the original rule's ties,
    repeated and null paths, error rows and damaged fingerprints, anchors-only articles."""
    from scorer.batch_clusters import FIELDS, index_rows
    from scorer.clusters import MIN_ANCHOR_CONTAINMENT, NAMES_CHECK_TEXT, Fingerprint, pair_similarity

    rows = _cluster_rows()
    schema = "path string, status string, date string, score double, fingerprint string"
    df = spark.createDataFrame(spark.sparkContext.parallelize(rows, 3), schema)  # 3 partitions, in order
    assert df.rdd.getNumPartitions() == 3
    out = [r.asDict() for r in sp.add_clusters(df).collect()]
    assert [r["path"] for r in out] == [r[0] for r in rows]  # one row each, in df's order
    batch = index_rows(out, fingerprint_json=True).assignment()
    for k, r in enumerate(out):
        # repr: floats bit-equal (0.0 is not -0.0), and the types (int, bool) too.
        assert repr({f: r[f] for f in FIELDS}) == repr(batch.info(k).to_dict()), r["path"]

    # The data covers what it claims to.
    info = {r["path"]: r for r in out}
    sizes = [r["cluster_size"] for r in out]
    assert sizes.count(80) == 80 and sizes.count(5) == 5 and sizes.count(4) >= 8
    chain = [Fingerprint.from_dict(json.loads(info[f"chain/{c}.html"]["fingerprint"])) for c in range(3)]
    assert info["chain/0.html"]["cluster_id"] == info["chain/2.html"]["cluster_id"]
    assert not pair_similarity(chain[0], chain[2]).same_story
    a, b = (Fingerprint.from_dict(json.loads(info[f"window/{k}.html"]["fingerprint"])) for k in (0, WINDOW_APART))
    assert pair_similarity(a, b).same_story and info["window/0.html"]["cluster_size"] == 1  # the window decides
    assert info["story0/copy4.html"]["is_original"] and info["story3/copy1.html"]["is_original"]
    assert {r["cluster_original"] for r in out if r["path"] == "dup.html"} == {"dup.html#2"}
    assert info["short/0.html"]["cluster_size"] == 3 and info["short/other.html"]["cluster_size"] == 1
    assert 0 < info["short/1.html"]["cluster_similarity"] < 1 and info["plain/0.html"]["cluster_size"] == 3
    figs = [Fingerprint.from_dict(json.loads(info[f"figures/{k}.html"]["fingerprint"])) for k in range(2)]
    assert pair_similarity(*figs).text >= 0.15 and not pair_similarity(*figs).same_story  # vetoed by figures
    assert [info[f"figures/{k}.html"]["cluster_size"] for k in range(4)] == [1, 1, 2, 1]
    assert info["figures/copy.html"]["cluster_original"] == "figures/2.html"
    # A fingerprint without figures gets no say from the number check; its figures are anchors
    # too, and they differ, so the names check parts it from the template's reports instead.
    old_fp, fig0 = (Fingerprint.from_dict(json.loads(info[f"oldfig/{k}.html"]["fingerprint"])) for k in ("old", 0))
    sim = pair_similarity(old_fp, fig0)
    assert sim.numbers is None and sim.text >= NAMES_CHECK_TEXT and sim.anchors < MIN_ANCHOR_CONTAINMENT
    assert info["oldfig/old.html"]["cluster_size"] == 1
    assert info["bad/json.html"]["cluster_size"] == 1


def test_executors_read_rows_alike_in_any_chunking():
    """A row's article (signatures, band keys, the original's sort keys) depends on that row
    alone, however the executor chunks its partition."""
    from pyspark.sql import Row

    from scorer.spark_clusters import ROW, _articles

    rows = [Row(**{ROW: k, "path": p, "status": st, "date": d, "score": sc, "fingerprint": fp})
            for k, (p, st, d, sc, fp) in enumerate(_cluster_rows())]
    assert list(_articles(rows, chunk_rows=7)) == list(_articles(rows))


def test_spark_components_are_stars_on_each_smallest_node(spark, monkeypatch):
    """scorer.spark_clusters.components (large-star / small-star rounds in Spark) finds the
    components clusters._stars finds in memory, each as a star on its smallest node: a long
    chain numbered at random (the case that needs rounds: every partition sees only a few of its
    links) and a random sparse graph, spread over four partitions."""
    import numpy as np

    from scorer.clusters import _stars
    from scorer.spark_clusters import components

    rng = np.random.default_rng(3)
    chain = rng.permutation(np.arange(1000, 1024))
    a = np.r_[chain[:-1], rng.integers(2000, 2060, 45)]
    b = np.r_[chain[1:], rng.integers(2000, 2060, 45)]
    a, b = a[a != b], b[a != b]
    edges = sorted({(int(max(x, y)), int(min(x, y))) for x, y in zip(a, b)})
    df = spark.createDataFrame(spark.sparkContext.parallelize(edges, 4), "hi long, lo long")
    nodes, smallest = _stars(a, b)
    assert sorted(map(tuple, components(df).collect())) == sorted(
        (int(n), int(s)) for n, s in zip(nodes, smallest) if n != s)
    monkeypatch.setattr("scorer.spark_clusters.MAX_ROUNDS", 1)  # the chain needs several rounds
    with pytest.raises(RuntimeError, match="did not converge in 1 rounds"):
        components(df)


# ---- bug hunt (issue #9): the Spark job --------------------------------------------------------
def test_score_texts_refuses_a_struct_or_array_text_column(spark):
    """A struct, array or map text column (a WordPress export's content {rendered}, as Spark's
    JSON reader types it) is refused with a clear error, as a missing column is: each row used to
    be scored as its Python repr ("Row(rendered='<p>...')", tags as words) and given a score."""
    df = spark.createDataFrame([("a", (f"<p>{STORY}</p>",), [STORY], {"k": STORY})],
                               "id string, content struct<rendered:string>, parts array<string>, "
                               "m map<string,string>")
    with pytest.raises(ValueError, match=r"'content' is a struct<rendered:string>.*--dumps"):
        sp.score_texts(df, text_col="content")
    for col in ("parts", "m"):
        with pytest.raises(ValueError, match=f"'{col}' is a .*not a text column"):
            sp.score_texts(df, text_col=col)
    assert sp.score_texts(df.selectExpr("id", "content.rendered AS text")).collect()[0]["status"] == "ok"


def test_partitions_hold_a_text_to_max_bytes_in_bytes():
    """--max-bytes / max_bytes counts a text cell's UTF-8 bytes, as the batch counts a file's: a
    text of 2,000 CJK characters (6,000 bytes) is over a 3,000-byte limit. Only its characters
    were counted, so texts up to four times the limit were scored."""
    cols = sp.columns(feature_names())
    text = "港口官员周一表示新渡轮码头将于三月开放比计划晚两个月。" * 80  # 3 bytes a character
    assert len(text) <= 3_000 < len(text.encode("utf-8"))

    def code(cell, limit):
        (row,) = sp.score_text_partition([{"id": "p", "text": cell}], text_col="text", id_col="id",
                                         features=feature_names(), settings=ScorerSettings(max_bytes=limit))
        return dict(zip(cols, row))["error_code"]

    assert code(text, 3_000) == "too_large"
    assert code(text.encode("utf-8"), 3_000) == "too_large"  # a binary column, as before
    assert code(text, len(text.encode("utf-8"))) != "too_large"  # exactly at the limit: scored


def test_a_timestamp_date_column_gives_the_same_day_in_any_time_zone(spark, tmp_path):
    """A timestamp date column (an instant) gives each row the instant's UTC day whatever time
    zone the executors run in: PySpark hands a timestamp to Python in the worker's local time,
    so 2025-03-02 23:30 UTC was dated 2025-03-02 on a UTC executor and 2025-03-03 on one in
    Tokyo, the same input giving different rows (and date checks) by machine."""
    table = tmp_path / "ts.parquet"
    spark.sql(f"SELECT 'a' AS id, '{STORY}' AS text, timestamp'2025-03-02 23:30:00Z' AS published, "
              "timestamp_ntz'2025-03-02 23:30:00' AS local").write.parquet(str(table))
    df = spark.read.parquet(str(table))
    for col in ("published", "local"):  # a timestamp_ntz is a wall-clock time: its own day
        assert [r["date"] for r in sp.score_texts(df, meta_cols={"date": col}).collect()] == ["2025-03-02"], col
    env = dict(os.environ, TZ="Asia/Tokyo",
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    out = tmp_path / "tokyo.parquet"
    proc = subprocess.run([sys.executable, "-m", "scorer.spark", "--master", "local[1]", "--input", str(table),
                           "--output", str(out), "--no-fingerprint"],
                          capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert [r["date"] for r in spark.read.parquet(str(out)).collect()] == ["2025-03-02"]


def test_entry_point_refuses_a_partition_count_under_one(tmp_path):
    """--partitions 0 or -1 is refused by the parser before Spark starts; it started the job
    and ended in a JVM traceback ("Positive number of partitions required")."""
    for bad in ("0", "-1", "x"):
        proc = subprocess.run([sys.executable, "-m", "scorer.spark", "--input", str(tmp_path), "--partitions", bad,
                               "--output", str(tmp_path / "o.parquet")],
                              capture_output=True, text=True, timeout=300, cwd=REPO)
        assert proc.returncode == 2 and "--partitions" in proc.stderr and "Traceback" not in proc.stderr, bad


def test_entry_point_refuses_an_existing_output_before_scoring(spark, tmp_path, capsys, monkeypatch):
    """An --output that exists (without --mode overwrite) is refused as the job starts, with one
    line: Spark finds it only when it writes, so with --clusters the whole crawl was scored and
    clustered first, then the job failed with a traceback and the work was lost."""
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc)
    out = tmp_path / "scores.parquet"
    out.mkdir()
    scored = []
    monkeypatch.setattr(sp, "score_warcs", lambda *a, **k: scored.append(a) or pytest.fail("scored"))
    assert sp.main(["--input", str(warc), "--output", str(out), "--clusters"]) == 2
    assert "already exists" in capsys.readouterr().err and not scored


def test_entry_point_leaves_a_running_session_running(spark, tmp_path):
    """main() called where a session runs (a notebook, this suite) uses it and does not stop it;
    the session it starts itself (spark-submit, test_entry_point_writes_parquet) it stops."""
    table = tmp_path / "in.jsonl"
    table.write_text(json.dumps({"id": "s1", "text": STORY}) + "\n", encoding="utf-8")
    assert sp.main(["--input", str(table), "--output", str(tmp_path / "o.parquet"), "--no-fingerprint"]) == 0
    assert spark.range(3).count() == 3  # still usable


def test_a_json_table_line_spark_cannot_parse_is_a_malformed_json_row(spark, tmp_path):
    """A line of a JSON Lines table that Spark's reader cannot parse (it keeps it in
    _corrupt_record and leaves every column null) gives a malformed_json row quoting the line,
    as the batch names a bad line; it said "no text (column 'text' is null)", which sent the
    user looking for a missing field. A line without the text field still says so."""
    table = tmp_path / "t.jsonl"
    table.write_text(json.dumps({"id": "s1", "text": STORY}) + '\n{"id": "s2", "text": "broken\n'
                     + json.dumps({"id": "s3"}) + "\n", encoding="utf-8")
    rows = {r["path"]: r for r in sp.score_texts(spark.read.json(str(table))).collect()}
    assert rows["s1"]["status"] == "ok"
    assert rows[None]["error_code"] == "malformed_json" and "broken" in rows[None]["error"]
    assert rows["s3"]["error_code"] == "empty" and "is null" in rows["s3"]["error"]


def test_a_gzipped_json_table_is_a_table():
    """A gzipped JSON table (posts.json.gz, as exports are shipped) is read as a table of texts,
    as .json, .jsonl.gz and .ndjson.gz are: it was taken for a web archive and the whole table
    became one malformed_warc row."""
    assert sp._kind(["posts.json.gz"]) == sp._kind(["posts.JSON"]) == sp._kind(["a.jsonl.gz"]) == "json"
    assert sp._kind(["crawl.warc.gz", "posts.json.gz"]) == "archive"


def test_entry_point_refuses_a_table_among_archives(tmp_path):
    """A Parquet or JSON table named with web archives (or with --dumps) is refused before Spark
    starts: the job was read as archives and the whole table became one malformed_warc row,
    the job ending "successfully"."""
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc)
    for extra, flags in (("texts.parquet", []), ("posts.json", []), ("posts.json", ["--dumps"])):
        proc = subprocess.run([sys.executable, "-m", "scorer.spark", "--input", str(warc), str(tmp_path / extra),
                               *flags, "--output", str(tmp_path / "o.parquet")],
                              capture_output=True, text=True, timeout=300, cwd=REPO)
        assert proc.returncode == 2 and "is a table of texts" in proc.stderr, (extra, flags, proc.stderr[-500:])
    assert sp._is_table("scores.parquet/") and not sp._is_table("a.jsonl") and not sp._is_table("a.warc.gz")


def test_entry_point_will_not_overwrite_its_own_input(tmp_path):
    """--mode overwrite with an output that is an input folder (or holds an input) is refused
    before Spark starts: Spark deleted the folder before the executors opened the archives, so
    the user's crawl was deleted and every archive got an unreadable row, the job ending with
    status 0."""
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    _write_warc(crawl / "a.warc.gz")
    listing = tmp_path / "warc.paths"
    listing.write_text(f"{crawl / 'a.warc.gz'}\n", encoding="utf-8")
    for args in (["--input", str(crawl), "--output", str(crawl)],
                 ["--input", f"{crawl}/*.warc.gz", "--output", str(tmp_path)],
                 ["--input-list", str(listing), "--output", f"file://{tmp_path}"]):
        proc = subprocess.run([sys.executable, "-m", "scorer.spark", *args, "--mode", "overwrite"],
                              capture_output=True, text=True, timeout=300, cwd=REPO)
        assert proc.returncode == 2 and "write the output elsewhere" in proc.stderr, (args, proc.stderr[-500:])
        assert (crawl / "a.warc.gz").exists()
    assert sp._held_by(str(tmp_path / "out"), [str(crawl), "https://x.org/a.warc.gz"]) is None
    assert sp._held_by("s3a://bucket/out", [str(crawl)]) is None


def test_columns_with_a_dot_in_their_name(spark):
    """Columns whose names hold a dot (pandas' json_normalize flattens a WordPress post to
    content.rendered, title.rendered, date.gmt) are read as named: the job found the column,
    then failed with an AnalysisException, reading the name as a struct's field."""
    import datetime as dt

    df = spark.createDataFrame([("7", STORY, "Ferry terminal delayed",
                                 dt.datetime(2025, 3, 2, 12, 0, tzinfo=dt.timezone.utc))],
                               ["post.id", "content.rendered", "title.rendered", "date.gmt"])
    (row,) = sp.score_texts(df, text_col="content.rendered", id_col="post.id",
                            meta_cols={"title": "title.rendered", "date": "date.gmt"}).collect()
    assert (row["path"], row["status"], row["title"], row["date"]) == ("7", "ok", "Ferry terminal delayed", "2025-03-02")
